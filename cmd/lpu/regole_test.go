package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRegoleVerificaOstili: lpu regole verifica refuses an overlay whose
// CEL could take the server down (replace() on a replaced text: 9 GB at
// the first calcolo) or that is too large, with the file:line:col of the
// problem, and exit 1.
func TestRegoleVerificaOstili(t *testing.T) {
	r1 := strings.Repeat("a", 300) + strings.Repeat("b", 10)
	sostituzioni := `id: caro
tipo: calcolo
titolo: Un calcolo ostile
fonte: art. 54 d.lgs. 274/2000
vigenza: {dal: 2020-01-01}
passi:
  - {id: r1, calcola: r1, valore: '"` + r1 + `"', fonte: art. 54, testo: "-", mostra: false}
  - {id: r2, calcola: r2, valore: 'r1.replace("a", r1)', fonte: art. 54, testo: "-", mostra: false}
  - {id: r3, calcola: r3, valore: 'r2.replace("a", r2)', fonte: art. 54, testo: "-", mostra: false}
  - {id: giorni, calcola: giorni, valore: 'pena.giorni_lpu + size(r3)', fonte: art. 54, testo: "-"}
  - {id: ore, calcola: ore, valore: giorni, fonte: art. 54, testo: "-"}
  - {id: max, calcola: ore_giornaliere_max, valore: '8', fonte: art. 54, testo: "-"}
`
	for _, tc := range []struct {
		nome, file, src, contiene string
	}{
		{"sostituzioni", "caro.yaml", sostituzioni, "rules/caro.yaml:9:"},
		{"troppo grande", "grande.yaml", "# " + strings.Repeat("x", 2<<20) + "\n", "rules/grande.yaml:1:1: file troppo grande"},
	} {
		t.Run(tc.nome, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.src), 0o600); err != nil {
				t.Fatal(err)
			}
			var out, errb bytes.Buffer
			if stato := esegui([]string{"regole", "verifica", dir}, strings.NewReader(""), &out, &errb); stato != 1 {
				t.Errorf("exit %d; want 1 (stdout: %s)", stato, out.String())
			}
			if !strings.Contains(errb.String(), tc.contiene) {
				t.Errorf("stderr = %.500s; want it to contain %s", errb.String(), tc.contiene)
			}
		})
	}
}
