package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestContestoAnnullato: a request whose context is already done (its
// client went away) is not evaluated: the API, the calendar file and the
// web page answer with valutazione_interrotta, not with a result.
func TestContestoAnnullato(t *testing.T) {
	s := serverProva(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct{ metodo, url, tipo, corpo string }{
		{"POST", "/api/v1/calcolo", "application/json", esempio186},
		{"GET", "/api/v1/piano.ics?fattispecie=map&ore=48&inizio=2025-07-01&durata_mesi=3&giorni_settimana.gio=4", "", ""},
		{"POST", "/calcolo/gdp54", "application/x-www-form-urlencoded", "data=2025-06-10&pena.giorni_lpu=30"},
	} {
		req := httptest.NewRequest(tc.metodo, tc.url, strings.NewReader(tc.corpo)).WithContext(ctx)
		if tc.tipo != "" {
			req.Header.Set("Content-Type", tc.tipo)
		}
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "interrotta") {
			t.Errorf("%s %s: %d %.200s; atteso 503 valutazione_interrotta", tc.metodo, tc.url, w.Code, w.Body.String())
		}
	}
}
