package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// oggiProva is the fixed "now" of the tests.
var oggiProva = time.Date(2025, 6, 10, 9, 0, 0, 0, time.UTC)

// motore is the engine over the embedded rules, loaded once for all the
// tests: an Engine is immutable and safe for concurrent use, and under
// the race detector a Load takes more than half a second of CPU, which
// each of some fifty tests used to pay. Sharing it also puts one engine
// under every test's requests, as in production.
func motore(t testing.TB) *lpu.Engine {
	t.Helper()
	e, err := motoreCondiviso()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return e
}

var motoreCondiviso = sync.OnceValues(func() (*lpu.Engine, error) {
	return lpu.Load(context.Background(), rules.FS, lpu.WithClock(func() time.Time { return oggiProva }))
})

// nuovoServer builds a server over the embedded rules. Its log goes to
// log (nil: discarded).
func nuovoServer(t testing.TB, log io.Writer) *Server {
	t.Helper()
	if log == nil {
		log = io.Discard
	}
	s, err := New(motore(t), Opzioni{Log: slog.New(slog.NewJSONHandler(log, nil)),
		Orologio: func() time.Time { return oggiProva }})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// serverProva is one server over the shared engine, with the tests'
// clock and a discarded log, built once for the tests that only send it
// requests: a New parses the templates, builds the OpenAPI document and
// the metrics' registry, some 30 ms of CPU under -race, which some sixty
// tests used to pay. A Server serves concurrent requests, as in
// production. A test that changes its server (deadlines, limits, rules),
// reads its log or counts in its metrics, or serves it with Servi builds
// its own with nuovoServer.
func serverProva(t testing.TB) *Server {
	t.Helper()
	s, err := serverCondiviso()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

var serverCondiviso = sync.OnceValues(func() (*Server, error) {
	e, err := motoreCondiviso()
	if err != nil {
		return nil, err
	}
	return New(e, Opzioni{Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Orologio: func() time.Time { return oggiProva }})
})

type risposta struct {
	*httptest.ResponseRecorder
}

func (r risposta) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body.Bytes(), v); err != nil {
		t.Fatalf("risposta non JSON (%d): %v\n%s", r.Code, err, r.Body.String())
	}
}

func (r risposta) errore(t testing.TB) *lpu.Error {
	t.Helper()
	var c lpu.ErrorBody
	r.json(t, &c)
	if c.Errore == nil {
		t.Fatalf("risposta senza errore: %s", r.Body.String())
	}
	return c.Errore
}

func fai(h http.Handler, metodo, url, tipo string, corpo string, intestazioni ...string) risposta {
	var body io.Reader
	if corpo != "" {
		body = strings.NewReader(corpo)
	}
	req := httptest.NewRequest(metodo, url, body)
	if tipo != "" {
		req.Header.Set("Content-Type", tipo)
	}
	for i := 0; i+1 < len(intestazioni); i += 2 {
		req.Header.Set(intestazioni[i], intestazioni[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return risposta{w}
}

const esempio186 = `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}}`

func compatto(t testing.TB, b []byte) string {
	t.Helper()
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func parseQuery(s string) (map[string][]string, error) {
	v, err := url.ParseQuery(s)
	return v, err
}

// nuovaRichiestaSenzaLunghezza is a JSON POST whose length is not
// declared, as a streaming client sends it.
func nuovaRichiestaSenzaLunghezza(url, corpo string) *http.Request {
	req := httptest.NewRequest("POST", url, struct{ io.Reader }{strings.NewReader(corpo)})
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	return req
}

func nuovoRegistratore() *httptest.ResponseRecorder { return httptest.NewRecorder() }
