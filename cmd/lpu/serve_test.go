package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lpu-it/lpu/rules"
	"github.com/lpu-it/lpu/server"
)

func compatta(t *testing.T, b []byte) string {
	t.Helper()
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return out.String()
}

// TestServeComeLaRigaDiComando: every JSON command answers over HTTP what
// it answers on the command line, errors included.
func TestServeComeLaRigaDiComando(t *testing.T) {
	e, _, err := caricaRegole("")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(e, server.Opzioni{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ comando, corpo string }{
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}}`},
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1100"},"esecuzione":{"ore_svolte":3}}`},
		{"calcolo", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1.500,00"}}`},
		{"calcolo", `{"fattispecie":"cds186","data":"2009-06-10","pena":{"ammenda":"100"}}`},
		{"calcolo", `{"fattispecie":`},
		{"calcolo", ``},
		{"piano", `{"fattispecie":"map","ore":48,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4},"comune":"Milano"}`},
		{"piano", `{"fattispecie":"cds186","ore":10,"inizio":"2025-07-01","giorni_settimana":{"sab":9}}`},
		{"piano", `{"fattispecie":"cds186","ore":10}`},
		{"fondo", `{"fattispecie":"cds186","data_inizio":"2025-06-10"}`},
		{"convenzione", `{"convenzione":{"modello":"dm2001","decorrenza":"2021-03-01"},"fattispecie":"cds186"}`},
	} {
		var out, errOut bytes.Buffer
		codice := esegui([]string{c.comando}, strings.NewReader(c.corpo), &out, &errOut)
		req := httptest.NewRequest("POST", "/api/v1/"+c.comando, strings.NewReader(c.corpo))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, req)
		if (codice == 0) != (w.Code == 200) || (codice == 2) != (w.Code >= 400 && w.Code < 500) {
			t.Errorf("%s %s: exit %d, HTTP %d", c.comando, c.corpo, codice, w.Code)
		}
		if got, want := compatta(t, w.Body.Bytes()), compatta(t, out.Bytes()); got != want {
			t.Errorf("%s %s:\nHTTP %s\n CLI %s", c.comando, c.corpo, got, want)
		}
	}
}

// TestServeLottoComeLaRigaDiComando: POST /api/v1/lotto answers what
// lpu lotto prints, byte for byte.
func TestServeLottoComeLaRigaDiComando(t *testing.T) {
	e, _, err := caricaRegole("")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(e, server.Opzioni{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile("../../examples/lotto/casi.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ tipo, corpo string }{
		{"application/json", `[{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}},{"fattispecie":"boh"}]`},
		{"text/csv", string(csv)},
	} {
		var out, errOut bytes.Buffer
		esegui([]string{"lotto"}, strings.NewReader(c.corpo), &out, &errOut)
		req := httptest.NewRequest("POST", "/api/v1/lotto", strings.NewReader(c.corpo))
		req.Header.Set("Content-Type", c.tipo)
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, req)
		if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), out.Bytes()) {
			t.Errorf("%s: HTTP %d differs from the CLI:\nHTTP %.300s\n CLI %.300s", c.tipo, w.Code, w.Body.String(), out.String())
		}
	}
}

func TestServeArgomenti(t *testing.T) {
	for _, args := range [][]string{{"--boh"}, {"extra"}, {"--rules", "/non/esiste"}, {"--log", "molto"}, {"--gogc", "-5"}, {"--gogc", "dieci"}} {
		var out, errOut bytes.Buffer
		if c := esegui(append([]string{"serve"}, args...), nil, &out, &errOut); c != 2 {
			t.Errorf("serve %v = %d; want 2 (%s)", args, c, errOut.String())
		}
	}
}

func portaLibera(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func salute(t *testing.T, url string) server.Salute {
	t.Helper()
	var s server.Salute
	for i := 0; i < 100; i++ {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			defer resp.Body.Close()
			if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the server does not answer")
	return s
}

// TestServeSegnali runs lpu serve with a rules overlay: SIGHUP reloads it,
// a broken overlay keeps the rules in use, SIGTERM stops the server.
func TestServeSegnali(t *testing.T) {
	dir := t.TempDir()
	addr := portaLibera(t)
	var out, errOut bytes.Buffer
	fine := make(chan int, 1)
	go func() {
		fine <- esegui([]string{"serve", "--addr", addr, "--rules", dir}, nil, &out, io.Writer(&errOut))
	}()
	url := "http://" + addr
	s0 := salute(t, url)
	if s0.Stato != "ok" {
		t.Fatalf("healthz = %+v", s0)
	}
	attendi := func(cond func(server.Salute) bool) server.Salute {
		t.Helper()
		var s server.Salute
		for i := 0; i < 100; i++ {
			if s = salute(t, url); cond(s) {
				return s
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("healthz never changed: %+v", s)
		return s
	}

	if err := os.WriteFile(filepath.Join(dir, "rotto.yaml"), []byte("id: rotto\ntipo: calcolo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	s1 := attendi(func(s server.Salute) bool { return s.Ricarica != nil })
	if s1.Stato != "regole_precedenti" || s1.Regole != s0.Regole {
		t.Errorf("after a broken overlay: %+v; want regole_precedenti, same rules", s1)
	}

	// A FIFO named *.yaml (its read blocked the reload for ever, and
	// every SIGHUP after it was lost) is refused, not read; the next
	// SIGHUP reloads again. The problem names the file by its path in
	// the overlay.
	os.Remove(filepath.Join(dir, "rotto.yaml"))
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	sf := attendi(func(s server.Salute) bool {
		return s.Ricarica != nil && len(s.Ricarica.Problemi) > 0 && s.Ricarica.Problemi[0].File == filepath.Join(dir, "fifo.yaml")
	})
	if sf.Stato != "regole_precedenti" || sf.Regole != s0.Regole || !strings.Contains(sf.Ricarica.Problemi[0].Message, "non è un file regolare") {
		t.Errorf("after a FIFO: %+v; want regole_precedenti, same rules, the FIFO refused", sf)
	}
	os.Remove(filepath.Join(dir, "fifo.yaml"))

	src, _ := rules.FS.ReadFile("generali.yaml")
	os.WriteFile(filepath.Join(dir, "generali.yaml"), bytes.Replace(src, []byte(`valore: "250"`), []byte(`valore: "300"`), 1), 0o644)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	s2 := attendi(func(s server.Salute) bool { return s.Ricarica != nil && s.Ricarica.Esito == "ok" })
	if s2.Stato != "ok" || s2.Regole == s0.Regole {
		t.Errorf("after a good overlay: %+v; want ok with new rules", s2)
	}

	// The folder moved away: its rules stay, they are not dropped for the
	// embedded ones alone (an empty overlay).
	via := dir + ".via"
	if err := os.Rename(dir, via); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Rename(via, dir) })
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	s3 := attendi(func(s server.Salute) bool { return s.Ricarica != nil && s.Ricarica.Esito != "ok" })
	if s3.Stato != "regole_precedenti" || s3.Regole != s2.Regole || !strings.Contains(s3.Ricarica.Errore, dir+" non è una cartella") {
		t.Errorf("after the folder moved: %+v; want regole_precedenti, the overlay's rules, «non è una cartella»", s3)
	}

	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case c := <-fine:
		if c != 0 {
			t.Errorf("serve exited %d; want 0\n%s", c, errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	log := errOut.String()
	for _, w := range []string{"ricaricamento delle regole fallito", "regole ricaricate", "server arrestato"} {
		if !strings.Contains(log, w) {
			t.Errorf("log lacks %q", w)
		}
	}
	if !strings.Contains(out.String(), "http://"+addr) {
		t.Errorf("stdout = %q; want the address to open", out.String())
	}
}
