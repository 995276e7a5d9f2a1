package lpu

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/lpu-it/lpu/calc"
)

// The fast path of DecodeBytes. decodeLento (encoding/json into
// map[string]any, then assign) defines the answers; this file only gets
// to the same answers sooner for the bodies a client normally sends:
//
//  1. One pass of jsontext over the body checks its syntax and records
//     every value as offsets into the body (nodo). Anything jsontext
//     refuses, or that is not a single object followed by white space,
//     goes back to decodeLento whole, before anything is assigned: its
//     message (offset, text of encoding/json) is the one the client gets.
//  2. The values are assigned walking the nodes, the fields of an object
//     in sorted order, as assign does on a map (a duplicate name never
//     gets here: jsontext refuses it in step 1). Each value is assigned directly only when it is
//     plainly valid; anything else (every error, escapes, exponents,
//     durations and maps that are not plainly valid, …) is handed to
//     assign itself on that value, decoded by encoding/json, with its
//     path: the error, its code, message and path are assign's own.
//     assign only sets what the JSON says, so running it again on a
//     value the fast path has partly filled gives what it gives alone.
//
// Paths are built only for an error, from the nodes' parents.

// nodo is one JSON value, or object name, of the body.
type nodo struct {
	tipo     byte  // 'n' null, 't' true, 'f' false, '"' string, '0' number, '{', '[', 'k' name
	esc      bool  // a string or name with a backslash escape
	padre    int32 // the enclosing object or array; -1 for the top object
	ini, fin int32 // the value's bytes, quotes and brackets included
	dopo     int32 // the first node after this value's own
}

// membro is a field of an object, for sorting.
type membro struct {
	nome []byte
	val  int32
}

type decodifica struct {
	dati   []byte
	nodi   []nodo
	membri []membro
	buf    bytes.Buffer
	dec    jsontext.Decoder
}

var decodifiche = sync.Pool{New: func() any { return new(decodifica) }}

// A body with a duplicate name (refused by jsontext, whose default this
// is) or invalid UTF-8 (which encoding/json replaces) is left to
// decodeLento, which refuses the first with its path.
var opzioniJSON = jsontext.AllowDuplicateNames(false)

// maxProfondita: deeper bodies (no request type is deeper than 4) are
// left to decodeLento, well within both parsers' own limits.
const maxProfondita = 64

// errRifai: encoding/json refused a value jsontext accepted; never seen,
// but if it were, DecodeBytes would answer as decodeLento.
var errRifai = errors.New("lpu: rifai con encoding/json")

// decodeVeloce decodes data into v; fatto false leaves the answer to
// decodeLento (v untouched).
func decodeVeloce(data []byte, v any) (fatto bool, err error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || len(data) > 1<<30 {
		return false, nil
	}
	d := decodifiche.Get().(*decodifica)
	defer d.rilascia()
	if !d.leggi(data) {
		return false, nil
	}
	err = d.assegna(0, rv.Elem(), "")
	if err == errRifai {
		return false, nil
	}
	return true, err
}

func (d *decodifica) rilascia() {
	d.dati = nil
	d.buf = bytes.Buffer{}
	d.dec.Reset(&d.buf)
	if cap(d.nodi) > 1<<14 || cap(d.membri) > 1<<12 {
		return // a huge body's buffers are not kept
	}
	decodifiche.Put(d)
}

func spazio(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// leggi checks the syntax of data and records its nodes; false when data
// is not one well-formed object followed only by white space.
func (d *decodifica) leggi(data []byte) bool {
	i := 0
	for i < len(data) && spazio(data[i]) {
		i++
	}
	if i == len(data) || data[i] != '{' {
		return false
	}
	d.dati = data
	d.nodi = d.nodi[:0]
	d.membri = d.membri[:0]
	d.buf = *bytes.NewBuffer(data)
	d.dec.Reset(&d.buf, opzioniJSON)
	padre := int32(-1)
	nome := false // the next string is an object's name
	prof := 0
	for {
		switch k := d.dec.PeekKind(); k {
		case '{', '[':
			if _, err := d.dec.ReadToken(); err != nil {
				return false
			}
			if prof++; prof > maxProfondita {
				return false
			}
			n := int32(len(d.nodi))
			d.nodi = append(d.nodi, nodo{tipo: byte(k), padre: padre, ini: int32(d.dec.InputOffset()) - 1})
			padre, nome = n, k == '{'
		case '}', ']':
			if _, err := d.dec.ReadToken(); err != nil {
				return false
			}
			prof--
			p := &d.nodi[padre]
			p.fin, p.dopo = int32(d.dec.InputOffset()), int32(len(d.nodi))
			if padre = p.padre; padre < 0 {
				for _, c := range data[p.fin:] {
					if !spazio(c) {
						return false // dec.More's cases
					}
				}
				return true
			}
			nome = d.nodi[padre].tipo == '{'
		default:
			val, err := d.dec.ReadValue()
			if err != nil {
				return false
			}
			fin := int32(d.dec.InputOffset())
			n := nodo{tipo: byte(k), padre: padre, ini: fin - int32(len(val)), fin: fin, dopo: int32(len(d.nodi)) + 1}
			switch {
			case k == '"':
				n.esc = bytes.IndexByte(val, '\\') >= 0
				if nome {
					n.tipo, nome = 'k', false
				} else {
					nome = d.nodi[padre].tipo == '{'
				}
			case k == 'n' || k == 't' || k == 'f' || k == '0':
				nome = d.nodi[padre].tipo == '{'
			default:
				return false
			}
			d.nodi = append(d.nodi, n)
		}
	}
}

// testo is a string's bytes without the quotes.
func (d *decodifica) testo(i int32) []byte {
	n := &d.nodi[i]
	return d.dati[n.ini+1 : n.fin-1]
}

// lento assigns node i to v with assign, as decodeLento would.
func (d *decodifica) lento(i int32, v reflect.Value, tag string) error {
	n := &d.nodi[i]
	dec := json.NewDecoder(bytes.NewReader(d.dati[n.ini:n.fin]))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return errRifai
	}
	return assign(x, v, d.percorso(i), tag)
}

// generico is node i as encoding/json decodes it into an any with
// UseNumber (for a member of an Altri map).
func (d *decodifica) generico(i int32) (any, error) {
	n := &d.nodi[i]
	switch {
	case n.tipo == 'n':
		return nil, nil
	case n.tipo == 't' || n.tipo == 'f':
		return n.tipo == 't', nil
	case n.tipo == '0':
		return json.Number(d.dati[n.ini:n.fin]), nil
	case n.tipo == '"' && !n.esc:
		return string(d.testo(i)), nil
	}
	dec := json.NewDecoder(bytes.NewReader(d.dati[n.ini:n.fin]))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return nil, errRifai
	}
	return x, nil
}

// percorso is the path of node i as assign names it.
func (d *decodifica) percorso(i int32) string {
	p := d.nodi[i].padre
	if p < 0 {
		return ""
	}
	if d.nodi[p].tipo == '{' {
		var k string
		if d.nodi[i-1].esc {
			json.Unmarshal(d.dati[d.nodi[i-1].ini:d.nodi[i-1].fin], &k)
		} else {
			k = string(d.testo(i - 1))
		}
		return join(d.percorso(p), k)
	}
	k := 0
	for j := p + 1; j != i; j = d.nodi[j].dopo {
		k++
	}
	return d.percorso(p) + "[" + strconv.Itoa(k) + "]"
}

func (d *decodifica) assegna(i int32, v reflect.Value, tag string) error {
	n := &d.nodi[i]
	if n.tipo == 'n' { // null: leave the value
		return nil
	}
	switch v.Type() {
	case tDurata:
		return d.durata(i, v)
	case tImporto:
		var s []byte
		switch {
		case n.tipo == '0':
			s = d.dati[n.ini:n.fin]
		case n.tipo == '"' && !n.esc:
			s = d.testo(i)
		default:
			return d.lento(i, v, tag)
		}
		if !importoSemplice(s) {
			return d.lento(i, v, tag)
		}
		x, err := calc.ParseDecimale(string(s))
		if err != nil || x.GreaterThan(maxImporto) {
			return d.lento(i, v, tag)
		}
		*v.Addr().Interface().(*Importo) = Importo{x}
		return nil
	case tData:
		if n.tipo != '"' || n.esc {
			return d.lento(i, v, tag)
		}
		s := d.testo(i)
		if len(s) == 0 {
			return nil
		}
		t, ok := dataSemplice(s)
		if !ok {
			return d.lento(i, v, tag)
		}
		*v.Addr().Interface().(*Data) = Data{t}
		return nil
	}
	switch v.Kind() {
	case reflect.Struct:
		if n.tipo != '{' {
			return d.lento(i, v, tag)
		}
		base := len(d.membri)
		for j := i + 1; j < n.dopo; j = d.nodi[j+1].dopo {
			if d.nodi[j].esc {
				d.membri = d.membri[:base]
				return d.lento(i, v, tag)
			}
			d.membri = append(d.membri, membro{d.testo(j), j + 1})
		}
		m := d.membri[base:]
		// Sorted by name (names are unique: jsontext refused duplicates).
		slices.SortFunc(m, func(a, b membro) int { return bytes.Compare(a.nome, b.nome) })
		campi := campiDi(v.Type())
		for a := range m {
			f, ok := campi[string(m[a].nome)]
			if !ok {
				if k := altriDi(v.Type()); k >= 0 {
					x, err := d.generico(m[a].val)
					if err != nil {
						d.membri = d.membri[:base]
						return err
					}
					mettiAltro(v, k, string(m[a].nome), x)
					continue
				}
				d.membri = d.membri[:base]
				return d.lento(i, v, tag)
			}
			if err := d.assegna(m[a].val, v.Field(f.indice), f.tag); err != nil {
				return err
			}
		}
		d.membri = d.membri[:base]
		return nil
	case reflect.Bool:
		if n.tipo != 't' && n.tipo != 'f' {
			return d.lento(i, v, tag)
		}
		v.SetBool(n.tipo == 't')
		return nil
	case reflect.Int:
		x, ok := d.intero(i, tagMax(tag, maxIntDefault))
		if !ok {
			return d.lento(i, v, tag)
		}
		v.SetInt(int64(x))
		return nil
	case reflect.String:
		if n.tipo != '"' || n.esc || int(n.fin-n.ini-2) > tagMax(tag, maxStringa) {
			return d.lento(i, v, tag)
		}
		v.SetString(string(d.testo(i)))
		return nil
	case reflect.Slice:
		if n.tipo != '[' {
			return d.lento(i, v, tag)
		}
		l := 0
		for j := i + 1; j < n.dopo; j = d.nodi[j].dopo {
			l++
		}
		if l > tagMax(tag, maxLista) {
			return d.lento(i, v, tag)
		}
		s := reflect.MakeSlice(v.Type(), l, l)
		for j, k := i+1, 0; j < n.dopo; j, k = d.nodi[j].dopo, k+1 {
			if err := d.assegna(j, s.Index(k), ""); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	}
	// Maps (the weekdays of a plan) and anything else.
	return d.lento(i, v, tag)
}

// durata assigns a duration whose parts are all plain integers in range;
// any other is assign's.
func (d *decodifica) durata(i int32, v reflect.Value) error {
	n := &d.nodi[i]
	if n.tipo != '{' {
		return d.lento(i, v, "")
	}
	var du calc.Durata
	// In the body's order; a null part sets zero, as assignDurata on a
	// map.
	for j := i + 1; j < n.dopo; j = d.nodi[j+1].dopo {
		var dst *int
		var max int
		switch string(d.testo(j)) {
		case "anni":
			dst, max = &du.Anni, maxAnni
		case "mesi":
			dst, max = &du.Mesi, maxMesi
		case "giorni":
			dst, max = &du.Giorni, maxGiorni
		default:
			return d.lento(i, v, "")
		}
		if d.nodi[j].esc {
			return d.lento(i, v, "")
		}
		if d.nodi[j+1].tipo == 'n' {
			*dst = 0
			continue
		}
		x, ok := d.intero(j+1, max)
		if !ok {
			return d.lento(i, v, "")
		}
		*dst = x
	}
	*v.Addr().Interface().(*calc.Durata) = du
	return nil
}

// intero reads node i if it is a plain integer from 0 to max.
func (d *decodifica) intero(i int32, max int) (int, bool) {
	n := &d.nodi[i]
	if n.tipo != '0' || n.fin-n.ini > 18 {
		return 0, false
	}
	x := 0
	for _, c := range d.dati[n.ini:n.fin] {
		if c < '0' || c > '9' {
			return 0, false
		}
		x = x*10 + int(c-'0')
	}
	return x, x <= max
}

// importoSemplice: digits with at most one dot, not at either end,
// followed by at most two digits.
func importoSemplice(s []byte) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	punto := -1
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && punto < 0 && i > 0 && i < len(s)-1:
			punto = i
		default:
			return false
		}
	}
	return punto < 0 || len(s)-punto-1 <= 2
}

// dataSemplice reads "AAAA-MM-GG", an existing day of the years
// 1900–2200, as calc.ParseData does.
func dataSemplice(s []byte) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	n := func(b []byte) int {
		x := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return -1
			}
			x = x*10 + int(c-'0')
		}
		return x
	}
	a, m, g := n(s[:4]), n(s[5:7]), n(s[8:])
	if a < 1900 || a > 2200 || m < 1 || m > 12 || g < 1 {
		return time.Time{}, false
	}
	t := time.Date(a, time.Month(m), g, 0, 0, 0, 0, time.UTC)
	if t.Day() != g {
		return time.Time{}, false // 30 February
	}
	return t, true
}
