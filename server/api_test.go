package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestAPIComeIlMotore checks that every JSON endpoint answers exactly
// what the engine (and so the CLI, which calls the same Run) answers.
func TestAPIComeIlMotore(t *testing.T) {
	s := serverProva(t)
	e := s.Engine()
	for _, c := range []struct{ comando, corpo string }{
		{"calcolo", esempio186},
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1100"},"opzioni":{"frazione_250":"difetto"},"esecuzione":{"ore_svolte":4}}`},
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1}},"fatti":{"incidente":true}}`},
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"reclusione":{"mesi":1}}}`},
		{"fondo", `{"fattispecie":"cds186","data_inizio":"2025-06-10","giorni":51}`},
		{"convenzione", `{"convenzione":{"modello":"dm2001","decorrenza":"2021-03-01","anni":5},"fattispecie":"cds186","data":"2025-07-31"}`},
		{"piano", `{"fattispecie":"cds186","ore":102,"inizio":"2025-07-01","giorni_settimana":{"sab":6}}`},
	} {
		t.Run(c.comando, func(t *testing.T) {
			r := fai(s.Handler(), "POST", "/api/v1/"+c.comando, "application/json", c.corpo)
			var want []byte
			wantStato := http.StatusOK
			out, err := e.Run(context.Background(), c.comando, []byte(c.corpo))
			if err != nil {
				le := lpu.AsError(err)
				wantStato = statoHTTP(le)
				want, _ = json.Marshal(lpu.NewErrorBody(err))
			} else {
				want, _ = json.Marshal(out)
			}
			if r.Code != wantStato {
				t.Fatalf("status = %d; want %d\n%s", r.Code, wantStato, r.Body.String())
			}
			if got := compatto(t, r.Body.Bytes()); got != compatto(t, want) {
				t.Errorf("HTTP answer differs from the engine's:\n got %s\nwant %s", got, want)
			}
			if ct := r.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

func TestAPIEsempio186(t *testing.T) {
	// A body saved by a Windows editor starts with a UTF-8 BOM: the same
	// request.
	for _, corpo := range []string{esempio186, "\ufeff" + esempio186} {
		r := fai(serverProva(t).Handler(), "POST", "/api/v1/calcolo", "application/json", corpo)
		var res lpu.Risultato
		r.json(t, &res)
		if r.Code != 200 || res.Giorni != 51 || res.Ore != 102 || !res.Ammissibile {
			t.Fatalf("%.3q: got %d: %d giorni, %d ore, ammissibile %v; want 200: 51, 102, true", corpo, r.Code, res.Giorni, res.Ore, res.Ammissibile)
		}
		if len(res.Passi) == 0 || res.Passi[0].Fonte == "" {
			t.Errorf("passi without sources: %+v", res.Passi)
		}
	}
}

// TestAPIInputSbagliati: no bad input gets a 500; each gets the contract's
// coded error with the right status.
func TestAPIInputSbagliati(t *testing.T) {
	h := serverProva(t).Handler()
	enorme := `{"fattispecie":"cds186","pena":{"comma":"` + strings.Repeat("x", MaxCorpo) + `"}}`
	profondo := `{"fattispecie":"cds186","pena":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`
	for _, c := range []struct {
		nome, metodo, url, tipo, corpo string
		stato                          int
		codice, campo                  string
	}{
		{"Content-Type testo", "POST", "/api/v1/calcolo", "text/plain", esempio186, 415, "tipo_contenuto_non_supportato", ""},
		{"Content-Type modulo", "POST", "/api/v1/calcolo", "application/x-www-form-urlencoded", esempio186, 415, "tipo_contenuto_non_supportato", ""},
		{"Content-Type illeggibile", "POST", "/api/v1/calcolo", "application/json; ;;=", esempio186, 415, "tipo_contenuto_non_supportato", ""},
		{"corpo vuoto", "POST", "/api/v1/calcolo", "application/json", "", 400, "json_non_valido", ""},
		{"null", "POST", "/api/v1/calcolo", "application/json", "null", 400, "json_non_valido", ""},
		{"lista", "POST", "/api/v1/calcolo", "application/json", "[]", 400, "json_non_valido", ""},
		{"numero", "POST", "/api/v1/calcolo", "application/json", "42", 400, "json_non_valido", ""},
		{"JSON troncato", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186",`, 400, "json_non_valido", ""},
		{"due oggetti", "POST", "/api/v1/calcolo", "application/json", esempio186 + esempio186, 400, "json_non_valido", ""},
		{"UTF-8 non valido", "POST", "/api/v1/calcolo", "application/json", "{\"fattispecie\":\"\xff\xfe\"}", 400, "fattispecie_sconosciuta", "fattispecie"},
		{"annidamento profondo", "POST", "/api/v1/calcolo", "application/json", profondo, 400, "json_non_valido", ""},
		{"corpo oltre 1 MiB", "POST", "/api/v1/calcolo", "application/json", enorme, 413, "richiesta_troppo_grande", ""},
		{"senza fattispecie", "POST", "/api/v1/calcolo", "application/json", `{}`, 400, "campo_obbligatorio", "fattispecie"},
		{"fattispecie sconosciuta", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds999"}`, 400, "fattispecie_sconosciuta", "fattispecie"},
		{"fattispecie lunghissima", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"` + strings.Repeat("a", 5000) + `"}`, 400, "", "fattispecie"},
		{"campo sconosciuto", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","pena":{"ergastolo":true}}`, 400, "campo_sconosciuto", "pena.ergastolo"},
		{"importo all'italiana nel JSON", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","pena":{"ammenda":"1.500,00"}}`, 400, "importo_non_valido", "pena.ammenda"},
		{"importo negativo", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","pena":{"ammenda":"-5"}}`, 400, "importo_non_valido", "pena.ammenda"},
		{"data impossibile", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","data":"2025-02-30"}`, 400, "data_non_valida", "data"},
		{"numero enorme", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","pena":{"arresto":{"giorni":1e400}}}`, 400, "fuori_intervallo", "pena.arresto.giorni"},
		{"giorni negativi", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","pena":{"arresto":{"giorni":-1}}}`, 400, "fuori_intervallo", "pena.arresto.giorni"},
		{"tipo sbagliato", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","fatti":{"incidente":"sì"}}`, 400, "tipo_errato", "fatti.incidente"},
		{"opzione sconosciuta", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","pena":{"ammenda":"1"},"opzioni":{"mese":"lunare"}}`, 400, "valore_non_ammesso", "opzioni.mese"},
		{"legge non in vigore", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","data":"2009-01-01","pena":{"ammenda":"1000"}}`, 422, "non_in_vigore", "data"},
		{"pena mancante", "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","data":"2025-06-10"}`, 422, "pena_mancante", "pena.arresto"},
		{"comando sconosciuto", "POST", "/api/v1/sentenza", "application/json", esempio186, 404, "comando_sconosciuto", ""},
		{"piano senza giorni", "POST", "/api/v1/piano", "application/json", `{"fattispecie":"cds186","ore":1,"inizio":"2025-07-01"}`, 400, "campo_obbligatorio", "giorni_settimana"},
		{"piano come file senza inizio", "POST", "/api/v1/piano", "application/json", `{"fattispecie":"cds186","ore":1}`, 400, "campo_obbligatorio", "inizio"},
		{"piano.ics senza fattispecie", "GET", "/api/v1/piano.ics?ore=1", "", "", 400, "campo_obbligatorio", "fattispecie"},
		{"piano.ics con ore eccessive", "GET", "/api/v1/piano.ics?fattispecie=cds186&ore=1&inizio=2025-07-01&giorni_settimana.sab=30", "", "", 400, "fuori_intervallo", "giorni_settimana.sab"},
		{"piano.ics con un giorno sconosciuto", "GET", "/api/v1/piano.ics?fattispecie=cds186&ore=1&inizio=2025-07-01&giorni_settimana.lunedix=a", "", "", 400, "giorno_sconosciuto", "giorni_settimana.lunedix"},
		{"piano.ics con un giorno sconosciuto e booleano", "GET", "/api/v1/piano.ics?fattispecie=cds186&ore=1&inizio=2025-07-01&giorni_settimana.sab=2&giorni_settimana.xyz=true", "", "", 400, "giorno_sconosciuto", "giorni_settimana.xyz"},
		{"piano con un giorno sconosciuto", "POST", "/api/v1/piano", "application/json", `{"fattispecie":"cds186","ore":1,"inizio":"2025-07-01","giorni_settimana":{"lunedix":"a"}}`, 400, "giorno_sconosciuto", "giorni_settimana.lunedix"},
		{"piano.ics con JSON rotto", "GET", "/api/v1/piano.ics?richiesta=%7B", "", "", 400, "json_non_valido", ""},
		{"registro senza query", "GET", "/api/v1/registro.csv", "", "", 400, "json_non_valido", ""},
		{"registro con campo sconosciuto", "GET", "/api/v1/registro.csv?nome=Mario", "", "", 400, "campo_sconosciuto", "nome"},
		{"metodo sbagliato", "GET", "/api/v1/calcolo", "", "", 405, "metodo_non_ammesso", ""},
		{"DELETE sulla salute", "DELETE", "/healthz", "", "", 405, "metodo_non_ammesso", ""},
		{"percorso sconosciuto", "GET", "/api/v2/calcolo", "", "", 404, "risorsa_sconosciuta", ""},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(h, c.metodo, c.url, c.tipo, c.corpo)
			if r.Code != c.stato {
				t.Fatalf("status = %d; want %d\n%s", r.Code, c.stato, tronca(r.Body.Bytes()))
			}
			e := r.errore(t)
			if (c.codice != "" && string(e.Code) != c.codice) || e.Field != c.campo || e.Message == "" {
				t.Errorf("errore = %+v; want codice %q, campo %q and a message", e, c.codice, c.campo)
			}
		})
	}
}

// TestAPIDateNonIndicate: a date not given is asked for by the field's
// label, with no format (the JSON's AAAA-MM-GG is not the form's
// gg/mm/aaaa, and a date not given was written in neither).
func TestAPIDateNonIndicate(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct {
		url, corpo, campo, messaggio string
		stato                        int
	}{
		{"/api/v1/piano", `{"fattispecie":"cds186","ore":4,"giorni_settimana":{"sab":4}}`, "inizio",
			"indicare il «Primo giorno possibile»: il primo giorno in cui la persona può iniziare", 400},
		{"/api/v1/piano", `{"fattispecie":"map","ore":4,"durata_mesi":3,"giorni_settimana":{"sab":4}}`, "inizio",
			"indicare il «Primo giorno possibile»: per la messa alla prova, il giorno di sottoscrizione del verbale", 400},
		{"/api/v1/piano", `{"fattispecie":"cds186","ore":4,"inizio":"2025-07-01","giorni_settimana":{"sab":4},"sospensioni":[{"al":"2025-08-01"}]}`, "sospensioni[0].dal",
			"«Sospensioni n. 1 – Sospensione dal»: indicare il primo giorno della sospensione", 400},
		{"/api/v1/piano", `{"fattispecie":"cds186","ore":4,"inizio":"2025-07-01","giorni_settimana":{"sab":4},"sospensioni":[{"dal":"2025-08-01"}]}`, "sospensioni[0].al",
			"«Sospensioni n. 1 – Sospensione al»: indicare l'ultimo giorno della sospensione", 400},
		{"/api/v1/convenzione", `{"fattispecie":"cds186","data":"2025-06-10","convenzione":{"modello":"dm2001","anni":5}}`, "convenzione.decorrenza",
			"indicare la «Decorrenza della convenzione»", 400},
		{"/api/v1/convenzione", `{"fattispecie":"cds186","data":"2025-06-10","convenzione":{"modello":"dm2001","decorrenza":"2024-01-01"}}`, "convenzione.anni",
			"indicare la «Durata della convenzione» in anni o la «Scadenza della convenzione» (manuale del Portale LPU §6 («Anni», «Data di scadenza»))", 422},
	} {
		r := fai(h, "POST", c.url, "application/json", c.corpo)
		if r.Code != c.stato {
			t.Fatalf("%s %s: status = %d; want %d\n%s", c.url, c.corpo, r.Code, c.stato, tronca(r.Body.Bytes()))
		}
		if e := r.errore(t); e.Code != lpu.CodeCampoObbligatorio || e.Field != c.campo || e.Message != c.messaggio {
			t.Errorf("%s %s:\n errore = %s %s %q\n want    campo_obbligatorio %s %q", c.url, c.corpo, e.Code, e.Field, e.Message, c.campo, c.messaggio)
		}
	}
}

// TestAPICorpoSenzaLunghezza: a body over the limit sent without
// Content-Length (chunked) is cut at the limit too.
func TestAPICorpoSenzaLunghezza(t *testing.T) {
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()
	pr := strings.NewReader(`{"fattispecie":"` + strings.Repeat("a", 2*MaxCorpo) + `"}`)
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/calcolo", struct{ *strings.Reader }{pr}) // hides the length
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status = %d; want 413", resp.StatusCode)
	}
	var c lpu.ErrorBody
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil || c.Errore.Code != "richiesta_troppo_grande" {
		t.Errorf("errore = %+v (%v); want richiesta_troppo_grande", c.Errore, err)
	}
}

func TestIntestazioniSicurezza(t *testing.T) {
	h := serverProva(t).Handler()
	for _, u := range []string{"/", "/calcolo/cds186", "/healthz", "/api/v1/fattispecie", "/pagina-che-non-esiste"} {
		r := fai(h, "GET", u, "", "")
		for k, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"X-Frame-Options":        "DENY",
			"Referrer-Policy":        "no-referrer",
			"Cache-Control":          "no-store",
		} {
			if got := r.Header().Get(k); got != want {
				t.Errorf("%s: %s = %q; want %q", u, k, got, want)
			}
		}
		csp := r.Header().Get("Content-Security-Policy")
		for _, d := range []string{"default-src 'none'", "frame-ancestors 'none'", "script-src 'self'", "form-action 'self'"} {
			if !strings.Contains(csp, d) {
				t.Errorf("%s: CSP %q lacks %q", u, csp, d)
			}
		}
		if r.Header().Get("X-Request-Id") == "" {
			t.Errorf("%s: no X-Request-Id", u)
		}
	}
	r := fai(h, "GET", "/static/stile.css", "", "")
	if r.Code != 200 || !strings.HasPrefix(r.Header().Get("Content-Type"), "text/css") || !strings.Contains(r.Header().Get("Cache-Control"), "max-age") {
		t.Errorf("stile.css: %d %q %q", r.Code, r.Header().Get("Content-Type"), r.Header().Get("Cache-Control"))
	}
}

func TestFattispecie(t *testing.T) {
	r := fai(serverProva(t).Handler(), "GET", "/api/v1/fattispecie", "", "")
	var v struct {
		Fattispecie []lpu.InfoFattispecie `json:"fattispecie"`
		Ricevuta    lpu.Ricevuta          `json:"ricevuta"`
	}
	r.json(t, &v)
	if len(v.Fattispecie) == 0 || v.Fattispecie[0].ID != "cds186" || v.Fattispecie[0].Vigenza.Dal != "2010-07-30" || len(v.Fattispecie[0].Campi) == 0 {
		t.Errorf("fattispecie = %+v", v.Fattispecie)
	}
	if !strings.HasPrefix(v.Ricevuta.Regole, "sha256:") {
		t.Errorf("ricevuta = %+v", v.Ricevuta)
	}
}

func TestMetriche(t *testing.T) {
	s := nuovoServer(t, nil)
	h := s.Handler()
	fai(h, "POST", "/api/v1/calcolo", "application/json", esempio186)
	fai(h, "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1"},"fatti":{"incidente":true}}`)
	fai(h, "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"nome-inventato-123"}`)
	fai(h, "POST", "/api/v1/fondo", "application/json", `{"fattispecie":"altro-nome-456","data_inizio":"2025-01-01"}`)
	fai(h, "POST", "/api/v1/fondo", "application/json", `{"fattispecie":"cds186","data_inizio":"2025-06-10"}`)
	fai(h, "GET", "/nessuna/pagina/segreta-789", "", "")
	fai(h, "POST", "/api/v1/piano", "application/json", `{"fattispecie":"cds186","ore":10,"inizio":"2025-07-01","giorni_settimana":{"sab":9}}`)
	r := fai(h, "GET", "/metrics", "", "")
	m := r.Body.String()
	for _, want := range []string{
		`lpu_valutazioni_totale{comando="calcolo",esito="ammissibile",fattispecie="cds186"} 1`,
		`lpu_valutazioni_totale{comando="calcolo",esito="non_ammissibile",fattispecie="cds186"} 1`,
		`lpu_valutazioni_totale{comando="calcolo",esito="errore",fattispecie="altro"} 1`,
		`lpu_valutazioni_totale{comando="piano",esito="con_violazioni",fattispecie="cds186"} 1`,
		`lpu_valutazioni_totale{comando="fondo",esito="da_verificare",fattispecie="cds186"} 1`,
		`lpu_http_richieste_totale{metodo="POST",rotta="/api/v1/calcolo",stato="200"} 2`,
		`lpu_http_richieste_totale{metodo="GET",rotta="nessuna",stato="404"} 1`,
		`lpu_http_durata_secondi_bucket{metodo="POST",rotta="/api/v1/calcolo"`,
		`lpu_regole_info{regole="` + s.Engine().Hash() + `"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, bad := range []string{"nome-inventato-123", "altro-nome-456", "segreta-789"} {
		if strings.Contains(m, bad) {
			t.Errorf("/metrics holds the user's value %q: unbounded labels", bad)
		}
	}
}

// TestLogSenzaDatiPersonali: the log says what happened, never what the
// person sent, nor from where.
func TestLogSenzaDatiPersonali(t *testing.T) {
	var log bytes.Buffer
	h := nuovoServer(t, &log).Handler()
	segreti := []string{"Rossi", "Bianchi", "Verdi", "192.0.2.1"}
	fai(h, "POST", "/api/v1/piano", "application/json", `{"fattispecie":"cds186","ore":7777,"inizio":"2025-07-01","giorni_settimana":{"sab":6},"comune":"Rossi"}`)
	fai(h, "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"Bianchi"}`)
	fai(h, "GET", "/api/v1/piano.ics?comune=Verdi&ore=7777", "", "")
	fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", "fatti.articolo_550=Rossi&pena.ammenda=7777")
	fai(h, "GET", "/Rossi", "", "")
	if log.Len() == 0 {
		t.Fatal("nothing logged")
	}
	for _, s := range segreti {
		if strings.Contains(log.String(), s) {
			t.Errorf("the log holds %q:\n%s", s, log.String())
		}
	}
	// The number sent is looked for as a number of its own: a timestamp's
	// nanoseconds (…077775354Z) may hold its digits by chance.
	if m := regexp.MustCompile(`(^|[^0-9])7777([^0-9]|$)`).FindString(log.String()); m != "" {
		t.Errorf("the log holds the number sent (%q):\n%s", m, log.String())
	}
	for _, riga := range strings.Split(strings.TrimSpace(log.String()), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(riga), &v); err != nil {
			t.Errorf("log line is not JSON: %s", riga)
			continue
		}
		for _, k := range []string{"rotta", "stato", "metodo", "ms"} {
			if _, ok := v[k]; !ok && v["msg"] == "richiesta" {
				t.Errorf("log line lacks %s: %s", k, riga)
			}
		}
	}
}

func TestRichiestaDaQuery(t *testing.T) {
	for _, c := range []struct{ q, want, errore string }{
		{"fattispecie=map&ore=48&inizio=2025-07-01&durata_mesi=3&giorni_settimana.gio=4&comune=Milano",
			`{"comune":"Milano","durata_mesi":3,"fattispecie":"map","giorni_settimana":{"gio":4},"inizio":"2025-07-01","ore":48}`, ""},
		{"richiesta=%7B%22ore%22%3A1%7D", `{"ore":1}`, ""},
		{"fatti.incidente=true&fatti.minorenne=false&ore=015&comune=007&riferimento=12",
			`{"comune":"007","fatti":{"incidente":true,"minorenne":false},"ore":15,"riferimento":"12"}`, ""},
		{"ore=1.5", "", "tipo_errato"},
		{"sospensioni=1&sospensioni=2", `{"sospensioni":[1,2]}`, ""},
		{"", "", "json_non_valido"},
		{"richiesta=%7B%7D&ore=1", "", "query_non_valida"},
		{"giorni_settimana=1&giorni_settimana.sab=2", "", "query_non_valida"},
		{"fatti..incidente=1", "", "query_non_valida"},
		{"a=1", "", "campo_sconosciuto"},
	} {
		q, _ := parseQuery(c.q)
		b, e := richiestaDaQuery(q, etichette{})
		if c.errore != "" {
			if e == nil || string(e.Code) != c.errore {
				t.Errorf("%q: err = %v; want %s", c.q, e, c.errore)
			}
			continue
		}
		if e != nil || string(b) != c.want {
			t.Errorf("%q: got %s, %v; want %s", c.q, b, e, c.want)
		}
	}
}

// TestMetodoEPercorso: a wrong method on a path that exists is 405 with
// the path's methods in Allow; a path that does not exist is 404, whatever
// the method (a catch-all POST route used to turn them round).
func TestMetodoEPercorso(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct {
		metodo, url string
		stato       int
		codice      string
		allow       string
	}{
		{"POST", "/api/v1/fattispecie", 405, "metodo_non_ammesso", "GET"},
		{"POST", "/api/v1/piano.ics", 405, "metodo_non_ammesso", "GET"},
		{"POST", "/api/v1/registro.csv", 405, "metodo_non_ammesso", "GET"},
		{"GET", "/api/v1/calcolo", 405, "metodo_non_ammesso", "POST"},
		{"GET", "/api/v1/lotto", 405, "metodo_non_ammesso", "POST"},
		{"GET", "/api/v1/xyz", 404, "risorsa_sconosciuta", ""},
		{"DELETE", "/api/v1/xyz", 404, "risorsa_sconosciuta", ""},
		{"POST", "/api/v1/xyz", 404, "comando_sconosciuto", ""},
		{"POST", "/api/v1/calcolo/x", 404, "risorsa_sconosciuta", ""},
	} {
		t.Run(c.metodo+" "+c.url, func(t *testing.T) {
			r := fai(h, c.metodo, c.url, "application/json", "{}")
			if r.Code != c.stato {
				t.Fatalf("status = %d; want %d\n%s", r.Code, c.stato, tronca(r.Body.Bytes()))
			}
			if e := r.errore(t); string(e.Code) != c.codice || e.Message == "" {
				t.Errorf("errore = %+v; want codice %q and a message", e, c.codice)
			}
			if got := r.Header().Get("Allow"); got != c.allow {
				t.Errorf("Allow = %q; want %q", got, c.allow)
			}
		})
	}
}

// TestFormatoAccettato: the Accept header of POST /api/v1/piano weighs
// its ranges (RFC 9110 §12.5.1) rather than taking the first that names
// a format.
func TestFormatoAccettato(t *testing.T) {
	nome := func(f *formatoFile) string {
		if f == nil {
			return "json"
		}
		return f.tipo
	}
	for _, c := range []struct {
		accept string
		want   *formatoFile
	}{
		{"", nil},
		{"application/json", nil},
		{"text/calendar", formatoICS},
		{"text/csv", formatoRegistro},
		{"*/*", nil},
		{"text/calendar;q=0, application/json", nil},
		{"application/json;q=0.1, text/calendar;q=0.9", formatoICS},
		{"text/calendar;q=0.5, text/csv;q=0.8", formatoRegistro},
		{"text/calendar, */*", formatoICS},             // the exact range beats the wildcard
		{"text/*", formatoICS},                         // a tie among the text files: the server's order
		{"text/*, text/calendar;q=0", formatoRegistro}, // the specific q=0 refuses the calendar only
		{"*/*;q=0.1, text/csv", formatoRegistro},
		{"application/json;q=0, */*", formatoICS}, // JSON refused: the next offer
		{"text/calendar, application/json", nil},  // equal weight: the server prefers JSON
		{"TEXT/Calendar; Q=1", formatoICS},
		{"text/calendar;q=2, text/csv;q=0.3", formatoRegistro}, // a q outside 0–1 is ignored
		{"text/calendar;q=abc", nil},
		{"text/calendar;q=NaN", nil}, // not a qvalue: ParseFloat alone took it
		{"text/calendar;q=1e0", nil},
		{"text/calendar;q=0x1p-1", nil},
		{"text/calendar;q=0.9999", nil},
		{"text/calendar;q=0.125", formatoICS},
		{"image/png", nil},            // nothing acceptable: JSON, as before
		{"text/calendar;q=0", nil},    // idem
		{"application/json;q=0", nil}, // idem
		{"text/calendar; ;;=, text/csv", formatoRegistro},
	} {
		if got := formatoAccettato(c.accept); got != c.want {
			t.Errorf("formatoAccettato(%q) = %s; want %s", c.accept, nome(got), nome(c.want))
		}
	}
	// Over a real connection too: the file as a client receives it, and
	// a Vary that tells caches the answer follows Accept.
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()
	piano := `{"fattispecie":"map","ore":8,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4}}`
	for accept, want := range map[string]string{
		"text/calendar;q=0, application/json":         "application/json",
		"application/json;q=0.1, text/calendar;q=0.9": "text/calendar",
	} {
		req, err := http.NewRequest("POST", ts.URL+"/api/v1/piano", strings.NewReader(piano))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", accept)
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		got := res.Header.Get("Content-Type")
		if err != nil || res.StatusCode != 200 || !strings.HasPrefix(got, want) || res.Header.Get("Vary") != "Accept" || len(b) == 0 {
			t.Errorf("Accept: %s: status %d, Content-Type %q, Vary %q, %d bytes, %v; want 200 %s, Vary Accept",
				accept, res.StatusCode, got, res.Header.Get("Vary"), len(b), err, want)
		}
		if want == "text/calendar" && !strings.HasPrefix(string(b), "BEGIN:VCALENDAR") {
			t.Errorf("Accept: %s: not a calendar: %.80q", accept, b)
		}
	}
}

// TestPianoICSSenzaControlli: the reviewer's request, a NUL in the comune
// and ESC, BEL in the reference, gives a calendar without control
// characters (RFC 5545 §3.1).
func TestPianoICSSenzaControlli(t *testing.T) {
	h := serverProva(t).Handler()
	r := fai(h, "GET", "/api/v1/piano.ics?fattispecie=map&ore=8&inizio=2025-07-01&durata_mesi=3&giorni_settimana.gio=4&comune=Mil%00ano&riferimento=RG%1b%07x", "", "")
	if r.Code != 200 {
		t.Fatalf("status = %d; want 200\n%s", r.Code, tronca(r.Body.Bytes()))
	}
	s := strings.ReplaceAll(r.Body.String(), "\r\n", "")
	if i := strings.IndexFunc(s, func(c rune) bool { return c < 0x20 && c != '\t' }); i >= 0 {
		t.Errorf("carattere di controllo %q in %q", s[i], s[max(0, i-30):min(len(s), i+30)])
	}
	if !strings.Contains(s, "LOCATION:Mil\uFFFDano") {
		t.Errorf("LOCATION assente o diversa:\n%.600s", s)
	}
}
