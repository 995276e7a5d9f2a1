package server

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/lpu-it/lpu/internal/modelli2030"
	"github.com/lpu-it/lpu/internal/regoleprova"
	"github.com/lpu-it/lpu/lpu"
)

// gestoreDM2030 is the handler of a server whose rules have the overlay
// of internal/modelli2030: a model of convention from 1/1/2030 (a dated
// version of the two mappe keyed by the model gives its key). It is
// built once for the tests that only send it requests: a Load of the
// rules costs more than a quarter of a second of CPU under -race.
func gestoreDM2030(t *testing.T) http.Handler {
	t.Helper()
	h, err := dm2030Condiviso()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

var dm2030Condiviso = sync.OnceValues(func() (http.Handler, error) {
	mie, err := modelli2030.File()
	if err != nil {
		return nil, err
	}
	base, err := regoleprova.File(fileFattispecie...)
	if err != nil {
		return nil, err
	}
	e, err := lpu.Load(context.Background(), lpu.Overlay(base, mie))
	if err != nil {
		return nil, err
	}
	s, err := New(e, Opzioni{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	return s.Handler(), nil
})

// TestAPIModelloNonPrevistoAllaData: a model of convention that exists
// from 2030 (its key only in the version of a mappa from that date),
// named in a request of 2025, is answered 422 on its field, by its
// label; in 2031 the request is answered.
func TestAPIModelloNonPrevistoAllaData(t *testing.T) {
	h := gestoreDM2030(t)
	corpo := func(data string) string {
		return `{"fattispecie":"l689_56bis","data":"` + data + `","convenzione":{"modello":"dm2030","decorrenza":"2030-01-01","anni":5,"attivita":["sociale"]}}`
	}
	r := fai(h, "POST", "/api/v1/convenzione", "application/json", corpo("2025-06-10"))
	var e struct {
		Errore struct{ Codice, Messaggio, Campo string } `json:"errore"`
	}
	if err := json.Unmarshal(r.Body.Bytes(), &e); err != nil || r.Code != 422 || e.Errore.Codice != "valore_non_ammesso" || e.Errore.Campo != "convenzione.modello" ||
		!strings.HasPrefix(e.Errore.Messaggio, "il valore «modello del D.M. 2030» di «Modello della convenzione» non è previsto alla data del 10/06/2025 (lo è dal 01/01/2030) (DM 2030)") {
		t.Errorf("2025: %d %s; want 422 valore_non_ammesso on convenzione.modello", r.Code, r.Body)
	}
	if r := fai(h, "POST", "/api/v1/convenzione", "application/json", corpo("2031-06-10")); r.Code != 200 || !strings.Contains(r.Body.String(), `"valida":true`) {
		t.Errorf("2031: %d %.400s; want 200, valida", r.Code, r.Body)
	}
}

// TestWebModelloNonPrevistoAllaData: the page tells the same model of
// 2030, chosen in its list for a request of 2025, with the engine's
// message (not yet provided at that date), not as a value outside the
// list, which it is not.
func TestWebModelloNonPrevistoAllaData(t *testing.T) {
	h := gestoreDM2030(t)
	campi := "fattispecie=l689_56bis&data=10/06/2025&convenzione.modello=dm2030&convenzione.decorrenza=01/01/2030&convenzione.anni=5&convenzione.attivita=sociale"
	r := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", campi)
	p := r.Body.String()
	const want = "il valore «modello del D.M. 2030» di «Modello della convenzione» non è previsto alla data del 10/06/2025 (lo è dal 01/01/2030) (DM 2030)"
	if r.Code != 422 || !strings.Contains(html.UnescapeString(p), want) || strings.Contains(p, "non ammesso") {
		t.Errorf("POST /convenzione 2025: %d; want 422 with %q, no «non ammesso»:\n%s", r.Code, want, p)
	}
}
