package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// larghezza makes the tab a screen w pixels wide (a phone under 600).
func larghezza(w int64) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: w, Height: 844, DeviceScaleFactor: 1, Mobile: w < 600})
		return chromedp.Void{}, err
	}
}

// compila fills the form of the page with campi (by field name) and
// sends it, waiting for the result.
func compila(campi map[string]string) chromedp.Action[chromedp.Void] {
	js, _ := json.Marshal(campi)
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
			const campi = %s;
			for (const [n, v] of Object.entries(campi)) {
				const e = document.querySelector('form.modulo [name="' + n + '"]' + (v === true ? '' : ':not([type=radio])'));
				const r = document.querySelector('form.modulo [name="' + n + '"][type=radio][value="' + v + '"]');
				if (r) { r.checked = true; continue; }
				if (!e) throw new Error('campo ' + n + ' assente');
				if (e.type === 'checkbox') e.checked = true; else e.value = v;
			}
			return true;
		})()`, js))); err != nil {
			return chromedp.Void{}, err
		}
		return chromedp.Void{}, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS("form.modulo button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS("#risultato, #errori")), pronta)
	}
}

// pronta waits until the page has run its scripts (lpu.js works on
// DOMContentLoaded): an element may show before, and a test that types
// or reads a field lpu.js fills would race with it.
var pronta = chromedp.Poll[chromedp.Void](`document.readyState === 'complete'`, chromedp.WithPollingTimeout(20*time.Second))

// casiProva are the cases the browser tests walk through.
var casiProva = []struct {
	nome, fattispecie string
	campi             map[string]string
	ore               string
}{
	{"cds186", "cds186", map[string]string{"data": "10/06/2025", "pena.arresto.mesi": "1", "pena.arresto.giorni": "15",
		"pena.ammenda": "1.500,00", "piano.inizio": "01/07/2025", "piano.giorni_settimana.ven": "2", "piano.giorni_settimana.sab": "4"}, "102"},
	{"56-bis", "l689_56bis", map[string]string{"data": "10/06/2025", "pena.reclusione.anni": "1", "pena.reclusione.mesi": "4",
		"fatti.convenzione": "dm2023_56bis", "piano.inizio": "01/09/2025", "piano.giorni_settimana.lun": "4", "piano.giorni_settimana.mer": "4"}, "960"},
	{"map", "map", map[string]string{"data": "10/06/2025", "fatti.pena_edittale_max.anni": "3", "pena.ore_lpu": "120",
		"piano.inizio": "01/07/2025", "piano.giorni_settimana.sab": "4", "piano.durata_mesi": "8"}, "120"},
}

// TestBrowserLarghezze: on a desktop (1366) and on a phone (390) no page
// scrolls sideways, and no visible text names a field as programs do.
func TestBrowserLarghezze(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()
	controlla := func(nome string, w int64) {
		t.Helper()
		m := leggi(t, ctx, chromedp.Evaluate[struct {
			Scroll, Client int
			Larghi         []string
			Testo          string
		}](`(() => {
			const d = document.documentElement, larghi = [];
			for (const e of document.body.querySelectorAll('*')) {
				const r = e.getBoundingClientRect();
				if (r.width > 0 && r.right > d.clientWidth + 1) larghi.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + e.className : '') + ' ' + Math.round(r.right));
			}
			return {scroll: d.scrollWidth, client: d.clientWidth, larghi: larghi.slice(0, 8), testo: document.body.innerText};
		})()`))
		if m.Scroll > m.Client {
			t.Errorf("%s a %d px: the page is %d px wide in %d (too wide: %v)", nome, w, m.Scroll, m.Client, m.Larghi)
		}
		if n := nomiInterni(m.Testo); len(n) > 0 {
			t.Errorf("%s a %d px: the page shows %q", nome, w, n)
		}
	}
	// Each page is loaded once and looked at on both screens: the layout
	// follows the width (CSS media queries; lpu.js reads no width), so
	// resizing the tab shows what a phone that loaded it would.
	larghezze := []int64{1366, 390}
	for _, p := range []string{"/", "/glossario"} {
		passi(t, ctx, larghezza(larghezze[0]), chromedp.Navigate(ts.URL+p), chromedp.WaitReady(chromedp.CSS("footer")))
		for _, w := range larghezze {
			passi(t, ctx, larghezza(w))
			controlla(p, w)
		}
	}
	for _, c := range casiProva {
		passi(t, ctx, larghezza(larghezze[0]), chromedp.Navigate(ts.URL+"/calcolo/"+c.fattispecie), chromedp.WaitVisible(chromedp.CSS("form.modulo")))
		for _, w := range larghezze {
			passi(t, ctx, larghezza(w))
			controlla(c.nome+" (modulo)", w)
		}
		passi(t, ctx, compila(c.campi))
		if err := leggi(t, ctx, chromedp.Evaluate[string](`(document.getElementById('errori') || {innerText: ''}).innerText`)); err != "" {
			t.Fatalf("%s: the form is refused: %s", c.nome, err)
		}
		if ore := leggi(t, ctx, chromedp.Text(chromedp.ID("ore"))); ore != c.ore {
			t.Errorf("%s: ore = %q; want %s", c.nome, ore, c.ore)
		}
		for _, w := range larghezze {
			passi(t, ctx, larghezza(w))
			controlla(c.nome, w)
			// The timeline: a drawing on a desktop, a list on a phone.
			svg := leggi(t, ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('.linea-tempo svg')).display !== 'none'`))
			lista := leggi(t, ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('.lt-elenco')).display !== 'none'`))
			if svg != (w > 600) || lista != (w < 600) {
				t.Errorf("%s a %d px: drawing shown %v, list shown %v", c.nome, w, svg, lista)
			}
			if w == 390 {
				foto(t, ctx, "telefono-"+c.fattispecie+".png", chromedp.FullScreenshot(80))
			}
		}
	}
}
