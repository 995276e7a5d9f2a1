package lpu_test

import (
	"testing"
)

// TestPotatura: cel-go's folding, with each fattispecie inlined, leaves
// out of the Fund's and the convention's rules, for every fattispecie,
// steps that name only others (fattispecie == "map" && …, or through a
// mappa parameter: fattispecie in legge.convenzione_fattispecie_transitorie
// && …, without which the convention's MAP program leaves none out), and
// plans the Fund's expressions that fold for a fattispecie folded; that
// the answers stay the same is TestCorpus's job.
func TestPotatura(t *testing.T) {
	e := engine(t)
	potati, piegati := e.PassiPotati(), e.PassiPiegati()
	for _, f := range e.Fattispecie() {
		// and runs some of the Fund's conditions and values folded for
		// it (convenzione == "nessuna" && fattispecie != "map" …)
		if piegati["fondo/"+f] == 0 {
			t.Errorf("fondo/%s: nessun passo piegato (%v)", f, piegati)
		}
		for _, prg := range []string{"fondo", "convenzione"} {
			if potati[prg+"/"+f] == 0 {
				t.Errorf("%s/%s: nessun passo lasciato fuori (%v)", prg, f, potati)
			}
		}
	}
}
