package celx

import (
	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/shopspring/decimal"
)

// MaxCifre is the size of every decimal a rule can make from nothing:
// calc.ParseDecimale reads at most 20 characters (decimale("…"), a
// parameter, an amount of a request), an int has at most 19 digits.
const MaxCifre = 20

// Cifre is the size of a decimal for the cost model: the digits needed to
// write it, its integer part and its fraction. A sum has at most one
// digit more than the longer integer part and the longer fraction, a
// product the digits of both factors: the model below prices each
// operation on these sizes, so that a decimal squared again and again
// (its digits double at each step) is priced as it grows.
func Cifre(d decimal.Decimal) uint64 {
	n, e := int64(d.NumDigits()), int64(d.Exponent())
	switch {
	case e >= 0:
		return uint64(n + e)
	case -e >= n:
		return uint64(-e) + 1 // 0.00ddd
	}
	return uint64(n)
}

// Size implements traits.Sizer: the cost tracker of a program that
// runs CEL's plan reads the size of a decimal as the estimator does.
func (d Decimale) Size() ref.Val { return types.Int(Cifre(d.D)) }

// modelliCosto price the library's functions on the sizes of their
// arguments, as cel-go's ext.Strings prices replace or split (a unit is
// some 50 ns): a sum or a comparison walks the digits of both numbers, a
// product (big.Int, schoolbook for the sizes that matter) and a division
// their product. The functions on dates, durations and ints work on
// values of fixed size: cel-go's default, 1, is their price.
func modelliCosto() cel.EnvOption {
	uno := cost.Const(1)
	somma := cost.Sum(cost.Arg(0), cost.Arg(1))
	lineare := cost.Sum(uno, cost.Scale(somma, 0.1))
	quadratico := cost.Sum(uno, cost.Scale(cost.Mul(cost.Sum(cost.Arg(0), uno), cost.Sum(cost.Arg(1), uno)), 0.01))
	unario := cost.Sum(uno, cost.Scale(cost.Arg(0), 0.1))
	cifre := cost.Const(MaxCifre)
	var m []cost.OverloadModel
	for _, id := range []string{"less_decimale", "less_equals_decimale", "greater_decimale", "greater_equals_decimale"} {
		m = append(m, cost.Overload(id, cost.EvalCost(lineare)))
	}
	return cel.CostModel(append(m,
		cost.Overload("decimale_string", cost.EvalCost(uno), cost.ResultSize(cifre)),
		cost.Overload("decimale_int", cost.EvalCost(uno), cost.ResultSize(cifre)),
		cost.Overload("add_decimale", cost.EvalCost(lineare), cost.ResultSize(cost.Sum(somma, uno))),
		cost.Overload("subtract_decimale", cost.EvalCost(lineare), cost.ResultSize(cost.Sum(somma, uno))),
		cost.Overload("multiply_decimale", cost.EvalCost(quadratico), cost.ResultSize(somma)),
		// a comparison; the result is one of the two
		cost.Overload("massimo_decimale_decimale", cost.EvalCost(lineare), cost.ResultSize(somma)),
		cost.Overload("per_eccesso_decimale", cost.EvalCost(unario)),
		cost.Overload("per_difetto_decimale", cost.EvalCost(unario)),
		// a sum and a rounding down: one digit more and two of fraction
		// at most (5 is 5,00)
		cost.Overload("al_centesimo_decimale", cost.EvalCost(unario), cost.ResultSize(cost.Sum(cost.Arg(0), cost.Const(3)))),
		// a product, and three digits more of fraction
		cost.Overload("per_mille_decimale_decimale", cost.EvalCost(quadratico), cost.ResultSize(cost.Sum(somma, cost.Const(3)))),
		// 1.500.000,50: a dot every three digits, a comma, a sign
		cost.Overload("testo_decimale", cost.EvalCost(unario), cost.ResultSize(cost.Sum(cost.Scale(cost.Arg(0), 1.5), cost.Const(3)))),
		cost.Overload("giorni_da_euro_decimale_decimale_string", cost.EvalCost(quadratico)),
		// plurale copies one of its texts with n (at most 20 characters)
		// in each %d (2 characters) or before it: at most ten times the
		// text, and 21 more
		cost.Overload("plurale_int_string_string", cost.EvalCost(cost.Sum(uno, cost.Scale(cost.Sum(cost.Arg(1), cost.Arg(2)), 0.1))),
			cost.ResultSize(cost.Sum(cost.Scale(cost.Sum(cost.Arg(1), cost.Arg(2)), 10), cost.Const(21)))),
	)...)
}
