// Package convenzione holds the domain computations of the conventions
// that are no rule: the count of the posts of a sede over a period, from
// the posts it offers by type and the periods in which some are taken (as
// the national LPU portal keeps them, manuale del Portale LPU §5). The
// verdict and its words stay in the rules (convenzione.yaml), which read
// the count.
//
// It knows neither the rules engine nor the facade lpu: the caller passes
// the sedi, the period, the type of post asked and the default type the
// rules give the fattispecie as plain values, and gets plain values, or an
// *Errore the caller turns into its own coded error.
package convenzione

import (
	"fmt"
	"strings"
	"time"

	"github.com/lpu-it/lpu/calc"
)

// Sede is one place of a convention: its name, its posts by type and the
// periods in which some are taken.
type Sede struct {
	Nome        string
	Posti       []Posti
	Occupazioni []Occupazione
}

// Posti is a number of posts of one type at a sede.
type Posti struct {
	Tipo   string
	Numero int
}

// Occupazione is a number of posts of one type taken from Dal to Al, both
// included; a zero date is one not given.
type Occupazione struct {
	Tipo    string
	Dal, Al time.Time
	Posti   int
}

// Richiesta is what the count reads.
type Richiesta struct {
	Sedi []Sede
	// Data is the date of the case: the period starts on it when Dal is
	// zero (and ends on its start when Al is zero).
	Data    time.Time
	Dal, Al time.Time
	// Sede is the name of the sede asked ("" with a single sede: that
	// one; with several, none is checked).
	Sede string
	// TipoPosto is the type of post asked ("" : Predefinito, or without
	// it the sede's only type).
	TipoPosto string
	// Predefinito is the type of post of the fattispecie when the request
	// does not say: it is counted even at a sede that lists only posts
	// of other types (it has none of it); "" if the rules give none.
	Predefinito string
	// MaxOccupati is the most posts the occupations may take on one day:
	// beyond it the input is wrong (MotivoTroppiOccupati).
	MaxOccupati int
}

// Verifica is what the count finds.
type Verifica struct {
	// Dal and Al are the period checked (from Richiesta, or its defaults).
	Dal, Al time.Time
	// Sede is the sede checked as the convention writes its name ("" if
	// none was identified).
	Sede       string
	Verificati bool // a sede was identified and checked
	// NonIndicati: the sede identified lists no posts, so none is
	// checked (Verificati false, Sede set): posts not given are no
	// fact that none is free.
	NonIndicati bool
	Sedi        int    // sedi listed in the convention
	Tipo        string // type of post checked
	// Tipi are the types of post the sede lists, normalised, each once,
	// in order («AF, MAP»): a type checked that is not among them has no
	// posts (Totali 0).
	Tipi string
	// TipoFattispecie is Predefinito, normalised ("" if the rules give
	// none): a type asked that is another is counted, and the rules say
	// so.
	TipoFattispecie string
	Totali          int // posts of that type at the sede
	Occupati        int // most posts taken on one day of the period
	Liberi          int // Totali - Occupati (negative if overbooked)
	// Giorno is the first day with Occupati posts taken (zero if none).
	Giorno time.Time
}

// Motivo is why the input cannot be counted; the caller gives each its
// code.
type Motivo int

const (
	MotivoMancante        Motivo = iota + 1 // a field that must be given is not
	MotivoDateInvertite                     // a period ends before it starts
	MotivoSedeSconosciuta                   // the sede asked is not among those of the convention
	MotivoTroppiOccupati                    // the occupations take more than MaxOccupati posts on one day
	MotivoDuplicato                         // a sede, or a type of post of a sede, listed twice
)

// Errore is an input the count refuses: why, the field (its JSON path in
// the convenzione request) and the message in Italian.
type Errore struct {
	Motivo    Motivo
	Campo     string
	Messaggio string
}

func (e *Errore) Error() string { return e.Campo + ": " + e.Messaggio }

func errore(m Motivo, campo, format string, args ...any) *Errore {
	return &Errore{Motivo: m, Campo: campo, Messaggio: fmt.Sprintf(format, args...)}
}

// MaxErrori bounds the problems Conta looks for (a request may list
// thousands of occupations, each wrong).
const MaxErrori = 20

// Errori are the problems of a request's sedi and period found together
// (Conta returns one *Errore alone, several as Errori), in the order of
// the checks.
type Errori []*Errore

func (e Errori) Error() string {
	parti := make([]string, len(e))
	for i, x := range e {
		parti[i] = x.Error()
	}
	return strings.Join(parti, "; ")
}

// Conta checks the sedi and the period and counts the posts of the type
// asked at the sede asked: the most taken on one day of the period and
// those left. Without a sede identified (several sedi and none asked)
// Verificati is false and only Sedi and the period are set; a sede that
// lists no posts is not counted either (NonIndicati).
func Conta(r Richiesta) (Verifica, error) {
	v := Verifica{Dal: r.Dal, Al: r.Al, Sedi: len(r.Sedi)}
	if v.Dal.IsZero() {
		v.Dal = r.Data
	}
	if v.Al.IsZero() {
		v.Al = v.Dal
	}
	// The period, the sedi's names and their occupations' dates: every
	// problem, up to MaxErrori, before the places are counted.
	var errs Errori
	if v.Al.Before(v.Dal) {
		errs = append(errs, errore(MotivoDateInvertite, "periodo.al", "il periodo finisce (%s) prima di cominciare (%s)",
			calc.FormatDataItaliana(v.Al), calc.FormatDataItaliana(v.Dal)))
	}
	sedi := r.Sedi
	for i, s := range sedi {
		if len(errs) >= MaxErrori {
			break
		}
		campo := fmt.Sprintf("convenzione.sedi[%d]", i)
		if strings.TrimSpace(s.Nome) == "" {
			errs = append(errs, errore(MotivoMancante, campo+".nome", "indicare il nome della sede"))
		} else {
			// (a sede is known by its name: two with the same name would
			// leave the count to pick one, the other's posts ignored)
			for k := range i {
				if strings.EqualFold(strings.TrimSpace(sedi[k].Nome), strings.TrimSpace(s.Nome)) {
					errs = append(errs, errore(MotivoDuplicato, campo+".nome",
						"sede «%s» già indicata come sede n. %d: indicare ogni sede una volta sola, con tutti i suoi posti", strings.TrimSpace(s.Nome), k+1))
					break
				}
			}
		}
		// Each row of posts its type and its number, each type once: a
		// number without a type counts for no type asked, a type without
		// a number would count 0 posts, and two rows of one type would be
		// summed without a word.
		vista := map[string]int{}
		for j, p := range s.Posti {
			if len(errs) >= MaxErrori {
				break
			}
			c := fmt.Sprintf("%s.posti[%d].tipo", campo, j)
			t := normalizza(p.Tipo)
			if t == "" {
				errs = append(errs, errore(MotivoMancante, c, "indicare il tipo di posto"))
				continue
			}
			if p.Numero <= 0 {
				// (an empty number reads as 0: a type listed with no posts
				// is a row left half written, not a sede without posts of
				// that type, which lists no such row)
				errs = append(errs, errore(MotivoMancante, fmt.Sprintf("%s.posti[%d].numero", campo, j),
					"indicare il numero di posti di tipo %s, almeno 1 (una sede senza posti di quel tipo non ne ha la riga)", t))
				continue
			}
			if k, ok := vista[t]; ok {
				errs = append(errs, errore(MotivoDuplicato, c,
					"posti di tipo %s già indicati nella riga n. %d della sede: indicare i posti di ogni tipo in una riga sola", t, k+1))
				continue
			}
			vista[t] = j
		}
		for j, o := range s.Occupazioni {
			if len(errs) >= MaxErrori {
				break
			}
			c := fmt.Sprintf("%s.occupazioni[%d]", campo, j)
			switch {
			case o.Dal.IsZero():
				errs = append(errs, errore(MotivoMancante, c+".dal", "indicare la data di inizio dell'occupazione"))
			case o.Al.IsZero():
				errs = append(errs, errore(MotivoMancante, c+".al", "indicare la data di fine dell'occupazione"))
			case o.Al.Before(o.Dal):
				errs = append(errs, errore(MotivoDateInvertite, c+".al", "l'occupazione finisce (%s) prima di cominciare (%s)",
					calc.FormatDataItaliana(o.Al), calc.FormatDataItaliana(o.Dal)))
			}
		}
	}
	switch len(errs) {
	case 0:
	case 1:
		return v, errs[0]
	default:
		return v, errs
	}
	i := -1 // the sede checked
	switch {
	case r.Sede != "":
		nomi := make([]string, len(sedi))
		for k := range sedi {
			nomi[k] = sedi[k].Nome
			if strings.EqualFold(strings.TrimSpace(sedi[k].Nome), strings.TrimSpace(r.Sede)) {
				i = k
			}
		}
		if i < 0 {
			if len(sedi) == 0 {
				return v, errore(MotivoSedeSconosciuta, "sede", "sede «%s»: la convenzione non elenca le sue sedi", r.Sede)
			}
			return v, errore(MotivoSedeSconosciuta, "sede", "sede «%s» non tra le sedi della convenzione: %s", r.Sede, strings.Join(nomi, ", "))
		}
	case len(sedi) == 1:
		i = 0
	}
	if i < 0 {
		return v, nil
	}
	sede := &sedi[i]
	if len(sede.Posti) == 0 {
		v.Sede, v.NonIndicati = sede.Nome, true
		return v, nil
	}
	tipi := map[string]bool{}
	unico := "" // the sede's type, when it lists one only
	for _, p := range sede.Posti {
		unico = normalizza(p.Tipo)
		tipi[unico] = true
	}
	if len(tipi) > 1 {
		unico = ""
	}
	// Without a type asked, the fattispecie's: the portal counts the
	// posts by type (manuale del Portale LPU §5), and a sede with only
	// posts of another type has none of the fattispecie's (the rules say
	// which types it has). The sede's only type goes without saying only
	// when the rules give the fattispecie none.
	tipo := normalizza(r.TipoPosto)
	if tipo == "" {
		switch pred := normalizza(r.Predefinito); {
		case pred != "":
			tipo = pred
		case unico != "":
			tipo = unico
		default:
			return v, errore(MotivoMancante, "tipo_posto", "la sede «%s» ha posti di più tipi (%s): indicare il tipo di posto", sede.Nome, ElencoTipi(sede.Posti))
		}
	}
	v.Sede = sede.Nome // as the convention writes it
	v.Verificati, v.Tipo, v.Tipi, v.TipoFattispecie = true, tipo, ElencoTipi(sede.Posti), normalizza(r.Predefinito)
	for _, p := range sede.Posti {
		if strings.EqualFold(strings.TrimSpace(p.Tipo), tipo) {
			v.Totali += p.Numero
		}
	}
	occ := make([]calc.Occupazione, 0, len(sede.Occupazioni))
	for j, o := range sede.Occupazioni {
		t := normalizza(o.Tipo)
		if t == "" {
			if len(tipi) > 1 {
				return v, errore(MotivoMancante, fmt.Sprintf("convenzione.sedi[%d].occupazioni[%d].tipo", i, j),
					"la sede «%s» ha posti di più tipi (%s): indicare il tipo dell'occupazione", sede.Nome, ElencoTipi(sede.Posti))
			}
			t = unico // a sede with one type of post: the type goes without saying
		}
		if t == tipo {
			occ = append(occ, calc.Occupazione{Dal: o.Dal, Al: o.Al, Posti: o.Posti})
		}
	}
	v.Occupati, v.Giorno = calc.PostiOccupati(occ, v.Dal, v.Al)
	if v.Occupati > r.MaxOccupati {
		// (each occupation has a bounded number of posts, but many of
		// them on the same days make a number no sede has: the input is
		// wrong, not the count the rules read)
		return v, errore(MotivoTroppiOccupati, fmt.Sprintf("convenzione.sedi[%d].occupazioni", i),
			"le occupazioni della sede «%s» sommano %d posti di tipo %s occupati il %s: al massimo %d", sede.Nome, v.Occupati, tipo,
			calc.FormatDataItaliana(v.Giorno), r.MaxOccupati)
	}
	v.Liberi = v.Totali - v.Occupati
	return v, nil
}

// normalizza writes a type of post as the portal does: upper case, no
// surrounding spaces.
func normalizza(tipo string) string { return strings.ToUpper(strings.TrimSpace(tipo)) }

// ElencoTipi lists the types of posts, normalised, each once, in order.
func ElencoTipi(ps []Posti) string {
	var out []string
	seen := map[string]bool{}
	for _, p := range ps {
		t := normalizza(p.Tipo)
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return strings.Join(out, ", ")
}
