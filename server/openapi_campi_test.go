package server

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestOpenAPICampiRichieste: every field the engine accepts in a request
// is described in the served document. The request schemas are generated
// from the vocabulary and forbid other properties, so a field of a Go
// type missing there would make a client that follows the spec refuse a
// valid request (it happened with the Fund and convention extensions,
// when the document was written by hand).
func TestOpenAPICampiRichieste(t *testing.T) {
	raw := serverProva(t).regole().openapi
	var doc struct {
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	// Fields computed by the engine and refused in a request.
	calcolati := map[string]bool{"RichiestaConvenzione.posti": true}
	for nome, tipo := range map[string]reflect.Type{
		"RichiestaCalcolo":     reflect.TypeOf(lpu.Richiesta{}),
		"RichiestaFondo":       reflect.TypeOf(lpu.RichiestaFondo{}),
		"RichiestaConvenzione": reflect.TypeOf(lpu.RichiestaConvenzione{}),
		"RichiestaPiano":       reflect.TypeOf(lpu.RichiestaPiano{}),
	} {
		schema, ok := doc.Components.Schemas[nome]
		if !ok {
			t.Errorf("openapi.json: manca lo schema %s", nome)
			continue
		}
		confrontaCampi(t, nome, tipo, schema, calcolati)
	}
}

func confrontaCampi(t *testing.T, percorso string, tipo reflect.Type, schema map[string]any, calcolati map[string]bool) {
	t.Helper()
	for tipo.Kind() == reflect.Slice || tipo.Kind() == reflect.Pointer {
		tipo = tipo.Elem()
		if items, ok := schema["items"].(map[string]any); ok {
			schema = items
		}
	}
	if tipo.Kind() != reflect.Struct || tipo == reflect.TypeOf(lpu.Data{}) || tipo == reflect.TypeOf(lpu.Importo{}) || tipo == reflect.TypeOf(lpu.Durata{}) {
		return
	}
	props, _ := schema["properties"].(map[string]any)
	if props == nil && schema["additionalProperties"] != false {
		return // an open object accepts every field
	}
	for i := 0; i < tipo.NumField(); i++ {
		f := tipo.Field(i)
		nome, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if nome == "" || nome == "-" || calcolati[percorso+"."+nome] {
			continue
		}
		sub, ok := props[nome].(map[string]any)
		if !ok {
			t.Errorf("openapi.json: %s.%s manca (campo %s.%s)", percorso, nome, tipo.Name(), f.Name)
			continue
		}
		confrontaCampi(t, percorso+"."+nome, f.Type, sub, calcolati)
	}
}

// TestOpenAPIFormatoDate: the description of a date says the API's
// format alone: the help of the form said «Formato gg/mm/aaaa» before
// the document's «Data AAAA-MM-GG», and the API refuses gg/mm/aaaa.
func TestOpenAPIFormatoDate(t *testing.T) {
	var doc any
	if err := json.Unmarshal(serverProva(t).regole().openapi, &doc); err != nil {
		t.Fatal(err)
	}
	var visita func(v any)
	visita = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if d, ok := x["description"].(string); ok && strings.Contains(d, "AAAA-MM-GG") && strings.Contains(strings.ToLower(d), "gg/mm/aaaa") {
				t.Errorf("description says two formats: %s", d)
			}
			for _, m := range x {
				visita(m)
			}
		case []any:
			for _, m := range x {
				visita(m)
			}
		}
	}
	visita(doc)
}
