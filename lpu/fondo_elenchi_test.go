package lpu_test

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// TestFondoElenchi: who the Fund covers, and from when, is the Fund's
// own lists (rules/fondo.yaml), each read by every step. On the Fund's
// rules with two overlays, loaded once:
//   - a fattispecie added to the conventions' list of the reform's work
//     (convenzione_56bis_fattispecie, modelli_convenzione.yaml) gets no
//     cover of the Fund from 30/11/2024: the Fund answers for it as before
//     (its cover from 1/1/2017, no caveat on the later day);
//   - the esito of the circular's fattispecie (fondo_esito_art54) made
//     da_verificare changes the esito and the text that says whether the
//     Fund covers the work;
//   - a fattispecie added to fondo_letture (art. 165 c.p. read with art.
//     54, out of the circular's exclusions) gets the caveat that says
//     what to verify, naming both by their labels.
func TestFondoElenchi(t *testing.T) {
	ctx := context.Background()
	fsys, _ := regoleCon(t, regoleReali(t, fileFondo...), "modelli_convenzione.yaml",
		"valore: [l689_56bis, l689_103]\n", "valore: [l689_56bis, l689_103, cds186]\n", 0)
	fsys = conFondo(t, fsys,
		"    valore: ammissibile\n", "    valore: da_verificare\n",
		"      l689_103: [l689_56bis]\n", "      l689_103: [l689_56bis]\n      cp165: [gdp54]\n",
		"    valore: [cp165]\n", "    valore: []\n")
	e, err := lpu.Load(ctx, fsys)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("lista delle convenzioni", func(t *testing.T) {
		r := &lpu.RichiestaFondo{Fattispecie: "cds186", DataInizio: data(t, "2024-06-03"), Convenzione: "dm2001", Giorni: 30}
		want, err := engine(t).Fondo(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.Fondo(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if got.Esito != want.Esito || got.RichiestaEntro != want.RichiestaEntro ||
			!slices.Equal(got.Motivi, want.Motivi) || !slices.Equal(got.Avvertenze, want.Avvertenze) {
			t.Errorf("cds186 in the conventions' list of the 56-bis work: Fondo = %s %s %q %q; want, as without it, %s %s %q %q",
				got.Esito, got.RichiestaEntro, got.Motivi, got.Avvertenze, want.Esito, want.RichiestaEntro, want.Motivi, want.Avvertenze)
		}
	})

	t.Run("esito dell'art. 54", func(t *testing.T) {
		// The start taken from a case's date before the cover: the text
		// says whether the Fund covers the work at all.
		out, err := e.Run(ctx, "calcolo", []byte(`{"fattispecie":"gdp54","data":"2016-06-10","pena":{"giorni_lpu":20},"fatti":{"convenzione":"dm2001"}}`))
		if err != nil {
			t.Fatal(err)
		}
		f := out.(*lpu.Risultato).FondoInail
		if f == nil || f.Esito != lpu.EsitoDaVerificare {
			t.Fatalf("gdp54: fondo_inail = %+v; want da_verificare", f)
		}
		if !slices.ContainsFunc(f.Motivi, func(m string) bool {
			return strings.Contains(m, "il Fondo può coprire questo lavoro di pubblica utilità, se lo copre (da verificare")
		}) {
			t.Errorf("gdp54 with fondo_esito_art54 da_verificare: motivi %q; want the Fund's cover said da verificare", f.Motivi)
		}
	})

	t.Run("esito dell'art. 54 con l'inizio", func(t *testing.T) {
		// A start after the cover's first day: the esito is the
		// parameter's alone.
		r := &lpu.RichiestaFondo{Fattispecie: "gdp54", DataInizio: data(t, "2025-04-14"), Convenzione: "dm2001", Giorni: 30}
		for _, c := range []struct {
			nome string
			e    *lpu.Engine
			want string
		}{{"embedded", engine(t), lpu.EsitoAmmissibile}, {"overlay", e, lpu.EsitoDaVerificare}} {
			got, err := c.e.Fondo(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if got.Esito != c.want {
				t.Errorf("%s: gdp54 from 2025-04-14: esito %s; want %s", c.nome, got.Esito, c.want)
			}
		}
	})

	t.Run("lettura", func(t *testing.T) {
		r := &lpu.RichiestaFondo{Fattispecie: "cp165", DataInizio: data(t, "2025-04-14"), Convenzione: "dm2001", Giorni: 30}
		got, err := e.Fondo(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if got.Esito != lpu.EsitoDaVerificare {
			t.Fatalf("cp165 read with gdp54: esito %s; want da_verificare", got.Esito)
		}
		if !slices.ContainsFunc(got.Avvertenze, func(a string) bool {
			return strings.Contains(a, "«Attività non retribuita come obbligo della sospensione condizionale (art. 165 c.p.)»") &&
				strings.Contains(a, "«Lavoro di pubblica utilità del giudice di pace (art. 54 d.lgs. 274/2000)»")
		}) {
			t.Errorf("cp165 read with gdp54: avvertenze %q; want one naming both, by their labels", got.Avvertenze)
		}
	})
}

// conFondo is fsys with rules/fondo.yaml changed by the pairs old, new,
// each found once.
func conFondo(t *testing.T, fsys fs.FS, coppie ...string) fs.FS {
	t.Helper()
	b, err := fs.ReadFile(rules.FS, "fondo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	for i := 0; i < len(coppie); i += 2 {
		if strings.Count(src, coppie[i]) != 1 {
			t.Fatalf("rules/fondo.yaml: %q not found once", coppie[i])
		}
		src = strings.Replace(src, coppie[i], coppie[i+1], 1)
	}
	return lpu.Overlay(fsys, lpu.Layer("mie", fstest.MapFS{"fondo.yaml": {Data: []byte(src)}}))
}
