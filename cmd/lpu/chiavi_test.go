package main

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/rules"
)

// TestModelloDatato: an overlay that adds a model of convention from
// 2030 with a dated version of the mappe keyed by the model is valid
// (regole verifica); a convenzione request of 2025 that names it exits
// 2 with the error on convenzione.modello, one of 2031 is answered.
func TestModelloDatato(t *testing.T) {
	b, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const vecchio = "etichetta: Modello della convenzione\n        valori:\n"
	dir, err := cartella(map[string]string{
		"mie/vocabolario.yaml": strings.Replace(string(b), vecchio, vecchio+"          dm2030: modello del D.M. 2030\n", 1),
		"mie/dm2030.yaml": `id: dm2030
tipo: parametri
titolo: Modello del D.M. 2030
fonte: DM 2030
vigenza: {dal: 2030-01-01}
modifiche:
  convenzione.convenzione_attivita_modello:
    valori:
      - {dal: 2030-01-01, valore: {dm2001: [sociale], dm88_2015: [sociale], dm2023_56bis: [sociale], dm2030: [sociale]}, fonte: DM 2030}
  convenzione_fattispecie_consentite:
    valori:
      - {dal: 2030-01-01, valore: {dm2001: [gdp54], dm88_2015: [map], dm2023_56bis: [l689_56bis, l689_103], dm2030: [l689_56bis]}, fonte: DM 2030}
`,
	})
	if err != nil {
		t.Fatal(err)
	}
	mie := filepath.Join(dir, "mie")
	esegui1 := func(stdin string, args ...string) (int, string) {
		var out, errb bytes.Buffer
		stato := esegui(args, strings.NewReader(stdin), &out, &errb)
		return stato, out.String() + errb.String()
	}
	if stato, out := esegui1("", "regole", "verifica", mie); stato != 0 {
		t.Fatalf("regole verifica: exit %d: %s", stato, out)
	}
	richiesta := func(data string) string {
		return `{"fattispecie":"l689_56bis","data":"` + data + `","convenzione":{"modello":"dm2030","decorrenza":"2030-01-01","anni":5,"attivita":["sociale"]}}`
	}
	stato, out := esegui1(richiesta("2025-06-10"), "convenzione", "--rules", mie)
	if stato != 2 || !strings.Contains(out, `"codice": "valore_non_ammesso"`) || !strings.Contains(out, `"campo": "convenzione.modello"`) ||
		!strings.Contains(out, "il valore «modello del D.M. 2030» di «Modello della convenzione» non è previsto alla data del 10/06/2025") {
		t.Errorf("convenzione 2025: exit %d, %s; want 2 and valore_non_ammesso on convenzione.modello", stato, out)
	}
	if stato, out := esegui1(richiesta("2031-06-10"), "convenzione", "--rules", mie); stato != 0 || !strings.Contains(out, `"valida": true`) {
		t.Errorf("convenzione 2031: exit %d, %.400s; want 0, valida", stato, out)
	}
}
