package lpu_test

import (
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestRifiutiNominanoIlCampo checks that every refusal of a rule
// (a rifiuta step that holds) answered to a suite request, with every
// command, with and without the explanation, names its field by its
// label between «» — the vocabulary's, or a fattispecie's own wording
// of it, with or without its unit: a message read alone (on the command
// line, in the API's messaggio, in a lotto's report) says which value
// the refusal is about, and a page that shows the label beside the
// message knows not to repeat it. A rule's text that does not name its
// field gets the label before it from the engine, so that a new rifiuta
// step cannot forget it.
func TestRifiutiNominanoIlCampo(t *testing.T) {
	e := engine(t)
	proprie := map[string][]string{} // the fattispecie's own labels, by field
	for _, f := range e.Catalogo() {
		for _, c := range f.Campi {
			proprie[c.Nome] = append(proprie[c.Nome], c.Etichetta)
		}
	}
	nomina := func(msg string, etichette ...string) bool {
		for _, et := range etichette {
			senzaUnita := et
			for _, u := range []string{" (€)", " (mesi)", " (anni)"} {
				senzaUnita = strings.TrimSuffix(senzaUnita, u)
			}
			if et != "" && (strings.Contains(strings.ToLower(msg), "«"+strings.ToLower(et)+"»") || strings.Contains(strings.ToLower(msg), "«"+strings.ToLower(senzaUnita)+"»")) {
				return true
			}
		}
		return false
	}
	n, visti, rifiuti := 0, map[string]bool{}, 0
	for _, c := range casiSuite(t) {
		for _, k := range comandiCorpus {
			for _, o := range [][]lpu.Option{nil, {lpu.WithoutExplanation()}} {
				_, err := k.esegui(e, c.Corpo, o...)
				for _, x := range lpu.AllErrors(err) {
					// (a rule's refusal: not the engine's own, on the
					// dates the rules are in force or the plan's length)
					if x.Kind != lpu.KindNotAllowed || x.Field == "" || x.Code == lpu.CodeNonInVigore || x.Code == lpu.CodePianoTroppoLungo || x.Code == lpu.CodeRegoleMancanti {
						continue
					}
					rifiuti++
					et := e.EtichettaErrore(k.nome, x.Field)
					if et == "" || nomina(x.Message, append([]string{et}, proprie[x.Field]...)...) {
						continue
					}
					if chiave := k.nome + " " + x.Field + " " + x.Message; !visti[chiave] {
						visti[chiave] = true
						if n++; n > 30 {
							t.Fatal("altri rifiuti che non nominano il campo omessi")
						}
						t.Errorf("%s: %s (%s): il rifiuto su %s non nomina «%s»: %q", c.File, c.Nome, k.nome, x.Field, et, x.Message)
					}
				}
			}
		}
	}
	if rifiuti < 50 {
		t.Errorf("%d rifiuti nelle risposte alle richieste delle suite; attesi almeno 50", rifiuti)
	}
}
