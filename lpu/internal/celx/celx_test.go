package celx

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/calc"
)

// TestOperatori evaluates every operator and function of the library at
// run time: type-checking alone does not prove the dispatch works.
func TestOperatori(t *testing.T) {
	env, err := cel.NewEnv(Library(),
		cel.Variable("a", DecimaleType), cel.Variable("b", DecimaleType),
		cel.Variable("p", DurataType), cel.Variable("q", DurataType), cel.Variable("d", DataType))
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]any{
		"a": Decimale{D: mustDec("1500.50")}, "b": Decimale{D: mustDec("250")},
		"p": Durata{D: calc.Durata{Mesi: 1, Giorni: 15}}, "q": Durata{D: calc.Durata{Giorni: 45}},
		"d": NewData(calc.Data(2025, time.January, 31)),
	}
	for _, tc := range []struct {
		expr string
		want any
	}{
		{`a + b == decimale("1750.50")`, true},
		{`a - b == decimale("1250.50")`, true},
		{`a * decimale(2) == decimale("3001")`, true},
		{`a > b && b < a && a >= a && b <= b`, true},
		{`a < b`, false},
		{`p <= q && p >= q && !(p < q) && durata(1, 0, 0) > p`, true},
		{`giorni(p, "30_giorni", d)`, int64(45)},
		{`giorni(durata(0, 1, 0), "calendario", d)`, int64(28)},
		{`giorni_da_euro(a, b, "eccesso")`, int64(7)},
		{`giorni_da_euro(a, b, "difetto")`, int64(6)},
		{`per_eccesso(decimale("2.01")) + per_difetto(decimale("2.99"))`, int64(5)},
		{`quoziente(7, 2) + resto(7, 2) + minimo(3, 4) + massimo(3, 4)`, int64(3 + 1 + 3 + 4)},
		// the larger of two amounts, e.g. an ammenda left never below 0
		{`massimo(b - a, decimale("0")) == decimale("0") && massimo(a - b, decimale("0")) == decimale("1250.50") && massimo(a, a) == a`, true},
		// per eccesso: a fraction counts as one; an exact quotient and
		// the signs as the division rounded up
		{`[quoziente_per_eccesso(7, 2), quoziente_per_eccesso(8, 2), quoziente_per_eccesso(0, 6), quoziente_per_eccesso(-7, 2), quoziente_per_eccesso(7, -2), quoziente_per_eccesso(-7, -2)] == [4, 4, 0, -3, -3, 4]`, true},
		{`aggiungi_mesi(d, 1) == data("2025-02-28")`, true},
		{`giorni_tra(d, aggiungi_giorni(d, 10))`, int64(10)},
		// the last day not festivo before Santo Stefano 2025 (Christmas
		// between), and its weekday
		{`non_festivo_prima(data("2025-12-26")) == data("2025-12-24") && non_festivo_prima(data("2026-04-06")) == data("2026-04-04")`, true},
		{`giorno_settimana(non_festivo_prima(data("2025-12-26"))) + " " + giorno_settimana(data("2026-04-04"))`, "mercoledì sabato"},
		{`[giorni_al_piu_in_mesi(12), giorni_al_piu_in_mesi(24), giorni_al_piu_in_mesi(6)] == [367, 732, 185]`, true},
		{`indicata(d) && !indicata(timestamp("0001-01-01T00:00:00Z"))`, true},
		{`plurale(1, "una volta", "volte") + "/" + plurale(3, "una volta", "volte") + "/" + plurale(2, "sarebbe 1 giorno", "sarebbero %d giorni")`,
			"una volta/3 volte/sarebbero 2 giorni"},
		{`plurale(5, "%d giorno, %d sessione", "%d giorni, %d sessioni")`, "5 giorni, 5 sessioni"},
		{`testo(d) + " " + testo(p) + " " + testo(a) + " " + testo(3)`, "31/01/2025 1 mese e 15 giorni 1.500,50 3"},
		// the half cent up; exact per mille
		{`[al_centesimo(decimale("0.125")), al_centesimo(decimale("0.1249")), al_centesimo(decimale("2")), al_centesimo(decimale("0.004"))] == [decimale("0.13"), decimale("0.12"), decimale("2"), decimale("0")]`, true},
		{`per_mille(a, decimale("18.28")) == decimale("27.429140")`, true},
	} {
		ast, iss := env.Compile(tc.expr)
		if iss.Err() != nil {
			t.Fatalf("%s: %v", tc.expr, iss.Err())
		}
		prg, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
		if err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		out, _, err := prg.Eval(vars)
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if got := out.Value(); got != tc.want {
			t.Errorf("%s = %v; want %v", tc.expr, got, tc.want)
		}
	}
	// Errors are values, not panics; nor is a quotient beyond the ints
	// (the most negative int divided by -1) a number, as CEL's «/» is not.
	for _, expr := range []string{`quoziente(1, 0)`, `quoziente_per_eccesso(1, 0)`,
		`quoziente(-9223372036854775807 - 1, -1)`, `quoziente_per_eccesso(-9223372036854775807 - 1, -1)`, `decimale("1,5")`, `giorni(p, "boh", d)`, `data("2025-02-30")`} {
		ast, iss := env.Compile(expr)
		if iss.Err() != nil {
			t.Fatalf("%s: %v", expr, iss.Err())
		}
		prg, _ := env.Program(ast)
		if out, _, err := prg.Eval(vars); err == nil && !types.IsError(out) {
			t.Errorf("%s = %v; want an error", expr, out)
		}
	}
}

func mustDec(s string) decimal.Decimal {
	d, err := calc.ParseDecimale(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestIntero checks the int64 path of per_eccesso and per_difetto
// against shopspring's Ceil and Floor on random decimals of every size,
// sign and exponent.
func TestIntero(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	n := 300000
	if raceAttivo {
		n = 30000 // (a tenth under -race: the same kinds of numbers, in turn)
	}
	for i := 0; i < n; i++ {
		var coef int64
		switch i % 3 {
		case 0:
			coef = rng.Int64N(100000)
		case 1:
			coef = rng.Int64N(1e18)
		default:
			coef = rng.Int64()
		}
		if rng.IntN(3) == 0 {
			coef = -coef
		}
		d := decimal.New(coef, int32(rng.IntN(25)-20))
		if got, want := intero(d, true), d.Ceil().IntPart(); got != want {
			t.Fatalf("per_eccesso(%s) = %d, atteso %d", d, got, want)
		}
		if got, want := intero(d, false), d.Floor().IntPart(); got != want {
			t.Fatalf("per_difetto(%s) = %d, atteso %d", d, got, want)
		}
	}
	var zero decimal.Decimal
	if intero(zero, true) != 0 || intero(zero, false) != 0 {
		t.Error("intero(zero) != 0")
	}
}

// TestDecimaleDi: decimale(n) of the ints made once is the decimal of n,
// exponent 0, as of those made at each call.
func TestDecimaleDi(t *testing.T) {
	for _, n := range []int64{0, 51, 1023, 1024, -1} {
		if got := DecimaleDi(n).(Decimale).D; !got.Equal(decimal.NewFromInt(n)) || got.Exponent() != 0 {
			t.Errorf("DecimaleDi(%d) = %s", n, got)
		}
	}
}

// TestAlCentesimoComeIlFondo: al_centesimo(per_mille(x, t)) gives, digit
// for digit and with the same exponent, what the Fund's rules computed
// before it, decimale(quoziente(per_difetto(x * t) + 5, 10)) *
// decimale("0.01"): the millesimi rounded down, then the half cent up,
// is the half cent up (⌊⌊y⌋/10⌋ = ⌊y/10⌋).
func TestAlCentesimoComeIlFondo(t *testing.T) {
	env, err := cel.NewEnv(Library(), cel.Variable("x", DecimaleType), cel.Variable("t", DecimaleType))
	if err != nil {
		t.Fatal(err)
	}
	prog := func(src string) cel.Program {
		ast, iss := env.Compile(src)
		if iss.Err() != nil {
			t.Fatalf("%s: %v", src, iss.Err())
		}
		p, err := env.Program(ast)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	prima := prog(`decimale(quoziente(per_difetto(x * t) + 5, 10)) * decimale("0.01")`)
	ora := prog(`al_centesimo(per_mille(x, t))`)
	r := rand.New(rand.NewPCG(1, 2))
	casi := [][2]string{{"0", "18.28"}, {"56.87", "0"}, {"1", "5"}, {"1", "4.999"}, {"3412.20", "18.28"}, {"1137.40", "18.28"}}
	for range 5000 {
		x := decimal.New(r.Int64N(100_000_000), -int32(r.IntN(4)))
		tasso := decimal.New(r.Int64N(100_000), -int32(r.IntN(4)))
		casi = append(casi, [2]string{x.String(), tasso.String()})
	}
	for _, c := range casi {
		vars := map[string]any{"x": Decimale{D: mustDec(c[0])}, "t": Decimale{D: mustDec(c[1])}}
		a, _, err1 := prima.Eval(vars)
		b, _, err2 := ora.Eval(vars)
		if err1 != nil || err2 != nil {
			t.Fatalf("%v: %v %v", c, err1, err2)
		}
		da, db := a.(Decimale).D, b.(Decimale).D
		if da.Exponent() != db.Exponent() || da.Coefficient().Cmp(db.Coefficient()) != 0 || da.String() != db.String() || da.StringFixed(2) != db.StringFixed(2) {
			t.Fatalf("%s × %s‰: before %s (exp %d), now %s (exp %d)", c[0], c[1], da, da.Exponent(), db, db.Exponent())
		}
	}
}

// TestAlCentesimoSegno: al_centesimo rounds the half cent away from zero,
// as euro amounts are rounded and as decimal.Round does: -0,125 is
// -0,13, the opposite of 0,125 (it was -0,12, the half cent toward +∞).
// A positive amount is rounded as before, digit for digit and with the
// same exponent (-2).
func TestAlCentesimoSegno(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"0.125", "0.13"}, {"-0.125", "-0.13"},
		{"0.1249", "0.12"}, {"-0.1249", "-0.12"},
		{"0.1251", "0.13"}, {"-0.1251", "-0.13"},
		{"-0.005", "-0.01"}, {"-0.0049", "0"}, {"-0.004", "0"},
		{"-2", "-2"}, {"-2.995", "-3"}, {"-1500.505", "-1500.51"}, {"-1e3", "-1000"},
	} {
		got := AlCentesimo(decimal.RequireFromString(c.in))
		if !got.Equal(decimal.RequireFromString(c.want)) || got.Exponent() != -2 {
			t.Errorf("AlCentesimo(%s) = %s (exp %d); want %s (exp -2)", c.in, got, got.Exponent(), c.want)
		}
	}
	prima := func(d decimal.Decimal) decimal.Decimal { return d.Shift(2).Add(decimal.New(5, -1)).Floor().Shift(-2) }
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		d := decimal.New(r.Int64N(1_000_000_000), int32(r.IntN(10))-7)
		a, b := prima(d), AlCentesimo(d)
		if a.Exponent() != b.Exponent() || a.Coefficient().Cmp(b.Coefficient()) != 0 {
			t.Fatalf("AlCentesimo(%s) = %s (exp %d); before %s (exp %d)", d, b, b.Exponent(), a, a.Exponent())
		}
		if n := AlCentesimo(d.Neg()); !n.Equal(b.Neg()) {
			t.Fatalf("AlCentesimo(%s) = %s; want %s", d.Neg(), n, b.Neg())
		}
	}
}

// TestArgomentiCodici: the codes the loader accepts for each argument
// are exactly those its own function accepts at run time. Each function
// is called through the library, with every code any argument lists
// (and those calc knows, and texts that are none) in the argument's
// place: a code of its list must give a result, any other an error. So a
// list that holds another function's codes (giorni's and
// giorni_da_euro's swapped), misses one or adds one fails.
func TestArgomentiCodici(t *testing.T) {
	// (a variable of each type an overload id names, the code's argument
	// being the string codice)
	variabili := map[string]string{"durata": "p", "data": "d", "decimale": "a", "int": "n", "string": "s"}
	env, err := cel.NewEnv(Library(),
		cel.Variable("p", DurataType), cel.Variable("d", DataType), cel.Variable("a", DecimaleType),
		cel.Variable("n", cel.IntType), cel.Variable("s", cel.StringType), cel.Variable("codice", cel.StringType))
	if err != nil {
		t.Fatal(err)
	}
	candidati := map[string]bool{"": true, "xyz": true, "30 giorni": true, "Eccesso": true,
		string(calc.Mese30): true, string(calc.MeseCalendario): true, string(calc.Eccesso): true, string(calc.Difetto): true}
	for _, args := range ArgomentiCodici {
		for _, a := range args {
			for _, c := range a.Codici {
				candidati[c] = true
			}
		}
	}
	for id, args := range ArgomentiCodici {
		if _, ok := Ternarie[id]; !ok {
			t.Errorf("%s: nessuna funzione", id)
		}
		for pos, a := range args {
			if !strings.HasPrefix(id, a.Funzione+"_") {
				t.Errorf("%s: funzione %q", id, a.Funzione)
				continue
			}
			tipi := strings.Split(strings.TrimPrefix(id, a.Funzione+"_"), "_")
			if pos < 0 || pos >= len(tipi) || tipi[pos] != "string" {
				t.Errorf("%s: l'argomento %d non è un testo (%v)", id, pos, tipi)
				continue
			}
			nomi := make([]string, len(tipi))
			for i, tipo := range tipi {
				if nomi[i] = variabili[tipo]; nomi[i] == "" {
					t.Fatalf("%s: tipo %q senza variabile nel test", id, tipo)
				}
			}
			nomi[pos] = "codice"
			expr := a.Funzione + "(" + strings.Join(nomi, ", ") + ")"
			ast, iss := env.Compile(expr)
			if iss.Err() != nil {
				t.Errorf("%s: %s: %v", id, expr, iss.Err())
				continue
			}
			prg, err := env.Program(ast)
			if err != nil {
				t.Fatal(err)
			}
			for c := range candidati {
				out, _, err := prg.Eval(map[string]any{
					"p": Durata{D: calc.Durata{Mesi: 1, Giorni: 15}}, "d": NewData(calc.Data(2025, time.January, 31)),
					"a": Decimale{D: mustDec("1500.50")}, "n": 3, "s": "x", "codice": c})
				accetta, elencato := err == nil && !types.IsError(out), slices.Contains(a.Codici, c)
				switch {
				case elencato && !accetta:
					t.Errorf("%s: %s con codice %q: errore a run time (%v), ma il codice è tra quelli di %s", id, expr, c, err, a.Nome)
				case !elencato && accetta:
					t.Errorf("%s: %s con codice %q: accettato a run time, ma non è tra quelli di %s %v", id, expr, c, a.Nome, a.Codici)
				}
			}
		}
	}
}
