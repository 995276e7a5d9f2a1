package lpu

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/lpu-it/lpu/calc"
)

// The JSON decoder of DecodeBytes and of the lotto's elements, the one
// reader of JSON requests:
//
//  1. One pass of jsontext over the body checks its syntax, its depth
//     (maxProfondita) and that no object names a member twice, and
//     records every value as offsets into the body (nodo). Any problem
//     is a json_non_valido or chiave_duplicata error before anything is
//     assigned; a syntax error anywhere wins over a duplicate name.
//  2. The values are assigned walking the nodes, the fields of an object
//     in sorted order. Each value is assigned directly when it is plainly
//     valid; anything else (every error, escapes, exponents, durations
//     and maps that are not plainly valid, …) is turned into the generic
//     value encoding/json's UseNumber would give (generico) and handed
//     to assign, which defines the checks, codes, messages and paths of
//     every request, JSON or CSV. assign only sets what the JSON says,
//     so running it on a value the direct path has partly filled gives
//     what it gives alone.
//
// Paths are built only for an error, from the nodes' parents.

// nodo is one JSON value, or object name, of the body.
type nodo struct {
	tipo     byte  // 'n' null, 't' true, 'f' false, '"' string, '0' number, '{', '[', 'k' name
	esc      bool  // a string or name with a backslash escape or invalid UTF-8
	padre    int32 // the enclosing object or array; -1 for the top value
	ini, fin int32 // the value's bytes, quotes and brackets included
	dopo     int32 // the first node after this value's own
}

// membro is a field of an object, for sorting.
type membro struct {
	nome []byte
	val  int32
	f    campoJSON // the Go field, if noto
	noto bool
}

type decodifica struct {
	dati   []byte
	nodi   []nodo
	membri []membro
	buf    bytes.Buffer
	dec    jsontext.Decoder
}

var decodifiche = sync.Pool{New: func() any { return new(decodifica) }}

// opzioniJSON: a name given twice in one object is refused (encoding/json
// would keep the last one, so {"fattispecie":"cds186",…,"fattispecie":
// "gdp54"} would be computed as gdp54); invalid UTF-8 is read as U+FFFD,
// as encoding/json reads it.
var opzioniJSON = []jsontext.Options{jsontext.AllowDuplicateNames(false), jsontext.AllowInvalidUTF8(true)}

// maxProfondita bounds the nesting of a body: no request type is deeper
// than 4.
const maxProfondita = 64

// maxCorpo bounds a body (offsets are int32); the server reads at most
// a few MiB.
const maxCorpo = 1 << 30

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

// leggi checks the syntax of data, one JSON value followed only by white
// space, and records its nodes (the top value is node 0).
func (d *decodifica) leggi(data []byte) error {
	i := 0
	for i < len(data) && spazio(data[i]) {
		i++
	}
	if i == len(data) {
		return errInput(CodeJSONNonValido, "", "richiesta vuota: atteso un oggetto JSON")
	}
	if len(data) > maxCorpo {
		return errInput(CodeJSONNonValido, "", "richiesta troppo grande")
	}
	d.dati = data
	d.nodi = d.nodi[:0]
	d.membri = d.membri[:0]
	d.buf = *bytes.NewBuffer(data)
	d.dec.Reset(&d.buf, opzioniJSON...)
	padre := int32(-1)
	nome := false // the next string is an object's name
	prof := 0
	fine := func() error { // after the top value: only white space
		for _, c := range data[d.dec.InputOffset():] {
			if !spazio(c) {
				return errInput(CodeJSONNonValido, "", "JSON non valido: dati in eccesso dopo l'oggetto")
			}
		}
		return nil
	}
	for {
		switch k := d.dec.PeekKind(); k {
		case '{', '[':
			if _, err := d.dec.ReadToken(); err != nil {
				return d.errore(err, padre)
			}
			if prof++; prof > maxProfondita {
				return errInput(CodeJSONNonValido, "", "JSON non valido: più di %d livelli annidati alla posizione %d", maxProfondita, d.dec.InputOffset()-1)
			}
			n := int32(len(d.nodi))
			d.nodi = append(d.nodi, nodo{tipo: byte(k), padre: padre, ini: int32(d.dec.InputOffset()) - 1})
			padre, nome = n, k == '{'
		case '}', ']':
			if _, err := d.dec.ReadToken(); err != nil {
				return d.errore(err, padre)
			}
			prof--
			p := &d.nodi[padre]
			p.fin, p.dopo = int32(d.dec.InputOffset()), int32(len(d.nodi))
			if padre = p.padre; padre < 0 {
				return fine()
			}
			nome = d.nodi[padre].tipo == '{'
		default:
			val, err := d.dec.ReadValue()
			if err != nil {
				return d.errore(err, padre)
			}
			fin := int32(d.dec.InputOffset())
			n := nodo{tipo: byte(k), padre: padre, ini: fin - int32(len(val)), fin: fin, dopo: int32(len(d.nodi)) + 1}
			if k == '"' {
				n.esc = bytes.IndexByte(val, '\\') >= 0 || !utf8.Valid(val)
				if nome {
					n.tipo, nome = 'k', false
				}
			}
			d.nodi = append(d.nodi, n)
			if padre < 0 {
				return fine()
			}
			if n.tipo != 'k' {
				nome = d.nodi[padre].tipo == '{'
			}
		}
	}
}

// errore is the answer to an error of jsontext while reading inside the
// node padre. A name given twice is chiave_duplicata, with its path,
// unless the body has a syntax error further on.
func (d *decodifica) errore(err error, padre int32) error {
	var se *jsontext.SyntacticError
	if errors.As(err, &se) && errors.Is(se.Err, jsontext.ErrDuplicateName) {
		if err := sintassi(d.dati); err != nil {
			return err
		}
		nome := se.JSONPointer.LastToken()
		campo := nome
		if padre >= 0 {
			campo = citaTesto(join(d.percorso(padre), nome))
		}
		return errInput(CodeChiaveDuplicata, campo, "campo «%s» indicato due volte: ogni campo va indicato una sola volta", campo)
	}
	return erroreSintassi(err)
}

// sintassi checks data as one JSON value followed by white space,
// duplicate names allowed.
func sintassi(data []byte) error {
	dec := jsontext.NewDecoder(bytes.NewReader(data), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if _, err := dec.ReadValue(); err != nil {
		return erroreSintassi(err)
	}
	for _, c := range data[dec.InputOffset():] {
		if !spazio(c) {
			return errInput(CodeJSONNonValido, "", "JSON non valido: dati in eccesso dopo l'oggetto")
		}
	}
	return nil
}

// erroreSintassi is a json_non_valido error for an error of jsontext.
func erroreSintassi(err error) error {
	return errInput(CodeJSONNonValido, "", "JSON non valido: %s", msgSintassi(err))
}

// msgSintassi says where and why jsontext refused a JSON text.
func msgSintassi(err error) string {
	var se *jsontext.SyntacticError
	if !errors.As(err, &se) {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return "il testo finisce prima della fine del valore"
		}
		return err.Error()
	}
	if errors.Is(se.Err, io.ErrUnexpectedEOF) || errors.Is(se.Err, io.EOF) {
		return "il testo finisce prima della fine del valore (posizione " + strconv.FormatInt(se.ByteOffset, 10) + ")"
	}
	return "sintassi alla posizione " + strconv.FormatInt(se.ByteOffset, 10) + " (" + se.Err.Error() + ")"
}

// decodeGenerico reads data, one JSON value, as encoding/json's
// UseNumber would give it (for the elements of a JSON lotto), with
// DecodeBytes's checks.
func decodeGenerico(data []byte) (any, error) {
	d := decodifiche.Get().(*decodifica)
	defer d.rilascia()
	if err := d.leggi(data); err != nil {
		return nil, err
	}
	return d.generico(0), nil
}

// testo is a string's bytes without the quotes.
func (d *decodifica) testo(i int32) []byte {
	n := &d.nodi[i]
	return d.dati[n.ini+1 : n.fin-1]
}

// stringa is the text of string or name node i.
func (d *decodifica) stringa(i int32) string {
	n := &d.nodi[i]
	if !n.esc {
		return string(d.testo(i))
	}
	// leggi has checked the string; invalid UTF-8 and lone surrogates
	// come out as U+FFFD, and the error that says so is not one.
	b, _ := jsontext.AppendUnquote(nil, d.dati[n.ini:n.fin])
	return string(b)
}

// lento assigns node i to v with assign, which has every check.
func (d *decodifica) lento(i int32, v reflect.Value, tag string) error {
	return assign(d.generico(i), v, d.percorso(i), tag)
}

// generico is node i as encoding/json decodes it into an any with
// UseNumber: nil, bool, json.Number, string, []any, map[string]any.
func (d *decodifica) generico(i int32) any {
	n := &d.nodi[i]
	switch n.tipo {
	case 't', 'f':
		return n.tipo == 't'
	case '0':
		return json.Number(d.dati[n.ini:n.fin])
	case '"', 'k':
		return d.stringa(i)
	case '{':
		m := map[string]any{}
		for j := i + 1; j < n.dopo; j = d.nodi[j+1].dopo {
			m[d.stringa(j)] = d.generico(j + 1)
		}
		return m
	case '[':
		a := []any{}
		for j := i + 1; j < n.dopo; j = d.nodi[j].dopo {
			a = append(a, d.generico(j))
		}
		return a
	}
	return nil
}

// percorso is the path of node i as assign names it.
func (d *decodifica) percorso(i int32) string {
	p := d.nodi[i].padre
	if p < 0 {
		return ""
	}
	if d.nodi[p].tipo == '{' {
		return join(d.percorso(p), d.stringa(i-1))
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
		campi := campiDi(v.Type())
		altri := -2 // the index of the Altri field, once looked up
		for j := i + 1; j < n.dopo; j = d.nodi[j+1].dopo {
			f, ok := campi[string(d.testo(j))]
			if !ok && altri == -2 {
				altri = altriDi(v.Type())
			}
			if d.nodi[j].esc || !ok && altri < 0 {
				// An escaped or unknown name: assign reports the
				// object's errors, all of them.
				d.membri = d.membri[:base]
				return d.lento(i, v, tag)
			}
			d.membri = append(d.membri, membro{d.testo(j), j + 1, f, ok})
		}
		m := d.membri[base:]
		// Sorted by name (names are unique: leggi refused duplicates).
		slices.SortFunc(m, func(a, b membro) int { return bytes.Compare(a.nome, b.nome) })
		// Every bad field is reported, up to MaxErrors, in assign's
		// order.
		var r raccolta
		for a := range m {
			if !m[a].noto {
				mettiAltro(v, altri, string(m[a].nome), d.generico(m[a].val))
				continue
			}
			f := m[a].f
			if err := d.assegna(m[a].val, v.Field(f.indice), f.tag); err != nil && !r.aggiungi(err) {
				break
			}
		}
		d.membri = d.membri[:base]
		return r.err()
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
		var r raccolta
		for j, k := i+1, 0; j < n.dopo; j, k = d.nodi[j].dopo, k+1 {
			if err := d.assegna(j, s.Index(k), ""); err != nil && !r.aggiungi(err) {
				break
			}
		}
		v.Set(s)
		return r.err()
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
