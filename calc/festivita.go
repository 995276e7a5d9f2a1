package calc

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
	"github.com/rickar/cal/v2/it"
)

// PrimoAnnoFestivita is the first year whose national holidays
// FestivitaNazionali knows: from 2001 the list of L. 260/1949 is the one in
// force today (2 June restored by L. 336/2000), plus 4 October from 2026.
// Earlier years had other holidays (L. 54/1977) and are not computed.
const PrimoAnnoFestivita = 2001

// Tipi di festività.
const (
	FestaNazionale = "nazionale"
	FestaPatronale = "patronale"
)

// Festivita is a public holiday on a civil date, with its legal source.
type Festivita struct {
	Data  time.Time
	Nome  string
	Tipo  string // FestaNazionale or FestaPatronale
	Fonte string
}

// nazionale is one national holiday: rickar/cal/v2 computes its date for a
// year (Easter included); the source is the Italian law that makes it a
// holiday.
type nazionale struct {
	h     *cal.Holiday
	nome  string
	fonte string
}

const fonteL260 = "art. 2 L. 27 maggio 1949, n. 260"

// nazionali are the national holidays. The dates come from
// github.com/rickar/cal/v2/it, which lacks Easter Sunday (a Sunday, a
// holiday under art. 2 L. 260/1949 anyway) and the feast of St Francis on
// 4 October, restored from 2026 by L. 8 ottobre 2025, n. 151.
var nazionali = []nazionale{
	{it.Capodanno, "Capodanno", fonteL260},
	{it.Epifania.Clone(&cal.Holiday{StartYear: 1986}), "Epifania", fonteL260 + "; ripristinata dal d.P.R. 28 dicembre 1985, n. 792"},
	{aa.Easter.Clone(&cal.Holiday{Name: "Pasqua", Type: cal.ObservancePublic}), "Pasqua", fonteL260 + " («tutte le domeniche»)"},
	{it.Pasquetta, "Lunedì dell'Angelo", fonteL260 + " («il giorno di lunedì dopo Pasqua»)"},
	{it.FestaDellaLiberazione, "Anniversario della Liberazione", fonteL260},
	{it.FestaDelLavoro, "Festa del lavoro", fonteL260},
	{it.FestaDellaRepubblica.Clone(&cal.Holiday{StartYear: 2001}), "Festa della Repubblica", "art. 1 L. 27 maggio 1949, n. 260, come modificato dalla L. 20 novembre 2000, n. 336"},
	{it.Assunzione, "Assunzione", fonteL260},
	{&cal.Holiday{Name: "San Francesco d'Assisi", Type: cal.ObservancePublic, Month: time.October, Day: 4, Func: cal.CalcDayOfMonth, StartYear: 2026},
		"San Francesco d'Assisi, patrono d'Italia", "art. 1 L. 8 ottobre 2025, n. 151 (in vigore dal 1° gennaio 2026), che modifica l'art. 2 L. 260/1949"},
	{it.TuttiISanti, "Ognissanti", fonteL260},
	{it.Immacolata, "Immacolata Concezione", fonteL260},
	{it.Natale, "Natale", fonteL260},
	{it.SantoStefano, "Santo Stefano", fonteL260},
}

// FestivitaNazionali returns the national public holidays of a year
// (from PrimoAnnoFestivita on), in date order, as civil dates. Sundays are
// holidays too (art. 2 L. 260/1949) but are not listed one by one.
func FestivitaNazionali(anno int) []Festivita {
	out := make([]Festivita, 0, len(nazionali))
	for _, n := range nazionali {
		d, _ := n.h.Calc(anno)
		if d.IsZero() {
			continue
		}
		// rickar computes in cal.DefaultLoc; only the civil date is kept.
		out = append(out, Festivita{Data: Data(d.Year(), d.Month(), d.Day()), Nome: n.nome, Tipo: FestaNazionale, Fonte: n.fonte})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Data.Before(out[j].Data) })
	return out
}

// Festivo reports whether the civil date d is a Sunday or a national
// public holiday (artt. 1-2 L. 260/1949; 4 October from 2026). Patron
// saints are not counted: they are the comune's, and d has no comune.
// Before PrimoAnnoFestivita only Sundays are known.
func Festivo(d time.Time) bool {
	d = Giorno(d)
	if d.Weekday() == time.Sunday {
		return true
	}
	if d.Year() < PrimoAnnoFestivita {
		return false
	}
	for _, f := range dateNazionali(d.Year()) {
		if f.Equal(d) {
			return true
		}
	}
	return false
}

// nazionaliPerAnno holds, by year, the dates of FestivitaNazionali that
// Festivo reads: a request asks it once or a few times, and computing
// the year's holidays (Easter included) each time cost more than the
// rest of a Fund's evaluation. Only the years a request can give
// (AnnoMinimo–AnnoMassimo) are kept, so it stays small.
var nazionaliPerAnno sync.Map // int → []time.Time

func dateNazionali(anno int) []time.Time {
	if v, ok := nazionaliPerAnno.Load(anno); ok {
		return v.([]time.Time)
	}
	fs := FestivitaNazionali(anno)
	out := make([]time.Time, len(fs))
	for i, f := range fs {
		out[i] = f.Data
	}
	if anno >= AnnoMinimo && anno <= AnnoMassimo {
		nazionaliPerAnno.Store(anno, out)
	}
	return out
}

// NonFestivoPrima is the last day before the civil date d that is not
// festivo (see Festivo): a Saturday is one, a patron saint's feast too.
// Before 26/12/2025 (Santo Stefano, a Friday) it is Wednesday 24/12/2025,
// Christmas being between; before Easter Monday, the Saturday.
func NonFestivoPrima(d time.Time) time.Time {
	d = AggiungiGiorni(Giorno(d), -1)
	// (no run of festivi is longer than a week: the bound only guards
	// the loop)
	for range 7 {
		if !Festivo(d) {
			break
		}
		d = AggiungiGiorni(d, -1)
	}
	return d
}

// Patrono is the feast of a comune's patron saint: a fixed day of a month
// (Giorno), or the nth weekday of a month (Settimana 1–4, or -1 for the
// last; e.g. Asti, first Tuesday of May).
type Patrono struct {
	Comune          string
	Santo           string
	Mese            time.Month
	Giorno          int
	Settimana       int
	GiornoSettimana time.Weekday
	Fonte           string
	Nota            string
}

// Valida reports what is wrong with p, if anything.
func (p Patrono) Valida() error {
	switch {
	case p.Comune == "":
		return fmt.Errorf("comune mancante")
	case p.Mese < time.January || p.Mese > time.December:
		return fmt.Errorf("mese %d non valido", p.Mese)
	case p.Giorno != 0 && p.Settimana != 0:
		return fmt.Errorf("indicare il giorno del mese oppure la settimana, non entrambi")
	case p.Giorno == 0 && p.Settimana == 0:
		return fmt.Errorf("indicare il giorno del mese o la settimana (1–4, -1 per l'ultima)")
	case p.Giorno != 0 && (p.Giorno < 1 || p.Giorno > UltimoDelMese(2024, p.Mese)):
		return fmt.Errorf("giorno %d non valido per il mese %d", p.Giorno, p.Mese)
	case p.Settimana != 0 && (p.Settimana < -1 || p.Settimana > 4):
		return fmt.Errorf("settimana %d non valida (1–4, -1 per l'ultima)", p.Settimana)
	}
	return nil
}

// Data returns the date of the feast in a year. A 29 February feast falls
// on 28 February in common years.
func (p Patrono) Data(anno int) time.Time {
	if p.Settimana == 0 {
		d := p.Giorno
		if last := UltimoDelMese(anno, p.Mese); d > last {
			d = last
		}
		return Data(anno, p.Mese, d)
	}
	if p.Settimana < 0 {
		d := Data(anno, p.Mese, UltimoDelMese(anno, p.Mese))
		return AggiungiGiorni(d, -int((d.Weekday()-p.GiornoSettimana+7)%7))
	}
	d := Data(anno, p.Mese, 1)
	d = AggiungiGiorni(d, int((p.GiornoSettimana-d.Weekday()+7)%7))
	return AggiungiGiorni(d, 7*(p.Settimana-1))
}

// Calendario tells the public holidays of one place: the national ones and
// the feasts of the patron saints given (usually one, the comune's).
// The zero value knows the national holidays only. It caches the years it
// has computed, so one Calendario must not be used by two goroutines at once.
type Calendario struct {
	Patroni []Patrono
	anni    map[int]map[time.Time]Festivita
}

// Festivita reports whether the civil date d is a public holiday (national
// or patronal; Sundays are not reported: whether a session may be held on
// a Sunday is the caller's choice). When a patron's feast coincides with a
// national holiday, the national one is reported.
func (c *Calendario) Festivita(d time.Time) (Festivita, bool) {
	d = Giorno(d)
	y := d.Year()
	if c.anni == nil {
		c.anni = map[int]map[time.Time]Festivita{}
	}
	m, ok := c.anni[y]
	if !ok {
		m = map[time.Time]Festivita{}
		for _, p := range c.Patroni {
			dp := p.Data(y)
			nome := "Santo patrono di " + p.Comune
			if p.Santo != "" {
				nome += " (" + p.Santo + ")"
			}
			m[dp] = Festivita{Data: dp, Nome: nome, Tipo: FestaPatronale, Fonte: p.Fonte}
		}
		for _, f := range FestivitaNazionali(y) {
			m[f.Data] = f
		}
		c.anni[y] = m
	}
	f, ok := m[d]
	return f, ok
}

// SettimanaISO returns the ISO 8601 year and week of d (weeks run Monday
// to Sunday) and the Monday that starts it.
func SettimanaISO(d time.Time) (anno, settimana int, lunedi time.Time) {
	d = Giorno(d)
	anno, settimana = d.ISOWeek()
	off := (int(d.Weekday()) + 6) % 7 // Monday = 0
	return anno, settimana, AggiungiGiorni(d, -off)
}

// NomeGiorno is the Italian name of a weekday ("lunedì").
func NomeGiorno(w time.Weekday) string {
	return [...]string{"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"}[w]
}

// ChiaveGiorno is the contract's key of a weekday ("lun").
func ChiaveGiorno(w time.Weekday) string { return nomiGiorni[(int(w)+6)%7] }
