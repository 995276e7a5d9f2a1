package lpu

// The decoder as it was before the fast path (commit 8b69519,
// lpu/decode.go), kept verbatim but for the names (suffix Rif) and the
// two exported ones made private: the reference the differential test and
// FuzzDecodeEquivalente hold DecodeBytes and Assign to. Only errInput,
// the limits and the request types are shared; and one deliberate change
// since: a duplicate name is refused (chiaveDuplicata, decode.go) where
// the last one used to win; and another: a client's text is quoted in a
// message, or named in a path, cut to 60 characters (citaTesto).

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/calc"
)

// DecodeBytesRif and AssignRif are the reference, for the external tests.
var (
	DecodeBytesRif = decodeBytesRif
	AssignRif      = assignPubRif
)

// DecodeBytes is Decode on a byte slice.
func decodeBytesRif(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) {
			return errInput("json_non_valido", "", "richiesta vuota: atteso un oggetto JSON")
		}
		return errInput("json_non_valido", "", "JSON non valido: %s", jsonMsgRif(err))
	}
	if dec.More() {
		return errInput("json_non_valido", "", "JSON non valido: dati in eccesso dopo l'oggetto")
	}
	if _, ok := raw.(map[string]any); !ok {
		return errInput("json_non_valido", "", "atteso un oggetto JSON")
	}
	if err := chiaveDuplicata(data, raw); err != nil {
		return err
	}
	return assignPubRif(raw, v)
}

// Assign fills v (a pointer) from a generic JSON value as decoded with
// UseNumber, with the same checks as Decode.
func assignPubRif(raw any, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("lpu: Assign vuole un puntatore")
	}
	return assignRif(raw, rv.Elem(), "", "")
}

func jsonMsgRif(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return "sintassi alla posizione " + strconv.FormatInt(se.Offset, 10) + " (" + se.Error() + ")"
	}
	return err.Error()
}

var (
	tDurataRif  = reflect.TypeOf(calc.Durata{})
	tImportoRif = reflect.TypeOf(Importo{})
	tDataRif    = reflect.TypeOf(Data{})
)

func kindNameRif(x any) string {
	switch x.(type) {
	case nil:
		return "null"
	case bool:
		return "un booleano"
	case json.Number:
		return "un numero"
	case string:
		return "un testo"
	case []any:
		return "una lista"
	case map[string]any:
		return "un oggetto"
	}
	return "un valore"
}

func tagMaxRif(tag string, def int) int {
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

func assignRif(x any, v reflect.Value, path, tag string) error {
	if x == nil { // null: leave the zero value
		return nil
	}
	switch v.Type() {
	case tDurataRif:
		return assignDurataRif(x, v, path)
	case tImportoRif:
		return assignImportoRif(x, v, path)
	case tDataRif:
		s, ok := x.(string)
		if !ok {
			return errInput("tipo_errato", path, "attesa una data \"AAAA-MM-GG\", trovato %s", kindNameRif(x))
		}
		if s == "" {
			return nil
		}
		t, err := calc.ParseData(s)
		if err != nil || t.Year() < 1900 || t.Year() > 2200 {
			return errInput("data_non_valida", path, "data non valida: «%s» (formato AAAA-MM-GG, anni 1900–2200)", citaTesto(s))
		}
		v.Set(reflect.ValueOf(Data{t}))
		return nil
	}
	switch v.Kind() {
	case reflect.Struct:
		m, ok := x.(map[string]any)
		if !ok {
			return errInput("tipo_errato", path, "atteso un oggetto, trovato %s", kindNameRif(x))
		}
		campiRif := campiDiRif(v.Type())
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sortStringsRif(keys)
		for _, k := range keys {
			f, ok := campiRif[k]
			if !ok {
				return errInput("campo_sconosciuto", joinRif(path, citaTesto(k)), "campo sconosciuto: «%s»", citaTesto(k))
			}
			if err := assignRif(m[k], v.Field(f.indice), joinRif(path, k), f.tag); err != nil {
				return err
			}
		}
		return nil
	case reflect.Bool:
		b, ok := x.(bool)
		if !ok {
			return errInput("tipo_errato", path, "atteso true o false, trovato %s", kindNameRif(x))
		}
		v.SetBool(b)
		return nil
	case reflect.Int:
		n, err := interoRif(x, path, tagMaxRif(tag, maxIntDefault))
		if err != nil {
			return err
		}
		v.SetInt(int64(n))
		return nil
	case reflect.String:
		s, ok := x.(string)
		if !ok {
			return errInput("tipo_errato", path, "atteso un testo, trovato %s", kindNameRif(x))
		}
		if max := tagMaxRif(tag, maxStringa); len(s) > max {
			return errInput("fuori_intervallo", path, "testo troppo lungo (al massimo %d caratteri)", max)
		}
		v.SetString(s)
		return nil
	case reflect.Slice:
		a, ok := x.([]any)
		if !ok {
			return errInput("tipo_errato", path, "attesa una lista, trovato %s", kindNameRif(x))
		}
		if max := tagMaxRif(tag, maxLista); len(a) > max {
			return errInput("fuori_intervallo", path, "lista troppo lunga (al massimo %d elementi)", max)
		}
		s := reflect.MakeSlice(v.Type(), len(a), len(a))
		for i, e := range a {
			if err := assignRif(e, s.Index(i), path+"["+strconv.Itoa(i)+"]", ""); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Map:
		m, ok := x.(map[string]any)
		if !ok {
			return errInput("tipo_errato", path, "atteso un oggetto, trovato %s", kindNameRif(x))
		}
		out := reflect.MakeMapWithSize(v.Type(), len(m))
		for _, k := range chiaviOrdinateRif(m) {
			e := m[k]
			ev := reflect.New(v.Type().Elem()).Elem()
			if err := assignRif(e, ev, joinRif(path, citaTesto(k)), tag); err != nil {
				return err
			}
			out.SetMapIndex(reflect.ValueOf(k), ev)
		}
		v.Set(out)
		return nil
	}
	return errInput("tipo_errato", path, "tipo non gestito")
}

func interoRif(x any, path string, max int) (int, error) {
	num, ok := x.(json.Number)
	if !ok {
		return 0, errInput("tipo_errato", path, "atteso un numero intero, trovato %s", kindNameRif(x))
	}
	n, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil {
		// An integer written as 1e3 or 1.0. The exponent is bounded
		// before any arithmetic: 1e999999999 would take minutes.
		d, err2 := decimal.NewFromString(string(num))
		switch {
		case err2 == nil && d.IsZero(): // 0.0, 0e999
			d = decimal.Zero
		case err2 != nil || d.Exponent() < -30 || !d.IsInteger():
			return 0, errInput("tipo_errato", path, "atteso un numero intero, trovato «%s»", citaTesto(string(num)))
		case d.Exponent() > 30 || !d.Abs().LessThan(decimal.NewFromInt(1<<53)):
			if d.IsNegative() {
				return 0, errInput("fuori_intervallo", path, "il valore non può essere negativo («%s»)", citaTesto(string(num)))
			}
			return 0, errInput("fuori_intervallo", path, "valore troppo grande («%s»; al massimo %d)", citaTesto(string(num)), max)
		}
		n = d.IntPart()
	}
	if n < 0 {
		return 0, errInput("fuori_intervallo", path, "il valore non può essere negativo (%d)", n)
	}
	if n > int64(max) {
		return 0, errInput("fuori_intervallo", path, "valore troppo grande (%d; al massimo %d)", n, max)
	}
	return int(n), nil
}

func assignDurataRif(x any, v reflect.Value, path string) error {
	m, ok := x.(map[string]any)
	if !ok {
		return errInput("tipo_errato", path, "attesa una durata {\"anni\":0,\"mesi\":0,\"giorni\":0}, trovato %s", kindNameRif(x))
	}
	var d calc.Durata
	for _, k := range chiaviOrdinateRif(m) {
		e := m[k]
		var dst *int
		var max int
		switch k {
		case "anni":
			dst, max = &d.Anni, maxAnni
		case "mesi":
			dst, max = &d.Mesi, maxMesi
		case "giorni":
			dst, max = &d.Giorni, maxGiorni
		default:
			return errInput("campo_sconosciuto", joinRif(path, citaTesto(k)), "campo sconosciuto: «%s» (una durata ha anni, mesi, giorni)", citaTesto(k))
		}
		if e == nil {
			continue
		}
		n, err := interoRif(e, joinRif(path, k), max)
		if err != nil {
			return err
		}
		*dst = n
	}
	v.Set(reflect.ValueOf(d))
	return nil
}

func assignImportoRif(x any, v reflect.Value, path string) error {
	var s string
	switch t := x.(type) {
	case string:
		s = t
	case json.Number:
		s = string(t)
	default:
		return errInput("tipo_errato", path, "atteso un importo come testo (\"1500.00\"), trovato %s", kindNameRif(x))
	}
	if strings.TrimSpace(s) == "" {
		return nil
	}
	// JSON amounts are plain decimals with a dot: "1500", "1500.50". A
	// comma, or three digits after the dot ("1.500"), could be read two
	// ways, so they are refused rather than guessed.
	if strings.ContainsAny(s, ",") {
		return errInput("importo_non_valido", path, "importo non valido: «%s» (nel JSON usare il punto come separatore decimale e nessun separatore delle migliaia: «1500.00»)", citaTesto(s))
	}
	if _, dec, ok := strings.Cut(s, "."); ok && len(dec) > 2 {
		return errInput("importo_non_valido", path, "importo ambiguo: «%s» (al più due decimali; per millecinquecento euro scrivere «1500»)", citaTesto(s))
	}
	d, err := calc.ParseDecimale(s)
	if err != nil {
		return errInput("importo_non_valido", path, "importo non valido: «%s»", citaTesto(s))
	}
	if d.GreaterThan(maxImporto) {
		return errInput("fuori_intervallo", path, "importo troppo grande: «%s»", citaTesto(s))
	}
	v.Set(reflect.ValueOf(Importo{d}))
	return nil
}

// campoJSON is a field of a request type as the JSON names it.
type campoJSONRif struct {
	indice int
	tag    string // its lpu tag (max=…)
}

// campi caches, for each struct type, its fields by JSON name: every
// request would otherwise scan the struct's tags. It is keyed by type
// only (a key holding the field's path would grow with every list index
// and map key a request brings).
var campiRif sync.Map // reflect.Type -> map[string]campoJSON

func campiDiRif(t reflect.Type) map[string]campoJSONRif {
	if m, ok := campiRif.Load(t); ok {
		return m.(map[string]campoJSONRif)
	}
	m := map[string]campoJSONRif{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		if _, dup := m[name]; !dup {
			m[name] = campoJSONRif{indice: i, tag: f.Tag.Get("lpu")}
		}
	}
	campiRif.Store(t, m)
	return m
}

func joinRif(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func sortStringsRif(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// chiaviOrdinateRif are m's keys in order: with two errors in one object,
// the one reported does not depend on Go's random map order.
func chiaviOrdinateRif(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStringsRif(keys)
	return keys
}
