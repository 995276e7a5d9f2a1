package calc

import (
	"strconv"
	"strings"
)

// Plurale picks the singular or the plural text for n: the singular as
// written, with every %d in it read as 1 («%d riga» is «1 riga»; «giorno
// saltato» stays so), the plural with n in each of its %d or before it
// («righe» is «3 righe»; «%d giorni, cioè %d sessioni» is «3 giorni,
// cioè 3 sessioni»).
func Plurale(n int, uno, molti string) string {
	if n == 1 {
		return strings.ReplaceAll(uno, "%d", "1")
	}
	if strings.Contains(molti, "%d") {
		return strings.ReplaceAll(molti, "%d", strconv.Itoa(n))
	}
	return strconv.Itoa(n) + " " + molti
}
