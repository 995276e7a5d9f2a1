package lpu_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestEvaluateConcorrente evaluates many different requests at once on
// one Engine (run it with -race) and checks every answer against the one
// computed alone: the engine is immutable, and the pooled per-evaluation
// state must never leak from one request into another. Sized for the race
// detector, which needs a few goroutines crossing, not volume: one
// suite case in three (of every file and kind of request) and 50 random
// requests, each evaluated once by each of 4 goroutines in its own order
// (it was 200 random requests, 5 rounds and 8 goroutines: 18,000
// evaluations, ~10 s of CPU under -race; then every suite case, 3,400
// evaluations and more than a second). TestSuiteRegole and TestCorpus
// check every suite case's answer.
func TestEvaluateConcorrente(t *testing.T) {
	e := engine(t)
	type caso struct {
		tipo   string
		corpo  []byte
		spiega bool
		atteso string
	}
	var casi []caso
	for i, c := range casiSuite(t) {
		if i%3 == 0 {
			casi = append(casi, caso{tipo: c.Tipo, corpo: c.Corpo})
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		b, err := json.Marshal(richiestaCasuale(rng))
		if err != nil {
			t.Fatal(err)
		}
		casi = append(casi, caso{tipo: "calcolo", corpo: b})
	}
	for i := range casi {
		casi[i].spiega = i%3 != 0
		casi[i].atteso = risposta(e, casi[i].tipo, casi[i].corpo, casi[i].spiega)
	}

	var wg sync.WaitGroup
	errs := make(chan string, len(casi))
	for g := range max(4, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, k := range rand.New(rand.NewPCG(uint64(g), 5)).Perm(len(casi)) { // each goroutine in its own order
				c := casi[k]
				if got := risposta(e, c.tipo, c.corpo, c.spiega); got != c.atteso {
					errs <- string(c.corpo) + "\nconcorrente: " + got + "\nda solo:     " + c.atteso
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for m := range errs {
		t.Error(m)
	}
}

// risposta is the JSON of the answer or of the error.
func risposta(e *lpu.Engine, tipo string, corpo []byte, spiega bool) string {
	var out any
	var err error
	if tipo == "calcolo" {
		var r lpu.Richiesta
		if err = lpu.DecodeBytes(corpo, &r); err == nil {
			var opts []lpu.Option
			if !spiega {
				opts = append(opts, lpu.WithoutExplanation())
			}
			out, err = e.Calcolo(context.Background(), &r, opts...)
		}
	} else {
		out, err = e.Run(context.Background(), tipo, corpo)
	}
	if err != nil {
		out = lpu.NewErrorBody(err)
	}
	b, _ := json.Marshal(out)
	return string(b)
}
