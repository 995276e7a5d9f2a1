package spec

import "testing"

func TestNominaCampo(t *testing.T) {
	for _, c := range []struct {
		msg, et string
		want    bool
	}{
		{"indicare la «Multa»", "Multa (€)", true},
		{"la «multa (€)» è negativa", "Multa (€)", true},
		{"fattispecie «cds168» sconosciuta", "Fattispecie", true},
		{"valore non valido", "Multa (€)", false},
		{"«Durata» oltre il massimo", "Durata del programma (mesi)", false},
	} {
		if got := NominaCampo(c.msg, c.et); got != c.want {
			t.Errorf("NominaCampo(%q, %q) = %v, want %v", c.msg, c.et, got, c.want)
		}
	}
	if got := NomeCampo("Arresto (mesi)"); got != "Arresto" {
		t.Errorf("NomeCampo = %q", got)
	}
}
