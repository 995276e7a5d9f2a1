package motore

import (
	"iter"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// Ingresso is one input variable: a leaf of a request type, seen by CEL
// as a qualified name (a.b).
type Ingresso struct {
	Nome string
	Tipo *cel.Type
	// Off is the field's offset in the request; Conv reads it as a CEL
	// value. The request types are flat structs of values (no pointers
	// on the way to a leaf), so the offset found by reflection at load is
	// all an evaluation needs: no reflection per field read.
	Off  uintptr
	Conv func(unsafe.Pointer) ref.Val
	// Uguale, when set, reports whether v is what Conv would give for
	// the request at p: the value an earlier evaluation made of the same
	// field is used again, not made anew (see attivazione.valore).
	Uguale func(p unsafe.Pointer, v ref.Val) bool
	// Max bounds the value as the request's decoder does (a number, a
	// text's bytes, a list's elements): the static cost estimate of the
	// programs relies on it, and an evaluation of a request built in Go
	// enforces it when reading.
	Max int
	// Fuori reports a value outside what the decoder accepts, nil if in
	// range.
	Fuori func(unsafe.Pointer, *Ingresso) *Errore
}

// Campo is the field of type T at offset off of the request at p.
func Campo[T any](p unsafe.Pointer, off uintptr) *T { return (*T)(unsafe.Add(p, off)) }

// Lettore reads the fields of one Go type of value the engine does not
// know (an amount, a date): its CEL type, how a field at an offset is
// read and compared with a value read before, and its bounds.
type Lettore struct {
	Tipo   *cel.Type
	Conv   func(off uintptr) func(unsafe.Pointer) ref.Val
	Uguale func(off uintptr) func(unsafe.Pointer, ref.Val) bool
	Fuori  func(unsafe.Pointer, *Ingresso) *Errore
}

// Letture says how the fields of the request types are read: the
// readers of the caller's own value types, and the bounds of the plain
// ones (int, string, []string) with the code of a value beyond them. A
// field's tag Tag may say max=N (its own bound) and segno (an int that
// may be negative).
type Letture struct {
	Tipi                          map[reflect.Type]Lettore
	Codice                        string
	MaxIntero, MaxTesto, MaxLista int
	Tag                           string
	cache                         sync.Map // reflect.Type -> []Ingresso
}

// Ingressi are the inputs of a request type, made once for all the
// programs of that type: they are read-only once made.
func (l *Letture) Ingressi(t reflect.Type) []Ingresso {
	if v, ok := l.cache.Load(t); ok {
		return v.([]Ingresso)
	}
	v, _ := l.cache.LoadOrStore(t, l.ingressi(t))
	return v.([]Ingresso)
}

// CampoJSON is a field of a request type as its JSON names it: the
// field, its dotted path (pena.arresto) and its offset from the start of
// the outermost struct.
type CampoJSON struct {
	reflect.StructField
	Nome string
	Off  uintptr
}

// CampiJSON yields the fields of the struct t that JSON names, each with
// prefix before its name and base added to its offset; the fields of an
// embedded struct without a json tag (the request inside its state) come
// as t's own. A walk into the members that are structs is the caller's.
func CampiJSON(t reflect.Type, prefix string, base uintptr) iter.Seq[CampoJSON] {
	return func(yield func(CampoJSON) bool) {
		campiJSON(t, prefix, base, yield)
	}
}

func campiJSON(t reflect.Type, prefix string, base uintptr, yield func(CampoJSON) bool) bool {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Tag.Get("json") == "" {
			if !campiJSON(f.Type, prefix, base+f.Offset, yield) {
				return false
			}
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		if prefix != "" {
			name = prefix + "." + name
		}
		if !yield(CampoJSON{StructField: f, Nome: name, Off: base + f.Offset}) {
			return false
		}
	}
	return true
}

func (l *Letture) ingressi(t reflect.Type) []Ingresso {
	var out []Ingresso
	var walk func(t reflect.Type, prefix string, base uintptr)
	walk = func(t reflect.Type, prefix string, base uintptr) {
		for f := range CampiJSON(t, prefix, base) {
			full, off := f.Nome, f.Off
			in := Ingresso{Nome: full, Off: off}
			tag := f.Tag.Get(l.Tag)
			if r, ok := l.Tipi[f.Type]; ok {
				in.Tipo, in.Fuori, in.Conv = r.Tipo, r.Fuori, r.Conv(off)
				if r.Uguale != nil {
					in.Uguale = r.Uguale(off)
				}
				out = append(out, in)
				continue
			}
			switch f.Type.Kind() {
			case reflect.Struct:
				walk(f.Type, full, off)
				continue
			case reflect.Bool:
				in.Tipo = cel.BoolType
				in.Conv = func(p unsafe.Pointer) ref.Val { return types.Bool(*Campo[bool](p, off)) }
			case reflect.Int:
				in.Tipo, in.Max, in.Fuori = cel.IntType, TagMax(tag, l.MaxIntero), l.fuoriIntero
				if tagSegno(tag) {
					in.Fuori = l.fuoriInteroConSegno
				}
				in.Conv = func(p unsafe.Pointer) ref.Val { return types.Int(*Campo[int](p, off)) }
				in.Uguale = func(p unsafe.Pointer, v ref.Val) bool {
					n, ok := v.(types.Int)
					return ok && int(n) == *Campo[int](p, off)
				}
			case reflect.String:
				in.Tipo, in.Max, in.Fuori = cel.StringType, TagMax(tag, l.MaxTesto), l.fuoriTesto
				in.Conv = func(p unsafe.Pointer) ref.Val { return types.String(*Campo[string](p, off)) }
				in.Uguale = func(p unsafe.Pointer, v ref.Val) bool {
					s, ok := v.(types.String)
					return ok && string(s) == *Campo[string](p, off)
				}
			case reflect.Slice:
				if f.Type.Elem().Kind() != reflect.String {
					continue
				}
				in.Tipo, in.Max, in.Fuori = cel.ListType(cel.StringType), TagMax(tag, l.MaxLista), l.fuoriLista
				in.Conv = func(p unsafe.Pointer) ref.Val {
					return types.DefaultTypeAdapter.NativeToValue(*Campo[[]string](p, off))
				}
			default:
				continue
			}
			out = append(out, in)
		}
	}
	walk(t, "", 0)
	return out
}

// TagMax is the bound a field's tag gives (max=N, as in lpu:"max=40"),
// def if none: the one reading of it, for the engine's inputs, the
// facade's decoder and the vocabulary's check of the Go types.
func TagMax(tag string, def int) int {
	for tag != "" {
		var p string
		p, tag, _ = strings.Cut(tag, ",")
		if v, ok := strings.CutPrefix(p, "max="); ok {
			if n, err := strconv.Atoi(v); err == nil {
				return n
			}
		}
	}
	return def
}

// tagSegno reports whether a tag says "segno": the int may be negative
// (a value the caller computes, such as the free posts of an overbooked
// place).
func tagSegno(tag string) bool {
	for tag != "" {
		var p string
		p, tag, _ = strings.Cut(tag, ",")
		if p == "segno" {
			return true
		}
	}
	return false
}

// Bounds of the plain inputs, as the decoder enforces them.

func (l *Letture) fuoriIntero(p unsafe.Pointer, in *Ingresso) *Errore {
	if n := *Campo[int](p, in.Off); n < 0 || n > in.Max {
		return ErroreIngresso(l.Codice, in.Nome, "valore fuori intervallo (%d; da 0 a %d)", n, in.Max)
	}
	return nil
}

func (l *Letture) fuoriInteroConSegno(p unsafe.Pointer, in *Ingresso) *Errore {
	if n := *Campo[int](p, in.Off); n < -in.Max || n > in.Max {
		return ErroreIngresso(l.Codice, in.Nome, "valore fuori intervallo (%d; da %d a %d)", n, -in.Max, in.Max)
	}
	return nil
}

func (l *Letture) fuoriTesto(p unsafe.Pointer, in *Ingresso) *Errore {
	if len(*Campo[string](p, in.Off)) > in.Max {
		return ErroreIngresso(l.Codice, in.Nome, "testo troppo lungo (al massimo %d caratteri)", in.Max)
	}
	return nil
}

func (l *Letture) fuoriLista(p unsafe.Pointer, in *Ingresso) *Errore {
	v := *Campo[[]string](p, in.Off)
	if len(v) > in.Max {
		return ErroreIngresso(l.Codice, in.Nome, "lista troppo lunga (al massimo %d elementi)", in.Max)
	}
	for i, s := range v {
		if len(s) > l.MaxTesto {
			return ErroreIngresso(l.Codice, in.Nome+"["+strconv.Itoa(i)+"]", "testo troppo lungo (al massimo %d caratteri)", l.MaxTesto)
		}
	}
	return nil
}
