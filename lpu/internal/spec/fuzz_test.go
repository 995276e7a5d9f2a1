package spec_test

import (
	"io/fs"
	"testing"
	"unicode/utf8"

	"github.com/lpu-it/lpu/lpu/internal/spec"
	"github.com/lpu-it/lpu/rules"
)

// FuzzParse is the parser half of lpu's FuzzLoad, many times faster: any
// bytes must parse without panicking, every problem must have a position,
// and every expression a position for each of its characters, inside the
// file.
func FuzzParse(f *testing.F) {
	nomi, _ := fs.Glob(rules.FS, "*.yaml")
	for _, n := range nomi {
		src, _ := fs.ReadFile(rules.FS, n)
		f.Add(src)
	}
	f.Add([]byte("passi:\n  - valore: |\n\n      a +\n        b\n    testo: \"x\\\n  y {z}\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var ps spec.Problems
		file := spec.Parse("x.yaml", src, &ps)
		for _, p := range ps {
			if p.Pos.Line < 1 || p.Pos.Col < 1 {
				t.Fatalf("problema senza posizione: %v", p)
			}
		}
		if file == nil {
			return
		}
		righe := 1
		for _, b := range src {
			if b == '\n' {
				righe++
			}
		}
		for _, s := range file.Passi {
			for _, e := range []spec.Expr{s.Espr, s.Mostra, s.Testo, s.TestoNo} {
				m := e.Mappa()
				if m == nil {
					continue
				}
				if len(m) != utf8.RuneCountInString(e.Src)+1 {
					t.Fatalf("%d posizioni per %q", len(m), e.Src)
				}
				for _, p := range m {
					if p.Line < 1 || p.Col < 1 || p.Line > righe {
						t.Fatalf("posizione %v fuori dal file per %q", p, e.Src)
					}
				}
				e.At(1<<20, 1<<20) // any CEL location maps somewhere
			}
		}
	})
}
