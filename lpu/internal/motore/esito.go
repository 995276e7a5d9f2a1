package motore

import (
	"fmt"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Passo is one step of an explanation: the id of the rule, its legal
// source and the text it wrote. The facade copies it into its own
// public type.
type Passo struct {
	Regola string
	Fonte  string
	Testo  string
}

// TipoErrore says whose an Errore is.
type TipoErrore uint8

const (
	// ErrIngresso: a value of the request is outside its bounds.
	ErrIngresso TipoErrore = iota
	// ErrCaso: a rule refused the case (a rifiuta step that holds).
	ErrCaso
	// ErrRegola: a rule failed while running; Err is the cause.
	ErrRegola
	// ErrInterrotto: the evaluation's context was done; Err is ctx.Err().
	ErrInterrotto
)

// The codes of the errors the engine gives on its own; the others are
// the rule files' (rifiuta: codice) and the input readers'.
const (
	CodiceRegolaFallita = "regola_fallita"
	CodiceInterrotta    = "valutazione_interrotta"
)

// Errore is an error of an evaluation: a code, the field of the request
// it concerns (if any), an Italian message and whose it is. The facade
// turns it into its own public error.
type Errore struct {
	Codice    string
	Campo     string
	Messaggio string
	Tipo      TipoErrore
	Err       error
	// Etichetta is the label of the field that the engine put before
	// the message, «Etichetta»: … (see nominaRifiuto); "" for none.
	Etichetta string
}

func (e *Errore) Error() string {
	if e.Campo != "" {
		return "motore: " + e.Campo + ": " + e.Messaggio
	}
	return "motore: " + e.Messaggio
}

func (e *Errore) Unwrap() error { return e.Err }

// ErroreIngresso is the error of a value of the request outside its
// bounds.
func ErroreIngresso(codice, campo, format string, args ...any) *Errore {
	return &Errore{Codice: codice, Campo: campo, Messaggio: fmt.Sprintf(format, args...), Tipo: ErrIngresso}
}

// nominaRifiuto names the field of a rule's refusal by its label et:
// a text that does not write it between «» (through etichetta(…), «i
// «Giorni di prova già eseguiti» (800) sono più di …», with or without
// its unit) gets it before, «Durata del programma (mesi)»: una messa
// alla prova di 30 mesi supera …, so that the message read alone — on
// the command line, in the API's messaggio, in a lotto's report — says
// which value the refusal is about, and a page that shows the label
// beside it can take it away. e is returned, changed in place.
func nominaRifiuto(e *Errore, et string) *Errore {
	if et == "" || spec.NominaCampo(e.Messaggio, et) {
		return e
	}
	e.Etichetta = et
	e.Messaggio = "«" + et + "»: " + e.Messaggio
	return e
}
