//go:build !race

package server

const raceAttivo = false
