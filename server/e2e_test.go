package server

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// cartellaScreenshot is where the browser test saves what it saw
// (git-ignored).
const cartellaScreenshot = "../tmp/e2e"

// One chromium serves every browser test of the binary: each test gets a
// tab of its own (its own emulation, scripts, media), which costs
// milliseconds where a browser costs seconds. TestMain closes it.
var condiviso struct {
	sync.Mutex
	ctx      context.Context // the first tab: new tabs are opened from it
	chiudi   func()
	cartella string
	err      error
	avviato  bool
}

func TestMain(m *testing.M) {
	code := m.Run()
	condiviso.Lock()
	if condiviso.chiudi != nil {
		condiviso.chiudi()
		os.RemoveAll(condiviso.cartella)
	}
	condiviso.Unlock()
	os.Exit(code)
}

// browser opens a tab of the shared headless chromium, started on first
// use, or skips the test when there is none, except in CI (CI set), where
// a missing browser is a failure.
func browser(t *testing.T) context.Context {
	t.Helper()
	condiviso.Lock()
	defer condiviso.Unlock()
	if !condiviso.avviato {
		condiviso.avviato = true
		condiviso.ctx, condiviso.chiudi, condiviso.cartella, condiviso.err = avviaBrowser()
	}
	switch {
	case errors.Is(condiviso.err, errSenzaBrowser) && os.Getenv("CI") != "":
		t.Fatal("chromium non trovato e CI è impostata: la prova nel browser deve girare (.ci/run installa chromium-headless-shell)")
	case errors.Is(condiviso.err, errSenzaBrowser):
		t.Skip("chromium non installato: prova nel browser saltata (apt-get install -y chromium-headless-shell; in CI è obbligatoria)")
	case condiviso.err != nil:
		t.Fatalf("avvio di chromium: %v", condiviso.err)
	}
	ctx, cancelC := chromedp.NewContext(condiviso.ctx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("nuova scheda di chromium: %v", err)
	}
	return ctx
}

var errSenzaBrowser = errors.New("chromium non trovato")

func avviaBrowser() (context.Context, func(), string, error) {
	percorso := os.Getenv("LPU_CHROMIUM")
	if percorso == "" {
		// Chromium's headless shell first (Debian's chromium-headless-shell,
		// which .ci/run installs): the same Blink without the desktop
		// browser around it. It starts in less than half the CPU of
		// chromium --headless, and the browser tests cost it about a
		// third (16 s against 43 s in one run, all its processes counted).
		for _, p := range []string{"chromium-headless-shell", "chrome-headless-shell", "chromium", "chromium-browser", "google-chrome"} {
			if q, err := exec.LookPath(p); err == nil {
				percorso = q
				break
			}
		}
	}
	if percorso == "" {
		return nil, nil, "", errSenzaBrowser
	}
	// The machine's network is closed: without these flags chromium keeps
	// trying to reach its services.
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(percorso),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "it-IT"),
		// One renderer process for every tab: the tests open a tab each,
		// one after the other, and a renderer of its own for each (a
		// process, V8 and Blink started again) cost about a quarter of
		// the browser tests' CPU (51 s against 67 s for -count=3).
		chromedp.Flag("renderer-process-limit", "1"),
		// Browser, renderer, GPU (software compositing) and network
		// service in one process: the same Blink lays out, runs the
		// scripts and prints the same pages, without the IPC between four
		// processes. Paired on the 2-core VM, the browser tests' CPU
		// (every process counted) goes from 19.7 and 19.8 s to 16.5 and
		// 16.0 s; moving only the network service in gives 18.0 and 18.2.
		chromedp.Flag("single-process", true),
	)
	cartella, err := os.MkdirTemp("", "lpu-chromium-")
	if err != nil {
		return nil, nil, "", err
	}
	opts = append(opts, chromedp.UserDataDir(cartella), chromedp.WindowSize(1200, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	chiudi := func() { cancelC(); cancelA() }
	if err := chromedp.Do(ctx); err != nil {
		chiudi()
		return nil, nil, cartella, err
	}
	return ctx, chiudi, cartella, nil
}

func salva(t *testing.T, nome string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(cartellaScreenshot, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(cartellaScreenshot, nome)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("salvato: %s", p)
}

// fotoChiesta is whether the browser tests save what they saw: with
// LPU_E2E_FOTO set (`LPU_E2E_FOTO=1 go test ./server -run Browser`).
// An image is for a person to look at, not a check; encoding a whole
// page as PNG costs chromium more CPU than the checks of the page, so
// a plain test run takes none.
var fotoChiesta = os.Getenv("LPU_E2E_FOTO") != ""

// foto saves, as nome under tmp/e2e, the image (or print) a takes of
// the tab, when fotoChiesta.
func foto(t *testing.T, ctx context.Context, nome string, a chromedp.Action[[]byte]) {
	t.Helper()
	if fotoChiesta {
		salva(t, nome, leggi(t, ctx, a))
	}
}

func leggi[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return v
}

func passi(t *testing.T, ctx context.Context, a ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, a...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// TestBrowserEsempio186 is what a lawyer does: from the list, open the
// art. 186 form, type the penalty the Italian way, press Enter, and read
// 102 hours; then print it for the file.
func TestBrowserEsempio186(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()

	passi(t, ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("scelta-fattispecie")),
	)
	foto(t, ctx, "indice.png", chromedp.FullScreenshot(100))
	passi(t, ctx,
		chromedp.SetValue(chromedp.ID("scelta-fattispecie"), "cds186"),
		chromedp.Click(chromedp.CSS(".scelta-rapida button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("c-pena-arresto-mesi")),
	)
	if titolo := leggi(t, ctx, chromedp.Title()); !strings.Contains(titolo, "186") {
		t.Errorf("titolo = %q; want the art. 186 form", titolo)
	}
	// Every form control has a label a screen reader can read.
	senza := leggi(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('form.modulo input, form.modulo select'))
		.filter(e => e.labels.length === 0).map(e => e.name)`))
	if len(senza) > 0 {
		t.Errorf("controls without a label: %v", senza)
	}
	passi(t, ctx,
		chromedp.SendKeys(chromedp.ID("c-data"), "10/06/2025"),
		chromedp.SendKeys(chromedp.ID("c-pena-arresto-mesi"), "1"),
		chromedp.SendKeys(chromedp.ID("c-pena-arresto-giorni"), "15"),
		chromedp.SendKeys(chromedp.ID("c-pena-ammenda"), "1.500,00"+kb.Enter), // the keyboard submits
		chromedp.WaitVisible(chromedp.ID("ore")),
		chromedp.WaitVisible(chromedp.CSS("button[data-stampa]")), // shown by the script
	)
	ore := leggi(t, ctx, chromedp.Text(chromedp.ID("ore")))
	giorni := leggi(t, ctx, chromedp.Text(chromedp.ID("giorni")))
	if strings.TrimSpace(ore) != "102" || strings.TrimSpace(giorni) != "51" {
		t.Errorf("page shows %s hours, %s days; want 102 hours, 51 days", ore, giorni)
	}
	if esito := leggi(t, ctx, chromedp.Text(chromedp.CSS(".esito-titolo"))); !strings.Contains(esito, "ammessa") {
		t.Errorf("esito = %q; want the substitution allowed", esito)
	}
	foto(t, ctx, "calcolo-cds186.png", chromedp.FullScreenshot(100))
	// The print, for a person to look at (the tests that count pages
	// print their own).
	foto(t, ctx, "calcolo-cds186.pdf", func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{})
		return res.Data, err
	})
	// What the print stylesheet leaves on paper: the result, not the form.
	stampa := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return chromedp.Void{}, err
	}
	passi(t, ctx, stampa)
	if vis := leggi(t, ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('form.modulo')).display !== 'none'`)); vis {
		t.Error("the form is printed")
	}
	foto(t, ctx, "stampa-cds186.png", chromedp.FullScreenshot(100))
}

// TestBrowserSenzaJavaScript does the same with JavaScript disabled, and
// plans the work: the timeline and the downloads are there.
func TestBrowserSenzaJavaScript(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()

	disabilita := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	}
	passi(t, ctx,
		disabilita,
		chromedp.Navigate(ts.URL+"/calcolo/cds186"),
		chromedp.WaitVisible(chromedp.ID("c-pena-ammenda")),
		chromedp.SendKeys(chromedp.ID("c-data"), "10/06/2025"),
		chromedp.SendKeys(chromedp.ID("c-pena-arresto-mesi"), "1"),
		chromedp.SendKeys(chromedp.ID("c-pena-arresto-giorni"), "15"),
		chromedp.SendKeys(chromedp.ID("c-pena-ammenda"), "1.500,00"),
		chromedp.SendKeys(chromedp.ID("c-piano-inizio"), "01/07/2025"),
		chromedp.SendKeys(chromedp.ID("c-piano-giorni_settimana-ven"), "2"),
		chromedp.SendKeys(chromedp.ID("c-piano-giorni_settimana-sab"), "4"),
		chromedp.Click(chromedp.CSS("form.modulo button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("piano")),
	)
	if ore := leggi(t, ctx, chromedp.Text(chromedp.ID("ore"))); strings.TrimSpace(ore) != "102" {
		t.Errorf("ore = %q; want 102", ore)
	}
	if n := leggi(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.lt-sessioni rect').length`)); n == 0 {
		t.Error("the timeline has no session bars")
	}
	if n := leggi(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.scarica a[href^="/api/v1/"]').length`)); n != 2 {
		t.Errorf("%d download links; want 2 (ICS and register)", n)
	}
	// Hidden as the reader sees it: the computed style, not the attribute
	// (a class giving display would override it).
	if vis := leggi(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('[hidden]'))
		.filter(e => getComputedStyle(e).display !== 'none').map(e => e.outerHTML.slice(0, 80))`)); len(vis) > 0 {
		t.Errorf("without JavaScript these hidden elements show: %q", vis)
	}
	foto(t, ctx, "piano-senza-js.png", chromedp.FullScreenshot(100))
	foto(t, ctx, "piano-calendario.png", chromedp.Screenshot(chromedp.ID("piano")))
}

// TestBrowserErrori: a value that cannot be read is reported at the top,
// where the focus goes, with a link to the field, which is marked.
func TestBrowserErrori(t *testing.T) {
	ctx := browser(t)
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()
	passi(t, ctx,
		chromedp.Navigate(ts.URL+"/calcolo/cds186"),
		chromedp.WaitVisible(chromedp.ID("c-pena-ammenda")),
		chromedp.SendKeys(chromedp.ID("c-pena-arresto-mesi"), "uno"),
		chromedp.SendKeys(chromedp.ID("c-pena-ammenda"), "mille euro"+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("errori")),
	)
	if id := leggi(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "errori" {
		t.Errorf("focus on %q; want the error summary", id)
	}
	link := leggi(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#errori a')).map(a => a.getAttribute('href'))`))
	if !slices.Equal(link, []string{"#c-pena-arresto-mesi", "#c-pena-ammenda"}) {
		t.Errorf("error links = %v; want the two fields in form order", link)
	}
	foto(t, ctx, "errori-cds186.png", chromedp.CaptureScreenshot())
	passi(t, ctx, chromedp.Click(chromedp.CSS(`#errori a[href="#c-pena-ammenda"]`)))
	if id := leggi(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "c-pena-ammenda" {
		t.Errorf("after following the link the focus is on %q; want the field", id)
	}
}
