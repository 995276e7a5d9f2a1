package lpu

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/spec"
	vocab "github.com/lpu-it/lpu/lpu/internal/vocabolario"
)

// The vocabulary of the requests is declared in the rule files of tipo
// vocabolario (rules/vocabolario.yaml): for each kind of request, its
// fields with their type, bounds, accepted values, default, the Italian
// label and help a lawyer reads, and the source. The catalogue, the web
// form's labels and the checks of the accepted values come from it.

// vocabolario is the declared vocabulary (lpu/internal/vocabolario)
// with, by kind, the fields it declares without a Go field (altri.go).
type vocabolario struct {
	*vocab.Vocabolario
	// altri are the fields declared without a Go field (see altri.go),
	// by kind, in declaration order.
	senzaGo map[string][]*campoAltro
}

func nuovoVocabolario(files []*spec.File, ps *spec.Problems) *vocabolario {
	return &vocabolario{Vocabolario: vocab.Nuovo(files, ps), senzaGo: map[string][]*campoAltro{}}
}

func (v *vocabolario) campo(tipo, nome string) *spec.Campo {
	if v == nil {
		return nil
	}
	return v.Campo(tipo, nome)
}

// etichettaCampo is the label a lawyer reads for a declared field, or its
// name when the vocabulary does not declare it.
func (e *Engine) etichettaCampo(tipo, nome string) string {
	if c := e.voc.campo(tipo, nome); c != nil && c.Etichetta != "" {
		return c.Etichetta
	}
	return nome
}

// richiesteGo are the Go types of the kinds of request the engine
// answers; the vocabulary must declare each of their fields, with the
// same type.
var richiesteGo = map[string]reflect.Type{
	"calcolo":     reflect.TypeFor[Richiesta](),
	"fondo":       reflect.TypeFor[statoFondo](),
	"convenzione": reflect.TypeFor[statoConvenzione](),
	"piano":       reflect.TypeFor[RichiestaPiano](),
}

// richiesteSoloVocabolario are the kinds whose fields only the
// vocabulary declares, with no Go type and no rule file: the personal
// data of the domanda di sostituzione, which the server's form asks for
// and its document writes. Each is a testo with a max.
var richiesteSoloVocabolario = []string{"domanda"}

// campoGo is a field of a request type: its JSON path, the type the
// vocabulary must give it, and its bound (the lpu:"max=…" tag).
type campoGo struct {
	nome, tipo string
	max        int
}

// campiGo lists the fields of a request type by JSON path. A list of
// objects is a field, and so is each member of its items (lista.membro);
// a struct is walked into, except the piano's facts, one oggetto whose
// members are the calcolo's. Posti, which the engine computes, is no
// input.
func campiGo(t reflect.Type) (map[string]campoGo, []string) {
	out := map[string]campoGo{}
	var ordine []string
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Anonymous && f.Tag.Get("json") == "" {
				walk(f.Type, prefix) // the request inside its state
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" || !f.IsExported() {
				continue
			}
			full := name
			if prefix != "" {
				full = prefix + "." + name
			}
			c := campoGo{nome: full, tipo: tipoVoc(f.Type), max: maxDichiarato(f.Tag.Get("lpu"))}
			switch {
			case f.Tag.Get("lpu") == "calcolato":
				continue
			case c.tipo == "oggetto" && !(f.Type == reflect.TypeFor[Fatti]() && t == richiesteGo["piano"]):
				walk(f.Type, full)
				continue
			case c.tipo == "lista" && f.Type.Elem().Kind() == reflect.Struct:
				walk(f.Type.Elem(), full)
			}
			out[c.nome] = c
			ordine = append(ordine, c.nome)
		}
	}
	walk(t, "")
	return out, ordine
}

func tipoVoc(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[calc.Durata]():
		return "durata"
	case reflect.TypeFor[Importo]():
		return "importo"
	case reflect.TypeFor[Data]():
		return "data"
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

// controlla checks the vocabulary against the request types: every field
// of a type is declared, every declared field is one of the type's, with
// the same type and bound, or one of an object that takes fields
// declared only in the vocabulary (see altri.go). A vocabulary of a kind the engine does not
// answer is a problem too. A rule set without any vocabulary file (a
// small synthetic one, in tests) declares nothing: its requests have no
// labels, no fixed values and no defaults.
func (v *vocabolario) controlla(ps *spec.Problems) {
	if len(v.Tipi) == 0 {
		return
	}
	for _, tipo := range slices.Sorted(maps.Keys(v.Tipi)) {
		t := v.Tipi[tipo]
		if slices.Contains(richiesteSoloVocabolario, tipo) {
			for _, n := range t.Ordine {
				if c := t.Campi[n]; c.Tipo != "testo" || c.Max == 0 {
					ps.Add(c.Pos, "richieste."+tipo+".campi."+n, "tipo", "il campo %q della richiesta %s è un testo con il suo max", n, tipo)
				}
			}
			continue
		}
		rt, ok := richiesteGo[tipo]
		if !ok {
			ps.Add(t.Pos, "richieste."+tipo, "tipo", "tipo di richiesta %q sconosciuto: uno di calcolo, fondo, convenzione, piano, %s", tipo, strings.Join(richiesteSoloVocabolario, ", "))
			continue
		}
		gocampi, ordineGo := campiGo(rt)
		oggetti := oggettiConAltri(rt)
		for _, n := range t.Ordine {
			c := t.Campi[n]
			percorso := "richieste." + tipo + ".campi." + n
			g, ok := gocampi[n]
			if !ok {
				if v.altro(tipo, c, oggetti, ps) {
					continue
				}
				ps.Add(c.Pos, percorso, "campo", "la richiesta %s non ha il campo %q", tipo, n)
				continue
			}
			if c.CampiDi != "" && (v.Tipi[c.CampiDi] == nil || c.CampiDi == tipo) {
				ps.Add(c.Pos, percorso+".campi_di", "campo", "campi_di: %q non è un'altra richiesta del vocabolario", c.CampiDi)
			}
			if g.tipo != c.Tipo && slices.Contains(spec.TipiCampo, c.Tipo) {
				ps.Add(c.Pos, percorso, "tipo", "il campo %q della richiesta %s è di tipo %s, non %s", n, tipo, g.tipo, c.Tipo)
			}
			if g.max != c.Max && g.max != 0 {
				ps.Add(c.Pos, percorso, "max", "il campo %q della richiesta %s ha max %s, non %s", n, tipo, strconv.Itoa(g.max), strconv.Itoa(c.Max))
			}
		}
		for _, n := range ordineGo {
			if _, ok := t.Campi[n]; !ok {
				ps.Add(t.Pos, "richieste."+tipo, "campo", "il vocabolario non dichiara il campo %q della richiesta %s", n, tipo)
			}
		}
	}
	for _, tipo := range slices.Sorted(maps.Keys(richiesteGo)) {
		if v.Tipi[tipo] == nil {
			ps.Add(v.Pos, "richieste", "mancante", "il vocabolario non dichiara la richiesta %s", tipo)
		}
	}
}

// valore checks a text field against the accepted values of its
// declaration and puts its default in when it is empty.
func (v *vocabolario) valore(tipo, nome string, val *string) error {
	c := v.campo(tipo, nome)
	if c == nil {
		return nil
	}
	if *val == "" {
		*val = c.Predefinito
		return nil
	}
	if !c.Ammette(*val) {
		return errInput(CodeValoreNonAmmesso, nome, "valore «%s» non ammesso: uno di %s", *val, strings.Join(c.ValoriAmmessi(), ", "))
	}
	return nil
}

// maxDichiarato reads the bound of a Go field's lpu:"max=N" tag (0: none).
func maxDichiarato(tag string) int {
	for _, p := range strings.Split(tag, ",") {
		if v, ok := strings.CutPrefix(p, "max="); ok {
			n, _ := strconv.Atoi(v)
			return n
		}
	}
	return 0
}

// esitoEscluso is the Fund's esito of a case a step excludes: the
// vocabulary must declare it among the values of fondo's esito.
const esitoEscluso = "non_ammissibile"

// uscitaAmmessa checks a text an evaluation computed for an output of
// tipo against the output's declared values: a value the vocabulary
// does not declare is an error in the rules, never an answer.
func (v *vocabolario) uscitaAmmessa(tipo, nome, val string) error {
	u := v.Uscita(tipo, nome)
	if u == nil || u.Ammette(val) {
		return nil
	}
	return errore(KindRule, CodeRegolaFallita, "", "le regole danno %s «%s», che il vocabolario non dichiara: uno di %s",
		nome, val, strings.Join(u.ValoriAmmessi(), ", "))
}
