package motore

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unsafe"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"

	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Versione is one version of a parameter's value, with its legal
// source (the version's fonte, or the parameter's when it has none):
// a refusal that the version grounds cites it.
type Versione struct {
	Vig   spec.Vigenza
	Val   ref.Val
	Fonte string
}

// slot kinds
const (
	slotIngresso = iota
	slotParametro
	slotCalcolato
	// slotEscluso is the engine's own name NomeEscluso: never a value of
	// its own, read from the evaluation each time (see attivazione.valore).
	slotEscluso
)

// NomeEscluso is the boolean every rule file's expressions can read
// besides the request, the parameters and the computed values: true once
// an esclude step has held earlier in the same evaluation (a step reads
// the esclusioni of the steps before it, never of those after). It lets
// a file leave out what only matters when the case is not excluded:
// avverte: !escluso && …, or a calcola step with se: !escluso, whose
// value then does not exist for an excluded case. It is never a
// constant: folding at load (pota.go) leaves it as it is.
const NomeEscluso = "escluso"

type slot struct {
	nome     string
	tipo     *cel.Type
	kind     int
	in       *Ingresso
	versioni []Versione
	// par, for a parameter, is its declaration: when it is in force
	// (Vigenza), whose codes are its keys (Chiavi).
	par *spec.Parametro
	// dim and dimElem bound the size of a text or list value (and of a
	// list's elements) for the static cost estimate; dimNota says they
	// are known.
	dim, dimElem uint64
	dimNota      bool
	// dimLetta: an estimate has read dim (a later version of a computed
	// value cannot then be larger). dimRotta: a version of the value was
	// refused (a problem already reported): the expressions that read it
	// are estimated as if it were empty, so that they do not repeat it.
	dimLetta, dimRotta bool
	// voci are the codes the value may take, with their labels (see
	// voci.go); vociRotte: versions of a computed value that take
	// different ones.
	voci      Voci
	vociRotte bool
}

// simboli is the symbol table of one program: inputs, parameters, and
// computed values, each with a slot in the activation.
type simboli struct {
	idx   map[string]int
	slots []slot
	// produttori are, by slot, the calcola steps that compute it (one
	// in force on any day): what an evaluation on demand runs.
	produttori [][]*passoC
	// vigenza is the file's: a parameter with one value on all of it is
	// a constant of its expressions (see costante), unless senzaCostanti.
	vigenza       spec.Vigenza
	senzaCostanti bool
	// maxElem bounds a text in a list of the request (Letture.MaxTesto).
	maxElem uint64
}

func (s *simboli) add(sl slot) int {
	sl.dimensioni(s.maxElem)
	s.idx[sl.nome] = len(s.slots)
	s.slots = append(s.slots, sl)
	return len(s.slots) - 1
}

// attivazione resolves names for one evaluation; inputs and parameters
// are read lazily, once.
type attivazione struct {
	tab  *simboli
	req  unsafe.Pointer // the request (of the program's request type)
	data time.Time
	// vals are the slots' values; a value of an earlier evaluation (of
	// another generation) counts as none, so that the slots need not be
	// cleared between evaluations.
	vals []valSlot
	gen  uint32
	// err is an input outside the bounds the decoder enforces, met while
	// reading it (only possible for a request built in Go), or the
	// failure of a value computed on demand.
	err *Errore
	// suRichiesta: computed values are computed when first read (see
	// Esecuzione.calcolaSuRichiesta), not in the order of the steps.
	suRichiesta bool
	x           *Esecuzione
}

// valSlot is a slot's value in an evaluation (see attivazione.vals).
type valSlot struct {
	v   ref.Val
	gen uint32
}

// get is the value of slot i in this evaluation, nil if none yet.
func (a *attivazione) get(i int) ref.Val {
	if s := &a.vals[i]; s.gen == a.gen {
		return s.v
	}
	return nil
}

func (a *attivazione) set(i int, v ref.Val) { a.vals[i] = valSlot{v: v, gen: a.gen} }

// nuova starts an evaluation: every slot without a value.
func (a *attivazione) nuova() {
	a.gen++
	if a.gen == 0 { // (after 4 billion evaluations) clear for real
		clear(a.vals)
		a.gen = 1
	}
}

// valore is the value of slot i, or nil when it has none (a parameter
// not in force at the date, a value not yet computed).
func (a *attivazione) valore(i int) ref.Val {
	if v := a.get(i); v != nil {
		return v
	}
	sl := &a.tab.slots[i]
	switch sl.kind {
	case slotIngresso:
		if s := &a.vals[i]; s.v != nil && sl.in.Uguale != nil && sl.in.Uguale(a.req, s.v) {
			// (a value of an earlier evaluation: the same field, the
			// same value, not boxed again — nor checked again: it was
			// within bounds then)
			s.gen = a.gen
			return s.v
		}
		if sl.in.Fuori != nil {
			if e := sl.in.Fuori(a.req, sl.in); e != nil {
				a.err = e
				return types.NewErr("%s", e.Messaggio)
			}
		}
		v := sl.in.Conv(a.req)
		a.set(i, v)
		return v
	case slotParametro:
		for _, ver := range sl.versioni {
			if ver.Vig.Contiene(a.data) {
				a.set(i, ver.Val)
				return ver.Val
			}
		}
	case slotCalcolato:
		if a.suRichiesta {
			if a.vals[i].gen == a.gen {
				// (computed in this evaluation without a value: its
				// step's se was false, see Esecuzione.senzaValore)
				return nil
			}
			return a.x.calcolaSuRichiesta(i)
		}
	case slotEscluso:
		// (never stored in its slot: it changes as the steps run)
		return types.Bool(a.x != nil && a.x.Escluso)
	}
	return nil
}

func (a *attivazione) ResolveName(name string) (any, bool) {
	i, ok := a.tab.idx[name]
	if !ok {
		return nil, false
	}
	if v := a.valore(i); v != nil {
		return v, true
	}
	return nil, false
}

func (a *attivazione) Parent() interpreter.Activation { return nil }

// leggiSlot reads a variable straight from its slot in the activation,
// without looking its name up; anything unusual (no value, another
// activation) goes the standard way.
type leggiSlot struct {
	interpreter.InterpretableV2
	slot int
}

func (l *leggiSlot) Exec(f *interpreter.ExecutionFrame) ref.Val {
	if a, ok := f.Scope().(*attivazione); ok {
		if s := &a.vals[l.slot]; s.gen == a.gen && s.v != nil { // (get, inlined)
			return s.v
		}
		if v := a.valore(l.slot); v != nil {
			return v
		}
	}
	return l.InterpretableV2.Exec(f)
}

// costruttori are the pure functions of the library whose calls on
// literals are computed once, at load: decimale("250"), durata(0, 0, 0),
// data("2024-11-30"). A literal that cannot be built fails the load.
var costruttori = map[string]bool{"decimale": true, "durata": true, "data": true}

// decoratore specialises a program's plan: variables read by slot (only
// for programs without comprehensions, whose local variables could share
// a name with a slot) and constructors on literals folded.
func decoratore(tab *simboli, perSlot bool) interpreter.InterpretableDecoratorV2 {
	return func(i interpreter.InterpretableV2) (interpreter.InterpretableV2, error) {
		switch n := i.(type) {
		case interpreter.InterpretableAttribute:
			na, ok := n.Attr().(interpreter.NamespacedAttribute)
			if !perSlot || !ok || len(na.Qualifiers()) != 0 || len(na.CandidateVariableNames()) != 1 {
				return i, nil
			}
			if s, ok := tab.idx[na.CandidateVariableNames()[0]]; ok {
				if v := costante(tab, s, tab.vigenza); v != nil && !tab.senzaCostanti {
					// Written into the plan: the operators around it
					// see a constant (an in on a constant list becomes
					// a set lookup).
					return interpreter.NewConstValue(n.ID(), v), nil
				}
				return &leggiSlot{InterpretableV2: n, slot: s}, nil
			}
		case interpreter.InterpretableCall:
			if !costruttori[n.Function()] {
				if f, ok := celx.Ternarie[n.OverloadID()]; ok && len(n.Args()) == 3 {
					a := n.Args()
					return &chiamata3{InterpretableV2: n, args: [3]interpreter.InterpretableV2{a[0], a[1], a[2]}, f: f}, nil
				}
				return i, nil
			}
			for _, a := range n.Args() {
				if _, ok := a.(interpreter.InterpretableConst); !ok {
					return i, nil
				}
			}
			v, err := piega(n)
			if err != nil {
				return nil, err
			}
			return interpreter.NewConstValue(n.ID(), v), nil
		}
		return i, nil
	}
}

// chiamata3 calls a function of three arguments of the library directly
// (see celx.Ternarie), as strictly as CEL does: an error or an unknown
// among the arguments is the result.
type chiamata3 struct {
	interpreter.InterpretableV2
	args [3]interpreter.InterpretableV2
	f    func(a, b, c ref.Val) ref.Val
}

func (c *chiamata3) Exec(f *interpreter.ExecutionFrame) ref.Val {
	var v [3]ref.Val
	for i, a := range c.args {
		v[i] = a.Exec(f)
		if types.IsUnknownOrError(v[i]) {
			return v[i]
		}
	}
	return c.f(v[0], v[1], v[2])
}

// piega computes a constructor on literals, once. The library's functions
// trust the checker for their argument types: a literal smuggled in by
// dyn() makes them panic, which here is a problem of the rule.
func piega(n interpreter.InterpretableCall) (v ref.Val, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: argomenti non validi (%v)", n.Function(), r)
		}
	}()
	v = n.Eval(interpreter.EmptyActivation())
	if types.IsError(v) {
		return nil, v.(*types.Err)
	}
	return v, nil
}

// stimatore gives CEL's static cost estimator the size of each text,
// list and decimal: inputs by the bounds the decoder enforces, parameters by
// their values, computed values by the size estimated for the step that
// computes them (see programma1). It also catches the size of the whole
// expression, as the argument of a call to dimensione wrapped around it.
type stimatore struct {
	tab    *simboli
	radice *cost.SizeEstimate
}

// dimensione is the function programma1 wraps an expression in to learn
// the size of its value from CEL's estimator.
const dimensione = "motore.dimensione"

// dimConversione bounds the text of string() on a number, a boolean or a
// date.
var dimConversione = map[string]bool{overloads.BoolToString: true, overloads.IntToString: true,
	overloads.UintToString: true, overloads.DoubleToString: true, overloads.TimestampToString: true,
	overloads.DurationToString: true}

// dimTesto bounds the Italian text of a value of fixed size, testo(x)
// (celx): a date is 10 characters, an int at most 20, a duration (its
// parts bounded by durata()) well under 64. A decimal's is priced on its
// digits (celx's cost model).
var dimTesto = map[string]uint64{"testo_data": 10, "testo_int": 40, "testo_durata": 64}

func (s *stimatore) EstimateCallCost(_, overload string, _ *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
	if overload == dimensione {
		d := args[0].ComputedSize()
		if d == nil {
			d = s.EstimateSize(args[0])
		}
		s.radice = d
		return &cost.CallEstimate{CostEstimate: cost.FixedCostEstimate(0)}
	}
	if dimConversione[overload] {
		dim := cost.RangedSizeEstimate(0, 40)
		return cost.NewCallEstimate(cost.FixedCostEstimate(1), &dim)
	}
	if n, ok := dimTesto[overload]; ok {
		dim := cost.RangedSizeEstimate(0, n)
		return cost.NewCallEstimate(cost.FixedCostEstimate(1), &dim)
	}
	return nil
}

func (s *stimatore) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	// A duration is three ints.
	if t := n.Type(); t != nil && t.IsExactType(celx.DurataType) {
		e := cost.FixedSizeEstimate(1)
		return &e
	}
	p := n.Path()
	if len(p) == 0 {
		return nil
	}
	i, ok := s.tab.idx[strings.Join(p, ".")]
	if ok && len(p) > 1 {
		p = []string{strings.Join(p, ".")}
	} else if i, ok = s.tab.idx[p[0]]; !ok {
		return nil
	}
	if !s.tab.slots[i].dimNota {
		return nil
	}
	sl := &s.tab.slots[i]
	sl.dimLetta = true
	var e cost.SizeEstimate
	switch {
	case sl.tipo.IsExactType(TipoMappa):
		// (a parameter mappa: dim bounds its codes and each list,
		// dimElem each code and each text of a list)
		el := cost.RangedSizeEstimate(0, sl.dimElem)
		lista := cost.RangedSizeEstimate(0, sl.dim)
		lista.Elem = &el
		switch {
		case len(p) == 1:
			e = cost.RangedSizeEstimate(0, sl.dim)
			e.Key, e.Elem = &el, &lista
		case len(p) == 2 && p[1] == "@values":
			e = lista
		case len(p) == 2 && p[1] == "@keys":
			e = el
		default:
			return nil
		}
	case len(p) == 1 && sl.tipo.IsExactType(cel.ListType(cel.StringType)):
		el := cost.RangedSizeEstimate(0, sl.dimElem)
		e = cost.RangedSizeEstimate(0, sl.dim)
		e.Elem = &el
	case len(p) == 1:
		e = cost.RangedSizeEstimate(0, sl.dim)
	case len(p) == 2 && p[1] == "@items":
		e = cost.RangedSizeEstimate(0, sl.dimElem)
	default:
		return nil
	}
	return &e
}

// dimCalcolata records the size of the value that prg computes into
// slot i, for the estimates of the expressions after it: the size CEL's
// estimator gave, or the size of the name prg just reads.
func (s *simboli) dimCalcolata(i int, prg *programmaCEL, e spec.Expr, perc string, ps *spec.Problems) {
	var d, de uint64
	switch {
	case prg.dim != nil:
		d, de = prg.dim.Max, math.MaxUint64
		if prg.dim.Elem != nil {
			de = prg.dim.Elem.Max
		}
	case len(prg.nomi) == 1 && s.slots[s.idx[prg.nomi[0]]].dimNota:
		src := &s.slots[s.idx[prg.nomi[0]]]
		d, de = src.dim, src.dimElem
		src.dimLetta = true
	default:
		return
	}
	sl := &s.slots[i]
	if sl.dimNota && sl.dimLetta && !sl.dimRotta && (d > sl.dim || de > sl.dimElem) {
		ps.Add(e.Pos(), perc, "costo", "questa versione di %s può dare un valore più grande (%d) di quello su cui sono stimate le espressioni che lo usano (%d)", sl.nome, d, sl.dim)
		return
	}
	if sl.dimNota {
		d, de = max(d, sl.dim), max(de, sl.dimElem)
	}
	sl.dim, sl.dimElem, sl.dimNota = d, de, true
}

// dimRifiutata marks slot i as computed by an expression refused at
// load (see dimRotta).
func (s *simboli) dimRifiutata(i int) {
	sl := &s.slots[i]
	sl.dimNota, sl.dimRotta = true, true
}

// dimensioni fills the size bounds of a slot holding an input or a
// parameter.
func (sl *slot) dimensioni(maxElem uint64) {
	switch {
	case sl.in != nil && sl.tipo.IsExactType(cel.StringType):
		sl.dim, sl.dimNota = uint64(sl.in.Max), true
	case sl.in != nil && sl.tipo.IsExactType(cel.ListType(cel.StringType)):
		sl.dim, sl.dimElem, sl.dimNota = uint64(sl.in.Max), maxElem, true
	case sl.in != nil && sl.tipo.IsExactType(celx.DecimaleType):
		sl.dim, sl.dimNota = celx.MaxCifre, true
	case sl.kind == slotParametro:
		sl.dimNota = true
		for _, v := range sl.versioni {
			switch x := v.Val.(type) {
			case celx.Decimale:
				sl.dim = max(sl.dim, celx.Cifre(x.D))
			case types.String:
				sl.dim = max(sl.dim, uint64(len(x)))
			case traits.Lister:
				sl.dim = max(sl.dim, uint64(x.Size().(types.Int)))
				it := x.Iterator()
				for it.HasNext() == types.True {
					if e, ok := it.Next().(types.String); ok {
						sl.dimElem = max(sl.dimElem, uint64(len(e)))
					}
				}
			case traits.Mapper:
				// (its codes and its lists: see stimatore.EstimateSize)
				sl.dim = max(sl.dim, uint64(x.Size().(types.Int)))
				it := x.Iterator()
				for it.HasNext() == types.True {
					k := it.Next()
					if c, ok := k.(types.String); ok {
						sl.dimElem = max(sl.dimElem, uint64(len(c)))
					}
					l, ok := x.Get(k).(traits.Lister)
					if !ok {
						continue
					}
					sl.dim = max(sl.dim, uint64(l.Size().(types.Int)))
					for jt := l.Iterator(); jt.HasNext() == types.True; {
						if e, ok := jt.Next().(types.String); ok {
							sl.dimElem = max(sl.dimElem, uint64(len(e)))
						}
					}
				}
			}
		}
	}
}
