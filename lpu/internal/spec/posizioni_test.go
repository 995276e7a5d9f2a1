package spec_test

import (
	"io/fs"
	"strings"
	"testing"
	"unicode"

	"github.com/lpu-it/lpu/lpu/internal/spec"
	"github.com/lpu-it/lpu/rules"
)

// TestPosizioni checks, on every expression and text of the real rule
// files, that each character is mapped to the same character in the
// file (unless it comes from an escape or a folded line break), in
// increasing order: the positions of CEL problems rest on it.
func TestPosizioni(t *testing.T) {
	nomi, err := fs.Glob(rules.FS, "*.yaml")
	if err != nil || len(nomi) == 0 {
		t.Fatalf("regole: %v", err)
	}
	for _, n := range nomi {
		src, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		var ps spec.Problems
		f := spec.Parse(n, src, &ps)
		if f == nil {
			t.Fatalf("%s: %v", n, ps)
		}
		righe := strings.Split(string(src), "\n")
		for _, s := range f.Passi {
			for _, e := range []spec.Expr{s.Espr, s.Mostra, s.Testo, s.TestoNo} {
				controllaMappa(t, righe, e)
			}
		}
	}
}

func controllaMappa(t *testing.T, righe []string, e spec.Expr) {
	t.Helper()
	val := []rune(e.Src)
	m := e.Mappa()
	if m == nil { // not given
		return
	}
	if len(m) != len(val)+1 {
		t.Fatalf("%s: %d posizioni per %d caratteri", e.Pos(), len(m), len(val))
	}
	for i, c := range val {
		p := m[i]
		if i > 0 && (p.Line < m[i-1].Line || p.Line == m[i-1].Line && p.Col <= m[i-1].Col) {
			t.Errorf("%s: il carattere %d di %q non viene dopo il precedente", p, i, e.Src)
			return
		}
		if unicode.IsSpace(c) {
			continue
		}
		riga := []rune(righe[p.Line-1])
		if p.Col > len(riga) {
			t.Errorf("%s: oltre la fine della riga per %q", p, string(c))
			return
		}
		if got := riga[p.Col-1]; got != c && got != '\\' && got != '\'' {
			t.Errorf("%s: nel file c'è %q, nell'espressione %q (%q)", p, string(got), string(c), e.Src)
			return
		}
	}
}
