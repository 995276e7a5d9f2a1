// Package calc holds the pure calculators the rules engine builds on:
// penalty durations into days, money into days, civil dates and their
// arithmetic. It knows nothing of CEL or YAML, never reads the clock and
// never uses floating point for money.
package calc
