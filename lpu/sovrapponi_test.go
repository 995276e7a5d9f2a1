package lpu_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// vocabolarioFatti is a second file of tipo vocabolario: it declares one
// field of the calcolo, fatti.incidente, with a label of its own.
const vocabolarioFatti = `id: vocabolario_fatti
tipo: vocabolario
titolo: Fatti dichiarati a parte
fonte: prova
richieste:
  calcolo:
    campi:
      fatti.incidente:
        tipo: booleano
        etichetta: Incidente (dichiarato nella cartella sovrapposta)
`

// TestSovrapponiVocabolario: a directory overlaid on the rules can hold a
// second file of tipo vocabolario, merged with the first: here the
// embedded vocabolario.yaml, replaced by a copy without fatti.incidente,
// and a file that declares it. Declaring a field twice is a problem at
// the overlay's own file, line and column. (On the synthetic rules of
// sintetico_test.go, their prova reading fatti.incidente.)
func TestSovrapponiVocabolario(t *testing.T) {
	voc, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const dichiarazione = "      fatti.incidente:\n        tipo: booleano\n        etichetta: Il conducente ha provocato un incidente stradale\n"
	senza := strings.Replace(string(voc), dichiarazione, "", 1)
	if senza == string(voc) {
		t.Fatal("rules/vocabolario.yaml does not declare fatti.incidente as expected")
	}
	base := regoleSintetiche(t, "prova.yaml", strings.Replace(sinteticoProva, "valore: pena.giorni_lpu * legge.quota", "valore: \"fatti.incidente ? 0 : pena.giorni_lpu * legge.quota\"", 1))
	carica := func(files map[string]string) (*lpu.Engine, string, error) {
		dir := t.TempDir()
		for n, src := range files {
			if err := os.WriteFile(filepath.Join(dir, n), []byte(src), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		e, err := lpu.Load(context.Background(), lpu.Overlay(base, lpu.Layer(dir, os.DirFS(dir))))
		return e, dir, err
	}

	// Without the second file the field is missing.
	if _, _, err := carica(map[string]string{"vocabolario.yaml": senza}); err == nil || !strings.Contains(err.Error(), `il vocabolario non dichiara il campo "fatti.incidente"`) {
		t.Fatalf("Load without fatti.incidente = %v; want it missing", err)
	}
	e, _, err := carica(map[string]string{"vocabolario.yaml": senza, "vocabolario_fatti.yaml": vocabolarioFatti})
	if err != nil {
		t.Fatal(err)
	}
	trovato := false
	for _, info := range e.Catalogo() {
		if c, ok := campo(info, "fatti.incidente"); ok {
			trovato = true
			if c.Etichetta != "Incidente (dichiarato nella cartella sovrapposta)" {
				t.Errorf("%s: fatti.incidente labelled %q; want the overlay's label", info.ID, c.Etichetta)
			}
		}
	}
	if !trovato {
		t.Error("no fattispecie asks for fatti.incidente")
	}

	// The same field in both files.
	_, dir, err := carica(map[string]string{"vocabolario_fatti.yaml": vocabolarioFatti})
	var er *lpu.LoadError
	if !errors.As(err, &er) || len(er.Problems) != 1 {
		t.Fatalf("Load with fatti.incidente twice = %v; want one problem", err)
	}
	if got, want := er.Problems[0].String(), filepath.Join(dir, "vocabolario_fatti.yaml")+`:8:7: richieste.calcolo.campi.fatti.incidente: campo "fatti.incidente" già dichiarato in rules/vocabolario.yaml:`; !strings.HasPrefix(got, want) {
		t.Errorf("problem = %s\nwant %s…", got, want)
	}
}

// TestSovrapponiCartellaIlleggibile: a folder of rules that is missing,
// or a file, is an error naming it, not an empty layer (the embedded
// rules alone, answered as the ones asked for); an empty folder is an
// empty layer.
func TestSovrapponiCartellaIlleggibile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ cartella, want string }{
		{filepath.Join(dir, "refuso"), "la cartella delle regole «" + filepath.Join(dir, "refuso") + "» non esiste"},
		{file, "la cartella delle regole «" + file + "» non è una cartella"},
	} {
		_, err := lpu.Load(context.Background(), lpu.Overlay(rules.FS, lpu.Layer(c.cartella, os.DirFS(c.cartella))))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Load con %s: %v; want «%s»", c.cartella, err, c.want)
		}
	}
	vuota := filepath.Join(dir, "vuota")
	if err := os.Mkdir(vuota, 0o755); err != nil {
		t.Fatal(err)
	}
	if es, err := fs.ReadDir(lpu.Overlay(rules.FS, lpu.Layer(vuota, os.DirFS(vuota))), "."); err != nil || len(es) == 0 {
		t.Errorf("a folder that is empty: %d files, %v; want the embedded ones", len(es), err)
	}
}
