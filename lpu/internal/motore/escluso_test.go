package motore

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// escluso (NomeEscluso) on a rule set made up for it: a value that reads
// it before the esclusione and one after, an output computed only when
// the case is not excluded (se), a caveat that holds only then, one for
// a case only (folded for it, escluso left a name), and an esclusione
// after all of them, which the steps before it do not see.
const fileEscluso = `id: prova
tipo: prova
titolo: Prova
fonte: art. 1
vigenza: {dal: 2020-01-01}
parametri:
  quota: {tipo: intero, valore: 3, fonte: art. 2}
passi:
  - id: prima
    calcola: prima
    valore: escluso
    esporta: true
    mostra: false
    fonte: art. 3
    testo: "prima: {prima}"
  - id: tot
    calcola: totale
    valore: dati.n * legge.quota
    fonte: art. 4
    testo: "totale {totale}"
  - id: escl
    esclude: dati.flag
    fonte: art. 5
    testo: "escluso da flag"
  - id: dopo
    calcola: dopo
    valore: escluso
    esporta: true
    mostra: false
    fonte: art. 6
    testo: "dopo: {dopo}"
  - id: termine
    calcola: fisso
    se: "!escluso"
    valore: totale + 1
    fonte: art. 7
    testo: "termine {fisso}"
  - id: avv_termine
    avverte: "!escluso && fisso > 0"
    fonte: art. 8
    testo: "termine {fisso} da ricalcolare"
  - id: avv_b
    avverte: caso == "b" && escluso
    fonte: art. 9
    testo: "b escluso"
  - id: tardi
    esclude: dati.n > 50
    fonte: art. 10
    testo: "troppi"
`

var confEscluso = Conf{Req: reflect.TypeFor[richiestaProva](), Letture: lettureProva,
	Uscite: map[string]*cel.Type{"totale": cel.IntType, "fisso": cel.IntType}, Obblig: []string{"totale"},
	Lette: []string{"totale", "fisso"}, PotaPer: "caso"}

func compilaEscluso(t *testing.T, src string) (*Programma, spec.Problems) {
	t.Helper()
	var ps spec.Problems
	f := spec.Parse("prova.yaml", []byte(src), &ps)
	if f == nil {
		t.Fatalf("parse: %v", ps)
	}
	p := Compila(f, confEscluso, nil, nil, OpzioniCompila{}, &ps)
	if p != nil && len(ps) == 0 {
		p.Pota([]string{"a", "b"})
	}
	return p, ps
}

// esitoEscluso runs p on r and writes what the caller reads: fisso
// "-" when it has no value.
func esitoEscluso(t *testing.T, p *Programma, r *richiestaProva, m Modo) string {
	t.Helper()
	x, err := p.Esegui(reflect.ValueOf(r).Elem(), r.Giorno.t, m)
	if err != nil {
		return "errore: " + err.Error()
	}
	defer x.Rilascia()
	fisso := "-"
	if v, ok := x.Intero(1); ok {
		fisso = fmt.Sprint(v)
	}
	var passi []string
	for _, s := range x.Passi {
		passi = append(passi, s.Regola)
	}
	return fmt.Sprintf("fisso=%s escluso=%v valori=%v motivi=%q avvertenze=%q passi=%v", fisso, x.Escluso, x.Valori(), x.Motivi, x.Avvertenze, passi)
}

// TestEscluso: a step reads whether an esclude step before it has held
// in the same evaluation; the same with and without the explanation
// (where values are computed on demand, and one that reads escluso is
// computed in its turn all the same), and for each case pruned.
func TestEscluso(t *testing.T) {
	p, ps := compilaEscluso(t, fileEscluso)
	if p == nil || len(ps) > 0 {
		t.Fatalf("Compila: %v", ps)
	}
	for _, c := range []struct {
		r           *richiestaProva
		spiega      string
		senzaPassi  string
		nomeDelCaso string
	}{
		{richiesta("a", 5, false), `fisso=16 escluso=false valori=map[dopo:false prima:false] motivi=[] avvertenze=["termine 16 da ricalcolare (art. 8)"]`,
			"[prova.tot prova.termine]", "non escluso"},
		// prima is false: the esclusione comes after it, even when
		// nothing reads it until the end
		{richiesta("a", 5, true), `fisso=- escluso=true valori=map[dopo:true prima:false] motivi=["escluso da flag (art. 5)"] avvertenze=[]`,
			"[prova.tot prova.escl]", "escluso"},
		{richiesta("b", 5, true), `fisso=- escluso=true valori=map[dopo:true prima:false] motivi=["escluso da flag (art. 5)"] avvertenze=["b escluso (art. 9)"]`,
			"[prova.tot prova.escl]", "escluso, caso b"},
		// an esclusione after every step that reads escluso: none sees it
		{richiesta("b", 60, false), `fisso=181 escluso=true valori=map[dopo:false prima:false] motivi=["troppi (art. 10)"] avvertenze=["termine 181 da ricalcolare (art. 8)"]`,
			"[prova.tot prova.termine prova.tardi]", "escluso dopo"},
	} {
		for _, caso := range []string{c.r.Caso, ""} { // pruned for the case, and not
			want := c.spiega + " passi=" + c.senzaPassi
			if got := esitoEscluso(t, p, c.r, Modo{Spiega: true, Caso: caso}); got != want {
				t.Errorf("%s (caso %q) con spiegazione:\n got %s\nwant %s", c.nomeDelCaso, caso, got, want)
			}
			want = c.spiega + " passi=[]"
			if got := esitoEscluso(t, p, c.r, Modo{Caso: caso}); got != want {
				t.Errorf("%s (caso %q) senza spiegazione:\n got %s\nwant %s", c.nomeDelCaso, caso, got, want)
			}
			// (without the exported values: the same output and reasons)
			want = c.spiega[:strings.Index(c.spiega, " valori")]
			if got := esitoEscluso(t, p, c.r, Modo{Caso: caso, SenzaValori: true}); !strings.HasPrefix(got, want) || !strings.Contains(got, c.spiega[strings.Index(c.spiega, " motivi"):]) {
				t.Errorf("%s (caso %q) senza valori:\n got %s\nwant %s", c.nomeDelCaso, caso, got, c.spiega)
			}
		}
	}
	// escluso is read at run time, never folded: avv_b is pruned for a
	// (caso == "b" is false) and folded to escluso for b, not to a
	// constant
	if got := p.Potati(); !reflect.DeepEqual(got, map[string]int{"a": 1}) {
		t.Errorf("Potati = %v; want map[a:1]", got)
	}
	for _, c := range p.casi["b"].passi {
		if c.s.ID == "prova.avv_b" && (c.orig == nil || len(c.prg.nomi) > 0 && c.prg.nomi[0] != NomeEscluso) {
			t.Errorf("avv_b per b: %+v", c.prg)
		}
	}
	// the steps that read it run in turn even on demand; the others not
	for _, c := range p.passi {
		if want := c.s.ID == "prova.prima" || c.s.ID == "prova.dopo" || c.s.ID == "prova.termine"; c.inOrdine != want {
			t.Errorf("%s: inOrdine %v", c.s.ID, c.inOrdine)
		}
	}
	// Chiusura: the value that reads escluso brings the esclude steps
	// before it (not the one after), with what they need
	ins := p.Chiusura("dopo")
	var ids []string
	for _, c := range p.passi {
		if ins[c] {
			ids = append(ids, c.s.ID)
		}
	}
	if fmt.Sprint(ids) != "[prova.escl prova.dopo]" {
		t.Errorf("Chiusura(dopo) = %v", ids)
	}
	r := richiesta("a", 5, true)
	x, err := p.Esegui(reflect.ValueOf(r).Elem(), r.Giorno.t, Modo{Spiega: true, Solo: ins})
	if err != nil {
		t.Fatal(err)
	}
	if v := x.Valori()["dopo"]; v != true {
		t.Errorf("Solo Chiusura(dopo): dopo = %v", v)
	}
	x.Rilascia()
	if p.CostoMassimo() == 0 || p.CostoMassimo() > BilancioValutazione {
		t.Errorf("CostoMassimo = %d", p.CostoMassimo())
	}
}

// TestEsclusoLettoSenzaValore: a step that reads a value whose se may
// be false, without being gated itself, is a problem at load, at the
// name (letture.go); compiled all the same, it fails the case as a rule
// that cannot be applied (the run-time guard, the backstop), with and
// without the explanation.
func TestEsclusoLettoSenzaValore(t *testing.T) {
	src := strings.Replace(fileEscluso, `avverte: "!escluso && fisso > 0"`, `avverte: "fisso > 0"`, 1)
	p, ps := compilaEscluso(t, src)
	if want := `prova.yaml:39:15: passi[5].avverte: «fisso» non ha un valore quando «!escluso» (il se di passi[4]) è falso, e qui è letto in ogni caso`; p == nil || len(ps) != 1 || !strings.HasPrefix(ps[0].Error(), want) {
		t.Fatalf("Compila: %v; atteso %s…", ps, want)
	}
	r := richiesta("a", 5, true)
	for _, spiega := range []bool{true, false} {
		_, err := p.Esegui(reflect.ValueOf(r).Elem(), r.Giorno.t, Modo{Spiega: spiega})
		var e *Errore
		if !errors.As(err, &e) || e.Codice != CodiceRegolaFallita || !strings.Contains(e.Messaggio, "avv_termine") || !strings.Contains(e.Messaggio, "fisso") {
			t.Errorf("spiega=%v: %v", spiega, err)
		}
	}
	if got := esitoEscluso(t, p, richiesta("a", 5, false), Modo{}); !strings.HasPrefix(got, "fisso=16 escluso=false") {
		t.Errorf("non escluso: %s", got)
	}
}

// TestEsclusoProblemi: escluso is the engine's: not the name of a
// computed value; se is a calcola's, of type bool, cannot read the
// value it gates, nor gate an obligatory output; escluso is a bool for
// the checker.
func TestEsclusoProblemi(t *testing.T) {
	for _, c := range []struct{ trova, sostituisci, atteso string }{
		{"calcola: dopo\n", "calcola: escluso\n", "escluso è un nome del motore"},
		{`se: "!escluso"`, `se: "fisso > 0"`, "nome sconosciuto «fisso»"},
		// (a second version of fisso, when the first is declared)
		{"  - id: avv_termine\n", `  - id: termine2
    calcola: fisso
    se: fisso > 0
    valore: totale
    vigenza: {dal: 2030-01-01}
    fonte: art. 7
    testo: "termine {fisso}"
  - id: avv_termine
`, "se dice se calcolare fisso: non può leggerlo"},
		{`se: "!escluso"`, `se: "totale"`, "la condizione deve essere booleana"},
		{"esclude: dati.flag\n", "esclude: dati.flag\n    se: dati.flag\n", "se vale solo per i passi calcola"},
		{"valore: totale + 1", "valore: totale + escluso", "«+» non si applica"},
		// an obligatory output always has a value
		{"    calcola: totale\n", "    calcola: totale\n    se: \"!escluso\"\n", "totale è un'uscita obbligatoria: si calcola sempre, senza se"},
	} {
		src := strings.Replace(fileEscluso, c.trova, c.sostituisci, 1)
		if src == fileEscluso {
			t.Fatalf("%q non trovato", c.trova)
		}
		_, ps := compilaEscluso(t, src)
		if !strings.Contains(fmt.Sprint(ps), c.atteso) {
			t.Errorf("%s: problemi %v; atteso %q", c.sostituisci, ps, c.atteso)
		}
	}
}

// TestCicloTraVersioni: a value computed by two steps at different
// dates, the later one reading through another value the value itself,
// is a problem at load, at the read before the later version
// (letture.go). Compiled all the same, it fails the case as a rule
// that cannot be applied — it recursed until the stack overflowed and
// ended the process (a server with it) — and the message is Italian
// with the explanation too (cel-go's «no such attribute(s)» for a
// value this case has not).
func TestCicloTraVersioni(t *testing.T) {
	src := fileEscluso + `  - id: xa
    calcola: xx
    valore: "1"
    vigenza: {al: 2020-12-31}
    fonte: x
    testo: "x"
  - id: yy
    calcola: yy
    valore: xx + 1
    fonte: x
    testo: "y"
  - id: xb
    calcola: xx
    se: yy > 0
    valore: "2"
    vigenza: {dal: 2021-01-01}
    fonte: x
    testo: "x"
  - id: usa
    avverte: yy > 0
    fonte: x
    testo: "y={yy}"
`
	p, ps := compilaEscluso(t, src)
	if want := `prova.yaml:58:13: passi[9].valore: «xx» dipende da sé stesso dal 01/01/2021: lo calcola passi[10], che viene dopo e legge, attraverso altri valori, «yy», calcolato da questo passo`; p == nil || fmt.Sprint(ps) != "["+want+"]" {
		t.Fatalf("Compila: %v; atteso %s", ps, want)
	}
	r := richiesta("a", 5, false)
	for _, c := range []struct {
		m    Modo
		dice string
	}{
		{Modo{}, "il valore «yy» dipende da sé stesso"},
		{Modo{Spiega: true}, "valore che in questo caso non esiste"},
	} {
		_, err := p.Esegui(reflect.ValueOf(r).Elem(), r.Giorno.t, c.m)
		var e *Errore
		if !errors.As(err, &e) || e.Codice != CodiceRegolaFallita || !strings.Contains(e.Messaggio, c.dice) || strings.Contains(e.Messaggio, "no such") {
			t.Errorf("%+v: %v; want regola_fallita saying %q", c.m, err, c.dice)
		}
	}
}
