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
//
// A rule set is read (Leggi), its shared parameters gathered
// (ParametriComuni), and the files of each declared kind compiled
// (CompilaRegole, Compila) into a Programma: a symbol table of the
// request's inputs (read as the caller's Letture say, with its readers
// for its own value types), the parameters and the computed values, each
// step's expressions planned by cel-go and bounded at load by CEL's
// static cost estimate (BilancioValutazione for all of them). Esegui
// runs a Programma on a request at a date, as a Modo says; the caller
// reads the Esecuzione (Val, Intero, Valori, Passi, Motivi, Avvertenze,
// Escluso) and hands it back (Rilascia). What a Conf names — the request
// type, its reserved outputs, the input that names the case to prune
// for — is the caller's.
package motore
