package lpu_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// tipiGo is InfoValore's table: the Go type a value of each type of the
// rules arrives as in an answer's Valori.
var tipiGo = map[string]reflect.Type{
	"intero":   reflect.TypeFor[int64](),
	"decimale": reflect.TypeFor[string](),
	"testo":    reflect.TypeFor[string](),
	"lista":    reflect.TypeFor[[]string](),
	"durata":   reflect.TypeFor[lpu.Durata](),
	"booleano": reflect.TypeFor[bool](),
	"data":     reflect.TypeFor[string](),
}

// TestValoriEsportatiTipi: every value the embedded rules export (a
// fattispecie's, in Catalogo; the Fund's and the conventions', in
// ValoriEsportati) arrives, in the answers to the suites' cases, as the
// Go type its InfoValore.Tipo says; each is seen in some answer, so none
// goes unchecked.
func TestValoriEsportatiTipi(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	// by the rule file that answers: the fattispecie, fondo, convenzione
	info := map[string]map[string]lpu.InfoValore{}
	descrivi := func(file string, vv []lpu.InfoValore) {
		info[file] = map[string]lpu.InfoValore{}
		for _, v := range vv {
			if _, ok := tipiGo[v.Tipo]; !ok {
				t.Errorf("%s: %s: Tipo %q is not in InfoValore's table", file, v.Nome, v.Tipo)
			}
			info[file][v.Nome] = v
		}
	}
	for _, f := range e.Catalogo() {
		descrivi(f.ID, f.Valori)
	}
	descrivi("fondo", e.ValoriEsportati("fondo"))
	descrivi("convenzione", e.ValoriEsportati("convenzione"))
	for _, file := range []string{"fondo", "convenzione", "map", "gdp54"} {
		if len(info[file]) == 0 {
			t.Fatalf("%s: no value exported is described", file)
		}
	}
	visti := map[string]bool{}
	for _, c := range casiSuite(t) {
		var valori map[string]any
		file := c.Tipo
		switch c.Tipo {
		case "calcolo":
			var r lpu.Richiesta
			if lpu.DecodeBytes(c.Corpo, &r) != nil {
				continue
			}
			if res, err := e.Calcolo(ctx, &r); err == nil {
				valori, file = res.Valori, res.Fattispecie
			}
		case "fondo":
			var r lpu.RichiestaFondo
			if lpu.DecodeBytes(c.Corpo, &r) != nil {
				continue
			}
			if res, err := e.Fondo(ctx, &r); err == nil {
				valori = res.Valori
			}
		case "convenzione":
			var r lpu.RichiestaConvenzione
			if lpu.DecodeBytes(c.Corpo, &r) != nil {
				continue
			}
			if res, err := e.Convenzione(ctx, &r); err == nil {
				valori = res.Valori
			}
		}
		for n, v := range valori {
			i, ok := info[file][n]
			if !ok {
				t.Errorf("%s: %s: valori has %s, which %s's InfoValore do not describe", c.File, c.Nome, n, file)
				continue
			}
			visti[file+"."+n] = true
			if got, want := reflect.TypeOf(v), tipiGo[i.Tipo]; got != want {
				t.Errorf("%s: %s: %s (Tipo %s) is a %v; InfoValore's table says %v", c.File, c.Nome, n, i.Tipo, got, want)
			}
		}
	}
	for file, m := range info {
		for n := range m {
			if !visti[file+"."+n] {
				t.Errorf("%s.%s is in no answer to the suites' cases: its type goes unchecked", file, n)
			}
		}
	}
}
