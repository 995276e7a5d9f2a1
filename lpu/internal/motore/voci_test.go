package motore

import (
	"testing"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

func TestAppendVoci(t *testing.T) {
	voci := Voci{"dm2001": "modello del D.M. 26 marzo 2001", "sociale": "finalità sociali"}
	lista := func(s ...string) ref.Val { return types.DefaultTypeAdapter.NativeToValue(s) }
	for _, c := range []struct {
		v      ref.Val
		citato bool
		want   string
	}{
		{types.String("dm2001"), false, "«modello del D.M. 26 marzo 2001»"},
		{types.String("dm1999"), false, "dm1999"},
		{types.String(""), false, ""},
		// in the «» of the text
		{types.String("dm2001"), true, "modello del D.M. 26 marzo 2001"},
		{types.String("dm1999"), true, "dm1999"},
		{lista("sociale", "dm2001"), false, "«finalità sociali», «modello del D.M. 26 marzo 2001»"},
		{lista("sociale", "pesca"), false, "«finalità sociali», pesca"},
		{lista("giardinaggio", "pesca"), true, "giardinaggio», «pesca"},
		{lista(), false, ""},
		{types.Int(3), false, "3"},
	} {
		if got := string(AppendVoci(nil, c.v, voci, c.citato)); got != c.want {
			t.Errorf("AppendVoci(%v, citato %v) = %q, want %q", c.v, c.citato, got, c.want)
		}
	}
}

func TestUnisciVoci(t *testing.T) {
	a, b := Voci{"x": "X"}, Voci{"y": "Y"}
	if r := unisci(vociDi{tab: a}, vociDi{}); r.ignote || r.tab["x"] != "X" {
		t.Errorf("a with nothing: %+v", r)
	}
	if r := unisci(vociDi{tab: a}, vociDi{tab: b}); r.ignote || r.tab["x"] != "X" || r.tab["y"] != "Y" || len(a) != 1 {
		t.Errorf("a with b: %+v (a %v)", r, a)
	}
	if r := unisci(vociDi{tab: a}, vociDi{tab: Voci{"x": "altro"}}); !r.ignote {
		t.Errorf("two labels of x: %+v, want unknown", r)
	}
	if r := unisci(vociIgnote, vociDi{tab: a}); !r.ignote {
		t.Errorf("unknown with a: %+v, want unknown", r)
	}
}
