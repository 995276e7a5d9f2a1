package lpu_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// tempoValutazione is how long one evaluation of a fuzzed rule file may
// take: the budget of an evaluation is some 10 ms of work; the margin is
// for the race detector and a busy machine.
const tempoValutazione = 2 * time.Second

// FuzzCostoRegole mutates a small calcolo rule file, seeded with CEL
// that once took the server down (replace() of a replaced text, a
// decimal squared over and over, loops over loops): a file that loads
// must load within tempoValutazione and evaluate every request of the
// suites, as the file's fattispecie, within tempoValutazione each, never
// panic, and fail only with a coded error.
func FuzzCostoRegole(f *testing.F) {
	base := conVocabolario(f, fstest.MapFS{"generali.yaml": {}})
	var err error
	if base["generali.yaml"].Data, err = fs.ReadFile(rules.FS, "generali.yaml"); err != nil {
		f.Fatal(err)
	}
	carica := func(src []byte) (*lpu.Engine, error) {
		fsys := maps.Clone(base)
		fsys["caro.yaml"] = &fstest.MapFile{Data: src}
		return lpu.Load(context.Background(), fsys)
	}
	r1 := strings.Repeat("a", 300) + strings.Repeat("b", 10)
	for _, passi := range []string{
		"",
		fmt.Sprintf("  - {id: r1, calcola: r1, valore: '\"%s\"', fonte: a, testo: \"{r1}\"}\n  - {id: r2, calcola: r2, valore: 'r1.replace(\"a\", r1)', fonte: a, testo: \"{r2}\"}\n", r1),
		"  - {id: d0, calcola: d0, valore: 'decimale(\"99999999999999999999\")', fonte: a, testo: \"{d0}\"}\n  - {id: d1, calcola: d1, valore: d0 * d0 * d0 * d0, fonte: a, testo: \"{d1}\"}\n  - {id: d2, calcola: d2, valore: d1 * d1, fonte: a, testo: \"{d2}\"}\n",
		"  - {id: l, calcola: l, valore: '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(a, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(b, a * b)).size()', fonte: a, testo: \"{l}\"}\n",
		"  - {id: t, calcola: t, valore: 'fatti.convenzione + fatti.convenzione', fonte: a, testo: \"{t}{t}{t}\"}\n  - {id: u, calcola: u, valore: 't.replace(\"\", t)', fonte: a, testo: \"{u}\"}\n",
		"  - {id: s, calcola: s, valore: 'testo(pena.multa * pena.ammenda * pena.multa)', fonte: a, testo: \"{s}\"}\n",
		// constants, which the load runs (motore/costanti.go); failing
		// ones in branches, which cel-go's constant folding used to try
		// a hundred times each (2 s for five such steps)
		"  - {id: f, calcola: f, valore: '[pena.giorni_lpu" + strings.Repeat(", pena.giorni_lpu > 0 ? 1 / 0 : 1", 100) + "].size()', fonte: a, testo: \"{f}\"}\n",
		fmt.Sprintf("  - {id: c, calcola: c, valore: '\"%s\".replace(\"a\", \"%s\").replace(\"a\", \"%s\").size() + 1 / 0', fonte: a, testo: \"{c}\"}\n", r1, r1, r1),
	} {
		f.Add([]byte(fileCaro(passi)))
	}
	// The seeds that are not broken load: the rules the fuzzer mutates
	// are ones the engine takes, whose evaluation is then tried.
	if _, err := carica([]byte(fileCaro(""))); err != nil {
		f.Fatalf("il file di partenza non si carica: %v", err)
	}
	var richieste []*lpu.Richiesta
	for _, c := range casiSuite(f) {
		var r lpu.Richiesta
		if c.Tipo == "calcolo" && lpu.DecodeBytes(c.Corpo, &r) == nil {
			r.Fattispecie = "caro"
			richieste = append(richieste, &r)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		inizio := time.Now()
		e, err := carica(src)
		if d := time.Since(inizio); d > tempoValutazione {
			t.Fatalf("il caricamento ha richiesto %s (oltre %s)\n%s", d, tempoValutazione, src)
		}
		if err != nil {
			var er *lpu.LoadError
			if !errors.As(err, &er) || len(er.Problems) == 0 {
				t.Fatalf("Load: %v; atteso *lpu.LoadError con i problemi", err)
			}
			return
		}
		if len(e.Fattispecie()) == 0 || e.Fattispecie()[0] != "caro" {
			return // (a file of another kind, or another id)
		}
		for _, r := range richieste {
			ctx, cancel := context.WithTimeout(context.Background(), tempoValutazione)
			inizio := time.Now()
			_, err := e.Calcolo(ctx, r)
			d := time.Since(inizio)
			cancel()
			if d > tempoValutazione {
				t.Fatalf("una valutazione ha richiesto %s (oltre %s): il limite di costo non regge\n%s", d, tempoValutazione, src)
			}
			if err != nil {
				var er *lpu.Error
				if !errors.As(err, &er) || er.Code == "" || er.Kind == lpu.KindInternal {
					t.Fatalf("Evaluate: %v; atteso un errore codificato\n%s", err, src)
				}
			}
		}
	})
}
