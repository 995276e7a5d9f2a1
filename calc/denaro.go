package calc

import (
	"errors"
	"regexp"
	"strconv"
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
func GiorniDaImporto(importo, quota decimal.Decimal, arr Arrotondamento) (int, error) {
	if !quota.IsPositive() {
		return 0, errors.New("calc: quota non positiva")
	}
	if importo.IsNegative() {
		return 0, errors.New("calc: importo negativo")
	}
	// Fast path: amounts in whole cents that fit an int64 (every real
	// fine) divide exactly as integers.
	if a, ok := centesimi(importo); ok {
		if q, ok := centesimi(quota); ok && q > 0 {
			n := a / q
			if a%q != 0 && arr == Eccesso {
				n++
			}
			return int(n), nil
		}
	}
	q, r := importo.QuoRem(quota, 0)
	n := q.IntPart()
	if arr == Eccesso && !r.IsZero() {
		n++
	}
	return int(n), nil
}

// ErrImporto is returned for an amount that cannot be read.
var ErrImporto = errors.New("importo non valido")

// ErrNegativo is returned, with the amount read, for one written with a
// minus sign: a number, below the bound of zero, which the engine
// refuses as such («il valore non può essere negativo (-5)»).
var ErrNegativo = errors.New("il valore non può essere negativo")

// ErrAmbiguo is returned for an amount written with a dot followed by
// one or two digits after at most three («1.5», «1.50», «999.99»): an
// Italian reads the dot as the thousands separator, and these are no
// thousands, nor the Italian way of writing cents (a comma). It may be
// a euro and fifty cents or a mistyped «1.500»: refused with both
// readings written the Italian way (ConsiglioAmbiguo), not guessed.
// After four digits or more («1500.50»), or after a 0 («0.50»), the dot
// cannot separate thousands and is read as a decimal point; «0.500»,
// neither a thousand nor two decimals, is refused (ErrImporto).
var ErrAmbiguo = errors.New("importo ambiguo")

var (
	// 1.500 / 1.500.000 / 1.500,50: thousands in groups of exactly three,
	// the first not starting with 0 («0.500» is no Italian thousand: it
	// would be 500 euro beside «0.50», 50 cents)
	importoRaggruppato = regexp.MustCompile(`^[1-9][0-9]{0,2}(\.[0-9]{3})+(,[0-9]{1,2})?$`)
	// 1500 / 1500,5 / 1500,50
	importoVirgola = regexp.MustCompile(`^[0-9]+(,[0-9]{1,2})?$`)
	// 1500.5 / 1500.50 (the dot as decimal point, at most two decimals)
	importoPunto = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,2})?$`)
	// 1.5 / 12.50 / 999.99: a dot where an Italian separates thousands,
	// followed by no group of three (ErrAmbiguo)
	importoAmbiguo = regexp.MustCompile(`^[1-9][0-9]{0,2}\.[0-9]{1,2}$`)
)

// ParseImporto reads a euro amount written the Italian way ("1.500,50",
// "1500,50", "1.500") or with a decimal point and at most two decimals
// after four digits or more ("1500.50"); an optional "€" and spaces are
// ignored. A dot followed by one or two digits after at most three
// ("1.5", "1.50") is refused with ErrAmbiguo. Anything else — "1..5",
// "1.2.3", "1,2.3", three decimals after a comma — is refused rather
// than guessed: a wrong amount is a wrong number of days. One with a
// minus sign before it is read, negative, with ErrNegativo («-0» is
// zero, with no error).
func ParseImporto(s string) (decimal.Decimal, error) {
	if r, ok := strings.CutPrefix(strings.TrimSpace(s), "-"); ok {
		d, err := ParseImporto(r)
		if errors.Is(err, ErrAmbiguo) && !strings.HasPrefix(strings.TrimSpace(r), "-") {
			// (negative however it is read: that is what to say, not
			// the two readings, which both keep the minus; the dot's
			// reading is what is given back, and refused as negative)
			if d, err := ParseDecimale(importoScritto(r)); err == nil {
				return d.Neg(), ErrNegativo
			}
			return decimal.Decimal{}, err
		}
		if err != nil || strings.HasPrefix(strings.TrimSpace(r), "-") {
			return decimal.Decimal{}, ErrImporto
		}
		if d.IsZero() {
			return d, nil // («-0» is zero, as the API, the page and the lotto read it)
		}
		return d.Neg(), ErrNegativo
	}
	t := importoScritto(s)
	switch {
	case importoRaggruppato.MatchString(t):
		t = strings.Replace(strings.ReplaceAll(t, ".", ""), ",", ".", 1)
	case importoVirgola.MatchString(t):
		t = strings.Replace(t, ",", ".", 1)
	case importoAmbiguo.MatchString(t):
		return decimal.Decimal{}, ErrAmbiguo
	case importoPunto.MatchString(t):
	default:
		return decimal.Decimal{}, ErrImporto
	}
	return ParseDecimale(t)
}

// importoScritto is s without its "€" and spaces.
func importoScritto(s string) string {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "€"), "€"))
	return strings.ReplaceAll(t, " ", "")
}

// ConsiglioAmbiguo is the advice for an amount ParseImporto refused
// with ErrAmbiguo, its two readings written the Italian way: «scrivere
// 1,50 per 1 euro e 50 centesimi, 1.500 per 1.500 euro» for «1.5»; ""
// for any other.
func ConsiglioAmbiguo(s string) string {
	t := importoScritto(strings.TrimPrefix(strings.TrimSpace(s), "-"))
	if !importoAmbiguo.MatchString(t) {
		return ""
	}
	euro, cifre, _ := strings.Cut(t, ".")
	cent := (cifre + "0")[:2]
	migliaia := (cifre + "00")[:3]
	lettura := euro + " euro"
	if c := strings.TrimPrefix(cent, "0"); c != "0" {
		lettura += " e " + c + " centesimi"
	}
	return "scrivere " + euro + "," + cent + " per " + lettura + ", " + euro + "." + migliaia + " per " + euro + "." + migliaia + " euro"
}

// centesimi is d in cents when d has at most two decimals and fits
// comfortably in an int64.
func centesimi(d decimal.Decimal) (int64, bool) {
	if d.IsZero() {
		// (the zero Decimal has no coefficient yet: reading one would
		// allocate it)
		return 0, true
	}
	exp := d.Exponent()
	// NumDigits, unlike Coefficient, reads the coefficient without
	// copying it.
	if exp < -2 || exp > 10 || d.NumDigits() > 16 {
		return 0, false
	}
	c := d.CoefficientInt64()
	if c < 0 || c > 1e15 {
		return 0, false
	}
	for ; exp > -2; exp-- {
		if c > 1e15/10 {
			return 0, false // (it would not fit comfortably any more)
		}
		c *= 10
	}
	return c, true
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

// StringFixed2 is d.StringFixed(2) ("1500.00", "1.02"); an amount in
// whole cents (every amount of the rules) is written without big.Int
// arithmetic, which StringFixed spends on rescaling.
func StringFixed2(d decimal.Decimal) string {
	c, ok := centesimi(d)
	if !ok {
		return d.StringFixed(2)
	}
	var buf [24]byte
	b := strconv.AppendInt(buf[:0], c/100, 10)
	b = append(b, '.', byte('0'+c%100/10), byte('0'+c%10))
	return string(b)
}

// FormatEuro writes an amount the Italian way: "1.500" or "1.500,50".
func FormatEuro(d decimal.Decimal) string {
	var buf [32]byte
	return string(AppendEuro(buf[:0], d))
}

// AppendEuro appends the amount as FormatEuro writes it.
func AppendEuro(b []byte, d decimal.Decimal) []byte {
	c, ok := centesimi(d)
	if !ok {
		return append(b, formatEuroLento(d)...)
	}
	var buf [20]byte
	intera := strconv.AppendInt(buf[:0], c/100, 10)
	for i, ch := range intera {
		if i > 0 && (len(intera)-i)%3 == 0 {
			b = append(b, '.')
		}
		b = append(b, ch)
	}
	if c%100 != 0 {
		b = append(b, ',', byte('0'+c%100/10), byte('0'+c%10))
	}
	return b
}

func formatEuroLento(d decimal.Decimal) string {
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
