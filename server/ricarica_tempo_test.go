package server

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
)

// TestRicaricaBloccata: a reload that does not end (a FIFO read for
// ever, before Load refused them) gives up after its timeout and keeps
// the rules in use, which /healthz and the log say; a reload asked while
// the stuck one still runs is refused at once, with the reason; once the
// stuck one ends, reloads work again.
func TestRicaricaBloccata(t *testing.T) {
	var log bytes.Buffer
	s, err := New(motore(t), Opzioni{Log: slog.New(slog.NewJSONHandler(&log, nil)), Orologio: func() time.Time { return oggiProva },
		TimeoutRicarica: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	prima := s.Engine().Hash()
	// (the engine the loads give is loaded once, here: under the race
	// detector a load can take longer than the reload's short timeout)
	nuovo := motore(t)
	pronta := func() (*lpu.Engine, error) { return nuovo, nil }
	sblocca := make(chan struct{})
	var una sync.Once
	apri := func() { una.Do(func() { close(sblocca) }) }
	bloccata := func() (*lpu.Engine, error) {
		<-sblocca
		return nuovo, nil
	}
	ricarica := func(carica func() (*lpu.Engine, error)) error {
		t.Helper()
		fatto := make(chan error, 1)
		go func() { fatto <- s.Ricarica(carica) }()
		select {
		case err := <-fatto:
			return err
		case <-time.After(5 * time.Second):
			apri()
			t.Fatal("Ricarica non è tornata in 5 s")
			return nil
		}
	}
	if err := ricarica(bloccata); err == nil || !strings.Contains(err.Error(), "tempo") {
		t.Fatalf("Ricarica(bloccata) = %v; atteso un errore di tempo scaduto", err)
	}
	sal := salute(t, s.Handler())
	if sal.Stato != "regole_precedenti" || sal.Regole != prima || sal.Ricarica == nil || !strings.Contains(sal.Ricarica.Errore, "tempo") {
		t.Fatalf("/healthz = %+v; atteso regole_precedenti con il tempo scaduto", sal)
	}
	if !strings.Contains(log.String(), "ricaricamento delle regole fallito") {
		t.Errorf("il log non dice il fallimento:\n%s", log.String())
	}
	// While the first is stuck, another is refused at once, not queued
	// behind it for ever.
	if err := ricarica(pronta); err == nil || !strings.Contains(err.Error(), "ancora in corso") {
		t.Fatalf("Ricarica durante quella bloccata = %v; atteso il rifiuto", err)
	}
	apri()
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := ricarica(pronta)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Ricarica dopo lo sblocco = %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if sal := salute(t, s.Handler()); sal.Stato != "ok" {
		t.Fatalf("/healthz = %+v; atteso ok", sal)
	}
}
