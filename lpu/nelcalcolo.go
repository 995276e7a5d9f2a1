package lpu

import (
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

// tipoNelCalcolo is the kind whose question a calcolo answers too: the
// Fund's (Risultato.FondoInail), whose request Calcolo fills from the
// calcolo's (Engine.nelCalcolo). Its nel_calcolo is the only one the
// engine reads: the vocabulary's on any other kind is refused at load
// (vocab.Vocabolario.ControllaNelCalcolo).
const tipoNelCalcolo = "fondo"

// nelCalcolo is the compiled nel_calcolo of a kind: its fields, in the
// declaration's order.
type nelCalcolo struct {
	campi []campoNelCalcolo
}

// campoNelCalcolo is one field of the kind (or a value the engine
// gives the kind's rules, dal_motore): its declaration, its
// sources (fonti, one for each of Da, tried in order) and, when
// ripiego is set, the offset of the booleano the engine sets when the
// field came from a source after the first.
type campoNelCalcolo struct {
	*spec.NelCalcolo
	fonti   []fonte
	ripiego uintptr
	conRip  bool
}

// fonte is a source of a field: the calcolo's field it is (campo; ""
// for an output of the rules), whether the calcolo's request at src and
// its evaluation x give it (dato) and the copy of it into the kind's
// request at dst.
type fonte struct {
	campo string
	dato  func(src unsafe.Pointer, x *motore.Esecuzione) bool
	copia func(dst, src unsafe.Pointer, x *motore.Esecuzione)
}

// scegli is the index of the source of c that the calcolo gives: the
// first given, else the last.
func (c *campoNelCalcolo) scegli(src unsafe.Pointer, x *motore.Esecuzione) int {
	for i := range len(c.fonti) - 1 {
		if c.fonti[i].dato(src, x) {
			return i
		}
	}
	return len(c.fonti) - 1
}

// riempi fills the request of the kind at dst from the calcolo's request
// at src and its evaluation x: the fields nel_calcolo does not name are
// left as they are.
func (n *nelCalcolo) riempi(dst, src unsafe.Pointer, x *motore.Esecuzione) {
	if n == nil {
		return
	}
	for i := range n.campi {
		c := &n.campi[i]
		j := c.scegli(src, x)
		c.fonti[j].copia(dst, src, x)
		if j > 0 && c.conRip {
			*motore.Campo[bool](dst, c.ripiego) = true
		}
	}
}

// da is the calcolo's field that gave the kind's field campo for the
// calcolo's request at src and its evaluation x, and whether it is one:
// false for a field the kind does not take from the calcolo, or takes
// from an output of its rules (no field of the calcolo's request).
func (n *nelCalcolo) da(campo string, src unsafe.Pointer, x *motore.Esecuzione) (string, bool) {
	if n == nil {
		return "", false
	}
	for i := range n.campi {
		if c := &n.campi[i]; c.Campo == campo {
			f := c.fonti[c.scegli(src, x)]
			return f.campo, f.campo != ""
		}
	}
	return "", false
}

// compilaNelCalcolo compiles the nel_calcolo of tipoNelCalcolo (the
// vocabulary has checked names and types: ControllaNelCalcolo): each
// field of the kind and each of its sources must be Go fields of the
// same Go type, or the source an output the facade reads (nomiUscite)
// of a type it can copy, or the calcolo's verdict (escluso) into a
// bool; a ripiego, a bool of the kind's state. A field declared only in
// the vocabulary (altri.go) cannot be copied yet: a problem at load.
// Nil when the vocabulary declares none.
func (v *vocabolario) compilaNelCalcolo(ps *spec.Problems) *nelCalcolo {
	t := v.Tipi[tipoNelCalcolo]
	if t == nil || len(t.NelCalcolo) == 0 {
		return nil
	}
	n := &nelCalcolo{}
	for _, nc := range t.NelCalcolo {
		if c := v.compilaCampo(tipoNelCalcolo, richiesteGo[tipoNelCalcolo], nc, ps); c != nil {
			n.campi = append(n.campi, *c)
		}
	}
	return n
}

// compilaCampo compiles the field nc of the nel_calcolo of tipo, whose
// state's Go type is rt; nil when it is wrong (told in ps, or by
// ControllaNelCalcolo).
func (v *vocabolario) compilaCampo(tipo string, rt reflect.Type, nc *spec.NelCalcolo, ps *spec.Problems) *campoNelCalcolo {
	percorso := "richieste." + tipo + ".nel_calcolo." + nc.Campo
	tipoCampo, _ := v.TipoDestinazione(tipo, nc.Campo)
	if tipoCampo == "" {
		return nil // (told by ControllaNelCalcolo)
	}
	dt, doff, ok := campoGo(rt, nc.Campo)
	switch {
	case !ok && v.campo(tipo, nc.Campo) == nil: // (a dal_motore value: told by ControllaDalMotore)
		return nil
	case !ok:
		ps.Add(nc.Pos, percorso, "campo", "nel_calcolo: il campo %q della richiesta %s è dichiarato solo nel vocabolario: il calcolo non sa ancora darlo", nc.Campo, tipo)
		return nil
	}
	out := &campoNelCalcolo{NelCalcolo: nc}
	for i, da := range nc.Da {
		if tipoDa, _ := v.TipoNelCalcolo(da); tipoDa != tipoCampo {
			return nil // (told by ControllaNelCalcolo)
		}
		if da == spec.FonteEscluso {
			f := fonteEscluso(dt, doff)
			if f.copia == nil { // (a booleano of another Go type: told by ControllaDalMotore, ControllaGo)
				return nil
			}
			out.fonti = append(out.fonti, f)
			continue
		}
		if uscita, ok := strings.CutPrefix(da, spec.PrefissoUscite); ok {
			f := fonteUscita(dt, doff, slices.Index(nomiUscite, uscita))
			if f.copia == nil {
				ps.Add(nc.PosDa[i], percorso, "tipo", "nel_calcolo: il motore non sa dare l'uscita %q del calcolo (%s) al campo %q della richiesta %s", da, tipoCampo, nc.Campo, tipo)
				return nil
			}
			out.fonti = append(out.fonti, f)
			continue
		}
		st, soff, ok := campoGo(richiesteGo["calcolo"], da)
		switch {
		case !ok:
			ps.Add(nc.PosDa[i], percorso, "campo", "nel_calcolo: il campo %q del calcolo è dichiarato solo nel vocabolario: il calcolo non sa ancora darlo alla richiesta %s", da, tipo)
			return nil
		case st != dt:
			ps.Add(nc.PosDa[i], percorso, "tipo", "nel_calcolo: il campo %q del calcolo e il campo %q della richiesta %s hanno tipi Go diversi (%s, %s)", da, nc.Campo, tipo, st, dt)
			return nil
		}
		out.fonti = append(out.fonti, fonte{campo: da, dato: datoCampo(dt, soff), copia: copiaCampo(dt, doff, soff)})
	}
	if nc.Ripiego != "" {
		d := v.DalMotore(tipo, nc.Ripiego)
		if d == nil || len(nc.Da) < 2 {
			return nil // (told by ControllaNelCalcolo)
		}
		bt, off, ok := campoGo(rt, nc.Ripiego)
		switch {
		case !ok: // (told by ControllaDalMotore)
			return nil
		case bt != reflect.TypeFor[bool]():
			ps.Add(nc.PosRipiego, percorso+".ripiego", "tipo", "ripiego: il valore %q che il motore calcola per la richiesta %s è di tipo %s, non booleano", nc.Ripiego, tipo, tipoVoc(bt))
			return nil
		case d.Tipo != "booleano": // (told by ControllaDalMotore)
			return nil
		}
		out.ripiego, out.conRip = off, true
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

// datoCampo reports whether the field of Go type t at offset s of the
// calcolo's request is given: a date indicated, an amount not zero, any
// other value not its type's zero.
func datoCampo(t reflect.Type, s uintptr) func(src unsafe.Pointer, x *motore.Esecuzione) bool {
	switch t {
	case reflect.TypeFor[Data]():
		return func(src unsafe.Pointer, _ *motore.Esecuzione) bool { return motore.Campo[Data](src, s).Indicata() }
	case reflect.TypeFor[int]():
		return func(src unsafe.Pointer, _ *motore.Esecuzione) bool { return *motore.Campo[int](src, s) != 0 }
	case reflect.TypeFor[string]():
		return func(src unsafe.Pointer, _ *motore.Esecuzione) bool { return *motore.Campo[string](src, s) != "" }
	case reflect.TypeFor[Importo]():
		// (an amount is given when not zero, as nonletti.go reads it:
		// «0.00» is zero, though not the zero value of its type)
		return func(src unsafe.Pointer, _ *motore.Esecuzione) bool { return !motore.Campo[Importo](src, s).IsZero() }
	}
	return func(src unsafe.Pointer, _ *motore.Esecuzione) bool {
		return !reflect.NewAt(t, unsafe.Add(src, s)).Elem().IsZero()
	}
}

// fonteEscluso is the source that copies the calcolo's verdict (true
// when a step excluded the case: its answer's ammissibile is false) to
// the booleano of Go type t at offset d of the other kind's request;
// always given. Its copia is nil when t is not bool.
func fonteEscluso(t reflect.Type, d uintptr) fonte {
	if t != reflect.TypeFor[bool]() {
		return fonte{}
	}
	return fonte{
		dato: func(unsafe.Pointer, *motore.Esecuzione) bool { return true },
		copia: func(dst, _ unsafe.Pointer, x *motore.Esecuzione) {
			*motore.Campo[bool](dst, d) = x.Escluso
		},
	}
}

// fonteUscita is the source that copies the k-th output the facade
// reads (nomiUscite) of the calcolo's evaluation to the field of Go type
// t at offset d of the other kind's request (its zero when the rules
// give none); given when the rules give it. Its copia is nil when k is
// none or t is not a type it copies (int, string, bool).
func fonteUscita(t reflect.Type, d uintptr, k int) fonte {
	f := fonte{dato: func(_ unsafe.Pointer, x *motore.Esecuzione) bool { _, ok := x.Val(k); return ok }}
	if k < 0 {
		return fonte{}
	}
	switch t {
	case reflect.TypeFor[int]():
		f.copia = func(dst, _ unsafe.Pointer, x *motore.Esecuzione) {
			*motore.Campo[int](dst, d), _ = x.Intero(k)
		}
	case reflect.TypeFor[string]():
		f.copia = func(dst, _ unsafe.Pointer, x *motore.Esecuzione) {
			s := ""
			if v, ok := x.Val(k); ok {
				s = string(v.(types.String))
			}
			*motore.Campo[string](dst, d) = s
		}
	case reflect.TypeFor[bool]():
		f.copia = func(dst, _ unsafe.Pointer, x *motore.Esecuzione) {
			b := false
			if v, ok := x.Val(k); ok {
				b = bool(v.(types.Bool))
			}
			*motore.Campo[bool](dst, d) = b
		}
	}
	return f
}
