package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

func salute(t *testing.T, h http.Handler) Salute {
	t.Helper()
	var s Salute
	fai(h, "GET", "/healthz", "", "").json(t, &s)
	return s
}

// TestRicarica: broken rules never replace the ones in use; the log and
// /healthz say why; good rules then take over.
func TestRicarica(t *testing.T) {
	var log bytes.Buffer
	s := nuovoServer(t, &log)
	h := s.Handler()
	prima := s.Engine().Hash()

	// (Broken rules of one file with the vocabulary, not the whole
	// rules overlaid: the load fails the same way, in milliseconds.)
	voc, err := rules.FS.ReadFile("vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rotta := fstest.MapFS{"vocabolario.yaml": {Data: voc}, "cds186.yaml": {Data: []byte("id: cds186\ntipo: calcolo\npassi:\n  - id: x\n    calcola: giorni\n    valore: arrest + 1\n")}}
	err = s.Ricarica(func() (*lpu.Engine, error) { return lpu.Load(context.Background(), rotta) })
	var er *lpu.LoadError
	if !errors.As(err, &er) {
		t.Fatalf("Ricarica = %v; want *lpu.LoadError", err)
	}
	if s.Engine().Hash() != prima {
		t.Fatal("broken rules replaced the ones in use")
	}
	sal := salute(t, h)
	if sal.Stato != "regole_precedenti" || sal.Regole != prima || sal.Ricarica == nil || sal.Ricarica.Esito != "errore" || len(sal.Ricarica.Problemi) == 0 {
		t.Fatalf("/healthz = %+v; want regole_precedenti with the problems", sal)
	}
	if p := sal.Ricarica.Problemi[0]; p.File != "rules/cds186.yaml" || p.Line == 0 {
		t.Errorf("first problem = %+v; want a position in rules/cds186.yaml", p)
	}
	if !strings.Contains(log.String(), "ricaricamento delle regole fallito") {
		t.Errorf("log lacks the failure:\n%s", log.String())
	}
	// The server still answers with the old rules.
	if r := fai(h, "POST", "/api/v1/calcolo", "application/json", esempio186); r.Code != 200 {
		t.Fatalf("after a failed reload: %d %s", r.Code, r.Body.String())
	}

	// Good rules: a new parameter value changes the hash and the answer.
	// (cds186 with the files it reads, not the whole rules: the same
	// reload, for a tenth of the CPU.)
	src, _ := rules.FS.ReadFile("generali.yaml")
	nuove := fstest.MapFS{"generali.yaml": {Data: bytes.Replace(src, []byte(`valore: "250"`), []byte(`valore: "300"`), 1)}}
	buone := regoleReali(t, "vocabolario.yaml", "generali.yaml", "cds186.yaml")
	if err := s.Ricarica(func() (*lpu.Engine, error) { return lpu.Load(context.Background(), lpu.Overlay(buone, nuove)) }); err != nil {
		t.Fatalf("Ricarica: %v", err)
	}
	sal = salute(t, h)
	if sal.Stato != "ok" || sal.Regole == prima || sal.Ricarica.Esito != "ok" || sal.Ricarica.Regole != sal.Regole {
		t.Errorf("/healthz = %+v; want ok with the new hash", sal)
	}
	var res lpu.Risultato
	fai(h, "POST", "/api/v1/calcolo", "application/json", esempio186).json(t, &res)
	if res.Ricevuta.Regole != sal.Regole || res.Giorni != 50 { // 45 + 1500/300
		t.Errorf("after reload: %d giorni with %s; want 50 with %s", res.Giorni, res.Ricevuta.Regole, sal.Regole)
	}
	m := fai(h, "GET", "/metrics", "", "").Body.String()
	for _, w := range []string{`lpu_regole_ricaricamenti_totale{esito="errore"} 1`, `lpu_regole_ricaricamenti_totale{esito="ok"} 1`, `lpu_regole_info{regole="` + sal.Regole + `"} 1`} {
		if !strings.Contains(m, w) {
			t.Errorf("/metrics lacks %s", w)
		}
	}
	if strings.Contains(m, prima) {
		t.Error("/metrics still reports the old rules")
	}
}

// TestArrestoOrdinato: when the context ends, the request in flight
// (here, one whose body is still arriving) completes, then Servi returns
// and the port is closed.
func TestArrestoOrdinato(t *testing.T) {
	s := nuovoServer(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	fine := make(chan error, 1)
	go func() { fine <- s.Servi(ctx, ln) }()
	url := "http://" + ln.Addr().String()

	pr, pw := io.Pipe()
	risposta := make(chan string, 1)
	go func() {
		resp, err := http.Post(url+"/api/v1/calcolo", "application/json", pr)
		if err != nil {
			risposta <- "errore: " + err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		risposta <- resp.Status + " " + string(b)
	}()
	io.WriteString(pw, esempio186[:40]) // the request has started
	time.Sleep(100 * time.Millisecond)
	cancel()
	time.Sleep(200 * time.Millisecond)
	io.WriteString(pw, esempio186[40:])
	pw.Close()
	if got := <-risposta; !strings.HasPrefix(got, "200 OK") || !strings.Contains(got, `"ore":102`) {
		t.Errorf("request in flight got %q; want 200 OK with 102 hours", tronca([]byte(got)))
	}
	select {
	case err := <-fine:
		if err != nil {
			t.Errorf("Servi = %v; want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Servi did not return")
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}
