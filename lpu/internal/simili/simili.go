// Package simili finds, among known names, the one a mistyped name most
// likely meant: the «(forse «ammenda»?)» of a message.
package simili

import "unicode/utf8"

// Più is the one of nomi closest to s, when it is close enough to be
// what s meant: at most a quarter of its letters apart (one, in a short
// name), a letter missing, added, changed or two swapped counting one;
// "" when none is, or when s is one of nomi. A wider bound offers names
// nobody meant («ora_inizio» for «data_inizio»).
func Più(s string, nomi []string) string {
	r := []rune(s)
	best, bestD := "", max(1, len(r)/4)+1
	for _, n := range nomi {
		// (a length that differs by bestD or more is that many edits
		// apart at least: too far, and not worth a table — a name of a
		// million letters costs nothing then, where the table would
		// take seconds and gigabytes)
		if l := utf8.RuneCountInString(n); l-len(r) >= bestD || len(r)-l >= bestD {
			continue
		}
		if d := distanza(r, []rune(n)); d < bestD {
			best, bestD = n, d
		}
	}
	if best == s {
		return ""
	}
	return best
}

// distanza is the edit distance of a and b, two adjacent letters
// swapped counting as one edit (optimal string alignment), in three
// rows of the table.
func distanza(a, b []rune) int {
	pp, p, c := make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range p {
		p[j] = j
	}
	for i := 1; i <= len(a); i++ {
		c[0] = i
		for j := 1; j <= len(b); j++ {
			costo := 1
			if a[i-1] == b[j-1] {
				costo = 0
			}
			c[j] = min(p[j]+1, c[j-1]+1, p[j-1]+costo)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c[j] = min(c[j], pp[j-2]+1)
			}
		}
		pp, p, c = p, c, pp
	}
	return p[len(b)]
}
