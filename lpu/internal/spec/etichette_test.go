package spec_test

import (
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestEtichettaFacoltativa: a parameter without a label loads (a file
// written before labels), one with a label keeps it, trimmed; a label
// that is not a text, or is empty, is a problem at its position.
func TestEtichettaFacoltativa(t *testing.T) {
	const testa = "id: x\ntipo: calcolo\ntitolo: X\nfonte: art. 1\nvigenza: {dal: 2020-01-01}\nparametri:\n  giorni:\n    tipo: intero\n    valore: 10\n    fonte: art. 1\n"
	for _, c := range []struct {
		riga, etichetta, problema string
	}{
		{"", "", ""},
		{"    etichetta: Giorni al minimo \n", "Giorni al minimo", ""},
		{"    etichetta: \"12\"\n", "12", ""},
		{"    etichetta: 12\n", "", "f.yaml:11:16: parametri.giorni.etichetta: etichetta: atteso un testo, non un intero"},
		{"    etichetta: sì\n", "sì", ""},
		{"    etichetta: true\n", "", "f.yaml:11:16: parametri.giorni.etichetta: etichetta: atteso un testo, non un booleano"},
		{"    etichetta: 2020-01-01\n", "", "f.yaml:11:16: parametri.giorni.etichetta: etichetta: atteso un testo, non una data"},
		{"    etichetta: \"  \"\n", "", "f.yaml:11:16: parametri.giorni.etichetta: etichetta: testo vuoto"},
		{"    etichetta:\n", "", "f.yaml:11:15: parametri.giorni.etichetta: etichetta: atteso un testo, il nome del parametro come lo legge un avvocato"},
		{"    etichetta: {a: b}\n", "", "f.yaml:11:16: parametri.giorni.etichetta: etichetta: atteso un testo, il nome del parametro come lo legge un avvocato"},
	} {
		var ps spec.Problems
		f := spec.Parse("f.yaml", []byte(testa+c.riga), &ps)
		var got []string
		for _, p := range ps {
			got = append(got, p.Error())
		}
		if strings.Join(got, "\n") != c.problema {
			t.Errorf("%q: problemi %q; want %q", c.riga, got, c.problema)
			continue
		}
		if f == nil || len(f.Parametri) != 1 {
			t.Fatalf("%q: %v", c.riga, f)
		}
		if e := f.Parametri[0].Etichetta; e != c.etichetta {
			t.Errorf("%q: etichetta %q; want %q", c.riga, e, c.etichetta)
		}
	}
}
