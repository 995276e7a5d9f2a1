//go:build !race

package celx

// raceAttivo is true when the tests run under the race detector.
const raceAttivo = false
