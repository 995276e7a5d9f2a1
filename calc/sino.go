package calc

import "strings"

// ParseSiNo reads a yes or no the way an Italian office writes it: sì,
// si, and the accent as a keyboard without «ì» gives it (sí, si', si`),
// s, vero, true, 1 for yes; no, n, falso, false, 0 for no (in any
// case, spaces around ignored). ok is false for anything else, the
// empty text too: the caller says what a missing answer means, and never
// takes an unknown word for either.
func ParseSiNo(s string) (si, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "sì", "si", "sí", "si'", "si`", "s", "vero", "true", "1":
		return true, true
	case "no", "n", "falso", "false", "0":
		return false, true
	}
	return false, false
}
