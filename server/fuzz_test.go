package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// FuzzAPI: whatever the body, the content type and the kind, the API
// answers JSON and never 500. Seeds are the cases of the tests.
func FuzzAPI(f *testing.F) {
	for _, s := range []string{esempio186, `{}`, `null`, `[`, `{"fattispecie":"cds186","pena":{"ammenda":"1.5e3"}}`,
		`{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"anni":100,"mesi":1200,"giorni":36500},"ammenda":"1000000000"},"opzioni":{"mese":"calendario"}}`,
		`{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1"},"esecuzione":{"ore_svolte":200000,"liberazione_anticipata_giorni":1}}`,
		`{"fattispecie":"cds186","ore":1,"inizio":"2025-07-01","giorni_settimana":{"sab":24}}`} {
		for _, c := range []string{"calcolo", "fondo", "convenzione", "piano", "lotto"} {
			f.Add(c, "application/json", s)
		}
	}
	f.Add("calcolo", "text/csv", "a,b\n1,2")
	s := serverProva(f)
	h := s.Handler()
	f.Fuzz(func(t *testing.T, comando, tipo, corpo string) {
		if comando == "" {
			comando = "calcolo"
		}
		r := fai(h, http.MethodPost, "/api/v1/"+url.PathEscape(comando), tipo, corpo)
		if r.Code >= 500 {
			t.Fatalf("%s %q %q: status %d %s", comando, tipo, corpo, r.Code, r.Body.String())
		}
		if !json.Valid(r.Body.Bytes()) {
			t.Fatalf("%s %q: answer is not JSON: %s", comando, corpo, tronca(r.Body.Bytes()))
		}
	})
}

// FuzzModulo: whatever the form holds, the page answers and never 500.
func FuzzModulo(f *testing.F) {
	f.Add("data=10%2F06%2F2025&pena.arresto.mesi=1&pena.arresto.giorni=15&pena.ammenda=1.500%2C00")
	f.Add("pena.ammenda=1000&piano.inizio=01%2F07%2F2025&piano.giorni_settimana.sab=6")
	f.Add("pena.ammenda=1000&piano.inizio=01%2F07%2F2025&piano.giorni_settimana.sab=99999999999")
	f.Add("pena.arresto.anni=100&pena.arresto.mesi=1200&pena.arresto.giorni=36500&opzioni.mese=calendario&data=31%2F12%2F2200")
	f.Add("%zz&&==")
	h := serverProva(f).Handler()
	f.Fuzz(func(t *testing.T, corpo string) {
		r := fai(h, http.MethodPost, "/calcolo/cds186", "application/x-www-form-urlencoded", corpo)
		if r.Code >= 500 {
			t.Fatalf("%q: status %d %s", corpo, r.Code, tronca(r.Body.Bytes()))
		}
	})
}

// FuzzQuery: whatever the query of GET /api/v1/piano.ics or
// /registro.csv, the answer is the file or a coded 4xx that does not
// echo the query, never a 5xx.
func FuzzQuery(f *testing.F) {
	for _, q := range []string{
		"fattispecie=cds186&ore=12&inizio=2025-07-01&giorni_settimana.sab=6",
		"fattispecie=map&ore=48&inizio=2025-07-01&durata_mesi=3&giorni_settimana.gio=4&comune=Milano&fatti.pena_edittale_max.anni=1",
		"richiesta=%7B%22fattispecie%22%3A%22cds186%22%2C%22ore%22%3A12%2C%22inizio%22%3A%222025-07-01%22%2C%22giorni_settimana%22%3A%7B%22sab%22%3A6%7D%7D",
		"richiesta=%7B%22ore%22%3A1%2C%22ore%22%3A2%7D",
		"a.a.a.a.a.a=1", "giorni_settimana=1&giorni_settimana.sab=2", "fatti..incidente=1",
		"comune=%zz", "%", "a=1;b=2", "ore=1&ore=2", "sospensioni=1&sospensioni=2", "",
	} {
		f.Add(q)
	}
	h := serverProva(f).Handler()
	f.Fuzz(func(t *testing.T, q string) {
		for _, rotta := range []string{"/api/v1/piano.ics", "/api/v1/registro.csv"} {
			req := httptest.NewRequest(http.MethodGet, rotta, nil)
			req.URL.RawQuery = q
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			switch {
			case w.Code == http.StatusOK:
				continue
			case w.Code >= 500 || w.Code < 400:
				t.Fatalf("%s?%q: status %d %s", rotta, q, w.Code, tronca(w.Body.Bytes()))
			}
			var c struct {
				Errore *struct{ Codice, Campo, Messaggio string } `json:"errore"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &c); err != nil || c.Errore == nil || c.Errore.Codice == "" {
				t.Fatalf("%s?%q: %d without a coded error: %s", rotta, q, w.Code, tronca(w.Body.Bytes()))
			}
			if len(c.Errore.Campo) > 200 || len(c.Errore.Messaggio) > 1000 {
				t.Fatalf("%s?%q: the error echoes the query (%d, %d bytes)", rotta, q, len(c.Errore.Campo), len(c.Errore.Messaggio))
			}
		}
	})
}
