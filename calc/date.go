package calc

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Roma is the Europe/Rome location. Binaries import time/tzdata so that it
// is always available.
var Roma = mustLoad("Europe/Rome")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// Without tzdata the civil-date arithmetic below still works, since
		// it never depends on the offset; only Oggi needs the zone.
		return time.FixedZone("CET", 3600)
	}
	return loc
}

// Giorno returns the civil date of t as midnight UTC, the one
// representation of a date used across the engine: date arithmetic on it
// never meets a daylight-saving change.
func Giorno(t time.Time) time.Time {
	if t.Location() == time.UTC {
		// Most dates are civil dates already: midnight UTC is a whole
		// number of days since 1970, and time.Unix gives it as
		// time.Date would (without a monotonic reading).
		if s := t.Unix(); s%86400 == 0 && t.Nanosecond() == 0 {
			return time.Unix(s, 0).UTC()
		}
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Data builds a civil date.
func Data(anno int, mese time.Month, giorno int) time.Time {
	return time.Date(anno, mese, giorno, 0, 0, 0, 0, time.UTC)
}

// Oggi is today's date in Europe/Rome, as a civil date.
func Oggi(now time.Time) time.Time { return Giorno(now.In(Roma)) }

// ParseData reads "YYYY-MM-DD" and rejects impossible dates (2025-02-30:
// a *GiornoInesistente when its year is ammesso).
func ParseData(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if len(s) == len(time.DateOnly) && s[4] == '-' && s[7] == '-' {
			a, e1 := strconv.Atoi(s[:4])
			m, e2 := strconv.Atoi(s[5:7])
			g, e3 := strconv.Atoi(s[8:])
			if gi := inesistente(g, m, a); e1 == nil && e2 == nil && e3 == nil && gi != nil {
				return time.Time{}, gi
			}
		}
		return time.Time{}, err
	}
	return t, nil
}

// ParseDataItaliana reads "10/06/2025" as well as "2025-06-10"; a day
// its month does not have (31/02/2025, 2025-02-31) is a
// *GiornoInesistente when its year is ammesso.
func ParseDataItaliana(s string) (time.Time, error) {
	if t, err := time.Parse("02/01/2006", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2/1/2006", s); err == nil {
		return t, nil
	}
	if p := strings.Split(s, "/"); len(p) == 3 && len(p[0]) <= 2 && len(p[1]) <= 2 && len(p[2]) == 4 {
		g, e1 := strconv.Atoi(p[0])
		m, e2 := strconv.Atoi(p[1])
		a, e3 := strconv.Atoi(p[2])
		if gi := inesistente(g, m, a); e1 == nil && e2 == nil && e3 == nil && gi != nil {
			return time.Time{}, gi
		}
	}
	return ParseData(s)
}

// AnnoMinimo and AnnoMassimo bound the year of a date the engine reads.
// No rule is in force before 1930 (the oldest rule file starts with the
// codice penale, R.D. 1398/1930), and a date not given is the zero time
// (the rules test it with indicata), so
// a year outside 1900–2200 can only be a slip of the keyboard (10/06/0025,
// 10/06/1025): it is refused as a malformed date, not read as a date the
// law would then be said not to cover. The bound is loose on purpose: it
// depends on no rule file, and refuses no date a case can hold.
const (
	AnnoMinimo  = 1900
	AnnoMassimo = 2200
)

// AnnoAmmesso reports whether y is within AnnoMinimo–AnnoMassimo.
func AnnoAmmesso(y int) bool { return y >= AnnoMinimo && y <= AnnoMassimo }

// ParseDataScritta reads a date as a person types it in the web form or
// a spreadsheet cell: what ParseDataItaliana reads (10/06/2025, 1/6/2025,
// 2025-06-10), or with the year in two digits (10/06/25, 10/6/25), or with
// dots or dashes between its parts (10.06.2025, 10-06-25). A year of two
// digits is 2000–2069 up to 69 and 1970–1999 from 70 on, as POSIX reads
// %y. An impossible day (31/02/25) is an error, and so is a year of four
// digits outside AnnoMinimo–AnnoMassimo (10/06/0025).
func ParseDataScritta(s string) (time.Time, error) {
	t, err := leggiDataScritta(s)
	if _, ok := errors.AsType[*GiornoInesistente](err); ok {
		return time.Time{}, err
	}
	if err != nil || !AnnoAmmesso(t.Year()) {
		return time.Time{}, errDataScritta
	}
	return t, nil
}

// GiornoInesistente is the error of ParseDataScritta and ParseData for a
// date written in its form whose month has no such day (31/02/2025,
// 29/02/25, 31/04, 2025-02-31), of a year ammesso: which month it is and
// how many days it has, so that a message can say what to fix rather
// than repeat the form (MessaggioData).
type GiornoInesistente struct {
	Giorno, Mese, Anno int
	Giorni             int // the days of the month
}

func (e *GiornoInesistente) Error() string {
	return fmt.Sprintf("calc: data inesistente: %s", e.Spiegazione())
}

// Spiegazione says in Italian why the date is no day: «febbraio 2025 ha
// 28 giorni».
func (e *GiornoInesistente) Spiegazione() string {
	return fmt.Sprintf("%s %d ha %d giorni", nomiMesi[e.Mese-1], e.Anno, e.Giorni)
}

// inesistente is the *GiornoInesistente of the day g of the month m of
// the year a when that month has no such day (29–31), the year being
// ammesso; nil for any other date, a day of the month or written wrong.
func inesistente(g, m, a int) *GiornoInesistente {
	if m < 1 || m > 12 || g < 29 || g > 31 || !AnnoAmmesso(a) {
		return nil
	}
	if n := time.Date(a, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day(); g > n {
		return &GiornoInesistente{Giorno: g, Mese: m, Anno: a, Giorni: n}
	}
	return nil
}

// MessaggioData is the message of the date s that ParseData or
// ParseDataScritta refused with err, s being quoted as the caller quotes
// it (shortened): «data inesistente: «31/02/2025» (febbraio 2025 ha 28
// giorni)» for a day its month does not have, since the form is right;
// otherwise «data non valida: «…» (forma)», forma saying how a date is
// written. The web form, the CSV lotto and the JSON API say the same.
func MessaggioData(s string, err error, forma string) string {
	if gi, ok := errors.AsType[*GiornoInesistente](err); ok {
		return fmt.Sprintf("data inesistente: «%s» (%s)", s, gi.Spiegazione())
	}
	return fmt.Sprintf("data non valida: «%s» (%s)", s, forma)
}

var nomiMesi = [...]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
	"settembre", "ottobre", "novembre", "dicembre"}

func leggiDataScritta(s string) (time.Time, error) {
	t, err := ParseDataItaliana(s)
	if err == nil {
		return t, nil
	}
	if _, ok := errors.AsType[*GiornoInesistente](err); ok { // 2025-02-31
		return time.Time{}, err
	}
	parti := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parti) != 3 || len(parti[0]) > 2 || len(parti[1]) > 2 || (len(parti[2]) != 2 && len(parti[2]) != 4) {
		return time.Time{}, errDataScritta
	}
	g, e1 := strconv.Atoi(parti[0])
	m, e2 := strconv.Atoi(parti[1])
	a, e3 := strconv.Atoi(parti[2])
	if e1 != nil || e2 != nil || e3 != nil {
		return time.Time{}, errDataScritta
	}
	if len(parti[2]) == 2 {
		if a < 70 {
			a += 2000
		} else {
			a += 1900
		}
	}
	t = time.Date(a, time.Month(m), g, 0, 0, 0, 0, time.UTC)
	if t.Day() != g || int(t.Month()) != m || t.Year() != a {
		if gi := inesistente(g, m, a); gi != nil { // 31/02: not a day of its month
			return time.Time{}, gi
		}
		return time.Time{}, errDataScritta
	}
	return t, nil
}

var errDataScritta = errors.New("calc: data non valida")

// FormatData writes a date as "YYYY-MM-DD".
func FormatData(t time.Time) string {
	var buf [16]byte
	return string(AppendData(buf[:0], t))
}

// FormatDataItaliana writes a date as "10/06/2025".
func FormatDataItaliana(t time.Time) string {
	var buf [16]byte
	return string(AppendDataItaliana(buf[:0], t))
}

// AppendData appends the date as "2025-06-10" (what time.DateOnly
// writes, without its layout parsing: dates fill every explanation).
func AppendData(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, time.DateOnly)
	}
	b = append(append2(append(append4(b, y), '-'), int(m)), '-')
	return append2(b, d)
}

// AppendDataItaliana appends the date as "10/06/2025".
func AppendDataItaliana(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, "02/01/2006")
	}
	b = append(append2(b, d), '/')
	b = append(append2(b, int(m)), '/')
	return append4(b, y)
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

func append4(b []byte, n int) []byte {
	return append(b, byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}

// AggiungiMesi adds n calendar months to a date; when the day does not
// exist in the target month it falls on that month's last day
// (31 January + 1 month = 28 or 29 February), as the common calendar of
// art. 14 c.p. and art. 2963 c.c. count a term in months.
func AggiungiMesi(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	y, m = aggiungiMesiCivili(y, m, n)
	return time.Date(y, m, min(d, giorniDelMese(y, m)), 0, 0, 0, 0, time.UTC)
}

// aggiungiMesiCivili is the month n months after month m of year y.
func aggiungiMesiCivili(y int, m time.Month, n int) (int, time.Month) {
	tot := int(m) - 1 + n
	return y + floorDiv(tot, 12), time.Month(tot-floorDiv(tot, 12)*12) + 1
}

// giorniDelMese is UltimoDelMese without time.Date: the Gregorian month
// lengths.
func giorniDelMese(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// numeroGiorno numbers the civil days of the proleptic Gregorian calendar
// (1970-01-01 is 0), so that the days between two dates are a
// subtraction (H. Hinnant's days_from_civil).
func numeroGiorno(y int, m time.Month, d int) int {
	if m <= time.February {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// AggiungiGiorni adds n days to a civil date (a day of UTC is 86400
// seconds: no daylight-saving change).
func AggiungiGiorni(t time.Time, n int) time.Time {
	return time.Unix(Giorno(t).Unix()+int64(n)*86400, 0).UTC()
}

// GiorniTra counts the days from a to b (b - a), on civil dates. (Not
// by time.Time.Sub, which stops at 292 years: dates of 1900 and 2200
// are further apart.)
func GiorniTra(a, b time.Time) int {
	ya, ma, da := a.Date()
	yb, mb, db := b.Date()
	return numeroGiorno(yb, mb, db) - numeroGiorno(ya, ma, da)
}

// GiorniAlPiuInMesi is the most calendar days n months can hold: from a
// day to the same day n months later (AggiungiMesi), both counted, over
// every first day, so with each 29 February the months can hold — 12
// months hold at most 365 + 1 + 1 = 367 days, 24 months 732, 6 months
// 185 (1 July to 1 January). A term of n months from a day not known
// (the signing of a verbale) holds no more days than this. Zero for n < 0.
func GiorniAlPiuInMesi(n int) int {
	if n < 0 {
		return 0
	}
	// From a day after the 28th the target day may be cut to the end of a
	// shorter month, and from any other day a term holds the same months
	// as from the first of its month: the firsts of the 48 months of a
	// leap cycle (2000 was a leap year) give every sequence of months.
	// A year that is not a leap year though divisible by 4 (2100) only
	// takes a day away.
	massimo := 0
	for i := range 48 {
		y, m := aggiungiMesiCivili(2000, time.January, i)
		da := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		massimo = max(massimo, GiorniTra(da, AggiungiMesi(da, n))+1)
	}
	return massimo
}

// UltimoDelMese is the number of days in month m of year y.
func UltimoDelMese(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// nomiGiorni are the Italian weekday keys used by the contract, Monday first.
var nomiGiorni = [7]string{"lun", "mar", "mer", "gio", "ven", "sab", "dom"}

// NomiGiorni returns the Italian weekday keys used by the contract,
// Monday first: a copy, so a caller cannot change the keys every other
// caller reads.
func NomiGiorni() [7]string { return nomiGiorni }

// ElencoGiorni lists the weekday keys for a message: «lun, mar, …, dom».
func ElencoGiorni() string { return strings.Join(nomiGiorni[:], ", ") }

// GiornoSettimana maps an Italian weekday key to time.Weekday.
func GiornoSettimana(k string) (time.Weekday, bool) {
	for i, n := range nomiGiorni {
		if n == k {
			return time.Weekday((i + 1) % 7), true
		}
	}
	return 0, false
}
