package motore

import (
	"maps"
	"slices"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/containers"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Steps that cannot apply to a case, and expressions folded for it.
//
// A rule file that serves several cases (Conf.PotaPer names the input
// that says which) often begins its conditions by naming one (caso ==
// "a" && …): run for another case, they are all false, every time. At
// load, cel-go's static optimizer writes each case, and the parameters
// with one value over the file's vigenza, as literals into every
// condition and value that reads that input (letterali), and folds the
// constants. A step whose condition folds to false is left out of that
// case's list of steps: such a step, run, would add nothing (a false
// condition adds no reason, caveat or refusal; steps with a testo_no,
// shown when false, are always run). A condition or value that folds to
// fewer operations runs, for that case, as cel-go folded it: the same
// value, from less work.

// potabile: a step that adds nothing when its condition is false.
func potabile(c *passoC) bool {
	return !c.calcola && c.testoNo == nil && c.mostra == nil
}

// caso is what a program runs for one case (see Pota): its steps, and
// by slot those that compute it (Esecuzione.calcolaSuRichiesta).
type caso struct {
	passi      []*passoC
	produttori [][]*passoC
}

// Pota builds, for each of casi (the values of Conf.PotaPer), the list
// of p's steps that may apply to it, where that list is shorter than all
// of them, and plans for it, as a version of their step (passoC.orig),
// the conditions and values that fold to fewer operations once the case
// is known: fattispecie == "map" && convenzione == "nessuna" is false
// for cds186, and convenzione == "nessuna" && fattispecie != "map" is
// convenzione == "nessuna". The checked expressions and the environment
// kept for it are then let go.
func (p *Programma) Pota(casi []string) {
	defer func() {
		for _, c := range p.passi {
			c.cond = nil
		}
		p.amb = nil
	}()
	if p.amb == nil {
		return
	}
	var candidati, conCostanti []*passoC
	costanti := letterali{}
	letti := map[string]bool{} // the names the expressions to fold read
	for _, c := range p.passi {
		if c.cond == nil || Comprensioni(c.cond) {
			continue
		}
		nomi := Riferimenti(c.cond)
		for _, n := range nomi {
			if _, fatto := costanti[n]; !fatto {
				costanti[n] = p.costanteLetterale(n)
			}
		}
		if piegabile(c.cond, costanti) {
			conCostanti = append(conCostanti, c)
		}
		if p.conf.PotaPer != "" && slices.Contains(nomi, p.conf.PotaPer) {
			candidati = append(candidati, c)
		}
		if len(conCostanti) > 0 && conCostanti[len(conCostanti)-1] == c || len(candidati) > 0 && candidati[len(candidati)-1] == c {
			for _, n := range nomi {
				letti[n] = true
			}
		}
	}
	env := p.ambientePiega(letti)
	maps.DeleteFunc(costanti, func(_ string, v ref.Val) bool { return v == nil })
	piega, err := cel.NewConstantFoldingOptimizer()
	if err != nil {
		return
	}
	solo, err := cel.NewStaticOptimizer(piega)
	if err != nil {
		return
	}
	// The constants first, for every case: legge.ore_giornaliere_max *
	// legge.giorni_settimana is 56, -legge.fondo_giorni_anticipo -10.
	if len(conCostanti) > 0 {
		opt, err := cel.NewStaticOptimizer(letteraliPiegati{costanti, piega})
		if err != nil {
			return
		}
		for _, c := range conCostanti {
			if a := PiegaTutto(env, opt, solo, c.cond); a != nil && operazioni(a) < operazioni(c.cond) {
				if prg := p.piegato(c, a); prg != nil {
					c.prg, c.cond = prg, a
				}
			}
		}
	}
	piegati := map[*passoC]map[string]*programmaCEL{} // by step, by folded source
	// A condition that reads the case only to compare it with texts it
	// writes (caso == "a", caso in ["a", "b"]) folds alike for the cases
	// that are among the texts of the same comparisons (the same firma:
	// all those it does not name, above all): it is folded once for them.
	confr := map[*passoC][]map[string]bool{}
	for _, c := range candidati {
		if cf, ok := confronti(c.cond, p.conf.PotaPer, costanti); ok {
			confr[c] = cf
		}
	}
	type piegatura struct{ a *cel.Ast }
	perFirma := map[*passoC]map[string]piegatura{}
	for _, f := range casi {
		if len(candidati) == 0 {
			break
		}
		noti := maps.Clone(costanti)
		noti[p.conf.PotaPer] = types.String(f)
		opt, err := cel.NewStaticOptimizer(letteraliPiegati{noti, piega})
		if err != nil {
			return
		}
		versione := map[*passoC]*passoC{} // nil: left out
		for _, c := range candidati {
			cf, raggruppa := confr[c]
			var fc string
			if raggruppa {
				fc = firma(cf, f)
			}
			var a *cel.Ast
			if pg, fatto := perFirma[c][fc]; raggruppa && fatto {
				a = pg.a
			} else {
				a = PiegaTutto(env, opt, solo, c.cond)
				if raggruppa {
					if perFirma[c] == nil {
						perFirma[c] = map[string]piegatura{}
					}
					perFirma[c][fc] = piegatura{a}
				}
			}
			switch {
			case a == nil:
			case potabile(c) && a.NativeRep().Expr().Kind() == ast.LiteralKind && a.NativeRep().Expr().AsLiteral() == types.False:
				versione[c] = nil
			case operazioni(a) < operazioni(c.cond):
				// (one plan for the cases a step folds alike:
				// convenzione == "nessuna" for most fattispecie)
				src, err := cel.AstToString(a)
				prg := piegati[c][src]
				if prg == nil || err != nil {
					if prg = p.piegato(c, a); prg != nil && err == nil {
						if piegati[c] == nil {
							piegati[c] = map[string]*programmaCEL{}
						}
						piegati[c][src] = prg
					}
				}
				if prg != nil {
					v := *c
					v.prg, v.cond, v.orig = prg, nil, c
					versione[c] = &v
				}
			}
		}
		if len(versione) == 0 {
			continue
		}
		k := &caso{produttori: p.tab.produttori}
		propri := false // k.produttori is a copy of the file's
		for _, c := range p.passi {
			v, ok := versione[c]
			switch {
			case !ok:
				k.passi = append(k.passi, c)
			case v != nil:
				k.passi = append(k.passi, v)
				if c.calcola && c.slot >= 0 {
					if !propri {
						k.produttori, propri = slices.Clone(p.tab.produttori), true
					}
					pr := slices.Clone(k.produttori[c.slot])
					pr[slices.Index(pr, c)] = v
					k.produttori[c.slot] = pr
				}
			}
		}
		if p.casi == nil {
			p.casi = map[string]*caso{}
		}
		p.casi[f] = k
	}
}

// confronti reports whether the checked expression a reads the input
// per (the case) only where it compares it with texts it names: per ==
// "a", "a" != per, per in ["a", "b"], the text or list of texts also
// being a parameter in costanti. It returns the texts of each comparison.
// Once the case is written as a literal, every such comparison is made
// of literals and folds away, to whether the case is among its texts:
// two cases that are among the texts of the same comparisons (the same
// firma) fold to the same expression.
func confronti(a *cel.Ast, per string, costanti letterali) ([]map[string]bool, bool) {
	var out []map[string]bool
	testo := func(e ast.Expr, in map[string]bool) bool {
		var v ref.Val
		switch e.Kind() {
		case ast.LiteralKind:
			v = e.AsLiteral()
		case ast.IdentKind, ast.SelectKind:
			v = costanti[nomeDi(e)]
		}
		s, ok := v.(types.String)
		if ok {
			in[string(s)] = true
		}
		return ok
	}
	testi := func(e ast.Expr, in map[string]bool) bool {
		switch e.Kind() {
		case ast.ListKind:
			return !slices.ContainsFunc(e.AsList().Elements(), func(x ast.Expr) bool { return !testo(x, in) })
		case ast.IdentKind, ast.SelectKind:
			l, ok := costanti[nomeDi(e)].(traits.Lister)
			if !ok {
				return false
			}
			for it := l.Iterator(); it.HasNext() == types.True; {
				s, ok := it.Next().(types.String)
				if !ok {
					return false
				}
				in[string(s)] = true
			}
			return true
		}
		return false
	}
	èCaso := func(e ast.Expr) bool { return e.Kind() == ast.IdentKind && e.AsIdent() == per }
	ok := true
	var visita func(e ast.Expr)
	visita = func(e ast.Expr) {
		if !ok {
			return
		}
		switch e.Kind() {
		case ast.IdentKind:
			ok = e.AsIdent() != per
		case ast.SelectKind:
			visita(e.AsSelect().Operand())
		case ast.CallKind:
			call := e.AsCall()
			args := call.Args()
			if !call.IsMemberFunction() && len(args) == 2 {
				in := map[string]bool{}
				switch call.FunctionName() {
				case operators.Equals, operators.NotEquals:
					if èCaso(args[0]) && testo(args[1], in) || èCaso(args[1]) && testo(args[0], in) {
						out = append(out, in)
						return
					}
				case operators.In:
					if èCaso(args[0]) && testi(args[1], in) {
						out = append(out, in)
						return
					}
				}
			}
			if call.IsMemberFunction() {
				visita(call.Target())
			}
			for _, x := range args {
				visita(x)
			}
		case ast.ListKind:
			for _, x := range e.AsList().Elements() {
				visita(x)
			}
		case ast.LiteralKind:
		default:
			// (maps, messages and comprehensions: not among the
			// conditions pruned, see Pota)
			ok = false
		}
	}
	visita(a.NativeRep().Expr())
	return out, ok
}

// firma is, for each comparison of confronti, whether caso is among its
// texts.
func firma(confronti []map[string]bool, caso string) string {
	b := make([]byte, len(confronti))
	for i, in := range confronti {
		b[i] = '0'
		if in[caso] {
			b[i] = '1'
		}
	}
	return string(b)
}

// ambientePiega is the environment in which Pota folds: Base with just
// the names the expressions to fold read (nomi), with their types in the
// file's. cel-go's folding marks every name of its environment unknown
// for each part of an expression it folds (an AttributePattern each),
// and the file's environment declares some fifty. A checked expression
// reads its names as resolved identifiers: checked again, as the static
// optimizer does after folding, it reads the same ones with the same
// types, and needs no other (its comprehensions, whose local variables
// the checker resolves too, are not folded: see Pota). It is the file's
// environment (with every name it declares) if one of nomi is not in
// the table.
func (p *Programma) ambientePiega(nomi map[string]bool) *cel.Env {
	decls := make([]cel.EnvOption, 0, len(nomi))
	for _, n := range slices.Sorted(maps.Keys(nomi)) {
		k, ok := p.tab.idx[n]
		if !ok {
			return p.amb.Completo()
		}
		decls = append(decls, cel.Variable(n, p.tab.slots[k].tipo))
	}
	env, err := Base.Extend(decls...)
	if err != nil {
		return p.amb.Completo()
	}
	return env
}

// piegato plans a, the folded expression of step c; nil if it cannot
// be (it can: it does less than c's). Its estimate stays the one of the
// expression as written, which the budget of the file was checked on.
func (p *Programma) piegato(c *passoC, a *cel.Ast) *programmaCEL {
	var ps spec.Problems
	prg := pianifica(p.tab, a, c.s.Espr, "", &ps, c.prg.costo, c.prg.dim)
	if prg == nil || len(ps) > 0 {
		return nil
	}
	return prg
}

// piegabile reports whether folding can do something to a once the
// names in costanti are literals: a call whose arguments are all
// constant, or a &&, || or ?: with a constant operand. Folding an
// expression costs about as much as checking it: the rest are not
// tried, nor an expression with a constructor of the library on literals
// (decimale("0")), whose value CEL cannot write as a literal: cel-go's
// folding gives up on the whole expression.
func piegabile(a *cel.Ast, costanti letterali) bool {
	costante := func(e ast.Expr) bool {
		switch e.Kind() {
		case ast.LiteralKind:
			return true
		case ast.IdentKind, ast.SelectKind:
			return costanti[nomeDi(e)] != nil
		}
		return false
	}
	trovato, impossibile := false, false
	ast.PostOrderVisit(a.NativeRep().Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.Kind() != ast.CallKind {
			return
		}
		call := e.AsCall()
		if costruttori[call.FunctionName()] {
			impossibile = true
			return
		}
		args := call.Args()
		if call.IsMemberFunction() {
			args = append([]ast.Expr{call.Target()}, args...)
		}
		switch call.FunctionName() {
		case operators.LogicalAnd, operators.LogicalOr:
			trovato = trovato || slices.ContainsFunc(args, costante)
		case operators.Conditional:
			trovato = trovato || costante(args[0])
		default:
			trovato = trovato || len(args) > 0 && !slices.ContainsFunc(args, func(e ast.Expr) bool { return !costante(e) })
		}
	}))
	return trovato && !impossibile
}

// operazioni counts the calls, comprehensions and maps of an
// expression: what folding saves at run time (a name written as a
// literal saves nothing, the plan reads a constant parameter as a
// constant anyway; but a mappa written as a literal that folding could
// not fold away would be built at each evaluation).
func operazioni(a *cel.Ast) int {
	n := 0
	ast.PostOrderVisit(a.NativeRep().Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if k := e.Kind(); k == ast.CallKind || k == ast.ComprehensionKind || k == ast.MapKind {
			n++
		}
	}))
	return n
}

// costanteLetterale is the parameter nome, when it has one value over
// the whole vigenza of the file and that value is one CEL writes as a
// literal (a text, an integer, a boolean, a list of texts, a mappa: a
// map of texts to lists of texts); nil otherwise. A mappa written in the
// expressions that read it folds with the case: legge.m[fattispecie] is
// the case's list, fattispecie in legge.m true or false.
func (p *Programma) costanteLetterale(nome string) ref.Val {
	k, ok := p.tab.idx[nome]
	if !ok {
		return nil
	}
	switch x := costante(p.tab, k, p.tab.vigenza).(type) {
	case types.String, types.Int, types.Bool:
		return x
	case traits.Lister:
		if testi(x) {
			return x
		}
	case traits.Mapper:
		for it := x.Iterator(); it.HasNext() == types.True; {
			k := it.Next()
			if l, ok := x.Get(k).(traits.Lister); !ok || k.Type() != types.StringType || !testi(l) {
				return nil
			}
		}
		return x
	}
	return nil
}

// testi reports whether every element of l is a text.
func testi(l traits.Lister) bool {
	for it := l.Iterator(); it.HasNext() == types.True; {
		if _, ok := it.Next().(types.String); !ok {
			return false
		}
	}
	return true
}

// letterali is an optimizer for cel-go's static optimizer: it writes
// known values (the case, and the parameters with one value over the
// file's vigenza) as literals where an expression reads their names, for
// cel-go's folding to work on. cel-go's own inlining binds a name read
// more than once with cel.bind, a comprehension the folding does not see
// through: fattispecie != "map" && fattispecie != "dpr309_73" stayed as
// it was.
type letterali map[string]ref.Val

func (l letterali) Optimize(ctx *cel.OptimizerContext, a *ast.AST) *ast.AST {
	// (the names in the order ast.MatchDescendants would give them, on
	// the expression itself: its navigable tree, a wrapper for each node,
	// cost more than the rest)
	var nomi []ast.Expr
	ast.PostOrderVisit(a.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if l[nomeDi(e)] != nil {
			nomi = append(nomi, e)
		}
	}))
	for _, e := range nomi {
		if lit := scriviLetterale(ctx, l[nomeDi(e)]); lit != nil {
			ctx.UpdateExpr(e, lit)
		}
	}
	return a
}

// letteraliPiegati writes the known values as literals (letterali) and
// folds with cel-go's folding (piega) in one step of cel-go's static
// optimizer: the static optimizer checks the expression again after each
// step, and the literals need no check of their own before folding
// (cel-go plans and runs the constant parts it folds, whose literals
// have their value, not their type, from the AST). The same expressions
// as with two steps, each checked: TestLetteraliPiegati.
type letteraliPiegati struct {
	l     letterali
	piega cel.ASTOptimizer
}

func (o letteraliPiegati) Optimize(ctx *cel.OptimizerContext, a *ast.AST) *ast.AST {
	return o.piega.Optimize(ctx, o.l.Optimize(ctx, a))
}

// nomeDi is the name an identifier or a chain of field selections
// reads (legge.ore_per_giorno), "" for any other expression and for a
// presence test.
func nomeDi(e ast.Expr) string {
	n, _ := containers.ToQualifiedName(e)
	return n
}

// scriviLetterale writes v (see costanteLetterale) as a CEL literal; a
// map's entries in the order of their keys.
func scriviLetterale(ctx *cel.OptimizerContext, v ref.Val) ast.Expr {
	switch x := v.(type) {
	case traits.Mapper:
		var chiavi []string
		for it := x.Iterator(); it.HasNext() == types.True; {
			chiavi = append(chiavi, string(it.Next().(types.String)))
		}
		slices.Sort(chiavi)
		voci := make([]ast.EntryExpr, len(chiavi))
		for i, k := range chiavi {
			voci[i] = ctx.NewMapEntry(ctx.NewLiteral(types.String(k)), scriviLetterale(ctx, x.Get(types.String(k))), false)
		}
		return ctx.NewMap(voci)
	case traits.Lister:
		var elems []ast.Expr
		for it := x.Iterator(); it.HasNext() == types.True; {
			elems = append(elems, ctx.NewLiteral(it.Next()))
		}
		return ctx.NewList(elems, nil)
	}
	return ctx.NewLiteral(v)
}
