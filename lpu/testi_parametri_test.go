package lpu_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// TestTassoOrdinarioNelTesto: the step on the ordinary INAIL premium
// quotes the rate the rule applies, the parameter, not a number written
// in its words: with fondo.yaml overlaid with another rate, the step said
// «tasso 18,28 per mille» and computed with the other one.
func TestTassoOrdinarioNelTesto(t *testing.T) {
	src, err := fs.ReadFile(rules.FS, "fondo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const vecchio = "    valore: \"18.28\"\n"
	if strings.Count(string(src), vecchio) != 1 {
		t.Fatal("rules/fondo.yaml does not give the ordinary rate as expected")
	}
	altro := strings.Replace(string(src), vecchio, "    valore: \"20.5\"\n", 1)
	e, err := lpu.Load(context.Background(), lpu.Overlay(rules.FS, lpu.Layer("mie", fstest.MapFS{"fondo.yaml": {Data: []byte(altro)}})))
	if err != nil {
		t.Fatal(err)
	}
	r := lpu.RichiestaFondo{Fattispecie: "cds186", Giorni: 51, DataInizio: lpu.Data{Time: time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC)}}
	v, err := e.Fondo(context.Background(), &r)
	if err != nil {
		t.Fatal(err)
	}
	trovato := false
	for _, p := range v.Passi {
		if p.Regola != "fondo.premio_ordinario" {
			continue
		}
		trovato = true
		if strings.Contains(p.Testo, "18,28") || !strings.Contains(p.Testo, "tasso 20,50 per mille") {
			t.Errorf("premio_ordinario with the rate overlaid at 20,50: %q; want «tasso 20,50 per mille» and no 18,28", p.Testo)
		}
	}
	if !trovato {
		t.Fatalf("no step fondo.premio_ordinario in %+v", v.Passi)
	}
}
