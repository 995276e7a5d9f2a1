package vocabolario

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// The vocabulary is checked against the Go types of the requests the
// caller (the facade) answers: every field of a type is declared, every
// declared field is one of the type's, with the same type and bound, or
// one the caller accepts without a Go field. The Go types are the
// caller's, given as reflect.Type: this package does not know them.

// TipiGo are the Go types of the requests and what the check needs to
// know of them.
type TipiGo struct {
	// Richieste are the Go types of the kinds of request answered,
	// by kind; Ordine names them in the order a message lists them.
	Richieste map[string]reflect.Type
	Ordine    []string
	// SoloVocabolario are the kinds whose fields only the vocabulary
	// declares, with no Go type and no rule file: each is a testo with
	// a max.
	SoloVocabolario []string
	// Speciali are the Go types that are one field of a vocabulary type
	// of their own (durata, importo, data), not a struct to walk into.
	Speciali map[reflect.Type]string
	// Chiuso reports whether the struct field f of the struct t is one
	// oggetto whose members another kind declares (the piano's fatti are
	// the calcolo's): it is not walked into.
	Chiuso func(t reflect.Type, f reflect.StructField) bool
	// Altro checks a declared field of tipo that its Go type lacks:
	// false when it cannot be one, and the check reports it as unknown.
	Altro func(tipo string, c *spec.Campo, ps *spec.Problems) bool
}

// CampoGo is a field of a request type: its JSON path, the type the
// vocabulary must give it, and its bound (the lpu:"max=…" tag).
type CampoGo struct {
	Nome, Tipo string
	Max        int
}

// CampiGo lists the fields of a request type by JSON path. A list of
// objects is a field, and so is each member of its items (lista.membro);
// a struct is walked into, except one g.Chiuso names. A field tagged
// lpu:"calcolato" (computed by the engine) is no input.
func (g *TipiGo) CampiGo(t reflect.Type) (map[string]CampoGo, []string) {
	out := map[string]CampoGo{}
	var ordine []string
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for f := range motore.CampiJSON(t, prefix, 0) {
			c := CampoGo{Nome: f.Nome, Tipo: g.Tipo(f.Type), Max: motore.TagMax(f.Tag.Get("lpu"), 0)}
			switch {
			case f.Tag.Get("lpu") == "calcolato":
				continue
			case c.Tipo == "oggetto" && !(g.Chiuso != nil && g.Chiuso(t, f.StructField)):
				walk(f.Type, f.Nome)
				continue
			case c.Tipo == "lista" && f.Type.Elem().Kind() == reflect.Struct:
				walk(f.Type.Elem(), f.Nome)
			}
			out[c.Nome] = c
			ordine = append(ordine, c.Nome)
		}
	}
	walk(t, "")
	return out, ordine
}

// CalcolatiGo lists the values the engine computes in a request's state
// type, by the path the rules read them by: the leaves of the fields
// tagged lpu:"calcolato" (a struct is walked into), with their
// vocabulary types, in field order.
func (g *TipiGo) CalcolatiGo(t reflect.Type) []CampoGo {
	var out []CampoGo
	var walk func(t reflect.Type, prefix string, calcolato bool)
	walk = func(t reflect.Type, prefix string, calcolato bool) {
		for f := range motore.CampiJSON(t, prefix, 0) {
			dentro := calcolato || f.Tag.Get("lpu") == "calcolato"
			tipo := g.Tipo(f.Type)
			if tipo == "oggetto" {
				walk(f.Type, f.Nome, dentro)
				continue
			}
			if dentro {
				out = append(out, CampoGo{Nome: f.Nome, Tipo: tipo})
			}
		}
	}
	walk(t, "", false)
	return out
}

// ControllaDalMotore checks the values the vocabulary says the engine
// provides to the rules of each kind (dal_motore) against the values
// the request's state type g.Richieste computes (CalcolatiGo): each
// declared, with its type, and none declared that the engine does not
// provide. A rule set without any vocabulary file declares nothing.
func (v *Vocabolario) ControllaDalMotore(g *TipiGo, ps *spec.Problems) {
	if len(v.Tipi) == 0 {
		return
	}
	for _, tipo := range slices.Sorted(maps.Keys(v.Tipi)) {
		t := v.Tipi[tipo]
		var gocalc []CampoGo
		if rt, ok := g.Richieste[tipo]; ok {
			gocalc = g.CalcolatiGo(rt)
		}
		for _, d := range t.DalMotore {
			percorso := "richieste." + tipo + ".dal_motore." + d.Nome
			i := slices.IndexFunc(gocalc, func(c CampoGo) bool { return c.Nome == d.Nome })
			switch {
			case i < 0:
				ps.Add(d.Pos, percorso, "campo", "il motore non calcola %q per le regole della richiesta %s", d.Nome, tipo)
			case gocalc[i].Tipo != d.Tipo && slices.Contains(spec.TipiDalMotore, d.Tipo):
				// (a type no value can have is the reading's problem,
				// told once there: «tipo "decimale" sconosciuto»)
				ps.Add(d.Pos, percorso, "tipo", "il valore %q che il motore calcola per la richiesta %s è di tipo %s, non %s", d.Nome, tipo, gocalc[i].Tipo, d.Tipo)
			}
		}
		for _, c := range gocalc {
			if v.DalMotore(tipo, c.Nome) == nil {
				ps.Add(t.Pos, "richieste."+tipo, "campo", "il vocabolario non dichiara il valore %q che il motore calcola per le regole della richiesta %s (dal_motore)", c.Nome, tipo)
			}
		}
	}
}

// Tipo is the vocabulary type of a Go type.
func (g *TipiGo) Tipo(t reflect.Type) string {
	if n, ok := g.Speciali[t]; ok {
		return n
	}
	switch t.Kind() {
	case reflect.Bool:
		return "booleano"
	case reflect.Int:
		return "intero"
	case reflect.String:
		return "testo"
	case reflect.Slice:
		return "lista"
	case reflect.Map:
		return "mappa"
	case reflect.Struct:
		return "oggetto"
	}
	return t.Kind().String()
}

// ControllaGo checks the vocabulary against the request types g: every
// field of a type is declared, every declared field is one of the
// type's, with the same type and bound, or one g.Altro accepts. A
// vocabulary of a kind the caller does not answer is a problem too. A
// rule set without any vocabulary file (a small synthetic one, in tests)
// declares nothing: its requests have no labels, no fixed values and no
// defaults.
func (v *Vocabolario) ControllaGo(g *TipiGo, ps *spec.Problems) {
	if len(v.Tipi) == 0 {
		return
	}
	for _, tipo := range slices.Sorted(maps.Keys(v.Tipi)) {
		t := v.Tipi[tipo]
		if slices.Contains(g.SoloVocabolario, tipo) {
			for _, n := range t.Ordine {
				if c := t.Campi[n]; c.Tipo != "testo" || c.Max == 0 {
					ps.Add(c.Pos, "richieste."+tipo+".campi."+n, "tipo", "il campo %q della richiesta %s è un testo con il suo max", n, tipo)
				}
			}
			continue
		}
		rt, ok := g.Richieste[tipo]
		if !ok {
			ps.Add(t.Pos, "richieste."+tipo, "tipo", "tipo di richiesta %q sconosciuto: uno di %s", tipo, strings.Join(append(slices.Clone(g.Ordine), g.SoloVocabolario...), ", "))
			continue
		}
		gocampi, ordineGo := g.CampiGo(rt)
		for _, n := range t.Ordine {
			c := t.Campi[n]
			percorso := "richieste." + tipo + ".campi." + n
			if c.PredefinitoDa != "" {
				altro, campo, _ := strings.Cut(c.PredefinitoDa, ".")
				if d := v.Campo(altro, campo); d == nil || d.Tipo != c.Tipo || altro == tipo {
					ps.Add(c.Pos, percorso+".predefinito_da", "campo", "predefinito_da: %q non è un campo di tipo %s di un'altra richiesta del vocabolario (richiesta.campo, es. calcolo.fatti.durata_mesi)", c.PredefinitoDa, c.Tipo)
				}
			}
			gc, ok := gocampi[n]
			if !ok {
				if g.Altro != nil && g.Altro(tipo, c, ps) {
					continue
				}
				ps.Add(c.Pos, percorso, "campo", "la richiesta %s non ha il campo %q", tipo, n)
				if v.senzaGo == nil {
					v.senzaGo = map[string]bool{}
				}
				v.senzaGo[tipo+"."+n] = true
				continue
			}
			if c.CampiDi != "" && (v.Tipi[c.CampiDi] == nil || c.CampiDi == tipo) {
				ps.Add(c.Pos, percorso+".campi_di", "campo", "campi_di: %q non è un'altra richiesta del vocabolario", c.CampiDi)
			}
			if gc.Tipo != c.Tipo && slices.Contains(spec.TipiCampo, c.Tipo) {
				ps.Add(c.Pos, percorso, "tipo", "il campo %q della richiesta %s è di tipo %s, non %s", n, tipo, gc.Tipo, c.Tipo)
			}
			if gc.Max != c.Max && gc.Max != 0 {
				ps.Add(c.Pos, percorso, "max", "il campo %q della richiesta %s ha max %s, non %s", n, tipo, strconv.Itoa(gc.Max), strconv.Itoa(c.Max))
			}
		}
		for _, n := range ordineGo {
			if _, ok := t.Campi[n]; !ok {
				ps.Add(t.Pos, "richieste."+tipo, "campo", "il vocabolario non dichiara il campo %q della richiesta %s", n, tipo)
			}
		}
	}
	for _, tipo := range slices.Sorted(maps.Keys(g.Richieste)) {
		if v.Tipi[tipo] == nil {
			ps.Add(v.Pos, "richieste", "mancante", "il vocabolario non dichiara la richiesta %s", tipo)
		}
	}
}
