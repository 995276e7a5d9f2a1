package motore

import (
	"strings"
	"testing"
)

// TestLetture: on a rule set made up for it, a read of a value that a
// later step computes on a common day is a problem at the name (in a
// value, a se, a condition, a text), and so is a version that reads its
// own name (a cycle); a read of a value whose se may be false, where
// nothing guards it, is too (a condition, a se, the value and the text
// of a step without se, the condition of a ?:, the list of a loop). A
// read of the later version on days it is not in force, a read under
// &&, ||, a branch of ?: or in the body of a loop, in a caveat's text,
// in a step with se, in a text never shown (mostra: false), and a
// comprehension's variable with the name of a value are not.
func TestLetture(t *testing.T) {
	const src = `id: prova
tipo: prova
titolo: Prova
fonte: art. 1
vigenza: {dal: 2020-01-01}
passi:
  - id: tot
    calcola: totale
    valore: dati.n
    fonte: art. 2
    testo: "totale"
  - id: q1
    calcola: quota
    valore: "1"
    vigenza: {al: 2020-12-31}
    fonte: art. 3
    testo: "quota {quota}"
  - id: prima_della_quota
    calcola: doppia
    valore: quota * 2
    fonte: art. 3
    testo: "doppia"
  - id: avv_prima
    avverte: dati.flag
    fonte: art. 3
    testo: "quota {quota}"
  - id: solo_2020
    avverte: quota > 1
    vigenza: {al: 2020-12-31}
    fonte: art. 3
    testo: "solo nel 2020"
  - id: q2
    calcola: quota
    valore: quota + 1
    vigenza: {dal: 2021-01-01}
    fonte: art. 3
    testo: "quota {quota}"
  - id: fisso
    calcola: fisso
    se: "!escluso"
    valore: totale + 1
    fonte: art. 4
    testo: "fisso"
  - id: senza_guardia
    calcola: usa
    se: fisso > 0
    valore: "[1, 2].exists(x, x == fisso) ? 1 : 2"
    fonte: art. 5
    testo: "{fisso}"
  - id: lista
    avverte: "[fisso].size() > 0"
    fonte: art. 5
    testo: "lista"
  - id: mostrato
    calcola: mostrato
    valore: totale
    fonte: art. 5
    testo: "{fisso}"
  - id: guardie
    avverte: >-
      (!escluso && fisso > 0) || (escluso || fisso > 1) || (escluso ? false : fisso > 2)
      || [1].exists(x, x == fisso) || [1].exists(fisso, fisso == 1)
    fonte: art. 6
    testo: "{fisso}"
  - id: nascosto
    calcola: nascosto
    valore: totale
    mostra: "false"
    fonte: art. 6
    testo: "{fisso}"
  - id: condizionato
    calcola: condizionato
    se: "!escluso"
    valore: fisso
    fonte: art. 6
    testo: "{fisso}"
`
	_, ps := compilaEscluso(t, src)
	var got []string
	for _, p := range ps {
		s := p.Error()
		if i := strings.Index(s, ": un passo legge"); i > 0 {
			s = s[:i]
		}
		if i := strings.Index(s, ", e qui è letto"); i > 0 {
			s = s[:i]
		}
		got = append(got, s)
	}
	want := []string{
		`prova.yaml:20:13: passi[2].valore: «quota» è letto qui, ma dal 01/01/2021 lo calcola passi[5], che viene dopo`,
		`prova.yaml:26:20: passi[3].testo: «quota» è letto qui, ma dal 01/01/2021 lo calcola passi[5], che viene dopo`,
		`prova.yaml:34:13: passi[5].valore: «quota» dipende da sé stesso dal 01/01/2021: questo passo lo calcola e, per calcolarlo, lo legge`,
		`prova.yaml:46:9: passi[7].se: «fisso» non ha un valore quando «!escluso» (il se di passi[6]) è falso`,
		`prova.yaml:51:16: passi[8].avverte: «fisso» non ha un valore quando «!escluso» (il se di passi[6]) è falso`,
		`prova.yaml:58:14: passi[9].testo: «fisso» non ha un valore quando «!escluso» (il se di passi[6]) è falso`,
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("problemi:\n%s\natteso:\n%s", g, w)
	}
}
