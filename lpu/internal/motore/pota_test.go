package motore

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestConfronti: a condition that compares the case only with texts it
// names (or a parameter's) is folded once for the cases that are among
// the texts of the same comparisons (see Pota): for each such condition
// of the file, folded for every case, the cases of the same firma all
// give the same expression, and any other use of the case is not
// grouped.
func TestConfronti(t *testing.T) {
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
		{`(caso == "a" || caso in ["a", "b", "c"]) && dati.flag`, true, []string{"a", "b", "c"}},
		{`caso == "a" && caso.startsWith("a")`, false, nil},
		{`caso + "x" == "ax" || dati.flag`, false, nil},
		{`caso == legge.quota_testo && dati.flag`, false, nil},
		{`[caso, "x"] == ["a", "x"] && dati.flag`, false, nil},
		{`size(caso) > 1 && caso != "e"`, false, nil},
	}
	var srcs []string
	for _, c := range conds {
		srcs = append(srcs, c.src)
	}
	p, passi := programmaCondizioni(t, srcs)
	casi := []string{"a", "b", "c", "d", "e", "f"}
	piega, solo := piegatori(t)
	gruppi := 0
	for i, c := range conds {
		passo := passi[i]
		costanti := costantiDi(p, passo)
		cf, ok := confronti(passo.cond, "caso", costanti)
		nominati := map[string]bool{}
		for _, in := range cf {
			maps.Copy(nominati, in)
		}
		if ok != c.ok || ok && !reflect.DeepEqual(slices.Sorted(maps.Keys(nominati)), c.nominati) {
			t.Errorf("%s: confronti = %v, %v; want %v, %v", c.src, slices.Sorted(maps.Keys(nominati)), ok, c.nominati, c.ok)
			continue
		}
		if !ok {
			continue
		}
		perFirma := map[string]map[string]bool{}
		for _, caso := range casi {
			noti := maps.Clone(costanti)
			noti["caso"] = types.String(caso)
			opt, err := cel.NewStaticOptimizer(letteraliPiegati{noti, piega})
			if err != nil {
				t.Fatal(err)
			}
			a := PiegaTutto(p.amb.Completo(), opt, solo, passo.cond)
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
			fc := firma(cf, caso)
			if perFirma[fc] == nil {
				perFirma[fc] = map[string]bool{}
			}
			perFirma[fc][s] = true
		}
		for fc, piegate := range perFirma {
			if len(piegate) != 1 {
				t.Errorf("%s: i casi di firma %s piegano in %d modi: %v", c.src, fc, len(piegate), slices.Sorted(maps.Keys(piegate)))
			}
		}
		gruppi += len(casi) - len(perFirma)
	}
	if gruppi == 0 {
		t.Error("nessun caso raggruppato")
	}
}

// programmaCondizioni is fileProva compiled, not pruned, with a caveat
// for each of conds (the steps, in order), after parameters of every
// kind: a text with one value (uno), a list (casi), a text with two
// (quota_testo).
func programmaCondizioni(t *testing.T, conds []string) (*Programma, []*passoC) {
	t.Helper()
	src := strings.Replace(fileProva, "  unico: {tipo: intero, valore: 7, fonte: art. 3}\n",
		"  unico: {tipo: intero, valore: 7, fonte: art. 3}\n  casi: {tipo: lista, valore: [a, b], fonte: art. 12}\n  uno: {tipo: testo, valore: c, fonte: art. 13}\n", 1)
	src = strings.Replace(src, "  quota:\n", "  quota_testo:\n    tipo: testo\n    fonte: art. 2\n    valori:\n      - {dal: 2020-01-01, al: 2023-12-31, valore: a}\n      - {dal: 2024-01-01, valore: b}\n  quota:\n", 1)
	var passi strings.Builder
	for i, c := range conds {
		fmt.Fprintf(&passi, "  - id: c%d\n    avverte: '%s'\n    fonte: art. 20\n    testo: c\n", i, c)
	}
	src = strings.Replace(src, "  - id: escl\n", passi.String()+"  - id: escl\n", 1)
	var ps spec.Problems
	f := spec.Parse("prova.yaml", []byte(src), &ps)
	p := Compila(f, confProva, nil, nil, OpzioniCompila{}, &ps)
	if p == nil || len(ps) > 0 {
		t.Fatalf("Compila: %v", ps)
	}
	out := make([]*passoC, len(conds))
	for _, s := range p.passi {
		var i int
		if _, err := fmt.Sscanf(s.s.ID, "prova.c%d", &i); err == nil {
			out[i] = s
		}
	}
	return p, out
}

// piegatori are cel-go's folding and a static optimizer of it alone.
func piegatori(t *testing.T) (cel.ASTOptimizer, *cel.StaticOptimizer) {
	t.Helper()
	piega, err := cel.NewConstantFoldingOptimizer()
	if err != nil {
		t.Fatal(err)
	}
	solo, err := cel.NewStaticOptimizer(piega)
	if err != nil {
		t.Fatal(err)
	}
	return piega, solo
}

// costantiDi are the parameters with one value that c's condition reads.
func costantiDi(p *Programma, c *passoC) letterali {
	costanti := letterali{}
	for _, n := range Riferimenti(c.cond) {
		if v := p.costanteLetterale(n); v != nil {
			costanti[n] = v
		}
	}
	return costanti
}

// TestLetteraliPiegati: the literals and cel-go's folding in one step of
// the static optimizer (one check), in the environment of just the names
// the expression reads (ambientePiega), give, for every case, the
// expression of two steps, each checked, in the file's environment: the
// same text, type, references and numbering.
func TestLetteraliPiegati(t *testing.T) {
	conds := []string{
		`caso == "a" && dati.n > 1`,
		`caso in legge.casi ? dati.n > 2 : dati.flag`,
		`caso == legge.uno && !(caso == "a") && dati.n > 3`,
		`caso.startsWith("a") && legge.unico * legge.unico + dati.n == 54`,
		`size(caso) > 1 && caso != "e" || legge.casi.size() == 2 && dati.flag`,
		`[caso, "x"] == ["a", "x"] && dati.flag`,
		`caso == legge.quota_testo && dati.flag || legge.unico > 3`,
		`(caso == "b" ? legge.unico : dati.n) > 5 && (dati.voci + legge.casi).size() > 2`,
	}
	p, passi := programmaCondizioni(t, conds)
	piega, solo := piegatori(t)
	piegati := 0
	for i, c := range passi {
		for _, caso := range []string{"a", "b", "c", "z"} {
			noti := costantiDi(p, c)
			noti["caso"] = types.String(caso)
			uno, err := cel.NewStaticOptimizer(letteraliPiegati{noti, piega})
			if err != nil {
				t.Fatal(err)
			}
			due, err := cel.NewStaticOptimizer(noti, piega)
			if err != nil {
				t.Fatal(err)
			}
			letti := map[string]bool{}
			for _, n := range Riferimenti(c.cond) {
				letti[n] = true
			}
			a, b := PiegaTutto(p.ambientePiega(letti), uno, solo, c.cond), PiegaTutto(p.amb.Completo(), due, solo, c.cond)
			if a == nil || b == nil {
				t.Fatalf("%s per %s: %v, %v", conds[i], caso, a, b)
			}
			sa, _ := cel.AstToString(a)
			sb, _ := cel.AstToString(b)
			if sa != sb || !a.OutputType().IsExactType(b.OutputType()) || ast.MaxID(a.NativeRep()) != ast.MaxID(b.NativeRep()) ||
				!reflect.DeepEqual(a.NativeRep().ReferenceMap(), b.NativeRep().ReferenceMap()) {
				t.Errorf("%s per %s:\n un passo %s\n     due %s", conds[i], caso, sa, sb)
			}
			if operazioni(a) < operazioni(c.cond) {
				piegati++
			}
		}
	}
	if piegati == 0 {
		t.Error("nessuna condizione piegata")
	}
}
