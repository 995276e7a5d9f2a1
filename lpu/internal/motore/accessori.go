package motore

import (
	"reflect"
	"sync"
	"time"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// What the caller reads of a compiled rule file.

// File is the rule file the program was compiled from.
func (p *Programma) File() *spec.File { return p.file }

// Nascosto says whether the calcola step s of the program's file never
// shows in an explanation: its mostra is the constant false, as its
// compiled expression has it (mostra: false), not as its text reads.
func (p *Programma) Nascosto(s *spec.Passo) bool {
	for _, c := range p.passi {
		if c.s == s || c.orig != nil && c.orig.s == s {
			return c.nascosto
		}
	}
	return false
}

// Req is the Go type of the requests the program reads.
func (p *Programma) Req() reflect.Type { return p.conf.Req }

// Versioni are the versions of the value of the parameter nome (as the
// expressions read it: legge.<nome>) that the program holds; false if it
// holds none by that name.
func (p *Programma) Versioni(nome string) ([]Versione, bool) {
	i, ok := p.tab.idx[nome]
	if !ok || p.tab.slots[i].kind != slotParametro {
		return nil, false
	}
	return p.tab.slots[i].versioni, true
}

// Fonti maps the name each calcola step of ins computes, among those in
// force at data, to the legal source of the step.
func (p *Programma) Fonti(ins Insieme, data time.Time) map[string]string {
	out := map[string]string{}
	for _, c := range p.passi {
		if ins[c] && c.s.Nome != "" && c.s.Vigenza.Contiene(data) {
			out[c.s.Nome] = c.s.Fonte
		}
	}
	return out
}

// Potati counts, for each case the program has a shorter list of steps
// for (see Pota), the steps left out.

// Piegati counts, for each case, the steps whose expression runs folded
// for it (see Pota).
func (p *Programma) Piegati() map[string]int {
	out := map[string]int{}
	for f, k := range p.casi {
		for _, c := range k.passi {
			if c.orig != nil {
				out[f]++
			}
		}
	}
	return out
}

func (p *Programma) Potati() map[string]int {
	out := map[string]int{}
	for f, k := range p.casi {
		if n := len(p.passi) - len(k.passi); n > 0 {
			out[f] = n
		}
	}
	return out
}

// SenzaRiuso empties the program's pool of evaluations: the next
// evaluation starts from new slots, with no value of an earlier one.
func (p *Programma) SenzaRiuso() { p.pool = sync.Pool{} }

// TipoCalcolato is the type of the value nome that a calcola step of the
// program computes, in the words of the rule files: intero, decimale,
// testo, lista (of texts), durata, booleano or data, as the checker
// found it for its expression; "" when no step computes nome.
func (p *Programma) TipoCalcolato(nome string) string {
	i, ok := p.tab.idx[nome]
	if !ok || p.tab.slots[i].kind != slotCalcolato {
		return ""
	}
	return ParolaTipo(p.tab.slots[i].tipo)
}
