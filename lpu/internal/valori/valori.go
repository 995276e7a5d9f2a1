// Package valori writes the generic JSON values of a request (the ones
// decoded into any: nil, bool, json.Number or float64, string, []any,
// map[string]any) as an Italian reader sees them in a message or a
// sheet. The facade and the batch both use it: one wording, one place.
package valori

import (
	"encoding/json"
	"reflect"
	"strconv"
)

// Genere names the kind of a JSON value, for a message («trovato un
// testo»).
func Genere(x any) string {
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

// Testo is a value as text: a string as it is, nil as nothing, a number
// in its shortest form, anything else as its JSON.
func Testo(x any) string {
	switch v := x.(type) {
	case string:
		return v
	case nil:
		return ""
	}
	if rv := reflect.ValueOf(x); rv.Kind() == reflect.Float64 {
		return strconv.FormatFloat(rv.Float(), 'f', -1, 64)
	}
	b, _ := json.Marshal(x)
	return string(b)
}

// Foglie calls f for each value of v (a generic JSON value) by its
// dotted path under prefisso (pena.arresto): the objects are walked into,
// except one that intero names (a durata, read as a whole), which f gets
// as it is.
func Foglie(prefisso string, v any, intero func(percorso string) bool, f func(percorso string, v any)) {
	if m, ok := v.(map[string]any); ok && !intero(prefisso) {
		for k, x := range m {
			q := k
			if prefisso != "" {
				q = prefisso + "." + k
			}
			Foglie(q, x, intero, f)
		}
		return
	}
	f(prefisso, v)
}
