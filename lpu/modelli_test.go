package lpu_test

import (
	"context"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestModelliConvenzione: every model of convention the vocabulary
// declares is one the rules know, for every fattispecie: the rules take
// what a model allows from parameters keyed by its code (the activities
// of convenzione_attivita_modello, read without a default), so a model
// added to the vocabulary and not to them would fail each evaluation
// (regola_fallita) rather than answer. (The load checks the keys of
// the mappe that say chiavi: convenzione.modello, see TestChiaviMappa;
// this test runs the models through every fattispecie.)
func TestModelliConvenzione(t *testing.T) {
	e := engine(t)
	var modelli []string
	for _, c := range e.Campi("convenzione") {
		if c.Nome == "convenzione.modello" {
			modelli = c.Valori
		}
	}
	if len(modelli) == 0 {
		t.Fatal("the vocabulary declares no model of convention")
	}
	for _, m := range modelli {
		for _, f := range e.Fattispecie() {
			r := lpu.RichiestaConvenzione{Fattispecie: f, Data: lpu.NewData(2025, 6, 10)}
			r.Convenzione.Modello = m
			r.Convenzione.Decorrenza = lpu.NewData(2024, 1, 1)
			r.Convenzione.Anni = 5
			r.Convenzione.Attivita = []string{"sociale"}
			if _, err := e.Convenzione(context.Background(), &r); err != nil {
				t.Errorf("convenzione %s, fattispecie %s: %v", m, f, err)
			}
		}
	}
}
