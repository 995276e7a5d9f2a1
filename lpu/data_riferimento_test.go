package lpu_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
)

// TestDataRiferimentoDichiarata: the Fund's reference date, and its
// refusal, are the vocabulary's: with the embedded declaration a fondo
// request with only the calendar's first session is answered (the start
// of the activities is that session); with a vocabulary that declares
// the first day of work alone, the same request is refused on it, in
// the engine's words, and a request with both reads the law at the
// first day of work.
func TestDataRiferimentoDichiarata(t *testing.T) {
	ctx := context.Background()
	fsys := regoleReali(t, fileFondo...)
	req := lpu.RichiestaFondo{Fattispecie: "cds186", Giorni: 30, Convenzione: "dm2001", PrimaSessione: lpu.NewData(2025, 7, 5)}
	e := engine(t)
	if _, err := e.Fondo(ctx, &req); err != nil {
		t.Fatalf("Fondo con la sola prima sessione: %v", err)
	}
	voc := string(fsys["vocabolario.yaml"].Data)
	i := strings.Index(voc, "    data_riferimento:\n      - campo: prima_sessione")
	j := strings.Index(voc[i:], "    uscite:")
	if i < 0 || j < 0 {
		t.Fatal("vocabolario.yaml: la data di riferimento del Fondo non è dove il test la cerca")
	}
	voc = voc[:i] + "    data_riferimento: data_inizio\n" + voc[i+j:]
	e2, err := lpu.Load(ctx, lpu.Overlay(fsys, fstest.MapFS{"vocabolario.yaml": {Data: []byte(voc)}}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = e2.Fondo(ctx, &req)
	var le *lpu.Error
	if !errors.As(err, &le) || le.Code != lpu.CodeCampoObbligatorio || le.Field != "data_inizio" || !strings.Contains(le.Message, "«Primo giorno di lavoro»") {
		t.Errorf("Fondo senza primo giorno = %v; atteso campo_obbligatorio su data_inizio", err)
	}
	// Before 2002-01-02 the Fund's rules are not in force: with both
	// dates, the embedded declaration reads the law at the first session,
	// the other at the first day of work, which the error names.
	req.DataInizio = lpu.NewData(2001, 3, 1)
	if _, err := e.Fondo(ctx, &req); err != nil {
		t.Errorf("Fondo con la prima sessione del 2025: %v", err)
	}
	if _, err := e2.Fondo(ctx, &req); !errors.As(err, &le) || le.Code != lpu.CodeNonInVigore || le.Field != "data_inizio" {
		t.Errorf("Fondo del 2001 = %v; atteso non_in_vigore su data_inizio", err)
	}
}

// TestDataRiferimentoNelleRegole: the Fund's rules read the start of
// the activities the vocabulary chose (data_riferimento, and the field
// it came from), not a choice of their own: with a vocabulary that
// declares the first day of work before the calendar's first session,
// the deadline is counted from the first day of work and the
// explanation no longer says the activities start with the calendar.
func TestDataRiferimentoNelleRegole(t *testing.T) {
	ctx := context.Background()
	fsys := regoleReali(t, fileFondo...)
	req := lpu.RichiestaFondo{Fattispecie: "cds186", Giorni: 30, Convenzione: "dm2001",
		DataInizio: lpu.NewData(2025, 7, 1), PrimaSessione: lpu.NewData(2025, 7, 15)}
	e := engine(t)
	r, err := e.Fondo(ctx, &req)
	if err != nil || r.RichiestaEntro != "2025-07-05" {
		t.Fatalf("Fondo = %v, %v; atteso il termine dalla prima sessione (2025-07-05)", r, err)
	}
	voc := string(fsys["vocabolario.yaml"].Data)
	vecchio := "      - campo: prima_sessione\n        se: ore_svolte == 0\n      - campo: data_inizio\n"
	if !strings.Contains(voc, vecchio) {
		t.Fatal("vocabolario.yaml: la data di riferimento del Fondo non è dove il test la cerca")
	}
	voc = strings.Replace(voc, vecchio, "      - campo: data_inizio\n      - campo: prima_sessione\n        se: ore_svolte == 0\n", 1)
	e2, err := lpu.Load(ctx, lpu.Overlay(fsys, fstest.MapFS{"vocabolario.yaml": {Data: []byte(voc)}}))
	if err != nil {
		t.Fatal(err)
	}
	r, err = e2.Fondo(ctx, &req)
	if err != nil || r.RichiestaEntro != "2025-06-21" {
		t.Fatalf("Fondo = %v, %v; atteso il termine dal primo giorno di lavoro (2025-06-21)", r, err)
	}
	for _, p := range r.Passi {
		if strings.Contains(p.Testo, "prima sessione del calendario") && !strings.Contains(p.Testo, "non è la prima sessione") {
			t.Errorf("passo %s: %q", p.Regola, p.Testo)
		}
	}
}
