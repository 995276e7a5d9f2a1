package server

import (
	"strings"
	"testing"
)

// TestAPIValoriNonAmmessi: a value none of a field's accepted ones is
// refused listing them by their labels, each followed by the code a
// request writes («modello del D.M. 26 marzo 2001» (dm2001)), for every
// field with values (an option, a fact, the days of the week), with the
// error's code and field unchanged.
func TestAPIValoriNonAmmessi(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct {
		nome, url, corpo, codice, campo, testo string
	}{
		{"convenzione", "/api/v1/calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"},"fatti":{"convenzione":"dm2023"}}`,
			"valore_non_ammesso", "fatti.convenzione", "non ammesso: uno di «modello del D.M. 26 marzo 2001» (dm2001), «modello del D.M. 88/2015 (messa alla prova)» (dm88_2015), "},
		{"opzione", "/api/v1/calcolo", `{"fattispecie":"gdp55","data":"2025-06-10","pena":{"ammenda":"1500"},"opzioni":{"durata_55":"calendario"}}`,
			"valore_non_ammesso", "opzioni.durata_55", "non ammesso: uno di «i giorni del ragguaglio, al più sei mesi, svolti in un periodo di almeno un mese» (periodo), "},
		{"fattispecie", "/api/v1/calcolo", `{"fattispecie":"cds168","data":"2025-06-10"}`,
			"fattispecie_sconosciuta", "fattispecie", "sconosciuta: una di «Guida sotto l'influenza dell'alcool (art. 186 c.9-bis C.d.S.)» (cds186), "},
		{"giorno della settimana", "/api/v1/piano", `{"fattispecie":"cds186","ore":10,"inizio":"2025-07-01","giorni_settimana":{"sabato":4}}`,
			"giorno_sconosciuto", "giorni_settimana.sabato", "giorno «sabato» sconosciuto: uno di «lunedì» (lun), «martedì» (mar), "},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(h, "POST", c.url, "application/json", c.corpo)
			e := r.errore(t)
			if r.Code != 400 || string(e.Code) != c.codice || e.Field != c.campo || !strings.Contains(e.Message, c.testo) {
				t.Errorf("got %d %s on %q: %s; want 400 %s on %q, saying %q", r.Code, e.Code, e.Field, e.Message, c.codice, c.campo, c.testo)
			}
		})
	}
}

// TestQueryInteroSoloCifre: a whole number in the query of the calendar
// (GET /api/v1/piano.ics, registro.csv) is read as a CSV cell of a
// lotto is, digits alone with a sign at most: 1e2 was refused as «un
// testo», while 100.0 was 100 and 1.000, a thousand to an Italian, 1
// hour. They are tipo_errato with the CSV's words, the field named by its
// label; 015 and +15 are 15; a text field keeps digits as a text.
func TestQueryInteroSoloCifre(t *testing.T) {
	h := serverProva(t).Handler()
	base := "/api/v1/piano.ics?fattispecie=cds186&inizio=2025-07-01&giorni_settimana.sab=6&comune=007"
	for _, c := range []struct{ query, campo, testo string }{
		{"ore=1e2", "ore", "«Ore di lavoro da svolgere»: atteso un numero intero, scritto con le sole cifre (ad es. 15), trovato «1e2»"},
		{"ore=100.0", "ore", "«Ore di lavoro da svolgere»: atteso un numero intero, scritto con le sole cifre (ad es. 15), trovato «100.0»"},
		{"ore=1.000", "ore", "«Ore di lavoro da svolgere»: atteso un numero intero, scritto con le sole cifre (ad es. 15), trovato «1.000»"},
		{"ore=0x0F", "ore", "«Ore di lavoro da svolgere»: atteso un numero intero, scritto con le sole cifre (ad es. 15), trovato «0x0F»"},
		{"ore=100&ore_svolte=1e1", "ore_svolte", "«Ore di lavoro già svolte»: atteso un numero intero, scritto con le sole cifre (ad es. 15), trovato «1e1»"},
		{"ore=100&giorni_settimana.gio=4.0", "giorni_settimana.gio", "«Ore per giorno della settimana (giovedì)»: atteso un numero intero, scritto con le sole cifre (ad es. 15), trovato «4.0»"},
	} {
		r := fai(h, "GET", base+"&"+c.query, "", "")
		if r.Code != 400 {
			t.Errorf("%s: status %d; want 400", c.query, r.Code)
			continue
		}
		if e := r.errore(t); e.Code != "tipo_errato" || e.Field != c.campo || e.Message != c.testo {
			t.Errorf("%s: %s on %q: %s; want tipo_errato on %q: %s", c.query, e.Code, e.Field, e.Message, c.campo, c.testo)
		}
	}
	for _, q := range []string{"ore=100", "ore=0100", "ore=%2B100"} {
		if r := fai(h, "GET", base+"&"+q, "", ""); r.Code != 200 || !strings.Contains(r.Body.String(), "BEGIN:VCALENDAR") {
			t.Errorf("%s: status %d; want the calendar\n%.300s", q, r.Code, r.Body.String())
		}
	}
}
