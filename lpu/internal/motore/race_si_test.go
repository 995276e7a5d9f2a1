//go:build race

package motore

// raceAttivo is true when the tests run under the race detector.
const raceAttivo = true
