package motore

import (
	"fmt"
	"slices"
	"testing"

	"cel.dev/cel-go/cel"
)

// TestControllaComeCompile: an expression checked by controlla (the Pratt
// parser's, through cel-go's static optimizer) is the one env.Compile
// gives but for the numbering of its ids: the same text, type, types of
// its nodes and references; and one env.Compile refuses, controlla
// refuses too.
func TestControllaComeCompile(t *testing.T) {
	amb := ambienteProva(t, nil, "x", cel.IntType, "s", cel.StringType, "l", cel.ListType(cel.StringType), "a.b", cel.IntType,
		"d", cel.MapType(cel.StringType, cel.IntType))
	env := amb.Completo()
	riassunto := func(a *cel.Ast) string {
		var tipi, rif []string
		for _, t := range a.NativeRep().TypeMap() {
			tipi = append(tipi, t.String())
		}
		for _, r := range a.NativeRep().ReferenceMap() {
			rif = append(rif, fmt.Sprint(r.Name, r.OverloadIDs, r.Value))
		}
		slices.Sort(tipi)
		slices.Sort(rif)
		s, err := cel.AstToString(a)
		if err != nil {
			s = "(non scrivibile)" // a comprehension without its macro
		}
		return fmt.Sprint(s, " ", a.OutputType(), " ", tipi, " ", rif)
	}
	for _, src := range []string{
		`x + 1 > 2 && s.startsWith("a")`,
		`a.b * 2 + size(l)`,
		`l.exists(v, v == s) ? x : a.b`,
		`d.k + d["j"] - x`,
		`has(d.k) || l.all(v, v.size() < x)`,
		`[1, 2, 3].map(n, n * x).filter(n, n > 2)`,
		`decimale("1.5") * decimale(x) > decimale("3")`,
		`{"a": x, "b": a.b}.a`,
		`s + 1`,
		`nessuno > 2`,
		`l.exists(v, v > 1)`,
	} {
		parsed, fonte := analizzaPratt(src)
		if parsed == nil {
			t.Fatalf("%s: non letta dal parser Pratt", src)
		}
		a, iss := controlla(env, parsed, fonte)
		b, issB := env.Compile(src)
		switch {
		case (iss.Err() != nil) != (issB.Err() != nil):
			t.Errorf("%s: controlla %v, Compile %v", src, iss.Err(), issB.Err())
		case iss.Err() == nil && riassunto(a) != riassunto(b):
			t.Errorf("%s:\ncontrolla %s\n  Compile %s", src, riassunto(a), riassunto(b))
		}
	}
}
