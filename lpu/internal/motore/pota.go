package motore

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/traits"
)

// Steps that cannot apply to a case.
//
// A rule file that serves several cases (Conf.PotaPer names the input
// that says which) often begins its conditions by naming one (caso ==
// "a" && …): run for another case, they are all false, every time. At
// load, cel-go's static optimizer inlines each case, and the parameters
// with one value over the file's vigenza, into every condition that
// reads that input, and folds the constants; a step whose condition
// folds to false is left out of that case's list of steps. Nothing else
// changes: such a step, run, would add nothing (a false condition adds
// no reason, caveat or refusal; steps with a testo_no, shown when
// false, are always run).

// potabile: a step that adds nothing when its condition is false.
func potabile(c *passoC) bool {
	return !c.calcola && c.testoNo == nil && c.mostra == nil
}

// Pota builds, for each of casi (the values of Conf.PotaPer), the list of p's steps that may apply
// to it, where that list is shorter than all of them. The checked
// conditions and the environment kept for it are then let go.
func (p *Programma) Pota(casi []string) {
	if p.conf.PotaPer == "" {
		return
	}
	defer func() {
		for _, c := range p.passi {
			c.cond = nil
		}
		p.env = nil
	}()
	var candidati []*passoC
	costanti := map[string]*cel.InlineVariable{}
	for _, c := range p.passi {
		if c.cond == nil || !potabile(c) || Comprensioni(c.cond) {
			continue
		}
		nomi := Riferimenti(c.cond)
		if !slices.Contains(nomi, p.conf.PotaPer) {
			continue
		}
		candidati = append(candidati, c)
		for _, n := range nomi {
			if _, fatto := costanti[n]; !fatto {
				costanti[n] = p.costanteInline(n)
			}
		}
	}
	if len(candidati) == 0 || p.env == nil {
		return
	}
	var inline []*cel.InlineVariable
	for _, n := range slices.Sorted(maps.Keys(costanti)) {
		if v := costanti[n]; v != nil {
			inline = append(inline, v)
		}
	}
	piega, err := cel.NewConstantFoldingOptimizer()
	if err != nil {
		return
	}
	solo, err := cel.NewStaticOptimizer(piega)
	if err != nil {
		return
	}
	for _, f := range casi {
		def, iss := p.env.Compile(strconv.Quote(f))
		if iss.Err() != nil {
			return
		}
		opt, err := cel.NewStaticOptimizer(cel.NewInliningOptimizer(append(slices.Clone(inline), cel.NewInlineVariable(p.conf.PotaPer, def))...), piega)
		if err != nil {
			return
		}
		mai := map[*passoC]bool{}
		for _, c := range candidati {
			if a := PiegaTutto(p.env, opt, solo, c.cond); a != nil && a.NativeRep().Expr().Kind() == ast.LiteralKind && a.NativeRep().Expr().AsLiteral() == types.False {
				mai[c] = true
			}
		}
		if len(mai) == 0 {
			continue
		}
		var l []*passoC
		for _, c := range p.passi {
			if !mai[c] {
				l = append(l, c)
			}
		}
		if p.passiPer == nil {
			p.passiPer = map[string][]*passoC{}
		}
		p.passiPer[f] = l
	}
}

// costanteInline is the parameter nome, when it has one value over the
// whole vigenza of the file and that value is written as a CEL literal
// (a text, an integer, a boolean, a list of texts), as a variable for
// cel-go's inlining; nil otherwise.
func (p *Programma) costanteInline(nome string) *cel.InlineVariable {
	k, ok := p.tab.idx[nome]
	if !ok {
		return nil
	}
	v := costante(p.tab, k, p.tab.vigenza)
	var src string
	switch x := v.(type) {
	case types.String:
		src = strconv.Quote(string(x))
	case types.Int:
		src = strconv.FormatInt(int64(x), 10)
	case types.Bool:
		src = strconv.FormatBool(bool(x))
	case traits.Lister:
		var parti []string
		for it := x.Iterator(); it.HasNext() == types.True; {
			s, ok := it.Next().(types.String)
			if !ok {
				return nil
			}
			parti = append(parti, strconv.Quote(string(s)))
		}
		src = "[" + strings.Join(parti, ", ") + "]"
	default:
		return nil
	}
	def, iss := p.env.Compile(src)
	if iss.Err() != nil || !def.OutputType().IsExactType(p.tab.slots[k].tipo) {
		return nil
	}
	return cel.NewInlineVariable(nome, def)
}

// passiDi gives the steps to run for a case.
func (p *Programma) passiDi(caso string) []*passoC {
	if l, ok := p.passiPer[caso]; ok {
		return l
	}
	return p.passi
}
