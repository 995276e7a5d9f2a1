package lpu_test

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/internal/regoleprova"
	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

func campo(info lpu.InfoFattispecie, nome string) (lpu.InfoCampo, bool) {
	for _, c := range info.Campi {
		if c.Nome == nome {
			return c, true
		}
	}
	return lpu.InfoCampo{}, false
}

func TestCatalogoCds186(t *testing.T) {
	cat := engine(t).Catalogo()
	i := slices.IndexFunc(cat, func(f lpu.InfoFattispecie) bool { return f.ID == "cds186" })
	if i < 0 {
		t.Fatalf("cds186 not in the catalogue")
	}
	info := cat[i]
	if info.Vigenza.Dal != "2010-07-30" || info.Vigenza.Al != "" {
		t.Errorf("vigenza = %+v; want dal 2010-07-30, al empty", info.Vigenza)
	}
	if info.Titolo == "" || info.Fonte == "" || info.Descrizione == "" {
		t.Errorf("titolo, fonte, descrizione must come from the file: %+v", info)
	}
	for _, tc := range []struct {
		nome, tipo string
		in         bool
	}{
		{"data", "data", true},
		{"pena.arresto", "durata", true},
		{"pena.ammenda", "importo", true},
		{"fatti.incidente", "booleano", true},
		{"fatti.sostituzioni_precedenti", "intero", true},
		{"opzioni.mese", "testo", true},
		{"pena.reclusione", "", false}, // only refused by a rifiuta step
		{"pena.multa", "", false},
		{"pena.giorni_lpu", "", false},
		{"fatti.map_precedente", "", false},
	} {
		c, ok := campo(info, tc.nome)
		if ok != tc.in {
			t.Errorf("%s in campi = %v; want %v", tc.nome, ok, tc.in)
			continue
		}
		if ok && c.Tipo != tc.tipo {
			t.Errorf("%s: tipo = %q; want %q", tc.nome, c.Tipo, tc.tipo)
		}
	}
	if c, _ := campo(info, "opzioni.mese"); !slices.Equal(c.Valori, []string{"30_giorni", "calendario"}) || c.Predefinito != "30_giorni" {
		t.Errorf("opzioni.mese = %+v; want valori [30_giorni calendario], predefinito 30_giorni", c)
	}
	if c, _ := campo(info, "fatti.comma"); !slices.Equal(c.Valori, []string{"2a", "2b", "2c", "2-bis", "5", "7"}) || len(c.Scelte) != 6 ||
		c.Scelte[3].Etichetta != "c.2-bis — incidente stradale provocato in stato di ebbrezza" || c.Citati != nil {
		t.Errorf("fatti.comma = %+v; want the commas of the rule file's parametro commi (valori_da), with their labels, no citati", c)
	}
}

// TestCatalogoValoriDa checks that a field whose values differ by
// fattispecie (valori_da) gets each rule file's own values, and none
// where the file declares none.
func TestCatalogoValoriDa(t *testing.T) {
	cat := engine(t).Catalogo()
	for _, tc := range []struct {
		id     string
		valori []string
	}{
		{"cds186", []string{"2a", "2b", "2c", "2-bis", "5", "7"}},
		{"cds187", []string{"1", "1-bis", "8"}},
		{"dpr309_73", []string{"5", "5-bis", "5-ter"}},
	} {
		i := slices.IndexFunc(cat, func(f lpu.InfoFattispecie) bool { return f.ID == tc.id })
		if i < 0 {
			t.Fatalf("%s not in the catalogue", tc.id)
		}
		if c, _ := campo(cat[i], "fatti.comma"); !slices.Equal(c.Valori, tc.valori) {
			t.Errorf("%s: fatti.comma valori = %v; want %v", tc.id, c.Valori, tc.valori)
		}
	}
}

// TestValoriDaNonValidi checks that a parameter giving a field's values
// must be a list of «valore: etichetta».
func TestValoriDaNonValidi(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, n := range []string{"vocabolario.yaml", "generali.yaml", "cds186.yaml"} {
		b, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		fsys[n] = &fstest.MapFile{Data: b}
	}
	b := fsys["cds186.yaml"].Data
	fsys["cds186.yaml"].Data = []byte(strings.Replace(string(b), `"7: c.7 — rifiuto dell'accertamento"`, `"7 senza etichetta"`, 1))
	_, err := lpu.Load(context.Background(), fsys)
	if err == nil || !strings.Contains(err.Error(), "«7 senza etichetta» non è nella forma «valore: etichetta»") {
		t.Errorf("Load = %v; want the commi item refused", err)
	}
}

// provaCatalogo is a fattispecie reading other inputs than the embedded
// ones (TestCatalogoDalleRegole).
const provaCatalogo = `id: prova
tipo: calcolo
titolo: Prova
fonte: art. 1 legge di prova
vigenza: {dal: 2020-01-01, al: 2030-12-31}
passi:
  - id: g
    calcola: giorni
    valore: "fatti.comma in ['x', 'y'] ? 1 : pena.giorni_lpu"
    fonte: art. 1
    testo: "{giorni}"
  - id: o
    calcola: ore
    valore: giorni * 2
    fonte: art. 1
    testo: "{ore}"
  - id: m
    calcola: ore_giornaliere_max
    valore: "8"
    fonte: art. 1
    testo: "{ore_giornaliere_max}"
`

// provaRifiuta is a fattispecie whose rifiuta steps read fields no other
// step reads (TestCatalogoRifiuta).
const provaRifiuta = `
id: prova_rifiuta
tipo: calcolo
titolo: Fattispecie di prova
fonte: art. 1 legge di prova
vigenza: {dal: 2020-01-01}
passi:
  - id: connessi
    rifiuta: fatti.reati_connessi && fatti.sostituzioni_precedenti > 2
    codice: dati_incoerenti
    campo: fatti.reati_connessi
    fonte: art. 1
    testo: "reati connessi"
  - id: multa
    rifiuta: pena.multa != decimale("0") || pena.giorni_lpu > 0
    codice: pena_non_pertinente
    campo: pena.multa
    fonte: art. 1
    testo: "niente multa"
  - {id: giorni, calcola: giorni, valore: "1", fonte: art. 1, testo: "{giorni}"}
  - {id: ore, calcola: ore, valore: "2", fonte: art. 1, testo: "{ore}"}
  - {id: max, calcola: ore_giornaliere_max, valore: "8", fonte: art. 1, testo: "{ore_giornaliere_max}"}
`

// motoreProve is the embedded files of the Fund's and of the plan's
// small rule sets (regoleReali) with the test rules of this package laid
// over them: provaCatalogo and provaRifiuta (TestCatalogoDalleRegole,
// TestCatalogoRifiuta), vocabolarioAltri and regolaAltri (the tests of
// altri_test.go), and regolaATermine (TestDataCivile), loaded once for the
// tests that only read it (a Load of the Fund's rules, which name every
// fattispecie, costs about a second of CPU under -race). Each overlay's
// file is a fattispecie, or fields, of its own, which no other reads.
func motoreProve(t testing.TB) *lpu.Engine {
	t.Helper()
	e, err := motoreProveUna()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var motoreProveUna = sync.OnceValues(func() (*lpu.Engine, error) {
	base, err := regoleprova.File(append(slices.Clone(fileFondo), fileCalendario...)...)
	if err != nil {
		return nil, err
	}
	return lpu.Load(context.Background(), lpu.Overlay(base, fstest.MapFS{
		"prova.yaml": {Data: []byte(provaCatalogo)}, "prova_rifiuta.yaml": {Data: []byte(provaRifiuta)},
		"vocabolario_altri.yaml": {Data: []byte(vocabolarioAltri)}, "altri.yaml": {Data: []byte(regolaAltri)},
		"a_termine.yaml": {Data: []byte(regolaATermine)}}))
})

// TestCatalogoDalleRegole checks that the fields come from the rules, not
// from a list in Go: a new file reading other inputs gets other fields.
func TestCatalogoDalleRegole(t *testing.T) {
	e := motoreProve(t)
	for _, info := range e.Catalogo() {
		if info.ID != "prova" {
			continue
		}
		var nomi []string
		for _, c := range info.Campi {
			nomi = append(nomi, c.Nome)
		}
		// fatti.convenzione, esecuzione.ore_svolte, esecuzione.data_inizio
		// and esecuzione.giornate_lavorate: the embedded Fund rules read
		// them, and every calcolo passes them to them (not the calendar's
		// first session and sessions, which the web page takes from its
		// plan).
		if want := []string{"data", "pena.giorni_lpu", "fatti.comma", "fatti.convenzione", "esecuzione.ore_svolte", "esecuzione.data_inizio", "esecuzione.giornate_lavorate"}; !slices.Equal(nomi, want) {
			t.Errorf("campi = %v; want %v", nomi, want)
		}
		if c, _ := campo(info, "fatti.comma"); !slices.Equal(c.Citati, []string{"x", "y"}) {
			t.Errorf("citati = %v; want [x y]", c.Citati)
		}
		if info.Vigenza.Al != "2030-12-31" {
			t.Errorf("vigenza.al = %q; want 2030-12-31", info.Vigenza.Al)
		}
		return
	}
	t.Fatal("prova not in the catalogue")
}

// TestCatalogoFondo: when Fund rules read the convention, every
// fattispecie asks for it (Evaluate passes fatti.convenzione to them).
func TestCatalogoFondo(t *testing.T) {
	fondo := `id: fondo
tipo: fondo
titolo: Fondo di prova
fonte: art. 1 legge di prova
vigenza: {dal: 2000-01-01}
passi:
  - {id: e, calcola: esito, valore: "convenzione == 'nessuna' ? 'non_ammissibile' : 'ammissibile'", fonte: art. 1, testo: "{esito}"}
`
	// (on the synthetic rules of sintetico_test.go, with and without a
	// Fund file of their own)
	e, err := caricaSintetiche(t, regoleSintetiche(t, "fondo.yaml", fondo))
	if err != nil {
		t.Fatal(err)
	}
	c, ok := campo(e.Catalogo()[0], "fatti.convenzione")
	if !ok || !slices.Equal(c.Valori, []string{"dm2001", "dm88_2015", "dm2023_56bis", "nessuna"}) {
		t.Errorf("fatti.convenzione = %+v, %v; want it with the convention models", c, ok)
	}
	if _, ok := campo(engine(t).Catalogo()[0], "fatti.convenzione"); !ok {
		t.Error("the embedded Fund rules read the convention: every fattispecie must ask for it")
	}
	// Without Fund rules it is not asked.
	e, err = caricaSintetiche(t, regoleSintetiche(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := campo(e.Catalogo()[0], "fatti.convenzione"); ok {
		t.Error("without Fund rules the convention is not asked")
	}
}

// A field that only a rifiuta step reads is asked for when the refusal
// depends on its value, and left out when the step only refuses it being
// given at all.
func TestCatalogoRifiuta(t *testing.T) {
	e := motoreProve(t)
	cat := e.Catalogo()
	i := slices.IndexFunc(cat, func(f lpu.InfoFattispecie) bool { return f.ID == "prova_rifiuta" })
	if i < 0 {
		t.Fatal("prova_rifiuta not in the catalogue")
	}
	for _, tc := range []struct {
		nome string
		in   bool
	}{
		{"fatti.reati_connessi", true},
		{"fatti.sostituzioni_precedenti", true},
		{"pena.multa", false},
		{"pena.giorni_lpu", false},
	} {
		c, ok := campo(cat[i], tc.nome)
		if ok != tc.in {
			t.Errorf("%s in the catalogue = %v; want %v", tc.nome, ok, tc.in)
		}
		if ok && c.Etichetta == "" {
			t.Errorf("%s has no Italian label", tc.nome)
		}
	}
}

// Every declared field of every kind of request has its Italian label,
// and the values it accepts theirs.
func TestVocabolarioEtichette(t *testing.T) {
	e := engine(t)
	for _, tipo := range []string{"calcolo", "fondo", "convenzione", "piano"} {
		campi := e.Campi(tipo)
		if len(campi) == 0 {
			t.Errorf("%s: no declared fields", tipo)
		}
		for _, c := range campi {
			if c.Etichetta == "" {
				t.Errorf("%s.%s: no label", tipo, c.Nome)
			}
			if len(c.Scelte) != len(c.Valori) {
				t.Errorf("%s.%s: %d values, %d labelled", tipo, c.Nome, len(c.Valori), len(c.Scelte))
			}
		}
	}
	if len(e.Gruppi()) == 0 {
		t.Error("no groups for the form")
	}
}

// TestCatalogoEtichette: a rule file's etichette reach the catalogue —
// plain keys as the result's labels, a field's path as that field's
// wording for this fattispecie — and a path that names no field is a
// load problem.
func TestCatalogoEtichette(t *testing.T) {
	e := engine(t)
	for _, f := range e.Catalogo() {
		switch f.ID {
		case "map":
			if got := f.Etichette["esito_si"]; got != "La messa alla prova è ammissibile" {
				t.Errorf("map esito_si = %q", got)
			}
		case "gdp54":
			c, _ := campo(f, "fatti.opposizione_imputato")
			if !strings.HasPrefix(c.Etichetta, "L'imputato non chiede il lavoro di pubblica utilità") {
				t.Errorf("gdp54 fatti.opposizione_imputato = %q; want the fattispecie's own wording", c.Etichetta)
			}
			if _, ok := f.Etichette["fatti.opposizione_imputato"]; ok {
				t.Error("a field's label is in Campi, not among the result's etichette")
			}
		case "cds186":
			c, _ := campo(f, "fatti.opposizione_imputato")
			if c.Etichetta != "L'imputato si oppone alla sostituzione" {
				t.Errorf("cds186 fatti.opposizione_imputato = %q; want the vocabulary's", c.Etichetta)
			}
		}
	}
	fsys := fstest.MapFS{}
	for _, n := range []string{"vocabolario.yaml", "generali.yaml", "cds186.yaml"} {
		b, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		fsys[n] = &fstest.MapFile{Data: b}
	}
	b := fsys["cds186.yaml"].Data
	fsys["cds186.yaml"].Data = []byte(strings.Replace(string(b), "etichette:\n", "etichette:\n  fatti.inesistente: Un campo che non c'è\n", 1))
	if _, err := lpu.Load(context.Background(), fsys); err == nil || !strings.Contains(err.Error(), "fatti.inesistente non è un campo della richiesta calcolo") {
		t.Errorf("Load = %v; want the unknown field refused", err)
	}
}

// TestEsitiFondo holds the Go constants of the Fund's verdicts to the
// values the embedded vocabulary declares for fondo's esito: a Go user
// comparing with them compares with what the rules give.
func TestEsitiFondo(t *testing.T) {
	var dichiarati []string
	for _, u := range engine(t).Uscite("fondo") {
		if u.Nome == "esito" {
			for _, s := range u.Scelte {
				dichiarati = append(dichiarati, s.Valore)
			}
		}
	}
	costanti := []string{lpu.EsitoAmmissibile, lpu.EsitoNonAmmissibile, lpu.EsitoDaVerificare}
	if !slices.Equal(dichiarati, costanti) {
		t.Errorf("esito del Fondo: il vocabolario dichiara %q, le costanti sono %q", dichiarati, costanti)
	}
}

// TestValoriEsportati: the values the convention's rules export in the
// answer's valori are described in the file's order with their labels,
// the code -1 of the posts not checked by its label, and the step that
// shows each; a kind answered by many files (calcolo) has none
// described.
func TestValoriEsportati(t *testing.T) {
	e := engine(t)
	got := e.ValoriEsportati("convenzione")
	var nomi []string
	for _, v := range got {
		nomi = append(nomi, v.Nome)
		if v.Etichetta == "" || !strings.HasPrefix(v.Regola, "convenzione.") {
			t.Errorf("%s: etichetta %q, regola %q", v.Nome, v.Etichetta, v.Regola)
		}
	}
	if want := []string{"ultimo_giorno_recesso", "posto_libero", "posti_liberi", "posti_verificati"}; !slices.Equal(nomi, want) {
		t.Fatalf("ValoriEsportati(convenzione) = %q; want %q", nomi, want)
	}
	got = got[1:]
	if v := got[0]; v.Etichetta != "Posto libero per tutto il periodo" || v.Regola != "convenzione.posto_libero" || v.Nascosto {
		t.Errorf("posto_libero = %+v", v)
	}
	if v := got[1]; !v.Nascosto || len(v.Scelte) != 1 || v.Scelte[0].Valore != "-1" || !strings.HasPrefix(v.Scelte[0].Etichetta, "posti non verificati") {
		t.Errorf("posti_liberi = %+v", v)
	}
	// Each is in the answer's valori.
	res, err := e.Convenzione(context.Background(), &lpu.RichiestaConvenzione{Fattispecie: "cds186", Data: lpu.NewData(2025, 6, 10),
		Convenzione: lpu.Convenzione{Modello: "dm2001", Decorrenza: lpu.NewData(2024, 1, 1), Anni: 5}})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nomi[1:] { // (the last day before a recesso: only with one)
		if _, ok := res.Valori[n]; !ok {
			t.Errorf("valori has no %s: %v", n, res.Valori)
		}
	}
	if v := e.ValoriEsportati("calcolo"); v != nil {
		t.Errorf("ValoriEsportati(calcolo) = %v; want nil", v)
	}
}

// TestValoriEsportatiNascosto: the exported values say hidden the one
// whose step never shows (posti_liberi, mostra: false, as the engine
// compiles it: lpu/internal/motore TestNascosto) and shown the others.
func TestValoriEsportatiNascosto(t *testing.T) {
	nascosti := map[string]bool{}
	for _, v := range engine(t).ValoriEsportati("convenzione") {
		nascosti[v.Nome] = v.Nascosto
	}
	if n, ok := nascosti["posti_liberi"]; !ok || !n {
		t.Errorf("posti_liberi: Nascosto = %v (%v); want true", n, ok)
	}
	if n, ok := nascosti["posto_libero"]; !ok || n {
		t.Errorf("posto_libero: Nascosto = %v (%v); want false", n, ok)
	}
}

// TestCampiValoriFattispecie: a field whose values are fattispecie (the
// engine's fattispecie field, or one ending with it) says so, for a form
// to offer the fattispecie by their titles; no other field does.
func TestCampiValoriFattispecie(t *testing.T) {
	e := engine(t)
	var got []string
	for _, c := range e.Campi("convenzione") {
		if c.ValoriFattispecie {
			got = append(got, c.Nome)
		}
	}
	if want := []string{"fattispecie", "convenzione.fattispecie"}; !slices.Equal(got, want) {
		t.Errorf("convenzione: ValoriFattispecie on %q; want %q", got, want)
	}
}
