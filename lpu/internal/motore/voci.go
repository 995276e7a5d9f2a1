package motore

import (
	"maps"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/containers"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// A text of the rules that writes a code a lawyer does not know — an
// accepted value of an input (dm88_2015), an item of a list
// (protezione_civile), a fattispecie (l689_56bis), a code of a computed
// value — writes its label instead, in «»: «modello del D.M. 88/2015
// (messa alla prova)». Which codes a placeholder may write is known at
// load, from what its expression reads (vociEspr): an evaluation looks
// each string up in the placeholder's table, and no text is rewritten
// after the fact.

// Voci are the codes a value may take and their labels.
type Voci map[string]string

// ModoVoci is how AppendVoci writes a code.
type ModoVoci uint8

const (
	// VoceEtichetta writes a code as «label».
	VoceEtichetta ModoVoci = iota
	// VoceCitata writes a code as its label alone: the rule's text puts
	// the placeholder in «» itself, and the items of a list each get
	// their own («a», «b»).
	VoceCitata
	// VoceCodice writes a code's label, then the code: «label» (code).
	// A refusal's text names so the values it lists, since its reader
	// has to write one of them in the request (a JSON body, a CSV cell).
	VoceCodice
)

// AppendVoci writes v as AppendFormatta does, but a text that is a code
// of voci (or each such text of a list) as modo says; a text that is no
// code of voci is written as it is.
func AppendVoci(b []byte, v ref.Val, voci Voci, modo ModoVoci) []byte {
	switch x := v.(type) {
	case types.String:
		et, ok := voci[string(x)]
		if !ok {
			return append(b, x...)
		}
		switch modo {
		case VoceCitata:
			return append(b, et...)
		case VoceCodice:
			return append(b, spec.CodiceCitato(string(x), et)...)
		}
		b = append(b, "«"...)
		b = append(b, et...)
		return append(b, "»"...)
	case traits.Lister:
		sep := ", "
		if modo == VoceCitata {
			sep = "», «"
		}
		it := x.Iterator()
		for i := 0; it.HasNext() == types.True; i++ {
			if i > 0 {
				b = append(b, sep...)
			}
			b = AppendVoci(b, it.Next(), voci, modo)
		}
		return b
	}
	return AppendFormatta(b, v)
}

// voci is the result of vociEspr: the codes of an expression's value
// (tab), none at all (neutro: an empty list, a text literal, which take
// the codes of what they are joined with) or unknown (ignote).
type vociDi struct {
	tab    Voci
	ignote bool
}

var vociIgnote = vociDi{ignote: true}

// unisci is the codes of a value that is either a's or b's (the branches
// of a conditional) or both (a list joined to another): the same codes,
// or unknown when a code has two labels.
func unisci(a, b vociDi) vociDi {
	switch {
	case a.ignote || b.ignote:
		return vociIgnote
	case a.tab == nil:
		return b
	case b.tab == nil:
		return a
	}
	for k, v := range b.tab {
		if w, ok := a.tab[k]; ok && w != v {
			return vociIgnote
		}
	}
	if len(b.tab) > len(a.tab) {
		a, b = b, a
	}
	for k := range b.tab {
		if _, ok := a.tab[k]; !ok {
			m := maps.Clone(a.tab)
			maps.Copy(m, b.tab)
			return vociDi{tab: m}
		}
	}
	return a
}

// vociEspr are the codes the value of a checked expression may be, from
// the names it reads: a name's own (simboli.voci), through the branches
// of a conditional, the lists it joins, an item taken from a list and
// the items a filter keeps. Any other expression (a text built, a
// number) has none a text could write.
func (tab *simboli) vociEspr(a *cel.Ast) vociDi {
	rif := a.NativeRep().ReferenceMap()
	var di func(e celast.Expr) vociDi
	di = func(e celast.Expr) vociDi {
		if r, ok := rif[e.ID()]; ok && r.Name != "" && len(r.OverloadIDs) == 0 {
			return tab.vociNome(r.Name)
		}
		switch e.Kind() {
		case celast.IdentKind:
			return tab.vociNome(e.AsIdent())
		case celast.SelectKind:
			if n, ok := containers.ToQualifiedName(e); ok {
				return tab.vociNome(n)
			}
		case celast.LiteralKind:
			if _, ok := e.AsLiteral().(types.String); ok {
				return vociDi{}
			}
		case celast.ListKind:
			out := vociDi{}
			for _, x := range e.AsList().Elements() {
				out = unisci(out, di(x))
			}
			return out
		case celast.CallKind:
			c := e.AsCall()
			switch args := c.Args(); {
			case c.FunctionName() == operators.Conditional && len(args) == 3:
				return unisci(di(args[1]), di(args[2]))
			case c.FunctionName() == operators.Add && len(args) == 2:
				return unisci(di(args[0]), di(args[1]))
			case c.FunctionName() == operators.Index && len(args) == 2:
				return di(args[0])
			}
		case celast.ComprehensionKind:
			if lista, _, _, ok := Filtro(e); ok {
				return di(lista)
			}
		}
		return vociIgnote
	}
	return di(a.NativeRep().Expr())
}

// Filtro is the list, the variable and the condition of x if x is CEL's
// filter macro, lista.filter(v, cond): from an empty list, the
// accumulator grows by the item itself when the condition holds
// (cond ? accu + [v] : accu).
func Filtro(x celast.Expr) (lista celast.Expr, v string, cond celast.Expr, ok bool) {
	if x.Kind() != celast.ComprehensionKind {
		return nil, "", nil, false
	}
	c := x.AsComprehension()
	init, step := c.AccuInit(), c.LoopStep()
	if init.Kind() != celast.ListKind || len(init.AsList().Elements()) != 0 ||
		step.Kind() != celast.CallKind || step.AsCall().FunctionName() != operators.Conditional || len(step.AsCall().Args()) != 3 {
		return nil, "", nil, false
	}
	add := step.AsCall().Args()[1]
	if add.Kind() != celast.CallKind || add.AsCall().FunctionName() != operators.Add || len(add.AsCall().Args()) != 2 {
		return nil, "", nil, false
	}
	acc, el := add.AsCall().Args()[0], add.AsCall().Args()[1]
	if acc.Kind() != celast.IdentKind || acc.AsIdent() != c.AccuVar() || el.Kind() != celast.ListKind || len(el.AsList().Elements()) != 1 {
		return nil, "", nil, false
	}
	if it := el.AsList().Elements()[0]; it.Kind() != celast.IdentKind || it.AsIdent() != c.IterVar() {
		return nil, "", nil, false
	}
	return c.IterRange(), c.IterVar(), step.AsCall().Args()[0], true
}

// vociNome are the codes of a name of the table: those it was given (an
// input, a computed value, a parameter: see vociParametri), or none.
func (t *simboli) vociNome(nome string) vociDi {
	i, ok := t.idx[nome]
	if !ok {
		return vociIgnote
	}
	sl := &t.slots[i]
	if sl.voci == nil {
		return vociIgnote
	}
	return vociDi{tab: sl.voci}
}

// vociParametri gives each parameter that is a text, a list of texts or
// a mappa the codes of an input whose codes all its values are (the
// activities of legge.convenzione_attivita are those of
// convenzione.attivita; of a mappa, the items of its lists, which
// legge.convenzione_attivita_modello[convenzione.modello] takes by its
// key): a text that writes the parameter, or a list taken from it, then
// writes their labels. A parameter whose values are the codes of two
// inputs that label one of them differently, or of none, has none.
func (t *simboli) vociParametri() {
	var tabelle []Voci
	for _, sl := range t.slots {
		if sl.kind == slotIngresso && sl.voci != nil {
			tabelle = append(tabelle, sl.voci)
		}
	}
	if len(tabelle) == 0 {
		return
	}
	for i := range t.slots {
		sl := &t.slots[i]
		if sl.kind != slotParametro || !(sl.tipo.IsExactType(cel.StringType) || sl.tipo.IsExactType(cel.ListType(cel.StringType)) || sl.tipo.IsExactType(TipoMappa)) {
			continue
		}
		out := vociDi{}
		for _, tab := range tabelle {
			if codiciDi(sl.versioni, tab) {
				out = unisci(out, vociDi{tab: tab})
			}
		}
		if !out.ignote {
			sl.voci = out.tab
		}
	}
}

// codiciDi reports whether every value of every version (of a mappa,
// every item of its lists) is a code of tab, and there is one.
func codiciDi(versioni []Versione, tab Voci) bool {
	n := 0
	var ogni func(v ref.Val) bool
	ogni = func(v ref.Val) bool {
		switch x := v.(type) {
		case types.String:
			n++
			_, ok := tab[string(x)]
			return ok
		case traits.Lister:
			it := x.Iterator()
			for it.HasNext() == types.True {
				if !ogni(it.Next()) {
					return false
				}
			}
			return true
		case traits.Mapper:
			it := x.Iterator()
			for it.HasNext() == types.True {
				if !ogni(x.Get(it.Next())) {
					return false
				}
			}
			return true
		}
		return false
	}
	for _, v := range versioni {
		if !ogni(v.Val) {
			return false
		}
	}
	return n > 0
}

// vociCalcolate gives the computed value of slot i the codes of one of
// its versions: those its step declares (dichiarate), or those of its
// expression (di). Versions that give different codes leave it none.
func (t *simboli) vociCalcolate(i int, dichiarate Voci, di vociDi) {
	sl := &t.slots[i]
	if dichiarate != nil {
		sl.voci = dichiarate
		return
	}
	if sl.vociRotte {
		return
	}
	if r := unisci(vociDi{tab: sl.voci}, di); r.ignote {
		sl.voci, sl.vociRotte = nil, true
	} else {
		sl.voci = r.tab
	}
}

// appendi writes the value of a placeholder: its codes by their labels.
func (p *parte) appendi(b []byte, v ref.Val) []byte {
	if p.voci == nil {
		return AppendFormatta(b, v)
	}
	return AppendVoci(b, v, p.voci, p.modo)
}
