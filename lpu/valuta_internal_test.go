package lpu

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/lpu-it/lpu/rules"
)

// motoreInterno is the engine over the embedded rules for the tests inside
// the package, loaded once (under -race a Load costs most of a second of
// CPU); a test that changes it puts it back as it was (t.Cleanup).
func motoreInterno(t testing.TB) *Engine {
	t.Helper()
	e, err := motoreInternoUna()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var motoreInternoUna = sync.OnceValues(func() (*Engine, error) { return Load(context.Background(), rules.FS) })

// panico is an expression whose evaluation panics, as a buggy function of
// the library would.
type panico struct{ interpreter.InterpretableV2 }

func (panico) Exec(*interpreter.ExecutionFrame) ref.Val { panic("guasto") }

// TestPanicoInValutazione: expressions run straight from their plan, not
// through cel.Program.Eval; a panic in one is still recovered, once per
// evaluation, into the coded error Eval would have given.
func TestPanicoInValutazione(t *testing.T) {
	e := motoreInterno(t)
	p := e.calcolo["cds186"]
	var c *passoC
	for _, c = range p.passi {
		if c.s.Tipo == "calcola" && c.prg.radice != nil {
			break
		}
	}
	sano := c.prg.radice
	t.Cleanup(func() { c.prg.radice = sano }) // the engine is the other tests' too
	c.prg.radice = panico{sano}
	r := &Richiesta{Fattispecie: "cds186", Data: NewData(2025, 6, 10), Pena: Pena{Ammenda: MustImporto("1500")}}
	_, err := e.Calcolo(context.Background(), r)
	var er *Error
	if !errors.As(err, &er) || er.Code != CodeRegolaFallita || er.Kind != KindRule || !strings.Contains(er.Message, c.s.ID) || !strings.Contains(er.Message, "guasto") {
		t.Fatalf("Evaluate = %v; atteso regola_fallita per %s", err, c.s.ID)
	}
	// The pooled state of the failed evaluation is clean: the next one,
	// on a program without the fault, answers.
	c.prg.radice = sano
	if res, err := e.Calcolo(context.Background(), r); err != nil || res.Giorni != 6 {
		t.Fatalf("dopo il panico: %v, %v", res, err)
	}
}

// TestCampiCacheLimitata: the decoder's cache of fields is by type, so a
// request with many list elements or map keys does not grow it (a cache
// keyed by the field's path grew with every index a request brought).
func TestCampiCacheLimitata(t *testing.T) {
	conta := func() int {
		n := 0
		campi.Range(func(any, any) bool { n++; return true })
		return n
	}
	corpo := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`{"fattispecie":"cds186","data":"2025-06-10","convenzione":{"modello":"dm2001","decorrenza":"2024-01-01","sedi":[`)
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`{}`)
		}
		b.WriteString(`]}}`)
		return []byte(b.String())
	}
	var r RichiestaConvenzione
	if err := DecodeBytes(corpo(1), &r); err != nil {
		t.Fatal(err)
	}
	prima := conta()
	if err := DecodeBytes(corpo(400), &r); err != nil {
		t.Fatal(err)
	}
	if dopo := conta(); dopo != prima {
		t.Errorf("la cache dei campi è passata da %d a %d tipi con 400 sedi", prima, dopo)
	}
}

// TestVersioneRilascio: only a release tag names the version; a
// pseudo-version or a dirty build does not.
func TestVersioneRilascio(t *testing.T) {
	for v, want := range map[string]bool{"v1.2.0": true, "v1.3.0-rc.1": true, "(devel)": false, "v0.0.0-20261205093000-abcdef123456": false,
		"v1.2.1-0.20261205093000-abcdef123456": false, "v1.2.0+dirty": false} {
		if got := rilascio.MatchString(v) && !pseudo.MatchString(v); got != want {
			t.Errorf("%s: release %v; want %v", v, got, want)
		}
	}
	if Versione() != "lpu/0.1.0" {
		t.Errorf("Versione() = %s under go test; want lpu/0.1.0", Versione())
	}
}
