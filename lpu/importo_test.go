package lpu_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
)

func TestImportoAPI(t *testing.T) {
	a := lpu.MustImporto("1.500,50")
	if a.Cents() != 150050 || a.String() != "1500.5" || a.IsZero() {
		t.Fatalf("1.500,50: cents %d, %q, zero %v", a.Cents(), a.String(), a.IsZero())
	}
	b := lpu.ImportoFromCents(150050)
	if !a.Equal(b) || a.Cmp(b) != 0 || a.Cmp(lpu.ImportoFromCents(150051)) != -1 || b.Cmp(lpu.ImportoFromCents(1)) != 1 {
		t.Errorf("Equal/Cmp: %v %v", a, b)
	}
	if !(lpu.Importo{}).IsZero() || (lpu.Importo{}).String() != "0" {
		t.Errorf("zero value: %q", lpu.Importo{}.String())
	}
	if c := lpu.ImportoFromCents(-250); c.Cents() != -250 || c.String() != "-2.5" {
		t.Errorf("-250 cents: %d %q", c.Cents(), c.String())
	}
	var r lpu.Pena
	if err := json.Unmarshal([]byte(`{"ammenda":"1500.50","multa":250}`), &r); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back lpu.Pena
	if err := json.Unmarshal(out, &back); err != nil || !back.Ammenda.Equal(a) || back.Multa.Cents() != 25000 {
		t.Errorf("JSON round trip: %s -> %+v (%v)", out, back, err)
	}
}

// TestParseImportoLimite: an amount beyond the engine's bound is refused
// as a request's is (fuori_intervallo), not read into an Importo whose
// Cents wrap to a negative number.
func TestParseImportoLimite(t *testing.T) {
	if i, err := lpu.ParseImporto("1.000.000.000"); err != nil || i.Cents() != 100_000_000_000 {
		t.Errorf("the bound itself: %v, %v", i, err)
	}
	for _, s := range []string{"92233720368547758.08", "1.000.000.000,01"} {
		i, err := lpu.ParseImporto(s)
		if e := lpu.AsError(err); e == nil || e.Code != lpu.CodeFuoriIntervallo || e.Message != "importo troppo grande: «"+s+"»" {
			t.Errorf("ParseImporto(%s) = %v (cents %d), %v; want fuori_intervallo, importo troppo grande", s, i, i.Cents(), err)
		}
	}
}

// TestValoriImportiDueDecimali: an amount in euro among an answer's
// valori (a value of type importo: the premium of the ordinary policy,
// the Fund's yearly allotment) has two decimals, as premio_stimato has
// ("499" and "10.4" came beside "489.60").
func TestValoriImportiDueDecimali(t *testing.T) {
	e := engine(t)
	var r lpu.RichiestaFondo
	if err := json.Unmarshal([]byte(`{"fattispecie":"l689_56bis","data_inizio":"2024-12-02","convenzione":"dm2023_56bis","giorni":480}`), &r); err != nil {
		t.Fatal(err)
	}
	res, err := e.Fondo(context.Background(), &r)
	if err != nil {
		t.Fatal(err)
	}
	if p, d, a := res.Valori["premio_ordinario_stimato"], res.Valori["dotazione_fondo"], res.Valori["dotazione_anno"]; p != "499.00" || d != "2750000.00" || a != int64(2024) {
		t.Errorf("valori %v; want premio_ordinario_stimato 499.00, dotazione_fondo 2750000.00, dotazione_anno 2024", res.Valori)
	}
}

// TestValoriDecimaliOltreDueCifre: a decimal with more than two decimal
// places among valori (a rate, say) keeps its digits: the two decimals
// of an amount never round it.
func TestValoriDecimaliOltreDueCifre(t *testing.T) {
	fsys := regoleReali(t, "vocabolario.yaml", "generali.yaml", "gdp54.yaml")
	gdp54 := string(fsys["gdp54.yaml"].Data) + `  - id: tasso_prova
    calcola: tasso_prova
    valore: decimale("0.01828")
    esporta: true
    fonte: art. 54 d.lgs. 274/2000
    testo: "Tasso di prova: {tasso_prova}."
`
	e, err := lpu.Load(t.Context(), lpu.Overlay(fsys, fstest.MapFS{"gdp54.yaml": {Data: []byte(gdp54)}}))
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.Run(t.Context(), "calcolo", []byte(`{"fattispecie":"gdp54","data":"2025-06-10","pena":{"giorni_lpu":10}}`))
	if err != nil {
		t.Fatal(err)
	}
	if v := out.(*lpu.Risultato).Valori["tasso_prova"]; v != "0.01828" {
		t.Errorf("tasso_prova = %#v, want \"0.01828\"", v)
	}
}

// TestImportoAmbiguoPerPersone: «1.5» and «1.50», as a person writes
// them (ParseImporto, a lotto's cell), are neither Italian thousands
// nor Italian cents: refused as ambiguous with both readings, never
// read as 1,50 €; the JSON of a request, where a dot is the decimal
// point, reads "1.50" as 1,50 € as the contract says.
func TestImportoAmbiguoPerPersone(t *testing.T) {
	const consiglio = "(scrivere 1,50 per 1 euro e 50 centesimi, 1.500 per 1.500 euro)"
	for _, s := range []string{"1.5", "1.50"} {
		i, err := lpu.ParseImporto(s)
		if e := lpu.AsError(err); e == nil || e.Code != lpu.CodeImportoNonValido || e.Message != "importo ambiguo: «"+s+"» "+consiglio {
			t.Errorf("ParseImporto(%s) = %v, %v; want importo_non_valido, importo ambiguo", s, i, err)
		}
	}
	e := engine(t)
	foglio := "Rif.;Fattispecie;Data di riferimento;Ammenda (€)\r\nA;186;10/06/2025;1.50\r\n"
	rec := lottoCSV(t, e, strings.NewReader(foglio), lpu.LottoOptions{Italiano: true})[1]
	if got := rec[colonnaEsito("errore_messaggio")]; !strings.Contains(got, "importo ambiguo: «1.50» "+consiglio) {
		t.Errorf("lotto, cella 1.50: %q; want importo ambiguo", got)
	}
	var p lpu.Pena
	if err := json.Unmarshal([]byte(`{"ammenda":"1.50"}`), &p); err != nil || p.Ammenda.Cents() != 150 {
		t.Errorf(`JSON "1.50": %v, %v; want 1,50 €`, p.Ammenda, err)
	}
}

// TestImportoJSONTroppoGrande: an amount of the JSON beyond the bound
// however it is read («1.000.000.000.000», a thousand billion the
// Italian way and no plain decimal) is too big, not ambiguous; one
// with two readings within it stays ambiguous.
func TestImportoJSONTroppoGrande(t *testing.T) {
	e := engine(t)
	for s, want := range map[string]string{
		"1.000.000.000.000": "importo troppo grande: «1.000.000.000.000»",
		"1.500.000.000":     "importo troppo grande: «1.500.000.000»",
		"1.500":             "importo ambiguo: «1.500»",
	} {
		_, err := e.Run(t.Context(), "calcolo", []byte(`{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"`+s+`"}}`))
		er := lpu.AsError(err)
		code := lpu.CodeFuoriIntervallo
		if s == "1.500" {
			code = lpu.CodeImportoNonValido
		}
		if er == nil || er.Code != code || er.Field != "pena.ammenda" || !strings.Contains(er.Message, want) {
			t.Errorf("ammenda %q: %v; want %s, %q", s, err, code, want)
		}
	}
}
