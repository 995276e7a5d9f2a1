package lpu_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestParametroScoperto: the versions of a parameter cover every day its
// file is in force (or the parameter, by its own dal and al), or the
// load fails at the first or the last version, at the overlay's own
// file, line and column: a parameter of gdp55 (in force from 30/12/2022)
// valid only in 2023 and 2024 loaded, and a request of 31/12/2022 or of
// 2025 that read it failed at run time (regola_fallita). A parameter
// in force from a later date says so with dal, and a step that reads it
// must then be in force only from that date: those cases, the
// mechanism, are TestSinteticoParametroScoperto's, on synthetic rules.
// (The real file with the vocabularies and generali.yaml, which is all
// it reads, not the whole rules.)
func TestParametroScoperto(t *testing.T) {
	ctx := context.Background()
	type problema struct {
		righe, col int // the position: so many lines below the change, at col (righe -1: the text alone)
		testo      string
	}
	casi := []struct {
		nome, file, vecchio, nuovo string
		want                       []problema
	}{
		{
			nome: "ai due capi", file: "gdp55.yaml",
			vecchio: "parametri:\n  euro_per_giorno_art55:\n",
			nuovo: "parametri:\n  rev_x:\n    tipo: intero\n    fonte: x\n    valori:\n      - {dal: 2023-01-01, al: 2024-12-31, valore: 3}\n" +
				"  euro_per_giorno_art55:\n",
			want: []problema{
				{5, 51, "parametri.rev_x: nessun valore di rev_x dal 30/12/2022 al 31/12/2022, prima del valore dal 01/01/2023 al 31/12/2024, ma rev_x è in vigore dal 30/12/2022"},
				{5, 51, "parametri.rev_x: nessun valore di rev_x dal 01/01/2025, dopo il valore dal 01/01/2023 al 31/12/2024, ma rev_x è in vigore dal 30/12/2022"},
			},
		},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			fsys, pos := regoleCon(t, regoleReali(t, "vocabolario.yaml", "vocabolario_conversione.yaml", "generali.yaml", c.file), c.file, c.vecchio, c.nuovo, 0)
			_, err := lpu.Load(ctx, fsys)
			var le *lpu.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load = %v; want a *lpu.LoadError", err)
			}
			var riga int
			fmt.Sscanf(pos[len("mie/"+c.file)+1:], "%d", &riga)
			for _, w := range c.want {
				testo := "mie/" + c.file
				if w.righe >= 0 {
					testo = fmt.Sprintf("mie/%s:%d:%d: %s", c.file, riga+w.righe, w.col, w.testo)
				}
				if !strings.Contains(err.Error(), testo) || !strings.Contains(err.Error(), w.testo) {
					t.Errorf("Load =\n%v\nwant a problem with %q", err, testo)
				}
			}
			if len(le.Problems) != len(c.want) {
				t.Errorf("Load = %d problems; want %d:\n%v", len(le.Problems), len(c.want), err)
			}
		})
	}
}

// TestParametroDalAl: a parameter's own dal, later than its file's first
// day, leaves a step that reads it from the file's first day failing on
// the days between, in Italian dates, here on the real rules
// (multa_max_c5 of dpr309_73, given a dal of 1/3/2006: its first version
// has no dal and starts with the parameter); a version outside the
// parameter's dal and al, an al with the last version open or before the
// dal (one mistake, one problem) are TestSinteticoParametroDalAl's, on
// synthetic rules. (dpr309_73.yaml with the vocabulary and generali.yaml,
// which is all it reads, not the whole rules.)
func TestParametroDalAl(t *testing.T) {
	ctx := context.Background()
	// The parameter's dal is added after its etichetta: the real
	// multa_max_c5 has versions from the file's first day and no dal.
	const multaEtichetta = "    etichetta: Multa massima per il fatto di lieve entità (c.5)\n"
	casi := []struct {
		nome, nuovo string
		want        []string
	}{
		{"dal dopo il primo giorno della prima versione", "    dal: 2006-03-01\n", []string{
			"mie/dpr309_73.yaml:308:5: passi[39]: il passo dpr309_73.avv_oltre_massimo_multa_c5 legge legge.multa_max_c5, in vigore dal 01/03/2006, ma è in vigore dal 28/02/2006",
		}},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			fsys, _ := regoleCon(t, regoleReali(t, "vocabolario.yaml", "generali.yaml", "dpr309_73.yaml"), "dpr309_73.yaml", multaEtichetta, multaEtichetta+c.nuovo, 0)
			_, err := lpu.Load(ctx, fsys)
			var le *lpu.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load = %v; want a *lpu.LoadError", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Load =\n%v\nwant a problem with %q", err, w)
				}
			}
			if len(le.Problems) != len(c.want) {
				t.Errorf("Load = %d problems; want %d:\n%v", len(le.Problems), len(c.want), err)
			}
		})
	}
}
