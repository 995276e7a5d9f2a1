package lpu_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestValoreNonAmmessoEtichetta: a request (JSON: codes only) that writes
// a value by its label is told the code to write, not offered the label
// as if it were accepted; a label longer than the field's bound is a
// value not allowed too, not «testo troppo lungo».
func TestValoreNonAmmessoEtichetta(t *testing.T) {
	e := engine(t)
	for _, c := range []struct{ conv, want string }{
		{"modello del D.M. 26 marzo 2001", "valore «modello del D.M. 26 marzo 2001» non ammesso: la richiesta indica il codice: scrivere dm2001 per «modello del D.M. 26 marzo 2001»"},
		{"Modello del D.M. 88/2015 (messa alla prova)", "valore «Modello del D.M. 88/2015 (messa alla prova)» non ammesso: la richiesta indica il codice: scrivere dm88_2015 per «modello del D.M. 88/2015 (messa alla prova)»"},
		{"DM2001", "valore «DM2001» non ammesso: la richiesta indica il codice: scrivere dm2001 per «modello del D.M. 26 marzo 2001»"},
		{strings.Repeat("x", 100), "valore «" + strings.Repeat("x", 60) + "…» non ammesso: uno di «modello del D.M. 26 marzo 2001» (dm2001)"},
	} {
		_, err := e.Run(context.Background(), "fondo", []byte(`{"fattispecie":"cds186","data_inizio":"2025-07-01","giorni":30,"convenzione":"`+c.conv+`"}`))
		le := lpu.AsError(err)
		if le == nil || le.Code != lpu.CodeValoreNonAmmesso || le.Field != "convenzione" || !strings.Contains(le.Message, c.want) {
			t.Errorf("%s: %+v;\nwant valore_non_ammesso on convenzione, with %q", c.conv, le, c.want)
		}
	}
}
