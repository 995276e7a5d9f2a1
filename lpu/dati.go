package lpu

import (
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/lpu/internal/piano"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Data files (tipo: dati) hold facts the rules need that are data rather
// than law: the patron saints of the comuni, the practical terms of the
// calendar. They are embedded with the rules, hashed into every receipt
// and overlaid like rule files with --rules DIR. The ones the engine reads
// itself are decoded and checked at Load, with the position of every
// problem, so a broken file never reaches a request.

// datiYAML returns the content (the dati: key) of the data file with the
// given id. The file is read again from its source, which Load checked:
// the caller gets a tree of its own.
func (e *Engine) datiYAML(id string) (*yaml.Node, bool) {
	f, ok := e.dati[id]
	if !ok {
		return nil, false
	}
	var ps spec.Problems
	g := spec.Parse(f.Nome, e.datiSrc[id], &ps)
	if g == nil || g.Dati == nil {
		return nil, false // (not for a file Load accepted)
	}
	return g.Dati, true
}

// compilaDati decodes the data files the engine reads (see Load).
func (e *Engine) compilaDati(ps *spec.Problems) {
	e.datiC = map[string]any{}
	ids := make([]string, 0, len(e.dati))
	for id := range e.dati {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	// (the calendar's: the patron saints, patroni and any patroni_* in id
	// order, and the calendar rules; see lpu/internal/piano)
	e.datiC["patroni"] = piano.PatroniDa(ids, e.dati, ps)
	if f, ok := e.dati["calendario"]; ok {
		e.datiC["calendario"] = piano.CompilaCalendario(f, ps)
	}
}
