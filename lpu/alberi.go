package lpu

import (
	"fmt"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Placeholders that choose or join texts.
//
// Many placeholders choose between two sentences, or join literals and
// numbers: {opzioni.mese == '30_giorni' ? 'mesi di 30 giorni…' : 'mesi
// del calendario comune dal ' + testo(data) + ', art. 14 c.p.'}. As one
// CEL expression, each + makes a new string and copies the ones before
// it. Such a placeholder is compiled instead as a tree whose leaves are
// CEL programs: the condition is evaluated and only the branch chosen is
// written, each piece of a join straight into the text. What is written
// is what the whole expression would give: a join writes its pieces in
// order (CEL's + on strings), string(x) is CEL's own conversion, a leaf
// is formatted as a placeholder is; and an error is the one CEL reports
// first, the left one of a join.

// albero is a placeholder compiled as a tree: one of a literal, a leaf
// (prg), string(prg), a choice (cond ? si : no) or a join (parti).
type albero struct {
	lit       string
	letterale bool
	prg       *programmaCEL
	converti  bool // string(prg)
	stringa   bool // a piece of a join: prg must give a string
	cond      *programmaCEL
	si, no    *albero
	parti     []*albero
}

// conversioniStringa are the overloads of string() whose result is CEL's
// conversion of their argument (stdlib: ConvertToType(StringType)).
var conversioniStringa = map[string]bool{overloads.BoolToString: true, overloads.IntToString: true,
	overloads.UintToString: true, overloads.TimestampToString: true, overloads.DurationToString: true}

// alberoDi returns the tree of a checked placeholder, or nil when the
// expression neither chooses nor joins (or holds a comprehension, whose
// variables a leaf alone could not see).
//
// When the whole placeholder runs as closures (intero.val), each part is
// compiled into closures straight from the checked expression: a part
// of an expression they compile, they compile too, and CEL has checked,
// costed and planned the whole already.
func alberoDi(tab *simboli, a *cel.Ast, intero *programmaCEL, e spec.Expr, perc string) *albero {
	if comprensioni(a) {
		return nil
	}
	nat := a.NativeRep()
	radice := nat.Expr()
	if !sceglieOUnisce(nat, radice) {
		return nil
	}
	c := &costruttore{tab: tab, nat: nat, e: e, perc: perc, chiusure: intero.val != nil}
	t := c.albero(radice)
	if c.fallito {
		return nil
	}
	return t
}

func sceglieOUnisce(nat *celast.AST, e celast.Expr) bool {
	if e.Kind() != celast.CallKind {
		return false
	}
	switch e.AsCall().FunctionName() {
	case operators.Conditional:
		return true
	case operators.Add:
		t, ok := nat.TypeMap()[e.ID()]
		return ok && t.IsExactType(types.StringType)
	}
	return false
}

type costruttore struct {
	tab     *simboli
	nat     *celast.AST
	e       spec.Expr
	perc    string
	fallito bool
	// chiusure: the parts are compiled into closures (see alberoDi)
	chiusure bool
}

func (c *costruttore) albero(e celast.Expr) *albero {
	if e.Kind() == celast.LiteralKind {
		if s, ok := e.AsLiteral().(types.String); ok {
			return &albero{lit: string(s), letterale: true}
		}
	}
	if e.Kind() == celast.CallKind {
		call := e.AsCall()
		args := call.Args()
		switch {
		case sceglieOUnisce(c.nat, e) && call.FunctionName() == operators.Conditional:
			return &albero{cond: c.programma(args[0]), si: c.albero(args[1]), no: c.albero(args[2])}
		case sceglieOUnisce(c.nat, e):
			t := &albero{}
			for _, a := range args {
				s := c.albero(a)
				if s.prg != nil && !s.converti {
					s.stringa = true
				}
				if s.parti != nil {
					t.parti = append(t.parti, s.parti...)
				} else {
					t.parti = append(t.parti, s)
				}
			}
			return t
		case call.FunctionName() == overloads.TypeConvertString && len(args) == 1 && !call.IsMemberFunction():
			if r, ok := c.nat.ReferenceMap()[e.ID()]; ok && len(r.OverloadIDs) == 1 && conversioniStringa[r.OverloadIDs[0]] {
				return &albero{prg: c.programma(args[0]), converti: true}
			}
		}
	}
	return &albero{prg: c.programma(e)}
}

// programma compiles a part of the placeholder as its own program.
func (c *costruttore) programma(e celast.Expr) *programmaCEL {
	if c.chiusure {
		if v := valutatoreNativo(c.tab, c.nat, e); v != nil {
			return &programmaCEL{val: v, radice: &pianoValutatore{v}}
		}
	}
	sub := celast.NewCheckedAST(celast.NewAST(e, c.nat.SourceInfo()), c.nat.TypeMap(), c.nat.ReferenceMap())
	pb, err := celast.ToProto(sub)
	if err != nil {
		c.fallito = true
		return nil
	}
	// The whole placeholder was compiled, its problems reported; a part
	// that has one (none is known) leaves the placeholder whole.
	var scarto spec.Problems
	prg := programma1(c.tab, cel.CheckedExprToAst(pb), c.e, c.perc, &scarto)
	if prg == nil || len(scarto) > 0 {
		c.fallito = true
	}
	return prg
}

// scrivi appends the tree's text to b.
func (x *esecuzione) scrivi(b []byte, t *albero) ([]byte, error) {
	switch {
	case t.letterale:
		return append(b, t.lit...), nil
	case t.cond != nil:
		v, err := x.eval(t.cond)
		if err != nil {
			return b, err
		}
		switch v {
		case types.True:
			return x.scrivi(b, t.si)
		case types.False:
			return x.scrivi(b, t.no)
		}
		return b, fmt.Errorf("no such overload")
	case t.parti != nil:
		var err error
		for _, p := range t.parti {
			if b, err = x.scrivi(b, p); err != nil {
				return b, err
			}
		}
		return b, nil
	}
	v, err := x.eval(t.prg)
	if err != nil {
		return b, err
	}
	if t.converti {
		v = v.ConvertToType(types.StringType)
	}
	if t.converti || t.stringa {
		s, ok := v.(types.String)
		if !ok {
			if types.IsError(v) {
				return b, v.(*types.Err)
			}
			return b, fmt.Errorf("no such overload")
		}
		return append(b, s...), nil
	}
	return appendFormatta(b, v), nil
}
