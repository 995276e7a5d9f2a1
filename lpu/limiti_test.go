package lpu_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

func TestLimitiSenzaPena(t *testing.T) {
	e := engine(t)
	for _, tc := range []struct {
		richiesta bool
		wantMax   int
	}{{false, 6}, {true, 56}} {
		l, passi, err := e.Limiti(context.Background(), "cds186", calc.Data(2025, 6, 10), lpu.Fatti{RichiestaOltreLimite: tc.richiesta})
		if err != nil {
			t.Fatal(err)
		}
		if m, ok := l.OreSettimanaliMax.Int(); !ok || m != tc.wantMax {
			t.Errorf("richiesta=%v: ore_settimanali_max = %v; want %d", tc.richiesta, l.OreSettimanaliMax, tc.wantMax)
		}
		if m, ok := l.OreGiornaliereMax.Int(); !ok || m != 8 {
			t.Errorf("ore_giornaliere_max = %v; want 8", l.OreGiornaliereMax)
		}
		if l.OreSettimanaliMin.Definito {
			t.Errorf("ore_settimanali_min = %v; want null", l.OreSettimanaliMin)
		}
		if len(passi) != 2 {
			t.Errorf("passi = %d; want 2 (the two limit steps)", len(passi))
		}
	}
	if _, _, err := e.Limiti(context.Background(), "cds186", calc.Data(2009, 1, 1), lpu.Fatti{}); lpu.AsError(err).Code != "non_in_vigore" {
		t.Errorf("before the law: err = %v; want non_in_vigore", err)
	}
	if _, _, err := e.Limiti(context.Background(), "boh", calc.Data(2025, 1, 1), lpu.Fatti{}); lpu.AsError(err).Code != "fattispecie_sconosciuta" {
		t.Errorf("unknown: err = %v; want fattispecie_sconosciuta", err)
	}
}

// TestGiorniOltreIlFondo: a penalty that gives more days than the Fund's
// bound is the calcolo's error, on the penalty, not on the Fund's giorni,
// a field the request does not have.
func TestGiorniOltreIlFondo(t *testing.T) {
	e := engine(t)
	req := &lpu.Richiesta{Fattispecie: "cds186", Data: lpu.Data{Time: calc.Data(2025, 6, 10)}}
	for _, c := range []struct {
		ammenda string
		ok      bool
	}{{"24999999", true}, {"25000250", false}} {
		a, err := lpu.ParseImporto(c.ammenda)
		if err != nil {
			t.Fatal(err)
		}
		req.Pena.Ammenda = a
		_, err = e.Calcolo(context.Background(), req)
		if c.ok != (err == nil) {
			t.Fatalf("ammenda %s: %v", c.ammenda, err)
		}
		if err == nil {
			continue
		}
		if le := lpu.AsError(err); le.Code != lpu.CodeFuoriIntervallo || le.Field != "pena" || le.Kind != lpu.KindNotAllowed ||
			!strings.Contains(le.Message, "100001 giorni di lavoro") {
			t.Errorf("ammenda %s: %+v; want fuori_intervallo on pena, the days given", c.ammenda, le)
		}
	}
}
