package calc

import (
	"testing"
	"time"
)

func TestPostiOccupati(t *testing.T) {
	d := func(m time.Month, g int) time.Time { return Data(2025, m, g) }
	occ := []Occupazione{
		{Dal: d(1, 1), Al: d(3, 31), Posti: 1},
		{Dal: d(3, 1), Al: d(6, 30), Posti: 2},
		{Dal: d(7, 1), Al: d(7, 31), Posti: 1},
	}
	for _, c := range []struct {
		nome    string
		dal, al time.Time
		massimo int
		giorno  time.Time
	}{
		{"prima di tutto", d(1, 1).AddDate(0, 0, -10), d(1, 1).AddDate(0, 0, -1), 0, d(1, 1).AddDate(0, 0, -10)},
		{"solo la prima", d(1, 10), d(2, 28), 1, d(1, 10)},
		{"sovrapposte in marzo", d(2, 1), d(4, 30), 3, d(3, 1)},
		{"ultimo giorno della prima", d(3, 31), d(3, 31), 3, d(3, 31)},
		{"il giorno dopo la prima", d(4, 1), d(4, 1), 2, d(4, 1)},
		{"luglio", d(6, 30), d(8, 15), 2, d(6, 30)},
		{"agosto libero", d(8, 1), d(8, 31), 0, d(8, 1)},
	} {
		m, g := PostiOccupati(occ, c.dal, c.al)
		if m != c.massimo || !g.Equal(c.giorno) {
			t.Errorf("%s: got %d il %s; want %d il %s", c.nome, m, FormatData(g), c.massimo, FormatData(c.giorno))
		}
	}
}
