package server

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/lpu-it/lpu/lpu"
)

// The schemas of the answers are generated from the Go types that write
// them (their json tags), as the requests' are from the vocabulary: a
// member added to a public answer type is in /openapi.json with no JSON
// written by hand. The reflection is github.com/invopop/jsonschema's:
// its Reflector maps the types whose JSON is not their Go shape (Data,
// Importo, Limite) through a Mapper, so package lpu needs no method and
// no import for it; only the server, which serves the document, depends
// on it.

// Catalogo is the body of GET /api/v1/fattispecie.
type Catalogo struct {
	Fattispecie []lpu.InfoFattispecie `json:"fattispecie"`
	Ricevuta    lpu.Ricevuta          `json:"ricevuta"`
}

// schemiRisposte names the schema of each answer, by the Go type that
// writes it. The types they hold are named as in Go, but for those in
// nomiSchemi.
var schemiRisposte = []struct {
	nome string
	tipo reflect.Type
}{
	{"Risultato", reflect.TypeFor[lpu.Risultato]()},
	{"RisultatoFondo", reflect.TypeFor[lpu.RisultatoFondo]()},
	{"RisultatoConvenzione", reflect.TypeFor[lpu.RisultatoConvenzione]()},
	{"RisultatoPiano", reflect.TypeFor[lpu.RisultatoPiano]()},
	{"EsitoLotto", reflect.TypeFor[lpu.EsitoLotto]()},
	{"Catalogo", reflect.TypeFor[Catalogo]()},
	{"Salute", reflect.TypeFor[Salute]()},
	{"Errore", reflect.TypeFor[lpu.ErrorBody]()},
}

// nomiSchemi are the names of the schemas whose Go type is named
// otherwise: the error answer is Errore (as the document always had it),
// the error in it DettaglioErrore.
var nomiSchemi = map[reflect.Type]string{
	reflect.TypeFor[lpu.ErrorBody](): "Errore",
	reflect.TypeFor[lpu.Error]():     "DettaglioErrore",
	reflect.TypeFor[lpu.Problem]():   "Problema",
}

// mappaTipo is the schema of the types whose JSON is not their Go
// shape: a date and an amount are strings, a limit a number or null, a
// duration the request's Durata.
func mappaTipo(t reflect.Type) *jsonschema.Schema {
	switch t {
	case reflect.TypeFor[lpu.Data]():
		return &jsonschema.Schema{Type: "string", Pattern: patternData, Description: descrData}
	case reflect.TypeFor[lpu.Importo]():
		return &jsonschema.Schema{Type: "string", Pattern: `^-?\d+(\.\d{1,2})?$`, Description: descrImporto}
	case reflect.TypeFor[lpu.Limite]():
		return &jsonschema.Schema{Extras: map[string]any{"type": []string{"integer", "null"}}}
	case reflect.TypeFor[lpu.Durata]():
		return &jsonschema.Schema{Ref: "#/$defs/Durata"}
	}
	return nil
}

// ritocchi are what the Go types cannot say: the Italian descriptions
// (the Go doc comments are in English, for Go programmers), the values
// a text member takes, the shape of a text. Each is merged into the
// generated schema of a member ("Schema.membro") or of a schema; a key
// that names no generated member fails the load (TestOpenAPIRitocchi),
// so a renamed member cannot leave its description behind.
var ritocchi = map[string]map[string]any{
	"Risultato.valori":            {"description": "Valori esportati dalle regole (esporta: true)."},
	"RisultatoFondo.valori":       {"description": "Valori esportati dalle regole (esporta: true)."},
	"RisultatoConvenzione.valori": {"description": "Valori esportati dalle regole (esporta: true)."},
	"RisultatoPiano.termine":      {"description": "per map: sottoscrizione del verbale + durata_mesi; altrimenti vuoto, e vuoto anche per le sole ore ancora da svolgere (ore_svolte) senza data_verbale"},
	"EsitoLotto.riga":             {"description": "riga del CSV (intestazione = 1) o posizione nell'array JSON; 0 per l'esito finale lotto_interrotto"},
	"EsitoLotto.tipo":             {"enum": []string{"calcolo", "fondo", "convenzione", "lotto", ""}, "description": "tipo di richiesta della riga; vuoto se la riga ne chiede uno non ammesso (il messaggio dell'errore riporta quello scritto); lotto solo per l'esito finale (riga 0, codice lotto_interrotto) di un lotto fermato prima della fine"},
	"EsitoLotto.esito":            {"enum": []string{"ok", "errore"}},
	"EsitoLotto.risultato":        {"anyOf": []any{rif("Risultato"), rif("RisultatoFondo"), rif("RisultatoConvenzione")}, "description": "La risposta del tipo di richiesta della riga, quando esito = ok."},
	"InfoFattispecie.campi":       {"description": "Campi della richiesta calcolo letti dalle regole della fattispecie."},
	"InfoFattispecie.domanda_gip": {"description": "I fatti del caso che la domanda al giudice per le indagini preliminari comporta (dopo un decreto penale di condanna), per percorso del campo: il caso della domanda è calcolato con questi valori."},
	"InfoVigenza.al":              {"description": "vuota se in vigore"},
	"Ricevuta.regole":             {"pattern": "^sha256:[0-9a-f]{64}$"},
	"Residuo.ammenda":             {"pattern": `^\d+\.\d{2}$`},
	"DettaglioErrore.messaggio":   {"description": "Messaggio in italiano."},
	"DettaglioErrore.campo":       {"description": "Percorso del campo, es. pena.ammenda."},
	"Salute.stato":                {"enum": []string{"ok", "regole_precedenti"}},
	"EsitoRicarica.esito":         {"enum": []string{"ok", "errore"}},

	// the plan of the hours left after hours served (ore_svolte)
	"RisultatoPiano.richiesta_inail_entro":            {"description": "ultimo giorno per chiedere all'INAIL la copertura, contato dalla prima sessione; vuoto con ore_svolte (il lavoro è già iniziato: la copertura va chiesta prima del suo primo giorno) e con copertura_inail_dal (l'INAIL ha comunicato l'attivazione: la richiesta è già stata presentata)"},
	"RisultatoPiano.richiesta_inail_nuovo_ente_entro": {"description": "solo con ore_svolte: ultimo giorno per chiedere all'INAIL la copertura se le ore ancora da svolgere si svolgono presso un altro ente, contato dalla prima sessione"},
	"RisultatoPiano.ore_svolte":                       {"description": "le ore già svolte della richiesta, se più di zero: ore sono quelle ancora da svolgere, e il file di calendario e il registro contano l'intero lavoro"},
}

// usciteRisposte are the members of the answers that carry an output
// of the rules ("tipo.uscita", as the vocabulary declares it under
// richieste.<tipo>.uscite): its label (and its values' labels) is their
// description, as a field's is a request's, the values it declares
// their enum, its bounds (min, max) their minimum and maximum, so an
// overlay that declares one more value or another bound, or words the
// label otherwise, documents it with no Go change. The members of
// EsitoLotto (tipo, esito) are the protocol's, not the law's: their
// values stay in ritocchi.
var usciteRisposte = map[string][]string{
	"fondo.esito":                    {"EsitoFondo.esito", "RisultatoFondo.esito"},
	"fondo.richiesta_entro":          {"EsitoFondo.richiesta_entro", "RisultatoFondo.richiesta_entro"},
	"fondo.premio_stimato":           {"EsitoFondo.premio_stimato", "RisultatoFondo.premio_stimato"},
	"convenzione.scadenza":           {"RisultatoConvenzione.scadenza"},
	"calcolo.residuo_ammenda":        {"Residuo.ammenda"},
	"calcolo.residuo_criterio":       {"Residuo.criterio"},
	"calcolo.giorni":                 {"Risultato.giorni"},
	"calcolo.ore":                    {"Risultato.ore"},
	"calcolo.ore_settimanali_min":    {"Limiti.ore_settimanali_min"},
	"calcolo.ore_settimanali_max":    {"Limiti.ore_settimanali_max"},
	"calcolo.ore_giornaliere_max":    {"Limiti.ore_giornaliere_max"},
	"calcolo.durata_mesi_max":        {"Limiti.durata_mesi_max"},
	"calcolo.settimane_min":          {"Settimane.min"},
	"calcolo.settimane_max":          {"Settimane.max"},
	"calcolo.residuo_ore":            {"Residuo.ore"},
	"calcolo.residuo_giorni_pena":    {"Residuo.giorni_pena"},
	"calcolo.residuo_giorni_arresto": {"Residuo.giorni_arresto"},
}

// fattispecieRisposte are the members of the answers that carry the id
// of a fattispecie of the rules: their enum is the rules' (an overlay's
// too), as the requests' fields that name one. (EsitoLotto.fattispecie
// echoes a name a row wrote, known or not.)
var fattispecieRisposte = []string{"Risultato.fattispecie", "RisultatoPiano.fattispecie", "InfoFattispecie.id"}

// schemaUscita is what the vocabulary says of an output of a kind of
// request, as JSON Schema keywords (description, enum, minimum,
// maximum); nil if it declares no such output. A bound leaves null
// valid where the member may be null (a Limite).
func schemaUscita(e *lpu.Engine, tipo, nome string) map[string]any {
	for _, x := range e.Uscite(tipo) {
		if x.Nome != nome {
			continue
		}
		s := map[string]any{"description": descrizione(lpu.InfoCampo{Etichetta: x.Etichetta, Aiuto: x.Aiuto, Scelte: x.Scelte})}
		var valori []string
		for _, c := range x.Scelte {
			valori = append(valori, c.Valore)
		}
		if len(valori) > 0 {
			s["enum"] = valori
		}
		if x.Min != nil {
			s["minimum"] = *x.Min
		}
		if x.Max != nil {
			s["maximum"] = *x.Max
		}
		return s
	}
	return nil
}

func rif(nome string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + nome} }

// schemiGenerati are the schemas of the answers and of the types they
// hold, by name, as they go in components.schemas.
func schemiGenerati(e *lpu.Engine, fatt []lpu.InfoScelta) (map[string]any, error) {
	r := &jsonschema.Reflector{
		Anonymous: true,
		// An answer may gain members (the contract extends, never
		// renames): a client must not refuse one it does not know.
		AllowAdditionalProperties: true,
		Mapper:                    mappaTipo,
	}
	// Two types of the same name would be one schema: the second would
	// take the first's place in silence.
	tipi := map[string]reflect.Type{}
	var doppio error
	r.Namer = func(t reflect.Type) string {
		n, ok := nomiSchemi[t]
		if !ok {
			n = t.Name()
		}
		if u := tipi[n]; n != "" && u != nil && u != t && doppio == nil {
			doppio = fmt.Errorf("server: lo schema %s sarebbe sia %s sia %s (nomiSchemi)", n, u, t)
		}
		tipi[n] = t
		return n
	}
	defs := jsonschema.Definitions{}
	for _, s := range schemiRisposte {
		if n := r.Namer(s.tipo); n != s.nome {
			return nil, fmt.Errorf("server: lo schema %s è generato come %s", s.nome, n)
		}
		for nome, d := range r.ReflectFromType(s.tipo).Definitions {
			defs[nome] = d
		}
	}
	if doppio != nil {
		return nil, doppio
	}
	b, err := json.Marshal(defs)
	if err != nil {
		return nil, err
	}
	b = []byte(strings.ReplaceAll(string(b), `"#/$defs/`, `"#/components/schemas/`))
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	// (a keyword of a member given twice, by ritocchi and by the rules,
	// is a mistake of this file: one would hide the other)
	agg := map[string]map[string]any{}
	aggiungi := func(m string, v map[string]any) error {
		if agg[m] == nil {
			agg[m] = map[string]any{}
		}
		for k, x := range v {
			if _, doppio := agg[m][k]; doppio {
				return fmt.Errorf("server: %s di %s è sia in ritocchi sia nelle regole (usciteRisposte, fattispecieRisposte)", k, m)
			}
			agg[m][k] = x
		}
		return nil
	}
	for k, v := range ritocchi {
		_ = aggiungi(k, v)
	}
	for u, membri := range usciteRisposte {
		tipo, nome, _ := strings.Cut(u, ".")
		su := schemaUscita(e, tipo, nome)
		if su == nil {
			continue // the rules in use do not declare it
		}
		for _, m := range membri {
			if err := aggiungi(m, su); err != nil {
				return nil, err
			}
		}
	}
	if len(fatt) > 0 {
		var v []string
		for _, f := range fatt {
			v = append(v, f.Valore+" = "+f.Etichetta)
		}
		for _, m := range fattispecieRisposte {
			if err := aggiungi(m, map[string]any{"enum": valoriFattispecie(fatt), "description": "Fattispecie: " + strings.Join(v, "; ") + "."}); err != nil {
				return nil, err
			}
		}
	}
	for k, v := range agg {
		nome, membro, _ := strings.Cut(k, ".")
		s, _ := out[nome].(map[string]any)
		if s != nil && membro != "" {
			props, _ := s["properties"].(map[string]any)
			m, ok := props[membro]
			if m == true { // any: the empty schema, written true
				m = map[string]any{}
				props[membro] = m
			}
			s, _ = m.(map[string]any)
			if !ok {
				s = nil
			}
		}
		if s == nil {
			return nil, fmt.Errorf("server: ritocco %s: nessuno schema generato", k)
		}
		for kk, vv := range v {
			s[kk] = vv
		}
	}
	// The codes an error answer may carry are the engine's.
	codice := out["DettaglioErrore"].(map[string]any)["properties"].(map[string]any)["codice"].(map[string]any)
	var codici []string
	for _, c := range lpu.Codes() {
		codici = append(codici, string(c.Code))
	}
	codice["description"] = "Codice stabile: " + strings.Join(codici, ", ") + "."
	return out, nil
}
