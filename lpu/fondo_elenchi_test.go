package lpu_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestFondoElenchi: who the Fund covers, and from when, is the Fund's
// own lists (rules/fondo.yaml), each read by every step. On the Fund's
// rules with two overlays, loaded once:
//   - a fattispecie added to the conventions' list of the reform's work
//     (convenzione_56bis_fattispecie, modelli_convenzione.yaml) gets no
//     cover of the Fund from 30/11/2024: the Fund answers for it as before
//     (its cover from 1/1/2017, no caveat on the later day);
//   - the esito of the circular's fattispecie (fondo_esito_art54) made
//     da_verificare changes the text that says whether the Fund covers the
//     work, not only the esito.
func TestFondoElenchi(t *testing.T) {
	ctx := context.Background()
	fsys, _ := regoleCon(t, regoleReali(t, fileFondo...), "modelli_convenzione.yaml",
		"valore: [l689_56bis, l689_103]\n", "valore: [l689_56bis, l689_103, cds186]\n", 0)
	fsys, _ = regoleCon(t, fsys, "fondo.yaml", "    valore: ammissibile\n", "    valore: da_verificare\n", 0)
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
}
