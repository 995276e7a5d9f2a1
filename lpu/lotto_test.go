package lpu_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
)

// leggiEsitiCSV parses a CSV answer into maps by column name.
func leggiEsitiCSV(t testing.TB, out []byte, sep rune) []map[string]string {
	t.Helper()
	out = bytes.TrimPrefix(out, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(out))
	r.Comma = sep
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("esiti CSV illeggibili: %v\n%s", err, out)
	}
	if got, want := strings.Join(recs[0], ","), strings.Join(lpu.LottoResultColumns(), ","); got != want {
		t.Fatalf("intestazione: got %s; want %s", got, want)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, c := range recs[0] {
			m[c] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func TestLottoCSV(t *testing.T) {
	e := engine(t)
	in := "\ufeffRif;Tipo;Fattispecie;Data;Arresto mesi;arresto_giorni;ammenda;incidente;convenzione;giorni\n" +
		"A-1;;cds186;10/06/2025;1;15;1.500,00;no;dm2001;\n" +
		"A-2;calcolo;cds186;2025-06-10;;;1100;sì;;\n" +
		";;;;;;;;;\n" + // a blank spreadsheet row: its own error, riga vuota
		"A-3;;cds186;10/06/2025;;;12,5,0;no;dm2001;\n" +
		"A-4;;cds186;31/02/2025;;;1000;;;\n" +
		"A-5;fondo;cds186;05/01/2025;;;;;dm2001;51\n" +
		"A-6;fondo;cds186;05/01/2025;1;;;;dm2001;51\n" +
		"A-7;piano;cds186;05/01/2025;;;;;;\n" +
		"A-8;;cds186;10/06/2025;1;;;forse;;\n" +
		"A-9;;cds186;10/06/2025;;;;;;\n"
	var out bytes.Buffer
	st, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("\ufeffriga;")) {
		t.Errorf("un ingresso con BOM e ';' dà un'uscita con BOM e ';': %q", out.String()[:20])
	}
	rows := leggiEsitiCSV(t, out.Bytes(), ';')
	want := []struct{ riga, rif, esito, giorni, codice, campo, entro, premio string }{
		{"2", "A-1", "ok", "51", "", "", "2025-05-31", "52,02"},
		{"3", "A-2", "ok", "5", "", "", "", ""}, // (excluded: no Fund to ask)
		{"4", "", "errore", "", "riga_non_valida", "", "", ""},
		{"5", "A-3", "errore", "", "importo_non_valido", "ammenda", "", ""},
		{"6", "A-4", "errore", "", "data_non_valida", "Data", "", ""},
		{"7", "A-5", "ok", "", "", "", "2024-12-26", "52,02"},
		{"8", "A-6", "errore", "", "colonna_non_pertinente", "Arresto mesi", "", ""},
		{"9", "A-7", "errore", "", "valore_non_ammesso", "tipo", "", ""},
		{"10", "A-8", "errore", "", "tipo_errato", "incidente", "", ""},
		{"11", "A-9", "errore", "", "pena_mancante", "Arresto mesi/arresto_giorni", "", ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d esiti; want %d\n%s", len(rows), len(want), out.String())
	}
	for i, w := range want {
		r := rows[i]
		got := []string{r["riga"], r["rif"], r["esito"], r["giorni"], r["errore_codice"], r["errore_campo"], r["richiesta_entro"], r["premio_stimato"]}
		exp := []string{w.riga, w.rif, w.esito, w.giorni, w.codice, w.campo, w.entro, w.premio}
		if strings.Join(got, "|") != strings.Join(exp, "|") {
			t.Errorf("riga %s: got %q; want %q (%s)", w.riga, got, exp, r["errore_messaggio"])
		}
	}
	if m, want := rows[4]["errore_messaggio"], "data inesistente: «31/02/2025» (febbraio 2025 ha 28 giorni)"; m != want {
		t.Errorf("A-4: %q; want %q, as the web form says it", m, want)
	}
	if rows[1]["ammissibile"] != "no" || !strings.Contains(rows[1]["motivi"], "incidente") {
		t.Errorf("A-2: got ammissibile=%s motivi=%q; want no, incidente", rows[1]["ammissibile"], rows[1]["motivi"])
	}
	if st.Casi != 10 || st.OK != 3 || st.Errori != 7 || st.Ingresso != "csv" || st.Interrotto {
		t.Errorf("got %+v; want 10 casi, 3 ok, 7 errori", st)
	}
}

func TestLottoJSON(t *testing.T) {
	e := engine(t)
	in := `[
	  {"rif": "J-1", "fattispecie": "cds186", "data": "2025-06-10", "pena": {"arresto": {"mesi": 1, "giorni": 15}, "ammenda": "1500"}},
	  {"tipo": "fondo", "rif": 17, "fattispecie": "cds186", "data_inizio": "2025-01-10", "convenzione": "dm2001", "giorni": 10},
	  {"tipo": "convenzione", "fattispecie": "cds186", "data": "2025-03-01",
	   "convenzione": {"modello": "dm2001", "decorrenza": "2022-01-01", "anni": 5}},
	  {"fattispecie": "cds186", "data": "2025-06-10", "pena": {"ammenda": "1.500,00"}},
	  42,
	  {"tipo": "piano", "fattispecie": "cds186"},
	  {"fattispecie": "cds186", "data": "2025-06-10", "pena": {"ammenda": "250"}, "nota": "x"}
	]`
	var out bytes.Buffer
	st, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []struct {
		Riga      int
		Rif       string
		Tipo      string
		Esito     string
		Risultato map[string]any
		Errore    *lpu.Error
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("esiti JSON illeggibili: %v\n%s", err, out.String())
	}
	want := []struct{ rif, tipo, esito, codice string }{
		{"J-1", "calcolo", "ok", ""},
		{"17", "fondo", "ok", ""},
		{"", "convenzione", "ok", ""},
		{"", "calcolo", "errore", "importo_non_valido"},
		{"", "calcolo", "errore", "json_non_valido"},
		{"", "", "errore", "valore_non_ammesso"},
		{"", "calcolo", "errore", "campo_sconosciuto"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d esiti; want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		codice := ""
		if g.Errore != nil {
			codice = string(g.Errore.Code)
		}
		if g.Riga != i+1 || g.Rif != w.rif || g.Tipo != w.tipo || g.Esito != w.esito || codice != w.codice {
			t.Errorf("esito %d: got %d %q %s %s %s; want %d %q %s %s %s", i, g.Riga, g.Rif, g.Tipo, g.Esito, codice, i+1, w.rif, w.tipo, w.esito, w.codice)
		}
	}
	if g := got[0].Risultato["giorni"]; g != float64(51) {
		t.Errorf("J-1 giorni: got %v; want 51", g)
	}
	if g := got[1].Risultato["richiesta_entro"]; g != "2024-12-31" {
		t.Errorf("17 richiesta_entro: got %v; want 2024-12-31", g)
	}
	if g := got[2].Risultato["valida"]; g != true {
		t.Errorf("convenzione valida: got %v; want true", g)
	}
	if p := got[0].Risultato["passi"].([]any); len(p) != 0 {
		t.Errorf("senza --spiegazione i passi sono vuoti, got %d", len(p))
	}
	if st.Casi != 7 || st.OK != 3 || st.Errori != 4 || st.Ingresso != "json" {
		t.Errorf("got %+v", st)
	}
}

func TestLottoJSONInterrotto(t *testing.T) {
	e := engine(t)
	in := `[{"fattispecie": "cds186", "data": "2025-06-10", "pena": {"ammenda": "250"}}, {"fattispecie": "cds186", "data": `
	var out bytes.Buffer
	st, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []lpu.EsitoLotto
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("anche interrotto l'esito è JSON valido: %v\n%s", err, out.String())
	}
	if len(got) != 2 || got[0].Esito != "ok" || got[1].Errore == nil || got[1].Errore.Code != "json_non_valido" || !st.Interrotto {
		t.Errorf("got %+v, %+v", got, st)
	}
}

func TestLottoErroriDelLotto(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		nome, in string
		o        lpu.LottoOptions
		codice   string
	}{
		{"vuoto", "  \n\t", lpu.LottoOptions{}, "lotto_vuoto"},
		{"oggetto invece di array", ` {"fattispecie": "cds186"}`, lpu.LottoOptions{}, "json_non_valido"},
		{"colonna sconosciuta", "fattispecie,data,ammnda\ncds186,2025-06-10,250\n", lpu.LottoOptions{}, "colonna_sconosciuta"},
		{"senza fattispecie", "data,ammenda\n2025-06-10,250\n", lpu.LottoOptions{}, "campo_obbligatorio"},
		{"colonna ripetuta", "fattispecie,ammenda,Ammenda\n", lpu.LottoOptions{}, "colonna_ripetuta"},
		{"formato", "[]", lpu.LottoOptions{Formato: "xml"}, "valore_non_ammesso"},
		{"separatore", "[]", lpu.LottoOptions{Formato: "csv", Separatore: '|'}, "valore_non_ammesso"},
	} {
		var out bytes.Buffer
		_, err := e.Lotto(context.Background(), strings.NewReader(c.in), &out, c.o)
		var le *lpu.Error
		if !errors.As(err, &le) || string(le.Code) != c.codice {
			t.Errorf("%s: got %v; want codice %s", c.nome, err, c.codice)
		}
		if out.Len() != 0 {
			t.Errorf("%s: nessun esito atteso prima dell'errore del lotto, got %q", c.nome, out.String())
		}
	}
	var out bytes.Buffer
	st, err := e.Lotto(context.Background(), strings.NewReader("fattispecie,data,ammenda,cognome\ncds186,2025-06-10,250,Rossi\n"), &out, lpu.LottoOptions{IgnoraColonne: true, Formato: "json"})
	if err != nil || st.OK != 1 {
		t.Errorf("ignora-colonne: got %+v, %v\n%s", st, err, out.String())
	}
	out.Reset()
	if _, err := e.Lotto(context.Background(), strings.NewReader("[]"), &out, lpu.LottoOptions{}); err != nil || out.String() != "[]\n" {
		t.Errorf("array vuoto: got %q, %v; want []", out.String(), err)
	}
}

// generaCSV writes n cases as an office would: calcolo and fondo rows,
// Italian amounts and dates, one bad row in fifty.
func generaCSV(n int) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		var b bytes.Buffer
		b.WriteString("rif;tipo;fattispecie;data;arresto_mesi;arresto_giorni;ammenda;incidente;sostituzioni_precedenti;convenzione;giorni\n")
		for i := 1; i <= n; i++ {
			g := 1 + i%28
			switch {
			case i%50 == 0:
				fmt.Fprintf(&b, "R%d;;cds186;%02d/03/2025;1;;12,5,0;no;0;dm2001;\n", i, g)
			case i%5 == 0:
				fmt.Fprintf(&b, "R%d;fondo;cds186;%02d/01/2025;;;;;;dm2001;%d\n", i, g, 10+i%300)
			default:
				fmt.Fprintf(&b, "R%d;;cds186;%02d/06/2025;%d;%d;%d.%03d,00;no;0;dm2001;\n", i, g, i%7, i%29, 1+i%6, (i*37)%1000)
			}
			if b.Len() > 32<<10 || i == n {
				if _, err := pw.Write(b.Bytes()); err != nil {
					return
				}
				b.Reset()
			}
		}
		pw.Close()
	}()
	return pr
}

// memoriaMassima is a writer that discards the answer and samples the live
// heap every so many writes.
type memoriaMassima struct {
	scritture int
	byte      int64
	picco     uint64
}

func (m *memoriaMassima) Write(p []byte) (int, error) {
	m.scritture++
	m.byte += int64(len(p))
	if m.scritture%200 == 0 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		m.picco = max(m.picco, ms.HeapAlloc)
	}
	return len(p), nil
}

// TestLottoMemoriaLimitata runs 100,000 generated rows to a JSON answer
// (hundreds of megabytes) and 20,000 to a CSV one (a hundredth under the
// race detector, which is ten times slower), and checks that the live heap
// stays bounded: neither the input nor the answer is ever held.
func TestLottoMemoriaLimitata(t *testing.T) {
	if testing.Short() {
		t.Skip("lungo")
	}
	e := engine(t)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	for _, formato := range []string{"json", "csv"} {
		n := 100_000
		if formato == "csv" {
			n /= 5
		}
		if raceAttivo {
			n /= 100 // the bound is checked without the race detector; here the pipeline is
		}
		w := &memoriaMassima{}
		st, err := e.Lotto(context.Background(), generaCSV(n), w, lpu.LottoOptions{Formato: formato})
		if err != nil {
			t.Fatal(err)
		}
		if st.Casi != n || st.Errori != n/50 {
			t.Fatalf("%s: got %+v; want %d casi, %d errori", formato, st, n, n/50)
		}
		crescita := int64(w.picco) - int64(base)
		t.Logf("%s: %d casi, %d MB scritti, crescita massima dello heap %d KB", formato, n, w.byte>>20, crescita>>10)
		if crescita > 32<<20 {
			t.Errorf("%s: lo heap è cresciuto di %d MB per %d casi (%d MB di esiti): la memoria non è limitata", formato, crescita>>20, n, w.byte>>20)
		}
		if formato == "json" && w.byte < 4*32<<20 && !raceAttivo {
			t.Errorf("%s: esiti di soli %d MB: la prova non distingue uno stream da un buffer", formato, w.byte>>20)
		}
	}
}

type scritturaFallita struct{ dopo int }

func (s *scritturaFallita) Write(p []byte) (int, error) {
	if s.dopo <= 0 {
		return 0, errors.New("disco pieno")
	}
	s.dopo--
	return len(p), nil
}

// TestLottoScritturaFallita: a failing writer stops the batch and every
// goroutine ends.
func TestLottoScritturaFallita(t *testing.T) {
	e := engine(t)
	prima := runtime.NumGoroutine()
	_, err := e.Lotto(context.Background(), generaCSV(5000), &scritturaFallita{dopo: 3}, lpu.LottoOptions{Lavoratori: 4})
	if err == nil || !strings.Contains(err.Error(), "disco pieno") {
		t.Fatalf("got %v; want l'errore di scrittura", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > prima+1 && time.Now().Before(deadline) { // +1: the generator's pipe writer
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > prima+1 {
		t.Errorf("goroutine rimaste: %d (prima %d)", g, prima)
	}
}

// TestLottoOrdine: with many workers the answers keep the order of the rows.
func TestLottoOrdine(t *testing.T) {
	e := engine(t)
	// Under -race, 3 workers and 12 blocks of 64 rows: more than the 8
	// blocks 3 workers keep in flight (2n+2), so that the reader waits
	// for the writer as 3000 rows with 8 workers make it wait without
	// -race (make test runs it so, in DIFFERENZIALI).
	righe, lavoratori := 3000, 8
	if raceAttivo {
		righe, lavoratori = 12*64, 3
	}
	var out bytes.Buffer
	st, err := e.Lotto(context.Background(), generaCSV(righe), &out, lpu.LottoOptions{Lavoratori: lavoratori, Formato: "csv", Separatore: ','})
	if err != nil || st.Casi != righe {
		t.Fatalf("got %+v, %v", st, err)
	}
	for i, r := range leggiEsitiCSV(t, out.Bytes(), ',') {
		if want := fmt.Sprintf("R%d", i+1); r["rif"] != want || r["riga"] != fmt.Sprint(i+2) {
			t.Fatalf("esito %d: got rif %s riga %s; want %s riga %d", i, r["rif"], r["riga"], want, i+2)
		}
		if r["premio_stimato"] != "" && strings.Contains(r["premio_stimato"], ",") {
			t.Fatalf("con il separatore ',' i decimali hanno il punto, got %s", r["premio_stimato"])
		}
	}
}

// BenchmarkLotto runs b.N rows of generaCSV (80% calcolo of art. 186 with
// the Fund, 18% fondo, 2% bad) to a CSV answer. It reports cases per
// second of wall time (casi/s) and per second of CPU time (casi/s-cpu):
// on a machine shared with other work the second is the steadier figure,
// and the wall-time rate on an idle machine is about it times the cores.
// The collector runs with GOGC=400, as lpu lotto sets it.
func BenchmarkLotto(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	e := engine(b)
	var in bytes.Buffer
	io.Copy(&in, generaCSV(b.N))
	b.ReportAllocs()
	cpu := tempoCPU()
	b.ResetTimer()
	st, err := e.Lotto(context.Background(), bytes.NewReader(in.Bytes()), io.Discard, lpu.LottoOptions{Formato: "csv"})
	if err != nil || st.Casi != b.N {
		b.Fatalf("got %+v, %v", st, err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "casi/s")
	if d := tempoCPU() - cpu; d > 0 {
		b.ReportMetric(float64(b.N)/d.Seconds(), "casi/s-cpu")
	}
}

// TestCSVIllegibileInItaliano: a CSV encoding/csv cannot read is told
// in Italian, with its line and character, never with encoding/csv's
// English («bare " in non-quoted-field»).
func TestCSVIllegibileInItaliano(t *testing.T) {
	e := engine(t)
	righe := "fattispecie,data,ammenda\ncds186,2025-06-10,1\"500\ncds186,2025-06-10,\"15\"00\ncds186,2025-06-10,\"1500\n"
	var out bytes.Buffer
	if _, err := e.Lotto(context.Background(), strings.NewReader(righe), &out, lpu.LottoOptions{Formato: "json"}); err != nil {
		t.Fatal(err)
	}
	var got []lpu.EsitoLotto
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	const virgolette = `; una cella che contiene «"» va tutta tra virgolette, con le virgolette interne raddoppiate: «"1""500"»`
	want := []string{
		`riga CSV illeggibile: virgolette «"» dentro una cella senza virgolette (riga 2, carattere 20)` + virgolette,
		`riga CSV illeggibile: virgolette «"» non chiuse, o seguite da altro testo nella stessa cella (riga 3, carattere 22)` + virgolette,
		`riga CSV illeggibile: virgolette «"» non chiuse, o seguite da altro testo nella stessa cella (riga 4, carattere 25)` + virgolette,
	}
	if len(got) != len(want) {
		t.Fatalf("%d esiti; want %d\n%s", len(got), len(want), out.String())
	}
	for i, w := range want {
		if g := got[i].Errore; g == nil || g.Code != lpu.CodeCSVNonValido || g.Message != w {
			t.Errorf("riga %d:\n got %+v\nwant %s", i+2, g, w)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"fattispecie,\"data\"x,ammenda\n", `intestazione del CSV illeggibile: virgolette «"» non chiuse, o seguite da altro testo nella stessa cella (riga 1, carattere 18)` + virgolette},
		{"fattispecie,\"data,ammenda\ncds186,2025-06-10,1500\n", `intestazione del CSV illeggibile: virgolette «"» aperte alla riga 1 e non chiuse, o seguite da altro testo nella stessa cella (riga 2, carattere 24)` + virgolette},
	} {
		_, err := e.Lotto(context.Background(), strings.NewReader(c.in), io.Discard, lpu.LottoOptions{})
		if le := lpu.AsError(err); le == nil || le.Code != lpu.CodeCSVNonValido || le.Message != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.in, err, c.want)
		}
	}
}

// TestLottoRigaCorta: a row with fewer cells than the header is an error
// of that row, as a longer one is, never a case read with its values
// under the wrong columns: here the ammenda, with the arresto's cell
// left out, would be read as 1,500 days of arresto.
func TestLottoRigaCorta(t *testing.T) {
	in := "rif,fattispecie,data,arresto_giorni,ammenda\n" +
		"A-1,cds186,2025-06-10,15,1500\n" +
		"A-2,cds186,2025-06-10,1500\n" +
		"A-3,cds186,2025-06-10,15,1500,,\n"
	var out bytes.Buffer
	if _, err := engine(t).Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{}); err != nil {
		t.Fatal(err)
	}
	rows := leggiEsitiCSV(t, out.Bytes(), ',')
	if len(rows) != 3 {
		t.Fatalf("got %d esiti; want 3\n%s", len(rows), out.String())
	}
	if r := rows[0]; r["esito"] != "ok" || r["giorni"] != "21" {
		t.Errorf("A-1: %v", r)
	}
	if r := rows[1]; r["esito"] != "errore" || r["giorni"] != "" || !strings.Contains(r["errore_messaggio"], "la riga ha 4 campi, l'intestazione 5") {
		t.Errorf("A-2, una cella mancante: %v", r)
	}
	if r := rows[2]; r["esito"] != "ok" || r["giorni"] != "21" {
		t.Errorf("A-3, celle vuote in più alla fine: %v", r)
	}
}

// TestLottoCellaIntera: an integer cell is digits alone, with a sign
// at most. 1e5, 3.0 and 1.000 were read as JSON numbers: 1e1 as 10 days,
// 3.0 as 3, and 1.000, a thousand to an Italian, as 1. They are refused
// with the cell's column, as another bad cell is; 015 and +15 are 15.
func TestLottoCellaIntera(t *testing.T) {
	e := engine(t)
	for _, c := range []struct{ cella, codice, giorni string }{
		{"15", "", "21"},
		{"015", "", "21"},
		{"+15", "", "21"},
		{"1e1", "tipo_errato", ""},
		{"1E1", "tipo_errato", ""},
		{"15.0", "tipo_errato", ""},
		{"15,0", "tipo_errato", ""},
		{"1.000", "tipo_errato", ""},
		{"0x0F", "tipo_errato", ""},
		{"-1", "fuori_intervallo", ""},
	} {
		in := "rif;fattispecie;data;Arresto (giorni);ammenda\nA;cds186;2025-06-10;" + c.cella + ";1500\n"
		var out bytes.Buffer
		if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{}); err != nil {
			t.Fatal(err)
		}
		r := leggiEsitiCSV(t, out.Bytes(), ';')[0]
		campo := ""
		if c.codice != "" {
			campo = "Arresto (giorni)"
		}
		if r["errore_codice"] != c.codice || r["errore_campo"] != campo || r["giorni"] != c.giorni {
			t.Errorf("«%s»: got giorni %q, codice %q, campo %q (%s); want giorni %q, codice %q, campo %q",
				c.cella, r["giorni"], r["errore_codice"], r["errore_campo"], r["errore_messaggio"], c.giorni, c.codice, campo)
		}
		if c.codice == "tipo_errato" && r["errore_messaggio"] != "atteso un numero intero, scritto con le sole cifre (ad es. 15), trovato «"+c.cella+"»" {
			t.Errorf("«%s»: messaggio %q", c.cella, r["errore_messaggio"])
		}
	}
}

// TestLottoIntestazioneConColonneVuote: a header that ends with empty
// column names (a spreadsheet's selection one column too wide, a
// separator typed after the last name) makes no row longer: a row that
// leaves out the cells of those columns has every named cell where it
// belongs, and is computed; one that leaves out a named column's cell is
// still refused.
func TestLottoIntestazioneConColonneVuote(t *testing.T) {
	in := "rif;fattispecie;data;arresto_giorni;ammenda;;\n" +
		"A-1;cds186;2025-06-10;15;1500;;\n" +
		"A-2;cds186;2025-06-10;15;1500\n" +
		"A-3;cds186;2025-06-10;15;1500;\n" +
		"A-4;cds186;2025-06-10;1500\n"
	var out bytes.Buffer
	if _, err := engine(t).Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{}); err != nil {
		t.Fatal(err)
	}
	rows := leggiEsitiCSV(t, out.Bytes(), ';')
	if len(rows) != 4 {
		t.Fatalf("got %d esiti; want 4\n%s", len(rows), out.String())
	}
	for i, r := range rows[:3] {
		if r["esito"] != "ok" || r["giorni"] != "21" {
			t.Errorf("A-%d: %v; want 21 giorni", i+1, r)
		}
	}
	if r := rows[3]; r["esito"] != "errore" || !strings.Contains(r["errore_messaggio"], "la riga ha 4 campi, l'intestazione 7") {
		t.Errorf("A-4, una cella mancante: %v", r)
	}
}

// TestLottoEtichettaValore: a cell of a field with declared values may
// write a value by its label, as the form and the template show it
// (without regard to case and spaces): the row computes as with the
// code; a cell that is neither is a value not allowed, with the values
// and their labels, however long it is.
func TestLottoEtichettaValore(t *testing.T) {
	e := engine(t)
	in := "Rif;Tipo;Fattispecie;Data;Reclusione mesi;Convenzione;Giorni\n" +
		"C-1;;l689_56bis;10/06/2025;6;dm2023_56bis;\n" +
		"C-2;;l689_56bis;10/06/2025;6;modello del D.M. 27 luglio 2023 (art. 56-bis);\n" +
		"C-3;;l689_56bis;10/06/2025;6;  Modello del D.M.  27 luglio 2023 (ART. 56-bis) ;\n" +
		"C-4;fondo;l689_56bis;10/06/2025;;dm2023_56bis;180\n" +
		"C-5;fondo;l689_56bis;10/06/2025;;modello del D.M. 27 luglio 2023 (art. 56-bis);180\n" +
		"C-6;;l689_56bis;10/06/2025;6;modello del D.M. 27 luglio 2023 (art. 56 bis);\n" +
		"C-7;;l689_56bis;10/06/2025;6;dm2023;\n"
	var out bytes.Buffer
	if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{}); err != nil {
		t.Fatal(err)
	}
	rows := leggiEsitiCSV(t, out.Bytes(), ';')
	if len(rows) != 7 {
		t.Fatalf("got %d esiti; want 7\n%s", len(rows), out.String())
	}
	senza := func(r map[string]string) string {
		r = maps.Clone(r)
		delete(r, "riga")
		delete(r, "rif")
		return fmt.Sprint(r)
	}
	for _, c := range [][2]int{{0, 1}, {0, 2}, {3, 4}} {
		a, b := rows[c[0]], rows[c[1]]
		if a["esito"] != "ok" || senza(a) != senza(b) {
			t.Errorf("%s (label) answers otherwise than %s (code):\n%v\n%v", b["rif"], a["rif"], b, a)
		}
	}
	for _, r := range rows[5:] {
		if r["errore_codice"] != "valore_non_ammesso" || r["errore_campo"] != "Convenzione" ||
			!strings.Contains(r["errore_messaggio"], "«modello del D.M. 27 luglio 2023 (art. 56-bis)» (dm2023_56bis)") {
			t.Errorf("%s: %s %s %q; want valore_non_ammesso on Convenzione, with the values and their labels", r["rif"], r["errore_codice"], r["errore_campo"], r["errore_messaggio"])
		}
	}
}

// TestLottoImportoNegativo: an amount cell with a minus sign is a number
// below the bound, told as the API tells it («il
// valore non può essere negativo», with the code of an amount not
// allowed, as the API's), not as no amount at all.
func TestLottoImportoNegativo(t *testing.T) {
	e := engine(t)
	for _, c := range []struct{ cella, codice, messaggio string }{
		{"-5", "importo_non_valido", "«Ammenda (€)»: importo non valido: «-5» (il valore non può essere negativo)"},
		{"-1.500,00", "importo_non_valido", "«Ammenda (€)»: importo non valido: «-1.500,00» (il valore non può essere negativo)"},
		{"-1.500", "importo_non_valido", "«Ammenda (€)»: importo non valido: «-1.500» (il valore non può essere negativo)"},
		{"€ -1500,5", "importo_non_valido", "«Ammenda (€)»: importo non valido: «-1500,5» (il valore non può essere negativo)"},
		{"--5", "importo_non_valido", ""},
		{"-mille", "importo_non_valido", ""},
	} {
		in := "rif;fattispecie;data;arresto_giorni;ammenda\nA;cds186;2025-06-10;15;" + c.cella + "\n"
		var out bytes.Buffer
		if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{}); err != nil {
			t.Fatal(err)
		}
		r := leggiEsitiCSV(t, out.Bytes(), ';')[0]
		if r["errore_codice"] != c.codice || (c.messaggio != "" && r["errore_messaggio"] != c.messaggio) {
			t.Errorf("«%s»: codice %q, messaggio %q; want %q, %q", c.cella, r["errore_codice"], r["errore_messaggio"], c.codice, c.messaggio)
		}
	}
}
