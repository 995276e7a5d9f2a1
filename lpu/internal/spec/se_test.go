package spec_test

import (
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestSeVuoto: a se written and left empty is a problem at its
// position, not a value computed always.
func TestSeVuoto(t *testing.T) {
	src := "id: x\ntipo: calcolo\ntitolo: X\nfonte: art. 1\nvigenza: {dal: 2020-01-01}\npassi:\n" +
		"  - id: a\n    calcola: a\n    se: \"\"\n    valore: \"1\"\n    fonte: art. 1\n    testo: \"a\"\n"
	var ps spec.Problems
	spec.Parse("f.yaml", []byte(src), &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Error())
	}
	if want := "f.yaml:9:9: passi[0].se: se: condizione vuota (senza «se» il valore si calcola sempre)"; strings.Join(got, "\n") != want {
		t.Errorf("problemi %q; want %q", got, want)
	}
}
