package server

import (
	"encoding/json"
	"net/http"
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
	s := nuovoServer(f, nil)
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
	h := nuovoServer(f, nil).Handler()
	f.Fuzz(func(t *testing.T, corpo string) {
		r := fai(h, http.MethodPost, "/calcolo/cds186", "application/x-www-form-urlencoded", corpo)
		if r.Code >= 500 {
			t.Fatalf("%q: status %d %s", corpo, r.Code, tronca(r.Body.Bytes()))
		}
	})
}
