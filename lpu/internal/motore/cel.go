package motore

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/containers"
	"cel.dev/cel-go/ext"
	"cel.dev/cel-go/parser"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/celx"
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
	p, err := parser.NewParser(parser.EnablePrattParser(true), parser.Macros(Base.Macros()...),
		parser.MaxRecursionDepth(limiteRicorsione), parser.ExpressionSizeCodePointLimit(limiteCaratteri))
	if err != nil {
		panic(err) // the options themselves are wrong: a programming error
	}
	return p
}()

// Ambiente is the CEL environment in which the expressions of a file
// are checked: its inputs and parameters, and the names computed by the
// steps before. Each calcola step declares a name for the steps after
// it, and cel.Env.Extend costs about as much as checking an expression
// (it copies the environment, and the first check builds a checker of
// all its names): so the names wait, in attesa, until an expression
// reads one of them, and are then declared all at once.
type Ambiente struct {
	env    *cel.Env
	attesa []cel.EnvOption
	nomi   map[string]bool // the names in attesa
	// tipi are the declared names (those in attesa too) and their types,
	// for the key of cache (see CompilaCEL); nil without a cache.
	tipi  map[string]*cel.Type
	cache *CacheCEL
	// Comp are the options of the compilation, Vigenza the file's.
	Comp    OpzioniCompila
	Vigenza spec.Vigenza
	// Etichette are the labels the file's texts write with etichetta
	// (see scriviEtichette); nil: none.
	Etichette *Etichette
	// Dichiarati are the names whose values are declared: a comparison
	// of one with a text none of them is a problem (see dichiarati.go);
	// nil: none.
	Dichiarati map[string]Dichiarato
	// letti, when not nil, gathers the reads of computed values by the
	// file's steps, for controllaLetture (see letture.go).
	letti *[]letto
	// Ignoto says what an expression here may read, after «nome
	// sconosciuto «x»: » (empty: a rule file's fields, parameters and
	// computed values).
	Ignoto string
}

// NuovoAmbiente is the environment of a file whose inputs and parameters
// env declares; the names its steps compute are declared with Dichiara.
func NuovoAmbiente(env *cel.Env, comp OpzioniCompila, vigenza spec.Vigenza) *Ambiente {
	return &Ambiente{env: env, nomi: map[string]bool{}, Comp: comp, Vigenza: vigenza}
}

// OpzioniCompila turns off, for the tests that compare, what the loader
// does to save work at run time.
type OpzioniCompila struct {
	// SenzaCostanti: parameters constant over a file's vigenza are read
	// at run time, not written into the texts at load.
	SenzaCostanti bool
}

// Dichiara declares a name computed by a step, for the steps after it.
func (a *Ambiente) Dichiara(nome string, t *cel.Type) {
	a.attesa = append(a.attesa, cel.Variable(nome, t))
	a.nomi[nome] = true
	if a.tipi != nil {
		a.tipi[nome] = t
	}
}

// CacheCEL keeps the expressions checked in a load (by CompilaCEL), for
// the files and steps that write the same expression again (33 steps
// of the rules test esecuzione.ore_svolte > 0): an expression checks
// alike wherever the names it may read are declared alike, and is then
// neither parsed nor checked again. It keeps too the values of the
// shared parameters, which every file holds (versioniComuni). It is
// safe for concurrent use; the checked expressions and values it gives
// are shared, and only read.
type CacheCEL struct {
	mu sync.Mutex
	// nomi are, by source, the names an expression may read (see
	// nomiLetti); controllate the checked expressions by chiave;
	// costantiBuone those whose constant parts run without an error
	// (sempreInErrore), not run again.
	nomi          map[string]*nomiLetti
	controllate   map[string]*cel.Ast
	costantiBuone map[*cel.Ast]bool
	versioni      map[*spec.Parametro][]Versione
}

// NuovaCacheCEL is an empty cache.
func NuovaCacheCEL() *CacheCEL {
	return &CacheCEL{nomi: map[string]*nomiLetti{}, controllate: map[string]*cel.Ast{}, costantiBuone: map[*cel.Ast]bool{},
		versioni: map[*spec.Parametro][]Versione{}}
}

// costantiSenzaErrori runs the constant parts of a checked expression
// (sempreInErrore) unless the cache knows they run without an error.
func (a *Ambiente) costantiSenzaErrori(ast *cel.Ast) []costanteInErrore {
	c := a.cache
	if c != nil {
		c.mu.Lock()
		buone := c.costantiBuone[ast]
		c.mu.Unlock()
		if buone {
			return nil
		}
	}
	errs := sempreInErrore(Base, ast)
	if c != nil && len(errs) == 0 {
		c.mu.Lock()
		c.costantiBuone[ast] = true
		c.mu.Unlock()
	}
	return errs
}

// versioniComuni are the versions of the shared parameter par, read
// once for all the files (their problems were reported once, by
// ParametriComuni). The slice is full: an append to it copies it.
func (c *CacheCEL) versioniComuni(par *spec.Parametro) []Versione {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.versioni[par]
	if !ok {
		v = versioniParametro(par, &spec.Problems{})
		v = v[:len(v):len(v)]
		c.versioni[par] = v
	}
	return v
}

// nomiLetti are the names a parsed expression may read: its
// identifiers (those the environment checks against the names in attesa,
// see Ambiente.legge), and every name the checker may look up for it:
// those and the qualified names of its chains of selections (a.b.c: a.b.c
// and a.b, which the checker tries before a). How the expression checks
// depends on the functions, which are Base's in every environment, and
// on which of these names are declared, and with which type.
type nomiLetti struct {
	ident, tutti []string
}

func leggiNomi(parsed *celast.AST) *nomiLetti {
	n := &nomiLetti{}
	visti := map[string]bool{}
	aggiungi := func(nome string) {
		if !visti[nome] {
			visti[nome] = true
			n.tutti = append(n.tutti, nome)
		}
	}
	celast.PostOrderVisit(parsed.Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		switch e.Kind() {
		case celast.IdentKind:
			if !slices.Contains(n.ident, e.AsIdent()) {
				n.ident = append(n.ident, e.AsIdent())
			}
			aggiungi(e.AsIdent())
		case celast.SelectKind:
			if q, ok := containers.ToQualifiedName(e); ok {
				aggiungi(q)
			}
		}
	}))
	return n
}

// chiave is the key in the cache of src, whose names are n, in amb: the
// source and, for each name, its type in the environment CompilaCEL
// checks src in (the names in attesa are in it only when src reads one).
func (amb *Ambiente) chiave(src string, n *nomiLetti) string {
	completo := slices.ContainsFunc(n.ident, func(x string) bool { return amb.nomi[x] })
	var b strings.Builder
	b.WriteString(src)
	for _, nome := range n.tutti {
		b.WriteByte(0)
		b.WriteString(nome)
		b.WriteByte(0)
		if t := amb.tipi[nome]; t != nil && (completo || !amb.nomi[nome]) {
			b.WriteString(t.String())
		}
	}
	return b.String()
}

// Completo is the environment with every name declared so far.
func (a *Ambiente) Completo() *cel.Env {
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
func (a *Ambiente) legge(parsed *celast.AST) bool {
	if len(a.nomi) == 0 {
		return false
	}
	trovato := false
	celast.PostOrderVisit(parsed.Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		trovato = trovato || e.Kind() == celast.IdentKind && a.nomi[e.AsIdent()]
	}))
	return trovato
}

// CompilaCEL parses and type-checks src in the environment of amb: what
// env.Compile(src) does in the environment with every name declared so
// far, with the same result (but for the numbering of its ids, see
// controlla), messages and positions. An expression the Pratt parser
// reads without error, and that is within the bounds where the two
// parsers are known to agree (see prattSicuro), is parsed by it and
// checked in the environment (controlla); any other — an expression with a
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
//
// With a cache (a load's), an expression checked without problems is
// kept by its source and the types of the names it may read (see
// chiave); the same source with the same declarations is not parsed or
// checked again.
func CompilaCEL(amb *Ambiente, src string) (*cel.Ast, *cel.Issues) {
	c := amb.cache
	if c != nil {
		c.mu.Lock()
		n := c.nomi[src]
		c.mu.Unlock()
		if n != nil {
			k := amb.chiave(src, n)
			c.mu.Lock()
			a := c.controllate[k]
			c.mu.Unlock()
			if a != nil {
				return a, nil
			}
		}
	}
	parsed, fonte := analizzaPratt(src)
	if parsed == nil {
		return amb.Completo().Compile(src)
	}
	var n *nomiLetti
	if c != nil {
		n = leggiNomi(parsed) // (before the checker rewrites it)
	}
	env := amb.env
	if amb.legge(parsed) {
		env = amb.Completo()
	}
	ast, iss := controlla(env, parsed, fonte)
	if iss != nil && iss.Err() != nil {
		return amb.Completo().Compile(src)
	}
	if c != nil && iss == nil {
		k := amb.chiave(src, n)
		c.mu.Lock()
		c.nomi[src] = n
		c.controllate[k] = ast
		c.mu.Unlock()
	}
	return ast, iss
}

// analizzaPratt is the parsed expression of src as cel.Env.Parse would
// give it, and its source, or nil when src should be parsed by
// cel.Env.Parse itself.
func analizzaPratt(src string) (*celast.AST, common.Source) {
	s, err := common.NewTextSourceWithLimit(src, limiteCaratteri)
	if err != nil {
		return nil, nil
	}
	parsed, errs := prattParser.Parse(s)
	if len(errs.GetErrors()) > 0 || !prattSicuro(parsed, src) {
		return nil, nil
	}
	return parsed, s
}

// controlla checks parsed, the expression of fonte the Pratt parser
// read, in env: env.Check, for an expression that is not a cel.Ast (it
// has no constructor but from the protobuf form, and the round trip,
// with the check of depth cel-go makes on what comes from it, was a
// seventh of a load). cel-go's static optimizer checks in env what its
// optimizers give: with one that gives parsed, the result is parsed
// checked in env, as env.Check checks it (the environment's validators
// too), with its ids numbered again in order (an expression's ids are
// the names of its nodes: nothing it computes depends on them). On a
// problem, the issues are env.Check's.
func controlla(env *cel.Env, parsed *celast.AST, fonte common.Source) (*cel.Ast, *cel.Issues) {
	opt, err := cel.NewStaticOptimizer(analizzato{parsed}, cel.OptimizeWithSource(fonte))
	if err != nil {
		return env.Compile(fonte.Content())
	}
	return opt.Optimize(env, vuoto)
}

// analizzato is an optimizer that gives an expression already parsed
// (see controlla).
type analizzato struct{ a *celast.AST }

func (o analizzato) Optimize(*cel.OptimizerContext, *celast.AST) *celast.AST { return o.a }

// vuoto is the expression controlla hands the static optimizer, which
// copies it and gives it to analizzato.
var vuoto = func() *cel.Ast {
	a, iss := Base.Compile("true")
	if iss.Err() != nil {
		panic(iss.Err()) // the base environment is broken: a programming error
	}
	return a
}()

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

var Base = func() *cel.Env {
	env, err := cel.NewEnv(celx.Library(), ext.Strings(), dichiaraEtichetta(), cel.ParserRecursionLimit(limiteRicorsione), cel.ParserExpressionSizeLimit(limiteCaratteri))
	if err != nil {
		panic(err) // the library itself is broken: a programming error
	}
	return env
}()

func CompilaExpr(amb *Ambiente, e spec.Expr, perc string, want *cel.Type, ps *spec.Problems) *cel.Ast {
	return compilaExpr(amb, e, perc, want, false, ps)
}

// compilaExpr is CompilaExpr; testo says that e is a placeholder of a
// text, whose calls to etichetta are written as the labels they give
// (scriviEtichette): anywhere else such a call is a problem.
func compilaExpr(amb *Ambiente, e spec.Expr, perc string, want *cel.Type, testo bool, ps *spec.Problems) *cel.Ast {
	if e.Empty() {
		return nil
	}
	ast, iss := CompilaCEL(amb, e.Src)
	if iss != nil && iss.Err() != nil {
		for _, ce := range iss.Errors() {
			pos := e.At(ce.Location.Line(), ce.Location.Column())
			ps.Add(pos, perc, "cel", "%s", messaggioCEL(e.Src, ce.Location.Line(), ce.Location.Column(), ce.Message, amb.Ignoto))
		}
		return nil
	}
	controllaValori(amb.Dichiarati, ast, e, perc, ps)
	if testo {
		if ast = scriviEtichette(amb, ast, e, perc, ps); ast == nil {
			return nil
		}
	} else if strings.Contains(e.Src, FunzioneEtichetta) {
		if x := chiamaEtichetta(ast); x != nil {
			info := ast.NativeRep().SourceInfo()
			ps.Add(e.PosRune(int(inizio(x, info))), perc, "etichetta", "etichetta(…) si scrive solo nel testo di un passo (testo, testo_no), dove è sostituita dall'etichetta quando le regole sono caricate")
			return nil
		}
	}
	if want != nil && !ast.OutputType().IsExactType(want) {
		ps.Add(e.Pos(), perc, "tipo", "la condizione deve essere booleana (bool), l'espressione dà %s", NomeTipo(ast.OutputType()))
		return nil
	}
	if errs := amb.costantiSenzaErrori(ast); len(errs) > 0 {
		for _, ce := range errs {
			ps.Add(e.At(ce.riga, ce.col), perc, "cel", "«%s» dà sempre un errore: %s", ce.testo, messaggioEsecuzione(ce.err.Error()))
		}
		return nil
	}
	return ast
}

func TipoAmmesso(t *cel.Type) bool {
	for _, a := range []*cel.Type{cel.IntType, cel.BoolType, cel.StringType, celx.DecimaleType, celx.DurataType, celx.DataType, cel.ListType(cel.StringType)} {
		if t.IsExactType(a) {
			return true
		}
	}
	return false
}

// ParolaTipo is the word of the rule files for a type a calcola step may
// give (TipoAmmesso): intero, decimale, testo, lista, durata, booleano,
// data; "" for another.
func ParolaTipo(t *cel.Type) string {
	switch {
	case t.IsExactType(cel.IntType):
		return "intero"
	case t.IsExactType(cel.BoolType):
		return "booleano"
	case t.IsExactType(cel.StringType):
		return "testo"
	case t.IsExactType(celx.DecimaleType):
		return "decimale"
	case t.IsExactType(celx.DurataType):
		return "durata"
	case t.IsExactType(celx.DataType):
		return "data"
	case t.IsExactType(cel.ListType(cel.StringType)):
		return "lista"
	}
	return ""
}

func NomeTipo(t *cel.Type) string {
	switch p := ParolaTipo(t); p {
	case "", "lista": // (a list's CEL name says of what)
		return tipoCEL(t.String())
	case "booleano":
		return "booleano (bool)"
	default:
		return p
	}
}

// Comprensioni reports whether an expression has a macro such as
// exists() or all(), whose local variables are not slots.
func Comprensioni(a *cel.Ast) bool {
	trovata := false
	celast.PostOrderVisit(a.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		trovata = trovata || e.Kind() == celast.ComprehensionKind
	}))
	return trovata
}

// Riferimenti lists the variables an expression reads.
func Riferimenti(ast *cel.Ast) []string {
	var out []string
	for _, r := range ast.NativeRep().ReferenceMap() {
		if r.Name != "" && len(r.OverloadIDs) == 0 && !slices.Contains(out, r.Name) {
			out = append(out, r.Name)
		}
	}
	sort.Strings(out)
	return out
}

// NomeSemplice reports whether s is a name, possibly qualified
// (giorni, legge.ore_per_giorno), and nothing more.
func NomeSemplice(s string) bool {
	for _, part := range strings.Split(s, ".") {
		if part == "" || part[0] >= '0' && part[0] <= '9' {
			return false
		}
		for _, r := range part {
			if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}

// Riservato reports whether a part of a qualified name is a word CEL
// reserves (null, in, true, …): CEL would not read it as a name.
func Riservato(nome string) bool {
	for _, part := range strings.Split(nome, ".") {
		switch part {
		case "as", "break", "const", "continue", "else", "false", "for", "function", "if", "import", "in",
			"let", "loop", "package", "namespace", "null", "return", "true", "var", "void", "while":
			return true
		}
	}
	return false
}

func ControllaCopertura(f *spec.File, nome string, vers []*spec.Passo, ps *spec.Problems) {
	sorted := slices.Clone(vers)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Vigenza.Dal.Before(sorted[j].Vigenza.Dal) })
	dove := func(s *spec.Passo) (spec.Pos, string) {
		if s.Vigenza.Pos.Line > 0 {
			return s.Vigenza.Pos, fmt.Sprintf("passi[%d].vigenza", s.Indice)
		}
		return s.Pos, fmt.Sprintf("passi[%d]", s.Indice)
	}
	cur := f.Vigenza.Dal // the first day not yet covered
	for i, s := range sorted {
		pos, perc := dove(s)
		switch {
		case s.Vigenza.Dal.After(cur):
			ps.Add(pos, perc, "vigenza", "%s non è calcolato dal %s al %s", nome, calc.FormatDataItaliana(cur), calc.FormatDataItaliana(calc.AggiungiGiorni(s.Vigenza.Dal, -1)))
		case i > 0 && s.Vigenza.Dal.Before(cur):
			// (a first version starting before the file is reported by
			// the parser: a rule cannot outlive its file)
			fine := calc.AggiungiGiorni(cur, -1)
			if !s.Vigenza.Al.IsZero() && s.Vigenza.Al.Before(fine) {
				fine = s.Vigenza.Al
			}
			ps.Add(pos, perc, "vigenza", "%s è calcolato due volte dal %s al %s (anche da passi[%d])", nome,
				calc.FormatDataItaliana(s.Vigenza.Dal), calc.FormatDataItaliana(fine), sorted[i-1].Indice)
		}
		if s.Vigenza.Al.IsZero() {
			if i != len(sorted)-1 {
				next := sorted[i+1]
				pos, perc := dove(next)
				ps.Add(pos, perc, "vigenza", "%s è calcolato due volte dal %s in poi (anche da passi[%d], senza fine)", nome,
					calc.FormatDataItaliana(next.Vigenza.Dal), s.Indice)
			}
			return
		}
		if d := calc.AggiungiGiorni(s.Vigenza.Al, 1); d.After(cur) {
			cur = d
		}
	}
	if f.Vigenza.Al.IsZero() || !cur.After(f.Vigenza.Al) {
		pos, perc := dove(sorted[len(sorted)-1])
		ps.Add(pos, perc, "vigenza", "%s non è calcolato dal %s in poi", nome, calc.FormatDataItaliana(cur))
	}
}
