// Package motore is the generic part of the rules engine: what a rule set
// is made of, independent of the law it states. It knows rule files,
// their overlays, the kinds of request the vocabulary declares (which
// rule files answer each, its reference date, its outputs), parameters
// with dated versions and their values, the CEL of the steps (the
// environment, parsing and checking, cel-go's folding, the Italian
// writing of values), the steps and errors of an evaluation, and the
// YAML suites of cases; it knows nothing of LPU: no fattispecie, no
// Fund, no calendar. The domain packages and the lpu facade sit on top
// of it and never the other way round (lpu/architettura_test.go).
package motore
