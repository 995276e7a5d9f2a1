package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// std is what Append must write: encoding/json's Encoder without HTML
// escaping.
func std(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return b.Bytes(), err
}

func confronta(t *testing.T, nome string, v any) {
	t.Helper()
	want, errStd := std(v)
	got, err := Append([]byte("prefisso"), v)
	if (err != nil) != (errStd != nil) {
		t.Fatalf("%s: errore %v, encoding/json %v", nome, err, errStd)
	}
	if err != nil {
		if string(got) != "prefisso" {
			t.Errorf("%s: con errore dst = %q, atteso invariato", nome, got)
		}
		return
	}
	if !bytes.Equal(got[len("prefisso"):], want) {
		t.Errorf("%s:\n got %s\nwant %s", nome, got[len("prefisso"):], want)
	}
}

// The scan marks exactly the bytes to look at, whatever their place and
// their neighbours.
func TestSpeciali(t *testing.T) {
	speciale := func(b byte) bool { return b < 0x20 || b == '"' || b == '\\' || b >= 0x80 }
	for pos := range 8 {
		for _, fondo := range []byte{'a', 0, 0xff, '"', 0x1f, 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80} {
			for c := range 256 {
				var w [8]byte
				for i := range w {
					w[i] = fondo
				}
				w[pos] = byte(c)
				m := speciali(carica(string(w[:])))
				for i := range w {
					if got, want := m>>(8*i+7)&1 == 1, speciale(w[i]); got != want {
						t.Fatalf("speciali(% x): byte %d marcato %v, atteso %v", w, i, got, want)
					}
				}
			}
		}
	}
}

var stringhe = []string{
	"", "a", "semplice testo ascii lungo più di sedici byte",
	"«art. 186» c.9-bis — € 1.500,00 × 3 ÷ 2 §3 più",
	"a\u2028b\u2029c", "\u2027\u202a", "\x00\x01\x1f\x7f", "\t\n\r\b\f\v",
	`<>&'"\/`, "bad\xffutf8\xc3", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\xe2\x80",
	"\U0001F600 emoji", "0123456\"", "01234567\"", "012345678\\", "0123456789abcdef\x01",
	strings.Repeat("x", 15) + "\n", strings.Repeat("y", 31) + "\u2028", strings.Repeat("è", 20),
}

func TestAppendString(t *testing.T) {
	cases := append([]string{}, stringhe...)
	for b := range 256 {
		cases = append(cases, string([]byte{byte(b)}), "0123456789"+string([]byte{byte(b)})+"abcdefghij")
	}
	for r := rune(0); r < 0x3000; r++ {
		cases = append(cases, "abcdefg"+string(r)+"hijklmnopq")
	}
	for _, s := range cases {
		want, _ := std(s)
		if got := AppendString(nil, s); string(got) != string(want[:len(want)-1]) {
			t.Errorf("AppendString(%q) = %s, atteso %s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range stringhe {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := std(s)
		if got := AppendString([]byte("x"), s); string(got[1:]) != string(want[:len(want)-1]) {
			t.Fatalf("AppendString(%q) = %s, atteso %s", s, got[1:], want)
		}
		confronta(t, "struct", struct {
			A string            `json:"a"`
			M map[string]string `json:"m"`
			L []any             `json:"l,omitempty"`
		}{s, map[string]string{s: s, "k" + s: ""}, []any{s, len(s), utf8.ValidString(s)}})
	})
}

// Types that go to encoding/json, wholly or in part.

type valMarshaler struct{ N int }

func (v valMarshaler) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, ` { "v" : %d } `, v.N), nil
}

type ptrMarshaler struct{ N int }

func (v *ptrMarshaler) MarshalJSON() ([]byte, error) { return fmt.Appendf(nil, `"p%d"`, v.N), nil }

type ptrText struct{ S string }

func (v *ptrText) MarshalText() ([]byte, error) { return []byte("t<" + v.S + ">"), nil }

type chiave int

func (c chiave) MarshalText() ([]byte, error) { return fmt.Appendf(nil, "k%d", int(c)), nil }

type rotto struct{}

func (rotto) MarshalJSON() ([]byte, error) { return nil, errors.New("rotto") }

type Incluso struct {
	X int `json:"x"`
	Y string
}

type conIncluso struct {
	Incluso
	Z int `json:"z"`
}

// doppio has two fields named "n" (built at run time: vet refuses the
// literal) and one "C".
var doppio = reflect.StructOf([]reflect.StructField{
	{Name: "A", Type: reflect.TypeFor[int](), Tag: `json:"n"`},
	{Name: "B", Type: reflect.TypeFor[int](), Tag: `json:"n"`},
	{Name: "C", Type: reflect.TypeFor[int]()},
})

// strano has tags that linters refuse: a name encoding/json finds
// invalid (the field keeps its own) and the name "-".
var strano = reflect.StructOf([]reflect.StructField{
	{Name: "A", Type: reflect.TypeFor[int](), Tag: `json:"a\"b"`},
	{Name: "B", Type: reflect.TypeFor[int](), Tag: `json:"-,"`},
	{Name: "C", Type: reflect.TypeFor[int](), Tag: `json:"c,omitempty,sconosciuta"`},
})

func nuovo(t reflect.Type) any {
	v := reflect.New(t).Elem()
	for i := range v.NumField() {
		v.Field(i).SetInt(int64(i + 1))
	}
	return v.Interface()
}

type opzioni struct {
	Zero    int       `json:"zero,omitzero"`
	Stringa int       `json:"stringa,string"`
	Tempo   time.Time `json:"tempo,omitzero"`
}

type nodo struct {
	Nome  string  `json:"nome"`
	Figli []*nodo `json:"figli,omitempty"`
	Su    *nodo   `json:"-"`
}

type tutti struct {
	B      bool    `json:"b"`
	I      int     `json:"i,omitempty"`
	I8     int8    `json:"i8"`
	U      uint64  `json:"u"`
	Up     uintptr `json:"up,omitempty"`
	F      float64 `json:"f"`
	F32    float32 `json:"f32,omitempty"`
	S      string  `json:"s,omitempty"`
	Nome   string  `json:",omitempty"`
	Punti  string  `json:"a-b.c:d"`
	Tolto  string  `json:"-"`
	nasc   string
	P      *int              `json:"p"`
	PP     **string          `json:"pp,omitempty"`
	Sl     []string          `json:"sl"`
	SlE    []string          `json:"sle,omitempty"`
	Bytes  []byte            `json:"bytes"`
	Arr    [2]int            `json:"arr"`
	M      map[string]any    `json:"m"`
	MI     map[int]string    `json:"mi"`
	MK     map[chiave]string `json:"mk"`
	Any    any               `json:"any"`
	AnyE   any               `json:"anye,omitempty"`
	Num    json.Number       `json:"num"`
	Raw    json.RawMessage   `json:"raw"`
	VM     valMarshaler      `json:"vm"`
	PM     ptrMarshaler      `json:"pm"`
	PMs    []ptrMarshaler    `json:"pms"`
	PMm    map[string]ptrMarshaler
	PT     ptrText       `json:"pt"`
	PPM    *ptrMarshaler `json:"ppm"`
	Tempo  time.Time     `json:"tempo"`
	Durata time.Duration `json:"durata"`
}

func TestComeEncodingJSON(t *testing.T) {
	n, s := 7, "«x»"
	ps := &s
	ciclo := map[string]any{}
	ciclo["io"] = ciclo
	profondo := any("fondo")
	for range 1500 {
		profondo = []any{profondo}
	}
	radice := &nodo{Nome: "r"}
	radice.Figli = []*nodo{{Nome: "f1", Su: radice}, {Nome: "f2"}}
	pieno := tutti{
		B: true, I: -3, I8: -8, U: math.MaxUint64, Up: 1, F: 1.5e-7, F32: 3.25, S: "s\n", Nome: "n", Punti: "p",
		Tolto: "no", nasc: "no", P: &n, PP: &ps, Sl: []string{"a", ""}, SlE: []string{}, Bytes: []byte("<ciao>"),
		Arr: [2]int{1, 2}, M: map[string]any{"z": 1, "a": []string{"x"}, "é": nil, "\u2028": 2.5, "m": map[string]int{"b": 1, "a": 2}},
		MI: map[int]string{10: "a", 9: "b", -1: "c"}, MK: map[chiave]string{2: "b", 1: "a"}, Any: &pieno0, AnyE: 0,
		Num: "12.50", Raw: json.RawMessage(` [1, 2] `), VM: valMarshaler{1}, PM: ptrMarshaler{2}, PMs: []ptrMarshaler{{3}},
		PMm: map[string]ptrMarshaler{"k": {4}}, PT: ptrText{"<&>"}, PPM: &ptrMarshaler{5},
		Tempo: time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC), Durata: time.Second,
	}
	casi := map[string]any{
		"nil": nil, "true": true, "int": 42, "stringa": "a\u2028", "float": 0.1,
		"vuoto": tutti{}, "pieno": pieno, "puntatore": &pieno, "slice di puntatori": []*tutti{&pieno, nil},
		"mappa": map[string]tutti{"b": {}, "a": pieno}, "interfacce": []any{pieno, &pieno, nil, 1, "x", []int(nil)},
		"valore marshaler": valMarshaler{9}, "ptr marshaler non indirizzabile": ptrMarshaler{8},
		"ptr marshaler indirizzabile": &struct{ P ptrMarshaler }{ptrMarshaler{7}},
		"incluso":                     conIncluso{Incluso{1, "y"}, 2}, "doppio": nuovo(doppio), "strano": nuovo(strano), "opzioni": opzioni{Stringa: 5},
		"ricorsivo": radice, "ciclo": ciclo, "profondo": profondo,
		"errore marshaler": []any{rotto{}}, "canale": map[string]any{"c": make(chan int)}, "NaN": []float64{math.NaN()},
		"anonimo": struct {
			A int `json:"a"`
			b int
		}{1, 2},
	}
	for nome, v := range casi {
		confronta(t, nome, v)
	}
}

var pieno0 = tutti{S: "dentro"}

func TestVeloce(t *testing.T) {
	for _, c := range []struct {
		v    any
		want bool
	}{
		{nodo{}, true}, {nuovo(strano), true}, {map[string][]any{}, true}, {struct{ A *int }{}, true},
		{tutti{}, false}, {conIncluso{}, false}, {nuovo(doppio), false}, {opzioni{}, false},
		{[]byte{}, false}, {1.0, false}, {map[int]string{}, false}, {valMarshaler{}, false}, {ptrMarshaler{}, false},
	} {
		if got := Veloce(reflect.TypeOf(c.v)); got != c.want {
			t.Errorf("Veloce(%T) = %v, atteso %v", c.v, got, c.want)
		}
	}
}
