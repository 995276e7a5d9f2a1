// Package simili finds, among known names, the one a mistyped name most
// likely meant: the «(forse «ammenda»?)» of a message.
package simili

// Più is the one of nomi closest to s, when it is close enough to be
// what s meant: at most a quarter of its letters apart (one, in a short
// name), a letter missing, added, changed or two swapped counting one;
// "" when none is, or when s is one of nomi. A wider bound offers names
// nobody meant («ora_inizio» for «data_inizio»).
func Più(s string, nomi []string) string {
	best, bestD := "", max(1, len([]rune(s))/4)+1
	for _, n := range nomi {
		if d := distanza(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	if best == s {
		return ""
	}
	return best
}

// distanza is the edit distance of a and b in runes, two adjacent
// letters swapped counting as one edit (optimal string alignment).
func distanza(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
