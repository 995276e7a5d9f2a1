package calc_test

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2/it"

	"github.com/lpu-it/lpu/calc"
)

func TestFestivitaNazionali2024_2030(t *testing.T) {
	pasqua := map[int]string{2024: "03-31", 2025: "04-20", 2026: "04-05", 2027: "03-28", 2028: "04-16", 2029: "04-01", 2030: "04-21"}
	pasquetta := map[int]string{2024: "04-01", 2025: "04-21", 2026: "04-06", 2027: "03-29", 2028: "04-17", 2029: "04-02", 2030: "04-22"}
	for anno := 2024; anno <= 2030; anno++ {
		want := []string{"01-01", "01-06", pasqua[anno], pasquetta[anno], "04-25", "05-01", "06-02", "08-15", "11-01", "12-08", "12-25", "12-26"}
		if anno >= 2026 {
			want = append(want, "10-04")
		}
		got := map[string]bool{}
		for _, f := range calc.FestivitaNazionali(anno) {
			if f.Data.Year() != anno {
				t.Errorf("%d: %s has year %d", anno, f.Nome, f.Data.Year())
			}
			if f.Fonte == "" || f.Tipo != calc.FestaNazionale {
				t.Errorf("%d: %s without source or with type %q", anno, f.Nome, f.Tipo)
			}
			got[f.Data.Format("01-02")] = true
		}
		if len(got) != len(want) {
			t.Errorf("%d: got %d holidays %v; want %d %v", anno, len(got), got, len(want), want)
		}
		for _, w := range want {
			if !got[w] {
				t.Errorf("%d: %s missing", anno, w)
			}
		}
	}
}

func TestQuattroOttobre(t *testing.T) {
	var c calc.Calendario
	for _, tc := range []struct {
		d    time.Time
		want bool
	}{
		{calc.Data(2025, 10, 4), false}, // L. 151/2025 applies from 2026
		{calc.Data(2026, 10, 4), true},  // a Sunday
		{calc.Data(2027, 10, 4), true},  // a Monday
	} {
		f, ok := c.Festivita(tc.d)
		if ok != tc.want {
			t.Errorf("%s: festivo = %v (%+v); want %v", calc.FormatData(tc.d), ok, f, tc.want)
		}
	}
}

// TestRickarCompleto fails if rickar/cal adds an Italian holiday that the
// table of national holidays does not know.
func TestRickarCompleto(t *testing.T) {
	for anno := 2024; anno <= 2030; anno++ {
		ours := map[time.Time]bool{}
		for _, f := range calc.FestivitaNazionali(anno) {
			ours[f.Data] = true
		}
		for _, h := range it.Holidays {
			d, _ := h.Calc(anno)
			if !d.IsZero() && !ours[calc.Data(d.Year(), d.Month(), d.Day())] {
				t.Errorf("%d: rickar's %s (%s) missing", anno, h.Name, d.Format(time.DateOnly))
			}
		}
	}
}

func TestPatronoData(t *testing.T) {
	asti := calc.Patrono{Comune: "Asti", Mese: time.May, Settimana: 1, GiornoSettimana: time.Tuesday}
	ultimo := calc.Patrono{Comune: "X", Mese: time.May, Settimana: -1, GiornoSettimana: time.Sunday}
	bisestile := calc.Patrono{Comune: "Y", Mese: time.February, Giorno: 29}
	for _, tc := range []struct {
		p    calc.Patrono
		anno int
		want string
	}{
		{asti, 2024, "2024-05-07"}, {asti, 2025, "2025-05-06"}, {asti, 2026, "2026-05-05"}, {asti, 2029, "2029-05-01"},
		{ultimo, 2025, "2025-05-25"}, {ultimo, 2026, "2026-05-31"},
		{bisestile, 2024, "2024-02-29"}, {bisestile, 2025, "2025-02-28"},
		{calc.Patrono{Comune: "Milano", Mese: time.December, Giorno: 7}, 2027, "2027-12-07"},
	} {
		if got := calc.FormatData(tc.p.Data(tc.anno)); got != tc.want {
			t.Errorf("%s %d: got %s; want %s", tc.p.Comune, tc.anno, got, tc.want)
		}
	}
	for _, bad := range []calc.Patrono{
		{Comune: "A", Mese: 13, Giorno: 1},
		{Comune: "A", Mese: 4, Giorno: 31},
		{Comune: "A", Mese: 4},
		{Comune: "A", Mese: 4, Giorno: 1, Settimana: 1},
		{Comune: "A", Mese: 4, Settimana: 5},
		{Mese: 4, Giorno: 1},
	} {
		if bad.Valida() == nil {
			t.Errorf("%+v: valid; want an error", bad)
		}
	}
}

func TestCalendarioPatrono(t *testing.T) {
	milano := calc.Calendario{Patroni: []calc.Patrono{{Comune: "Milano", Santo: "Sant'Ambrogio", Mese: time.December, Giorno: 7, Fonte: "uso"}}}
	var torino calc.Calendario
	d := calc.Data(2026, 12, 7)
	if f, ok := milano.Festivita(d); !ok || f.Tipo != calc.FestaPatronale || f.Nome != "Santo patrono di Milano (Sant'Ambrogio)" {
		t.Errorf("Milano 7/12: %+v %v; want the patron", f, ok)
	}
	if _, ok := torino.Festivita(d); ok {
		t.Errorf("7/12 without patrons: a holiday; want not")
	}
	// A patron on a national holiday: the national one wins.
	venezia := calc.Calendario{Patroni: []calc.Patrono{{Comune: "Venezia", Mese: time.April, Giorno: 25}}}
	if f, _ := venezia.Festivita(calc.Data(2025, 4, 25)); f.Tipo != calc.FestaNazionale {
		t.Errorf("Venezia 25/4: %+v; want the national holiday", f)
	}
}

func TestSettimanaISO(t *testing.T) {
	for _, tc := range []struct {
		d          time.Time
		anno, sett int
		lunedi     string
	}{
		{calc.Data(2025, 7, 3), 2025, 27, "2025-06-30"},
		{calc.Data(2025, 7, 6), 2025, 27, "2025-06-30"}, // Sunday closes the week
		{calc.Data(2027, 1, 1), 2026, 53, "2026-12-28"},
		{calc.Data(2024, 12, 30), 2025, 1, "2024-12-30"},
	} {
		a, s, l := calc.SettimanaISO(tc.d)
		if a != tc.anno || s != tc.sett || calc.FormatData(l) != tc.lunedi {
			t.Errorf("%s: got %d-W%d %s; want %d-W%d %s", calc.FormatData(tc.d), a, s, calc.FormatData(l), tc.anno, tc.sett, tc.lunedi)
		}
	}
}

func TestAggiungiMesiFineMese(t *testing.T) {
	for _, tc := range []struct {
		d    time.Time
		n    int
		want string
	}{
		{calc.Data(2025, 7, 1), 3, "2025-10-01"}, // seed 002
		{calc.Data(2025, 1, 31), 1, "2025-02-28"},
		{calc.Data(2024, 1, 31), 1, "2024-02-29"}, // leap year
		{calc.Data(2024, 2, 29), 12, "2025-02-28"},
		{calc.Data(2028, 2, 29), 48, "2032-02-29"},
		{calc.Data(2025, 8, 31), 1, "2025-09-30"},
		{calc.Data(2025, 12, 31), 2, "2026-02-28"},
		{calc.Data(2025, 11, 30), 3, "2026-02-28"},
	} {
		if got := calc.FormatData(calc.AggiungiMesi(tc.d, tc.n)); got != tc.want {
			t.Errorf("%s + %d mesi = %s; want %s", calc.FormatData(tc.d), tc.n, got, tc.want)
		}
	}
}

func TestNomiGiorni(t *testing.T) {
	if calc.ChiaveGiorno(time.Thursday) != "gio" || calc.ChiaveGiorno(time.Sunday) != "dom" || calc.NomeGiorno(time.Thursday) != "giovedì" {
		t.Error("weekday names")
	}
}

// TestFestivo covers the days the Fund's deadline may fall on: Sundays,
// the national holidays (Easter Monday moves, 4 October only from 2026),
// and the days that are neither (a Saturday, a patron saint's feast).
func TestFestivo(t *testing.T) {
	for _, c := range []struct {
		data string
		want bool
	}{
		{"2025-01-01", true},  // Capodanno, mercoledì
		{"2024-12-22", true},  // domenica
		{"2024-12-21", false}, // sabato
		{"2025-04-21", true},  // Lunedì dell'Angelo
		{"2026-04-06", true},  // Lunedì dell'Angelo
		{"2025-04-22", false}, // martedì dopo Pasqua
		{"2025-10-04", false}, // sabato, San Francesco non ancora festivo
		{"2027-10-04", true},  // lunedì, San Francesco (L. 151/2025)
		{"2026-12-07", false}, // Sant'Ambrogio: patrono di Milano, non nazionale
		{"2028-02-29", false}, // martedì di un anno bisestile
	} {
		d, err := calc.ParseData(c.data)
		if err != nil {
			t.Fatal(err)
		}
		if got := calc.Festivo(d); got != c.want {
			t.Errorf("Festivo(%s) = %v; want %v", c.data, got, c.want)
		}
	}
}

// TestNonFestivoPrima: the day to file by when the deadline is festivo,
// across Christmas, Easter and 4 October; a Saturday counts.
func TestNonFestivoPrima(t *testing.T) {
	for _, c := range []struct{ da, want string }{
		{"2025-12-26", "2025-12-24"}, // Santo Stefano, venerdì: Natale prima, mercoledì 24
		{"2025-12-25", "2025-12-24"}, // Natale
		{"2026-04-06", "2026-04-04"}, // Lunedì dell'Angelo: domenica prima, sabato 4
		{"2025-06-01", "2025-05-31"}, // domenica: il sabato
		{"2026-01-01", "2025-12-31"}, // Capodanno, giovedì
		{"2027-10-04", "2027-10-02"}, // San Francesco, lunedì: domenica, sabato 2
		{"2025-01-07", "2025-01-04"}, // martedì dopo l'Epifania (lunedì) e la domenica
		{"2025-06-03", "2025-05-31"}, // dopo il 2 giugno (lunedì) e la domenica
		{"2024-12-21", "2024-12-20"}, // sabato: il giorno prima, venerdì
	} {
		d, err := calc.ParseData(c.da)
		if err != nil {
			t.Fatal(err)
		}
		if got := calc.FormatData(calc.NonFestivoPrima(d)); got != c.want {
			t.Errorf("NonFestivoPrima(%s) = %s; want %s", c.da, got, c.want)
		}
	}
}
