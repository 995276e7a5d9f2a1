package lpu_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// TestCostoRegoleIncorporate: the embedded rules fit the budget with a
// margin (the figure the README gives).
func TestCostoRegoleIncorporate(t *testing.T) {
	e := engine(t)
	for _, id := range e.Fattispecie() {
		c := lpu.CostoMassimo(e, id)
		if c == 0 || c > lpu.BilancioValutazione/2 {
			t.Errorf("%s: costo massimo %d; atteso tra 1 e %d", id, c, lpu.BilancioValutazione/2)
		}
		t.Logf("%s: %d", id, c)
	}
	for nome, c := range map[string]uint64{"fondo": lpu.CostoMassimoFondo(e), "convenzione": lpu.CostoMassimoConvenzione(e)} {
		if c == 0 || c > lpu.BilancioValutazione/2 {
			t.Errorf("%s: costo massimo %d; atteso tra 1 e %d", nome, c, lpu.BilancioValutazione/2)
		}
		t.Logf("%s: %d", nome, c)
	}
}

// TestContestoAnnullato: an evaluation with a context already done
// stops before its steps, with an error that wraps the context's.
func TestContestoAnnullato(t *testing.T) {
	e := engine(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := &lpu.Richiesta{Fattispecie: "gdp54", Data: lpu.NewData(2025, 6, 10), Pena: lpu.Pena{GiorniLPU: 30}}
	if _, err := e.Calcolo(context.Background(), r); err != nil {
		t.Fatalf("Evaluate = %v", err)
	}
	_, err := e.Calcolo(ctx, r)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Calcolo(annullato) = %v; atteso un errore che avvolge context.Canceled", err)
	}
}

// TestLoadAnnullato: a Load whose context is done stops, with an error
// that wraps the context's.
func TestLoadAnnullato(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e, err := lpu.Load(ctx, rules.FS)
	if e != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("Load(annullato) = %v, %v; atteso un errore che avvolge context.Canceled", e, err)
	}
}
