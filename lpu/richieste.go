package lpu

import (
	"context"
	"sort"
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
			return nil, err
		}
		return e.Calcolo(ctx, &r)
	},
	"fondo": func(ctx context.Context, e *Engine, body []byte) (any, error) {
		var r RichiestaFondo
		if err := DecodeBytes(body, &r); err != nil {
			return nil, err
		}
		return e.Fondo(ctx, &r)
	},
	"convenzione": func(ctx context.Context, e *Engine, body []byte) (any, error) {
		var r RichiestaConvenzione
		if err := DecodeBytes(body, &r); err != nil {
			return nil, err
		}
		return e.Convenzione(ctx, &r)
	},
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

// Run answers a request of the given kind ("calcolo", "fondo",
// "convenzione", …) from its JSON body, as Calcolo, Fondo, Convenzione
// and Piano do from a typed one. Errors in the request are *Error
// values; ctx as for Calcolo.
func (e *Engine) Run(ctx context.Context, tipo string, body []byte) (any, error) {
	g, ok := gestori[tipo]
	if !ok {
		return nil, errInput(CodeComandoSconosciuto, "", "richiesta «%s» sconosciuta", tipo)
	}
	return g(ctx, e, body)
}
