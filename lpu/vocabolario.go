package lpu

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/parole"
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
	// uscite are the declared outputs of each kind answered by rule
	// files, by name: their values, for a testo, are checked at load
	// (controllaUscite) and at evaluation (uscitaAmmessa).
	uscite map[string][]spec.Uscita
}

// uscita is the declared output nome of tipo, or nil.
func (v *vocabolario) uscita(tipo, nome string) *spec.Uscita {
	for i, u := range v.uscite[tipo] {
		if u.Nome == nome {
			return &v.uscite[tipo][i]
		}
	}
	return nil
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
	v := &vocabolario{tipi: map[string]*vocTipo{}, uscite: map[string][]spec.Uscita{}}
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
			if len(r.Uscite) > 0 && v.uscite[r.Tipo] == nil { // declared twice: motore.Generi reports it
				v.uscite[r.Tipo] = r.Uscite
			}
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
	if len(v.tipi) == 0 {
		return
	}
	for _, tipo := range slices.Sorted(maps.Keys(v.tipi)) {
		t := v.tipi[tipo]
		if slices.Contains(richiesteSoloVocabolario, tipo) {
			for _, n := range t.ordine {
				if c := t.campi[n]; c.Tipo != "testo" || c.Max == 0 {
					ps.Add(c.Pos, "richieste."+tipo+".campi."+n, "tipo", "il campo %q della richiesta %s è un testo con il suo max", n, tipo)
				}
			}
			continue
		}
		rt, ok := richiesteGo[tipo]
		if !ok {
			ps.Add(t.pos, "richieste."+tipo, "tipo", "tipo di richiesta %q sconosciuto: uno di calcolo, fondo, convenzione, piano, %s", tipo, strings.Join(richiesteSoloVocabolario, ", "))
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

// esitoEscluso is the Fund's esito of a case a step excludes: the
// vocabulary must declare it among the values of fondo's esito.
const esitoEscluso = "non_ammissibile"

// controllaUscite checks the values the rule files give the outputs
// that declare theirs (uscite.<nome>.valori): a text literal a step
// computes for the output, on any branch of its conditionals, and the
// values of a testo parameter the step gives as is, must be declared. A
// value computed otherwise (from an input) is checked at evaluation.
// The facade's own value, esitoEscluso, must be declared too.
func (v *vocabolario) controllaUscite(files []*spec.File, parametri map[string]*spec.Parametro, ps *spec.Problems) {
	if u := v.uscita("fondo", "esito"); u != nil && !u.Ammette(esitoEscluso) {
		ps.Add(u.Pos, "richieste.fondo.uscite.esito.valori", "valore", "esito: manca %q, l'esito di un caso escluso", esitoEscluso)
	}
	for _, f := range files {
		if len(v.uscite[f.Tipo]) == 0 {
			continue
		}
		propri := map[string]*spec.Parametro{}
		for _, par := range f.Parametri {
			propri[par.Nome] = par
		}
		for i, s := range f.Passi {
			u := v.uscita(f.Tipo, s.Nome)
			if s.Tipo != spec.Calcola || u == nil || len(u.Valori) == 0 || s.Espr.Empty() {
				continue
			}
			a, iss := motore.Base.Parse(s.Espr.Src)
			if iss != nil && iss.Err() != nil {
				continue // reported by the compiler
			}
			perc := "passi[" + strconv.Itoa(i) + "].valore"
			info := a.NativeRep().SourceInfo()
			for _, x := range risultatiLetterali(a.NativeRep().Expr()) {
				if x.Kind() == ast.LiteralKind {
					lit, ok := x.AsLiteral().(types.String)
					if ok && !u.Ammette(string(lit)) {
						l := info.GetStartLocation(x.ID())
						ps.Add(s.Espr.At(l.Line(), l.Column()), perc, "valore", "%s: «%s» non è un valore dichiarato nel vocabolario: uno di %s",
							s.Nome, string(lit), strings.Join(u.ValoriAmmessi(), ", "))
					}
					continue
				}
				n, ok := parole.NomeQualificato(x)
				if !ok {
					continue
				}
				nome, legge := strings.CutPrefix(n, "legge.")
				par := propri[nome]
				if par == nil {
					par = parametri[nome]
				}
				if !legge {
					par = nil
				}
				if par == nil || par.Tipo != "testo" {
					continue
				}
				for _, ver := range par.Valori {
					if ver.Node != nil && ver.Node.Kind == yaml.ScalarNode && !u.Ammette(ver.Node.Value) {
						ps.Add(ver.Pos, "parametri."+par.Nome, "valore", "%s dà l'uscita %s del passo %s: «%s» non è un valore dichiarato nel vocabolario: uno di %s",
							par.Nome, s.Nome, s.ID, ver.Node.Value, strings.Join(u.ValoriAmmessi(), ", "))
					}
				}
			}
		}
	}
}

// risultatiLetterali are the subexpressions whose value is the result of
// x: x itself, or those of both branches of a conditional.
func risultatiLetterali(x ast.Expr) []ast.Expr {
	if x.Kind() == ast.CallKind && x.AsCall().FunctionName() == operators.Conditional && len(x.AsCall().Args()) == 3 {
		args := x.AsCall().Args()
		return append(risultatiLetterali(args[1]), risultatiLetterali(args[2])...)
	}
	return []ast.Expr{x}
}

// uscitaAmmessa checks a text an evaluation computed for an output of
// tipo against the output's declared values: a value the vocabulary
// does not declare is an error in the rules, never an answer.
func (v *vocabolario) uscitaAmmessa(tipo, nome, val string) error {
	u := v.uscita(tipo, nome)
	if u == nil || u.Ammette(val) {
		return nil
	}
	return errore(KindRule, CodeRegolaFallita, "", "le regole danno %s «%s», che il vocabolario non dichiara: uno di %s",
		nome, val, strings.Join(u.ValoriAmmessi(), ", "))
}
