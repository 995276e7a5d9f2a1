package motore

import (
	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/parser"
)

// Parts of an expression that always fail.
//
// A part that reads no name — literals, and calls on literals: 100 / 0,
// resto(7, 0) — has the same value on every case, so if it fails, the
// rule fails wherever it runs (regola_fallita). cel-go's constant folding
// leaves such a part as it is (an error is not a literal), and so would
// the load. sempreInErrore runs each such part once, at load, with
// cel-go, so that the load says where it is. Every function of the rules
// is a pure one (celx), so a value computed once is the value of every
// evaluation. (The constructors on literals, decimale("1,5"), are built
// when the rule is planned, which fails the load in the same way: see
// costruttori.)

// costanteInErrore is a constant part of an expression that fails: its
// text, where it starts in the expression's source (CEL's line, from 1,
// and column, from 0) and cel-go's error.
type costanteInErrore struct {
	testo     string
	riga, col int
	err       error
}

// sempreInErrore lists the largest constant parts of a that fail; env
// plans and runs them (Base: every function of the rules). Each part is run once, as a
// whole (1 + 1 + 1 is one part, not three; false && 1 / 0 == 0 is one
// part, and false), so the work is that of running the expression once.
// A part that fails is reported even in a branch that may not run (x > 0
// ? 1 / 0 : 1): it fails whenever it runs, which no rule means, and
// cel-go's constant folding (Pota) would try it again and again.
func sempreInErrore(env *cel.Env, a *cel.Ast) []costanteInErrore {
	nat := a.NativeRep()
	info := nat.SourceInfo()
	var out []costanteInErrore
	// prova runs a part whose parent is not constant, if it is a
	// constant call or list.
	prova := func(e celast.Expr, costante bool) {
		if !costante || e.Kind() == celast.LiteralKind {
			return
		}
		if err := valutaCostante(env, a, e); err != nil {
			testo, _ := parser.Unparse(e, info)
			loc := info.GetLocationByOffset(inizio(e, info))
			out = append(out, costanteInErrore{testo: testo, riga: loc.Line(), col: loc.Column(), err: err})
		}
	}
	// visita reports whether e reads no name, and runs the largest
	// constant parts below it when it does.
	var visita func(e celast.Expr) bool
	// parti: the parts es of a part that is not constant, or of a part
	// that is (costante: all of es are constant), whose constant ones are
	// run unless their parent is.
	parti := func(costante bool, es ...celast.Expr) bool {
		c := make([]bool, len(es))
		for i, x := range es {
			c[i] = visita(x)
			costante = costante && c[i]
		}
		if !costante {
			for i, x := range es {
				prova(x, c[i])
			}
		}
		return costante
	}
	visita = func(e celast.Expr) bool {
		switch e.Kind() {
		case celast.LiteralKind:
			return true
		case celast.ListKind:
			l := e.AsList()
			return parti(len(l.OptionalIndices()) == 0, l.Elements()...)
		case celast.SelectKind:
			parti(false, e.AsSelect().Operand())
		case celast.MapKind:
			for _, el := range e.AsMap().Entries() {
				parti(false, el.AsMapEntry().Key(), el.AsMapEntry().Value())
			}
		case celast.ComprehensionKind:
			c := e.AsComprehension()
			parti(false, c.IterRange(), c.AccuInit(), c.LoopCondition(), c.LoopStep(), c.Result())
		case celast.CallKind:
			c := e.AsCall()
			args := c.Args()
			if c.IsMemberFunction() {
				args = append([]celast.Expr{c.Target()}, args...)
			}
			// (a constructor is built when the rule is planned, which
			// fails the load on a literal it cannot build)
			return parti(!costruttori[c.FunctionName()], args...)
		}
		return false
	}
	prova(nat.Expr(), visita(nat.Expr()))
	return out
}

// valutaCostante runs e, a part of a that reads no name: its error, if
// it has one. A part cel-go cannot plan is not run.
func valutaCostante(env *cel.Env, a *cel.Ast, e celast.Expr) error {
	if e.ID() != a.NativeRep().Expr().ID() {
		// The part as an expression of its own, checked already: its
		// nodes' types and references (the protobuf form is cel-go's one
		// way to make a cel.Ast of a checked expression).
		nat := a.NativeRep()
		tipi, rif := map[int64]*types.Type{}, map[int64]*celast.ReferenceInfo{}
		celast.PostOrderVisit(e, celast.NewExprVisitor(func(x celast.Expr) {
			if t, ok := nat.TypeMap()[x.ID()]; ok {
				tipi[x.ID()] = t
			}
			if r, ok := nat.ReferenceMap()[x.ID()]; ok {
				rif[x.ID()] = r
			}
		}))
		pb, err := celast.ToProto(celast.NewCheckedAST(celast.NewAST(e, celast.NewSourceInfo(nil)), tipi, rif))
		if err != nil {
			return nil
		}
		a = cel.CheckedExprToAst(pb)
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
