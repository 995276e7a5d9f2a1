package lpu

import (
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/parole"
	vocab "github.com/lpu-it/lpu/lpu/internal/vocabolario"
)

// parole are the words of the rules of program p (lpu/internal/parole):
// the labels of the calcolo's inputs and of their accepted values, in
// the vocabulary and in p's valori_da parameters, and those of the
// parameters.
func (e *Engine) parole(p *motore.Programma) *parole.Parole {
	etichette := map[string]string{}
	valori := map[string]map[string]string{}
	if t := e.voc.Tipi["calcolo"]; t != nil {
		for _, n := range t.Ordine {
			d := t.Campi[n]
			if d.Etichetta != "" {
				etichette[n] = d.Etichetta
			}
			m := map[string]string{}
			for _, v := range d.Valori {
				m[v.Valore] = v.Etichetta
			}
			for _, v := range vocab.ValoriDa(d, p, e.oggiCivile()) {
				m[v.Valore] = v.Etichetta
			}
			if len(m) > 0 {
				valori[n] = m
			}
		}
	}
	// The parameters by their labels, the file's own over the common
	// ones: the steps then name «Sostituzioni consentite al più» as the
	// table of parameters does, not «sostituzioni max».
	for n, par := range e.parametri {
		if par.Etichetta != "" {
			etichette["legge."+n] = par.Etichetta
		}
	}
	for _, par := range p.File().Parametri {
		if par.Etichetta != "" {
			etichette["legge."+par.Nome] = par.Etichetta
		}
	}
	// (the engine's own name, see motore.NomeEscluso)
	etichette[motore.NomeEscluso] = "caso già escluso da un passo precedente"
	return parole.Nuove(etichette, valori)
}
