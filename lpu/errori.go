package lpu

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Errore is an error in a user's request: a stable code, an Italian
// message a lawyer understands, and the field it concerns. Stato is the
// HTTP status it maps to (400, or 422 for a well-formed request whose case
// the law does not allow computing).
type Errore struct {
	Codice    string `json:"codice"`
	Messaggio string `json:"messaggio"`
	Campo     string `json:"campo,omitempty"`
	Stato     int    `json:"-"`
	// causa is what the error wraps, when it has a cause errors.Is can
	// match (the context of an interrupted evaluation).
	causa error
}

// Unwrap returns the cause of the error, if any.
func (e *Errore) Unwrap() error { return e.causa }

// errInterrotta is the error of an evaluation stopped because its
// context is done (the client went away, or a deadline passed): it wraps
// ctx.Err().
func errInterrotta(err error) *Errore {
	return &Errore{Codice: "valutazione_interrotta", Messaggio: "valutazione interrotta: richiesta annullata o tempo scaduto",
		Stato: http.StatusServiceUnavailable, causa: fmt.Errorf("lpu: valutazione interrotta: %w", err)}
}

func (e *Errore) Error() string {
	if e.Campo != "" {
		return "lpu: " + e.Campo + ": " + e.Messaggio
	}
	return "lpu: " + e.Messaggio
}

// Corpo is the JSON body of an error response: {"errore": {...}}.
type Corpo struct {
	Errore *Errore `json:"errore"`
}

func errore(stato int, codice, campo, format string, args ...any) *Errore {
	return &Errore{Codice: codice, Campo: campo, Messaggio: fmt.Sprintf(format, args...), Stato: stato}
}

func errInput(codice, campo, format string, args ...any) *Errore {
	return errore(http.StatusBadRequest, codice, campo, format, args...)
}

func errCaso(codice, campo, format string, args ...any) *Errore {
	return errore(http.StatusUnprocessableEntity, codice, campo, format, args...)
}

// ComeErrore returns err as an *Errore: user errors as they are, anything
// else as an internal error (never the case for bad input).
func ComeErrore(err error) *Errore {
	var e *Errore
	if errors.As(err, &e) {
		return e
	}
	return &Errore{Codice: "errore_interno", Messaggio: "errore interno del motore: " + err.Error(), Stato: http.StatusInternalServerError}
}

// ProblemaRegola is one problem in a rule file, with its position.
type ProblemaRegola struct {
	File      string `json:"file"`
	Riga      int    `json:"riga"`
	Colonna   int    `json:"colonna"`
	Percorso  string `json:"percorso,omitempty"`
	Codice    string `json:"codice"`
	Messaggio string `json:"messaggio"`
}

func (p ProblemaRegola) String() string {
	s := fmt.Sprintf("%s:%d:%d: ", p.File, p.Riga, p.Colonna)
	if p.Percorso != "" {
		s += p.Percorso + ": "
	}
	return s + p.Messaggio
}

// ErroreRegole is returned by Load when rule files are broken: every
// problem, sorted by position.
type ErroreRegole struct {
	Problemi []ProblemaRegola
}

func (e *ErroreRegole) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "lpu: regole non valide (%d problemi)", len(e.Problemi))
	for _, p := range e.Problemi {
		b.WriteString("\n")
		b.WriteString(p.String())
	}
	return b.String()
}

func fromProblems(ps spec.Problems) error {
	if len(ps) == 0 {
		return nil
	}
	ps.Sort()
	out := &ErroreRegole{}
	for _, p := range ps {
		out.Problemi = append(out.Problemi, ProblemaRegola{File: p.Pos.File, Riga: p.Pos.Line, Colonna: p.Pos.Col,
			Percorso: p.Percorso, Codice: p.Codice, Messaggio: p.Msg})
	}
	return out
}
