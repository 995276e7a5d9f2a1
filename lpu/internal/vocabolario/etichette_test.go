package vocabolario

import (
	"io/fs"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/lpu-it/lpu/lpu/internal/spec"
	"github.com/lpu-it/lpu/rules"
)

// maxEtichetta is the longest label of a parameter or of a computed
// value, in characters: a parameter's heads a row of the table of
// /regole/<id>, on a phone too; the words of a step quote a computed
// value's, often twice in a line.
const maxEtichetta = 60

// regoleIncluse are the embedded rule files, each parsed without
// problems, with the shared steps each uses in its place (spec.UsaPassi).
func regoleIncluse(t *testing.T) []*spec.File {
	t.Helper()
	nomi, err := fs.Glob(rules.FS, "*.yaml")
	if err != nil || len(nomi) == 0 {
		t.Fatalf("regole: %v", err)
	}
	var files []*spec.File
	for _, nome := range nomi {
		src, err := fs.ReadFile(rules.FS, nome)
		if err != nil {
			t.Fatal(err)
		}
		var ps spec.Problems
		f := spec.Parse("rules/"+nome, src, &ps)
		if len(ps) > 0 || f == nil {
			t.Fatalf("%s: %v", nome, ps)
		}
		files = append(files, f)
	}
	var ps spec.Problems
	if spec.UsaPassi(files, &ps); len(ps) > 0 {
		t.Fatal(ps)
	}
	return files
}

// controllaEtichetta fails t unless e, the label of cosa nome (il
// parametro x, il valore y) at pos, is the name a lawyer gives it:
// present, short, starting with a capital letter and without a rule
// name's «_». esempio is a good label, for the message of a missing one.
func controllaEtichetta(t *testing.T, pos spec.Pos, cosa, nome, e, esempio string) {
	t.Helper()
	switch r, _ := utf8.DecodeRuneInString(e); {
	case e == "":
		t.Errorf("%s: %s %s non ha l'etichetta (etichetta: il suo nome per un avvocato, es. «%s»)", pos, cosa, nome, esempio)
	case utf8.RuneCountInString(e) > maxEtichetta:
		t.Errorf("%s: l'etichetta di %s ha %d caratteri, più di %d: %q", pos, nome, utf8.RuneCountInString(e), maxEtichetta, e)
	case !unicode.IsUpper(r):
		t.Errorf("%s: l'etichetta di %s non comincia con la maiuscola: %q", pos, nome, e)
	case strings.Contains(e, "_"):
		t.Errorf("%s: l'etichetta di %s scrive un nome delle regole (con «_»), non il nome per un avvocato: %q", pos, nome, e)
	}
}

// TestEtichetteParametri: every parameter of the embedded rules has its
// label, the name a lawyer gives the quantity (the page /regole/<id>
// heads its row with it). The key is optional at load, so that an
// overlay written before labels keeps loading: this test is what
// requires it of the rules shipped.
func TestEtichetteParametri(t *testing.T) {
	n := 0
	for _, f := range regoleIncluse(t) {
		for _, p := range f.Parametri {
			n++
			controllaEtichetta(t, p.Pos, "il parametro", p.Nome, p.Etichetta, "Sostituzioni consentite al più")
		}
	}
	if n < 80 {
		t.Errorf("%d parametri nelle regole incluse: il test non li vede tutti?", n)
	}
}

// TestEtichetteCalcolati: every value a step of the embedded rules
// computes has its label, from its step or from the output of the
// vocabulary it is: /regole/<id> writes «Calcola «Classe del reato per le
// fasce dei protocolli»», never the name in words («classe reato»). The
// keys are optional at load, so that an overlay written before them keeps
// loading: this test is what requires them of the rules shipped. A
// shared step is checked in each file that uses it: its value may be an
// output of that file's kind of request.
func TestEtichetteCalcolati(t *testing.T) {
	files := regoleIncluse(t)
	var ps spec.Problems
	v := Nuovo(files, &ps)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	n := 0
	for _, f := range files {
		if f.Tipo == spec.TipoPassi {
			continue // (its steps are checked in each file that uses them)
		}
		calcolati := v.Calcolati(f)
		visti := map[string]bool{}
		for _, s := range f.Passi {
			if s.Tipo != spec.Calcola || visti[s.Nome] {
				continue
			}
			visti[s.Nome] = true
			n++
			controllaEtichetta(t, s.Pos, "il valore", s.Nome, calcolati[s.Nome].Etichetta, "Classe del reato per le fasce dei protocolli")
			for _, va := range calcolati[s.Nome].Valori {
				if strings.Contains(va.Etichetta, "_") {
					t.Errorf("%s: l'etichetta del valore %s di %s scrive un codice: %q", s.Pos, va.Valore, s.Nome, va.Etichetta)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("%d valori calcolati nelle regole incluse: il test non li vede tutti?", n)
	}
}
