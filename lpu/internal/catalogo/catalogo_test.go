package catalogo

import (
	"slices"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// The inputs synthetic expressions (not LPU's rules) read, and the texts
// they compare them with.
func TestLeggi(t *testing.T) {
	noti := map[string]bool{"a.x": true, "a.y": true, "a.z": true, "a.t": true}
	for _, c := range []struct {
		src     string
		rifiuta bool
		nomi    []string
		citati  map[string][]string
	}{
		{`a.x > 1 && b.q`, false, []string{"a.x"}, nil},
		{`a.t == "uno" || a.t in ["due", "tre", ""] || "quattro" != a.t`, false, []string{"a.t"}, map[string][]string{"a.t": {"uno", "due", "tre", "quattro"}}},
		// read only to refuse it when given: left out
		{`a.x != 0 || a.y != "" || a.z > 0`, true, nil, nil},
		{`a.x != durata(0, 0, 0) && a.y == "b"`, true, []string{"a.y"}, map[string][]string{"a.y": {"b"}}},
		// the same, in a condition that is not a refusal: read
		{`a.x != 0`, false, []string{"a.x"}, nil},
	} {
		a, iss := motore.Base.Parse(c.src)
		if iss != nil && iss.Err() != nil {
			t.Fatalf("%s: %v", c.src, iss.Err())
		}
		l := Letture{Nomi: map[string]bool{}, Citati: map[string][]string{}}
		var esclusi map[int64]bool
		if c.rifiuta {
			esclusi = rifiutaSeIndicato(a.NativeRep().Expr(), noti)
		}
		leggi(a.NativeRep().Expr(), noti, esclusi, &l)
		var nomi []string
		for n := range l.Nomi {
			nomi = append(nomi, n)
		}
		slices.Sort(nomi)
		if !slices.Equal(nomi, c.nomi) {
			t.Errorf("%s: nomi %v; want %v", c.src, nomi, c.nomi)
		}
		if len(l.Citati) != len(c.citati) {
			t.Errorf("%s: citati %v; want %v", c.src, l.Citati, c.citati)
		}
		for n, w := range c.citati {
			if !slices.Equal(l.Citati[n], w) {
				t.Errorf("%s: citati[%s] %v; want %v", c.src, n, l.Citati[n], w)
			}
		}
	}
	if got := Unici([]string{"b", "a", "b"}); !slices.Equal(got, []string{"a", "b"}) || Unici(nil) != nil {
		t.Errorf("Unici = %v", got)
	}
	if l := (&Cache{}).Di(nil, []string{"a.x"}); len(l.Nomi) != 0 {
		t.Errorf("Di(nil) = %v", l)
	}
}
