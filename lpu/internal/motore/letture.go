package motore

import (
	"strings"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// The checker lets an expression read the values computed by the steps
// before it: a name is declared by its first version. Two mistakes pass
// it, and met a case at run time (regola_fallita) before they were
// checked here, at load:
//
//   - a value computed by versions at different dates, whose later
//     version comes after a step that reads it: on a date of that
//     version the step reads a value not computed yet (with the
//     explanation, where the steps run in order), or, when the version
//     reads through other values the step's own, a cycle (a value that
//     depends on itself). Such a read is a problem at the name, when
//     the two steps are in force on a common day.
//   - a value computed only when its step's se holds, read where nothing
//     guards it: by a condition, a se, or the value of a step without
//     se, outside the branches of &&, || and ?: and the bodies of the
//     loops, or by a text written whenever its step runs. The case
//     whose se is false fails whenever the step runs; such a read is a
//     problem at the name. A read under a guard (fondo_attivabile &&
//     richiesta_entro > …, a text of a caveat, the value of a step with
//     se) is not checked: whether the guard implies the se is not
//     decided here, and the run-time error stays the backstop.

// letto is a read of a computed value by an expression of a step,
// gathered while a file compiles (Ambiente.letti).
type letto struct {
	c    *passoC
	nome string
	// e is the expression, or the placeholder of a text, that reads the
	// name; a its checked form (nil: e is the name alone, see senzaCEL).
	e    spec.Expr
	perc string
	a    *cel.Ast
	// prima: read by the value or the se of a calcola step, before it
	// sets its own value; guardato: the expression runs only when a
	// condition of the step holds (its se, its condition, its mostra).
	prima, guardato bool
}

// leggi records in amb the reads of computed values by an expression of
// a step (c is set later for a text, see compilaTesto).
func (amb *Ambiente) leggi(tab *simboli, c *passoC, e spec.Expr, perc string, a *cel.Ast, nomi []string, prima, guardato bool) {
	if amb.letti == nil {
		return
	}
	for _, n := range nomi {
		if i, ok := tab.idx[n]; ok && tab.slots[i].kind == slotCalcolato && !locale(a, n) {
			*amb.letti = append(*amb.letti, letto{c: c, nome: n, e: e, perc: perc, a: a, prima: prima, guardato: guardato})
		}
	}
}

// segna sets the step and whether it is guarded of the reads of a text
// of c.
func segna(letti []letto, c *passoC, guardato bool) {
	for i := range letti {
		letti[i].c, letti[i].guardato = c, guardato
	}
}

// locale reports whether n is a variable of a comprehension of a, which
// the checker resolves as it does the names: it may hide the computed
// value of that name, and is then not taken for a read of it.
func locale(a *cel.Ast, n string) bool {
	if a == nil || !Comprensioni(a) {
		return false
	}
	trovato := false
	celast.PostOrderVisit(a.NativeRep().Expr(), celast.NewExprVisitor(func(x celast.Expr) {
		if x.Kind() == celast.ComprehensionKind {
			c := x.AsComprehension()
			trovato = trovato || c.IterVar() == n || c.IterVar2() == n || c.AccuVar() == n
		}
	}))
	return trovato
}

// controllaLetture adds to ps a problem for each read of letti that
// meets, on some day, the step computing the name after the reader
// (or the reader itself, before its value), and for each unguarded
// read of a name that a step in force with it computes only under a se
// (see above). It runs once the file's steps are compiled, with their
// producers (simboli.produttori).
func (p *Programma) controllaLetture(letti []letto, ps *spec.Problems) {
	multi, conSe := false, false
	for _, pr := range p.tab.produttori {
		multi = multi || len(pr) > 1
		for _, q := range pr {
			conSe = conSe || q.se != nil && strings.TrimSpace(q.s.Se.Src) != "true"
		}
	}
	if !multi && !conSe {
		return // (every name one step, always computed: nothing to meet)
	}
	for _, r := range letti {
		c := r.c
		if c == nil || c.prg == nil {
			continue // (a step with a problem, already reported)
		}
		for _, q := range p.tab.produttori[p.tab.idx[r.nome]] {
			comune, ok := intersezione(c.vigenza, q.vigenza)
			if !ok {
				continue
			}
			if c.calcola && q != c && q.s.Nome == c.s.Nome && !r.prima {
				continue // (a text reading a version's own value, which another overlaps: see ControllaCopertura)
			}
			if q.s.Indice > c.s.Indice || q == c && r.prima {
				p.lettoDopo(r, q, comune, ps)
				break
			}
			if !r.guardato && q.se != nil && strings.TrimSpace(q.s.Se.Src) != "true" {
				if x, ok := lettoSempre(r); ok {
					p.lettoSenzaSe(r, x, q, comune, ps)
					break
				}
			}
		}
	}
}

// lettoDopo reports r, a read of a name that q computes on the days
// comune, q being after the reader (or the reader itself).
func (p *Programma) lettoDopo(r letto, q *passoC, comune spec.Vigenza, ps *spec.Problems) {
	c, pos := r.c, posLetto(r, nil)
	quando := p.periodo(comune)
	switch {
	case q == c:
		ps.Add(pos, r.perc, "ciclo", "«%s» dipende da sé stesso%s: questo passo lo calcola e, per calcolarlo, lo legge", r.nome, quando)
	case c.calcola && p.raggiunge(q, c, comune):
		ps.Add(pos, r.perc, "ciclo", "«%s» dipende da sé stesso%s: lo calcola passi[%d], che viene dopo e legge, attraverso altri valori, «%s», calcolato da questo passo",
			r.nome, quando, q.s.Indice, c.s.Nome)
	default:
		ps.Add(pos, r.perc, "ordine", "«%s» è letto qui, ma%s lo calcola passi[%d], che viene dopo: un passo legge solo i valori calcolati dai passi prima di lui (spostare questo passo dopo passi[%d])",
			r.nome, quando, q.s.Indice, q.s.Indice)
	}
}

// raggiunge reports whether the value or se of step da reads, directly
// or through other values computed on the days comune, the value of a.
func (p *Programma) raggiunge(da, a *passoC, comune spec.Vigenza) bool {
	visti := map[*passoC]bool{da: true}
	todo := []*passoC{da}
	for len(todo) > 0 {
		x := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, n := range x.dipende {
			i, ok := p.tab.idx[n]
			if !ok || i >= len(p.tab.produttori) {
				continue
			}
			for _, y := range p.tab.produttori[i] {
				if _, ok := intersezione(y.vigenza, comune); !ok || visti[y] {
					continue
				}
				if y == a {
					return true
				}
				visti[y] = true
				todo = append(todo, y)
			}
		}
	}
	return false
}

// lettoSenzaSe reports r, which reads at x, whatever the case, a name
// that q computes only when its se holds.
func (p *Programma) lettoSenzaSe(r letto, x celast.Expr, q *passoC, comune spec.Vigenza, ps *spec.Problems) {
	se := strings.Join(strings.Fields(q.s.Se.Src), " ")
	ps.Add(posLetto(r, x), r.perc, "se", "«%s» non ha un valore quando «%s» (il se di passi[%d]) è falso, e qui è letto in ogni caso%s: il caso fallirebbe con un errore delle regole; leggerlo solo sotto la stessa condizione (es. «%s && …»)",
		r.nome, se, q.s.Indice, p.periodo(comune), se)
}

// periodo is " dal …" or " dal … al …" for the days v, when they are
// not all those of the file ("" then).
func (p *Programma) periodo(v spec.Vigenza) string {
	f := p.file.Vigenza
	if !v.Dal.After(f.Dal) && (v.Al.IsZero() || !f.Al.IsZero() && !v.Al.Before(f.Al)) {
		return ""
	}
	if v.Al.IsZero() {
		return " dal " + calc.FormatDataItaliana(v.Dal)
	}
	return " dal " + calc.FormatDataItaliana(v.Dal) + " al " + calc.FormatDataItaliana(v.Al)
}

// intersezione is the days common to v and w, if any.
func intersezione(v, w spec.Vigenza) (spec.Vigenza, bool) {
	if !v.Sovrappone(w) {
		return spec.Vigenza{}, false
	}
	out := spec.Vigenza{Dal: v.Dal, Al: v.Al}
	if w.Dal.After(out.Dal) {
		out.Dal = w.Dal
	}
	if out.Al.IsZero() || !w.Al.IsZero() && w.Al.Before(out.Al) {
		out.Al = w.Al
	}
	return out, true
}

// lettoSempre is where the expression of r reads its name whatever the
// values it reads: not in a branch of &&, || or ?: (CEL's && and ||
// give false, or true, when either side does, an error on the other
// side or not), nor in the body of a loop (the list may be empty). ok
// is false when every read of the name is in such a place; x is nil
// for an expression that is the name alone.
func lettoSempre(r letto) (x celast.Expr, ok bool) {
	if r.a == nil {
		return nil, true
	}
	rif := r.a.NativeRep().ReferenceMap()
	var trova func(e celast.Expr) celast.Expr
	trova = func(e celast.Expr) celast.Expr {
		switch e.Kind() {
		case celast.IdentKind, celast.SelectKind:
			if rf, ok := rif[e.ID()]; ok && rf.Name == r.nome && len(rf.OverloadIDs) == 0 {
				return e
			}
			if e.Kind() == celast.SelectKind {
				return trova(e.AsSelect().Operand())
			}
		case celast.CallKind:
			c := e.AsCall()
			switch c.FunctionName() {
			case operators.LogicalAnd, operators.LogicalOr:
				return nil
			case operators.Conditional:
				return trova(c.Args()[0])
			}
			if c.IsMemberFunction() {
				if t := trova(c.Target()); t != nil {
					return t
				}
			}
			for _, a := range c.Args() {
				if t := trova(a); t != nil {
					return t
				}
			}
		case celast.ListKind:
			for _, el := range e.AsList().Elements() {
				if t := trova(el); t != nil {
					return t
				}
			}
		case celast.ComprehensionKind:
			return trova(e.AsComprehension().IterRange())
		}
		return nil
	}
	x = trova(r.a.NativeRep().Expr())
	return x, x != nil
}

// posLetto is the position of the read r: at x, when given, or at the
// first place its expression reads the name.
func posLetto(r letto, x celast.Expr) spec.Pos {
	if r.a == nil {
		return r.e.Pos()
	}
	info := r.a.NativeRep().SourceInfo()
	if x == nil {
		rif := r.a.NativeRep().ReferenceMap()
		primo := int32(-1)
		celast.PostOrderVisit(r.a.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
			if rf, ok := rif[e.ID()]; ok && rf.Name == r.nome && len(rf.OverloadIDs) == 0 && (e.Kind() == celast.IdentKind || e.Kind() == celast.SelectKind) {
				if s := inizio(e, info); primo < 0 || s < primo {
					primo = s
				}
			}
		}))
		return r.e.PosRune(int(max(primo, 0)))
	}
	return r.e.PosRune(int(inizio(x, info)))
}
