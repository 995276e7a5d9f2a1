package lpu

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// A calcolo answers the question of another kind too (the Fund's): the
// vocabulary declares, for that kind, which field or output of the
// calcolo gives each of its fields (richieste.<tipo>.nel_calcolo). The
// declaration is compiled at load into copies between the Go requests,
// by offset, so that filling the other kind's request is no lookup by
// name; the engine names no field of either kind for it.

// nelCalcolo is the compiled nel_calcolo of a kind.
type nelCalcolo struct {
	// campi are the declaration's, in order: the kind's field and where
	// the calcolo gives it.
	campi []*spec.NelCalcolo
	// copie fill the kind's request at dst from the calcolo's request at
	// src and the evaluation of its rules x, one for each of campi.
	copie []func(dst, src unsafe.Pointer, x *motore.Esecuzione)
}

// riempi fills the request of the kind at dst from the calcolo's request
// at src and its evaluation x: the fields nel_calcolo does not name are
// left as they are.
func (n *nelCalcolo) riempi(dst, src unsafe.Pointer, x *motore.Esecuzione) {
	if n == nil {
		return
	}
	for _, c := range n.copie {
		c(dst, src, x)
	}
}

// da is the calcolo's field that gives the kind's field campo, and
// whether the kind reads it there; false too for a field given by an
// output of the calcolo's rules (no field of the calcolo's request).
func (n *nelCalcolo) da(campo string) (string, bool) {
	if n == nil {
		return "", false
	}
	for _, c := range n.campi {
		if c.Campo == campo {
			if strings.HasPrefix(c.Da, spec.PrefissoUscite) {
				return "", false
			}
			return c.Da, true
		}
	}
	return "", false
}

// compilaNelCalcolo compiles the nel_calcolo of each kind the engine
// answers (the vocabulary has checked names and types:
// ControllaNelCalcolo): each field of the kind and its source must be Go
// fields of the same Go type, or the source an output the facade reads
// (nomiUscite) of a type it can copy. A field declared only in the
// vocabulary (altri.go) cannot be copied yet: a problem at load.
func (v *vocabolario) compilaNelCalcolo(ps *spec.Problems) map[string]*nelCalcolo {
	out := map[string]*nelCalcolo{}
	for _, tipo := range slices.Sorted(maps.Keys(v.Tipi)) {
		t := v.Tipi[tipo]
		rt, ok := richiesteGo[tipo]
		if len(t.NelCalcolo) == 0 || !ok || tipo == "calcolo" {
			continue
		}
		n := &nelCalcolo{}
		for _, nc := range t.NelCalcolo {
			percorso := "richieste." + tipo + ".nel_calcolo." + nc.Campo
			c, d := v.campo(tipo, nc.Campo), v.campo("calcolo", nc.Da)
			uscita, daUscita := strings.CutPrefix(nc.Da, spec.PrefissoUscite)
			u := v.Uscita("calcolo", uscita)
			switch {
			case c == nil, !daUscita && (d == nil || d.Tipo != c.Tipo), daUscita && (u == nil || u.Tipo != c.Tipo):
				continue // (told by ControllaNelCalcolo)
			}
			dt, doff, ok := campoGo(rt, nc.Campo)
			if !ok {
				ps.Add(nc.Pos, percorso, "campo", "nel_calcolo: il campo %q della richiesta %s è dichiarato solo nel vocabolario: il calcolo non sa ancora darlo", nc.Campo, tipo)
				continue
			}
			var copia func(dst, src unsafe.Pointer, x *motore.Esecuzione)
			if daUscita {
				copia = copiaUscita(dt, doff, slices.Index(nomiUscite, uscita))
				if copia == nil {
					ps.Add(nc.PosDa, percorso, "tipo", "nel_calcolo: il motore non sa dare l'uscita %q del calcolo (%s) al campo %q della richiesta %s", nc.Da, c.Tipo, nc.Campo, tipo)
					continue
				}
			} else {
				st, soff, ok := campoGo(richiesteGo["calcolo"], nc.Da)
				switch {
				case !ok:
					ps.Add(nc.PosDa, percorso, "campo", "nel_calcolo: il campo %q del calcolo è dichiarato solo nel vocabolario: il calcolo non sa ancora darlo alla richiesta %s", nc.Da, tipo)
					continue
				case st != dt:
					ps.Add(nc.PosDa, percorso, "tipo", "nel_calcolo: il campo %q del calcolo e il campo %q della richiesta %s hanno tipi Go diversi (%s, %s)", nc.Da, nc.Campo, tipo, st, dt)
					continue
				}
				copia = copiaCampo(dt, doff, soff)
			}
			n.campi = append(n.campi, nc)
			n.copie = append(n.copie, copia)
		}
		out[tipo] = n
	}
	return out
}

// campoGo is the Go type and the offset of the field nome (a JSON path:
// esecuzione.data_inizio) of the request type t; false when t has no
// such field (a struct's member, a field declared only in the
// vocabulary).
func campoGo(t reflect.Type, nome string) (reflect.Type, uintptr, bool) {
	var base uintptr
	prefisso := ""
	for {
		var dentro *motore.CampoJSON
		for f := range motore.CampiJSON(t, prefisso, base) {
			if f.Nome == nome {
				return f.Type, f.Off, true
			}
			if f.Type.Kind() == reflect.Struct && strings.HasPrefix(nome, f.Nome+".") {
				dentro = &f
				break
			}
		}
		if dentro == nil {
			return nil, 0, false
		}
		t, prefisso, base = dentro.Type, dentro.Nome, dentro.Off
	}
}

// copiaCampo copies a field of Go type t at offset s of the calcolo's
// request to offset d of the other kind's: a plain assignment for the
// types of the requests' fields, reflection for any other.
func copiaCampo(t reflect.Type, d, s uintptr) func(dst, src unsafe.Pointer, x *motore.Esecuzione) {
	if f, ok := copiatori[t]; ok {
		return f(d, s)
	}
	return func(dst, src unsafe.Pointer, _ *motore.Esecuzione) {
		reflect.NewAt(t, unsafe.Add(dst, d)).Elem().Set(reflect.NewAt(t, unsafe.Add(src, s)).Elem())
	}
}

// copiatori make copiaCampo's plain assignments, by Go type.
var copiatori = map[reflect.Type]func(d, s uintptr) func(dst, src unsafe.Pointer, x *motore.Esecuzione){
	reflect.TypeFor[bool]():     copiaDi[bool],
	reflect.TypeFor[int]():      copiaDi[int],
	reflect.TypeFor[string]():   copiaDi[string],
	reflect.TypeFor[Data]():     copiaDi[Data],
	reflect.TypeFor[Importo]():  copiaDi[Importo],
	reflect.TypeFor[[]string](): copiaDi[[]string],
}

func copiaDi[T any](d, s uintptr) func(dst, src unsafe.Pointer, x *motore.Esecuzione) {
	return func(dst, src unsafe.Pointer, _ *motore.Esecuzione) {
		*motore.Campo[T](dst, d) = *motore.Campo[T](src, s)
	}
}

// copiaUscita copies the k-th output the facade reads (nomiUscite) of
// the calcolo's evaluation to the field of Go type t at offset d of the
// other kind's request (its zero when the rules give none); nil when k
// is none or t is not a type it copies (int, string, bool).
func copiaUscita(t reflect.Type, d uintptr, k int) func(dst, src unsafe.Pointer, x *motore.Esecuzione) {
	if k < 0 {
		return nil
	}
	switch t {
	case reflect.TypeFor[int]():
		return func(dst, _ unsafe.Pointer, x *motore.Esecuzione) {
			*motore.Campo[int](dst, d), _ = x.Intero(k)
		}
	case reflect.TypeFor[string]():
		return func(dst, _ unsafe.Pointer, x *motore.Esecuzione) {
			s := ""
			if v, ok := x.Val(k); ok {
				s = string(v.(types.String))
			}
			*motore.Campo[string](dst, d) = s
		}
	case reflect.TypeFor[bool]():
		return func(dst, _ unsafe.Pointer, x *motore.Esecuzione) {
			b := false
			if v, ok := x.Val(k); ok {
				b = bool(v.(types.Bool))
			}
			*motore.Campo[bool](dst, d) = b
		}
	}
	return nil
}
