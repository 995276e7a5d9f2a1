package server

import (
	"bytes"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lpu-it/lpu/internal/binari"
)

// bufferSicuro is a log the binary writes while the test reads it.
type bufferSicuro struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *bufferSicuro) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *bufferSicuro) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestBrowserBinario: the real binary (lpu serve, built from this module)
// in the browser: the cds186 case on a phone without sideways scroll, the
// domanda asked with the names typed, and the names nowhere in what the
// binary writes.
func TestBrowserBinario(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	ctx := browser(t)
	bin := binari.Costruisci(t, "..", "github.com/lpu-it/lpu/cmd/lpu")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var uscita bufferSicuro
	cmd := exec.Command(bin, "serve", "--addr", addr)
	cmd.Stdout, cmd.Stderr = &uscita, &uscita
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	fermo := make(chan struct{})
	go func() { cmd.Wait(); close(fermo) }()
	defer func() {
		cmd.Process.Kill()
		<-fermo
	}()
	base := "http://" + addr
	for fine := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if r, err := http.Get(base + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(fine) {
			t.Fatalf("lpu serve is not up on %s:\n%s", addr, uscita.String())
		}
	}

	passi(t, ctx, larghezza(390), chromedp.Navigate(base+"/calcolo/cds186"), chromedp.WaitVisible(chromedp.CSS("form.modulo")),
		compila(map[string]string{"data": "10/06/2025", "pena.arresto.mesi": "1", "pena.arresto.giorni": "15", "pena.ammenda": "1.500,00"}))
	if ore := leggi(t, ctx, chromedp.Text(chromedp.ID("ore"))); ore != "102" {
		t.Errorf("the binary computes %q hours; want 102", ore)
	}
	if m := leggi(t, ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)); m[0] > m[1] {
		t.Errorf("the binary's result is %d px wide in %d", m[0], m[1])
	}
	passi(t, ctx, chromedp.SendKeys(chromedp.ID("c-domanda-imputato"), "Zeferino Quaglierini"),
		chromedp.Click(chromedp.CSS(`#domanda button[value=html]`)), chromedp.WaitVisible(chromedp.CSS("article.domanda")))
	if p := leggi(t, ctx, chromedp.Text(chromedp.CSS("article.domanda"))); !strings.Contains(p, "Zeferino Quaglierini") || !strings.Contains(p, "pari a 102 ore") {
		t.Errorf("the binary's domanda:\n%s", p)
	}
	cmd.Process.Kill()
	<-fermo
	log := uscita.String()
	if !strings.Contains(log, `"rotta":"/calcolo/:fattispecie/domanda"`) {
		t.Errorf("the binary did not log the domanda's route:\n%s", log)
	}
	if strings.Contains(log, "Quaglierini") {
		t.Errorf("the binary's log holds the name typed:\n%s", log)
	}
}
