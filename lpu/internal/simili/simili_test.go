package simili

import "testing"

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
