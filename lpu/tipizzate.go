package lpu

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// A request built in Go (a typed request) enters the engine through
// controllaTipizzata, at the start of every operation, as a JSON one
// enters it through Decode: the same bounds (the lpu:"max=…" tags and
// the decoder's defaults), checked by the same functions (erroreIntero,
// erroreTesto, erroreLista, erroreData, leggiImporto), with the same
// codes, messages and field paths, in the same order (the members of
// each object by name, depth first); then each date is brought to its
// civil day. A request Decode has read passes unchanged.

// controllaTipizzata checks the typed request at v, a copy of the
// caller's that the operation owns (addressable), and brings each of its
// dates to its civil day: its year, month and day in its own location,
// at midnight UTC (calc.Giorno), as the JSON "AAAA-MM-GG" gives it. A
// date at 00:30 in Rome is that day, not the day before in UTC. A list
// whose dates change is copied first: the caller's request is never
// written.
func controllaTipizzata(v reflect.Value) error {
	x := esamiTipizzate.Get().(*esameTipizzata)
	defer x.rilascia()
	x.valore(v, "")
	if err := x.r.err(); err != nil {
		return err
	}
	if x.giorno {
		aGiorno(v)
	}
	return nil
}

var esamiTipizzate = sync.Pool{New: func() any {
	x := new(esameTipizzata)
	x.pila = x.spazio[:0]
	return x
}}

func (x *esameTipizzata) rilascia() {
	clear(x.spazio[:])
	*x = esameTipizzata{spazio: x.spazio}
	x.pila = x.spazio[:0]
	esamiTipizzate.Put(x)
}

// esameTipizzata is the walk of controllaTipizzata: the errors found,
// whether a date is not at its civil day, and the path to the value
// looked at, made into a string (percorso) only for an error: a request
// without errors costs no path.
type esameTipizzata struct {
	r      raccolta
	giorno bool
	pila   []passoPercorso
	spazio [8]passoPercorso
}

// passoPercorso is a step of the path: a member (a map's key), or an
// element of a list when nome is "".
type passoPercorso struct {
	nome   string
	indice int
}

// percorso is the path of the value looked at as Decode names it
// (convenzione.sedi[0].posti[0].numero).
func (x *esameTipizzata) percorso() string {
	var p string
	for _, s := range x.pila {
		if s.nome == "" {
			p += "[" + strconv.Itoa(s.indice) + "]"
		} else {
			p = join(p, citaTesto(s.nome))
		}
	}
	return p
}

// in checks v as the member or element s of the value looked at.
func (x *esameTipizzata) in(s passoPercorso, v reflect.Value, tag string) bool {
	x.pila = append(x.pila, s)
	ok := x.valore(v, tag)
	x.pila = x.pila[:len(x.pila)-1]
	return ok
}

// valore checks v, whose field has the lpu tag tag; false when no more
// errors are to be looked for (MaxErrors).
func (x *esameTipizzata) valore(v reflect.Value, tag string) bool {
	switch v.Type() {
	case tData:
		d := indirizzo[Data](v)
		if d.IsZero() {
			return true
		}
		if !annoAmmesso(d.Time) {
			return x.r.aggiungi(erroreData(d.String(), x.percorso(), nil))
		}
		if d.Time != calc.Giorno(d.Time) {
			x.giorno = true
		}
		return true
	case tDurata:
		d := indirizzo[calc.Durata](v)
		for _, c := range [...]struct {
			nome   string
			n, max int
		}{{"anni", d.Anni, maxAnni}, {"giorni", d.Giorni, maxGiorni}, {"mesi", d.Mesi, maxMesi}} {
			if c.n < 0 || c.n > c.max {
				x.pila = append(x.pila, passoPercorso{nome: c.nome})
				err := erroreIntero(int64(c.n), c.max, x.percorso())
				x.pila = x.pila[:len(x.pila)-1]
				if !x.r.aggiungi(err) {
					return false
				}
			}
		}
		return true
	case tImporto:
		i := indirizzo[Importo](v)
		if i.IsZero() || importoLeggibile(i.d) {
			return true
		}
		if _, err := leggiImporto(i.String(), x.percorso()); err != nil {
			return x.r.aggiungi(err)
		}
		return true
	}
	switch v.Kind() {
	case reflect.Struct:
		for _, f := range campiInOrdine(v.Type()) {
			if f.foglia == reflect.Bool {
				continue // (a yes or no has no bound)
			}
			c := v.Field(f.indice)
			// (an int or a text is checked here, with the bound its tag
			// gives read once per type: most fields of a request are
			// such, and zero)
			switch f.foglia {
			case reflect.Int:
				if n := c.Int(); n >= 0 && n <= int64(f.max) {
					continue
				}
			case reflect.String:
				if c.Len() <= f.max {
					continue
				}
			case reflect.Struct:
				if c.IsZero() {
					continue // (a date, a duration or an amount not given)
				}
			}
			if !x.in(passoPercorso{nome: f.nome}, c, f.tag) {
				return false
			}
		}
	case reflect.Int:
		if n, max := v.Int(), motore.TagMax(tag, maxIntDefault); n < 0 || n > int64(max) {
			return x.r.aggiungi(erroreIntero(n, max, x.percorso()))
		}
	case reflect.String:
		if max := motore.TagMax(tag, maxStringa); v.Len() > max {
			err := erroreTesto(v.Len(), max, x.percorso())
			err.(*Error).troppoLungo = testoTroppoLungo(v.String())
			return x.r.aggiungi(err)
		}
	case reflect.Slice:
		if max := motore.TagMax(tag, maxLista); v.Len() > max {
			return x.r.aggiungi(erroreLista(v.Len(), max, x.percorso()))
		}
		for i := 0; i < v.Len(); i++ {
			if !x.in(passoPercorso{indice: i}, v.Index(i), "") {
				return false
			}
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return true
		}
		chiavi := v.MapKeys()
		slices.SortFunc(chiavi, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range chiavi {
			if !chiaveAmmessa(tag, k.String()) {
				continue // (the request's checks refuse the key, not its value: see assign)
			}
			e := reflect.New(v.Type().Elem()).Elem() // (addressable)
			e.Set(v.MapIndex(k))
			if !x.in(passoPercorso{nome: k.String()}, e, tag) {
				return false
			}
		}
	}
	return true
}

// indirizzo is the T that v, addressable or not, holds.
func indirizzo[T any](v reflect.Value) *T {
	if v.CanAddr() {
		return v.Addr().Interface().(*T)
	}
	t := v.Interface().(T)
	return &t
}

// aGiorno brings every date of v to its civil day, copying each list
// that holds dates before writing it.
func aGiorno(v reflect.Value) {
	switch {
	case v.Type() == tData:
		d := v.Addr().Interface().(*Data)
		if !d.IsZero() {
			d.Time = calc.Giorno(d.Time)
		}
	case v.Kind() == reflect.Struct && v.Type() != tDurata && v.Type() != tImporto:
		for _, f := range campiInOrdine(v.Type()) {
			aGiorno(v.Field(f.indice))
		}
	case v.Kind() == reflect.Slice && v.Len() > 0 && haDate(v.Type().Elem()):
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		v.Set(c)
		for i := 0; i < c.Len(); i++ {
			aGiorno(c.Index(i))
		}
	}
}

// haDate reports whether a value of type t may hold a Data.
func haDate(t reflect.Type) bool {
	switch {
	case t == tData:
		return true
	case t.Kind() == reflect.Slice:
		return haDate(t.Elem())
	case t.Kind() == reflect.Struct:
		for _, f := range campiInOrdine(t) {
			if haDate(t.Field(f.indice).Type) {
				return true
			}
		}
	}
	return false
}

// campoOrdinato is a field of a request type as JSON names it; foglia
// is the kind of a bool, an int or a text that is no type of its own
// (whose check is none, or its bound max from its tag), reflect.Struct
// for a Data, a Durata or an Importo (nothing to check when zero),
// reflect.Invalid for the others.
type campoOrdinato struct {
	nome   string
	indice int
	tag    string
	foglia reflect.Kind
	max    int
}

// ordinati caches, for each struct type, its JSON fields in name order:
// the order in which Decode reads the members of an object.
var ordinati sync.Map // reflect.Type -> []campoOrdinato

func campiInOrdine(t reflect.Type) []campoOrdinato {
	if c, ok := ordinati.Load(t); ok {
		return c.([]campoOrdinato)
	}
	var out []campoOrdinato
	for nome, c := range campiDi(t) {
		f := campoOrdinato{nome: nome, indice: c.indice, tag: c.tag}
		switch ft := t.Field(c.indice).Type; {
		case ft == tData || ft == tDurata || ft == tImporto:
			f.foglia = reflect.Struct
		case ft.Kind() == reflect.Bool:
			f.foglia = reflect.Bool
		case ft.Kind() == reflect.Int:
			f.foglia, f.max = reflect.Int, motore.TagMax(c.tag, maxIntDefault)
		case ft.Kind() == reflect.String:
			f.foglia, f.max = reflect.String, motore.TagMax(c.tag, maxStringa)
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b campoOrdinato) int { return strings.Compare(a.nome, b.nome) })
	c, _ := ordinati.LoadOrStore(t, out)
	return c.([]campoOrdinato)
}

// importoLeggibile reports, without writing it, that Decode reads the
// amount d as String writes it (positive, at most two decimals, at most
// maxImporto): most amounts are checked so, the others on their text
// (leggiImporto).
func importoLeggibile(d decimal.Decimal) bool {
	exp := d.Exponent()
	if d.Sign() <= 0 || exp < -2 || exp > 0 || d.NumDigits() > 12 {
		return false
	}
	max := int64(maxImportoEuro)
	for ; exp < 0; exp++ {
		max *= 10
	}
	return d.CoefficientInt64() <= max
}
