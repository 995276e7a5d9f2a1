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

// maxEtichettaCalcolato is the longest label of a computed value, in
// characters, as for a parameter's: the words of a step quote it, often
// twice in a line.
const maxEtichettaCalcolato = 60

// TestEtichetteCalcolati: every value a step of the embedded rules
// computes has its label, from its step or from the output of the
// vocabulary it is, short, starting with a capital letter and without a
// rule name's «_»: /regole/<id> writes «Calcola «Classe del reato per le
// fasce dei protocolli»», never the name in words («classe reato»). The
// keys are optional at load, so that an overlay written before them keeps
// loading: this test is what requires them of the rules shipped.
func TestEtichetteCalcolati(t *testing.T) {
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
	v := Nuovo(files, &ps)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	n := 0
	for _, f := range files {
		calcolati := v.Calcolati(f)
		visti := map[string]bool{}
		for _, s := range f.Passi {
			if s.Tipo != spec.Calcola || visti[s.Nome] {
				continue
			}
			visti[s.Nome] = true
			n++
			e := calcolati[s.Nome].Etichetta
			switch r, _ := utf8.DecodeRuneInString(e); {
			case e == "":
				t.Errorf("%s: il valore %s non ha l'etichetta (etichetta: il suo nome per un avvocato, es. «Classe del reato per le fasce dei protocolli»)", s.Pos, s.Nome)
			case utf8.RuneCountInString(e) > maxEtichettaCalcolato:
				t.Errorf("%s: l'etichetta di %s ha %d caratteri, più di %d: %q", s.Pos, s.Nome, utf8.RuneCountInString(e), maxEtichettaCalcolato, e)
			case !unicode.IsUpper(r):
				t.Errorf("%s: l'etichetta di %s non comincia con la maiuscola: %q", s.Pos, s.Nome, e)
			case strings.Contains(e, "_"):
				t.Errorf("%s: l'etichetta di %s scrive un nome delle regole (con «_»), non il nome per un avvocato: %q", s.Pos, s.Nome, e)
			}
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
