package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestComandi runs the binary's commands as a user would, through the
// same entry point as main: exit status and output.
func TestComandi(t *testing.T) {
	esempio186 := `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}}`
	enorme := `{"x":"` + strings.Repeat("a", 1<<20) + `"}`
	for _, tc := range []struct {
		nome, stdin string
		args        []string
		stato       int
		contiene    string
	}{
		{"calcolo 186", esempio186, []string{"calcolo"}, 0, `"ore": 102`},
		{"calcolo JSON rotto", `{"fattispecie":`, []string{"calcolo"}, 2, `"codice": "json_non_valido"`},
		{"calcolo troppo grande", enorme, []string{"calcolo"}, 2, `"codice": "richiesta_troppo_grande"`},
		{"piano troppo grande", enorme, []string{"piano"}, 2, `"codice": "richiesta_troppo_grande"`},
		{"piano MAP del vademecum", `{"fattispecie":"map","ore":48,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4},"comune":"Milano"}`,
			[]string{"piano"}, 0, `"termine": "2025-10-01"`},
		{"fondo senza data", `{"fattispecie":"cds186"}`, []string{"fondo"}, 2, `"campo": "data_inizio"`},
		{"convenzione senza decorrenza", `{"fattispecie":"cds186","data":"2025-06-10","convenzione":{"modello":"dm2001","anni":5}}`, []string{"convenzione"}, 2,
			`"messaggio": "indicare la «Decorrenza della convenzione»",`},
		{"piano senza inizio", `{"fattispecie":"cds186","ore":4,"giorni_settimana":{"sab":4}}`, []string{"piano"}, 2,
			`"messaggio": "indicare il «Primo giorno possibile»: il primo giorno in cui la persona può iniziare",`},
		// A bound's message names its field by its label, lpu piano's
		// (and its calendar file's) as lpu calcolo's.
		{"calcolo, ore svolte negative", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1}},"esecuzione":{"ore_svolte":-3}}`,
			[]string{"calcolo"}, 2, `"messaggio": "«Ore di lavoro già svolte»: il valore non può essere negativo (-3)"`},
		{"piano, ore svolte negative", `{"fattispecie":"map","ore":48,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4},"ore_svolte":-5}`,
			[]string{"piano"}, 2, `"messaggio": "«Ore di lavoro già svolte»: il valore non può essere negativo (-5)"`},
		{"piano --ics, ore di un giorno", `{"fattispecie":"cds186","ore":10,"inizio":"2025-07-01","giorni_settimana":{"gio":30}}`,
			[]string{"piano", "--ics"}, 2, `"messaggio": "«Ore per giorno della settimana (giovedì)»: valore troppo grande (30; al massimo 24)"`},
		{"comando sconosciuto", ``, []string{"boh"}, 2, ``},
		{"regole verifica", ``, []string{"regole", "verifica"}, 0, `regole valide: 9 fattispecie`},
	} {
		t.Run(tc.nome, func(t *testing.T) {
			var out, errb bytes.Buffer
			stato := esegui(tc.args, strings.NewReader(tc.stdin), &out, &errb)
			if stato != tc.stato {
				t.Errorf("exit %d; want %d (stderr: %s)", stato, tc.stato, errb.String())
			}
			if !strings.Contains(out.String(), tc.contiene) {
				t.Errorf("stdout = %.300s; want it to contain %s", out.String(), tc.contiene)
			}
		})
	}
}

// TestRulesNonCartella: --rules naming no folder (missing, or a file) is
// a usage error of every command that reads rules, never the embedded
// rules alone answered as if they were those asked for.
func TestRulesNonCartella(t *testing.T) {
	file := filepath.Join(t.TempDir(), "regole.yaml")
	if err := os.WriteFile(file, []byte("id: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	esempio186 := `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"}}`
	for _, dir := range []string{filepath.Join(t.TempDir(), "manca"), file} {
		for _, args := range [][]string{
			{"calcolo", "--rules", dir}, {"fondo", "--rules=" + dir}, {"lotto", "--rules", dir},
			{"piano", "--rules", dir}, {"regole", "test", dir}, {"regole", "verifica", dir},
			{"regole", "test", "--rules", dir}, {"regole", "verifica", "--rules=" + dir},
		} {
			var out, errb bytes.Buffer
			stato := esegui(args, strings.NewReader(esempio186), &out, &errb)
			if stato != 2 || out.Len() > 0 || !strings.Contains(errb.String(), dir+" non è una cartella") {
				t.Errorf("%v: exit %d, stdout %.200q, stderr %q; want 2, nothing, «%s non è una cartella»", args, stato, out.String(), errb.String(), dir)
			}
		}
	}
}

// TestPianoRegistroBOM: the CLI's register starts with a BOM, as the web's
// (Excel reads «lunedì» right), ends with the totals, and --senza-bom
// leaves the BOM out.
func TestPianoRegistroBOM(t *testing.T) {
	req := `{"fattispecie":"cds186","ore":6,"inizio":"2025-12-01","giorni_settimana":{"lun":2},"riferimento":"R.G. 12/2025"}`
	for _, c := range []struct {
		args  []string
		bom   bool
		prima string
	}{
		{[]string{"piano", "--registro"}, true, "Riferimento;R.G. 12/2025\r\n"},
		{[]string{"piano", "--registro", "--bom"}, true, "Riferimento;"},
		{[]string{"piano", "--registro", "--senza-bom"}, false, "Riferimento;"},
	} {
		var out, errb bytes.Buffer
		if st := esegui(c.args, strings.NewReader(req), &out, &errb); st != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, st, errb.String())
		}
		s := out.String()
		if strings.HasPrefix(s, "\uFEFF") != c.bom || !strings.HasPrefix(strings.TrimPrefix(s, "\uFEFF"), c.prima) {
			t.Errorf("%v: starts %q; want BOM %v then %q", c.args, s[:min(len(s), 40)], c.bom, c.prima)
		}
		if !strings.HasSuffix(s, "Totale;;6;;;;;3 sessioni\r\n") {
			t.Errorf("%v: no totals row:\n%s", c.args, s)
		}
	}
}

// TestMain loads the embedded rules once for every command the tests
// run (an Engine is immutable; under -race a Load costs most of a second
// of CPU, and the tests run some forty commands): caricaRegole("")
// answers the same engine each time, and so does a directory without
// files (it overlays nothing: lpu serve --rules on an empty directory
// starts with the embedded rules). A directory of rules is loaded anew
// whenever its files are not those of a load before (the same path, the
// same names and bytes: a test that runs several commands on one overlay
// loads it once, as the tests of a server's reload load each change);
// a directory with anything but regular files and directories (a FIFO,
// a link) is always loaded anew, as the binary does.
func TestMain(m *testing.M) {
	var (
		una  sync.Once
		e    *lpu.Engine
		fsys fs.FS
		err  error
	)
	type caricata struct {
		e    *lpu.Engine
		fsys fs.FS
		err  error
	}
	var (
		mu       sync.Mutex
		caricate = map[string]caricata{}
	)
	caricaRegole = func(dir string) (*lpu.Engine, fs.FS, error) {
		chiave, ok := "", true
		if dir != "" {
			chiave, ok = contenuto(dir)
		}
		if !ok {
			return carica(dir)
		}
		if chiave == "" {
			una.Do(func() { e, fsys, err = carica("") })
			return e, fsys, err
		}
		mu.Lock()
		defer mu.Unlock()
		c, ok := caricate[chiave]
		if !ok {
			c.e, c.fsys, c.err = carica(dir)
			caricate[chiave] = c
		}
		return c.e, c.fsys, c.err
	}
	codice := m.Run()
	for _, dir := range cartelle {
		os.RemoveAll(dir)
	}
	os.Exit(codice)
}

// contenuto is the key of a directory of rules for TestMain's loads: its
// path as given, and the sha256 of every file's name and bytes; "" if it
// has no file; false if it holds anything but regular files and
// directories, or cannot be read.
func contenuto(dir string) (string, bool) {
	h := sha256.New()
	fmt.Fprintf(h, "%q\n", dir)
	file := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return errors.New("non regolare")
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%q %d\n", p, len(b))
		h.Write(b)
		file++
		return nil
	})
	if err == nil && file == 0 {
		return "", true
	}
	return hex.EncodeToString(h.Sum(nil)), err == nil
}

// TestRegolaFallita: a rule that cannot be applied to a case (a division
// by zero) exits 1, with the contract's error on standard output and one
// line on standard error, in Italian, with one «lpu: ».
func TestRegolaFallita(t *testing.T) {
	dir := t.TempDir()
	regola := `id: div
tipo: calcolo
titolo: Divisione
fonte: art. 1 legge di prova
vigenza: {dal: 2020-01-01}
passi:
  - {id: g, calcola: giorni, valore: "100 / pena.giorni_lpu", fonte: art. 1, testo: "{giorni}"}
  - {id: o, calcola: ore, valore: giorni * 2, fonte: art. 1, testo: "{ore}"}
  - {id: m, calcola: ore_giornaliere_max, valore: "8", fonte: art. 1, testo: "{ore_giornaliere_max}"}
`
	if err := os.WriteFile(filepath.Join(dir, "div.yaml"), []byte(regola), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	stato := esegui([]string{"calcolo", "--rules", dir}, strings.NewReader(`{"fattispecie":"div","data":"2025-06-10","pena":{"giorni_lpu":0}}`), &out, &errb)
	want := "lpu: la regola div.g non può essere applicata a questo caso: divisione per zero\n"
	if stato != 1 || errb.String() != want || !strings.Contains(out.String(), `"codice": "regola_fallita"`) {
		t.Errorf("exit %d, stdout %s, stderr %q; want 1, regola_fallita, %q", stato, out.String(), errb.String(), want)
	}
}
