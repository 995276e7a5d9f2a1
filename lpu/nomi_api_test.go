package lpu_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// TestRunSuiteEDescrizioneConContesto: the operations that run the
// rules' cases take a context and stop with it.
func TestRunSuiteEDescrizioneConContesto(t *testing.T) {
	e := engine(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.RunSuite(ctx, rules.FS, "test"); !errors.Is(err, context.Canceled) {
		t.Errorf("RunSuite(cancelled) = %v; want context.Canceled", err)
	}
	if _, err := e.Descrizione(ctx, "cds186"); !errors.Is(err, context.Canceled) {
		t.Errorf("Descrizione(cancelled) = %v; want context.Canceled", err)
	}
	if _, err := e.Descrizione(context.Background(), "nessuna"); !errors.Is(err, lpu.CodeFattispecieSconosciuta) {
		t.Errorf("Descrizione(unknown) = %v; want fattispecie_sconosciuta", err)
	}
	// (with a context that is not done, as the shared description is
	// made: descritta)
	if d := descritta(t, "cds186"); len(d.Esempi) == 0 {
		t.Errorf("Descrizione(cds186) = %v: no examples", d)
	}
}
