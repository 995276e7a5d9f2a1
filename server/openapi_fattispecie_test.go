package server

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// TestOpenAPIFattispecie: /openapi.json names the fattispecie of the
// rules in use, an overlay's too, where a request gives one (an enum,
// and their titles in the description) and where an answer carries one
// (review 39: fattispecie was a plain string).
func TestOpenAPIFattispecie(t *testing.T) {
	overlay := fstest.MapFS{"prova.yaml": {Data: []byte(`id: prova
tipo: calcolo
titolo: Una fattispecie di prova
fonte: art. 1 legge di prova
vigenza: {dal: 2020-01-01}
passi:
  - {id: g, calcola: giorni, valore: pena.giorni_lpu, fonte: art. 1, testo: "{giorni} giorni"}
  - {id: o, calcola: ore, valore: giorni * legge.ore_per_giorno, fonte: art. 54 c.5 d.lgs. 274/2000, testo: "{ore} ore"}
  - {id: m, calcola: ore_giornaliere_max, valore: legge.ore_giornaliere_max, fonte: art. 54 c.4, testo: "{ore_giornaliere_max} ore al giorno"}
`)}}
	e, err := lpu.Load(context.Background(), lpu.Overlay(rules.FS, lpu.Layer("overlay", overlay)))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := documentoOpenAPI(e)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum        []any          `json:"enum"`
					Description string         `json:"description"`
					Items       map[string]any `json:"items"`
					Properties  map[string]struct {
						Items struct {
							Enum []any `json:"enum"`
						} `json:"items"`
					} `json:"properties"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	sc := doc.Components.Schemas
	for _, m := range []string{"RichiestaCalcolo", "RichiestaFondo", "RichiestaConvenzione", "RichiestaPiano", "Risultato", "RisultatoPiano", "InfoFattispecie.id"} {
		schema, membro, ok := strings.Cut(m, ".")
		if !ok {
			membro = "fattispecie"
		}
		p := sc[schema].Properties[membro]
		for _, id := range append(e.Fattispecie(), "prova") {
			if !slices.Contains(p.Enum, any(id)) {
				t.Errorf("%s.%s: enum %v without %s", schema, membro, p.Enum, id)
			}
		}
		if !strings.Contains(p.Description, "prova = Una fattispecie di prova") || !strings.Contains(p.Description, "cds186 = Guida sotto l'influenza dell'alcool") {
			t.Errorf("%s.%s: description %q without the titles", schema, membro, p.Description)
		}
	}
	if got := sc["RichiestaConvenzione"].Properties["convenzione"].Properties["fattispecie"].Items.Enum; !slices.Contains(got, any("prova")) || !slices.Contains(got, any("map")) {
		t.Errorf("RichiestaConvenzione.convenzione.fattispecie: items' enum %v; want the fattispecie", got)
	}
}
