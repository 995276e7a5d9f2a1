package lpu_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// engine is the embedded rules' engine, loaded once for all tests
// (lpu.MotoreProva, shared with the package's internal tests): the
// Engine is immutable, so sharing it is what real callers do too.
func engine(t testing.TB) *lpu.Engine {
	t.Helper()
	e, err := lpu.MotoreProva()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return e
}

// TestSuiteRegole runs the YAML suites beside the rule files.
func TestSuiteRegole(t *testing.T) {
	e := engine(t)
	esiti, err := e.RunSuite(context.Background(), rules.FS, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, es := range esiti {
		t.Run(es.File+"/"+es.Nome, func(t *testing.T) {
			for _, m := range es.Errori {
				t.Errorf("%s:%d: %s", es.File, es.Riga, m)
			}
		})
	}
}

// TestSuiteNonContiene checks that non_contiene fails a case whose
// answer holds the text, and passes one whose answer does not.
func TestSuiteNonContiene(t *testing.T) {
	e := engine(t)
	suite := `titolo: prova
casi:
  - nome: compare
    richiesta: {fattispecie: cds186, data: "2025-06-10", pena: {ammenda: "1000"}}
    non_contiene: {passi: "4 giorni"}
  - nome: non compare
    richiesta: {fattispecie: cds186, data: "2025-06-10", pena: {ammenda: "1000"}}
    non_contiene: {passi: "testo che non c'è"}
`
	esiti, err := e.RunSuite(context.Background(), fstest.MapFS{"test/prova.yaml": {Data: []byte(suite)}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(esiti) != 2 {
		t.Fatalf("got %d results; want 2", len(esiti))
	}
	if len(esiti[0].Errori) != 1 || !strings.Contains(esiti[0].Errori[0], "non deve comparire") {
		t.Errorf("got %q for a text that appears; want one non deve comparire error", esiti[0].Errori)
	}
	if len(esiti[1].Errori) != 0 {
		t.Errorf("got %q for a text that does not appear; want none", esiti[1].Errori)
	}
}

// TestSuiteCampoSconosciuto: a field of atteso, contiene or
// non_contiene that no answer of the kind has fails the case at its
// position, with the field meant (non_contiene on avvertenza checked
// nothing; contiene on passo said the text was missing). A field the
// answer leaves out when empty (avvertenze of a calcolo without any)
// is a field it has.
func TestSuiteCampoSconosciuto(t *testing.T) {
	e := engine(t)
	suite := `titolo: prova
casi:
  - nome: campi sbagliati
    richiesta: {fattispecie: cds186, data: "2025-06-10", pena: {ammenda: "1000"}}
    atteso: {ammissibile: true, giorno: 4}
    contiene: {passo: "giorni"}
    non_contiene: {avvertenza: "x", avvertenze: "x", motivi: "x"}
`
	esiti, err := e.RunSuite(context.Background(), fstest.MapFS{"test/prova.yaml": {Data: []byte(suite)}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"atteso (riga 5, colonna 33): l'esito non ha «giorno»: forse «giorni»?",
		"contiene (riga 6, colonna 16): l'esito non ha «passo»: forse «passi»?",
		"non_contiene (riga 7, colonna 20): l'esito non ha «avvertenza»: forse «avvertenze»?",
	}
	if len(esiti) != 1 || strings.Join(esiti[0].Errori, "\n") != strings.Join(want, "\n") {
		t.Errorf("esiti = %v; want %q", esiti, want)
	}
}

// TestSuiteIllegibileInItaliano: a suite that is not YAML, or whose
// values are not of the kind a case takes, is told in Italian at its
// line, as a rule file is (not «yaml: line 3: …», «cannot unmarshal»).
func TestSuiteIllegibileInItaliano(t *testing.T) {
	e := engine(t)
	for _, c := range []struct{ src, want string }{
		{"titolo: x\ncasi:\n  - nome: a\n    richiesta: {fattispecie: cds186\n",
			"lpu: test/prova.yaml:4:1: YAML non valido: manca «,» o «}» in una mappa scritta tra graffe (nella struttura che comincia a questa riga)"},
		{"titolo: x\ncasi:\n  - nome: [a]\n    atteso: 3\n",
			"lpu: test/prova.yaml:3:1: atteso un testo, trovato un elenco\ntest/prova.yaml:4:1: atteso una mappa, trovato un intero"},
		{"titolo: citt\xe0\n", "lpu: test/prova.yaml:1:13: YAML non valido: il file non è UTF-8 (byte 0xE0, forse «à» scritto in Windows-1252): salvarlo in UTF-8"},
	} {
		_, err := e.RunSuite(context.Background(), fstest.MapFS{"test/prova.yaml": {Data: []byte(c.src)}}, "test")
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.src, err, c.want)
		}
	}
}
