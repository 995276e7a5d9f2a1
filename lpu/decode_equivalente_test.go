package lpu_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// The fast DecodeBytes against the reference (decodeLento: encoding/json,
// then Assign, which defines what DecodeBytes answers): same decoded
// value, same error (code, message, field, status), for every body and
// every request type.

// tipiRichiesta are the types DecodeBytes fills (lotto rows are the same
// types, filled by Assign).
var tipiRichiesta = []struct {
	nome  string
	nuovo func() any
	pieno string // a body that fills many fields, to decode onto
}{
	{"calcolo", func() any { return new(lpu.Richiesta) },
		`{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"anni":1,"mesi":2,"giorni":3},"reclusione":{"mesi":4},"ammenda":"1500.5","multa":"7","giorni_lpu":9},` +
			`"fatti":{"incidente":true,"comma":"9-bis","pena_edittale_max":{"anni":4},"sostituzioni_precedenti":2},"opzioni":{"mese":"30"},"esecuzione":{"ore_svolte":12,"data_inizio":"2025-07-01"}}`},
	{"fondo", func() any { return new(lpu.RichiestaFondo) },
		`{"fattispecie":"cds186","data_inizio":"2025-06-10","convenzione":"dm2001","giorni":51,"giornate_lavorate":40,"fondo_esaurito":true,"retribuzione_giornaliera":"55.12"}`},
	{"convenzione", func() any { return new(lpu.RichiestaConvenzione) },
		`{"convenzione":{"modello":"dm2001","decorrenza":"2021-03-01","anni":5,"fattispecie":["cds186","cds187"],"attivita":["a"],"sedi":[{"nome":"x"}]},"fattispecie":"cds186","data":"2024-01-01","sede":"s"}`},
	{"piano", func() any { return new(lpu.RichiestaPiano) },
		`{"fattispecie":"cds186","ore":100,"inizio":"2025-06-10","giorni_settimana":{"lun":2,"mer":3},"sospensioni":[{"dal":"2025-08-01","al":"2025-08-20","motivo":"ferie"}],"comune":"Roma","fatti":{"incidente":true}}`},
}

// esito is what a decode answers.
type esito struct {
	val any
	err string
}

func esitoDi(v any, err error) esito {
	e := esito{val: v}
	var le *lpu.Errore
	switch {
	case err == nil:
	case errors.As(err, &le):
		e.err = "Errore " + strconv.Quote(le.Codice) + " " + strconv.Quote(le.Campo) + " " + strconv.Quote(le.Messaggio) + " " + strconv.Itoa(le.Stato)
	default:
		e.err = "altro " + strconv.Quote(err.Error())
	}
	return e
}

func (e esito) uguale(f esito) bool { return e.err == f.err && reflect.DeepEqual(e.val, f.val) }

// confronta decodes body into each request type, from zero and from a
// filled value, with DecodeBytes and with the reference.
func confronta(t *testing.T, body []byte) {
	t.Helper()
	for _, tr := range tipiRichiesta {
		for _, pieno := range []bool{false, true} {
			parti := func() any {
				v := tr.nuovo()
				if pieno {
					if err := lpu.DecodeBytesRif([]byte(tr.pieno), v); err != nil {
						t.Fatalf("%s: corpo pieno: %v", tr.nome, err)
					}
				}
				return v
			}
			a := parti()
			nuovo := esitoDi(a, lpu.DecodeBytes(body, a))
			b := parti()
			vecchio := esitoDi(b, lpu.DecodeBytesRif(body, b))
			if !comeRif(nuovo, vecchio, func() esito { b := parti(); return esitoDi(b, lpu.DecodeBytesRif(body, b)) }) {
				t.Fatalf("%s (pieno %v) %q:\nnuovo:    %s\n%+v\nvecchio:  %s\n%+v", tr.nome, pieno, body, nuovo.err, nuovo.val, vecchio.err, vecchio.val)
			}
		}
	}
}

// comeRif: nuovo is vecchio, or, since the reference reads durations and
// maps in Go's random map order (with two errors in one its answer
// varies), one of the answers the reference gives in 300 more runs.
func comeRif(nuovo, vecchio esito, rif func() esito) bool {
	if nuovo.uguale(vecchio) {
		return true
	}
	for range 300 {
		if nuovo.uguale(rif()) {
			return true
		}
	}
	return false
}

// corpiDifficili are bodies at the edges: syntax, duplicates, escapes,
// invalid UTF-8, numbers, trailing data, nulls, errors in order.
var corpiDifficili = []string{
	``, ` `, `{`, `}`, `{}`, ` {} `, "\t{}\r\n", `{} ]`, `{}}`, `{} }`, `{} x`, `{} {}`, `{}{`, `{} [`, `{},`, `[]`, `null`, `"x"`, `1`, `1x`, `{}]]`,
	`{"fattispecie":"cds186"}`, `{"fattispecie":"cds186","fattispecie":"cds187"}`, `{"fattispecie":1,"fattispecie":"cds187"}`,
	`{"fattispecie":"cds186","fattispecie":1}`, `{"fattispecie":"cds\u0031\n86"}`, `{"fatti\u0073pecie":"cds186"}`, `{"fattispecie":"\ud800"}`,
	`{"fattispecie":"\ud83d\ude00"}`, `{"fattispecie":"\ud800\u0041"}`, "{\"fattispecie\":\"\xff\"}", "{\"fattispecie\":\"\xed\xa0\x80\"}", "{\"\xff\":1}",
	`{"fattispecie":"` + strings.Repeat("é", 100) + `"}`, `{"fattispecie":"` + strings.Repeat("é", 101) + `"}`, `{"fattispecie":"\u00e9"}`,
	`{"pena":{"arresto":{"mesi":1,"mesi":null}}}`, `{"pena":{"arresto":{"mesi":null,"mesi":1}}}`, `{"pena":{"arresto":{"mesi":-1,"mesi":1}}}`,
	`{"pena":{"arresto":{"mesi":-1,"anni":-1,"giorni":"x","ore":1}}}`, `{"pena":{"arresto":{"mesi":1e3,"ore":2}}}`, `{"pena":{"arresto":{"mesi":1.0,"giorni":0e99}}}`,
	`{"pena":{"arresto":{"m\u0065si":1}}}`, `{"pena":{"arresto":null,"reclusione":{}}}`, `{"pena":{"arresto":[]}}`, `{"pena":{"ammenda":"1500","ammenda":null}}`,
	`{"pena":{"ammenda":" 1500"}}`, `{"pena":{"ammenda":""}}`, `{"pena":{"ammenda":"  "}}`, `{"pena":{"ammenda":"1500."}}`, `{"pena":{"ammenda":".5"}}`,
	`{"pena":{"ammenda":"1500.123"}}`, `{"pena":{"ammenda":1500.12}}`, `{"pena":{"ammenda":-1500}}`, `{"pena":{"ammenda":1e3}}`, `{"pena":{"ammenda":"1000000000.01"}}`,
	`{"pena":{"ammenda":"1000000000"}}`, `{"pena":{"ammenda":"00012"}}`, `{"pena":{"ammenda":"123456789012345678901"}}`, `{"pena":{"ammenda":"1\u0030"}}`,
	`{"data":"2024-02-29"}`, `{"data":"2025-02-29"}`, `{"data":"1900-01-01"}`, `{"data":"1899-12-31"}`, `{"data":"2200-12-31"}`, `{"data":"2201-01-01"}`,
	`{"data":"2025-6-10"}`, `{"data":"2025-06-10 "}`, `{"data":"+025-06-10"}`, `{"data":"2025-06-31"}`, `{"data":"2025-00-10"}`, `{"data":"0000-01-01"}`, `{"data":""}`, `{"data":null}`,
	`{"data":"2025\u002d06-10"}`, `{"fatti":{"sostituzioni_precedenti":100}}`, `{"fatti":{"sostituzioni_precedenti":-0}}`, `{"fatti":{"sostituzioni_precedenti":0}}`,
	`{"fatti":{"sostituzioni_precedenti":1e999999999}}`, `{"fatti":{"sostituzioni_precedenti":999999999999999999999999}}`, `{"fatti":{"sostituzioni_precedenti":9223372036854775807}}`,
	`{"fatti":{"sostituzioni_precedenti":12345678901234567}}`, `{"fatti":{"incidente":1,"comma":2}}`, `{"zz":1,"aa":{"bb":"x"}}`, `{"opzioni":{"mese":"30"},"fatti":{"x":1},"data":"2025-02-30"}`,
	`{"convenzione":{"fattispecie":["a",1,null],"sedi":[{},null,{"x":1}]}}`, `{"convenzione":{"fattispecie":[` + strings.Repeat(`"a",`, 50) + `"a"]}}`,
	`{"convenzione":{"fattispecie":null,"attivita":[]}}`, `{"giorni_settimana":{"lun":2,"mar":-1,"mer":25,"gio":"x"}}`, `{"giorni_settimana":{"lun":null,"lun":3}}`,
	`{"sospensioni":[{"dal":"2025-02-30"},{"al":1}]}`, `{"a":` + strings.Repeat(`[`, 100) + strings.Repeat(`]`, 100) + `}`, `{"a":` + strings.Repeat(`{"a":`, 70) + `1` + strings.Repeat(`}`, 70) + `}`,
	`{"":1}`, `{"pena":{"":1}}`, `{"fatti":{"comma":"` + strings.Repeat("7", 20) + `"}}`, `{"fatti":{"comma":"` + strings.Repeat("7", 21) + `"}}`,
	`{"fattispecie": "cds186", "data": "2024-02-29", "pena": {"arresto": {"mesi": 1, "giorni": null}, "ammenda": 1500.5, "multa": "0", "giorni_lpu": 1e3}, "fatti": {"sostituzioni_precedenti": 1.0, "pena_edittale_max": {"anni": 4}}, "opzioni": null}`,
	`{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}}`,
	// members of the Altri maps (fields declared only in the vocabulary)
	`{"fatti":{"nuovo":{"a":[1,"x\u0041"]},"zz":null,"n":1.5e3,"m":-0,"s":"\u00e9","t":"é","b":false,"incidente":true},"opzioni":{"x":"y","mese":"calendario"}}`,
	`{"fatti":{"n\u0075ovo":1,"incidente":true}}`, `{"fatti":{"nuovo":1,"nuovo":2}}`, `{"fatti":{"nuovo":1,"incidente":"x"}}`, `{"fatti":{"a":1,"zz":[}}}`,
	`{"fattispecie":true}`, `{"fatti":{"sostituzioni_precedenti":1.5}}`,
}

// corpiSeme are the bodies the tests and the fuzz target start from.
func corpiSeme(t testing.TB) [][]byte {
	var out [][]byte
	for _, c := range casiSuite(t) {
		out = append(out, c.Corpo)
	}
	for _, tr := range tipiRichiesta {
		out = append(out, []byte(tr.pieno))
	}
	for _, c := range corpiDifficili {
		out = append(out, []byte(c))
	}
	// The corpus of FuzzDecode (lines: byte(…), []byte("…")).
	files, _ := filepath.Glob("testdata/fuzz/FuzzDecode/*")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, riga := range strings.Split(string(src), "\n") {
			if q, ok := strings.CutPrefix(riga, "[]byte("); ok {
				s, err := strconv.Unquote(strings.TrimSuffix(q, ")"))
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				out = append(out, []byte(s))
			}
		}
	}
	return out
}

// varianti replaces, one at a time, every value of a body with values of
// every kind, and adds an unknown field to every object.
func varianti(body []byte) [][]byte {
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return nil
	}
	sostituti := []any{nil, true, "x", "", "2025-02-30", "1.500", "1500.55", json.Number("-1"), json.Number("1e3"), json.Number("1.5"),
		json.Number("100001"), json.Number("7"), map[string]any{}, map[string]any{"mesi": json.Number("-1"), "anni": "x"}, []any{}, []any{"a", json.Number("2")}}
	var out [][]byte
	var visita func(x any, metti func(any))
	visita = func(x any, metti func(any)) {
		for _, s := range sostituti {
			metti(s)
			if b, err := json.Marshal(doc); err == nil {
				out = append(out, b)
			}
		}
		metti(x)
		switch x := x.(type) {
		case map[string]any:
			x["zz_sconosciuto"] = json.Number("1")
			if b, err := json.Marshal(doc); err == nil {
				out = append(out, b)
			}
			delete(x, "zz_sconosciuto")
			for k, e := range x {
				visita(e, func(n any) { x[k] = n })
			}
		case []any:
			for i, e := range x {
				visita(e, func(n any) { x[i] = n })
			}
		}
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil
	}
	for k, e := range m {
		visita(e, func(n any) { m[k] = n })
	}
	return out
}

func TestDecodeEquivalente(t *testing.T) {
	n := 0
	for _, body := range corpiSeme(t) {
		confronta(t, body)
		n++
		if testing.Short() {
			continue
		}
		for i, v := range varianti(body) {
			if raceAttivo && i%32 != 0 {
				// The race detector makes each 10 times slower; one in 32
				// reaches every block of decode*.go that all of them reach,
				// with the last two corpiDifficili.
				continue
			}
			confronta(t, v)
			n++
		}
	}
	t.Logf("%d corpi confrontati", n)
}

// FuzzDecodeEquivalente: DecodeBytes answers as the reference on any body.
func FuzzDecodeEquivalente(f *testing.F) {
	for _, b := range corpiSeme(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		confronta(t, body)
	})
}
