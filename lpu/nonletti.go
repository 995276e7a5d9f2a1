package lpu

import (
	"reflect"
	"strings"

	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
	"github.com/lpu-it/lpu/lpu/internal/valori"
)

// nonLetto is a calcolo's field that the rules of a program, and the
// Fund's rules a calcolo runs, never read: where the request holds it
// (a Go field's index path, or the Altri map's path and the member's
// name), its declared default and its label.
type nonLetto struct {
	indice    []int // nil: a member of an Altri map
	altri     []int
	chiave    string
	pred      string
	etichetta string
}

// campiNonLetti are the calcolo's fields that the rules of the program
// p, and the Fund's rules a calcolo runs, never read: the vocabulary's
// fields but those campiDelCalcolo finds (what the catalogue offers, with the
// Fund's inputs a calendar fills), in the vocabulary's order, each with
// where a request holds it. Computed once for each program, so that a
// request only reads its fields.
func (e *Engine) campiNonLetti(p *motore.Programma) []nonLetto {
	if v, ok := e.nonLetti.Load(p); ok {
		return v.([]nonLetto)
	}
	letti := e.campiDelCalcolo(p, true)
	out := []nonLetto{}
	if t := e.voc.Tipi["calcolo"]; t != nil {
		for _, n := range t.Ordine {
			d := e.voc.campo("calcolo", n)
			if letti.Nomi[n] || n == "fattispecie" || d == nil {
				continue
			}
			if c, ok := percorsoCampo(reflect.TypeFor[Richiesta](), n); ok {
				c.pred, c.etichetta = d.Predefinito, "«"+spec.NomeCampo(e.etichettaCampo("calcolo", n))+"»"
				out = append(out, c)
			}
		}
	}
	v, _ := e.nonLetti.LoadOrStore(p, out)
	return v.([]nonLetto)
}

// percorsoCampo is where a value of type t holds the field of JSON path
// n: a Go field, or a member of the Altri map of the object n is in.
func percorsoCampo(t reflect.Type, n string) (nonLetto, bool) {
	var c nonLetto
	parti := strings.Split(n, ".")
	for i, parte := range parti {
		if t.Kind() != reflect.Struct {
			return c, false
		}
		if f, ok := campoJSONDi(t, parte); ok {
			c.indice = append(c.indice, f.Index...)
			t = f.Type
			continue
		}
		a := altriDi(t)
		if a < 0 || i != len(parti)-1 {
			return c, false
		}
		c.altri, c.chiave, c.indice = append(c.indice, a), parte, nil
	}
	return c, true
}

// avvertenzaNonLetti is the caveat of a calcolo whose request req gives
// a value to fields the rules of its fattispecie (program p) never read,
// naming them by their labels; "" when it gives none. A value that is
// the field's zero (false, 0, "", a durata or an amount of zero, no
// date) or its declared default is not given: a lotto's blank cell of
// another fattispecie's column says nothing. The text is the
// vocabulary's (testi of the calcolo: campo_non_letto for one field,
// campi_non_letti for more).
func (e *Engine) avvertenzaNonLetti(p *motore.Programma, req *Richiesta) string {
	var nomi []string
	v := reflect.ValueOf(req).Elem()
	for _, c := range e.campiNonLetti(p) {
		if c.indicato(v) {
			nomi = append(nomi, c.etichetta)
		}
	}
	if len(nomi) == 0 {
		return ""
	}
	t := e.voc.Tipi["calcolo"]
	testo := t.Testi["campo_non_letto"]
	campi := nomi[0]
	if len(nomi) > 1 {
		testo = t.Testi["campi_non_letti"]
		campi = strings.Join(nomi[:len(nomi)-1], ", ") + " e " + nomi[len(nomi)-1]
	}
	if testo == "" { // (a vocabulary that declares no text: no caveat)
		return ""
	}
	return strings.NewReplacer("{campi}", campi, "{fattispecie}", e.fattispecieCitate([]string{req.Fattispecie})).Replace(testo)
}

// indicato reports whether the request v (a Richiesta, addressable)
// gives the field a value other than its zero and its default.
func (c *nonLetto) indicato(v reflect.Value) bool {
	if c.indice != nil {
		return datoIndicato(v.FieldByIndex(c.indice), c.pred)
	}
	m := v.FieldByIndex(c.altri)
	if m.Len() == 0 {
		return false
	}
	x, ok := m.Interface().(map[string]any)[c.chiave]
	if !ok || x == nil {
		return false
	}
	return datoIndicato(reflect.ValueOf(x), c.pred)
}

// datoIndicato reports whether f is neither its zero nor the default
// pred (a value's zero by its IsZero method when it has one: an amount
// written 0.00).
func datoIndicato(f reflect.Value, pred string) bool {
	switch f.Kind() {
	case reflect.Bool:
		return f.Bool() && pred != "true"
	case reflect.String:
		return f.String() != "" && f.String() != pred
	case reflect.Int, reflect.Int64:
		return f.Int() != 0 && (pred == "" || valori.Testo(f.Interface()) != pred)
	case reflect.Float64:
		return f.Float() != 0 && (pred == "" || valori.Testo(f.Interface()) != pred)
	case reflect.Slice, reflect.Map:
		return f.Len() > 0
	case reflect.Struct:
		if f.CanAddr() {
			if z, ok := f.Addr().Interface().(interface{ IsZero() bool }); ok {
				return !z.IsZero()
			}
		}
	}
	return !f.IsZero()
}
