package motore_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"cel.dev/cel-go/cel"

	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// leggi parses the files of a synthetic rule set.
func leggi(t *testing.T, fsys fs.FS, nomi ...string) ([]*spec.File, spec.Problems) {
	t.Helper()
	var ps spec.Problems
	var out []*spec.File
	for _, n := range nomi {
		src, err := fs.ReadFile(fsys, n)
		if err != nil {
			t.Fatal(err)
		}
		if f := spec.Parse(motore.NomeRegola(fsys, n), src, &ps); f != nil {
			out = append(out, f)
		}
	}
	return out, ps
}

// TestGeneri: the kinds of request are what the vocabulary declares, with
// their rules, reference date and outputs; a rule file of a kind nobody
// declared is a problem at its tipo.
func TestGeneri(t *testing.T) {
	regola := []byte("id: r1\ntipo: ignoto\ntitolo: x\nfonte: y\nvigenza: {dal: 2020-01-01}\npassi: []\n")
	fsys := motore.Sovrapponi(os.DirFS("testdata/regole"), motore.Strato("strato", fstest.MapFS{"r1.yaml": {Data: regola}}))
	files, ps := leggi(t, fsys, "vocabolario.yaml", "r1.yaml")
	if len(ps) > 0 {
		t.Fatalf("problemi: %v", ps)
	}
	generi, ordine := motore.Generi(files, &ps)
	if !slices.Equal(ordine, []string{"tariffa", "orario"}) {
		t.Errorf("ordine = %v; want [tariffa orario] (elenco has no rules)", ordine)
	}
	ta, or := generi["tariffa"], generi["orario"]
	if ta == nil || or == nil {
		t.Fatalf("generi = %v", generi)
	}
	if !ta.PerID || or.PerID || len(ta.Riferimento) != 1 || ta.Riferimento[0].Campo != "giorno" || len(or.Riferimento) != 1 || or.Riferimento[0].Campo != "dal" {
		t.Errorf("tariffa %+v, orario %+v", ta, or)
	}
	if !slices.Equal(ta.Obbligatorie, []string{"prezzo"}) || ta.Uscite["nota"] != cel.StringType || or.Uscite["ore"] != cel.IntType {
		t.Errorf("uscite: tariffa %v %v, orario %v", ta.Uscite, ta.Obbligatorie, or.Uscite)
	}
	motore.ControllaTipi(files, generi, ordine, &ps)
	want := `strato/r1.yaml:2:7 tipo: tipo "ignoto" sconosciuto: uno di tariffa, orario, parametri, dati, vocabolario, passi`
	if len(ps) != 1 || ps[0].Pos.String()+" "+ps[0].Percorso+": "+ps[0].Msg != want {
		t.Errorf("problemi = %v; want %s", ps, want)
	}
	// A kind declared with its rules twice.
	ps = nil
	motore.Generi(append(files, files[0]), &ps)
	if len(ps) != 2 || !strings.Contains(ps[0].Msg, "già dichiarato") {
		t.Errorf("doppio: %v", ps)
	}
}

// TestSuite runs a synthetic suite with an Esecutore that echoes the
// request (or fails when asked): the runner knows nothing of what
// answers.
func TestSuite(t *testing.T) {
	var tipi []string
	x := motore.Esecutore{
		Esegui: func(tipo string, body []byte) (any, error) {
			tipi = append(tipi, tipo)
			var m map[string]any
			if err := json.Unmarshal(body, &m); err != nil {
				return nil, err
			}
			if m["errore"] != nil {
				return nil, errors.New("rotto")
			}
			return m, nil
		},
		AsError: func(err error) any { return map[string]string{"codice": err.Error()} },
		Tipo:    "tariffa",
	}
	es, err := motore.EseguiSuite(motore.Strato("sintetiche", os.DirFS("testdata/regole")), "", x)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.File+":"+e.Nome+" "+strings.Join(e.Errori, "; "))
	}
	want := []string{
		"sintetiche/test/eco.yaml:eco ",
		"sintetiche/test/eco.yaml:contiene ",
		"sintetiche/test/eco.yaml:errore ",
		"sintetiche/test/eco.yaml:sbagliato a: atteso 3, ottenuto 2",
		"sintetiche/test/eco.yaml:chiavi sbagliate atteso (riga 19, colonna 20): l'esito non ha «voci»: forse «voce»?; " +
			"contiene (riga 20, colonna 16): l'esito non ha «vocee»: forse «voce»?; " +
			"non_contiene (riga 21, colonna 20): l'esito non ha «altro» (ha a, voce)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("esiti:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !slices.Equal(tipi, []string{"tariffa", "elenco", "tariffa", "tariffa", "tariffa"}) {
		t.Errorf("tipi = %v", tipi)
	}
}

// TestSuiteChiaveSconosciuta: a misspelt key of a case (or of the
// suite) is a problem of the file at its position, not a key the
// runner skips (a case with attesso and contiene passed, checking
// only the texts).
func TestSuiteChiaveSconosciuta(t *testing.T) {
	fsys := fstest.MapFS{"test/a.yaml": {Data: []byte("titolo: t\ncasi:\n  - nome: uno\n    richiesta: {a: 1}\n    attesso: {a: 2}\n    contiene: {a: x}\n")}}
	x := motore.Esecutore{Esegui: func(string, []byte) (any, error) { return map[string]any{"a": "x"}, nil }}
	_, err := motore.EseguiSuite(fsys, "", x)
	want := "lpu: test/a.yaml:5:5: casi[1].attesso: chiave sconosciuta «attesso» (forse «atteso»?): una di nome, tipo, richiesta, atteso, errore, contiene, non_contiene"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

// TestSuiteTestiAnnidati: contiene and non_contiene read a member by its
// dotted name, as atteso does, and refuse an item that is no text (a map
// would be compared as Go prints it: a non_contiene that checks nothing).
func TestSuiteTestiAnnidati(t *testing.T) {
	suite := "titolo: t\ncasi:\n" +
		"  - nome: membro\n    richiesta: {a: 1}\n    contiene: {valori.x: [uno]}\n    non_contiene: {valori.x: due}\n" +
		"  - nome: mappa\n    richiesta: {a: 1}\n    non_contiene: {valori: {x: uno}}\n"
	fsys := fstest.MapFS{"test/a.yaml": {Data: []byte(suite)}}
	x := motore.Esecutore{Esegui: func(string, []byte) (any, error) {
		return map[string]any{"valori": map[string]any{"x": "uno"}}, nil
	}}
	esiti, err := motore.EseguiSuite(fsys, "", x)
	if err != nil || len(esiti) != 2 {
		t.Fatalf("EseguiSuite = %v, %v", esiti, err)
	}
	if f := esiti[0].Errori; len(f) != 0 {
		t.Errorf("member: %q; want it read", f)
	}
	if f := esiti[1].Errori; len(f) != 1 || !strings.Contains(f[0], `non_contiene: valori: atteso un testo o una lista di testi, non {"x":"uno"}`) {
		t.Errorf("map: %q; want it refused", f)
	}
}
