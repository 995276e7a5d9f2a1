package motore

import (
	"errors"
	"io/fs"
	"math/rand"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"google.golang.org/protobuf/proto"

	celast "cel.dev/cel-go/common/ast"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// espressioniRegole are the CEL expressions of the rules of LPU (read as
// files, as a corpus of expressions: the engine does not import them) and of
// testdata/broken: values, conditions, mostra and the placeholders of
// the texts. They are read once for the three tests that go through
// them (a parse of every rule file costs under -race); each caller gets
// its own slice.
func espressioniRegole(t testing.TB) []string {
	t.Helper()
	out, err := espressioniUna()
	if err != nil {
		t.Fatal(err)
	}
	return slices.Clone(out)
}

var espressioniUna = sync.OnceValues(func() ([]string, error) {
	var out []string
	aggiungi := func(nome string, src []byte) {
		var ps spec.Problems
		f := spec.Parse(nome, src, &ps)
		if f == nil {
			return
		}
		for _, s := range f.Passi {
			out = append(out, s.Espr.Src, s.Mostra.Src)
			for _, testo := range []string{s.Testo.Src, s.TestoNo.Src} {
				for {
					i := strings.IndexByte(testo, '{')
					j := strings.IndexByte(testo[max(i, 0):], '}')
					if i < 0 || j < 0 {
						break
					}
					out = append(out, testo[i+1:i+j])
					testo = testo[i+j+1:]
				}
			}
		}
	}
	regole := os.DirFS("../../../rules")
	nomi, _ := fs.Glob(regole, "*.yaml")
	if len(nomi) == 0 {
		return nil, errors.New("nessun file di regole in ../../../rules")
	}
	for _, n := range nomi {
		src, err := fs.ReadFile(regole, n)
		if err != nil {
			return nil, err
		}
		aggiungi(path.Join("rules", n), src)
	}
	rotti, _ := filepath.Glob("../../testdata/broken/*.yaml")
	for _, n := range rotti {
		src, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		aggiungi(n, src)
	}
	return out, nil
})

// comePratt checks that an expression the Pratt parser is trusted with
// (analizzaPratt) is one the ANTLR parser of cel.Env reads too, into the
// same expression: the same nodes, ids and positions.
func comePratt(t *testing.T, src string) bool {
	t.Helper()
	a, _ := analizzaPratt(src)
	if a == nil {
		return false
	}
	b, iss := Base.Parse(src)
	if iss.Err() != nil {
		t.Errorf("%q: letta dal parser Pratt, per ANTLR: %v", src, iss.Err())
		return true
	}
	pa, _ := celast.ToProto(a)
	pb, _ := celast.ToProto(b.NativeRep())
	if !proto.Equal(pa, pb) {
		t.Errorf("%q: espressioni diverse\nPratt: %v\nANTLR: %v", src, pa, pb)
	}
	return true
}

// TestPrattComeANTLR: CompilaCEL reads with the Pratt parser only what
// the ANTLR parser reads alike — the rules' expressions, expressions
// nested up to and beyond the recursion limit, odd tokens, and random
// expressions with random spacing and comments — and leaves to it the
// cases where the two differ.
func TestPrattComeANTLR(t *testing.T) {
	pratt, tutte := 0, 0
	for _, src := range espressioniRegole(t) {
		letta := comePratt(t, src)
		if s := strings.TrimSpace(src); s != "" && !NomeSemplice(s) {
			tutte++
			if letta {
				pratt++
			}
		}
	}
	// The point of it: nearly all the rules' expressions are read fast.
	t.Logf("%d espressioni su %d lette dal parser Pratt", pratt, tutte)
	if pratt < tutte*9/10 {
		t.Errorf("solo %d espressioni su %d lette dal parser Pratt", pratt, tutte)
	}
	famiglie := []func(n int) string{
		func(n int) string { return strings.Repeat("(", n) + "x" + strings.Repeat(")", n) },
		func(n int) string { return strings.Repeat("(x + ", n) + "x" + strings.Repeat(")", n) },
		func(n int) string { return strings.Repeat("-(", n) + "x" + strings.Repeat(")", n) },
		func(n int) string { return strings.Repeat("f(", n) + "x" + strings.Repeat(")", n) },
		func(n int) string { return strings.Repeat("a.b(", n) + "x" + strings.Repeat(")", n) },
		func(n int) string { return strings.Repeat("[", n) + "x" + strings.Repeat("]", n) },
		func(n int) string { return strings.Repeat("{1: ", n) + "x" + strings.Repeat("}", n) },
		func(n int) string { return strings.Repeat("x ? y : ", n) + "z" },
		func(n int) string { return strings.Repeat("a ? ", n) + "b" + strings.Repeat(" : c", n) },
		func(n int) string { return "x" + strings.Repeat(" + x", n) },
		func(n int) string { return "x" + strings.Repeat(" < x", n) },
		func(n int) string { return "x" + strings.Repeat(".a", n) },
		func(n int) string { return "x" + strings.Repeat("[0]", n) },
		func(n int) string { return "x" + strings.Repeat(".f()", n) },
		func(n int) string { return strings.Repeat("!", n) + "x" },
		func(n int) string { return strings.Repeat("x.exists(y, ", n) + "y" + strings.Repeat(")", n) },
	}
	// Under -race, where each ANTLR parse costs ten times as much, a
	// deterministic part of the generated cases below: the shallow
	// nestings and those around the limit (64), a third of the pairs of
	// pieces, a quarter of the random ones. go test without -race and
	// FuzzPrattComeANTLR go through all of them.
	parte := 1
	if raceAttivo {
		parte = 4
	}
	for _, f := range famiglie {
		for n := 1; n <= 70; n++ {
			if parte == 1 || n <= 8 || n >= limiteRicorsione-8 {
				comePratt(t, f(n))
			}
		}
	}
	for _, src := range []string{".x", "f(.x)", "a + .b.c", ".M{}", "(.x)", "1.e5", "1e", "0x", "0x1u", "1u", "2.5",
		".5", "5.", "'a' 'b'", `"\q"`, `'''a'''`, `r"\d"`, "b'x'", "x.`a b`", "`x`", "àè", "x..y", "x.1", "x[",
		"()", "f(,)", "[1,]", "{1:2,}", "x.?y", "x[?0]", "has(x.y)", "x in [1]", "--1", "-9223372036854775808",
		"9223372036854775808", "18446744073709551616u", `"\u00e0"`, `b'\xff'`, "x ? y", "null", "x.true", "in",
		"a\n+\nb", "a // c\n + b", "\t x \r\n", "", " ", "x y", "x;y", "M{a: 1}", "x.y{}", "0X1F", "rb''", `RB"x"`,
		// what, of cel-go's parsers, only many more random expressions
		// below used to reach (30,000 token strings and 3,000 expressions
		// then, 3,000 and 300 now, a tenth of the time under -race; the
		// breadth is FuzzPrattComeANTLR's)
		"a.`b!c`", "a.`b@c`", "M{?a: 1}", "-2.5.x", "!-2.5", `'\b'`, `'\r'`, `'\f'`, `'\\'`, `'\xAF'`, `"\101"`, `'\377'`,
		`b'\U00000041'`} {
		comePratt(t, src)
	}
	// Short sequences of tokens and pieces of tokens, all those of one
	// or two pieces and random longer ones; random string and number
	// literals.
	rng := rand.New(rand.NewSource(1))
	pezzi := []string{"0", "1", "9", "x", "X", "e", "E", "u", "U", "a", "b", "B", "r", "R", "f", "F", ".", "'",
		`"`, `\`, "`", " ", "\n", "\t", "(", ")", "[", "]", "{", "}", "?", ":", ",", "!", "-", "+", "*", "/", "%",
		"<", ">", "=", "&", "|", "_", "à", "in", "null", "true", "has", "''", `"""`, "0x", "//", `\x`, `\u`,
		`\0`, `\4`, `\?`, "br", "rb"}
	for i, a := range pezzi {
		comePratt(t, a)
		for j, b := range pezzi {
			if parte == 1 || (i+j)%3 == 0 {
				comePratt(t, a+b)
			}
		}
	}
	scegli := func(p []string, n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(p[rng.Intn(len(p))])
		}
		return b.String()
	}
	virgolette := []string{"'", `"`, "'''", `"""`}
	prefissi := []string{"", "", "r", "R", "b", "B", "br", "bR", "rb"}
	nelTesto := []string{`\`, "x", "X", "u", "U", "0", "3", "4", "7", "8", "f", "g", "n", "'", `"`, "`", "?", " ", "\n", "à"}
	nelNumero := []string{"0", "1", "9", "a", "f", "F", ".", "e", "E", "+", "-", "u", "U", "x", "X"}
	for range 1000 / parte {
		comePratt(t, scegli(pezzi, 3+rng.Intn(6)))
		q := virgolette[rng.Intn(len(virgolette))]
		comePratt(t, prefissi[rng.Intn(len(prefissi))]+q+scegli(nelTesto, rng.Intn(8))+q)
		comePratt(t, scegli(nelNumero, 1+rng.Intn(7)))
	}
	// Random expressions, a tenth of them with a character changed.
	atomi := []string{"x", "pena.arresto", "1", "1u", "2.5", "1e3", "0x1F", "-1", "'a'", `"b\"c"`, `'''t'''`,
		`r"\d"`, `b"x"`, "true", "null", "[]", "{}", "'àè€'", `"\u00e0"`, "a.`b-c`", "has(x.y)", "dyn(1)", "int"}
	binari := []string{"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "in"}
	spazi := []string{"", " ", "\n  ", "\t", " // c\n"}
	var genera func(d int) string
	genera = func(d int) string {
		s := func() string { return spazi[rng.Intn(len(spazi))] }
		if d <= 0 {
			return atomi[rng.Intn(len(atomi))]
		}
		switch rng.Intn(11) {
		case 0, 1, 2:
			return genera(d-1) + s() + binari[rng.Intn(len(binari))] + s() + genera(d-1)
		case 3:
			return "(" + s() + genera(d-1) + s() + ")"
		case 4:
			return genera(d-1) + s() + "?" + s() + genera(d-1) + s() + ":" + s() + genera(d-1)
		case 5:
			return "f(" + genera(d-1) + "," + s() + genera(d-1) + ")"
		case 6:
			return genera(d-1) + ".m(" + genera(d-1) + ")"
		case 7:
			return genera(d-1) + "[" + genera(d-1) + "]"
		case 8:
			return "{" + genera(d-1) + ": [" + genera(d-1) + "]}"
		case 9:
			return []string{"!", "-", "!!"}[rng.Intn(3)] + genera(d-1)
		default:
			return "[1, 2].exists(v, v " + binari[rng.Intn(6)] + " " + genera(d-1) + ")"
		}
	}
	for range 300 / parte {
		src := genera(rng.Intn(8))
		if rng.Intn(10) == 0 {
			b := []byte(src)
			b[rng.Intn(len(b))] = "()[]{}.,:?!'\"\\ x1"[rng.Intn(17)]
			src = string(b)
		}
		comePratt(t, src)
	}
}

// FuzzPrattComeANTLR looks for an expression the two parsers read
// differently and prattSicuro does not catch.
func FuzzPrattComeANTLR(f *testing.F) {
	for i, src := range espressioniRegole(f) {
		// (TestPrattComeANTLR reads them all; under -race, where the
		// seeds only repeat it, an eighth of them)
		if !raceAttivo || i%8 == 0 {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src string) { comePratt(t, src) })
}

// TestOltre: oltre measures depth as celast.ExceedsDepth does.
func TestOltre(t *testing.T) {
	for _, src := range append(espressioniRegole(t), "[1, [2, [3]]]", "{1: {2: x}}", "[1].exists(v, v > x.y.z)", "a ? b : c.d(e[f])") {
		a, iss := Base.Parse(src)
		if iss.Err() != nil {
			continue
		}
		for n := 0; n < 12; n++ {
			if got, want := oltre(a.NativeRep().Expr(), n), celast.ExceedsDepth(a.NativeRep(), n); got != want && n > 0 {
				t.Fatalf("%q: oltre(%d) = %v, ExceedsDepth %v", src, n, got, want)
			}
		}
	}
}
