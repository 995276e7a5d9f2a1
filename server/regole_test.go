package server

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lpu-it/lpu/lpu"
)

// TestRegoleDescritteDelGiornoEDelleRegole: /regole/{id} keeps a rule
// file's description, but not past its day (an example without a date
// is of today) nor past a reload of the rules.
func TestRegoleDescritteDelGiornoEDelleRegole(t *testing.T) {
	var (
		mu  sync.Mutex
		ora = time.Date(2001, 6, 1, 9, 0, 0, 0, time.UTC) // before art. 54 d.lgs. 274/2000 was in force
	)
	orologio := func() time.Time { mu.Lock(); defer mu.Unlock(); return ora }
	suite := "tipo: calcolo\ncasi:\n  - nome: dieci giorni senza data\n    richiesta: {fattispecie: gdp54, pena: {giorni_lpu: 10}}\n    atteso: {giorni: 10}\n"
	// (gdp54 and the files it reads, not the whole rules: their Load
	// costs half a second of CPU under -race.)
	base := regoleReali(t, "vocabolario.yaml", "generali.yaml", "gdp54.yaml")
	e, err := lpu.Load(context.Background(), lpu.Overlay(base, fstest.MapFS{"test/gdp54.yaml": {Data: []byte(suite)}}), lpu.WithClock(orologio))
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(e, Opzioni{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Orologio: orologio})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	pagina := func() string {
		t.Helper()
		r := fai(h, "GET", "/regole/gdp54", "", "")
		if r.Code != 200 {
			t.Fatalf("GET /regole/gdp54 = %d", r.Code)
		}
		return testoPagina(r.Body.String())
	}
	contiene(t, pagina(), "dieci giorni senza data", "la data 01/06/2001 («Data di riferimento») è fuori da questo periodo")
	mu.Lock()
	ora = time.Date(2025, 6, 10, 9, 0, 0, 0, time.UTC)
	mu.Unlock()
	p := pagina()
	contiene(t, p, "dieci giorni senza data")
	nonContiene(t, p, "Richiesta rifiutata", "la data 01/06/2001")
	if err := s.Ricarica(motoreCondiviso); err != nil {
		t.Fatal(err)
	}
	p = pagina()
	contiene(t, p, "minimo esatto, 10 giorni")
	nonContiene(t, p, "dieci giorni senza data")
}
