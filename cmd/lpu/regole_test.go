package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/rules"
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
		{"sostituzioni", "caro.yaml", sostituzioni, "caro.yaml:9:"},
		{"troppo grande", "grande.yaml", "# " + strings.Repeat("x", 2<<20) + "\n", "grande.yaml:1:1: file troppo grande"},
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
			// (the problem names the overlay's own file, by its path)
			if want := filepath.Join(dir, tc.contiene); !strings.Contains(errb.String(), want) {
				t.Errorf("stderr = %.500s; want it to contain %s", errb.String(), want)
			}
		})
	}
}

// TestRegoleOverlayNominaIlFile: the problems of an overlay's file name
// that file by its path, as the user gave the directory (here relative:
// overlay/…), and those of the embedded files stay rules/…; a failing case
// of an overlay's suite is named by its path too.
func TestRegoleOverlayNominaIlFile(t *testing.T) {
	t.Chdir(t.TempDir())
	scrivi := func(nome, src string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(nome), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(nome, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// One overlay, one load, two problems: a rule file with an undeclared
	// name on line 9, and a generali.yaml without euro_per_giorno, which
	// the embedded cds186.yaml reads.
	scrivi("overlay/rotta.yaml", `id: rotta
tipo: calcolo
titolo: Una regola rotta
fonte: art. 54 d.lgs. 274/2000
vigenza: {dal: 2020-01-01}
passi:
  - id: giorni
    calcola: giorni
    valore: pena.giorni_sbagliati
    fonte: art. 54
    testo: "-"
`)
	generali, err := fs.ReadFile(rules.FS, "generali.yaml")
	if err != nil {
		t.Fatal(err)
	}
	senza := strings.Replace(string(generali), "  euro_per_giorno:", "  euro_per_giorno_tolto:", 1)
	if senza == string(generali) {
		t.Fatal("generali.yaml has no euro_per_giorno")
	}
	scrivi("overlay/generali.yaml", senza)
	var out, errb bytes.Buffer
	if stato := esegui([]string{"regole", "verifica", "overlay"}, strings.NewReader(""), &out, &errb); stato != 1 {
		t.Fatalf("exit %d; want 1 (stdout: %s)", stato, out.String())
	}
	if want := filepath.Join("overlay", "rotta.yaml") + ":9:"; !strings.Contains(errb.String(), want) {
		t.Errorf("stderr = %.800s\nwant it to contain %s", errb.String(), want)
	}
	if strings.Contains(errb.String(), "rules/rotta.yaml") {
		t.Errorf("stderr names the overlay's file as an embedded one:\n%.800s", errb.String())
	}
	// A problem of an embedded file caused by the overlay stays rules/…
	if !strings.Contains(errb.String(), "rules/cds186.yaml:") || strings.Contains(errb.String(), filepath.Join("overlay", "cds186.yaml")) {
		t.Errorf("stderr = %.800s\nwant the embedded cds186.yaml named rules/cds186.yaml", errb.String())
	}

	// A failing case of the overlay's suite (test/mia.yaml of
	// dirOverlayProva's overlay, whose lpu regole test runs once for
	// this test and TestOverlayFattispecie).
	overlayProva(t)
	stato, suite := regoleTestOverlay()
	if stato != 1 {
		t.Fatalf("regole test overlay: exit %d; want 1:\n%.800s", stato, suite)
	}
	if want := "FAIL " + filepath.Join("overlay", "test", "mia.yaml") + ":4 giorni sbagliati"; !strings.Contains(suite, want) {
		t.Errorf("output = %.800s\nwant it to contain %s", suite, want)
	}
}
