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

	"cel.dev/cel-go/common/ast"
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
}

// Nuove are the words of a rule file whose inputs have the labels
// etichette and whose inputs' accepted values have the labels valori
// (input → value → label).
func Nuove(etichette map[string]string, valori map[string]map[string]string) *Parole {
	return &Parole{etichette: etichette, valori: valori}
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
		b.WriteString("[" + w.Espressione(src[i+1:i+j]) + "]")
		src = src[i+j+1:]
	}
	b.WriteString(src)
	return b.String()
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
		if n, ok := NomeQualificato(x); ok {
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
	if n, ok := NomeQualificato(x); ok {
		return n
	}
	return ""
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
		return strconv.FormatInt(int64(v), 10)
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
	return parentesiSe(x, w.expr(x, vars))
}

// parentesiSe is s, the words of x, in brackets when x is made of others.
func parentesiSe(x ast.Expr, s string) string {
	if x.Kind() == ast.CallKind {
		switch x.AsCall().FunctionName() {
		case operators.LogicalAnd, operators.LogicalOr, operators.Conditional, operators.Add, operators.Subtract, "plurale":
			return "(" + s + ")"
		}
	}
	return s
}

var confronti = map[string]string{
	operators.Equals: "è", operators.NotEquals: "non è", operators.Greater: "è più di", operators.GreaterEquals: "è almeno",
	operators.Less: "è meno di", operators.LessEquals: "è al più",
}

var aritmetica = map[string]string{operators.Add: "+", operators.Subtract: "−", operators.Multiply: "×", operators.Divide: "÷", operators.Modulo: "resto"}

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
		if n := campoDi(args[0]); n != "" {
			return w.expr(args[0], vars) + ": no"
		}
		return "non è vero che " + w.tra(args[0], vars)
	case f == operators.Conditional && len(args) == 3:
		return "se " + w.tra(args[0], vars) + ": " + w.tra(args[1], vars) + "; altrimenti " + w.tra(args[2], vars)
	case f == operators.Negate && len(args) == 1:
		return "−" + w.tra(args[0], vars)
	case f == operators.In && len(args) == 2:
		// "x" in a lista with labelled items: the item by its label
		return w.operando(args[0], args[1], vars) + " è uno di: " + w.elenco(args[1], args[0], vars)
	case f == operators.Index && len(args) == 2:
		return w.tra(args[0], vars) + " [" + w.expr(args[1], vars) + "]"
	}
	if op, ok := confronti[f]; ok && len(args) == 2 {
		if stringaLetterale(args[1]) && Zero(args[1]) && (f == operators.Equals || f == operators.NotEquals) {
			if f == operators.Equals {
				return w.tra(args[0], vars) + " non è indicato"
			}
			return w.tra(args[0], vars) + " è indicato"
		}
		if Zero(args[1]) && (f == operators.Equals || f == operators.NotEquals) && !isBool(args[1]) {
			if f == operators.Equals {
				return w.tra(args[0], vars) + " è zero o non indicato"
			}
			return w.tra(args[0], vars) + " è indicato (non zero)"
		}
		if b, ok := boolLetterale(args[1]); ok && (f == operators.Equals || f == operators.NotEquals) {
			return w.tra(args[0], vars) + ": " + SiNo(b == (f == operators.Equals))
		}
		destra := w.operando(args[1], args[0], vars)
		if base, ok := strings.CutSuffix(op, " di"); ok {
			return w.operando(args[0], args[1], vars) + " " + base + " " + Di(destra)
		}
		return w.operando(args[0], args[1], vars) + " " + op + " " + destra
	}
	if f == operators.Add && len(args) == 2 && (stringaLetterale(args[0]) || stringaLetterale(args[1]) || concatena(args[0])) {
		return "“" + w.concatenazione(x, vars) + "”"
	}
	if op, ok := aritmetica[f]; ok && len(args) == 2 {
		return w.tra(args[0], vars) + " " + op + " " + w.tra(args[1], vars)
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
	case "durata":
		return durataLetterale(args)
	case "decimale":
		if len(args) == 1 && args[0].Kind() == ast.LiteralKind {
			if s, ok := args[0].AsLiteral().(types.String); ok {
				if d, err := calc.ParseDecimale(string(s)); err == nil {
					return "€ " + calc.FormatEuro(d)
				}
			}
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
			return a[0] + " ÷ " + a[1] + " (per difetto)"
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

// plurale writes plurale(n, uno, molti) as the choice it makes: «se n è
// 1: «una volta»; altrimenti (“n volte”)», every %d of uno as 1 and every
// %d of molti as n (n before molti if it has none), as calc.Plurale
// writes them.
func (w *Parole) plurale(args []ast.Expr, vars map[string]string) string {
	n := w.tra(args[0], vars)
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

// comprensione renders the macros exists and all (the others as a
// condition on the elements).
func (w *Parole) comprensione(x ast.Expr, vars map[string]string) string {
	c := x.AsComprehension()
	lista := w.tra(c.IterRange(), vars)
	v2 := map[string]string{}
	for k, v := range vars {
		v2[k] = v
	}
	v2[c.IterVar()] = "l'elemento"
	init, ok := boolLetterale(c.AccuInit())
	step := c.LoopStep()
	if ok && step.Kind() == ast.CallKind {
		sc := step.AsCall()
		if len(sc.Args()) == 2 {
			pred := sc.Args()[1]
			if campoDi(pred) == c.AccuVar() {
				pred = sc.Args()[0]
			}
			switch {
			case !init && sc.FunctionName() == operators.LogicalOr:
				return "almeno un elemento di " + lista + " è tale che " + w.expr(pred, v2)
			case init && sc.FunctionName() == operators.LogicalAnd:
				return "ogni elemento di " + lista + " è tale che " + w.expr(pred, v2)
			}
		}
	}
	return "una condizione sugli elementi di " + lista
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

// NomeQualificato is the name an identifier or a chain of selections
// reads (fatti.arresto), if x is one.
func NomeQualificato(x ast.Expr) (string, bool) {
	switch x.Kind() {
	case ast.IdentKind:
		return x.AsIdent(), true
	case ast.SelectKind:
		s := x.AsSelect()
		if s.IsTestOnly() {
			return "", false
		}
		base, ok := NomeQualificato(s.Operand())
		if !ok {
			return "", false
		}
		return base + "." + s.FieldName(), true
	}
	return "", false
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
