package simili

import (
	"strings"
	"testing"
)

func TestPiù(t *testing.T) {
	nomi := []string{"ammenda", "arresto", "multa", "reclusione", "inizio", "ora_inizio"}
	for _, tc := range []struct{ s, want string }{
		{"amenda", "ammenda"},        // a letter missing
		{"arrseto", "arresto"},       // two letters swapped: one edit
		{"mutla", "multa"},           // the same in a short name
		{"recluzione", "reclusione"}, // a letter changed
		{"pena", ""},                 // nothing like it
		{"data_inizio", ""},          // 3 edits from ora_inizio: too far
		{"ammenda", ""},              // a known name suggests nothing
		{"àmmenda", "ammenda"},       // runes, not bytes
		{"amenda_", ""},              // two edits in 7 letters: too far
	} {
		if got := Più(tc.s, nomi); got != tc.want {
			t.Errorf("Più(%q) = %q; want %q", tc.s, got, tc.want)
		}
	}
}

// TestPiùLungo: a name of 100,000 letters (a JSON key has no bound but
// the body's) against short names allocates no table of edits: one of
// a row per letter for each name took seconds and gigabytes for a key
// of a million.
func TestPiùLungo(t *testing.T) {
	s := strings.Repeat("x", 100_000)
	nomi := []string{"ammenda", "arresto", "incidente"}
	if n := testing.AllocsPerRun(1, func() { Più(s, nomi) }); n > 10 {
		t.Errorf("Più of 100,000 letters: %.0f allocations; want a few", n)
	}
}
