package motore

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestCasiNominati: a condition that compares the case only with texts
// it names (or a parameter's) is folded once for the cases it does not
// name (see Pota); for each such condition of the file, folded for every
// case, the cases it does not name all give the same expression, and
// any other use of the case is not grouped.
func TestCasiNominati(t *testing.T) {
	src := strings.Replace(fileProva, "  unico: {tipo: intero, valore: 7, fonte: art. 3}\n",
		"  unico: {tipo: intero, valore: 7, fonte: art. 3}\n  casi: {tipo: lista, valore: [a, b], fonte: art. 12}\n  uno: {tipo: testo, valore: c, fonte: art. 13}\n", 1)
	var passi strings.Builder
	conds := []struct {
		src      string
		ok       bool
		nominati []string
	}{
		{`caso == "a" && dati.n > 1`, true, []string{"a"}},
		{`"b" != caso || dati.flag`, true, []string{"b"}},
		{`caso in ["a", "d"] && dati.n > legge.unico`, true, []string{"a", "d"}},
		{`caso in legge.casi ? dati.n > 2 : dati.flag`, true, []string{"a", "b"}},
		{`caso == legge.uno && !(caso == "a") && dati.n > 3`, true, []string{"a", "c"}},
		{`caso == "a" && caso.startsWith("a")`, false, nil},
		{`caso + "x" == "ax" || dati.flag`, false, nil},
		{`caso == legge.quota_testo && dati.flag`, false, nil},
		{`[caso, "x"] == ["a", "x"] && dati.flag`, false, nil},
		{`size(caso) > 1 && caso != "e"`, false, nil},
	}
	src = strings.Replace(src, "  quota:\n", "  quota_testo:\n    tipo: testo\n    fonte: art. 2\n    valori:\n      - {dal: 2020-01-01, al: 2023-12-31, valore: a}\n      - {dal: 2024-01-01, valore: b}\n  quota:\n", 1)
	for i, c := range conds {
		passi.WriteString("  - id: c" + string(rune('0'+i)) + "\n    avverte: '" + c.src + "'\n    fonte: art. 20\n    testo: c\n")
	}
	src = strings.Replace(src, "  - id: escl\n", passi.String()+"  - id: escl\n", 1)
	var ps spec.Problems
	f := spec.Parse("prova.yaml", []byte(src), &ps)
	p := Compila(f, confProva, nil, nil, OpzioniCompila{}, &ps)
	if p == nil || len(ps) > 0 {
		t.Fatalf("Compila: %v", ps)
	}
	casi := []string{"a", "b", "c", "d", "e", "f"}
	piega, err := cel.NewConstantFoldingOptimizer()
	if err != nil {
		t.Fatal(err)
	}
	solo, err := cel.NewStaticOptimizer(piega)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range conds {
		var passo *passoC
		for _, s := range p.passi {
			if s.s.ID == "prova.c"+string(rune('0'+i)) {
				passo = s
			}
		}
		costanti := letterali{}
		for _, n := range Riferimenti(passo.cond) {
			if v := p.costanteLetterale(n); v != nil {
				costanti[n] = v
			}
		}
		nominati, ok := casiNominati(passo.cond, "caso", costanti)
		if ok != c.ok || ok && !reflect.DeepEqual(slices.Sorted(maps.Keys(nominati)), c.nominati) {
			t.Errorf("%s: casiNominati = %v, %v; want %v, %v", c.src, slices.Sorted(maps.Keys(nominati)), ok, c.nominati, c.ok)
			continue
		}
		if !ok {
			continue
		}
		altri := map[string]bool{}
		for _, caso := range casi {
			noti := maps.Clone(costanti)
			noti["caso"] = types.String(caso)
			opt, err := cel.NewStaticOptimizer(noti, piega)
			if err != nil {
				t.Fatal(err)
			}
			a := PiegaTutto(p.env, opt, solo, passo.cond)
			if a == nil {
				t.Fatalf("%s: %s non piegato", c.src, caso)
			}
			s, err := cel.AstToString(a)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(s, "caso") {
				t.Errorf("%s per %s: %s legge ancora il caso", c.src, caso, s)
			}
			if !nominati[caso] {
				altri[s] = true
			}
		}
		if len(altri) != 1 {
			t.Errorf("%s: i casi non nominati piegano in %d modi: %v", c.src, len(altri), slices.Sorted(maps.Keys(altri)))
		}
	}
}
