package lpu

import (
	"reflect"
	"testing"
	"unsafe"
)

// TestDatoCampoImporto: an amount is a given source of nel_calcolo when
// it is not zero, whatever its digits: «0.00» is not given, «0.01» is.
func TestDatoCampoImporto(t *testing.T) {
	var r struct{ I Importo }
	dato := datoCampo(reflect.TypeFor[Importo](), unsafe.Offsetof(r.I))
	for _, c := range []struct {
		s    string
		want bool
	}{{"0.00", false}, {"0", false}, {"0.01", true}} {
		i, err := ParseImporto(c.s)
		if err != nil {
			t.Fatal(err)
		}
		r.I = i
		if got := dato(unsafe.Pointer(&r), nil); got != c.want {
			t.Errorf("%s: dato %v; want %v", c.s, got, c.want)
		}
	}
}
