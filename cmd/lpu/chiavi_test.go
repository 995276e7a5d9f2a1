package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/internal/modelli2030"
)

// TestModelloDatato: an overlay that adds a model of convention from
// 2030 with a dated version of the mappe keyed by the model is valid
// (regole verifica); a convenzione request of 2025 that names it exits
// 2 with the error on convenzione.modello, one of 2031 is answered.
func TestModelloDatato(t *testing.T) {
	file, err := modelli2030.File()
	if err != nil {
		t.Fatal(err)
	}
	mieFile := map[string]string{}
	for nome, f := range file {
		mieFile["mie/"+nome] = string(f.Data)
	}
	dir, err := cartella(mieFile)
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
