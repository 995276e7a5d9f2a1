package lotto

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// dominioProva is a domain of one kind of request, "calcolo", whose
// answer is the sum of the integer columns a and b: no rules engine.
func dominioProva() *Dominio {
	cat := NuovoCatalogo([]Voce{
		{"a", Colonna{Percorso: []string{"a"}, Genere: GenereIntero}},
		{"b", Colonna{Percorso: []string{"x", "b"}, Genere: GenereIntero}},
		{"fattispecie", Colonna{Percorso: []string{"fattispecie"}, Genere: GenereTesto}},
	})
	return &Dominio{
		Cataloghi:   map[string]*Catalogo{"calcolo": cat, "fondo": NuovoCatalogo(nil)},
		Vocabolario: map[string][]Campo{"calcolo": {{Nome: "a", Etichetta: "Primo addendo"}}},
		MaxStringa:  20,
		Valuta: func(ctx context.Context, tipo string, raw map[string]any) (any, error) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			a, err := json.Number(fmt.Sprint(raw["a"])).Int64()
			if err != nil {
				return nil, &Errore{Motivo: MotivoTipo, Campo: "a", Messaggio: "atteso un intero"}
			}
			x, _ := raw["x"].(map[string]any)
			b, _ := json.Number(fmt.Sprint(x["b"])).Int64()
			return a + b, nil
		},
		Decodifica: func(b []byte) (any, error) {
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber()
			var x any
			return x, d.Decode(&x)
		},
		Sintassi:    func(err error) string { return err.Error() },
		Fattispecie: func(nome string) (string, bool) { return strings.ToLower(nome), nome != "" },
		DescriviErrore: func(err error) (string, string, string) {
			var e *Errore
			if errors.As(err, &e) {
				return fmt.Sprint(int(e.Motivo)), e.Campo, e.Messaggio
			}
			return "interno", "", err.Error()
		},
		JSON: func(dst []byte, es Esito) []byte {
			b, _ := json.Marshal(map[string]any{"riga": es.Riga, "esito": es.Esito, "risultato": es.Risultato})
			return append(append(dst, b...), '\n')
		},
		Celle: func(r any) Celle { return Celle{Giorni: fmt.Sprint(r)} },
	}
}

// TestEseguiCSV: rows in order, the label of a field read as its column,
// an error of the evaluation named by the column that set the field.
func TestEseguiCSV(t *testing.T) {
	// (99999999999999999999 is a cell of digits that Valuta refuses:
	// «due» is refused by the reading of the cell, before Valuta)
	in := "Rif.;Fattispecie;Primo addendo;b\nR1;X;2;3\nR2;X;99999999999999999999;1\n"
	var out bytes.Buffer
	st, err := Esegui(context.Background(), dominioProva(), strings.NewReader(in), &out, Opzioni{Lavoratori: 2})
	if err != nil || st.Casi != 2 || st.OK != 1 || st.Errori != 1 {
		t.Fatalf("%+v, %v", st, err)
	}
	righe := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(righe) != 3 || !strings.HasPrefix(righe[1], "2;R1;calcolo;ok;x;5;") {
		t.Fatalf("answer:\n%s", out.String())
	}
	if !strings.Contains(righe[2], ";Primo addendo;atteso un intero") {
		t.Errorf("the error of row 3 does not name its column: %s", righe[2])
	}
}

// TestEseguiJSON: a JSON array, a bad tipo refused in its own row.
func TestEseguiJSON(t *testing.T) {
	in := `[{"a": 1, "x": {"b": 2}}, {"tipo": "altro"}]`
	var out bytes.Buffer
	st, err := Esegui(context.Background(), dominioProva(), strings.NewReader(in), &out, Opzioni{})
	if err != nil || st.Casi != 2 || st.Errori != 1 {
		t.Fatalf("%+v, %v", st, err)
	}
	want := "[\n{\"esito\":\"ok\",\"riga\":1,\"risultato\":3},\n{\"esito\":\"errore\",\"riga\":2,\"risultato\":null}\n]\n"
	if out.String() != want {
		t.Errorf("answer %q, want %q", out.String(), want)
	}
}

// TestEseguiErrori: errors of the batch as a whole are *Errore.
func TestEseguiErrori(t *testing.T) {
	for in, m := range map[string]Motivo{"": MotivoVuoto, "{}": MotivoJSON, "c;b\n1;2\n": MotivoColonnaSconosciuta, "a\n1\n": MotivoMancante} {
		_, err := Esegui(context.Background(), dominioProva(), strings.NewReader(in), &bytes.Buffer{}, Opzioni{})
		var e *Errore
		if !errors.As(err, &e) || e.Motivo != m {
			t.Errorf("%q: %v, want motivo %d", in, err, m)
		}
	}
}

// TestBloccoAnnullato: once the lotto's context is done, a block is not
// evaluated nor written.
func TestBloccoAnnullato(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := &codificatore{ctx: ctx, d: dominioProva(), formato: "json"}
	if r := c.blocco([]elemento{{riga: 2, raw: []byte(`{"a": 1}`)}}); r.ok+r.errori != 0 || len(r.out) != 0 {
		t.Errorf("a block after the cancel wrote %d results", r.ok+r.errori)
	}
	var out bytes.Buffer
	st, err := Esegui(ctx, dominioProva(), strings.NewReader(`[{"a": 1}]`), &out, Opzioni{})
	if !errors.Is(err, context.Canceled) || !st.Annullato || st.Casi != 0 {
		t.Errorf("%+v, %v; want Annullato wrapping context.Canceled", st, err)
	}
}

// TestAlias: a field's label and its other names read as its column,
// after normalisation; a name two fields share is no alias of either.
func TestAlias(t *testing.T) {
	d := dominioProva()
	d.Vocabolario["calcolo"] = []Campo{
		{Nome: "a", Tipo: "intero", Etichetta: "Primo addendo (€)", Colonne: []string{"Addendo", "Comune"}},
		{Nome: "x.b", Tipo: "intero", Etichetta: "Secondo", Colonne: []string{"comune"}},
	}
	a := d.Alias()["calcolo"]
	if a["primo_addendo"] != "a" || a["addendo"] != "a" || a["secondo"] != "x.b" {
		t.Errorf("alias %v", a)
	}
	if _, ok := a["comune"]; ok {
		t.Errorf("a name two fields share is an alias: %v", a)
	}
}

// TestModello: the template names the columns its examples fill by their
// labels, in the vocabulary's order, and reads back.
func TestModello(t *testing.T) {
	d := dominioProva()
	d.Vocabolario["calcolo"] = []Campo{{Nome: "x.b", Tipo: "intero", Etichetta: "Secondo"}, {Nome: "a", Tipo: "intero", Etichetta: "Primo"}, {Nome: "fattispecie", Tipo: "testo"}}
	m := d.Modello([]Esempio{{Tipo: "calcolo", Richiesta: map[string]any{"fattispecie": "f1", "a": json.Number("2"), "x": map[string]any{"b": json.Number("3")}}}})
	want := "\ufeffRif.;Tipo;Fattispecie;Secondo;Primo\nESEMPIO-1;calcolo;f1;3;2\n"
	if string(m) != want {
		t.Fatalf("template %q, want %q", m, want)
	}
	var out bytes.Buffer
	if st, err := Esegui(context.Background(), d, bytes.NewReader(m), &out, Opzioni{}); err != nil || st.OK != 1 {
		t.Errorf("the template does not read back: %+v, %v\n%s", st, err, out.String())
	}
}

// TestLavoratoriLimitati: a batch that asks for 65,536 goroutines runs
// at most MaxLavoratoriPerCPU×GOMAXPROCS of them.
func TestLavoratoriLimitati(t *testing.T) {
	d := dominioProva()
	valuta := d.Valuta
	var massimo atomic.Int64
	d.Valuta = func(ctx context.Context, tipo string, raw map[string]any) (any, error) {
		if n := int64(runtime.NumGoroutine()); n > massimo.Load() {
			massimo.Store(n)
		}
		return valuta(ctx, tipo, raw)
	}
	prima := runtime.NumGoroutine()
	var sb strings.Builder
	sb.WriteString("fattispecie,a,b\n")
	for i := range 200 {
		fmt.Fprintf(&sb, "x,%d,1\n", i)
	}
	st, err := Esegui(context.Background(), d, strings.NewReader(sb.String()), io.Discard, Opzioni{Lavoratori: 1 << 16})
	if err != nil || st.OK != 200 {
		t.Fatalf("%+v, %v", st, err)
	}
	if limite := int64(prima + MaxLavoratoriPerCPU*runtime.GOMAXPROCS(0) + 8); massimo.Load() > limite {
		t.Errorf("%d goroutines while evaluating; want at most %d", massimo.Load(), limite)
	}
	for _, c := range []struct{ chiesti, want int }{
		{0, runtime.GOMAXPROCS(0)}, {-3, runtime.GOMAXPROCS(0)}, {1, 1}, {1 << 21, MaxLavoratoriPerCPU * runtime.GOMAXPROCS(0)},
	} {
		if got := Lavoratori(c.chiesti); got != c.want {
			t.Errorf("Lavoratori(%d) = %d; want %d", c.chiesti, got, c.want)
		}
	}
}

// TestLeggiCSVRigheInghiottite: every line a record that cannot be read
// swallowed gets its own error, in order, but the blank ones (no row);
// the records after keep their line numbers.
func TestLeggiCSVRigheInghiottite(t *testing.T) {
	for _, c := range []struct {
		nome, in string
		want     string // riga:e (error) or riga:ok
	}{
		{"fino alla fine", "h;a\n\"x;1\ny;2\n;;\n\r\n  \nz;3", "2:e 3:e 7:e"},
		{"chiuse più avanti", "h;a\nw;0\n\"x;1\ny;2\n;\nz\" q;3\nv;4\n", "2:ok 3:e 4:e 6:e 7:ok"},
		{"senza a capo finale, riga vuota", "h;a\n\"x;1\ny;2\n;", "2:e 3:e"},
		{"chiuse dopo una cella", "h;a\nw;0\n\"x;1\ny;2\n\n;\nz\";3\nv;4\n", "2:ok 3:e 4:e 7:e 8:ok"},
		{"chiuse nella prima cella della riga dopo", "h;a\nw;0\nx;\"1\ny\";2\nv;4\n", "2:ok 3:e 4:e 5:ok"},
		{"una cella che va a capo", "h;a\n\"x\ny\";1\nv;4\n", "2:ok 4:ok"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			rv := &righeVuote{r: strings.NewReader(c.in), sep: ';'}
			cr := csv.NewReader(rv)
			cr.Comma, cr.FieldsPerRecord = ';', -1
			if _, err := cr.Read(); err != nil {
				t.Fatal(err)
			}
			var got []string
			aperte := 0 // the line of the quote: the first error's
			leggiCSV(cr, rv, 2, func(el elemento) bool {
				esito := "ok"
				if el.err != nil {
					esito = "e"
					if aperte == 0 {
						aperte = el.riga
					}
					if !strings.Contains(el.err.Messaggio, fmt.Sprintf("aperte alla riga %d", aperte)) {
						t.Errorf("riga %d: %s", el.riga, el.err.Messaggio)
					}
				}
				got = append(got, fmt.Sprintf("%d:%s", el.riga, esito))
				return true
			})
			if g := strings.Join(got, " "); g != c.want {
				t.Errorf("got %s, want %s", g, c.want)
			}
		})
	}
}

// TestLeggiCSVMessaggi: what the lines of a record that cannot be read
// are told depends on the cause. A bare quote further on is not a quote
// «aperte … e non chiuse» (the quoted cell that wrapped was closed), and
// one line swallowed is «la riga 3 è finita», not «sono finite».
func TestLeggiCSVMessaggi(t *testing.T) {
	for _, c := range []struct {
		nome, in  string
		want, non [][]string // per error, in order: substrings it has, and has not
	}{
		{"virgolette dentro una cella, dopo una cella che va a capo", "h;a;b\n\"x\ny\";1,\"00;no\nv;4;5\n",
			[][]string{{"dentro una cella senza virgolette (riga 3", "la riga CSV iniziata alla riga 2 continua fino alla riga 3", "la riga 3 non è stata letta"},
				{"riga CSV non letta: fa parte della riga CSV iniziata alla riga 2", "corretta la riga 2"}},
			[][]string{{"non chiuse", "sono finite"}, {"non chiuse"}}},
		{"una riga inghiottita", "h;a\n\"x;1\ny\"z;2\nv;4\n",
			[][]string{{"aperte alla riga 2 e non chiuse", "la riga 3 è finita nella stessa cella e non è stata letta"},
				{"le virgolette «\"» aperte alla riga 2 l'hanno inclusa nella stessa cella"}},
			[][]string{{"sono finite"}, nil}},
		{"due righe inghiottite", "h;a\n\"x;1\ny;2\nz\";3\nv;4\n",
			[][]string{{"aperte alla riga 2 (carattere 1) si chiudono solo alla riga 4", "le righe da 2 a 4 sono finite", "le righe 3 e 4 non sono state lette", "separatore «;»"},
				{"aperte alla riga 2"}, {"aperte alla riga 2"}},
			[][]string{nil, {"non chiuse"}, {"non chiuse"}}},
	} {
		t.Run(c.nome, func(t *testing.T) {
			rv := &righeVuote{r: strings.NewReader(c.in), sep: ';'}
			cr := csv.NewReader(rv)
			cr.Comma, cr.FieldsPerRecord = ';', -1
			testa, err := cr.Read()
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			leggiCSV(cr, rv, len(testa), func(el elemento) bool {
				if el.err != nil {
					msgs = append(msgs, el.err.Messaggio)
				}
				return true
			})
			if len(msgs) != len(c.want) {
				t.Fatalf("%d errors, want %d: %q", len(msgs), len(c.want), msgs)
			}
			for i, m := range msgs {
				for _, w := range c.want[i] {
					if !strings.Contains(m, w) {
						t.Errorf("error %d: %s\nwant %q in it", i+1, m, w)
					}
				}
				for _, w := range c.non[i] {
					if strings.Contains(m, w) {
						t.Errorf("error %d: %s\nwant no %q in it", i+1, m, w)
					}
				}
			}
		})
	}
}

// TestRigheVuoteMemoria: the blank lines of a CSV are kept as runs, not
// one int each: 2 MiB of empty lines between two rows used to allocate
// some 90 MB (50 MB of them took the CLI to 1.9 GB), and a blank line
// is still told from a row after them.
func TestRigheVuoteMemoria(t *testing.T) {
	const n = 2 << 20 // (a list of every line took 94 MB for them)
	in := "fattispecie,a,b\nx,1,1\n" + strings.Repeat("\n", n) + "x,2,2\n\"y,3\n \n;\nz,4\n"
	d := dominioProva()
	var prima, dopo runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&prima)
	var out bytes.Buffer
	st, err := Esegui(context.Background(), d, strings.NewReader(in), &out, Opzioni{Lavoratori: 1})
	runtime.ReadMemStats(&dopo)
	if err != nil || st.OK != 2 || st.Errori != 3 {
		t.Fatalf("%+v, %v\n%s", st, err, out.String())
	}
	if !strings.Contains(out.String(), fmt.Sprintf("\n%d,", n+4)) || !strings.Contains(out.String(), fmt.Sprintf("\n%d,", n+7)) {
		t.Errorf("the rows after the blank lines are not at their lines:\n%s", out.String())
	}
	if strings.Contains(out.String(), fmt.Sprintf("\n%d,", n+5)) {
		t.Errorf("the blank line %d inside the quote has a result:\n%s", n+5, out.String())
	}
	alloc := dopo.TotalAlloc - prima.TotalAlloc
	t.Logf("%d KB allocated", alloc>>10)
	if alloc > 8<<20 {
		t.Errorf("%d MB allocated for %d MB of blank lines; want at most 8", alloc>>20, n>>20)
	}
}

// TestRigheVuote: righeVuote tells each line asked for, in order, as a
// list of every line would, whatever the runs of blank and full lines,
// the lines skipped between questions, and how far ahead it has read.
func TestRigheVuote(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for prova := range 100 {
		var in strings.Builder
		var vuote []bool // of line i+1
		corse := rnd.IntN(400)
		if prova%25 == 0 {
			corse = 20000 // more than 4 KB of runs, kept until asked for
		}
		for range corse {
			corsa, v := 1+rnd.IntN(1+rnd.IntN(200)), rnd.IntN(2) == 0
			for range corsa {
				if v {
					in.WriteString([]string{"", " ", ";;", "\r"}[rnd.IntN(4)])
				} else {
					in.WriteString("x;1")
				}
				in.WriteString("\n")
				vuote = append(vuote, v)
			}
		}
		ultima := len(vuote) + 1 // a last line with nothing: blank
		if rnd.IntN(2) == 0 {
			in.WriteString("y")
			vuote = append(vuote, false)
			ultima = len(vuote)
		}
		rv := &righeVuote{r: strings.NewReader(in.String()), sep: ';'}
		riga := 1 + rnd.IntN(3)
		chiedi := func(fino int) {
			for ; riga <= fino; riga += 1 + rnd.IntN(1+rnd.IntN(100)) {
				want := riga > len(vuote) || vuote[riga-1]
				if got := rv.vuota(riga); got != want {
					t.Fatalf("prova %d, riga %d of %d: vuota %v, want %v", prova, riga, len(vuote), got, want)
				}
			}
		}
		buf := make([]byte, 256)
		for {
			// the questions come as the lines are read, as from leggiCSV
			_, err := rv.Read(buf[:1+rnd.IntN(len(buf))])
			if err == io.EOF {
				break
			}
			if prova%3 != 0 { // (or all the lines read first)
				chiedi(rv.riga - rnd.IntN(20))
			}
		}
		chiedi(ultima)
	}
}

// TestUsciteCSV: the domain's outputs are columns after the fixed ones,
// named by their names (their labels for a person); an amount gets the
// decimal comma of a ';' answer, a text is made safe for a spreadsheet.
func TestUsciteCSV(t *testing.T) {
	d := dominioProva()
	d.Uscite = []Uscita{{Nome: "nota", Etichetta: "Nota", Testo: true}, {Nome: "multa", Etichetta: "Multa (€)"}}
	d.Importi = map[string]bool{"multa": true}
	d.Celle = func(r any) Celle { return Celle{Giorni: fmt.Sprint(r), Uscite: []string{"=1+1", "12.50"}} }
	for _, o := range []Opzioni{{Separatore: ';'}, {Italiano: true}} {
		var out bytes.Buffer
		if _, err := Esegui(context.Background(), d, strings.NewReader("fattispecie,a\nX,2\n"), &out, o); err != nil {
			t.Fatal(err)
		}
		righe := strings.Split(strings.TrimSpace(out.String()), "\n")
		testa := ";errore_messaggio;nota;multa"
		if o.Italiano {
			testa = ";Errore;Nota;Multa (€)"
		}
		if len(righe) != 2 || !strings.HasSuffix(righe[0], testa) || !strings.HasSuffix(righe[1], ";'=1+1;12,50") {
			t.Errorf("%+v: answer:\n%s", o, out.String())
		}
	}
}

// TestLeggiCSVRigaVuota: a row of empty cells («;;;;», a spreadsheet's
// empty row) is an input row too: it gets its own result, an error that
// says it is empty, and the rows after it keep their line numbers (it
// was skipped in silence: 300 rows in, 299 results).
func TestLeggiCSVRigaVuota(t *testing.T) {
	rv := &righeVuote{r: strings.NewReader("h;a\nx;1\n; \ny;2\n"), sep: ';'}
	cr := csv.NewReader(rv)
	cr.Comma, cr.FieldsPerRecord = ';', -1
	if _, err := cr.Read(); err != nil {
		t.Fatal(err)
	}
	var got []string
	leggiCSV(cr, rv, 2, func(el elemento) bool {
		esito := "ok"
		if el.err != nil {
			esito = "e"
			if el.err.Motivo != MotivoRiga || !strings.HasPrefix(el.err.Messaggio, "riga vuota") {
				t.Errorf("riga %d: %v %s", el.riga, el.err.Motivo, el.err.Messaggio)
			}
		}
		got = append(got, fmt.Sprintf("%d:%s", el.riga, esito))
		return true
	})
	if s := strings.Join(got, " "); s != "2:ok 3:e 4:ok" {
		t.Errorf("got %s, want 2:ok 3:e 4:ok", s)
	}
}

// TestLeggiCSVVuoteInFondo: the empty rows after the last case (an Excel
// sheet exports its formatted empty rows) have no result, leggiCSV counts
// them; those between cases keep theirs, also when a blank line or
// another empty row is between (they each gave an error result, and a
// file of a header and «;;;» rows alone was as many errors).
func TestLeggiCSVVuoteInFondo(t *testing.T) {
	for _, c := range []struct {
		nome, in, want string
		inFondo        int
	}{
		{"in fondo", "h;a\nx;1\n;\n; \n\n;;\n", "2:ok", 3},
		{"in mezzo e in fondo", "h;a\n;\nx;1\n;\n\n;\ny;2\n;\n", "2:e 3:ok 4:e 6:e 7:ok", 1},
		{"solo vuote", "h;a\n;\n;", "", 2},
	} {
		t.Run(c.nome, func(t *testing.T) {
			rv := &righeVuote{r: strings.NewReader(c.in), sep: ';'}
			cr := csv.NewReader(rv)
			cr.Comma, cr.FieldsPerRecord = ';', -1
			if _, err := cr.Read(); err != nil {
				t.Fatal(err)
			}
			var got []string
			n := leggiCSV(cr, rv, 2, func(el elemento) bool {
				esito := "ok"
				if el.err != nil {
					esito = "e"
				}
				got = append(got, fmt.Sprintf("%d:%s", el.riga, esito))
				return true
			})
			if s := strings.Join(got, " "); s != c.want || n != c.inFondo {
				t.Errorf("got %q and %d in fondo, want %q and %d", s, n, c.want, c.inFondo)
			}
		})
	}
}
