package lpu

import (
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/parser"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Limits of the CEL parser, for the environment and for prattParser.
const (
	limiteRicorsione = 64   // nesting of an expression
	limiteCaratteri  = 4000 // characters (code points) of an expression
)

// prattParser is cel-go's other parser of the same grammar, a
// hand-written Pratt parser: six to eight times faster than the ANTLR
// parser of cel.Env.Compile, which was a third of a load. Its options are
// the ones the environment gives its own parser.
var prattParser = func() *parser.Parser {
	p, err := parser.NewParser(parser.EnablePrattParser(true), parser.Macros(baseEnv.Macros()...),
		parser.MaxRecursionDepth(limiteRicorsione), parser.ExpressionSizeCodePointLimit(limiteCaratteri))
	if err != nil {
		panic(err) // the options themselves are wrong: a programming error
	}
	return p
}()

// ambiente is the CEL environment in which the expressions of a file
// are checked: its inputs and parameters, and the names computed by the
// steps before. Each calcola step declares a name for the steps after
// it, and cel.Env.Extend costs about as much as checking an expression
// (it copies the environment, and the first check builds a checker of
// all its names): so the names wait, in attesa, until an expression
// reads one of them, and are then declared all at once.
type ambiente struct {
	env     *cel.Env
	attesa  []cel.EnvOption
	nomi    map[string]bool // the names in attesa
	comp    opzioniCompila
	vigenza spec.Vigenza // the file's
}

// opzioniCompila turns off, for the tests that compare, what the loader
// does to save work at run time.
type opzioniCompila struct {
	// senzaCostanti: parameters constant over a file's vigenza are read
	// at run time, not written into the texts at load.
	senzaCostanti bool
}

func (a *ambiente) dichiara(nome string, t *cel.Type) {
	a.attesa = append(a.attesa, cel.Variable(nome, t))
	a.nomi[nome] = true
}

// completo is the environment with every name declared so far.
func (a *ambiente) completo() *cel.Env {
	if len(a.attesa) > 0 {
		// Extend fails only for a declaration the environment cannot
		// take, which the checks before it (a new name, an allowed type)
		// rule out; were it to fail, the names would stay undeclared, and
		// the expressions reading them be reported.
		if env, err := a.env.Extend(a.attesa...); err == nil {
			a.env = env
		}
		a.attesa = nil
		clear(a.nomi)
	}
	return a.env
}

// legge reports whether a parsed expression may read a name in attesa:
// whether one of its identifiers (a name, or the first part of a
// qualified one) is such a name.
func (a *ambiente) legge(parsed *celast.AST) bool {
	if len(a.nomi) == 0 {
		return false
	}
	trovato := false
	celast.PostOrderVisit(parsed.Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		trovato = trovato || e.Kind() == celast.IdentKind && a.nomi[e.AsIdent()]
	}))
	return trovato
}

// compilaCEL parses and type-checks src in the environment of amb: what
// env.Compile(src) does in the environment with every name declared so
// far, with the same result, messages and positions. An expression the
// Pratt parser reads without error, and that is within the bounds where
// the two parsers are known to agree (see prattSicuro), is parsed by it
// and checked by the environment; any other — an expression with a
// syntax error above all, whose messages are the ANTLR parser's — goes
// through env.Compile as before. TestPrattComeANTLR compares the two
// parsers.
//
// An expression that reads no name in attesa checks alike without
// them: the checker resolves only the names it meets. An expression
// with a problem, though, is compiled again from its source by
// env.Compile in the complete environment, as before: the message may
// suggest a declared name ("did you mean 'giorni'?"), and the checker
// has rewritten parts of the expression it checked.
func compilaCEL(amb *ambiente, src string) (*cel.Ast, *cel.Issues) {
	a := analizzaPratt(src)
	if a == nil {
		return amb.completo().Compile(src)
	}
	env := amb.env
	if amb.legge(a.NativeRep()) {
		env = amb.completo()
	}
	ast, iss := env.Check(a)
	if iss != nil && iss.Err() != nil {
		return amb.completo().Compile(src)
	}
	return ast, iss
}

// analizzaPratt is the parsed expression of src as cel.Env.Parse would
// give it, or nil when src should be parsed by cel.Env.Parse itself.
func analizzaPratt(src string) *cel.Ast {
	s, err := common.NewTextSourceWithLimit(src, limiteCaratteri)
	if err != nil {
		return nil
	}
	parsed, errs := prattParser.Parse(s)
	if len(errs.GetErrors()) > 0 || !prattSicuro(parsed, src) {
		return nil
	}
	// cel.Ast has no constructor from a parsed expression but its
	// protobuf form: the round trip costs far less than the ANTLR parse.
	pb, err := celast.ToProto(parsed)
	if err != nil {
		return nil
	}
	a, err := cel.CheckedExprToAstWithSource(pb, s)
	if err != nil {
		return nil
	}
	return a
}

// prefissoRB reports whether src has a bytes literal prefixed rb'…',
// which only the Pratt parser reads (CEL writes br'…'); a regular
// expression cost more than the check it guards.
func prefissoRB(src string) bool {
	for i := 0; i+2 < len(src); i++ {
		if (src[i] == 'r' || src[i] == 'R') && (src[i+1] == 'b' || src[i+1] == 'B') && (src[i+2] == '\'' || src[i+2] == '"') {
			return true
		}
	}
	return false
}

// prattSicuro reports whether a parsed expression is one the two parsers
// read alike. They differ in two ways (found by comparing them, see
// TestPrattComeANTLR):
//
//   - a name with a leading dot (.x), which the Pratt parser places one
//     character before the ANTLR parser does;
//   - how they count nesting against limiteRicorsione: the ANTLR parser
//     refuses some expressions nested about 60 deep that the Pratt parser
//     reads. The ANTLR parser counts, for each rule of the grammar, the
//     rules open at once; they all enclose the point it is reading, and
//     between two of the same rule there is a node of the expression
//     (an operator, a call, a field, a list…) or a parenthesis (which
//     leaves no node). So its count is at most the depth of the
//     expression plus its parentheses, plus one or two: when that sum is
//     at most half the limit, the two parsers agree. The rules'
//     expressions are far from it.
func prattSicuro(parsed *celast.AST, src string) bool {
	if strings.Contains(src, "0X") || prefissoRB(src) {
		return false
	}
	margine := limiteRicorsione/2 - strings.Count(src, "(")
	if oltre(parsed.Expr(), margine) {
		return false
	}
	punto := false
	celast.PostOrderVisit(parsed.Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		switch e.Kind() {
		case celast.IdentKind:
			punto = punto || strings.HasPrefix(e.AsIdent(), ".")
		case celast.StructKind:
			punto = punto || strings.HasPrefix(e.AsStruct().TypeName(), ".")
		}
	}))
	return !punto
}

// oltre reports whether e has a node n levels below it or deeper (e
// itself is level 0): celast.ExceedsDepth, without building the
// navigable tree it walks, which cost more than the check it serves.
func oltre(e celast.Expr, n int) bool {
	if n <= 0 {
		return true
	}
	switch e.Kind() {
	case celast.CallKind:
		c := e.AsCall()
		if c.IsMemberFunction() && oltre(c.Target(), n-1) {
			return true
		}
		return slices.ContainsFunc(c.Args(), func(a celast.Expr) bool { return oltre(a, n-1) })
	case celast.SelectKind:
		return oltre(e.AsSelect().Operand(), n-1)
	case celast.ListKind:
		return slices.ContainsFunc(e.AsList().Elements(), func(a celast.Expr) bool { return oltre(a, n-1) })
	case celast.MapKind:
		return slices.ContainsFunc(e.AsMap().Entries(), func(v celast.EntryExpr) bool {
			return oltre(v.AsMapEntry().Key(), n-1) || oltre(v.AsMapEntry().Value(), n-1)
		})
	case celast.StructKind:
		return slices.ContainsFunc(e.AsStruct().Fields(), func(v celast.EntryExpr) bool {
			return oltre(v.AsStructField().Value(), n-1)
		})
	case celast.ComprehensionKind:
		c := e.AsComprehension()
		return slices.ContainsFunc([]celast.Expr{c.IterRange(), c.AccuInit(), c.LoopCondition(), c.LoopStep(), c.Result()},
			func(a celast.Expr) bool { return oltre(a, n-1) })
	}
	return false
}
