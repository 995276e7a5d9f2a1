package convenzione

import (
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// leggi parses a tipi_posto file with dati and reads it, with "a" and
// "b" the fattispecie loaded.
func leggi(t *testing.T, dati string) (*TipiPosto, spec.Problems) {
	t.Helper()
	var ps spec.Problems
	f := spec.Parse("tipi_posto.yaml", []byte("id: tipi_posto\ntipo: dati\ntitolo: x\nvigenza: {dal: 2001-01-01}\ndati:\n"+dati), &ps)
	if len(ps) > 0 || f == nil {
		t.Fatalf("Parse: %v", ps)
	}
	nota := func(id string) bool { return id == "a" || id == "b" }
	return LeggiTipiPosto(f, nota, []string{"a", "b"}, &ps), ps
}

func TestTipiPosto(t *testing.T) {
	tp, ps := leggi(t, "  predefinito: AF\n  fattispecie: {b: MAP}\n")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if got := tp.Tipo("b"); got != "MAP" {
		t.Errorf("Tipo(b) = %q; want MAP", got)
	}
	if got := tp.Tipo("a"); got != "AF" {
		t.Errorf("Tipo(a) = %q; want the default AF", got)
	}
	if got := (*TipiPosto)(nil).Tipo("a"); got != "" {
		t.Errorf("without the file, Tipo(a) = %q; want none", got)
	}
	for _, c := range []struct{ dati, want string }{
		{"  predefinito: AF\n  fattispecie: {c: MAP}\n", `tipi_posto.yaml:7:17: dati.fattispecie.c: fattispecie "c" sconosciuta: una di a, b`},
		{"  fattispecie: {a: MAP}\n", "tipi_posto.yaml:6:3: dati.predefinito: manca il tipo di posto"},
		{"  predefinito: AF\n  fattispecie: {a: MAP, a: AF}\n", `dati.fattispecie.a`},
		{"  predefinito: \"\"\n", "tipi_posto.yaml:6:16: dati.predefinito: tipo di posto vuoto"},
	} {
		_, ps := leggi(t, c.dati)
		if len(ps) == 0 || !strings.Contains(ps[0].Error(), c.want) {
			t.Errorf("%q: problems %v; want %s", c.dati, ps, c.want)
		}
	}
}
