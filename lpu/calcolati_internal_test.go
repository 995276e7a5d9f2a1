package lpu

import (
	"reflect"
	"testing"
)

// TestCalcolatiDegliStati: the names the decoder refuses as computed
// are the computed fields of the requests' states, with their types.
func TestCalcolatiDegliStati(t *testing.T) {
	stati := map[reflect.Type]reflect.Type{
		reflect.TypeFor[RichiestaFondo]():       reflect.TypeFor[statoFondo](),
		reflect.TypeFor[RichiestaConvenzione](): reflect.TypeFor[statoConvenzione](),
	}
	for req, st := range stati {
		n := 0
		for i := 0; i < st.NumField(); i++ {
			f := st.Field(i)
			if f.Tag.Get("lpu") != "calcolato" {
				continue
			}
			n++
			name := f.Tag.Get("json")
			c, ok := calcolati[req][name]
			if !ok || c.tipo != f.Type {
				t.Errorf("%s: computed field %s (%s) not refused by the decoder as such", st, name, f.Type)
			}
		}
		if n != len(calcolati[req]) {
			t.Errorf("%s: %d computed fields, the decoder refuses %d names", req, n, len(calcolati[req]))
		}
	}
	if len(calcolati) != len(stati) {
		t.Errorf("calcolati has %d request types", len(calcolati))
	}
}
