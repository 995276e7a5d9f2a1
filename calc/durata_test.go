package calc

import (
	"testing"
	"time"
)

func TestGiorniDa(t *testing.T) {
	for _, c := range []struct {
		d         Durata
		da        time.Time
		g30, gcal int
		perche    string
	}{
		{Durata{Mesi: 1, Giorni: 15}, Data(2025, time.June, 10), 45, 45, "Cass. 33700/2025: 1 mese e 15 giorni"},
		{Durata{Mesi: 1}, Data(2025, time.January, 31), 30, 28, "31 gennaio + 1 mese = 28 febbraio"},
		{Durata{Mesi: 1}, Data(2024, time.January, 31), 30, 29, "anno bisestile: 29 febbraio"},
		{Durata{Mesi: 1}, Data(2025, time.February, 10), 30, 28, "febbraio"},
		{Durata{Mesi: 1}, Data(2025, time.March, 31), 30, 30, "31 marzo + 1 mese = 30 aprile"},
		{Durata{Mesi: 2}, Data(2024, time.December, 31), 60, 59, "31/12/2024 + 2 mesi = 28/02/2025"},
		{Durata{Anni: 1}, Data(2024, time.February, 29), 360, 365, "29/2/2024 + 1 anno = 28/2/2025"},
		{Durata{Anni: 1}, Data(2023, time.March, 1), 360, 366, "un anno che contiene il 29 febbraio"},
		{Durata{Mesi: 12}, Data(2023, time.March, 1), 360, 366, "12 mesi = 1 anno"},
		{Durata{Anni: 1, Mesi: 4, Giorni: 15}, Data(2025, time.January, 1), 495, 500, "1/1/2025 + 16 mesi = 1/5/2026, + 15"},
		{Durata{Giorni: 10}, Data(2025, time.June, 10), 10, 10, "solo giorni"},
		{Durata{}, Data(2025, time.June, 10), 0, 0, "durata vuota"},
		{Durata{Mesi: 1}, time.Date(2025, time.January, 31, 23, 30, 0, 0, time.UTC), 30, 28, "l'ora non conta"},
	} {
		if got := c.d.GiorniDa(Mese30, c.da); got != c.g30 {
			t.Errorf("%v dal %s a mesi di 30 giorni = %d, want %d (%s)", c.d, FormatData(c.da), got, c.g30, c.perche)
		}
		if got := c.d.Giorni30(); got != c.g30 {
			t.Errorf("%v.Giorni30() = %d, want %d", c.d, got, c.g30)
		}
		if got := c.d.GiorniDa(MeseCalendario, c.da); got != c.gcal {
			t.Errorf("%v dal %s a calendario = %d, want %d (%s)", c.d, FormatData(c.da), got, c.gcal, c.perche)
		}
	}
}

func TestCriterioMese(t *testing.T) {
	for _, c := range []struct {
		c    CriterioMese
		want bool
	}{{Mese30, true}, {MeseCalendario, true}, {"", false}, {"lunare", false}} {
		if got := c.c.Valido(); got != c.want {
			t.Errorf("CriterioMese(%q).Valido() = %v, want %v", c.c, got, c.want)
		}
	}
}

func TestDurataConfronta(t *testing.T) {
	for _, c := range []struct {
		a, b Durata
		want int
	}{
		{Durata{Mesi: 1}, Durata{Giorni: 30}, 0},
		{Durata{Anni: 1}, Durata{Mesi: 12}, 0},
		{Durata{Mesi: 1}, Durata{Giorni: 31}, -1},
		{Durata{Anni: 4}, Durata{Anni: 3, Mesi: 11, Giorni: 29}, 1},
	} {
		if got := c.a.Confronta(c.b); got != c.want {
			t.Errorf("%v.Confronta(%v) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestDurataString(t *testing.T) {
	for _, c := range []struct {
		d    Durata
		want string
	}{
		{Durata{}, "0 giorni"},
		{Durata{Giorni: 1}, "1 giorno"},
		{Durata{Mesi: 1, Giorni: 15}, "1 mese e 15 giorni"},
		{Durata{Anni: 1, Mesi: 4, Giorni: 15}, "1 anno, 4 mesi e 15 giorni"},
		{Durata{Anni: 2, Giorni: 1}, "2 anni e 1 giorno"},
	} {
		if got := c.d.String(); got != c.want {
			t.Errorf("%#v.String() = %q, want %q", c.d, got, c.want)
		}
	}
}

func BenchmarkGiorniDaCalendario(b *testing.B) {
	d, da := Durata{Mesi: 1, Giorni: 15}, Data(2025, time.June, 10)
	b.ReportAllocs()
	for b.Loop() {
		if n := d.GiorniDa(MeseCalendario, da); n != 45 {
			b.Fatal(n)
		}
	}
}
