package lpu_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/lpu"
)

// TestValoriRiusatiTraValutazioni: an evaluation uses again the values an
// earlier one made of the same request fields (attivazione.valore), and
// only when they are the same. Every calcolo request of the suites, with
// variants that change one field by little (an amount written with more
// decimals, a day more, a text, a number), is answered one after the
// other, in the suites' order and shuffled, as by an engine that starts
// each evaluation afresh; byte for byte.
func TestValoriRiusatiTraValutazioni(t *testing.T) {
	// Under -race, one suite request in three with its variants: the
	// evaluations run one after the other, so the race detector finds
	// nothing here that the concurrent tests do not; every request is
	// compared without -race.
	passo := 1
	if raceAttivo {
		passo = 3
	}
	var reqs []*lpu.Richiesta
	for i, r := range richiesteSuite(t) {
		if i%passo != 0 {
			continue
		}
		reqs = append(reqs, r)
		v := *r
		v.Pena.Ammenda = lpu.ImportoDecimale(decimal.RequireFromString(lpu.DecimaleImporto(r.Pena.Ammenda).StringFixed(2)))
		v.Pena.Multa = lpu.ImportoFromCents(r.Pena.Multa.Cents() + 1)
		reqs = append(reqs, &v)
		w := *r
		w.Pena.Arresto.Giorni++
		w.Fatti.SostituzioniPrecedenti++
		w.Esecuzione.OreSvolte += 300
		w.Data.Time = w.Data.AddDate(0, 0, 1)
		if w.Opzioni.Mese == "calendario" {
			w.Opzioni.Mese = "30_giorni"
		} else {
			w.Opzioni.Mese = "calendario"
		}
		reqs = append(reqs, &w)
	}
	risposte := func(e *lpu.Engine, ordine []int, afresco bool) []string {
		out := make([]string, len(reqs))
		for _, i := range ordine {
			for _, opts := range [][]lpu.Option{nil, {lpu.WithoutExplanation()}} {
				if afresco {
					e.SenzaRiuso()
				}
				res, err := e.Calcolo(context.Background(), reqs[i], opts...)
				var v any = res
				if err != nil {
					v = lpu.AsError(err)
				}
				b, _ := json.Marshal(v)
				out[i] += string(b)
			}
		}
		return out
	}
	ordine := make([]int, len(reqs))
	for i := range ordine {
		ordine[i] = i
	}
	e := engine(t) // (SenzaRiuso only empties its pools)
	attese := risposte(e, ordine, true)
	for giro := range 2 {
		if giro == 1 {
			rand.New(rand.NewPCG(5, 7)).Shuffle(len(ordine), func(i, j int) { ordine[i], ordine[j] = ordine[j], ordine[i] })
		}
		got := risposte(e, ordine, false)
		for i := range reqs {
			if got[i] != attese[i] {
				t.Errorf("richiesta %d (giro %d):\n%s\nattesa:\n%s", i, giro, got[i], attese[i])
			}
		}
	}
	if len(reqs) < 100/passo {
		t.Fatalf("solo %d richieste", len(reqs))
	}
}
