package lpu_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
)

// TestCorpus diffs the engine's answers against the corpus recorded in
// testdata/corpus (go test -run TestCorpus -update rewrites it): every
// request of the YAML suites through every command, with and without the
// explanation, the plan's ICS and register for every plan that computes,
// the examples (the request in examples/calcolo's comment, casi.csv as a
// CSV and a JSON lotto), in full; and about ten thousand random variants
// of calcolo, fondo and convenzione requests, by the sha256 of their
// answer. Any answer that changes by one byte fails the test: a change
// of the machinery must leave every answer the same.
func TestCorpus(t *testing.T) {
	// (the shared engine: its clock, lpu.OraProva, is the corpus's day)
	e := engine(t)
	dir := filepath.Join("testdata", "corpus")
	for _, f := range []struct {
		nome  string
		righe func(*lpu.Engine, testing.TB) []rigaCorpus
	}{
		{"suite.jsonl", corpusSuiteCondiviso},
		{"esempi.jsonl", corpusEsempi},
		{"varianti.txt", corpusVarianti},
	} {
		t.Run(f.nome, func(t *testing.T) {
			righe := f.righe(e, t)
			file := filepath.Join(dir, f.nome)
			if *aggiorna {
				if raceAttivo {
					t.Fatal("-update senza -race: sotto -race il corpus delle varianti è calcolato in parte")
				}
				scriviCorpus(t, file, righe)
				return
			}
			if raceAttivo && f.nome == "varianti.txt" {
				t.Log("sotto -race si calcola una variante su " + fmt.Sprint(campioneVarianti) + ": delle altre si confrontano il numero e il comando")
			}
			old := leggiCorpus(t, file)
			if raceAttivo && f.nome == "suite.jsonl" {
				t.Log("sotto -race si calcola un caso delle suite su " + fmt.Sprint(campioneSuite) + ", confrontato con le sue righe del corpus")
				old = slices.DeleteFunc(old, func(r rigaCorpus) bool { return !casoCampione(r.Caso) })
			}
			if len(old) != len(righe) {
				t.Errorf("%s: %d casi registrati, %d ora (go test -run TestCorpus -update riscrive il corpus)", file, len(old), len(righe))
			}
			// Show the first case that changed, preferring one that
			// changed besides the rules' sha256 (which any rule file
			// changes).
			diversi, primo, soloHash := 0, -1, true
			for i := range min(len(old), len(righe)) {
				a, b := old[i], righe[i]
				if a.chiave() == b.chiave() || b.saltata && a.Caso == b.Caso && a.Comando == b.Comando {
					continue
				}
				diversi++
				oltre := a.Hash != "" || hashRegole.ReplaceAllString(a.Risposta, "") != hashRegole.ReplaceAllString(b.Risposta, "")
				if primo < 0 || (soloHash && oltre) {
					primo, soloHash = i, !oltre
				}
			}
			if diversi > 0 {
				t.Errorf("%s, riga %d: la risposta è cambiata\n%s", file, primo+1, righe[primo].differenza(old[primo]))
				t.Errorf("%s: %d risposte su %d diverse dal corpus", file, diversi, len(righe))
			}
		})
	}
}

// rigaCorpus is one case of the corpus: a request through a command and
// its answer, in full (Risposta) or by its sha256 (Hash, for the random
// variants, whose request the generator makes again).
type rigaCorpus struct {
	Caso      string          `json:"caso"`
	Comando   string          `json:"comando"`
	Richiesta json.RawMessage `json:"richiesta,omitempty"`
	Risposta  string          `json:"risposta,omitempty"`
	Hash      string          `json:"-"`
	// saltata: a variant not computed (under -race, see
	// campioneVarianti): only its number and command are compared.
	saltata bool
}

func (r rigaCorpus) chiave() string {
	if r.Hash != "" {
		return r.Caso + " " + r.Comando + " " + r.Hash
	}
	return r.Caso + "\x00" + r.Comando + "\x00" + string(r.Richiesta) + "\x00" + r.Risposta
}

// differenza shows what changed from old to r readably.
func (r rigaCorpus) differenza(old rigaCorpus) string {
	var b strings.Builder
	fmt.Fprintf(&b, "caso: %s\ncomando: %s\nrichiesta: %s\n", r.Caso, r.Comando, r.Richiesta)
	if old.Caso != r.Caso || old.Comando != r.Comando {
		fmt.Fprintf(&b, "(nel corpus: caso %s, comando %s)\n", old.Caso, old.Comando)
	}
	if r.Hash != "" {
		fmt.Fprintf(&b, "sha256 nel corpus: %s\nsha256 ora:        %s\nrisposta ora: %s", old.Hash, r.Hash, r.Risposta)
		return b.String()
	}
	a, c := old.Risposta, r.Risposta
	i := 0
	for i < len(a) && i < len(c) && a[i] == c[i] {
		i++
	}
	da := max(0, i-120)
	fmt.Fprintf(&b, "primo byte diverso: %d\nnel corpus: …%s\nora:        …%s", i, tronca(a[da:], 400), tronca(c[da:], 400))
	return b.String()
}

var hashRegole = regexp.MustCompile(`sha256:[0-9a-f]{64}`)

func tronca(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func scriviCorpus(t testing.TB, file string, righe []rigaCorpus) {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, r := range righe {
		if r.Hash != "" {
			fmt.Fprintf(&b, "%s\t%s\t%s\n", r.Caso, r.Comando, r.Hash)
			continue
		}
		l, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(l)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func leggiCorpus(t testing.TB, file string) []rigaCorpus {
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("%v (go test -run TestCorpus -update lo crea)", err)
	}
	defer f.Close()
	var out []rigaCorpus
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		l := sc.Bytes()
		var r rigaCorpus
		if strings.HasSuffix(file, ".txt") {
			p := strings.Split(string(l), "\t")
			if len(p) != 3 {
				t.Fatalf("%s: riga %d non valida", file, len(out)+1)
			}
			r = rigaCorpus{Caso: p[0], Comando: p[1], Hash: p[2]}
		} else if err := json.Unmarshal(l, &r); err != nil {
			t.Fatalf("%s: riga %d: %v", file, len(out)+1, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rispostaCorpus is the bytes the server writes for an answer or an error.
func rispostaCorpus(t testing.TB, v any, err error) string {
	if err != nil {
		v = lpu.NewErrorBody(err)
	}
	b, jerr := lpu.AppendJSON(nil, v)
	if jerr != nil {
		t.Fatal(jerr)
	}
	return senzaHash(string(b))
}

// senzaHash writes the rules' sha256 as sha256:REGOLE: a rule file that
// changes no answer (a new file, a comment) leaves the corpus as it is.
func senzaHash(s string) string { return hashRegole.ReplaceAllString(s, "sha256:REGOLE") }

// comandiCorpus answers a JSON body by command, with or without the
// explanation, as Run does: a body Decode refuses is answered by Run
// itself, whose errors name their fields by their labels (Decode alone
// knows no vocabulary), the answer of the CLI and of the API.
var comandiCorpus = []struct {
	nome   string
	esegui func(e *lpu.Engine, body []byte, o ...lpu.Option) (any, error)
}{
	{"calcolo", func(e *lpu.Engine, body []byte, o ...lpu.Option) (any, error) {
		var r lpu.Richiesta
		if err := lpu.DecodeBytes(body, &r); err != nil {
			return e.Run(context.Background(), "calcolo", body)
		}
		return e.Calcolo(context.Background(), &r, o...)
	}},
	{"fondo", func(e *lpu.Engine, body []byte, o ...lpu.Option) (any, error) {
		var r lpu.RichiestaFondo
		if err := lpu.DecodeBytes(body, &r); err != nil {
			return e.Run(context.Background(), "fondo", body)
		}
		return e.Fondo(context.Background(), &r, o...)
	}},
	{"convenzione", func(e *lpu.Engine, body []byte, o ...lpu.Option) (any, error) {
		var r lpu.RichiestaConvenzione
		if err := lpu.DecodeBytes(body, &r); err != nil {
			return e.Run(context.Background(), "convenzione", body)
		}
		return e.Convenzione(context.Background(), &r, o...)
	}},
	{"piano", func(e *lpu.Engine, body []byte, o ...lpu.Option) (any, error) {
		var r lpu.RichiestaPiano
		if err := lpu.DecodeBytes(body, &r); err != nil {
			return e.Run(context.Background(), "piano", body)
		}
		return e.Piano(context.Background(), &r, o...)
	}},
}

// corpusSuite runs every suite request through every command, with and
// without the explanation (Esegui decodes and calls the same); a plan that computes also
// gives its ICS and its register (as the CLI and as the API write it).
func corpusSuite(e *lpu.Engine, t testing.TB) []rigaCorpus {
	var out []rigaCorpus
	nomi := map[string]bool{}
	for _, c := range comandiCorpus {
		nomi[c.nome] = true
	}
	for _, k := range lpu.Kinds() {
		if !nomi[k] {
			t.Fatalf("comando %s non registrato nel corpus", k)
		}
	}
	for _, c := range casiSuite(t) {
		caso := c.File + ": " + c.Nome
		if !casoCampione(caso) {
			continue
		}
		add := func(comando string, v any, err error) {
			out = append(out, rigaCorpus{Caso: caso, Comando: comando, Richiesta: c.Corpo, Risposta: rispostaCorpus(t, v, err)})
		}
		for _, k := range comandiCorpus {
			v, err := k.esegui(e, c.Corpo)
			add(k.nome, v, err)
			v, err = k.esegui(e, c.Corpo, lpu.WithoutExplanation())
			add(k.nome+" senza spiegazione", v, err)
			if p, ok := v.(*lpu.RisultatoPiano); ok && err == nil {
				var b bytes.Buffer
				err := p.ICS(&b)
				out = append(out, rigaCorpus{Caso: caso, Comando: "piano ics", Richiesta: c.Corpo, Risposta: senzaHash(b.String()) + errTesto(err)})
				for _, o := range []lpu.RegistroOptions{{Separatore: ';'}, {Separatore: ';', BOM: true}} {
					b.Reset()
					err := p.Registro(&b, o)
					out = append(out, rigaCorpus{Caso: caso, Comando: fmt.Sprintf("piano registro %+v", o), Richiesta: c.Corpo, Risposta: senzaHash(b.String()) + errTesto(err)})
				}
			}
		}
	}
	return out
}

// corpusSuiteCondiviso is corpusSuite of the test engine, computed once
// for TestCorpus and TestTestiAlSingolare, which only read its rows: it
// evaluates every suite case with every command, half a second of CPU
// under -race. Another engine's rows are computed anew.
func corpusSuiteCondiviso(e *lpu.Engine, t testing.TB) []rigaCorpus {
	t.Helper()
	if e != engine(t) {
		return corpusSuite(e, t)
	}
	// (a t.Fatal inside Do ends that test and leaves fatto false: the
	// others fail too, not on rows half computed)
	corpusSuiteUna.Do(func() { corpusSuiteRighe, corpusSuiteFatto = corpusSuite(e, t), true })
	if !corpusSuiteFatto {
		t.Fatal("corpusSuite: non calcolato (vedi il test che l'ha calcolato per primo)")
	}
	return corpusSuiteRighe
}

var (
	corpusSuiteUna   sync.Once
	corpusSuiteRighe []rigaCorpus
	corpusSuiteFatto bool
)

func errTesto(err error) string {
	if err != nil {
		return "\nerrore: " + err.Error()
	}
	return ""
}

// corpusEsempi runs the examples: the request of examples/calcolo, and
// examples/lotto/casi.csv as CSV and as JSON, with and without the
// explanation.
func corpusEsempi(e *lpu.Engine, t testing.TB) []rigaCorpus {
	var out []rigaCorpus
	body := []byte(`{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}}`)
	v, err := comandiCorpus[0].esegui(e, body)
	out = append(out, rigaCorpus{Caso: "examples/calcolo", Comando: "calcolo", Richiesta: body, Risposta: rispostaCorpus(t, v, err)})
	csvIn, err := os.ReadFile(filepath.Join("..", "examples", "lotto", "casi.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []lpu.LottoOptions{{}, {Formato: "json"}, {Formato: "json", Spiegazione: true}, {Formato: "csv", Separatore: ','}} {
		var b bytes.Buffer
		st, err := e.Lotto(context.Background(), bytes.NewReader(csvIn), &b, o)
		out = append(out, rigaCorpus{Caso: "examples/lotto/casi.csv",
			Comando:  fmt.Sprintf("lotto formato=%q separatore=%q spiegazione=%v", o.Formato, o.Separatore, o.Spiegazione),
			Risposta: senzaHash(b.String()) + fmt.Sprintf("\nstat: ingresso=%s casi=%d ok=%d errori=%d interrotto=%v", st.Ingresso, st.Casi, st.OK, st.Errori, st.Interrotto) + errTesto(err)})
	}
	return out
}

// campioneVarianti: under -race one variant in so many is computed.
// The corpus is a differential test that runs one evaluation after the
// other: the race detector finds nothing in it that the concurrent tests
// (TestEvaluateConcorrente, the lotto's) do not, and every answer is
// compared in full without -race, as go test ./... and the landing run it.
const campioneVarianti = 30

// campioneSuite: under -race the suites' cases of suite.jsonl computed
// are one in so many (by their name, casoCampione), compared with their
// rows of the corpus; without -race, all.
const campioneSuite = 8

// casoCampione says whether the case of suite.jsonl named caso is
// computed: always without -race, one in campioneSuite under it (by a
// hash of the name, so that the corpus's rows of the case are found
// whatever the rows of the others).
func casoCampione(caso string) bool {
	if !raceAttivo {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(caso))
	return h.Sum32()%campioneSuite == 0
}

// corpusVarianti crosses the suites' requests with every fattispecie,
// convention model and dates around the days the Fund's rules change (as
// TestPotaturaEquivalente did), and records the sha256 of each answer.
func corpusVarianti(e *lpu.Engine, t testing.TB) []rigaCorpus {
	var out []rigaCorpus
	add := func(n int, comando string, req any, v any, err error) {
		r := rispostaCorpus(t, v, err)
		h := sha256.Sum256([]byte(r))
		q, jerr := json.Marshal(req)
		if jerr != nil {
			t.Fatal(jerr)
		}
		qh := sha256.Sum256(q)
		out = append(out, rigaCorpus{Caso: fmt.Sprint(n), Comando: comando, Richiesta: q, Risposta: r,
			Hash: hex.EncodeToString(qh[:6]) + ":" + hex.EncodeToString(h[:])})
	}
	// salta records the variant without computing it: under -race, all
	// but one in campioneVarianti (the requests are still generated, so
	// that those computed are the same as without -race; that they are
	// is the sha256 of each computed request, recorded with its answer).
	salta := func(n int, comandi ...string) bool {
		if !raceAttivo || n%campioneVarianti == 0 {
			return false
		}
		for _, c := range comandi {
			out = append(out, rigaCorpus{Caso: fmt.Sprint(n), Comando: c, saltata: true})
		}
		return true
	}
	rng := rand.New(rand.NewPCG(13, 17))
	fattispecie := e.Fattispecie()
	modelli := []string{""}
	for _, c := range e.Campi("calcolo") {
		if c.Nome == "fatti.convenzione" {
			modelli = append(modelli, c.Valori...)
		}
	}
	giorni := []string{"2016-12-31", "2017-01-01", "2024-11-29", "2024-11-30", "2025-08-01", "2025-08-02", "2026-03-15"}
	data := func() lpu.Data {
		if rng.IntN(2) == 0 {
			d, _ := time.Parse(time.DateOnly, giorni[rng.IntN(len(giorni))])
			return lpu.Data{Time: d}
		}
		return lpu.Data{Time: time.Date(2015+rng.IntN(13), 1, 1+rng.IntN(365), 0, 0, 0, 0, time.UTC)}
	}
	reqs := richiesteSuite(t)
	for i := range 3000 {
		r := *reqs[rng.IntN(len(reqs))]
		r.Fattispecie = fattispecie[rng.IntN(len(fattispecie))]
		r.Fatti.Convenzione = modelli[rng.IntN(len(modelli))]
		if rng.IntN(2) == 0 {
			r.Esecuzione.DataInizio = data()
		}
		if !salta(i, "calcolo", "calcolo senza spiegazione") {
			v, err := e.Calcolo(context.Background(), &r)
			add(i, "calcolo", &r, v, err)
			v, err = e.Calcolo(context.Background(), &r, lpu.WithoutExplanation())
			add(i, "calcolo senza spiegazione", &r, v, err)
		}

		f := lpu.RichiestaFondo{Fattispecie: r.Fattispecie, DataInizio: data(), Convenzione: r.Fatti.Convenzione,
			Giorni: rng.IntN(400), GiornateLavorate: rng.IntN(3) * rng.IntN(200), FondoEsaurito: rng.IntN(4) == 0}
		if !salta(i, "fondo", "fondo senza spiegazione") {
			fv, ferr := e.Fondo(context.Background(), &f)
			add(i, "fondo", &f, fv, ferr)
			fv, ferr = e.Fondo(context.Background(), &f, lpu.WithoutExplanation())
			add(i, "fondo senza spiegazione", &f, fv, ferr)
		}
	}
	n := 0
	for _, c := range casiSuite(t) {
		switch c.Tipo {
		case "convenzione":
			var r lpu.RichiestaConvenzione
			if lpu.DecodeBytes(c.Corpo, &r) != nil {
				continue
			}
			for _, f := range fattispecie {
				for range 5 {
					x := r
					x.Fattispecie, x.Data = f, data()
					if !salta(n, "convenzione") {
						v, err := e.Convenzione(context.Background(), &x)
						add(n, "convenzione", &x, v, err)
					}
					n++
				}
			}
		case "piano":
			var r lpu.RichiestaPiano
			if lpu.DecodeBytes(c.Corpo, &r) != nil {
				continue
			}
			for _, f := range fattispecie {
				x := r
				x.Fattispecie = f
				if !salta(n, "piano") {
					v, err := e.Piano(context.Background(), &x)
					add(n, "piano", &x, v, err)
				}
				n++
			}
		}
	}
	return out
}
