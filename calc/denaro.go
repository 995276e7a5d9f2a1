package calc

import (
	"errors"
	"strings"

	"github.com/shopspring/decimal"
)

// Arrotondamento says what a fraction of the quota becomes.
type Arrotondamento string

const (
	// Eccesso counts a fraction of the quota as a whole day, as art. 135
	// c.p. does ("euro 250, o frazione di euro 250").
	Eccesso Arrotondamento = "eccesso"
	// Difetto drops the fraction.
	Difetto Arrotondamento = "difetto"
)

// Valido reports whether a is a known rounding.
func (a Arrotondamento) Valido() bool { return a == Eccesso || a == Difetto }

// GiorniDaImporto converts an amount into days at quota euro a day,
// rounding a remainder as a says. The quota must be positive.
func GiorniDaImporto(importo, quota decimal.Decimal, a Arrotondamento) (int, error) {
	if !quota.IsPositive() {
		return 0, errors.New("calc: quota non positiva")
	}
	if importo.IsNegative() {
		return 0, errors.New("calc: importo negativo")
	}
	q, r := importo.QuoRem(quota, 0)
	n := q.IntPart()
	if a == Eccesso && !r.IsZero() {
		n++
	}
	return int(n), nil
}

// ErrImporto is returned for an amount that cannot be read.
var ErrImporto = errors.New("importo non valido")

// ParseImporto reads a euro amount written either as "1500.50" or the
// Italian way, "1.500,50" or "1500,50"; an optional "€" is ignored. A lone
// "." followed by exactly three digits ("1.500") is read as a thousands
// separator, as an Italian would write it.
func ParseImporto(s string) (decimal.Decimal, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "€"), "€"))
	t = strings.ReplaceAll(t, " ", "")
	if t == "" {
		return decimal.Decimal{}, ErrImporto
	}
	if strings.Contains(t, ",") {
		if strings.Count(t, ",") > 1 {
			return decimal.Decimal{}, ErrImporto
		}
		t = strings.ReplaceAll(t, ".", "")
		t = strings.Replace(t, ",", ".", 1)
	} else if strings.Count(t, ".") > 1 || isMigliaia(t) {
		t = strings.ReplaceAll(t, ".", "")
	}
	return ParseDecimale(t)
}

func isMigliaia(t string) bool {
	i := strings.IndexByte(t, '.')
	return i > 0 && len(t)-i-1 == 3
}

// ParseDecimale reads a plain decimal ("1500", "1500.00") with at most 2
// decimals' worth of sense: digits, one optional dot, no exponent, no sign.
func ParseDecimale(t string) (decimal.Decimal, error) {
	if t == "" || len(t) > 20 {
		return decimal.Decimal{}, ErrImporto
	}
	punti := 0
	for i, c := range t {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && i > 0 && i < len(t)-1:
			punti++
		default:
			return decimal.Decimal{}, ErrImporto
		}
	}
	if punti > 1 {
		return decimal.Decimal{}, ErrImporto
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return decimal.Decimal{}, ErrImporto
	}
	return d, nil
}

// FormatEuro writes an amount the Italian way: "1.500" or "1.500,50".
func FormatEuro(d decimal.Decimal) string {
	neg := d.IsNegative()
	d = d.Abs()
	s := d.StringFixed(2)
	intera, dec, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intera {
		if i > 0 && (len(intera)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if dec != "00" {
		b.WriteByte(',')
		b.WriteString(dec)
	}
	return b.String()
}
