//go:build race

package lpu_test

const raceAttivo = true
