package motore

import (
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// fileChiavi is a rule file with a mappa keyed by the request's caso:
// the case b exists only from 2024 (the key of its version), c only
// until 2021; a step reads the mappa by the case. The first version
// has the parameter's source, the others their own.
const fileChiavi = `id: prova
tipo: prova
titolo: Prova
fonte: art. 1
vigenza: {dal: 2020-01-01}
parametri:
  quote:
    tipo: mappa
    chiavi: caso
    fonte: art. 2
    valori:
      - {dal: 2020-01-01, al: 2021-12-31, valore: {a: [x], c: [x]}}
      - {dal: 2022-01-01, al: 2023-12-31, valore: {a: [x, y]}, fonte: art. 3}
      - {dal: 2024-01-01, valore: {a: [x, y], b: [x, y, z]}, fonte: art. 4}
passi:
  - id: tot
    calcola: totale
    valore: size(legge.quote[caso]) + dati.n
    fonte: art. 5
    testo: "{totale}"
`

// TestChiaviAllaData: a request whose value of the field a mappa is
// keyed by is no key of the version in force at its date is refused
// on that field, before the steps run (ErrCaso, valore_non_ammesso),
// saying from when the value is provided, or since when it no longer
// is (c: no version after its last has it, the version from the day
// after dropped it, and its source is cited), and citing the source of
// the version that has the value (or, with none, of the one in force);
// not a rule that fails while running. At a date whose version has the key, it is
// answered; a field not given is left to the rules.
func TestChiaviAllaData(t *testing.T) {
	var ps spec.Problems
	f := spec.Parse("prova.yaml", []byte(fileChiavi), &ps)
	p := Compila(f, confProva, nil, nil, OpzioniCompila{}, &ps)
	if p == nil || len(ps) > 0 {
		t.Fatalf("Compila: %v", ps)
	}
	casi := []struct {
		caso string
		data time.Time
		want string // the refusal's message, or "" for an answer
	}{
		{"b", time.Date(2023, 6, 10, 0, 0, 0, 0, time.UTC), "il valore «b» di «caso» non è previsto alla data del 10/06/2023 (lo è dal 01/01/2024) (art. 4)"},
		{"c", time.Date(2023, 6, 10, 0, 0, 0, 0, time.UTC), "il valore «c» di «caso» non è più previsto dal 01/01/2022 (art. 3)"},
		{"d", time.Date(2023, 6, 10, 0, 0, 0, 0, time.UTC), "il valore «d» di «caso» non è previsto alla data del 10/06/2023 (art. 3)"},
		{"b", time.Date(2021, 6, 10, 0, 0, 0, 0, time.UTC), "il valore «b» di «caso» non è previsto alla data del 10/06/2021 (lo è dal 01/01/2024) (art. 4)"},
		{"b", time.Date(2019, 6, 10, 0, 0, 0, 0, time.UTC), "il valore «b» di «caso» non è previsto alla data del 10/06/2019 (lo è dal 01/01/2024) (art. 4)"},
		{"b", time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC), ""},
		{"c", time.Date(2021, 6, 10, 0, 0, 0, 0, time.UTC), ""},
	}
	for _, c := range casi {
		for _, m := range []Modo{{}, {Spiega: true}} {
			r := richiesta(c.caso, 1, false)
			x, err := p.Esegui(reflect.ValueOf(r).Elem(), c.data, m)
			if c.want == "" {
				if err != nil {
					t.Errorf("%s al %s: %v; want an answer", c.caso, c.data.Format(time.DateOnly), err)
					continue
				}
				if v, _ := x.Val(0); v != types.Int(map[string]int{"b": 4, "c": 2}[c.caso]) {
					t.Errorf("%s al %s: totale = %v", c.caso, c.data.Format(time.DateOnly), v)
				}
				x.Rilascia()
				continue
			}
			e, ok := err.(*Errore)
			if !ok || e.Codice != CodiceValoreNonAmmesso || e.Campo != "caso" || e.Tipo != ErrCaso || e.Messaggio != c.want {
				t.Errorf("%s al %s: %#v; want %q on caso", c.caso, c.data.Format(time.DateOnly), err, c.want)
			}
		}
	}
}

// TestLivello: the layer of a file is 0 in the lowest, one more in each
// layer laid over it, whatever the layers are named.
func TestLivello(t *testing.T) {
	f := func(nomi ...string) fstest.MapFS {
		m := fstest.MapFS{}
		for _, n := range nomi {
			m[n] = &fstest.MapFile{Data: []byte("x")}
		}
		return m
	}
	fsys := Sovrapponi(Sovrapponi(f("a.yaml", "b.yaml", "c.yaml"), Strato("rules", f("b.yaml"))), Strato("rules", f("c.yaml")))
	for n, want := range map[string]int{"a.yaml": 0, "b.yaml": 1, "c.yaml": 2} {
		if got := Livello(fsys, n); got != want {
			t.Errorf("Livello(%s) = %d; want %d", n, got, want)
		}
	}
	if got := Livello(f("a.yaml"), "a.yaml"); got != 0 {
		t.Errorf("Livello of a plain file system = %d; want 0", got)
	}
}

// TestElencoCodici: a message lists the codes a key may be, the first
// maxCodiciElencati of a longer list and how many more.
func TestElencoCodici(t *testing.T) {
	molti := make([]string, maxCodiciElencati+3)
	for i := range molti {
		molti[i] = string(rune('a' + i))
	}
	for _, c := range []struct {
		codici []string
		want   string
	}{
		{[]string{"gdp54", "map"}, "gdp54, map"},
		{molti[:maxCodiciElencati], "a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t"},
		{molti, "a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t e altri 3"},
	} {
		if got := elencoCodici(c.codici); got != c.want {
			t.Errorf("elencoCodici(%d codici) = %q; want %q", len(c.codici), got, c.want)
		}
	}
}
