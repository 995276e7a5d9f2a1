package lpu_test

import (
	"context"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
)

// TestWithClockChiamata: a clock given to a call is that call's «today»,
// in place of the Engine's (lpu.OraProva, 15/6/2025): a request without
// a date is computed at the call's day, and the next call without the
// option at the Engine's again.
func TestWithClockChiamata(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	orologio := lpu.WithClock(func() time.Time { return time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC) })
	calcolo := &lpu.Richiesta{Fattispecie: "cds186", Pena: lpu.Pena{Arresto: lpu.Durata{Mesi: 1, Giorni: 15}}}
	res, err := e.Calcolo(ctx, calcolo, orologio)
	if err != nil {
		t.Fatal(err)
	}
	if res.Data != "2025-03-03" {
		t.Errorf("Calcolo with WithClock(3/3/2025): data %s; want 2025-03-03", res.Data)
	}
	if res, err := e.Calcolo(ctx, calcolo); err != nil || res.Data != "2025-06-15" {
		t.Errorf("Calcolo without it: data %v (%v); want the Engine's 2025-06-15", res.Data, err)
	}
	// A convention of five years from 1/4/2020: in force at 3/3/2025, no
	// more at 15/6/2025.
	conv := &lpu.RichiestaConvenzione{Fattispecie: "cds186",
		Convenzione: lpu.Convenzione{Modello: "dm2001", Decorrenza: lpu.NewData(2020, 4, 1), Anni: 5}}
	if rc, err := e.Convenzione(ctx, conv, orologio); err != nil || !rc.Valida {
		t.Errorf("Convenzione with WithClock(3/3/2025): valida %v (%v); want true", rc != nil && rc.Valida, err)
	}
	if rc, err := e.Convenzione(ctx, conv); err != nil || rc.Valida {
		t.Errorf("Convenzione without it: valida %v (%v); want false at the Engine's 15/6/2025", rc != nil && rc.Valida, err)
	}
}
