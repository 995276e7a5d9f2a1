package lpu_test

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// fileRegole reads the embedded rule files, by name.
func fileRegole(t testing.TB) (nomi []string, fsys fstest.MapFS) {
	t.Helper()
	nomi, err := fs.Glob(rules.FS, "*.yaml")
	if err != nil || len(nomi) == 0 {
		t.Fatalf("regole: %v (%d file)", err, len(nomi))
	}
	fsys = fstest.MapFS{}
	for _, n := range nomi {
		src, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		fsys[n] = &fstest.MapFile{Data: src}
	}
	return nomi, fsys
}

// FuzzLoad replaces one rule file with mutated bytes: Load must never
// panic, and must either succeed or report every problem as an
// *lpu.LoadError with real positions. Whatever loads must then answer
// the suite's requests without panicking and with coded errors only.
func FuzzLoad(f *testing.F) {
	nomi, base := fileRegole(f)
	for i, n := range nomi {
		// As a plain test, one seed checks the harness: that every
		// unchanged rule file loads and answers the suite is TestCorpus's
		// (byte for byte), and each seed costs a Load and the whole suite,
		// ~0.5 s under -race. Fuzzing starts from all of them.
		if i > 0 && !fuzzing() {
			break
		}
		f.Add(uint8(i), base[n].Data)
	}
	corpi := casiSuite(f)
	f.Fuzz(func(t *testing.T, i uint8, src []byte) {
		fsys := fstest.MapFS{}
		for n, file := range base {
			fsys[n] = file
		}
		fsys[nomi[int(i)%len(nomi)]] = &fstest.MapFile{Data: src}
		e, err := lpu.Load(context.Background(), fsys)
		if err != nil {
			var er *lpu.LoadError
			if !errors.As(err, &er) {
				t.Fatalf("Load: errore %T, atteso *lpu.LoadError: %v", err, err)
			}
			if len(er.Problems) == 0 {
				t.Fatalf("Load: LoadError senza problemi")
			}
			for _, p := range er.Problems {
				if p.Line < 1 || p.Column < 1 || p.File == "" || p.Message == "" {
					t.Fatalf("Load: problema senza posizione o messaggio: %+v", p)
				}
			}
			return
		}
		for _, c := range corpi {
			if _, err := e.Run(context.Background(), c.Tipo, c.Corpo); err != nil {
				controllaErrore(t, c.Corpo, err)
			}
		}
	})
}

// fuzzing reports whether the test binary runs with -test.fuzz, not as a
// plain test.
func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// FuzzDecode sends mutated requests: decoding and evaluation must never
// panic, and every error must be a coded *lpu.Error for the user, never
// an internal one.
func FuzzDecode(f *testing.F) {
	tipi := []string{"calcolo", "fondo", "convenzione"}
	for _, c := range casiSuite(f) {
		for i, t := range tipi {
			if t == c.Tipo {
				f.Add(uint8(i), c.Corpo)
			}
		}
	}
	f.Add(uint8(0), []byte(`{"fattispecie":"cds186","data":"2025-02-30"}`))
	f.Add(uint8(0), []byte(`{"fattispecie":"cds186","pena":{"arresto":{"mesi":1e3,"ore":2}}}`))
	f.Add(uint8(1), []byte(`{"fattispecie":"cds186","data_inizio":"2025-06-10","giorni":51}`))
	f.Add(uint8(2), []byte(`{"convenzione":{"modello":"dm2001","decorrenza":"2021-03-01","anni":5},"fattispecie":"cds186"}`))
	e := engine(f)
	f.Fuzz(func(t *testing.T, i uint8, body []byte) {
		tipo := tipi[int(i)%len(tipi)]
		if tipo == "calcolo" {
			// Decode and Evaluate apart, as a Go service would call them.
			var r lpu.Richiesta
			if err := lpu.DecodeBytes(body, &r); err != nil {
				controllaErrore(t, body, err)
				return
			}
			if _, err := e.Calcolo(context.Background(), &r); err != nil {
				controllaErrore(t, body, err)
			}
			return
		}
		if _, err := e.Run(context.Background(), tipo, body); err != nil {
			controllaErrore(t, body, err)
		}
	})
}

var citato = regexp.MustCompile(`«[^»]*»`)

// controllaErrore fails unless err is a user error: an *lpu.Error with a
// code, a message and a 4xx status.
func controllaErrore(t *testing.T, body []byte, err error) {
	t.Helper()
	var e *lpu.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: errore %T, atteso *lpu.Error: %v", body, err, err)
	}
	if e.Code == "" || e.Message == "" || (e.Kind != lpu.KindInput && e.Kind != lpu.KindNotAllowed) {
		t.Fatalf("%s: errore non adatto all'utente: %+v", body, e)
	}
	// The JSON decoder's English never reaches the user (the texts the
	// message quotes from the body, «…», aside).
	msg := citato.ReplaceAllString(e.Message, "")
	for _, w := range []string{"invalid", "expecting", "character", "jsontext", "literal", "EOF"} {
		if strings.Contains(msg, w) {
			t.Fatalf("%q: messaggio con l'inglese del decodificatore: %s", body, e.Message)
		}
	}
}
