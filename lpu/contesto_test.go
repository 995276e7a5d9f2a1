package lpu_test

import (
	"context"
	"errors"
	"testing"
	"time"

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

// TestAvvioOperazioni: every operation stops before its work on a
// context already done (an error wrapping the context's) and on a nil
// request, in this order. A nil request is a mistake of the Go program,
// not bad JSON from its user: an internal error «richiesta nil».
func TestAvvioOperazioni(t *testing.T) {
	e := engine(t)
	annullato, cancel := context.WithCancel(context.Background())
	cancel()
	ops := map[string]func(ctx context.Context, nessuna bool) error{
		"Calcolo": func(ctx context.Context, nessuna bool) error {
			r := &lpu.Richiesta{Fattispecie: "gdp54", Data: lpu.NewData(2025, 6, 10), Pena: lpu.Pena{GiorniLPU: 30}}
			if nessuna {
				r = nil
			}
			_, err := e.Calcolo(ctx, r)
			return err
		},
		"Fondo": func(ctx context.Context, nessuna bool) error {
			r := &lpu.RichiestaFondo{Fattispecie: "cds186", DataInizio: lpu.NewData(2025, 3, 1), Convenzione: "dm2001", Giorni: 10}
			if nessuna {
				r = nil
			}
			_, err := e.Fondo(ctx, r)
			return err
		},
		"Convenzione": func(ctx context.Context, nessuna bool) error {
			r := &lpu.RichiestaConvenzione{Fattispecie: "l689_56bis", Data: lpu.NewData(2025, 7, 31),
				Convenzione: lpu.Convenzione{Modello: "dm88_2015", Decorrenza: lpu.NewData(2021, 3, 1), Anni: 5, Fattispecie: []string{"map"}}}
			if nessuna {
				r = nil
			}
			_, err := e.Convenzione(ctx, r)
			return err
		},
		"Piano": func(ctx context.Context, nessuna bool) error {
			r := &lpu.RichiestaPiano{Fattispecie: "cds186", Ore: 12, Inizio: lpu.NewData(2025, 7, 1),
				GiorniSettimana: map[string]int{"sab": 6}}
			if nessuna {
				r = nil
			}
			_, err := e.Piano(ctx, r)
			return err
		},
	}
	for nome, op := range ops {
		if err := op(context.Background(), false); err != nil {
			t.Errorf("%s = %v", nome, err)
		}
		if err := op(annullato, true); !errors.Is(err, context.Canceled) {
			t.Errorf("%s(annullato, nil) = %v; atteso un errore che avvolge context.Canceled", nome, err)
		}
		err := op(context.Background(), true)
		var le *lpu.Error
		if !errors.As(err, &le) || le.Code != lpu.CodeErroreInterno || le.Kind != lpu.KindInternal || le.Message != "richiesta nil" || le.Field != "" {
			t.Errorf("%s(nil) = %#v; atteso errore_interno (interno), «richiesta nil»", nome, le)
		}
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
	interrotto(t, err, lpu.CodeCaricamentoInterrotto, context.Canceled)
	ctx, cancel = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err = lpu.Load(ctx, rules.FS)
	interrotto(t, err, lpu.CodeCaricamentoInterrotto, context.DeadlineExceeded)
	if got, want := err.Error(), "lpu: caricamento delle regole interrotto: superato il tempo massimo"; got != want {
		t.Errorf("Load(scaduto) = %q; want %q", got, want)
	}
}
