package lpu

import (
	"fmt"
	"maps"
	"slices"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"

	"github.com/lpu-it/lpu/lpu/internal/celx"
)

// Expressions compiled into Go closures.
//
// CEL plans an expression as a tree of interpreter nodes: each node
// reaches its arguments through an interface and the execution frame,
// and each call goes through CEL's binding, which checks the operands'
// traits before calling the function. The rules use a small part of CEL:
// names, literals, && || ! ?:, == != and the comparisons, arithmetic,
// joins of texts and lists, in, size, string(), the parts of a date and
// the library's functions. For an expression made only of these, the
// loader also builds a tree of closures (valutatore), one per node of the
// checked expression, each calling its function directly; an evaluation
// runs that tree and not CEL's plan.
//
// Each closure does what CEL's node does, in the same order and with the
// same errors (cel-go v0.33, interpreter/interpretable.go):
//   - a name is read from its slot; without a value, the error CEL's
//     attribute gives ("no such attribute(s): name");
//   - a function's arguments are evaluated left to right, and the first
//     that is an error is the result, before the next is evaluated
//     (evalUnary, evalBinary; chiamata3 for three arguments);
//   - == and != are types.Equal; && and || stop at the first false
//     (true), and otherwise give the first error (evalAnd, evalOr);
//   - ?: evaluates only the branch chosen (conditionalAttribute);
//   - the standard operators call the trait their operand implements,
//     as the standard library's bindings do; the library's functions are
//     celx's own (celx.Unarie, Binarie, Ternarie);
//   - parameters constant over the file's vigenza are constants, as the
//     decorator makes them in the plan (see decoratore); a function whose
//     arguments are all constants is computed at load, unless it fails
//     (the plan does so for the constructors decimale, durata and data).
//
// An evaluation knows every value, so no closure meets CEL's unknowns.
// Anything else — a comprehension, a map, a dyn or double value, an
// overload not listed here — leaves the whole expression to CEL's plan.
// The CEL program is built at load in any case (it checks the cost and
// the plan), and TestPotaturaEquivalente compares the engine with an
// engine without closures (SenzaValutatori) on every case of the suites and on
// thousands of random requests.

// valutatore is a compiled expression: its value in an evaluation.
type valutatore func(a *attivazione) ref.Val

// compilatore builds the closures of one checked expression.
type compilatore struct {
	tab     *simboli
	nat     *celast.AST
	fallito bool
}

// valutatoreDi returns the closures of a checked expression, or nil when CEL's
// plan must run it.
func valutatoreDi(tab *simboli, a *cel.Ast) valutatore {
	if comprensioni(a) {
		return nil
	}
	return valutatoreNativo(tab, a.NativeRep(), a.NativeRep().Expr())
}

// valutatoreNativo returns the closures of e, a part of the checked
// expression nat without comprehensions, or nil.
func valutatoreNativo(tab *simboli, nat *celast.AST, e celast.Expr) valutatore {
	if tab.senzaValutatori {
		return nil
	}
	c := &compilatore{tab: tab, nat: nat}
	n, _ := c.compila(e)
	if c.fallito {
		return nil
	}
	return n
}

func (c *compilatore) no() (valutatore, ref.Val) {
	c.fallito = true
	return nil, nil
}

// compila compiles e; the value is given too when it is a constant.
func (c *compilatore) compila(e celast.Expr) (valutatore, ref.Val) {
	if c.fallito {
		return nil, nil
	}
	if t, ok := c.nat.TypeMap()[e.ID()]; !ok || !tipoNoto(t) {
		return c.no()
	}
	switch e.Kind() {
	case celast.LiteralKind:
		return costanteN(e.AsLiteral())
	case celast.IdentKind, celast.SelectKind:
		return c.nome(e)
	case celast.ListKind:
		return c.lista(e)
	case celast.CallKind:
		return c.chiamata(e)
	}
	return c.no()
}

// tipoNoto: a type whose values the closures know how to handle (no
// dyn, any, type parameter or double, at any depth).
func tipoNoto(t *types.Type) bool {
	switch t.Kind() {
	case types.DynKind, types.AnyKind, types.TypeParamKind, types.DoubleKind, types.ErrorKind:
		return false
	}
	for _, p := range t.Parameters() {
		if !tipoNoto(p) {
			return false
		}
	}
	return true
}

func costanteN(v ref.Val) (valutatore, ref.Val) {
	return func(*attivazione) ref.Val { return v }, v
}

// nome compiles a name: a constant, a parameter constant over the file's
// vigenza, or the value of its slot.
func (c *compilatore) nome(e celast.Expr) (valutatore, ref.Val) {
	if e.Kind() == celast.SelectKind && e.AsSelect().IsTestOnly() {
		return c.no() // has()
	}
	r, ok := c.nat.ReferenceMap()[e.ID()]
	if !ok {
		return c.no() // a field of a value: the rules have none
	}
	if r.Value != nil {
		return costanteN(r.Value)
	}
	i, ok := c.tab.idx[r.Name]
	if !ok || len(r.OverloadIDs) > 0 {
		return c.no()
	}
	if v := costante(c.tab, i, c.tab.vigenza); v != nil && !c.tab.senzaCostanti {
		return costanteN(v)
	}
	return leggiN(i, r.Name), nil
}

// letturaSlot reports whether e is a name read from its slot (and not a
// constant), and which.
func (c *compilatore) letturaSlot(e celast.Expr) (int, string, bool) {
	if e.Kind() != celast.IdentKind && e.Kind() != celast.SelectKind {
		return 0, "", false
	}
	if e.Kind() == celast.SelectKind && e.AsSelect().IsTestOnly() {
		return 0, "", false
	}
	r, ok := c.nat.ReferenceMap()[e.ID()]
	if !ok || r.Value != nil || len(r.OverloadIDs) > 0 {
		return 0, "", false
	}
	i, ok := c.tab.idx[r.Name]
	if !ok || (costante(c.tab, i, c.tab.vigenza) != nil && !c.tab.senzaCostanti) {
		return 0, "", false
	}
	return i, r.Name, true
}

// leggiN reads slot i: its value, or, when it has none (a parameter not
// in force at the date, a value no step computes), the error CEL gives.
func leggiN(i int, nome string) valutatore {
	return func(a *attivazione) ref.Val {
		if s := &a.vals[i]; s.gen == a.gen && s.v != nil { // (get, inlined)
			return s.v
		}
		if v := a.valore(i); v != nil {
			return v
		}
		return types.NewErr("no such attribute(s): %s", nome)
	}
}

// lista compiles a list literal (evalList).
func (c *compilatore) lista(e celast.Expr) (valutatore, ref.Val) {
	l := e.AsList()
	if len(l.OptionalIndices()) > 0 {
		return c.no()
	}
	elems := make([]valutatore, len(l.Elements()))
	costanti := make([]ref.Val, len(elems))
	tutte := true
	for i, x := range l.Elements() {
		elems[i], costanti[i] = c.compila(x)
		tutte = tutte && costanti[i] != nil
	}
	if c.fallito {
		return nil, nil
	}
	if tutte {
		return costanteN(types.NewRefValList(types.DefaultTypeAdapter, costanti))
	}
	return func(a *attivazione) ref.Val {
		vals := make([]ref.Val, len(elems))
		for i, el := range elems {
			v := el(a)
			if types.IsUnknownOrError(v) {
				return v
			}
			vals[i] = v
		}
		return types.NewRefValList(types.DefaultTypeAdapter, vals)
	}, nil
}

func (c *compilatore) chiamata(e celast.Expr) (valutatore, ref.Val) {
	call := e.AsCall()
	args := call.Args()
	if call.IsMemberFunction() {
		args = append([]celast.Expr{call.Target()}, args...)
	}
	fn := call.FunctionName()
	switch fn {
	case operators.LogicalAnd, operators.LogicalOr, operators.Conditional, operators.Equals, operators.NotEquals:
		n := make([]valutatore, len(args))
		k := make([]ref.Val, len(args))
		for i, x := range args {
			n[i], k[i] = c.compila(x)
		}
		arieta := 2
		if fn == operators.Conditional {
			arieta = 3
		}
		if c.fallito || len(n) != arieta {
			return c.no()
		}
		switch fn {
		case operators.LogicalAnd:
			return logicaN(n[0], n[1], types.False), nil
		case operators.LogicalOr:
			return logicaN(n[0], n[1], types.True), nil
		case operators.Conditional:
			return sceltaN(n[0], n[1], n[2]), nil
		}
		diverso := fn == operators.NotEquals
		// Against a constant (which neither fails nor reads anything,
		// so which side it is on does not matter): name == 'testo' is
		// most conditions of the rules.
		for j, x := range args {
			if k[1-j] == nil {
				continue
			}
			if i, nome, ok := c.letturaSlot(x); ok {
				return ugualeSlotN(i, nome, k[1-j], diverso), nil
			}
			return ugualeCostanteN(n[j], k[1-j], diverso), nil
		}
		return ugualeN(n[0], n[1], diverso), nil
	case operators.In, operators.OldIn:
		return c.in(args)
	}
	r, ok := c.nat.ReferenceMap()[e.ID()]
	if !ok || len(r.OverloadIDs) != 1 {
		return c.no()
	}
	id := r.OverloadIDs[0]
	n := make([]valutatore, len(args))
	k := make([]ref.Val, len(args))
	costanti := true
	for i, x := range args {
		n[i], k[i] = c.compila(x)
		costanti = costanti && k[i] != nil
	}
	if c.fallito {
		return nil, nil
	}
	var out valutatore
	switch len(args) {
	case 1:
		f := unariaDi(fn, id)
		if f == nil {
			return c.no()
		}
		a0 := n[0]
		out = func(a *attivazione) ref.Val {
			v := a0(a)
			if types.IsUnknownOrError(v) {
				return v
			}
			return f(v)
		}
	case 2:
		f := binariaDi(fn, id)
		if f == nil {
			return c.no()
		}
		a0, a1 := n[0], n[1]
		if k1 := k[1]; k1 != nil && k[0] == nil {
			// (a name or an expression against a constant: giorni >
			// 0, massimo(x, 0) — no call for the constant)
			if i, nome, ok := c.letturaSlot(args[0]); ok {
				out = func(a *attivazione) ref.Val {
					if s := &a.vals[i]; s.gen == a.gen && s.v != nil {
						return f(s.v, k1)
					}
					x := a.valore(i)
					if x == nil {
						return types.NewErr("no such attribute(s): %s", nome)
					}
					if types.IsUnknownOrError(x) {
						return x
					}
					return f(x, k1)
				}
				break
			}
			out = func(a *attivazione) ref.Val {
				x := a0(a)
				if types.IsUnknownOrError(x) {
					return x
				}
				return f(x, k1)
			}
			break
		}
		out = func(a *attivazione) ref.Val {
			x := a0(a)
			if types.IsUnknownOrError(x) {
				return x
			}
			y := a1(a)
			if types.IsUnknownOrError(y) {
				return y
			}
			return f(x, y)
		}
	case 3:
		f, ok := celx.Ternarie[id]
		if !ok {
			return c.no()
		}
		a0, a1, a2 := n[0], n[1], n[2]
		out = func(a *attivazione) ref.Val {
			x := a0(a)
			if types.IsUnknownOrError(x) {
				return x
			}
			y := a1(a)
			if types.IsUnknownOrError(y) {
				return y
			}
			z := a2(a)
			if types.IsUnknownOrError(z) {
				return z
			}
			return f(x, y, z)
		}
	default:
		return c.no()
	}
	if costanti {
		// A function on constants is computed once, here: the
		// functions are pure. One that fails is left to fail at run
		// time, as in the plan — except a constructor, which the plan
		// folds too (see piega): its failure has already failed the
		// load.
		v, err := piegaValutatore(out)
		switch {
		case err == nil:
			return costanteN(v)
		case costruttori[fn]:
			return c.no()
		}
	}
	return out, nil
}

// piegaValutatore computes a constructor on literals, once.
func piegaValutatore(n valutatore) (v ref.Val, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	v = n(nil)
	if types.IsError(v) {
		return nil, v.(*types.Err)
	}
	return v, nil
}

// in compiles membership: in a constant list of texts, a lookup (CEL's
// evalSetMembership: a set, or for a few texts a comparison with each);
// otherwise the list's Contains (the standard library's inAggregate).
func (c *compilatore) in(args []celast.Expr) (valutatore, ref.Val) {
	if len(args) != 2 {
		return c.no()
	}
	el, _ := c.compila(args[0])
	lista, k := c.compila(args[1])
	if c.fallito {
		return nil, nil
	}
	if insieme, ok := insiemeTesti(k); ok {
		if len(insieme) <= 8 {
			// (a few texts: compared one by one, faster than hashed)
			elenco := slices.Collect(maps.Keys(insieme))
			return func(a *attivazione) ref.Val {
				v := el(a)
				if s, ok := v.(types.String); ok {
					return types.Bool(slices.Contains(elenco, string(s)))
				}
				if types.IsUnknownOrError(v) {
					return v
				}
				return types.False
			}, nil
		}
		return func(a *attivazione) ref.Val {
			v := el(a)
			if types.IsUnknownOrError(v) {
				return v
			}
			if s, ok := v.(types.String); ok {
				return types.Bool(insieme[string(s)])
			}
			return types.False
		}, nil
	}
	return func(a *attivazione) ref.Val {
		x := el(a)
		if types.IsUnknownOrError(x) {
			return x
		}
		l := lista(a)
		if types.IsUnknownOrError(l) {
			return l
		}
		if l.Type().HasTrait(traits.ContainerType) {
			return l.(traits.Container).Contains(x)
		}
		return types.ValOrErr(l, "no such overload")
	}, nil
}

// insiemeTesti is a constant list of texts as a set.
func insiemeTesti(v ref.Val) (map[string]bool, bool) {
	l, ok := v.(traits.Lister)
	if !ok {
		return nil, false
	}
	m := map[string]bool{}
	for it := l.Iterator(); it.HasNext() == types.True; {
		s, ok := it.Next().(types.String)
		if !ok {
			return nil, false
		}
		m[string(s)] = true
	}
	return m, true
}

// logicaN is && (ferma: false) or || (ferma: true), as evalAnd and
// evalOr: the first operand equal to ferma is the result; otherwise the
// first that is not a boolean (an error) is; otherwise !ferma.
func logicaN(l, r valutatore, ferma types.Bool) valutatore {
	return func(a *attivazione) ref.Val {
		x := l(a)
		bx, okx := x.(types.Bool)
		if okx && bx == ferma {
			return ferma
		}
		y := r(a)
		by, oky := y.(types.Bool)
		if oky && by == ferma {
			return ferma
		}
		switch {
		case !okx:
			return nonBooleano(x)
		case !oky:
			return nonBooleano(y)
		}
		return !ferma
	}
}

func nonBooleano(v ref.Val) ref.Val {
	if types.IsError(v) {
		return v
	}
	return types.MaybeNoSuchOverloadErr(v)
}

// sceltaN is c ? si : no (conditionalAttribute).
func sceltaN(c, si, no valutatore) valutatore {
	return func(a *attivazione) ref.Val {
		switch v := c(a); v {
		case types.True:
			return si(a)
		case types.False:
			return no(a)
		default:
			return types.MaybeNoSuchOverloadErr(v)
		}
	}
}

// ugualeN is == or != (evalEq, evalNe).
func ugualeN(l, r valutatore, diverso bool) valutatore {
	return func(a *attivazione) ref.Val {
		x := l(a)
		if types.IsUnknownOrError(x) {
			return x
		}
		y := r(a)
		if types.IsUnknownOrError(y) {
			return y
		}
		return types.Bool(uguale(x, y) != diverso)
	}
}

// uguale is types.Equal(x, y) == types.True, two texts or two ints
// compared directly. (Values of two types go to types.Equal, whose
// equality across numeric types the checker rules out, but which is
// CEL's answer.)
func uguale(x, y ref.Val) bool {
	switch xx := x.(type) {
	case types.String:
		if yy, ok := y.(types.String); ok {
			return xx == yy
		}
	case types.Int:
		if yy, ok := y.(types.Int); ok {
			return xx == yy
		}
	}
	return types.Equal(x, y) == types.True
}

// ugualeCostanteN is == or != against the constant k.
func ugualeCostanteN(l valutatore, k ref.Val, diverso bool) valutatore {
	return func(a *attivazione) ref.Val {
		return confrontaCostante(l(a), k, diverso)
	}
}

// ugualeSlotN is == or != between the value of slot i and the constant
// k: leggiN and ugualeCostanteN in one.
func ugualeSlotN(i int, nome string, k ref.Val, diverso bool) valutatore {
	return func(a *attivazione) ref.Val {
		if s := &a.vals[i]; s.gen == a.gen && s.v != nil {
			return confrontaCostante(s.v, k, diverso)
		}
		if v := a.valore(i); v != nil {
			return confrontaCostante(v, k, diverso)
		}
		return types.NewErr("no such attribute(s): %s", nome)
	}
}

// confrontaCostante is x == k (x != k when diverso), as evalEq and evalNe
// give it: x's error if it is one.
func confrontaCostante(x, k ref.Val, diverso bool) ref.Val {
	if types.IsUnknownOrError(x) {
		return x
	}
	return types.Bool(uguale(x, k) != diverso)
}

// unariaDi is the function of an overload of one argument.
func unariaDi(fn, id string) func(ref.Val) ref.Val {
	if f, ok := celx.Unarie[id]; ok {
		return f
	}
	if conversioniStringa[id] && fn == overloads.TypeConvertString {
		return func(v ref.Val) ref.Val { return v.ConvertToType(types.StringType) }
	}
	switch fn {
	case operators.LogicalNot:
		return func(v ref.Val) ref.Val {
			b, ok := v.(types.Bool)
			if !ok {
				return types.MaybeNoSuchOverloadErr(v)
			}
			return b.Negate()
		}
	case operators.Negate:
		return func(v ref.Val) ref.Val { return v.(traits.Negater).Negate() }
	case overloads.Size:
		return func(v ref.Val) ref.Val { return v.(traits.Sizer).Size() }
	}
	if parte := partiData[id]; parte != nil {
		return func(v ref.Val) ref.Val { return celx.Intero(int64(parte(v.(types.Timestamp)))) }
	}
	return nil
}

// partiData are the parts of a date, read in UTC (the zone the standard
// library reads when none is given).
var partiData = map[string]func(t types.Timestamp) int{
	overloads.TimestampToYear:                func(t types.Timestamp) int { return t.UTC().Year() },
	overloads.TimestampToMonth:               func(t types.Timestamp) int { return int(t.UTC().Month()) - 1 },
	overloads.TimestampToDayOfMonthOneBased:  func(t types.Timestamp) int { return t.UTC().Day() },
	overloads.TimestampToDayOfMonthZeroBased: func(t types.Timestamp) int { return t.UTC().Day() - 1 },
	overloads.TimestampToDayOfYear:           func(t types.Timestamp) int { return t.UTC().YearDay() - 1 },
	overloads.TimestampToDayOfWeek:           func(t types.Timestamp) int { return int(t.UTC().Weekday()) },
}

// binariaDi is the function of an overload of two arguments: the
// library's, or a standard operator through its trait.
func binariaDi(fn, id string) func(a, b ref.Val) ref.Val {
	if f, ok := celx.Binarie[id]; ok {
		return f
	}
	switch fn {
	case operators.Add:
		return func(a, b ref.Val) ref.Val { return a.(traits.Adder).Add(b) }
	case operators.Subtract:
		return func(a, b ref.Val) ref.Val { return a.(traits.Subtractor).Subtract(b) }
	case operators.Multiply:
		return func(a, b ref.Val) ref.Val { return a.(traits.Multiplier).Multiply(b) }
	case operators.Divide:
		return func(a, b ref.Val) ref.Val { return a.(traits.Divider).Divide(b) }
	case operators.Modulo:
		return func(a, b ref.Val) ref.Val { return a.(traits.Modder).Modulo(b) }
	case operators.Less:
		return confrontoN([3]types.Bool{true, false, false})
	case operators.LessEquals:
		return confrontoN([3]types.Bool{true, true, false})
	case operators.Greater:
		return confrontoN([3]types.Bool{false, false, true})
	case operators.GreaterEquals:
		return confrontoN([3]types.Bool{false, true, true})
	}
	return nil
}

// confrontoN is a comparison as the standard library's: the operand's
// Compare, whose -1, 0 or 1 picks the answer in esito, and whose error is
// the result; two ints are compared directly.
func confrontoN(esito [3]types.Bool) func(a, b ref.Val) ref.Val {
	return func(a, b ref.Val) ref.Val {
		if x, ok := a.(types.Int); ok {
			if y, ok := b.(types.Int); ok {
				switch {
				case x < y:
					return esito[0]
				case x > y:
					return esito[2]
				}
				return esito[1]
			}
		}
		c := a.(traits.Comparer).Compare(b)
		switch c {
		case types.IntNegOne, types.IntZero, types.IntOne:
			return esito[c.(types.Int)+1]
		}
		return c
	}
}

// pianoValutatore is a valutatore in the place of a CEL plan, for what
// runs a program's plan in a frame: its scope must be an evaluation's
// activation.
type pianoValutatore struct{ v valutatore }

func (p *pianoValutatore) ID() int64 { return 1 }

func (p *pianoValutatore) Exec(f *interpreter.ExecutionFrame) ref.Val {
	a, ok := f.Scope().(*attivazione)
	if !ok {
		return types.NewErr("lpu: valutatore fuori da una valutazione")
	}
	return p.v(a)
}

func (p *pianoValutatore) Eval(a interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(a, p.Exec)
}
