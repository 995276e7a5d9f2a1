package motore

import (
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// An expression that compares a name whose values are declared (an
// input with valori in the vocabulary, a computed value or an output
// with valori, the fattispecie, the field the reference date came from)
// with a text that is none of them — convenzione.modello == "dm2011",
// a typo for dm2001 — is always false (or, with !=, always true): the
// answers would change without a word. Such a comparison is a problem
// at load, at the text's position: ==, != (either way round), in a list
// written in the expression (x in ["a", "b"]), and a text in a list the
// name is ("a" in convenzione.attivita). A name whose values are open
// (no valori) is not checked, nor the empty text, the value of an input
// not given.

// Dichiarato is a name whose values are declared: its label, for the
// message, and its codes, in the order they are declared.
type Dichiarato struct {
	Etichetta string
	Codici    []string
	// Pos, when known, are where the codes are declared, one by one.
	Pos []spec.Pos
}

// CodiceValore is the code of the problem.
const CodiceValore = "valore"

// controllaValori adds to ps a problem for each text that the checked
// expression a (of e, at perc) compares with a name of dichiarati and
// that is not one of its codes.
func controllaValori(dichiarati map[string]Dichiarato, a *cel.Ast, e spec.Expr, perc string, ps *spec.Problems) {
	if len(dichiarati) == 0 || !strings.ContainsAny(e.Src, `"'`) {
		return // (no text in the expression: nothing to compare)
	}
	rif := a.NativeRep().ReferenceMap()
	legge := false
	for _, r := range rif {
		if _, ok := dichiarati[r.Name]; ok && len(r.OverloadIDs) == 0 {
			legge = true
			break
		}
	}
	if !legge {
		return // (no name with declared values in the expression)
	}
	info := a.NativeRep().SourceInfo()
	// trovati are the texts that are none of the codes of the name they
	// are compared with; locali the variables of the comprehensions,
	// which the checker resolves as it does the names: one may have the
	// name of a declared one (exists(caso, caso == "z")), and is not it.
	type trovato struct {
		nome string
		d    Dichiarato
		x    celast.Expr
	}
	var trovati []trovato
	var locali []string
	testo := func(nome string, d Dichiarato, x celast.Expr) {
		if x.Kind() != celast.LiteralKind {
			return
		}
		if s, ok := x.AsLiteral().(types.String); ok && s != "" && !slices.Contains(d.Codici, string(s)) {
			trovati = append(trovati, trovato{nome, d, x})
		}
	}
	dichiarato := func(x celast.Expr) (string, Dichiarato, bool) {
		r, ok := rif[x.ID()]
		if !ok || r.Name == "" || len(r.OverloadIDs) > 0 {
			return "", Dichiarato{}, false
		}
		d, ok := dichiarati[r.Name]
		return r.Name, d, ok
	}
	celast.PostOrderVisit(a.NativeRep().Expr(), celast.NewExprVisitor(func(x celast.Expr) {
		if x.Kind() == celast.ComprehensionKind {
			c := x.AsComprehension()
			locali = append(locali, c.IterVar(), c.IterVar2(), c.AccuVar())
		}
		if x.Kind() != celast.CallKind {
			return
		}
		c := x.AsCall()
		args := c.Args()
		if c.IsMemberFunction() || len(args) != 2 {
			return
		}
		switch c.FunctionName() {
		case operators.Equals, operators.NotEquals:
			for i := range args {
				if n, d, ok := dichiarato(args[i]); ok {
					testo(n, d, args[1-i])
				}
			}
		case operators.In:
			if n, d, ok := dichiarato(args[0]); ok && args[1].Kind() == celast.ListKind {
				for _, el := range args[1].AsList().Elements() {
					testo(n, d, el)
				}
			}
			if n, d, ok := dichiarato(args[1]); ok {
				testo(n, d, args[0])
			}
		}
	}))
	for _, t := range trovati {
		if slices.Contains(locali, t.nome) {
			continue
		}
		et := NomeCampo(t.d.Etichetta)
		if et == "" {
			et = t.nome
		}
		s := t.x.AsLiteral().(types.String)
		ps.Add(e.PosRune(int(inizio(t.x, info))), perc, CodiceValore, "%q non è un valore di «%s»: uno di %s", string(s), et, strings.Join(t.d.Codici, ", "))
	}
}
