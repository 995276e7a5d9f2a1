package lpu

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
)

// TestLottoContestoNellaRiga: a row of a lotto is evaluated with the
// lotto's context, so a row's evaluation stops with it too (it was
// evaluated with context.Background()). That a block is not written once
// the context is done is lpu/internal/lotto's TestBloccoAnnullato.
func TestLottoContestoNellaRiga(t *testing.T) {
	e, err := MotoreProva()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	raw := map[string]any{"fattispecie": "cds186", "data": "2025-06-10", "pena": map[string]any{"ammenda": "1500"}}
	for _, tipo := range []string{"calcolo", "fondo", "convenzione"} {
		body := raw
		switch tipo {
		case "fondo":
			body = map[string]any{"fattispecie": "cds186", "data_inizio": "2025-06-10", "giorni": json.Number("51")}
		case "convenzione":
			body = map[string]any{"fattispecie": "cds186", "data": "2025-07-31",
				"convenzione": map[string]any{"modello": "dm2001", "decorrenza": "2021-03-01", "anni": json.Number("5")}}
		}
		_, err := e.valutaLotto(ctx, tipo, body, nil)
		if !errors.Is(err, context.Canceled) || AsError(err).Kind != KindCanceled {
			t.Errorf("%s with a cancelled lotto context: %v; want valutazione_interrotta wrapping context.Canceled", tipo, err)
		}
	}
}
