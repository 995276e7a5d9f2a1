package lpu_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
)

// TestLottoUscitaDichiarata: an output of type importo that an overlay
// declares in the vocabulary and a fattispecie computes (and exports)
// is a column of a lotto's CSV answer with no Go change: after the
// others, though declared before settimane_min (no column moves), named
// by its name (by its label in an Italian answer), its amount with the
// decimal comma of a ';' answer and of an Italian one; an output of type
// data after it, dd/mm/yyyy in an Italian answer as richiesta_entro.
func TestLottoUscitaDichiarata(t *testing.T) {
	fsys := regoleReali(t, "vocabolario.yaml", "generali.yaml", "gdp54.yaml")
	voc := string(fsys["vocabolario.yaml"].Data)
	const prima = "      settimane_min: {tipo: intero, min: 0, etichetta: Durata minima del lavoro in settimane}\n"
	if !strings.Contains(voc, prima) {
		t.Fatal("vocabolario.yaml: l'uscita settimane_min non è dove il test la cerca")
	}
	voc = strings.Replace(voc, prima, "      residuo_multa_prova: {tipo: importo, etichetta: Multa di prova da ripristinare (€)}\n"+
		"      scadenza_prova: {tipo: data, etichetta: Scadenza di prova}\n"+prima, 1)
	gdp54 := string(fsys["gdp54.yaml"].Data) + `  - id: residuo_multa_prova
    calcola: residuo_multa_prova
    valore: decimale("1234.5")
    esporta: true
    fonte: art. 54 d.lgs. 274/2000
    testo: "Multa di prova: € {residuo_multa_prova}."
  - id: scadenza_prova
    calcola: scadenza_prova
    valore: data
    esporta: true
    fonte: art. 54 d.lgs. 274/2000
    testo: "Scadenza di prova: {scadenza_prova}."
`
	e, err := lpu.Load(t.Context(), lpu.Overlay(fsys, fstest.MapFS{"vocabolario.yaml": {Data: []byte(voc)}, "gdp54.yaml": {Data: []byte(gdp54)}}))
	if err != nil {
		t.Fatal(err)
	}
	n := len(lpu.LottoResultColumns()) + 2 // (the fixed columns, the typed outputs, these two)
	const in = "fattispecie;data;pena.giorni_lpu\ngdp54;2025-06-10;10\n"
	for _, o := range []lpu.LottoOptions{{Separatore: ';'}, {Italiano: true}} {
		recs := lottoCSV(t, e, strings.NewReader(in), o)
		if len(recs) != 2 {
			t.Fatalf("%+v: %d righe, attese 2: %v", o, len(recs), recs)
		}
		testa, riga := recs[0], recs[1]
		if len(testa) != n || len(riga) != n {
			t.Fatalf("%+v: %d colonne e %d celle, attese %d: %v", o, len(testa), len(riga), n, recs)
		}
		nome := "residuo_multa_prova"
		if o.Italiano {
			nome = "Multa di prova da ripristinare (€)"
		}
		if got := testa[n-2]; got != nome {
			t.Errorf("%+v: colonna %q, attesa %q", o, got, nome)
		}
		if got := testa[:n-2]; !o.Italiano && !slices.Equal(got, lpu.LottoResultColumns()) {
			t.Errorf("%+v: colonne prima delle nuove %v, attese %v: nessuna si sposta", o, got, lpu.LottoResultColumns())
		}
		data := "2025-06-10"
		if o.Italiano {
			data = "10/06/2025"
		}
		if got := riga[n-1]; got != data {
			t.Errorf("%+v: cella %q della data, attesa %q", o, got, data)
		}
		if !o.Italiano && !slices.Equal(testa, e.LottoResultColumns()) {
			t.Errorf("intestazione %v; Engine.LottoResultColumns %v", testa, e.LottoResultColumns())
		}
		if got := riga[n-2]; got != "1234,50" {
			t.Errorf("%+v: cella %q, attesa 1234,50 (la virgola decimale, due decimali come ogni importo)", o, got)
		}
	}
}
