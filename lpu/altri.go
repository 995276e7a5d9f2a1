package lpu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/simili"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// A field the vocabulary declares under an object of a request whose Go
// struct has an Altri map (the calcolo's fatti and opzioni, and so the
// piano's fatti) needs no Go field: Decode puts the member in Altri as
// JSON decodes it, Calcolo checks it against its declaration (type,
// max, accepted values) with the codes and messages Decode gives the Go
// fields and fills in its default, and the rules read it as
// fatti.<nome> with the CEL type of its declared type.

// tipiAltri are the types a field declared only in the vocabulary can
// have, and the Go type its value has once checked.
var tipiAltri = map[string]reflect.Type{
	"booleano": reflect.TypeFor[bool](),
	"intero":   reflect.TypeFor[int](),
	"testo":    reflect.TypeFor[string](),
	"data":     tData,
	"durata":   tDurata,
	"importo":  tImporto,
}

// campoAltro is a field declared only in the vocabulary.
type campoAltro struct {
	c        *spec.Campo
	prefisso string // the object it belongs to: fatti, opzioni
	nome     string // its name in the object (the key of Altri)
	pred     any    // its value when not given, of the Go type of tipiAltri
}

// altriDi is the index of t's Altri field (a map[string]any tagged
// lpu:"altri"), or -1.
func altriDi(t reflect.Type) int {
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.Tag.Get("lpu") == "altri" && f.Type == reflect.TypeFor[map[string]any]() {
			return i
		}
	}
	return -1
}

// mettiAltro records an unknown member of an object in its Altri map.
func mettiAltro(v reflect.Value, i int, k string, x any) {
	m := v.Field(i)
	if m.IsNil() {
		m.Set(reflect.MakeMap(m.Type()))
	}
	if x == nil {
		m.SetMapIndex(reflect.ValueOf(k), reflect.Zero(m.Type().Elem()))
		return
	}
	m.SetMapIndex(reflect.ValueOf(k), reflect.ValueOf(x))
}

// conAltri is the JSON of v (a struct whose type has no MarshalJSON)
// as encoding/json writes it, with the members of altri after its own,
// in name order. A member named as one of v's fields is an error: the
// object would have the name twice.
func conAltri(v any, altri map[string]any) ([]byte, error) {
	b, err := codificaJSON(v)
	if err != nil || len(altri) == 0 {
		return b, err
	}
	noti := campiDi(reflect.TypeOf(v))
	b = b[:len(b)-1] // (the closing brace)
	for _, k := range chiaviOrdinate(altri) {
		if _, ok := noti[k]; ok {
			return nil, fmt.Errorf("lpu: Altri[%q] ha il nome di un campo", k)
		}
		kb, _ := codificaJSON(k)
		vb, err := codificaJSON(altri[k])
		if err != nil {
			return nil, err
		}
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = append(append(append(b, kb...), ':'), vb...)
	}
	return append(b, '}'), nil
}

// leggiOggetto reads b, the JSON of an object of a request (*v: Fatti,
// Opzioni, Pena), as Decode reads that object in a request: the one
// reader (its syntax, duplicate names, assign's checks), the members
// that are not fields put in Altri (mettiAltro) where the struct has
// one. For the Altri structs it is conAltri's inverse. It is the
// UnmarshalJSON of those structs (assign fills a struct by reflection
// and never calls an UnmarshalJSON). Its errors name their field under
// path, the member the requests hold the object in
// («fatti.sostituzioni_precedenti», as Decode names it).
func leggiOggetto(b []byte, v any, path string) error {
	x, err := decodeGenerico(b)
	if err != nil {
		return err
	}
	return assign(x, reflect.ValueOf(v).Elem(), path, "")
}

// codificaJSON is v as encoding/json's Encoder writes it with
// SetEscapeHTML(false), without the newline: the encoder that calls a
// MarshalJSON escapes the result again as it is told to.
func codificaJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// oggettiConAltri are the objects of a request type whose struct has an
// Altri map, by JSON path (fatti, opzioni), as campiGo walks them.
func oggettiConAltri(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" || !f.IsExported() || f.Type.Kind() != reflect.Struct || tipoVoc(f.Type) != "oggetto" {
				continue
			}
			if f.Type == reflect.TypeFor[Fatti]() && t == richiesteGo["piano"] {
				continue // (the piano's fatti are the calcolo's)
			}
			full := join(prefix, name)
			if altriDi(f.Type) >= 0 {
				out[full] = f.Type
			}
			walk(f.Type, full)
		}
	}
	walk(t, "")
	return out
}

// altro checks a field the vocabulary declares but the Go type lacks:
// it may be one only of an object with an Altri map, of a simple type;
// its default must be a value of that type. ok false: not such a field
// (the caller reports it as unknown).
func (voc *vocabolario) altro(tipo string, c *spec.Campo, oggetti map[string]reflect.Type, ps *spec.Problems) bool {
	i := strings.LastIndexByte(c.Nome, '.')
	if i < 0 || oggetti[c.Nome[:i]] == nil {
		return false
	}
	percorso := "richieste." + tipo + ".campi." + c.Nome
	if tipiAltri[c.Tipo] == nil {
		// (a type that is none of the vocabulary's is reported where
		// it is written)
		if c.Tipo != "" && slices.Contains(spec.TipiCampo, c.Tipo) {
			ps.Add(c.Pos, percorso, "tipo", "il campo %q è di tipo %s: un campo che la richiesta non ha già, dichiarato solo nel vocabolario, può essere booleano, intero, testo, data, durata o importo", c.Nome, c.Tipo)
		}
		return true
	}
	if c.Predefinito != "" && c.ValoriDi == "" && !c.Ammette(c.Predefinito) {
		return true // (reported by the vocabulary, at predefinito)
	}
	a := &campoAltro{c: c, prefisso: c.Nome[:i], nome: c.Nome[i+1:]}
	var x any
	if c.Predefinito != "" {
		switch c.Tipo {
		case "booleano":
			b, err := strconv.ParseBool(c.Predefinito)
			if err != nil || (c.Predefinito != "true" && c.Predefinito != "false") {
				ps.Add(c.Pos, percorso+".predefinito", "valore", "predefinito %q: atteso true o false", c.Predefinito)
				return true
			}
			x = b
		case "intero":
			x = json.Number(c.Predefinito)
		case "durata":
			ps.Add(c.Pos, percorso+".predefinito", "valore", "predefinito non ammesso per un campo di tipo durata")
			return true
		default:
			x = c.Predefinito
		}
	}
	v, err := a.valore(x)
	if err != nil {
		ps.Add(c.Pos, percorso+".predefinito", "valore", "predefinito %q non valido: %s", c.Predefinito, AsError(err).Message)
		return true
	}
	a.pred = v
	voc.senzaGo[tipo] = append(voc.senzaGo[tipo], a)
	return true
}

// valore checks x, the value given for the field (nil: none), and
// returns it as a value of its Go type: the default when not given. The
// errors are Decode's for a Go field of that type and bound.
func (a *campoAltro) valore(x any) (any, error) {
	path := a.c.Nome
	if x == nil {
		return a.pred, nil
	}
	switch n := x.(type) {
	case int:
		x = json.Number(strconv.Itoa(n))
	case int64:
		x = json.Number(strconv.FormatInt(n, 10))
	case Data:
		x = n.String()
	case time.Time:
		x = Data{n}.String()
	case calc.Durata:
		x = map[string]any{"anni": json.Number(strconv.Itoa(n.Anni)), "mesi": json.Number(strconv.Itoa(n.Mesi)), "giorni": json.Number(strconv.Itoa(n.Giorni))}
	case Importo:
		x = n.String()
	case decimal.Decimal:
		x = n.String()
	}
	tag := ""
	if a.c.Max > 0 {
		tag = "max=" + strconv.Itoa(a.c.Max)
	}
	v := reflect.New(tipiAltri[a.c.Tipo]).Elem()
	if err := assign(x, v, path, tag); err != nil {
		return nil, err
	}
	if s, ok := v.Interface().(string); ok {
		if s == "" {
			return a.pred, nil
		}
		if !a.c.Ammette(s) {
			return nil, errInput(CodeValoreNonAmmesso, path, "%s", messaggioNonAmmesso(a.c, s))
		}
	}
	return v.Interface(), nil
}

// altri checks the members of the Altri map of the request's object
// prefisso against the fields declared only in the vocabulary of kind
// tipo, and returns a new map with every such field of the object: the
// value given, or its default. A member the vocabulary does not declare
// is refused as Decode refuses an unknown field. nil when the object
// has none, or none is given: the inputs' readers give a field the map
// does not hold its default (ingressiAltri), so a request that gives
// none (most) costs no map and no list of the declared fields.
func (v *vocabolario) altri(tipo, prefisso string, dati map[string]any) (map[string]any, error) {
	if len(dati) == 0 {
		return nil, nil
	}
	var decl []*campoAltro
	if v != nil {
		for _, a := range v.senzaGo[tipo] {
			if a.prefisso == prefisso {
				decl = append(decl, a)
			}
		}
	}
	if len(decl) == 0 && len(dati) == 0 {
		return nil, nil
	}
	out := make(map[string]any, len(decl))
	var r raccolta // every bad field, as Decode reports them
	for _, k := range chiaviOrdinate(dati) {
		var a *campoAltro
		for _, d := range decl {
			if d.nome == k {
				a = d
			}
		}
		if a == nil {
			msg := "campo sconosciuto: «%s»"
			if nome, ok := strings.CutPrefix(k, prefisso+"."); ok {
				// (Altri["fatti.x"], meant as Altri["x"])
				msg += " (il nome va indicato senza «" + prefisso + ".»: «" + citaTesto(nome) + "»)"
			} else if s := simili.Più(k, v.nomiSotto(tipo, prefisso)); s != "" {
				msg += " (forse «" + s + "»?)"
			}
			if !r.aggiungi(errInput(CodeCampoSconosciuto, join(prefisso, citaTesto(k)), msg, citaTesto(k))) {
				break
			}
			continue
		}
		x, err := a.valore(dati[k])
		if err != nil {
			if !r.aggiungi(err) {
				break
			}
			continue
		}
		out[k] = x
	}
	if err := r.err(); err != nil {
		return nil, err
	}
	for _, a := range decl {
		if _, ok := out[a.nome]; !ok {
			out[a.nome] = a.pred
		}
	}
	return out, nil
}

// ingressiAltri are the inputs of the fields declared only in the
// vocabulary of kind tipo, whose request type is t: each reads its
// member of the Altri map controllaCalcolo filled.
func (v *vocabolario) ingressiAltri(tipo string, t reflect.Type) []motore.Ingresso {
	if v == nil {
		return nil
	}
	var out []motore.Ingresso
	for _, a := range v.senzaGo[tipo] {
		var off uintptr
		ty := t
		for _, parte := range strings.Split(a.prefisso, ".") {
			f, _ := campoJSONDi(ty, parte)
			off += f.Offset
			ty = f.Type
		}
		f := ty.Field(altriDi(ty))
		off += f.Offset
		nome, pred := a.nome, a.pred
		leggi := func(p unsafe.Pointer) any {
			if x, ok := (*campo[map[string]any](p, off))[nome]; ok {
				return x
			}
			return pred // (not given, or a request controllaCalcolo has not seen)
		}
		in := motore.Ingresso{Nome: a.c.Nome, Off: off}
		switch a.c.Tipo {
		case "booleano":
			in.Tipo = cel.BoolType
			in.Conv = func(p unsafe.Pointer) ref.Val { b, _ := leggi(p).(bool); return types.Bool(b) }
		case "intero":
			in.Tipo, in.Max = cel.IntType, maxIntDefault
			if a.c.Max > 0 {
				in.Max = a.c.Max
			}
			in.Conv = func(p unsafe.Pointer) ref.Val { n, _ := leggi(p).(int); return types.Int(n) }
		case "testo":
			in.Tipo, in.Max = cel.StringType, maxStringa
			if a.c.Max > 0 {
				in.Max = a.c.Max
			}
			in.Conv = func(p unsafe.Pointer) ref.Val { s, _ := leggi(p).(string); return types.String(s) }
		case "data":
			in.Tipo = celx.DataType
			in.Conv = func(p unsafe.Pointer) ref.Val { d, _ := leggi(p).(Data); return celx.NewData(d.Time) }
		case "durata":
			in.Tipo = celx.DurataType
			in.Conv = func(p unsafe.Pointer) ref.Val { d, _ := leggi(p).(calc.Durata); return celx.Durata{D: d} }
		case "importo":
			in.Tipo = celx.DecimaleType
			in.Conv = func(p unsafe.Pointer) ref.Val {
				d, _ := leggi(p).(Importo)
				if d.IsZero() {
					return decimaleZero
				}
				return celx.Decimale{D: d.d}
			}
		}
		out = append(out, in)
	}
	return out
}

// campoJSONDi is the field of struct t named name in JSON.
func campoJSONDi(t reflect.Type, name string) (reflect.StructField, bool) {
	if c, ok := campiDi(t)[name]; ok {
		return t.Field(c.indice), true
	}
	return reflect.StructField{}, false
}
