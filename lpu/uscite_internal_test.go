package lpu

import (
	"slices"
	"testing"
)

// TestUsciteRisultato: the seam between the calcolo's declared outputs
// and the answer's Go types (usciteRisultato) agrees with the embedded
// vocabulary. Each output it maps is one a lotto writes; each output of
// the answer's Go types (nomiUscite) a lotto writes it maps; the embedded
// engine's columns start with the package's LottoResultColumns (an
// output the YAML alone adds comes after them). (An output it does not
// map must be exported by the steps that compute it: Load checks that,
// controllaUsciteNeiValori.)
func TestUsciteRisultato(t *testing.T) {
	e, err := MotoreProva()
	if err != nil {
		t.Fatal(err)
	}
	var scritte []string
	for _, u := range e.usciteLotto() {
		scritte = append(scritte, u.Nome)
	}
	mappata := func(nome string) bool {
		return slices.ContainsFunc(usciteRisultato, func(u uscitaRisultato) bool { return u.nome() == nome })
	}
	for _, u := range usciteRisultato {
		if !slices.Contains(scritte, u.nome()) {
			t.Errorf("usciteRisultato (lpu/uscite.go) legge l'uscita %s, che rules/vocabolario.yaml non dichiara tra le uscite del calcolo scritte nel lotto: toglierla, o dichiararla", u.nome())
		}
	}
	for _, n := range scritte {
		if slices.Contains(nomiUscite, n) && !mappata(n) {
			t.Errorf("il lotto scrive l'uscita %s, che Risultato porta in un campo suo (nomiUscite), ma usciteRisultato (lpu/uscite.go) non la legge: la sua colonna resterebbe vuota; aggiungerla in fondo a usciteRisultato", n)
		}
	}
	if got, want := e.LottoResultColumns(), LottoResultColumns(); len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Errorf("colonne del lotto delle regole incorporate %v: non iniziano con LottoResultColumns %v", got, want)
	}
}

// TestTestoValore: a declared output's value from the answer's valori,
// for a machine (a lotto's cell) and for a person (the copy text).
func TestTestoValore(t *testing.T) {
	scelte := []InfoScelta{{Valore: "pena", Etichetta: "Tutta la pena"}}
	for _, c := range []struct {
		v                 any
		tipo              string
		macchina, persona string
	}{
		{nil, "testo", "", ""},
		{true, "booleano", "sì", "sì"},
		{false, "booleano", "no", "no"},
		{"1100.5", "importo", "1100.5", "€ 1.100,50"},
		{"2025-06-10", "data", "2025-06-10", "10/06/2025"},
		{"pena", "testo", "pena", "Tutta la pena"},
		{int64(7), "intero", "7", "7"},
	} {
		if got := testoValore(c.v, c.tipo, scelte, false); got != c.macchina {
			t.Errorf("%v (%s) per una macchina: %q, atteso %q", c.v, c.tipo, got, c.macchina)
		}
		if got := (InfoUscita{Tipo: c.tipo, Scelte: scelte}).Testo(c.v); got != c.persona {
			t.Errorf("%v (%s) per una persona: %q, atteso %q", c.v, c.tipo, got, c.persona)
		}
	}
}
