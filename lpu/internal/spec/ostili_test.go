package spec_test

import (
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// problemi are the problems of src parsed as f.yaml, one a line.
func problemi(src string) string {
	var ps spec.Problems
	spec.Parse("f.yaml", []byte(src), &ps)
	var out []string
	for _, p := range ps {
		out = append(out, p.Error())
	}
	return strings.Join(out, "\n")
}

// TestYAMLSenzaAlias: a rule file may have no anchor (&) nor alias (*).
// The engine walks the nodes of a parameter's value, following an alias
// to its anchor with no budget (yaml.v3 bounds aliases only when it
// decodes into Go values): a list of 2000 codes anchored once and named
// by every key of a mappa made a 45 KB file that the server held as
// 525 MB. The first anchor or alias is refused, at its position; an
// alias of no anchor, which yaml.v3 says with no line, too.
func TestYAMLSenzaAlias(t *testing.T) {
	const testa = "id: t\ntipo: parametri\ntitolo: T\nfonte: art. 1\nvigenza: {dal: 2020-01-01}\nparametri:\n"
	for _, c := range []struct{ src, want string }{
		{testa + "  base: {tipo: lista, fonte: art. 1, valore: &l [dm2001, dm2002]}\n" +
			"  m: {tipo: mappa, fonte: art. 1, valore: {a: *l, b: *l}}\n",
			"f.yaml:7:46: YAML non valido: ancora «&l» non ammessa: nei file delle regole ogni valore si scrive per intero, senza ancore (&) né alias (*); un testo che comincia con «&» o «*» va tra virgolette"},
		{testa + "  m: {tipo: lista, fonte: art. 1, valore: *l}\n",
			"f.yaml:7:43: YAML non valido: alias «*l» non ammesso: nei file delle regole ogni valore si scrive per intero, senza ancore (&) né alias (*); un testo che comincia con «&» o «*» va tra virgolette"},
		{testa + "  m: &p\n    tipo: intero\n    fonte: art. 1\n    valore: 1\n",
			"f.yaml:7:6: YAML non valido: ancora «&p» non ammessa"},
	} {
		if got := problemi(c.src); !strings.HasPrefix(got, c.want) || strings.Contains(got, "\n") {
			t.Errorf("%q:\n%s\nwant\n%s…", c.src, got, c.want)
		}
	}
}

// TestYAMLUnSoloDocumento: what follows a line «---» or «...» is a
// second YAML document, which yaml.Unmarshal dropped in silence (an
// overlay's steps written after it were never read): a problem at that
// line. A «---» that begins the file is the first document's.
func TestYAMLUnSoloDocumento(t *testing.T) {
	const file = "id: a\ntipo: parametri\ntitolo: T\nfonte: F\nvigenza: {dal: 2020-01-01}\n"
	for _, c := range []struct{ src, want string }{
		{"---\n" + file, ""},
		{file + "...\n", ""},
		{file + "---\nparametri:\n  x: {tipo: intero, valore: 1, fonte: F}\n", "f.yaml:6:1: YAML non valido: un secondo documento dopo «---» o «...»: un file delle regole ne ha uno solo, e ciò che segue non sarebbe letto"},
		{file + "...\n---\nid: b\n", "f.yaml:6:1: YAML non valido: un secondo documento"},
		{file + "--- [1, 2\n", "f.yaml:6:1: YAML non valido: un secondo documento"},
	} {
		if got := problemi(c.src); !strings.HasPrefix(got, c.want) || (c.want == "") != (got == "") || strings.Contains(got, "\n") {
			t.Errorf("%q:\n%s\nwant\n%s…", c.src, got, c.want)
		}
	}
}

// TestYAMLInvisibili: a character that turns the direction of the text
// (U+202A–U+202E, U+2066–U+2069), one of no width, or U+FEFF past the
// file's beginning
// makes what is read other than what is written: refused at its
// position as written, at its text's when written as an escape.
func TestYAMLInvisibili(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"id: a\ntitolo: art. 1\u202e87 c.2\n", "f.yaml:2:15: YAML non valido: carattere U+202E non ammesso: cambia la direzione del testo, che non si leggerebbe più come è scritto; va tolto"},
		{"id: a\n# nota \u2066x\u2069\ntitolo: b\n", "f.yaml:2:8: YAML non valido: carattere U+2066 non ammesso"},
		{"id: a\ntitolo: a\ufeffb\n", "f.yaml:2:10: YAML non valido: carattere invisibile U+FEFF non ammesso (un BOM sta solo all'inizio del file): va tolto"},
		{"id: a\npassi:\n  - id: x\n    testo: \"a\\u202Db\"\n", "f.yaml:4:12: YAML non valido: carattere U+202D non ammesso"},
		{"id: a\ntitolo: \"a\\uFEFF\"\n", "f.yaml:2:9: YAML non valido: carattere invisibile U+FEFF non ammesso"},
		// (of no width: two labels that look the same would differ)
		{"id: a\ntitolo: marzo\u200b 2001\n", "f.yaml:2:14: YAML non valido: carattere invisibile U+200B non ammesso: due testi che si leggono uguali sarebbero diversi; va tolto"},
		{"id: a\ntitolo: \"a\\u2060\"\n", "f.yaml:2:9: YAML non valido: carattere invisibile U+2060 non ammesso"},
	} {
		if got := problemi(c.src); !strings.HasPrefix(got, c.want) || strings.Contains(got, "\n") {
			t.Errorf("%q:\n%s\nwant\n%s…", c.src, got, c.want)
		}
	}
}

// TestLimitiDelFile: a file's id is at most what a request's field
// fattispecie takes (an id of 41 characters loaded, and every request
// for it was refused «testo troppo lungo»); its titolo, fonte and
// descrizione are bounded, as every motive of the Fund's and every row
// of a lotto's CSV repeats them (a title of 50,000 characters loaded).
func TestLimitiDelFile(t *testing.T) {
	file := func(id, titolo, fonte, descr string) string {
		return "id: " + id + "\ntipo: parametri\ntitolo: " + titolo + "\nfonte: " + fonte + "\ndescrizione: " + descr + "\nvigenza: {dal: 2020-01-01}\n"
	}
	lungo := func(n int) string { return strings.Repeat("è", n) }
	for _, c := range []struct{ src, want string }{
		{file(strings.Repeat("a", spec.MaxID), "T", "F", "D"), ""},
		{file(strings.Repeat("a", spec.MaxID+1), "T", "F", "D"), "f.yaml:1:5: id: id di 41 caratteri: al più 40 (una richiesta ne scrive al più 40 nel campo fattispecie)"},
		{file("a", lungo(spec.MaxEtichetta), lungo(spec.MaxEtichettaFile), lungo(spec.MaxDescrizione)), ""},
		{file("a", lungo(spec.MaxEtichetta+1), "F", "D"), "f.yaml:3:9: titolo: testo di 201 caratteri: al più 200"},
		{file("a", "T", lungo(spec.MaxEtichettaFile+1), "D"), "f.yaml:4:8: fonte: testo di 501 caratteri: al più 500"},
		{file("a", "T", "F", lungo(spec.MaxDescrizione+1)), "f.yaml:5:14: descrizione: testo di 2001 caratteri: al più 2000"},
		{file("a", "\"T\\u0007\"", "F", "D"), "f.yaml:3:9: titolo: carattere U+0007 non ammesso in un testo che una pagina mostra"},
	} {
		if got := problemi(c.src); !strings.HasPrefix(got, c.want) || (c.want == "") != (got == "") || strings.Contains(got, "\n") {
			t.Errorf("%.80q:\n%s\nwant\n%s…", c.src, got, c.want)
		}
	}
}

// TestVocabolarioOstile: what a vocabulary declares that a request or a
// form could only stumble on later is a problem at load: a text field
// whose max is beyond MaxTestoCampo (100,000,000: a text of the rules
// that wrote it failed the calcolo with a 500), two values of one
// option with one label (whatever the case and the spaces: a form shows
// two choices alike, a lotto's cell reads the first).
func TestVocabolarioOstile(t *testing.T) {
	voc := func(campo string) string {
		return "id: v\ntipo: vocabolario\ntitolo: V\nfonte: art. 1\nrichieste:\n  calcolo:\n    campi:\n" + campo
	}
	for _, c := range []struct{ src, want string }{
		{voc("      fatti.nota: {tipo: testo, max: 1000, etichetta: Nota}\n"), ""},
		{voc("      fatti.nota: {tipo: testo, max: 100000000, etichetta: Nota}\n"),
			"f.yaml:8:38: richieste.calcolo.campi.fatti.nota.max: max: 100000000, al più 1000 caratteri per un campo di tipo testo"},
		{voc("      fatti.lista: {tipo: lista, max: 100000, etichetta: Lista}\n"), ""},
		{voc("      opzioni.modo:\n        tipo: testo\n        max: 10\n        etichetta: Modo\n        valori:\n          a: Per intero\n          b: {etichetta: \" per  INTERO\"}\n"),
			"f.yaml:14:26: richieste.calcolo.campi.opzioni.modo.valori.b.etichetta: etichetta «per  INTERO» già del valore a: due valori con la stessa etichetta non si distinguono nel modulo né nelle celle di un lotto"},
	} {
		if got := problemi(c.src); !strings.HasPrefix(got, c.want) || (c.want == "") != (got == "") || strings.Contains(got, "\n") {
			t.Errorf("%q:\n%s\nwant\n%s…", c.src, got, c.want)
		}
	}
}
