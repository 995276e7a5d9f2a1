package lpu

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/piano"
)

// ICS writes the sessions as an iCalendar file (RFC 5545): one VEVENT per
// session in Europe/Rome local time, from ora_inizio for the session's
// hours, with a UID that stays the same when the same plan is computed
// again, so that importing it again updates the events instead of
// duplicating them. The last day to ask INAIL for the cover and, for map,
// the term are all-day events worded by the rules (rules/calendario.yaml)
// with their source: a RisultatoPiano not made by Engine.Piano has no such
// wording, and its file has the sessions only. In the calendar of the
// hours left (ore_svolte) the INAIL day is another host entity's, and its
// event says so in its title (the same UID: a file imported again
// replaces the event that stated it as a fact).
func (r *RisultatoPiano) ICS(w io.Writer) error {
	f := &piano.FileICS{Nome: r.titolo(), Suffisso: r.suffisso(), Chiave: r.chiaveUID(), Creato: r.creato, OraInizio: r.oraInizio,
		Ore: r.Ore, OreSvolte: r.OreSvolte, Comune: r.Comune, Sessioni: make([]piano.Sessione, len(r.Sessioni))}
	for i, s := range r.Sessioni {
		f.Sessioni[i] = piano.Sessione(s)
	}
	// The dates that are no session: the last day to ask INAIL for the
	// cover and, for map, the term of the programme, in the words of the
	// rules and citing their source.
	entro := r.RichiestaInailEntro
	if entro == "" {
		entro = r.RichiestaInailNuovoEnteEntro
	}
	if g := r.eventoInail; entro != "" && len(r.Sessioni) > 0 && g.Titolo != "" {
		primo, _ := calc.ParseData(r.Sessioni[0].Data)
		dettaglio := "Prima sessione: " + calc.FormatDataItaliana(primo) + "."
		if r.avvertenzaInail != "" {
			// (a Sunday or a holiday: the day stays, and the caveat says why)
			dettaglio += "\nAvvertenza: " + r.avvertenzaInail
		}
		f.Giorni = append(f.Giorni, piano.Giorno{Tipo: "inail", Data: entro, Titolo: g.Titolo, Testo: g.Testo,
			Dettaglio: dettaglio, Fonte: g.Fonte})
	}
	if g := r.eventoTermine; r.Termine != "" && g.Titolo != "" {
		f.Giorni = append(f.Giorni, piano.Giorno{Tipo: "termine", Data: r.Termine, Titolo: g.Titolo, Testo: g.Testo, Fonte: g.Fonte})
	}
	return piano.ScriviICS(w, f)
}

func (r *RisultatoPiano) titolo() string {
	t := "Lavoro di pubblica utilità"
	// (a term is a messa alla prova's only: a result read back from JSON
	// has no prova flag, but its term)
	if r.prova || r.Termine != "" {
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

// RegistroOptions shape the attendance register.
type RegistroOptions struct {
	// Separatore is the field separator (default ';', as spreadsheets
	// expect in Italy).
	Separatore rune
	// BOM starts the file with a UTF-8 byte order mark, so that
	// spreadsheets read the accents right.
	BOM bool
}

// RegistroHeader returns the columns of the attendance register
// (Registro); the slice is the caller's.
func RegistroHeader() []string { return slices.Clone(piano.IntestazioneRegistro) }

// Registro writes the attendance register (registro presenze) as CSV: a
// row per session with its date and planned hours, and empty columns for
// the times of entry and exit and the signatures of the person and of the
// entity's referente, as the host entities keep it (Vademecum TAG, «modulo
// ore»); then a row of totals (the hours and the sessions). With a
// reference in the request, a first row «Riferimento;…» comes before the
// columns' names. In the calendar of the hours left (ore_svolte) a row
// before the columns' names gives the hours served, and a last row the
// whole work's hours, so that the total is not read as the sentence's.
func (r *RisultatoPiano) Registro(w io.Writer, o RegistroOptions) error {
	s := make([]piano.Sessione, len(r.Sessioni))
	for i, x := range r.Sessioni {
		s[i] = piano.Sessione(x)
	}
	return piano.ScriviRegistro(w, r.riferimento, r.OreSvolte, s, o.Separatore, o.BOM)
}
