package lpu

import (
	"github.com/lpu-it/lpu/lpu/internal/nomi"
)

// The names of the fattispecie (alias_fattispecie.yaml) and the
// Normattiva table (normattiva.yaml) are read at Load by
// lpu/internal/nomi; the facade answers with them.

// FattispecieDaNome returns the id of the fattispecie a name stands for: its
// code in any case (CDS186), or one of the names the offices use
// (alias_fattispecie.yaml: «186», «art. 186»).
func (e *Engine) FattispecieDaNome(nome string) (string, bool) {
	if e.nonCaricato() != nil {
		return "", false
	}
	if _, ok := e.calcolo[nome]; ok {
		return nome, true
	}
	n, _ := e.datiC["alias_fattispecie"].(nomi.Fattispecie)
	return n.Cerca(nome)
}

// titoloFattispecie is the title of the fattispecie of an id, or "".
func (e *Engine) titoloFattispecie(id string) string {
	if p, ok := e.calcolo[id]; ok {
		return p.File().Titolo
	}
	return ""
}

// PezzoFonte is a piece of the text of a source: plain text, or the
// citation of an article or an act with its address on Normattiva.
type PezzoFonte struct {
	Testo     string `json:"testo"`
	Indirizzo string `json:"indirizzo,omitempty"`
}

// NormattivaURL is the address Normattiva resolves a URN at.
const NormattivaURL = "https://www.normattiva.it/uri-res/N2Ls?"

// Fonte cuts the text of a source into pieces: each act of the Normattiva
// table it names, with the article before it when there is one ("art.
// 54 c.3 d.lgs. 274/2000"), is a piece with its address
// (…urn:nir:stato:decreto.legislativo:2000-08-28;274~art54); the rest is
// text.
func (e *Engine) Fonte(testo string) []PezzoFonte {
	if e.nonCaricato() != nil {
		return nil
	}
	tab, _ := e.datiC["normattiva"].(*nomi.Normattiva)
	pezzi := tab.Pezzi(testo)
	if pezzi == nil {
		return nil // (an empty text)
	}
	out := make([]PezzoFonte, len(pezzi))
	for i, p := range pezzi {
		out[i].Testo = p.Testo
		if p.URN != "" {
			out[i].Indirizzo = NormattivaURL + p.URN
		}
	}
	return out
}
