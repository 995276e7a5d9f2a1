package calc

import (
	"strconv"
	"strings"
)

// Plurale picks the singular or the plural text for n: the singular as
// written, with a %d in it read as 1 («%d riga» is «1 riga»; «giorno
// saltato» stays so), the plural with n in its %d or before it («righe»
// is «3 righe»).
func Plurale(n int, uno, molti string) string {
	if n == 1 {
		return strings.Replace(uno, "%d", "1", 1)
	}
	if strings.Contains(molti, "%d") {
		return strings.Replace(molti, "%d", strconv.Itoa(n), 1)
	}
	return strconv.Itoa(n) + " " + molti
}
