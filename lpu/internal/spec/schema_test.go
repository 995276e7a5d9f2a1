package spec_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/lpu/internal/spec"
	"github.com/lpu-it/lpu/rules"
)

const urlSchema = "https://github.com/lpu-it/lpu/rules/schema/regole.schema.json"

// schemaRegole compiles rules/schema/regole.schema.json (draft 2020-12),
// with format assertions on.
func schemaRegole(t *testing.T) (*jsonschema.Schema, map[string]any) {
	t.Helper()
	src, err := fs.ReadFile(rules.FS, "schema/regole.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(urlSchema, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(urlSchema)
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	return sch, doc.(map[string]any)
}

// TestSchemaRegole validates every rule file against the JSON Schema the
// editors use (each file must name it on its first line), so that schema
// and parser cannot drift apart silently.
func TestSchemaRegole(t *testing.T) {
	sch, _ := schemaRegole(t)
	nomi, err := fs.Glob(rules.FS, "*.yaml")
	if err != nil || len(nomi) == 0 {
		t.Fatalf("regole: %v", err)
	}
	for _, n := range nomi {
		src, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		prima, _, _ := strings.Cut(string(src), "\n")
		if prima != "# yaml-language-server: $schema=./schema/regole.schema.json" {
			t.Errorf("%s: la prima riga deve essere «# yaml-language-server: $schema=./schema/regole.schema.json», perché l'editor controlli il file mentre lo si scrive", n)
		}
		if err := sch.Validate(comeJSON(t, n, src)); err != nil {
			t.Errorf("%s non rispetta lo schema: %v", n, err)
		}
	}
}

// TestSchemaRifiuta: the broken files whose problem is one of shape (an
// unknown key, a missing source, a parameter value of the wrong kind)
// are refused by the schema too, as an editor would underline them.
func TestSchemaRifiuta(t *testing.T) {
	sch, _ := schemaRegole(t)
	for _, n := range []string{"chiave_sconosciuta.yaml", "fonte_mancante.yaml", "parametro_valore.yaml"} {
		src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "broken", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(comeJSON(t, n, src)); err == nil {
			t.Errorf("%s: lo schema lo accetta, il caricamento no", n)
		}
	}
	for nome, src := range map[string]string{
		"due tipi di passo":          "{id: a, calcola: a, esclude: 'true', valore: '1', fonte: f, testo: t}",
		"nessun tipo di passo":       "{id: a, fonte: f, testo: t}",
		"rifiuta senza codice":       "{id: a, rifiuta: 'true', campo: data, fonte: f, testo: t}",
		"valore fuori da calcola":    "{id: a, avverte: 'true', valore: '1', fonte: f, testo: t}",
		"testo_no fuori da esclude":  "{id: a, avverte: 'true', testo_no: n, fonte: f, testo: t}",
		"id non valido":              "{id: A-1, avverte: 'true', fonte: f, testo: t}",
		"vigenza con data sbagliata": "{id: a, avverte: 'true', fonte: f, testo: t, vigenza: {dal: 2025-02-30}}",
	} {
		if err := sch.Validate(comeJSON(t, nome, []byte(conPasso(src)))); err == nil {
			t.Errorf("%s: lo schema accetta %s", nome, src)
		}
	}
	// The same file with a good step is accepted: the refusals above are
	// about the step.
	buono := "{id: a, calcola: a, valore: '1', mostra: 'true', esporta: true, fonte: f, testo: t, vigenza: {dal: 2021-01-01, al: }}"
	if err := sch.Validate(comeJSON(t, "buono", []byte(conPasso(buono)))); err != nil {
		t.Errorf("lo schema rifiuta %s: %v", buono, err)
	}
}

// TestSchemaModifiche: the schema accepts a change of a parameter as
// the parser does, and refuses what the parser refuses in its shape.
func TestSchemaModifiche(t *testing.T) {
	sch, _ := schemaRegole(t)
	file := func(tipo, valore string) string {
		return "id: x\ntipo: " + tipo + "\ntitolo: x\nfonte: x\nvigenza: {dal: 2020-01-01}\nmodifiche:\n  euro_per_giorno:\n    valori: [" + valore + "]\n"
	}
	buoni := map[string]string{
		"nuovo valore": file("parametri", `{dal: 2027-01-01, valore: "300", fonte: legge}`),
		"correzione":   file("parametri", `{dal: 2020-01-01, al: 2020-12-31, valore: "300", fonte: legge, sostituisce: true}`),
		"locale":       strings.Replace(file("parametri", `{dal: 2027-01-01, valore: 3, fonte: legge}`), "euro_per_giorno", "cds186.quota", 1),
	}
	cattivi := map[string]string{
		"senza fonte":           file("parametri", `{dal: 2027-01-01, valore: "300"}`),
		"senza dal":             file("parametri", `{valore: "300", fonte: legge}`),
		"chiave sconosciuta":    file("parametri", `{dal: 2027-01-01, valore: "300", fonte: legge, nota: x}`),
		"sostituisce non bool":  file("parametri", `{dal: 2027-01-01, valore: "300", fonte: legge, sostituisce: sì}`),
		"in un file di calcolo": file("calcolo", `{dal: 2027-01-01, valore: "300", fonte: legge}`),
		"nome non valido":       strings.Replace(file("parametri", `{dal: 2027-01-01, valore: "300", fonte: legge}`), "euro_per_giorno", "Euro", 1),
	}
	for nome, src := range buoni {
		var ps spec.Problems
		spec.Parse("x.yaml", []byte(src), &ps)
		if len(ps) > 0 {
			t.Errorf("%s: il parser rifiuta: %v", nome, ps)
		}
		if err := sch.Validate(comeJSON(t, nome, []byte(src))); err != nil {
			t.Errorf("%s: lo schema rifiuta: %v", nome, err)
		}
	}
	for nome, src := range cattivi {
		var ps spec.Problems
		spec.Parse("x.yaml", []byte(src), &ps)
		if len(ps) == 0 {
			t.Errorf("%s: il parser accetta", nome)
		}
		if err := sch.Validate(comeJSON(t, nome, []byte(src))); err == nil {
			t.Errorf("%s: lo schema accetta", nome)
		}
	}
}

func conPasso(passo string) string {
	return "id: x\ntipo: calcolo\ntitolo: x\nfonte: x\nvigenza: {dal: 2020-01-01}\npassi:\n  - " + passo + "\n"
}

// TestSchemaChiavi: the schema lists exactly the keys and kinds the
// parser accepts.
func TestSchemaChiavi(t *testing.T) {
	_, doc := schemaRegole(t)
	defs := doc["$defs"].(map[string]any)
	chiavi := func(s any) []string {
		var out []string
		for k := range s.(map[string]any)["properties"].(map[string]any) {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	valori := defs["parametro"].(map[string]any)["properties"].(map[string]any)["valori"].(map[string]any)["items"]
	valoriModifica := defs["modifica"].(map[string]any)["properties"].(map[string]any)["valori"].(map[string]any)["items"]
	for _, c := range []struct {
		dove     string
		schema   any
		parser   []string
		soloEnum bool
	}{
		{"file", doc, spec.ChiaviFile, false},
		{"vigenza del file", defs["vigenzaFile"], spec.ChiaviVigenza, false},
		{"vigenza del passo", defs["vigenzaPasso"], spec.ChiaviVigenza, false},
		{"parametro", defs["parametro"], spec.ChiaviParametro, false},
		{"valori di un parametro", valori, spec.ChiaviValore, false},
		{"modifica", defs["modifica"], spec.ChiaviModifica, false},
		{"valori di una modifica", valoriModifica, spec.ChiaviValoreModifica, false},
		{"passo", defs["passo"], spec.ChiaviPasso, false},
	} {
		want := slices.Sorted(slices.Values(c.parser))
		if got := chiavi(c.schema); !slices.Equal(got, want) {
			t.Errorf("%s: lo schema ammette %v, il parser %v", c.dove, got, want)
		}
	}
	enum := func(s any) []string {
		var out []string
		for _, v := range s.(map[string]any)["enum"].([]any) {
			out = append(out, v.(string))
		}
		return out
	}
	// The kinds of file: the kinds of request rules/vocabolario.yaml
	// declares with their rules, then the reader's own.
	src, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var ps spec.Problems
	var tipi []string
	for _, r := range spec.Parse("vocabolario.yaml", src, &ps).Vocabolario.Richieste {
		if r.Regole != "" {
			tipi = append(tipi, r.Tipo)
		}
	}
	tipi = append(tipi, spec.TipiFile...)
	if got := enum(doc["properties"].(map[string]any)["tipo"]); !slices.Equal(got, tipi) {
		t.Errorf("tipi di file: lo schema dice %v, il vocabolario e il parser %v", got, tipi)
	}
	for _, d := range []string{"parametro", "modifica"} {
		if got := enum(defs[d].(map[string]any)["properties"].(map[string]any)["tipo"]); !slices.Equal(got, spec.TipiParametro) {
			t.Errorf("tipi di parametro (%s): lo schema dice %v, il parser %v", d, got, spec.TipiParametro)
		}
	}
}

// comeJSON turns a YAML document into the JSON value an editor's YAML
// language server validates: scalars by their YAML 1.2 type (a date is a
// string), numbers as json.Number.
func comeJSON(t *testing.T, nome string, src []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("%s: %v", nome, err)
	}
	v, err := nodoJSON(doc.Content[0])
	if err != nil {
		t.Fatalf("%s: %v", nome, err)
	}
	// Through encoding/json, as the validator expects.
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func nodoJSON(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return nodoJSON(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodoJSON(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		out := []any{}
		for _, c := range n.Content {
			v, err := nodoJSON(c)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		return n.Value == "true", nil
	case "!!int", "!!float":
		if _, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err != nil {
			return n.Value, nil // 0x10, .inf: not JSON numbers; as text
		}
		return json.Number(strings.ReplaceAll(n.Value, "_", "")), nil
	}
	return n.Value, nil
}

// TestSchemaFinoAl: the schema accepts the vocabulary with a value that
// ends (written {etichetta: …, fino_al: AAAA-MM-GG}) as the parser does,
// and refuses one without its label, with a key of its own or a wrong
// date.
func TestSchemaFinoAl(t *testing.T) {
	sch, _ := schemaRegole(t)
	src, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const vecchio = "dm2001: modello del D.M. 26 marzo 2001\n"
	for valore, buono := range map[string]bool{
		"{etichetta: modello del D.M. 26 marzo 2001, fino_al: 2029-12-31}": true,
		"{etichetta: modello del D.M. 26 marzo 2001}":                      true,
		"{fino_al: 2029-12-31}":                                            false,
		"{etichetta: modello, fino_al: 2029-12-31, dal: 2001-01-01}":       false,
		"{etichetta: modello, fino_al: 2029-02-30}":                        false,
	} {
		voc := strings.Replace(string(src), vecchio, "dm2001: "+valore+"\n", 1)
		if err := sch.Validate(comeJSON(t, "vocabolario.yaml", []byte(voc))); (err == nil) != buono {
			t.Errorf("dm2001: %s: Validate = %v; want accepted %v", valore, err, buono)
		}
		var ps spec.Problems
		f := spec.Parse("vocabolario.yaml", []byte(voc), &ps)
		if (len(ps) == 0) != buono {
			t.Errorf("dm2001: %s: Parse = %v; want accepted %v", valore, ps, buono)
		}
		if !buono {
			t.Logf("dm2001: %s: %v", valore, ps)
		}
		if !buono || f.Vocabolario == nil {
			continue
		}
		for _, r := range f.Vocabolario.Richieste {
			for _, c := range r.Campi {
				for _, v := range c.Valori {
					if v.Valore != "dm2001" {
						continue
					}
					if fino := strings.Contains(valore, "fino_al"); v.Etichetta != "modello del D.M. 26 marzo 2001" || v.FinoAl.IsZero() == fino {
						t.Errorf("dm2001: %s: %+v", valore, v)
					}
				}
			}
		}
	}
}
