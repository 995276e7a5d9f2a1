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
