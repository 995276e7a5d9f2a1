package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// servi serves s on 127.0.0.1 through Servi (the server's own timeouts,
// not httptest's) until the test ends, and returns its base URL.
func servi(t testing.TB, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	fine := make(chan error, 1)
	go func() { fine <- s.Servi(ctx, ascoltoPiccolo{ln}) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-fine:
		case <-time.After(20 * time.Second):
			t.Error("Servi did not stop")
		}
	})
	return "http://" + ln.Addr().String()
}

// ascoltoPiccolo gives its connections a send buffer of 32 KiB, as over a
// slow network link, rather than the several MB of loopback: a write then
// waits for the client to read some tens of KiB, not a third of the MB,
// and the tests' short write deadlines measure the client, not the
// kernel. (With 128 KiB, loopback woke a blocked write only once the
// client had read some 250 KB: 0.9 s of the slow reader below, and a
// reader slowed four times, as a loaded machine may, was cut by the 3 s
// deadline after some 300 rows; with 32 KiB, and the answer written in
// pieces of 16 KiB, a write waits some 0.25 s.)
type ascoltoPiccolo struct{ net.Listener }

func (a ascoltoPiccolo) Accept() (net.Conn, error) {
	c, err := a.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(32 << 10)
	}
	return c, err
}

// clientePiccolo is an HTTP client whose connections have a receive buffer
// of 32 KiB (see ascoltoPiccolo).
var clientePiccolo = &http.Client{Transport: &http.Transport{
	DialContext: func(ctx context.Context, rete, ind string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, rete, ind)
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetReadBuffer(32 << 10)
		}
		return c, err
	},
}}

// csvLotto is a CSV lotto of n rows of the art. 186 example, each with
// its rif (R1, R2, …).
func csvLotto(n int) []byte { return csvLottoRif(n, 0) }

// rifLotto is the rif of row i: R1, R2, …, or, with lung > 0, R and i
// padded with zeros to lung characters (a long rif makes a large body of
// few rows, cheap to evaluate).
func rifLotto(i, lung int) string { return fmt.Sprintf("R%0*d", max(lung-1, 0), i) }

// csvLottoRif is csvLotto with rifs of lung characters (see rifLotto).
func csvLottoRif(n, lung int) []byte { return csvLottoNota(n, lung, 0) }

// csvLottoNota is csvLottoRif with, when nota > 0, a column nota of nota
// characters on each row, which the engine does not know: sent with
// ignora_colonne=true, it makes a large body of few rows, cheap to
// evaluate (a rif is at most 200 characters).
func csvLottoNota(n, lung, nota int) []byte {
	var b bytes.Buffer
	b.Grow(n * (50 + lung + nota))
	b.WriteString("rif;fattispecie;data;arresto_mesi;arresto_giorni;ammenda")
	riempi := ""
	if nota > 0 {
		b.WriteString(";nota")
		riempi = ";" + strings.Repeat("x", nota)
	}
	b.WriteByte('\n')
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%s;cds186;10/06/2025;1;15;1500%s\n", rifLotto(i, lung), riempi)
	}
	return b.Bytes()
}

// jsonLotto is a JSON lotto of n requests of the art. 186 example, each
// with its rif (R1, R2, …) and followed by spazi blanks (a large body of
// few items, cheap to evaluate).
func jsonLotto(n, spazi int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"rif":"R%d","fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}}`, i)
		b.WriteString(strings.Repeat(" ", spazi))
	}
	b.WriteByte(']')
	return b.Bytes()
}

// contaRigheCSV reads a CSV lotto answer and returns its data rows, the
// riga of the last one and whether every row was ok.
func contaRigheCSV(r io.Reader) (righe, ultima int, tutteOk bool, err error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<20))
	cr.Comma = ';'
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	if _, err := cr.Read(); err != nil {
		return 0, 0, false, fmt.Errorf("header: %w", err)
	}
	tutteOk = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return righe, ultima, tutteOk, nil
		}
		if err != nil {
			return righe, ultima, tutteOk, err
		}
		righe++
		ultima, _ = strconv.Atoi(rec[0])
		if rec[3] != "ok" {
			tutteOk = false
		}
	}
}

// TestLottoReteRigheTutte: over a real listener, every row of a lotto
// comes back, whatever the size of the body up to the 16 MiB limit; net/http
// used to drop the unread body once 64 KiB of the answer were written,
// and the answer stopped after ~1,800 rows with status 200 (bodies of
// 2,000-9,000 CSV rows, JSON arrays of 1,000-2,000 items). The bodies over
// the 1 MiB limit of the other routes are made of 500 CSV rows with a
// column of 2,200 characters the engine ignores, or 200 JSON items with
// 5,600 blanks after each, rather than of 25,000 and 10,000 short ones:
// the same bytes for a tenth and a fifth of the evaluations (and of the
// answer) of the 5,000 rows with long rifs and the 1,000 items with 1,000
// blanks used before, which the race detector makes slow.
func TestLottoReteRigheTutte(t *testing.T) {
	base := servi(t, nuovoServer(t, nil))
	type caso struct {
		n, lung  int  // rows, and the length of their ignored column or of the blanks after an item
		oltreMiB bool // the body is over MaxCorpo
	}
	csv := []caso{{1000, 0, false}, {500, 2200, true}}
	if !testing.Short() && !raceAttivo {
		// 5,000 short rows (under the limit, as the 1,000 are), and
		// 500 MB of answer: minutes under -race
		csv = append(csv, caso{5000, 0, false}, caso{300000, 0, true})
	}
	controlla := func(t *testing.T, c caso, corpo []byte) {
		t.Helper()
		if len(corpo) > MaxCorpoLotto || c.oltreMiB != (len(corpo) > MaxCorpo) {
			t.Fatalf("%d rows are %d bytes: want over the %d limit %v, within %d", c.n, len(corpo), MaxCorpo, c.oltreMiB, MaxCorpoLotto)
		}
	}
	for _, c := range csv {
		t.Run(fmt.Sprintf("CSV %d righe nota %d", c.n, c.lung), func(t *testing.T) {
			corpo := csvLottoNota(c.n, 0, c.lung)
			controlla(t, c, corpo)
			res, err := http.Post(base+"/api/v1/lotto?ignora_colonne=true", "text/csv", bytes.NewReader(corpo))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != 200 {
				b, _ := io.ReadAll(io.LimitReader(res.Body, 1000))
				t.Fatalf("status %d: %s", res.StatusCode, b)
			}
			righe, ultima, ok, err := contaRigheCSV(res.Body)
			if err != nil || righe != c.n || ultima != c.n+1 || !ok {
				t.Errorf("%d rows in (%d bytes): %d rows out, last riga %d, all ok %v, err %v", c.n, len(corpo), righe, ultima, ok, err)
			}
		})
	}
	for _, c := range []caso{{1000, 0, false}, {200, 5600, true}} {
		t.Run(fmt.Sprintf("JSON %d elementi spazi %d", c.n, c.lung), func(t *testing.T) {
			corpo := jsonLotto(c.n, c.lung)
			controlla(t, c, corpo)
			res, err := http.Post(base+"/api/v1/lotto", "application/json", bytes.NewReader(corpo))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var esiti []struct {
				Riga  int    `json:"riga"`
				Rif   string `json:"rif"`
				Esito string `json:"esito"`
			}
			if err := json.NewDecoder(res.Body).Decode(&esiti); err != nil {
				t.Fatalf("status %d, answer not JSON: %v", res.StatusCode, err)
			}
			if res.StatusCode != 200 || len(esiti) != c.n || esiti[c.n-1].Rif != "R"+strconv.Itoa(c.n) || strings.Count(fmt.Sprint(esiti), "errore") > 0 {
				t.Errorf("%d elements in: status %d, %d out", c.n, res.StatusCode, len(esiti))
			}
		})
	}
}

// lettoreLento reads r in pieces of 16 KiB with a pause after each one,
// stopping altogether for ferma once it has read dopo bytes.
type lettoreLento struct {
	r            io.Reader
	pausa, ferma time.Duration
	dopo, letti  int
}

func (l *lettoreLento) Read(p []byte) (int, error) {
	if len(p) > 16<<10 {
		p = p[:16<<10]
	}
	if l.ferma > 0 && l.letti >= l.dopo {
		time.Sleep(l.ferma)
		l.ferma = 0
	}
	time.Sleep(l.pausa)
	n, err := l.r.Read(p)
	l.letti += n
	return n, err
}

// tempiBrevi are deadlines short enough for a test to cross them in
// seconds. The batch's time limit is a minute: the slow reader's 5 s,
// stretched several times by a loaded machine, stay well within it (at
// 20 s a reader slowed four times got every row, then lotto_interrotto).
func tempiBrevi(s *Server) {
	s.tempi.lettura = 500 * time.Millisecond
	s.tempi.scrittura = time.Second
	if raceAttivo { // a loaded machine under -race can starve the reader
		s.tempi.scrittura = 3 * time.Second
	}
	s.tempi.lotto = time.Minute
}

// TestLottoReteTempi: the server's read and write timeouts used to cut a
// streamed batch (a client reading at 2 MB/s got 23,664 of 50,000 rows and
// exit 0). Now a client that reads slowly but steadily gets every row and
// the trailers Lpu-Lotto-Esito: completo and Lpu-Lotto-Righe; one that
// stops reading, or a batch past the route's time limit, is told apart:
// a cut answer (an error reading it, no trailers) or a final result of
// code lotto_interrotto with Lpu-Lotto-Esito: interrotto. The log never
// names the client's address.
func TestLottoReteTempi(t *testing.T) {
	var log bytes.Buffer
	scritto := &sincronizzato{w: &log}
	s := nuovoServer(t, scritto)
	tempiBrevi(s)
	// The log is read once the server has stopped (this cleanup runs
	// after servi's, which waits for Servi's Shutdown): every handler
	// has written its line, even that of the reader who stopped, whose
	// answer the write deadline ends later, and none writes while the
	// log is read (reading it at the end of the test, after a pause,
	// missed such lines and raced with them under -race).
	t.Cleanup(func() {
		scritto.mu.Lock()
		defer scritto.mu.Unlock()
		for _, riga := range strings.Split(log.String(), "\n") {
			// The server's own address is logged when it starts; no other.
			if strings.Contains(riga, "127.0.0.1") && !strings.Contains(riga, "server in ascolto") {
				t.Errorf("the log names the client's address: %s", riga)
			}
		}
	})
	base := servi(t, s)
	// 1,000 rows make an answer of some 1.6 MB, 50 times the 32 KiB
	// buffers: read 16 KiB every 50 ms, it takes over 5 s (100 pauses),
	// longer than the write deadline (at most 3 s) however fast the
	// machine, and the server is still writing after the deadline has
	// passed. A blocked write of a 16 KiB piece waits some 0.25 s for
	// the reader, a twelfth of the 3 s deadline under -race (a quarter of
	// the 1 s without): a loaded machine may slow the reader that much
	// before it is cut. A slow reader, rather than many rows, makes the
	// time: under -race each row costs a millisecond of CPU.
	const n = 1000
	corpo := csvLotto(n)
	post := func(t *testing.T) *http.Response {
		t.Helper()
		res, err := clientePiccolo.Post(base+"/api/v1/lotto", "text/csv", bytes.NewReader(corpo))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		if res.StatusCode != 200 {
			t.Fatalf("status %d", res.StatusCode)
		}
		return res
	}
	// The two readers wait for the write deadline, some 5 s each: they
	// run together (they only read the server's deadlines), and the
	// time limit's case, which changes one, after both.
	t.Run("lettori", func(t *testing.T) {
		t.Run("lettore lento e costante", func(t *testing.T) {
			t.Parallel()
			res := post(t)
			inizio := time.Now()
			righe, ultima, ok, err := contaRigheCSV(&lettoreLento{r: res.Body, pausa: 50 * time.Millisecond})
			d := time.Since(inizio)
			if err != nil || righe != n || ultima != n+1 || !ok {
				t.Fatalf("after %v: %d rows of %d, last riga %d, all ok %v, err %v", d, righe, n, ultima, ok, err)
			}
			if d <= s.tempi.scrittura {
				t.Errorf("reading took %v: too fast to cross the %v write deadline", d, s.tempi.scrittura)
			}
			if res.Trailer.Get(trailerEsito) != "completo" || res.Trailer.Get(trailerRighe) != strconv.Itoa(n) {
				t.Errorf("trailers = %v; want completo, %d", res.Trailer, n)
			}
		})
		t.Run("lettore fermo", func(t *testing.T) {
			t.Parallel()
			res := post(t)
			righe, _, _, err := contaRigheCSV(&lettoreLento{r: res.Body, dopo: 256 << 10, ferma: s.tempi.scrittura + 2*time.Second})
			if err == nil && res.Trailer.Get(trailerEsito) == "completo" {
				t.Fatalf("a client that stopped reading got %d rows and a complete answer", righe)
			}
			if err == nil {
				t.Fatalf("got %d rows, no error, trailers %v; want a cut answer", righe, res.Trailer)
			}
			if righe >= n || res.Trailer.Get(trailerEsito) != "" {
				t.Errorf("%d rows, trailers %v", righe, res.Trailer)
			}
		})
	})
	t.Run("tempo massimo del lotto", func(t *testing.T) {
		s.tempi.lotto = 200 * time.Millisecond
		defer tempiBrevi(s)
		// (50,000 rows: more than a fast machine evaluates in 200 ms
		// without -race; the route's time limit stops the evaluation.
		// Under -race a row costs some 20 times more: 10,000 are as
		// many, and a fifth of the body to build and read.)
		tanti := 50000
		if raceAttivo {
			tanti = 10000
		}
		res, err := clientePiccolo.Post(base+"/api/v1/lotto", "text/csv", bytes.NewReader(csvLotto(tanti)))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		cr := csv.NewReader(bytes.NewReader(b))
		cr.Comma = ';'
		recs, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		ultima := recs[len(recs)-1]
		righe := len(recs) - 2 // the header and the final result
		if ultima[0] != "0" || ultima[16] != "lotto_interrotto" || !strings.Contains(ultima[18], "superato il tempo massimo") || righe >= tanti {
			t.Errorf("%d rows; last = %q", righe, ultima)
		}
		if res.Trailer.Get(trailerEsito) != "interrotto" || res.Trailer.Get(trailerRighe) != strconv.Itoa(righe) {
			t.Errorf("trailers = %v; want interrotto, %d", res.Trailer, righe)
		}
	})
	// A body under 256 KiB (which net/http reads to its end before
	// answering, if the handler has not) and one over it: both are told
	// 408 once the read deadline passes, not left waiting.
	for _, righe := range []int{n, 10000} {
		t.Run(fmt.Sprintf("invio lento %d righe", righe), func(t *testing.T) {
			conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			lotto := csvLotto(righe)
			fmt.Fprintf(conn, "POST /api/v1/lotto HTTP/1.1\r\nHost: lpu\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n\r\n", len(lotto))
			conn.Write(lotto[:1000]) // and then nothing, for longer than the read deadline
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var c struct {
				Errore struct{ Codice string }
			}
			json.NewDecoder(res.Body).Decode(&c)
			if res.StatusCode != http.StatusRequestTimeout || c.Errore.Codice != "richiesta_lenta" {
				t.Errorf("status %d, code %q; want 408 richiesta_lenta", res.StatusCode, c.Errore.Codice)
			}
		})
	}
}

// sincronizzato is a writer safe for the server's goroutines.
type sincronizzato struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *sincronizzato) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// TestLottoReteClienteSparito: a client that goes away in the middle of a
// 100,000-row batch stops the server's evaluation: the rows evaluated (as
// the metrics count them) stay far below 100,000. Under -race, where a
// row costs some 20 times more, 20,000 rows are as long a batch, and a
// fifth of the body (4.8 MB) to build and read.
func TestLottoReteClienteSparito(t *testing.T) {
	s := nuovoServer(t, nil)
	base := servi(t, s)
	n := 100000
	if raceAttivo {
		n = 20000
	}
	res, err := http.Post(base+"/api/v1/lotto", "text/csv", bytes.NewReader(csvLotto(n)))
	if err != nil {
		t.Fatal(err)
	}
	io.CopyN(io.Discard, res.Body, 64<<10)
	res.Body.Close() // the connection is closed: the answer is not read to its end
	valutate := func() (float64, bool) {
		m := fai(s.Handler(), "GET", "/metrics", "", "").Body.String()
		tot, visto := 0.0, false
		for _, riga := range strings.Split(m, "\n") {
			if strings.HasPrefix(riga, `lpu_valutazioni_totale{comando="lotto"`) {
				f := strings.Fields(riga)
				v, _ := strconv.ParseFloat(f[len(f)-1], 64)
				tot += v
				visto = true
			}
		}
		return tot, visto
	}
	fine := time.Now().Add(10 * time.Second)
	for time.Now().Before(fine) {
		if tot, ok := valutate(); ok {
			if tot >= float64(n)/2 {
				t.Errorf("the server evaluated %v rows of %d for a client that had gone", tot, n)
			}
			t.Logf("rows evaluated before the server stopped: %v of %d", tot, n)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the batch did not end within 10 s of the client going away")
}

// TestLottoReteColonneIgnorate: over a real listener, the columns
// ignora_colonne=true let through are named in the Lpu-Colonne-Ignorate
// header, which the client has with the status, before the first result,
// in a CSV answer and in a JSON one; none is named when none was ignored.
func TestLottoReteColonneIgnorate(t *testing.T) {
	base := servi(t, nuovoServer(t, nil))
	testa := "rif;fattispecie;data;arresto_mesi;arresto_giorni;ammenda;Note;\"Città, sede\"\n"
	riga := "R1;cds186;10/06/2025;1;15;1500;x;Milano\n"
	casi := []struct {
		nome, query, corpo, tipo string
		want                     []string
	}{
		{"CSV", "?ignora_colonne=true", testa + riga, "text/csv", []string{"Note", "Città, sede"}},
		{"CSV in JSON", "?ignora_colonne=true&formato=json", testa + riga, "text/csv", []string{"Note", "Città, sede"}},
		{"nessuna", "?ignora_colonne=true", string(csvLotto(1)), "text/csv", nil},
		{"JSON", "?ignora_colonne=true", string(jsonLotto(1, 0)), "application/json", nil},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			res, err := http.Post(base+"/api/v1/lotto"+c.query, c.tipo, strings.NewReader(c.corpo))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			// read before the body: the header came with the status
			h, presente := res.Header[intestazioneIgnorate]
			var got []string
			if presente {
				for _, v := range strings.Split(h[0], ",") {
					n, err := url.PathUnescape(v)
					if err != nil {
						t.Fatalf("%s: %q: %v", intestazioneIgnorate, h[0], err)
					}
					got = append(got, n)
				}
			}
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != 200 || !slices.Equal(got, c.want) || len(h) > 1 || !strings.Contains(string(b), "R1") {
				t.Errorf("status %d, %s %q (decoded %q), want %q\n%.300s", res.StatusCode, intestazioneIgnorate, h, got, c.want, b)
			}
		})
	}
}

// TestLottoReteAPezzi: over a real connection, a client that reads a
// large answer steadily but slowly (a JSON batch with the explanation,
// blocks of some 450 KB, read at ~40 KB/s) gets all of it: the answer is
// written in pieces of 16 KiB, each with its own write deadline (each
// takes ~0.4 s here, under the 1.5 s deadline), not a block under one
// deadline (a block takes more than 10 s: the answer was cut at ~224 KB
// with «unexpected EOF» when the block was written whole).
func TestLottoReteAPezzi(t *testing.T) {
	s := serverProva(t)
	tempiBrevi(s)
	s.tempi.scrittura = 1500 * time.Millisecond
	base := servi(t, s)
	res, err := clientePiccolo.Post(base+"/api/v1/lotto?formato=json&spiegazione=true", "text/csv", bytes.NewReader(csvLotto(130)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, &lettoreLento{r: res.Body, pausa: 100 * time.Millisecond})
	if err != nil || res.Trailer.Get(trailerEsito) != "completo" {
		t.Fatalf("answer cut: %d bytes, err %v, trailers %v", n, err, res.Trailer)
	}
}

// TestLottoVuoteInFondoInRete: the count of the empty rows at the end of
// the file reaches a client over a real connection, as a trailer of the
// chunked answer (the recorder of httptest sends no chunks), with the
// rows' count and the batch's outcome.
func TestLottoVuoteInFondoInRete(t *testing.T) {
	base := servi(t, nuovoServer(t, nil))
	res, err := clientePiccolo.Post(base+"/api/v1/lotto", "text/csv", strings.NewReader("rif;fattispecie;ammenda\nA;cds186;1000\n;;\n;;\n"))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	corpo, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("%d, %v: %s", res.StatusCode, err, corpo)
	}
	if v, r, e := res.Trailer.Get(trailerVuote), res.Trailer.Get(trailerRighe), res.Trailer.Get(trailerEsito); v != "2" || r != "1" || e != "completo" {
		t.Errorf("trailers %v; want Vuote-In-Fondo 2, Righe 1, completo", res.Trailer)
	}
}
