package lpu

import (
	"slices"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/traits"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Steps that cannot apply to a fattispecie.
//
// The Fund's rules and the convention's serve every fattispecie, and most
// of their conditions begin by naming one (fattispecie == "l689_56bis"
// && …). A calcolo of art. 186 would evaluate them all to false, every
// time. At load, each condition is read for what it says about the
// request's fattispecie; a step whose condition can be true only for
// other fattispecie is left out of that fattispecie's list of steps.
// Nothing else changes: such a step, run, would add nothing (a false
// condition adds no reason, caveat or refusal; steps with a testo_no,
// shown when false, are always run). The reading is conservative:
// anything it does not understand leaves the step in.

// nomeFattispecie is the input the pruning reads: the contract's field.
const nomeFattispecie = "fattispecie"

// vincolo is what a condition says about the fattispecie: it can be true
// only if the fattispecie is in insieme (or, with fuori, is not in it).
// esatto: the condition is true exactly then (it reads nothing else), so
// its negation is a vincolo too.
type vincolo struct {
	insieme []string // sorted
	fuori   bool
	esatto  bool
}

// libero is a condition that says nothing usable: it may be true for any
// fattispecie.
var libero *vincolo

func (v *vincolo) ammette(f string) bool {
	if v == nil {
		return true
	}
	_, dentro := slices.BinarySearch(v.insieme, f)
	return dentro != v.fuori
}

// vincoloDi reads the checked condition a. Expressions with
// comprehensions are not read: an iteration variable could be named
// fattispecie.
//
// A list parameter counts as written in the rule when one value of it
// covers the whole vigenza of the file: the steps run only on days the
// file is in force.
func vincoloDi(a *cel.Ast, tab *simboli, vig spec.Vigenza) *vincolo {
	if a == nil || comprensioni(a) {
		return libero
	}
	l := &lettore{nat: a.NativeRep(), tab: tab, vig: vig}
	return l.vincolo(l.nat.Expr())
}

type lettore struct {
	nat *ast.AST
	tab *simboli
	vig spec.Vigenza
}

func (l *lettore) vincolo(e ast.Expr) *vincolo {
	switch e.Kind() {
	case ast.LiteralKind:
		if e.AsLiteral() == types.False {
			return &vincolo{esatto: true} // true for no fattispecie
		}
		return libero
	case ast.CallKind:
	default:
		return libero
	}
	c := e.AsCall()
	args := c.Args()
	if c.IsMemberFunction() {
		return libero
	}
	switch c.FunctionName() {
	case operators.LogicalAnd:
		return e2(l.vincolo(args[0]), l.vincolo(args[1]))
	case operators.LogicalOr:
		return o2(l.vincolo(args[0]), l.vincolo(args[1]))
	case operators.LogicalNot:
		v := l.vincolo(args[0])
		if v == nil || !v.esatto {
			return libero
		}
		return &vincolo{insieme: v.insieme, fuori: !v.fuori, esatto: true}
	case operators.Equals, operators.NotEquals:
		a, b := args[0], args[1]
		if !l.eFattispecie(a) {
			a, b = b, a
		}
		s, ok := stringaCostante(b)
		if !l.eFattispecie(a) || !ok {
			return libero
		}
		return &vincolo{insieme: []string{s}, fuori: c.FunctionName() == operators.NotEquals, esatto: true}
	case operators.In, operators.OldIn:
		if !l.eFattispecie(args[0]) {
			return libero
		}
		if l, ok := l.listaCostante(args[1]); ok {
			return &vincolo{insieme: l, esatto: true}
		}
	}
	return libero
}

// e2 is a && b: true only where both may be.
func e2(a, b *vincolo) *vincolo {
	switch {
	case a == nil && b == nil:
		return libero
	case a == nil:
		return &vincolo{insieme: b.insieme, fuori: b.fuori}
	case b == nil:
		return &vincolo{insieme: a.insieme, fuori: a.fuori}
	}
	v := &vincolo{esatto: a.esatto && b.esatto}
	switch {
	case !a.fuori && !b.fuori:
		v.insieme = interseca(a.insieme, b.insieme)
	case !a.fuori:
		v.insieme = togli(a.insieme, b.insieme)
	case !b.fuori:
		v.insieme = togli(b.insieme, a.insieme)
	default:
		v.insieme, v.fuori = unione(a.insieme, b.insieme), true
	}
	return v
}

// o2 is a || b: true where either may be.
func o2(a, b *vincolo) *vincolo {
	if a == nil || b == nil {
		return libero
	}
	v := &vincolo{esatto: a.esatto && b.esatto}
	switch {
	case !a.fuori && !b.fuori:
		v.insieme = unione(a.insieme, b.insieme)
	case !a.fuori:
		v.insieme, v.fuori = togli(b.insieme, a.insieme), true
	case !b.fuori:
		v.insieme, v.fuori = togli(a.insieme, b.insieme), true
	default:
		v.insieme, v.fuori = interseca(a.insieme, b.insieme), true
	}
	return v
}

func interseca(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); ok {
			out = append(out, s)
		}
	}
	return out
}

func togli(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); !ok {
			out = append(out, s)
		}
	}
	return out
}

func unione(a, b []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(a), b...))))
}

// eFattispecie: e is the request's fattispecie, an input of the
// program (not a value a rule computes under that name).
func (l *lettore) eFattispecie(e ast.Expr) bool {
	if e.Kind() != ast.IdentKind || e.AsIdent() != nomeFattispecie {
		return false
	}
	if i, ok := l.tab.idx[nomeFattispecie]; !ok || l.tab.slots[i].kind != slotIngresso {
		return false
	}
	r, ok := l.nat.ReferenceMap()[e.ID()]
	return !ok || (r.Name == nomeFattispecie && r.Value == nil && len(r.OverloadIDs) == 0)
}

func stringaCostante(e ast.Expr) (string, bool) {
	if e.Kind() != ast.LiteralKind {
		return "", false
	}
	s, ok := e.AsLiteral().(types.String)
	return string(s), ok
}

// listaCostante reads a list of strings written in the rule, or a list
// parameter with one value for all time.
func (l *lettore) listaCostante(e ast.Expr) ([]string, bool) {
	var out []string
	switch e.Kind() {
	case ast.ListKind:
		lista := e.AsList()
		if len(lista.OptionalIndices()) > 0 {
			return nil, false
		}
		for _, x := range lista.Elements() {
			s, ok := stringaCostante(x)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
	case ast.SelectKind, ast.IdentKind:
		r, ok := l.nat.ReferenceMap()[e.ID()]
		if !ok || r.Value != nil || len(r.OverloadIDs) > 0 {
			return nil, false
		}
		i, ok := l.tab.idx[r.Name]
		if !ok {
			return nil, false
		}
		sl := &l.tab.slots[i]
		if sl.kind != slotParametro || len(sl.versioni) != 1 || !copre(sl.versioni[0].vig, l.vig) {
			return nil, false
		}
		lista, ok := sl.versioni[0].val.(traits.Lister)
		if !ok {
			return nil, false
		}
		for it := lista.Iterator(); it.HasNext() == types.True; {
			s, ok := it.Next().(types.String)
			if !ok {
				return nil, false
			}
			out = append(out, string(s))
		}
	default:
		return nil, false
	}
	return slices.Compact(slices.Sorted(slices.Values(out))), true
}

// copre: every day of w is a day of v.
func copre(v, w spec.Vigenza) bool {
	return !v.Dal.After(w.Dal) && (v.Al.IsZero() || !w.Al.IsZero() && !v.Al.Before(w.Al))
}

// potabile: a step that adds nothing when its condition is false.
func potabile(c *passoC) bool {
	return !c.calcola && c.testoNo == nil && c.mostra == nil
}

// pota builds, for each fattispecie, the list of p's steps that may apply
// to it, where that list is shorter than all of them.
func (p *programma) pota(fattispecie []string) {
	for _, f := range fattispecie {
		var l []*passoC
		for _, c := range p.passi {
			if c.vincolo.ammette(f) || !potabile(c) {
				l = append(l, c)
			}
		}
		if len(l) < len(p.passi) {
			if p.passiPer == nil {
				p.passiPer = map[string][]*passoC{}
			}
			p.passiPer[f] = l
		}
	}
}

// passiPer gives the steps to run for a fattispecie.
func (p *programma) passiDi(fattispecie string) []*passoC {
	if l, ok := p.passiPer[fattispecie]; ok {
		return l
	}
	return p.passi
}
