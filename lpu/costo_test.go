package lpu_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// fileCaro is a calcolo rule file whose steps PASSI come before the
// three outputs every calcolo must compute.
func fileCaro(passi string) string {
	return `id: caro
tipo: calcolo
titolo: Un calcolo ostile
fonte: art. 54 d.lgs. 274/2000
vigenza: {dal: 2020-01-01}
passi:
` + passi + `  - id: giorni
    calcola: giorni
    valore: pena.giorni_lpu
    fonte: art. 54 c.2
    testo: "{giorni} giorni."
  - id: ore
    calcola: ore
    valore: giorni * legge.ore_per_giorno
    fonte: art. 54 c.5
    testo: "{ore} ore."
  - id: max
    calcola: ore_giornaliere_max
    valore: legge.ore_giornaliere_max
    fonte: art. 54 c.4
    testo: "Al più {ore_giornaliere_max} ore al giorno."
`
}

func caricaCaro(t *testing.T, passi string) (*lpu.Engine, error) {
	t.Helper()
	generali, err := fs.ReadFile(rules.FS, "generali.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return lpu.Load(context.Background(), conVocabolario(t, fstest.MapFS{"generali.yaml": {Data: generali}, "caro.yaml": {Data: []byte(fileCaro(passi))}}))
}

// problemaCosto asserts that err rejects the file for its cost, at the
// line and column given.
func problemaCosto(t *testing.T, err error, riga, col int) {
	t.Helper()
	var er *lpu.LoadError
	if !errors.As(err, &er) {
		t.Fatalf("Load = %v; atteso il rifiuto al caricamento (*lpu.LoadError)", err)
	}
	t.Log(err)
	for _, p := range er.Problems {
		if p.File == "rules/caro.yaml" && p.Line == riga && p.Column == col && p.Code == "costo" {
			return
		}
	}
	t.Fatalf("Load = %v; atteso un problema «costo» in rules/caro.yaml:%d:%d", err, riga, col)
}

// TestCostoSostituzioni: replace() whose result is replaced again grows
// as the square of a square: a text of 310 characters became 9 GB at the
// first calcolo. The sizes of computed texts are carried from step to
// step, and the file is rejected at load, at the step that would blow.
func TestCostoSostituzioni(t *testing.T) {
	r1 := strings.Repeat("a", 300) + strings.Repeat("b", 10)
	passi := fmt.Sprintf(`  - id: r1
    calcola: r1
    valore: '"%s"'
    fonte: art. 54
    testo: "-"
    mostra: false
  - id: r2
    calcola: r2
    valore: r1.replace("a", r1)
    fonte: art. 54
    testo: "-"
    mostra: false
  - id: r3
    calcola: r3
    valore: r2.replace("a", r2)
    fonte: art. 54
    testo: "-"
    mostra: false
`, r1)
	_, err := caricaCaro(t, passi)
	problemaCosto(t, err, 21, 13)
}

// TestCostoDecimali: a decimal squared again and again doubles its
// digits at each step (16 s to 90 s per calcolo after 20 steps): the
// size of a decimal is its digits, and the file is rejected at load.
func TestCostoDecimali(t *testing.T) {
	var b strings.Builder
	b.WriteString("  - id: d0\n    calcola: d0\n    valore: decimale(\"99999999999999999999\")\n    fonte: art. 54\n    testo: \"-\"\n    mostra: false\n")
	for i := 1; i <= 22; i++ {
		fmt.Fprintf(&b, "  - id: d%d\n    calcola: d%d\n    valore: d%d * d%d\n    fonte: art. 54\n    testo: \"-\"\n    mostra: false\n", i, i, i-1, i-1)
	}
	_, err := caricaCaro(t, b.String())
	var er *lpu.LoadError
	if !errors.As(err, &er) {
		t.Fatalf("Load = %v; atteso il rifiuto al caricamento", err)
	}
	t.Log(err)
	// One problem, on the first square over the limit: the steps after
	// it, which read its value, do not repeat it.
	if len(er.Problems) != 1 || er.Problems[0].Code != "costo" || er.Problems[0].Line > 7+6*22 {
		t.Fatalf("problemi = %v; atteso un solo «costo» su uno dei quadrati", er.Problems)
	}
}

// TestCostoBilancio: steps each under the limit of one expression but
// together over the budget of one evaluation are rejected at load.
func TestCostoBilancio(t *testing.T) {
	var b strings.Builder
	elementi := make([]string, 40)
	for i := range elementi {
		elementi[i] = fmt.Sprint(i)
	}
	lista := "[" + strings.Join(elementi, ", ") + "]"
	for i := range 60 {
		fmt.Fprintf(&b, "  - id: c%d\n    calcola: c%d\n    valore: '%s.map(a, %s.map(b, a + b)).size()'\n    fonte: art. 54\n    testo: \"-\"\n    mostra: false\n", i, i, lista, lista)
	}
	_, err := caricaCaro(t, b.String())
	var er *lpu.LoadError
	if !errors.As(err, &er) || !strings.Contains(err.Error(), "valutazione") {
		t.Fatalf("Load = %v; atteso il rifiuto per il costo di una valutazione", err)
	}
}

// TestCostoVersioni: the expressions after a computed text are estimated
// on its size; a later version of it (another vigenza) that could be
// larger would make those estimates wrong, and is refused.
func TestCostoVersioni(t *testing.T) {
	lungo := strings.Repeat("x", 300)
	passi := `  - id: r_prima
    calcola: r
    valore: '"a"'
    fonte: art. 54
    testo: "-"
    mostra: false
    vigenza: {dal: 2020-01-01, al: 2022-12-31}
  - id: u
    calcola: u
    valore: r + r
    fonte: art. 54
    testo: "-"
    mostra: false
  - id: r_dopo
    calcola: r
    valore: '"` + lungo + `"'
    fonte: art. 54
    testo: "-"
    mostra: false
    vigenza: {dal: 2023-01-01}
`
	_, err := caricaCaro(t, passi)
	problemaCosto(t, err, 22, 14)
}
