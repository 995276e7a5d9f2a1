package lpu

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/lotto"
	"github.com/lpu-it/lpu/lpu/internal/parole"
	"github.com/lpu-it/lpu/lpu/internal/spec"
	vocab "github.com/lpu-it/lpu/lpu/internal/vocabolario"
)

// The outputs of the rules that the facade reads after an evaluation, by
// number: each kind's programs resolve these names to their slots at
// load (tipoConf.letture), so that reading one is an index, not a lookup
// by name. The names are the vocabulary's (richieste.<tipo>.uscite); the
// engine knows none of them.
const (
	uGiorni = iota
	uOre
	uOreSettimanaliMin
	uOreSettimanaliMax
	uOreGiornaliereMax
	uDurataMesiMax
	uResiduoOre
	uResiduoGiorniPena
	uResiduoCriterio
	uResiduoGiorniArresto
	uResiduoAmmenda
	uEsito
	uRichiestaEntro
	uPremioStimato
	uScadenza
	uSettimaneMin
	uSettimaneMax
	nUscite
)

var nomiUscite = []string{uGiorni: "giorni", uOre: "ore", uOreSettimanaliMin: "ore_settimanali_min",
	uOreSettimanaliMax: "ore_settimanali_max", uOreGiornaliereMax: "ore_giornaliere_max", uDurataMesiMax: "durata_mesi_max",
	uResiduoOre: "residuo_ore", uResiduoGiorniPena: "residuo_giorni_pena", uResiduoCriterio: "residuo_criterio",
	uResiduoGiorniArresto: "residuo_giorni_arresto", uResiduoAmmenda: "residuo_ammenda", uEsito: "esito", uRichiestaEntro: "richiesta_entro", uPremioStimato: "premio_stimato",
	uScadenza: "scadenza", uSettimaneMin: "settimane_min", uSettimaneMax: "settimane_max"}

// tipiUscite are the vocabulary's types of the outputs the facade reads,
// as its Go reads them (an int, a text, an amount, a date): a vocabulary
// (an overlay's) that declares one with another type is refused at load
// (controllaTipiUscite), where reading it would panic.
var tipiUscite = [nUscite]string{uGiorni: "intero", uOre: "intero", uOreSettimanaliMin: "intero",
	uOreSettimanaliMax: "intero", uOreGiornaliereMax: "intero", uDurataMesiMax: "intero",
	uResiduoOre: "intero", uResiduoGiorniPena: "intero", uResiduoCriterio: "testo",
	uResiduoGiorniArresto: "intero", uResiduoAmmenda: "importo", uEsito: "testo", uRichiestaEntro: "data", uPremioStimato: "importo",
	uScadenza: "data", uSettimaneMin: "intero", uSettimaneMax: "intero"}

// controllaTipiUscite refuses, in any kind's vocabulary, an output the
// facade reads declared with a type other than tipiUscite's.
func controllaTipiUscite(voc *vocab.Vocabolario, tipi []string, ps *spec.Problems) {
	for _, t := range tipi {
		for k, nome := range nomiUscite {
			if u := voc.Uscita(t, nome); u != nil && u.Tipo != tipiUscite[k] {
				ps.Add(u.Pos, "richieste."+t+".uscite."+nome+".tipo", "tipo", "uscita %s: tipo %s, ma il motore la legge come %s", nome, u.Tipo, tipiUscite[k])
			}
		}
	}
}

// controllaUsciteNeiValori refuses a declared output of the calcolo
// that reaches the answer only in its valori (daiValori) unless steps
// compute it and every one exports it (esporta: true): otherwise its
// column of a lotto, and its line in the text to copy, would stay empty
// with no word. The problem is at the output, naming the first step
// that does not export it.
func controllaUsciteNeiValori(voc *vocab.Vocabolario, files []*spec.File, ps *spec.Problems) {
	for _, u := range voc.Uscite["calcolo"] {
		if !daiValori(u.Nome) {
			continue
		}
		var calcolata bool
		var senza *spec.Passo // the first step that does not export it
		for _, f := range files {
			for _, s := range f.Passi {
				if f.Tipo == "calcolo" && s.Tipo == spec.Calcola && s.Nome == u.Nome {
					calcolata = true
					if !s.Esporta && senza == nil {
						senza = s
					}
				}
			}
		}
		perc := "richieste.calcolo.uscite." + u.Nome
		switch {
		case !calcolata && !u.Obbligatoria: // (one that is is told where it is required)
			ps.Add(u.Pos, perc, "esporta", "uscita %s: nessun passo del calcolo la calcola, e la risposta la porterebbe solo nei valori: la sua colonna del lotto resterebbe vuota; calcolarla in un passo con esporta: true, o toglierla dal vocabolario", u.Nome)
		case senza != nil:
			ps.Add(u.Pos, perc, "esporta", "uscita %s: il passo %s (%s) la calcola senza esportarla, e la risposta la porta solo nei valori: la sua colonna del lotto resterebbe vuota; aggiungere al passo esporta: true, o togliere l'uscita dal vocabolario", u.Nome, senza.ID, senza.Pos)
		}
	}
}

// daiValori reports whether the calcolo's output nome reaches a lotto's
// column (usciteLotto) from the answer's valori: it is no fixed column,
// no limit (the answer's limiti) and none of usciteRisultato.
func daiValori(nome string) bool {
	return !slices.Contains(lotto.ColonneFisse, nome) && !slices.Contains(nomiLimiti, nome) && indiceRisultato(nome) == len(usciteRisultato)
}

// nomiLimiti are the outputs that make up Limiti: Engine.Limiti runs
// only the steps they depend on.
var nomiLimiti = nomiUscite[uOreSettimanaliMin : uDurataMesiMax+1]

// campoFattispecie is the input of every kind that names the fattispecie
// (the contract's field): the engine leaves out, for each, the steps
// that cannot apply to it (tipoConf.potaPer).
const campoFattispecie = "fattispecie"

// usciteRisultato are the calcolo's declared outputs that the typed
// answer carries (Risultato's Settimane and Residuo, the contract's Go
// types), each with its cell in a CSV answer of a lotto: the one place
// that maps them back from the Go types. Their order is that of the
// lotto's columns after the fixed ones (a new one at the end). Any other
// declared output reaches a lotto from the answer's valori, its column
// after these: Load refuses one that no step exports
// (controllaUsciteNeiValori); TestUsciteRisultato checks these against
// the embedded vocabulary.
var usciteRisultato = []uscitaRisultato{
	{uSettimaneMin, dalleSettimane(func(s *Settimane) Limite { return s.Min })},
	{uSettimaneMax, dalleSettimane(func(s *Settimane) Limite { return s.Max })},
	{uResiduoOre, dalResiduo(func(r *Residuo) string { return strconv.Itoa(r.Ore) })},
	{uResiduoGiorniPena, dalResiduo(func(r *Residuo) string { return strconv.Itoa(r.GiorniPena) })},
	{uResiduoCriterio, dalResiduo(func(r *Residuo) string { return r.Criterio })},
	{uResiduoGiorniArresto, dalResiduo(func(r *Residuo) string {
		if r.GiorniArresto == nil {
			return ""
		}
		return strconv.Itoa(*r.GiorniArresto)
	})},
	{uResiduoAmmenda, dalResiduo(func(r *Residuo) string { return r.Ammenda })},
}

// indiceRisultato is the position of the output nome in usciteRisultato,
// len(usciteRisultato) if it is none of them.
func indiceRisultato(nome string) int {
	if i := slices.IndexFunc(usciteRisultato, func(u uscitaRisultato) bool { return u.nome() == nome }); i >= 0 {
		return i
	}
	return len(usciteRisultato)
}

// uscitaRisultato is a declared output of the calcolo, by its number
// among those the facade reads (nomiUscite: the one list of the outputs
// the answer's Go types carry, InfoUscita.Tipizzata), and its cell from
// the answer's Go types.
type uscitaRisultato struct {
	u     int
	cella func(*Risultato) string
}

func (u uscitaRisultato) nome() string { return nomiUscite[u.u] }

// dalleSettimane is the cell of a figure of the answer's Settimane: ""
// when it has none.
func dalleSettimane(f func(*Settimane) Limite) func(*Risultato) string {
	return func(r *Risultato) string {
		if r.Settimane == nil {
			return ""
		}
		if n, ok := f(r.Settimane).Int(); ok {
			return strconv.Itoa(n)
		}
		return ""
	}
}

// dalResiduo is the cell of a figure of the answer's Residuo: "" when it
// has none.
func dalResiduo(f func(*Residuo) string) func(*Risultato) string {
	return func(r *Risultato) string {
		if r.Residuo == nil {
			return ""
		}
		return f(r.Residuo)
	}
}

// cellaUscita is the cell of a lotto's CSV answer for the declared
// output nome of a calcolo's answer r: from its Go field
// (usciteRisultato), else from its valori (testoValore for a machine:
// lpu/internal/lotto rewrites it for a person).
func cellaUscita(r *Risultato, nome string) string {
	for _, u := range usciteRisultato {
		if u.nome() == nome {
			return u.cella(r)
		}
	}
	return testoValore(r.Valori[nome], "", nil, false)
}

// Testo is the value v of the output, as an answer's valori hold it,
// written for a person: a yes or no in words, an amount in euro
// («€ 1.100,50»), a date dd/mm/yyyy, a code by its label; "" for none.
func (u InfoUscita) Testo(v any) string {
	return testoValore(v, u.Tipo, u.Scelte, true)
}

// testoValore is the text of the value v of a declared output of type
// tipo, as an answer's valori hold it ("" for none): a yes or no in
// words, anything else as the answer's JSON writes it; for a person
// (italiano) also an amount in euro, a date dd/mm/yyyy and a code by its
// label among scelte.
func testoValore(v any, tipo string, scelte []InfoScelta, italiano bool) string {
	var s string
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		s = parole.SiNo(x)
	case string:
		s = x
		if italiano && tipo == "importo" {
			if d, err := calc.ParseDecimale(x); err == nil {
				s = "€ " + calc.FormatEuro(d)
			}
		}
		if italiano && tipo == "data" {
			if t, err := calc.ParseData(x); err == nil {
				s = calc.FormatDataItaliana(t)
			}
		}
	default:
		s = fmt.Sprint(x)
	}
	if italiano {
		for _, sc := range scelte {
			if sc.Valore == s {
				s = sc.Etichetta
			}
		}
	}
	return s
}
