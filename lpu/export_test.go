package lpu

import (
	"maps"
	"slices"
	"unsafe"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// PassiPotati counts, for each program and fattispecie, the steps left
// out.
func (e *Engine) PassiPotati() map[string]int {
	return e.perProgramma((*motore.Programma).Potati)
}

// perProgramma gathers conta of every program, by "program/fattispecie".
func (e *Engine) perProgramma(conta func(*motore.Programma) map[string]int) map[string]int {
	out := map[string]int{}
	progs := map[string]*motore.Programma{"fondo": e.fondo, "convenzione": e.convenzione}
	for k, p := range e.calcolo {
		progs[k] = p
	}
	for nome, p := range progs {
		if p == nil {
			continue
		}
		for f, n := range conta(p) {
			out[nome+"/"+f] = n
		}
	}
	return out
}

// SenzaRiuso empties the engine's pools of evaluations: the next
// evaluation of each program starts from new slots, with no value of an
// earlier one.
func (e *Engine) SenzaRiuso() {
	for _, p := range e.programmi() {
		p.SenzaRiuso()
	}
}

// programmi are the engine's compiled rule files.
func (e *Engine) programmi() []*motore.Programma {
	var out []*motore.Programma
	for _, p := range append([]*motore.Programma{e.fondo, e.convenzione}, slices.Collect(maps.Values(e.calcolo))...) {
		if p != nil {
			out = append(out, p)
		}
	}
	return out
}

// BilancioValutazione is the budget of one evaluation.
const BilancioValutazione = motore.BilancioValutazione

// CostoMassimo is the static estimate of the worst evaluation of a
// fattispecie's rule file.
func CostoMassimo(e *Engine, id string) uint64 { return e.calcolo[id].CostoMassimo() }

// CostoMassimoFondo and CostoMassimoConvenzione are CostoMassimo for the
// Fund's and the conventions' files.
func CostoMassimoFondo(e *Engine) uint64       { return e.fondo.CostoMassimo() }
func CostoMassimoConvenzione(e *Engine) uint64 { return e.convenzione.CostoMassimo() }

// Dati returns the content of the data file with the given id.
func (e *Engine) Dati(id string) (*yaml.Node, bool) { return e.datiYAML(id) }

// DecimaleImporto and ImportoDecimale cross the boundary the public API
// does not: an Importo's decimal.
func DecimaleImporto(i Importo) decimal.Decimal { return i.d }
func ImportoDecimale(d decimal.Decimal) Importo { return Importo{d} }

// Suite is the shape of a rule suite file, for the tests that read one.
type Suite = motore.Suite

// PassiPiegati counts, for each program and fattispecie, the steps run
// folded for it.
func (e *Engine) PassiPiegati() map[string]int {
	return e.perProgramma((*motore.Programma).Piegati)
}

// CalcolatiDalMotore are the names of the values the engine computes
// for the rules of a kind of request (the leaves of its state's fields
// tagged lpu:"calcolato"), as the rules read them.
func CalcolatiDalMotore(tipo string) []string {
	var out []string
	if t, ok := richiesteGo[tipo]; ok {
		for _, c := range (&vocabolario{}).tipiGo().CalcolatiGo(t) {
			out = append(out, c.Nome)
		}
	}
	return out
}

// EtichettaErrore is the label by which the engine names the field
// campo of an error to a request of kind tipo ("" for none).
func (e *Engine) EtichettaErrore(tipo, campo string) string { return e.etichettaErrore(tipo, campo) }

// NelCalcoloDa is the calcolo's field that gives the field campo of the
// Fund's request for the calcolo's request r (nel_calcolo), with no
// evaluation: for a field whose sources are the request's fields.
func (e *Engine) NelCalcoloDa(campo string, r *Richiesta) (string, bool) {
	return e.nelCalcolo.da(campo, unsafe.Pointer(r), nil)
}
