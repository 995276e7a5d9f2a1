package piano

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lpu-it/lpu/calc"
)

// vtimezoneRoma describes Europe/Rome for calendar programs that do not
// know the IANA zone by name (RFC 5545 §3.6.5): CET, and CEST from the
// last Sunday of March to the last Sunday of October.
var vtimezoneRoma = []string{
	"BEGIN:VTIMEZONE",
	"TZID:Europe/Rome",
	"X-LIC-LOCATION:Europe/Rome",
	"BEGIN:DAYLIGHT",
	"TZOFFSETFROM:+0100",
	"TZOFFSETTO:+0200",
	"TZNAME:CEST",
	"DTSTART:19700329T020000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"BEGIN:STANDARD",
	"TZOFFSETFROM:+0200",
	"TZOFFSETTO:+0100",
	"TZNAME:CET",
	"DTSTART:19701025T030000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"END:VTIMEZONE",
}

// Giorno is a date of the calendar file that is no session (the last day
// to ask INAIL for the cover, the term of a programme): an all-day event,
// free time. Its description is Testo, then Dettaglio if any, then the
// source.
type Giorno struct {
	// Tipo starts the event's UID (inail, termine).
	Tipo string
	// Data is AAAA-MM-GG.
	Data      string
	Titolo    string
	Testo     string
	Dettaglio string
	Fonte     string
}

func (g Giorno) descrizione() string {
	d := g.Testo
	if g.Dettaglio != "" {
		d += "\n" + g.Dettaglio
	}
	return d + "\nFonte: " + g.Fonte
}

// FileICS is what the iCalendar file shows of a plan.
type FileICS struct {
	// Nome names the calendar and the sessions (with the reference).
	Nome string
	// Suffisso follows the all-day events' titles (« – reference»).
	Suffisso string
	// Chiave identifies the plan across recomputations, for the UIDs.
	Chiave string
	// Creato is the DTSTAMP (zero: 2000-01-01).
	Creato time.Time
	// OraInizio is when the sessions start, in minutes after midnight
	// (Europe/Rome).
	OraInizio int
	// Ore are the hours of the plan; OreSvolte, those served before it
	// (a calendar of the hours left): the sessions count the whole work.
	Ore, OreSvolte int
	Comune         string
	Sessioni       []Sessione
	Giorni         []Giorno
}

// ScriviICS writes f as an iCalendar file (RFC 5545): one VEVENT per
// session in Europe/Rome local time, from OraInizio for the session's
// hours, with a UID that stays the same when the same plan is computed
// again, so that importing it again updates the events instead of
// duplicating them; then the Giorni as all-day events.
func ScriviICS(w io.Writer, f *FileICS) error {
	bw := bufio.NewWriter(w)
	riga := func(s string) { scriviRigaICS(bw, s) }
	riga("BEGIN:VCALENDAR")
	riga("VERSION:2.0")
	riga("PRODID:-//lpu//calendario del lavoro di pubblica utilità//IT")
	riga("CALSCALE:GREGORIAN")
	riga("METHOD:PUBLISH")
	riga("X-WR-CALNAME:" + testoICS(f.Nome))
	riga("X-WR-TIMEZONE:Europe/Rome")
	for _, l := range vtimezoneRoma {
		riga(l)
	}
	creato := f.Creato
	if creato.IsZero() {
		creato = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	stamp := creato.UTC().Format("20060102T150405Z")
	// Each session says where the whole work stands after it: with a
	// calendar of the hours left, the hours served before it count, so
	// that «svolte … di …» is never read as the whole work's when it is
	// this calendar's only.
	cumulate, totale, prima := f.OreSvolte, f.OreSvolte+f.Ore, ""
	if f.OreSvolte > 0 {
		prima = fmt.Sprintf(" (%d prima di questo calendario)", f.OreSvolte)
	}
	for i, s := range f.Sessioni {
		d, err := calc.ParseData(s.Data)
		if err != nil {
			return fmt.Errorf("lpu: sessione %d: data %q: %w", i+1, s.Data, err)
		}
		cumulate += s.Ore
		inizio := d.Add(time.Duration(f.OraInizio) * time.Minute)
		fine := inizio.Add(time.Duration(s.Ore) * time.Hour)
		riga("BEGIN:VEVENT")
		riga("UID:" + d.Format("20060102") + "-" + f.Chiave + "@lpu")
		riga("DTSTAMP:" + stamp)
		riga("DTSTART;TZID=Europe/Rome:" + inizio.Format("20060102T150405"))
		riga("DTEND;TZID=Europe/Rome:" + fine.Format("20060102T150405"))
		riga("SUMMARY:" + testoICS(fmt.Sprintf("%s (%d h)", f.Nome, s.Ore)))
		riga("DESCRIPTION:" + testoICS(fmt.Sprintf("Sessione %d di %d: %s; svolte con questa %d di %d%s, restano %d.",
			i+1, len(f.Sessioni), calc.Plurale(s.Ore, "1 ora", "ore"), cumulate, totale, prima, totale-cumulate)))
		if f.Comune != "" {
			riga("LOCATION:" + testoICS(f.Comune))
		}
		riga("TRANSP:OPAQUE")
		riga("END:VEVENT")
	}
	// All-day events, free time (TRANSP:TRANSPARENT), with UIDs as stable
	// as the sessions'.
	for _, g := range f.Giorni {
		d, err := calc.ParseData(g.Data)
		if err != nil {
			return fmt.Errorf("lpu: %s: data %q: %w", g.Tipo, g.Data, err)
		}
		riga("BEGIN:VEVENT")
		riga("UID:" + g.Tipo + "-" + d.Format("20060102") + "-" + f.Chiave + "@lpu")
		riga("DTSTAMP:" + stamp)
		riga("DTSTART;VALUE=DATE:" + d.Format("20060102"))
		riga("DTEND;VALUE=DATE:" + d.AddDate(0, 0, 1).Format("20060102"))
		riga("SUMMARY:" + testoICS(g.Titolo+f.Suffisso))
		riga("DESCRIPTION:" + testoICS(g.descrizione()))
		riga("TRANSP:TRANSPARENT")
		riga("END:VEVENT")
	}
	riga("END:VCALENDAR")
	return bw.Flush()
}

// escapeICS escapes the characters RFC 5545 §3.3.11 names in a TEXT
// value; a line break becomes the two characters \n.
var escapeICS = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// testoICS escapes a TEXT value (RFC 5545 §3.3.11). TEXT admits no
// control character but HTAB (§3.1, CONTROL): the others a client typed
// (a NUL in the comune, an ESC in the reference) become U+FFFD, the
// replacement character, as the register's cells do with a NUL, and so do
// bytes that are not UTF-8 (§3.1: the file is UTF-8).
func testoICS(s string) string {
	s = escapeICS.Replace(strings.ToValidUTF8(s, "\uFFFD"))
	if strings.IndexFunc(s, controlloICS) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if controlloICS(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// controlloICS reports a control character TEXT does not admit: C0 but
// HTAB, DEL, and C1, which no calendar program shows either.
func controlloICS(r rune) bool {
	return r != '\t' && unicode.IsControl(r)
}

// scriviRigaICS writes a content line folded at 75 octets, never inside a
// UTF-8 sequence, with CRLF endings (RFC 5545 §3.1).
func scriviRigaICS(w *bufio.Writer, s string) {
	limite := 75
	for len(s) > limite {
		cut := limite
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8 (testoICS never gives it): cut anyway
			cut = limite
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limite = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}

// IntestazioneRegistro are the columns of the attendance register.
var IntestazioneRegistro = []string{"Data", "Giorno", "Ore previste", "Ora di entrata", "Ora di uscita", "Firma della persona", "Firma del referente", "Note"}

// ScriviRegistro writes the attendance register (registro presenze) as
// CSV with separator sep (0: ';'), after a UTF-8 byte order mark if bom:
// with a reference, a first row «Riferimento;…»; with hours served before
// the sessions (oreSvolte > 0, a calendar of the hours left), a row
// «Ore già svolte prima di questo registro;…»; the columns' names; a row
// per session with its date and planned hours, and empty columns for the
// times of entry and exit and the signatures; then a row of totals, and
// with oreSvolte one of the whole work's hours.
func ScriviRegistro(w io.Writer, riferimento string, oreSvolte int, sessioni []Sessione, sep rune, bom bool) error {
	if sep == 0 {
		sep = ';'
	}
	if sep == '"' || sep == '\r' || sep == '\n' || !utf8.ValidRune(sep) || sep == utf8.RuneError {
		return fmt.Errorf("lpu: separatore %q non utilizzabile", sep)
	}
	if bom {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.Comma = sep
	cw.UseCRLF = true
	if riferimento != "" {
		if err := cw.Write([]string{"Riferimento", cella(riferimento)}); err != nil {
			return err
		}
	}
	if oreSvolte > 0 {
		if err := cw.Write([]string{"Ore già svolte prima di questo registro", strconv.Itoa(oreSvolte)}); err != nil {
			return err
		}
	}
	if err := cw.Write(IntestazioneRegistro); err != nil {
		return err
	}
	totale := 0
	for i, s := range sessioni {
		totale += s.Ore
		d, err := calc.ParseData(s.Data)
		if err != nil {
			return fmt.Errorf("lpu: sessione %d: data %q: %w", i+1, s.Data, err)
		}
		nota := ""
		if i == len(sessioni)-1 {
			nota = "ultima sessione"
		}
		// The text cells go through cella: today they hold only the
		// engine's own words and the request's reference, but a
		// spreadsheet must never read a formula in the register.
		if err := cw.Write([]string{calc.FormatDataItaliana(d), cella(calc.NomeGiorno(d.Weekday())), strconv.Itoa(s.Ore), "", "", "", "", cella(nota)}); err != nil {
			return err
		}
	}
	n := "1 sessione"
	if len(sessioni) != 1 {
		n = strconv.Itoa(len(sessioni)) + " sessioni"
	}
	if err := cw.Write([]string{"Totale", "", strconv.Itoa(totale), "", "", "", "", n}); err != nil {
		return err
	}
	if oreSvolte > 0 {
		if err := cw.Write([]string{"Totale con le ore già svolte", "", strconv.Itoa(oreSvolte + totale), "", "", "", "", ""}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cella makes a text cell safe for a spreadsheet, as the lotto's CSV
// does (OWASP, CSV injection): invalid UTF-8 and NUL become U+FFFD, and a
// cell that starts with = + - @, a tab or a carriage return gets a leading
// single quote.
func cella(s string) string {
	if s == "" {
		return s
	}
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
