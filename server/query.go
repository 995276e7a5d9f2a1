package server

import (
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"

	"github.com/lpu-it/lpu/lpu"
)

// Limits of a query string (GET /api/v1/piano.ics, /api/v1/registro.csv
// and the query of POST /api/v1/lotto). They are checked on the raw
// query, before url.ParseQuery builds anything.
const (
	// MaxQuery is the longest query accepted, in bytes (414 beyond it):
	// a piano has some fifty fields of a few dozen bytes each, and even
	// the whole request as richiesta=<JSON>, percent-encoded, with a few
	// suspensions fits in a fraction of it.
	MaxQuery = 8 << 10
	// MaxParametriQuery is the largest number of parameters (400
	// beyond it). A piano request has fewer fields that a query can
	// name (TestQueryLimitiDalTipo checks it against the type).
	MaxParametriQuery = 100
)

// leggiQuery parses a raw query strictly: too long (414
// query_troppo_lunga), too many parameters (400 troppi_parametri) and
// malformed ones — a bad % escape, a ';' separator — (400
// query_non_valida) are refused rather than dropped, as
// (*url.URL).Query would silently do.
func leggiQuery(raw string) (url.Values, *lpu.Error) {
	if len(raw) > MaxQuery {
		return nil, errore(http.StatusRequestURITooLong, lpu.CodeQueryTroppoLunga, "",
			"query troppo lunga: al massimo %d KiB (per una richiesta più ampia usare POST con un corpo JSON)", MaxQuery>>10)
	}
	if n := strings.Count(raw, "&") + strings.Count(raw, ";") + 1; n > MaxParametriQuery {
		return nil, errore(http.StatusBadRequest, lpu.CodeTroppiParametri, "",
			"troppi parametri nella query: al massimo %d", MaxParametriQuery)
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		var ee url.EscapeError
		if errors.As(err, &ee) {
			return nil, errore(http.StatusBadRequest, lpu.CodeQueryNonValida, "",
				"query non valida: la sequenza «%s» non è una codifica percentuale (%%XX) corretta", troncato(string(ee), 10))
		}
		return nil, errore(http.StatusBadRequest, lpu.CodeQueryNonValida, "",
			"query non valida: i parametri vanno separati con «&» (non con «;») e codificati come in un URL")
	}
	return utf8Valido(q), nil
}

// utf8Valido replaces in the names and values of a form or a query
// (%FF, or bytes a client sent raw) each byte that is not UTF-8 with
// U+FFFD, as the API's JSON decoding does with a string: a page echoes
// what was typed as valid text, never raw bytes, and the engine reads
// the same value from the form as from the API.
func utf8Valido(v url.Values) url.Values {
	for k, vv := range v {
		for i, x := range vv {
			vv[i] = testoValido(x)
		}
		if kv := testoValido(k); kv != k {
			delete(v, k)
			v[kv] = append(v[kv], vv...)
		}
	}
	return v
}

// testoValido is s with each byte that is not UTF-8 replaced by U+FFFD.
func testoValido(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// nomiQuery are the names of a raw query that leggiQuery accepted, each
// once, in the order they first come (url.Values forgets it): an error
// about one of several names is then the same every time.
func nomiQuery(raw string) []string {
	var out []string
	visti := map[string]bool{}
	for raw != "" {
		var coppia string
		coppia, raw, _ = strings.Cut(raw, "&")
		k, _, _ := strings.Cut(coppia, "=")
		if k, err := url.QueryUnescape(k); err == nil && coppia != "" && !visti[k] {
			visti[k] = true
			out = append(out, k)
		}
	}
	return out
}

// campoQuery is a name a query may give: a field of the request type,
// with the names under it (a struct's fields, or any key of a map).
type campoQuery struct {
	figli  map[string]*campoQuery // a struct's fields by JSON name
	chiave *campoQuery            // a map: what any key holds
	genere reflect.Kind           // a leaf's kind: an int, a string (a date, an amount), …
}

var (
	tipoData    = reflect.TypeFor[lpu.Data]()
	tipoImporto = reflect.TypeFor[lpu.Importo]()
)

// schemaQuery describes t as a query may name it: structs (but the
// dates and amounts, which are single values) have fields by their JSON
// names, maps any key; anything else, lists included, is a leaf.
func schemaQuery(t reflect.Type) *campoQuery {
	c := &campoQuery{genere: t.Kind()}
	switch {
	case t == tipoData || t == tipoImporto:
		c.genere = reflect.String
	case t.Kind() == reflect.Struct:
		c.figli = map[string]*campoQuery{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			nome, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if nome == "" || nome == "-" || !f.IsExported() {
				continue
			}
			c.figli[nome] = schemaQuery(f.Type)
		}
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		c.chiave = schemaQuery(t.Elem())
	}
	return c
}

// profondita is the number of names in the longest path under c.
func (c *campoQuery) profondita() int {
	max := 0
	for _, f := range c.figli {
		max = maxInt(max, f.profondita())
	}
	if c.chiave != nil {
		max = maxInt(max, c.chiave.profondita())
	}
	if c.figli == nil && c.chiave == nil {
		return 0
	}
	return max + 1
}

// foglie counts the names under c a query can give (a map counts one).
func (c *campoQuery) foglie() int {
	if c.figli == nil && c.chiave == nil {
		return 1
	}
	n := 0
	for _, f := range c.figli {
		n += f.foglie()
	}
	if c.chiave != nil {
		n += c.chiave.foglie()
	}
	return n
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// schemaPiano is the piano request as a query names it, and the depth
// of its deepest field (fatti.pena_edittale_max.anni: 3).
var schemaPiano = sync.OnceValues(func() (*campoQuery, int) {
	s := schemaQuery(reflect.TypeFor[lpu.RichiestaPiano]())
	return s, s.profondita()
})

// controllaChiave checks a dotted query name against the piano request
// type, allocating nothing unless it is refused: too deep, an empty
// segment, or a name the type does not have.
func controllaChiave(k string) *lpu.Error {
	_, e := campoChiave(k)
	return e
}

// campoChiave is what the dotted query name k names in the piano request
// type, or controllaChiave's refusal.
func campoChiave(k string) (*campoQuery, *lpu.Error) {
	radice, prof := schemaPiano()
	if strings.Count(k, ".") >= prof {
		return nil, errore(http.StatusBadRequest, lpu.CodeQueryNonValida, troncato(k, 40),
			"nome di parametro non valido: «%s» (al massimo %d nomi separati da un punto)", troncato(k, 40), prof)
	}
	c := radice
	for resto := k; ; {
		p, dopo, altro := strings.Cut(resto, ".")
		if p == "" {
			return nil, errore(http.StatusBadRequest, lpu.CodeQueryNonValida, troncato(k, 40), "nome di parametro non valido: «%s»", troncato(k, 40))
		}
		switch {
		case c.figli != nil:
			f, ok := c.figli[p]
			if !ok {
				return nil, errore(http.StatusBadRequest, lpu.CodeCampoSconosciuto, troncato(k, 40), "campo sconosciuto: «%s»", troncato(k, 40))
			}
			c = f
		case c.chiave != nil:
			c = c.chiave
		default: // below a single value
			return nil, errore(http.StatusBadRequest, lpu.CodeCampoSconosciuto, troncato(k, 40), "campo sconosciuto: «%s»", troncato(k, 40))
		}
		if !altro {
			return c, nil
		}
		resto = dopo
	}
}
