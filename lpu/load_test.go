package lpu_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

var aggiorna = flag.Bool("update", false, "riscrive i file .golden di testdata/broken")

// TestErroriRegole loads each broken rule file of testdata/broken beside
// the real rules/generali.yaml and compares every problem reported, as
// the exact "rules/x.yaml:L:C: percorso: messaggio" text, with the file's
// .golden (go test -run TestErroriRegole -update rewrites them). With -v
// it shows each problem under the line and column it names.
func TestErroriRegole(t *testing.T) {
	generali, err := fs.ReadFile(rules.FS, "generali.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("testdata/broken/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("testdata/broken: %v (%d file)", err, len(files))
	}
	for _, f := range files {
		nome := filepath.Base(f)
		t.Run(strings.TrimSuffix(nome, ".yaml"), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{"generali.yaml": {Data: generali}}
			if !strings.HasPrefix(nome, "vocabolario") { // (a broken vocabulary is its own)
				fsys = conVocabolario(t, fsys)
			}
			fsys[nome] = &fstest.MapFile{Data: src}
			_, err = lpu.Load(context.Background(), fsys)
			var er *lpu.LoadError
			if !errors.As(err, &er) {
				t.Fatalf("Load = %v, atteso *lpu.LoadError", err)
			}
			if !slices.IsSortedFunc(er.Problems, func(a, b lpu.Problem) int {
				if a.Line != b.Line {
					return a.Line - b.Line
				}
				return a.Column - b.Column
			}) {
				t.Errorf("problemi non in ordine di posizione:\n%v", err)
			}
			righe := strings.Split(string(src), "\n")
			for _, p := range er.Problems {
				if p.File != "rules/"+nome {
					t.Errorf("problema in %s, atteso rules/%s: %s", p.File, nome, p)
				}
				t.Log(mostraPosizione(righe, p))
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(f, ".yaml") + ".golden"
			if *aggiorna {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -run TestErroriRegole -update lo crea)", err)
			}
			if got != string(want) {
				t.Errorf("ottenuto:\n%s\natteso (%s):\n%s", got, golden, want)
			}
		})
	}
}

// mostraPosizione writes a problem under the source line it names, with a
// caret at its column (columns count characters, not bytes).
func mostraPosizione(righe []string, p lpu.Problem) string {
	if p.Line < 1 || p.Line > len(righe) {
		return p.String() + "\n  (riga fuori dal file)"
	}
	riga := righe[p.Line-1]
	pad := strings.Repeat(" ", max(0, p.Column-1))
	if n := utf8.RuneCountInString(riga); p.Column > n+1 {
		pad += "(oltre la fine della riga)"
	}
	return p.String() + "\n  " + strings.ReplaceAll(riga, "\t", " ") + "\n  " + pad + "^"
}

// TestCostoInEsecuzione: a program working on a list computed by an
// earlier step used to be tracked while it ran and stopped at the limit;
// the size of the list is now carried from the step that computes it,
// and the program is rejected at load, where its cost is known.
func TestCostoInEsecuzione(t *testing.T) {
	generali, err := fs.ReadFile(rules.FS, "generali.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := `id: caro
tipo: calcolo
titolo: Un calcolo troppo caro per i dati che riceve
fonte: art. 54 d.lgs. 274/2000
vigenza: {dal: 2020-01-01}
passi:
  - id: lista
    calcola: lista
    valore: 'LISTA'
    fonte: art. 54
    testo: "{lista}"
  - id: giorni
    calcola: giorni
    valore: lista.map(a, lista.map(b, lista.map(c, a + b + c))).size() + pena.giorni_lpu
    fonte: art. 54 c.2
    testo: "{giorni} giorni."
  - id: ore
    calcola: ore
    valore: giorni * legge.ore_per_giorno
    fonte: art. 54 c.5
    testo: "{ore} ore."
  - id: max
    calcola: ore_giornaliere_max
    valore: legge.ore_giornaliere_max
    fonte: art. 54 c.4
    testo: "Al più {ore_giornaliere_max} ore al giorno."
`
	var elementi []string // 50 texts: 125000 steps of the nested map()
	for i := range 50 {
		elementi = append(elementi, "''"+strconv.Itoa(i)+"''")
	}
	src = strings.Replace(src, "LISTA", "["+strings.Join(elementi, ", ")+"]", 1)
	_, err = lpu.Load(context.Background(), conVocabolario(t, fstest.MapFS{"generali.yaml": {Data: generali}, "caro.yaml": {Data: []byte(src)}}))
	var er *lpu.LoadError
	if !errors.As(err, &er) || len(er.Problems) != 1 || er.Problems[0].Code != "costo" || er.Problems[0].Line != 14 {
		t.Fatalf("Load = %v; atteso un solo problema «costo» alla riga 14", err)
	}
}

// TestDynInEsecuzione: the library's functions trust the checker for the
// types of their arguments; a value smuggled past it with dyn() makes the
// evaluation fail with a coded error, never a panic out of Evaluate.
func TestDynInEsecuzione(t *testing.T) {
	generali, err := fs.ReadFile(rules.FS, "generali.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := `id: dyn
tipo: calcolo
titolo: Un tipo nascosto al controllo
fonte: art. 54 d.lgs. 274/2000
vigenza: {dal: 2020-01-01}
passi:
  - id: giorni
    calcola: giorni
    valore: giorni(dyn(pena.giorni_lpu), opzioni.mese, data)
    fonte: art. 54 c.2
    testo: "{giorni} giorni."
  - id: ore
    calcola: ore
    valore: giorni * legge.ore_per_giorno
    fonte: art. 54 c.5
    testo: "{ore} ore."
  - id: max
    calcola: ore_giornaliere_max
    valore: legge.ore_giornaliere_max
    fonte: art. 54 c.4
    testo: "Al più {ore_giornaliere_max} ore al giorno."
`
	e, err := lpu.Load(context.Background(), conVocabolario(t, fstest.MapFS{"generali.yaml": {Data: generali}, "dyn.yaml": {Data: []byte(src)}}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Calcolo(context.Background(), &lpu.Richiesta{Fattispecie: "dyn", Data: lpu.NewData(2025, 6, 10), Pena: lpu.Pena{GiorniLPU: 5}})
	var er *lpu.Error
	if !errors.As(err, &er) || er.Code != lpu.CodeRegolaFallita || er.Kind != lpu.KindRule || !strings.Contains(er.Message, "dyn.giorni") {
		t.Fatalf("Evaluate = %v; atteso regola_fallita (KindRule) dalla regola dyn.giorni", err)
	}
}

// TestStratoNominaIFile: a problem of a file of a named layer carries
// the layer's name (the directory as the user gave it); the files of the
// embedded rules stay rules/…, and so do those of a layer without a name.
// Where two named layers are stacked, each file keeps its own. (On the
// synthetic rules of sintetico_test.go, whose files are named as the
// embedded ones.)
func TestStratoNominaIFile(t *testing.T) {
	rotta := []byte("id: rotta\ntipo: calcolo\ntitolo: Rotta\nfonte: art. 54\nvigenza: {dal: 2020-01-01}\npassi:\n  - {id: giorni, calcola: giorni, valore: pena.sbagliata, fonte: art. 54, testo: \"-\"}\n")
	// (tariffe.yaml without quota: the base's prova.yaml, which reads
	// it, has a problem of its own)
	senza := []byte(strings.Replace(sinteticoTariffe, "  quota:", "  quota_tolta:", 1))
	for _, tc := range []struct {
		nome string
		fsys fs.FS
		file map[string]bool // the files the problems must name, all of them
	}{
		{"assoluto", lpu.Overlay(regoleSintetiche(t), lpu.Layer("/etc/lpu/regole", fstest.MapFS{"rotta.yaml": {Data: rotta}})),
			map[string]bool{"/etc/lpu/regole/rotta.yaml": true}},
		{"relativo", lpu.Overlay(regoleSintetiche(t), lpu.Layer("overlay", fstest.MapFS{"rotta.yaml": {Data: rotta}})),
			map[string]bool{"overlay/rotta.yaml": true}},
		{"senza nome", lpu.Overlay(regoleSintetiche(t), fstest.MapFS{"rotta.yaml": {Data: rotta}}),
			map[string]bool{"rules/rotta.yaml": true}},
		{"due strati", lpu.Overlay(lpu.Overlay(regoleSintetiche(t), lpu.Layer("a", fstest.MapFS{"rotta.yaml": {Data: rotta}})),
			lpu.Layer("b", fstest.MapFS{"tariffe.yaml": {Data: senza}})),
			map[string]bool{"a/rotta.yaml": true, "rules/prova.yaml": true}},
	} {
		t.Run(tc.nome, func(t *testing.T) {
			_, err := lpu.Load(context.Background(), tc.fsys)
			var er *lpu.LoadError
			if !errors.As(err, &er) {
				t.Fatalf("Load = %v; want *lpu.LoadError", err)
			}
			visti := map[string]bool{}
			for _, p := range er.Problems {
				visti[p.File] = true
				if strings.HasPrefix(p.File, "rules/rotta") && !tc.file[p.File] {
					t.Errorf("problem names %s: %s", p.File, p)
				}
			}
			for f := range tc.file {
				if !visti[f] {
					t.Errorf("no problem names %s; got:\n%v", f, err)
				}
			}
		})
	}
}

// TestLoadErrorQuanti: one problem is «1 problema», as Italian says it.
func TestLoadErrorQuanti(t *testing.T) {
	for n, want := range map[int]string{1: "lpu: regole non valide (1 problema)\n", 2: "lpu: regole non valide (2 problemi)\n"} {
		e := &lpu.LoadError{Problems: make([]lpu.Problem, n)}
		if got := e.Error(); !strings.HasPrefix(got, want) {
			t.Errorf("%d: %q; want %q…", n, got, want)
		}
		if got := "lpu: " + e.Summary() + "\n"; got != want {
			t.Errorf("%d: Summary %q; want %q", n, got, want)
		}
	}
}

// TestLoadErrorLimitato: a file with one mistake in every step lists the
// first MaxProblems problems and counts them all.
func TestLoadErrorLimitato(t *testing.T) {
	generali, err := fs.ReadFile(rules.FS, "generali.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var passi strings.Builder
	for i := range 3 * lpu.MaxProblems {
		fmt.Fprintf(&passi, "  - {id: a%d, avverte: pena.giorni_lpu > 1 / 0, fonte: a, testo: x}\n", i)
	}
	_, err = lpu.Load(context.Background(), conVocabolario(t, fstest.MapFS{"generali.yaml": {Data: generali},
		"caro.yaml": {Data: []byte(fileCaro(passi.String()))}}))
	var er *lpu.LoadError
	if !errors.As(err, &er) {
		t.Fatalf("Load = %v", err)
	}
	want := fmt.Sprintf("regole non valide (%d problemi; qui i primi %d)", 3*lpu.MaxProblems, lpu.MaxProblems)
	if len(er.Problems) != lpu.MaxProblems || er.Total != 3*lpu.MaxProblems || er.Summary() != want ||
		strings.Count(er.Error(), "\n") != lpu.MaxProblems {
		t.Errorf("%d problems, total %d, %q; want %d, %d, %q", len(er.Problems), er.Total, er.Summary(), lpu.MaxProblems, 3*lpu.MaxProblems, want)
	}
}

// TestDalMotoreTipoUnaVolta: a value the engine computes declared in
// dal_motore with a type it does not have is one problem at load: a type
// no value can have («decimale») was reported twice, as unknown and as
// not the value's. (On the synthetic rules: the check is the real
// vocabulary's against the engine, whatever the rules.)
func TestDalMotoreTipoUnaVolta(t *testing.T) {
	for _, c := range []struct{ tipo, want string }{
		{"decimale", `richieste.fondo.dal_motore.inizio_dalla_data.tipo: tipo "decimale" sconosciuto: uno di booleano, intero, testo, data, importo, durata, lista`},
		{"intero", `richieste.fondo.dal_motore.inizio_dalla_data: il valore "inizio_dalla_data" che il motore calcola per la richiesta fondo è di tipo booleano, non intero`},
	} {
		fsys := regoleSintetiche(t)
		voc := string(fsys["vocabolario.yaml"].Data)
		const prima = "      inizio_dalla_data:\n        tipo: booleano\n"
		if !strings.Contains(voc, prima) {
			t.Fatalf("vocabolario.yaml: %q not found", prima)
		}
		fsys["vocabolario.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(voc, prima, "      inizio_dalla_data:\n        tipo: "+c.tipo+"\n", 1))}
		_, err := lpu.Load(context.Background(), fsys)
		var le *lpu.LoadError
		if !errors.As(err, &le) || len(le.Problems) != 1 || !strings.Contains(le.Problems[0].String(), c.want) {
			t.Errorf("tipo %s: Load = %v\nwant one problem: %s", c.tipo, err, c.want)
		}
	}
}
