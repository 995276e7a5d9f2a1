package spec_test

import (
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestTestiRichiesta: the texts of a kind of request (testi) load with
// exactly their placeholders; an unknown one, a missing one or an
// unknown key is a problem at its position.
func TestTestiRichiesta(t *testing.T) {
	const testa = "id: v\ntipo: vocabolario\ntitolo: V\nfonte: prova\nrichieste:\n  calcolo:\n    regole: per_id\n    data_riferimento: data\n    testi:\n"
	const buono = "il dato {campi} non incide sul calcolo della fattispecie {fattispecie}"
	for _, c := range []struct{ righe, problema string }{
		{"      campo_non_letto: \"" + buono + "\"\n", ""},
		{"      campo_non_letto: \"il dato {campo} per {fattispecie}\"\n",
			"f.yaml:10:24: richieste.calcolo.testi.campo_non_letto: campo_non_letto: segnaposto {campo} sconosciuto: valgono {campi}, {fattispecie}\n" +
				"f.yaml:10:24: richieste.calcolo.testi.campo_non_letto: campo_non_letto: manca il segnaposto {campi}"},
		{"      campi_non_letti: \"i dati {campi} non incidono\"\n",
			"f.yaml:10:24: richieste.calcolo.testi.campi_non_letti: campi_non_letti: manca il segnaposto {fattispecie}"},
		{"      altro: \"x\"\n",
			"f.yaml:10:7: richieste.calcolo.testi.altro: chiave sconosciuta \"altro\" (ammesse: campi_non_letti, campo_non_letto)"},
	} {
		var ps spec.Problems
		f := spec.Parse("f.yaml", []byte(testa+c.righe), &ps)
		var got []string
		for _, p := range ps {
			got = append(got, p.Error())
		}
		if strings.Join(got, "\n") != c.problema {
			t.Errorf("%q: problemi %q; want %q", c.righe, got, c.problema)
			continue
		}
		if c.problema == "" && f.Vocabolario.Richieste[0].Testi["campo_non_letto"] != buono {
			t.Errorf("%q: testi %q", c.righe, f.Vocabolario.Richieste[0].Testi)
		}
	}
}
