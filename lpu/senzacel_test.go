package lpu

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/interpreter"

	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestSenzaCELComeCEL: an expression that is a literal or a name,
// compiled without CEL (senzaCEL), gives what the CEL program gives — the
// value, the type, and the error of a name without a value — and one CEL
// must judge (an undeclared or reserved name, a name of another type
// than the condition's bool) is left to CEL.
func TestSenzaCELComeCEL(t *testing.T) {
	p, env := provaCds186(t)
	req := &Richiesta{Fattispecie: "cds186", Data: NewData(2025, time.June, 10), Fatti: Fatti{Incidente: true}}
	esegui := func(prg *programmaCEL) string {
		att := attivazioneProva(p, req)
		frame, err := interpreter.NewExecutionFrame(att)
		if err != nil {
			t.Fatal(err)
		}
		defer frame.Close()
		v := prg.radice.Exec(frame)
		return fmt.Sprintf("%T %v", v, v)
	}
	for _, src := range []string{"true", " false ", "fatti.incidente", "legge.sostituzioni_max",
		"legge.euro_per_giorno", "pena.arresto", "fatti.comma", "giorni_arresto", "giorni"} {
		x := spec.Expr{Src: src}
		ast, iss := env.Compile(src)
		if iss.Err() != nil {
			t.Fatalf("%s: %v", src, iss.Err())
		}
		var ps spec.Problems
		viaCEL := programma1(p.tab, ast, x, "", &ps)
		diretto, tipo := senzaCEL(p.tab, x, nil)
		if viaCEL == nil || viaCEL.radice == nil || diretto == nil {
			t.Fatalf("%s: programmi %v, %v (%v)", src, viaCEL, diretto, ps)
		}
		if !tipo.IsExactType(ast.OutputType()) {
			t.Errorf("%s: tipo %v, CEL %v", src, tipo, ast.OutputType())
		}
		if got, want := esegui(diretto), esegui(viaCEL); got != want {
			t.Errorf("%s: %s, CEL %s", src, got, want)
		}
		if want := motore.Riferimenti(ast); !reflect.DeepEqual(diretto.nomi, want) && len(want)+len(diretto.nomi) > 0 {
			t.Errorf("%s: nomi %v, CEL %v", src, diretto.nomi, want)
		}
		if b, _ := senzaCEL(p.tab, x, cel.BoolType); (b != nil) != ast.OutputType().IsExactType(cel.BoolType) {
			t.Errorf("%s come condizione: %v", src, b)
		}
	}
	prima, cera := p.tab.idx["null"]
	t.Cleanup(func() { // (the engine is the other tests' too)
		if cera {
			p.tab.idx["null"] = prima
		} else {
			delete(p.tab.idx, "null")
		}
	})
	p.tab.idx["null"] = p.tab.idx["giorni"] // a name CEL reads as a literal
	for _, src := range []string{"non_dichiarato", "null", "fatti.incidente || false", "'testo'", "1"} {
		if prg, _ := senzaCEL(p.tab, spec.Expr{Src: src}, nil); prg != nil {
			t.Errorf("%s: compilato senza CEL", src)
		}
	}
}

// provaCds186 gives the program of art. 186 of the shared engine
// (motoreInterno) and an environment that declares its names (and the
// extra declarations), to compile expressions on them as the loader
// would.
func provaCds186(t *testing.T, extra ...cel.EnvOption) (*programma, *cel.Env) {
	t.Helper()
	p := motoreInterno(t).calcolo["cds186"]
	var decls []cel.EnvOption
	for _, sl := range p.tab.slots {
		decls = append(decls, cel.Variable(sl.nome, sl.tipo))
	}
	env, err := motore.Base.Extend(append(decls, extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	return p, env
}

// attivazioneProva is a new activation of p on req, at req's date.
func attivazioneProva(p *programma, req *Richiesta) *attivazione {
	return &attivazione{tab: p.tab, vals: make([]valSlot, len(p.tab.slots)), data: req.Data.Time, gen: 1,
		req: reflect.ValueOf(req).Elem().Addr().UnsafePointer()}
}
