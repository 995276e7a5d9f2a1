package lpu_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
)

// TestMolteChiavi: an object of 40,000 names (well under the 1 MiB body
// limit) is refused at once; an insertion sort of its names took 8 to
// 17 s.
//
// Under -race, 10,000 names: the same codes and bound on the errors; the
// time, which catches a quadratic sort, is measured on 40,000 without
// -race (go test ./..., and make test: DIFFERENZIALI).
func TestMolteChiavi(t *testing.T) {
	nomi := 40000
	if raceAttivo {
		nomi = 10000
	}
	molte := func(inizio, fine string) string {
		var b strings.Builder
		b.WriteString(inizio)
		for i := 0; i < nomi; i++ {
			fmt.Fprintf(&b, `,"k%d":1`, i)
		}
		return b.String() + fine
	}
	for _, corpo := range []string{molte(`{"fattispecie":"cds186"`, "}"), molte(`{"pena":{"ammenda":"1"`, "}}")} {
		inizio := time.Now()
		var r lpu.Richiesta
		err := lpu.DecodeBytes([]byte(corpo), &r)
		d := time.Since(inizio)
		if le := lpu.AsError(err); le.Code != "campo_sconosciuto" || len(lpu.AllErrors(err)) != lpu.MaxErrors {
			t.Errorf("got %v; want campo_sconosciuto", err)
		}
		// Some 0.1 s here (0.7 s under -race); the insertion sort took
		// 8 to 17 s. 5 s leaves room for a loaded machine and still
		// catches a quadratic sort.
		t.Logf("%v", d)
		if d > 5*time.Second {
			t.Errorf("%d names took %v", nomi, d)
		}
	}
}

// TestMessaggiLimitati: an error never echoes a long input whole.
func TestMessaggiLimitati(t *testing.T) {
	lungo := strings.Repeat("9", 5000)
	for _, corpo := range []string{
		`{"fattispecie":"cds186","pena":{"ammenda":"` + lungo + `"}}`,
		`{"fattispecie":"cds186","pena":{"ammenda":"` + lungo + `,5"}}`,
		`{"fattispecie":"cds186","pena":{"ammenda":"1.` + lungo + `"}}`,
		`{"fattispecie":"cds186","data":"` + lungo + `"}`,
		`{"fattispecie":"cds186","pena":{"arresto":{"mesi":` + lungo + `}}}`,
		`{"fattispecie":"cds186","pena":{"arresto":{"mesi":1.` + lungo + `}}}`,
		`{"fattispecie":"cds186","pena":{"arresto":{"` + lungo + `":1}}}`,
		`{"fattispecie":"cds186","` + lungo + `":1}`,
		`{"fattispecie":"cds186","` + lungo + `":1,"` + lungo + `":2}`,
	} {
		var r lpu.Richiesta
		err := lpu.DecodeBytes([]byte(corpo), &r)
		le, ok := err.(*lpu.Error)
		if !ok {
			t.Errorf("%.80s: got %v; want an *Error", corpo, err)
			continue
		}
		if len(le.Message) > 300 || len(le.Field) > 100 {
			t.Errorf("%.80s: %s error of %d bytes, field of %d: it echoes the input", corpo, le.Code, len(le.Message), len(le.Field))
		}
	}
}

// TestChiaviDiMappaLimitate: a long name of a map (the weekdays of a
// plan) is not echoed whole, in the message nor in campo.
func TestChiaviDiMappaLimitate(t *testing.T) {
	e := engine(t)
	k := strings.Repeat("x", 5000)
	for _, corpo := range []string{
		`{"fattispecie":"cds186","ore":12,"inizio":"2025-07-01","giorni_settimana":{"` + k + `":6}}`,
		`{"fattispecie":"cds186","ore":12,"inizio":"2025-07-01","giorni_settimana":{"` + k + `":"a"}}`,
	} {
		_, err := e.Run(context.Background(), "piano", []byte(corpo))
		le, ok := err.(*lpu.Error)
		if !ok {
			t.Fatalf("got %v; want an *Error", err)
		}
		if len(le.Message) > 300 || len(le.Field) > 100 {
			t.Errorf("%s error of %d bytes, field of %d: it echoes the input", le.Code, len(le.Message), len(le.Field))
		}
	}
}
