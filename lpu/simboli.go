package lpu

import (
	"reflect"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// ingresso is one input variable: a leaf of a request type, seen by CEL as
// a qualified name (pena.arresto).
type ingresso struct {
	nome  string
	tipo  *cel.Type
	index []int
	conv  func(reflect.Value) ref.Val
}

func ingressi(t reflect.Type) []ingresso {
	var out []ingresso
	var walk func(t reflect.Type, prefix string, index []int)
	walk = func(t reflect.Type, prefix string, index []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" || !f.IsExported() {
				continue
			}
			full := join(prefix, name)
			idx := append(append([]int(nil), index...), i)
			in := ingresso{nome: full, index: idx}
			switch f.Type {
			case tDurata:
				in.tipo, in.conv = celx.DurataType, func(v reflect.Value) ref.Val { return celx.Durata{D: v.Interface().(calc.Durata)} }
			case tImporto:
				in.tipo, in.conv = celx.DecimaleType, func(v reflect.Value) ref.Val { return celx.Decimale{D: v.Interface().(Importo).Decimal} }
			case tData:
				in.tipo, in.conv = celx.DataType, func(v reflect.Value) ref.Val { return celx.NewData(v.Interface().(Data).Time) }
			default:
				switch f.Type.Kind() {
				case reflect.Struct:
					walk(f.Type, full, idx)
					continue
				case reflect.Bool:
					in.tipo, in.conv = cel.BoolType, func(v reflect.Value) ref.Val { return types.Bool(v.Bool()) }
				case reflect.Int:
					in.tipo, in.conv = cel.IntType, func(v reflect.Value) ref.Val { return types.Int(v.Int()) }
				case reflect.String:
					in.tipo, in.conv = cel.StringType, func(v reflect.Value) ref.Val { return types.String(v.String()) }
				case reflect.Slice:
					if f.Type.Elem().Kind() != reflect.String {
						continue
					}
					in.tipo, in.conv = cel.ListType(cel.StringType), func(v reflect.Value) ref.Val {
						return types.DefaultTypeAdapter.NativeToValue(v.Interface())
					}
				default:
					continue
				}
			}
			out = append(out, in)
		}
	}
	walk(t, "", nil)
	return out
}

// versione is one version of a parameter's value.
type versione struct {
	vig spec.Vigenza
	val ref.Val
}

// slot kinds
const (
	slotIngresso = iota
	slotParametro
	slotCalcolato
)

type slot struct {
	nome     string
	tipo     *cel.Type
	kind     int
	in       *ingresso
	versioni []versione
}

// simboli is the symbol table of one program: inputs, parameters, and
// computed values, each with a slot in the activation.
type simboli struct {
	idx   map[string]int
	slots []slot
}

func (s *simboli) add(sl slot) int {
	s.idx[sl.nome] = len(s.slots)
	s.slots = append(s.slots, sl)
	return len(s.slots) - 1
}

// attivazione resolves names for one evaluation; inputs and parameters
// are read lazily, once.
type attivazione struct {
	tab  *simboli
	req  reflect.Value
	data time.Time
	vals []ref.Val
}

func (a *attivazione) ResolveName(name string) (any, bool) {
	i, ok := a.tab.idx[name]
	if !ok {
		return nil, false
	}
	if v := a.vals[i]; v != nil {
		return v, true
	}
	sl := &a.tab.slots[i]
	switch sl.kind {
	case slotIngresso:
		v := sl.in.conv(a.req.FieldByIndex(sl.in.index))
		a.vals[i] = v
		return v, true
	case slotParametro:
		for _, ver := range sl.versioni {
			if ver.vig.Contiene(a.data) {
				a.vals[i] = ver.val
				return ver.val, true
			}
		}
	}
	return nil, false
}

func (a *attivazione) Parent() interpreterActivation { return nil }
