package lpu

import (
	"context"
	"slices"
	"sort"
	"strings"
)

// gestore answers one kind of request from its JSON body.
type gestore func(ctx context.Context, e *Engine, body []byte) (any, error)

// gestori are the kinds of request the engine answers; the calendar
// (piano.go) adds its own at initialization, and nothing writes the map
// after it.
var gestori = map[string]gestore{
	"calcolo": func(ctx context.Context, e *Engine, body []byte) (any, error) {
		var r Richiesta
		if err := DecodeBytes(body, &r); err != nil {
			return nil, conControlli(err, func() error {
				_, err := e.controllaCalcolo(&r)
				return err
			})
		}
		return e.Calcolo(ctx, &r, daJSON)
	},
	"fondo": func(ctx context.Context, e *Engine, body []byte) (any, error) {
		var r RichiestaFondo
		if err := DecodeBytes(body, &r); err != nil {
			return nil, conControlli(err, func() error { return e.controllaFondo(&statoFondo{RichiestaFondo: r}) })
		}
		return e.Fondo(ctx, &r, daJSON)
	},
	"convenzione": func(ctx context.Context, e *Engine, body []byte) (any, error) {
		var r RichiestaConvenzione
		if err := DecodeBytes(body, &r); err != nil {
			return nil, conControlli(err, func() error { return e.controllaConvenzione(&statoConvenzione{RichiestaConvenzione: r}) })
		}
		return e.Convenzione(ctx, &r, daJSON)
	},
}

// conControlli adds to the errors Decode found in a request (errDec)
// those the checks of its kind (controlla: the fattispecie, the accepted
// values) find in the fields it could read, so that a client is told of
// every bad field at once: Decode's first, then the others, none on a
// field Decode already reported. A body Decode could not read as a
// whole (no JSON, an error without a field) gets Decode's error alone,
// and so does one with a name given twice: that is found before any
// field is read (decode_json.go), and the fields not read are not
// missing (a body with «lun» twice has its fattispecie and its ore).
func conControlli(errDec error, controlla func() error) error {
	dec := AllErrors(errDec)
	if len(dec) == 0 || len(dec) >= MaxErrors {
		return errDec
	}
	for _, d := range dec {
		if d.Field == "" || d.Kind != KindInput || d.Code == CodeChiaveDuplicata {
			return errDec
		}
	}
	var rc raccolta
	rc.aggiungi(errDec)
	for _, x := range AllErrors(controlla()) {
		if !sulCampo(dec, x.Field) && !rc.aggiungi(x) {
			break
		}
	}
	return rc.err()
}

// sulCampo says whether one of errs is on campo, on a part of it or on
// the field it is part of.
func sulCampo(errs []*Error, campo string) bool {
	return slices.ContainsFunc(errs, func(e *Error) bool { return stessoCampo(e.Field, campo) })
}

// stessoCampo says whether a and b name the same field, or one a part of
// the other (pena.arresto and pena.arresto.mesi, sospensioni and
// sospensioni[0]).
func stessoCampo(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+".") || strings.HasPrefix(b, a+".") ||
		strings.HasPrefix(a, b+"[") || strings.HasPrefix(b, a+"[")
}

// Kinds lists the kinds of request the engine answers.
func Kinds() []string {
	var out []string
	for k := range gestori {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Run answers a request of the given kind from its JSON body, as
// Calcolo, Fondo, Convenzione and Piano do from a typed one, and returns
// their result: a *Risultato for "calcolo", a *RisultatoFondo for
// "fondo", a *RisultatoConvenzione for "convenzione", a *RisultatoPiano
// for "piano" (Kinds lists them). Errors in the request are *Error
// values, each message naming its field by its label where it would
// not otherwise; ctx as for Calcolo.
func (e *Engine) Run(ctx context.Context, tipo string, body []byte) (any, error) {
	if err := e.nonCaricato(); err != nil {
		return nil, err
	}
	ctx = sfondo(ctx)
	g, ok := gestori[tipo]
	if !ok {
		return nil, errInput(CodeComandoSconosciuto, "", "richiesta «%s» sconosciuta", tipo)
	}
	out, err := g(ctx, e, body)
	if err != nil {
		return nil, e.nomina(tipo, err)
	}
	return out, nil
}
