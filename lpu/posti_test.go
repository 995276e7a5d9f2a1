package lpu_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

func richiestaPosti(totali, occupazioni, perOccupazione int) *lpu.RichiestaConvenzione {
	sede := lpu.Sede{Nome: "Comune", Posti: []lpu.PostiSede{{Tipo: "AF", Numero: totali}}}
	for range occupazioni {
		sede.Occupazioni = append(sede.Occupazioni, lpu.OccupazioneSede{Tipo: "AF", Dal: lpu.NewData(2025, 5, 1), Al: lpu.NewData(2025, 5, 31), Posti: perOccupazione})
	}
	r := &lpu.RichiestaConvenzione{Fattispecie: "cds186", Data: lpu.NewData(2025, 5, 10)}
	r.Convenzione.Modello = "dm2001"
	r.Convenzione.Decorrenza = lpu.NewData(2022, 1, 1)
	r.Convenzione.Anni = 5
	r.Convenzione.Sedi = []lpu.Sede{sede}
	return r
}

// TestPostiSovraprenotati: occupations over the posts of the sede are a
// case the rules report (no post free, and a caveat to update the
// portal); occupations whose sum on one day no sede can have (9,000 of
// 10,000 posts each) are an input error on the occupations, never a 400
// on posti.liberi, a value the engine computes.
func TestPostiSovraprenotati(t *testing.T) {
	e := engine(t)
	res, err := e.Convenzione(context.Background(), richiestaPosti(1, 2, 1))
	if err != nil {
		t.Fatalf("una occupazione in più: %v; atteso il verdetto delle regole", err)
	}
	if !strings.Contains(strings.Join(res.Avvertenze, "\n"), "superano i posti") {
		t.Errorf("avvertenze = %q; attesa quella sulle occupazioni oltre i posti", res.Avvertenze)
	}
	_, err = e.Convenzione(context.Background(), richiestaPosti(10_000, 9_000, 10_000))
	var er *lpu.Error
	if !errors.As(err, &er) || er.Kind != lpu.KindInput || !strings.HasPrefix(er.Field, "convenzione.sedi[0].occupazioni") {
		t.Fatalf("occupazioni impossibili: %v; atteso un errore 400 sulle occupazioni della sede", err)
	}
}
