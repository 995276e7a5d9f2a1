package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

// ostile is one hostile request, sent as raw bytes over a real
// connection (so that methods, paths and bodies net/http's client would
// refuse can be sent). A new kind of request is a new row.
type ostile struct {
	nome     string
	metodo   string // "" is GET
	percorso string // path and query, as they go on the request line
	tipo     string // Content-Type
	corpo    []byte
	grande   *corpoRipetuto // a body of megabytes, instead of corpo
	intest   []string       // more header lines, "Nome: valore"
	// chunked sends the body without a length; lento trickles it in
	// small pieces.
	chunked, lento bool
	// stato is the status wanted (0: any 4xx); codice the error code
	// wanted ("" any, but there must be one).
	stato  int
	codice string
	// rete: net/http refuses the request itself, before any handler, so
	// the answer is its plain text (status still 4xx).
	rete bool
}

func ripeti(s string, n int) []byte { return bytes.Repeat([]byte(s), n) }

// corpoRipetuto is a body of megabytes made of one piece repeated: prima,
// then pezzo volte times, then dopo. invia sends it as it reads it, never
// holding it whole: under -race each megabyte built and copied costs the
// detector's shadow memory as well, and the test only needs the server to
// receive it.
type corpoRipetuto struct {
	prima, pezzo, dopo string
	volte              int
}

func (c *corpoRipetuto) lunghezza() int { return len(c.prima) + len(c.pezzo)*c.volte + len(c.dopo) }

func (c *corpoRipetuto) lettore() io.Reader {
	// The piece repeated to some 32 KiB, so that a read copies a block,
	// not one piece (a byte, for some rows) at a time.
	unita := strings.Repeat(c.pezzo, max(1, (32<<10)/len(c.pezzo)))
	return io.MultiReader(strings.NewReader(c.prima), &ripetuto{unita: unita, resto: len(c.pezzo) * c.volte}, strings.NewReader(c.dopo))
}

// ripetuto reads unita over and over, resto bytes in all.
type ripetuto struct {
	unita      string
	resto, pos int
}

func (r *ripetuto) Read(p []byte) (int, error) {
	if r.resto == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.resto)], r.unita[r.pos:])
	r.pos = (r.pos + n) % len(r.unita)
	r.resto -= n
	return n, nil
}

const pianoValido = `{"fattispecie":"cds186","ore":12,"inizio":"2025-07-01","giorni_settimana":{"sab":6}}`

// richiesteOstili are the rows of TestRichiesteOstili (the lotto's are
// added where POST /api/v1/lotto is tested). They are made when that
// test runs, not at the package's init: their bodies are some 25 MB,
// and under -race building them costs a second of CPU that every run of
// the test binary would pay, whatever tests it runs.
func richiesteOstili() []ostile {
	return []ostile{
		// Methods.
		{nome: "metodo lungo", metodo: string(ripeti("X", 6000)), percorso: "/api/v1/calcolo", stato: 405, codice: "metodo_non_ammesso"},
		{nome: "metodo minuscolo", metodo: "get", percorso: "/healthz", stato: 405, codice: "metodo_non_ammesso"},
		{nome: "metodo sbagliato su fattispecie", metodo: "DELETE", percorso: "/api/v1/fattispecie", stato: 405, codice: "metodo_non_ammesso"},
		{nome: "metodo con byte di controllo", metodo: "GE\x01T", percorso: "/healthz", stato: 400, rete: true},
		{nome: "PUT sul calcolo", metodo: "PUT", percorso: "/api/v1/calcolo", corpo: []byte(esempio186), tipo: "application/json", stato: 405, codice: "metodo_non_ammesso"},
		{nome: "POST su piano.ics", metodo: "POST", percorso: "/api/v1/piano.ics", corpo: []byte(pianoValido), tipo: "application/json", stato: 405, codice: "metodo_non_ammesso"},
		{nome: "POST su openapi.json", metodo: "POST", percorso: "/openapi.json", stato: 405, codice: "metodo_non_ammesso"},
		{nome: "POST su metrics", metodo: "POST", percorso: "/metrics", stato: 405, codice: "metodo_non_ammesso"},
		{nome: "metodo strano su metrics", metodo: "PROPFIND", percorso: "/metrics", stato: 405, codice: "metodo_non_ammesso"},
		// Paths.
		{nome: "percorso lungo API", percorso: "/api/v1/" + string(ripeti("a", 30000)), stato: 404, codice: "risorsa_sconosciuta"},
		{nome: "percorso lungo API in POST", metodo: "POST", percorso: "/api/v1/" + string(ripeti("a", 30000)), tipo: "application/json", corpo: []byte("{}"), stato: 404, codice: "comando_sconosciuto"},
		{nome: "percorso lungo web", percorso: "/calcolo/" + string(ripeti("b", 30000)), stato: 404},
		{nome: "percorso con NUL", percorso: "/api/v1/calcolo%00", metodo: "POST", corpo: []byte(esempio186), tipo: "application/json", stato: 404, codice: "comando_sconosciuto"},
		{nome: "percorso non UTF-8", percorso: "/calcolo/%ff%fe", stato: 404},
		{nome: "sotto openapi.json", percorso: "/openapi.json/" + string(ripeti("../", 1000)), stato: 404, codice: "risorsa_sconosciuta"},
		{nome: "sotto metrics", percorso: "/metrics/x", stato: 404, codice: "risorsa_sconosciuta"},
		{nome: "POST su fattispecie", metodo: "POST", percorso: "/api/v1/fattispecie", corpo: []byte("{}"), tipo: "application/json", stato: 405, codice: "metodo_non_ammesso"},
		// Headers.
		{nome: "intestazioni enormi", percorso: "/healthz", intest: []string{"X-Grande: " + string(ripeti("h", 100<<10))}, stato: 431, rete: true},
		{nome: "troppe intestazioni", percorso: "/healthz", intest: strings.Split(strings.TrimSuffix(strings.Repeat("X-A: b\n", 12000), "\n"), "\n"), stato: 431, rete: true},
		// Bodies of /api/v1/calcolo.
		{nome: "corpo enorme", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", grande: &corpoRipetuto{prima: `{"x":"`, pezzo: "a", volte: 2 << 20, dopo: `"}`}, stato: 413, codice: "richiesta_troppo_grande"},
		{nome: "corpo enorme senza lunghezza", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", grande: &corpoRipetuto{pezzo: " ", volte: 2 << 20}, chunked: true, stato: 413, codice: "richiesta_troppo_grande"},
		{nome: "JSON profondo liste", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: ripeti("[", 100000), stato: 400, codice: "json_non_valido"},
		{nome: "JSON profondo oggetti", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: append(ripeti(`{"pena":`, 20000), ripeti("}", 20000)...), stato: 400, codice: "json_non_valido"},
		{nome: "chiave duplicata", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"},"fattispecie":"gdp54"}`), stato: 400, codice: "chiave_duplicata"},
		{nome: "tipo di contenuto sbagliato", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "text/plain", corpo: []byte(esempio186), stato: 415, codice: "tipo_contenuto_non_supportato"},
		{nome: "tipo di contenuto illeggibile", metodo: "POST", percorso: "/api/v1/calcolo", tipo: ";;;=", corpo: []byte(esempio186), stato: 415, codice: "tipo_contenuto_non_supportato"},
		{nome: "modulo al posto di JSON", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/x-www-form-urlencoded", corpo: []byte("fattispecie=cds186"), stato: 415, codice: "tipo_contenuto_non_supportato"},
		{nome: "UTF-8 non valido", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte("{\"fattispecie\":\"cds\xff\xfe186\",\"data\":\"2025-06-10\"}"), stato: 400},
		{nome: "byte NUL", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte("{\"fattispecie\":\"cds186\"\x00}"), stato: 400, codice: "json_non_valido"},
		{nome: "NUL in un testo", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds\u0000186","data":"2025-06-10"}`), stato: 400},
		{nome: "campo sconosciuto", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds186","nome":"Rossi"}`), stato: 400, codice: "campo_sconosciuto"},
		{nome: "molti campi sconosciuti", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: molteChiavi(40000), stato: 400, codice: "campo_sconosciuto"},
		{nome: "tipo sbagliato", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds186","pena":{"arresto":"un mese"}}`), stato: 400, codice: "tipo_errato"},
		{nome: "numero enorme", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds186","pena":{"arresto":{"giorni":1e400}}}`), stato: 400, codice: "fuori_intervallo"},
		{nome: "esponente enorme", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds186","pena":{"arresto":{"giorni":1e999999999}}}`), stato: 400, codice: "fuori_intervallo"},
		{nome: "numero negativo", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds186","pena":{"arresto":{"giorni":-5}}}`), stato: 400, codice: "fuori_intervallo"},
		{nome: "importo enorme", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds186","pena":{"ammenda":"1` + strings.Repeat("0", 5000) + `"}}`), stato: 400},
		{nome: "testo enorme", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(`{"fattispecie":"` + strings.Repeat("x", 500000) + `"}`), stato: 400, codice: "fuori_intervallo"},
		{nome: "corpo vuoto", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", stato: 400, codice: "json_non_valido"},
		{nome: "JSON troncato", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(esempio186[:40]), stato: 400, codice: "json_non_valido"},
		{nome: "lista al posto di oggetto", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte("[" + esempio186 + "]"), stato: 400, codice: "json_non_valido"},
		{nome: "null", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte("null"), stato: 400, codice: "json_non_valido"},
		{nome: "BOM dopo uno spazio", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(" \ufeff" + esempio186), stato: 400, codice: "json_non_valido"},
		{nome: "dati dopo l'oggetto", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(esempio186 + esempio186), stato: 400, codice: "json_non_valido"},
		{nome: "client lento", metodo: "POST", percorso: "/api/v1/calcolo", tipo: "application/json", corpo: []byte(esempio186[:60]), lento: true, stato: 400, codice: "json_non_valido"},
		// /api/v1/fondo, /convenzione, /piano.
		{nome: "fondo tipo sbagliato", metodo: "POST", percorso: "/api/v1/fondo", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds186","data_inizio":20250610}`), stato: 400, codice: "tipo_errato"},
		{nome: "fondo data impossibile", metodo: "POST", percorso: "/api/v1/fondo", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds186","data_inizio":"2025-02-30"}`), stato: 400, codice: "data_non_valida"},
		{nome: "convenzione lista al posto di oggetto", metodo: "POST", percorso: "/api/v1/convenzione", tipo: "application/json", corpo: []byte(`{"convenzione":[1,2,3],"fattispecie":"cds186"}`), stato: 400, codice: "tipo_errato"},
		{nome: "convenzione chiave duplicata", metodo: "POST", percorso: "/api/v1/convenzione", tipo: "application/json", corpo: []byte(`{"convenzione":{"anni":5,"anni":50},"fattispecie":"cds186"}`), stato: 400, codice: "chiave_duplicata"},
		{nome: "piano troppe sospensioni", metodo: "POST", percorso: "/api/v1/piano", tipo: "application/json", corpo: molteSospensioni(5000), stato: 400, codice: "fuori_intervallo"},
		{nome: "piano ore enormi", metodo: "POST", percorso: "/api/v1/piano", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds186","ore":999999999,"inizio":"2025-07-01","giorni_settimana":{"sab":6}}`), stato: 400, codice: "fuori_intervallo"},
		{nome: "piano giorno dal nome lunghissimo", metodo: "POST", percorso: "/api/v1/piano", tipo: "application/json", corpo: []byte(`{"fattispecie":"cds186","ore":12,"inizio":"2025-07-01","giorni_settimana":{"` + strings.Repeat("x", 50000) + `":6}}`), stato: 400, codice: "giorno_sconosciuto"},
		{nome: "query giorno dal nome lunghissimo", percorso: "/api/v1/registro.csv?fattispecie=cds186&ore=12&inizio=2025-07-01&giorni_settimana." + strings.Repeat("x", 5000) + "=1", stato: 400, codice: "giorno_sconosciuto"},
		{nome: "piano come calendario, chiave duplicata", metodo: "POST", percorso: "/api/v1/piano", tipo: "application/json", intest: []string{"Accept: text/calendar"}, corpo: []byte(`{"ore":1,"ore":2}`), stato: 400, codice: "chiave_duplicata"},
		// Queries of /api/v1/piano.ics and /registro.csv.
		{nome: "query profonda 64KB", percorso: "/api/v1/piano.ics?" + string(ripeti("a.", 32000)[:63999]) + "=1", stato: 414, codice: "query_troppo_lunga"},
		{nome: "chiave profonda", percorso: "/api/v1/registro.csv?" + string(ripeti("a.", 3000)) + "a=1", stato: 400, codice: "query_non_valida"},
		{nome: "troppi parametri", percorso: "/api/v1/piano.ics?" + string(ripeti("ore=1&", 500)) + "ore=1", stato: 400, codice: "troppi_parametri"},
		{nome: "escape errato", percorso: "/api/v1/piano.ics?fattispecie=cds186&comune=%zz", stato: 400, codice: "query_non_valida"},
		{nome: "escape troncato", percorso: "/api/v1/registro.csv?fattispecie=cds186&%", stato: 400, codice: "query_non_valida"},
		{nome: "punto e virgola", percorso: "/api/v1/registro.csv?fattispecie=cds186;ore=1", stato: 400, codice: "query_non_valida"},
		{nome: "parametro sconosciuto", percorso: "/api/v1/piano.ics?fattispecie=cds186&nome=Rossi", stato: 400, codice: "campo_sconosciuto"},
		{nome: "query vuota", percorso: "/api/v1/registro.csv", stato: 400, codice: "json_non_valido"},
		{nome: "NUL nella query", percorso: "/api/v1/piano.ics?fattispecie=%00&ore=1", stato: 400},
		{nome: "richiesta JSON non valida", percorso: "/api/v1/piano.ics?richiesta=%7B%22ore%22", stato: 400, codice: "json_non_valido"},
		{nome: "richiesta JSON con chiave duplicata", percorso: "/api/v1/piano.ics?richiesta=" + strings.ReplaceAll(`{"ore":1,"ore":2}`, `"`, "%22"), stato: 400, codice: "chiave_duplicata"},
		// The web form.
		{nome: "modulo enorme", metodo: "POST", percorso: "/calcolo/cds186", tipo: "application/x-www-form-urlencoded", grande: &corpoRipetuto{pezzo: "a", volte: 2 << 20}, stato: 413},
		{nome: "modulo con escape errato", metodo: "POST", percorso: "/calcolo/cds186", tipo: "application/x-www-form-urlencoded", corpo: []byte("pena.ammenda=%zz"), stato: 400},
		{nome: "modulo di fattispecie sconosciuta", metodo: "POST", percorso: "/calcolo/inventata", tipo: "application/x-www-form-urlencoded", corpo: []byte("pena.ammenda=1"), stato: 404},
		{nome: "indice con escape errato", percorso: "/?fattispecie=%zz", stato: 400},
		// Batches (POST /api/v1/lotto): refused before any row is evaluated.
		{nome: "lotto: escape % malformato", metodo: "POST", percorso: "/api/v1/lotto?formato=%zz", tipo: "text/csv", corpo: []byte("fattispecie\ncds186\n"), stato: 400, codice: "query_non_valida"},
		{nome: "lotto: opzione sconosciuta", metodo: "POST", percorso: "/api/v1/lotto?" + string(ripeti("x", 3000)) + "=1", tipo: "text/csv", corpo: []byte("fattispecie\ncds186\n"), stato: 400, codice: "parametro_sconosciuto"},
		{nome: "lotto: troppi parametri", metodo: "POST", percorso: "/api/v1/lotto?" + strings.Repeat("bom=1&", 200), tipo: "text/csv", corpo: []byte("fattispecie\ncds186\n"), stato: 400, codice: "troppi_parametri"},
		{nome: "lotto: tipo di contenuto", metodo: "POST", percorso: "/api/v1/lotto", tipo: "application/xml", corpo: []byte("<a/>"), stato: 415, codice: "tipo_contenuto_non_supportato"},
		{nome: "lotto: corpo oltre 16 MiB senza lunghezza", metodo: "POST", percorso: "/api/v1/lotto", tipo: "text/csv", grande: &corpoRipetuto{pezzo: "fattispecie\n", volte: 17 << 20 / 12}, chunked: true, stato: 413, codice: "richiesta_troppo_grande"},
		{nome: "lotto: intestazione di 100.000 colonne", metodo: "POST", percorso: "/api/v1/lotto", tipo: "text/csv", corpo: append(ripeti("c,", 100000), '\n'), stato: 400, codice: "troppe_colonne"},
	}
}

func molteChiavi(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"fattispecie":"cds186"`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `,"k%d":1`, i)
	}
	b.WriteString("}")
	return b.Bytes()
}

func molteSospensioni(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"fattispecie":"cds186","ore":12,"inizio":"2025-07-01","giorni_settimana":{"sab":6},"sospensioni":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"dal":"2025-07-01","al":"2025-07-02"}`)
	}
	b.WriteString("]}")
	return b.Bytes()
}

// invia sends r over a new connection to addr and reads the answer.
func invia(t *testing.T, addr string, r ostile) (*http.Response, []byte) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(20 * time.Second))
	metodo := r.metodo
	if metodo == "" {
		metodo = "GET"
	}
	var h bytes.Buffer
	fmt.Fprintf(&h, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", metodo, r.percorso)
	if r.tipo != "" {
		fmt.Fprintf(&h, "Content-Type: %s\r\n", r.tipo)
	}
	if strings.HasPrefix(r.percorso, "/calcolo/") || r.percorso == "/" || strings.HasPrefix(r.percorso, "/?") {
		h.WriteString("Accept: text/html\r\n")
	}
	for _, x := range r.intest {
		h.WriteString(x + "\r\n")
	}
	corpo, lunghezza := io.Reader(bytes.NewReader(r.corpo)), len(r.corpo)
	if r.grande != nil {
		corpo, lunghezza = r.grande.lettore(), r.grande.lunghezza()
	}
	switch {
	case r.chunked:
		h.WriteString("Transfer-Encoding: chunked\r\n\r\n")
	case r.corpo != nil || r.grande != nil || metodo == "POST" || metodo == "PUT":
		fmt.Fprintf(&h, "Content-Length: %d\r\n\r\n", lunghezza)
	default:
		h.WriteString("\r\n")
	}
	go func() { // the server may answer before the body is all sent
		if _, err := c.Write(h.Bytes()); err != nil {
			return
		}
		switch {
		case r.chunked:
			b := make([]byte, 32<<10, 32<<10+2) // room for the CRLF after a chunk
			for {
				n, err := io.ReadFull(corpo, b)
				if n > 0 {
					if _, err := fmt.Fprintf(c, "%x\r\n", n); err != nil {
						return
					}
					if _, err := c.Write(append(b[:n], "\r\n"...)); err != nil {
						return
					}
				}
				if err != nil {
					break
				}
			}
			io.WriteString(c, "0\r\n\r\n")
		case r.lento:
			for _, x := range r.corpo {
				if _, err := c.Write([]byte{x}); err != nil {
					return
				}
				time.Sleep(5 * time.Millisecond)
			}
		default:
			io.Copy(c, corpo)
		}
	}()
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	res.Body.Close()
	return res, body
}

// TestRichiesteOstili sends every hostile request to a server on a real
// listener, with the limits of lpu serve (Servi): each gets a 4xx with
// a coded error (the JSON error on the API, the error page on the web
// pages), never a 5xx; no request costs more than a bounded amount of
// memory; the heap after the table is bounded; /healthz is still 200.
func TestRichiesteOstili(t *testing.T) {
	provaOstili(t, richiesteOstili())
}

func provaOstili(t *testing.T, righe []ostile) {
	s := nuovoServer(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	fatto := make(chan error, 1)
	go func() { fatto <- s.Servi(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-fatto; err != nil {
			t.Errorf("Servi: %v", err)
		}
	}()
	addr := ln.Addr().String()
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	heapPrima := m.HeapAlloc
	for _, r := range righe {
		t.Run(r.nome, func(t *testing.T) {
			runtime.ReadMemStats(&m)
			allocPrima := m.TotalAlloc
			res, body := invia(t, addr, r)
			runtime.ReadMemStats(&m)
			// Client and server share this process: the bytes counted are
			// the request built and sent (the large bodies are streamed,
			// not built) and the server's work. 32 MiB is far below the 60 MB a single
			// deep query used to cost, and above any honest refusal.
			if a := m.TotalAlloc - allocPrima; a > 32<<20 {
				t.Errorf("the request cost %d MiB of allocations", a>>20)
			}
			if res.StatusCode >= 500 || res.StatusCode < 400 {
				t.Fatalf("status %d; want 4xx\n%.500s", res.StatusCode, body)
			}
			if r.stato != 0 && res.StatusCode != r.stato {
				t.Errorf("status %d; want %d\n%.500s", res.StatusCode, r.stato, body)
			}
			if r.rete {
				return
			}
			ct := res.Header.Get("Content-Type")
			if strings.HasPrefix(ct, "text/html") {
				if !bytes.Contains(body, []byte(`class="errore-testo"`)) {
					t.Errorf("HTML answer without the error page:\n%.500s", body)
				}
				return
			}
			var e struct {
				Errore *struct{ Codice, Messaggio, Campo string } `json:"errore"`
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Errore == nil || e.Errore.Codice == "" {
				t.Fatalf("answer %q without a coded error:\n%.500s", ct, body)
			}
			if r.codice != "" && e.Errore.Codice != r.codice {
				t.Errorf("codice %s; want %s (%s)", e.Errore.Codice, r.codice, e.Errore.Messaggio)
			}
			if len(body) > 4<<10 {
				t.Errorf("the error is %d bytes: it echoes the request", len(body))
			}
		})
	}
	runtime.GC()
	runtime.ReadMemStats(&m)
	// What stays after the table is what the server keeps between
	// requests (pools, metric series, gin's trees): a few MiB at most.
	// An unbounded label set or a retained body would show here.
	if cresciuto := int64(m.HeapAlloc) - int64(heapPrima); cresciuto > 8<<20 {
		t.Errorf("the heap grew by %d MiB over the table", cresciuto>>20)
	}
	t.Logf("%d requests; heap %d KiB before, %d KiB after", len(righe), heapPrima>>10, m.HeapAlloc>>10)
	res, body := invia(t, addr, ostile{percorso: "/healthz"})
	if res.StatusCode != 200 || !bytes.Contains(body, []byte(`"stato":"ok"`)) {
		t.Errorf("/healthz after the table: %d %s", res.StatusCode, body)
	}
}
