// Package catalogo finds which inputs a rule file's program reads, and
// the text values it compares them with: what a form asks for a
// fattispecie (the facade's Catalogo). It walks the steps' CEL
// expressions as parsed by the engine; the names of the inputs come
// from the caller.
package catalogo

import (
	"slices"
	"sort"
	"sync"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/containers"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/parole"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Letture are the inputs a rule file reads (Nomi), and the text values
// it compares them with (Citati).
type Letture struct {
	Nomi   map[string]bool
	Citati map[string][]string
}

// Cache keeps the Letture of each program (*motore.Programma →
// Letture). The zero Cache is ready; it is safe for concurrent use.
type Cache struct{ m sync.Map }

// Di is Riferimenti(p, nomi) for a program whose nomi are always the
// same (the calcolo's fields, or the inputs of the Fund's request
// type), computed once: parsing the expressions again was most of the
// cost of a catalogue, which server.New asks for twice and Descrizione
// once per fattispecie. The caller gets a copy of its own to change.
func (c *Cache) Di(p *motore.Programma, nomi []string) Letture {
	v, ok := c.m.Load(p)
	if !ok {
		v, _ = c.m.LoadOrStore(p, Riferimenti(p, nomi))
	}
	l := v.(Letture)
	out := Letture{Nomi: make(map[string]bool, len(l.Nomi)), Citati: make(map[string][]string, len(l.Citati))}
	for k, x := range l.Nomi {
		out.Nomi[k] = x
	}
	for k, x := range l.Citati {
		out.Citati[k] = slices.Clip(x)
	}
	return out
}

// Riferimenti walks the values, conditions, se and mostra expressions of a
// file's steps (not the texts) for the inputs named nomi. A rifiuta
// condition makes a field read unless it reads it only to refuse it when
// given (see rifiutaSeIndicato). p may be nil: nothing is read.
func Riferimenti(p *motore.Programma, nomi []string) Letture {
	l := Letture{Nomi: map[string]bool{}, Citati: map[string][]string{}}
	if p == nil {
		return l
	}
	noti := map[string]bool{}
	for _, n := range nomi {
		noti[n] = true
	}
	for _, s := range p.File().Passi {
		if s.Tipo == "" {
			continue
		}
		for _, x := range []spec.Expr{s.Espr, s.Se, s.Mostra} {
			if x.Empty() {
				continue
			}
			a, iss := motore.Base.Parse(x.Src)
			if iss != nil && iss.Err() != nil {
				continue // compiled at load: cannot happen for a loaded engine
			}
			var esclusi map[int64]bool
			if s.Tipo == spec.Rifiuta {
				esclusi = rifiutaSeIndicato(a.NativeRep().Expr(), noti)
			}
			leggi(a.NativeRep().Expr(), noti, esclusi, &l)
		}
	}
	return l
}

// leggi records the inputs an expression reads (but those whose
// expression ids are in esclusi) and the text values it compares them
// with.
func leggi(root ast.Expr, noti map[string]bool, esclusi map[int64]bool, l *Letture) {
	ast.PreOrderVisit(root, ast.NewExprVisitor(func(x ast.Expr) {
		if n, ok := containers.ToQualifiedName(x); ok && noti[n] && !esclusi[x.ID()] {
			l.Nomi[n] = true
		}
		if x.Kind() != ast.CallKind {
			return
		}
		c := x.AsCall()
		args := c.Args()
		switch c.FunctionName() {
		case operators.Equals, operators.NotEquals:
			if len(args) == 2 {
				citato(args[0], args[1], noti, l)
				citato(args[1], args[0], noti, l)
			}
		case operators.In:
			if len(args) == 2 && args[1].Kind() == ast.ListKind {
				for _, el := range args[1].AsList().Elements() {
					citato(args[0], el, noti, l)
				}
			}
		}
	}))
}

// rifiutaSeIndicato finds, in a rifiuta condition, the inputs it reads
// only to refuse them when given: compared as different from their zero
// value (campo != 0, != "", != durata(0, 0, 0), != decimale("0")) or as
// greater than 0. A form need not ask for them: the rules refuse any
// value but the one left out.
func rifiutaSeIndicato(root ast.Expr, noti map[string]bool) map[int64]bool {
	out := map[int64]bool{}
	ast.PreOrderVisit(root, ast.NewExprVisitor(func(x ast.Expr) {
		if x.Kind() != ast.CallKind {
			return
		}
		c := x.AsCall()
		args := c.Args()
		if len(args) != 2 {
			return
		}
		switch c.FunctionName() {
		case operators.NotEquals:
			for i := range 2 {
				if n, ok := containers.ToQualifiedName(args[i]); ok && noti[n] && parole.Zero(args[1-i]) {
					out[args[i].ID()] = true
				}
			}
		case operators.Greater:
			if n, ok := containers.ToQualifiedName(args[0]); ok && noti[n] && parole.Zero(args[1]) {
				out[args[0].ID()] = true
			}
		}
	}))
	return out
}

func citato(campo, lit ast.Expr, noti map[string]bool, l *Letture) {
	n, ok := containers.ToQualifiedName(campo)
	if !ok || !noti[n] || lit.Kind() != ast.LiteralKind {
		return
	}
	if s, ok := lit.AsLiteral().(types.String); ok && s != "" {
		l.Citati[n] = append(l.Citati[n], string(s))
	}
}

// Unici are the values of s, sorted, each once (nil for none).
func Unici(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := slices.Clone(s)
	sort.Strings(out)
	return slices.Compact(out)
}
