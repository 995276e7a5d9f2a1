package lpu_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestCampiNonLetti: a calcolo that gives a value to a field the rules of
// its fattispecie never read is told so, by the field's label, not
// ignored in silence; the same field for the fattispecie that reads it,
// or left at its zero or its default, says nothing.
func TestCampiNonLetti(t *testing.T) {
	e := engine(t)
	calcolo := func(body string) []string {
		t.Helper()
		v, err := e.Run(context.Background(), "calcolo", []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		return v.(*lpu.Risultato).Avvertenze
	}
	nonLetti := func(av []string) []string {
		var out []string
		for _, a := range av {
			if strings.Contains(a, "sul calcolo della fattispecie") && strings.Contains(a, "le sue regole non l") {
				out = append(out, a)
			}
		}
		return out
	}
	cds186 := `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1},"ammenda":"1500"},"opzioni":{"durata_55":%s}}`
	got := nonLetti(calcolo(strings.Replace(cds186, "%s", `"giorni"`, 1)))
	want := "il dato «Durata del lavoro (art. 55 d.lgs. 274/2000)» non incide sul calcolo della fattispecie «Guida sotto l'influenza dell'alcool (art. 186 c.9-bis C.d.S.)»: le sue regole non lo leggono"
	if len(got) != 1 || got[0] != want {
		t.Errorf("cds186 con opzioni.durata_55: avvertenze %q, attesa %q", got, want)
	}
	for _, v := range []string{`""`, `"periodo"`} { // zero, default
		if got := nonLetti(calcolo(strings.Replace(cds186, "%s", v, 1))); len(got) != 0 {
			t.Errorf("cds186 con opzioni.durata_55 %s: avvertenze %q", v, got)
		}
	}
	gdp55 := `{"fattispecie":"gdp55","data":"2025-06-10","pena":{"multa":"300"},"opzioni":{"durata_55":"giorni"}}`
	if got := nonLetti(calcolo(gdp55)); len(got) != 0 {
		t.Errorf("gdp55 con opzioni.durata_55: avvertenze %q", got)
	}
	// Two fields: both named, in the vocabulary's order.
	due := `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1},"ammenda":"1500","giorni_lpu":10},"opzioni":{"durata_55":"giorni"}}`
	got = nonLetti(calcolo(due))
	if len(got) != 1 || !strings.HasPrefix(got[0], "i dati «") || !strings.Contains(got[0], "» e «Durata del lavoro (art. 55 d.lgs. 274/2000)» non incidono sul calcolo della fattispecie") || !strings.HasSuffix(got[0], ": le sue regole non li leggono") {
		t.Errorf("cds186 con due campi non letti: avvertenze %q", got)
	}
	for _, a := range got {
		if strings.Contains(a, "opzioni.") || strings.Contains(a, "pena.") || strings.Contains(a, "durata_55") {
			t.Errorf("l'avvertenza nomina un campo per il suo percorso: %q", a)
		}
	}
}
