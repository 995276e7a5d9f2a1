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

// TestNomiSovrapposti: an overlay extends the Normattiva table and the
// names of the fattispecie; a malformed URN, a name claimed by two
// fattispecie or an unknown fattispecie is a problem of the load, at its
// file and line.
func TestNomiSovrapposti(t *testing.T) {
	carica := func(base fs.FS, files map[string]string) (*lpu.Engine, string, error) {
		dir := t.TempDir()
		for n, src := range files {
			if err := os.WriteFile(filepath.Join(dir, n), []byte(src), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		e, err := lpu.Load(context.Background(), lpu.Overlay(base, lpu.Layer(dir, os.DirFS(dir))))
		return e, dir, err
	}
	const testa = "tipo: dati\ntitolo: prova\nfonte: prova\nvigenza: {dal: 2001-01-01}\n"
	// On the synthetic rules of sintetico_test.go, with the embedded table
	// of acts and two fattispecie, prova named «186».
	normattiva, err := fs.ReadFile(rules.FS, "normattiva.yaml")
	if err != nil {
		t.Fatal(err)
	}
	base := regoleSintetiche(t, "normattiva.yaml", string(normattiva),
		"alias_fattispecie.yaml", "id: alias_fattispecie\n"+testa+"dati:\n  prova: [\"186\"]\n",
		"altra.yaml", strings.Replace(sinteticoProva, "id: prova", "id: altra", 1))
	e, _, err := carica(base, map[string]string{
		"normattiva_dm.yaml":        "id: normattiva_dm\n" + testa + "dati:\n  - urn: urn:nir:stato:decreto.legislativo:2018-10-02;124\n    nomi: [d.lgs. 124/2018]\n",
		"alias_fattispecie_ar.yaml": "id: alias_fattispecie_ar\n" + testa + "dati:\n  altra: [seconda prova]\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if p := e.Fonte("art. 2 d.lgs. 124/2018; art. 14 c.p."); len(p) < 2 || !strings.HasSuffix(p[0].Indirizzo, "decreto.legislativo:2018-10-02;124~art2") ||
		!strings.HasSuffix(p[len(p)-1].Indirizzo, "regio.decreto:1930-10-19;1398:1~art14") {
		t.Errorf("Fonte with the overlay's act and an embedded one = %+v", p)
	}
	for nome, want := range map[string]string{"Seconda Prova": "altra", "186": "prova"} {
		if id, ok := e.FattispecieDaNome(nome); id != want || !ok {
			t.Errorf("FattispecieDaNome(%q) = %q, %v; want %s", nome, id, ok, want)
		}
	}
	// The problems.
	for _, c := range []struct {
		file, src, want string
	}{
		{"normattiva_x.yaml", "id: normattiva_x\n" + testa + "dati:\n  - urn: urn:nir:stato:legge:1981;689\n    nomi: [legge 689]\n", `normattiva_x.yaml:7:10: dati[0].urn: urn "urn:nir:stato:legge:1981;689" non valida`},
		{"normattiva_x.yaml", "id: normattiva_x\n" + testa + "dati:\n  - urn: urn:nir:stato:legge:1990-08-07;241\n    nomi: [c.p.]\n", `normattiva_x.yaml:8:12: dati[0].nomi: il nome «c.p.» vale già per`},
		{"alias_fattispecie_x.yaml", "id: alias_fattispecie_x\n" + testa + "dati:\n  altra: [\"186\"]\n", `alias_fattispecie_x.yaml:7:11: dati.altra: il nome «186» vale già per prova`},
		{"alias_fattispecie_x.yaml", "id: alias_fattispecie_x\n" + testa + "dati:\n  cds999: [x]\n", `alias_fattispecie_x.yaml:7:3: dati.cds999: fattispecie "cds999" sconosciuta`},
	} {
		_, dir, err := carica(base, map[string]string{c.file: c.src})
		var er *lpu.LoadError
		if !errors.As(err, &er) || len(er.Problems) != 1 {
			t.Errorf("%s: Load = %v; want one problem", c.want, err)
			continue
		}
		if got := er.Problems[0].String(); !strings.HasPrefix(got, filepath.Join(dir, c.want)) {
			t.Errorf("problem = %s\nwant %s…", got, c.want)
		}
	}
}
