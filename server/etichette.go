package server

import (
	"strings"

	"github.com/lpu-it/lpu/lpu"
)

// The Italian words of the web page for the request's fields and values
// come from the vocabulary the rules declare (rules/vocabolario.yaml,
// through lpu.Engine.Campi and Gruppi): the page writes none of its own.

// etichette are the labels of one rule set, derived once when it is put
// in use.
type etichette struct {
	gruppi []lpu.InfoGruppo
	piano  map[string]lpu.InfoCampo // the piano request's fields
	valori map[string]string        // every accepted value's label
	giorni map[string]string        // lun … dom: lunedì … domenica
	nomi   *nomiCampi               // field names in texts → labels (testi.go)
	// domanda are the personal fields of the domanda di sostituzione
	// (domanda.go), in order.
	domanda []lpu.InfoCampo
}

// campoGiorni is the piano request's map of the hours of each day of
// the week, whose choices are the days.
const campoGiorni = "giorni_settimana"

func nuoveEtichette(e *lpu.Engine) etichette {
	et := etichette{gruppi: e.Gruppi(), piano: map[string]lpu.InfoCampo{}, valori: map[string]string{}, giorni: map[string]string{},
		nomi: nuoviNomiCampi(e), domanda: e.Campi("domanda")}
	for _, tipo := range []string{"calcolo", "fondo", "convenzione", "piano"} {
		for _, c := range e.Campi(tipo) {
			if tipo == "piano" {
				et.piano[c.Nome] = c
			}
			for _, sc := range c.Scelte {
				if c.Nome == campoGiorni {
					et.giorni[sc.Valore] = sc.Etichetta
					continue
				}
				if _, ok := et.valori[sc.Valore]; !ok {
					et.valori[sc.Valore] = sc.Etichetta
				}
			}
		}
	}
	return et
}

// valore is the label of an accepted value (a reading, a model), or the
// value itself.
func (et etichette) valore(v string) string {
	if e, ok := et.valori[v]; ok {
		return e
	}
	return v
}

// campoPiano is the label and help of a field of the piano request.
func (et etichette) campoPiano(nome string) (testo, aiuto string) {
	if c, ok := et.piano[nome]; ok {
		return c.Etichetta, c.Aiuto
	}
	return umano(nome[strings.LastIndexByte(nome, '.')+1:]), ""
}

// etichettaPiano is the label of a field of the piano request by its
// path, a day of the week by the map's label and the day's, as the
// form's day fields and the timeline name it (giorni_settimana.sab:
// «Ore per giorno della settimana (sabato)», as the engine's errors
// name it); "" when the vocabulary gives none.
func (et etichette) etichettaPiano(campo string) string {
	if c, ok := et.piano[campo]; ok {
		return c.Etichetta
	}
	if m, giorno, ok := strings.Cut(campo, "."); ok && m == campoGiorni {
		if c, g := et.piano[m].Etichetta, et.giorni[giorno]; c != "" && g != "" {
			return c + " (" + g + ")"
		}
	}
	return ""
}

// sceltaIgnota says whether campo is a day of the week's hours under a
// key that is not a day (giorni_settimana.lunedix): the engine refuses
// the key, whatever its value. With no days in the vocabulary, none is.
func (et etichette) sceltaIgnota(campo string) bool {
	m, giorno, ok := strings.Cut(campo, ".")
	if !ok || m != campoGiorni || len(et.giorni) == 0 {
		return false
	}
	_, noto := et.giorni[giorno]
	return !noto
}

// umano writes a result key (esito_positivo) as a heading.
func umano(k string) string {
	t := strings.ReplaceAll(k, "_", " ")
	if t == "" {
		return t
	}
	return strings.ToUpper(t[:1]) + t[1:]
}
