package motore

import (
	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Copre: every day of w is a day of v.
func Copre(v, w spec.Vigenza) bool {
	return !v.Dal.After(w.Dal) && (v.Al.IsZero() || !w.Al.IsZero() && !v.Al.Before(w.Al))
}

// PiegaTutto optimizes a with opt, then folds it again (solo) while that
// makes it smaller: in one pass, cel-go v0.33's folding can leave a &&
// whose operand it has just folded to false (x && (y && false) becomes
// x && false). It returns nil if cel-go reports a problem.
func PiegaTutto(env *cel.Env, opt, solo *cel.StaticOptimizer, a *cel.Ast) *cel.Ast {
	a, iss := opt.Optimize(env, a)
	for range 8 {
		if iss.Err() != nil {
			return nil
		}
		if a.NativeRep().Expr().Kind() == ast.LiteralKind {
			break
		}
		if !piegabile(a, nil) {
			// (nothing left that folding could shorten: another pass
			// would only check the expression again)
			break
		}
		prima := ast.MaxID(a.NativeRep())
		b, issB := solo.Optimize(env, a)
		if issB.Err() != nil || ast.MaxID(b.NativeRep()) >= prima {
			break
		}
		a, iss = b, issB
	}
	return a
}
