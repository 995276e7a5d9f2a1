package lpu

import (
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// InfoFattispecie describes one fattispecie as its rule file does: what it
// is, the act it comes from, when it applies, and which inputs its rules
// read. It is what a form or a client needs to ask only the questions that
// matter for the case.
type InfoFattispecie struct {
	ID          string      `json:"id"`
	Titolo      string      `json:"titolo"`
	Fonte       string      `json:"fonte"`
	Descrizione string      `json:"descrizione"`
	Vigenza     InfoVigenza `json:"vigenza"`
	Campi       []InfoCampo `json:"campi"`
}

// InfoVigenza is a validity period; Al is empty while the rules are in
// force.
type InfoVigenza struct {
	Dal string `json:"dal"`
	Al  string `json:"al"`
}

// InfoCampo is one input of a calcolo request that the rules of a
// fattispecie read.
type InfoCampo struct {
	// Nome is the field's JSON path, e.g. "pena.arresto".
	Nome string `json:"nome"`
	// Tipo is one of durata, importo, data, intero, booleano, testo, lista.
	Tipo string `json:"tipo"`
	// Valori are the only values the engine accepts, when it fixes them
	// (the readings in opzioni, the convention models).
	Valori []string `json:"valori,omitempty"`
	// Predefinito is the value used when the field is left out.
	Predefinito string `json:"predefinito,omitempty"`
	// Citati are the values the rules compare a text field with (e.g. the
	// commas of an article that change the outcome): a hint, not a limit.
	Citati []string `json:"citati,omitempty"`
	// Max is the largest value (intero) or length (testo) accepted, if any.
	Max int `json:"max,omitempty"`
}

// Values the engine fixes for some inputs, and their defaults: the same
// lists Evaluate checks.
var (
	valoriFissi = map[string][]string{
		"opzioni.mese":               valoriMese,
		"opzioni.frazione_250":       valoriFrazione,
		"opzioni.ragguaglio_residuo": valoriRagguaglio,
		"fatti.convenzione":          ModelliConvenzione,
	}
	predefiniti = map[string]string{
		"opzioni.mese":               "30_giorni",
		"opzioni.frazione_250":       "eccesso",
		"opzioni.ragguaglio_residuo": "art58",
	}
	// campiFondo maps the inputs of the fondo rules that Evaluate fills
	// from a calcolo request to the calcolo field they come from (the
	// others, fattispecie, data and giorni, are always there).
	campiFondo = map[string]string{"convenzione": "fatti.convenzione"}
)

// Catalogo describes every fattispecie of the rule set, in file order.
// The fields of each are those read by its steps' values and conditions,
// found in the rules' CEL expressions; a field read only by a rifiuta step
// (one the rules refuse, such as reclusione for art. 186) is left out, and
// the reference date (data) is always in. The Fund's inputs are added to
// every fattispecie when the rule set has Fund rules.
func (e *Engine) Catalogo() []InfoFattispecie {
	tipiCampo := map[string]reflect.StructField{}
	var nomi []string
	for _, in := range ingressi(tipi["calcolo"].req) {
		nomi = append(nomi, in.nome)
		tipiCampo[in.nome] = tipi["calcolo"].req.FieldByIndex(in.index)
	}
	fondo := riferimentiFile(e.fondo, nil)
	out := make([]InfoFattispecie, 0, len(e.ordine))
	for _, id := range e.ordine {
		p := e.calcolo[id]
		f := p.file
		letti := riferimentiFile(p, nomi)
		letti.nomi[tipi["calcolo"].dataVar] = true
		for daFondo, campo := range campiFondo {
			if fondo.nomi[daFondo] {
				letti.nomi[campo] = true
				letti.citati[campo] = append(letti.citati[campo], fondo.citati[daFondo]...)
			}
		}
		info := InfoFattispecie{ID: id, Titolo: f.Titolo, Fonte: f.Fonte, Descrizione: strings.TrimSpace(f.Descr),
			Vigenza: InfoVigenza{Dal: dataInfo(f.Vigenza.Dal), Al: dataInfo(f.Vigenza.Al)}, Campi: []InfoCampo{}}
		for _, n := range nomi {
			if !letti.nomi[n] || n == "fattispecie" {
				continue
			}
			sf := tipiCampo[n]
			c := InfoCampo{Nome: n, Tipo: tipoCampo(sf.Type), Valori: valoriFissi[n], Predefinito: predefiniti[n]}
			if c.Tipo == "intero" || c.Tipo == "testo" {
				def := maxIntDefault
				if c.Tipo == "testo" {
					def = maxStringa
				}
				c.Max = tagMax(sf.Tag.Get("lpu"), def)
			}
			if c.Valori == nil {
				c.Citati = unici(letti.citati[n])
			}
			info.Campi = append(info.Campi, c)
		}
		out = append(out, info)
	}
	return out
}

func dataInfo(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return calc.FormatData(t)
}

func tipoCampo(t reflect.Type) string {
	switch t {
	case tDurata:
		return "durata"
	case tImporto:
		return "importo"
	case tData:
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
	}
	return t.Kind().String()
}

// letture are the inputs a rule file reads, and the text values it
// compares them with.
type letture struct {
	nomi   map[string]bool
	citati map[string][]string
}

// riferimentiFile walks the values, conditions and mostra expressions of
// a file's steps (not the texts); the conditions of rifiuta steps give
// compared values but do not make a field read. With nomi nil, every
// input of the file's request type counts.
func riferimentiFile(p *programma, nomi []string) letture {
	l := letture{nomi: map[string]bool{}, citati: map[string][]string{}}
	if p == nil {
		return l
	}
	if nomi == nil {
		for _, in := range ingressi(p.conf.req) {
			nomi = append(nomi, in.nome)
		}
	}
	noti := map[string]bool{}
	for _, n := range nomi {
		noti[n] = true
	}
	for _, s := range p.file.Passi {
		if s.Tipo == "" {
			continue
		}
		for _, x := range []spec.Expr{s.Espr, s.Mostra} {
			if x.Empty() {
				continue
			}
			a, iss := baseEnv.Parse(x.Src)
			if iss != nil && iss.Err() != nil {
				continue // compiled at load: cannot happen for a loaded engine
			}
			leggi(a.NativeRep().Expr(), noti, s.Tipo != spec.Rifiuta, &l)
		}
	}
	return l
}

// leggi records the inputs an expression reads (unless only the values
// it compares them with are wanted) and those values.
func leggi(root ast.Expr, noti map[string]bool, nomi bool, l *letture) {
	ast.PreOrderVisit(root, ast.NewExprVisitor(func(x ast.Expr) {
		if n, ok := nomeQualificato(x); ok && noti[n] && nomi {
			l.nomi[n] = true
		}
		if x.Kind() != ast.CallKind {
			return
		}
		c := x.AsCall()
		args := c.Args()
		switch c.FunctionName() {
		case operators.Equals, operators.NotEquals:
			if len(args) == 2 {
				citato(args[0], args[1], noti, l)
				citato(args[1], args[0], noti, l)
			}
		case operators.In:
			if len(args) == 2 && args[1].Kind() == ast.ListKind {
				for _, el := range args[1].AsList().Elements() {
					citato(args[0], el, noti, l)
				}
			}
		}
	}))
}

func citato(campo, lit ast.Expr, noti map[string]bool, l *letture) {
	n, ok := nomeQualificato(campo)
	if !ok || !noti[n] || lit.Kind() != ast.LiteralKind {
		return
	}
	if s, ok := lit.AsLiteral().(types.String); ok && s != "" {
		l.citati[n] = append(l.citati[n], string(s))
	}
}

// nomeQualificato reads pena.arresto from Select(Ident(pena), arresto).
func nomeQualificato(x ast.Expr) (string, bool) {
	switch x.Kind() {
	case ast.IdentKind:
		return x.AsIdent(), true
	case ast.SelectKind:
		s := x.AsSelect()
		if s.IsTestOnly() {
			return "", false
		}
		base, ok := nomeQualificato(s.Operand())
		if !ok {
			return "", false
		}
		return base + "." + s.FieldName(), true
	}
	return "", false
}

func unici(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := slices.Clone(s)
	sort.Strings(out)
	return slices.Compact(out)
}
