package motore

import (
	"reflect"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestValoriDichiarati: on a rule set made up for it, a comparison of a
// name whose values are declared (an input, a computed value) with a
// text that is none of them is a problem at the text, whichever way
// round, in a list written in the expression, a text in a list the name
// is, in a condition, a value, a se and a text's placeholder; the right
// codes, the empty text, a name without declared values, a variable of
// a comprehension and a text that is no operand of a comparison are not.
func TestValoriDichiarati(t *testing.T) {
	const src = `id: prova
tipo: prova
titolo: Prova
fonte: art. 1
vigenza: {dal: 2020-01-01}
passi:
  - id: tot
    calcola: totale
    valore: 'caso == "a" ? 1 : 2'
    fonte: art. 2
    testo: "totale {totale} {caso != 'bb' ? 'x' : 'y'}"
  - id: classe
    calcola: classe
    se: caso in ["a", "c"]
    valore: '"lieve"'
    fonte: art. 3
    testo: "classe {classe}"
  - id: giusti
    avverte: >-
      caso == "" || "b" != caso || caso in ["a", "b"] || "x" in dati.voci || classe == "lieve"
      || ["z"].exists(caso, caso == "zz") || size("caso") > 0 || caso + "q" == "aq"
    fonte: art. 4
    testo: "giusti"
  - id: sbagliati
    avverte: '"d" in dati.voci || classe != "grave"'
    fonte: art. 5
    testo: "sbagliati"
`
	dichiarati := map[string]Dichiarato{
		"caso":      {Etichetta: "Caso (€)", Codici: []string{"a", "b"}},
		"dati.voci": {Codici: []string{"x", "y"}},
		"classe":    {Etichetta: "Classe", Codici: []string{"lieve"}},
	}
	conf := Conf{Req: reflect.TypeFor[richiestaProva](), Letture: lettureProva,
		Uscite: map[string]*cel.Type{"totale": cel.IntType}, Obblig: []string{"totale"},
		Dichiarati: func(*spec.File) map[string]Dichiarato { return dichiarati }}
	var ps spec.Problems
	f := spec.Parse("prova.yaml", []byte(src), &ps)
	if f == nil {
		t.Fatalf("parse: %v", ps)
	}
	Compila(f, conf, nil, nil, OpzioniCompila{}, &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Error())
	}
	want := []string{
		`prova.yaml:11:38: passi[0].testo: "bb" non è un valore di «Caso»: uno di a, b`,
		`prova.yaml:14:23: passi[1].se: "c" non è un valore di «Caso»: uno di a, b`,
		`prova.yaml:25:15: passi[3].avverte: "d" non è un valore di «dati.voci»: uno di x, y`,
		`prova.yaml:25:45: passi[3].avverte: "grave" non è un valore di «Classe»: uno di lieve`,
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("problemi:\n%s\natteso:\n%s", g, w)
	}
}

// TestValoriDichiaratiAttraverso: a text is checked wherever a code is
// expected, not only as an operand of == and in: compared with the
// variable of a comprehension over a name with declared values, on a
// branch of ?:, in a list compared with a list, as the key of a mappa
// whose keys are codes (index and in), as a text of a list a
// comprehension's variable runs over and compares with a name, and as
// the argument of a function of the library that takes a code
// (giorni's criterion); a name passed there must take only its codes.
// The right codes, and a variable that shadows a name, are not reported.
func TestValoriDichiaratiAttraverso(t *testing.T) {
	const src = `id: prova
tipo: prova
titolo: Prova
fonte: art. 1
vigenza: {dal: 2020-01-01}
parametri:
  per_caso:
    tipo: mappa
    valore: {a: [x], b: [y]}
    fonte: art. 1
passi:
  - id: tot
    calcola: totale
    valore: 'giorni(durata(0, 1, 0), "30_giorn", giorno) + giorni(durata(0, 1, 0), caso, giorno)'
    fonte: art. 2
    testo: "totale {totale}"
  - id: sbagliati
    avverte: >-
      dati.voci.exists(v, v == "z") || dati.voci.all(v, v in ["x", "w"]) || caso == (dati.flag ? "a" : "c")
      || dati.voci == ["x", "q"] || size(legge.per_caso["d"]) > 0 || "e" in legge.per_caso
      || ["a", "f"].exists(k, k == caso)
    fonte: art. 5
    testo: "sbagliati"
  - id: giusti
    avverte: >-
      dati.voci.exists(v, v == "x") || dati.voci.exists(caso, caso == "x") || caso == (dati.flag ? "a" : "b")
      || size(legge.per_caso["a"]) > 0 || giorni(durata(0, 1, 0), dati.flag ? "calendario" : "30_giorni", giorno) > 0
    fonte: art. 6
    testo: "giusti"
`
	dichiarati := map[string]Dichiarato{
		"caso":           {Etichetta: "Caso", Codici: []string{"a", "b"}},
		"dati.voci":      {Etichetta: "Voci", Codici: []string{"x", "y"}},
		"legge.per_caso": {Etichetta: "Caso", Codici: []string{"a", "b"}},
	}
	conf := Conf{Req: reflect.TypeFor[richiestaProva](), Letture: lettureProva,
		Uscite: map[string]*cel.Type{"totale": cel.IntType}, Obblig: []string{"totale"},
		Dichiarati: func(*spec.File) map[string]Dichiarato { return dichiarati }}
	var ps spec.Problems
	f := spec.Parse("prova.yaml", []byte(src), &ps)
	if f == nil {
		t.Fatalf("parse: %v", ps)
	}
	Compila(f, conf, nil, nil, OpzioniCompila{}, &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Error())
	}
	want := []string{
		`prova.yaml:14:38: passi[0].valore: "30_giorn" non è un valore di «criterio di giorni(…)»: uno di 30_giorni, calendario`,
		`prova.yaml:14:84: passi[0].valore: «Caso» può valere "a", che non è un valore di «criterio di giorni(…)»: uno di 30_giorni, calendario`,
		`prova.yaml:14:84: passi[0].valore: «Caso» può valere "b", che non è un valore di «criterio di giorni(…)»: uno di 30_giorni, calendario`,
		`prova.yaml:19:32: passi[1].avverte: "z" non è un valore di «Voci»: uno di x, y`,
		`prova.yaml:19:68: passi[1].avverte: "w" non è un valore di «Voci»: uno di x, y`,
		`prova.yaml:19:104: passi[1].avverte: "c" non è un valore di «Caso»: uno di a, b`,
		`prova.yaml:20:29: passi[1].avverte: "q" non è un valore di «Voci»: uno di x, y`,
		`prova.yaml:20:57: passi[1].avverte: "d" non è un valore di «Caso»: uno di a, b`,
		`prova.yaml:20:70: passi[1].avverte: "e" non è un valore di «Caso»: uno di a, b`,
		`prova.yaml:21:16: passi[1].avverte: "f" non è un valore di «Caso»: uno di a, b`,
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("problemi:\n%s\natteso:\n%s", g, w)
	}
}
