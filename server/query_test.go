package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
)

// allocato is the bytes allocated by one ServeHTTP of req.
func allocato(h http.Handler, req *http.Request) (int, uint64) {
	w := httptest.NewRecorder()
	var prima, dopo runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&prima)
	h.ServeHTTP(w, req)
	runtime.ReadMemStats(&dopo)
	return w.Code, dopo.TotalAlloc - prima.TotalAlloc
}

// TestQueryProfondaRifiutata: a query key of thousands of dotted
// segments used to become as many nested maps (some 60 MB for a 64 KB
// query); it must be refused before anything is built.
func TestQueryProfondaRifiutata(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct {
		nome, query string
		codice      string
	}{
		// 32,000 segments, 64 KB: over the length bound.
		{"64KB", strings.Repeat("a.", 32000)[:63999] + "=1", "query_troppo_lunga"},
		// Within the length bound, but far deeper than any field.
		{"profonda", strings.Repeat("a.", 3000) + "a=1", "query_non_valida"},
		// A real name followed by more segments than the type has.
		{"oltre_il_campo", "fatti.pena_edittale_max.anni." + strings.Repeat("x.", 1000) + "x=1", "query_non_valida"},
		// Many parameters, each harmless.
		{"parametri", strings.Repeat("ore=1&", 200) + "ore=1", "troppi_parametri"},
	} {
		for _, rotta := range []string{"/api/v1/piano.ics", "/api/v1/registro.csv"} {
			t.Run(c.nome+rotta, func(t *testing.T) {
				req := httptest.NewRequest("GET", rotta+"?"+c.query, nil)
				stato, byte := allocato(h, req)
				t.Logf("%d bytes allocated", byte)
				if stato < 400 || stato >= 500 {
					t.Errorf("status %d; want 4xx", stato)
				}
				// A refusal costs the error answer and gin's context, some
				// KiB; 256 KiB is far below the megabytes of building it.
				if byte > 256<<10 {
					t.Errorf("refusing the query allocated %d bytes; want at most %d", byte, 256<<10)
				}
				r := fai(h, "GET", rotta+"?"+c.query, "", "")
				e := r.errore(t)
				if string(e.Code) != c.codice {
					t.Errorf("codice = %s; want %s (%s)", e.Code, c.codice, e.Message)
				}
				// The message may quote the user's own key, never a field
				// path of the engine's as an example.
				if strings.Contains(e.Message, "pena_edittale_max") && !strings.Contains(c.query, "pena_edittale_max") {
					t.Errorf("the message names a field path: %s", e.Message)
				}
				if len(r.Body.String()) > 1000 {
					t.Errorf("the answer echoes the query: %d bytes", r.Body.Len())
				}
			})
		}
	}
}

// TestQueryAllocazioni: refusing a deep key costs a bounded number of
// allocations, whatever its depth.
func TestQueryAllocazioni(t *testing.T) {
	for _, seg := range []int{100, 1000, 5000} {
		raw := strings.Repeat("a.", seg) + "a=1"
		n := testing.AllocsPerRun(20, func() {
			q, e := leggiQuery(raw)
			if e == nil {
				_, e = richiestaDaQuery(q, etichette{})
			}
			if e == nil {
				t.Fatal("deep key accepted")
			}
		})
		// ParseQuery's map, key and value, the error: a handful, not
		// one per segment.
		if n > 20 {
			t.Errorf("%d segments: %.0f allocations; want at most 20", seg, n)
		}
	}
}

// TestQueryCampiSconosciuti: a name that is not a field of the piano
// request is refused before anything is built, naming it (truncated).
func TestQueryCampiSconosciuti(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct{ query, campo string }{
		{"fattispecie=cds186&ore=10&inizio=2025-07-01&nome=Rossi", "nome"},
		{"fattispecie=cds186&fatti.inventato=true", "fatti.inventato"},
		{"fattispecie=cds186&fatti.pena_edittale_max.secoli=1", "fatti.pena_edittale_max.secoli"},
		{"fattispecie=cds186&ore.x=1", "ore.x"},
		{"fattispecie=cds186&" + strings.Repeat("z", 5000) + "=1", strings.Repeat("z", 40) + "…"},
	} {
		r := fai(h, "GET", "/api/v1/piano.ics?"+c.query, "", "")
		e := r.errore(t)
		if r.Code != http.StatusBadRequest || e.Code != "campo_sconosciuto" || e.Field != c.campo {
			t.Errorf("%.60s: %d %s campo %q; want 400 campo_sconosciuto campo %q", c.query, r.Code, e.Code, e.Field, c.campo)
		}
	}
	// The real fields still work, the deepest included.
	r := fai(h, "GET", "/api/v1/piano.ics?fattispecie=cds186&ore=12&inizio=2025-07-01&giorni_settimana.sab=6&fatti.pena_edittale_max.anni=1&riferimento=x", "", "")
	if r.Code != http.StatusOK {
		t.Errorf("valid query: %d %s", r.Code, r.Body.String())
	}
}

// TestQueryNomiLunghiLimitati: a long name the query's own checks
// refuse (a conflict with another, a number not written in digits) is
// not echoed whole, in the message nor in campo.
func TestQueryNomiLunghiLimitati(t *testing.T) {
	h := serverProva(t).Handler()
	lungo := strings.Repeat("x", 7000)
	for _, q := range []string{
		"giorni_settimana=1&giorni_settimana." + lungo + "=2",
		"giorni_settimana=1&giorni_settimana.sab" + lungo + "=2",
	} {
		for _, rotta := range []string{"/api/v1/piano.ics", "/api/v1/registro.csv"} {
			r := fai(h, "GET", rotta+"?"+q, "", "")
			e := r.errore(t)
			if r.Code != http.StatusBadRequest || e.Code != "query_non_valida" {
				t.Errorf("%s?%.40s: %d %s; want 400 query_non_valida", rotta, q, r.Code, e.Code)
			}
			if len(e.Field) > 100 || len(e.Message) > 300 {
				t.Errorf("%s?%.40s: campo of %d bytes, message of %d: the name is echoed", rotta, q, len(e.Field), len(e.Message))
			}
		}
	}
	// A map's key that is not one of its choices is not read here
	// (the engine refuses it, bounded): without choices, the query's
	// own refusal of its value bounds the name too.
	q, _ := parseQuery("giorni_settimana." + lungo + "=a")
	if _, e := richiestaDaQuery(q, etichette{}); e == nil || e.Code != "tipo_errato" || len(e.Field) > 100 || len(e.Message) > 300 {
		t.Errorf("a long key with a wrong value: %v; want tipo_errato, bounded", e)
	}
}

// TestQueryEscapeErrato: a malformed % escape is refused, not dropped.
func TestQueryEscapeErrato(t *testing.T) {
	h := serverProva(t).Handler()
	for _, q := range []string{
		"fattispecie=cds186&ore=12&inizio=2025-07-01&giorni_settimana.sab=6&comune=%zz",
		"fattispecie=cds186&ore=12&inizio=2025-07-01&giorni_settimana.sab=6&%",
		"fattispecie=cds186&ore=12&inizio=2025-07-01&giorni_settimana.sab=6;comune=Roma",
	} {
		for _, rotta := range []string{"/api/v1/piano.ics", "/api/v1/registro.csv"} {
			r := fai(h, "GET", rotta+"?"+q, "", "")
			if r.Code != http.StatusBadRequest {
				t.Errorf("%s?%s: status %d; want 400", rotta, q, r.Code)
				continue
			}
			if e := r.errore(t); e.Code != "query_non_valida" {
				t.Errorf("%s?%s: codice %s; want query_non_valida", rotta, q, e.Code)
			}
		}
	}
	// The web index reads ?fattispecie= too.
	r := fai(h, "GET", "/?fattispecie=%zz", "", "")
	if r.Code != http.StatusBadRequest || !strings.Contains(r.Body.String(), "codifica percentuale") {
		t.Errorf("/?fattispecie=%%zz: status %d; want 400 with the error page", r.Code)
	}
}

// TestQueryLimitiDalTipo: the limits follow the piano request type:
// the depth is its deepest field's, and every field it has can be
// named in one query.
func TestQueryLimitiDalTipo(t *testing.T) {
	radice, prof := schemaPiano()
	if prof != 3 { // fatti.pena_edittale_max.anni
		t.Errorf("depth = %d; want 3", prof)
	}
	// A map (giorni_settimana) counts one leaf; its seven days are added.
	if n := radice.foglie() + 6; n > MaxParametriQuery {
		t.Errorf("the piano request has %d names a query can give; MaxParametriQuery is %d", n, MaxParametriQuery)
	}
	if e := controllaChiave("fatti.pena_edittale_max.anni"); e != nil {
		t.Errorf("deepest field refused: %v", e)
	}
}

// TestChiaviDuplicateHTTP: the API and the richiesta=<JSON> query refuse
// a name given twice.
func TestChiaviDuplicateHTTP(t *testing.T) {
	h := serverProva(t).Handler()
	dup := `{"fattispecie":"cds186","ore":12,"inizio":"2025-07-01","giorni_settimana":{"sab":6},"fattispecie":"map"}`
	for _, r := range []risposta{
		fai(h, "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"},"fattispecie":"gdp54"}`),
		fai(h, "POST", "/api/v1/piano", "application/json", dup),
		fai(h, "POST", "/api/v1/piano", "application/json", dup, "Accept", "text/calendar"),
		fai(h, "GET", "/api/v1/piano.ics?richiesta="+url.QueryEscape(dup), "", ""),
		fai(h, "GET", "/api/v1/registro.csv?richiesta="+url.QueryEscape(dup), "", ""),
	} {
		if e := r.errore(t); r.Code != http.StatusBadRequest || e.Code != "chiave_duplicata" || e.Field != "fattispecie" {
			t.Errorf("got %d %s %s; want 400 chiave_duplicata fattispecie", r.Code, e.Code, e.Field)
		}
	}
}

// TestNomiQuery: the names of a query once each, in the order they first
// come, decoded as url.ParseQuery decodes them.
func TestNomiQuery(t *testing.T) {
	for _, c := range []struct{ raw, want string }{
		{"", ""},
		{"formato=xml&bom=forse&codifica=x", "formato bom codifica"},
		{"codifica=x&bom=forse&formato=xml&bom=1", "codifica bom formato"},
		{"a&&b=&=c&ignora%5Fcolonne=1", "a b  ignora_colonne"},
	} {
		q, e := leggiQuery(c.raw)
		if e != nil {
			t.Fatalf("%q: %v", c.raw, e)
		}
		got := nomiQuery(c.raw)
		if strings.Join(got, " ") != c.want || len(got) != len(q) {
			t.Errorf("nomiQuery(%q) = %q; want %q (%d names, as url.ParseQuery)", c.raw, got, c.want, len(q))
		}
	}
}
