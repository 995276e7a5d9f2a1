package lpu

import (
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/parole"
	vocab "github.com/lpu-it/lpu/lpu/internal/vocabolario"
)

// parole are the words of the rules of program p (lpu/internal/parole):
// the labels of the calcolo's inputs and of their accepted values, in
// the vocabulary and in p's valori_da parameters, those of the inputs of
// p's own kind of request when it is another (the Fund's, which its
// texts may name beside the calcolo's: «nel calcolo: fatti.convenzione»),
// the labels of the values the engine computes for the rules of those
// kinds (dal_motore), those of the parameters, and those of p's computed
// values and of their codes.
func (e *Engine) parole(p *motore.Programma) *parole.Parole {
	etichette := map[string]string{}
	valori := map[string]map[string]string{}
	tipi := []string{"calcolo"}
	if k := p.File().Tipo; k != "calcolo" {
		tipi = append(tipi, k)
	}
	for _, k := range tipi {
		t := e.voc.Tipi[k]
		if t == nil {
			continue
		}
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
		// the values the engine computes for the rules (posti.liberi)
		for _, d := range t.DalMotore {
			etichette[d.Nome] = d.Etichetta
		}
		if m := e.vociCampoRiferimento(k); m != nil {
			valori[nomeCampoRiferimento] = m
		}
	}
	// In the rules of another kind, an input that names fattispecie
	// (valoriFattispecie) names them by their titles.
	for n, m := range e.valoriFattispecie(p.File().Tipo) {
		valori[n] = m
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
	// The computed values by their labels, and their codes by theirs
	// (the step's etichetta and valori, or the output's in the
	// vocabulary): «Calcola «Classe del reato per le fasce dei
	// protocolli»», not «classe reato», and its codes in words.
	for n, c := range e.voc.Calcolati(p.File()) {
		if c.Etichetta != "" {
			etichette[n] = c.Etichetta
		}
		if len(c.Valori) > 0 {
			m := make(map[string]string, len(c.Valori))
			for _, v := range c.Valori {
				m[v.Valore] = v.Etichetta
			}
			valori[n] = m
		}
	}
	// (the engine's own name, see motore.NomeEscluso)
	etichette[motore.NomeEscluso] = "caso già escluso da un passo precedente"
	mappe := map[string]bool{}
	for n, par := range e.parametri {
		if par.Tipo == "mappa" {
			mappe["legge."+n] = true
		}
	}
	for _, par := range p.File().Parametri {
		mappe["legge."+par.Nome] = par.Tipo == "mappa"
	}
	return parole.Nuove(etichette, valori, e.etichetteTesti(p.File().Tipo, p.File())).ConMappe(mappe)
}

// valoriFattispecie are, for a kind of request other than calcolo, the
// labels of the values of its inputs that name fattispecie, by input:
// the fattispecie's titles by id. Such an input is campoFattispecie, or
// ends with it (a convention's convenzione.fattispecie).
func (e *Engine) valoriFattispecie(tipo string) map[string]map[string]string {
	t := e.voc.Tipi[tipo]
	if tipo == "calcolo" || t == nil {
		return nil
	}
	titoli := map[string]string{}
	for _, id := range e.ordine {
		titoli[id] = e.calcolo[id].File().Titolo
	}
	out := map[string]map[string]string{}
	for _, n := range t.Ordine {
		if nominaFattispecie(n) {
			out[n] = titoli
		}
	}
	return out
}
