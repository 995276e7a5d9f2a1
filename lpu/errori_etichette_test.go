package lpu_test

import (
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestErroriNominanoIlCampo checks that every error on a field answered
// to a suite request (and to a few requests no suite makes: an empty
// plan, a messa alla prova without its months), with every command,
// with and without the explanation, names its field by its label
// between «» — the vocabulary's, or a fattispecie's own wording of it,
// with or without its unit: a message read alone (on the command line,
// in the API's messaggio, in a lotto's report) says which value it is
// about, and a page that shows the label beside the message knows not
// to repeat it. The rules' refusals and the engine's own errors alike:
// whatever step answers, the engine puts the label before a message
// that does not name its field, so that a new error cannot forget it.
// The errors that cannot name a field by a label are in nessunaEtichetta,
// each with its reason. A message names it once: not the label before
// it and again in its words.
func TestErroriNominanoIlCampo(t *testing.T) {
	e := engine(t)
	proprie := map[string][]string{} // the fattispecie's own labels, by field
	for _, f := range e.Catalogo() {
		for _, c := range f.Campi {
			proprie[c.Nome] = append(proprie[c.Nome], c.Etichetta)
		}
	}
	gruppi := map[string]string{} // a group's title, by its prefix (pena)
	for _, g := range e.Gruppi() {
		gruppi[g.Prefisso] = g.Titolo
	}
	// The errors that have a field and no label to name it by.
	nessunaEtichetta := map[lpu.Code]string{
		// a field the kind does not declare has no label: the message
		// quotes the name the request gave («campo sconosciuto: «data»»)
		lpu.CodeCampoSconosciuto: "campo sconosciuto",
		// a value the engine computes is not a field of the request: the
		// message names it by its label among the computed values
		// («il valore «Posti di quel tipo meno quelli occupati» è
		// calcolato dal motore»)
		lpu.CodeCampoCalcolato: "è calcolat",
	}
	nomina := func(msg string, etichette ...string) bool {
		m := strings.ToLower(msg)
		for _, et := range etichette {
			if et == "" {
				continue
			}
			senzaUnita := et
			for _, u := range []string{" (€)", " (mesi)", " (anni)"} {
				senzaUnita = strings.TrimSuffix(senzaUnita, u)
			}
			for _, n := range []string{et, senzaUnita} {
				n = strings.ToLower(n)
				if strings.Contains(m, "«"+n+"»") || strings.HasPrefix(m, n+" ") {
					return true
				}
			}
		}
		return false
	}
	casi := casiSuite(t)
	for _, corpo := range []string{
		`{"fattispecie":"cds186","ore":0,"inizio":"2025-07-01","giorni_settimana":{"sab":4}}`,
		`{"fattispecie":"map","ore":10,"inizio":"2025-07-01","giorni_settimana":{"sab":4}}`,
		`{"fattispecie":"cds186","data":"2004-06-10","pena":{"ammenda":"100"}}`,
		`{}`,
	} {
		casi = append(casi, casoSuite{File: "(questo test)", Nome: corpo, Corpo: []byte(corpo)})
	}
	// (Under -race, with the explanation only: the errors without it are
	// the same today, and the race detector finds nothing in a scan in
	// one goroutine; make test runs both without it.)
	opzioni := [][]lpu.Option{nil, {lpu.WithoutExplanation()}}
	if raceAttivo {
		opzioni = opzioni[:1]
	}
	n, visti, errori := 0, map[string]bool{}, map[lpu.Kind]int{}
	for _, c := range casi {
		for _, k := range comandiCorpus {
			for _, o := range opzioni {
				_, err := k.esegui(e, c.Corpo, o...)
				for _, x := range lpu.AllErrors(err) {
					if x.Field == "" {
						continue
					}
					errori[x.Kind]++
					et := e.EtichettaErrore(k.nome, x.Field)
					// (an unknown key of a map, «Ore per giorno della
					// settimana («lunedi»)», by the map's label)
					if i := strings.Index(et, " («"); i > 0 {
						et = et[:i]
					}
					if et == "" {
						if p, ok := nessunaEtichetta[x.Code]; ok && strings.Contains(x.Message, p) {
							continue
						}
						// (an error on a whole group, by its title)
						et = gruppi[x.Field]
					}
					// (the label before a message that says it again in its
					// own words reads twice: «Modello della convenzione»:
					// indicare il modello della convenzione)
					problema := "non nomina"
					switch {
					case ripete(x.Message, et):
						problema = "ripete"
					case et != "" && nomina(x.Message, append([]string{et}, proprie[x.Field]...)...):
						continue
					}
					if chiave := k.nome + " " + x.Field + " " + x.Message; !visti[chiave] {
						visti[chiave] = true
						if n++; n > 30 {
							t.Fatal("altri errori che non nominano il campo, o lo ripetono, omessi")
						}
						t.Errorf("%s: %s (%s): l'errore %s su %s %s «%s»: %q", c.File, c.Nome, k.nome, x.Code, x.Field, problema, et, x.Message)
					}
				}
			}
		}
	}
	if errori[lpu.KindNotAllowed] < 50 || errori[lpu.KindInput] < 50 {
		t.Errorf("errori nelle risposte alle richieste delle suite: %d rifiuti, %d sui dati; attesi almeno 50 ciascuno", errori[lpu.KindNotAllowed], errori[lpu.KindInput])
	}
}

// ripete says whether the message msg, with the label et before it,
// asks for the field again by its label's words («Modello della
// convenzione»: indicare il modello della convenzione: …): the message
// should name it once, «indicare il «Modello della convenzione»».
func ripete(msg, et string) bool {
	resto, ok := strings.CutPrefix(msg, "«"+et+"»: ")
	if !ok || et == "" {
		return false
	}
	resto, ok = strings.CutPrefix(strings.ToLower(resto), "indicare ")
	if !ok {
		return false
	}
	for _, art := range []string{"il ", "lo ", "la ", "i ", "gli ", "le ", "l'"} {
		if r, ok := strings.CutPrefix(resto, art); ok {
			resto = r
			break
		}
	}
	for _, u := range []string{" (€)", " (mesi)", " (anni)"} {
		et = strings.TrimSuffix(et, u)
	}
	return strings.HasPrefix(resto, strings.ToLower(et))
}
