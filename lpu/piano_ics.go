package lpu

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
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

// ICS writes the sessions as an iCalendar file (RFC 5545): one VEVENT per
// session in Europe/Rome local time, from ora_inizio for the session's
// hours, with a UID that stays the same when the same plan is computed
// again, so that importing it again updates the events instead of
// duplicating them.
func (r *RisultatoPiano) ICS(w io.Writer) error {
	bw := bufio.NewWriter(w)
	riga := func(s string) { scriviRigaICS(bw, s) }
	riga("BEGIN:VCALENDAR")
	riga("VERSION:2.0")
	riga("PRODID:-//lpu//calendario del lavoro di pubblica utilità//IT")
	riga("CALSCALE:GREGORIAN")
	riga("METHOD:PUBLISH")
	riga("X-WR-CALNAME:" + testoICS(r.titolo()))
	riga("X-WR-TIMEZONE:Europe/Rome")
	for _, l := range vtimezoneRoma {
		riga(l)
	}
	creato := r.creato
	if creato.IsZero() {
		creato = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	stamp := creato.UTC().Format("20060102T150405Z")
	chiave := r.chiaveUID()
	cumulate := 0
	for i, s := range r.Sessioni {
		d, err := calc.ParseData(s.Data)
		if err != nil {
			return fmt.Errorf("lpu: sessione %d: data %q: %w", i+1, s.Data, err)
		}
		cumulate += s.Ore
		inizio := d.Add(time.Duration(r.oraInizio) * time.Minute)
		fine := inizio.Add(time.Duration(s.Ore) * time.Hour)
		riga("BEGIN:VEVENT")
		riga("UID:" + d.Format("20060102") + "-" + chiave + "@lpu")
		riga("DTSTAMP:" + stamp)
		riga("DTSTART;TZID=Europe/Rome:" + inizio.Format("20060102T150405"))
		riga("DTEND;TZID=Europe/Rome:" + fine.Format("20060102T150405"))
		riga("SUMMARY:" + testoICS(fmt.Sprintf("%s (%d h)", r.titolo(), s.Ore)))
		riga("DESCRIPTION:" + testoICS(fmt.Sprintf("Sessione %d di %d: %d ore; svolte con questa %d di %d, restano %d.",
			i+1, len(r.Sessioni), s.Ore, cumulate, r.Ore, r.Ore-cumulate)))
		if r.Comune != "" {
			riga("LOCATION:" + testoICS(r.Comune))
		}
		riga("TRANSP:OPAQUE")
		riga("END:VEVENT")
	}
	// The dates that are no session: the last day to ask INAIL for the
	// cover and, for map, the term of the programme. All-day events,
	// free time (TRANSP:TRANSPARENT), with UIDs as stable as the sessions'.
	giorno := func(tipo, data, titolo, descr string) error {
		d, err := calc.ParseData(data)
		if err != nil {
			return fmt.Errorf("lpu: %s: data %q: %w", tipo, data, err)
		}
		riga("BEGIN:VEVENT")
		riga("UID:" + tipo + "-" + d.Format("20060102") + "-" + chiave + "@lpu")
		riga("DTSTAMP:" + stamp)
		riga("DTSTART;VALUE=DATE:" + d.Format("20060102"))
		riga("DTEND;VALUE=DATE:" + d.AddDate(0, 0, 1).Format("20060102"))
		riga("SUMMARY:" + testoICS(titolo+r.suffisso()))
		riga("DESCRIPTION:" + testoICS(descr))
		riga("TRANSP:TRANSPARENT")
		riga("END:VEVENT")
		return nil
	}
	if r.RichiestaInailEntro != "" && len(r.Sessioni) > 0 {
		primo, _ := calc.ParseData(r.Sessioni[0].Data)
		if err := giorno("inail", r.RichiestaInailEntro, "Ultimo giorno per chiedere all'INAIL la copertura",
			fmt.Sprintf("L'ente chiede all'INAIL l'attivazione della copertura prima della prima sessione del %s; la copertura opera solo dalla comunicazione dell'attivazione.",
				calc.FormatDataItaliana(primo))); err != nil {
			return err
		}
	}
	if r.Termine != "" {
		if err := giorno("termine", r.Termine, "Termine della messa alla prova",
			"Fine del periodo di prova: il lavoro di pubblica utilità del programma va svolto entro questo giorno."); err != nil {
			return err
		}
	}
	riga("END:VCALENDAR")
	return bw.Flush()
}

func (r *RisultatoPiano) titolo() string {
	t := "Lavoro di pubblica utilità"
	if r.Fattispecie == fattispecieMAP {
		t = "Messa alla prova: lavoro di pubblica utilità"
	}
	return t + r.suffisso()
}

// suffisso is « – riferimento», when the request gives one.
func (r *RisultatoPiano) suffisso() string {
	if r.riferimento == "" {
		return ""
	}
	return " – " + r.riferimento
}

// Riferimento is the request's reference (a case number, initials), for
// the names of the files made from the plan.
func (r *RisultatoPiano) Riferimento() string { return r.riferimento }

// chiaveUID identifies the plan across recomputations: the case
// (fattispecie, start, reference), not the sessions, so a recomputed plan
// replaces the events of the same days.
func (r *RisultatoPiano) chiaveUID() string {
	h := sha256.Sum256([]byte(r.Fattispecie + "\x00" + r.inizio + "\x00" + r.riferimento + "\x00" + r.Comune))
	return hex.EncodeToString(h[:8])
}

// testoICS escapes a TEXT value (RFC 5545 §3.3.11).
func testoICS(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
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
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limite = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}

// RegistroOptions shape the attendance register.
type RegistroOptions struct {
	// Separatore is the field separator (default ';', as spreadsheets
	// expect in Italy).
	Separatore rune
	// BOM starts the file with a UTF-8 byte order mark, so that
	// spreadsheets read the accents right.
	BOM bool
}

// IntestazioneRegistro returns the columns of the attendance register
// (Registro); the slice is the caller's.
func IntestazioneRegistro() []string { return slices.Clone(intestazioneRegistro) }

var intestazioneRegistro = []string{"Data", "Giorno", "Ore previste", "Ora di entrata", "Ora di uscita", "Firma della persona", "Firma del referente", "Note"}

// Registro writes the attendance register (registro presenze) as CSV: a
// row per session with its date and planned hours, and empty columns for
// the times of entry and exit and the signatures of the person and of the
// entity's referente, as the host entities keep it (Vademecum TAG, «modulo
// ore»); then a row of totals (the hours and the sessions). With a
// reference in the request, a first row «Riferimento;…» comes before the
// columns' names.
func (r *RisultatoPiano) Registro(w io.Writer, o RegistroOptions) error {
	sep := o.Separatore
	if sep == 0 {
		sep = ';'
	}
	if sep == '"' || sep == '\r' || sep == '\n' || !utf8.ValidRune(sep) || sep == utf8.RuneError {
		return fmt.Errorf("lpu: separatore %q non utilizzabile", sep)
	}
	if o.BOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.Comma = sep
	cw.UseCRLF = true
	if r.riferimento != "" {
		if err := cw.Write([]string{"Riferimento", cellaTesto(r.riferimento)}); err != nil {
			return err
		}
	}
	if err := cw.Write(intestazioneRegistro); err != nil {
		return err
	}
	totale := 0
	for i, s := range r.Sessioni {
		totale += s.Ore
		d, err := calc.ParseData(s.Data)
		if err != nil {
			return fmt.Errorf("lpu: sessione %d: data %q: %w", i+1, s.Data, err)
		}
		nota := ""
		if i == len(r.Sessioni)-1 {
			nota = "ultima sessione"
		}
		// The text cells go through cellaTesto, as the lotto's do: today
		// they hold only the engine's own words, never a client's text,
		// but a spreadsheet must never read a formula in the register.
		if err := cw.Write([]string{calc.FormatDataItaliana(d), cellaTesto(calc.NomeGiorno(d.Weekday())), strconv.Itoa(s.Ore), "", "", "", "", cellaTesto(nota)}); err != nil {
			return err
		}
	}
	sessioni := "1 sessione"
	if len(r.Sessioni) != 1 {
		sessioni = strconv.Itoa(len(r.Sessioni)) + " sessioni"
	}
	if err := cw.Write([]string{"Totale", "", strconv.Itoa(totale), "", "", "", "", sessioni}); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
