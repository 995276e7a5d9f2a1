package calc

import (
	"fmt"
	"strings"
	"time"
)

// Durata is a penalty or a term as the law writes it: years, months and days.
type Durata struct {
	Anni   int `json:"anni"`
	Mesi   int `json:"mesi"`
	Giorni int `json:"giorni"`
}

// The largest years, months and days a request's Durata may hold (a
// century, in each unit); beyond them the request is refused rather than
// computed. The server's OpenAPI document takes its bounds from here.
const (
	DurataMaxAnni   = 100
	DurataMaxMesi   = 1200
	DurataMaxGiorni = 36500
)

// CriterioMese says how months and years become days.
type CriterioMese string

const (
	// Mese30 counts a month as 30 days and a year as 360, as the courts'
	// own figures do (Cass. 10302/2025; Cass. 33700/2025).
	Mese30 CriterioMese = "30_giorni"
	// MeseCalendario counts by the common calendar from a start date
	// (art. 14 c.p.).
	MeseCalendario CriterioMese = "calendario"
)

// Valido reports whether c is one of the known criteria.
func (c CriterioMese) Valido() bool { return c == Mese30 || c == MeseCalendario }

// Zero reports whether d is empty.
func (d Durata) Zero() bool { return d.Anni == 0 && d.Mesi == 0 && d.Giorni == 0 }

// Giorni30 converts d into days with 30-day months and 360-day years.
func (d Durata) Giorni30() int { return d.Anni*360 + d.Mesi*30 + d.Giorni }

// GiorniDa converts d into days by criterion c. With MeseCalendario the
// years and months are counted on the calendar from da (see AggiungiMesi),
// then the days are added.
func (d Durata) GiorniDa(c CriterioMese, da time.Time) int {
	if c != MeseCalendario {
		return d.Giorni30()
	}
	// What GiorniTra(da, AggiungiMesi(da, mesi)) gives, counted on the
	// civil dates themselves rather than through time.Date (a calcolo
	// counts a penalty two or three ways; see TestGiorniDaCivili).
	y, m, g := da.Date()
	y2, m2 := aggiungiMesiCivili(y, m, d.Anni*12+d.Mesi)
	g2 := min(g, giorniDelMese(y2, m2))
	return numeroGiorno(y2, m2, g2) - numeroGiorno(y, m, g) + d.Giorni
}

// Confronta orders two durations by their 30-day value: -1, 0 or 1.
func (d Durata) Confronta(e Durata) int {
	a, b := d.Giorni30(), e.Giorni30()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String writes d in Italian: "1 anno, 4 mesi e 15 giorni"; "0 giorni" when empty.
func (d Durata) String() string {
	var parti []string
	if d.Anni != 0 {
		parti = append(parti, plurale(d.Anni, "anno", "anni"))
	}
	if d.Mesi != 0 {
		parti = append(parti, plurale(d.Mesi, "mese", "mesi"))
	}
	if d.Giorni != 0 {
		parti = append(parti, plurale(d.Giorni, "giorno", "giorni"))
	}
	switch len(parti) {
	case 0:
		return "0 giorni"
	case 1:
		return parti[0]
	}
	return strings.Join(parti[:len(parti)-1], ", ") + " e " + parti[len(parti)-1]
}

func plurale(n int, uno, molti string) string {
	if n == 1 {
		return "1 " + uno
	}
	return fmt.Sprintf("%d %s", n, molti)
}
