package lpu_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// campiErrati are the (code, field) pairs of the errors err holds.
func campiErrati(err error) []string {
	var out []string
	for _, e := range lpu.AllErrors(err) {
		out = append(out, string(e.Code)+" "+e.Field)
	}
	return out
}

// decodeEntrambi decodes body into a new T with DecodeBytes (jsontext)
// and with Assign on encoding/json's generic value: both must report the same
// errors.
func decodeEntrambi[T any](t *testing.T, body string) error {
	t.Helper()
	var a T
	errJSON := lpu.DecodeBytes([]byte(body), &a)
	d := json.NewDecoder(strings.NewReader(body))
	d.UseNumber()
	var raw any
	if err := d.Decode(&raw); err != nil {
		t.Fatal(err)
	}
	var b T
	errAssign := lpu.Assign(raw, &b)
	if g, w := fmt.Sprint(campiErrati(errJSON)), fmt.Sprint(campiErrati(errAssign)); g != w {
		t.Errorf("DecodeBytes and Assign differ:\nDecodeBytes %s\nAssign      %s", g, w)
	}
	if errJSON != nil && errAssign != nil && errJSON.Error() != errAssign.Error() {
		t.Errorf("messages differ:\n%v\n%v", errJSON, errAssign)
	}
	return errJSON
}

func TestErroriTuttiICampi(t *testing.T) {
	for _, c := range []struct {
		nome, body string
		want       []string
	}{
		{"tre campi", `{"fattispecie":"cds186","data":"2025-02-30","pena":{"ammenda":"1.500,00","arresto":{"mesi":-1}}}`,
			[]string{"data_non_valida data", "importo_non_valido pena.ammenda", "fuori_intervallo pena.arresto.mesi"}},
		{"sconosciuti e tipi", `{"zeta":1,"fattispecie":3,"alfa":true,"esecuzione":{"ore_svolte":"x"}}`,
			[]string{"campo_sconosciuto alfa", "tipo_errato esecuzione.ore_svolte", "tipo_errato fattispecie", "campo_sconosciuto zeta"}},
		{"nome con escape", `{"fattispecie":"cds186","d\u0061ta":"x","pena":{"multa":"a"}}`,
			[]string{"data_non_valida data", "importo_non_valido pena.multa"}},
		{"durata", `{"pena":{"arresto":{"anni":"1","mesi":-2,"ore":3}}}`,
			[]string{"tipo_errato pena.arresto.anni", "fuori_intervallo pena.arresto.mesi", "campo_sconosciuto pena.arresto.ore"}},
		{"uno solo", `{"fattispecie":"cds186","pena":{"ammenda":"x"}}`,
			[]string{"importo_non_valido pena.ammenda"}},
	} {
		t.Run(c.nome, func(t *testing.T) {
			err := decodeEntrambi[lpu.Richiesta](t, c.body)
			if got := campiErrati(err); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("errors = %q; want %q", got, c.want)
			}
			// The first error is the one a client is answered with.
			first := lpu.AsError(err)
			if string(first.Code)+" "+first.Field != c.want[0] {
				t.Errorf("AsError = %s %s; want %s", first.Code, first.Field, c.want[0])
			}
			var e *lpu.Error
			if !errors.As(err, &e) || e != first {
				t.Errorf("errors.As gives %v; want the first error %v", e, first)
			}
			for _, w := range c.want {
				code, _, _ := strings.Cut(w, " ")
				if !errors.Is(err, lpu.Code(code)) {
					t.Errorf("errors.Is(err, %s) = false", code)
				}
			}
			if errors.Is(err, lpu.CodeNessunaPena) {
				t.Errorf("errors.Is(err, nessuna_pena) = true")
			}
			if len(c.want) > 1 {
				var l lpu.ErrorList
				if !errors.As(err, &l) || len(l) != len(c.want) {
					t.Fatalf("not an ErrorList of %d: %T %v", len(c.want), err, err)
				}
				u, ok := err.(interface{ Unwrap() []error })
				if !ok || len(u.Unwrap()) != len(c.want) {
					t.Fatalf("Unwrap() []error missing or short")
				}
				for _, x := range u.Unwrap() {
					if _, ok := x.(*lpu.Error); !ok {
						t.Errorf("Unwrap gives %T", x)
					}
				}
				if !errors.As(fmt.Errorf("servizio: %w", err), &l) {
					t.Errorf("a wrapped ErrorList is not found")
				}
			} else if _, ok := err.(*lpu.Error); !ok {
				t.Errorf("one bad field: %T; want *lpu.Error", err)
			}
		})
	}
}

// Lists and maps report each bad element; a request with many bad
// fields stops at MaxErrors.
func TestErroriListeEMassimo(t *testing.T) {
	err := decodeEntrambi[lpu.RichiestaPiano](t, `{"fattispecie":"map","ore":"x","sospensioni":[{"dal":"x","al":"2025-01-01"},{"dal":"2025-01-01","al":"y"}],"giorni_settimana":{"lun":"a","xyz":2}}`)
	got := campiErrati(err)
	want := []string{"tipo_errato giorni_settimana.lun", "tipo_errato ore", "data_non_valida sospensioni[0].dal", "data_non_valida sospensioni[1].al"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("errors = %q; want %q", got, want)
	}

	var b strings.Builder
	b.WriteString(`{"fattispecie":"cds186"`)
	for i := range 200 {
		fmt.Fprintf(&b, `,"x%03d":1`, i)
	}
	b.WriteString(`}`)
	err = decodeEntrambi[lpu.Richiesta](t, b.String())
	if l := lpu.AllErrors(err); len(l) != lpu.MaxErrors || l[0].Field != "x000" || l[lpu.MaxErrors-1].Field != fmt.Sprintf("x%03d", lpu.MaxErrors-1) {
		t.Fatalf("%d errors (%q); want the first %d", len(l), campiErrati(err), lpu.MaxErrors)
	}
}

// Run and Calcolo give the same errors; Calcolo reports every field of
// fatti the vocabulary does not declare.
func TestErroriTuttiRun(t *testing.T) {
	e := engine(t)
	_, err := e.Run(context.Background(), "calcolo", []byte(`{"fattispecie":"cds186","data":"x","pena":{"ammenda":"y"}}`))
	if got := campiErrati(err); fmt.Sprint(got) != "[data_non_valida data importo_non_valido pena.ammenda]" {
		t.Errorf("Run: %q", got)
	}
	var r lpu.Richiesta
	if err := lpu.DecodeBytes([]byte(`{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"},"fatti":{"zz_uno":1,"zz_due":2}}`), &r); err != nil {
		t.Fatal(err)
	}
	_, err = e.Calcolo(context.Background(), &r)
	if got := campiErrati(err); fmt.Sprint(got) != "[campo_sconosciuto fatti.zz_due campo_sconosciuto fatti.zz_uno]" {
		t.Errorf("Calcolo: %q (%v)", got, err)
	}
}

// A request with several bad fields gives them all; the first is the
// one AsError returns and the JSON answer carries.
func ExampleErrorList() {
	var r lpu.Richiesta
	err := lpu.DecodeBytes([]byte(`{"fattispecie": "cds186", "data": "2025-02-30", "pena": {"ammenda": "1.500,00", "arresto": {"mesi": -1}}}`), &r)
	for _, e := range lpu.AllErrors(err) {
		fmt.Println(e.Kind, e.Code, e.Field)
	}
	fmt.Println(errors.Is(err, lpu.CodeFuoriIntervallo), lpu.AsError(err).Field)
	// Output:
	// input data_non_valida data
	// input importo_non_valido pena.ammenda
	// input fuori_intervallo pena.arresto.mesi
	// true data
}

// TestControlliTuttiInsieme: a calcolo with several values outside their
// declared ones is told each, in the order of the checks (the first is
// the one the API has always answered), not only the first; with errors of decoding too, it is told those first,
// then what the checks find in the fields that could be read: nothing
// on a field already in error, nothing when the body is no JSON.
func TestControlliTuttiInsieme(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		nome, body string
		want       []string
	}{
		{"valori", `{"fattispecie":"cds186","pena":{"ammenda":"1500"},"opzioni":{"mese":"lunare","ragguaglio_residuo":"due_a_uno"},"fatti":{"convenzione":"dm1999"}}`,
			[]string{"valore_non_ammesso opzioni.mese", "valore_non_ammesso opzioni.ragguaglio_residuo", "valore_non_ammesso fatti.convenzione"}},
		{"fattispecie e valori", `{"fattispecie":"cds999","opzioni":{"mese":"lunare"}}`,
			[]string{"fattispecie_sconosciuta fattispecie", "valore_non_ammesso opzioni.mese"}},
		{"decodifica e valori", `{"fattispecie":"cds186","data":"2025-02-30","pena":{"ammenda":"x"},"opzioni":{"mese":"lunare"}}`,
			[]string{"data_non_valida data", "importo_non_valido pena.ammenda", "valore_non_ammesso opzioni.mese"}},
		{"il campo già in errore", `{"fattispecie":3,"opzioni":{"mese":7,"frazione_250":"metà"}}`,
			[]string{"tipo_errato fattispecie", "tipo_errato opzioni.mese", "valore_non_ammesso opzioni.frazione_250"}},
		{"non JSON", `{"fattispecie":"cds186","opzioni":{"mese":"lunare"}`, []string{"json_non_valido "}},
	} {
		t.Run(c.nome, func(t *testing.T) {
			_, err := e.Run(context.Background(), "calcolo", []byte(c.body))
			if got := campiErrati(err); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("errors = %q; want %q", got, c.want)
			}
		})
	}
	if _, err := e.Run(context.Background(), "calcolo", []byte(`{"fattispecie":"cds186","pena":{"ammenda":"1500"},"opzioni":{"mese":"lunare"}}`)); err == nil {
		t.Fatal("no error")
	} else if _, ok := err.(*lpu.Error); !ok {
		t.Errorf("one bad value: %T; want *lpu.Error", err)
	}
}

// TestPianoTuttiInsieme: a piano request is told every bad field too:
// the decoder's first, then what the checks of the plan find (one per
// field, in their order), and nothing on a field already in error.
func TestPianoTuttiInsieme(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		nome, body string
		want       []string
	}{
		{"controlli", `{"fattispecie":"cds186","ore":10,"inizio":"2025-07-01","giorni_settimana":{"sab":4,"xyz":2},"ora_inizio":"25:00","durata_mesi":3,"sospensioni":[{"dal":"2025-08-10","al":"2025-08-01"}]}`,
			[]string{"giorno_sconosciuto giorni_settimana.xyz", "campo_non_pertinente durata_mesi", "periodo_invertito sospensioni[0].al", "orario_non_valido ora_inizio"}},
		{"decodifica e controlli", `{"fattispecie":"cds186","ore":"dieci","inizio":"2025-07-01","giorni_settimana":{"sab":30},"ora_inizio":"25:00"}`,
			[]string{"fuori_intervallo giorni_settimana.sab", "tipo_errato ore", "orario_non_valido ora_inizio"}},
	} {
		t.Run(c.nome, func(t *testing.T) {
			_, err := e.Run(context.Background(), "piano", []byte(c.body))
			if got := campiErrati(err); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("errors = %q; want %q", got, c.want)
			}
		})
	}
}

// TestFondoConvenzioneTuttiInsieme: a fondo and a convenzione request
// are told every bad field too, in the order of their checks, after the
// decoder's.
func TestFondoConvenzioneTuttiInsieme(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		tipo, body string
		want       []string
	}{
		{"fondo", `{"fattispecie":"cds999","convenzione":"xx"}`,
			[]string{"fattispecie_sconosciuta fattispecie", "campo_obbligatorio data_inizio", "valore_non_ammesso convenzione"}},
		{"fondo", `{"fattispecie":"cds186","data_inizio":"2025-02-30","convenzione":"xx"}`,
			[]string{"data_non_valida data_inizio", "valore_non_ammesso convenzione"}},
		{"convenzione", `{"fattispecie":"cds186","convenzione":{"modello":"","fattispecie":["xx","cds186","yy"]}}`,
			[]string{"campo_obbligatorio convenzione.modello", "campo_obbligatorio convenzione.decorrenza",
				"fattispecie_sconosciuta convenzione.fattispecie[0]", "fattispecie_sconosciuta convenzione.fattispecie[2]"}},
		// (the period, the sedi's names and their occupations' dates, before the places are counted)
		{"convenzione", `{"fattispecie":"cds186","data":"2025-06-10","convenzione":{"modello":"dm2001","decorrenza":"2021-03-01","anni":5,` +
			`"sedi":[{"nome":"","occupazioni":[{"al":"2025-01-01","posti":1}]},{"nome":"B","occupazioni":[{"dal":"2025-02-01","al":"2025-01-01","posti":1}]}]},` +
			`"periodo":{"dal":"2025-03-01","al":"2025-02-01"}}`,
			[]string{"data_non_valida periodo.al", "campo_obbligatorio convenzione.sedi[0].nome", "campo_obbligatorio convenzione.sedi[0].occupazioni[0].dal",
				"data_non_valida convenzione.sedi[1].occupazioni[0].al"}},
	} {
		_, err := e.Run(context.Background(), c.tipo, []byte(c.body))
		if got := campiErrati(err); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s %s:\nerrors = %q\n  want %q", c.tipo, c.body, got, c.want)
		}
	}
}
