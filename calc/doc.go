// Package calc holds the pure calculators the rules engine builds on:
// penalty durations into days, money into days, civil dates and their
// arithmetic, and the readers of what an Italian office writes (dates,
// amounts, sì/no). It knows nothing of CEL or YAML, never reads the clock and
// never uses floating point for money.
package calc
