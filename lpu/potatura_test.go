package lpu_test

import (
	"testing"
)

// TestPotatura: cel-go's folding, with each fattispecie inlined, leaves
// out of the Fund's and the convention's rules, for every fattispecie,
// steps that name only others (fattispecie == "l689_56bis" && …); that
// the answers stay the same is TestCorpus's job.
func TestPotatura(t *testing.T) {
	e := engine(t)
	potati := e.PassiPotati()
	for _, f := range e.Fattispecie() {
		for _, prg := range []string{"fondo", "convenzione"} {
			if potati[prg+"/"+f] == 0 {
				t.Errorf("%s/%s: nessun passo lasciato fuori (%v)", prg, f, potati)
			}
		}
	}
}
