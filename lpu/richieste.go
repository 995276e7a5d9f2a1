package lpu

import (
	"context"
	"sort"
	"sync"
)

// Gestore answers one kind of request from its JSON body.
type Gestore func(e *Engine, body []byte) (any, error)

// gestore is a Gestore that takes the request's context.
type gestore func(ctx context.Context, e *Engine, body []byte) (any, error)

// gestoriMu guards gestori, which Registra may write while requests read
// it.
var gestoriMu sync.RWMutex

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

// Registra adds a kind of request (used by the packages that extend the
// engine, such as the calendar); it is meant for init functions. The
// context of Run is looked at before g runs.
func Registra(tipo string, g Gestore) {
	gestoriMu.Lock()
	defer gestoriMu.Unlock()
	gestori[tipo] = func(ctx context.Context, e *Engine, body []byte) (any, error) {
		if err := interrotta(ctx); err != nil {
			return nil, err
		}
		return g(e, body)
	}
}

// Comandi lists the kinds of request the engine answers.
func Comandi() []string {
	gestoriMu.RLock()
	defer gestoriMu.RUnlock()
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
	gestoriMu.RLock()
	g, ok := gestori[tipo]
	gestoriMu.RUnlock()
	if !ok {
		return nil, errInput(CodeComandoSconosciuto, "", "richiesta «%s» sconosciuta", tipo)
	}
	return g(ctx, e, body)
}
