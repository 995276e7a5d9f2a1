package motore

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestLeggi: the files in name order with their hash; a file over the
// bound is a problem and nothing is parsed; fermo stops the reading.
func TestLeggi(t *testing.T) {
	fsys := fstest.MapFS{"b.yaml": {Data: []byte(fileProva)}, "a.yaml": {Data: []byte(strings.Replace(fileProva, "id: prova", "id: altra", 1))}, "x.txt": {Data: []byte("no")}}
	var ps spec.Problems
	l, err := Leggi(fsys, 1<<20, 4<<20, func() error { return nil }, &ps)
	if err != nil || l == nil || len(ps) > 0 {
		t.Fatalf("Leggi = %v, %v, %v", l, err, ps)
	}
	if len(l.Files) != 2 || l.Files[0].ID != "altra" || l.Files[1].ID != "prova" || !strings.HasPrefix(l.Hash, "sha256:") {
		t.Fatalf("Leggi = %+v", l)
	}
	l2, _ := Leggi(fsys, 1<<20, 4<<20, func() error { return nil }, &ps)
	fsys["b.yaml"] = &fstest.MapFile{Data: []byte(fileProva + "\n")}
	l3, _ := Leggi(fsys, 1<<20, 4<<20, func() error { return nil }, &ps)
	if l2.Hash != l.Hash || l3.Hash == l.Hash {
		t.Errorf("hash %s, %s, %s", l.Hash, l2.Hash, l3.Hash)
	}
	ps = nil
	if l, err := Leggi(fsys, 100, 4<<20, func() error { return nil }, &ps); l != nil || err != nil || len(ps) != 2 || !strings.Contains(ps[0].Msg, "troppo grande") {
		t.Errorf("file troppo grandi: %v, %v, %v", l, err, ps)
	}
	ps = nil
	if l, err := Leggi(fsys, 1<<20, len(fileProva)+10, func() error { return nil }, &ps); l != nil || err != nil || len(ps) != 1 || !strings.Contains(ps[0].Msg, "in tutto") {
		t.Errorf("regole troppo grandi: %v, %v, %v", l, err, ps)
	}
	basta := errors.New("basta")
	if _, err := Leggi(fsys, 1<<20, 4<<20, func() error { return basta }, &ps); err != basta {
		t.Errorf("fermo: %v", err)
	}
}

// TestLeggiTroppoSovrapposte: an overlay whose files bring the rules
// over their total bound is one problem, at the overlay's file that
// crosses it, though its files sort before the embedded ones: the
// embedded files are counted first, and no later file says it again.
func TestLeggiTroppoSovrapposte(t *testing.T) {
	altro := func(id string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(strings.Replace(fileProva, "id: prova", "id: "+id, 1))}
	}
	base := fstest.MapFS{"b.yaml": altro("b"), "z.yaml": altro("z")}
	top := fstest.MapFS{"a.yaml": altro("a"), "c.yaml": altro("c")}
	var ps spec.Problems
	l, err := Leggi(Sovrapponi(base, Strato("mie", top)), 1<<20, 5*len(fileProva)/2, func() error { return nil }, &ps)
	if l != nil || err != nil || len(ps) != 1 {
		t.Fatalf("Leggi = %v, %v, %v; want one problem", l, err, ps)
	}
	if got, want := ps[0].Error(), "mie/a.yaml:1:1: con questo file le regole superano in tutto il limite"; !strings.HasPrefix(got, want) {
		t.Errorf("problem %s; want %s…", got, want)
	}
}

// TestTagMax: the bound of a field's tag, wherever max= stands among the
// tag's words; the default without one or with a bound that is no
// number.
func TestTagMax(t *testing.T) {
	for _, c := range []struct {
		tag      string
		def, out int
	}{
		{"max=40", 7, 40},
		{"segno,max=3", 7, 3},
		{"max=3,segno", 0, 3},
		{"segno", 7, 7},
		{"", 0, 0},
		{"max=tanti", 7, 7},
	} {
		if got := TagMax(c.tag, c.def); got != c.out {
			t.Errorf("TagMax(%q, %d) = %d; want %d", c.tag, c.def, got, c.out)
		}
	}
}
