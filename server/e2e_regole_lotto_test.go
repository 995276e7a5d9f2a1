package server

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// controllaPagina checks, at a phone's width, that the page does not
// scroll sideways, and that no field path shows in its visible text.
func controllaPagina(t *testing.T, ctx context.Context, nome string) {
	t.Helper()
	testo := leggi(t, ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if m := percorsoVisibile.primo(testo); m != "" {
		t.Errorf("%s: a field path in the visible text: %q", nome, m)
	}
	for _, w := range []int64{1366, 390} {
		passi(t, ctx, chromedp.EmulateViewport(w, 844))
		larga := leggi(t, ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
		if larga[0] > larga[1] {
			// Name the widest elements, to find the culprit.
			chi := leggi(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('body *'))
				.filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
				.slice(0, 5).map(e => e.tagName + '.' + e.className)`))
			t.Errorf("%s at %d px: the page is %d px wide (scrolls sideways): %v", nome, w, larga[0], chi)
		}
		foto(t, ctx, nome+"-"+itoaTest(w)+".png", chromedp.FullScreenshot(90))
	}
	passi(t, ctx, chromedp.EmulateViewport(1366, 900))
}

func itoaTest(n int64) string { return strconv.FormatInt(n, 10) }

// TestBrowserRegole186: the rules of art. 186 as a judge reads them, with
// their Normattiva links, readable on a phone, printable.
func TestBrowserRegole186(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()
	passi(t, ctx,
		chromedp.Navigate(ts.URL+"/regole"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/regole/cds186"]`)),
		chromedp.Click(chromedp.CSS(`.scheda a[href="/regole/cds186"]`)),
		chromedp.WaitVisible(chromedp.ID("passi")),
	)
	link := leggi(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('a[href^="https://www.normattiva.it/uri-res/N2Ls?urn:nir:"]')).map(a => a.href)`))
	var art186, art54 bool
	for _, l := range link {
		art186 = art186 || strings.HasSuffix(l, "urn:nir:stato:decreto.legislativo:1992-04-30;285~art186")
		art54 = art54 || strings.HasSuffix(l, "urn:nir:stato:decreto.legislativo:2000-08-28;274~art54")
	}
	if len(link) < 10 || !art186 || !art54 {
		t.Errorf("%d Normattiva links (art. 186 C.d.S.: %v, art. 54 d.lgs. 274/2000: %v); want both, and many", len(link), art186, art54)
	}
	if n := leggi(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.esempio').length`)); n < 5 {
		t.Errorf("%d worked examples; want the suite's cases", n)
	}
	if ex := leggi(t, ctx, chromedp.Text(chromedp.CSS(`.esempio .esito-esempio`))); !strings.Contains(ex, "51 giorni, 102 ore") {
		t.Errorf("first example: %q; want 51 days, 102 hours", ex)
	}
	controllaPagina(t, ctx, "regole-cds186")
	verso := true
	pdf := leggi(t, ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &verso})
		return res.Data, err
	})
	if len(pdf) < 1000 {
		t.Errorf("the print is %d bytes", len(pdf))
	}
	salva(t, "regole-cds186.pdf", pdf)
}

// TestBrowserRegoleFondo: the Fund's rules, reached from /regole, read
// on a phone: steps with their Normattiva links, worked examples with
// the Fund's outcome; and the convention's.
func TestBrowserRegoleFondo(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()
	passi(t, ctx,
		chromedp.Navigate(ts.URL+"/regole"),
		chromedp.WaitVisible(chromedp.CSS(`#altre-regole a[href="/regole/fondo"]`)),
		chromedp.Click(chromedp.CSS(`#altre-regole .scheda a[href="/regole/fondo"]`)),
		chromedp.WaitVisible(chromedp.ID("passi")),
	)
	link := leggi(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#passi a[href$="urn:nir:stato:legge:2015-12-28;208~art1"]')).map(a => a.href)`))
	if len(link) < 5 {
		t.Errorf("%d links to art. 1 L. 208/2015 among the steps; want the Fund's many", len(link))
	}
	if ex := leggi(t, ctx, chromedp.Text(chromedp.CSS(`.esempio .esito-esempio`))); !strings.Contains(ex, "ammissibile al Fondo") || !strings.Contains(ex, "22/11/2024") || !strings.Contains(ex, "€ 489,60") {
		t.Errorf("first example: %q; want admissible, by 22/11/2024, € 489,60", ex)
	}
	controllaPagina(t, ctx, "regole-fondo")
	// On a phone the table of the parameters loses its header row: each
	// cell names its column, or «01/01/2017 · 02/01/2002 · —» would not
	// say which date is the value and which the validity.
	passi(t, ctx, chromedp.EmulateViewport(390, 844))
	prima := leggi(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelector('.tabella-regole tbody tr').querySelectorAll('td'))
		.map(td => getComputedStyle(td, '::before').content)`))
	if strings.Join(prima, " ") != `"Valore: " "Dal: " "Al: " "Fonte: "` {
		t.Errorf("on a phone the cells of a parameter are introduced by %q; want their columns", prima)
	}
	passi(t, ctx, chromedp.EmulateViewport(1366, 900))
	// The convention's, with the offices and posts of its examples.
	passi(t, ctx, chromedp.Navigate(ts.URL+"/regole/convenzione"), chromedp.WaitVisible(chromedp.ID("esempi")))
	controllaPagina(t, ctx, "regole-convenzione")
}

// TestBrowserLotto1252: a UEPE officer uploads Excel's Italian CSV
// (Windows-1252, ';', «Sì», «€», Italian headers, dd/mm/yy) through the
// page: every row is computed and shown; then downloads the answer.
func TestBrowserLotto1252(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()
	file := filepath.Join(t.TempDir(), "lotto-excel.csv")
	if err := os.WriteFile(file, foglioUEPE1252(t), 0o644); err != nil {
		t.Fatal(err)
	}
	passi(t, ctx,
		chromedp.Navigate(ts.URL+"/lotto"),
		chromedp.WaitVisible(chromedp.ID("l-file")),
	)
	if vis := leggi(t, ctx, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById('avanzamento')).display !== 'none'`)); vis {
		t.Error("the progress indicator shows before a file is sent")
	}
	controllaPagina(t, ctx, "lotto")
	passi(t, ctx,
		chromedp.SetUploadFiles(chromedp.ID("l-file"), []string{file}),
		chromedp.Click(chromedp.CSS(`button[value=mostra]`)),
		chromedp.WaitVisible(chromedp.ID("esiti")),
	)
	riepilogo := leggi(t, ctx, chromedp.Text(chromedp.ID("riepilogo-lotto")))
	if !strings.Contains(riepilogo, "4 righe: 4 calcolate, 0 con errore") || !strings.Contains(riepilogo, "Windows-1252") {
		t.Errorf("riepilogo = %q; want every row computed, read as Windows-1252", riepilogo)
	}
	// (the duration in weeks, «Durata in settimane», after the hours)
	celle := leggi(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#tabella-esiti tbody tr.riga-esito')).map(r => r.cells[3].innerText + ' ' + r.cells[4].innerText + ' ' + r.cells[6].innerText + ' ' + r.cells[7].innerText)`))
	want := []string{"calcolato 51 almeno 17 sì", "calcolato 34 almeno 12 no", "calcolato 5 almeno 2 sì", "calcolato 4 almeno 2 sì"}
	if strings.Join(celle, "|") != strings.Join(want, "|") {
		t.Errorf("table = %q; want %q", celle, want)
	}
	if th := leggi(t, ctx, chromedp.Evaluate[string](`document.querySelectorAll('#tabella-esiti thead th')[6].innerText`)); th != "Durata in settimane" {
		t.Errorf("the table's 7th column is %q; want «Durata in settimane»", th)
	}
	if href := leggi(t, ctx, chromedp.Evaluate[string](`document.getElementById('scarica-esiti').getAttribute('href').slice(0, 35)`)); href != "data:text/csv;charset=utf-8;base64," {
		t.Errorf("download link = %q", href)
	}
	controllaPagina(t, ctx, "lotto-esiti")
	// Each row's reasons and caveats open in place, and the table still
	// fits the page.
	passi(t, ctx, chromedp.Click(chromedp.CSS(`#tabella-esiti tbody tr.riga-dettagli:nth-of-type(4) summary`)))
	if aperti := leggi(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#tabella-esiti details[open]').length`)); aperti != 1 {
		t.Errorf("%d rows' reasons open; want the one clicked", aperti)
	}
	if larga := leggi(t, ctx, chromedp.Evaluate[bool](`(() => { const c = document.querySelector('.tabella-scorre'); return c.scrollWidth > c.clientWidth; })()`)); larga {
		t.Error("at 1366 px the table of the results scrolls sideways")
	}
	controllaPagina(t, ctx, "lotto-esiti-aperti")
	// «Calcola e scarica»: the page stays, the indicator says it is done.
	passi(t, ctx,
		chromedp.SetUploadFiles(chromedp.ID("l-file"), []string{file}),
		chromedp.Click(chromedp.CSS(`button[value=scarica]`)),
		chromedp.Poll[chromedp.Void](`document.getElementById('avanzamento-testo').textContent.startsWith('Fatto')`, chromedp.WithPollingTimeout(20*time.Second)),
	)
	if vis := leggi(t, ctx, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById('avanzamento')).display !== 'none'`)); !vis {
		t.Error("the progress indicator is not shown after a download")
	}
}

// TestBrowserLottoSenzaJavaScript: without JavaScript the upload still
// works (a plain form post), and the progress indicator stays hidden.
func TestBrowserLottoSenzaJavaScript(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()
	file := filepath.Join(t.TempDir(), "lotto-excel.csv")
	if err := os.WriteFile(file, foglioUEPE1252(t), 0o644); err != nil {
		t.Fatal(err)
	}
	disabilita := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	}
	passi(t, ctx,
		disabilita,
		chromedp.Navigate(ts.URL+"/lotto"),
		chromedp.WaitVisible(chromedp.ID("l-file")),
	)
	if vis := leggi(t, ctx, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById('avanzamento')).display !== 'none'`)); vis {
		t.Error("without JavaScript the progress indicator shows")
	}
	passi(t, ctx,
		chromedp.SetUploadFiles(chromedp.ID("l-file"), []string{file}),
		chromedp.Click(chromedp.CSS(`button[value=mostra]`)),
		chromedp.WaitVisible(chromedp.ID("esiti")),
	)
	if r := leggi(t, ctx, chromedp.Text(chromedp.ID("riepilogo-lotto"))); !strings.Contains(r, "4 righe: 4 calcolate") {
		t.Errorf("riepilogo = %q", r)
	}
}
