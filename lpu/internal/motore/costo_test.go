package motore

import (
	"fmt"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// The static cost estimate of the programs, on the synthetic rule file
// with hostile steps put first.

// compilaCaro compiles fileProva with passi before its steps.
func compilaCaro(t *testing.T, passi string) spec.Problems {
	t.Helper()
	_, ps := compilaProva(t, strings.Replace(fileProva, "passi:\n", "passi:\n"+passi, 1))
	return ps
}

// problemaCosto asserts that ps has a problem of cost at perc.
func problemaCosto(t *testing.T, ps spec.Problems, perc string) {
	t.Helper()
	for _, p := range ps {
		if p.Codice == "costo" && p.Percorso == perc {
			return
		}
	}
	t.Fatalf("problemi = %v; atteso «costo» in %s", ps, perc)
}

func passoNascosto(id, valore, extra string) string {
	return fmt.Sprintf("  - id: %s\n    calcola: %s\n    valore: '%s'\n    fonte: x\n    testo: \"-\"\n    mostra: false\n%s", id, id, valore, extra)
}

// TestCostoSostituzioni: replace() whose result is replaced again grows
// as the square of a square: the sizes of computed texts are carried
// from step to step, and the file is refused at the step that would
// blow.
func TestCostoSostituzioni(t *testing.T) {
	r1 := strings.Repeat("a", 300) + strings.Repeat("b", 10)
	ps := compilaCaro(t, passoNascosto("r1", `"`+r1+`"`, "")+passoNascosto("r2", `r1.replace("a", r1)`, "")+passoNascosto("r3", `r2.replace("a", r2)`, ""))
	problemaCosto(t, ps, "passi[2].valore")
}

// TestCostoDecimali: a decimal squared again and again doubles its
// digits at each step: the size of a decimal is its digits, and the file
// is refused once, at the first square over the limit (the steps after
// it, which read its value, do not repeat it).
func TestCostoDecimali(t *testing.T) {
	var b strings.Builder
	b.WriteString(passoNascosto("d0", `decimale("99999999999999999999")`, ""))
	for i := 1; i <= 22; i++ {
		b.WriteString(passoNascosto(fmt.Sprintf("d%d", i), fmt.Sprintf("d%d * d%d", i-1, i-1), ""))
	}
	ps := compilaCaro(t, b.String())
	if len(ps) != 1 || ps[0].Codice != "costo" {
		t.Fatalf("problemi = %v; atteso un solo «costo» su uno dei quadrati", ps)
	}
}

// TestCostoBilancio: steps each under the limit of one expression but
// together over the budget of one evaluation are refused.
func TestCostoBilancio(t *testing.T) {
	elementi := make([]string, 40)
	for i := range elementi {
		elementi[i] = fmt.Sprint(i)
	}
	lista := "[" + strings.Join(elementi, ", ") + "]"
	var b strings.Builder
	for i := range 60 {
		b.WriteString(passoNascosto(fmt.Sprintf("c%d", i), lista+".map(a, "+lista+".map(b, a + b)).size()", ""))
	}
	ps := compilaCaro(t, b.String())
	if len(ps) != 1 || ps[0].Codice != "costo" || !strings.Contains(ps[0].Msg, "per valutazione") {
		t.Fatalf("problemi = %v; atteso il rifiuto per il costo di una valutazione", ps)
	}
}

// TestCostoVersioni: the expressions after a computed text are estimated
// on its size; a later version of it (another vigenza) that could be
// larger would make those estimates wrong, and is refused.
func TestCostoVersioni(t *testing.T) {
	ps := compilaCaro(t, passoNascosto("r", `"a"`, "    vigenza: {dal: 2020-01-01, al: 2022-12-31}\n")+
		passoNascosto("u", "r + r", "")+
		passoNascosto("r", `"`+strings.Repeat("x", 300)+`"`, "    vigenza: {dal: 2023-01-01}\n"))
	problemaCosto(t, ps, "passi[2].valore")
}

// TestCostoSenzaDim: the cost of an expression estimated without the size
// of its value (a placeholder of a text) is the one estimated with it.
func TestCostoSenzaDim(t *testing.T) {
	amb := ambienteProva(t, nil, "x", cel.IntType, "s", cel.StringType)
	tab := &simboli{idx: map[string]int{}}
	for _, src := range []string{`string(x) + "abc"`, `"aaa".replace("a", "bb") + "x"`, `decimale("1.5") * decimale("2")`,
		`["a", "b"].map(v, v + "x")`, `x > 2 ? testo(x) : "-"`, `s + s`} {
		a, iss := CompilaCEL(amb, src)
		if iss.Err() != nil {
			t.Fatalf("%s: %v", src, iss.Err())
		}
		con, dim, err := stimaCosto(tab, a, true)
		senza, _, err2 := stimaCosto(tab, a, false)
		if err != nil || err2 != nil || con != senza || dim == nil {
			t.Errorf("%s: %v (dim %v, %v), senza %v (%v)", src, con, dim, err, senza, err2)
		}
	}
}
