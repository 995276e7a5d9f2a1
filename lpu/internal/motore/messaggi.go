package motore

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// The messages of cel-go's parser and checker, in Italian: a rule's
// author, who edits YAML and may know no CEL, reads them at the file,
// line and column of the problem. A message this table does not know
// keeps cel-go's words.

// messaggioCEL is msg, a message of cel-go about src at line and col
// (1-based line, 0-based column in characters), in Italian; ignoto, if
// not empty, says after «nome sconosciuto «x»: » what the expression
// may read instead of the rule files' general words (ignotoRegola).
func messaggioCEL(src string, line, col int, msg, ignoto string) string {
	if ignoto == "" {
		ignoto = ignotoRegola
	}
	for _, t := range traduzioniCEL {
		if m := t.re.FindStringSubmatch(msg); m != nil {
			return t.it(m, nomeA(src, line, col), ignoto)
		}
	}
	return msg
}

// ignotoRegola is what a name unknown to an expression of a rule file
// is not.
const ignotoRegola = "non è un campo della richiesta dichiarato nel vocabolario, un parametro (legge.…) o un valore calcolato da un passo precedente"

var traduzioniCEL = []struct {
	re *regexp.Regexp
	// it is the Italian for the submatches m; nome is the dotted name
	// written at the problem's position, if any; ignoto what an unknown
	// name is not (see messaggioCEL).
	it func(m []string, nome, ignoto string) string
}{
	{regexp.MustCompile(`^undeclared reference to '([^']*)'(?: \(in container '[^']*'\))?( \(did you mean .*\))?$`), func(m []string, nome, ignoto string) string {
		// (cel-go names the first part of a dotted name it cannot
		// resolve at all: dati for dati.nuovo_campo, with a suggestion
		// for that part only)
		suggerimento := ""
		if !strings.HasPrefix(nome, m[1]+".") {
			nome, suggerimento = m[1], forse(m[2])
		}
		if suggerimento != "" { // (a name mistyped)
			return fmt.Sprintf("nome sconosciuto «%s»%s", nome, suggerimento)
		}
		return fmt.Sprintf("nome sconosciuto «%s»: %s", nome, ignoto)
	}},
	{regexp.MustCompile(`^found no matching overload for '([^']*)' applied to '\((.*)\)'$`), func(m []string, _, _ string) string {
		return fmt.Sprintf("«%s» non si applica a %s", operatore(m[1]), tipiCEL(m[2]))
	}},
	{regexp.MustCompile(`^expected type '([^']*)' but found '([^']*)'$`), func(m []string, _, _ string) string {
		return fmt.Sprintf("atteso un valore di tipo %s, trovato %s", tipoCEL(m[1]), tipoCEL(m[2]))
	}},
	{regexp.MustCompile(`^undefined field '([^']*)'$`), func(m []string, _, _ string) string {
		return fmt.Sprintf("campo «%s» inesistente", m[1])
	}},
	{regexp.MustCompile(`^type '([^']*)' does not support field selection$`), func(m []string, _, _ string) string {
		return fmt.Sprintf("un valore di tipo %s non ha campi da leggere con il punto", tipoCEL(m[1]))
	}},
	{regexp.MustCompile(`^Syntax error: (.*)$`), func(m []string, _, _ string) string {
		return "errore di sintassi: " + sintassi(m[1])
	}},
	// (the parser's limits, and what it or the checker says past the
	// first mistakes: an overlay's author meets them too)
	{regexp.MustCompile(`^expression recursion limit exceeded: (\d+)$`), func(m []string, _, _ string) string {
		return "espressione annidata troppo in profondità (parentesi, operatori, chiamate): al più " + m[1] + " livelli; spezzarla in più passi"
	}},
	{regexp.MustCompile(`^max recursion depth exceeded$`), func([]string, string, string) string {
		return "espressione annidata troppo in profondità (parentesi, operatori, chiamate): spezzarla in più passi"
	}},
	{regexp.MustCompile(`^expression code point size exceeds limit: size: (\d+), limit (\d+)$`), func(m []string, _, _ string) string {
		return "espressione di " + m[1] + " caratteri: al più " + m[2] + "; spezzarla in più passi"
	}},
	{regexp.MustCompile(`^error recovery (?:token lookahead|attempt) limit exceeded: \d+$`), func([]string, string, string) string {
		return "troppi errori di sintassi: l'espressione non si legge"
	}},
	{regexp.MustCompile(`^expression count exceeds limit of (\d+) while expanding macro '([^']*)'$`), func(m []string, _, _ string) string {
		return "espressione troppo grande (più di " + m[1] + " parti) nello scrivere " + m[2] + "(…)"
	}},
	{regexp.MustCompile(`^unsupported syntax '([^']*)'$`), func(m []string, _, _ string) string {
		return "«" + m[1] + "» non è ammesso nelle espressioni delle regole"
	}},
	{regexp.MustCompile(`^expression of type '([^']*)' cannot be range of a comprehension`), func(m []string, _, _ string) string {
		return "un valore di tipo " + tipoCEL(m[1]) + " non è una lista né una mappa: all, exists, exists_one, map e filter scorrono solo liste e mappe"
	}},
	{regexp.MustCompile(`^invalid argument to has\(\) macro$`), func([]string, string, string) string {
		return "has(…) vuole un campo letto con il punto, es. has(a.b)"
	}},
	{regexp.MustCompile(`^invalid (?:int|uint|double) literal$`), func([]string, string, string) string {
		return "numero non valido (fuori dai limiti?)"
	}},
}

// reCitato is a name between single quotes.
var reCitato = regexp.MustCompile(`'([^']*)'`)

// forse is cel-go's « (did you mean 'a' or 'b'?)» as « (forse «a» o «b»?)».
func forse(s string) string {
	nomi := reCitato.FindAllStringSubmatch(s, -1)
	if len(nomi) == 0 {
		return ""
	}
	var out []string
	for _, n := range nomi {
		out = append(out, "«"+n[1]+"»")
	}
	return " (forse " + strings.Join(out, " o ") + "?)"
}

// traduzioniSintassi are the parser's messages, ANTLR's words, in
// Italian: compiled once, as a hostile rule file may have thousands.
var traduzioniSintassi = []struct {
	re *regexp.Regexp
	it func(m []string) string
}{
	{regexp.MustCompile(`^(?:mismatched|extraneous) input '<EOF>' expecting '(.*)'$`), func(m []string) string {
		return "l'espressione finisce prima del previsto: manca «" + m[1] + "»"
	}},
	{regexp.MustCompile(`^(?:mismatched|extraneous) input '<EOF>'`), func([]string) string { return "l'espressione finisce prima del previsto" }},
	{regexp.MustCompile(`^mismatched input '(.*)' expecting`), func(m []string) string { return "«" + m[1] + "» inatteso" }},
	{regexp.MustCompile(`^extraneous input '(.*)' expecting`), func(m []string) string { return "«" + m[1] + "» di troppo" }},
	{regexp.MustCompile(`^missing '?(.*?)'? at '<EOF>'$`), func(m []string) string { return "manca «" + m[1] + "» alla fine" }},
	{regexp.MustCompile(`^missing '?(.*?)'? at '(.*)'$`), func(m []string) string { return "manca «" + m[1] + "» prima di «" + m[2] + "»" }},
	{regexp.MustCompile(`^token recognition error at: '(.*)'$`), func(m []string) string { return "carattere non valido «" + m[1] + "»" }},
	{regexp.MustCompile(`^no viable alternative at input '(.*)'$`), func(m []string) string { return "espressione non valida: «" + m[1] + "»" }},
	{regexp.MustCompile(`^reserved identifier: (.*)$`), func(m []string) string { return "«" + m[1] + "» è una parola riservata di CEL" }},
	{regexp.MustCompile(`^invalid (int|uint|double) literal$`), func([]string) string { return "numero non valido" }},
}

// sintassi translates the parser's messages, ANTLR's words.
func sintassi(s string) string {
	for _, t := range traduzioniSintassi {
		if m := t.re.FindStringSubmatch(s); m != nil {
			return t.it(m)
		}
	}
	return s
}

// operatore is the operator or function an overload's name stands for.
func operatore(nome string) string {
	if op, ok := map[string]string{
		"_+_": "+", "_-_": "-", "_*_": "*", "_/_": "/", "_%_": "%", "-_": "- (segno)", "!_": "!",
		"_==_": "==", "_!=_": "!=", "_<_": "<", "_<=_": "<=", "_>_": ">", "_>=_": ">=",
		"_&&_": "&&", "_||_": "||", "_?_:_": "?:", "_[_]": "[]", "@in": "in",
	}[nome]; ok {
		return op
	}
	return nome
}

// tipiCEL are the types of a list of arguments, «(int, string)».
func tipiCEL(s string) string {
	var out []string
	prof, ini := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			prof++
		case ')':
			prof--
		case ',':
			if prof == 0 {
				out = append(out, tipoCEL(strings.TrimSpace(s[ini:i])))
				ini = i + 1
			}
		}
	}
	if t := strings.TrimSpace(s[ini:]); t != "" {
		out = append(out, tipoCEL(t))
	}
	if len(out) == 0 {
		return "nessun valore"
	}
	return strings.Join(out, ", ")
}

// tipoCEL is the Italian name of a CEL type as cel-go writes it
// (NomeTipo's, for the types a rule's value may have).
func tipoCEL(t string) string {
	if n, ok := map[string]string{
		"int": "intero", "uint": "intero senza segno", "double": "numero con la virgola (double)", "string": "testo",
		"bool": "booleano", "bytes": "byte", "null_type": "null", "dyn": "qualsiasi", "decimale": "decimale", "durata": "durata",
		"google.protobuf.Timestamp": "data", "google.protobuf.Duration": "intervallo di tempo",
	}[t]; ok {
		return n
	}
	switch t {
	case "list(dyn)":
		return "lista di valori di tipi diversi"
	case "list(string)":
		return "lista di testi"
	}
	if el, ok := strings.CutPrefix(t, "list("); ok && strings.HasSuffix(el, ")") {
		return "lista di " + tipoCEL(strings.TrimSuffix(el, ")"))
	}
	return t
}

// reNome is a dotted name.
var reNome = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*`)

// nomeA is the dotted name written in src at line and col, if any.
func nomeA(src string, line, col int) string {
	righe := strings.Split(src, "\n")
	if line < 1 || line > len(righe) || col < 0 {
		return ""
	}
	r := []rune(righe[line-1])
	if col >= len(r) {
		return ""
	}
	return reNome.FindString(string(r[col:]))
}

// esecuzioneItaliano are cel-go's errors while a rule runs, in Italian (a
// rule that cannot be applied to a case: its author reads them), for
// spec.Traduci.
var esecuzioneItaliano = []spec.Traduzione{
	{En: "division by zero", It: "divisione per zero"},
	{En: "modulus by zero", It: "resto di una divisione per zero"},
	{En: "integer overflow", It: "numero fuori dai limiti degli interi (overflow)"},
	{En: "no such overload", It: "operazione non definita per questi valori"},
	{En: "no such key: ", It: "chiave inesistente: "},
	// (a value a step reads that this case has not: its step has a se
	// that is false, is not in force at the date, or comes later than
	// the reader through another value)
	{En: "no such attribute(s): ", It: "valore che in questo caso non esiste: il passo che lo calcola non si è applicato (un «se» falso, una vigenza che non comprende la data) o non è ancora stato applicato quando il valore viene letto: "},
	{En: "index out of range: ", It: "posizione fuori dall'elenco: "},
	// (a library function given, through dyn(), a value of a type it
	// does not take: cel-go recovers the panic)
	{En: "internal error: interface conversion: ", It: "una funzione ha ricevuto un valore di un tipo che non accetta (dyn?): "},
}

// messaggioEsecuzione is an error of cel-go while a rule runs, in Italian.
func messaggioEsecuzione(msg string) string { return spec.Traduci(msg, esecuzioneItaliano) }
