// Package jsonx writes JSON exactly as encoding/json's Encoder with
// SetEscapeHTML(false) does, faster for the engine's answers.
//
// The answers are mostly text (the explanation's passi), and
// encoding/json spends three quarters of its time escaping strings one
// byte at a time; here strings are scanned eight bytes at a time. The
// rest is encoding/json's own scheme: an encoder per type, built once by
// reflection from the json tags, so a field added to a type is encoded
// with no change here.
//
// Only what the answers use is encoded here: booleans, integers,
// strings, structs without embedded fields, pointers, slices, maps with
// string keys and interfaces, and the types registered with Propria.
// Every other type (floats, arrays, []byte, json.Number, types with
// MarshalJSON or MarshalText, structs with embedded fields, duplicate
// names, the option string, omitzero on a type with an IsZero method)
// is handed to encoding/json, value by value, so the output is the same
// for any type; Veloce reports whether a type avoids that.
package jsonx

import (
	"bytes"
	"encoding"
	"encoding/json"
	"math/bits"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Append appends v and a newline, the bytes json.Encoder.Encode writes
// with SetEscapeHTML(false). On error dst is returned unchanged.
func Append(dst []byte, v any) ([]byte, error) {
	n := len(dst)
	if v == nil {
		return append(dst, "null\n"...), nil
	}
	rv := reflect.ValueOf(v)
	s := stato{}
	out, err := codificaDi(rv.Type())(&s, dst, rv)
	if err == errProfondo {
		// Too deep to be one of our answers, maybe a cycle:
		// encoding/json finds cycles and reports them.
		out, err = appendStd(dst[:n], v)
	}
	if err != nil {
		return dst[:n], err
	}
	return append(out, '\n'), nil
}

// Veloce reports whether values of type t are encoded here throughout,
// without handing any part of them to encoding/json (interfaces are
// reported as fast: what they hold is only known at run time).
func Veloce(t reflect.Type) bool {
	return veloce(t, map[reflect.Type]bool{})
}

func veloce(t reflect.Type, visti map[reflect.Type]bool) bool {
	if visti[t] {
		return true
	}
	visti[t] = true
	if delegato(t) {
		return false
	}
	if _, ok := proprie.Load(t); ok {
		return true
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Interface,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	case reflect.Map:
		return t.Key().Kind() == reflect.String && veloce(t.Elem(), visti)
	case reflect.Pointer, reflect.Slice:
		return veloce(t.Elem(), visti)
	case reflect.Struct:
		campi, ok := campiDi(t)
		if !ok {
			return false
		}
		for _, c := range campi {
			if !veloce(t.Field(c.indice).Type, visti) {
				return false
			}
		}
		return true
	}
	return false
}

// maxProfondita is how deep values nest before encoding/json takes over
// (it finds cycles after 1000 levels of pointers).
const maxProfondita = 1000

type stato struct{ profondita int }

type errore string

func (e errore) Error() string { return string(e) }

const errProfondo = errore("jsonx: valore troppo annidato")

type codifica func(s *stato, dst []byte, v reflect.Value) ([]byte, error)

var codifiche sync.Map // reflect.Type → codifica

// codificaDi returns the encoder of t, building it once. As in
// encoding/json, a recursive type finds a stand-in for itself that waits
// for the real encoder.
func codificaDi(t reflect.Type) codifica {
	if f, ok := codifiche.Load(t); ok {
		return f.(codifica)
	}
	var (
		wg sync.WaitGroup
		f  codifica
	)
	wg.Add(1)
	fi, caricato := codifiche.LoadOrStore(t, codifica(func(s *stato, dst []byte, v reflect.Value) ([]byte, error) {
		wg.Wait()
		return f(s, dst, v)
	}))
	if caricato {
		return fi.(codifica)
	}
	f = nuovaCodifica(t)
	wg.Done()
	codifiche.Store(t, f)
	return f
}

var (
	tipoMarshaler     = reflect.TypeFor[json.Marshaler]()
	tipoTextMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	tipoNumber        = reflect.TypeFor[json.Number]()
)

// proprie are the types that write their own JSON (Propria).
var proprie sync.Map // reflect.Type → func([]byte, reflect.Value) []byte

// Propria registers f as the encoder of t, a type with a MarshalJSON
// method that f must match byte for byte (f must not allocate: it keeps
// the type on the fast path). It is meant for package initialization,
// before any value of t is encoded.
func Propria(t reflect.Type, f func(dst []byte, v reflect.Value) []byte) {
	proprie.Store(t, f)
}

// delegato reports whether t, as a whole, is left to encoding/json.
func delegato(t reflect.Type) bool {
	if _, ok := proprie.Load(t); ok {
		return false
	}
	if t.Implements(tipoMarshaler) || t.Implements(tipoTextMarshaler) || t == tipoNumber {
		return true
	}
	if t.Kind() != reflect.Pointer {
		p := reflect.PointerTo(t)
		if p.Implements(tipoMarshaler) || p.Implements(tipoTextMarshaler) {
			return true
		}
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Interface, reflect.Pointer, reflect.Map, reflect.Struct,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
	case reflect.Slice:
		// []byte is base64 (unless its elements marshal themselves).
		return t.Elem().Kind() == reflect.Uint8 && !delegato(t.Elem())
	default:
		return true
	}
	return false
}

func nuovaCodifica(t reflect.Type) codifica {
	if f, ok := proprie.Load(t); ok {
		f := f.(func([]byte, reflect.Value) []byte)
		return func(_ *stato, dst []byte, v reflect.Value) ([]byte, error) { return f(dst, v), nil }
	}
	if delegato(t) {
		return codificaStd(t)
	}
	switch t.Kind() {
	case reflect.Bool:
		return func(_ *stato, dst []byte, v reflect.Value) ([]byte, error) {
			if v.Bool() {
				return append(dst, "true"...), nil
			}
			return append(dst, "false"...), nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(_ *stato, dst []byte, v reflect.Value) ([]byte, error) {
			return strconv.AppendInt(dst, v.Int(), 10), nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(_ *stato, dst []byte, v reflect.Value) ([]byte, error) {
			return strconv.AppendUint(dst, v.Uint(), 10), nil
		}
	case reflect.String:
		return func(_ *stato, dst []byte, v reflect.Value) ([]byte, error) {
			return AppendString(dst, v.String()), nil
		}
	case reflect.Interface:
		return codificaInterfaccia
	case reflect.Pointer:
		return codificaPuntatore(t)
	case reflect.Slice:
		return codificaSlice(t)
	case reflect.Map:
		return codificaMappa(t)
	case reflect.Struct:
		return codificaStruct(t)
	}
	return codificaStd(t)
}

// codificaStd hands values of t to encoding/json. An addressable value
// is passed by pointer when the pointer has the marshaling method, as
// encoding/json does for the fields it reaches itself.
func codificaStd(t reflect.Type) codifica {
	perIndirizzo := t.Kind() != reflect.Pointer &&
		(reflect.PointerTo(t).Implements(tipoMarshaler) || reflect.PointerTo(t).Implements(tipoTextMarshaler))
	return func(_ *stato, dst []byte, v reflect.Value) ([]byte, error) {
		if perIndirizzo && v.CanAddr() {
			return appendStd(dst, v.Addr().Interface())
		}
		return appendStd(dst, v.Interface())
	}
}

func appendStd(dst []byte, v any) ([]byte, error) {
	b := bytes.NewBuffer(dst)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, err
	}
	out := b.Bytes()
	return out[:len(out)-1], nil // Encode's newline
}

func codificaInterfaccia(s *stato, dst []byte, v reflect.Value) ([]byte, error) {
	if v.IsNil() {
		return append(dst, "null"...), nil
	}
	if s.profondita++; s.profondita > maxProfondita {
		return dst, errProfondo
	}
	e := v.Elem()
	dst, err := codificaDi(e.Type())(s, dst, e)
	s.profondita--
	return dst, err
}

func codificaPuntatore(t reflect.Type) codifica {
	elem := codificaDi(t.Elem())
	return func(s *stato, dst []byte, v reflect.Value) ([]byte, error) {
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		if s.profondita++; s.profondita > maxProfondita {
			return dst, errProfondo
		}
		dst, err := elem(s, dst, v.Elem())
		s.profondita--
		return dst, err
	}
}

func codificaSlice(t reflect.Type) codifica {
	elem := codificaDi(t.Elem())
	return func(s *stato, dst []byte, v reflect.Value) ([]byte, error) {
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		if s.profondita++; s.profondita > maxProfondita {
			return dst, errProfondo
		}
		dst = append(dst, '[')
		var err error
		for i, n := 0, v.Len(); i < n; i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, err = elem(s, dst, v.Index(i)); err != nil {
				return dst, err
			}
		}
		s.profondita--
		return append(dst, ']'), nil
	}
}

func codificaMappa(t reflect.Type) codifica {
	if t.Key().Kind() != reflect.String {
		// Integer and text-marshaling keys: encoding/json's business.
		return codificaStd(t)
	}
	elem := codificaDi(t.Elem())
	type voce struct {
		k string
		v reflect.Value
	}
	return func(s *stato, dst []byte, v reflect.Value) ([]byte, error) {
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		if s.profondita++; s.profondita > maxProfondita {
			return dst, errProfondo
		}
		voci := make([]voce, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			voci = append(voci, voce{it.Key().String(), it.Value()})
		}
		slices.SortFunc(voci, func(a, b voce) int { return strings.Compare(a.k, b.k) })
		dst = append(dst, '{')
		var err error
		for i, x := range voci {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(AppendString(dst, x.k), ':')
			if dst, err = elem(s, dst, x.v); err != nil {
				return dst, err
			}
		}
		s.profondita--
		return append(dst, '}'), nil
	}
}

// campo is one encoded field of a struct.
type campo struct {
	indice    int
	nome      string // `"name":`
	omitempty bool
	omitzero  bool // (of a type without an IsZero method)
	cod       codifica
}

// campiDi lists the fields of t as encoding/json encodes them; false
// when t has what this package leaves to encoding/json: embedded fields
// (their names promote by encoding/json's rules of dominance), two
// fields with one name (both vanish, or the tagged one wins), and the
// options string and omitzero.
func campiDi(t reflect.Type) ([]campo, bool) {
	var campi []campo
	nomi := map[string]bool{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			return nil, false
		}
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		nome, opzioni, _ := strings.Cut(tag, ",")
		if !nomeValido(nome) {
			nome = ""
		}
		if nome == "" {
			nome = sf.Name
		}
		c := campo{indice: i, nome: string(AppendString(nil, nome)) + ":"}
		for o := range strings.SplitSeq(opzioni, ",") {
			switch o {
			case "omitempty":
				c.omitempty = true
			case "omitzero":
				ft := sf.Type
				if _, ok := ft.MethodByName("IsZero"); ok {
					return nil, false
				}
				if _, ok := reflect.PointerTo(ft).MethodByName("IsZero"); ok {
					return nil, false
				}
				c.omitzero = true
			case "string":
				return nil, false
			}
		}
		if nomi[nome] {
			return nil, false
		}
		nomi[nome] = true
		campi = append(campi, c)
	}
	return campi, true
}

// nomeValido is encoding/json's isValidTag.
func nomeValido(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

func codificaStruct(t reflect.Type) codifica {
	campi, ok := campiDi(t)
	if !ok {
		return codificaStd(t)
	}
	for i := range campi {
		campi[i].cod = codificaDi(t.Field(campi[i].indice).Type)
	}
	return func(s *stato, dst []byte, v reflect.Value) ([]byte, error) {
		dst = append(dst, '{')
		primo := true
		var err error
		for i := range campi {
			c := &campi[i]
			fv := v.Field(c.indice)
			if c.omitempty && vuoto(fv) || c.omitzero && fv.IsZero() {
				continue
			}
			if !primo {
				dst = append(dst, ',')
			}
			primo = false
			dst = append(dst, c.nome...)
			if dst, err = c.cod(s, dst, fv); err != nil {
				return dst, err
			}
		}
		return append(dst, '}'), nil
	}
}

// vuoto is encoding/json's isEmptyValue, what omitempty leaves out.
func vuoto(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64,
		reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

const (
	uno  = 0x0101010101010101
	alti = 0x8080808080808080
)

// speciali has the high bit of each byte of x that is not ASCII, is a
// control character, '"' or '\\'. The sums work on 7-bit values and
// never carry into the next byte, so each byte is judged alone.
func speciali(x uint64) uint64 {
	y := x &^ alti
	sicuro := (y + uno*(0x80-0x20)) & // y >= 0x20
		((y ^ uno*'"') + uno*0x7f) & // y != '"'
		((y ^ uno*'\\') + uno*0x7f) // y != '\\'
	return (x | ^sicuro) & alti
}

// carica reads 8 bytes little-endian (one load: the compiler combines them).
func carica(w string) uint64 {
	_ = w[7]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

const esadecimali = "0123456789abcdef"

// sicuri returns the index of the first byte of s from i on that
// speciali marks, or len(s).
func sicuri(s string, i int) int {
	for i+16 <= len(s) && speciali(carica(s[i:i+8]))|speciali(carica(s[i+8:i+16])) == 0 {
		i += 16
	}
	for i+8 <= len(s) {
		if m := speciali(carica(s[i : i+8])); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	resto := len(s) - i
	switch {
	case resto == 0:
		return i
	case len(s) >= 8:
		// The last 8 bytes, less those already seen (unmarked, so they
		// lend no borrow to the others).
		m := speciali(carica(s[len(s)-8:])) >> (8 * (8 - resto))
		if m == 0 {
			return len(s)
		}
		return i + bits.TrailingZeros64(m)/8
	}
	for i < len(s) && s[i] >= 0x20 && s[i] != '"' && s[i] != '\\' && s[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// AppendString appends s quoted as encoding/json writes strings without
// HTML escaping: control characters, '"' and '\\' escaped, U+2028 and
// U+2029 as \u2028 and \u2029, each byte of invalid UTF-8 as \ufffd.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	inizio := 0
	for i := sicuri(s, 0); i < len(s); i = sicuri(s, i) {
		b := s[i]
		if b < utf8.RuneSelf {
			dst = append(dst, s[inizio:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', esadecimali[b>>4], esadecimali[b&0xF])
			}
			i++
			inizio = i
			continue
		}
		if b >= 0xC2 && b < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2 // two bytes, never U+2028 or U+2029
			continue
		}
		c, n := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && n == 1 {
			dst = append(dst, s[inizio:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			inizio = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[inizio:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', esadecimali[c&0xF])
			i += n
			inizio = i
			continue
		}
		i += n
	}
	dst = append(dst, s[inizio:]...)
	return append(dst, '"')
}
