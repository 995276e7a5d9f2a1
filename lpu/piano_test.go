package lpu_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// engineMAP is the engine of the rules (with the map ones) with a fixed
// clock (the ICS of a plan is stamped with it): the shared one,
// engine(t), whose clock is lpu.OraProva; with extra files overlaid, a
// Load of its own, of the plan's small rule set (fileCalendario: the
// calendar, the patrons, cds186, gdp54 and map) and extra.
func engineMAP(t testing.TB, extra fstest.MapFS) *lpu.Engine {
	t.Helper()
	if len(extra) == 0 {
		return engine(t)
	}
	e, err := lpu.Load(context.Background(), lpu.Overlay(regoleReali(t, fileCalendario...), extra), lpu.WithClock(func() time.Time { return lpu.OraProva }))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return e
}

func piano(t *testing.T, e *lpu.Engine, body string) *lpu.RisultatoPiano {
	t.Helper()
	var r lpu.RichiestaPiano
	if err := lpu.DecodeBytes([]byte(body), &r); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	res, err := e.Piano(context.Background(), &r)
	if err != nil {
		t.Fatalf("Piano(%s): %v", body, err)
	}
	return res
}

func date(ss []lpu.Sessione) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Data)
	}
	return out
}

// TestPianoMAPSeed is the example of the TAG vademecum (seed 002): verbale
// signed on Tuesday 1 July 2025, Thursdays agreed, 3 months: the work
// starts on 3 July and the term is 1 October.
func TestPianoMAPSeed(t *testing.T) {
	e := engineMAP(t, nil)
	res := piano(t, e, `{"fattispecie":"map","ore":48,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4},"comune":"Milano","sospensioni":[]}`)
	if res.PrimoGiorno != "2025-07-03" || res.UltimoGiorno != "2025-09-18" || res.Termine != "2025-10-01" || res.Settimane != 12 {
		t.Errorf("got primo %s ultimo %s termine %s settimane %d; want 2025-07-03 2025-09-18 2025-10-01 12", res.PrimoGiorno, res.UltimoGiorno, res.Termine, res.Settimane)
	}
	if len(res.Sessioni) != 12 || len(res.Violazioni) != 0 || len(res.FestivitaSaltate) != 0 {
		t.Errorf("sessioni %d violazioni %v festività %v; want 12 sessions, none", len(res.Sessioni), res.Violazioni, res.FestivitaSaltate)
	}
	if res.RichiestaInailEntro != "2025-06-23" {
		t.Errorf("richiesta_inail_entro = %s; want 2025-06-23", res.RichiestaInailEntro)
	}
	// The signing day itself is never a session, even if agreed.
	res = piano(t, e, `{"fattispecie":"map","ore":8,"inizio":"2025-07-03","durata_mesi":3,"giorni_settimana":{"gio":4}}`)
	if res.PrimoGiorno != "2025-07-10" {
		t.Errorf("signed on an agreed Thursday: primo = %s; want the next Thursday 2025-07-10", res.PrimoGiorno)
	}
}

func TestPianoMAPOltreTermine(t *testing.T) {
	e := engineMAP(t, nil)
	res := piano(t, e, `{"fattispecie":"map","ore":60,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4}}`)
	if len(res.Violazioni) != 1 || res.Violazioni[0].Limite != "termine" {
		t.Fatalf("violazioni = %+v; want one on the term", res.Violazioni)
	}
	v := res.Violazioni[0]
	// 15 Thursdays from 3 July: 2 and 9 October fall after 1 October.
	if v.Numero != 2 || v.Ore != 8 || v.Dal != "2025-10-02" || v.Al != "2025-10-09" {
		t.Errorf("violazione = %+v; want 2 sessions, 8 hours, 2025-10-02 … 2025-10-09", v)
	}
}

func TestPianoQuattroOttobre2027(t *testing.T) {
	e := engine(t)
	res := piano(t, e, `{"fattispecie":"cds186","ore":6,"inizio":"2027-09-27","giorni_settimana":{"lun":2}}`)
	want := []string{"2027-09-27", "2027-10-11", "2027-10-18"}
	if got := date(res.Sessioni); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sessioni = %v; want %v", got, want)
	}
	if len(res.FestivitaSaltate) != 1 || res.FestivitaSaltate[0].Data != "2027-10-04" || res.FestivitaSaltate[0].Tipo != calc.FestaNazionale {
		t.Errorf("festività = %+v; want 4 October 2027", res.FestivitaSaltate)
	}
	// In 2025 the 4th of October is not yet a holiday (L. 151/2025).
	res = piano(t, e, `{"fattispecie":"cds186","ore":2,"inizio":"2025-10-04","giorni_settimana":{"sab":2}}`)
	if res.PrimoGiorno != "2025-10-04" {
		t.Errorf("2025: primo = %s; want 2025-10-04", res.PrimoGiorno)
	}
}

func TestPianoMilanoTorino(t *testing.T) {
	e := engine(t)
	// 7 December 2026 is a Monday.
	for _, tc := range []struct {
		comune string
		want   []string
		salta  int
	}{
		{"Milano", []string{"2026-11-30", "2026-12-14"}, 1},
		{"milano", []string{"2026-11-30", "2026-12-14"}, 1},
		{"Torino", []string{"2026-11-30", "2026-12-07"}, 0},
		{"", []string{"2026-11-30", "2026-12-07"}, 0},
	} {
		res := piano(t, e, `{"fattispecie":"cds186","ore":4,"inizio":"2026-11-30","giorni_settimana":{"lun":2},"comune":"`+tc.comune+`"}`)
		if got := date(res.Sessioni); fmt.Sprint(got) != fmt.Sprint(tc.want) || len(res.FestivitaSaltate) != tc.salta {
			t.Errorf("%q: sessioni %v saltate %+v; want %v and %d skipped", tc.comune, got, res.FestivitaSaltate, tc.want, tc.salta)
		}
		if tc.salta == 1 && res.FestivitaSaltate[0].Tipo != calc.FestaPatronale {
			t.Errorf("%q: %+v; want the patron", tc.comune, res.FestivitaSaltate[0])
		}
	}
	res := piano(t, e, `{"fattispecie":"cds186","ore":2,"inizio":"2026-11-30","giorni_settimana":{"lun":2},"comune":"Borgo Inesistente"}`)
	if !strings.Contains(strings.Join(res.Avvertenze, "\n"), "non è tra quelli noti") {
		t.Errorf("unknown comune: avvertenze %v; want a caveat", res.Avvertenze)
	}
}

func TestPianoSospensioneSuFestivita(t *testing.T) {
	e := engine(t)
	// Mondays and Thursdays; suspended from 22 December 2025 to 6 January
	// 2026: 25 December, 1 January (Thursdays) and 6 January inside it.
	res := piano(t, e, `{"fattispecie":"cds186","ore":8,"inizio":"2025-12-15","giorni_settimana":{"lun":1,"gio":1},"comune":"Torino",
		"sospensioni":[{"dal":"2025-12-22","al":"2026-01-06","motivo":"malattia"}]}`)
	want := []string{"2025-12-15", "2025-12-18", "2026-01-08", "2026-01-12", "2026-01-15", "2026-01-19", "2026-01-22", "2026-01-26"}
	if got := date(res.Sessioni); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sessioni = %v; want %v", got, want)
	}
	if len(res.FestivitaSaltate) != 0 {
		t.Errorf("festività = %+v; want none (all inside the suspension)", res.FestivitaSaltate)
	}
	if len(res.GiorniSospesi) != 5 || !strings.Contains(res.GiorniSospesi[1].Motivo, "Natale") || !strings.Contains(res.GiorniSospesi[0].Motivo, "malattia") {
		t.Errorf("sospesi = %+v; want 5 days, Christmas among them", res.GiorniSospesi)
	}
}

func TestPianoViolazioni(t *testing.T) {
	e := engine(t)
	res := piano(t, e, `{"fattispecie":"cds186","ore":14,"inizio":"2025-06-09","giorni_settimana":{"lun":4,"mer":3}}`)
	if len(res.Violazioni) != 1 || res.Violazioni[0].Limite != "ore_settimanali_max" || res.Violazioni[0].Valore != 6 || res.Violazioni[0].Ore != 7 || res.Violazioni[0].Numero != 2 {
		t.Errorf("7 h/week without the request: violazioni %+v; want one weekly, 2 weeks of 7 h over 6", res.Violazioni)
	}
	res = piano(t, e, `{"fattispecie":"cds186","ore":14,"inizio":"2025-06-09","giorni_settimana":{"lun":4,"mer":3},"fatti":{"richiesta_oltre_limite_settimanale":true}}`)
	if len(res.Violazioni) != 0 {
		t.Errorf("7 h/week with the request: violazioni %+v; want none", res.Violazioni)
	}
	res = piano(t, e, `{"fattispecie":"cds186","ore":18,"inizio":"2025-06-09","giorni_settimana":{"sab":9},"fatti":{"richiesta_oltre_limite_settimanale":true}}`)
	if len(res.Violazioni) != 1 || res.Violazioni[0].Limite != "ore_giornaliere_max" || res.Violazioni[0].Campo != "giorni_settimana.sab" || res.Violazioni[0].Numero != 2 || res.Violazioni[0].Fonte == "" {
		t.Errorf("9 h on Saturdays: violazioni %+v; want one daily on sab, 2 sessions, with a source", res.Violazioni)
	}
	// The last session is shorter: 17 hours at 9 a day leave 8 for the second.
	res = piano(t, e, `{"fattispecie":"cds186","ore":17,"inizio":"2025-06-09","giorni_settimana":{"sab":9},"fatti":{"richiesta_oltre_limite_settimanale":true}}`)
	if len(res.Violazioni) != 1 || res.Violazioni[0].Numero != 1 {
		t.Errorf("9+8 h: violazioni %+v; want one session over the limit", res.Violazioni)
	}
}

func TestPianoTorinoESabatoDomenica(t *testing.T) {
	e := engine(t)
	res := piano(t, e, `{"fattispecie":"cds186","ore":4,"inizio":"2025-09-10","giorni_settimana":{"dom":2},"data_esecutivita":"2025-05-31"}`)
	if res.InizioEntro != "2025-08-31" || res.FineEntro != "2026-11-30" {
		t.Errorf("Torino terms = %s, %s; want 2025-08-31 (31 May + 3 months) and 2026-11-30 (month end)", res.InizioEntro, res.FineEntro)
	}
	avv := strings.Join(res.Avvertenze, "\n")
	if !strings.Contains(avv, "termine per iniziare") || !strings.Contains(avv, "di domenica") {
		t.Errorf("avvertenze %v; want the Torino start and the Sundays", res.Avvertenze)
	}
	// Easter Sunday is skipped even if Sundays are agreed.
	res = piano(t, e, `{"fattispecie":"cds186","ore":4,"inizio":"2026-03-29","giorni_settimana":{"dom":2}}`)
	if fmt.Sprint(date(res.Sessioni)) != "[2026-03-29 2026-04-12]" {
		t.Errorf("Sundays over Easter 2026: %v; want 5 April skipped", date(res.Sessioni))
	}
}

// TestPianoOreResidueINAIL: the calendar of the hours left after hours
// served (ore_svolte) plans a work already started, whose INAIL cover was
// asked for before its first day: it gives no «richiesta_inail_entro» as
// a fact, but says the cover must already be active and that a request
// ten days before its first session is another host entity's, should one
// take over; the ICS event says so in its title. Without ore_svolte
// nothing changes.
func TestPianoOreResidueINAIL(t *testing.T) {
	e := engineMAP(t, nil)
	const corpo = `{"fattispecie":"cds186","ore":30,%s"inizio":"2025-07-01","giorni_settimana":{"sab":6},"riferimento":"R1"}`
	tutte := piano(t, e, fmt.Sprintf(corpo, ""))
	if tutte.RichiestaInailEntro != "2025-06-25" || tutte.RichiestaInailNuovoEnteEntro != "" {
		t.Errorf("all hours: richiesta_inail_entro %q, nuovo ente %q; want 2025-06-25 and none", tutte.RichiestaInailEntro, tutte.RichiestaInailNuovoEnteEntro)
	}
	res := piano(t, e, fmt.Sprintf(corpo, `"ore_svolte":30,`))
	if res.RichiestaInailEntro != "" || res.RichiestaInailNuovoEnteEntro != "2025-06-25" {
		t.Errorf("hours left: richiesta_inail_entro %q, nuovo ente %q; want none and 2025-06-25", res.RichiestaInailEntro, res.RichiestaInailNuovoEnteEntro)
	}
	if !slices.Equal(date(res.Sessioni), date(tutte.Sessioni)) {
		t.Errorf("the sessions change with ore_svolte: %v; want %v", date(res.Sessioni), date(tutte.Sessioni))
	}
	b, _ := json.Marshal(res)
	if !strings.Contains(string(b), `"richiesta_inail_entro":"","richiesta_inail_nuovo_ente_entro":"2025-06-25"`) {
		t.Errorf("JSON: %s", b)
	}
	var passo lpu.Passo
	for _, p := range res.Passi {
		if p.Regola == "piano.inail" {
			passo = p
		}
	}
	if want := "Ore già svolte: 30; il lavoro è già iniziato: la copertura INAIL doveva essere chiesta almeno 10 giorni prima del primo giorno di lavoro ed essere attiva da quel giorno. " +
		"Solo se le ore ancora da svolgere si svolgono presso un altro ente, questo chiede la copertura almeno 10 giorni prima della prima sessione (05/07/2025): entro il 25/06/2025."; passo.Testo != want {
		t.Errorf("step piano.inail: %q; want %q", passo.Testo, want)
	}
	if !strings.HasPrefix(passo.Fonte, "art. 3 c.3 d.m. Lavoro 28 febbraio 2017") {
		t.Errorf("step piano.inail: source %q", passo.Fonte)
	}
	avv := strings.Join(res.Avvertenze, "\n")
	for _, w := range []string{"il calendario è quello delle sole ore ancora da svolgere (ore già svolte: 30): il lavoro è già iniziato, e la copertura INAIL deve essere attiva dal suo primo giorno",
		"una nuova richiesta è dovuta solo se le ore ancora da svolgere si svolgono presso un altro ente, che deve chiederne l'attivazione entro il 25/06/2025, 10 giorni prima della prima sessione del 05/07/2025",
		"(art. 3 c.3 d.m. Lavoro 28 febbraio 2017"} {
		if !strings.Contains(avv, w) {
			t.Errorf("caveats lack %q:\n%s", w, avv)
		}
	}
	if strings.Contains(avv, "l'ente deve chiedere all'INAIL") || strings.Contains(passo.Testo, "L'ente chiede all'INAIL") {
		t.Errorf("the deadline of the first session stated as a fact:\n%s\n%s", avv, passo.Testo)
	}
	var buf bytes.Buffer
	if err := res.ICS(&buf); err != nil {
		t.Fatal(err)
	}
	raw := strings.ReplaceAll(buf.String(), "\r\n ", "")
	for _, w := range []string{"DTSTART;VALUE=DATE:20250625", "SUMMARY:Solo se subentra un altro ente: ultimo giorno per chiedere all'INAIL la copertura – R1",
		"DESCRIPTION:Il lavoro è già iniziato: la copertura INAIL deve essere attiva dal primo giorno di lavoro"} {
		if !strings.Contains(raw, w) {
			t.Errorf("ICS lacks %q:\n%s", w, raw)
		}
	}
	// The same UID as the event of all hours: a file imported again
	// replaces it.
	var tutto bytes.Buffer
	_ = tutte.ICS(&tutto)
	if uid := "UID:inail-20250625-"; !strings.Contains(raw, uid) || !strings.Contains(tutto.String(), uid) {
		t.Errorf("UIDs of the INAIL events differ")
	}
	// A messa alla prova's hours left: no caveat about the signing of
	// the verbale, long past.
	res = piano(t, e, `{"fattispecie":"map","ore":48,"ore_svolte":12,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4}}`)
	if avv := strings.Join(res.Avvertenze, "\n"); strings.Contains(avv, "prima della sottoscrizione del verbale") || !strings.Contains(avv, "(ore già svolte: 12)") {
		t.Errorf("map, hours left: caveats\n%s", avv)
	}
}

// TestPianoOreResidueMAP: the calendar of the hours left of a messa alla
// prova keeps the term of the programme, from the signing of the verbale
// (art. 464-quater c.6 c.p.p.; data_verbale), not from the first
// possible day of the hours left; without the signing it gives no term
// and says why. Its calendar file and register count the whole work, the
// hours served included, and so does a result read back from JSON.
func TestPianoOreResidueMAP(t *testing.T) {
	e := engineMAP(t, nil)
	const corpo = `{"fattispecie":"map","ore":40,"ore_svolte":60,"inizio":"2026-03-02",%s"durata_mesi":12,"giorni_settimana":{"gio":4}}`
	res := piano(t, e, fmt.Sprintf(corpo, `"data_verbale":"2025-09-01",`))
	if res.Termine != "2026-09-01" || res.PrimoGiorno != "2026-03-05" || res.OreSvolte != 60 {
		t.Errorf("termine %s, primo giorno %s, ore svolte %d; want 2026-09-01, 2026-03-05, 60", res.Termine, res.PrimoGiorno, res.OreSvolte)
	}
	senza := piano(t, e, fmt.Sprintf(corpo, ""))
	if avv := strings.Join(senza.Avvertenze, "\n"); senza.Termine != "" || !strings.Contains(avv, "decorre dalla sottoscrizione del verbale, non dal primo giorno possibile di queste ore (02/03/2026), e non è calcolato") {
		t.Errorf("without data_verbale: termine %q, caveats\n%s", senza.Termine, avv)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var letto lpu.RisultatoPiano
	if err := json.Unmarshal(b, &letto); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*lpu.RisultatoPiano{res, &letto} {
		var ics, reg bytes.Buffer
		if err := r.ICS(&ics); err != nil {
			t.Fatal(err)
		}
		raw := strings.ReplaceAll(ics.String(), "\r\n ", "")
		for _, w := range []string{"DESCRIPTION:Sessione 1 di 10: 4 ore\\; svolte con questa 64 di 100 (60 prima di questo calendario)\\, restano 36.",
			"DESCRIPTION:Sessione 10 di 10: 4 ore\\; svolte con questa 100 di 100 (60 prima di questo calendario)\\, restano 0."} {
			if !strings.Contains(raw, w) {
				t.Errorf("ICS lacks %q:\n%s", w, raw)
			}
		}
		if err := r.Registro(&reg, lpu.RegistroOptions{}); err != nil {
			t.Fatal(err)
		}
		if s := reg.String(); !strings.HasPrefix(s, "Ore già svolte prima di questo registro;60\r\nData;") || !strings.HasSuffix(s, "Totale;;40;;;;;10 sessioni\r\nTotale con le ore già svolte;;100;;;;;\r\n") {
			t.Errorf("register:\n%s", s)
		}
	}
	var ics bytes.Buffer
	_ = res.ICS(&ics)
	if !strings.Contains(ics.String(), "DTSTART;VALUE=DATE:20260901") {
		t.Errorf("ICS lacks the term on 1 September 2026:\n%s", ics.String())
	}
}

func TestPianoErrori(t *testing.T) {
	e := engineMAP(t, nil)
	for _, tc := range []struct {
		body, codice, campo string
	}{
		{`{"fattispecie":"cds186","ore":10,"giorni_settimana":{"lun":2}}`, "campo_obbligatorio", "inizio"},
		{`{"fattispecie":"boh","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":2}}`, "fattispecie_sconosciuta", "fattispecie"},
		{`{"fattispecie":"cds186","inizio":"2025-01-01","giorni_settimana":{"lun":2}}`, "campo_obbligatorio", "ore"},
		{`{"fattispecie":"cds186","ore":100001,"inizio":"2025-01-01","giorni_settimana":{"lun":2}}`, "fuori_intervallo", "ore"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{}}`, "campo_obbligatorio", "giorni_settimana"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":0}}`, "campo_obbligatorio", "giorni_settimana"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lunedi":2}}`, "giorno_sconosciuto", "giorni_settimana.lunedi"},
		// a key that is not a day is refused as such, whatever its value
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lunedix":"a"}}`, "giorno_sconosciuto", "giorni_settimana.lunedix"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"xyz":true}}`, "giorno_sconosciuto", "giorni_settimana.xyz"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":2,"xyz":-3}}`, "giorno_sconosciuto", "giorni_settimana.xyz"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":2,"xyz":[1]}}`, "giorno_sconosciuto", "giorni_settimana.xyz"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":25}}`, "fuori_intervallo", "giorni_settimana.lun"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":-1}}`, "fuori_intervallo", "giorni_settimana.lun"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":"2"}}`, "tipo_errato", "giorni_settimana.lun"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-02-30","giorni_settimana":{"lun":2}}`, "data_non_valida", "inizio"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"1999-01-01","giorni_settimana":{"lun":2}}`, "fuori_intervallo", "inizio"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2009-01-01","giorni_settimana":{"lun":2}}`, "non_in_vigore", "data"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","durata_mesi":3,"giorni_settimana":{"lun":2}}`, "campo_non_pertinente", "durata_mesi"},
		{`{"fattispecie":"map","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":2}}`, "campo_obbligatorio", "durata_mesi"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":2},"sospensioni":[{"dal":"2025-03-10","al":"2025-03-01"}]}`, "periodo_invertito", "sospensioni[0].al"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":2},"sospensioni":[{"al":"2025-03-01"}]}`, "campo_obbligatorio", "sospensioni[0].dal"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":2},"sospensioni":[{"dal":"2025-03-10","al":"2025-03-20"},{"dal":"2025-03-01","al":"2025-03-10"}]}`, "periodi_sovrapposti", "sospensioni[0]"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":2},"ora_inizio":"9"}`, "orario_non_valido", "ora_inizio"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":8},"ora_inizio":"20:00"}`, "orario_non_valido", "ora_inizio"},
		{`{"fattispecie":"cds186","ore":100000,"inizio":"2025-01-01","giorni_settimana":{"lun":1}}`, "piano_troppo_lungo", "giorni_settimana"},
		{`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","giorni_settimana":{"lun":2},"altro":1}`, "campo_sconosciuto", "altro"},
		{`{"fattispecie":"cds186","ore":10,"ore_svolte":-4,"inizio":"2025-01-01","giorni_settimana":{"lun":2}}`, "fuori_intervallo", "ore_svolte"},
		{`{"fattispecie":"cds186","ore":10,"ore_svolte":200001,"inizio":"2025-01-01","giorni_settimana":{"lun":2}}`, "fuori_intervallo", "ore_svolte"},
	} {
		_, err := e.Run(context.Background(), "piano", []byte(tc.body))
		got := lpu.AsError(err)
		if err == nil || string(got.Code) != tc.codice || got.Field != tc.campo || got.Message == "" || statoHTTP(got) >= 500 {
			t.Errorf("%s: err = %+v; want %s on %s", tc.body, got, tc.codice, tc.campo)
		}
	}
	// The months of a messa alla prova for another fattispecie: the
	// message names the field by its label in the vocabulary, the path is
	// in campo alone.
	_, err := e.Run(context.Background(), "piano", []byte(`{"fattispecie":"cds186","ore":10,"inizio":"2025-01-01","durata_mesi":3,"giorni_settimana":{"lun":2}}`))
	var etichetta string
	for _, c := range e.Campi("piano") {
		if c.Nome == "durata_mesi" {
			etichetta = c.Etichetta
		}
	}
	if got := lpu.AsError(err); etichetta == "" || !strings.HasPrefix(got.Message, "«"+etichetta+"» vale solo per la messa alla prova («"+titoloMAP(t)+"»)") ||
		strings.Contains(got.Message, "durata_mesi") {
		t.Errorf("durata_mesi for cds186: %q; want it named «%s», not by its path", got.Message, etichetta)
	}
}

// TestPianoProprieta checks random plans: no session on a holiday or in a
// suspension, only on agreed weekdays, in date order, hours adding up to
// the total, none longer than agreed, and a violation exactly when a
// session is longer than 8 hours.
func TestPianoProprieta(t *testing.T) {
	e := engine(t)
	rng := rand.New(rand.NewSource(20250701))
	comuni := []string{"", "Milano", "Torino", "Asti", "Bologna", "Roma", "Napoli"}
	// the patrons of each comune, read from the data once (a decode of
	// the whole patroni file per plan was a third of the test under -race)
	patroni := patroniDi(t, e, comuni[1:]...)
	// 100 random plans reach every block of piano.go and calc/ that 400
	// did, for a quarter of the time under -race.
	for n := 0; n < 100; n++ {
		r := lpu.RichiestaPiano{
			Fattispecie:     "cds186",
			Ore:             1 + rng.Intn(400),
			Inizio:          lpu.Data{Time: calc.AggiungiGiorni(calc.Data(2024, 1, 1), rng.Intn(365*6))},
			GiorniSettimana: map[string]int{},
			Comune:          comuni[rng.Intn(len(comuni))],
			Fatti:           lpu.Fatti{RichiestaOltreLimite: rng.Intn(2) == 0},
		}
		for _, k := range calc.NomiGiorni() {
			if rng.Intn(3) == 0 {
				r.GiorniSettimana[k] = rng.Intn(11)
			}
		}
		r.GiorniSettimana[calc.NomiGiorni()[rng.Intn(5)]] = 1 + rng.Intn(10)
		d := r.Inizio.Time
		for i := rng.Intn(4); i > 0; i-- {
			d = calc.AggiungiGiorni(d, 1+rng.Intn(60))
			al := calc.AggiungiGiorni(d, rng.Intn(30))
			r.Sospensioni = append(r.Sospensioni, lpu.Periodo{Dal: lpu.Data{Time: d}, Al: lpu.Data{Time: al}})
			d = al
		}
		res, err := e.Piano(context.Background(), &r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		var cal calc.Calendario
		cal.Patroni = patroni[r.Comune]
		tot, oltre8 := 0, false
		prev := time.Time{}
		for i, s := range res.Sessioni {
			day, _ := calc.ParseData(s.Data)
			agreed := r.GiorniSettimana[calc.ChiaveGiorno(day.Weekday())]
			switch {
			case !day.After(prev):
				t.Fatalf("case %d: session %d on %s not after %s", n, i, s.Data, prev)
			case day.Before(r.Inizio.Time):
				t.Fatalf("case %d: session %s before the start", n, s.Data)
			case agreed == 0 || s.Ore <= 0 || s.Ore > agreed:
				t.Fatalf("case %d: session %s of %d h on a day agreed for %d", n, s.Data, s.Ore, agreed)
			case i < len(res.Sessioni)-1 && s.Ore != agreed:
				t.Fatalf("case %d: session %s of %d h, not the last, agreed %d", n, s.Data, s.Ore, agreed)
			}
			if f, ok := cal.Festivita(day); ok {
				t.Fatalf("case %d: session on %s, %s", n, s.Data, f.Nome)
			}
			for _, p := range r.Sospensioni {
				if !day.Before(p.Dal.Time) && !day.After(p.Al.Time) {
					t.Fatalf("case %d: session on %s inside a suspension", n, s.Data)
				}
			}
			tot += s.Ore
			oltre8 = oltre8 || s.Ore > 8
			prev = day
		}
		if tot != r.Ore {
			t.Fatalf("case %d: hours add up to %d; want %d", n, tot, r.Ore)
		}
		violato := false
		for _, v := range res.Violazioni {
			violato = violato || v.Limite == "ore_giornaliere_max"
		}
		if violato != oltre8 {
			t.Fatalf("case %d: a session over 8 h = %v, daily violation = %v", n, oltre8, violato)
		}
		if res.PrimoGiorno != res.Sessioni[0].Data || res.UltimoGiorno != res.Sessioni[len(res.Sessioni)-1].Data {
			t.Fatalf("case %d: primo/ultimo do not match the sessions", n)
		}
	}
}

// patroniDi reads the patrons of each comune from the plan's own data,
// so the property test uses the same data: the skipped patronal days must
// all be that comune's feast.
func patroniDi(t *testing.T, e *lpu.Engine, comuni ...string) map[string][]calc.Patrono {
	t.Helper()
	n, ok := e.Dati("patroni")
	if !ok {
		t.Fatal("no patroni data")
	}
	var doc struct {
		Comuni []struct {
			Comune          string `yaml:"comune"`
			Mese, Giorno    int
			Settimana       int    `yaml:"settimana"`
			GiornoSettimana string `yaml:"giorno_settimana"`
		} `yaml:"comuni"`
	}
	if err := n.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	out := map[string][]calc.Patrono{}
	for _, comune := range comuni {
		for _, c := range doc.Comuni {
			if strings.EqualFold(c.Comune, comune) {
				w, _ := calc.GiornoSettimana(c.GiornoSettimana)
				out[comune] = append(out[comune], calc.Patrono{Comune: c.Comune, Mese: time.Month(c.Mese), Giorno: c.Giorno, Settimana: c.Settimana, GiornoSettimana: w})
			}
		}
		if len(out[comune]) == 0 {
			t.Fatalf("%s: no patron in the data", comune)
		}
	}
	return out
}

func TestPianoICS(t *testing.T) {
	e := engineMAP(t, nil)
	res := piano(t, e, `{"fattispecie":"map","ore":48,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4},"comune":"Milano","ora_inizio":"14:30",
		"riferimento":"R.G. 1234/2025; fascicolo «prova», abbastanza lungo da essere ripiegato su due righe"}`)
	var buf bytes.Buffer
	if err := res.ICS(&buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	for i, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(line), line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF", i+1)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	evs := cal.Events()
	if len(evs) != len(res.Sessioni)+2 {
		t.Fatalf("%d events; want %d sessions, the INAIL deadline and the MAP term", len(evs), len(res.Sessioni))
	}
	// The last two are the INAIL deadline and the term, whole days.
	for i, w := range []struct{ data, summary string }{
		{res.RichiestaInailEntro, "Ultimo giorno per chiedere all'INAIL la copertura – R.G. 1234/2025"},
		{res.Termine, "Termine della messa alla prova – R.G. 1234/2025"},
	} {
		ev := evs[len(res.Sessioni)+i]
		p := ev.GetProperty(ics.ComponentPropertyDtStart)
		if v := p.ICalParameters["VALUE"]; len(v) != 1 || v[0] != "DATE" || p.Value != strings.ReplaceAll(w.data, "-", "") {
			t.Errorf("event %q starts %v %s; want the whole day %s", w.summary, v, p.Value, w.data)
		}
		if s := ev.GetProperty(ics.ComponentPropertySummary).Value; !strings.HasPrefix(s, w.summary) {
			t.Errorf("summary %q; want %q…", s, w.summary)
		}
	}
	evs = evs[:len(res.Sessioni)]
	roma, _ := time.LoadLocation("Europe/Rome")
	uids := map[string]bool{}
	for i, ev := range evs {
		start, err := ev.GetStartAt()
		if err != nil {
			t.Fatalf("event %d: start: %v", i, err)
		}
		end, err := ev.GetEndAt()
		if err != nil {
			t.Fatalf("event %d: end: %v", i, err)
		}
		want := calc.Data(2025, 7, 3).AddDate(0, 0, 7*i)
		ws := time.Date(want.Year(), want.Month(), want.Day(), 14, 30, 0, 0, roma)
		if !start.Equal(ws) || end.Sub(start) != 4*time.Hour {
			t.Errorf("event %d: %s – %s; want %s for 4 hours", i, start, end, ws)
		}
		p := ev.GetProperty(ics.ComponentPropertyDtStart)
		if tz := p.ICalParameters["TZID"]; len(tz) != 1 || tz[0] != "Europe/Rome" {
			t.Errorf("event %d: TZID %v", i, tz)
		}
		uid := ev.GetProperty(ics.ComponentPropertyUniqueId).Value
		if uids[uid] {
			t.Errorf("UID %s repeated", uid)
		}
		uids[uid] = true
		if s := ev.GetProperty(ics.ComponentPropertySummary).Value; s != "Messa alla prova: lavoro di pubblica utilità – R.G. 1234/2025; fascicolo «prova», abbastanza lungo da essere ripiegato su due righe (4 h)" {
			t.Errorf("summary %q", s)
		}
	}
	if !strings.Contains(raw, "BEGIN:VTIMEZONE\r\nTZID:Europe/Rome") {
		t.Error("no VTIMEZONE for Europe/Rome")
	}
	// The same plan computed again has the same UIDs.
	res2 := piano(t, e, `{"fattispecie":"map","ore":48,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4},"comune":"Milano","ora_inizio":"14:30",
		"riferimento":"R.G. 1234/2025; fascicolo «prova», abbastanza lungo da essere ripiegato su due righe"}`)
	var buf2 bytes.Buffer
	_ = res2.ICS(&buf2)
	if buf.String() != buf2.String() {
		t.Error("the same plan gives a different file")
	}
}

// TestPianoICSTestiDalleRegole: the wording of the calendar file's
// all-day events and their sources come from the rules
// (rules/calendario.yaml), not from Go; a result not made by the Engine
// has the sessions only.
func TestPianoICSTestiDalleRegole(t *testing.T) {
	cal, err := rules.FS.ReadFile("calendario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(cal)
	i := strings.Index(src, "  eventi:")
	if i < 0 {
		t.Fatal("calendario.yaml senza eventi")
	}
	src = src[:i] + `  eventi:
    richiesta_inail: {titolo: Titolo INAIL di prova, testo: Testo INAIL di prova., fonte: Fonte INAIL di prova}
    richiesta_inail_ore_residue: {titolo: Titolo INAIL residue di prova, testo: Testo INAIL residue di prova., fonte: Fonte INAIL residue di prova}
    termine_prova: {titolo: Titolo del termine di prova, testo: Testo del termine di prova., fonte: Fonte del termine di prova}
`
	e := engineMAP(t, fstest.MapFS{"calendario.yaml": {Data: []byte(src)}})
	res := piano(t, e, `{"fattispecie":"map","ore":8,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4}}`)
	var buf bytes.Buffer
	if err := res.ICS(&buf); err != nil {
		t.Fatal(err)
	}
	raw := strings.ReplaceAll(buf.String(), "\r\n ", "")
	for _, want := range []string{
		"SUMMARY:Titolo INAIL di prova\r\nDESCRIPTION:Testo INAIL di prova.\\nPrima sessione: 03/07/2025.\\nFonte: Fonte INAIL di prova\r\n",
		"SUMMARY:Titolo del termine di prova\r\nDESCRIPTION:Testo del termine di prova.\\nFonte: Fonte del termine di prova\r\n",
	} {
		if !strings.Contains(raw, want) {
			t.Errorf("manca %q in\n%s", want, raw)
		}
	}
	// The calendar of the hours left has the INAIL event of its own.
	res2 := piano(t, e, `{"fattispecie":"map","ore":8,"ore_svolte":4,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4}}`)
	var buf2 bytes.Buffer
	if err := res2.ICS(&buf2); err != nil {
		t.Fatal(err)
	}
	raw2 := strings.ReplaceAll(buf2.String(), "\r\n ", "")
	if want := "SUMMARY:Titolo INAIL residue di prova\r\nDESCRIPTION:Testo INAIL residue di prova.\\nPrima sessione: 03/07/2025.\\nFonte: Fonte INAIL residue di prova\r\n"; !strings.Contains(raw2, want) {
		t.Errorf("manca %q in\n%s", want, raw2)
	}
	if strings.Contains(raw2, "Titolo INAIL di prova") {
		t.Errorf("the calendar of the hours left has the INAIL event of all hours:\n%s", raw2)
	}
	// The term's steps cite the same source.
	for _, p := range res.Passi {
		if p.Regola == "piano.termine" && p.Fonte != "Fonte del termine di prova" {
			t.Errorf("passo del termine con fonte %q", p.Fonte)
		}
	}
	var fuori bytes.Buffer
	if err := (&lpu.RisultatoPiano{Sessioni: res.Sessioni, Ore: 8, RichiestaInailEntro: res.RichiestaInailEntro, Termine: res.Termine}).ICS(&fuori); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(fuori.String(), "BEGIN:VEVENT"); n != len(res.Sessioni) {
		t.Errorf("%d eventi senza le parole delle regole; want %d, le sessioni", n, len(res.Sessioni))
	}
}

// TestPianoICSInailFestivo: when the last day to ask INAIL for the cover
// is a Sunday or a national holiday, the calendar file's event of that
// day repeats the plan's caveat (the day stays, and why); a Saturday or
// a weekday gets none. The calendar of the hours left does the same for
// another host entity's day.
func TestPianoICSInailFestivo(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		nome, body, entro string
		festivo           bool
	}{
		{"Capodanno", `{"fattispecie":"cds186","ore":4,"inizio":"2025-01-11","giorni_settimana":{"sab":2}}`, "20250101", true},
		{"domenica", `{"fattispecie":"cds186","ore":4,"inizio":"2025-01-08","giorni_settimana":{"mer":2}}`, "20241229", true},
		{"ore residue, Capodanno", `{"fattispecie":"cds186","ore":30,"ore_svolte":30,"inizio":"2025-01-11","giorni_settimana":{"sab":6}}`, "20250101", true},
		{"sabato", `{"fattispecie":"cds186","ore":4,"inizio":"2024-12-31","giorni_settimana":{"mar":2}}`, "20241221", false},
		{"Sant'Ambrogio a Milano", `{"fattispecie":"cds186","ore":4,"inizio":"2026-12-17","giorni_settimana":{"gio":2},"comune":"Milano"}`, "20261207", false},
	} {
		res := piano(t, e, c.body)
		var buf bytes.Buffer
		if err := res.ICS(&buf); err != nil {
			t.Fatal(err)
		}
		raw := strings.ReplaceAll(buf.String(), "\r\n ", "")
		i := strings.Index(raw, "DTSTART;VALUE=DATE:"+c.entro)
		if i < 0 {
			t.Errorf("%s: no all-day event on %s:\n%s", c.nome, c.entro, raw)
			continue
		}
		evento := raw[i:]
		evento = evento[:strings.Index(evento, "END:VEVENT")]
		// (the hours left's caveat names the other entity first)
		if got := strings.Contains(evento, "Avvertenza: ") && strings.Contains(evento, "la copertura all'INAIL (") && strings.Contains(evento, "è un giorno festivo"); got != c.festivo {
			t.Errorf("%s: caveat in the INAIL event = %v; want %v\n%s", c.nome, got, c.festivo, evento)
		}
		if n := len(res.Avvertenze); c.festivo && !strings.Contains(res.Avvertenze[n-1], "è un giorno festivo") {
			t.Errorf("%s: the answer's last caveat is %q; want the holiday's", c.nome, res.Avvertenze[n-1])
		}
	}
}

// TestInailFestivoUnaFrase: the plan's caveat of an INAIL deadline on a
// holiday (rules/calendario.yaml, avvertenze.inail_festivo) and the
// Fund's (rules/fondo.yaml, richiesta_entro_festivo) are one sentence
// with one source, word for word: the web page that has both answers
// shows it once (server), and a reader never meets two wordings.
func TestInailFestivoUnaFrase(t *testing.T) {
	e := engine(t)
	for _, c := range []struct{ inizio, giorno string }{
		{"2025-01-11", "sab"}, // 1/1/2025, Capodanno
		{"2026-01-05", "lun"}, // 26/12/2025, Santo Stefano, Natale prima
		{"2026-04-16", "gio"}, // 6/4/2026, Lunedì dell'Angelo
	} {
		p := piano(t, e, `{"fattispecie":"cds186","ore":4,"inizio":"`+c.inizio+`","giorni_settimana":{"`+c.giorno+`":2}}`)
		d, err := calc.ParseData(c.inizio)
		if err != nil {
			t.Fatal(err)
		}
		f, err := e.Fondo(context.Background(), &lpu.RichiestaFondo{Fattispecie: "cds186", DataInizio: lpu.Data{Time: d}, Convenzione: "dm2001", Giorni: 2})
		if err != nil {
			t.Fatal(err)
		}
		festiva := func(l []string) []string {
			var out []string
			for _, s := range l {
				if strings.Contains(s, "è un giorno festivo") {
					out = append(out, s)
				}
			}
			return out
		}
		a, b := festiva(p.Avvertenze), festiva(f.Avvertenze)
		if len(a) != 1 || len(b) != 1 || a[0] != b[0] {
			t.Errorf("inizio %s: plan's holiday caveats %q; Fund's %q; want one, the same", c.inizio, a, b)
		}
	}
}

// TestPianoProvaDalleRegole: which fattispecie have a messa alla prova's
// calendar (a term after the signing) is data of rules/calendario.yaml.
func TestPianoProvaDalleRegole(t *testing.T) {
	cal, err := rules.FS.ReadFile("calendario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cal), "\n  prova: [map]\n") {
		t.Fatal("calendario.yaml senza prova: [map]")
	}
	con := func(lista string) string {
		return strings.Replace(string(cal), "\n  prova: [map]\n", "\n  prova: "+lista+"\n", 1)
	}
	e := engineMAP(t, fstest.MapFS{"calendario.yaml": {Data: []byte(con("[map, gdp54]"))}})
	res := piano(t, e, `{"fattispecie":"gdp54","ore":8,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4}}`)
	if res.PrimoGiorno != "2025-07-03" || res.Termine != "2025-10-01" {
		t.Errorf("gdp54 come prova: primo %s, termine %s", res.PrimoGiorno, res.Termine)
	}
	var r lpu.RichiestaPiano
	_ = lpu.DecodeBytes([]byte(`{"fattispecie":"cds186","ore":8,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4}}`), &r)
	if _, err := e.Piano(context.Background(), &r); err == nil || !strings.Contains(err.Error(), "messa alla prova («"+titoloMAP(t)+"», «Lavoro di pubblica utilità del giudice di pace") {
		t.Errorf("durata_mesi per cds186: %v", err)
	}
	// Without map in the list, map's calendar has no term.
	e = engineMAP(t, fstest.MapFS{"calendario.yaml": {Data: []byte(con("[]"))}})
	if res := piano(t, e, `{"fattispecie":"map","ore":8,"inizio":"2025-07-01","giorni_settimana":{"gio":4}}`); res.Termine != "" {
		t.Errorf("map senza prova: termine %s", res.Termine)
	}
	// (the check of the list is the data file's, whatever the rules: on
	// the synthetic ones of sintetico_test.go, whose fattispecie is prova)
	_, err = lpu.Load(context.Background(), lpu.Overlay(regoleSintetiche(t), fstest.MapFS{"calendario.yaml": {Data: []byte(con("[prova, mappa]"))}}))
	if err == nil || !strings.Contains(err.Error(), `dati.prova[1]: fattispecie "mappa" sconosciuta`) || !strings.Contains(err.Error(), "calendario.yaml:") ||
		strings.Contains(err.Error(), `"prova" sconosciuta`) {
		t.Errorf("fattispecie sconosciuta in prova: %v", err)
	}
}

func TestPianoRegistro(t *testing.T) {
	e := engine(t)
	res := piano(t, e, `{"fattispecie":"cds186","ore":10,"inizio":"2025-12-01","giorni_settimana":{"lun":4,"gio":2}}`)
	var buf bytes.Buffer
	if err := res.Registro(&buf, lpu.RegistroOptions{BOM: true}); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.HasPrefix(raw, "\uFEFFData;Giorno;Ore previste;Ora di entrata;Ora di uscita;Firma della persona;Firma del referente;Note\r\n") {
		t.Errorf("header: %q", raw[:min(len(raw), 120)])
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\uFEFF")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(res.Sessioni)+2 {
		t.Fatalf("%d rows; want %d (the columns, the sessions, the totals)", len(rows), len(res.Sessioni)+2)
	}
	if tot := rows[len(rows)-1]; fmt.Sprint(tot) != fmt.Sprint([]string{"Totale", "", "10", "", "", "", "", "4 sessioni"}) {
		t.Errorf("totals = %q", tot)
	}
	rows = rows[:len(rows)-1]
	// 1 Dec (lun 4), 4 Dec (gio 2), 8 Dec Immacolata skipped, 11 Dec (gio 2), 15 Dec (lun 2 of 4).
	want := [][]string{
		{"01/12/2025", "lunedì", "4", "", "", "", "", ""},
		{"04/12/2025", "giovedì", "2", "", "", "", "", ""},
		{"11/12/2025", "giovedì", "2", "", "", "", "", ""},
		{"15/12/2025", "lunedì", "2", "", "", "", "", "ultima sessione"},
	}
	if fmt.Sprint(rows[1:]) != fmt.Sprint(want) {
		t.Errorf("rows = %q; want %q", rows[1:], want)
	}
	buf.Reset()
	_ = res.Registro(&buf, lpu.RegistroOptions{Separatore: ','})
	if !strings.HasPrefix(buf.String(), "Data,Giorno,Ore previste") {
		t.Errorf("comma: %q", buf.String()[:40])
	}
	if err := res.Registro(&buf, lpu.RegistroOptions{Separatore: '"'}); err == nil {
		t.Error(`separator '"': no error`)
	}
	// A reference comes first, on its own row, a formula never.
	res = piano(t, e, `{"fattispecie":"cds186","ore":10,"inizio":"2025-12-01","giorni_settimana":{"lun":4,"gio":2},"riferimento":"=R.G. 12/2025"}`)
	buf.Reset()
	_ = res.Registro(&buf, lpu.RegistroOptions{})
	if !strings.HasPrefix(buf.String(), "Riferimento;'=R.G. 12/2025\r\nData;Giorno;") {
		t.Errorf("reference: %q", buf.String()[:50])
	}
}

func TestPianoJSONContratto(t *testing.T) {
	e := engineMAP(t, nil)
	out, err := e.Run(context.Background(), "piano", []byte(`{"fattispecie":"map","ore":48,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4},"comune":"Milano","sospensioni":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(out)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	for _, k := range []string{"primo_giorno", "ultimo_giorno", "termine", "settimane", "sessioni", "festivita_saltate", "violazioni", "passi", "avvertenze"} {
		if _, ok := m[k]; !ok {
			t.Errorf("field %s missing", k)
		}
	}
	s := m["sessioni"].([]any)[0].(map[string]any)
	if s["data"] != "2025-07-03" || s["ore"] != float64(4) {
		t.Errorf("first session %v", s)
	}
	for _, p := range m["passi"].([]any) {
		if p.(map[string]any)["fonte"] == "" {
			t.Errorf("passo without a source: %v", p)
		}
	}
}

func TestPianoConcorrente(t *testing.T) {
	e := engine(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body := fmt.Sprintf(`{"fattispecie":"cds186","ore":%d,"inizio":"2026-11-02","giorni_settimana":{"lun":2,"gio":2},"comune":"Milano"}`, 40+i)
			for j := 0; j < 20; j++ {
				if _, err := e.Run(context.Background(), "piano", []byte(body)); err != nil {
					t.Error(err)
					return
				}
			}
		}(i)
	}
	wg.Wait()
}

func TestPatroniDati(t *testing.T) {
	e := engine(t)
	n, ok := e.Dati("patroni")
	if !ok {
		t.Fatal("no patroni")
	}
	var doc struct {
		Comuni []map[string]any `yaml:"comuni"`
	}
	if err := n.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Comuni) < 95 {
		t.Errorf("%d comuni; want at least 95 capoluoghi", len(doc.Comuni))
	}
	for _, tc := range []struct{ comune, data string }{
		{"Forli", "2026-02-04"}, {"FORLÌ", "2026-02-04"}, {"L’Aquila", "2026-06-10"}, {"laquila", "2026-06-10"},
		{"Reggio nell'Emilia", "2026-11-24"}, {"Reggio di Calabria", "2026-04-23"}, {"Asti", "2026-05-05"}, {"La Spezia", "2026-03-19"},
	} {
		res := piano(t, e, `{"fattispecie":"cds186","ore":2,"inizio":"`+tc.data+`","giorni_settimana":{"lun":2,"mar":2,"mer":2,"gio":2,"ven":2,"sab":2,"dom":2},"comune":"`+tc.comune+`"}`)
		if len(res.FestivitaSaltate) != 1 || res.FestivitaSaltate[0].Data != tc.data || res.FestivitaSaltate[0].Tipo != calc.FestaPatronale {
			t.Errorf("%s: saltate %+v; want the patron on %s", tc.comune, res.FestivitaSaltate, tc.data)
		}
	}
}

func TestPatroniSovrapposti(t *testing.T) {
	extra := fstest.MapFS{"patroni_locali.yaml": {Data: []byte(`id: patroni_locali
tipo: dati
titolo: Patroni aggiunti
fonte: statuto comunale
vigenza: {dal: 2001-01-01}
dati:
  comuni:
    - {comune: Vimercate, santo: Santo Stefano, mese: 12, giorno: 26}
    - {comune: Milano, santo: Prova, mese: 12, giorno: 9}
`)}}
	e := engineMAP(t, extra)
	res := piano(t, e, `{"fattispecie":"cds186","ore":2,"inizio":"2026-12-07","giorni_settimana":{"lun":2},"comune":"Milano"}`)
	if res.PrimoGiorno != "2026-12-07" {
		t.Errorf("overlay replaces Milano: primo %s; want 2026-12-07", res.PrimoGiorno)
	}
	res = piano(t, e, `{"fattispecie":"cds186","ore":2,"inizio":"2026-12-09","giorni_settimana":{"mer":2},"comune":"Milano"}`)
	if res.PrimoGiorno != "2026-12-16" {
		t.Errorf("overlay's Milano feast on 9/12: primo %s; want 2026-12-16", res.PrimoGiorno)
	}
	res = piano(t, e, `{"fattispecie":"cds186","ore":2,"inizio":"2026-12-26","giorni_settimana":{"sab":2},"comune":"Vimercate"}`)
	if len(res.Avvertenze) == 0 || strings.Contains(strings.Join(res.Avvertenze, ""), "non è tra quelli noti") {
		t.Errorf("Vimercate added: avvertenze %v", res.Avvertenze)
	}
}

func TestDatiNonValidi(t *testing.T) {
	for _, tc := range []struct {
		file, src, want string
	}{
		{"patroni_x.yaml", "id: patroni_x\ntipo: dati\ntitolo: x\nfonte: f\nvigenza: {dal: 2001-01-01}\ndati:\n  comuni:\n    - {comune: A, mese: 4, giorno: 31}\n", "rules/patroni_x.yaml:8:7: dati.comuni[0]: A: giorno 31 non valido per il mese 4"},
		{"patroni_x.yaml", "id: patroni_x\ntipo: dati\ntitolo: x\nfonte: f\nvigenza: {dal: 2001-01-01}\ndati:\n  comuni:\n    - {comune: A, mese: 5, settimana: 1, giorno_settimana: mart}\n", `rules/patroni_x.yaml:8:60: dati.comuni[0].giorno_settimana: giorno della settimana "mart" sconosciuto`},
		{"patroni_x.yaml", "id: patroni_x\ntipo: dati\ntitolo: x\nfonte: f\nvigenza: {dal: 2001-01-01}\ndati:\n  comuni:\n    - {comune: A, mese: 5, giorno: 1, data: 3}\n", `rules/patroni_x.yaml:8:39: dati.comuni[0].data: chiave sconosciuta "data"`},
		{"calendario.yaml", "id: calendario\ntipo: dati\ntitolo: x\nfonte: f\nvigenza: {dal: 2001-01-01}\ndati:\n  inail_anticipo_giorni: {valore: dieci, fonte: x}\n", "rules/calendario.yaml:7:35: dati.inail_anticipo_giorni.valore: atteso un intero tra 0 e 1000"},
		{"calendario.yaml", "id: calendario\ntipo: dati\ntitolo: x\nfonte: f\nvigenza: {dal: 2001-01-01}\ndati:\n  inail_anticipo_giorni: {valore: 10, fonte: x}\n", "dati.eventi: mancano gli eventi del file di calendario"},
		{"calendario.yaml", "id: calendario\ntipo: dati\ntitolo: x\nfonte: f\nvigenza: {dal: 2001-01-01}\ndati:\n  fonti: {accordo: a, domenica: [d]}\n", "rules/calendario.yaml:7:33: dati.fonti.domenica: atteso un testo"},
		{"calendario.yaml", "id: calendario\ntipo: dati\ntitolo: x\nfonte: f\nvigenza: {dal: 2001-01-01}\ndati:\n  prova: map\n", "rules/calendario.yaml:7:10: dati.prova: attesa una lista di fattispecie"},
		{"calendario.yaml", "id: calendario\ntipo: dati\ntitolo: x\nfonte: f\nvigenza: {dal: 2001-01-01}\ndati:\n  fonti: {accordo: a}\n", "dati.fonti.avvio_prova: manca la fonte avvio_prova"},
		{"calendario.yaml", "id: calendario\ntipo: dati\ntitolo: x\nfonte: f\nvigenza: {dal: 2001-01-01}\ndati:\n  eventi:\n    richiesta_inail: {titolo: t, testo: x}\n", "rules/calendario.yaml:8:22: dati.eventi.richiesta_inail: servono titolo, testo e fonte"},
	} {
		// (the data files are checked whatever the rules: on the
		// synthetic ones of sintetico_test.go)
		_, err := lpu.Load(context.Background(), lpu.Overlay(regoleSintetiche(t), fstest.MapFS{tc.file: {Data: []byte(tc.src)}}))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v; want %q", tc.file, err, tc.want)
		}
	}
}

func BenchmarkPiano(b *testing.B) {
	e := engine(b)
	for _, bc := range []struct{ nome, body string }{
		{"12_sessioni", `{"fattispecie":"cds186","ore":48,"inizio":"2025-07-01","giorni_settimana":{"gio":4},"comune":"Milano"}`},
		{"1000_ore", `{"fattispecie":"cds186","ore":1000,"inizio":"2025-07-01","giorni_settimana":{"lun":2,"gio":4},"comune":"Milano","fatti":{"richiesta_oltre_limite_settimanale":true}}`},
	} {
		var r lpu.RichiestaPiano
		if err := lpu.DecodeBytes([]byte(bc.body), &r); err != nil {
			b.Fatal(err)
		}
		b.Run(bc.nome, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Piano(context.Background(), &r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// titoloMAP is the title of the messa alla prova, by which a message
// names it.
func titoloMAP(t *testing.T) string {
	for _, f := range engine(t).Catalogo() {
		if f.ID == "map" {
			return f.Titolo
		}
	}
	t.Fatal("map non è tra le fattispecie")
	return ""
}
