package lpu

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Error is an error in answering a request: a stable Code, an Italian
// Message a lawyer understands, the Field it concerns (a path such as
// "pena.ammenda", for programs; never shown to a lawyer) and its Kind,
// which tells a bad input from a case the law does not allow from a
// broken rule. Its JSON form is the body of an error answer,
// {"codice": …, "messaggio": …, "campo": …}.
//
// errors.Is(err, CodeX) holds when err is, or wraps, an *Error of code
// CodeX.
type Error struct {
	Code    Code   `json:"codice"`
	Message string `json:"messaggio"`
	Field   string `json:"campo,omitempty"`
	// Kind says whose the error is; the zero value is KindInput.
	Kind Kind `json:"-"`
	// Err is the cause, if any: the context's error for KindCanceled.
	Err error `json:"-"`
	// calcolato: for campo_calcolato, the values to name by their
	// labels (see nomina).
	calcolato *datiCalcolato
	// daNominare: the message does not name the field (a value beyond
	// its bound, of the wrong type: errSenzaNome); the engine puts the
	// field's label before it (nomina), which etichetta then keeps.
	daNominare bool
	etichetta  string
	// rifiuto: a rule's refusal, whose field the engine named by the
	// label of the rule file (motore.Errore.Etichetta) when its text
	// does not.
	rifiuto bool
	// nominato: nomina has named its field already (an answer's
	// errors pass it once, whichever of Run and the typed entry points
	// answers).
	nominato bool
	// troppoLungo: the text of a fuori_intervallo «testo troppo lungo»
	// (testoTroppoLungo): a field with declared values refuses it as a
	// value not allowed (nomina), whatever its length.
	troppoLungo string
}

// Kind classifies an Error.
type Kind uint8

// The kinds of Error. A service answers KindInput and KindNotAllowed to
// its user (HTTP 400 and 422), and treats KindRule and KindInternal as
// its own failure (HTTP 500).
const (
	// KindInput: the request is malformed or a value is outside its
	// bounds (a wrong type, a missing field, an impossible date).
	KindInput Kind = iota
	// KindNotAllowed: the request is well formed but the law does not
	// allow computing the case (a rule refused it, the law is not in
	// force at the date).
	KindNotAllowed
	// KindRule: a rule failed while running (a division by zero, a value
	// of the wrong type through dyn()): the rule set is broken, not the
	// request.
	KindRule
	// KindCanceled: the context was done before the answer; Err wraps
	// ctx.Err().
	KindCanceled
	// KindInternal: a failure of the engine itself.
	KindInternal
)

var nomiKind = [...]string{KindInput: "input", KindNotAllowed: "non_ammesso", KindRule: "regola", KindCanceled: "interrotto", KindInternal: "interno"}

// String is the kind's name as the error-code table gives it.
func (k Kind) String() string {
	if int(k) < len(nomiKind) {
		return nomiKind[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Unwrap returns the cause of the error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the error's Code, or an *Error with the
// same Code.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case Code:
		return e.Code == t
	case *Error:
		return t != nil && e.Code == t.Code
	}
	return false
}

func (e *Error) Error() string {
	if e.Field != "" {
		return "lpu: " + e.Field + ": " + e.Message
	}
	return "lpu: " + e.Message
}

// MessageWithoutLabel is the message without the label of the field
// that the engine put before it («Ore di lavoro già svolte»: il valore
// non può essere negativo (-3)), for a page that shows the label beside
// the field; the message itself when it has none.
func (e *Error) MessageWithoutLabel() string {
	if e.etichetta == "" {
		return e.Message
	}
	return strings.TrimPrefix(e.Message, prefissoEtichetta(e.etichetta))
}

// prefissoEtichetta is what the engine puts before the message of an
// error that does not name its field: the field's label.
func prefissoEtichetta(etichetta string) string { return "«" + etichetta + "»: " }

// errInterrotta is the error of an evaluation stopped because its
// context is done (the client went away, or a deadline passed): it wraps
// ctx.Err().
func errInterrotta(err error) *Error {
	return &Error{Code: CodeValutazioneInterrotta, Message: "valutazione interrotta: richiesta annullata o tempo scaduto",
		Kind: KindCanceled, Err: fmt.Errorf("lpu: valutazione interrotta: %w", err)}
}

// daMotore turns an error of the engine (*motore.Errore) into the
// facade's *Error, of the same code, field and message; any other error
// is returned as it is.
func daMotore(err error) error {
	me, ok := err.(*motore.Errore)
	if !ok {
		return err
	}
	e := &Error{Code: Code(me.Codice), Message: me.Messaggio, Field: me.Campo, Err: me.Err, etichetta: me.Etichetta}
	switch me.Tipo {
	case motore.ErrInterrotto:
		return errInterrotta(me.Err)
	case motore.ErrRegola:
		e.Kind = KindRule
	case motore.ErrCaso:
		e.Kind, e.rifiuto = KindNotAllowed, true
	default:
		e.Kind = KindInput
	}
	return e
}

// MaxErrors bounds the errors reported for one request: Decode stops
// looking at a request once it has found that many.
const MaxErrors = 20

// ErrorList is the error of a request with several bad fields: every
// one, at most MaxErrors. Decode gives them in the order of the
// request's fields (sorted by name, depth first); Calcolo, Piano, Fondo
// and Convenzione in the order of their checks (an unknown fattispecie,
// a value not among the accepted ones, a time a plan cannot start at);
// Run the decoder's first, then what those checks find in the fields it
// could read.
// errors.Is and errors.As look at each; AsError returns the first. A
// request with one bad field gives that *Error alone, not a list:
// AllErrors reads both.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors of the list, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// AllErrors returns the *Error values err holds: the errors of an
// ErrorList, or the one *Error err is or wraps; nil if err holds none.
func AllErrors(err error) []*Error {
	var l ErrorList
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}
	}
	return nil
}

// raccolta collects the errors of a request, up to MaxErrors.
type raccolta struct {
	l     ErrorList
	altro error // an error that is not an *Error (never bad input)
}

// aggiungi records err; false when no more errors are to be looked for.
func (r *raccolta) aggiungi(err error) bool {
	switch e := err.(type) {
	case *Error:
		r.l = append(r.l, e)
	case ErrorList:
		r.l = append(r.l, e...)
	default:
		if r.altro == nil {
			r.altro = err
		}
		return false
	}
	if len(r.l) >= MaxErrors {
		r.l = r.l[:MaxErrors]
		return false
	}
	return true
}

// err is the collected error: nil, one *Error, or an ErrorList.
func (r *raccolta) err() error {
	switch {
	case len(r.l) == 0:
		return r.altro
	case len(r.l) == 1:
		return r.l[0]
	}
	return r.l
}

// ErrorBody is the JSON body of an error answer: {"errore": {...}}, the
// first error of the request (AsError). A program that shows every bad
// field reads them with AllErrors.
type ErrorBody struct {
	Errore *Error `json:"errore"`
}

// NewErrorBody is the body of the answer to err; for a nil err, a body
// without an error (Errore nil).
func NewErrorBody(err error) ErrorBody {
	return ErrorBody{Errore: AsError(err)}
}

func errore(kind Kind, codice Code, campo, format string, args ...any) *Error {
	return &Error{Code: codice, Field: campo, Message: fmt.Sprintf(format, args...), Kind: kind}
}

func errInput(codice Code, campo, format string, args ...any) *Error {
	return errore(KindInput, codice, campo, format, args...)
}

// errSenzaNome is errInput for a value whose message does not name
// its field (beyond a bound, of the wrong type): the engine names it by
// its label when it answers the request (nomina).
func errSenzaNome(codice Code, campo, format string, args ...any) *Error {
	e := errInput(codice, campo, format, args...)
	e.daNominare = true
	return e
}

func errCaso(codice Code, campo, format string, args ...any) *Error {
	return errore(KindNotAllowed, codice, campo, format, args...)
}

// AsError returns err as an *Error: user errors as they are, anything
// else as an internal error (never the case for bad input); nil for a
// nil err.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: CodeErroreInterno, Message: "errore interno del motore: " + err.Error(), Kind: KindInternal, Err: err}
}

// Problem is one problem in a rule file, with its position. Its JSON
// (the server's reload status) names the fields in Italian.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"riga"`
	Column  int    `json:"colonna"`
	Path    string `json:"percorso,omitempty"` // the YAML path, such as passi[3].valore
	Code    string `json:"codice"`             // the kind of problem, such as costo or tipo
	Message string `json:"messaggio"`
}

func (p Problem) String() string {
	s := fmt.Sprintf("%s:%d:%d: ", p.File, p.Line, p.Column)
	if p.Path != "" {
		s += p.Path + ": "
	}
	return s + p.Message
}

// LoadError is returned by Load when rule files are broken: the
// problems, sorted by position, the first MaxProblems of them.
type LoadError struct {
	Problems []Problem
	// Total counts every problem, those beyond MaxProblems too.
	Total int
}

// MaxProblems bounds the problems a LoadError lists: a broken overlay
// (one error repeated in every step) is told in a page, not in a
// megabyte the server's reload status and log would repeat.
const MaxProblems = 100

func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString("lpu: " + e.Summary())
	for _, p := range e.Problems {
		b.WriteString("\n")
		b.WriteString(p.String())
	}
	return b.String()
}

// Summary is the first line of Error, without the package's name:
// «regole non valide (1 problema)», «… (n problemi)».
func (e *LoadError) Summary() string {
	n := max(e.Total, len(e.Problems))
	switch {
	case n == 1:
		return "regole non valide (1 problema)"
	case n > len(e.Problems):
		return fmt.Sprintf("regole non valide (%d problemi; qui i primi %d)", n, len(e.Problems))
	}
	return fmt.Sprintf("regole non valide (%d problemi)", n)
}

func fromProblems(ps spec.Problems) error {
	if len(ps) == 0 {
		return nil
	}
	ps.Sort()
	out := &LoadError{Total: len(ps)}
	for _, p := range ps[:min(len(ps), MaxProblems)] {
		out.Problems = append(out.Problems, Problem{File: p.Pos.File, Line: p.Pos.Line, Column: p.Pos.Col,
			Path: p.Percorso, Code: p.Codice, Message: p.Msg})
	}
	return out
}
