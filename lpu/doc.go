// Package lpu is the rules engine for Italian Lavoro di Pubblica Utilità.
//
// Load reads the rule files (YAML with CEL expressions) from an fs.FS,
// validates, type-checks and compiles them once, and returns an immutable
// Engine that is safe for concurrent use. Evaluate answers a calcolo
// request: days and hours of LPU, limits, eligibility, the Fondo INAIL
// verdict, and every step with the article it comes from.
//
// The request and response types mirror the public JSON contract
// (shared/CONTRACT.md); Decode reads a request strictly, with Italian
// errors that name the field.
package lpu
