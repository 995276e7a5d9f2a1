package lpu

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestImportoLeggibileComeDecode: the typed walk's shortcut for an
// amount (importoLeggibile, no text written) says «valid» only of
// amounts Decode reads from their text, and of every plain one: at the
// edges of the bound, of the decimals and of the sign, the two agree.
func TestImportoLeggibileComeDecode(t *testing.T) {
	for _, s := range []string{"0.01", "1", "250", "1500.5", "1500.50", "999999999.99", "1000000000", "1000000000.01",
		"1000000001", "0.001", "1.005", "-1", "-0.01", "0", "0.00", "1e3", "12345678901", "250.10"} {
		d := decimal.RequireFromString(s)
		_, err := leggiImporto(d.String(), "x")
		if breve := importoLeggibile(d); breve && err != nil {
			t.Errorf("%s: importoLeggibile says valid, Decode refuses %q: %v", s, d.String(), err)
		} else if !breve && err == nil && d.Sign() > 0 && d.Exponent() >= -2 && d.Exponent() <= 0 {
			t.Errorf("%s: importoLeggibile sends a plain amount Decode reads to the slow path", s)
		}
	}
}
