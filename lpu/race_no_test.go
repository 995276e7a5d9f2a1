//go:build !race

package lpu_test

// raceAttivo is true when the tests run under the race detector.
const raceAttivo = false
