package lpu_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
)

// TestDataTesto: a Data's text form is its JSON without the quotes,
// "2025-06-10" or nothing for a date not given (not time.Time's RFC
// 3339): a map keyed by Data writes and reads such keys, and
// UnmarshalText makes UnmarshalJSON's checks.
func TestDataTesto(t *testing.T) {
	d := lpu.NewData(2025, time.June, 10)
	for _, c := range []struct {
		d    lpu.Data
		want string
	}{
		{d, "2025-06-10"},
		{lpu.Data{}, ""},
	} {
		b, err := c.d.MarshalText()
		if err != nil || string(b) != c.want {
			t.Errorf("%v.MarshalText() = %q, %v; want %q", c.d, b, err, c.want)
		}
		var back lpu.Data
		if err := back.UnmarshalText(b); err != nil || back != c.d {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, back, err, c.d)
		}
		j, _ := json.Marshal(c.d)
		if string(j) != `"`+c.want+`"` {
			t.Errorf("MarshalJSON %s and MarshalText %q differ", j, b)
		}
	}

	m := map[lpu.Data]int{d: 1, lpu.NewData(2026, time.December, 5): 2}
	b, err := json.Marshal(m)
	if want := `{"2025-06-10":1,"2026-12-05":2}`; err != nil || string(b) != want {
		t.Fatalf("json.Marshal(map) = %s, %v; want %s", b, err, want)
	}
	var back map[lpu.Data]int
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 2 || back[d] != 1 || back[lpu.NewData(2026, time.December, 5)] != 2 {
		t.Errorf("json.Unmarshal(%s) = %v, %v", b, back, err)
	}

	for _, s := range []string{"2025-02-30", "10/06/2025", "2025-06-10T00:00:00Z", "2999-01-01", "x"} {
		var x lpu.Data
		err := x.UnmarshalText([]byte(s))
		var le *lpu.Error
		if !errors.As(err, &le) || le.Code != lpu.CodeDataNonValida {
			t.Errorf("UnmarshalText(%q) = %v; want data_non_valida", s, err)
		}
		var y lpu.Data
		if errJ := json.Unmarshal([]byte(`"`+s+`"`), &y); errJ == nil {
			t.Errorf("UnmarshalJSON(%q) accepted what UnmarshalText refuses", s)
		}
	}
}

// TestNewDataNormalizza: NewData normalises as time.Date does, as its
// documentation says (31 February is 3 March), while ParseData refuses
// the date a person typed.
func TestNewDataNormalizza(t *testing.T) {
	if got := lpu.NewData(2025, time.February, 31); got != lpu.NewData(2025, time.March, 3) {
		t.Errorf("NewData(2025, 2, 31) = %v; want 2025-03-03", got)
	}
	if _, err := lpu.ParseData("31/02/2025"); err == nil {
		t.Error("ParseData(31/02/2025) accepted")
	}
}
