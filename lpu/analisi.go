package lpu

import (
	"regexp"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/parser"
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

// compilaCEL parses and type-checks src in env: what env.Compile(src)
// does, with the same result, messages and positions. An expression the
// Pratt parser reads without error, and that is within the bounds where
// the two parsers are known to agree (see prattSicuro), is parsed by it
// and checked by env; any other — an expression with a syntax error
// above all, whose messages are the ANTLR parser's — goes through
// env.Compile as before. TestPrattComeANTLR compares the two parsers.
func compilaCEL(env *cel.Env, src string) (*cel.Ast, *cel.Issues) {
	if a := analizzaPratt(src); a != nil {
		return env.Check(a)
	}
	return env.Compile(src)
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

// prefissoRB is a bytes literal prefixed rb'…', which only the Pratt
// parser reads (CEL writes br'…').
var prefissoRB = regexp.MustCompile(`[rR][bB]['"]`)

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
	if strings.Contains(src, "0X") || prefissoRB.MatchString(src) {
		return false
	}
	margine := limiteRicorsione/2 - strings.Count(src, "(")
	if margine <= 0 || celast.ExceedsDepth(parsed, margine) {
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
