package motore

import (
	"path/filepath"
	"slices"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/lpu/internal/celx"
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
	// Pos, when known, are where the codes are declared, one by one,
	// and Percorsi their YAML paths there.
	Pos      []spec.Pos
	Percorsi []string
	// Fine, when known, are the last days the codes are provided
	// (fino_al; zero: no end), one by one.
	Fine []time.Time
}

// CodiceValore is the code of the problem.
const CodiceValore = "valore"

// controllaValori adds to ps a problem for each text that the checked
// expression a (of e, at perc) gives where the codes of a name of
// dichiarati, or of an argument of a function of the library that takes
// a code (celx.ArgomentiCodici), are expected, and that is not one of
// them. Where a code is expected: the other side of ==, != and in, the
// key of a mappa whose keys are codes (m["x"], "x" in m), and such an
// argument; the texts a side may give: a text, the items of a list
// written in the expression, either branch of ?: (each of them in
// turn). The variable of a comprehension over a name (exists, all,
// filter, map: convenzione.attivita.exists(a, a == "x")) takes its
// codes; one that has a declared name's is not that name.
func controllaValori(dichiarati map[string]Dichiarato, a *cel.Ast, e spec.Expr, perc string, ps *spec.Problems) {
	testi := strings.ContainsAny(e.Src, `"'`)
	if !testi && !slices.ContainsFunc(funzioniCodici, func(f string) bool { return strings.Contains(e.Src, f) }) {
		return // (no text, no call of a function taking a code)
	}
	rif := a.NativeRep().ReferenceMap()
	nomi, funzioni := false, false
	for _, r := range rif {
		if len(r.OverloadIDs) == 0 {
			_, ok := dichiarati[r.Name]
			nomi = nomi || ok
		} else {
			_, ok := celx.ArgomentiCodici[r.OverloadIDs[0]]
			funzioni = funzioni || ok
		}
	}
	if !funzioni && !(testi && nomi) {
		return // (no text compared with a name, no function taking a code)
	}
	c := controlloValori{dichiarati: dichiarati, rif: rif}
	c.visita(a.NativeRep().Expr(), nil)
	info := a.NativeRep().SourceInfo()
	for _, t := range c.trovati {
		et := spec.NomeCampo(t.d.Etichetta)
		if et == "" {
			et = t.nome
		}
		s := t.x.AsLiteral().(types.String)
		ps.Add(e.PosRune(int(inizio(t.x, info))), perc, CodiceValore, "%q non è un valore di «%s»: uno di %s", string(s), et, elencoCodici(t.d.Codici))
	}
	for _, t := range c.estranei {
		et := spec.NomeCampo(t.d.Etichetta)
		if et == "" {
			et = t.nome
		}
		pos := e.PosRune(int(inizio(t.x, info)))
		dove := "" // (a code of another layer of rules: an overlay's vocabulary)
		if i := slices.Index(t.d.Codici, t.codice); i < len(t.d.Pos) && t.d.Pos[i].Line > 0 && filepath.Dir(t.d.Pos[i].File) != filepath.Dir(pos.File) {
			dove = " (dichiarato in " + t.d.Pos[i].String() + ")"
		}
		ps.Add(pos, perc, CodiceValore, "«%s» può valere %q%s, che non è un valore di «%s»: uno di %s", et, t.codice, dove, t.ac.Nome, elencoCodici(t.ac.Codici))
	}
}

// funzioniCodici are the names of the functions of celx.ArgomentiCodici.
// A call of one writes its name: an expression without any of them
// calls none.
var funzioniCodici = func() []string {
	var out []string
	for _, args := range celx.ArgomentiCodici {
		for _, a := range args {
			if !slices.Contains(out, a.Funzione) {
				out = append(out, a.Funzione)
			}
		}
	}
	return out
}()

// controlloValori walks an expression for controllaValori.
type controlloValori struct {
	dichiarati map[string]Dichiarato
	rif        map[int64]*celast.ReferenceInfo
	trovati    []trovato
	estranei   []estraneo
}

// estraneo is a code of a name that is passed to an argument taking
// other codes (ac): a request giving it would fail the call.
type estraneo struct {
	nome   string
	d      Dichiarato
	codice string
	ac     celx.ArgomentoCodice
	x      celast.Expr
}

// trovato is a text that is none of the codes d of nome.
type trovato struct {
	nome string
	d    Dichiarato
	x    celast.Expr
}

// varLocale is a variable of a comprehension in scope, with the codes it
// takes (ok false: none known).
type varLocale struct {
	nome string
	d    Dichiarato
	ok   bool
	// testi is the range when it is written in the expression (["a",
	// "b"].exists(m, m == convenzione.modello)): the texts the variable
	// takes, checked where it is compared with a name.
	testi celast.Expr
	su    *varLocale
}

// codici are the codes of the values of x: those of a declared name
// (the items of a list, the keys of a mappa), or of a variable of a
// comprehension over one.
func (c *controlloValori) codici(x celast.Expr, loc *varLocale) (string, Dichiarato, bool) {
	if x.Kind() == celast.IdentKind {
		for l := loc; l != nil; l = l.su {
			if l.nome == x.AsIdent() {
				return l.nome, l.d, l.ok
			}
		}
	}
	if k := x.Kind(); k != celast.IdentKind && k != celast.SelectKind {
		return "", Dichiarato{}, false
	}
	r, ok := c.rif[x.ID()]
	if !ok || r.Name == "" || len(r.OverloadIDs) > 0 {
		return "", Dichiarato{}, false
	}
	d, ok := c.dichiarati[r.Name]
	return r.Name, d, ok
}

// testi checks the texts x may give against the codes d of nome (a
// variable of a comprehension over a list written in the expression
// gives that list's).
func (c *controlloValori) testi(nome string, d Dichiarato, x celast.Expr, loc *varLocale) {
	switch x.Kind() {
	case celast.IdentKind:
		for l := loc; l != nil; l = l.su {
			if l.nome == x.AsIdent() {
				if l.testi != nil {
					c.testi(nome, d, l.testi, l.su)
				}
				return
			}
		}
	case celast.LiteralKind:
		if s, ok := x.AsLiteral().(types.String); ok && s != "" && !slices.Contains(d.Codici, string(s)) &&
			!slices.ContainsFunc(c.trovati, func(t trovato) bool { return t.x.ID() == x.ID() }) {
			c.trovati = append(c.trovati, trovato{nome, d, x})
		}
	case celast.ListKind:
		for _, el := range x.AsList().Elements() {
			c.testi(nome, d, el, loc)
		}
	case celast.CallKind:
		if k := x.AsCall(); k.FunctionName() == operators.Conditional && len(k.Args()) == 3 {
			c.testi(nome, d, k.Args()[1], loc)
			c.testi(nome, d, k.Args()[2], loc)
		}
	}
}

func (c *controlloValori) visita(x celast.Expr, loc *varLocale) {
	switch x.Kind() {
	case celast.ComprehensionKind:
		k := x.AsComprehension()
		c.visita(k.IterRange(), loc)
		c.visita(k.AccuInit(), loc)
		// (the variable takes the codes of the items of a list, or of
		// the keys of a mappa; with two variables, the first is an
		// index or a key, and neither is checked)
		in := &varLocale{nome: k.IterVar(), su: loc}
		if k.IterVar2() == "" {
			_, in.d, in.ok = c.codici(k.IterRange(), loc)
			if r := k.IterRange(); r.Kind() == celast.ListKind {
				in.testi = r
			}
		} else {
			in = &varLocale{nome: k.IterVar2(), su: in}
		}
		dentro := &varLocale{nome: k.AccuVar(), su: in}
		c.visita(k.LoopCondition(), dentro)
		c.visita(k.LoopStep(), dentro)
		c.visita(k.Result(), dentro)
		return
	case celast.SelectKind:
		c.visita(x.AsSelect().Operand(), loc)
		return
	case celast.ListKind:
		for _, el := range x.AsList().Elements() {
			c.visita(el, loc)
		}
		return
	case celast.MapKind:
		for _, en := range x.AsMap().Entries() {
			c.visita(en.AsMapEntry().Key(), loc)
			c.visita(en.AsMapEntry().Value(), loc)
		}
		return
	case celast.StructKind:
		for _, f := range x.AsStruct().Fields() {
			c.visita(f.AsStructField().Value(), loc)
		}
		return
	case celast.CallKind:
	default:
		return
	}
	k := x.AsCall()
	if k.IsMemberFunction() {
		c.visita(k.Target(), loc)
	}
	args := k.Args()
	for _, a := range args {
		c.visita(a, loc)
	}
	switch k.FunctionName() {
	case operators.Equals, operators.NotEquals:
		if len(args) == 2 {
			for i := range args {
				if n, d, ok := c.codici(args[i], loc); ok {
					c.testi(n, d, args[1-i], loc)
				}
			}
		}
	case operators.In:
		if len(args) == 2 {
			if n, d, ok := c.codici(args[0], loc); ok && args[1].Kind() != celast.LiteralKind {
				c.testi(n, d, args[1], loc)
			}
			if n, d, ok := c.codici(args[1], loc); ok {
				c.testi(n, d, args[0], loc)
			}
		}
	case operators.Index:
		if len(args) == 2 {
			if n, d, ok := c.codici(args[0], loc); ok {
				c.testi(n, d, args[1], loc)
			}
		}
	default:
		r, ok := c.rif[x.ID()]
		if !ok || len(r.OverloadIDs) != 1 {
			return
		}
		for i, ac := range celx.ArgomentiCodici[r.OverloadIDs[0]] {
			if i >= len(args) {
				continue
			}
			c.testi(ac.Nome, Dichiarato{Etichetta: ac.Nome, Codici: ac.Codici}, args[i], loc)
			// (a name passed as is: each of its codes must be one)
			if n, d, ok := c.codici(args[i], loc); ok {
				for _, cod := range d.Codici {
					if !slices.Contains(ac.Codici, cod) {
						c.estranei = append(c.estranei, estraneo{n, d, cod, ac, args[i]})
					}
				}
			}
		}
	}
}
