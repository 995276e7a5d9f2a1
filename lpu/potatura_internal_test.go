package lpu

import (
	"math/rand/v2"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestVincoloCorretto checks the reading of conditions against CEL itself,
// on random conditions made of what the rules write about the
// fattispecie (==, !=, in a list, in a list parameter, !, &&, ||, the
// literals) and of a fact the reading cannot know (x), which may also be
// an error (err): wherever CEL finds a condition true, the reading must
// admit the fattispecie; where the reading says it is exact, CEL must find
// the condition true exactly where the reading admits it.
func TestVincoloCorretto(t *testing.T) {
	tab := &simboli{idx: map[string]int{}}
	tab.add(slot{nome: "fattispecie", kind: slotIngresso, tipo: cel.StringType})
	lista := types.DefaultTypeAdapter.NativeToValue([]string{"b", "c"})
	tab.add(slot{nome: "legge.elenco", kind: slotParametro, tipo: cel.ListType(cel.StringType),
		versioni: []versione{{val: lista}}})
	env, err := baseEnv.Extend(
		cel.Variable("fattispecie", cel.StringType),
		cel.Variable("x", cel.BoolType),
		cel.Variable("n", cel.IntType),
		cel.Variable("legge.elenco", cel.ListType(cel.StringType)))
	if err != nil {
		t.Fatal(err)
	}
	valori := []string{"a", "b", "c", "d"}
	rng := rand.New(rand.NewPCG(3, 5))
	var genera func(prof int) string
	genera = func(prof int) string {
		if prof == 0 || rng.IntN(4) == 0 {
			v := valori[rng.IntN(len(valori))]
			switch rng.IntN(9) {
			case 0:
				return `fattispecie == "` + v + `"`
			case 1:
				return `"` + v + `" == fattispecie`
			case 2:
				return `fattispecie != "` + v + `"`
			case 3:
				return `fattispecie in ["` + v + `", "` + valori[rng.IntN(len(valori))] + `"]`
			case 4:
				return `fattispecie in legge.elenco`
			case 5:
				return "x"
			case 6:
				return "(10 / n > 1)" // an error when n is 0
			case 7:
				return []string{"true", "false"}[rng.IntN(2)]
			default:
				return `(fattispecie + "") == "` + v + `"` // not read
			}
		}
		switch rng.IntN(4) {
		case 0:
			return "!(" + genera(prof-1) + ")"
		case 1:
			return "(" + genera(prof-1) + " || " + genera(prof-1) + ")"
		default:
			return "(" + genera(prof-1) + " && " + genera(prof-1) + ")"
		}
	}
	esatti, potati := 0, 0
	for range 3000 {
		src := genera(4)
		a, iss := env.Compile(src)
		if iss.Err() != nil {
			t.Fatalf("%s: %v", src, iss.Err())
		}
		v := vincoloDi(a, tab, spec.Vigenza{})
		prg, err := env.Program(a)
		if err != nil {
			t.Fatal(err)
		}
		if v != nil && v.esatto {
			esatti++
		}
		for _, f := range append(valori, "e") {
			if !v.ammette(f) {
				potati++
			}
			for _, x := range []bool{false, true} {
				for _, n := range []int64{0, 1} {
					out, _, _ := prg.Eval(map[string]any{"fattispecie": f, "x": x, "n": n, "legge.elenco": lista})
					if out == types.True && !v.ammette(f) {
						t.Fatalf("%s con fattispecie=%s x=%v n=%d: vera, ma la lettura %+v non la ammette", src, f, x, n, v)
					}
					if v != nil && v.esatto && (out == types.True) != v.ammette(f) {
						t.Fatalf("%s con fattispecie=%s x=%v n=%d: %v, ma la lettura esatta %+v dice %v", src, f, x, n, out, v, v.ammette(f))
					}
				}
			}
		}
	}
	if esatti < 100 || potati < 1000 {
		t.Fatalf("generatore povero: %d letture esatte, %d fattispecie escluse", esatti, potati)
	}
	t.Logf("%d letture esatte, %d esclusioni verificate", esatti, potati)
}

// TestVincoloParametroDatato: a list parameter with values that change
// within the file's vigenza is not read as constant.
func TestVincoloParametroDatato(t *testing.T) {
	tab := &simboli{idx: map[string]int{}}
	tab.add(slot{nome: "fattispecie", kind: slotIngresso, tipo: cel.StringType})
	lista := types.DefaultTypeAdapter.NativeToValue([]string{"b"})
	giorno := func(s string) spec.Vigenza {
		d, _ := calc.ParseData(s)
		return spec.Vigenza{Dal: d}
	}
	tab.add(slot{nome: "legge.elenco", kind: slotParametro, tipo: cel.ListType(cel.StringType),
		versioni: []versione{{vig: giorno("2020-01-01"), val: lista}}})
	env, err := baseEnv.Extend(cel.Variable("fattispecie", cel.StringType), cel.Variable("legge.elenco", cel.ListType(cel.StringType)))
	if err != nil {
		t.Fatal(err)
	}
	a, iss := env.Compile("fattispecie in legge.elenco")
	if iss.Err() != nil {
		t.Fatal(iss.Err())
	}
	if v := vincoloDi(a, tab, giorno("2019-01-01")); v != nil {
		t.Errorf("parametro che cambia nella vigenza del file letto come costante: %+v", v)
	}
	if v := vincoloDi(a, tab, giorno("2021-01-01")); v == nil || strings.Join(v.insieme, ",") != "b" {
		t.Errorf("parametro costante nella vigenza del file non letto: %+v", v)
	}
}

// TestVincoloSoloIngresso: a name fattispecie that a rule computes is not
// the request's fattispecie, and says nothing about it.
func TestVincoloSoloIngresso(t *testing.T) {
	tab := &simboli{idx: map[string]int{}}
	tab.add(slot{nome: "fattispecie", kind: slotCalcolato, tipo: cel.StringType})
	env, err := baseEnv.Extend(cel.Variable("fattispecie", cel.StringType))
	if err != nil {
		t.Fatal(err)
	}
	a, iss := env.Compile(`fattispecie == "a"`)
	if iss.Err() != nil {
		t.Fatal(iss.Err())
	}
	if v := vincoloDi(a, tab, spec.Vigenza{}); v != nil {
		t.Errorf("un valore calcolato di nome fattispecie letto come la fattispecie della richiesta: %+v", v)
	}
	tab.slots[0].kind = slotIngresso
	if v := vincoloDi(a, tab, spec.Vigenza{}); v == nil || v.ammette("b") {
		t.Errorf("la fattispecie della richiesta non letta: %+v", v)
	}
}
