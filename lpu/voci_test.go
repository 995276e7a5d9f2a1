package lpu_test

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lpu-it/lpu/lpu"
)

// reCodiceNeiTesti is a code as the rules write it (dm88_2015,
// protezione_civile, l689_56bis) or one that is a word (map, sociale):
// what no text of an answer may print, outside the «» of a label.
var reCodiceNeiTesti = regexp.MustCompile(`\b[a-z][a-z0-9]*_[a-z0-9_]+\b|\b(?:cds186|cds187|cp165|gdp54|gdp55|map|dipendenze|sociale|ambiente|dm2001)\b`)

// codici are the codes s prints outside «».
func codici(s string) []string {
	return reCodiceNeiTesti.FindAllString(regexp.MustCompile(`«[^»]*»`).ReplaceAllString(s, "«»"), -1)
}

// TestTestiConEtichette: the texts of an answer (reasons, caveats, steps,
// an error's message) write the codes they interpolate by their labels,
// in «», for every user of the engine, not only the web pages: the
// fattispecie by their titles, the model of a convention, its
// activities (an input list, a parameter, a value computed from
// parameters, a list taken from a mappa by its key, those a filter
// keeps) and the accepted values an error lists by their labels; a value
// that is no code (an activity the decrees do not know) as it is, in the
// «» the text gives it, each item in its own.
func TestTestiConEtichette(t *testing.T) {
	e := engine(t)
	titolo := func(id string) string {
		for _, f := range e.Catalogo() {
			if f.ID == id {
				return "«" + f.Titolo + "»"
			}
		}
		t.Fatalf("fattispecie %s sconosciuta", id)
		return ""
	}
	etichetta := func(tipo, campo, codice string) string {
		for _, c := range e.Campi(tipo) {
			if c.Nome == campo {
				for _, sc := range c.Scelte {
					if sc.Valore == codice {
						return "«" + sc.Etichetta + "»"
					}
				}
			}
		}
		t.Fatalf("%s: %s senza etichetta per %s", tipo, campo, codice)
		return ""
	}
	attivita := func(c string) string { return etichetta("convenzione", "convenzione.attivita", c) }
	convenzione := func(body string) (*lpu.RisultatoConvenzione, error) {
		var r lpu.RichiestaConvenzione
		if err := lpu.DecodeBytes([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		return e.Convenzione(context.Background(), &r)
	}
	res, err := convenzione(`{"fattispecie":"gdp54","data":"2025-06-10","convenzione":{"modello":"dm2001","decorrenza":"2024-01-01","anni":5,"fattispecie":["cds186"],"attivita":["sociale","dipendenze"]}}`)
	if err != nil {
		t.Fatal(err)
	}
	testi := append(append([]string(nil), res.Motivi...), res.Avvertenze...)
	for _, p := range res.Passi {
		testi = append(testi, p.Testo)
	}
	tutto := strings.Join(testi, "\n")
	for _, want := range []string{
		"la convenzione elenca le fattispecie " + titolo("cds186") + ": non la fattispecie " + titolo("gdp54"),
		"Tipologie di attività ammesse dal " + etichetta("convenzione", "convenzione.modello", "dm2001") + " per la fattispecie " + titolo("gdp54") + ": " + attivita("sociale") + ", " + attivita("protezione_civile") + ", ",
		"le attività " + attivita("dipendenze") + " non sono tra quelle",
	} {
		if !strings.Contains(tutto, want) {
			t.Errorf("the texts do not say %q:\n%s", want, tutto)
		}
	}
	if c := codici(tutto); len(c) > 0 {
		t.Errorf("the texts print the codes %q:\n%s", c, tutto)
	}

	// an activity the decrees do not know is quoted as given, each on
	// its own; the known ones are listed by their labels, each followed
	// by the code a request writes (a refusal: its reader writes one)
	_, err = convenzione(`{"fattispecie":"gdp54","data":"2025-06-10","convenzione":{"modello":"dm2001","decorrenza":"2024-01-01","anni":5,"attivita":["giardinaggio","pesca"]}}`)
	var le *lpu.Error
	if !errors.As(err, &le) || le.Field != "convenzione.attivita" {
		t.Fatalf("got %v, want an error on convenzione.attivita", err)
	}
	if want := "non riconosciuta: «giardinaggio», «pesca»; le tipologie sono " + attivita("sociale") + " (sociale), "; !strings.Contains(le.Message, want) {
		t.Errorf("got %q, want it to say %q", le.Message, want)
	}

	// the accepted values an error lists: each by its label, then as a
	// request writes it (its field stays the path)
	_, err = convenzione(`{"fattispecie":"gdp54","data":"2025-06-10","convenzione":{"decorrenza":"2024-01-01","anni":5}}`)
	if !errors.As(err, &le) || le.Field != "convenzione.modello" {
		t.Fatalf("got %v, want an error on convenzione.modello", err)
	}
	if want := "uno di " + etichetta("convenzione", "convenzione.modello", "dm2001") + " (dm2001), "; !strings.Contains(le.Message, want) {
		t.Errorf("got %q, want it to say %q", le.Message, want)
	}
	_, err = e.Run(context.Background(), "calcolo", json.RawMessage(`{"fattispecie":"cds168","data":"2025-06-10"}`))
	if !errors.As(err, &le) || le.Field != "fattispecie" {
		t.Fatalf("got %v, want an error on fattispecie", err)
	}
	if want := titolo("map") + " (map)"; !strings.Contains(le.Message, want) {
		t.Errorf("got %q, want %q: the title, and the id to write", le.Message, want)
	}
}

// TestTestoConEtichetteLimitato: a code written by its label takes more
// room than the code (nessuna is «nessuna convenzione»), so a text of
// an overlay that writes a long list of codes is bounded as a whole
// (motore.MaxTestoScritto): a parameter's, written at load, is a problem
// of the rule file at the placeholder; a computed value's, written at
// each evaluation, fails that evaluation (regola_fallita), rather than
// answering with a text of megabytes. Here 3000 codes: 27 KB as written,
// 69 KB by their labels. (An overlay of the synthetic rules: the labels
// are the real vocabulary's, the bound the engine's.)
func TestTestoConEtichetteLimitato(t *testing.T) {
	lista := strings.TrimSuffix(strings.Repeat("nessuna, ", 3000), ", ")
	file := func(testo string) string {
		return `id: lunga
tipo: calcolo
titolo: Una lista lunga
fonte: prova
vigenza: {dal: 2020-01-01}
parametri:
  modelli:
    tipo: lista
    etichetta: Modelli
    fonte: prova
    valore: [` + lista + `]
passi:
  - id: elenco
    calcola: elenco
    valore: legge.modelli
    fonte: prova
    testo: "Il totale."
  - id: giorni
    calcola: giorni
    valore: pena.giorni_lpu
    fonte: prova
    testo: "` + testo + `"
  - id: ore
    calcola: ore
    valore: giorni * 2
    fonte: prova
    testo: "{ore} ore."
  - id: max
    calcola: ore_giornaliere_max
    valore: 8
    fonte: prova
    testo: "Al più {ore_giornaliere_max} ore al giorno."
`
	}
	carica := func(testo string) (*lpu.Engine, error) {
		return lpu.Load(context.Background(), lpu.Overlay(regoleSintetiche(t), lpu.Layer("mie", fstest.MapFS{"lunga.yaml": {Data: []byte(file(testo))}})))
	}
	if _, err := carica("{giorni} giorni: {legge.modelli}"); err == nil || !strings.Contains(err.Error(), "mie/lunga.yaml:22:") || !strings.Contains(err.Error(), "passi[1].testo") {
		t.Errorf("a parameter of 3000 codes written by their labels: Load = %v; want a problem of passi[1].testo at mie/lunga.yaml:22", err)
	}
	e, err := carica("{giorni} giorni: {elenco}")
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.Calcolo(context.Background(), &lpu.Richiesta{Fattispecie: "lunga", Data: lpu.Data{Time: time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC)}, Pena: lpu.Pena{GiorniLPU: 10}})
	if got := lpu.AsError(err); got == nil || got.Code != "regola_fallita" {
		n := 0
		if v != nil {
			for _, p := range v.Passi {
				n = max(n, len(p.Testo))
			}
		}
		t.Errorf("a computed value of 3000 codes written by their labels: error %v, longest text %d bytes; want regola_fallita", err, n)
	}
}
