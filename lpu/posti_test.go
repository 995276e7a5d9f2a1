package lpu_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

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

// tipiPosto is rules/tipi_posto.yaml with another content under dati.
func tipiPosto(dati string) fstest.MapFS {
	src := "id: tipi_posto\ntipo: dati\ntitolo: x\nvigenza: {dal: 2001-01-01}\ndati:\n" + dati
	return fstest.MapFS{"tipi_posto.yaml": {Data: []byte(src)}}
}

// richiestaDueTipi is a gdp54 request on a sede with MAP and AF posts
// (one AF taken), no tipo_posto.
func richiestaDueTipi() *lpu.RichiestaConvenzione {
	r := richiestaPosti(1, 1, 1)
	r.Fattispecie = "gdp54"
	r.Convenzione.Sedi[0].Posti = append(r.Convenzione.Sedi[0].Posti, lpu.PostiSede{Tipo: "MAP", Numero: 3})
	return r
}

// TestTipiPosto: the type of post a fattispecie counts when the request
// does not say is data (rules/tipi_posto.yaml), not Go: an overlay gives
// gdp54 the MAP posts; a type the sede lacks is counted, none free, and
// a caveat names the sede's types (the overlays on the conventions'
// rules with gdp54 and map, not the whole rules: the data file read is
// the same).
func TestTipiPosto(t *testing.T) {
	res, err := engine(t).Convenzione(context.Background(), richiestaDueTipi())
	if err != nil || fmt.Sprint(res.Valori["posti_liberi"]) != "0" {
		t.Fatalf("gdp54 con le regole: %v, valori %v; attesi i posti AF (nessuno libero)", err, res.Valori)
	}
	e, err := lpu.Load(context.Background(), lpu.Overlay(regoleReali(t, filePosti...), tipiPosto("  predefinito: AF\n  fattispecie: {map: MAP, gdp54: map}\n")))
	if err != nil {
		t.Fatal(err)
	}
	res, err = e.Convenzione(context.Background(), richiestaDueTipi())
	if err != nil || fmt.Sprint(res.Valori["posti_liberi"]) != "3" {
		t.Errorf("gdp54 con MAP: %v, valori %v; attesi i 3 posti MAP liberi", err, res.Valori)
	}
	e, err = lpu.Load(context.Background(), lpu.Overlay(regoleReali(t, filePosti...), tipiPosto("  predefinito: PENA\n")))
	if err != nil {
		t.Fatal(err)
	}
	res, err = e.Convenzione(context.Background(), richiestaDueTipi())
	if err != nil || fmt.Sprint(res.Valori["posti_liberi"]) != "0" || !strings.Contains(strings.Join(res.Avvertenze, "\n"), "elenca posti di tipo AF, MAP e nessuno di tipo PENA") {
		t.Errorf("gdp54 con il tipo PENA: %v, valori %v, avvertenze %q; attesi 0 posti PENA e l'avvertenza sui tipi della sede", err, res.Valori, res.Avvertenze)
	}
}

// TestTipiPostoErrori: the data file is checked at load, each problem
// where the file has it (on the synthetic rules, whose fattispecie is
// prova).
func TestTipiPostoErrori(t *testing.T) {
	for _, c := range []struct{ dati, atteso string }{
		{"  predefinito: AF\n  fattispecie: {prova: AF, mappa: MAP}\n", `tipi_posto.yaml:7:28: dati.fattispecie.mappa: fattispecie "mappa" sconosciuta`},
		{"  fattispecie: {prova: AF}\n", "tipi_posto.yaml:6:3: dati.predefinito: manca il tipo di posto"},
		{"  predefinito: AF\n  fattispecie: [prova]\n", "tipi_posto.yaml:7:16: dati.fattispecie: attesa una mappa"},
		{"  predefinito: [AF]\n", "tipi_posto.yaml:6:16: dati.predefinito: atteso un testo"},
		{"  predefinito: AF\n  fattispecie: {prova: \"\"}\n", "tipi_posto.yaml:7:24: dati.fattispecie.prova: tipo di posto vuoto"},
		{"  predefinito: AF\n  altre: MAP\n", `tipi_posto.yaml:7:3: dati.altre: chiave sconosciuta "altre"`},
	} {
		_, err := lpu.Load(context.Background(), lpu.Overlay(regoleSintetiche(t), tipiPosto(c.dati)))
		if err == nil || !strings.Contains(err.Error(), c.atteso) {
			t.Errorf("%q: %v; atteso …%s…", c.dati, err, c.atteso)
		}
	}
	if _, err := lpu.Load(context.Background(), lpu.Overlay(regoleSintetiche(t), tipiPosto("  predefinito: AF\n  fattispecie: {prova: MAP}\n"))); err != nil {
		t.Errorf("file valido: %v", err)
	}
}
