package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/rules"
)

// cartelle are the directories the tests make once (cartella), removed
// by TestMain.
var cartelle []string

// cartella makes a directory of its own with the files named (paths
// relative to it) and returns its path.
func cartella(file map[string]string) (string, error) {
	dir, err := os.MkdirTemp("", "lpu-cmd-")
	if err != nil {
		return "", err
	}
	cartelle = append(cartelle, dir)
	for nome, src := range file {
		p := filepath.Join(dir, nome)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// dirOverlayProva is a directory whose overlay/ adds a fattispecie (a
// new file of tipo calcolo, prova.yaml) with its suite (test/prova.yaml,
// a case that passes), and a suite with a case of cds186 that fails
// (test/mia.yaml, line 4).
var dirOverlayProva = sync.OnceValues(func() (string, error) {
	return cartella(map[string]string{
		"overlay/prova.yaml": `id: prova
tipo: calcolo
titolo: Una fattispecie di prova
fonte: art. 1 legge di prova
vigenza: {dal: 2020-01-01}
parametri:
  quota: {tipo: intero, valore: 3, fonte: art. 1 c.2}
passi:
  - {id: g, calcola: giorni, valore: pena.giorni_lpu * legge.quota, fonte: art. 1, testo: "{giorni} giorni"}
  - {id: o, calcola: ore, valore: giorni * legge.ore_per_giorno, fonte: art. 54 c.5 d.lgs. 274/2000, testo: "{ore} ore"}
  - {id: m, calcola: ore_giornaliere_max, valore: legge.ore_giornaliere_max, fonte: art. 54 c.4, testo: "{ore_giornaliere_max} ore al giorno"}
`,
		"overlay/test/prova.yaml": `titolo: Casi della fattispecie di prova
tipo: calcolo
casi:
  - nome: dieci giorni diventano trenta
    richiesta: {fattispecie: prova, data: "2025-06-10", pena: {giorni_lpu: 10}}
    atteso: {ammissibile: true, giorni: 30, ore: 60}
`,
		"overlay/test/mia.yaml": `titolo: Un caso sbagliato
tipo: calcolo
casi:
  - nome: giorni sbagliati
    richiesta: {fattispecie: cds186, data: "2025-06-10", pena: {ammenda: "1500"}}
    atteso: {giorni: 1}
`,
	})
})

// overlayProva changes the test's directory to dirOverlayProva's, where
// the overlay is overlay/, a relative path as a user gives it.
func overlayProva(t *testing.T) {
	t.Helper()
	dir, err := dirOverlayProva()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
}

// regoleTestOverlay is the exit status and output of `lpu regole test
// overlay` on dirOverlayProva's overlay, run once (the embedded suites
// and the overlay's: under -race, a second of CPU) for the two tests that
// read it: TestOverlayFattispecie (the overlay's case runs beside the
// embedded ones) and TestRegoleOverlayNominaIlFile (the failing case is
// named by its path).
var regoleTestOverlay = sync.OnceValues(func() (int, string) {
	var out, errb bytes.Buffer
	stato := esegui([]string{"regole", "test", "overlay"}, strings.NewReader(""), &out, &errb)
	return stato, out.String() + errb.String()
})

// casiIncorporati counts the cases of the embedded suites (rules/test).
func casiIncorporati(t *testing.T) int {
	t.Helper()
	nomi, err := fs.Glob(rules.FS, "test/*.yaml")
	if err != nil || len(nomi) == 0 {
		t.Fatalf("rules/test: %v, %d suite", err, len(nomi))
	}
	n := 0
	for _, nome := range nomi {
		src, err := fs.ReadFile(rules.FS, nome)
		if err != nil {
			t.Fatal(err)
		}
		var s struct {
			Casi []yaml.Node `yaml:"casi"`
		}
		if err := yaml.Unmarshal(src, &s); err != nil {
			t.Fatalf("%s: %v", nome, err)
		}
		n += len(s.Casi)
	}
	return n
}

// TestOverlayFattispecie: an overlay directory adds a fattispecie (a new
// file of tipo calcolo) with its suite, and no Go: lpu regole verifica
// counts it, lpu regole test runs its case beside the embedded ones, and
// lpu calcolo --rules computes it.
func TestOverlayFattispecie(t *testing.T) {
	overlayProva(t)
	esegui1 := func(stdin string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		stato := esegui(args, strings.NewReader(stdin), &out, &errb)
		return stato, out.String(), errb.String()
	}
	_, base, _ := esegui1("", "regole", "verifica")
	stato, conOverlay, errs := esegui1("", "regole", "verifica", "overlay")
	if stato != 0 {
		t.Fatalf("regole verifica overlay: exit %d: %s", stato, errs)
	}
	// "regole valide: N fattispecie, …"
	n := func(s string) int { x, _ := strconv.Atoi(strings.Fields(s + " - - -")[2]); return x }
	if nb, no := n(base), n(conOverlay); nb == 0 || no != nb+1 {
		t.Errorf("fattispecie: %d embedded, %d with the overlay; want one more", nb, no)
	}

	// Every embedded case passes and the overlay's too; the one that
	// fails is test/mia.yaml's (TestRegoleOverlayNominaIlFile's).
	_, suite := regoleTestOverlay()
	if strings.Count(suite, "FAIL ") != 1 || !strings.Contains(suite, "FAIL "+filepath.Join("overlay", "test", "mia.yaml")+":") {
		t.Errorf("regole test overlay: want one failing case, test/mia.yaml's:\n%.1500s", suite)
	}
	// and each suite with its counts, the overlay's by their paths; no
	// fattispecie without a suite
	for _, want := range []string{filepath.Join("overlay", "test", "mia.yaml") + ": 0 passed, 1 failed\n", filepath.Join("overlay", "test", "prova.yaml") + ": 1 passed, 0 failed\n"} {
		if !strings.Contains(suite, want) || strings.Contains(suite, "nota:") {
			t.Errorf("regole test overlay: want %q and no note:\n%s", want, suite)
		}
	}
	// "N passed, 1 failed" on the last line
	riga := strings.Fields(suite[strings.LastIndex(strings.TrimSpace(suite), "\n")+1:] + " - - -")
	if po, _ := strconv.Atoi(riga[0]); po != casiIncorporati(t)+1 || riga[2] != "1" {
		t.Errorf("regole test: %q; want the %d embedded cases passed and the overlay's, one failed", strings.Join(riga[:4], " "), casiIncorporati(t))
	}

	stato, calcolo, errs := esegui1(`{"fattispecie":"prova","data":"2025-06-10","pena":{"giorni_lpu":10}}`, "calcolo", "--rules", "overlay")
	if stato != 0 || !strings.Contains(calcolo, `"giorni": 30`) || !strings.Contains(calcolo, `"ore": 60`) {
		t.Errorf("calcolo --rules: exit %d, %.600s%s; want 30 giorni, 60 ore", stato, calcolo, errs)
	}
}

// TestRegoleFileNonLetti: what an overlay holds that is never read is
// told (review 39). A rule file or a suite saved as .yml is a problem of
// the rules at its path, for verifica and test alike; lpu regole test
// names each suite it ran with its counts, and the fattispecie without
// a suite, test/<id>.yaml (here saved in tests/): before, «N passed, 0
// failed» and exit 0 did not tell that a suite never ran.
func TestRegoleFileNonLetti(t *testing.T) {
	base, err := dirOverlayProva()
	if err != nil {
		t.Fatal(err)
	}
	prova, err := os.ReadFile(filepath.Join(base, "overlay", "prova.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	suite, err := os.ReadFile(filepath.Join(base, "overlay", "test", "prova.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir, err := cartella(map[string]string{
		"yml/prova.yml":           string(prova),
		"yml_test/prova.yaml":     string(prova),
		"yml_test/test/prova.yml": string(suite),
		"tests/prova.yaml":        string(prova),
		"tests/tests/prova.yaml":  string(suite),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	esegui1 := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		stato := esegui(args, strings.NewReader(""), &out, &errb)
		return stato, out.String() + errb.String()
	}
	for _, c := range []struct{ dir, want string }{
		{"yml", filepath.Join("yml", "prova.yml") + ":1:1: le regole si leggono solo dai file .yaml, non da questo: rinominarlo prova.yaml"},
		{"yml_test", filepath.Join("yml_test", "test", "prova.yml") + ":1:1: le suite di test si leggono solo dai file .yaml, non da questo: rinominarlo prova.yaml"},
	} {
		for _, cmd := range []string{"verifica", "test"} {
			if stato, out := esegui1("regole", cmd, c.dir); stato != 1 || !strings.Contains(out, c.want) {
				t.Errorf("regole %s %s: exit %d, %s\nwant exit 1 and %s", cmd, c.dir, stato, out, c.want)
			}
		}
	}
	stato, out := esegui1("regole", "test", "tests")
	out = "\n" + out
	for _, want := range []string{
		"\ntest/cds186.yaml: ",
		"\nnota: la fattispecie prova non ha una suite: i suoi casi vanno in " + filepath.Join("tests", "test", "prova.yaml") + "\n",
	} {
		if stato != 0 || !strings.Contains(out, want) {
			t.Errorf("regole test tests: exit %d, %s\nwant exit 0 and %q", stato, out, want)
		}
	}
	if strings.Count(out, "nota:") != 1 {
		t.Errorf("regole test tests: %s\nwant one note, prova's", out)
	}
}
