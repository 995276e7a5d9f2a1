package server

import (
	"net/url"
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

// TestAPILimitiConEtichetta: a value beyond its bound or of the wrong
// type is refused with a message that names the field by its label
// («Ore di lavoro già svolte»: il valore non può essere negativo (-3)),
// for every kind of request, through the API, the calendar's files (a
// body or the query) and the lotto: the message alone, on a command
// line, copied or in a lotto's report, says which value is wrong. The
// code and the field are those they were.
func TestAPILimitiConEtichetta(t *testing.T) {
	h := serverProva(t).Handler()
	piano := func(extra string) string {
		return `{"fattispecie":"map","ore":48,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4}` + extra + `}`
	}
	for _, c := range []struct {
		nome, metodo, url, corpo string
		intestazioni             []string
		codice, campo, testo     string
	}{
		{"ore svolte", "POST", "/api/v1/calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1}},"esecuzione":{"ore_svolte":-3}}`, nil,
			"fuori_intervallo", "esecuzione.ore_svolte", "«Ore di lavoro già svolte»: il valore non può essere negativo (-3)"},
		{"parte di una durata", "POST", "/api/v1/calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":-2}}}`, nil,
			"fuori_intervallo", "pena.arresto.mesi", "«Arresto (mesi)»: il valore non può essere negativo (-2)"},
		{"tipo", "POST", "/api/v1/calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1}},"esecuzione":{"ore_svolte":"tre"}}`, nil,
			"tipo_errato", "esecuzione.ore_svolte", "«Ore di lavoro già svolte»: atteso un numero intero, trovato un testo"},
		{"fatto del solo vocabolario", "POST", "/api/v1/calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1}},"fatti":{"sospensione_precedente":"sì"}}`, nil,
			"tipo_errato", "fatti.sospensione_precedente", "«Il condannato ha già usufruito della sospensione condizionale della pena»: atteso true o false, trovato un testo"},
		{"piano", "POST", "/api/v1/piano", piano(`,"ore_svolte":-5`), nil,
			"fuori_intervallo", "ore_svolte", "«Ore di lavoro già svolte»: il valore non può essere negativo (-5)"},
		{"giorno della settimana", "POST", "/api/v1/piano", `{"fattispecie":"cds186","ore":10,"inizio":"2025-07-01","giorni_settimana":{"gio":30}}`, nil,
			"fuori_intervallo", "giorni_settimana.gio", "«Ore per giorno della settimana (giovedì)»: valore troppo grande (30; al massimo 24)"},
		{"fatti del piano", "POST", "/api/v1/piano", piano(`,"fatti":{"sostituzioni_precedenti":-1}`), nil,
			"fuori_intervallo", "fatti.sostituzioni_precedenti", "«Volte in cui la pena è già stata sostituita con il lavoro di pubblica utilità»: il valore non può essere negativo (-1)"},
		{"calendario", "POST", "/api/v1/piano", piano(`,"ore_svolte":-5`), []string{"Accept", "text/calendar"},
			"fuori_intervallo", "ore_svolte", "«Ore di lavoro già svolte»: il valore non può essere negativo (-5)"},
		{"calendario dalla query", "GET", "/api/v1/piano.ics?fattispecie=map&ore=48&inizio=2025-07-01&durata_mesi=3&giorni_settimana.gio=4&ore_svolte=999999", "", nil,
			"fuori_intervallo", "ore_svolte", "«Ore di lavoro già svolte»: valore troppo grande (999999; al massimo 200000)"},
		{"registro dalla query", "GET", "/api/v1/registro.csv?richiesta=" + url.QueryEscape(piano(`,"ore_svolte":-5`)), "", nil,
			"fuori_intervallo", "ore_svolte", "«Ore di lavoro già svolte»: il valore non può essere negativo (-5)"},
		{"fondo", "POST", "/api/v1/fondo", `{"fattispecie":"l689_56bis","data_inizio":"2024-12-02","convenzione":"dm2023_56bis","giorni":-480}`, nil,
			"fuori_intervallo", "giorni", "«Giorni di lavoro»: il valore non può essere negativo (-480)"},
		{"convenzione", "POST", "/api/v1/convenzione", `{"convenzione":{"modello":"dm88_2015","decorrenza":"2021-03-01","anni":-5},"fattispecie":"l689_56bis","data":"2025-07-31"}`, nil,
			"fuori_intervallo", "convenzione.anni", "«Durata della convenzione (anni)»: il valore non può essere negativo (-5)"},
		{"in una lista", "POST", "/api/v1/convenzione", `{"convenzione":{"modello":"dm88_2015","decorrenza":"2021-03-01","anni":5,"sedi":[{"nome":"A","posti":[{"tipo":"AF","numero":-3}]}]},"fattispecie":"l689_56bis","data":"2025-07-31","sede":"A","tipo_posto":"AF"}`, nil,
			"fuori_intervallo", "convenzione.sedi[0].posti[0].numero", "«Sedi della convenzione n. 1 – Posti della sede, per tipo n. 1 – Numero di posti»: il valore non può essere negativo (-3)"},
		// A period of sospensioni is told by its number, never by its path.
		{"sospensione senza inizio", "POST", "/api/v1/piano", piano(`,"sospensioni":[{"dal":"2025-07-10","al":"2025-07-11"},{"al":"2025-08-01"}]`), nil,
			"campo_obbligatorio", "sospensioni[1].dal", "«Sospensioni n. 2 – Sospensione dal»: indicare il primo giorno della sospensione"},
		{"sospensione senza fine", "POST", "/api/v1/piano", piano(`,"sospensioni":[{"dal":"2025-08-01"}]`), nil,
			"campo_obbligatorio", "sospensioni[0].al", "«Sospensioni n. 1 – Sospensione al»: indicare l'ultimo giorno della sospensione"},
		{"sospensione con data impossibile", "POST", "/api/v1/piano", piano(`,"sospensioni":[{"dal":"2025-07-10","al":"2025-07-11"},{"dal":"2025-02-30","al":"2025-08-01"}]`), nil,
			"data_non_valida", "sospensioni[1].dal", "«Sospensioni n. 2 – Sospensione dal»: data inesistente: «2025-02-30» (febbraio 2025 ha 28 giorni)"},
		{"sospensione con data illeggibile", "POST", "/api/v1/piano", piano(`,"sospensioni":[{"dal":"2025-08-01","al":"1/8"}]`), nil,
			"data_non_valida", "sospensioni[0].al", "«Sospensioni n. 1 – Sospensione al»: data non valida: «1/8» (formato AAAA-MM-GG, anni 1900–2200)"},
		{"sospensione invertita", "POST", "/api/v1/piano", piano(`,"sospensioni":[{"dal":"2025-07-10","al":"2025-07-11"},{"dal":"2025-08-10","al":"2025-08-01"}]`), nil,
			"periodo_invertito", "sospensioni[1].al", "«Sospensioni n. 2 – Sospensione al»: la sospensione finisce (01/08/2025) prima di cominciare (10/08/2025)"},
		{"sospensioni sovrapposte", "POST", "/api/v1/piano", piano(`,"sospensioni":[{"dal":"2025-08-01","al":"2025-08-10"},{"dal":"2025-08-05","al":"2025-08-20"}]`), nil,
			"periodi_sovrapposti", "sospensioni[1]", "«Sospensioni n. 2»: la sospensione dal 05/08/2025 si sovrappone a quella dal 01/08/2025 al 10/08/2025: unirle in un solo periodo"},
		{"sospensione non oggetto", "POST", "/api/v1/piano", piano(`,"sospensioni":[1]`), nil,
			"tipo_errato", "sospensioni[0]", "«Sospensioni n. 1»: atteso un oggetto, trovato un numero"},
		{"sospensione con motivo non testo", "POST", "/api/v1/piano", piano(`,"sospensioni":[{"dal":"2025-08-01","al":"2025-08-10","motivo":5}]`), nil,
			"tipo_errato", "sospensioni[0].motivo", "«Sospensioni n. 1 – Motivo della sospensione»: atteso un testo, trovato un numero"},
		{"sospensione con campo sconosciuto", "POST", "/api/v1/piano", piano(`,"sospensioni":[{"dal":"2025-08-01","al":"2025-08-10","fino":5}]`), nil,
			"campo_sconosciuto", "sospensioni[0].fino", "«Sospensioni n. 1»: campo sconosciuto: «fino»"},
		{"sospensione con data due volte", "POST", "/api/v1/piano", piano(`,"sospensioni":[{"dal":"2025-08-01","dal":"2025-08-10"}]`), nil,
			"chiave_duplicata", "sospensioni[0].dal", "«Sospensioni n. 1 – Sospensione dal»: campo indicato due volte: ogni campo va indicato una sola volta"},
		{"sospensione dalla query", "GET", "/api/v1/piano.ics?richiesta=" + url.QueryEscape(piano(`,"sospensioni":[{"dal":"2025-08-10","al":"2025-08-01"}]`)), "", nil,
			"periodo_invertito", "sospensioni[0].al", "«Sospensioni n. 1 – Sospensione al»: la sospensione finisce (01/08/2025) prima di cominciare (10/08/2025)"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(h, c.metodo, c.url, "application/json", c.corpo, c.intestazioni...)
			if r.Code != 400 {
				t.Fatalf("status %d; want 400\n%.300s", r.Code, r.Body.String())
			}
			if e := r.errore(t); string(e.Code) != c.codice || e.Field != c.campo || e.Message != c.testo {
				t.Errorf("%s on %q: %s; want %s on %q: %s", e.Code, e.Field, e.Message, c.codice, c.campo, c.testo)
			}
		})
	}
	// A lotto's row, as the request alone.
	r := fai(h, "POST", "/api/v1/lotto", "application/json", `[{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1}},"esecuzione":{"ore_svolte":-3}}]`)
	if want := `"messaggio":"«Ore di lavoro già svolte»: il valore non può essere negativo (-3)","campo":"esecuzione.ore_svolte"`; !strings.Contains(r.Body.String(), want) {
		t.Errorf("lotto: %s\nwant %s", r.Body.String(), want)
	}
}
