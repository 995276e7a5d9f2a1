package lpu_test

import (
	"encoding/json"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestJSONUnmarshalComeDecode: encoding/json reads a request as Decode
// does, with its checks: an ambiguous amount («1.500», which would be
// € 1,50 read as a plain decimal), a misspelt member, a name given twice
// are the same errors; null is no value.
func TestJSONUnmarshalComeDecode(t *testing.T) {
	for _, c := range []struct{ corpo, code, campo string }{
		{`{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1.500"}}`, "importo_non_valido", "pena.ammenda"},
		{`{"fattispecie":"cds186","data":"2025-06-10","pena":{"amenda":"1500"}}`, "campo_sconosciuto", "pena.amenda"},
		{`{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500","ammenda":"15"}}`, "chiave_duplicata", "pena.ammenda"},
	} {
		var dec, um lpu.Richiesta
		errDec := lpu.DecodeBytes([]byte(c.corpo), &dec)
		errUm := json.Unmarshal([]byte(c.corpo), &um)
		d, u := lpu.AsError(errDec), lpu.AsError(errUm)
		if d == nil || u == nil || string(u.Code) != c.code || u.Field != c.campo || u.Message != d.Message {
			t.Errorf("%s:\njson.Unmarshal: %v (%+v)\nDecode:         %v; want %s on %s, as Decode", c.corpo, errUm, u, errDec, c.code, c.campo)
		}
	}
	var r lpu.Richiesta
	if err := json.Unmarshal([]byte(`{"fattispecie":"cds186","pena":{"ammenda":null,"multa":"250.5"}}`), &r); err != nil || !r.Pena.Ammenda.IsZero() || r.Pena.Multa.Cents() != 25050 {
		t.Errorf("ammenda null: %v, %+v", err, r.Pena)
	}
	var p lpu.Pena
	if err := json.Unmarshal([]byte(`{"amenda":"1500"}`), &p); lpu.AsError(err) == nil || lpu.AsError(err).Code != "campo_sconosciuto" {
		t.Errorf("Pena con «amenda»: %v; want campo_sconosciuto", err)
	}
	var i lpu.Importo
	if err := json.Unmarshal([]byte(`"1.500"`), &i); lpu.AsError(err) == nil || lpu.AsError(err).Code != "importo_non_valido" {
		t.Errorf(`Importo "1.500": %v (%s); want importo_non_valido`, err, i)
	}
	for tipo, v := range map[string]any{"fondo": &lpu.RichiestaFondo{}, "convenzione": &lpu.RichiestaConvenzione{}, "piano": &lpu.RichiestaPiano{}} {
		if err := json.Unmarshal([]byte(`{"fattispecie":"cds186","x":1}`), v); lpu.AsError(err) == nil || lpu.AsError(err).Field != "x" {
			t.Errorf("%s: un campo sconosciuto: %v; want campo_sconosciuto on x", tipo, err)
		}
	}
}
