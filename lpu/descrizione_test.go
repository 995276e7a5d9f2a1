package lpu_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// percorsoRe finds a field path (fatti.comma, legge.x) in a text.
var percorsoRe = regexp.MustCompile(`\b(fatti|pena|opzioni|esecuzione|legge|piano)\.[a-z_]+`)

// percorsi are the first field paths in testo: percorsoRe's matches,
// looked for only when one of its words is followed by a dot (a scan of
// the long text by the regexp costs a third of the test under -race).
func percorsi(testo string) []string {
	for _, p := range []string{"fatti.", "pena.", "opzioni.", "esecuzione.", "legge.", "piano."} {
		if strings.Contains(testo, p) {
			return percorsoRe.FindAllString(testo, 5)
		}
	}
	return nil
}

// TestDescrizione: every fattispecie reads as a judge reads it: steps with
// conditions in words, parameters with dated values and sources, worked
// examples computed now, Normattiva links, no field path and no CEL.
func TestDescrizione(t *testing.T) {
	e := engine(t)
	var cds186 *lpu.DescrizioneFattispecie
	for i, id := range e.Fattispecie() {
		// Under -race one fattispecie in campioneDescrizioni, and cds186:
		// a description is built and read one after the other, nothing
		// the race detector could find; make test describes them all
		// without -race (DIFFERENZIALI), as go test ./... does.
		if raceAttivo && i%campioneDescrizioni != 0 && id != "cds186" {
			continue
		}
		d := descritta(t, id)
		if id == "cds186" {
			cds186 = d
		}
		b, _ := json.Marshal(d)
		if os.Getenv("LPU_DESCRIZIONE") == id {
			os.Stdout.Write(b)
		}
		testo := string(b)
		if m := percorsi(testo); len(m) > 0 {
			t.Errorf("%s: field paths in the description: %v", id, m)
		}
		for _, cel := range []string{"&&", "||", "!=", "==", "durata(0", "plurale (", "%d"} {
			if strings.Contains(testo, cel) {
				t.Errorf("%s: CEL %q in the description", id, cel)
			}
		}
		if m := maleScrittoRe.FindString(testo); m != "" {
			t.Errorf("%s: %q in the description: «di» not joined with the article, or a sentence glued to the text before it", id, m)
		}
		for _, es := range d.Esempi {
			if m := idRe.FindString(es.Nome); m != "" {
				t.Errorf("%s: the example %q shows the name %q", id, es.Nome, m)
			}
		}
		for _, p := range d.Parametri {
			if p.Etichetta == "" {
				t.Errorf("%s: the parameter «%s» has no label", id, p.Nome)
			}
		}
		// each says what its law excludes (etichette.azione_esclude), not
		// the neutral default
		for _, p := range d.Passi {
			if p.Tipo == "esclude" && (p.Azione == "Esclude quando" || !strings.HasPrefix(p.Azione, "Esclude ")) {
				t.Errorf("%s: an esclude step does %q", id, p.Azione)
			}
		}
		if len(d.Passi) == 0 || len(d.Parametri) == 0 || len(d.Esempi) == 0 {
			t.Errorf("%s: %d steps, %d parameters, %d examples", id, len(d.Passi), len(d.Parametri), len(d.Esempi))
		}
		if !strings.Contains(testo, "https://www.normattiva.it/uri-res/N2Ls?urn:nir:") {
			t.Errorf("%s: no Normattiva link", id)
		}
	}
	d := cds186
	if d == nil {
		t.Fatal("no cds186 among the fattispecie")
	}
	if d.Esempi[0].Giorni != 51 || d.Esempi[0].Ore != 102 {
		t.Errorf("first example of cds186: %+v; want 51 days, 102 hours", d.Esempi[0])
	}
	// an amount is written with its unit, and its label does not repeat it
	if want := (lpu.CoppiaTesto{Etichetta: "Ammenda", Valore: "€ 1.500"}); !slices.Contains(d.Esempi[0].Dati, want) {
		t.Errorf("the data of the first example of cds186: %+v; want %+v", d.Esempi[0].Dati, want)
	}
	var link []string
	for _, p := range d.Fonte {
		link = append(link, p.Indirizzo)
	}
	if want := "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:1992-04-30;285~art186"; !strings.Contains(strings.Join(link, " "), want) {
		t.Errorf("the source of cds186 links %v; want %s", link, want)
	}
}

// TestDescrizioneAltreRegole: the rule files of the kinds a single file
// answers, the Fund's and the convention's, read as a fattispecie's do:
// the data of their request by their labels, their parameters by their
// labels, steps and caveats in words with their sources, and their
// suite's cases computed now with their own kind of request; a
// fattispecie's description says nothing of theirs.
func TestDescrizioneAltreRegole(t *testing.T) {
	e := engine(t)
	var ids []string
	for _, a := range e.AltreRegole() {
		ids = append(ids, a.ID+":"+a.Tipo)
		if a.Titolo == "" || a.Fonte == "" || a.Vigenza.Dal == "" {
			t.Errorf("AltreRegole: %+v", a)
		}
	}
	if got, want := strings.Join(ids, " "), "fondo:fondo convenzione:convenzione"; got != want {
		t.Errorf("AltreRegole = %s; want %s", got, want)
	}
	altri := regexp.MustCompile(`\b(convenzione|periodo|posti|sedi)\.[a-z_]+|\bdata_inizio\b`)
	descritte := map[string]*lpu.DescrizioneFattispecie{}
	for _, id := range []string{"fondo", "convenzione"} {
		d := descrizioneAltre(t)[id]
		descritte[id] = d
		if d.ID != id || d.Tipo != id {
			t.Errorf("%s: id %q, tipo %q", id, d.ID, d.Tipo)
		}
		b, _ := json.Marshal(d)
		testo := string(b)
		if m := percorsi(testo); len(m) > 0 {
			t.Errorf("%s: field paths in the description: %v", id, m)
		}
		if m := altri.FindAllString(testo, 5); len(m) > 0 {
			t.Errorf("%s: field paths of its request in the description: %v", id, m)
		}
		for _, cel := range []string{"&&", "||", "!=", "==", "durata(0", "plurale (", "%d"} {
			if strings.Contains(testo, cel) {
				t.Errorf("%s: CEL %q in the description", id, cel)
			}
		}
		if len(d.Passi) == 0 || len(d.Avvertenze) == 0 || len(d.Parametri) == 0 || len(d.Esempi) < 10 || len(d.Campi) == 0 {
			t.Errorf("%s: %d steps, %d caveats, %d parameters, %d examples, %d data", id, len(d.Passi), len(d.Avvertenze), len(d.Parametri), len(d.Esempi), len(d.Campi))
		}
		for _, p := range d.Parametri {
			if p.Etichetta == "" {
				t.Errorf("%s: the parameter «%s» has no label", id, p.Nome)
			}
		}
		for _, p := range d.Passi {
			if p.Tipo == "esclude" && p.Azione != "Dà esito negativo quando" {
				t.Errorf("%s: an esclude step does %q", id, p.Azione)
			}
		}
		for _, es := range d.Esempi {
			if es.Errore == "" && es.Esito == "" && es.Valida == nil {
				t.Errorf("%s: the example %q has no outcome", id, es.Nome)
			}
		}
		if !strings.Contains(testo, "https://www.normattiva.it/uri-res/N2Ls?urn:nir:") {
			t.Errorf("%s: no Normattiva link", id)
		}
	}
	f := descritte["fondo"]
	x := f.Esempi[0]
	if x.Esito != "ammissibile" || x.EsitoTesto != "ammissibile al Fondo" || x.RichiestaEntro != "22/11/2024" || x.PremioStimato != "€ 489,60" || len(x.Motivi) == 0 {
		t.Errorf("first example of the Fund: %+v; want ammissibile, by 22/11/2024, € 489,60, with its reasons", x)
	}
	if want := (lpu.CoppiaTesto{Etichetta: "Fattispecie", Valore: "Lavoro di pubblica utilità sostitutivo (art. 56-bis L. 689/1981)"}); len(x.Dati) == 0 || x.Dati[0] != want {
		t.Errorf("first example of the Fund: data %q; want first %q", x.Dati, want)
	}
	if f.Campi[0].Etichetta != "Fattispecie" || f.Campi[1].Etichetta != "Primo giorno di lavoro" {
		t.Errorf("the Fund's data: %+v", f.Campi)
	}
	c := descritte["convenzione"].Esempi[0]
	if c.Valida == nil || !*c.Valida || c.Scadenza != "28/02/2026" {
		t.Errorf("first example of the convention: %+v; want valid until 28/02/2026", c)
	}
	// A fattispecie's description has no kind and its examples none of
	// the other kinds' answers: its JSON is what it was.
	b, _ := json.Marshal(descritta(t, "cds186"))
	for _, k := range []string{`"tipo":"calcolo"`, `"esito"`, `"valida"`, `"scadenza"`, `"richiesta_entro"`, `"premio_stimato"`, `"esito_testo"`} {
		if strings.Contains(string(b), k) {
			t.Errorf("cds186: %s in its description", k)
		}
	}
}

// maleScrittoRe finds «di» before an article («più di i giorni») and a
// conditional glued to the text before it («c.p.se («…»).
var maleScrittoRe = regexp.MustCompile(`\bdi (i|il|lo|la|gli|le) |\bdi l'|[a-z]\.(se|\[se) `)

// idRe finds a name of the rules (giorni_pena) in a text.
var idRe = regexp.MustCompile(`\b[a-z]+_[a-z_0-9]+\b`)

// campioneDescrizioni: under -race, TestDescrizione describes one
// fattispecie in so many (and cds186).
const campioneDescrizioni = 3

// TestFonte: acts and articles become links, the rest stays text.
func TestFonte(t *testing.T) {
	e := engine(t)
	p := e.Fonte("art. 54 c.5 d.lgs. 274/2000, richiamato dall'art. 186 c.9-bis d.lgs. 285/1992; art. 14 c.p.; art. 550 c.p.p.; art. 56-bis L. 689/1981; Cass. 24510/2025")
	var got []string
	for _, x := range p {
		if x.Indirizzo != "" {
			got = append(got, x.Testo+" → "+strings.TrimPrefix(x.Indirizzo, "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:"))
		}
	}
	want := []string{
		"art. 54 c.5 d.lgs. 274/2000 → decreto.legislativo:2000-08-28;274~art54",
		"art. 186 c.9-bis d.lgs. 285/1992 → decreto.legislativo:1992-04-30;285~art186",
		"art. 14 c.p. → regio.decreto:1930-10-19;1398:1~art14",
		"art. 550 c.p.p. → decreto.del.presidente.della.repubblica:1988-09-22;447~art550",
		"art. 56-bis L. 689/1981 → legge:1981-11-24;689~art56bis",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("links:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var tutto strings.Builder
	for _, x := range p {
		tutto.WriteString(x.Testo)
	}
	if !strings.HasSuffix(tutto.String(), "; Cass. 24510/2025") {
		t.Errorf("the text is not kept whole: %q", tutto.String())
	}
}

// descritta is the description of the fattispecie id by the test
// engine, made once for the tests that only read it: a description
// computes every example of the file's suite, a third of a second of
// CPU under -race for cds186, which three tests read.
func descritta(t testing.TB, id string) *lpu.DescrizioneFattispecie {
	t.Helper()
	una, _ := descritteUna.LoadOrStore(id, sync.OnceValues(func() (*lpu.DescrizioneFattispecie, error) {
		e, err := lpu.MotoreProva()
		if err != nil {
			return nil, err
		}
		return e.Descrizione(context.Background(), id)
	}))
	d, err := una.(func() (*lpu.DescrizioneFattispecie, error))()
	if err != nil {
		t.Fatalf("Descrizione(%q): %v", id, err)
	}
	return d
}

var descritteUna sync.Map // id → the func of sync.OnceValues that describes it

// descrizioneAltre are the descriptions of the other rule files (the
// Fund's, the convention's) by the test engine, made once for the tests
// that only read them: a description computes every example of the
// file's suite, some 0.2 s of CPU under -race.
func descrizioneAltre(t *testing.T) map[string]*lpu.DescrizioneFattispecie {
	t.Helper()
	d, err := descrizioneAltreUna()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var descrizioneAltreUna = sync.OnceValues(func() (map[string]*lpu.DescrizioneFattispecie, error) {
	e, err := lpu.MotoreProva()
	if err != nil {
		return nil, err
	}
	out := map[string]*lpu.DescrizioneFattispecie{}
	for _, r := range e.AltreRegole() {
		d, err := e.Descrizione(context.Background(), r.ID)
		if err != nil {
			return nil, fmt.Errorf("Descrizione(%q): %v", r.ID, err)
		}
		out[r.ID] = d
	}
	return out, nil
})

// TestDescrizioneDalMotore: the values the engine computes for the rules
// of the Fund and of the conventions (posti.liberi, inizio_dalla_data)
// are listed with their labels among the data the rules read, and the
// words of the steps name them by those labels, never by their names
// («posti liberi», «inizio dalla data»).
func TestDescrizioneDalMotore(t *testing.T) {
	e := engine(t)
	n := 0
	for _, r := range e.AltreRegole() {
		d := descrizioneAltre(t)[r.ID]
		nomi := lpu.CalcolatiDalMotore(r.Tipo)
		n += len(nomi)
		if len(d.DalMotore) != len(nomi) {
			t.Errorf("%s: %d values computed by the engine described; the engine computes %v", r.ID, len(d.DalMotore), nomi)
		}
		for _, c := range d.DalMotore {
			if c.Etichetta == "" || strings.ContainsAny(c.Etichetta, "._") {
				t.Errorf("%s: label %q", r.ID, c.Etichetta)
			}
		}
		var testi []string
		for _, p := range slices.Concat(d.Passi, d.Avvertenze) {
			testi = append(testi, p.Nome, p.Valore, p.Condizione, p.Se, p.Mostra, p.Testo, p.TestoNo)
		}
		testo := strings.Join(testi, "\n")
		for _, nome := range nomi {
			for _, s := range []string{nome, "«" + strings.NewReplacer("_", " ", ".", " ").Replace(nome) + "»"} {
				if strings.Contains(testo, s) {
					t.Errorf("%s: the steps name %s as %s", r.ID, nome, s)
				}
			}
		}
	}
	if n < 8 {
		t.Errorf("%d values computed by the engine for the rules: want at least 8 (posti.*, inizio_dalla_data)", n)
	}
}
