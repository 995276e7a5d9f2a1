package lpu

import (
	"slices"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestUsciteRisultato: the seam between the calcolo's declared outputs
// and the answer's Go types (usciteRisultato) agrees with the embedded
// vocabulary. Each output it maps is one a lotto writes, in the
// vocabulary's order; each output a lotto writes that it does not map is
// exported by every step that computes it, else its column would stay
// empty (a new output of the vocabulary without either); the package's
// LottoResultColumns are the embedded engine's.
func TestUsciteRisultato(t *testing.T) {
	e, err := MotoreProva()
	if err != nil {
		t.Fatal(err)
	}
	var scritte, mappate []string
	for _, u := range e.usciteLotto() {
		scritte = append(scritte, u.Nome)
	}
	mappata := func(nome string) bool {
		return slices.ContainsFunc(usciteRisultato, func(u uscitaRisultato) bool { return u.nome == nome })
	}
	for _, u := range usciteRisultato {
		if !slices.Contains(scritte, u.nome) {
			t.Errorf("usciteRisultato (lpu/uscite.go) legge l'uscita %s, che rules/vocabolario.yaml non dichiara tra le uscite del calcolo scritte nel lotto: toglierla, o dichiararla", u.nome)
			continue
		}
		mappate = append(mappate, u.nome)
	}
	if nelVoc := slices.DeleteFunc(slices.Clone(scritte), func(n string) bool { return !mappata(n) }); !slices.Equal(nelVoc, mappate) {
		t.Errorf("usciteRisultato (lpu/uscite.go) ha le uscite nell'ordine %v, rules/vocabolario.yaml nell'ordine %v: le colonne del lotto seguono il vocabolario", mappate, nelVoc)
	}
	for _, p := range e.calcolo {
		for _, s := range p.File().Passi {
			if s.Tipo == spec.Calcola && slices.Contains(scritte, s.Nome) && !mappata(s.Nome) && !s.Esporta {
				t.Errorf("il passo %s calcola l'uscita %s, che il lotto scrive in una colonna, ma Risultato non la porta (usciteRisultato, lpu/uscite.go) e il passo non la esporta: aggiungerla a usciteRisultato con il suo campo di Risultato, o esportarla (esporta: true)", s.ID, s.Nome)
			}
		}
	}
	if got, want := e.LottoResultColumns(), LottoResultColumns(); !slices.Equal(got, want) {
		t.Errorf("colonne del lotto delle regole incorporate %v; LottoResultColumns %v", got, want)
	}
}
