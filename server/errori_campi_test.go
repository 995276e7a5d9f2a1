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
