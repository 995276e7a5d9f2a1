package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

const urlDocumento = "https://lpu.invalid/openapi.json"

// validatore checks answers against the schemas of the served document,
// compiled with santhosh-tekuri/jsonschema (OpenAPI 3.1 schemas are JSON
// Schema 2020-12). Chiuso: every object schema of an answer that lists
// its members and does not say otherwise is closed (additionalProperties
// false), so that an answer with a member its Go type does not declare
// fails too; the served document leaves them open, since the contract
// extends answers and a client must not refuse a new member.
type validatore struct {
	doc    map[string]any
	mu     sync.Mutex // schemi and c, for tests that share the validatore
	schemi map[string]*jsonschema.Schema
	c      *jsonschema.Compiler
}

// nuovoValidatore is the validatore of the shared server's document,
// closed or open: built once per variant for the tests that use it (they
// read the document, never change it), so that its document is parsed
// and each answer's schema compiled once, not once per test.
func nuovoValidatore(t testing.TB, chiuso bool) *validatore {
	t.Helper()
	i := 0
	if chiuso {
		i = 1
	}
	v, err := validatori[i](t)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var validatori = [2]func(testing.TB) (*validatore, error){
	validatoreUnaVolta(false), validatoreUnaVolta(true),
}

func validatoreUnaVolta(chiuso bool) func(testing.TB) (*validatore, error) {
	var (
		una sync.Once
		v   *validatore
		err error
	)
	return func(t testing.TB) (*validatore, error) {
		una.Do(func() { v, err = costruisciValidatore(serverProva(t).regole().openapi, chiuso) })
		return v, err
	}
}

func costruisciValidatore(raw []byte, chiuso bool) (*validatore, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	m := doc.(map[string]any)
	if chiuso {
		for _, s := range m["components"].(map[string]any)["schemas"].(map[string]any) {
			chiudi(s)
		}
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(urlDocumento, m); err != nil {
		return nil, err
	}
	return &validatore{doc: m, schemi: map[string]*jsonschema.Schema{}, c: c}, nil
}

// chiudi closes every object schema in s that lists its members.
func chiudi(s any) {
	switch v := s.(type) {
	case map[string]any:
		if _, ok := v["properties"]; ok {
			if _, ok := v["additionalProperties"]; !ok {
				v["additionalProperties"] = false
			}
		}
		for _, x := range v {
			chiudi(x)
		}
	case []any:
		for _, x := range v {
			chiudi(x)
		}
	}
}

// schema is the compiled schema at the JSON pointer p of the document.
func (v *validatore) schema(t testing.TB, p string) *jsonschema.Schema {
	t.Helper()
	v.mu.Lock()
	defer v.mu.Unlock()
	if s := v.schemi[p]; s != nil {
		return s
	}
	s, err := v.c.Compile(urlDocumento + "#" + p)
	if err != nil {
		t.Fatalf("schema %s: %v", p, err)
	}
	v.schemi[p] = s
	return s
}

// risposta is the JSON pointer of the schema of the answer of the given
// status to operation id, as the document says.
func (v *validatore) risposta(t testing.TB, id string, stato int) string {
	t.Helper()
	for percorso, item := range v.doc["paths"].(map[string]any) {
		for metodo, op := range item.(map[string]any) {
			op, ok := op.(map[string]any)
			if !ok || op["operationId"] != id {
				continue
			}
			r, ok := op["responses"].(map[string]any)[fmt.Sprint(stato)].(map[string]any)
			if !ok {
				t.Fatalf("openapi.json: l'operazione %s non ha la risposta %d", id, stato)
			}
			esc := strings.NewReplacer("~", "~0", "/", "~1")
			p := "/paths/" + esc.Replace(percorso) + "/" + metodo + "/responses/" + fmt.Sprint(stato)
			if ref, ok := r["$ref"].(string); ok { // a response shared in components.responses
				nome, _ := strings.CutPrefix(ref, "#/components/responses/")
				if r, ok = v.doc["components"].(map[string]any)["responses"].(map[string]any)[nome].(map[string]any); !ok {
					t.Fatalf("openapi.json: %s: %s non c'è", id, ref)
				}
				p = "/components/responses/" + nome
			}
			if _, ok := r["content"].(map[string]any)["application/json"]; !ok {
				t.Fatalf("openapi.json: la risposta %d di %s non è JSON", stato, id)
			}
			return p + "/content/application~1json/schema"
		}
	}
	t.Fatalf("openapi.json: nessuna operazione %s", id)
	return ""
}

// valida checks body, the answer of the given status to operation id.
func (v *validatore) valida(t testing.TB, id string, stato int, body []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("la risposta non è JSON: %w", err)
	}
	return v.schema(t, v.risposta(t, id, stato)).Validate(inst)
}

// hashFinto stands for the rules' sha256, which the corpus writes as
// sha256:REGOLE.
var hashFinto = "sha256:" + strings.Repeat("0", 64)

// TestOpenAPIRisposteCorpus: every JSON answer of the corpus of the
// engine (lpu/testdata/corpus: every request of the YAML suites through
// calcolo, fondo, convenzione and piano, with and without explanation,
// and the examples' JSON lotto) matches the schema the document gives
// for the answer of its operation: 200, or 422 for an error (whose
// schema, Errore, is that of every error status). The schemas are closed
// here, so that a member missing from the Go type fails as well.
//
// Under -race, one answer of the suites in ten (and every example): the
// validation runs in one goroutine, where the race detector finds
// nothing, and costs it a second of CPU over the corpus's 6 MB; make
// test validates every answer again without it (SCANSIONI in the
// Makefile).
func TestOpenAPIRisposteCorpus(t *testing.T) {
	v := nuovoValidatore(t, true)
	contati := map[string]int{}
	passo := map[string]int{"suite.jsonl": 1, "esempi.jsonl": 1}
	if raceAttivo {
		passo["suite.jsonl"] = 10
		t.Logf("sotto -race si valida una risposta delle suite su %d: make test le valida tutte senza -race", passo["suite.jsonl"])
	}
	for _, file := range []string{"suite.jsonl", "esempi.jsonl"} {
		f, err := os.Open(filepath.Join("..", "lpu", "testdata", "corpus", file))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 64<<20)
		for n := 1; sc.Scan(); n++ {
			if (n-1)%passo[file] != 0 {
				continue
			}
			var riga struct {
				Caso, Comando, Risposta string
			}
			if err := json.Unmarshal(sc.Bytes(), &riga); err != nil {
				t.Fatalf("%s:%d: %v", file, n, err)
			}
			id, _, _ := strings.Cut(riga.Comando, " ")
			corpo := strings.ReplaceAll(riga.Risposta, "sha256:REGOLE", hashFinto)
			switch {
			case id == "lotto" && strings.HasPrefix(corpo, "["):
				corpo, _, _ = strings.Cut(corpo, "\n\nstat:")
			case id == "lotto" || strings.HasPrefix(riga.Comando, "piano ") && !strings.HasPrefix(riga.Comando, "piano senza"):
				continue // CSV, iCalendar, the register: not JSON
			}
			stato := 200
			if strings.HasPrefix(corpo, `{"errore":`) {
				stato = 422
			}
			if err := v.valida(t, id, stato, []byte(corpo)); err != nil {
				t.Errorf("%s:%d %s (%s): la risposta non rispetta lo schema: %v\n%s", file, n, riga.Comando, riga.Caso, err, tronca([]byte(corpo)))
				continue
			}
			contati[fmt.Sprint(id, " ", stato)]++
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	t.Logf("risposte validate: %v", contati)
	// Each kind of answer is there, so that the test cannot pass on a
	// corpus that lost one.
	for _, k := range []string{"calcolo 200", "calcolo 422", "fondo 200", "fondo 422", "convenzione 200", "convenzione 422", "piano 200", "piano 422", "lotto 200"} {
		if contati[k] == 0 {
			t.Errorf("nessuna risposta %s nel corpus", k)
		}
	}
}

// TestOpenAPIRisposteAPI: the JSON answers of the API, from the handlers,
// match the schema of their operation and status, closed.
func TestOpenAPIRisposteAPI(t *testing.T) {
	v := nuovoValidatore(t, true)
	h := serverProva(t).Handler()
	piano := `{"fattispecie":"cds186","ore":102,"inizio":"2025-07-01","giorni_settimana":{"sab":6},"sospensioni":[{"dal":"2025-08-10","al":"2025-08-20","motivo":"ferie"}],"data_esecutivita":"2025-06-20","comune":"Roma"}`
	for _, c := range []struct {
		id, metodo, url, corpo string
		stato                  int
	}{
		{"calcolo", "POST", "/api/v1/calcolo", esempio186, 200},
		{"calcolo", "POST", "/api/v1/calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1}},"esecuzione":{"ore_svolte":10}}`, 200},
		{"calcolo", "POST", "/api/v1/calcolo", `{"fattispecie":"cds186","data":"2009-01-01","pena":{"ammenda":"1000"}}`, 422},
		{"calcolo", "POST", "/api/v1/calcolo", `{"fattispecie":"cds186","penna":{}}`, 400},
		{"calcolo", "POST", "/api/v1/calcolo", `{"fattispecie":`, 400},
		{"fondo", "POST", "/api/v1/fondo", `{"fattispecie":"cds186","data_inizio":"2025-06-10","convenzione":"dm2001","giorni":51}`, 200},
		{"convenzione", "POST", "/api/v1/convenzione", `{"convenzione":{"modello":"dm88_2015","decorrenza":"2021-03-01","anni":5,"fattispecie":["map"]},"fattispecie":"l689_56bis","data":"2025-07-31"}`, 200},
		{"piano", "POST", "/api/v1/piano", piano, 200},
		{"piano", "POST", "/api/v1/piano", `{"fattispecie":"cds186","ore":102,"inizio":"2025-07-01","giorni_settimana":{"sab":12}}`, 200},
		{"lotto", "POST", "/api/v1/lotto", "[" + esempio186 + `,{"tipo":"fondo","fattispecie":"cds186","data_inizio":"2025-06-10","giorni":51},{"fattispecie":"boh"}]`, 200},
		{"lotto", "POST", "/api/v1/lotto?spiegazione=true", "[" + esempio186 + "]", 200},
		// a tipo the batch does not take is not echoed: its tipo is empty
		{"lotto", "POST", "/api/v1/lotto", `[{"tipo":"xyz<>"},{"tipo":5},{"tipo":"piano"},{"tipo":"FONDO"},{"tipo":"lotto"},{"tipo":null}]`, 200},
		{"fattispecie", "GET", "/api/v1/fattispecie", "", 200},
		{"salute", "GET", "/healthz", "", 200},
		{"pianoICS", "GET", "/api/v1/piano.ics", "", 400},
	} {
		r := fai(h, c.metodo, c.url, "application/json", c.corpo)
		if r.Code != c.stato {
			t.Errorf("%s %s: stato %d, atteso %d\n%s", c.metodo, c.url, r.Code, c.stato, tronca(r.Body.Bytes()))
			continue
		}
		if err := v.valida(t, c.id, c.stato, r.Body.Bytes()); err != nil {
			t.Errorf("%s %s %s: la risposta non rispetta lo schema: %v\n%s", c.metodo, c.url, c.corpo, err, tronca(r.Body.Bytes()))
		}
	}
}

// TestOpenAPIRisposteSbagliate: the schemas are not loose. An answer of
// the engine, altered in one place (a number where a text is due, a
// text where a number is, a required member left out, a value outside
// its enum, a member no Go type declares), fails; the served (open)
// document still takes a new member, as the contract extends answers.
func TestOpenAPIRisposteSbagliate(t *testing.T) {
	chiuso, aperto := nuovoValidatore(t, true), nuovoValidatore(t, false)
	h := serverProva(t).Handler()
	calcolo := fai(h, "POST", "/api/v1/calcolo", "application/json", esempio186).Body.Bytes()
	lotto := fai(h, "POST", "/api/v1/lotto", "application/json", "["+esempio186+"]").Body.Bytes()
	salute := fai(h, "GET", "/healthz", "", "").Body.Bytes()
	errore := fai(h, "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"boh"}`).Body.Bytes()
	for _, c := range []struct {
		id      string
		stato   int
		corpo   []byte
		cambia  func(v any) any
		perché  string
		aperto  bool // the open document takes it
		nessuna bool // no change: the answer as it is must pass
	}{
		{id: "calcolo", stato: 200, corpo: calcolo, nessuna: true},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "fattispecie numero", cambia: poni("fattispecie", 186)},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "giorni testo", cambia: poni("giorni", "51")},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "giorni negativi", cambia: poni("giorni", -1)},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "ammissibile testo", cambia: poni("ammissibile", "sì")},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "ricevuta mancante", cambia: togli("ricevuta")},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "limite testo", cambia: poni("limiti.ore_settimanali_max", "6")},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "limite mancante", cambia: togli("limiti.ore_giornaliere_max")},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "limite negativo", cambia: poni("limiti.ore_settimanali_max", -1)},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "esito del Fondo fuori elenco", cambia: poni("fondo_inail.esito", "forse")},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "motivi non lista", cambia: poni("motivi", "nessuno")},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "hash delle regole malformato", cambia: poni("ricevuta.regole", "md5:x")},
		{id: "calcolo", stato: 200, corpo: calcolo, perché: "membro nuovo", cambia: poni("nuovo", 1), aperto: true},
		{id: "lotto", stato: 200, corpo: lotto, nessuna: true},
		{id: "lotto", stato: 200, corpo: lotto, perché: "ore del risultato testo", cambia: poni("0.risultato.ore", "102")},
		{id: "lotto", stato: 200, corpo: lotto, perché: "riga testo", cambia: poni("0.riga", "2")},
		{id: "lotto", stato: 200, corpo: lotto, perché: "giorni del risultato negativi", cambia: poni("0.risultato.giorni", -1)},
		{id: "salute", stato: 200, corpo: salute, nessuna: true},
		{id: "salute", stato: 200, corpo: salute, perché: "caricate non data", cambia: poni("caricate", "ieri")},
		{id: "calcolo", stato: 400, corpo: errore, nessuna: true},
		{id: "calcolo", stato: 400, corpo: errore, perché: "codice numero", cambia: poni("errore.codice", 400)},
		{id: "calcolo", stato: 400, corpo: errore, perché: "messaggio mancante", cambia: togli("errore.messaggio")},
	} {
		var v any
		if err := json.Unmarshal(c.corpo, &v); err != nil {
			t.Fatalf("%s: %v\n%s", c.id, err, tronca(c.corpo))
		}
		if !c.nessuna {
			v = c.cambia(v)
		}
		b, _ := json.Marshal(v)
		err := chiuso.valida(t, c.id, c.stato, b)
		switch {
		case c.nessuna && err != nil:
			t.Errorf("%s %d: la risposta com'è non rispetta lo schema: %v", c.id, c.stato, err)
		case !c.nessuna && err == nil:
			t.Errorf("%s %d, %s: lo schema accetta la risposta sbagliata\n%s", c.id, c.stato, c.perché, tronca(b))
		}
		if c.nessuna {
			continue
		}
		if err := aperto.valida(t, c.id, c.stato, b); (err == nil) != c.aperto {
			t.Errorf("%s %d, %s: documento servito: errore %v, atteso %v", c.id, c.stato, c.perché, err, !c.aperto)
		}
	}
}

// poni sets the member at a dotted path (a number is a list's index).
func poni(percorso string, valore any) func(any) any {
	return func(v any) any {
		padre, nome := trova(v, percorso)
		switch p := padre.(type) {
		case map[string]any:
			p[nome] = valore
		case []any:
			var i int
			fmt.Sscan(nome, &i)
			p[i] = valore
		}
		return v
	}
}

func togli(percorso string) func(any) any {
	return func(v any) any {
		padre, nome := trova(v, percorso)
		delete(padre.(map[string]any), nome)
		return v
	}
}

func trova(v any, percorso string) (any, string) {
	parti := strings.Split(percorso, ".")
	for _, p := range parti[:len(parti)-1] {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			var i int
			fmt.Sscan(p, &i)
			v = x[i]
		}
	}
	return v, parti[len(parti)-1]
}

// TestOpenAPIMembriRisposte walks the Go types of the answers and checks
// that each member they write is in the served schema, following its
// references, and required unless omitempty or omitzero: a member added
// to a public answer type is documented with no JSON written by hand.
func TestOpenAPIMembriRisposte(t *testing.T) {
	v := nuovoValidatore(t, false)
	schemi := v.doc["components"].(map[string]any)["schemas"].(map[string]any)
	visti := map[reflect.Type]bool{}
	var cammina func(percorso string, tipo reflect.Type, s map[string]any)
	cammina = func(percorso string, tipo reflect.Type, s map[string]any) {
		for tipo.Kind() == reflect.Pointer || tipo.Kind() == reflect.Slice {
			tipo = tipo.Elem()
			if it, ok := s["items"].(map[string]any); ok {
				s = it
			}
		}
		if ref, ok := s["$ref"].(string); ok {
			nome := strings.TrimPrefix(ref, "#/components/schemas/")
			if s, ok = schemi[nome].(map[string]any); !ok {
				t.Errorf("%s: %s non c'è", percorso, ref)
				return
			}
		}
		if tipo.Kind() != reflect.Struct || mappaTipo(tipo) != nil || tipo == reflect.TypeFor[time.Time]() || visti[tipo] {
			return
		}
		visti[tipo] = true
		props, _ := s["properties"].(map[string]any)
		richiesti := map[string]bool{}
		r, _ := s["required"].([]any)
		for _, r := range r {
			richiesti[r.(string)] = true
		}
		for f := range tipo.Fields() {
			tag, ok := f.Tag.Lookup("json")
			nome, opz, _ := strings.Cut(tag, ",")
			if !f.IsExported() || !ok || nome == "-" {
				continue
			}
			sub, ok := props[nome].(map[string]any)
			if !ok {
				t.Errorf("%s.%s (%s.%s) non è nello schema", percorso, nome, tipo.Name(), f.Name)
				continue
			}
			facoltativo := strings.Contains(opz, "omitempty") || strings.Contains(opz, "omitzero")
			if richiesti[nome] == facoltativo {
				t.Errorf("%s.%s: richiesto = %v, ma il tag json è %q", percorso, nome, richiesti[nome], tag)
			}
			cammina(percorso+"."+nome, f.Type, sub)
		}
	}
	for _, r := range schemiRisposte {
		s, ok := schemi[r.nome].(map[string]any)
		if !ok {
			t.Errorf("openapi.json: manca lo schema %s", r.nome)
			continue
		}
		cammina(r.nome, r.tipo, s)
	}
	if len(visti) < len(schemiRisposte)+5 {
		t.Errorf("percorsi solo %d tipi", len(visti))
	}
}

// TestOpenAPIUsciteDalVocabolario: the values of the Fund's esito in
// the document are those the vocabulary declares: an overlay that
// declares one more has it in the enum of both answers that carry it,
// with no Go change.
func TestOpenAPIUsciteDalVocabolario(t *testing.T) {
	enum := func(e *lpu.Engine) map[string][]any {
		t.Helper()
		raw, err := documentoOpenAPI(e)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Components struct {
				Schemas map[string]struct {
					Properties map[string]struct {
						Enum []any `json:"enum"`
					} `json:"properties"`
				} `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		out := map[string][]any{}
		for _, s := range []string{"EsitoFondo", "RisultatoFondo"} {
			out[s] = doc.Components.Schemas[s].Properties["esito"].Enum
		}
		return out
	}
	want := []any{"ammissibile", "non_ammissibile", "da_verificare"}
	for s, got := range enum(motore(t)) {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s.esito enum = %v; want %v", s, got, want)
		}
	}
	voc, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const riga = "          da_verificare: da verificare con l'INAIL\n"
	if !strings.Contains(string(voc), riga) {
		t.Fatal("rules/vocabolario.yaml: the esito values are not declared as expected")
	}
	nuovo := strings.Replace(string(voc), riga, riga+"          sospeso: sospeso in attesa dell'INAIL\n", 1)
	// (The vocabulary alone, which the document is made from: a Load of
	// it costs milliseconds, of the whole rules half a second.)
	e, err := lpu.Load(context.Background(), fstest.MapFS{"vocabolario.yaml": {Data: []byte(nuovo)}})
	if err != nil {
		t.Fatal(err)
	}
	for s, got := range enum(e) {
		if !reflect.DeepEqual(got, append(want, "sospeso")) {
			t.Errorf("with the overlay, %s.esito enum = %v; want sospeso too", s, got)
		}
	}
}

// TestOpenAPIUsciteLimiti: the bounds of the outputs (min, max under
// richieste.<tipo>.uscite) are the minimum and maximum of the members
// that carry them, and their labels the members' descriptions, from the
// vocabulary alone: an overlay that declares a maximum has it in the
// document; a limit that may be null still may.
func TestOpenAPIUsciteLimiti(t *testing.T) {
	type documento struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	docs := map[*lpu.Engine]*documento{} // (each engine's, made once)
	membro := func(e *lpu.Engine, schema, nome string) map[string]any {
		t.Helper()
		if docs[e] == nil {
			raw, err := documentoOpenAPI(e)
			if err != nil {
				t.Fatal(err)
			}
			docs[e] = &documento{}
			if err := json.Unmarshal(raw, docs[e]); err != nil {
				t.Fatal(err)
			}
		}
		return docs[e].Components.Schemas[schema].Properties[nome]
	}
	e := motore(t)
	for _, c := range []struct{ schema, nome string }{
		{"Risultato", "giorni"}, {"Risultato", "ore"},
		{"Limiti", "ore_settimanali_min"}, {"Limiti", "ore_settimanali_max"},
		{"Limiti", "ore_giornaliere_max"}, {"Limiti", "durata_mesi_max"},
		{"Residuo", "ore"}, {"Residuo", "giorni_pena"},
	} {
		m := membro(e, c.schema, c.nome)
		if m["minimum"] != 0.0 {
			t.Errorf("%s.%s: minimum = %v; want 0 (min: 0 in rules/vocabolario.yaml)", c.schema, c.nome, m["minimum"])
		}
		if _, ok := m["maximum"]; ok {
			t.Errorf("%s.%s: maximum %v, which the vocabulary does not declare", c.schema, c.nome, m["maximum"])
		}
	}
	if tipo := fmt.Sprint(membro(e, "Limiti", "ore_settimanali_max")["type"]); tipo != "[integer null]" {
		t.Errorf("Limiti.ore_settimanali_max: type %s; want integer or null", tipo)
	}

	// Every output the answer carries in a member of its own is in
	// usciteRisposte, and each member says it by the vocabulary's label,
	// never in words of its own: a bound declared is a bound published,
	// a label changed is a description changed.
	for _, tipo := range []string{"calcolo", "fondo", "convenzione"} {
		for _, u := range e.Uscite(tipo) {
			membri := usciteRisposte[tipo+"."+u.Nome]
			if u.Tipizzata && membri == nil {
				t.Errorf("%s.%s: the answer carries it in a member, which usciteRisposte does not name", tipo, u.Nome)
			}
			for _, m := range membri {
				schema, nome, _ := strings.Cut(m, ".")
				testa := u.Etichetta // (then the aiuto, then the values' labels)
				if u.Aiuto != "" {
					testa += ". " + u.Aiuto
				}
				if d, _ := membro(e, schema, nome)["description"].(string); d != testa+"." && !strings.HasPrefix(d, testa+". Valori: ") {
					t.Errorf("%s: description %q; want the label of %s.%s, %q, and its aiuto", m, d, tipo, u.Nome, testa)
				}
			}
		}
	}

	// An output's aiuto says when the answer carries it (the vocabulary's
	// words, not Go's).
	if d, _ := membro(e, "Residuo", "ammenda")["description"].(string); !strings.Contains(d, "assente senza ammenda") {
		t.Errorf("Residuo.ammenda: description %q; want the vocabulary's aiuto («… assente senza ammenda»)", d)
	}

	// The served document: null is still a limit, -1 is not.
	v := nuovoValidatore(t, true)
	var r map[string]any
	corpo := fai(serverProva(t).Handler(), "POST", "/api/v1/calcolo", "application/json", esempio186).Body.Bytes()
	if err := json.Unmarshal(corpo, &r); err != nil {
		t.Fatal(err)
	}
	for valore, valido := range map[any]bool{nil: true, 0: true, 5: true, -1: false} {
		r["limiti"].(map[string]any)["ore_settimanali_max"] = valore
		b, _ := json.Marshal(r)
		if err := v.valida(t, "calcolo", 200, b); (err == nil) != valido {
			t.Errorf("limiti.ore_settimanali_max = %v: error %v; want valid %v", valore, err, valido)
		}
	}

	// An overlay that declares a maximum publishes it, with no Go change.
	voc, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const giorni = "min: 0, etichetta: Giorni di lavoro di pubblica utilità}"
	if !strings.Contains(string(voc), giorni) {
		t.Fatal("rules/vocabolario.yaml: the output giorni is not declared as expected")
	}
	nuovo := strings.Replace(string(voc), giorni, "min: 0, max: 100000, etichetta: Giorni di lavoro di pubblica utilità}", 1)
	e2, err := lpu.Load(context.Background(), fstest.MapFS{"vocabolario.yaml": {Data: []byte(nuovo)}}) // the vocabulary alone, as above
	if err != nil {
		t.Fatal(err)
	}
	if m := membro(e2, "Risultato", "giorni"); m["minimum"] != 0.0 || m["maximum"] != 100000.0 {
		t.Errorf("with the overlay, Risultato.giorni = %v; want minimum 0, maximum 100000", m)
	}
}
