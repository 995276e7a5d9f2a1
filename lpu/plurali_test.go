package lpu_test

import (
	"regexp"
	"testing"
)

// unoPlurale is a 1 before a plural unit: «1 giorni», «1 ore».
var unoPlurale = regexp.MustCompile(`(^|[^0-9.,])1 (giorni|giornate|ore|mesi|settimane|sessioni|anni)\b`)

// TestTestiAlSingolare checks that no answer to a suite request (every
// command, with and without the explanation, the plan's ICS and
// register) writes a 1 before a plural unit: «1 giorno», «1 ora», as
// plurale writes them, never «1 giorni» or «1 ore».
func TestTestiAlSingolare(t *testing.T) {
	e := engine(t)
	n := 0
	righe := corpusSuiteCondiviso(e, t)
	if len(righe) == 0 {
		t.Fatal("nessuna risposta delle suite da leggere")
	}
	for _, r := range righe {
		for _, m := range unoPlurale.FindAllStringIndex(r.Risposta, -1) {
			if n++; n > 20 {
				t.Fatal("altre risposte con un numero al plurale omesse")
			}
			da, a := max(0, m[0]-80), min(len(r.Risposta), m[1]+40)
			t.Errorf("%s (%s): «%s»", r.Caso, r.Comando, r.Risposta[da:a])
		}
	}
}
