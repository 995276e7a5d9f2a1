//go:build race

package calc

// raceAttivo is true when the tests run under the race detector.
const raceAttivo = true
