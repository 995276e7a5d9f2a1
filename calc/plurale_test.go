package calc

import "testing"

func TestPlurale(t *testing.T) {
	for _, c := range []struct {
		n          int
		uno, molti string
		want       string
	}{
		{0, "%d riga", "righe", "0 righe"},
		{1, "%d riga", "righe", "1 riga"},
		{2, "%d riga", "righe", "2 righe"},
		{1, "giorno saltato", "giorni saltati", "giorno saltato"},
		{3, "una sessione", "%d sessioni in tutto", "3 sessioni in tutto"},
		// every %d is n, not only the first
		{4, "%d giorno (%d sessione)", "%d giorni (%d sessioni)", "4 giorni (4 sessioni)"},
		{1, "%d giorno (%d sessione)", "%d giorni (%d sessioni)", "1 giorno (1 sessione)"},
	} {
		if got := Plurale(c.n, c.uno, c.molti); got != c.want {
			t.Errorf("Plurale(%d, %q, %q) = %q; want %q", c.n, c.uno, c.molti, got, c.want)
		}
	}
}
