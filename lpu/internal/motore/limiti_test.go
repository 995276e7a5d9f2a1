package motore

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// The bounds of the outputs on a rule set made up for them: totale is
// dati.n less 10, which its vocabulary bounds to 0…50; a refusal before
// it refuses what is over 200, one after it reads it; resto has no
// value when dati.flag.
const vocLimiti = `id: vocabolario
tipo: vocabolario
titolo: Vocabolario di prova
fonte: prova
richieste:
  prova:
    regole: uno
    data_riferimento: giorno
    uscite:
      totale: {tipo: intero, obbligatoria: true, min: 0, max: 50, etichetta: Totale dovuto}
      resto: {tipo: intero, min: 0, etichetta: Resto da pagare}
      libero: {tipo: intero, etichetta: Senza limiti}
    campi:
      giorno: {tipo: data, etichetta: Giorno}
`

const fileLimiti = `id: prova
tipo: prova
titolo: Prova
fonte: art. 1
vigenza: {dal: 2020-01-01}
passi:
  - id: enorme
    rifiuta: dati.n > 200
    codice: enorme
    campo: dati.n
    fonte: art. 2
    testo: "enorme: {dati.n}"
  - id: tot
    calcola: totale
    valore: dati.n - 10
    fonte: art. 2
    testo: "{dati.n} meno 10 = {totale}"
  - id: molto
    rifiuta: totale > 90
    codice: troppo
    campo: dati.n
    fonte: art. 3
    testo: "troppo: {totale}"
  - id: resto
    calcola: resto
    se: "!dati.flag"
    valore: totale - 20
    fonte: art. 4
    testo: "resto {resto}"
  - id: libero
    calcola: libero
    valore: -dati.n
    fonte: art. 5
    testo: "libero {libero}"
`

// compilaLimiti compiles fileLimiti with the bounds its vocabulary
// declares, as the loader does (Generi, then the kind's Conf).
// senza: without the bounds (Conf.Limiti nil), to compare.
func compilaLimiti(t *testing.T, senza bool) *Programma {
	t.Helper()
	var ps spec.Problems
	voc := spec.Parse("vocabolario.yaml", []byte(vocLimiti), &ps)
	f := spec.Parse("regole/prova.yaml", []byte(fileLimiti), &ps)
	if len(ps) > 0 {
		t.Fatalf("parse: %v", ps)
	}
	generi, _ := Generi([]*spec.File{voc}, &ps)
	g := generi["prova"]
	want := []Limite{{Nome: "totale", Etichetta: "Totale dovuto", Min: 0, Max: 50},
		{Nome: "resto", Etichetta: "Resto da pagare", Min: 0, Max: math.MaxInt64}}
	if g == nil || !reflect.DeepEqual(g.Limiti, want) {
		t.Fatalf("Generi: limiti %+v; want %+v", g, want)
	}
	if senza {
		g.Limiti = nil
	}
	conf := Conf{Req: reflect.TypeFor[richiestaProva](), Letture: lettureProva, Uscite: g.Uscite, Obblig: g.Obbligatorie,
		Limiti: g.Limiti, Lette: []string{"totale", "resto", "libero"}, PotaPer: "caso"}
	p := Compila(f, conf, nil, nil, OpzioniCompila{}, &ps)
	if p == nil || len(ps) > 0 {
		t.Fatalf("Compila: %v", ps)
	}
	p.Pota([]string{"a"})
	return p
}

// TestLimitiUscite: an output outside its declared bounds fails the
// evaluation as the rules' error (regola_fallita), naming the file, the
// step and the output by its label, never an answer; with and without
// the explanation (where the value is computed when first read), pruned
// for the case or not, with the exported values or not. A refusal before
// the step comes first; one after it that reads the value never sees it
// out of bounds. An output without a value, or without bounds, is not
// checked.
func TestLimitiUscite(t *testing.T) {
	p := compilaLimiti(t, false)
	for _, c := range []struct {
		n    int
		flag bool
		want string
	}{
		{30, false, "totale=20 resto=0 libero=-30"},
		{60, false, "totale=50 resto=30 libero=-60"},
		{10, true, "totale=0 resto=- libero=-10"},
		// resto: 5 − 20 (a bound of one output and not of another)
		{25, false, "errore regola_fallita: motore: la regola prova.resto del file regole/prova.yaml dà -5 come «Resto da pagare», che non può essere meno di 0: un errore delle regole, non del caso"},
		{5, true, "errore regola_fallita: motore: la regola prova.tot del file regole/prova.yaml dà -5 come «Totale dovuto», che non può essere meno di 0: un errore delle regole, non del caso"},
		{61, false, "errore regola_fallita: motore: la regola prova.tot del file regole/prova.yaml dà 51 come «Totale dovuto», che non può essere più di 50: un errore delle regole, non del caso"},
		// a refusal before the step comes first; one after never reads
		// a value out of bounds
		{201, false, "errore enorme: motore: dati.n: enorme: 201 (art. 2)"},
		{101, false, "errore regola_fallita: motore: la regola prova.tot del file regole/prova.yaml dà 91 come «Totale dovuto», che non può essere più di 50: un errore delle regole, non del caso"},
	} {
		r := richiesta("a", c.n, c.flag)
		for _, m := range []Modo{{}, {Spiega: true}, {Caso: "a"}, {Spiega: true, Caso: "a"}, {SenzaValori: true}} {
			if got := esitoLimiti(p, r, m); got != c.want {
				t.Errorf("n=%d flag=%v %+v:\n got %s\nwant %s", c.n, c.flag, m, got, c.want)
			}
		}
	}
	// Only the steps an output needs (as Engine.Limiti runs them): the
	// bound of what they compute is checked, not of what they leave.
	solo := Modo{Spiega: true, Solo: p.Chiusura("totale")}
	if got, want := esitoLimiti(p, richiesta("a", 25, false), solo), "totale=15 resto=- libero=-"; got != want {
		t.Errorf("Solo totale, n=25: %s; want %s", got, want)
	}
	if got := esitoLimiti(p, richiesta("a", 5, false), solo); !strings.Contains(got, "regola prova.tot ") {
		t.Errorf("Solo totale, n=5: %s; want the error of prova.tot", got)
	}
}

// esitoLimiti runs p on r and writes the outputs the caller reads ("-":
// none), or the error.
func esitoLimiti(p *Programma, r *richiestaProva, m Modo) string {
	x, err := p.Esegui(reflect.ValueOf(r).Elem(), r.Giorno.t, m)
	if err != nil {
		e, ok := err.(*Errore)
		if !ok || e.Tipo != ErrRegola && e.Codice == CodiceRegolaFallita {
			return "errore di tipo sbagliato: " + err.Error()
		}
		return "errore " + e.Codice + ": " + err.Error()
	}
	defer x.Rilascia()
	var b strings.Builder
	for k, nome := range []string{"totale", "resto", "libero"} {
		v := "-"
		if n, ok := x.Intero(k); ok {
			v = strconv.Itoa(n)
		}
		if k > 0 {
			b.WriteString(" ")
		}
		b.WriteString(nome + "=" + v)
	}
	return b.String()
}

// TestLimitiSenzaAllocazioni: checking the bounds costs no allocation
// on the success path: the same evaluation, with and without them.
func TestLimitiSenzaAllocazioni(t *testing.T) {
	if raceAttivo {
		t.Skip("(the race detector allocates)")
	}
	con, senza := compilaLimiti(t, false), compilaLimiti(t, true)
	r := richiesta("a", 30, false)
	conta := func(p *Programma) float64 {
		return testing.AllocsPerRun(100, func() {
			x, err := p.Esegui(reflect.ValueOf(r).Elem(), r.Giorno.t, Modo{Caso: "a", SenzaValori: true})
			if err != nil {
				t.Fatal(err)
			}
			x.Rilascia()
		})
	}
	if a, b := conta(con), conta(senza); a != b {
		t.Errorf("allocazioni per valutazione: %v con i limiti, %v senza", a, b)
	}
}
