package lpu_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestSintassiJSONInItaliano: a JSON syntax error is told in Italian,
// with the character at fault named readably, its line and column and
// the field it is in; never with the decoder's English.
func TestSintassiJSONInItaliano(t *testing.T) {
	for _, c := range []struct{ corpo, want string }{
		{" \ufeff{}", "JSON non valido: BOM (byte order mark, U+FEFF) dove è atteso un valore (riga 1, colonna 2)"},
		{`{"fattispecie":"cds186",,}`, "JSON non valido: carattere «,» dove è atteso il nome di un campo tra virgolette (riga 1, colonna 25)"},
		{`{,}`, "JSON non valido: carattere «,» dove è atteso il nome di un campo tra virgolette (riga 1, colonna 2)"},
		{`{"a":1,}`, "JSON non valido: carattere «}» dove è atteso il nome di un campo tra virgolette (riga 1, colonna 8)"},
		{`{fattispecie:1}`, "JSON non valido: carattere «f» dove è atteso il nome di un campo tra virgolette (riga 1, colonna 2)"},
		{"{\n  \"pena\": {\"ammenda\" \"1500\"}}", "JSON non valido: carattere «\"» dopo il nome di un campo: atteso «:» (campo «pena.ammenda», riga 2, colonna 22)"},
		{`{"data":"2025-06-10" "pena":{}}`, "JSON non valido: carattere «\"» dopo il valore di un campo: atteso «,» o «}» (riga 1, colonna 22)"},
		{`{"esecuzione":{"giorni":["lun" "mar"]}}`, "JSON non valido: carattere «\"» dopo un elemento di un elenco: atteso «,» o «]» (campo «esecuzione.giorni», riga 1, colonna 32)"},
		{`{"fatti":{"incidente":tru}}`, "JSON non valido: carattere «}» nella parola «true»: atteso «e» (campo «fatti.incidente», riga 1, colonna 26)"},
		{`{"pena":{"ammenda":'1500'}}`, "JSON non valido: carattere «'» dove è atteso un valore: i testi vanno tra virgolette doppie «\"» (campo «pena.ammenda», riga 1, colonna 20)"},
		{`{"data":}`, "JSON non valido: carattere «}» dove è atteso un valore (campo «data», riga 1, colonna 9)"},
		{"{\"data\":\x00}", "JSON non valido: carattere di controllo U+0000 dove è atteso un valore (campo «data», riga 1, colonna 9)"},
		{"{\"data\":\"2025\t06\"}", "JSON non valido: carattere di controllo U+0009 (tabulazione) in un testo tra virgolette: va scritto come sequenza di escape (\\t, \\n, \\u0000) (campo «data», riga 1, colonna 14)"},
		{"{\"titolo\":\xe0}", "JSON non valido: byte 0xE0, che non è UTF-8 (salvare il file in UTF-8), dove è atteso un valore (campo «titolo», riga 1, colonna 11)"},
		{`{"data":"\q"}`, "JSON non valido: sequenza di escape «\\q» non valida in un testo (campo «data», riga 1, colonna 10)"},
		{`{"pena":{"arresto":{"mesi":1.}}}`, "JSON non valido: carattere «}» in un numero: attesa una cifra (campo «pena.arresto.mesi», riga 1, colonna 30)"},
		{`{"pena":{"arresto":{"mesi":-}}}`, "JSON non valido: carattere «}» in un numero: attesa una cifra (campo «pena.arresto.mesi», riga 1, colonna 29)"},
		{`{"pena":{"ammenda":"1500"]}`, "JSON non valido: carattere «]» dopo il valore di un campo: atteso «,» o «}» (campo «pena», riga 1, colonna 26)"},
		{`{"fattispecie":"cds186"`, "JSON non valido: il testo finisce prima della fine del valore (riga 1, colonna 24)"},
		{`{"a":1,"b":{"c":[1,2,{"d":"x`, "JSON non valido: il testo finisce prima della fine del valore (campo «b.c[2].d», riga 1, colonna 29)"},
		{"{\"a\":1}\n\n{", "JSON non valido: dati in eccesso dopo l'oggetto (riga 3, colonna 1)"},
	} {
		err := lpu.DecodeBytes([]byte(c.corpo), new(lpu.Richiesta))
		e := lpu.AsError(err)
		if e == nil || e.Code != lpu.CodeJSONNonValido {
			t.Errorf("%q: err = %v; want json_non_valido", c.corpo, err)
			continue
		}
		if e.Message != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.corpo, e.Message, c.want)
		}
		inglese(t, c.corpo, e.Message)
	}
}

// inglese fails t if msg has a word of the JSON or CSV decoders' English.
func inglese(t *testing.T, caso, msg string) {
	t.Helper()
	for _, w := range []string{"invalid", "character", "expecting", "after", "string", "literal", "unexpected", "quote", "field", "parse error", "line", "column", "EOF"} {
		if strings.Contains(msg, w) {
			t.Errorf("%q: %q contains the English %q", caso, msg, w)
		}
	}
}

// TestBOMAccettato: a request saved by a Windows editor, which starts
// with the UTF-8 byte order mark, is read as the same request without
// it (RFC 8259 §8.1 lets a parser ignore it; the lotto already does).
func TestBOMAccettato(t *testing.T) {
	corpo := `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"}}`
	var senza, con lpu.Richiesta
	if err := lpu.DecodeBytes([]byte(corpo), &senza); err != nil {
		t.Fatal(err)
	}
	if err := lpu.DecodeBytes([]byte("\ufeff"+corpo), &con); err != nil {
		t.Fatalf("con il BOM: %v", err)
	}
	if con.Fattispecie != senza.Fattispecie || con.Data != senza.Data || con.Pena.Ammenda.Cmp(senza.Pena.Ammenda) != 0 {
		t.Errorf("con il BOM = %+v; want %+v", con, senza)
	}
	// Only one, and only at the start.
	for _, c := range []string{"\ufeff\ufeff" + corpo, "\ufeff"} {
		if e := lpu.AsError(lpu.DecodeBytes([]byte(c), new(lpu.Richiesta))); e == nil || e.Code != lpu.CodeJSONNonValido {
			t.Errorf("%q: err = %v; want json_non_valido", c, e)
		}
	}
}

// TestSintassiLottoJSONInItaliano: a JSON lotto read as a stream tells
// its syntax error in Italian too, at its byte, with the field inside
// the element.
func TestSintassiLottoJSONInItaliano(t *testing.T) {
	e := engine(t)
	for _, c := range []struct{ in, want string }{
		{`[{"fattispecie":"cds186"},{"pena":{"ammenda":tru}}]`, "JSON non valido dopo l'elemento 1: carattere «}» nella parola «true»: atteso «e» (campo «pena.ammenda», posizione 48); il resto del lotto non è letto"},
		{`[{"fattispecie":"cds186"} {}]`, "JSON non valido dopo l'elemento 1: carattere «{» dopo un elemento di un elenco: atteso «,» o «]» (posizione 26); il resto del lotto non è letto"},
		{`[{"fattispecie":"cds186"}] []`, "JSON non valido dopo l'elemento 1: dati in eccesso dopo la fine dell'array; il resto del lotto non è letto"},
	} {
		var out bytes.Buffer
		if _, err := e.Lotto(context.Background(), strings.NewReader(c.in), &out, lpu.LottoOptions{}); err != nil {
			t.Fatal(err)
		}
		var got []lpu.EsitoLotto
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("%s: %v", out.String(), err)
		}
		ultimo := got[len(got)-1].Errore
		if ultimo == nil || ultimo.Message != c.want {
			t.Errorf("%s:\n got %+v\nwant %s", c.in, ultimo, c.want)
			continue
		}
		inglese(t, c.in, ultimo.Message)
	}
}
