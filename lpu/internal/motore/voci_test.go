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
		v    ref.Val
		modo ModoVoci
		want string
	}{
		{types.String("dm2001"), VoceEtichetta, "«modello del D.M. 26 marzo 2001»"},
		{types.String("dm1999"), VoceEtichetta, "dm1999"},
		{types.String(""), VoceEtichetta, ""},
		// in the «» of the text
		{types.String("dm2001"), VoceCitata, "modello del D.M. 26 marzo 2001"},
		{types.String("dm1999"), VoceCitata, "dm1999"},
		{lista("sociale", "dm2001"), VoceEtichetta, "«finalità sociali», «modello del D.M. 26 marzo 2001»"},
		{lista("sociale", "pesca"), VoceEtichetta, "«finalità sociali», pesca"},
		{lista("giardinaggio", "pesca"), VoceCitata, "giardinaggio», «pesca"},
		{lista(), VoceEtichetta, ""},
		{types.Int(3), VoceEtichetta, "3"},
		// in a refusal: the code to write, then its label
		{types.String("dm2001"), VoceCodice, "«modello del D.M. 26 marzo 2001» (dm2001)"},
		{types.String("dm1999"), VoceCodice, "dm1999"},
		{lista("sociale", "pesca"), VoceCodice, "«finalità sociali» (sociale), pesca"},
	} {
		if got := string(AppendVoci(nil, c.v, voci, c.modo)); got != c.want {
			t.Errorf("AppendVoci(%v, modo %v) = %q, want %q", c.v, c.modo, got, c.want)
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
