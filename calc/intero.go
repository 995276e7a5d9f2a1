package calc

// SoloCifre tells whether v is a whole number as a person writes it in a
// cell or a query: digits alone, after a sign at most (015 and +15 are
// 15). 1e5 and 3.0, which a program's JSON may write, are a formula's or
// a format's leftovers, and 1.000 is a thousand to an Italian but 1 to a
// JSON reader: none is read.
func SoloCifre(v string) bool {
	if v != "" && (v[0] == '+' || v[0] == '-') {
		v = v[1:]
	}
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// MessaggioIntero is the refusal of a whole number not written as
// SoloCifre reads it; citato is the text as written (shortened by the
// caller if need be).
func MessaggioIntero(citato string) string {
	return "atteso un numero intero, scritto con le sole cifre (ad es. 15), trovato «" + citato + "»"
}
