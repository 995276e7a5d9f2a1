package motore

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// The engine on a rule set made up for it (not LPU's): a request with a
// case, a day of a type of the caller's own (read by a Lettore), plain
// fields, and a rule file that computes, refuses, excludes, gives a
// reason shown when false and a caveat for one case only.

// giorno is a value type the engine does not know: its reader is the
// caller's.
type giorno struct{ t time.Time }

type richiestaProva struct {
	Caso   string `json:"caso"`
	Giorno giorno `json:"giorno"`
	Dati   struct {
		N    int      `json:"n"`
		Flag bool     `json:"flag"`
		Voci []string `json:"voci" prova:"max=3"`
	} `json:"dati"`
}

var lettureProva = &Letture{
	Tipi: map[reflect.Type]Lettore{reflect.TypeFor[giorno](): {
		Tipo: celx.DataType,
		Conv: func(off uintptr) func(unsafe.Pointer) ref.Val {
			return func(p unsafe.Pointer) ref.Val { return celx.NewData(Campo[giorno](p, off).t) }
		},
	}},
	Codice: "fuori", MaxIntero: 1000, MaxTesto: 20, MaxLista: 10, Tag: "prova",
}

const fileProva = `id: prova
tipo: prova
titolo: Prova
fonte: art. 1
vigenza: {dal: 2020-01-01}
parametri:
  quota:
    tipo: intero
    fonte: art. 2
    valori:
      - {dal: 2020-01-01, al: 2023-12-31, valore: 2}
      - {dal: 2024-01-01, valore: 3}
  unico: {tipo: intero, valore: 7, fonte: art. 3}
passi:
  - id: troppo
    rifiuta: dati.n > 100
    codice: troppo_grande
    campo: dati.n
    fonte: art. 4
    testo: "al più 100, non {dati.n}"
  - id: tot
    calcola: totale
    valore: dati.n * legge.quota
    esporta: true
    fonte: art. 5
    testo: "{dati.n} per {legge.quota} = {totale}"
  - id: fisso
    calcola: fisso
    valore: legge.unico
    fonte: art. 3
    testo: "sempre {legge.unico}"
  - id: x
    calcola: ha_x
    valore: dati.voci.exists(v, v == "x")
    mostra: false
    fonte: art. 6
    testo: "x"
  - id: escl
    esclude: dati.flag
    fonte: art. 7
    testo: "escluso il giorno {giorno}"
  - id: mot
    motivo: ha_x
    fonte: art. 8
    testo: "c'è x"
    testo_no: "non c'è x"
  - id: solo_b
    avverte: caso == "b" && totale > 0
    fonte: art. 9
    testo: "solo per b"
`

var confProva = Conf{Req: reflect.TypeFor[richiestaProva](), Letture: lettureProva,
	Uscite: map[string]*cel.Type{"totale": cel.IntType, "fisso": cel.IntType}, Obblig: []string{"totale"},
	Richieste: map[string][]string{"fisso": {"totale"}}, Lette: []string{"totale"}, PotaPer: "caso"}

// compilaProva compiles src (fileProva by default) as the loader would.
func compilaProva(t *testing.T, src string) (*Programma, spec.Problems) {
	t.Helper()
	var ps spec.Problems
	f := spec.Parse("prova.yaml", []byte(src), &ps)
	if f == nil {
		t.Fatalf("parse: %v", ps)
	}
	p := Compila(f, confProva, nil, nil, OpzioniCompila{}, &ps)
	if p != nil && len(ps) == 0 {
		p.Pota([]string{"a", "b"})
	}
	return p, ps
}

func programmaProva(t *testing.T) *Programma {
	t.Helper()
	p, ps := compilaProva(t, fileProva)
	if p == nil || len(ps) > 0 {
		t.Fatalf("Compila: %v", ps)
	}
	return p
}

func richiesta(caso string, n int, flag bool, voci ...string) *richiestaProva {
	r := &richiestaProva{Caso: caso, Giorno: giorno{time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC)}}
	r.Dati.N, r.Dati.Flag, r.Dati.Voci = n, flag, voci
	return r
}

// esito runs p on r and writes what the caller reads.
func esito(t *testing.T, p *Programma, r *richiestaProva, m Modo) string {
	t.Helper()
	x, err := p.Esegui(reflect.ValueOf(r).Elem(), r.Giorno.t, m)
	if err != nil {
		return "errore: " + err.Error()
	}
	defer x.Rilascia()
	tot, ok := x.Intero(0)
	var passi []string
	for _, s := range x.Passi {
		passi = append(passi, s.Regola+": "+s.Testo)
	}
	return fmt.Sprintf("totale=%d,%v escluso=%v motivi=%q avvertenze=%q valori=%v passi=%q", tot, ok, x.Escluso, x.Motivi, x.Avvertenze, x.Valori(), passi)
}

// TestProgramma: steps in order, the parameter in force at the date, the
// texts, the explanation, a refusal with its code and field, the
// reasons shown when false, a caveat for one case only; under an
// exclusion the reasons are the exclusions' alone (the motivo «c'è x»
// stays in the steps); with and without the explanation the same
// numbers and lines.
func TestProgramma(t *testing.T) {
	p := programmaProva(t)
	for _, c := range []struct {
		r         *richiestaProva
		spiega    string
		senza     string
		potatiPer string
	}{
		{richiesta("a", 5, false), `totale=15,true escluso=false motivi=[] avvertenze=[] valori=map[totale:15] passi=["prova.tot: 5 per 3 = 15" "prova.fisso: sempre 7" "prova.mot: non c'è x"]`,
			`totale=15,true escluso=false motivi=[] avvertenze=[] valori=map[totale:15] passi=[]`, ""},
		{richiesta("b", 5, true, "x"), `totale=15,true escluso=true motivi=["escluso il giorno 10/06/2024 (art. 7)"] avvertenze=["solo per b (art. 9)"] valori=map[totale:15] passi=["prova.tot: 5 per 3 = 15" "prova.fisso: sempre 7" "prova.escl: escluso il giorno 10/06/2024" "prova.mot: c'è x"]`,
			`totale=15,true escluso=true motivi=["escluso il giorno 10/06/2024 (art. 7)"] avvertenze=["solo per b (art. 9)"] valori=map[totale:15] passi=[]`, ""},
		{richiesta("a", 101, false), `errore: motore: dati.n: al più 100, non 101 (art. 4)`, `errore: motore: dati.n: al più 100, non 101 (art. 4)`, ""},
	} {
		if got := esito(t, p, c.r, Modo{Spiega: true, Caso: c.r.Caso}); got != c.spiega {
			t.Errorf("%+v con spiegazione:\n got %s\nwant %s", c.r, got, c.spiega)
		}
		if got := esito(t, p, c.r, Modo{Caso: c.r.Caso}); got != c.senza {
			t.Errorf("%+v senza spiegazione:\n got %s\nwant %s", c.r, got, c.senza)
		}
	}
	// before 2024 the other version of the parameter
	r := richiesta("a", 5, false)
	r.Giorno.t = time.Date(2023, 6, 10, 0, 0, 0, 0, time.UTC)
	if got := esito(t, p, r, Modo{Spiega: true, Caso: "a"}); !strings.Contains(got, `"prova.tot: 5 per 2 = 10"`) {
		t.Errorf("2023: %s", got)
	}
	// the refusal is the rule's, with its code and field
	_, err := p.Esegui(reflect.ValueOf(richiesta("a", 101, false)).Elem(), r.Giorno.t, Modo{})
	var e *Errore
	if !errors.As(err, &e) || e.Codice != "troppo_grande" || e.Campo != "dati.n" || e.Tipo != ErrCaso {
		t.Errorf("rifiuto: %#v", err)
	}
	// a value out of the reader's bounds, from a request built in Go
	_, err = p.Esegui(reflect.ValueOf(richiesta("a", 5, false, "1", "2", "3", "x")).Elem(), r.Giorno.t, Modo{})
	if !errors.As(err, &e) || e.Codice != "fuori" || e.Campo != "dati.voci" || e.Tipo != ErrIngresso {
		t.Errorf("fuori dai limiti: %#v", err)
	}
	// the caveat for b cannot apply to a: left out of a's steps only
	if got := p.Potati(); !reflect.DeepEqual(got, map[string]int{"a": 1}) {
		t.Errorf("Potati = %v; want map[a:1]", got)
	}
	// Chiusura: just the steps totale needs, and Fonti their sources
	if got := p.Fonti(p.Chiusura("totale"), r.Giorno.t); !reflect.DeepEqual(got, map[string]string{"totale": "art. 5"}) {
		t.Errorf("Fonti = %v", got)
	}
	if v, ok := p.Versioni("legge.quota"); !ok || len(v) != 2 {
		t.Errorf("Versioni = %v, %v", v, ok)
	}
	if _, ok := p.Versioni("totale"); ok {
		t.Error("Versioni di un valore calcolato")
	}
	if p.CostoMassimo() == 0 || p.CostoMassimo() > BilancioValutazione {
		t.Errorf("CostoMassimo = %d", p.CostoMassimo())
	}
}

// TestProgrammaProblemi: what the compiler refuses, each at its step:
// a reserved output of the wrong type, a missing required output (also
// one another output requires, at the step computing that one), an
// expression that may cost more than the limit.
func TestProgrammaProblemi(t *testing.T) {
	for _, c := range []struct{ trova, sostituisci, atteso string }{
		{"valore: dati.n * legge.quota", `valore: "'x'"`, "totale deve essere di tipo intero"},
		{"calcola: totale", "calcola: altro", "il file deve calcolare totale"},
		{"calcola: totale", "calcola: altro", "prova.yaml:27:5: passi[2]: il file calcola fisso e deve calcolare anche totale"},
		{`valore: dati.voci.exists(v, v == "x")`, "valore: " + strings.Repeat("dati.voci.exists(v, ", 12) + "v == caso" + strings.Repeat(")", 12), "oltre il limite di 100000"},
	} {
		src := strings.Replace(fileProva, c.trova, c.sostituisci, 1)
		_, ps := compilaProva(t, src)
		if !strings.Contains(fmt.Sprint(ps), c.atteso) {
			t.Errorf("%s: problemi %v; atteso %q", c.sostituisci, ps, c.atteso)
		}
	}
}

// TestSenzaCELComeCEL: an expression that is a literal or a name,
// compiled without CEL (senzaCEL), gives what the CEL program gives — the
// value, the type, and the error of a name without a value — and one CEL
// must judge (an undeclared or reserved name, a name of another type
// than the condition's bool) is left to CEL.
func TestSenzaCELComeCEL(t *testing.T) {
	p := programmaProva(t)
	var decls []cel.EnvOption
	for _, sl := range p.tab.slots {
		decls = append(decls, cel.Variable(sl.nome, sl.tipo))
	}
	env, err := Base.Extend(decls...)
	if err != nil {
		t.Fatal(err)
	}
	req := richiesta("a", 5, true, "x")
	esegui := func(prg *programmaCEL) string {
		att := &attivazione{tab: p.tab, vals: make([]valSlot, len(p.tab.slots)), data: req.Giorno.t, gen: 1,
			req: reflect.ValueOf(req).Elem().Addr().UnsafePointer()}
		frame, err := interpreter.NewExecutionFrame(att)
		if err != nil {
			t.Fatal(err)
		}
		defer frame.Close()
		v := prg.radice.Exec(frame)
		return fmt.Sprintf("%T %v", v, v)
	}
	for _, src := range []string{"true", " false ", "dati.flag", "legge.quota", "legge.unico", "dati.n", "caso", "giorno", "dati.voci", "totale"} {
		x := spec.Expr{Src: src}
		ast, iss := env.Compile(src)
		if iss.Err() != nil {
			t.Fatalf("%s: %v", src, iss.Err())
		}
		var ps spec.Problems
		viaCEL := programma1(p.tab, ast, x, "", &ps)
		diretto, tipo := senzaCEL(p.tab, x, nil)
		if viaCEL == nil || viaCEL.radice == nil || diretto == nil {
			t.Fatalf("%s: programmi %v, %v (%v)", src, viaCEL, diretto, ps)
		}
		if !tipo.IsExactType(ast.OutputType()) {
			t.Errorf("%s: tipo %v, CEL %v", src, tipo, ast.OutputType())
		}
		if got, want := esegui(diretto), esegui(viaCEL); got != want {
			t.Errorf("%s: %s, CEL %s", src, got, want)
		}
		if want := Riferimenti(ast); !reflect.DeepEqual(diretto.nomi, want) && len(want)+len(diretto.nomi) > 0 {
			t.Errorf("%s: nomi %v, CEL %v", src, diretto.nomi, want)
		}
		if b, _ := senzaCEL(p.tab, x, cel.BoolType); (b != nil) != ast.OutputType().IsExactType(cel.BoolType) {
			t.Errorf("%s come condizione: %v", src, b)
		}
	}
	p.tab.idx["null"] = p.tab.idx["totale"] // a name CEL reads as a literal (the program is this test's own)
	for _, src := range []string{"non_dichiarato", "null", "dati.flag || false", "'testo'", "1"} {
		if prg, _ := senzaCEL(p.tab, spec.Expr{Src: src}, nil); prg != nil {
			t.Errorf("%s: compilato senza CEL", src)
		}
	}
}

// panico is an expression whose evaluation panics, as a buggy function of
// the library would.
type panico struct{ interpreter.InterpretableV2 }

func (panico) Exec(*interpreter.ExecutionFrame) ref.Val { panic("guasto") }

// TestPanicoInValutazione: expressions run straight from their plan, not
// through cel.Program.Eval; a panic in one is still recovered, once per
// evaluation, into the coded error Eval would have given, and the pooled
// state of the failed evaluation is clean for the next one.
func TestPanicoInValutazione(t *testing.T) {
	p := programmaProva(t)
	i := slices.IndexFunc(p.passi, func(c *passoC) bool { return c.s.ID == "prova.tot" })
	c := p.passi[i]
	sano := c.prg.radice
	if sano == nil {
		t.Fatal("prova.tot: nessun piano")
	}
	c.prg.radice = panico{sano}
	r := richiesta("a", 5, false)
	_, err := p.Esegui(reflect.ValueOf(r).Elem(), r.Giorno.t, Modo{Spiega: true, Ctx: context.Background()})
	var e *Errore
	if !errors.As(err, &e) || e.Codice != CodiceRegolaFallita || e.Tipo != ErrRegola || !strings.Contains(e.Messaggio, "tot") || !strings.Contains(e.Messaggio, "guasto") {
		t.Fatalf("Esegui = %v; atteso regola_fallita per tot", err)
	}
	c.prg.radice = sano
	if got := esito(t, p, r, Modo{Spiega: true, Caso: "a"}); !strings.HasPrefix(got, "totale=15,true") {
		t.Fatalf("dopo il panico: %s", got)
	}
}

// TestInterrotta: an evaluation whose context is done stops between the
// steps with ErrInterrotto wrapping ctx.Err().
func TestInterrotta(t *testing.T) {
	p := programmaProva(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := richiesta("a", 5, false)
	_, err := p.Esegui(reflect.ValueOf(r).Elem(), r.Giorno.t, Modo{Ctx: ctx})
	var e *Errore
	if !errors.As(err, &e) || e.Tipo != ErrInterrotto || !errors.Is(err, context.Canceled) {
		t.Fatalf("Esegui = %v", err)
	}
}

// TestPiegatiPerCaso: an expression on constant parameters is folded
// for every case; a condition or a value that reads the case runs, for
// a case, folded for it (solo_b's caso == "b" && totale > 0 is
// totale > 0 for b; doppio's caso == "a" ? … : … one branch), with and
// without the explanation and computed on demand; the file's own
// version, which here would panic, never runs for that case. Limiti's
// Solo names the file's steps, and still picks their versions.
func TestPiegatiPerCaso(t *testing.T) {
	src := strings.Replace(fileProva, "  - id: escl\n", `  - id: doppio
    calcola: doppio
    valore: 'caso == "a" ? dati.n : dati.n * 2'
    mostra: false
    fonte: art. 10
    testo: "{doppio}"
  - id: quadrato
    rifiuta: legge.unico * legge.unico + dati.n == 54 && dati.flag
    codice: quadrato
    campo: dati.n
    fonte: art. 11
    testo: "quadrato"
  - id: escl
`, 1)
	src = strings.Replace(src, `avverte: caso == "b" && totale > 0`, `avverte: caso == "b" && doppio > 0`, 1)
	p, ps := compilaProva(t, src)
	if p == nil || len(ps) > 0 {
		t.Fatalf("Compila: %v", ps)
	}
	if got := p.Piegati(); !reflect.DeepEqual(got, map[string]int{"a": 1, "b": 2}) {
		t.Errorf("Piegati = %v; want map[a:1 b:2]", got)
	}
	r := richiesta("b", 5, false)
	want := map[bool]string{
		true:  `totale=15,true escluso=false motivi=[] avvertenze=["solo per b (art. 9)"] valori=map[totale:15] passi=["prova.tot: 5 per 3 = 15" "prova.fisso: sempre 7" "prova.mot: non c'è x"]`,
		false: `totale=15,true escluso=false motivi=[] avvertenze=["solo per b (art. 9)"] valori=map[totale:15] passi=[]`,
	}
	for _, spiega := range []bool{true, false} {
		if got := esito(t, p, r, Modo{Spiega: spiega, Caso: "b"}); got != want[spiega] {
			t.Errorf("spiega=%v:\n got %s\nwant %s", spiega, got, want[spiega])
		}
	}
	// legge.unico * legge.unico is 49 for every case, folded once
	if got := esito(t, p, richiesta("b", 5, true), Modo{Caso: "b"}); got != "errore: motore: dati.n: quadrato (art. 11)" {
		t.Errorf("quadrato: %s", got)
	}
	// the file's versions of the folded steps would panic: for b they
	// are not run
	for _, c := range p.passi {
		if c.s.ID == "prova.doppio" || c.s.ID == "prova.solo_b" {
			c.prg = &programmaCEL{radice: panico{}}
		}
	}
	for _, spiega := range []bool{true, false} {
		if got := esito(t, p, r, Modo{Spiega: spiega, Caso: "b"}); got != want[spiega] {
			t.Errorf("piegati, spiega=%v:\n got %s\nwant %s", spiega, got, want[spiega])
		}
	}
	x, err := p.Esegui(reflect.ValueOf(r).Elem(), r.Giorno.t, Modo{Spiega: true, Caso: "b", Solo: p.Chiusura("doppio")})
	if err != nil {
		t.Fatalf("Solo: %v", err)
	}
	defer x.Rilascia()
	if len(x.Passi) != 0 || x.att.get(p.tab.idx["doppio"]) != types.Int(10) {
		t.Errorf("Solo: passi %v, doppio %v", x.Passi, x.att.get(p.tab.idx["doppio"]))
	}
}

// TestCicliCostanti: a loop over a list known at load (a parameter with
// one value) runs untracked, with the names read by slot; one over a
// list of the request is tracked; both give CEL's answer.
func TestCicliCostanti(t *testing.T) {
	src := strings.Replace(fileProva, "  unico: {tipo: intero, valore: 7, fonte: art. 3}\n",
		"  unico: {tipo: intero, valore: 7, fonte: art. 3}\n  casi: {tipo: lista, valore: [a, b], fonte: art. 12}\n", 1)
	src = strings.Replace(src, "  - id: escl\n", `  - id: caso_noto
    rifiuta: caso != "" && !legge.casi.exists(c, c == caso)
    codice: caso_ignoto
    campo: caso
    fonte: art. 12
    testo: "caso {caso} ignoto"
  - id: escl
`, 1)
	p, ps := compilaProva(t, src)
	if p == nil || len(ps) > 0 {
		t.Fatalf("Compila: %v", ps)
	}
	for _, c := range p.passi {
		switch c.s.ID {
		case "prova.caso_noto":
			if c.prg.tracciato || c.prg.radice == nil {
				t.Errorf("caso_noto: tracciato %v, piano %v", c.prg.tracciato, c.prg.radice)
			}
		case "prova.x":
			if !c.prg.tracciato {
				t.Error("x: non tracciato")
			}
		}
	}
	if got := esito(t, p, richiesta("c", 5, false), Modo{}); got != "errore: motore: caso: caso c ignoto (art. 12)" {
		t.Errorf("c: %s", got)
	}
	if got := esito(t, p, richiesta("b", 5, false, "x"), Modo{Caso: "b"}); !strings.HasPrefix(got, "totale=15,true escluso=false motivi=[\"c'è x (art. 8)\"]") {
		t.Errorf("b: %s", got)
	}
}

// fattoNelCiclo is a context the steps see running and a loop sees
// done: its first Done (the one applica looks at between the steps) is
// a channel never closed, the later ones (the tracked programs' frame)
// one already closed.
type fattoNelCiclo struct {
	context.Context
	n              int
	aperto, chiuso chan struct{}
}

func (c *fattoNelCiclo) Done() <-chan struct{} {
	if c.n++; c.n == 1 {
		return c.aperto
	}
	return c.chiuso
}

func (c *fattoNelCiclo) Err() error { return context.Canceled }

// TestInterrottaNelCiclo: a tracked program (a loop) stops inside the
// loop once the evaluation's context is done, with an error of the rule
// that wraps ctx's; each tracked program of an evaluation is run on one
// frame, and a context that can never be done is not set on it.
func TestInterrottaNelCiclo(t *testing.T) {
	// 3 + 9 + 27 + 81 + 243 iterations, as none is "x": the context is
	// looked at every 100.
	src := strings.Replace(fileProva, `valore: dati.voci.exists(v, v == "x")`,
		`valore: dati.voci.exists(a, dati.voci.exists(b, dati.voci.exists(c, dati.voci.exists(d, dati.voci.exists(v, v == "x" && a == b && c == d)))))`, 1)
	p, ps := compilaProva(t, src)
	if p == nil || len(ps) > 0 {
		t.Fatalf("Compila: %v", ps)
	}
	r := richiesta("a", 5, false, "a", "b", "c")
	chiuso := make(chan struct{})
	close(chiuso)
	ctx := &fattoNelCiclo{Context: context.Background(), aperto: make(chan struct{}), chiuso: chiuso}
	_, err := p.Esegui(reflect.ValueOf(r).Elem(), r.Giorno.t, Modo{Spiega: true, Ctx: ctx})
	var e *Errore
	if !errors.As(err, &e) || e.Tipo != ErrRegola || !strings.Contains(e.Messaggio, "prova.x") || !errors.Is(err, context.Canceled) {
		t.Fatalf("Esegui = %v; atteso regola_fallita per x, che avvolge context.Canceled", err)
	}
	// the same with a context that can be done but is not, and with none
	for _, ctx := range []context.Context{context.TODO(), nil} {
		c, cancel := context.WithCancel(context.Background())
		if ctx == nil {
			c = nil
		}
		if got := esito(t, p, r, Modo{Spiega: true, Ctx: c}); !strings.Contains(got, `motivi=[] `) || !strings.HasPrefix(got, "totale=15,true") {
			t.Errorf("ctx %v: %s", c, got)
		}
		cancel()
	}
}

// TestCompilaRegole: the shared parameters with an overlay's new dated
// version merged in, and read by the programs; a file of the kind that
// is not PerID twice is a problem; altro runs once.
func TestCompilaRegole(t *testing.T) {
	comune := "id: comuni\ntipo: parametri\ntitolo: c\nfonte: f\nvigenza: {dal: 2020-01-01}\nparametri:\n  base: {tipo: intero, valore: 1, fonte: art. 10}\n"
	modifica := "id: mod\ntipo: parametri\ntitolo: m\nfonte: f\nvigenza: {dal: 2020-01-01}\nmodifiche:\n  base:\n    valori:\n      - {dal: 2024-01-01, valore: 5, fonte: art. 11}\n"
	uso := strings.Replace(fileProva, "valore: legge.unico\n", "valore: legge.unico + legge.base\n", 1)
	var ps spec.Problems
	var files []*spec.File
	for i, src := range []string{comune, modifica, uso, strings.Replace(uso, "id: prova", "id: prova2", 1)} {
		if f := spec.Parse(fmt.Sprintf("f%d.yaml", i), []byte(src), &ps); f != nil {
			files = append(files, f)
		}
	}
	comuni := ParametriComuni(files, &ps)
	if len(ps) > 0 || comuni["base"] == nil || len(comuni["base"].Valori) != 2 {
		t.Fatalf("ParametriComuni: %v, %v", comuni, ps)
	}
	conf := confProva
	conf.PerID = false
	altro := 0
	r := CompilaRegole(files, map[string]Conf{"prova": conf}, nil, comuni, OpzioniCompila{}, []string{"a", "b"}, func(*spec.Problems) { altro++ }, 1, &ps)
	if altro != 1 || len(r.Programmi) != 2 {
		t.Fatalf("altro %d volte, %d programmi", altro, len(r.Programmi))
	}
	if len(ps) != 1 || !strings.Contains(ps[0].Error(), "un solo file di tipo prova") {
		t.Errorf("problemi %v; atteso un solo file di tipo prova", ps)
	}
	p := r.Programmi[files[2]]
	req := richiesta("a", 5, false)
	if got := esito(t, p, req, Modo{Spiega: true, Caso: "a"}); !strings.Contains(got, `"prova.fisso: sempre 7"`) {
		t.Errorf("%s", got)
	}
	if v, ok := p.Versioni("legge.base"); !ok || len(v) != 2 {
		t.Errorf("legge.base: %v", v)
	}
}

// TestCampiJSON: the fields JSON names, with their paths and offsets
// from the outermost struct; an embedded struct without a json tag
// gives its fields as the outer one's; a field without a name, "-" or
// unexported is none; a loop may stop early.
func TestCampiJSON(t *testing.T) {
	type interna struct {
		A int `json:"a"`
		B int `json:"b,omitempty"`
	}
	type esterna struct {
		X     string `json:"x"`
		Senza int
		Meno  int `json:"-"`
		y     int
		interna
		Z interna `json:"z"`
	}
	_ = esterna{}.y
	var got []string
	for f := range CampiJSON(reflect.TypeFor[esterna](), "r", 100) {
		got = append(got, fmt.Sprintf("%s@%d", f.Nome, f.Off-100))
	}
	e := reflect.TypeFor[esterna]()
	in, _ := e.FieldByName("interna")
	z, _ := e.FieldByName("Z")
	b := reflect.TypeFor[interna]().Field(1).Offset
	want := []string{"r.x@0", fmt.Sprintf("r.a@%d", in.Offset), fmt.Sprintf("r.b@%d", in.Offset+b), fmt.Sprintf("r.z@%d", z.Offset)}
	if !slices.Equal(got, want) {
		t.Errorf("CampiJSON = %v; want %v", got, want)
	}
	n := 0
	for range CampiJSON(e, "", 0) {
		n++
		if n == 2 { // the first field of the embedded struct
			break
		}
	}
	if n != 2 {
		t.Errorf("break: %d", n)
	}
}

// TestParametroMappa: a parameter mappa (a code → a list of texts) is
// read by code, after checking the code is one of its own; a code it
// does not have gives no list.
func TestParametroMappa(t *testing.T) {
	src := strings.Replace(fileProva, "  unico: {tipo: intero, valore: 7, fonte: art. 3}\n",
		"  unico: {tipo: intero, valore: 7, fonte: art. 3}\n  casi:\n    tipo: mappa\n    fonte: art. 12\n    valore:\n      a: [x, y]\n      b: []\n", 1)
	src = strings.Replace(src, "  - id: escl\n", `  - id: caso_ammesso
    rifiuta: "!(caso in legge.casi && dati.voci.all(v, v in legge.casi[caso]))"
    codice: caso_ignoto
    campo: caso
    fonte: art. 12
    testo: "caso {caso} con {dati.voci}: non ammesso"
  - id: escl
`, 1)
	p, ps := compilaProva(t, src)
	if p == nil || len(ps) > 0 {
		t.Fatalf("Compila: %v", ps)
	}
	for _, c := range []struct {
		r    *richiestaProva
		want string
	}{
		{richiesta("a", 5, false, "x", "y"), "totale=15,true"},
		{richiesta("b", 5, false), "totale=15,true"},
		{richiesta("b", 5, false, "x"), "errore: motore: caso: caso b con x: non ammesso (art. 12)"},
		{richiesta("c", 5, false), "errore: motore: caso: caso c con : non ammesso (art. 12)"},
	} {
		if got := esito(t, p, c.r, Modo{}); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s %v: %s; want %s…", c.r.Caso, c.r.Dati.Voci, got, c.want)
		}
	}
}

// TestNascosto: a calcola step is never shown when its compiled mostra
// is the constant false, however the file writes it; a mostra that can
// hold does not hide it.
func TestNascosto(t *testing.T) {
	const prima = "    mostra: false\n    fonte: art. 6"
	if !strings.Contains(fileProva, prima) {
		t.Fatal("fileProva: the step x is not as the test expects")
	}
	for _, c := range []struct {
		mostra   string
		nascosto bool
	}{
		{"false", true},
		{`"(false)"`, true},
		{`" false "`, true},
		{"dati.flag", false},
	} {
		p, ps := compilaProva(t, strings.Replace(fileProva, prima, "    mostra: "+c.mostra+"\n    fonte: art. 6", 1))
		if p == nil || len(ps) > 0 {
			t.Fatalf("mostra: %s: %v", c.mostra, ps)
		}
		var x *spec.Passo
		for _, s := range p.File().Passi {
			if s.ID == "prova.x" {
				x = s
			}
		}
		if x == nil {
			t.Fatal("no step prova.x")
		}
		if got := p.Nascosto(x); got != c.nascosto {
			t.Errorf("mostra: %s: Nascosto = %v; want %v", c.mostra, got, c.nascosto)
		}
	}
}
