package lpu_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
)

// The engine on a rule set made up for its tests, not the LPU rules: a
// parameters file (tariffe) whose quota has two dated versions, a
// fattispecie (prova) of three steps with a parameter of its own, and a
// suite. Only the vocabulary is the real one: it declares the calcolo
// request these rules answer. Loading it costs a few milliseconds, so
// each test loads what it needs and fails for one reason.

const sinteticoTariffe = `id: tariffe
tipo: parametri
titolo: Tariffe di prova
fonte: legge di prova
vigenza: {dal: 2020-01-01}
parametri:
  quota:
    tipo: intero
    fonte: art. 1 legge di prova
    valori:
      - {dal: 2020-01-01, al: 2023-12-31, valore: 2, fonte: art. 1 c.1 legge di prova}
      - {dal: 2024-01-01, valore: 3, fonte: art. 1 c.2 legge di prova}
  massimo:
    tipo: intero
    valore: 8
    fonte: art. 2 legge di prova
`

const sinteticoProva = `id: prova
tipo: calcolo
titolo: Prova
fonte: art. 1 legge di prova
vigenza: {dal: 2020-01-01}
parametri:
  ore_per_giorno: {tipo: intero, valore: 2, fonte: art. 3 legge di prova}
passi:
  - id: g
    calcola: giorni
    valore: pena.giorni_lpu * legge.quota
    fonte: art. 1 legge di prova
    testo: "{giorni} giorni di lavoro"
  - id: o
    calcola: ore
    valore: giorni * legge.ore_per_giorno
    fonte: art. 3 legge di prova
    testo: "{ore} ore"
  - id: m
    calcola: ore_giornaliere_max
    valore: legge.massimo
    fonte: art. 2 legge di prova
    testo: "al più {ore_giornaliere_max} ore al giorno"
`

const sinteticoSuite = `titolo: Casi di prova
tipo: calcolo
casi:
  - nome: prima del 2024, due giorni per giorno
    richiesta: {fattispecie: prova, data: "2023-06-01", pena: {giorni_lpu: 10}}
    atteso: {giorni: 20, ore: 40}
  - nome: dal 2024, tre
    richiesta: {fattispecie: prova, data: "2024-06-01", pena: {giorni_lpu: 10}}
    atteso: {giorni: 30, ore: 60}
    contiene: {passi: ["30 giorni di lavoro", "60 ore"]}
  - nome: prima delle regole
    richiesta: {fattispecie: prova, data: "2019-06-01", pena: {giorni_lpu: 10}}
    errore: {codice: non_in_vigore}
`

// sinteticoVocExtra declares fields of the calcolo that its Go type
// does not have, and sinteticoProvaExtra reads them.
const sinteticoVocExtra = `id: vocabolario_extra
tipo: vocabolario
titolo: Campi di prova
fonte: legge di prova
richieste:
  calcolo:
    campi:
      fatti.riparato:
        tipo: booleano
        etichetta: Danno riparato
        fonte: art. 4 legge di prova
      fatti.giorni_riparazione:
        tipo: intero
        max: 90
        etichetta: Giorni di riparazione
        fonte: art. 4 legge di prova
      opzioni.detrazione:
        tipo: testo
        max: 10
        valori: {intera: per intero, meta: per metà}
        predefinito: intera
        etichetta: Detrazione
        fonte: art. 4 legge di prova
`

var sinteticoProvaExtra = strings.Replace(sinteticoProva, "valore: pena.giorni_lpu * legge.quota",
	"valore: \"pena.giorni_lpu * legge.quota - (fatti.riparato ? (opzioni.detrazione == 'meta' ? fatti.giorni_riparazione / 2 : fatti.giorni_riparazione) : 0)\"", 1)

// regoleSintetiche is the synthetic rule set, its files replaced or
// added by extra (name, source, name, source…).
func regoleSintetiche(t testing.TB, extra ...string) fstest.MapFS {
	t.Helper()
	m := conVocabolario(t, fstest.MapFS{
		"tariffe.yaml":    {Data: []byte(sinteticoTariffe)},
		"prova.yaml":      {Data: []byte(sinteticoProva)},
		"test/prova.yaml": {Data: []byte(sinteticoSuite)},
	})
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = &fstest.MapFile{Data: []byte(extra[i+1])}
	}
	return m
}

// caricaSintetiche loads the synthetic rules, with an overlay named
// "overlay" of the files in strato (name, source…) if any.
func caricaSintetiche(t testing.TB, base fstest.MapFS, strato ...string) (*lpu.Engine, error) {
	t.Helper()
	var fsys fs.FS = base
	if len(strato) > 0 {
		m := fstest.MapFS{}
		for i := 0; i+1 < len(strato); i += 2 {
			m[strato[i]] = &fstest.MapFile{Data: []byte(strato[i+1])}
		}
		fsys = lpu.Overlay(base, lpu.Layer("overlay", m))
	}
	return lpu.Load(context.Background(), fsys)
}

func sintetiche(t testing.TB, strato ...string) *lpu.Engine {
	t.Helper()
	e, err := caricaSintetiche(t, regoleSintetiche(t), strato...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// calcolaProva computes prova for 10 days of LPU on data.
func calcolaProva(t testing.TB, e *lpu.Engine, data string) *lpu.Risultato {
	t.Helper()
	out, err := e.Run(context.Background(), "calcolo", []byte(`{"fattispecie":"prova","data":"`+data+`","pena":{"giorni_lpu":10}}`))
	if err != nil {
		t.Fatalf("calcolo del %s: %v", data, err)
	}
	return out.(*lpu.Risultato)
}

// TestSinteticoParametroDatato: a parameter's version is chosen by the
// request's date, on either side of the day the second version starts.
func TestSinteticoParametroDatato(t *testing.T) {
	e := sintetiche(t)
	for data, giorni := range map[string]int{"2020-01-01": 20, "2023-12-31": 20, "2024-01-01": 30, "2030-06-01": 30} {
		if g := calcolaProva(t, e, data).Giorni; g != giorni {
			t.Errorf("%s: %d giorni; want %d", data, g, giorni)
		}
	}
}

// TestSinteticoSpiegazione: the explanation has one step per rule step
// shown, each with its rule, its fonte and its text filled in.
func TestSinteticoSpiegazione(t *testing.T) {
	r := calcolaProva(t, sintetiche(t), "2024-06-01")
	want := []lpu.Passo{
		{Regola: "prova.g", Fonte: "art. 1 legge di prova", Testo: "30 giorni di lavoro"},
		{Regola: "prova.o", Fonte: "art. 3 legge di prova", Testo: "60 ore"},
		{Regola: "prova.m", Fonte: "art. 2 legge di prova", Testo: "al più 8 ore al giorno"},
	}
	if len(r.Passi) != len(want) {
		t.Fatalf("passi = %s; want %s", mostra(r.Passi), mostra(want))
	}
	for i := range want {
		if r.Passi[i] != want[i] {
			t.Errorf("passo %d = %+v; want %+v", i, r.Passi[i], want[i])
		}
	}
	out, err := sintetiche(t).Calcolo(context.Background(), &lpu.Richiesta{Fattispecie: "prova", Data: lpu.NewData(2024, 6, 1), Pena: lpu.Pena{GiorniLPU: 10}}, lpu.WithoutExplanation())
	if err != nil {
		t.Fatal(err)
	}
	if p := out.Passi; len(p) != 0 {
		t.Errorf("WithoutExplanation: passi = %v; want none", p)
	}
}

// TestSinteticoSovrapposizione: an overlay file of tipo parametri gives
// quota a third version from 2026; the dates before keep theirs.
func TestSinteticoSovrapposizione(t *testing.T) {
	e := sintetiche(t, "quota_2026.yaml", intestazioneModifica+`  quota:
    valori: [{dal: 2026-01-01, valore: 5, fonte: art. 1 c.3 legge di prova}]
`)
	for data, giorni := range map[string]int{"2023-06-01": 20, "2025-12-31": 30, "2026-01-01": 50} {
		if g := calcolaProva(t, e, data).Giorni; g != giorni {
			t.Errorf("%s: %d giorni; want %d", data, g, giorni)
		}
	}
}

// TestSinteticoSuite: the suite beside the rules passes; a case whose
// expectation is wrong fails, naming what differs.
func TestSinteticoSuite(t *testing.T) {
	base := regoleSintetiche(t)
	e, err := caricaSintetiche(t, base)
	if err != nil {
		t.Fatal(err)
	}
	esiti, err := e.RunSuite(context.Background(), base, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(esiti) != 3 {
		t.Fatalf("%d esiti; want 3", len(esiti))
	}
	for _, es := range esiti {
		if !es.OK() {
			t.Errorf("%s: %s: %v", es.File, es.Nome, es.Errori)
		}
	}
	base["test/prova.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(sinteticoSuite, "{giorni: 30, ore: 60}", "{giorni: 31, ore: 60}", 1))}
	esiti, err = e.RunSuite(context.Background(), base, "test")
	if err != nil {
		t.Fatal(err)
	}
	var falliti []string
	for _, es := range esiti {
		if !es.OK() {
			falliti = append(falliti, es.Nome+": "+strings.Join(es.Errori, "; "))
		}
	}
	if len(falliti) != 1 || !strings.Contains(falliti[0], "dal 2024, tre") || !strings.Contains(falliti[0], "31") {
		t.Errorf("failed cases = %q; want only «dal 2024, tre», on giorni 31", falliti)
	}
}

// TestSinteticoErrori: a rule set that cannot be loaded fails with one
// problem at the file, line and column of its cause, the overlay's own
// file when the cause is there.
func TestSinteticoErrori(t *testing.T) {
	for _, tc := range []struct {
		nome   string
		base   []string // files replaced or added in the base
		strato []string // files of the overlay
		want   string
	}{
		{"YAML rotto", []string{"prova.yaml", strings.Replace(sinteticoProva, "titolo: Prova", "titolo: [Prova", 1)}, nil,
			"rules/prova.yaml:3:1: YAML non valido"},
		{"identificatore sconosciuto", []string{"prova.yaml", strings.Replace(sinteticoProva, "legge.massimo", "legge.minimo", 1)}, nil,
			"rules/prova.yaml:21:18: passi[2].valore: nome sconosciuto «legge.minimo»"},
		{"nel file dello strato", nil, []string{"prova.yaml", strings.Replace(sinteticoProva, "giorni * legge.ore_per_giorno", "giorni * ", 1)},
			"overlay/prova.yaml:16:21: passi[1].valore: errore di sintassi"},
		{"file nuovo dello strato", nil, []string{"altra.yaml", strings.Replace(strings.Replace(sinteticoProva, "id: prova", "id: altra", 1), "legge.quota", "legge.quota_sconosciuta", 1)},
			"overlay/altra.yaml:11:31: passi[0].valore: nome sconosciuto «legge.quota_sconosciuta»"},
		// One mistake in the declaration of a field, one problem: not
		// also its readers' «nome sconosciuto», nor the same problem
		// twice, nor one of the Go types.
		{"campo dichiarato con un tipo sconosciuto", nil, []string{"vocabolario_extra.yaml", strings.Replace(sinteticoVocExtra, "tipo: booleano", "tipo: boolean", 1), "prova.yaml", sinteticoProvaExtra},
			`overlay/vocabolario_extra.yaml:9:15: richieste.calcolo.campi.fatti.riparato.tipo: tipo "boolean" sconosciuto`},
		{"campo con un predefinito non ammesso", nil, []string{"vocabolario_extra.yaml", strings.Replace(sinteticoVocExtra, "predefinito: intera", "predefinito: intero", 1), "prova.yaml", sinteticoProvaExtra},
			`overlay/vocabolario_extra.yaml:21:22: richieste.calcolo.campi.opzioni.detrazione.predefinito: predefinito "intero" non è tra i valori ammessi: uno di intera, meta`},
		{"vocabolario illeggibile", nil, []string{"vocabolario_extra.yaml", strings.Replace(sinteticoVocExtra, "        max: 90", "\t\tmax: 90", 1), "prova.yaml", sinteticoProvaExtra},
			"overlay/vocabolario_extra.yaml:14:1: YAML non valido: tabulazione nel rientro: si rientra con gli spazi"},
	} {
		t.Run(tc.nome, func(t *testing.T) {
			_, err := caricaSintetiche(t, regoleSintetiche(t, tc.base...), tc.strato...)
			var er *lpu.LoadError
			if !errors.As(err, &er) {
				t.Fatalf("Load = %v; want *lpu.LoadError", err)
			}
			if len(er.Problems) != 1 || !strings.HasPrefix(er.Problems[0].String(), tc.want) {
				t.Errorf("got:\n%v\nwant one problem starting with %s", err, tc.want)
			}
		})
	}
}

// TestSinteticoCosto: a step whose evaluation could cost too much is
// refused at load, at its line and column.
func TestSinteticoCosto(t *testing.T) {
	passo := `  - id: caro
    calcola: caro
    valore: '[` + strings.Repeat("1, ", 99) + `1].map(a, [` + strings.Repeat("1, ", 99) + `1].map(b, [` + strings.Repeat("1, ", 99) + `1].map(c, a + b + c))).size()'
    fonte: art. 4 legge di prova
    testo: "-"
    mostra: false
`
	_, err := caricaSintetiche(t, regoleSintetiche(t, "prova.yaml", sinteticoProva+passo))
	var er *lpu.LoadError
	if !errors.As(err, &er) {
		t.Fatalf("Load = %v; want *lpu.LoadError", err)
	}
	if len(er.Problems) != 1 || er.Problems[0].Code != "costo" || !strings.HasPrefix(er.Problems[0].String(), "rules/prova.yaml:26:14: passi[3].valore: ") {
		t.Errorf("got:\n%v\nwant one «costo» problem at rules/prova.yaml:26:14 (the caro step's valore)", err)
	}
}
