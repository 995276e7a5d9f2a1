package lpu_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestCampiCalcolati: the request types carry no field the engine
// computes; a request that gives one is refused with campo_calcolato
// (unless it gives null or the zero value, as a client writing every
// field of the former types did), and the rules still read them.
func TestCampiCalcolati(t *testing.T) {
	for _, c := range []struct {
		tipo  reflect.Type
		campo string
	}{{reflect.TypeFor[lpu.RichiestaFondo](), "InizioDallaData"}, {reflect.TypeFor[lpu.RichiestaConvenzione](), "Posti"}} {
		if _, ok := c.tipo.FieldByName(c.campo); ok {
			t.Errorf("%s has the computed field %s", c.tipo, c.campo)
		}
	}
	for _, c := range []struct {
		body string
		conv bool
		want string // "" for accepted
	}{
		{`{"fattispecie":"cds186","data_inizio":"2025-06-10","giorni":51,"inizio_dalla_data":true}`, false, "campo_calcolato inizio_dalla_data"},
		{`{"fattispecie":"cds186","data_inizio":"2025-06-10","giorni":51,"inizio_dalla_data":"x","giorni_x":1}`, false, "campo_sconosciuto giorni_x campo_calcolato inizio_dalla_data"},
		{`{"fattispecie":"cds186","data_inizio":"2025-06-10","giorni":51,"inizio_dalla_data":false}`, false, ""},
		{`{"fattispecie":"cds186","data_inizio":"2025-06-10","giorni":51,"inizio_dalla_data":null}`, false, ""},
		{`{"fattispecie":"cds186","data_inizio":"2025-06-10","giorni":51,"lpu_escluso":true}`, false, "campo_calcolato lpu_escluso"},
		{`{"convenzione":{"modello":"dm2001","decorrenza":"2021-03-01","anni":5},"fattispecie":"cds186","data":"2025-07-31","posti":{"liberi":3}}`, true, "campo_calcolato posti"},
		{`{"convenzione":{"modello":"dm2001","decorrenza":"2021-03-01","anni":5},"fattispecie":"cds186","data":"2025-07-31","posti":{"verificati":false,"sedi":0,"tipo":"","totali":0,"occupati":0,"liberi":0,"giorno":""}}`, true, ""},
		{`{"convenzione":{"modello":"dm2001","decorrenza":"2021-03-01","anni":5},"fattispecie":"cds186","data":"2025-07-31","posti":null}`, true, ""},
	} {
		var err error
		if c.conv {
			err = decodeEntrambi[lpu.RichiestaConvenzione](t, c.body)
		} else {
			err = decodeEntrambi[lpu.RichiestaFondo](t, c.body)
		}
		if got := strings.Join(campiErrati(err), " "); got != c.want {
			t.Errorf("%s: errors %q; want %q", c.body, got, c.want)
		}
	}
	// The rules still read inizio_dalla_data, which calcolo sets when
	// the first day of work is not given.
	e := engine(t)
	r := lpu.Richiesta{Fattispecie: "cds186", Data: lpu.NewData(2025, 6, 10),
		Pena: lpu.Pena{Arresto: lpu.Durata{Mesi: 1, Giorni: 15}, Ammenda: lpu.MustImporto("1500")}}
	res, err := e.Calcolo(context.Background(), &r)
	if err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprint(res.FondoInail.Avvertenze); !strings.Contains(s, "«Primo giorno di lavoro» non è indicato") {
		t.Errorf("no caveat on the indicative deadline: %s", s)
	}
	r.Esecuzione.DataInizio = lpu.NewData(2025, 7, 1)
	if res, err = e.Calcolo(context.Background(), &r); err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprint(res.FondoInail.Avvertenze); strings.Contains(s, "«Primo giorno di lavoro» non è indicato") {
		t.Errorf("caveat with the first day given: %s", s)
	}
}

// TestCampiCalcolatiPerEtichetta: the refusal of a computed value names
// it by its label in the vocabulary (dal_motore), never by its name in
// the JSON, through Run and the lotto; the error's field stays its path.
func TestCampiCalcolatiPerEtichetta(t *testing.T) {
	e := engine(t)
	conv := `"convenzione":{"modello":"dm2001","decorrenza":"2021-03-01","anni":5},"fattispecie":"cds186","data":"2025-07-31"`
	fondo := `"fattispecie":"cds186","data_inizio":"2025-06-10","giorni":51`
	for _, c := range []struct {
		tipo, body, campo, want string
	}{
		{"fondo", `{` + fondo + `,"inizio_dalla_data":true}`, "inizio_dalla_data",
			"il valore «Inizio preso dalla data del caso» è calcolato dal motore (dalla data del caso, quando manca il primo giorno di lavoro): non va indicato nella richiesta"},
		{"fondo", `{` + fondo + `,"lpu_escluso":true}`, "lpu_escluso",
			"il valore «Lavoro di pubblica utilità escluso dal calcolo» è calcolato dal motore (dall'esito del calcolo, che esclude il lavoro di pubblica utilità nel caso): non va indicato nella richiesta"},
		{"convenzione", `{` + conv + `,"posti":{"liberi":3}}`, "posti",
			"il valore «Posti di quel tipo meno quelli occupati» è calcolato dal motore dalle sedi della convenzione: non va indicato nella richiesta"},
		{"convenzione", `{` + conv + `,"posti":{"tipo":"AF","liberi":3,"verificati":true}}`, "posti",
			"i valori «Posti della sede verificati», «Tipo di posto verificato» e «Posti di quel tipo meno quelli occupati» sono calcolati dal motore dalle sedi della convenzione: non vanno indicati nella richiesta"},
		{"convenzione", `{` + conv + `,"posti":3}`, "posti",
			"il valore è calcolato dal motore dalle sedi della convenzione: non va indicato nella richiesta"},
		// a member the decoder would refuse (negative, of another type)
		// is named too: the object was refused unnamed
		{"convenzione", `{` + conv + `,"posti":{"liberi":-1}}`, "posti",
			"il valore «Posti di quel tipo meno quelli occupati» è calcolato dal motore dalle sedi della convenzione: non va indicato nella richiesta"},
		{"convenzione", `{` + conv + `,"posti":{"liberi":0,"occupati":-2}}`, "posti",
			"il valore «Posti occupati al più in un giorno del periodo» è calcolato dal motore dalle sedi della convenzione: non va indicato nella richiesta"},
		{"convenzione", `{` + conv + `,"posti":{"totali":"tre","liberi":3}}`, "posti",
			"i valori «Posti di quel tipo alla sede» e «Posti di quel tipo meno quelli occupati» sono calcolati dal motore dalle sedi della convenzione: non vanno indicati nella richiesta"},
	} {
		_, err := e.Run(context.Background(), c.tipo, []byte(c.body))
		errs := lpu.AllErrors(err)
		if len(errs) != 1 || errs[0].Code != lpu.CodeCampoCalcolato || errs[0].Field != c.campo || errs[0].Message != c.want {
			t.Errorf("%s %s: %v\nwant «%s» on %s", c.tipo, c.body, err, c.want, c.campo)
		}
		var out strings.Builder
		riga := `[{"tipo":"` + c.tipo + `",` + c.body[1:] + `]`
		if _, err := e.Lotto(context.Background(), strings.NewReader(riga), &out, lpu.LottoOptions{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), c.want) {
			t.Errorf("lotto %s: %s\nwant «%s»", riga, out.String(), c.want)
		}
	}
}
