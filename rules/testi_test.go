package rules_test

import (
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/rules"
)

// campoPuntato is a request field written by its JSON path (fatti.convenzione,
// esecuzione.data_inizio, pena.giorni_lpu, opzioni.mese) or a parameter by
// its CEL name (legge.euro_per_giorno).
var campoPuntato = regexp.MustCompile(`\b(fatti|esecuzione|pena|opzioni|legge|convenzione)\.[a-z_]`)

// chiaviTesto are the keys whose values a lawyer reads: the texts of the
// steps (reasons, caveats, the messages of the coded errors), the
// descriptions and the vocabulary's labels and help.
var chiaviTesto = map[string]bool{
	"testo": true, "testo_no": true, "descrizione": true, "titolo": true,
	"etichetta": true, "aiuto": true, "nota": true,
}

// TestTestiSenzaNomiDiCampo fails when a text of the rules shows a field
// path or a field's code name instead of its Italian label: a lawyer reads
// «Convenzione dell'ente che ospita il lavoro», never fatti.convenzione or
// ragguaglio_residuo. Only what the lawyer reads is checked: the literal
// parts of a text and the string literals inside its {espressioni}, not the
// CEL code around them.
func TestTestiSenzaNomiDiCampo(t *testing.T) {
	nomi := nomiDiCampo(t)
	files, err := fs.Glob(rules.FS, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		src, err := fs.ReadFile(rules.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		visita(&doc, func(chiave string, v *yaml.Node) {
			if chiave == "etichette" && v.Kind == yaml.MappingNode {
				// a fattispecie's own labels: every value is read
				for i := 1; i < len(v.Content); i += 2 {
					controlla(t, nomi, f, "etichette."+v.Content[i-1].Value, v.Content[i])
				}
				return
			}
			if !chiaviTesto[chiave] || v.Kind != yaml.ScalarNode {
				return
			}
			controlla(t, nomi, f, chiave, v)
		})
	}
}

// controlla reports what a lawyer would read of v that is not for him.
func controlla(t *testing.T, nomi map[string]bool, f, chiave string, v *yaml.Node) {
	t.Helper()
	for _, lit := range letterali(v.Value) {
		if m := campoPuntato.FindString(lit); m != "" {
			t.Errorf("%s:%d: %s mostra il percorso di un campo («%s…») invece della sua etichetta: %q", f, v.Line, chiave, m, lit)
		}
		if strings.Contains(fuoriCitazioni(lit), "250") {
			t.Errorf("%s:%d: %s scrive 250 invece del parametro (legge.euro_per_giorno), fuori da una citazione «…» della legge: %q", f, v.Line, chiave, lit)
		}
		for _, w := range parole(lit) {
			if nomi[w] {
				t.Errorf("%s:%d: %s mostra il nome del campo %q invece della sua etichetta: %q", f, v.Line, chiave, w, lit)
			}
		}
	}
}

// TestLetterali checks the scanner the test above relies on.
func TestLetterali(t *testing.T) {
	got := letterali(`Ammenda di € {pena.ammenda} ({x == 'a' ? 'con l\'opzione b' : "c"}) fine`)
	want := []string{"Ammenda di € ", "a", "con l'opzione b", "c", ") fine", " ("}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("letterali = %q, want %q", got, want)
	}
	if got := letterali(`indicare la {etichetta('pena.multa')} o {x ? etichetta("opzioni.mese", "calendario") + ' (a)' : ''}`); strings.Contains(strings.Join(got, "|"), "pena.multa") || strings.Contains(strings.Join(got, "|"), "calendario") {
		t.Errorf("letterali = %q: the names given to etichetta are not read", got)
	}
	if m := campoPuntato.FindString("nel calcolo: fatti.convenzione"); m == "" {
		t.Error("campoPuntato non riconosce fatti.convenzione")
	}
}

// nomiDiCampo are the code names of the request fields that no Italian
// word could be mistaken for: the last segment of each field of the
// vocabulary when it holds an underscore (ragguaglio_residuo,
// giornate_lavorate), not mese or comma.
func nomiDiCampo(t *testing.T) map[string]bool {
	t.Helper()
	src, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var voc struct {
		Richieste map[string]struct {
			Campi map[string]yaml.Node `yaml:"campi"`
		} `yaml:"richieste"`
	}
	if err := yaml.Unmarshal(src, &voc); err != nil {
		t.Fatal(err)
	}
	nomi := map[string]bool{}
	for _, r := range voc.Richieste {
		for c := range r.Campi {
			ultimo := c[strings.LastIndexByte(c, '.')+1:]
			if strings.Contains(ultimo, "_") {
				nomi[ultimo] = true
			}
		}
	}
	if !nomi["ragguaglio_residuo"] {
		t.Fatal("il vocabolario non ha più opzioni.ragguaglio_residuo: il test non vede i campi")
	}
	return nomi
}

func visita(n *yaml.Node, f func(chiave string, v *yaml.Node)) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			visita(c, f)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			f(n.Content[i].Value, n.Content[i+1])
			visita(n.Content[i+1], f)
		}
	}
}

// letterali is what a lawyer reads of a text: its parts outside the
// {placeholders} and the string literals inside them.
func letterali(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return append(out, s[i:])
		}
		// (the names etichetta('esecuzione.data_inizio') is given are
		// not read: the text shows the label they name)
		out = append(out, stringheCEL(chiamataEtichetta.ReplaceAllString(s[i+1:i+j], ""))...)
		s = s[i+j+1:]
	}
}

// chiamataEtichetta is a call to etichetta, which writes the label of
// the field (and of the value) it names.
var chiamataEtichetta = regexp.MustCompile(`\betichetta\(\s*('[^']*'|"[^"]*")(\s*,\s*('[^']*'|"[^"]*"))?\s*\)`)

// stringheCEL are the quoted string literals of a CEL expression.
func stringheCEL(e string) []string {
	var out []string
	for i := 0; i < len(e); i++ {
		q := e[i]
		if q != '\'' && q != '"' {
			continue
		}
		var b strings.Builder
		j := i + 1
		for ; j < len(e) && e[j] != q; j++ {
			if e[j] == '\\' && j+1 < len(e) {
				j++
			}
			b.WriteByte(e[j])
		}
		out = append(out, b.String())
		i = j
	}
	return out
}

// fuoriCitazioni is s without its quotations «…» of a statute: a
// statute's words are quoted as they are, «ragguagliando 250 euro».
func fuoriCitazioni(s string) string {
	var b strings.Builder
	dentro := 0
	for _, r := range s {
		switch {
		case r == '«':
			dentro++
		case r == '»' && dentro > 0:
			dentro--
		case dentro == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var parola = regexp.MustCompile(`[a-z0-9_]+`)

func parole(s string) []string { return parola.FindAllString(s, -1) }
