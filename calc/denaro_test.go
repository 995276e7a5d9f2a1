package calc

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestGiorniDaImporto(t *testing.T) {
	for _, c := range []struct {
		importo, quota   string
		eccesso, difetto int
	}{
		{"1500", "250", 6, 6},
		{"1000", "250", 4, 4},
		{"1100", "250", 5, 4},
		{"1000.01", "250", 5, 4}, // un centesimo è una frazione (art. 135 c.p.)
		{"249.99", "250", 1, 0},
		{"250", "250", 1, 1},
		{"0", "250", 0, 0},
		{"1", "0.50", 2, 2},
		{"1.20", "0.50", 3, 2},
		{"1000000000", "250", 4000000, 4000000},
	} {
		for _, r := range []struct {
			a    Arrotondamento
			want int
		}{{Eccesso, c.eccesso}, {Difetto, c.difetto}} {
			got, err := GiorniDaImporto(dec(c.importo), dec(c.quota), r.a)
			if err != nil || got != r.want {
				t.Errorf("GiorniDaImporto(%s, %s, %s) = %d, %v; want %d", c.importo, c.quota, r.a, got, err, r.want)
			}
		}
	}
	for _, c := range []struct{ importo, quota string }{{"100", "0"}, {"100", "-250"}, {"-1", "250"}} {
		if got, err := GiorniDaImporto(dec(c.importo), dec(c.quota), Eccesso); err == nil {
			t.Errorf("GiorniDaImporto(%s, %s) = %d, want an error", c.importo, c.quota, got)
		}
	}
}

func TestArrotondamentoValido(t *testing.T) {
	for a, want := range map[Arrotondamento]bool{Eccesso: true, Difetto: true, "": false, "metà": false} {
		if got := a.Valido(); got != want {
			t.Errorf("Arrotondamento(%q).Valido() = %v, want %v", a, got, want)
		}
	}
}

func TestParseImporto(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"1500", "1500"},
		{"1500.50", "1500.5"},
		{"1.500", "1500"}, // un punto e tre cifre: migliaia, come scrive un italiano
		{"1.500,50", "1500.5"},
		{"1500,50", "1500.5"},
		{"1.234.567,89", "1234567.89"},
		{"1.500.000", "1500000"},
		{"€ 1.500", "1500"},
		{"1.500 €", "1500"},
		{"  1 500,00 ", "1500"},
		{"0,50", "0.5"},
		{"1000.5", "1000.5"}, // after four digits a dot separates no thousands
		{"0.50", "0.5"},
		{"0", "0"},
	} {
		got, err := ParseImporto(c.in)
		if err != nil || !got.Equal(dec(c.want)) {
			t.Errorf("ParseImporto(%q) = %s, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "€", "abc", "12,5,0", "-5", "+5", "1e3", ",50", "1.", ".5", "1,50€x", "0x10",
		"123456789012345678901"} {
		if got, err := ParseImporto(in); err == nil {
			t.Errorf("ParseImporto(%q) = %s, want an error", in, got)
		}
	}
}

func TestFormatEuro(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"0", "0"},
		{"250", "250"},
		{"999", "999"},
		{"1000", "1.000"},
		{"1500", "1.500"},
		{"1500.5", "1.500,50"},
		{"1500.00", "1.500"},
		{"1000000", "1.000.000"},
		{"1234567.891", "1.234.567,89"},
		{"0.5", "0,50"},
		{"-1500.25", "-1.500,25"},
	} {
		if got := FormatEuro(dec(c.in)); got != c.want {
			t.Errorf("FormatEuro(%s) = %q, want %q", c.in, got, c.want)
		}
	}
}

// BenchmarkGiorniDaImporto: the conversion of an ammenda, the costliest
// call of a cds186 evaluation (engine and hand-written baseline alike).
func BenchmarkGiorniDaImporto(b *testing.B) {
	importo, quota := dec("1500"), dec("250")
	b.ReportAllocs()
	for b.Loop() {
		if n, err := GiorniDaImporto(importo, quota, Eccesso); n != 6 || err != nil {
			b.Fatal(n, err)
		}
	}
}

// TestParseImportoAmbiguo: a dot followed by one or two digits after at
// most three («1.5», «1.50») is neither thousands nor the Italian cents:
// refused as ambiguous, with both readings to write instead.
func TestParseImportoAmbiguo(t *testing.T) {
	for s, want := range map[string]string{
		"1.5":     "scrivere 1,50 per 1 euro e 50 centesimi, 1.500 per 1.500 euro",
		"1.50":    "scrivere 1,50 per 1 euro e 50 centesimi, 1.500 per 1.500 euro",
		"€ 12.05": "scrivere 12,05 per 12 euro e 5 centesimi, 12.050 per 12.050 euro",
		"999.99":  "scrivere 999,99 per 999 euro e 99 centesimi, 999.990 per 999.990 euro",
	} {
		d, err := ParseImporto(s)
		if !errors.Is(err, ErrAmbiguo) {
			t.Errorf("ParseImporto(%q) = %s, %v; want ErrAmbiguo", s, d, err)
		}
		if got := ConsiglioAmbiguo(s); got != want {
			t.Errorf("ConsiglioAmbiguo(%q) = %q; want %q", s, got, want)
		}
	}
	for _, s := range []string{"1500.50", "1.500", "0.5"} {
		if _, err := ParseImporto(s); errors.Is(err, ErrAmbiguo) || ConsiglioAmbiguo(s) != "" {
			t.Errorf("ParseImporto(%q): %v, %q; want no ambiguity", s, err, ConsiglioAmbiguo(s))
		}
	}
	// Negative however it is read: said as negative, the minus kept (the
	// two readings' advice would drop it, and earn a second refusal).
	for s, want := range map[string]string{"-1.00": "-1", "-1.5": "-1.5"} {
		if d, err := ParseImporto(s); !errors.Is(err, ErrNegativo) || d.String() != want {
			t.Errorf("ParseImporto(%q) = %s, %v; want %s, ErrNegativo", s, d, err, want)
		}
	}
}

// TestParseImportoRifiuta: Italian amounts that could be read two ways
// are refused, not guessed.
func TestParseImportoRifiuta(t *testing.T) {
	for _, s := range []string{"1..5", "1.2.3", "1,2.3", "1,500.00", "1.50.0", "1,505", "12.34.567", ".5", "5.", ",5", "-1", "1e3",
		"0.500", "000.250", "0.037,00"} { // (a first group of thousands from 0: 500 euro beside «0.50», 50 cents)
		if d, err := ParseImporto(s); err == nil {
			t.Errorf("ParseImporto(%q) = %s; want an error", s, d)
		}
	}
	for s, want := range map[string]string{"1.500": "1500", "1.500,50": "1500.5", "1.500.000": "1500000", "1500,5": "1500.5",
		"1500.50": "1500.5", "€ 1.500,00": "1500", "250": "250", "0,01": "0.01"} {
		d, err := ParseImporto(s)
		if err != nil || d.String() != want {
			t.Errorf("ParseImporto(%q) = %s, %v; want %s", s, d, err, want)
		}
	}
}

func TestGiorniDaImportoPercorsoVeloce(t *testing.T) {
	q := decimal.NewFromInt(250)
	for _, tc := range []struct {
		importo string
		arr     Arrotondamento
		want    int
	}{{"0", Eccesso, 0}, {"250", Eccesso, 1}, {"250.01", Eccesso, 2}, {"249.99", Difetto, 0}, {"1100", Eccesso, 5},
		{"1100", Difetto, 4}, {"1000000000", Eccesso, 4000000}, {"0.001", Eccesso, 1}, {"1E+3", Eccesso, 4},
		// a coefficient that fits but overflows once scaled to cents
		// (the fast path once multiplied it into nonsense)
		{"256733119242736E+3", Difetto, 1026932476970944}} {
		got, err := GiorniDaImporto(decimal.RequireFromString(tc.importo), q, tc.arr)
		if err != nil || got != tc.want {
			t.Errorf("GiorniDaImporto(%s, 250, %s) = %d, %v; want %d", tc.importo, tc.arr, got, err, tc.want)
		}
	}
}

// TestFormatVeloce checks the whole-cent fast paths of StringFixed2 and
// FormatEuro against shopspring's StringFixed and the general writer, on
// random amounts with every exponent from -5 to 3 and both signs.
func TestFormatVeloce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	n := 200000
	if raceAttivo {
		n = 20000 // (a tenth under -race: the same kinds of amounts, in turn)
	}
	for i := 0; i < n; i++ {
		var coef int64
		switch i % 4 {
		case 0:
			coef = rng.Int64N(1000)
		case 1:
			coef = rng.Int64N(1_000_000_000)
		case 2:
			coef = rng.Int64()
		default:
			coef = rng.Int64N(1e17)
		}
		if rng.IntN(10) == 0 {
			coef = -coef
		}
		d := decimal.New(coef, int32(rng.IntN(9)-5))
		if got, want := StringFixed2(d), d.StringFixed(2); got != want {
			t.Fatalf("StringFixed2(%s) = %s, atteso %s", d, got, want)
		}
		if got, want := FormatEuro(d), formatEuroLento(d); got != want {
			t.Fatalf("FormatEuro(%s) = %s, atteso %s", d, got, want)
		}
	}
	var zero decimal.Decimal
	if got := StringFixed2(zero); got != "0.00" {
		t.Errorf("StringFixed2(zero) = %s", got)
	}
	if got := FormatEuro(zero); got != "0" {
		t.Errorf("FormatEuro(zero) = %s", got)
	}
}

// TestParseImportoNegativo: a negative amount is read, negative, with
// ErrNegativo (the caller says «non può essere negativo», not «non
// valido»); «-0» is zero with no error; a malformed one after the minus
// is ErrImporto.
func TestParseImportoNegativo(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		err  error
	}{
		{"-5", "-5", ErrNegativo},
		{" -1.500,50", "-1500.5", ErrNegativo},
		{"-€5", "-5", ErrNegativo},
		{"-0", "0", nil},
		{" -0,00", "0", nil},
		{"--5", "0", ErrImporto},
		{"-1.500,555", "0", ErrImporto},
	} {
		d, err := ParseImporto(c.in)
		if !errors.Is(err, c.err) || (err != ErrImporto && d.String() != c.want) {
			t.Errorf("ParseImporto(%q) = %s, %v; want %s, %v", c.in, d, err, c.want, c.err)
		}
	}
}
