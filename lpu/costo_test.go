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
// step, and the file is rejected at load, at the step that would blow,
// with the position of its file (the engine's estimates are tested on
// synthetic rules in lpu/internal/motore, costo_test.go).
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
