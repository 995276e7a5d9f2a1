package server

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserConvenzione: an UEPE officer on a phone checks a
// convention with the keyboard alone: the fattispecie and the model
// chosen with the keys of a group of options, the dates typed, Enter
// sends; an expired convention is refused with its reason. A date the
// form cannot read is told beside its box, and the summary's link to a
// choice left out takes the focus to its options. Then the posts of a
// sede, typed in the rows of the sedi: a number the form cannot read is
// linked from the summary to its box, named by its row; corrected, the
// answer tells the posts free, by their labels.
func TestBrowserConvenzione(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()
	attivo := func() string {
		t.Helper()
		return leggi(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	}
	passi(t, ctx, larghezza(390),
		chromedp.Navigate(ts.URL+"/convenzione"),
		chromedp.WaitVisible(chromedp.CSS("form.modulo")), pronta)
	controllaPagina(t, ctx, "convenzione-modulo")
	passi(t, ctx, larghezza(390))
	senza := leggi(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('form.modulo input'))
		.filter(e => e.labels.length === 0).map(e => e.id)`))
	if len(senza) > 0 {
		t.Errorf("controls without a label: %v", senza)
	}
	passi(t, ctx,
		chromedp.Focus(chromedp.ID("c-fattispecie-cds186")),
		chromedp.KeyEvent(" "), // Space chooses the option that has the focus
		chromedp.KeyEvent(kb.Tab),
	)
	if id := attivo(); id != "c-data" {
		t.Fatalf("Tab after the fattispecie goes to %q; want the date", id)
	}
	passi(t, ctx, chromedp.KeyEvent("10/06/2025"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Tab))
	if id := attivo(); id != "c-convenzione-modello-" {
		t.Fatalf("Tab after the period goes to %q; want the model's chosen option", id)
	}
	passi(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Tab))
	if id := attivo(); id != "c-convenzione-decorrenza" {
		t.Fatalf("Tab after the model goes to %q; want the decorrenza", id)
	}
	passi(t, ctx, chromedp.KeyEvent("01/01/2019"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("5"+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("risultato")), pronta)
	esito := leggi(t, ctx, chromedp.Text(chromedp.ID("esito-convenzione")))
	if !strings.Contains(esito, "non è valida") {
		t.Errorf("esito = %q; want the convention refused", esito)
	}
	if m := leggi(t, ctx, chromedp.Text(chromedp.CSS(".esito .motivi"))); !strings.Contains(m, "scaduta il 31/12/2023") || !strings.Contains(m, "(manuale del Portale LPU §6)") {
		t.Errorf("reason = %q; want the expiry with its source", m)
	}
	controllaPagina(t, ctx, "convenzione-scaduta")

	// A date that cannot be read, and no model.
	passi(t, ctx, larghezza(390),
		chromedp.Navigate(ts.URL+"/convenzione"),
		chromedp.WaitVisible(chromedp.CSS("form.modulo")), pronta,
		chromedp.Focus(chromedp.ID("c-fattispecie-map")),
		chromedp.KeyEvent(" "),
		chromedp.SendKeys(chromedp.ID("c-convenzione-decorrenza"), "ieri"+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("errori")), pronta,
	)
	if id := attivo(); id != "errori" {
		t.Errorf("focus on %q; want the error summary", id)
	}
	vicino := leggi(t, ctx, chromedp.Evaluate[bool](`(() => {
		const i = document.getElementById('c-convenzione-decorrenza'), e = document.getElementById('c-convenzione-decorrenza-errore');
		return !!e && i.closest('.campo') === e.closest('.campo') && i.getAttribute('aria-describedby').includes(e.id);
	})()`))
	if !vicino {
		t.Error("the decorrenza's error is not beside its box, or not tied to it")
	}
	passi(t, ctx, chromedp.Navigate(ts.URL+"/convenzione"), chromedp.WaitVisible(chromedp.CSS("form.modulo")), pronta,
		chromedp.Focus(chromedp.ID("c-fattispecie-map")), chromedp.KeyEvent(" "),
		chromedp.SendKeys(chromedp.ID("c-data"), "10/06/2025"+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("errori")), pronta,
		chromedp.Click(chromedp.CSS(`#errori a[href="#c-convenzione-modello-"]`)),
	)
	if id := attivo(); id != "c-convenzione-modello-" {
		t.Errorf("after following the model's link the focus is on %q; want its options", id)
	}
	foto(t, ctx, "convenzione-errori.png", chromedp.CaptureScreenshot())

	// The posts of a sede, with the keyboard, on a phone.
	passi(t, ctx, larghezza(390),
		chromedp.Navigate(ts.URL+"/convenzione"),
		chromedp.WaitVisible(chromedp.CSS("form.modulo")), pronta,
		chromedp.Focus(chromedp.ID("c-fattispecie-cds186")), chromedp.KeyEvent(" "),
		chromedp.SendKeys(chromedp.ID("c-data"), "10/06/2025"),
		chromedp.Focus(chromedp.ID("c-convenzione-modello-dm2001")), chromedp.KeyEvent(" "),
		chromedp.SendKeys(chromedp.ID("c-convenzione-decorrenza"), "01/01/2024"),
		chromedp.SendKeys(chromedp.ID("c-convenzione-anni"), "5"),
		chromedp.SendKeys(chromedp.ID("c-convenzione-sedi-1-nome"), "Via Roma"),
		chromedp.SendKeys(chromedp.ID("c-convenzione-sedi-1-posti-1-tipo"), "AF"),
		chromedp.SendKeys(chromedp.ID("c-convenzione-sedi-1-posti-1-numero"), "2"),
		chromedp.SendKeys(chromedp.ID("c-convenzione-sedi-1-posti-2-tipo"), "MAP"),
		chromedp.SendKeys(chromedp.ID("c-convenzione-sedi-1-posti-2-numero"), "tre"),
		chromedp.SendKeys(chromedp.ID("c-convenzione-sedi-1-occupazioni-1-tipo"), "AF"),
		chromedp.SendKeys(chromedp.ID("c-convenzione-sedi-1-occupazioni-1-dal"), "01/06/2025"),
		chromedp.SendKeys(chromedp.ID("c-convenzione-sedi-1-occupazioni-1-al"), "30/06/2025"),
		chromedp.SendKeys(chromedp.ID("c-convenzione-sedi-1-occupazioni-1-posti"), "2"+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("errori")), pronta,
	)
	const numero = "c-convenzione-sedi-1-posti-2-numero"
	if l := leggi(t, ctx, chromedp.Text(chromedp.CSS(`#errori a[href="#`+numero+`"]`))); !strings.HasPrefix(l, "Sedi della convenzione n. 1 – Posti della sede, per tipo n. 2 – Numero di posti: ") {
		t.Errorf("the link to the row's error says %q", l)
	}
	controllaPagina(t, ctx, "convenzione-sedi-errori")
	passi(t, ctx, larghezza(390), chromedp.Click(chromedp.CSS(`#errori a[href="#`+numero+`"]`)))
	if id := attivo(); id != numero {
		t.Fatalf("after following the row's link the focus is on %q; want its box", id)
	}
	passi(t, ctx, chromedp.KeyEvent(kb.End+kb.Backspace+kb.Backspace+kb.Backspace+"1"+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("risultato")), pronta)
	posti := leggi(t, ctx, chromedp.Text(chromedp.CSS("#risultato dl.coppie:not(.dati-caso)")))
	if !strings.Contains(posti, "Posto libero per tutto il periodo") || !strings.Contains(posti, "Posti liberi per tutto il periodo") {
		t.Errorf("the answer's posts = %q; want them by their labels", posti)
	}
	if m := leggi(t, ctx, chromedp.Text(chromedp.CSS("aside.avvertenze"))); !strings.Contains(m, "nessun posto di tipo AF libero alla sede «Via Roma»") {
		t.Errorf("caveats = %q; want no AF post free", m)
	}
	controllaPagina(t, ctx, "convenzione-sedi")
}
