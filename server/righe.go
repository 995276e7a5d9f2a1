package server

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// A form's repeated rows (the convention's sedi, their posti and
// occupazioni, the plan's sospensioni) are read up to a number of rows:
// a box sent in a row the page does not read (a hand-written form, an
// edited link, a script: convenzione.sedi.25.nome) would be left out in
// silence, and the answer given on the other rows. rigaNonLetta finds
// such a row, and erroreRigheOltre tells it, by the list's label: the
// page then answers nothing.

// rigaNonLetta is the number of a row of a list, as the form wrote it,
// that the form sent a value in and the page does not read ("" if
// none; the lowest when more). riga says, for a form's name, the number
// of the row of the list it is a box of, as written (ok false for a
// name of no row of the list); letta says whether the page reads the
// row so numbered.
func rigaNonLetta(form url.Values, riga func(nome string) (n string, ok bool), letta func(n string) bool) string {
	var fuori []string
	for k, vs := range form {
		n, ok := riga(k)
		if !ok || letta(n) || !conValore(vs) {
			continue
		}
		fuori = append(fuori, n)
	}
	if len(fuori) == 0 {
		return ""
	}
	// (by length, then as text: «3» before «25», «25» before «200»)
	slices.SortFunc(fuori, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	})
	return fuori[0]
}

// numeroRiga says whether n is the number of one of the rows 1…righe,
// written as the page writes it (no sign, no leading zero).
func numeroRiga(n string, righe int) bool {
	x, err := strconv.Atoi(n)
	return err == nil && x >= 1 && x <= righe && strconv.Itoa(x) == n
}

// conValore says whether a box was sent with a value: a box sent empty
// loses nothing.
func conValore(vs []string) bool {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// erroreRigheOltre is the error, without the list's label (the summary
// puts it before), on a row numbered n, which the page does not read,
// of a list of at most righe rows on the page; api says whether a
// request to the API takes more rows than the page (the list declares
// a larger max, or none): only then is the API offered.
func erroreRigheOltre(righe int, n string, api bool) string {
	msg := fmt.Sprintf("al più %d righe, numerate da 1 a %d: il modulo ha inviato una riga numerata «%s», che questa pagina non legge; nessuna risposta è data sulle altre",
		righe, righe, troncato(n, 20))
	if api {
		msg += " (per più righe, usare l'API)"
	}
	return msg
}
