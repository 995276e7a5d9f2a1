package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/lpu-it/lpu/rules"
)

// verificaRotta is the exit status and output of `lpu regole verifica
// overlay` on an overlay/ with three broken files, in a directory of its
// own, run once (a Load of the embedded rules with the overlay) for the
// two tests that read it:
//   - caro.yaml, whose CEL could take the server down (replace() on a
//     replaced text: 9 GB at the first calcolo), line 9
//     (TestRegoleVerificaOstili);
//   - rotta.yaml, a rule file with an undeclared name on line 9, and
//     generali.yaml without euro_per_giorno, which the embedded
//     cds186.yaml reads (TestRegoleOverlayNominaIlFile).
var verificaRotta = sync.OnceValues(func() (int, string) {
	r1 := strings.Repeat("a", 300) + strings.Repeat("b", 10)
	generali, err := fs.ReadFile(rules.FS, "generali.yaml")
	if err != nil {
		return -1, err.Error()
	}
	senza := strings.Replace(string(generali), "  euro_per_giorno:", "  euro_per_giorno_tolto:", 1)
	if senza == string(generali) {
		return -1, "generali.yaml has no euro_per_giorno"
	}
	dir, err := cartella(map[string]string{
		"overlay/caro.yaml": `id: caro
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
`,
		"overlay/rotta.yaml": `id: rotta
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
`,
		"overlay/generali.yaml": senza,
	})
	if err != nil {
		return -1, err.Error()
	}
	// (from dir, the overlay named by a relative path, as a user gives it)
	prima, err := os.Getwd()
	if err != nil {
		return -1, err.Error()
	}
	if err := os.Chdir(dir); err != nil {
		return -1, err.Error()
	}
	defer os.Chdir(prima)
	var out, errb bytes.Buffer
	stato := esegui([]string{"regole", "verifica", "overlay"}, strings.NewReader(""), &out, &errb)
	return stato, out.String() + errb.String()
})

// TestRegoleVerificaOstili: lpu regole verifica refuses an overlay whose
// CEL could take the server down (replace() on a replaced text: 9 GB at
// the first calcolo) or that is too large, with the file:line:col of the
// problem, and exit 1.
func TestRegoleVerificaOstili(t *testing.T) {
	t.Run("sostituzioni", func(t *testing.T) {
		stato, out := verificaRotta()
		if stato != 1 {
			t.Errorf("exit %d; want 1 (%.500s)", stato, out)
		}
		if want := filepath.Join("overlay", "caro.yaml") + ":9:"; !strings.Contains(out, want) {
			t.Errorf("output = %.800s; want it to contain %s", out, want)
		}
	})
	t.Run("troppo grande", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "grande.yaml"), []byte("# "+strings.Repeat("x", 2<<20)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		if stato := esegui([]string{"regole", "verifica", dir}, strings.NewReader(""), &out, &errb); stato != 1 {
			t.Errorf("exit %d; want 1 (stdout: %s)", stato, out.String())
		}
		// (the problem names the overlay's own file, by its path)
		if want := filepath.Join(dir, "grande.yaml:1:1: file troppo grande"); !strings.Contains(errb.String(), want) {
			t.Errorf("stderr = %.500s; want it to contain %s", errb.String(), want)
		}
	})
}

// TestRegoleOverlayNominaIlFile: the problems of an overlay's file name
// that file by its path, as the user gave the directory (here relative:
// overlay/…), and those of the embedded files stay rules/…; a failing case
// of an overlay's suite is named by its path too.
func TestRegoleOverlayNominaIlFile(t *testing.T) {
	// One overlay, one load (verificaRotta's, shared with
	// TestRegoleVerificaOstili): rotta.yaml's problem on line 9, and
	// generali.yaml's missing euro_per_giorno, a problem of the embedded
	// cds186.yaml.
	stato, out := verificaRotta()
	if stato != 1 {
		t.Fatalf("exit %d; want 1 (%.800s)", stato, out)
	}
	if want := filepath.Join("overlay", "rotta.yaml") + ":9:"; !strings.Contains(out, want) {
		t.Errorf("output = %.800s\nwant it to contain %s", out, want)
	}
	if strings.Contains(out, "rules/rotta.yaml") {
		t.Errorf("output names the overlay's file as an embedded one:\n%.800s", out)
	}
	// A problem of an embedded file caused by the overlay stays rules/…
	if !strings.Contains(out, "rules/cds186.yaml:") || strings.Contains(out, filepath.Join("overlay", "cds186.yaml")) {
		t.Errorf("output = %.800s\nwant the embedded cds186.yaml named rules/cds186.yaml", out)
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

// TestRegoleOpzioni: lpu regole verifica and test take the folder as
// every other command does, --rules DIR, as well as after the command;
// -h prints the usage, and a mistake says what it is before it (review
// 39: «--rules ov» printed the usage alone, exit 2, and -h answered «-h
// non è una cartella»).
func TestRegoleOpzioni(t *testing.T) {
	overlayProva(t)
	for _, c := range []struct {
		args  []string
		stato int
		dice  string
	}{
		{[]string{"regole", "verifica", "--rules", "overlay"}, 0, "regole valide: 10 fattispecie"},
		{[]string{"regole", "verifica", "--rules=overlay"}, 0, "regole valide: 10 fattispecie"},
		{[]string{"regole", "verifica", "overlay"}, 0, "regole valide: 10 fattispecie"},
		{[]string{"regole", "verifica", "-h"}, 0, "uso: lpu regole verifica [--rules DIR]"},
		{[]string{"regole", "test", "--help"}, 0, "uso: lpu regole test [--rules DIR]"},
		{[]string{"regole", "-h"}, 0, "uso: lpu regole test [--rules DIR] | lpu regole verifica [--rules DIR]"},
		{[]string{"regole"}, 2, "lpu: manca il comando: test o verifica\nuso: lpu regole"},
		{[]string{"regole", "verificare"}, 2, "lpu: comando sconosciuto «verificare»: test o verifica\nuso: lpu regole"},
		{[]string{"regole", "verifica", "overlay", "--rules", "overlay"}, 2, "lpu: cartella indicata due volte («overlay» e --rules overlay): indicarla una volta sola"},
		{[]string{"regole", "verifica", "overlay", "altro"}, 2, "lpu: argomento inatteso «altro»\nuso: lpu regole verifica"},
		{[]string{"regole", "verifica", "--regole", "overlay"}, 2, "lpu: opzione sconosciuta --regole\nuso: lpu regole verifica"},
	} {
		var out, errb bytes.Buffer
		stato := esegui(c.args, strings.NewReader(""), &out, &errb)
		if got := out.String() + errb.String(); stato != c.stato || !strings.Contains(got, c.dice) {
			t.Errorf("%q: exit %d, %s\nwant %d and %q", c.args, stato, got, c.stato, c.dice)
		}
	}
}
