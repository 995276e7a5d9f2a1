package motore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Caso is one test case of a rule suite: a request and what must come out.
type Caso struct {
	Nome      string         `yaml:"nome"`
	Tipo      string         `yaml:"tipo"`
	Richiesta map[string]any `yaml:"richiesta"`
	Atteso    map[string]any `yaml:"atteso"`
	Errore    map[string]any `yaml:"errore"`
	Contiene  map[string]any `yaml:"contiene"`
	// NonContiene names texts that must not appear in a field of the
	// answer (a citation or a wording that was wrong and must not come
	// back).
	NonContiene map[string]any `yaml:"non_contiene"`
	Riga        int            `yaml:"-"`
}

// Suite is a file of test cases (rules/test/<id>.yaml).
type Suite struct {
	Titolo string `yaml:"titolo"`
	Tipo   string `yaml:"tipo"` // default kind of the cases: calcolo
	Casi   []Caso `yaml:"casi"`
}

// EsitoCaso is the outcome of one case.
type EsitoCaso struct {
	File, Nome string
	Riga       int
	Errori     []string
}

// OK reports whether the case passed.
func (e EsitoCaso) OK() bool { return len(e.Errori) == 0 }

// Esecutore answers a request of a kind from its JSON body; AsError
// is the JSON shape of an error it returns, as a client reads it.
type Esecutore struct {
	Esegui  func(tipo string, body []byte) (any, error)
	AsError func(error) any
	// Tipo is the kind of a case that names none, in a suite that
	// names none.
	Tipo string
}

// EseguiSuite runs every suite in dir (default "test") of fsys with x
// and returns one outcome per case, sorted by file and line.
func EseguiSuite(fsys fs.FS, dir string, x Esecutore) ([]EsitoCaso, error) {
	if dir == "" {
		dir = "test"
	}
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("lpu: nessuna suite di test in %s", dir)
	}
	sort.Strings(names)
	var out []EsitoCaso
	for _, n := range names {
		src, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		// (a suite of an overlay is named by its own path)
		nome := n
		if o := Origine(fsys, n); o != "" {
			nome = o
		}
		var doc yaml.Node
		if p := spec.LeggiYAML(nome, src, &doc); p != nil {
			return nil, fmt.Errorf("lpu: %w", p)
		}
		var s Suite
		if err := doc.Decode(&s); err != nil {
			var te *yaml.TypeError
			if errors.As(err, &te) {
				var errs []error
				for _, p := range spec.ErroriTipo(nome, te) {
					errs = append(errs, p)
				}
				return nil, fmt.Errorf("lpu: %w", errors.Join(errs...))
			}
			return nil, fmt.Errorf("lpu: %s: %w", nome, err)
		}
		righe := caseLines(&doc)
		if len(s.Casi) == 0 {
			return nil, fmt.Errorf("lpu: %s: nessun caso", nome)
		}
		for i, c := range s.Casi {
			if i < len(righe) {
				c.Riga = righe[i]
			}
			tipo := c.Tipo
			if tipo == "" {
				tipo = s.Tipo
			}
			if tipo == "" {
				tipo = x.Tipo
			}
			out = append(out, x.eseguiCaso(nome, tipo, c))
		}
	}
	return out, nil
}

func caseLines(doc *yaml.Node) []int {
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "casi" {
			var out []int
			for _, c := range root.Content[i+1].Content {
				out = append(out, c.Line)
			}
			return out
		}
	}
	return nil
}

func (x Esecutore) eseguiCaso(file, tipo string, c Caso) EsitoCaso {
	res := EsitoCaso{File: file, Nome: c.Nome, Riga: c.Riga}
	fail := func(format string, args ...any) { res.Errori = append(res.Errori, fmt.Sprintf(format, args...)) }
	if c.Nome == "" {
		fail("caso senza nome")
	}
	if c.Atteso == nil && c.Errore == nil && c.Contiene == nil && c.NonContiene == nil {
		fail("caso senza atteso, errore o contiene: non potrebbe mai fallire")
		return res
	}
	body, err := json.Marshal(Normalizza(c.Richiesta))
	if err != nil {
		fail("richiesta non serializzabile: %v", err)
		return res
	}
	out, err := x.Esegui(tipo, body)
	if c.Errore != nil {
		if err == nil {
			fail("atteso un errore %v, ottenuta una risposta", c.Errore)
			return res
		}
		var got map[string]any
		b, _ := json.Marshal(x.AsError(err))
		_ = json.Unmarshal(b, &got)
		confronta("errore", Normalizza(c.Errore), any(got), fail)
		c.controllaTesti(map[string]any{"errore": got}, fail)
		return res
	}
	if err != nil {
		fail("errore inatteso: %v", err)
		return res
	}
	var got map[string]any
	b, _ := json.Marshal(out)
	_ = json.Unmarshal(b, &got)
	if c.Atteso != nil {
		confronta("", Normalizza(c.Atteso), got, fail)
	}
	c.controllaTesti(got, fail)
	return res
}

// controllaTesti checks contiene and non_contiene against the answer
// (or the error object, under the key errore).
func (c Caso) controllaTesti(got map[string]any, fail func(string, ...any)) {
	for campo, v := range c.Contiene {
		subs, ok := v.([]any)
		if !ok {
			subs = []any{v}
		}
		testi := testiDi(got[campo])
		for _, s := range subs {
			sub := fmt.Sprint(s)
			if !strings.Contains(testi, sub) {
				fail("%s non contiene «%s»", campo, sub)
			}
		}
	}
	for campo, v := range c.NonContiene {
		subs, ok := v.([]any)
		if !ok {
			subs = []any{v}
		}
		testi := testiDi(got[campo])
		for _, s := range subs {
			sub := fmt.Sprint(s)
			if strings.Contains(testi, sub) {
				fail("%s contiene «%s», che non deve comparire", campo, sub)
			}
		}
	}
}

func testiDi(v any) string {
	b, _ := json.Marshal(v)
	var s any
	_ = json.Unmarshal(b, &s)
	var parts []string
	var walk func(any)
	walk = func(x any) {
		switch t := x.(type) {
		case string:
			parts = append(parts, t)
		case []any:
			for _, e := range t {
				walk(e)
			}
		case map[string]any:
			for _, e := range t {
				walk(e)
			}
		}
	}
	walk(s)
	return strings.Join(parts, "\n")
}

// Normalizza turns YAML-decoded values (a case's richiesta) into their
// JSON shapes.
func Normalizza(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = Normalizza(e)
		}
		return m
	case []any:
		for i := range t {
			t[i] = Normalizza(t[i])
		}
		return t
	case int:
		return float64(t)
	}
	return v
}

// confronta checks that want is contained in got: maps by key (a key
// "a.b" reaches into nested maps), lists element by element, scalars equal.
func confronta(path string, want, got any, fail func(string, ...any)) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			fail("%s: atteso un oggetto, ottenuto %v", orRoot(path), got)
			return
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v, ok := lookup(g, k)
			if !ok && w[k] != nil {
				fail("%s: manca", join(path, k))
				continue
			}
			confronta(join(path, k), w[k], v, fail)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			fail("%s: attesi %d elementi, ottenuto %v", orRoot(path), len(w), got)
			return
		}
		for i := range w {
			confronta(fmt.Sprintf("%s[%d]", path, i), w[i], g[i], fail)
		}
	default:
		if !reflect.DeepEqual(want, got) {
			fail("%s: atteso %v, ottenuto %v", orRoot(path), fmtVal(want), fmtVal(got))
		}
	}
}

func lookup(m map[string]any, k string) (any, bool) {
	if v, ok := m[k]; ok {
		return v, true
	}
	head, rest, found := strings.Cut(k, ".")
	if !found {
		return nil, false
	}
	sub, ok := m[head].(map[string]any)
	if !ok {
		return nil, false
	}
	return lookup(sub, rest)
}

func orRoot(p string) string {
	if p == "" {
		return "risposta"
	}
	return p
}

func fmtVal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}
