package lpu_test

import (
	"bytes"
	"context"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
)

// TestNelCalcoloDichiarato checks that the Fund's part of a calcolo reads
// the calcolo's fields the vocabulary names (nel_calcolo), not a mapping
// of its own: with the Fund's giornate_lavorate taken from the
// calendar's sessions instead of the days worked, a calcolo's premium is
// the one of those sessions as days worked.
func TestNelCalcoloDichiarato(t *testing.T) {
	regole := regoleReali(t, fileFondo...)
	voc := regole["vocabolario.yaml"].Data
	vecchio := []byte("giornate_lavorate: esecuzione.giornate_lavorate\n")
	if bytes.Count(voc, vecchio) != 1 {
		t.Fatalf("vocabolario.yaml: %q non compare una volta", vecchio)
	}
	altro := fstest.MapFS{}
	for k, v := range regole {
		altro[k] = v
	}
	altro["vocabolario.yaml"] = &fstest.MapFile{Data: bytes.Replace(voc, vecchio, []byte("giornate_lavorate: esecuzione.sessioni\n"), 1)}
	ctx := context.Background()
	vero := engine(t) // the embedded rules, whose Fund's part is regole's
	cambiato, err := lpu.Load(ctx, altro)
	if err != nil {
		t.Fatal(err)
	}
	premio := func(e *lpu.Engine, giornate int) string {
		t.Helper()
		var r lpu.Richiesta
		if err := lpu.DecodeBytes([]byte(`{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"},
			"esecuzione":{"data_inizio":"2025-07-01","sessioni":10}}`), &r); err != nil {
			t.Fatal(err)
		}
		r.Esecuzione.GiornateLavorate = giornate
		res, err := e.Calcolo(ctx, &r)
		if err != nil {
			t.Fatal(err)
		}
		if res.FondoInail == nil || res.FondoInail.PremioStimato == "" {
			t.Fatalf("nessun premio stimato: %+v", res.FondoInail)
		}
		return res.FondoInail.PremioStimato
	}
	got, want, prima := premio(cambiato, 20), premio(vero, 10), premio(vero, 20)
	if got != want || got == prima {
		t.Errorf("premio con giornate_lavorate dalle sessioni = %s; want %s (delle 10 sessioni), non %s (delle 20 giornate)", got, want, prima)
	}

	// The field an error of the Fund names in a calcolo: the first
	// given of data_inizio's sources; none for one from an output.
	var r lpu.Richiesta
	for _, c := range []struct {
		campo, inizio, want string
		ok                  bool
	}{
		{"data_inizio", "", "data", true},
		{"data_inizio", "2025-07-01", "esecuzione.data_inizio", true},
		{"ore_svolte", "", "esecuzione.ore_svolte", true},
		{"giorni", "", "", false},
		{"fondo_esaurito", "", "", false},
		{"lpu_escluso", "", "", false}, // (the calcolo's verdict, no field of its request)
	} {
		r.Esecuzione.DataInizio = lpu.Data{}
		if c.inizio != "" {
			if err := r.Esecuzione.DataInizio.UnmarshalText([]byte(c.inizio)); err != nil {
				t.Fatal(err)
			}
		}
		if got, ok := vero.NelCalcoloDa(c.campo, &r); got != c.want || ok != c.ok {
			t.Errorf("%s (inizio %q) dal calcolo = %q, %v; want %q, %v", c.campo, c.inizio, got, ok, c.want, c.ok)
		}
	}
}
