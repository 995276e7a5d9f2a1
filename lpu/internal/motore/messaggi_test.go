package motore

import (
	"strings"
	"testing"

	"cel.dev/cel-go/cel"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestMessaggioCEL: cel-go's messages in Italian; the full dotted name
// of a field the vocabulary does not declare (cel-go names its first
// part); a message the table does not know as cel-go wrote it.
func TestMessaggioCEL(t *testing.T) {
	for _, c := range []struct {
		src       string
		line, col int
		msg, want string
	}{
		{"dati.nuovo && x", 1, 0, "undeclared reference to 'dati' (did you mean 'data'?)",
			"nome sconosciuto «dati.nuovo»: non è un campo della richiesta dichiarato nel vocabolario, un parametro (legge.…) o un valore calcolato da un passo precedente"},
		{"1 +\n  dati.import > 0", 2, 2, "undeclared reference to 'dati.import' (did you mean 'dati.importo'?)", "nome sconosciuto «dati.import» (forse «dati.importo»?)"},
		{"oree", 1, 0, "undeclared reference to 'oree' (in container 'x') (did you mean 'ore' or 'orb'?)", "nome sconosciuto «oree» (forse «ore» o «orb»?)"},
		{"", 1, 0, "found no matching overload for '_+_' applied to '(string, int)'", "«+» non si applica a testo, intero"},
		{"", 1, 0, "found no matching overload for 'giorni' applied to '(list(string), google.protobuf.Timestamp)'", "«giorni» non si applica a lista di testi, data"},
		{"", 1, 0, "expected type 'bool' but found 'decimale'", "atteso un valore di tipo booleano, trovato decimale"},
		{"", 1, 0, "undefined field 'anni'", "campo «anni» inesistente"},
		{"", 1, 0, "Syntax error: mismatched input '<EOF>' expecting ':'", "errore di sintassi: l'espressione finisce prima del previsto: manca «:»"},
		{"", 1, 0, "Syntax error: mismatched input '<EOF>' expecting {'[', '{', IDENTIFIER}", "errore di sintassi: l'espressione finisce prima del previsto"},
		{"", 1, 0, "Syntax error: extraneous input ')' expecting <EOF>", "errore di sintassi: «)» di troppo"},
		{"", 1, 0, "Syntax error: mismatched input '?' expecting ':'", "errore di sintassi: «?» inatteso"},
		{"", 1, 0, "Syntax error: token recognition error at: '#'", "errore di sintassi: carattere non valido «#»"},
		{"", 1, 0, "Syntax error: reserved identifier: var", "errore di sintassi: «var» è una parola riservata di CEL"},
		{"", 1, 0, "Syntax error: something new", "errore di sintassi: something new"},
		// the parser's limits, and what it or the checker says past the
		// first mistakes
		{"", 1, 0, "expression recursion limit exceeded: 64", "espressione annidata troppo in profondità (parentesi, operatori, chiamate): al più 64 livelli; spezzarla in più passi"},
		{"", 1, 0, "max recursion depth exceeded", "espressione annidata troppo in profondità (parentesi, operatori, chiamate): spezzarla in più passi"},
		{"", 1, 0, "expression code point size exceeds limit: size: 20031, limit 4000", "espressione di 20031 caratteri: al più 4000; spezzarla in più passi"},
		{"", 1, 0, "error recovery attempt limit exceeded: 256", "troppi errori di sintassi: l'espressione non si legge"},
		{"", 1, 0, "unsupported syntax '.?'", "«.?» non è ammesso nelle espressioni delle regole"},
		{"", 1, 0, "expression of type 'int' cannot be range of a comprehension (must be list, map, or dynamic)", "un valore di tipo intero non è una lista né una mappa: all, exists, exists_one, map e filter scorrono solo liste e mappe"},
		{"", 1, 0, "invalid argument to has() macro", "has(…) vuole un campo letto con il punto, es. has(a.b)"},
		{"", 1, 0, "invalid int literal", "numero non valido (fuori dai limiti?)"},
		{"", 1, 0, "a message of a newer cel-go", "a message of a newer cel-go"},
	} {
		if got := messaggioCEL(c.src, c.line, c.col, c.msg, ""); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.msg, got, c.want)
		}
	}
}

// TestMessaggioEsecuzione: cel-go's errors while a rule runs, in Italian.
func TestMessaggioEsecuzione(t *testing.T) {
	for msg, want := range map[string]string{
		"division by zero":      "divisione per zero",
		"no such key: x":        "chiave inesistente: x",
		"index out of range: 3": "posizione fuori dall'elenco: 3",
		"something else":        "something else",
		"internal error: interface conversion: ref.Val is types.String, not types.Int": "una funzione ha ricevuto un valore di un tipo che non accetta (dyn?): ref.Val is types.String, not types.Int",
	} {
		if got := messaggioEsecuzione(msg); got != want {
			t.Errorf("%q: %q; want %q", msg, got, want)
		}
	}
}

// TestLimitiParserItaliano: an expression nested too deep, or too long,
// as a rule file writes it, is told in Italian (cel-go's English,
// before: «expression recursion limit exceeded: 64»).
func TestLimitiParserItaliano(t *testing.T) {
	amb := ambienteProva(t, nil, "x", cel.IntType)
	for src, want := range map[string]string{
		strings.Repeat("(", 70) + "x" + strings.Repeat(")", 70): "espressione annidata troppo in profondità",
		strings.Repeat("x + ", 1000) + "x":                      "espressione di 4001 caratteri: al più 4000",
	} {
		var ps spec.Problems
		CompilaExpr(amb, spec.Expr{Src: src}, "valore", nil, &ps)
		if len(ps) != 1 || !strings.Contains(ps[0].Msg, want) {
			t.Errorf("%.20s…: %v; want %q", src, ps, want)
		}
	}
}
