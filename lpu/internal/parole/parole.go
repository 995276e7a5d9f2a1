// Package parole renders the conditions and values of the rules in
// words, for a judge who reads the rules (the description of a
// fattispecie) rather than their CEL: an input is named by its label in
// the vocabulary («Arresto»), a parameter and a computed value by their
// names in words («euro per giorno»), a value of a field with accepted
// values by its label; the operators are Italian («e», «oppure», «è
// almeno»). No field path reaches the text. It works on plain data (the
// labels and the values' labels the caller gives) and on the engine's
// CEL parser.
package parole

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/containers"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// Parole renders expressions of one rule file in words.
type Parole struct {
	// etichette are the labels of the inputs, by path (fatti.arresto).
	etichette map[string]string
	// valori are the labels of the accepted values of each input.
	valori map[string]map[string]string
	// testi are the labels the file's texts write with etichetta(…),
	// as the engine writes them.
	testi *motore.Etichette
	// mappe are the names of the parameters of kind mappa (legge.x): a
	// code of one, and its list, are said as such.
	mappe map[string]bool
}

// ConMappe says that the names m (legge.x) are parameters of kind
// mappa, a code → a list: «k in legge.x» is «k è una delle voci di
// «x»», legge.x[k] is «x» per «k».
func (w *Parole) ConMappe(m map[string]bool) *Parole {
	w.mappe = m
	return w
}

// mappa reports whether x names a parameter of kind mappa.
func (w *Parole) mappa(x ast.Expr) bool {
	n, ok := containers.ToQualifiedName(x)
	return ok && w.mappe[n]
}

// Nuove are the words of a rule file whose inputs have the labels
// etichette and whose inputs' accepted values have the labels valori
// (input → value → label), and whose texts write with etichetta(…) the
// labels testi (nil: none).
func Nuove(etichette map[string]string, valori map[string]map[string]string, testi *motore.Etichette) *Parole {
	return &Parole{etichette: etichette, valori: valori, testi: testi}
}

// Espressione renders a CEL source in words; a source that does not parse
// (it cannot, in a loaded engine) comes back as it is.
func (w *Parole) Espressione(src string) string {
	a, iss := motore.Base.Parse(src)
	if iss != nil && iss.Err() != nil {
		return src
	}
	return w.expr(a.NativeRep().Expr(), nil)
}

// Valore renders in words the CEL source of the value computed as nome:
// a text literal it gives (as a whole, or on a branch of its
// conditionals) is one of nome's codes, written by its label.
func (w *Parole) Valore(src, nome string) string {
	a, iss := motore.Base.Parse(src)
	if iss != nil && iss.Err() != nil {
		return src
	}
	return w.risultato(a.NativeRep().Expr(), nome)
}

// risultato renders x, whose value is that of nome: its literals, and
// those of the branches of its conditionals, as nome's codes.
func (w *Parole) risultato(x ast.Expr, nome string) string {
	if x.Kind() == ast.LiteralKind {
		return w.letterale(x, nome)
	}
	if x.Kind() == ast.CallKind && x.AsCall().FunctionName() == operators.Conditional && len(x.AsCall().Args()) == 3 {
		args := x.AsCall().Args()
		return "se " + w.tra(args[0], nil) + ": " + parentesiSe(args[1], w.risultato(args[1], nome)) +
			"; altrimenti " + parentesiSe(args[2], w.risultato(args[2], nome))
	}
	return w.expr(x, nil)
}

// Testo renders a text of a step: its {placeholders} in words, in square
// brackets.
func (w *Parole) Testo(src string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(src, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(src[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(src[:i])
		if et, ok := w.etichettaSola(src[i+1 : i+j]); ok {
			// (a label the text writes: as the text writes it)
			b.WriteString(et)
		} else {
			b.WriteString("[" + w.Espressione(src[i+1:i+j]) + "]")
		}
		src = src[i+j+1:]
	}
	b.WriteString(src)
	return b.String()
}

// etichettaSola is the label a placeholder that is just a call to
// etichetta writes, as the engine writes it.
func (w *Parole) etichettaSola(src string) (string, bool) {
	a, iss := motore.Base.Parse(src)
	if iss != nil && iss.Err() != nil {
		return "", false
	}
	return w.etichetta(a.NativeRep().Expr())
}

// etichetta is the label a call to etichetta writes (motore.Etichette),
// if x is one the engine wrote at load.
func (w *Parole) etichetta(x ast.Expr) (string, bool) {
	if x.Kind() != ast.CallKind || x.AsCall().FunctionName() != motore.FunzioneEtichetta || x.AsCall().IsMemberFunction() {
		return "", false
	}
	var testi []string
	for _, a := range x.AsCall().Args() {
		if !stringaLetterale(a) {
			return "", false
		}
		testi = append(testi, string(a.AsLiteral().(types.String)))
	}
	if len(testi) == 0 || len(testi) > 2 {
		return "", false
	}
	valore := ""
	if len(testi) == 2 {
		valore = testi[1]
	}
	et, problema := w.testi.Scrivi(testi[0], valore, len(testi) == 2)
	return et, problema == ""
}

// testoConEtichette is the text x gives when it joins (+) only text
// literals and calls to etichetta, one at least: the engine writes it
// at load as one literal.
func (w *Parole) testoConEtichette(x ast.Expr) (string, bool) {
	etichette := 0
	var testo func(x ast.Expr) (string, bool)
	testo = func(x ast.Expr) (string, bool) {
		if stringaLetterale(x) {
			return string(x.AsLiteral().(types.String)), true
		}
		if et, ok := w.etichetta(x); ok {
			etichette++
			return et, true
		}
		if x.Kind() != ast.CallKind || x.AsCall().FunctionName() != operators.Add || len(x.AsCall().Args()) != 2 {
			return "", false
		}
		a, ok := testo(x.AsCall().Args()[0])
		if !ok {
			return "", false
		}
		b, ok := testo(x.AsCall().Args()[1])
		return a + b, ok
	}
	s, ok := testo(x)
	return s, ok && etichette > 0
}

// Nome is an input, a parameter or a computed value in words: by its
// label, or else its name in words.
func (w *Parole) Nome(n string) string {
	if e := w.etichette[n]; e != "" {
		return "«" + e + "»"
	}
	if p, ok := strings.CutPrefix(n, "legge."); ok {
		return "«" + InParole(p) + "»"
	}
	return "«" + InParole(n) + "»"
}

// InParole writes an identifier as words: giorni_da_euro is «giorni da
// euro», art54 «art. 54».
func InParole(s string) string {
	s = strings.ReplaceAll(s, "_", " ")
	s = strings.ReplaceAll(s, ".", " ")
	return s
}

// expr renders x; campo is the input x is compared with, whose value
// labels a string literal takes.
func (w *Parole) expr(x ast.Expr, vars map[string]string) string {
	switch x.Kind() {
	case ast.LiteralKind:
		return w.letterale(x, "")
	case ast.IdentKind, ast.SelectKind:
		if n, ok := containers.ToQualifiedName(x); ok {
			if v, ok := vars[n]; ok {
				return v
			}
			if b, _, ok := strings.Cut(n, "."); ok {
				if v, ok := vars[b]; ok {
					return v + " (" + InParole(strings.TrimPrefix(n, b+".")) + ")"
				}
			}
			return w.Nome(n)
		}
		if x.Kind() == ast.SelectKind {
			s := x.AsSelect()
			if s.IsTestOnly() {
				return w.expr(s.Operand(), vars) + " ha «" + InParole(s.FieldName()) + "»"
			}
			return "«" + InParole(s.FieldName()) + "» " + Di(w.expr(s.Operand(), vars))
		}
	case ast.ListKind:
		var el []string
		for _, e := range x.AsList().Elements() {
			el = append(el, w.expr(e, vars))
		}
		return strings.Join(el, ", ")
	case ast.CallKind:
		return w.chiamata(x, vars)
	case ast.ComprehensionKind:
		return w.comprensione(x, vars)
	}
	return "…"
}

// campoDi is the input an expression reads directly, if it is one.
func campoDi(x ast.Expr) string {
	n, _ := containers.ToQualifiedName(x)
	return n
}

func (w *Parole) letterale(x ast.Expr, campo string) string {
	switch v := x.AsLiteral().(type) {
	case types.String:
		if et, ok := w.valori[campo][string(v)]; ok {
			return "«" + et + "»"
		}
		if v == "" {
			return "vuoto"
		}
		return "«" + string(v) + "»"
	case types.Bool:
		if v {
			return "sì"
		}
		return "no"
	case types.Int:
		n := strconv.FormatInt(int64(v), 10)
		if et, ok := w.valori[campo][n]; ok {
			return "«" + et + "»" // a conventional value in words: -1, posts not checked
		}
		return n
	case types.Double:
		return strings.Replace(strconv.FormatFloat(float64(v), 'f', -1, 64), ".", ",", 1)
	}
	return "…"
}

// operando renders an argument of a comparison: a string literal
// compared with an input with labelled values takes the label.
func (w *Parole) operando(x, altro ast.Expr, vars map[string]string) string {
	if x.Kind() == ast.LiteralKind {
		return w.letterale(x, campoDi(altro))
	}
	return w.tra(x, vars)
}

// tra renders a sub-expression, in brackets when it is made of others.
func (w *Parole) tra(x ast.Expr, vars map[string]string) string {
	if _, ok := w.testoConEtichette(x); ok {
		return w.expr(x, vars) // (one text, in «»)
	}
	return parentesiSe(x, w.expr(x, vars))
}

// parentesiProdotto is s, the words of x, in brackets when x is a
// product or a quotient: «l'intero per difetto di (a × b)».
func parentesiProdotto(x ast.Expr, s string) string {
	if x.Kind() == ast.CallKind && (x.AsCall().FunctionName() == operators.Multiply || x.AsCall().FunctionName() == operators.Divide) {
		return "(" + s + ")"
	}
	return s
}

// divisore renders the right operand of a product or a division (a
// quotient's divisor): in brackets also when it is a product or a
// division itself, since the words are read left to right («x» ÷ «y» ×
// 2 is not x ÷ (y × 2)).
func (w *Parole) divisore(x ast.Expr, vars map[string]string) string {
	if x.Kind() == ast.CallKind {
		switch x.AsCall().FunctionName() {
		case operators.Multiply, operators.Divide:
			return "(" + w.expr(x, vars) + ")"
		}
	}
	return w.tra(x, vars)
}

// parentesiSe is s, the words of x, in brackets when x is made of others.
func parentesiSe(x ast.Expr, s string) string {
	if x.Kind() == ast.CallKind {
		switch x.AsCall().FunctionName() {
		case operators.LogicalAnd, operators.LogicalOr, operators.Conditional, operators.Add, operators.Subtract, "plurale",
			"quoziente", "quoziente_per_eccesso", "resto", "minimo", "massimo", "aggiungi_giorni", "aggiungi_mesi", "al_centesimo":
			return "(" + s + ")"
		}
	}
	return s
}

var confronti = map[string]string{
	operators.Equals: "è", operators.NotEquals: "non è", operators.Greater: "è più di", operators.GreaterEquals: "è almeno",
	operators.Less: "è meno di", operators.LessEquals: "è al più",
}

// confrontiDate are the comparisons with a date the rules write
// (data("2005-01-01")): «prima del», not «meno di».
var confrontiDate = map[string]string{
	operators.Equals: "è il", operators.NotEquals: "non è il", operators.Greater: "è dopo il", operators.GreaterEquals: "non è prima del",
	operators.Less: "è prima del", operators.LessEquals: "non è dopo il",
}

var aritmetica = map[string]string{operators.Add: "+", operators.Subtract: "−", operators.Multiply: "×", operators.Divide: "÷"}

func (w *Parole) chiamata(x ast.Expr, vars map[string]string) string {
	c := x.AsCall()
	args := c.Args()
	f := c.FunctionName()
	switch {
	case f == operators.LogicalAnd && len(args) == 2:
		return w.tra(args[0], vars) + " e " + w.tra(args[1], vars)
	case f == operators.LogicalOr && len(args) == 2:
		return w.tra(args[0], vars) + " oppure " + w.tra(args[1], vars)
	case f == operators.LogicalNot && len(args) == 1:
		if d, ok := dataIndicata(args[0]); ok {
			return "non è indicata la data " + w.tra(d, vars)
		}
		if n := campoDi(args[0]); n != "" {
			return w.expr(args[0], vars) + ": no"
		}
		return "non è vero che " + w.tra(args[0], vars)
	case f == operators.Conditional && len(args) == 3:
		return "se " + w.tra(args[0], vars) + ": " + w.tra(args[1], vars) + "; altrimenti " + w.tra(args[2], vars)
	case f == operators.Negate && len(args) == 1:
		return "−" + w.tra(args[0], vars)
	case f == operators.In && len(args) == 2 && w.mappa(args[1]):
		return w.tra(args[0], vars) + " è una delle voci di: " + w.expr(args[1], vars)
	case f == operators.Index && len(args) == 2 && w.mappa(args[0]):
		return w.expr(args[0], vars) + " per " + w.tra(args[1], vars)
	case f == operators.In && len(args) == 2:
		// "x" in a lista with labelled items: the item by its label
		return w.operando(args[0], args[1], vars) + " è uno di: " + w.elenco(args[1], args[0], vars)
	case f == operators.Index && len(args) == 2:
		return w.tra(args[0], vars) + " [" + w.expr(args[1], vars) + "]"
	}
	if op, ok := confronti[f]; ok && len(args) == 2 {
		if l, ok := lunghezzaDi(args[0]); ok && Zero(args[1]) && !isBool(args[1]) && !stringaLetterale(args[1]) {
			// size(x) compared with 0: whether x has elements
			switch f {
			case operators.Equals, operators.LessEquals:
				return w.tra(l, vars) + " è vuoto"
			case operators.NotEquals, operators.Greater:
				return w.tra(l, vars) + " non è vuoto"
			}
		}
		if stringaLetterale(args[1]) && Zero(args[1]) && (f == operators.Equals || f == operators.NotEquals) {
			if f == operators.Equals {
				return w.tra(args[0], vars) + " non è indicato"
			}
			return w.tra(args[0], vars) + " è indicato"
		}
		if Zero(args[1]) && (f == operators.Equals || f == operators.NotEquals) && !isBool(args[1]) {
			if campoDi(args[0]) == "" && args[0].Kind() == ast.CallKind && !zeroDichiarato(args[0]) {
				// a value the rules compute (a remainder) is never «non
				// indicato»
				if f == operators.Equals {
					return w.tra(args[0], vars) + " è zero"
				}
				return w.tra(args[0], vars) + " non è zero"
			}
			if f == operators.Equals {
				return w.tra(args[0], vars) + " è zero o non indicato"
			}
			return w.tra(args[0], vars) + " è indicato (non zero)"
		}
		if b, ok := boolLetterale(args[1]); ok && (f == operators.Equals || f == operators.NotEquals) {
			return w.tra(args[0], vars) + ": " + SiNo(b == (f == operators.Equals))
		}
		if dataLetterale(args[0]) || dataLetterale(args[1]) {
			op = confrontiDate[f]
		}
		destra := w.operando(args[1], args[0], vars)
		if base, ok := strings.CutSuffix(op, " di"); ok {
			return w.operando(args[0], args[1], vars) + " " + base + " " + Di(destra)
		}
		return w.operando(args[0], args[1], vars) + " " + op + " " + destra
	}
	if s, ok := w.testoConEtichette(x); ok && f == operators.Add {
		// (texts and labels joined: one text, as the engine writes it
		// at load)
		return "«" + s + "»"
	}
	if f == operators.Add && len(args) == 2 && (stringaLetterale(args[0]) || stringaLetterale(args[1]) || concatena(args[0])) {
		return "“" + w.concatenazione(x, vars) + "”"
	}
	if f == operators.Modulo && len(args) == 2 {
		return "il resto della divisione di " + w.tra(args[0], vars) + " per " + w.tra(args[1], vars)
	}
	if op, ok := aritmetica[f]; ok && len(args) == 2 {
		if f == operators.Multiply || f == operators.Divide {
			return w.tra(args[0], vars) + " " + op + " " + w.divisore(args[1], vars)
		}
		return w.tra(args[0], vars) + " " + op + " " + w.tra(args[1], vars)
	}
	if et, ok := w.etichetta(x); ok {
		return et
	}
	var a []string
	for _, arg := range args {
		a = append(a, w.tra(arg, vars))
	}
	tgt := ""
	if c.IsMemberFunction() {
		tgt = w.tra(c.Target(), vars)
	}
	switch f {
	case "indicata":
		if len(a) == 1 {
			return "è indicata la data " + a[0]
		}
	case "festivo":
		if len(a) == 1 {
			return "la data " + a[0] + " è festiva (domenica o festività nazionale)"
		}
	case "non_festivo_prima":
		if len(a) == 1 {
			return "l'ultimo giorno non festivo prima " + Di(a[0])
		}
	case "giorno_settimana":
		if len(a) == 1 {
			return "il giorno della settimana " + Di(a[0])
		}
	case "durata":
		return w.durata(args, vars)
	case "decimale":
		if len(args) == 1 && args[0].Kind() == ast.LiteralKind {
			if s, ok := args[0].AsLiteral().(types.String); ok {
				if d, err := calc.ParseDecimale(string(s)); err == nil {
					return "€ " + calc.FormatEuro(d)
				}
			}
		}
		if len(a) == 1 {
			return a[0]
		}
	case "giorni":
		if len(a) == 3 {
			if args[1].Kind() == ast.LiteralKind {
				a[1] = w.letterale(args[1], "opzioni.mese")
			}
			return "i giorni " + Di(a[0]) + " (mesi contati secondo " + a[1] + ", dalla " + a[2] + ")"
		}
	case "giorni_da_euro":
		if len(a) == 3 {
			if args[2].Kind() == ast.LiteralKind {
				a[2] = w.letterale(args[2], "opzioni.frazione_250")
			}
			return a[0] + " ÷ " + a[1] + " in giorni (la frazione: " + a[2] + ")"
		}
	case "plurale":
		if len(args) == 3 {
			return w.plurale(args, vars)
		}
	case "massimo":
		return "il maggiore tra " + strings.Join(a, " e ")
	case "minimo":
		return "il minore tra " + strings.Join(a, " e ")
	case "quoziente":
		if len(a) == 2 {
			return a[0] + " ÷ " + w.divisore(args[1], vars) + " (per difetto)"
		}
	case "quoziente_per_eccesso":
		if len(a) == 2 {
			return a[0] + " ÷ " + w.divisore(args[1], vars) + " (per eccesso)"
		}
	case "resto":
		if len(a) == 2 {
			return "il resto della divisione di " + a[0] + " per " + a[1]
		}
	case "al_centesimo":
		if len(a) == 1 {
			return a[0] + ", arrotondato al centesimo (il mezzo centesimo per eccesso)"
		}
	case "per_mille":
		if len(args) == 2 {
			return "il " + a[1] + " per mille " + Di(parentesiProdotto(args[0], a[0]))
		}
	case "per_difetto", "per_eccesso":
		if len(args) == 1 {
			return "l'intero " + strings.ReplaceAll(f, "_", " ") + " " + Di(parentesiProdotto(args[0], a[0]))
		}
	case "data":
		if len(args) == 1 && stringaLetterale(args[0]) {
			if d, err := calc.ParseData(string(args[0].AsLiteral().(types.String))); err == nil {
				return calc.FormatDataItaliana(d)
			}
		}
		if len(a) == 1 {
			return a[0]
		}
	case "aggiungi_giorni", "aggiungi_mesi":
		if len(args) == 2 {
			return w.spostamento(f, args, vars)
		}
	case "giorni_al_piu_in_mesi":
		if len(a) == 1 {
			return "i giorni di calendario al più in " + a[0] + " mesi (contati il primo e l'ultimo, con un 29 febbraio)"
		}
	case "giorni_tra":
		if len(a) == 2 {
			return "i giorni da " + a[0] + " a " + a[1]
		}
	case "string", "testo", "int", "double":
		if len(a) == 1 {
			return a[0]
		}
	case "size":
		if tgt != "" {
			return "il numero di elementi " + Di(tgt)
		}
		if len(a) == 1 {
			return "il numero di elementi " + Di(a[0])
		}
	case "matches":
		// a pattern is no text for a lawyer: what it reads is in the
		// step's text; the values it is built with are named
		if tgt != "" && len(args) == 1 {
			var parti []string
			for _, p := range partiNonLetterali(args[0]) {
				parti = append(parti, w.tra(p, vars))
			}
			if len(parti) > 0 {
				return tgt + " è scritto nella forma prevista per " + strings.Join(parti, " e ")
			}
			return tgt + " è scritto nella forma prevista"
		}
	case "indexOf":
		if tgt != "" && len(a) == 1 {
			return "la posizione di " + a[0] + " in " + tgt
		}
	case "substring":
		if tgt != "" && len(args) == 1 {
			if sep, ok := dopoSeparatore(c.Target(), args[0]); ok {
				return "il testo " + Di(tgt) + " dopo «" + sep + "»"
			}
		}
	case "startsWith":
		return tgt + " comincia con " + strings.Join(a, ", ")
	case "endsWith":
		return tgt + " finisce con " + strings.Join(a, ", ")
	case "contains":
		return tgt + " contiene " + strings.Join(a, ", ")
	case "join":
		return tgt
	case "getFullYear":
		return "l'anno " + Di(tgt)
	case "getDate":
		return "il giorno del mese " + Di(tgt)
	case "getMonth":
		return "il mese " + Di(tgt)
	case "lowerAscii", "trim":
		return tgt
	}
	nome := InParole(f)
	if tgt != "" {
		return nome + " " + Di(tgt) + parentesi(a)
	}
	return nome + parentesi(a)
}

// dataIndicata is d if x is indicata(d), the test that a date is given.
func dataIndicata(x ast.Expr) (ast.Expr, bool) {
	if x.Kind() != ast.CallKind {
		return nil, false
	}
	c := x.AsCall()
	if c.FunctionName() != "indicata" || c.IsMemberFunction() || len(c.Args()) != 1 {
		return nil, false
	}
	return c.Args()[0], true
}

// plurale writes plurale(n, uno, molti) as the choice it makes: «se n è
// 1: «una volta»; altrimenti (“n volte”)», every %d of uno as 1 and every
// %d of molti as n (n before molti if it has none), as calc.Plurale
// writes them.
func (w *Parole) plurale(args []ast.Expr, vars map[string]string) string {
	n := w.tra(args[0], vars)
	if _, nome := containers.ToQualifiedName(args[0]); !nome && args[0].Kind() != ast.LiteralKind && !strings.HasPrefix(n, "(") {
		n = "(" + n + ")"
	}
	return "se " + n + " è 1: " + w.testoPlurale(args[1], "1", false, vars) + "; altrimenti " + w.testoPlurale(args[2], n, true, vars)
}

// testoPlurale is a text of plurale with n in each %d, or before it if
// molti and it has none: the singular written as a literal in «» (its n
// is 1, no value), a text with values in it in (“”) as a join of texts
// is written; a plural the rules compute (not written in the
// expression) with n after it.
func (w *Parole) testoPlurale(x ast.Expr, n string, molti bool, vars map[string]string) string {
	if !stringaLetterale(x) && !concatena(x) {
		if molti {
			return w.tra(x, vars) + " (con " + n + ")"
		}
		return w.tra(x, vars)
	}
	s := w.concatenazione(x, vars)
	switch {
	case strings.Contains(s, "%d"):
		s = strings.ReplaceAll(s, "%d", n)
	case molti:
		s = n + " " + s
	}
	if stringaLetterale(x) && !molti {
		return "«" + s + "»"
	}
	return "(“" + s + "”)"
}

func parentesi(a []string) string {
	if len(a) == 0 {
		return ""
	}
	return " (" + strings.Join(a, ", ") + ")"
}

// elenco renders a list literal compared with campo: its values labelled.
func (w *Parole) elenco(l, campo ast.Expr, vars map[string]string) string {
	if l.Kind() != ast.ListKind {
		return w.expr(l, vars)
	}
	var out []string
	for _, e := range l.AsList().Elements() {
		out = append(out, w.operando(e, campo, vars))
	}
	return strings.Join(out, ", ")
}

// durata writes durata(anni, mesi, giorni): as the law writes a penalty
// when its parts are numbers, else each part in words with its unit.
func (w *Parole) durata(args []ast.Expr, vars map[string]string) string {
	if d := durataLetterale(args); d != "una durata" || len(args) != 3 {
		return d
	}
	unita := []string{"anni", "mesi", "giorni"}
	var out []string
	for i, a := range args {
		if Zero(a) {
			continue
		}
		out = append(out, w.tra(a, vars)+" "+unita[i])
	}
	switch len(out) {
	case 0:
		return "nessuna durata"
	case 1:
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " e " + out[len(out)-1]
}

// spostamento writes aggiungi_giorni(d, n) and aggiungi_mesi(d, n) as
// the date they give: «n giorni dopo d», «il giorno prima di d» for
// n = -1, «n giorni prima di d» for -n.
func (w *Parole) spostamento(f string, args []ast.Expr, vars map[string]string) string {
	uno, molti := "il giorno", "giorni"
	if f == "aggiungi_mesi" {
		uno, molti = "il mese", "mesi"
	}
	da, n := w.tra(args[0], vars), args[1]
	if n.Kind() == ast.LiteralKind {
		if k, ok := n.AsLiteral().(types.Int); ok {
			switch {
			case k == 1:
				return uno + " dopo " + da
			case k == -1:
				return uno + " prima " + Di(da)
			case k < 0:
				return strconv.FormatInt(-int64(k), 10) + " " + molti + " prima " + Di(da)
			}
		}
	}
	if n.Kind() == ast.CallKind && n.AsCall().FunctionName() == operators.Negate && len(n.AsCall().Args()) == 1 {
		return w.tra(n.AsCall().Args()[0], vars) + " " + molti + " prima " + Di(da)
	}
	return w.tra(n, vars) + " " + molti + " dopo " + da
}

// zeroDichiarato reports whether x is a call whose zero means «not
// given» (a durata, a decimale of an input).
func zeroDichiarato(x ast.Expr) bool {
	switch x.AsCall().FunctionName() {
	case "durata", "decimale", "giorni":
		return true
	}
	return false
}

// lunghezzaDi is x when s is size(x) or x.size().
func lunghezzaDi(s ast.Expr) (ast.Expr, bool) {
	if s.Kind() != ast.CallKind || s.AsCall().FunctionName() != "size" {
		return nil, false
	}
	c := s.AsCall()
	switch {
	case c.IsMemberFunction() && len(c.Args()) == 0:
		return c.Target(), true
	case !c.IsMemberFunction() && len(c.Args()) == 1:
		return c.Args()[0], true
	}
	return nil, false
}

// dataLetterale reports whether x is a date the rules write:
// data("2005-01-01").
func dataLetterale(x ast.Expr) bool {
	if x.Kind() != ast.CallKind || x.AsCall().FunctionName() != "data" || len(x.AsCall().Args()) != 1 {
		return false
	}
	return stringaLetterale(x.AsCall().Args()[0])
}

// partiNonLetterali are the parts of a join of texts that are not
// literals (the values a pattern is built with).
func partiNonLetterali(x ast.Expr) []ast.Expr {
	if stringaLetterale(x) {
		return nil
	}
	if x.Kind() == ast.CallKind && x.AsCall().FunctionName() == operators.Add && len(x.AsCall().Args()) == 2 {
		a := x.AsCall().Args()
		return append(partiNonLetterali(a[0]), partiNonLetterali(a[1])...)
	}
	return []ast.Expr{x}
}

// dopoSeparatore reports whether i, where a substring of s starts, is
// s.indexOf(sep) + the length of sep: the substring is then the text of
// s after sep.
func dopoSeparatore(s, i ast.Expr) (string, bool) {
	if i.Kind() != ast.CallKind || i.AsCall().FunctionName() != operators.Add || len(i.AsCall().Args()) != 2 {
		return "", false
	}
	pos, n := i.AsCall().Args()[0], i.AsCall().Args()[1]
	if pos.Kind() != ast.CallKind || pos.AsCall().FunctionName() != "indexOf" || !pos.AsCall().IsMemberFunction() ||
		len(pos.AsCall().Args()) != 1 || !stringaLetterale(pos.AsCall().Args()[0]) || n.Kind() != ast.LiteralKind {
		return "", false
	}
	a, _ := containers.ToQualifiedName(s)
	b, _ := containers.ToQualifiedName(pos.AsCall().Target())
	sep := string(pos.AsCall().Args()[0].AsLiteral().(types.String))
	k, ok := n.AsLiteral().(types.Int)
	if a == "" || a != b || !ok || int(k) != utf8.RuneCountInString(sep) {
		return "", false
	}
	return sep, true
}

func durataLetterale(args []ast.Expr) string {
	unita := [][2]string{{"anno", "anni"}, {"mese", "mesi"}, {"giorno", "giorni"}}
	var out []string
	for i, a := range args {
		if i >= len(unita) || a.Kind() != ast.LiteralKind {
			return "una durata"
		}
		n, ok := a.AsLiteral().(types.Int)
		if !ok {
			return "una durata"
		}
		switch {
		case n == 1:
			out = append(out, "1 "+unita[i][0])
		case n != 0:
			out = append(out, strconv.FormatInt(int64(n), 10)+" "+unita[i][1])
		}
	}
	if len(out) == 0 {
		return "nessuna durata"
	}
	return strings.Join(out, " e ")
}

func isBool(x ast.Expr) bool {
	_, ok := boolLetterale(x)
	return ok
}

func boolLetterale(x ast.Expr) (bool, bool) {
	if x.Kind() != ast.LiteralKind {
		return false, false
	}
	b, ok := x.AsLiteral().(types.Bool)
	return bool(b), ok
}

// elementi name the element of a macro (exists, all, filter, map) and
// of one inside it, and so on: «l'elemento», then «la voce», then «il
// valore»; each with the words its macro uses (almeno un, ogni, gli …
// tali che, per ogni).
var elementi = []struct{ nome, almeno, ogni, tutti string }{
	{"l'elemento", "almeno un elemento", "ogni elemento", "gli elementi"},
	{"la voce", "almeno una voce", "ogni voce", "le voci"},
	{"il valore", "almeno un valore", "ogni valore", "i valori"},
}

// comprensione renders the macros exists, all, exists_one, filter and
// map (any other as a condition on the elements).
func (w *Parole) comprensione(x ast.Expr, vars map[string]string) string {
	c := x.AsComprehension()
	lista := w.tra(c.IterRange(), vars)
	livello := 0
	for _, v := range vars {
		for k, e := range elementi {
			if v == e.nome && k+1 > livello {
				livello = k + 1
			}
		}
	}
	el := elementi[min(livello, len(elementi)-1)]
	v2 := map[string]string{}
	for k, v := range vars {
		v2[k] = v
	}
	v2[c.IterVar()] = el.nome
	accu := c.AccuVar()
	step := c.LoopStep()
	if init, ok := boolLetterale(c.AccuInit()); ok && step.Kind() == ast.CallKind {
		sc := step.AsCall()
		if len(sc.Args()) == 2 {
			pred := sc.Args()[1]
			if campoDi(pred) == accu {
				pred = sc.Args()[0]
			}
			switch {
			case !init && sc.FunctionName() == operators.LogicalOr:
				return el.almeno + " di " + lista + " è tale che " + w.expr(pred, v2)
			case init && sc.FunctionName() == operators.LogicalAnd:
				return el.ogni + " di " + lista + " è tale che " + w.expr(pred, v2)
			}
		}
	}
	if c.AccuInit().Kind() == ast.ListKind && len(c.AccuInit().AsList().Elements()) == 0 && step.Kind() == ast.CallKind {
		// filter: P ? accu + [x] : accu; map: accu + [E], or with a
		// condition P ? accu + [E] : accu
		pred, agg := ast.Expr(nil), step
		if sc := step.AsCall(); sc.FunctionName() == operators.Conditional && len(sc.Args()) == 3 {
			pred, agg = sc.Args()[0], sc.Args()[1]
		}
		if e, ok := aggiunto(agg, accu); ok {
			if r, v, p, ok := motore.Filtro(c.IterRange()); ok && pred == nil {
				// map over a filter: per ogni elemento di L tale che P: E
				lista, pred = w.tra(r, vars), p
				v2[v] = el.nome
				return "per " + el.ogni + " di " + lista + " tale che " + w.expr(pred, v2) + ": " + w.expr(e, v2)
			}
			tali := ""
			if pred != nil {
				tali = " tali che " + w.expr(pred, v2)
			}
			if n, _ := containers.ToQualifiedName(e); n == c.IterVar() && pred != nil {
				return el.tutti + " di " + lista + tali
			}
			if pred != nil {
				return "per " + el.ogni + " di " + lista + tali + ": " + w.expr(e, v2)
			}
			return "per " + el.ogni + " di " + lista + ": " + w.expr(e, v2)
		}
	}
	if c.AccuInit().Kind() == ast.LiteralKind && Zero(c.AccuInit()) && step.Kind() == ast.CallKind {
		// exists_one: P ? accu + 1 : accu
		if sc := step.AsCall(); sc.FunctionName() == operators.Conditional && len(sc.Args()) == 3 {
			return "uno solo tra " + el.tutti + " di " + lista + " è tale che " + w.expr(sc.Args()[0], v2)
		}
	}
	return "una condizione sugli elementi di " + lista
}

// aggiunto is E when x is accu + [E], the step of filter and map.
func aggiunto(x ast.Expr, accu string) (ast.Expr, bool) {
	if x.Kind() != ast.CallKind || x.AsCall().FunctionName() != operators.Add || len(x.AsCall().Args()) != 2 {
		return nil, false
	}
	a := x.AsCall().Args()
	if campoDi(a[0]) != accu || a[1].Kind() != ast.ListKind || len(a[1].AsList().Elements()) != 1 {
		return nil, false
	}
	return a[1].AsList().Elements()[0], true
}

// percorsoRe finds a field path in a text the rules write («indicare il
// modello (nel calcolo: fatti.convenzione)»).
var percorsoRe = regexp.MustCompile(`\b(?:fatti|pena|opzioni|esecuzione|piano|legge)(?:\.[a-z0-9_]+)+`)

// SenzaPercorsi writes the field paths of a text as their labels.
func (w *Parole) SenzaPercorsi(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return percorsoRe.ReplaceAllStringFunc(s, w.Nome)
}

// Tutti writes the field paths of every text of l as their labels, in
// place.
func (w *Parole) Tutti(l []string) []string {
	for i := range l {
		l[i] = w.SenzaPercorsi(l[i])
	}
	return l
}

func stringaLetterale(x ast.Expr) bool {
	if x.Kind() != ast.LiteralKind {
		return false
	}
	_, ok := x.AsLiteral().(types.String)
	return ok
}

// concatena reports whether x joins texts ('a' + b + 'c').
func concatena(x ast.Expr) bool {
	if x.Kind() != ast.CallKind || x.AsCall().FunctionName() != operators.Add || len(x.AsCall().Args()) != 2 {
		return false
	}
	a := x.AsCall().Args()
	return stringaLetterale(a[0]) || stringaLetterale(a[1]) || concatena(a[0])
}

// concatenazione writes a join of texts as one text: the literals as they
// are, the values in words; a conditional part is a sentence of its own
// («se …: …; altrimenti …»), in square brackets apart from the text
// before it, as a text's placeholders are.
func (w *Parole) concatenazione(x ast.Expr, vars map[string]string) string {
	if stringaLetterale(x) {
		return string(x.AsLiteral().(types.String))
	}
	if concatena(x) {
		a := x.AsCall().Args()
		sx, dx := w.concatenazione(a[0], vars), w.concatenazione(a[1], vars)
		if strings.HasPrefix(dx, "[") && sx != "" && !strings.HasSuffix(sx, " ") && !strings.HasSuffix(sx, "(") {
			sx += " "
		}
		if prima, ok := strings.CutSuffix(sx, "di "); ok && a[1].Kind() != ast.LiteralKind && (prima == "" || strings.HasSuffix(prima, " ")) {
			return prima + Di(dx)
		}
		return sx + dx
	}
	s := w.expr(x, vars)
	if x.Kind() == ast.CallKind && (x.AsCall().FunctionName() == operators.Conditional || x.AsCall().FunctionName() == "plurale") {
		return "[" + s + "]"
	}
	return s
}

// articoli are the definite articles and the preposition «di» joined
// with each.
var articoli = [][2]string{{"i ", "dei "}, {"il ", "del "}, {"lo ", "dello "}, {"la ", "della "}, {"l'", "dell'"},
	{"gli ", "degli "}, {"le ", "delle "}}

// Di is «di» before s, joined with the article s begins with: «di» +
// «i giorni» is «dei giorni», not «di i giorni».
func Di(s string) string {
	for _, a := range articoli {
		if resto, ok := strings.CutPrefix(s, a[0]); ok {
			return a[1] + resto
		}
	}
	return "di " + s
}

// Condizione renders a condition: «sempre» and «mai» for the constants.
func (w *Parole) Condizione(src string) string {
	switch strings.TrimSpace(src) {
	case "true":
		return "sempre"
	case "false":
		return "mai (il passo non compare nella spiegazione)"
	}
	return w.Espressione(src)
}

// Zero reports whether x is a literal zero value: 0, "", false,
// durata(0, 0, 0) or decimale("0").
func Zero(x ast.Expr) bool {
	switch x.Kind() {
	case ast.LiteralKind:
		switch v := x.AsLiteral().(type) {
		case types.Int:
			return v == 0
		case types.String:
			return v == ""
		case types.Bool:
			return !bool(v)
		}
	case ast.CallKind:
		c := x.AsCall()
		switch c.FunctionName() {
		case "durata":
			for _, a := range c.Args() {
				if !Zero(a) {
					return false
				}
			}
			return len(c.Args()) > 0
		case "decimale":
			if len(c.Args()) == 1 && c.Args()[0].Kind() == ast.LiteralKind {
				s, ok := c.Args()[0].AsLiteral().(types.String)
				return ok && (s == "0" || s == "0.00")
			}
		}
	}
	return false
}

// SiNo is a yes or no in words.
func SiNo(b bool) string {
	if b {
		return "sì"
	}
	return "no"
}
