package lpu_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestColonneOmonime: a field an overlay's vocabulary adds whose name,
// label or colonne is already a column of the lotto (another field's,
// or rif, tipo, fattispecie and their other names) is a problem at the
// overlay's field: the lotto would read the column as neither, and an
// office's CSV with the embedded column would be refused (review 39,
// fatti.giorni_lpu took away the column giorni_lpu). The embedded rules
// share no name (every other test loads them). A file whose name sorts
// before vocabolario.yaml is still the one told. (Over the embedded
// vocabulary alone, not the whole rules: the columns told are its
// fields', and a whole load costs nearly half a second of CPU under
// -race.)
func TestColonneOmonime(t *testing.T) {
	voc := func(campo string) string {
		return "id: vocabolario_omonimo\ntipo: vocabolario\ntitolo: Prova\nfonte: prova\nrichieste:\n  calcolo:\n    campi:\n" + campo
	}
	base := regoleReali(t, "vocabolario.yaml")
	for _, c := range []struct{ nome, file, campo, want string }{
		{"nome", "vocabolario_x.yaml", "      fatti.giorni_lpu:\n        tipo: intero\n        etichetta: Giorni di LPU già prestati altrove\n",
			`vocabolario_x.yaml:8:7: richieste.calcolo.campi.fatti.giorni_lpu: la colonna «giorni_lpu» del lotto sarebbe sia «Giorni di lavoro fissati dal giudice» (pena.giorni_lpu, per il nome del campo), in rules/vocabolario.yaml:`},
		{"nome prima", "a.yaml", "      fatti.mese:\n        tipo: booleano\n        etichetta: Il fatto è avvenuto di mese\n",
			`a.yaml:8:7: richieste.calcolo.campi.fatti.mese: la colonna «mese» del lotto sarebbe sia «Conteggio dei mesi» (opzioni.mese, per il nome del campo), in rules/vocabolario.yaml:`},
		{"etichetta", "vocabolario_x.yaml", "      fatti.giorni_riparazione:\n        tipo: intero\n        etichetta: Giorni di prova già eseguiti\n",
			`vocabolario_x.yaml:10:20: richieste.calcolo.campi.fatti.giorni_riparazione.etichetta: la colonna «Giorni di prova già eseguiti» del lotto sarebbe sia «Giorni di prova già eseguiti» (fatti.giorni_prova, per l'etichetta), in rules/vocabolario.yaml:`},
		{"colonne", "vocabolario_x.yaml", "      fatti.danno:\n        tipo: booleano\n        etichetta: Danno riparato\n        colonne: [Riparato, Ammenda (€)]\n",
			`vocabolario_x.yaml:11:29: richieste.calcolo.campi.fatti.danno.colonne: la colonna «Ammenda (€)» del lotto sarebbe sia «Ammenda (€)» (pena.ammenda, per il nome del campo), in rules/vocabolario.yaml:`},
		{"riga", "vocabolario_x.yaml", "      fatti.riferimento:\n        tipo: booleano\n        etichetta: Riferimento normativo\n",
			`vocabolario_x.yaml:8:7: richieste.calcolo.campi.fatti.riferimento: la colonna «riferimento» del lotto è già la colonna «Rif.» di ogni riga: non sarebbe mai «Riferimento normativo» (fatti.riferimento, per il nome del campo); dare al campo un altro nome`},
	} {
		t.Run(c.nome, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, c.file), []byte(voc(c.campo)), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := lpu.Load(context.Background(), lpu.Overlay(base, lpu.Layer(dir, os.DirFS(dir))))
			var er *lpu.LoadError
			if !errors.As(err, &er) || len(er.Problems) != 1 {
				t.Fatalf("Load = %v; want one problem", err)
			}
			if got, want := er.Problems[0].String(), filepath.Join(dir, c.want); !strings.HasPrefix(got, want) {
				t.Errorf("problem = %s\nwant %s…", got, want)
			}
		})
	}
}
