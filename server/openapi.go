package server

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

// openapi.json is the document of the API without the schemas of the
// requests and of the answers: the requests' are generated from the
// vocabulary of the rules in use (lpu.Engine.Campi), so that a field
// declared in the rules is documented with its type, bounds, accepted
// values and Italian label, and never written twice; the answers' from
// the Go types that write them (openapi_risposte.go).
//
//go:embed openapi.json
var baseOpenAPI []byte

// schemiRichieste names the schema generated for each kind of request.
var schemiRichieste = map[string]string{
	"calcolo":     "RichiestaCalcolo",
	"fondo":       "RichiestaFondo",
	"convenzione": "RichiestaConvenzione",
	"piano":       "RichiestaPiano",
}

const (
	descrData    = "Data AAAA-MM-GG (Europe/Rome); vuota = non indicata."
	patternData  = `^(\d{4}-\d{2}-\d{2})?$`
	descrImporto = "Importo in euro come testo decimale con il punto: \"1500\", \"1500.50\"."
)

// documentoOpenAPI is the API's document for the rules of e.
func documentoOpenAPI(e *lpu.Engine) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(baseOpenAPI, &doc); err != nil {
		return nil, fmt.Errorf("server: openapi.json: %w", err)
	}
	comp, _ := doc["components"].(map[string]any)
	schemi, _ := comp["schemas"].(map[string]any)
	if schemi == nil {
		return nil, fmt.Errorf("server: openapi.json: components.schemas mancante")
	}
	fatt := fattispecieOpenAPI(e)
	for tipo, nome := range schemiRichieste {
		campi := e.Campi(tipo)
		if len(campi) == 0 {
			return nil, fmt.Errorf("server: il vocabolario delle regole non dichiara la richiesta %s", tipo)
		}
		schemi[nome] = schemaRichiesta(e, campi, fatt)
	}
	schemi["Durata"] = schemaDurata()
	risposte, err := schemiGenerati(e, fatt)
	if err != nil {
		return nil, err
	}
	for nome, s := range risposte {
		if _, ok := schemi[nome]; ok {
			return nil, fmt.Errorf("server: openapi.json: lo schema %s è generato, non va scritto a mano", nome)
		}
		schemi[nome] = s
	}
	return json.Marshal(doc)
}

// fattispecieOpenAPI are the fattispecie of the rules in use (an
// overlay's too), with their titles: the values of the fields that name
// one (lpu.InfoCampo.ValoriFattispecie) and of the answers' fattispecie.
func fattispecieOpenAPI(e *lpu.Engine) []lpu.InfoScelta {
	var out []lpu.InfoScelta
	for _, f := range e.Catalogo() {
		out = append(out, lpu.InfoScelta{Valore: f.ID, Etichetta: f.Titolo})
	}
	return out
}

// valoriFattispecie are the ids of fatt.
func valoriFattispecie(fatt []lpu.InfoScelta) []any {
	out := make([]any, len(fatt))
	for i, f := range fatt {
		out[i] = f.Valore
	}
	return out
}

// schemaDurata is the schema of a request's duration, with the bounds
// the library enforces (calc.DurataMax*).
func schemaDurata() map[string]any {
	membro := func(max int) map[string]any {
		return map[string]any{"type": []string{"integer", "null"}, "minimum": 0, "maximum": max}
	}
	return map[string]any{
		"type":                 "object",
		"description":          "Durata in anni, mesi, giorni (ogni membro può mancare).",
		"additionalProperties": false,
		"properties": map[string]any{
			"anni":   membro(calc.DurataMaxAnni),
			"mesi":   membro(calc.DurataMaxMesi),
			"giorni": membro(calc.DurataMaxGiorni),
		},
	}
}

// schemaRichiesta builds the object schema of a request from its
// declared fields: a dotted name (pena.arresto) is a member of a nested
// object, a member of a list of objects describes its items; a field
// that names fattispecie takes those of fatt.
func schemaRichiesta(e *lpu.Engine, campi []lpu.InfoCampo, fatt []lpu.InfoScelta) map[string]any {
	radice := oggetto()
	radice["type"] = "object"
	sc := &schemi{oggetti: map[string]map[string]any{"": radice}, liste: map[string]map[string]any{}}
	for _, c := range campi {
		padre, nome := "", c.Nome
		if i := strings.LastIndexByte(c.Nome, '.'); i >= 0 {
			padre, nome = c.Nome[:i], c.Nome[i+1:]
		}
		p := sc.contenitore(padre)
		s := schemaCampo(e, c, fatt)
		p["properties"].(map[string]any)[nome] = s
		if c.Obbligatorio {
			p["required"] = append(p["required"].([]string), nome)
		}
		if c.Tipo == "lista" {
			sc.liste[c.Nome] = s
		}
	}
	for _, s := range sc.oggetti {
		if len(s["required"].([]string)) == 0 {
			delete(s, "required")
		}
		if len(s["properties"].(map[string]any)) == 0 {
			delete(s, "properties")
			delete(s, "additionalProperties")
		}
	}
	return radice
}

func oggetto() map[string]any {
	return map[string]any{"type": []string{"object", "null"}, "additionalProperties": false,
		"properties": map[string]any{}, "required": []string{}}
}

// schemi are the object schemas of a request being built, by path, and
// its lists.
type schemi struct {
	oggetti, liste map[string]map[string]any
}

// contenitore is the object schema that holds the members of path: the
// items of a list (whose members are declared as lista.membro), or an
// object made on the way for a member of an undeclared one (pena.arresto
// without pena).
func (sc *schemi) contenitore(path string) map[string]any {
	if s := sc.oggetti[path]; s != nil {
		return s
	}
	s := oggetto()
	sc.oggetti[path] = s
	if l := sc.liste[path]; l != nil {
		l["items"] = s
		return s
	}
	padre, nome := "", path
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		padre, nome = path[:i], path[i+1:]
	}
	sc.contenitore(padre)["properties"].(map[string]any)[nome] = s
	return s
}

func schemaCampo(e *lpu.Engine, c lpu.InfoCampo, fatt []lpu.InfoScelta) map[string]any {
	s := map[string]any{}
	if c.ValoriFattispecie && len(fatt) > 0 { // (their ids, described by their titles)
		c.Valori, c.Scelte = nil, fatt
		for _, f := range fatt {
			c.Valori = append(c.Valori, f.Valore)
		}
	}
	switch c.Tipo {
	case "testo":
		s["type"] = []string{"string", "null"}
		if c.Max > 0 {
			s["maxLength"] = c.Max
		}
		if len(c.Valori) > 0 {
			s["enum"] = append(append([]any{""}, anyDi(c.Valori)...), nil)
		}
	case "intero":
		s["type"] = []string{"integer", "null"}
		s["minimum"] = 0
		if c.Max > 0 {
			s["maximum"] = c.Max
		}
	case "booleano":
		s["type"] = []string{"boolean", "null"}
	case "data":
		s["type"] = []string{"string", "null"}
		s["pattern"] = patternData
		s["examples"] = []string{"2025-06-10"}
	case "importo":
		s["type"] = []string{"string", "null"}
		s["examples"] = []string{"1500"}
	case "durata":
		s["$ref"] = "#/components/schemas/Durata"
	case "lista":
		s["type"] = []string{"array", "null"}
		s["items"] = map[string]any{"type": "string"}
		if c.ValoriFattispecie && len(fatt) > 0 {
			s["items"] = map[string]any{"type": "string", "enum": valoriFattispecie(fatt)}
		}
		if c.Max > 0 {
			s["maxItems"] = c.Max
		}
	case "mappa":
		s["type"] = []string{"object", "null"}
		s["propertyNames"] = map[string]any{"enum": c.Valori}
		v := map[string]any{"type": "integer", "minimum": 0}
		if c.Max > 0 {
			v["maximum"] = c.Max
		}
		s["additionalProperties"] = v
	case "oggetto":
		membri := []lpu.InfoCampo{}
		for _, m := range e.Campi(c.CampiDi) {
			if strings.HasPrefix(m.Nome, c.Nome+".") {
				m.Nome = strings.TrimPrefix(m.Nome, c.Nome+".")
				membri = append(membri, m)
			}
		}
		s = schemaRichiesta(e, membri, fatt)
		s["type"] = []string{"object", "null"}
	}
	s["description"] = descrizione(c)
	return s
}

// descrizione is what the document says of a field: its Italian label,
// its help, the accepted values with theirs, the source, the format.
func descrizione(c lpu.InfoCampo) string {
	parti := []string{c.Etichetta}
	if c.Aiuto != "" {
		parti = append(parti, c.Aiuto)
	}
	if len(c.Scelte) > 0 && c.Tipo != "mappa" {
		var v []string
		for _, sc := range c.Scelte {
			v = append(v, sc.Valore+" = "+sc.Etichetta)
		}
		parti = append(parti, "Valori: "+strings.Join(v, "; "))
	}
	if c.Predefinito != "" {
		parti = append(parti, "Predefinito: "+c.Predefinito)
	}
	if c.Fonte != "" {
		parti = append(parti, "Fonte: "+c.Fonte)
	}
	switch c.Tipo {
	case "data":
		parti = append(parti, descrData)
	case "importo":
		parti = append(parti, descrImporto)
	}
	for i, p := range parti {
		parti[i] = strings.TrimSpace(p)
		if !strings.HasSuffix(parti[i], ".") {
			parti[i] += "."
		}
	}
	return strings.Join(parti, " ")
}

func anyDi(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
