package lpu

import (
	"errors"
	"strings"
	"testing"

	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/lpu-it/lpu/rules"
)

// panico is an expression whose evaluation panics, as a buggy function of
// the library would.
type panico struct{ interpreter.InterpretableV2 }

func (panico) Exec(*interpreter.ExecutionFrame) ref.Val { panic("guasto") }

// TestPanicoInValutazione: expressions run straight from their plan, not
// through cel.Program.Eval; a panic in one is still recovered, once per
// evaluation, into the coded error Eval would have given.
func TestPanicoInValutazione(t *testing.T) {
	e, err := Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	p := e.calcolo["cds186"]
	var c *passoC
	for _, c = range p.passi {
		if c.s.Tipo == "calcola" && c.prg.radice != nil {
			break
		}
	}
	c.prg.radice = panico{c.prg.radice}
	r := &Richiesta{Fattispecie: "cds186", Data: NewData(2025, 6, 10), Pena: Pena{Ammenda: NewImporto("1500")}}
	_, err = e.Evaluate(r)
	var er *Errore
	if !errors.As(err, &er) || er.Codice != "calcolo_impossibile" || !strings.Contains(er.Messaggio, c.s.ID) || !strings.Contains(er.Messaggio, "guasto") {
		t.Fatalf("Evaluate = %v; atteso calcolo_impossibile per %s", err, c.s.ID)
	}
	// The pooled state of the failed evaluation is clean: the next one,
	// on a program without the fault, answers.
	c.prg.radice = c.prg.radice.(panico).InterpretableV2
	if res, err := e.Evaluate(r); err != nil || res.Giorni != 6 {
		t.Fatalf("dopo il panico: %v, %v", res, err)
	}
}
