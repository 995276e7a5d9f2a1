package lpu

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// The JSON decoder of DecodeBytes and of the lotto's elements, the one
// reader of JSON requests:
//
//  1. One pass of jsontext over the body checks its syntax, its depth
//     (maxProfondita) and that no object names a member twice, and
//     records every value as offsets into the body (nodo). Any problem
//     is a json_non_valido or chiave_duplicata error before anything is
//     assigned; a syntax error anywhere wins over a duplicate name.
//  2. The nodes become the generic value encoding/json's UseNumber
//     would give (generico), handed to assign, which defines the checks,
//     codes, messages and paths of every request, JSON or CSV: one path
//     for every value. (A direct assignment of the plainly valid values
//     saved about 5 µs of a request's decoding, 2 µs of an in-process
//     calcolo of 31 µs: not worth a second copy of assign's checks.)

// nodo is one JSON value, or object name, of the body.
type nodo struct {
	tipo     byte  // 'n' null, 't' true, 'f' false, '"' string, '0' number, '{', '[', 'k' name
	esc      bool  // a string or name with a backslash escape or invalid UTF-8
	padre    int32 // the enclosing object or array; -1 for the top value
	ini, fin int32 // the value's bytes, quotes and brackets included
	dopo     int32 // the first node after this value's own
}

type decodifica struct {
	dati []byte
	nodi []nodo
	buf  bytes.Buffer
	dec  jsontext.Decoder
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
	if cap(d.nodi) > 1<<14 {
		return // a huge body's buffers are not kept
	}
	decodifiche.Put(d)
}

func spazio(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// bom is the UTF-8 byte order mark. A request may start with one, as a
// lotto may: Windows editors save UTF-8 so (Notepad before 2019,
// PowerShell 5's Out-File), and RFC 8259 §8.1 lets a parser ignore it.
// Anywhere else it is a syntax error.
var bom = []byte("\ufeff")

// leggi checks the syntax of data, one JSON value followed only by white
// space, and records its nodes (the top value is node 0).
func (d *decodifica) leggi(data []byte) error {
	data = bytes.TrimPrefix(data, bom)
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
	d.buf = *bytes.NewBuffer(data)
	d.dec.Reset(&d.buf, opzioniJSON...)
	padre := int32(-1)
	nome := false // the next string is an object's name
	prof := 0
	fine := func() error { return finito(data, d.dec.InputOffset()) }
	for {
		switch k := d.dec.PeekKind(); k {
		case '{', '[':
			if _, err := d.dec.ReadToken(); err != nil {
				return d.errore(err, padre)
			}
			if prof++; prof > maxProfondita {
				return errInput(CodeJSONNonValido, "", "JSON non valido: più di %d livelli annidati (%s)", maxProfondita, posizioneJSON(data, d.dec.InputOffset()-1))
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
// unless the body has a syntax error further on. A syntax error is the
// one jsontext's ReadValue finds, which says more than the token
// reader's ("{\"a\":1,}": a «}» where a name is expected, not a «,»
// where a value is).
func (d *decodifica) errore(err error, padre int32) error {
	var se *jsontext.SyntacticError
	if !errors.As(err, &se) || !errors.Is(se.Err, jsontext.ErrDuplicateName) {
		if e := sintassi(d.dati); e != nil {
			return e
		}
		return erroreSintassi(err, d.dati)
	}
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

// sintassi checks data as one JSON value followed by white space,
// duplicate names allowed.
func sintassi(data []byte) error {
	dec := jsontext.NewDecoder(bytes.NewReader(data), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if _, err := dec.ReadValue(); err != nil {
		return erroreSintassi(err, data)
	}
	return finito(data, dec.InputOffset())
}

// finito checks that data has only white space from offset on, after
// its value.
func finito(data []byte, offset int64) error {
	for i, c := range data[offset:] {
		if !spazio(c) {
			return errInput(CodeJSONNonValido, "", "JSON non valido: dati in eccesso dopo l'oggetto (%s)", posizioneJSON(data, offset+int64(i)))
		}
	}
	return nil
}

// erroreSintassi is a json_non_valido error for an error of jsontext
// while reading data.
func erroreSintassi(err error, data []byte) error {
	return errInput(CodeJSONNonValido, "", "JSON non valido: %s", msgSintassi(err, data))
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
