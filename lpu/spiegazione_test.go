package lpu_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestSenzaSpiegazioneEquivalente checks that an evaluation without the
// explanation answers exactly as one with it, steps aside: the rules run
// in another order then (a computed value only when something reads it),
// and nothing else may change — not a number, a reason, a caveat, an
// exported value, nor which error a bad case gets. Every case of the
// YAML suites, of every kind, and random requests for every fattispecie.
func TestSenzaSpiegazioneEquivalente(t *testing.T) {
	e := engine(t)
	n := 0
	confronta := func(nome string, con, cerr, senza, serr any) {
		t.Helper()
		n++
		if (cerr == nil) != (serr == nil) || (cerr != nil && !reflect.DeepEqual(lpu.AsError(cerr.(error)), lpu.AsError(serr.(error)))) {
			t.Errorf("%s: errore con spiegazione %v, senza %v", nome, cerr, serr)
			return
		}
		if cerr == nil && !reflect.DeepEqual(con, senza) {
			t.Errorf("%s:\ncon spiegazione (senza passi): %s\nsenza spiegazione: %s", nome, mostra(con), mostra(senza))
		}
	}
	errOf := func(err error) any {
		if err == nil {
			return nil
		}
		return err
	}
	calcolo := func(nome string, r *lpu.Richiesta) {
		con, cerr := e.Calcolo(context.Background(), r)
		senza, serr := e.Calcolo(context.Background(), r, lpu.WithoutExplanation())
		if cerr == nil {
			con.Passi = []lpu.Passo{}
		}
		confronta(nome, con, errOf(cerr), senza, errOf(serr))
	}
	for _, c := range casiSuite(t) {
		nome := c.File + ": " + c.Nome
		switch c.Tipo {
		case "calcolo":
			var r lpu.Richiesta
			if lpu.DecodeBytes(c.Corpo, &r) == nil {
				calcolo(nome, &r)
			}
		case "fondo":
			var r lpu.RichiestaFondo
			if lpu.DecodeBytes(c.Corpo, &r) != nil {
				continue
			}
			con, cerr := e.Fondo(context.Background(), &r)
			senza, serr := e.Fondo(context.Background(), &r, lpu.WithoutExplanation())
			if cerr == nil {
				con.Passi = []lpu.Passo{}
			}
			confronta(nome, con, errOf(cerr), senza, errOf(serr))
		case "convenzione":
			var r lpu.RichiestaConvenzione
			if lpu.DecodeBytes(c.Corpo, &r) != nil {
				continue
			}
			con, cerr := e.Convenzione(context.Background(), &r)
			senza, serr := e.Convenzione(context.Background(), &r, lpu.WithoutExplanation())
			if cerr == nil {
				con.Passi = []lpu.Passo{}
			}
			confronta(nome, con, errOf(cerr), senza, errOf(serr))
		}
	}
	// Random variations of the suite's requests: each field of one case
	// swapped with the same field of another, so that the facts meet in
	// combinations no suite lists.
	// (under -race, a fifth of the random ones: the suites' cases all)
	parte := 1
	if raceAttivo {
		parte = 5
	}
	reqs := richiesteSuite(t)
	rng := rand.New(rand.NewPCG(7, 11))
	for range 4000 / parte {
		a := *reqs[rng.IntN(len(reqs))]
		b := reqs[rng.IntN(len(reqs))]
		va, vb := reflect.ValueOf(&a).Elem(), reflect.ValueOf(b).Elem()
		for _, campo := range []string{"Data", "Pena", "Fatti", "Opzioni", "Esecuzione"} {
			if rng.IntN(3) == 0 {
				va.FieldByName(campo).Set(vb.FieldByName(campo))
			}
		}
		calcolo("variazione casuale", &a)
	}
	for range 1000 / parte {
		calcolo("cds186 casuale", richiestaCasuale(rng))
	}
	if n < 4000/parte {
		t.Fatalf("solo %d casi confrontati", n)
	}
	t.Logf("%d casi confrontati", n)
}

// TestTestiStabili: the texts of an answer view bytes of the evaluation
// that wrote them (see esecuzione.testo); no later evaluation, on the
// same pooled outcome or another, may change them.
func TestTestiStabili(t *testing.T) {
	e := engine(t)
	reqs := richiesteSuite(t)
	type risposta struct {
		r    *lpu.Risultato
		json string
	}
	var tenute []risposta
	for i, r := range reqs {
		var opts []lpu.Option
		if i%2 == 1 {
			opts = append(opts, lpu.WithoutExplanation())
		}
		res, err := e.Calcolo(context.Background(), r, opts...)
		if err != nil {
			continue
		}
		tenute = append(tenute, risposta{res, mostra(res)})
	}
	if len(tenute) < 50 {
		t.Fatalf("solo %d risposte", len(tenute))
	}
	// Many more evaluations, of every kind, reusing the same outcomes
	// (one round under -race, three without: the evaluations run one
	// after the other, so the race detector finds nothing more here).
	giri := 3
	if raceAttivo {
		giri = 1
	}
	for range giri {
		for _, r := range reqs {
			e.Calcolo(context.Background(), r)
			e.Calcolo(context.Background(), r, lpu.WithoutExplanation())
		}
	}
	for i, x := range tenute {
		if got := mostra(x.r); got != x.json {
			t.Fatalf("risposta %d cambiata dopo altre valutazioni:\nprima: %s\ndopo: %s", i, x.json, got)
		}
	}
}
