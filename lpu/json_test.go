package lpu_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/lpu/internal/jsonx"
)

// stessiByte checks that AppendJSON and WriteJSON write what
// encoding/json's Encoder writes with SetEscapeHTML(false), compact and
// indented.
func stessiByte(t *testing.T, nome string, v any) {
	t.Helper()
	for _, rientro := range []string{"", "  "} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", rientro)
		if err := enc.Encode(v); err != nil {
			t.Fatalf("%s: encoding/json: %v", nome, err)
		}
		var got bytes.Buffer
		if err := lpu.WriteJSON(&got, v, rientro); err != nil {
			t.Fatalf("%s: WriteJSON: %v", nome, err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("%s (rientro %q): byte diversi da encoding/json\n got %s\nwant %s", nome, rientro, got.Bytes(), want.Bytes())
		}
		if rientro == "" {
			b, err := lpu.AppendJSON([]byte("x"), v)
			if err != nil || !bytes.Equal(b[1:], want.Bytes()) {
				t.Fatalf("%s: AppendJSON = %s, %v", nome, b[1:], err)
			}
		}
	}
}

// risposta is what the server writes for a request: the answer, or the
// error object.
func rispostaJSON(e *lpu.Engine, tipo string, corpo []byte) any {
	out, err := e.Run(context.Background(), tipo, corpo)
	if err != nil {
		return lpu.NewErrorBody(err)
	}
	return out
}

// Every case of the suites, of every kind, alone and as a lotto line.
// (Under -race, one case in three of each kind: the answers are written
// one after the other, so the race detector finds nothing here that the
// concurrent tests do not; every case is compared without -race.)
func TestJSONSuite(t *testing.T) {
	e := engine(t)
	tipi := map[string]int{}
	for _, c := range casiSuite(t) {
		tipi[c.Tipo]++
		if raceAttivo && tipi[c.Tipo]%3 != 1 {
			continue
		}
		v := rispostaJSON(e, c.Tipo, c.Corpo)
		stessiByte(t, c.File+": "+c.Nome, v)
		es := lpu.EsitoLotto{Riga: 3, Rif: "«r»", Tipo: c.Tipo, Esito: "ok", Risultato: v}
		if corpo, ok := v.(lpu.ErrorBody); ok {
			es.Esito, es.Risultato, es.Errore = "errore", nil, corpo.Errore
		}
		stessiByte(t, c.File+": "+c.Nome+" (lotto)", es)
	}
	for _, k := range lpu.Kinds() {
		if tipi[k] == 0 {
			t.Errorf("nessun caso delle suite per il tipo %q", k)
		}
	}
	stessiByte(t, "catalogo", e.Catalogo())
}

// stringheStrane are texts with what JSON escapes, or might.
var stringheStrane = []string{
	"", "«art. 186» c.9-bis — € 1.500,00 §3", "a\u2028b\u2029c", "\x00\x01\x1f\x7f", "\t\n\r\b\f",
	`<>&'"\/`, "bad\xffutf8\xc3", "\xed\xa0\x80", "\U0001F600", "2025-02-29", "1500,50", "-1", "cds186", "map",
}

// Requests of the suites with leaves changed at random: other numbers,
// dates, flags and odd texts, echoed in answers and error messages.
func TestJSONRichiesteCasuali(t *testing.T) {
	e := engine(t)
	casi := casiSuite(t)
	rnd := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() || raceAttivo {
		n = 500
	}
	for i := range n {
		c := casi[rnd.IntN(len(casi))]
		var m map[string]any
		if err := json.Unmarshal(c.Corpo, &m); err != nil {
			t.Fatal(err)
		}
		for range 1 + rnd.IntN(3) {
			altera(rnd, m)
		}
		corpo, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		stessiByte(t, fmt.Sprintf("%d %s %s", i, c.Tipo, corpo), rispostaJSON(e, c.Tipo, corpo))
	}
}

// altera changes one leaf of v (or adds a field).
func altera(rnd *rand.Rand, m map[string]any) {
	var chiavi []string
	for k := range m {
		chiavi = append(chiavi, k)
	}
	slices.Sort(chiavi)
	if len(chiavi) == 0 || rnd.IntN(10) == 0 {
		m[stringheStrane[rnd.IntN(len(stringheStrane))]] = valoreCasuale(rnd, nil)
		return
	}
	k := chiavi[rnd.IntN(len(chiavi))]
	if sub, ok := m[k].(map[string]any); ok && rnd.IntN(4) > 0 {
		altera(rnd, sub)
		return
	}
	m[k] = valoreCasuale(rnd, m[k])
}

func valoreCasuale(rnd *rand.Rand, prima any) any {
	switch prima.(type) {
	case float64:
		return float64(rnd.IntN(400) - 5)
	case bool:
		return rnd.IntN(2) == 0
	case string:
		if rnd.IntN(2) == 0 {
			return fmt.Sprintf("20%02d-%02d-%02d", 10+rnd.IntN(20), 1+rnd.IntN(12), 1+rnd.IntN(31))
		}
	}
	switch rnd.IntN(6) {
	case 0:
		return float64(rnd.IntN(1000))
	case 1:
		return map[string]any{"mesi": float64(rnd.IntN(40)), "giorni": float64(rnd.IntN(40))}
	case 2:
		return []any{stringheStrane[rnd.IntN(len(stringheStrane))]}
	}
	return stringheStrane[rnd.IntN(len(stringheStrane))]
}

// tipiRisposta are the types the server, the command and the lotti write.
var tipiRisposta = []any{
	lpu.Risultato{}, lpu.RisultatoFondo{}, lpu.RisultatoConvenzione{}, lpu.RisultatoPiano{},
	lpu.EsitoLotto{}, lpu.ErrorBody{}, []lpu.InfoFattispecie{},
}

// Every field of the answers, filled at random: a field added to a type
// is filled and compared with no change here. The answers must also stay
// on the fast path: a field of a type that jsonx hands to encoding/json
// (a float, a time, a type with MarshalJSON…) is encoded right but
// slowly, and fails here.
func TestJSONTipiRisposta(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, v := range tipiRisposta {
		tipo := reflect.TypeOf(v)
		if !jsonx.Veloce(tipo) {
			t.Errorf("%v: jsonx lo passa (in parte) a encoding/json: il campo nuovo va codificato in jsonx", tipo)
		}
		stessiByte(t, tipo.String()+" vuoto", reflect.New(tipo).Interface())
		for i := range 200 {
			p := reflect.New(tipo)
			riempi(rnd, p.Elem(), 0)
			stessiByte(t, fmt.Sprintf("%v %d", tipo, i), p.Interface())
		}
	}
}

// riempi fills v with random values, leaving some empty (omitempty).
func riempi(rnd *rand.Rand, v reflect.Value, prof int) {
	if rnd.IntN(6) == 0 || prof > 6 {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(rnd.IntN(2000) - 100))
	case reflect.String:
		v.SetString(stringheStrane[rnd.IntN(len(stringheStrane))] + strings.Repeat("è", rnd.IntN(3)))
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		riempi(rnd, v.Elem(), prof+1)
	case reflect.Slice:
		n := rnd.IntN(4)
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			riempi(rnd, v.Index(i), prof+1)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for range rnd.IntN(5) {
			k := reflect.New(v.Type().Key()).Elem()
			riempi(rnd, k, prof+1)
			x := reflect.New(v.Type().Elem()).Elem()
			riempi(rnd, x, prof+1)
			v.SetMapIndex(k, x)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				riempi(rnd, v.Field(i), prof+1)
			}
		}
	case reflect.Interface:
		if v.Type() == reflect.TypeFor[error]() {
			return // an error's cause: never in the JSON
		}
		// What the answers hold in an any: the values of valori, and
		// a lotto's results.
		var x any
		switch rnd.IntN(7) {
		case 0:
			x = int64(rnd.IntN(100))
		case 1:
			x = rnd.IntN(2) == 0
		case 2:
			x = []string{stringheStrane[rnd.IntN(len(stringheStrane))]}
		case 3:
			x = lpu.Durata{Anni: rnd.IntN(3), Mesi: rnd.IntN(12), Giorni: rnd.IntN(30)}
		case 4:
			r := &lpu.Risultato{}
			riempi(rnd, reflect.ValueOf(r).Elem(), prof+1)
			x = r
		case 5:
			x = nil
		default:
			x = stringheStrane[rnd.IntN(len(stringheStrane))]
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	}
}

// FuzzJSONTesti puts fuzzed texts in every kind of string of a real
// answer and compares the bytes with encoding/json's.
func FuzzJSONTesti(f *testing.F) {
	e := engine(f)
	var risultati []*lpu.Risultato
	for _, c := range casiSuite(f) {
		if r, ok := rispostaJSON(e, c.Tipo, c.Corpo).(*lpu.Risultato); ok {
			risultati = append(risultati, r)
		}
	}
	for i, s := range stringheStrane {
		f.Add(uint8(i), s, "chiave")
	}
	f.Fuzz(func(t *testing.T, n uint8, testo, chiave string) {
		r := *risultati[int(n)%len(risultati)]
		r.Fattispecie, r.Data = testo, chiave
		r.Motivi = []string{testo, chiave}
		r.Avvertenze = append(slices.Clone(r.Avvertenze), testo)
		r.Passi = append(slices.Clone(r.Passi), lpu.Passo{Regola: chiave, Fonte: testo, Testo: testo + chiave})
		r.Valori = map[string]any{chiave: testo, testo: []string{chiave}, "n": int64(len(testo))}
		for k, v := range risultati[int(n)%len(risultati)].Valori {
			r.Valori[k+chiave] = v
		}
		stessiByte(t, "risultato", &r)
		stessiByte(t, "errore", lpu.ErrorBody{Errore: &lpu.Error{Code: lpu.Code(chiave), Message: testo, Field: testo}})
	})
}

// BenchmarkCodificaJSON pairs the two encoders on a calcolo's answer with
// its explanation (what the server writes): jsonx, and encoding/json's
// Encoder with SetEscapeHTML(false), which writes the same bytes. jsonx
// stays only while it earns its place here.
func BenchmarkCodificaJSON(b *testing.B) {
	res, err := engine(b).Calcolo(context.Background(), esempioCds186())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("jsonx", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			if buf, err = lpu.AppendJSON(buf[:0], res); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(res); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(buf.Len()))
	})
}
