package lpu

import (
	"sort"
)

// Gestore answers one kind of request from its JSON body.
type Gestore func(e *Engine, body []byte) (any, error)

var gestori = map[string]Gestore{
	"calcolo": func(e *Engine, body []byte) (any, error) {
		var r Richiesta
		if err := DecodeBytes(body, &r); err != nil {
			return nil, err
		}
		return e.Evaluate(&r)
	},
	"fondo": func(e *Engine, body []byte) (any, error) {
		var r RichiestaFondo
		if err := DecodeBytes(body, &r); err != nil {
			return nil, err
		}
		return e.Fondo(&r)
	},
	"convenzione": func(e *Engine, body []byte) (any, error) {
		var r RichiestaConvenzione
		if err := DecodeBytes(body, &r); err != nil {
			return nil, err
		}
		return e.Convenzione(&r)
	},
}

// Registra adds a kind of request (used by the packages that extend the
// engine, such as the calendar); it is meant for init functions.
func Registra(tipo string, g Gestore) { gestori[tipo] = g }

// Comandi lists the kinds of request the engine answers.
func Comandi() []string {
	var out []string
	for k := range gestori {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Esegui answers a request of the given kind ("calcolo", "fondo",
// "convenzione", …) from its JSON body. Errors in the request are
// *Errore values.
func (e *Engine) Esegui(tipo string, body []byte) (any, error) {
	g, ok := gestori[tipo]
	if !ok {
		return nil, errInput("comando_sconosciuto", "", "richiesta «%s» sconosciuta", tipo)
	}
	return g(e, body)
}
