package calc

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Rome for Oggi on any machine
)

func TestAggiungiMesi(t *testing.T) {
	for _, c := range []struct {
		da   time.Time
		n    int
		want time.Time
	}{
		{Data(2025, time.January, 31), 1, Data(2025, time.February, 28)},
		{Data(2024, time.January, 31), 1, Data(2024, time.February, 29)},
		{Data(2025, time.March, 31), 1, Data(2025, time.April, 30)},
		{Data(2025, time.June, 10), 1, Data(2025, time.July, 10)},
		{Data(2024, time.December, 31), 2, Data(2025, time.February, 28)},
		{Data(2025, time.November, 30), 3, Data(2026, time.February, 28)},
		{Data(2024, time.February, 29), 12, Data(2025, time.February, 28)},
		{Data(2025, time.March, 31), -1, Data(2025, time.February, 28)},
		{Data(2025, time.January, 15), -13, Data(2023, time.December, 15)},
		{Data(2025, time.May, 31), 0, Data(2025, time.May, 31)},
	} {
		if got := AggiungiMesi(c.da, c.n); !got.Equal(c.want) {
			t.Errorf("AggiungiMesi(%s, %d) = %s, want %s", FormatData(c.da), c.n, FormatData(got), FormatData(c.want))
		}
	}
}

func TestGiorniTra(t *testing.T) {
	roma := time.FixedZone("CEST", 2*3600)
	for _, c := range []struct {
		a, b time.Time
		want int
	}{
		{Data(2025, time.June, 10), Data(2025, time.July, 10), 30},
		{Data(2024, time.February, 1), Data(2024, time.March, 1), 29},
		{Data(2025, time.March, 1), Data(2025, time.February, 1), -28},
		{Data(2025, time.March, 29), Data(2025, time.March, 31), 2}, // cambio dell'ora: giorni civili
		{time.Date(2025, time.June, 10, 23, 59, 0, 0, roma), Data(2025, time.June, 11), 1},
	} {
		if got := GiorniTra(c.a, c.b); got != c.want {
			t.Errorf("GiorniTra(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestParseData(t *testing.T) {
	for _, s := range []string{"2025-06-10", "2024-02-29", "1900-01-01"} {
		if d, err := ParseData(s); err != nil || FormatData(d) != s {
			t.Errorf("ParseData(%q) = %s, %v", s, d, err)
		}
	}
	for _, s := range []string{"", "2025-02-29", "2025-02-30", "2025-13-01", "2025-6-10", "10/06/2025", "2025-06-10T00:00:00Z", "oggi"} {
		if d, err := ParseData(s); err == nil {
			t.Errorf("ParseData(%q) = %s, want an error", s, d)
		}
	}
	for s, want := range map[string]string{"10/06/2025": "2025-06-10", "1/6/2025": "2025-06-01", "2025-06-10": "2025-06-10"} {
		if d, err := ParseDataItaliana(s); err != nil || FormatData(d) != want {
			t.Errorf("ParseDataItaliana(%q) = %s, %v; want %s", s, d, err, want)
		}
	}
	for s, want := range map[string]string{"10/06/2025": "2025-06-10", "2025-06-10": "2025-06-10", "10/6/25": "2025-06-10", "1/6/25": "2025-06-01",
		"10.06.2025": "2025-06-10", "10-06-25": "2025-06-10", "31/12/69": "2069-12-31", "01/01/70": "1970-01-01", "29/02/24": "2024-02-29",
		"01/01/1900": "1900-01-01", "31/12/2200": "2200-12-31", "19/10/1930": "1930-10-19"} {
		if d, err := ParseDataScritta(s); err != nil || FormatData(d) != want {
			t.Errorf("ParseDataScritta(%q) = %s, %v; want %s", s, d, err, want)
		}
	}
	for _, s := range []string{"", "31/02/25", "29/02/25", "10/13/25", "10/06/2", "10/06/025", "100/06/25", "10/06", "a/b/cc", "10//06/25/1", "oggi",
		// a year of four digits outside 1900–2200 is a slip of the keyboard
		"10/06/0025", "10/6/0025", "10.06.0025", "10-06-1025", "0025-06-10", "31/12/1899", "01/01/2201", "10/06/9999", "10/06/0000"} {
		if d, err := ParseDataScritta(s); err == nil {
			t.Errorf("ParseDataScritta(%q) = %s, want an error", s, d)
		}
	}
	// A date written right whose month has no such day says which month
	// and how many days it has; one written wrong, or out of the years,
	// does not.
	for s, want := range map[string]string{"31/02/2025": "febbraio 2025 ha 28 giorni", "29/02/25": "febbraio 2025 ha 28 giorni",
		"30/02/2024": "febbraio 2024 ha 29 giorni", "31.04.2025": "aprile 2025 ha 30 giorni", "31-11-25": "novembre 2025 ha 30 giorni"} {
		_, err := ParseDataScritta(s)
		if gi, ok := errors.AsType[*GiornoInesistente](err); !ok || gi.Spiegazione() != want {
			t.Errorf("ParseDataScritta(%q): %v; want a GiornoInesistente: %s", s, err, want)
		}
	}
	for _, s := range []string{"32/01/2025", "00/01/2025", "10/13/2025", "31/02/2201", "oggi"} {
		if _, err := ParseDataScritta(s); err == nil || errors.As(err, new(*GiornoInesistente)) {
			t.Errorf("ParseDataScritta(%q): %v; want an error of the form", s, err)
		}
	}
	// The ISO form and ParseDataItaliana's say so too, and MessaggioData
	// writes one message or the other.
	for s, f := range map[string]func(string) (time.Time, error){"2025-02-31": ParseData, "2025-02-31 ": ParseDataScritta,
		"31/02/2025": ParseDataItaliana, "2025-02-30": ParseDataItaliana, "2025-02-29": ParseDataScritta} {
		_, err := f(strings.TrimSpace(s))
		if gi, ok := errors.AsType[*GiornoInesistente](err); !ok || gi.Spiegazione() != "febbraio 2025 ha 28 giorni" {
			t.Errorf("%q: %v; want a GiornoInesistente: febbraio 2025 ha 28 giorni", s, err)
		}
	}
	for _, s := range []string{"2025-02-32", "2025-13-31", "0025-02-31", "2201-02-31", "31/02/0025", "2025-2-31"} {
		if _, err := ParseDataItaliana(s); err == nil || errors.As(err, new(*GiornoInesistente)) {
			t.Errorf("ParseDataItaliana(%q): %v; want an error of the form", s, err)
		}
	}
	for s, want := range map[string]string{"31/02/2025": "data inesistente: «31/02/2025» (febbraio 2025 ha 28 giorni)", "31/13/2025": "data non valida: «31/13/2025» (GG/MM/AAAA)"} {
		_, err := ParseDataScritta(s)
		if got := MessaggioData(s, err, "GG/MM/AAAA"); got != want {
			t.Errorf("MessaggioData(%q) = %q; want %q", s, got, want)
		}
	}
	if got := FormatDataItaliana(Data(2025, time.June, 1)); got != "01/06/2025" {
		t.Errorf("FormatDataItaliana = %q", got)
	}
}

func TestOggi(t *testing.T) {
	// 22:30 UTC on 10 June is already 11 June in Rome (CEST, UTC+2).
	if got := Oggi(time.Date(2025, time.June, 10, 22, 30, 0, 0, time.UTC)); FormatData(got) != "2025-06-11" {
		t.Errorf("Oggi = %s, want 2025-06-11", FormatData(got))
	}
}

func TestUltimoDelMese(t *testing.T) {
	for _, c := range []struct {
		y    int
		m    time.Month
		want int
	}{{2024, time.February, 29}, {2025, time.February, 28}, {1900, time.February, 28}, {2000, time.February, 29}, {2025, time.April, 30}, {2025, time.December, 31}} {
		if got := UltimoDelMese(c.y, c.m); got != c.want {
			t.Errorf("UltimoDelMese(%d, %s) = %d, want %d", c.y, c.m, got, c.want)
		}
	}
}

func TestGiornoSettimana(t *testing.T) {
	for i, k := range NomiGiorni() {
		d, ok := GiornoSettimana(k)
		if !ok || d != time.Weekday((i+1)%7) {
			t.Errorf("GiornoSettimana(%q) = %v, %v", k, d, ok)
		}
	}
	if _, ok := GiornoSettimana("domenica"); ok {
		t.Error(`GiornoSettimana("domenica") accettato`)
	}
}

// TestAppendData checks the hand-made date writers against time.Format,
// on every day from 1899 to 2201 and on years time.Format writes
// otherwise.
func TestAppendData(t *testing.T) {
	for d := Data(1899, time.January, 1); d.Year() < 2202; d = d.AddDate(0, 0, 1) {
		if got, want := FormatData(d), d.Format(time.DateOnly); got != want {
			t.Fatalf("FormatData(%v) = %s, atteso %s", d, got, want)
		}
		if got, want := FormatDataItaliana(d), d.Format("02/01/2006"); got != want {
			t.Fatalf("FormatDataItaliana(%v) = %s, atteso %s", d, got, want)
		}
	}
	for _, y := range []int{-1, 0, 1, 999, 9999, 10000} {
		d := Data(y, time.March, 4)
		if got, want := FormatData(d), d.Format(time.DateOnly); got != want {
			t.Errorf("FormatData(%v) = %s, atteso %s", d, got, want)
		}
		if got, want := FormatDataItaliana(d), d.Format("02/01/2006"); got != want {
			t.Errorf("FormatDataItaliana(%v) = %s, atteso %s", d, got, want)
		}
	}
}

// TestGiornoEAggiungiGiorni: Giorno gives time.Date's midnight UTC, the
// same value field by field (==), whether t is that midnight already
// (the shortcut), another time of the day, in another zone, or carries
// a monotonic reading; AggiungiGiorni gives AddDate's day.
func TestGiornoEAggiungiGiorni(t *testing.T) {
	rif := func(t time.Time) time.Time {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	zone := []*time.Location{time.UTC, Roma, time.FixedZone("-11", -11*3600), time.FixedZone("+14", 14*3600), time.Local}
	casi := []time.Time{time.Now(), time.Now().UTC(), Data(1, 1, 1), Data(1969, 12, 31), Data(1970, 1, 1), Data(9999, 12, 31),
		time.Unix(-1, 0).UTC(), time.Unix(86400, 1).UTC(), {}}
	for range 20000 {
		z := zone[rng.IntN(len(zone))]
		d := time.Date(1800+rng.IntN(500), time.Month(1+rng.IntN(12)), 1+rng.IntN(31), 0, 0, 0, 0, z)
		if rng.IntN(2) == 0 {
			d = d.Add(time.Duration(rng.Int64N(int64(48 * time.Hour))))
		}
		casi = append(casi, d)
	}
	for _, c := range casi {
		if got, want := Giorno(c), rif(c); got != want {
			t.Fatalf("Giorno(%v) = %#v, atteso %#v", c, got, want)
		}
		n := rng.IntN(800001) - 400000
		if got, want := AggiungiGiorni(c, n), rif(c).AddDate(0, 0, n); got != want {
			t.Fatalf("AggiungiGiorni(%v, %d) = %v, atteso %v", c, n, got, want)
		}
	}
}

// TestGiorniAlPiuInMesi checks the most days n months hold against every
// first day of eight years, two of them leap years.
func TestGiorniAlPiuInMesi(t *testing.T) {
	for _, c := range []struct{ mesi, want int }{{-1, 0}, {0, 1}, {1, 32}, {6, 185}, {12, 367}, {18, 551}, {24, 732}} {
		if got := GiorniAlPiuInMesi(c.mesi); got != c.want {
			t.Errorf("GiorniAlPiuInMesi(%d) = %d; want %d", c.mesi, got, c.want)
		}
	}
	for n := 0; n <= 60; n++ {
		want := 0
		for da := Data(2019, time.January, 1); da.Before(Data(2027, time.January, 1)); da = AggiungiGiorni(da, 1) {
			want = max(want, GiorniTra(da, AggiungiMesi(da, n))+1)
		}
		if got := GiorniAlPiuInMesi(n); got != want {
			t.Errorf("GiorniAlPiuInMesi(%d) = %d; want %d (every first day of 2019–2026)", n, got, want)
		}
	}
}
