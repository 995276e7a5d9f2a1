package lpu_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
)

// regolaATermine is a fattispecie whose rules end on 30/06/2020.
const regolaATermine = `id: a_termine
tipo: calcolo
titolo: norma a termine
fonte: prova
vigenza: {dal: 2000-01-01, al: 2020-06-30}
passi:
  - id: giorni
    calcola: giorni
    valore: "1"
    fonte: prova
    testo: "{giorni} giorni"
  - id: ore
    calcola: ore
    valore: "2"
    fonte: prova
    testo: "{ore} ore"
  - id: giornaliere
    calcola: ore_giornaliere_max
    valore: "8"
    fonte: prova
    testo: "8"
`

// TestDataCivile: a Data of a typed request is the civil date it names
// in its own location (its year, month and day), whatever its time: the
// law in force is looked up on that day, not on the instant, at every
// entrance (Calcolo, Fondo, Convenzione, Piano, Limiti) and for every
// date of the request.
func TestDataCivile(t *testing.T) {
	ctx := context.Background()
	e := engine(t)
	roma, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	tokyo := time.FixedZone("JST", 9*3600)
	newYork := time.FixedZone("EDT", -4*3600)
	cds186 := func(d time.Time) *lpu.Richiesta {
		return &lpu.Richiesta{Fattispecie: "cds186", Data: lpu.Data{Time: d}, Pena: lpu.Pena{Arresto: lpu.Durata{Mesi: 1}}}
	}
	// cds186 is in force from 30/07/2010.
	for _, c := range []struct {
		d       time.Time
		vigente bool
	}{
		{time.Date(2010, 7, 30, 0, 30, 0, 0, roma), true},     // 29/07 22:30 UTC
		{time.Date(2010, 7, 30, 8, 0, 0, 0, tokyo), true},     // 29/07 23:00 UTC
		{time.Date(2010, 7, 29, 23, 0, 0, 0, newYork), false}, // 30/07 03:00 UTC
		{time.Date(2010, 7, 29, 23, 59, 0, 0, time.UTC), false},
	} {
		res, err := e.Calcolo(ctx, cds186(c.d))
		giorno := c.d.Format(time.DateOnly)
		switch {
		case c.vigente && err != nil:
			t.Errorf("Calcolo on %v: %v; want in force", c.d, err)
		case c.vigente && res.Data != giorno:
			t.Errorf("Calcolo on %v: data %s; want %s", c.d, res.Data, giorno)
		case !c.vigente && !errors.Is(err, lpu.CodeNonInVigore):
			t.Errorf("Calcolo on %v: %v; want non_in_vigore", c.d, err)
		}
		if _, _, err := e.Limiti(ctx, "cds186", c.d, lpu.Fatti{}); (err == nil) != c.vigente {
			t.Errorf("Limiti on %v: %v; want in force %v", c.d, err, c.vigente)
		}
	}

	// The last day of rules with an end: its noon (UTC) is that day.
	// (regolaATermine is among motoreProve's rules)
	fine := motoreProve(t)
	for _, c := range []struct {
		d       time.Time
		vigente bool
	}{
		{time.Date(2020, 6, 30, 12, 0, 0, 0, time.UTC), true},
		{time.Date(2020, 6, 30, 23, 59, 0, 0, roma), true},
		{time.Date(2020, 7, 1, 0, 30, 0, 0, roma), false},
	} {
		_, err := fine.Calcolo(ctx, &lpu.Richiesta{Fattispecie: "a_termine", Data: lpu.Data{Time: c.d}})
		if (err == nil) != c.vigente {
			t.Errorf("a_termine on %v: %v; want in force %v", c.d, err, c.vigente)
		}
	}

	// Every operation answers a request whose dates are late in the
	// evening in Rome or early in the morning in Tokyo as it answers
	// the same civil dates at midnight UTC, and leaves the caller's
	// request as it was.
	sera := func(d lpu.Data) lpu.Data {
		return lpu.Data{Time: time.Date(d.Year(), d.Month(), d.Day(), 23, 30, 0, 0, roma)}
	}
	mattina := func(d lpu.Data) lpu.Data {
		return lpu.Data{Time: time.Date(d.Year(), d.Month(), d.Day(), 7, 0, 0, 0, tokyo)}
	}
	richieste := func(f func(lpu.Data) lpu.Data) []any {
		return []any{
			&lpu.Richiesta{Fattispecie: "cds186", Data: f(lpu.NewData(2010, 7, 30)), Pena: lpu.Pena{Arresto: lpu.Durata{Mesi: 1}},
				Esecuzione: lpu.Esecuzione{DataInizio: f(lpu.NewData(2024, 12, 2))}},
			&lpu.RichiestaFondo{Fattispecie: "cds186", DataInizio: f(lpu.NewData(2002, 1, 2)), Convenzione: "dm2001", Giorni: 30},
			&lpu.RichiestaConvenzione{Fattispecie: "l689_56bis", Data: f(lpu.NewData(2025, 6, 10)), Sede: "A", TipoPosto: "AF",
				Periodo: lpu.Intervallo{Dal: f(lpu.NewData(2025, 6, 10)), Al: f(lpu.NewData(2025, 6, 20))},
				Convenzione: lpu.Convenzione{Modello: "dm88_2015", Decorrenza: f(lpu.NewData(2021, 3, 1)), Anni: 5,
					Sedi: []lpu.Sede{{Nome: "A", Posti: []lpu.PostiSede{{Tipo: "AF", Numero: 1}},
						Occupazioni: []lpu.OccupazioneSede{{Tipo: "AF", Dal: f(lpu.NewData(2025, 6, 1)), Al: f(lpu.NewData(2025, 6, 9)), Posti: 1}}}}}},
			&lpu.RichiestaPiano{Fattispecie: "cds186", Ore: 12, Inizio: f(lpu.NewData(2025, 6, 2)), GiorniSettimana: map[string]int{"lun": 3, "mar": 3},
				Sospensioni: []lpu.Periodo{{Dal: f(lpu.NewData(2025, 6, 9)), Al: f(lpu.NewData(2025, 6, 10))}}},
		}
	}
	mezzanotte := richieste(func(d lpu.Data) lpu.Data { return d })
	for _, f := range []func(lpu.Data) lpu.Data{sera, mattina} {
		for i, r := range richieste(f) {
			want, errW := rispostaDi(ctx, e, mezzanotte[i])
			got, errG := rispostaDi(ctx, e, r)
			if errW != nil || errG != nil {
				t.Errorf("%T: errors %v, %v", r, errW, errG)
				continue
			}
			bw, _ := lpu.AppendJSON(nil, want)
			bg, _ := lpu.AppendJSON(nil, got)
			if !bytes.Equal(bw, bg) {
				t.Errorf("%T with the dates at %v:\n%s\nwant\n%s", r, f(lpu.NewData(2025, 1, 1)).Time, bg, bw)
			}
		}
	}
	// (the caller's lists are not written)
	r := richieste(sera)[2].(*lpu.RichiestaConvenzione)
	if _, err := e.Convenzione(ctx, r); err != nil {
		t.Fatal(err)
	}
	if o := r.Convenzione.Sedi[0].Occupazioni[0]; o.Dal.Hour() != 23 || o.Dal.Location() != roma {
		t.Errorf("Convenzione wrote the caller's occupazioni: %v", o.Dal.Time)
	}
	p := richieste(mattina)[3].(*lpu.RichiestaPiano)
	prima := slices.Clone(p.Sospensioni)
	if _, err := e.Piano(ctx, p); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(prima, p.Sospensioni) {
		t.Errorf("Piano wrote the caller's sospensioni: %v; was %v", p.Sospensioni, prima)
	}
}

// TestLimitiTipizzate: a typed request is held to the bounds Decode
// enforces on its JSON (the lpu:"max=…" tags and the decoder's
// defaults), on every field, nested in lists or not read by the rules,
// with the same errors: code, field path, message, in the same order,
// and the checks of its kind after them. None quotes a long text whole.
func TestLimitiTipizzate(t *testing.T) {
	ctx := context.Background()
	e := engine(t)
	lungo := strings.Repeat("x", 1<<20)
	d := lpu.NewData(2025, 6, 10)
	convenzione := func(s lpu.Sede) *lpu.RichiestaConvenzione {
		return &lpu.RichiestaConvenzione{Fattispecie: "l689_56bis", Data: d, Sede: "A", TipoPosto: "AF",
			Periodo:     lpu.Intervallo{Dal: d, Al: lpu.NewData(2025, 7, 10)},
			Convenzione: lpu.Convenzione{Modello: "dm88_2015", Decorrenza: lpu.NewData(2021, 3, 1), Anni: 5, Sedi: []lpu.Sede{s}}}
	}
	piano := func(f func(*lpu.RichiestaPiano)) *lpu.RichiestaPiano {
		r := &lpu.RichiestaPiano{Fattispecie: "cds186", Ore: 12, Inizio: d, GiorniSettimana: map[string]int{"lun": 3, "gio": 3}, Comune: "Milano"}
		f(r)
		return r
	}
	calcolo := func(f func(*lpu.Richiesta)) *lpu.Richiesta {
		r := esempioCds186()
		f(r)
		return r
	}
	for _, c := range []struct {
		nome  string
		req   any // a pointer to a typed request
		campo string
	}{
		{"posti negativi", convenzione(lpu.Sede{Nome: "A", Posti: []lpu.PostiSede{{Tipo: "AF", Numero: -3}}}), "convenzione.sedi[0].posti[0].numero"},
		{"posti enormi", convenzione(lpu.Sede{Nome: "A", Posti: []lpu.PostiSede{{Tipo: "AF", Numero: 1 << 40}}}), "convenzione.sedi[0].posti[0].numero"},
		{"occupazione negativa", convenzione(lpu.Sede{Nome: "A", Posti: []lpu.PostiSede{{Tipo: "AF", Numero: 3}},
			Occupazioni: []lpu.OccupazioneSede{{Tipo: "AF", Dal: d, Al: d, Posti: -50}}}), "convenzione.sedi[0].occupazioni[0].posti"},
		{"nome lungo", convenzione(lpu.Sede{Nome: strings.Repeat("n", 5000), Posti: []lpu.PostiSede{{Tipo: "AF", Numero: 3}}}), "convenzione.sedi[0].nome"},
		{"tipo lungo", convenzione(lpu.Sede{Nome: "A", Posti: []lpu.PostiSede{{Tipo: lungo, Numero: 3}}}), "convenzione.sedi[0].posti[0].tipo"},
		{"convenzione, più errori", func() any {
			r := convenzione(lpu.Sede{Nome: "A", Posti: []lpu.PostiSede{{Tipo: "AF", Numero: -3}, {Tipo: "MAP", Numero: 1 << 40}}})
			r.Convenzione.Anni, r.Convenzione.Fattispecie, r.Fattispecie = 1000, []string{"nessuna"}, "ignota"
			return r
		}(), "convenzione.anni"},
		{"riferimento", piano(func(r *lpu.RichiestaPiano) { r.Riferimento = lungo }), "riferimento"},
		{"comune", piano(func(r *lpu.RichiestaPiano) { r.Comune = lungo }), "comune"},
		{"motivo", piano(func(r *lpu.RichiestaPiano) {
			r.Sospensioni = []lpu.Periodo{{Dal: d, Al: lpu.NewData(2025, 6, 20), Motivo: lungo}}
		}), "sospensioni[0].motivo"},
		{"ore di un giorno", piano(func(r *lpu.RichiestaPiano) { r.GiorniSettimana["lun"] = 30 }), "giorni_settimana.lun"},
		{"giorno sconosciuto", piano(func(r *lpu.RichiestaPiano) { r.GiorniSettimana["lunedix"] = -3 }), "giorni_settimana.lunedix"},
		{"fatti del piano", piano(func(r *lpu.RichiestaPiano) { r.Fatti.Comma = lungo; r.OraInizio = "9" }), "fatti.comma"},
		{"pena", calcolo(func(r *lpu.Richiesta) { r.Pena.Arresto.Mesi = -1; r.Pena.Reclusione.Giorni = 1 << 40 }), "pena.arresto.mesi"},
		{"ammenda", calcolo(func(r *lpu.Richiesta) { r.Pena.Ammenda = lpu.ImportoFromCents(-25000) }), "pena.ammenda"},
		{"calcolo, più errori", calcolo(func(r *lpu.Richiesta) {
			r.Fatti.SostituzioniPrecedenti, r.Esecuzione.OreSvolte, r.Opzioni.Mese, r.Fattispecie = 1000, -3, lungo, "ignota"
			r.Data = lpu.NewData(2999, 1, 1)
		}), "data"},
		{"fondo", &lpu.RichiestaFondo{Fattispecie: "cds186", DataInizio: d, Convenzione: lungo, Giorni: -1,
			RetribuzioneGiornaliera: lpu.ImportoFromCents(1 << 50)}, "convenzione"},
	} {
		body, err := json.Marshal(c.req)
		if err != nil {
			t.Fatal(err)
		}
		kind := map[string]string{"*lpu.Richiesta": "calcolo", "*lpu.RichiestaFondo": "fondo", "*lpu.RichiestaConvenzione": "convenzione",
			"*lpu.RichiestaPiano": "piano"}[fmt.Sprintf("%T", c.req)]
		_, errJ := e.Run(ctx, kind, body)
		_, errT := rispostaDi(ctx, e, c.req)
		dalJSON, tipizzata := lpu.AllErrors(errJ), lpu.AllErrors(errT)
		if len(tipizzata) == 0 || tipizzata[0].Field != c.campo || tipizzata[0].Kind != lpu.KindInput {
			t.Errorf("%s: %v; want an input error on %s", c.nome, errT, c.campo)
		}
		if !reflect.DeepEqual(tipizzata, dalJSON) {
			t.Errorf("%s: typed request\n%v\nits JSON\n%v", c.nome, errT, errJ)
		}
		for _, x := range tipizzata {
			// (the values a message lists as accepted, by their labels,
			// are the vocabulary's: only what it quotes of the request
			// is bounded)
			m, _, _ := strings.Cut(x.Message, ": una di ")
			if m, _, _ = strings.Cut(m, ": uno di "); len(m) > 300 {
				t.Errorf("%s: a message of %d bytes: %.100s…", c.nome, len(m), x.Message)
			}
		}
	}
}
