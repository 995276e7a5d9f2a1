package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// registratore keeps every request the browser sends (its address and
// body), to check what leaves the browser.
type registratore struct {
	mu    sync.Mutex
	visti []string
	h     http.Handler
}

func (r *registratore) ServeHTTP(w http.ResponseWriter, q *http.Request) {
	b, _ := io.ReadAll(q.Body)
	q.Body = io.NopCloser(bytes.NewReader(b))
	r.mu.Lock()
	r.visti = append(r.visti, q.Method+" "+q.URL.String()+"\n"+string(b)+"\n"+strings.Join(q.Header.Values("Cookie"), ";"))
	r.mu.Unlock()
	r.h.ServeHTTP(w, q)
}

func (r *registratore) tutto() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.visti, "\n")
}

var rePaginaPDF = regexp.MustCompile(`/Type\s*/Page[^s]`)

var vero = true

// stampaPDF prints the tab on A4 as the print stylesheet lays it out.
func stampaPDF(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
	res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: &vero})
	return res.Data, err
}

// TestBrowserProspetto: the cds186 case prints on one A4 page with the
// heading the lawyer typed; the permalink computes the same case again;
// and the heading never leaves the browser (no request, no log holds it).
func TestBrowserProspetto(t *testing.T) {
	ctx := browser(t)
	var log bytes.Buffer
	reg := &registratore{h: nuovoServer(t, &log).Handler()}
	ts := httptest.NewServer(reg)
	defer ts.Close()

	caso := map[string]string{"data": "10/06/2025", "pena.arresto.mesi": "1", "pena.arresto.giorni": "15", "pena.ammenda": "1.500,00"}
	intestazione := map[string]string{"i-ufficio": "Tribunale di Pradalunga", "i-rg": "R.G. 4711/2025", "i-imputato": "Zeferino Quaglierini", "i-difensore": "Avv. Ottavia Brambillasca"}
	passi(t, ctx, larghezza(1366), chromedp.Navigate(ts.URL+"/calcolo/cds186"), chromedp.WaitVisible(chromedp.CSS("form.modulo")), compila(caso))
	for id, v := range intestazione {
		passi(t, ctx, chromedp.SendKeys(chromedp.ID(id), v))
	}
	copia := leggi(t, ctx, chromedp.Value(chromedp.ID("testo-copia")))
	for _, w := range []string{"51", "102 ore", "art. 186 c.9-bis", "sha256:"} {
		if !strings.Contains(copia, w) {
			t.Errorf("the text to copy lacks %q:\n%s", w, copia)
		}
	}
	pdf := leggi(t, ctx, stampaPDF)
	salva(t, "prospetto-cds186.pdf", pdf)
	if n := len(rePaginaPDF.FindAll(pdf, -1)); n != 1 {
		t.Errorf("the prospetto of cds186 prints on %d A4 pages; want 1", n)
	}

	// The permalink: a GET that computes the same case.
	link := leggi(t, ctx, chromedp.Evaluate[string](`document.getElementById('permalink').getAttribute('href')`))
	if !strings.HasPrefix(link, "/calcolo/cds186?") {
		t.Fatalf("permalink = %q", link)
	}
	passi(t, ctx, chromedp.Navigate(ts.URL+link), chromedp.WaitVisible(chromedp.ID("risultato")), pronta)
	if ore := leggi(t, ctx, chromedp.Text(chromedp.ID("ore"))); ore != "102" {
		t.Errorf("the permalink gives %q hours; want 102", ore)
	}
	if di := leggi(t, ctx, chromedp.Value(chromedp.ID("testo-copia"))); di != copia {
		t.Errorf("the permalink's text differs:\n%s\nwant\n%s", di, copia)
	}
	if v := leggi(t, ctx, chromedp.Value(chromedp.ID("c-pena-ammenda"))); v != "1.500,00" {
		t.Errorf("the permalink's form holds ammenda %q; want the value typed", v)
	}
	// The heading came back from this tab's storage, not from the server.
	if v := leggi(t, ctx, chromedp.Value(chromedp.ID("i-imputato"))); v != intestazione["i-imputato"] {
		t.Errorf("the heading is not kept in the browser: imputato = %q", v)
	}
	// A new calculation (a POST of the form) sends no part of it either.
	// The result shown is taken away first: else the wait would find it
	// on the page being left, and the poll of pronta would run while
	// that page goes ("Cannot find context with specified id").
	if !leggi(t, ctx, chromedp.Evaluate[bool](`document.getElementById('risultato').remove(), true`)) {
		t.Fatal("the permalink's result could not be taken away")
	}
	passi(t, ctx, chromedp.Click(chromedp.CSS("form.modulo button[type=submit]")), chromedp.WaitVisible(chromedp.ID("risultato")), pronta)

	// The server writes its log line after the answer has left: closing
	// it waits for its handlers, so the log is complete and no longer
	// written while it is read (go test -race saw that race).
	ts.Close()
	visto, registro := reg.tutto(), log.String()
	if !strings.Contains(visto, "POST /calcolo/cds186") || !strings.Contains(visto, "GET /calcolo/cds186?") {
		t.Fatalf("the recorder missed the requests:\n%s", visto)
	}
	for _, v := range intestazione {
		for _, parola := range strings.Fields(v) {
			if len(parola) < 6 {
				continue
			}
			if strings.Contains(visto, parola) || strings.Contains(strings.ReplaceAll(visto, "+", " "), parola) {
				t.Errorf("the heading's %q reached the server", parola)
			}
			if strings.Contains(registro, parola) {
				t.Errorf("the heading's %q is in the log", parola)
			}
		}
	}
}
