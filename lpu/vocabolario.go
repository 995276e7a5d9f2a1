package lpu

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// The vocabulary of the requests is declared in the rule files of tipo
// vocabolario (rules/vocabolario.yaml): for each kind of request, its
// fields with their type, bounds, accepted values, default, the Italian
// label and help a lawyer reads, and the source. The catalogue, the web
// form's labels and the checks of the accepted values come from it.

// vocabolario is the declared vocabulary of every kind of request, merged
// from the vocabulary files in name order.
type vocabolario struct {
	gruppi []spec.Gruppo
	tipi   map[string]*vocTipo
	pos    spec.Pos // the first vocabulary file, where a missing kind is reported
}

// vocTipo is the vocabulary of one kind of request.
type vocTipo struct {
	campi  map[string]*spec.Campo
	ordine []string // the names, in declaration order
	pos    spec.Pos // where the kind is first declared
	// altri are the fields declared without a Go field (see altri.go),
	// in declaration order.
	altri []*campoAltro
}

func (v *vocabolario) campo(tipo, nome string) *spec.Campo {
	if v == nil || v.tipi[tipo] == nil {
		return nil
	}
	return v.tipi[tipo].campi[nome]
}

// etichettaCampo is the label a lawyer reads for a declared field, or its
// name when the vocabulary does not declare it.
func (e *Engine) etichettaCampo(tipo, nome string) string {
	if c := e.voc.campo(tipo, nome); c != nil && c.Etichetta != "" {
		return c.Etichetta
	}
	return nome
}

// nuovoVocabolario merges the vocabulary files: a later file adds fields
// (and groups) to those before it; declaring a field or group twice is a
// problem.
func nuovoVocabolario(files []*spec.File, ps *spec.Problems) *vocabolario {
	v := &vocabolario{tipi: map[string]*vocTipo{}}
	gruppi := map[string]spec.Pos{}
	for _, f := range files {
		if f.Vocabolario == nil {
			continue
		}
		if v.pos.File == "" {
			v.pos = f.Pos
		}
		for _, g := range f.Vocabolario.Gruppi {
			if p, dup := gruppi[g.ID]; dup {
				ps.Add(g.Pos, "gruppi."+g.ID, "nome", "gruppo %q già dichiarato in %s", g.ID, p)
				continue
			}
			gruppi[g.ID] = g.Pos
			v.gruppi = append(v.gruppi, g)
		}
		for _, r := range f.Vocabolario.Richieste {
			t := v.tipi[r.Tipo]
			if t == nil {
				t = &vocTipo{campi: map[string]*spec.Campo{}, pos: r.Pos}
				v.tipi[r.Tipo] = t
			}
			for _, c := range r.Campi {
				if d, dup := t.campi[c.Nome]; dup {
					ps.Add(c.Pos, "richieste."+r.Tipo+".campi."+c.Nome, "nome", "campo %q già dichiarato in %s", c.Nome, d.Pos)
					continue
				}
				t.campi[c.Nome] = c
				t.ordine = append(t.ordine, c.Nome)
			}
		}
	}
	return v
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
	if len(v.tipi) == 0 {
		return
	}
	for _, tipo := range slices.Sorted(maps.Keys(v.tipi)) {
		t := v.tipi[tipo]
		rt, ok := richiesteGo[tipo]
		if !ok {
			ps.Add(t.pos, "richieste."+tipo, "tipo", "tipo di richiesta %q sconosciuto: uno di calcolo, fondo, convenzione, piano", tipo)
			continue
		}
		gocampi, ordineGo := campiGo(rt)
		oggetti := oggettiConAltri(rt)
		for _, n := range t.ordine {
			c := t.campi[n]
			percorso := "richieste." + tipo + ".campi." + n
			g, ok := gocampi[n]
			if !ok {
				if t.altro(tipo, c, oggetti, ps) {
					continue
				}
				ps.Add(c.Pos, percorso, "campo", "la richiesta %s non ha il campo %q", tipo, n)
				continue
			}
			if c.CampiDi != "" && (v.tipi[c.CampiDi] == nil || c.CampiDi == tipo) {
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
			if _, ok := t.campi[n]; !ok {
				ps.Add(t.pos, "richieste."+tipo, "campo", "il vocabolario non dichiara il campo %q della richiesta %s", n, tipo)
			}
		}
	}
	for _, tipo := range slices.Sorted(maps.Keys(richiesteGo)) {
		if v.tipi[tipo] == nil {
			ps.Add(v.pos, "richieste", "mancante", "il vocabolario non dichiara la richiesta %s", tipo)
		}
	}
}

// controllaValoriDa checks the parameters of a calcolo rule file that
// hold the accepted values of a field (valori_da): a lista whose every
// item, in every version, is «valore: etichetta».
func (v *vocabolario) controllaValoriDa(f *spec.File, ps *spec.Problems) {
	t := v.tipi["calcolo"]
	if t == nil {
		return
	}
	for _, n := range t.ordine {
		c := t.campi[n]
		if c.ValoriDa == "" {
			continue
		}
		for _, par := range f.Parametri {
			if par.Nome != c.ValoriDa {
				continue
			}
			if par.Tipo != "lista" {
				ps.Add(par.Pos, "parametri."+par.Nome, "tipo", "%s dà i valori ammessi di %s (valori_da): dev'essere una lista, non %s", par.Nome, n, par.Tipo)
				continue
			}
			for _, ver := range par.Valori {
				var l []string
				if ver.Node.Decode(&l) != nil {
					continue // reported by the compiler
				}
				for _, it := range l {
					if _, ok := spec.ValoreEtichetta(it); !ok {
						ps.Add(ver.Pos, "parametri."+par.Nome, "valore", "%s dà i valori ammessi di %s: «%s» non è nella forma «valore: etichetta»", par.Nome, n, it)
					}
				}
			}
		}
	}
}

// valoriDa are the accepted values of a field that a rule file declares
// in its valori_da parameter, in the version in force at d (or the
// latest), with their labels; nil when the file declares none.
func valoriDa(c *spec.Campo, p *motore.Programma, d time.Time) []spec.ValoreAmmesso {
	if c == nil || c.ValoriDa == "" || p == nil {
		return nil
	}
	vers, ok := p.Versioni("legge." + c.ValoriDa)
	if !ok || len(vers) == 0 {
		return nil
	}
	val := vers[len(vers)-1].Val
	for _, v := range vers {
		if v.Vig.Contiene(d) {
			val = v.Val
		}
	}
	l, err := val.ConvertToNative(reflect.TypeFor[[]string]())
	if err != nil {
		return nil
	}
	var out []spec.ValoreAmmesso
	for _, it := range l.([]string) {
		if va, ok := spec.ValoreEtichetta(it); ok {
			out = append(out, va)
		}
	}
	return out
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
