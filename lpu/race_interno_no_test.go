//go:build !race

package lpu

// raceAttivo is true when the tests run under the race detector (as in
// race_no_test.go, for the tests inside the package).
const raceAttivo = false
