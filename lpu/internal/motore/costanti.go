package motore

import (
	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/parser"
)

// Parts of an expression that fail on every case.
//
// A part that reads no name — literals, and calls on literals: 100 / 0,
// resto(7, 0) — has the same value on every case, so if it fails, the
// rule fails wherever it runs (regola_fallita).
// cel-go's constant folding leaves such a part as it is (an error is not
// a literal), and so would the load. sempreInErrore evaluates each such
// call once, at load, with cel-go, so that the load says where it is.
// Every function of the rules is a pure one (celx), so a value computed
// once is the value of every evaluation. (The constructors on literals,
// decimale("1,5"), are built when the rule is planned, which fails the
// load in the same way: see costruttori.)

// costanteInErrore is the smallest constant part of an expression that
// fails: its text, where it starts in the expression's source (CEL's
// line, from 1, and column, from 0) and cel-go's error.
type costanteInErrore struct {
	testo     string
	riga, col int
	err       error
}

// sempreInErrore lists the constant calls of a that fail, the innermost
// ones (a call on a failing part is not listed again); env is the
// environment a was checked in. A part that may not run — a branch of
// &&, || or ?:, the body of a macro — is evaluated only as part of the
// whole it belongs to: false && 1 / 0 == 0 is false.
func sempreInErrore(env *cel.Env, a *cel.Ast) []costanteInErrore {
	nat := a.NativeRep()
	info := nat.SourceInfo()
	var out []costanteInErrore
	// visita reports whether e reads no name, and whether it fails.
	var visita func(e celast.Expr, forse bool) (costante, fallita bool)
	visita = func(e celast.Expr, forse bool) (bool, bool) {
		switch e.Kind() {
		case celast.LiteralKind:
			return true, false
		case celast.ListKind:
			l := e.AsList()
			costante, fallita := len(l.OptionalIndices()) == 0, false
			for _, el := range l.Elements() {
				c, f := visita(el, forse)
				costante, fallita = costante && c, fallita || f
			}
			return costante && !fallita, fallita
		case celast.SelectKind:
			_, f := visita(e.AsSelect().Operand(), forse)
			return false, f
		case celast.MapKind:
			f := false
			for _, el := range e.AsMap().Entries() {
				k, v := el.AsMapEntry().Key(), el.AsMapEntry().Value()
				_, fk := visita(k, forse)
				_, fv := visita(v, forse)
				f = f || fk || fv
			}
			return false, f
		case celast.ComprehensionKind:
			c := e.AsComprehension()
			_, f1 := visita(c.IterRange(), forse)
			_, f2 := visita(c.AccuInit(), forse)
			visita(c.LoopCondition(), true)
			visita(c.LoopStep(), true)
			visita(c.Result(), true)
			return false, f1 || f2
		case celast.CallKind:
		default:
			return false, false
		}
		c := e.AsCall()
		if costruttori[c.FunctionName()] {
			// built once when the rule is planned, which fails the
			// load on a literal that cannot be built (decoratore)
			return false, false
		}
		figli := c.Args()
		if c.IsMemberFunction() {
			figli = append([]celast.Expr{c.Target()}, figli...)
		}
		costante, fallita := true, false
		for i, f := range figli {
			ramo := forse
			switch c.FunctionName() {
			case operators.LogicalAnd, operators.LogicalOr:
				ramo = true
			case operators.Conditional:
				ramo = forse || i > 0
			}
			cf, ff := visita(f, ramo)
			costante = costante && cf
			fallita = fallita || (ff && !ramo)
		}
		if fallita || !costante {
			return false, fallita
		}
		if forse {
			return true, false
		}
		if err := valutaCostante(env, e, info); err != nil {
			testo, _ := parser.Unparse(e, info)
			loc := info.GetLocationByOffset(inizio(e, info))
			out = append(out, costanteInErrore{testo: testo, riga: loc.Line(), col: loc.Column(), err: err})
			return false, true
		}
		return true, false
	}
	visita(nat.Expr(), false)
	return out
}

// valutaCostante evaluates a part that reads no name: its error, if it
// has one. A part cel-go cannot write back or plan is not evaluated.
func valutaCostante(env *cel.Env, e celast.Expr, info *celast.SourceInfo) error {
	src, err := parser.Unparse(e, info)
	if err != nil {
		return nil
	}
	a, iss := env.Compile(src)
	if iss.Err() != nil {
		return nil
	}
	// A part too costly to run is not run here: the plan reports its
	// cost (a rule overlay may be hostile: "…".replace() on itself).
	if c, err := env.EstimateCost(a, &stimatore{tab: &simboli{}}); err != nil || c.Max > costLimit {
		return nil
	}
	prg, err := env.Program(a, cel.CostLimit(costLimit))
	if err != nil {
		return nil
	}
	out, _, err := prg.Eval(cel.NoVars())
	if err == nil && types.IsError(out) {
		err = out.(*types.Err)
	}
	return err
}

// inizio is the offset where the text of e begins: cel-go places a call
// at its operator (100 / 0 at the /) or at the parenthesis after the
// function's name.
func inizio(e celast.Expr, info *celast.SourceInfo) int32 {
	primo := int32(-1)
	celast.PostOrderVisit(e, celast.NewExprVisitor(func(x celast.Expr) {
		r, ok := info.GetOffsetRange(x.ID())
		if !ok {
			return
		}
		if x.Kind() == celast.CallKind && !x.AsCall().IsMemberFunction() && nomeFunzione(x.AsCall().FunctionName()) {
			r.Start -= int32(len(x.AsCall().FunctionName())) // decimale("1,5") at its (
		}
		if primo < 0 || r.Start < primo {
			primo = r.Start
		}
	}))
	return max(primo, 0)
}

// nomeFunzione: a function written by its name (not an operator: _/_,
// !_, @in).
func nomeFunzione(s string) bool {
	for i, r := range s {
		if !(r == '_' && i > 0 || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}
