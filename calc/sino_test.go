package calc

import "testing"

// TestParseSiNo: the Italian yes and no, and nothing else.
func TestParseSiNo(t *testing.T) {
	for s, want := range map[string][2]bool{
		"sì": {true, true}, " SÌ ": {true, true}, "si": {true, true}, "sí": {true, true}, "SI'": {true, true}, "si`": {true, true}, "S": {true, true}, "vero": {true, true}, "true": {true, true}, "1": {true, true},
		"no": {false, true}, "N": {false, true}, "falso": {false, true}, "False": {false, true}, "0": {false, true},
		"": {false, false}, "forse": {false, false}, "x": {false, false}, "on": {false, false}, "sìsì": {false, false},
	} {
		if si, ok := ParseSiNo(s); si != want[0] || ok != want[1] {
			t.Errorf("ParseSiNo(%q) = %v, %v; want %v, %v", s, si, ok, want[0], want[1])
		}
	}
}
