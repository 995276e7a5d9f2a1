package lpu_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

// TestBaselineEquivalente checks that the hand-written baseline of
// BenchmarkBaseline computes the numbers and codes of the engine's answer
// without explanation (and as many reasons and caveats), the Fund's
// verdict included, on the worked example, on every cds186 case
// of the YAML suite and on random requests: otherwise the Evaluate/Baseline
// ratio would mean nothing. It doubles as a differential test of the engine.
func TestBaselineEquivalente(t *testing.T) {
	e := engine(t)
	reqs := []*lpu.Richiesta{esempioCds186()}
	for _, r := range richiesteSuite(t) {
		if r.Fattispecie == "cds186" {
			reqs = append(reqs, r)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	casuali := 3000
	if raceAttivo {
		// (a tenth under -race: the suite's cases all. The evaluations
		// run one after the other: the race detector finds nothing here
		// that the concurrent tests do not.)
		casuali = 300
	}
	for range casuali {
		reqs = append(reqs, richiestaCasuale(rng))
	}
	for i, r := range reqs {
		got, want := numeriDi(e.Calcolo(context.Background(), r, lpu.WithoutExplanation())), baselineCds186(r)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("richiesta %d %+v:\nEvaluate: %s\nbaseline: %s\n"+
				"(se è cambiata rules/cds186.yaml o rules/fondo.yaml, baselineCds186 o baselineFondo in baseline_test.go va aggiornata con lei)",
				i, r, mostra(got), mostra(want))
		}
	}
}

// importoCasuale is zero, whole euros or euros and cents.
func importoCasuale(rng *rand.Rand) lpu.Importo {
	switch rng.IntN(4) {
	case 0:
		return lpu.Importo{}
	case 1:
		return lpu.ImportoDecimale(decimal.New(rng.Int64N(1_000_000), -2))
	}
	return lpu.ImportoDecimale(decimal.NewFromInt(rng.Int64N(20) * 250))
}

// dataInizioCasuale is the first day of work: mostly any day of 2015-2027,
// sometimes a day where the Fund's rules or parameters change (a year's
// first or last day, the 2017 categories, the rules' entry into force).
func dataInizioCasuale(rng *rand.Rand) lpu.Data {
	if rng.IntN(3) == 0 {
		soglie := []time.Time{
			calc.Data(2016, time.December, 31), calc.Data(2017, time.January, 1),
			calc.Data(2015, time.December, 31), calc.Data(2016, time.January, 1),
			calc.Data(2023, time.December, 31), calc.Data(2024, time.January, 1),
			calc.Data(2024, time.December, 31), calc.Data(2025, time.January, 1),
			calc.Data(2002, time.January, 1), calc.Data(2002, time.January, 2),
		}
		return lpu.Data{Time: soglie[rng.IntN(len(soglie))]}
	}
	return lpu.Data{Time: calc.AggiungiGiorni(calc.Data(2015, time.January, 1), rng.IntN(365*13))}
}

// richiestaCasuale draws a cds186 request, mostly valid, sometimes refused.
func richiestaCasuale(rng *rand.Rand) *lpu.Richiesta {
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	r := &lpu.Richiesta{
		Fattispecie: "cds186",
		Data:        lpu.Data{Time: calc.AggiungiGiorni(calc.Data(2008, time.January, 1), rng.IntN(365*20))},
		Pena: lpu.Pena{
			Arresto: lpu.Durata{Anni: rng.IntN(2) * rng.IntN(3), Mesi: rng.IntN(14), Giorni: rng.IntN(40)},
			Ammenda: importoCasuale(rng),
		},
		Fatti: lpu.Fatti{
			Incidente:              rng.IntN(5) == 0,
			SostituzioniPrecedenti: rng.IntN(3) / 2,
			OpposizioneImputato:    rng.IntN(8) == 0,
			Comma:                  pick("", "", "", "2b", "2c", "7", "2a", "2-bis", "c.7", "2A"),
			RichiestaOltreLimite:   rng.IntN(3) == 0,
			Convenzione:            pick("", "dm2001", "dm88_2015", "dm2023_56bis", "nessuna"),
		},
		Opzioni: lpu.Opzioni{
			Mese:              pick("", "30_giorni", "calendario"),
			Frazione250:       pick("", "eccesso", "difetto"),
			RagguaglioResiduo: pick("", "art58", "uno_a_uno"),
		},
		Esecuzione: lpu.Esecuzione{OreSvolte: rng.IntN(3) * rng.IntN(200), LiberazioneAnticipataGiorni: rng.IntN(3) * rng.IntN(40)},
	}
	if rng.IntN(20) == 0 {
		r.Pena.Multa = lpu.MustImporto("100")
	}
	if rng.IntN(30) == 0 {
		r.Opzioni.Mese = "lunare"
	}
	if rng.IntN(2) == 0 {
		r.Esecuzione.DataInizio = dataInizioCasuale(rng)
	}
	if rng.IntN(20) == 0 {
		// All of it remitted: no days of work left for the Fund.
		r.Pena = lpu.Pena{Arresto: lpu.Durata{Giorni: 1 + rng.IntN(30)}}
		r.Esecuzione.LiberazioneAnticipataGiorni = r.Pena.Arresto.Giorni
	}
	if rng.IntN(3) == 0 {
		// A calendar: its first session (sometimes the first day of
		// work given) and its sessions; now and then the days worked.
		r.Esecuzione.PrimaSessione = dataInizioCasuale(rng)
		if rng.IntN(3) == 0 {
			r.Esecuzione.PrimaSessione = r.Esecuzione.DataInizio
		}
		r.Esecuzione.Sessioni = rng.IntN(3) * rng.IntN(60)
	}
	if rng.IntN(6) == 0 {
		r.Esecuzione.GiornateLavorate = rng.IntN(150)
	}
	return r
}
