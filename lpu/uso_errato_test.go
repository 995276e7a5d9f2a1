package lpu_test

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
)

// TestUsoErrato: a program that misuses the API gets an error or a zero
// value, never a panic nor an error that blames its user's input. An
// Engine that Load did not make (the zero Engine, a nil *Engine) answers
// every method with an internal error «motore non caricato», or the zero
// value for a method without an error; a nil fs.FS, a nil Option and a
// nil error are refused or ignored; a nil context is
// context.Background().
func TestUsoErrato(t *testing.T) {
	ctx := context.Background()
	e := engine(t)
	d := lpu.NewData(2025, 6, 10)
	calcolo := func() *lpu.Richiesta {
		return &lpu.Richiesta{Fattispecie: "cds186", Data: d, Pena: lpu.Pena{Arresto: lpu.Durata{Mesi: 1, Giorni: 15}, Ammenda: lpu.MustImporto("1500")}}
	}
	fondo := &lpu.RichiestaFondo{Fattispecie: "cds186", DataInizio: lpu.NewData(2025, 3, 1), Convenzione: "dm2001", Giorni: 10}
	conv := &lpu.RichiestaConvenzione{Fattispecie: "l689_56bis", Data: lpu.NewData(2025, 7, 31),
		Convenzione: lpu.Convenzione{Modello: "dm88_2015", Decorrenza: lpu.NewData(2021, 3, 1), Anni: 5, Fattispecie: []string{"map"}}}
	piano := &lpu.RichiestaPiano{Fattispecie: "cds186", Ore: 12, Inizio: lpu.NewData(2025, 7, 1), GiorniSettimana: map[string]int{"sab": 6}}
	csv := "fattispecie,data,arresto_mesi\ncds186,2025-06-10,1\n"
	// A suite of one case, in test/ as RunSuite reads by default: the
	// nil context reaches the evaluation of a case (the embedded suites
	// would test the same at a second of CPU under -race).
	suite := fstest.MapFS{"test/prova.yaml": {Data: []byte(`titolo: prova
casi:
  - nome: un caso
    richiesta: {fattispecie: cds186, data: "2025-06-10", pena: {ammenda: "1000"}}
`)}}

	// What an Engine's methods do, for the engine under test.
	metodi := func(e *lpu.Engine, ctx context.Context) map[string]func() (any, error) {
		return map[string]func() (any, error){
			"Calcolo":     func() (any, error) { return e.Calcolo(ctx, calcolo()) },
			"Fondo":       func() (any, error) { return e.Fondo(ctx, fondo) },
			"Convenzione": func() (any, error) { return e.Convenzione(ctx, conv) },
			"Piano":       func() (any, error) { return e.Piano(ctx, piano) },
			"Run": func() (any, error) {
				return e.Run(ctx, "calcolo", []byte(`{"fattispecie":"gdp54","data":"2025-06-10","pena":{"giorni_lpu":30}}`))
			},
			"RunSuite": func() (any, error) { return e.RunSuite(ctx, suite, "") },
			"Limiti":   func() (any, error) { l, _, err := e.Limiti(ctx, "cds186", d.Time, lpu.Fatti{}); return l, err },
			"Lotto": func() (any, error) {
				return e.Lotto(ctx, strings.NewReader(csv), io.Discard, lpu.LottoOptions{})
			},
			"Descrizione": func() (any, error) { return e.Descrizione(ctx, "cds186") },
		}
	}
	// The methods without an error, whose zero value a not loaded engine
	// gives.
	senzaErrore := func(e *lpu.Engine) map[string]func() any {
		return map[string]func() any{
			"Catalogo":          func() any { return e.Catalogo() },
			"Campi":             func() any { return e.Campi("calcolo") },
			"Gruppi":            func() any { return e.Gruppi() },
			"Uscite":            func() any { return e.Uscite("calcolo") },
			"ModelloLotto":      func() any { return e.ModelloLotto() },
			"LottoColumns":      func() any { return e.LottoColumns("calcolo") },
			"Fattispecie":       func() any { return e.Fattispecie() },
			"FattispecieDaNome": func() any { id, ok := e.FattispecieDaNome("cds186"); return fmt.Sprint(id, ok) },
			"Fonte":             func() any { return e.Fonte("art. 186 d.lgs. 285/1992") },
			"Hash":              func() any { return e.Hash() },
			"AltreRegole":       func() any { return e.AltreRegole() },
		}
	}
	senzaPanico := func(t *testing.T, nome string, f func()) {
		t.Helper()
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%s: panic: %v", nome, r)
			}
		}()
		f()
	}

	var zero lpu.Engine
	for nomeE, ez := range map[string]*lpu.Engine{"Engine{}": &zero, "(*Engine)(nil)": nil} {
		for nome, f := range metodi(ez, ctx) {
			senzaPanico(t, nomeE+"."+nome, func() {
				_, err := f()
				if x := lpu.AsError(err); x == nil || x.Kind != lpu.KindInternal || x.Code != lpu.CodeErroreInterno ||
					x.Message != "motore non caricato: usare lpu.Load" {
					t.Errorf("%s.%s = %v; want an internal error «motore non caricato: usare lpu.Load»", nomeE, nome, err)
				}
			})
		}
		for nome, f := range senzaErrore(ez) {
			senzaPanico(t, nomeE+"."+nome, func() {
				v := f()
				if s, ok := v.(string); ok && s != "" && s != fmt.Sprint("", false) {
					t.Errorf("%s.%s = %q; want the zero value", nomeE, nome, s)
				} else if !ok && !reflect.ValueOf(v).IsZero() {
					t.Errorf("%s.%s = %v; want the zero value", nomeE, nome, v)
				}
			})
		}
	}

	// A loaded engine: a nil context is context.Background(), a nil
	// Option is ignored.
	for nome, f := range metodi(e, nil) {
		senzaPanico(t, nome+"(nil ctx)", func() {
			if _, err := f(); err != nil {
				t.Errorf("%s(nil ctx) = %v", nome, err)
			}
		})
	}
	// (Load with a nil ctx, a nil Option or a nil side of an Overlay
	// reads the synthetic rules: the embedded ones would test the same
	// at ten times the cost.)
	sintetiche := regoleSintetiche(t)
	senzaPanico(t, "Load(nil ctx)", func() {
		var nessuno context.Context // (nil on purpose: the API treats it as context.Background)
		if _, err := lpu.Load(nessuno, sintetiche); err != nil {
			t.Errorf("Load(nil ctx) = %v", err)
		}
	})
	senzaPanico(t, "Calcolo(nil Option)", func() {
		if _, err := e.Calcolo(ctx, calcolo(), nil, lpu.WithoutExplanation(), nil); err != nil {
			t.Errorf("Calcolo(nil Option) = %v", err)
		}
	})
	senzaPanico(t, "Load(nil Option)", func() {
		if _, err := lpu.Load(ctx, sintetiche, nil); err != nil {
			t.Errorf("Load(nil Option) = %v", err)
		}
	})

	// A nil fs.FS.
	for nome, f := range map[string]func() error{
		"Load(nil)":               func() error { _, err := lpu.Load(ctx, nil); return err },
		"Load(Overlay(nil, nil))": func() error { _, err := lpu.Load(ctx, lpu.Overlay(nil, nil)); return err },
		"Load(Layer(x, nil))":     func() error { _, err := lpu.Load(ctx, lpu.Layer("x", nil)); return err },
		"RunSuite(nil)":           func() error { _, err := e.RunSuite(ctx, nil, ""); return err },
	} {
		senzaPanico(t, nome, func() {
			if err := f(); err == nil || !strings.Contains(err.Error(), "fs.FS nil") {
				t.Errorf("%s = %v; want an error that says fs.FS nil", nome, err)
			}
		})
	}
	// A nil io.Reader or io.Writer of a lotto (it panicked).
	for nome, f := range map[string]func() error{
		"Lotto(nil, w)": func() error { _, err := e.Lotto(ctx, nil, io.Discard, lpu.LottoOptions{}); return err },
		"Lotto(r, nil)": func() error { _, err := e.Lotto(ctx, strings.NewReader(csv), nil, lpu.LottoOptions{}); return err },
	} {
		senzaPanico(t, nome, func() {
			if x := lpu.AsError(f()); x == nil || x.Kind != lpu.KindInternal || !strings.Contains(x.Message, "nil") {
				t.Errorf("%s = %v; want an internal error that says nil", nome, x)
			}
		})
	}
	// Overlay with one nil side is the other.
	senzaPanico(t, "Overlay(rules, nil)", func() {
		for _, fsys := range []fs.FS{lpu.Overlay(sintetiche, nil), lpu.Overlay(nil, sintetiche)} {
			if _, err := lpu.Load(ctx, fsys); err != nil {
				t.Errorf("Load(Overlay with a nil side) = %v", err)
			}
		}
	})

	// A nil error.
	senzaPanico(t, "AsError(nil)", func() {
		if x := lpu.AsError(nil); x != nil {
			t.Errorf("AsError(nil) = %v; want nil", x)
		}
	})
	senzaPanico(t, "NewErrorBody(nil)", func() {
		if b := lpu.NewErrorBody(nil); b.Errore != nil {
			t.Errorf("NewErrorBody(nil) = %+v; want no error", b)
		}
	})
}
