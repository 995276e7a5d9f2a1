package valori

import (
	"encoding/json"
	"testing"
)

func TestGenere(t *testing.T) {
	for x, want := range map[any]string{nil: "null", true: "un booleano", json.Number("3"): "un numero", "a": "un testo", 3: "un valore"} {
		if got := Genere(x); got != want {
			t.Errorf("Genere(%#v) = %q, want %q", x, got, want)
		}
	}
	if Genere([]any{1}) != "una lista" || Genere(map[string]any{}) != "un oggetto" {
		t.Error("lista/oggetto")
	}
}

func TestTesto(t *testing.T) {
	for _, c := range []struct {
		x    any
		want string
	}{{"sì", "sì"}, {nil, ""}, {2.5, "2.5"}, {1e21, "1000000000000000000000"}, {true, "true"}, {map[string]any{"mesi": 4}, `{"mesi":4}`}} {
		if got := Testo(c.x); got != c.want {
			t.Errorf("Testo(%#v) = %q, want %q", c.x, got, c.want)
		}
	}
}

func TestFoglie(t *testing.T) {
	v := map[string]any{"fattispecie": "cds186", "pena": map[string]any{"arresto": map[string]any{"mesi": 4}, "ammenda": "1500"}}
	got := map[string]string{}
	Foglie("", v, func(p string) bool { return p == "pena.arresto" }, func(p string, x any) { got[p] = Testo(x) })
	want := map[string]string{"fattispecie": "cds186", "pena.arresto": `{"mesi":4}`, "pena.ammenda": "1500"}
	if len(got) != len(want) {
		t.Fatalf("Foglie = %v, want %v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("Foglie[%s] = %q, want %q", k, got[k], w)
		}
	}
}
