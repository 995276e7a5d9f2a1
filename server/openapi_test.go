package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

func init() {
	// Bodies the validator should read as plain text.
	for _, t := range []string{"text/calendar", "text/html", "text/css", "text/javascript", "image/svg+xml"} {
		openapi3filter.RegisterBodyDecoder(t, openapi3filter.PlainBodyDecoder)
	}
}

func specifica(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(serverProva(t).regole().openapi)
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q; want 3.1.0", doc.OpenAPI)
	}
	r, err := legacy.NewRouter(doc) // validates the document
	if err != nil {
		t.Fatalf("openapi.json non valido: %v", err)
	}
	return doc, r
}

// TestOpenAPICopreLeRotte checks that every route the server registers is
// in the document, every JSON request kind the engine answers has its own
// path, and that the document has no path the server does not serve.
func TestOpenAPICopreLeRotte(t *testing.T) {
	doc, _ := specifica(t)
	s := serverProva(t)
	serviti := map[string]bool{}
	for _, r := range s.gin.Routes() {
		if r.Method == http.MethodHead {
			continue
		}
		p := r.Path
		for _, seg := range strings.Split(p, "/") {
			if strings.HasPrefix(seg, ":") {
				p = strings.Replace(p, seg, "{"+seg[1:]+"}", 1)
			}
		}
		serviti[r.Method+" "+p] = true
	}
	documentati := map[string]bool{}
	for p, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			documentati[m+" "+p] = true
		}
	}
	for k := range serviti {
		if !documentati[k] {
			t.Errorf("route %s is not in openapi.json", k)
		}
	}
	for k := range documentati {
		if !serviti[k] {
			t.Errorf("openapi.json documents %s, which the server does not serve", k)
		}
	}
}

type casoAPI struct {
	nome, metodo, url, tipo, corpo string
	intestazioni                   []string
	stato                          int
	// richiestaFuoriSpec marks a request that breaks the document on
	// purpose (bad JSON, wrong type): only the answer is validated.
	richiestaFuoriSpec bool
}

// TestOpenAPIRichiesteERisposte sends real requests to the handlers and
// validates both the requests and the answers against openapi.json.
func TestOpenAPIRichiesteERisposte(t *testing.T) {
	_, router := specifica(t)
	h := serverProva(t).Handler()
	piano := `{"fattispecie":"cds186","ore":102,"inizio":"2025-07-01","giorni_settimana":{"sab":6}}`
	casi := []casoAPI{
		{nome: "calcolo 186", metodo: "POST", url: "/api/v1/calcolo", tipo: "application/json", corpo: esempio186, stato: 200},
		{nome: "calcolo con residuo", metodo: "POST", url: "/api/v1/calcolo", tipo: "application/json",
			corpo: `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1}},"esecuzione":{"ore_svolte":10}}`, stato: 200},
		{nome: "calcolo escluso", metodo: "POST", url: "/api/v1/calcolo", tipo: "application/json",
			corpo: `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1000"},"fatti":{"incidente":true}}`, stato: 200},
		{nome: "calcolo non in vigore", metodo: "POST", url: "/api/v1/calcolo", tipo: "application/json",
			corpo: `{"fattispecie":"cds186","data":"2009-01-01","pena":{"ammenda":"1000"}}`, stato: 422},
		{nome: "calcolo fattispecie sconosciuta", metodo: "POST", url: "/api/v1/calcolo", tipo: "application/json",
			corpo: `{"fattispecie":"boh"}`, stato: 400, richiestaFuoriSpec: true}, // (not among the enum)
		{nome: "calcolo campo sconosciuto", metodo: "POST", url: "/api/v1/calcolo", tipo: "application/json",
			corpo: `{"fattispecie":"cds186","penna":{}}`, stato: 400, richiestaFuoriSpec: true},
		{nome: "JSON rotto", metodo: "POST", url: "/api/v1/calcolo", tipo: "application/json", corpo: `{"fattispecie":`, stato: 400, richiestaFuoriSpec: true},
		{nome: "Content-Type sbagliato", metodo: "POST", url: "/api/v1/calcolo", tipo: "text/plain", corpo: esempio186, stato: 415, richiestaFuoriSpec: true},
		{nome: "fondo", metodo: "POST", url: "/api/v1/fondo", tipo: "application/json",
			corpo: `{"fattispecie":"cds186","data_inizio":"2025-06-10","convenzione":"dm2001","giorni":51}`, stato: 200},
		{nome: "fondo senza data", metodo: "POST", url: "/api/v1/fondo", tipo: "application/json",
			corpo: `{"fattispecie":"cds186"}`, stato: 400, richiestaFuoriSpec: true},
		{nome: "convenzione", metodo: "POST", url: "/api/v1/convenzione", tipo: "application/json",
			corpo: `{"convenzione":{"modello":"dm88_2015","decorrenza":"2021-03-01","anni":5,"fattispecie":["map"]},"fattispecie":"l689_56bis","data":"2025-07-31"}`, stato: 200},
		{nome: "lotto CSV", metodo: "POST", url: "/api/v1/lotto?formato=csv", tipo: "application/json", corpo: "[" + esempio186 + "]", stato: 200},
		{nome: "piano", metodo: "POST", url: "/api/v1/piano", tipo: "application/json", corpo: piano, stato: 200},
		{nome: "piano come iCalendar", metodo: "POST", url: "/api/v1/piano", tipo: "application/json", corpo: piano,
			intestazioni: []string{"Accept", "text/calendar"}, stato: 200},
		{nome: "piano come registro", metodo: "POST", url: "/api/v1/piano", tipo: "application/json", corpo: piano,
			intestazioni: []string{"Accept", "text/csv"}, stato: 200},
		{nome: "piano.ics da query", metodo: "GET", url: "/api/v1/piano.ics?fattispecie=cds186&ore=102&inizio=2025-07-01&giorni_settimana.sab=6", stato: 200},
		{nome: "registro.csv da richiesta JSON", metodo: "GET", url: "/api/v1/registro.csv?richiesta=" + url.QueryEscape(piano), stato: 200},
		{nome: "piano.ics senza query", metodo: "GET", url: "/api/v1/piano.ics", stato: 400},
		{nome: "lotto", metodo: "POST", url: "/api/v1/lotto", tipo: "application/json", corpo: "[" + esempio186 + `,{"fattispecie":"boh"}]`, stato: 200},
		{nome: "fattispecie", metodo: "GET", url: "/api/v1/fattispecie", stato: 200},
		{nome: "healthz", metodo: "GET", url: "/healthz", stato: 200},
		{nome: "metrics", metodo: "GET", url: "/metrics", stato: 200},
		{nome: "openapi", metodo: "GET", url: "/openapi.json", stato: 200},
		{nome: "pagina indice", metodo: "GET", url: "/", stato: 200},
		{nome: "scelta della fattispecie", metodo: "GET", url: "/?fattispecie=cds186", stato: 303},
		{nome: "modulo", metodo: "GET", url: "/calcolo/cds186", stato: 200},
		{nome: "modulo inviato", metodo: "POST", url: "/calcolo/cds186", tipo: "application/x-www-form-urlencoded",
			corpo: "data=10%2F06%2F2025&pena.arresto.mesi=1&pena.arresto.giorni=15&pena.ammenda=1.500%2C00", stato: 200},
		{nome: "modulo con errori", metodo: "POST", url: "/calcolo/cds186", tipo: "application/x-www-form-urlencoded",
			corpo: "pena.ammenda=mille", stato: 400},
		{nome: "modulo di fattispecie sconosciuta", metodo: "GET", url: "/calcolo/boh", stato: 404},
		{nome: "foglio di stile", metodo: "GET", url: "/static/stile.css", stato: 200},
	}
	ctx := context.Background()
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			req := httptest.NewRequest(c.metodo, c.url, strings.NewReader(c.corpo))
			if c.tipo != "" {
				req.Header.Set("Content-Type", c.tipo)
			}
			for i := 0; i+1 < len(c.intestazioni); i += 2 {
				req.Header.Set(c.intestazioni[i], c.intestazioni[i+1])
			}
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatalf("no route in openapi.json for %s %s: %v", c.metodo, c.url, err)
			}
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{MultiError: true}}
			if !c.richiestaFuoriSpec {
				if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
					t.Fatalf("request does not match openapi.json: %v", err)
				}
				req.Body = io.NopCloser(strings.NewReader(c.corpo)) // the validator read it
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != c.stato {
				t.Fatalf("status = %d; want %d\n%s", w.Code, c.stato, w.Body.String())
			}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: w.Code, Header: w.Header(),
				Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
			out.SetBodyBytes(w.Body.Bytes())
			if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
				t.Errorf("response does not match openapi.json: %v\n%s", err, tronca(w.Body.Bytes()))
			}
		})
	}
}

func tronca(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// TestOpenAPIServito checks /openapi.json is the embedded document.
func TestOpenAPIServito(t *testing.T) {
	r := fai(serverProva(t).Handler(), "GET", "/openapi.json", "", "")
	var v map[string]any
	r.json(t, &v)
	if v["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", v["openapi"])
	}
	if !slices.Contains(r.Header().Values("Content-Type"), "application/json; charset=utf-8") {
		t.Errorf("Content-Type = %v", r.Header().Values("Content-Type"))
	}
}
