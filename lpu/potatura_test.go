package lpu_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// TestPotaturaEquivalente checks that the two ways the engine saves work
// at run time change nothing: leaving out the steps that cannot apply to
// a fattispecie (potatura.go) and writing placeholders that choose or
// join texts as trees (alberi.go). Every case of the YAML suites, of
// every kind, with and without the explanation, and random calcolo,
// fondo and convenzione requests that cross every fattispecie with every
// convention model and dates around the days the Fund's rules change,
// answer byte for byte as an engine without either, and without each.
func TestPotaturaEquivalente(t *testing.T) {
	con := engine(t)
	if len(con.PassiPotati()) == 0 || con.Alberi() == 0 {
		t.Fatalf("nessun passo potato (%v) o nessun albero (%d): il test non confronta nulla", con.PassiPotati(), con.Alberi())
	}
	if n, tutti := con.Valutatori(); n < tutti*9/10 {
		t.Fatalf("solo %d programmi su %d compilati in chiusure: il test confronta poco", n, tutti)
	} else {
		t.Logf("programmi compilati in chiusure: %d su %d", n, tutti)
	}
	for _, v := range []struct {
		nome string
		opts []lpu.Option
	}{
		{"senza potatura, alberi, costanti e valutatori", []lpu.Option{lpu.SenzaPotatura(), lpu.SenzaAlberi(), lpu.SenzaCostanti(), lpu.SenzaValutatori()}},
		{"senza valutatori", []lpu.Option{lpu.SenzaValutatori()}},
		{"senza costanti", []lpu.Option{lpu.SenzaCostanti()}},
		{"senza potatura", []lpu.Option{lpu.SenzaPotatura()}},
		{"senza alberi", []lpu.Option{lpu.SenzaAlberi()}},
	} {
		t.Run(v.nome, func(t *testing.T) { confrontaMotori(t, con, v.opts...) })
	}
}

func confrontaMotori(t *testing.T, con *lpu.Engine, opts ...lpu.Option) {
	senza, err := lpu.Load(rules.FS, opts...)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	json1 := func(v any, err error) string {
		if err != nil {
			v = lpu.ComeErrore(err)
		}
		b, jerr := json.Marshal(v)
		if jerr != nil {
			t.Fatal(jerr)
		}
		return string(b)
	}
	confronta := func(nome string, a, b string) {
		t.Helper()
		n++
		if a != b {
			t.Errorf("%s:\npotato:     %s\nnon potato: %s", nome, a, b)
		}
	}
	for _, c := range casiSuite(t) {
		nome := c.File + ": " + c.Nome
		a, aerr := con.Esegui(c.Tipo, c.Corpo)
		b, berr := senza.Esegui(c.Tipo, c.Corpo)
		confronta(nome, json1(a, aerr), json1(b, berr))
	}
	rng := rand.New(rand.NewPCG(13, 17))
	fattispecie := con.Fattispecie()
	modelli := []string{"", "dm2001", "dm88_2015", "dm2023_56bis", "nessuna"}
	giorni := []string{"2016-12-31", "2017-01-01", "2024-11-29", "2024-11-30", "2025-08-01", "2025-08-02", "2026-03-15"}
	data := func() lpu.Data {
		if rng.IntN(2) == 0 {
			d, _ := time.Parse(time.DateOnly, giorni[rng.IntN(len(giorni))])
			return lpu.Data{Time: d}
		}
		return lpu.Data{Time: time.Date(2015+rng.IntN(13), 1, 1+rng.IntN(365), 0, 0, 0, 0, time.UTC)}
	}
	reqs := richiesteSuite(t)
	for range 3000 {
		r := *reqs[rng.IntN(len(reqs))]
		r.Fattispecie = fattispecie[rng.IntN(len(fattispecie))]
		r.Fatti.Convenzione = modelli[rng.IntN(len(modelli))]
		if rng.IntN(2) == 0 {
			r.Esecuzione.DataInizio = data()
		}
		a, aerr := con.Evaluate(&r)
		b, berr := senza.Evaluate(&r)
		confronta("calcolo casuale", json1(a, aerr), json1(b, berr))
		a, aerr = con.Evaluate(&r, lpu.SenzaSpiegazione())
		b, berr = senza.Evaluate(&r, lpu.SenzaSpiegazione())
		confronta("calcolo casuale senza spiegazione", json1(a, aerr), json1(b, berr))

		f := lpu.RichiestaFondo{Fattispecie: r.Fattispecie, DataInizio: data(), Convenzione: r.Fatti.Convenzione,
			Giorni: rng.IntN(400), GiornateLavorate: rng.IntN(3) * rng.IntN(200), FondoEsaurito: rng.IntN(4) == 0}
		fa, faerr := con.Fondo(&f)
		fb, fberr := senza.Fondo(&f)
		confronta("fondo casuale", json1(fa, faerr), json1(fb, fberr))
	}
	for _, c := range casiSuite(t) {
		if c.Tipo != "convenzione" {
			continue
		}
		var r lpu.RichiestaConvenzione
		if lpu.DecodeBytes(c.Corpo, &r) != nil {
			continue
		}
		for _, f := range fattispecie {
			for range 5 {
				x := r
				x.Fattispecie, x.Data = f, data()
				a, aerr := con.Convenzione(&x)
				b, berr := senza.Convenzione(&x)
				confronta("convenzione casuale", json1(a, aerr), json1(b, berr))
			}
		}
	}
	if n < 9000 {
		t.Fatalf("solo %d casi confrontati", n)
	}
	t.Logf("%d casi confrontati; passi potati: %v; segnaposto ad albero: %d", n, con.PassiPotati(), con.Alberi())
}
