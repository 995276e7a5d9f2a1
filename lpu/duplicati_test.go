package lpu_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestChiaviDuplicate: a name given twice in one object is refused, with
// its path, wherever a JSON request comes in; the last one used to win
// ({"fattispecie":"cds186",…,"fattispecie":"gdp54"} computed gdp54).
func TestChiaviDuplicate(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		tipo, corpo, campo string
	}{
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"},"fattispecie":"gdp54"}`, "fattispecie"},
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500","ammenda":"1"}}`, "pena.ammenda"},
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"mesi":2}}}`, "pena.arresto.mesi"},
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","fattispecie":"cds186"}`, "fattispecie"},
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"},"pena":{"ammenda":"250"}}`, "pena"},
		// The same name written with an escape is the same name.
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","fattispeci\u0065":"gdp54"}`, "fattispecie"},
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"},"fatti":{"incidente":false,"incidente":true}}`, "fatti.incidente"},
		{"piano", `{"fattispecie":"cds186","ore":12,"inizio":"2025-07-01","giorni_settimana":{"sab":6,"sab":2}}`, "giorni_settimana.sab"},
		{"piano", `{"fattispecie":"cds186","ore":12,"inizio":"2025-07-01","giorni_settimana":{"sab":6},"sospensioni":[{"dal":"2025-07-01","al":"2025-07-02"},{"dal":"2025-08-01","dal":"2025-08-02"}]}`, "sospensioni[1].dal"},
		{"fondo", `{"fattispecie":"cds186","data_inizio":"2025-06-10","giorni":51,"giorni":1}`, "giorni"},
		{"convenzione", `{"convenzione":{"modello":"dm2001","modello":"nessuna","decorrenza":"2021-03-01","anni":5},"fattispecie":"cds186","data":"2025-07-31"}`, "convenzione.modello"},
	} {
		_, err := e.Run(context.Background(), c.tipo, []byte(c.corpo))
		if err == nil {
			t.Errorf("%s %s: accepted; want 400 chiave_duplicata on %s", c.tipo, c.corpo, c.campo)
			continue
		}
		le := lpu.AsError(err)
		if le.Code != "chiave_duplicata" || le.Field != c.campo || statoHTTP(le) != 400 {
			t.Errorf("%s %s: got %v (%+v); want 400 chiave_duplicata on %s", c.tipo, c.corpo, err, le, c.campo)
		}
		if !strings.Contains(le.Message, "»: campo indicato due volte") {
			t.Errorf("%s %s: %q; want «campo indicato due volte»", c.tipo, c.corpo, le.Message)
		}
		// The body was not read: the fields given are not missing.
		if all := lpu.AllErrors(err); len(all) != 1 {
			t.Errorf("%s %s: %d errors (%v); want chiave_duplicata alone", c.tipo, c.corpo, len(all), err)
		}
	}
	// A syntax error anywhere still wins, as before.
	_, err := e.Run(context.Background(), "calcolo", []byte(`{"fattispecie":"cds186","fattispecie":"gdp54",}`))
	if err == nil {
		t.Fatal("syntax error accepted")
	}
	if le := lpu.AsError(err); le.Code != "json_non_valido" {
		t.Errorf("duplicate then syntax error: %s; want json_non_valido", le.Code)
	}
	// Names that differ only in case are different names (an unknown field).
	_, err = e.Run(context.Background(), "calcolo", []byte(`{"fattispecie":"cds186","Fattispecie":"gdp54"}`))
	if err == nil {
		t.Fatal("case-different names accepted")
	}
	if le := lpu.AsError(err); le.Code != "campo_sconosciuto" {
		t.Errorf("case-different names: %s; want campo_sconosciuto", le.Code)
	}
}

// TestLottoChiaviDuplicate: in a JSON batch, the element with a
// duplicate name gets the error, the others their results.
func TestLottoChiaviDuplicate(t *testing.T) {
	e := engine(t)
	in := `[{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"}},
	{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"},"fattispecie":"gdp54"},
	{"tipo":"fondo","tipo":"calcolo","fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"}}]`
	var out bytes.Buffer
	if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{}); err != nil {
		t.Fatal(err)
	}
	var esiti []lpu.EsitoLotto
	if err := json.Unmarshal(out.Bytes(), &esiti); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(esiti) != 3 || esiti[0].Esito != "ok" {
		t.Fatalf("got %s", out.String())
	}
	for i, campo := range []string{"", "fattispecie", "tipo"} {
		if i == 0 {
			continue
		}
		if es := esiti[i]; es.Errore == nil || es.Errore.Code != "chiave_duplicata" || es.Errore.Field != campo {
			t.Errorf("element %d: %+v; want chiave_duplicata on %s", i+1, es.Errore, campo)
		}
	}
}
