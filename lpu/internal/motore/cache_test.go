package motore

import (
	"testing"

	"cel.dev/cel-go/cel"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// ambienteProva is an environment that declares vars (name, type, in
// order) and keeps its checked expressions in cache.
func ambienteProva(t *testing.T, cache *CacheCEL, vars ...any) *Ambiente {
	t.Helper()
	var opts []cel.EnvOption
	tipi := map[string]*cel.Type{}
	for i := 0; i < len(vars); i += 2 {
		opts = append(opts, cel.Variable(vars[i].(string), vars[i+1].(*cel.Type)))
		tipi[vars[i].(string)] = vars[i+1].(*cel.Type)
	}
	env, err := Base.Extend(opts...)
	if err != nil {
		t.Fatal(err)
	}
	amb := NuovoAmbiente(env, OpzioniCompila{}, spec.Vigenza{})
	amb.cache, amb.tipi = cache, tipi
	return amb
}

// TestCacheCEL: an expression is checked once for the environments that
// declare the names it may read alike, and again wherever one of them
// is declared otherwise (another type, a qualified name, a name in
// attesa), with that environment's result or problem.
func TestCacheCEL(t *testing.T) {
	cache := NuovaCacheCEL()
	compila := func(amb *Ambiente, src string) *cel.Ast {
		t.Helper()
		a, iss := CompilaCEL(amb, src)
		if iss.Err() != nil {
			return nil
		}
		return a
	}
	a1 := compila(ambienteProva(t, cache, "x", cel.IntType, "z", cel.BoolType), "x + 1")
	a2 := compila(ambienteProva(t, cache, "x", cel.IntType, "w", cel.StringType), "x + 1")
	if a1 == nil || a1 != a2 {
		t.Errorf("x + 1, x intero: %p e %p, non la stessa", a1, a2)
	}
	if a := compila(ambienteProva(t, cache, "x", cel.StringType), "x + 1"); a != nil {
		t.Errorf("x + 1, x testo: %v, non un errore", a.OutputType())
	}
	if a := compila(ambienteProva(t, cache, "x", cel.DoubleType), "x + 1.0"); a == nil || !a.OutputType().IsExactType(cel.DoubleType) {
		t.Errorf("x + 1.0, x double: %v", a)
	}
	// a.b a name of its own, or a field of a
	q := compila(ambienteProva(t, cache, "a.b", cel.IntType), "a.b + 1")
	m := compila(ambienteProva(t, cache, "a", cel.MapType(cel.StringType, cel.IntType)), "a.b + 1")
	if q == nil || m == nil || q == m || len(Riferimenti(q)) != 1 || Riferimenti(q)[0] != "a.b" || Riferimenti(m)[0] != "a" {
		t.Errorf("a.b + 1: %v e %v", q, m)
	}
	// a name in attesa: declared for the expression that reads it
	amb := ambienteProva(t, cache, "x", cel.IntType)
	amb.Dichiara("y", cel.IntType)
	y1 := compila(amb, "y + x")
	y2 := compila(ambienteProva(t, cache, "x", cel.IntType, "y", cel.IntType), "y + x")
	if y1 == nil || y1 != y2 {
		t.Errorf("y + x: %p e %p, non la stessa", y1, y2)
	}
	amb = ambienteProva(t, cache, "x", cel.IntType)
	amb.Dichiara("y", cel.StringType)
	if a := compila(amb, "y + x"); a != nil {
		t.Errorf("y + x, y testo in attesa: %v, non un errore", a.OutputType())
	}
	// y in attesa but not read as a name (a field of a map literal's
	// key): the environment without it, as the checker sees it
	amb = ambienteProva(t, cache, "x", cel.IntType)
	amb.Dichiara("y", cel.StringType)
	if a := compila(amb, "{'y': x}.y + x"); a == nil {
		t.Error("{'y': x}.y + x: errore")
	}
}
