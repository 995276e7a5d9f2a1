package calc

import (
	"math/rand/v2"
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

// TestGiorniDaCivili: the calendar count of a duration, done on civil
// dates (numeroGiorno, giorniDelMese), is what time.Date gives: the
// months added with AggiungiMesi's rule, the days between by
// time.Time.Sub — on every day from 1899 to 2201, in every location, for
// durations up to the bounds a request accepts. GiorniTra likewise.
func TestGiorniDaCivili(t *testing.T) {
	aggiungiMesiRif := func(t time.Time, n int) time.Time { // (the code before numeroGiorno)
		t = Giorno(t)
		y, m, d := t.Date()
		tot := int(m) - 1 + n
		y += floorDiv(tot, 12)
		m = time.Month(tot-floorDiv(tot, 12)*12) + 1
		if last := UltimoDelMese(y, m); d > last {
			d = last
		}
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	riferimento := func(d Durata, da time.Time) int {
		y, m, g := da.Date()
		tot := int(m) - 1 + d.Anni*12 + d.Mesi
		y2 := y + floorDiv(tot, 12)
		m2 := time.Month(tot-floorDiv(tot, 12)*12) + 1
		g2 := min(g, time.Date(y2, m2+1, 0, 0, 0, 0, 0, time.UTC).Day())
		a := time.Date(y, m, g, 0, 0, 0, 0, time.UTC)
		b := time.Date(y2, m2, g2, 0, 0, 0, 0, time.UTC)
		// (by Unix seconds: time.Time.Sub stops at 292 years, and the
		// code before numeroGiorno, which used it, was wrong beyond)
		return int((b.Unix()-a.Unix())/86400) + d.Giorni
	}
	rng := rand.New(rand.NewPCG(1, 2))
	zone := []*time.Location{time.UTC, Roma, time.FixedZone("-11", -11*3600), time.FixedZone("+14", 14*3600)}
	n := 0
	for da := Data(1899, time.January, 1); da.Year() < 2202; da = da.AddDate(0, 0, 1) {
		for range 3 {
			d := Durata{Anni: rng.IntN(1001), Mesi: rng.IntN(12001), Giorni: rng.IntN(1000)}
			if rng.IntN(2) == 0 {
				d = Durata{Anni: rng.IntN(3), Mesi: rng.IntN(25), Giorni: rng.IntN(40)}
			}
			z := zone[rng.IntN(len(zone))]
			t0 := time.Date(da.Year(), da.Month(), da.Day(), rng.IntN(24), rng.IntN(60), 0, 0, z)
			if got, want := d.GiorniDa(MeseCalendario, t0), riferimento(d, t0); got != want {
				t.Fatalf("%v da %v: %d, atteso %d", d, t0, got, want)
			}
			mesi := d.Anni*12 + d.Mesi
			if rng.IntN(4) == 0 {
				mesi = -mesi
			}
			if got, want := AggiungiMesi(t0, mesi), aggiungiMesiRif(t0, mesi); !got.Equal(want) || got.Location() != time.UTC {
				t.Fatalf("AggiungiMesi(%v, %d) = %v, atteso %v", t0, mesi, got, want)
			}
			fine := t0.AddDate(rng.IntN(601)-300, 0, rng.IntN(400))
			if got, want := GiorniTra(t0, fine), int((Giorno(fine).Unix()-Giorno(t0).Unix())/86400); got != want {
				t.Fatalf("GiorniTra(%v, %v) = %d, atteso %d", t0, fine, got, want)
			}
			n++
		}
	}
	for y := 1600; y <= 2400; y++ {
		for m := time.January; m <= time.December; m++ {
			if got, want := giorniDelMese(y, m), UltimoDelMese(y, m); got != want {
				t.Fatalf("giorniDelMese(%d, %d) = %d, atteso %d", y, m, got, want)
			}
			if got, want := numeroGiorno(y, m, 1), int(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Unix()/86400); got != want {
				t.Fatalf("numeroGiorno(%d, %d, 1) = %d, atteso %d", y, m, got, want)
			}
		}
	}
	t.Logf("%d durate confrontate", n)
}
