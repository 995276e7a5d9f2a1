package lpu_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
	"github.com/shopspring/decimal"
)

// TestDecodeErrori: every bad request is refused with a stable code and
// the path of the field, never computed.
func TestDecodeErrori(t *testing.T) {
	for _, c := range []struct {
		corpo, codice, campo string
	}{
		// JSON itself
		{``, "json_non_valido", ""},
		{`{"fattispecie":`, "json_non_valido", ""},
		{`[]`, "json_non_valido", ""},
		{`"cds186"`, "json_non_valido", ""},
		{`{} {}`, "json_non_valido", ""},
		// wrong types
		{`{"fattispecie": 186}`, "tipo_errato", "fattispecie"},
		{`{"data": 20250610}`, "tipo_errato", "data"},
		{`{"pena": []}`, "tipo_errato", "pena"},
		{`{"pena": {"arresto": "1 mese"}}`, "tipo_errato", "pena.arresto"},
		{`{"pena": {"arresto": {"mesi": "1"}}}`, "tipo_errato", "pena.arresto.mesi"},
		{`{"pena": {"arresto": {"mesi": 1.5}}}`, "tipo_errato", "pena.arresto.mesi"},
		{`{"pena": {"ammenda": true}}`, "tipo_errato", "pena.ammenda"},
		{`{"fatti": {"incidente": "sì"}}`, "tipo_errato", "fatti.incidente"},
		{`{"fatti": {"sostituzioni_precedenti": "0"}}`, "tipo_errato", "fatti.sostituzioni_precedenti"},
		{`{"opzioni": {"mese": 30}}`, "tipo_errato", "opzioni.mese"},
		// negative and huge numbers
		{`{"fatti": {"sostituzioni_precedenti": -1}}`, "fuori_intervallo", "fatti.sostituzioni_precedenti"},
		{`{"fatti": {"sostituzioni_precedenti": 101}}`, "fuori_intervallo", "fatti.sostituzioni_precedenti"},
		{`{"pena": {"arresto": {"mesi": -1}}}`, "fuori_intervallo", "pena.arresto.mesi"},
		{`{"pena": {"arresto": {"anni": 101}}}`, "fuori_intervallo", "pena.arresto.anni"},
		{`{"pena": {"reclusione": {"giorni": 36501}}}`, "fuori_intervallo", "pena.reclusione.giorni"},
		{`{"pena": {"giorni_lpu": 1e20}}`, "fuori_intervallo", "pena.giorni_lpu"},
		{`{"pena": {"giorni_lpu": 99999999999999999999999}}`, "fuori_intervallo", "pena.giorni_lpu"},
		{`{"pena": {"giorni_lpu": -1e20}}`, "fuori_intervallo", "pena.giorni_lpu"},
		{`{"pena": {"giorni_lpu": 1e999999999}}`, "fuori_intervallo", "pena.giorni_lpu"},
		{`{"esecuzione": {"ore_svolte": 200001}}`, "fuori_intervallo", "esecuzione.ore_svolte"},
		{`{"pena": {"ammenda": "-5"}}`, "importo_non_valido", "pena.ammenda"},
		{`{"pena": {"ammenda": "1000000001"}}`, "fuori_intervallo", "pena.ammenda"},
		{`{"pena": {"multa": 1e3}}`, "importo_non_valido", "pena.multa"},
		// amounts that could be read two ways
		{`{"pena": {"ammenda": "1.500"}}`, "importo_non_valido", "pena.ammenda"},
		{`{"pena": {"ammenda": "1500,00"}}`, "importo_non_valido", "pena.ammenda"},
		{`{"pena": {"ammenda": "1.500,00"}}`, "importo_non_valido", "pena.ammenda"},
		{`{"pena": {"ammenda": "€ 1500"}}`, "importo_non_valido", "pena.ammenda"},
		// impossible dates
		{`{"data": "2025-02-30"}`, "data_non_valida", "data"},
		{`{"data": "2025-02-29"}`, "data_non_valida", "data"},
		{`{"data": "2025-13-01"}`, "data_non_valida", "data"},
		{`{"data": "10/06/2025"}`, "data_non_valida", "data"},
		{`{"data": "1899-12-31"}`, "data_non_valida", "data"},
		{`{"data": "2201-01-01"}`, "data_non_valida", "data"},
		// unknown fields, also inside a duration
		{`{"fattispecie": "cds186", "pippo": 1}`, "campo_sconosciuto", "pippo"},
		// (an unknown member of fatti or opzioni is Evaluate's to refuse:
		// the vocabulary may declare it; see TestAltriErrori)
		{`{"pena": {"arresto": {"settimane": 2}}}`, "campo_sconosciuto", "pena.arresto.settimane"},
		{`{"Fattispecie": "cds186"}`, "campo_sconosciuto", "Fattispecie"},
		// texts too long
		{`{"fatti": {"comma": "` + strings.Repeat("7", 21) + `"}}`, "fuori_intervallo", "fatti.comma"},
		{`{"fattispecie": "` + strings.Repeat("x", 201) + `"}`, "fuori_intervallo", "fattispecie"},
	} {
		var r lpu.Richiesta
		err := lpu.DecodeBytes([]byte(c.corpo), &r)
		controllaCodice(t, c.corpo, err, c.codice, c.campo, 400)
	}
}

// TestDecodeValidi: what is accepted, and how it is read.
func TestDecodeValidi(t *testing.T) {
	var r lpu.Richiesta
	err := lpu.DecodeBytes([]byte(`{"fattispecie": "cds186", "data": "2024-02-29",
		"pena": {"arresto": {"mesi": 1, "giorni": null}, "ammenda": 1500.5, "multa": "0", "giorni_lpu": 1e3},
		"fatti": {"sostituzioni_precedenti": 1.0, "pena_edittale_max": {"anni": 4}}, "opzioni": null}`), &r)
	if err != nil {
		t.Fatal(err)
	}
	if r.Data.String() != "2024-02-29" || r.Pena.Arresto != (lpu.Durata{Mesi: 1}) || r.Pena.Ammenda.String() != "1500.5" ||
		r.Pena.GiorniLPU != 1000 || r.Fatti.SostituzioniPrecedenti != 1 || r.Fatti.PenaEdittaleMax.Anni != 4 {
		t.Errorf("letto %+v", r)
	}
}

// TestEvaluateErrori: requests that decode but cannot be answered.
func TestEvaluateErrori(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		corpo, codice, campo string
		stato                int
	}{
		{`{"data": "2025-06-10", "pena": {"ammenda": "1500"}}`, "campo_obbligatorio", "fattispecie", 400},
		{`{"fattispecie": "cds168", "pena": {"ammenda": "1500"}}`, "fattispecie_sconosciuta", "fattispecie", 400},
		{`{"fattispecie": "CDS186", "pena": {"ammenda": "1500"}}`, "fattispecie_sconosciuta", "fattispecie", 400},
		{`{"fattispecie": "cds186", "pena": {"ammenda": "1500"}, "opzioni": {"mese": "lunare"}}`, "valore_non_ammesso", "opzioni.mese", 400},
		{`{"fattispecie": "cds186", "pena": {"ammenda": "1500"}, "opzioni": {"frazione_250": "metà"}}`, "valore_non_ammesso", "opzioni.frazione_250", 400},
		{`{"fattispecie": "cds186", "pena": {"ammenda": "1500"}, "opzioni": {"ragguaglio_residuo": "due_a_uno"}}`, "valore_non_ammesso", "opzioni.ragguaglio_residuo", 400},
		{`{"fattispecie": "cds186", "pena": {"ammenda": "1500"}, "fatti": {"convenzione": "dm1999"}}`, "valore_non_ammesso", "fatti.convenzione", 400},
		{`{"fattispecie": "cds186", "data": "2009-01-01", "pena": {"ammenda": "1500"}}`, "non_in_vigore", "data", 422},
	} {
		var r lpu.Richiesta
		if err := lpu.DecodeBytes([]byte(c.corpo), &r); err != nil {
			t.Errorf("%s: %v", c.corpo, err)
			continue
		}
		_, err := e.Calcolo(context.Background(), &r)
		controllaCodice(t, c.corpo, err, c.codice, c.campo, c.stato)
	}
}

// TestEvaluateLimitiDaGo: a request built in Go, not decoded, is held to
// the bounds Decode enforces, with Decode's codes (TestLimitiTipizzate).
func TestEvaluateLimitiDaGo(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		nome   string
		cambia func(*lpu.Richiesta)
		codice string
		campo  string
	}{
		{"mesi negativi", func(r *lpu.Richiesta) { r.Pena.Arresto.Mesi = -1 }, "fuori_intervallo", "pena.arresto.mesi"},
		{"anni enormi", func(r *lpu.Richiesta) { r.Pena.Arresto.Anni = 1 << 40 }, "fuori_intervallo", "pena.arresto.anni"},
		{"ammenda negativa", func(r *lpu.Richiesta) { r.Pena.Ammenda = lpu.ImportoDecimale(decimal.RequireFromString("-250")) }, "importo_non_valido", "pena.ammenda"},
		{"ammenda enorme", func(r *lpu.Richiesta) { r.Pena.Ammenda = lpu.ImportoDecimale(decimal.RequireFromString("1e30")) }, "importo_non_valido", "pena.ammenda"},
		{"ore svolte negative", func(r *lpu.Richiesta) { r.Esecuzione.OreSvolte = -3 }, "fuori_intervallo", "esecuzione.ore_svolte"},
		{"comma lunghissimo", func(r *lpu.Richiesta) { r.Fatti.Comma = strings.Repeat("7", 1<<20) }, "fuori_intervallo", "fatti.comma"},
		{"data fuori intervallo", func(r *lpu.Richiesta) { r.Data = lpu.NewData(2999, time.January, 1) }, "data_non_valida", "data"},
	} {
		r := esempioCds186()
		c.cambia(r)
		_, err := e.Calcolo(context.Background(), r, lpu.WithoutExplanation())
		controllaCodice(t, c.nome, err, c.codice, c.campo, 400)
	}
}

func controllaCodice(t *testing.T, caso string, err error, codice, campo string, stato int) {
	t.Helper()
	var e *lpu.Error
	if !errors.As(err, &e) {
		t.Errorf("%s: errore %v, atteso *lpu.Error %s", caso, err, codice)
		return
	}
	if string(e.Code) != codice || e.Field != campo || statoHTTP(e) != stato || e.Message == "" {
		t.Errorf("%s: %s (%d) su %q: %s; atteso %s (%d) su %q", caso, e.Code, statoHTTP(e), e.Field, e.Message, codice, stato, campo)
	}
}

// TestDecodeBordi: the edges of the one JSON reader (jsontext): what
// follows the object, nesting, escapes and invalid UTF-8.
func TestDecodeBordi(t *testing.T) {
	profondo := func(n int) string {
		return `{"pena":` + strings.Repeat(`{"a":`, n) + `1` + strings.Repeat(`}`, n) + `}`
	}
	for _, c := range []struct {
		corpo, codice, campo, fattispecie string
	}{
		{`{}`, "", "", ""},
		{" \t{}\r\n", "", "", ""},
		// encoding/json's More let a closing bracket after the object pass.
		{`{}}`, "json_non_valido", "", ""},
		{`{} ]`, "json_non_valido", "", ""},
		{`{} x`, "json_non_valido", "", ""},
		// a UTF-8 BOM is read at the start only (TestBOMAccettato)
		{"\ufeff{}", "", "", ""},
		{" \ufeff{}", "json_non_valido", "", ""},
		{"{}\ufeff", "json_non_valido", "", ""},
		// 64 levels are read (and refused as a value); 65 are not JSON we read.
		{profondo(62), "campo_sconosciuto", "pena.a", ""},
		{profondo(64), "json_non_valido", "", ""},
		{`{"a":` + strings.Repeat(`[`, 100) + strings.Repeat(`]`, 100) + `}`, "json_non_valido", "", ""},
		// escapes and invalid UTF-8 read as encoding/json reads them
		{`{"fatti\u0073pecie":"cds\u0031\u00386"}`, "", "", "cds186"},
		{"{\"fattispecie\":\"x\xffy\"}", "", "", "x\ufffdy"},
		{`{"fattispecie":"\ud800"}`, "", "", "\ufffd"},
		{`{"fattispecie":"\ud83d\ude00"}`, "", "", "😀"},
		{`{"pena":{"arr\u0065sto":{"m\u0065si":-1}}}`, "fuori_intervallo", "pena.arresto.mesi", ""},
		{`{"fatti":{"x\u0041":1}}`, "", "", ""},
	} {
		var r lpu.Richiesta
		err := lpu.DecodeBytes([]byte(c.corpo), &r)
		var le *lpu.Error
		switch {
		case c.codice == "" && err != nil:
			t.Errorf("%q: %v; want accepted", c.corpo, err)
		case c.codice == "":
			if r.Fattispecie != c.fattispecie {
				t.Errorf("%q: fattispecie %q; want %q", c.corpo, r.Fattispecie, c.fattispecie)
			}
		case !errors.As(err, &le) || string(le.Code) != c.codice || le.Field != c.campo:
			t.Errorf("%q: %v; want %s on %q", c.corpo, err, c.codice, c.campo)
		}
	}
}

// TestParseItaliano: ParseImporto and ParseData read what a person
// writes, and say what they cannot read with an *Error.
func TestParseItaliano(t *testing.T) {
	for _, c := range []struct{ in, want string }{{"1.500,00", "1500"}, {"€ 1.500", "1500"}, {"1500.50", "1500.5"}, {"1500,5", "1500.5"}} {
		i, err := lpu.ParseImporto(c.in)
		if err != nil || i.String() != c.want {
			t.Errorf("ParseImporto(%q) = %v, %v; want %s", c.in, i, err, c.want)
		}
	}
	if _, err := lpu.ParseImporto("1,2.3"); !errors.Is(err, lpu.CodeImportoNonValido) {
		t.Errorf("ParseImporto(1,2.3) = %v; want importo_non_valido", err)
	}
	for _, s := range []string{"05/12/2026", "5/12/2026", "2026-12-05"} {
		d, err := lpu.ParseData(s)
		if err != nil || d != lpu.NewData(2026, 12, 5) {
			t.Errorf("ParseData(%q) = %v, %v", s, d, err)
		}
	}
	if _, err := lpu.ParseData("31/02/2026"); !errors.Is(err, lpu.CodeDataNonValida) {
		t.Errorf("ParseData(31/02/2026) = %v; want data_non_valida", err)
	}
}

// TestDataInesistente: a date written right whose month has no such day
// says why, in the JSON API and in ParseData as in the web form and the
// CSV lotto (TestLottoCSV); one written wrong says the form.
func TestDataInesistente(t *testing.T) {
	var r lpu.Richiesta
	for _, c := range []struct{ body, want string }{
		{`{"fattispecie":"cds186","data":"2025-02-30"}`, "data inesistente: «2025-02-30» (febbraio 2025 ha 28 giorni)"},
		{`{"fattispecie":"cds186","data":"2024-04-31"}`, "data inesistente: «2024-04-31» (aprile 2024 ha 30 giorni)"},
		{`{"fattispecie":"cds186","data":"2025-13-01"}`, "data non valida: «2025-13-01» (formato AAAA-MM-GG, anni 1900–2200)"},
		{`{"fattispecie":"cds186","data":"0025-02-30"}`, "data non valida: «0025-02-30» (formato AAAA-MM-GG, anni 1900–2200)"},
	} {
		err := lpu.DecodeBytes([]byte(c.body), &r)
		if e := lpu.AsError(err); e == nil || e.Code != lpu.CodeDataNonValida || e.Message != c.want {
			t.Errorf("%s: %v; want data_non_valida: %s", c.body, err, c.want)
		}
	}
	_, err := lpu.ParseData("31/02/2026")
	if e := lpu.AsError(err); e == nil || e.Message != "data inesistente: «31/02/2026» (febbraio 2026 ha 28 giorni)" {
		t.Errorf("ParseData(31/02/2026) = %v; want the month and its days", err)
	}
}

// TestJSONAndataERitorno: what encoding/json writes of a request it reads
// back the same.
func TestJSONAndataERitorno(t *testing.T) {
	in := lpu.Richiesta{Fattispecie: "cds186", Data: lpu.NewData(2025, 6, 10),
		Pena: lpu.Pena{Arresto: lpu.Durata{Mesi: 1, Giorni: 15}, Ammenda: lpu.MustImporto("1500.50")}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out lpu.Richiesta
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("json.Unmarshal(%s): %v", b, err)
	}
	if out.Data != in.Data || !out.Pena.Ammenda.Equal(in.Pena.Ammenda) || out.Pena.Arresto != in.Pena.Arresto {
		t.Errorf("andata e ritorno: %+v; want %+v", out, in)
	}
}
