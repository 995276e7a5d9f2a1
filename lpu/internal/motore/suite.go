package motore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/lpu/internal/simili"
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
	// posizioni are the line and column of each key of atteso,
	// contiene and non_contiene, by the section's name and the key.
	posizioni map[string]map[string]spec.Pos
}

// chiaviCaso are the keys a case may have, chiaviSuite a suite's.
var (
	chiaviCaso  = []string{"nome", "tipo", "richiesta", "atteso", "errore", "contiene", "non_contiene"}
	chiaviSuite = []string{"titolo", "tipo", "casi"}
)

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
		if ps := chiaviSconosciute(nome, &doc); len(ps) > 0 {
			var errs []error
			for _, p := range ps {
				errs = append(errs, p)
			}
			return nil, fmt.Errorf("lpu: %w", errors.Join(errs...))
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
		nodi := nodiCasi(&doc)
		if len(s.Casi) == 0 {
			return nil, fmt.Errorf("lpu: %s: nessun caso", nome)
		}
		for i, c := range s.Casi {
			if i < len(nodi) {
				c.Riga = nodi[i].Line
				c.posizioni = posizioniChiavi(nome, nodi[i])
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

// nodiCasi are the nodes of the cases of a suite, in order.
func nodiCasi(doc *yaml.Node) []*yaml.Node {
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "casi" {
			return root.Content[i+1].Content
		}
	}
	return nil
}

// chiaviSconosciute are the problems of the keys of a suite, and of its
// cases, that the runner does not know (a misspelt atteso would
// otherwise check nothing), each at its line and column.
func chiaviSconosciute(nome string, doc *yaml.Node) spec.Problems {
	var ps spec.Problems
	controlla := func(n *yaml.Node, percorso string, ammesse []string) {
		if n == nil || n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if slices.Contains(ammesse, k.Value) {
				continue
			}
			msg := fmt.Sprintf("chiave sconosciuta «%s»", k.Value)
			if s := simili.Più(k.Value, ammesse); s != "" {
				msg += fmt.Sprintf(" (forse «%s»?)", s)
			}
			ps.Add(spec.Pos{File: nome, Line: k.Line, Col: k.Column}, join(percorso, k.Value), "chiave",
				"%s: una di %s", msg, strings.Join(ammesse, ", "))
		}
	}
	if len(doc.Content) == 0 {
		return nil
	}
	controlla(doc.Content[0], "", chiaviSuite)
	for i, c := range nodiCasi(doc) {
		controlla(c, fmt.Sprintf("casi[%d]", i+1), chiaviCaso)
	}
	return ps
}

// posizioniChiavi are the positions of the keys of a case's atteso,
// contiene and non_contiene.
func posizioniChiavi(nome string, caso *yaml.Node) map[string]map[string]spec.Pos {
	out := map[string]map[string]spec.Pos{}
	if caso.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(caso.Content); i += 2 {
		sez, v := caso.Content[i].Value, caso.Content[i+1]
		if v.Kind != yaml.MappingNode {
			continue
		}
		out[sez] = map[string]spec.Pos{}
		for j := 0; j+1 < len(v.Content); j += 2 {
			k := v.Content[j]
			out[sez][k.Value] = spec.Pos{File: nome, Line: k.Line, Col: k.Column}
		}
	}
	return out
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
		c.controllaTesti(map[string]any{"errore": got}, []string{"errore"}, fail)
		return res
	}
	if err != nil {
		fail("errore inatteso: %v", err)
		return res
	}
	var got map[string]any
	b, _ := json.Marshal(out)
	_ = json.Unmarshal(b, &got)
	campi := campiDi(out, got)
	if c.Atteso != nil {
		atteso := Normalizza(c.Atteso).(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(atteso)) {
			testa, _, _ := strings.Cut(k, ".")
			if _, ok := got[k]; !ok && !slices.Contains(campi, testa) {
				c.nonNellEsito("atteso", k, testa, campi, fail)
				delete(atteso, k)
			}
		}
		confronta("", atteso, got, fail)
	}
	c.controllaTesti(got, campi, fail)
	return res
}

// nonNellEsito fails a case whose section (atteso, contiene,
// non_contiene) names a key, chiave, that the answer cannot have
// (campo is its first part): at its position, with the field of the
// answer most like it.
func (c Caso) nonNellEsito(sezione, chiave, campo string, campi []string, fail func(string, ...any)) {
	pos := ""
	if p, ok := c.posizioni[sezione][chiave]; ok {
		pos = fmt.Sprintf(" (riga %d, colonna %d)", p.Line, p.Col)
	}
	msg := fmt.Sprintf("%s%s: l'esito non ha «%s»", sezione, pos, campo)
	if s := simili.Più(campo, campi); s != "" {
		msg += fmt.Sprintf(": forse «%s»?", s)
	} else {
		msg += fmt.Sprintf(" (ha %s)", strings.Join(campi, ", "))
	}
	fail("%s", msg)
}

// campiDi are the fields an answer out (got, as its JSON reads back)
// can have: the JSON names of its struct's fields, those left out when
// empty included, or the keys of got.
func campiDi(out any, got map[string]any) []string {
	var campi []string
	var struttura func(t reflect.Type)
	struttura = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			nome, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case nome == "-" || !f.IsExported() && !f.Anonymous:
				continue
			case f.Anonymous && nome == "":
				struttura(f.Type)
				continue
			case nome == "":
				nome = f.Name
			}
			campi = append(campi, nome)
		}
	}
	if out != nil {
		struttura(reflect.TypeOf(out))
	}
	for k := range got {
		if !slices.Contains(campi, k) {
			campi = append(campi, k)
		}
	}
	sort.Strings(campi)
	return campi
}

// controllaTesti checks contiene and non_contiene against the answer
// (or the error object, under the key errore). A key may name a member
// (valori.sospensione_max), as in atteso; each item is a text: a map or
// a list inside one would be compared as Go prints it, which no answer
// contains, and a non_contiene would check nothing.
func (c Caso) controllaTesti(got map[string]any, campi []string, fail func(string, ...any)) {
	c.testi("contiene", c.Contiene, true, got, campi, fail)
	c.testi("non_contiene", c.NonContiene, false, got, campi, fail)
}

func (c Caso) testi(sezione string, attesi map[string]any, deve bool, got map[string]any, campi []string, fail func(string, ...any)) {
	for _, campo := range slices.Sorted(maps.Keys(attesi)) {
		testa, _, _ := strings.Cut(campo, ".")
		v, ok := lookup(got, campo)
		if !ok && !slices.Contains(campi, testa) {
			c.nonNellEsito(sezione, campo, testa, campi, fail)
			continue
		}
		subs, lista := attesi[campo].([]any)
		if !lista {
			subs = []any{attesi[campo]}
		}
		testi := testiDi(v)
		for _, s := range subs {
			switch s.(type) {
			case map[string]any, []any, nil:
				fail("%s: %s: atteso un testo o una lista di testi, non %s", sezione, campo, fmtVal(s))
				continue
			}
			sub := fmt.Sprint(s)
			switch {
			case deve && !strings.Contains(testi, sub):
				fail("%s non contiene «%s»", campo, sub)
			case !deve && strings.Contains(testi, sub):
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
