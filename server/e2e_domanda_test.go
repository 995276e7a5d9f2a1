package server

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestBrowserDomanda: from the cds186 result a lawyer types the names,
// downloads the domanda (a .docx whose document.xml holds the computed
// figures), then opens it to print; the names go only in the body of the
// POSTs that make the domanda, never in an address or the log.
func TestBrowserDomanda(t *testing.T) {
	ctx := browser(t)
	var log bytes.Buffer
	reg := &registratore{h: nuovoServer(t, &log).Handler()}
	ts := httptest.NewServer(reg)
	defer ts.Close()

	caso := map[string]string{"data": "10/06/2025", "pena.arresto.mesi": "1", "pena.arresto.giorni": "15", "pena.ammenda": "1.500,00"}
	persona := map[string]string{"c-domanda-ufficio": "Tribunale di Pradalunga", "c-domanda-rg": "4711/2025",
		"c-domanda-imputato": "Zeferino Quaglierini", "c-domanda-difensore": "Ottavia Brambillasca", "c-domanda-ente": "Comune di Pradalunga"}
	passi(t, ctx, larghezza(1366), chromedp.Navigate(ts.URL+"/calcolo/cds186"), chromedp.WaitVisible(chromedp.CSS("form.modulo")), compila(caso),
		chromedp.WaitVisible(chromedp.ID("domanda")))
	for id, v := range persona {
		passi(t, ctx, chromedp.SendKeys(chromedp.ID(id), v))
	}

	// The download, into a folder of the test.
	cartella := t.TempDir()
	passi(t, ctx, chromedp.Func(func(ctx2 context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx2, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: cartella})
		return err
	}), chromedp.Click(chromedp.CSS(`#domanda button[value=docx]`)))
	nome := "domanda-lpu-cds186-" + oggiProva.Format("2006-01-02") + ".docx"
	var docx []byte
	for fine := time.Now().Add(20 * time.Second); time.Now().Before(fine); time.Sleep(100 * time.Millisecond) {
		if b, err := os.ReadFile(filepath.Join(cartella, nome)); err == nil && len(b) > 0 {
			docx = b
			break
		}
	}
	if docx == nil {
		voci, _ := os.ReadDir(cartella)
		t.Fatalf("no %s downloaded (folder: %v)", nome, voci)
	}
	testo := testoDocx(t, docx)
	for _, w := range []string{"51 giorni di lavoro, pari a 102 ore", "al più 6 ore a settimana e al più 8 ore al giorno", "Zeferino Quaglierini",
		"R.G. n. 4711/2025", "dichiarazione di disponibilità dell'ente Comune di Pradalunga", "una sola volta"} {
		if !strings.Contains(testo, w) {
			t.Errorf("the downloaded domanda lacks %q:\n%s", w, testo)
		}
	}

	// The same domanda to print: readable on a phone, no field path, one
	// or two A4 pages.
	passi(t, ctx, chromedp.Click(chromedp.CSS(`#domanda button[value=html]`)), chromedp.WaitVisible(chromedp.CSS("article.domanda")))
	if p := leggi(t, ctx, chromedp.Text(chromedp.CSS("article.domanda"))); !strings.Contains(p, "51 giorni di lavoro, pari a 102 ore") {
		t.Errorf("the page to print lacks the figures:\n%s", p)
	}
	if n := nomiInterni(leggi(t, ctx, chromedp.Evaluate[string](`document.body.innerText`))); len(n) > 0 {
		t.Errorf("the domanda shows %q", n)
	}
	if n := nomiInterni(testo); len(n) > 0 {
		t.Errorf("the downloaded domanda shows %q", n)
	}
	controllaPagina(t, ctx, "domanda")
	pdf := leggi(t, ctx, stampaPDF)
	salva(t, "domanda-cds186.pdf", pdf)
	if n := len(rePaginaPDF.FindAll(pdf, -1)); n < 1 || n > 2 {
		t.Errorf("the domanda prints on %d A4 pages; want 1 or 2", n)
	}

	ts.Close() // its handlers are done: the log is complete, and no longer written
	var post bool
	for _, v := range strings.Split(reg.tutto(), "\n") {
		if strings.HasPrefix(v, "POST /calcolo/cds186/domanda") {
			post = true
		}
		if (strings.HasPrefix(v, "GET ") || strings.HasPrefix(v, "POST ")) && (strings.Contains(v, "Quaglierini") || strings.Contains(v, "Pradalunga")) {
			t.Errorf("a name in an address: %s", v)
		}
	}
	if !post {
		t.Error("the recorder saw no POST of the domanda")
	}
	for _, w := range []string{"Quaglierini", "Brambillasca", "Pradalunga", "4711/2025"} {
		if strings.Contains(log.String(), w) {
			t.Errorf("the log holds %q", w)
		}
	}
}
