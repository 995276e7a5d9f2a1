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
		{"    etichetta: \"  \"\n", "", "f.yaml:11:16: parametri.giorni.etichetta: testo vuoto"},
		{"    etichetta:\n", "", "f.yaml:11:15: parametri.giorni.etichetta: etichetta: atteso un testo, il nome del parametro come lo legge un avvocato"},
		{"    etichetta: {a: b}\n", "", "f.yaml:11:16: parametri.giorni.etichetta: etichetta: atteso un testo, il nome del parametro come lo legge un avvocato"},
		{"    etichetta: " + strings.Repeat("è", spec.MaxEtichetta) + "\n", strings.Repeat("è", spec.MaxEtichetta), ""},
		{"    etichetta: \"a\\u0007b\"\n", "a\ab", "f.yaml:11:16: parametri.giorni.etichetta: carattere U+0007 non ammesso in un testo che una pagina mostra (di controllo, di direzione del testo o U+FEFF)"},
		// (a character that turns the text's direction: refused as the
		// YAML is read, TestYAMLInvisibili)
		{"    etichetta: " + strings.Repeat("è", spec.MaxEtichetta+1) + "\n", strings.Repeat("è", spec.MaxEtichetta+1),
			"f.yaml:11:16: parametri.giorni.etichetta: testo di 201 caratteri: al più 200"},
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

// The labels an overlay gives a page are bounded: a file's own, a
// field's, its help and its accepted values', each at its position.
func TestEtichetteLimitate(t *testing.T) {
	lunga := func(n int) string { return strings.Repeat("a", n) }
	src := "id: v\ntipo: vocabolario\ntitolo: V\nfonte: art. 1\netichette:\n  esito_si: " + lunga(spec.MaxEtichettaFile+1) +
		"\nrichieste:\n  calcolo:\n    campi:\n      opzioni.x:\n        tipo: testo\n        etichetta: " + lunga(spec.MaxEtichetta+1) +
		"\n        aiuto: " + lunga(spec.MaxAiuto+1) + "\n        valori:\n          a: " + lunga(spec.MaxEtichetta+1) + "\n"
	var ps spec.Problems
	spec.Parse("v.yaml", []byte(src), &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Error())
	}
	want := []string{
		"v.yaml:6:13: etichette.esito_si: testo di 501 caratteri: al più 500",
		"v.yaml:12:20: richieste.calcolo.campi.opzioni.x.etichetta: testo di 201 caratteri: al più 200",
		"v.yaml:13:16: richieste.calcolo.campi.opzioni.x.aiuto: testo di 1001 caratteri: al più 1000",
		"v.yaml:15:14: richieste.calcolo.campi.opzioni.x.valori.a: testo di 201 caratteri: al più 200",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problemi:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
