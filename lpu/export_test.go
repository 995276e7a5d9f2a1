package lpu

import (
	"maps"
	"slices"
	"sync"
)

// SenzaPotatura loads an engine that runs every step, even those that
// cannot apply to the request's fattispecie (see potatura.go).
func SenzaPotatura() Option { return func(e *Engine) { e.senzaPotatura = true } }

// SenzaAlberi loads an engine that compiles every placeholder whole
// (see alberi.go).
func SenzaAlberi() Option { return func(e *Engine) { e.comp.senzaAlberi = true } }

// SenzaCostanti loads an engine that reads every parameter of a text at
// run time.
func SenzaCostanti() Option { return func(e *Engine) { e.comp.senzaCostanti = true } }

// Alberi counts the placeholders compiled as trees.
func (e *Engine) Alberi() int {
	n := 0
	for _, p := range e.programmi() {
		for _, c := range p.passi {
			for _, pt := range append(append([]parte(nil), c.testo...), c.testoNo...) {
				if pt.albero != nil {
					n++
				}
			}
		}
	}
	return n
}

// PassiPotati counts, for each program and fattispecie, the steps left
// out.
func (e *Engine) PassiPotati() map[string]int {
	out := map[string]int{}
	progs := map[string]*programma{"fondo": e.fondo, "convenzione": e.convenzione}
	for k, p := range e.calcolo {
		progs[k] = p
	}
	for nome, p := range progs {
		if p == nil {
			continue
		}
		for f, l := range p.passiPer {
			out[nome+"/"+f] = len(p.passi) - len(l)
		}
	}
	return out
}

// SenzaValutatori loads an engine that runs every expression as CEL plans
// it (see valutatori.go).
func SenzaValutatori() Option { return func(e *Engine) { e.comp.senzaValutatori = true } }

// Valutatori counts the programs compiled into closures, and all the
// programs of the steps (their values and conditions).
func (e *Engine) Valutatori() (compilati, tutti int) {
	for _, p := range e.programmi() {
		for _, c := range p.passi {
			if c.prg == nil {
				continue
			}
			tutti++
			if c.prg.val != nil {
				compilati++
			}
		}
	}
	return compilati, tutti
}

// SenzaRiuso empties the engine's pools of evaluations: the next
// evaluation of each program starts from new slots, with no value of an
// earlier one.
func (e *Engine) SenzaRiuso() {
	for _, p := range e.programmi() {
		p.pool = sync.Pool{}
	}
}

// programmi are the engine's compiled rule files.
func (e *Engine) programmi() []*programma {
	var out []*programma
	for _, p := range append([]*programma{e.fondo, e.convenzione}, slices.Collect(maps.Values(e.calcolo))...) {
		if p != nil {
			out = append(out, p)
		}
	}
	return out
}

// BilancioValutazione is the budget of one evaluation.
const BilancioValutazione = bilancioValutazione

// CostoMassimo is the static estimate of the worst evaluation of a
// fattispecie's rule file.
func CostoMassimo(e *Engine, id string) uint64 { return e.calcolo[id].costoMassimo() }

// CostoMassimoFondo and CostoMassimoConvenzione are CostoMassimo for the
// Fund's and the conventions' files.
func CostoMassimoFondo(e *Engine) uint64       { return e.fondo.costoMassimo() }
func CostoMassimoConvenzione(e *Engine) uint64 { return e.convenzione.costoMassimo() }
