package lpu

import (
	"slices"
	"sort"
	"strings"
	"time"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/parole"
	"github.com/lpu-it/lpu/lpu/internal/spec"
	vocab "github.com/lpu-it/lpu/lpu/internal/vocabolario"
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
	// Etichette are the fattispecie's own labels for its result (e.g.
	// esito_si, the headline when the outcome is positive), from its
	// rule file; a client falls back to its own where one is missing.
	Etichette map[string]string `json:"etichette,omitempty"`
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
	// Etichetta is what a lawyer reads for the field (its name is for
	// programs), Aiuto a hint, Fonte the law the field comes from:
	// all from the declared vocabulary of the rules.
	Etichetta string `json:"etichetta,omitempty"`
	Aiuto     string `json:"aiuto,omitempty"`
	Fonte     string `json:"fonte,omitempty"`
	// Scelte are Valori with their Italian labels.
	Scelte []InfoScelta `json:"scelte,omitempty"`
	// Obbligatorio: a request must give the field.
	Obbligatorio bool `json:"obbligatorio,omitempty"`
	// CampiDi, for an oggetto, is the kind of request whose fields of
	// the same name are its members (the piano's fatti are the calcolo's).
	CampiDi string `json:"campi_di,omitempty"`
}

// InfoScelta is one accepted value of a field and its Italian label.
type InfoScelta struct {
	Valore    string `json:"valore"`
	Etichetta string `json:"etichetta"`
}

// campiFondo maps the inputs of the fondo rules that Calcolo fills
// from a calcolo request to the calcolo field they come from (the
// others, fattispecie, data and giorni, are always there).
var campiFondo = map[string]string{"convenzione": "fatti.convenzione"}

// Catalogo describes every fattispecie of the rule set, in file order.
// The fields of each are those read by its steps' values and conditions,
// found in the rules' CEL expressions, in the order and with the labels
// of the declared vocabulary. A field that a rifiuta step reads only to
// refuse it when given (pena.reclusione != durata(0, 0, 0) for art. 186)
// is left out; one it needs (a fact the refusal depends on) is in. The
// reference date (data) is always in. The Fund's inputs are added to
// every fattispecie when the rule set has Fund rules.
func (e *Engine) Catalogo() []InfoFattispecie {
	var nomi []string
	if t := e.voc.Tipi["calcolo"]; t != nil {
		nomi = t.Ordine
	}
	fondo := e.lettureDi(e.fondo, nil)
	out := make([]InfoFattispecie, 0, len(e.ordine))
	for _, id := range e.ordine {
		p := e.calcolo[id]
		f := p.File()
		letti := e.lettureDi(p, nomi)
		letti.nomi[e.tipi["calcolo"].DataVar] = true
		for daFondo, campo := range campiFondo {
			if fondo.nomi[daFondo] {
				letti.nomi[campo] = true
				letti.citati[campo] = append(letti.citati[campo], fondo.citati[daFondo]...)
			}
		}
		info := InfoFattispecie{ID: id, Titolo: f.Titolo, Fonte: f.Fonte, Descrizione: strings.TrimSpace(f.Descr),
			Vigenza: InfoVigenza{Dal: dataInfo(f.Vigenza.Dal), Al: dataInfo(f.Vigenza.Al)}, Campi: []InfoCampo{}}
		for k, v := range f.Etichette {
			if !strings.Contains(k, ".") {
				if info.Etichette == nil {
					info.Etichette = map[string]string{}
				}
				info.Etichette[k] = v
			}
		}
		for _, n := range nomi {
			if !letti.nomi[n] || n == "fattispecie" {
				continue
			}
			d := e.voc.campo("calcolo", n)
			c := infoCampo(d)
			if et, ok := f.Etichette[n]; ok {
				c.Etichetta = et // the fattispecie's own wording of the field
			}
			if va := vocab.ValoriDa(d, p, e.oggiCivile()); va != nil {
				c.Valori, c.Scelte = nil, nil
				for _, v := range va {
					c.Valori = append(c.Valori, v.Valore)
					c.Scelte = append(c.Scelte, InfoScelta{Valore: v.Valore, Etichetta: v.Etichetta})
				}
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

// infoCampo describes a declared field.
func infoCampo(d *spec.Campo) InfoCampo {
	c := InfoCampo{Nome: d.Nome, Tipo: d.Tipo, Valori: d.ValoriAmmessi(), Predefinito: d.Predefinito,
		Etichetta: d.Etichetta, Aiuto: d.Aiuto, Fonte: d.Fonte, Max: d.Max, Obbligatorio: d.Obbligatorio, CampiDi: d.CampiDi}
	switch {
	case c.Max != 0:
	case c.Tipo == "intero":
		c.Max = maxIntDefault
	case c.Tipo == "testo":
		c.Max = maxStringa
	}
	for _, v := range d.Valori {
		c.Scelte = append(c.Scelte, InfoScelta{Valore: v.Valore, Etichetta: v.Etichetta})
	}
	return c
}

// Campi describes the declared fields of a kind of request (calcolo,
// fondo, convenzione, piano), in declaration order: their types, bounds,
// accepted values and Italian labels.
func (e *Engine) Campi(tipo string) []InfoCampo {
	t := e.voc.Tipi[tipo]
	if t == nil {
		return nil
	}
	out := make([]InfoCampo, len(t.Ordine))
	for i, n := range t.Ordine {
		out[i] = infoCampo(t.Campi[n])
	}
	return out
}

// InfoGruppo is a section of the form: the fields whose path starts with
// Prefisso (pena, fatti, …), under a title.
type InfoGruppo struct {
	Prefisso string `json:"prefisso"`
	Titolo   string `json:"titolo"`
	Nota     string `json:"nota,omitempty"`
}

// Gruppi are the sections of a form, as the vocabulary declares them.
func (e *Engine) Gruppi() []InfoGruppo {
	out := make([]InfoGruppo, len(e.voc.Gruppi))
	for i, g := range e.voc.Gruppi {
		out[i] = InfoGruppo{Prefisso: g.ID, Titolo: g.Titolo, Nota: g.Nota}
	}
	return out
}

func dataInfo(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return calc.FormatData(t)
}

// letture are the inputs a rule file reads, and the text values it
// compares them with.
type letture struct {
	nomi   map[string]bool
	citati map[string][]string
}

// lettureDi is riferimentiFile(p, nomi) for a program of e (whose nomi
// are always the same: the calcolo's fields, or nil for the Fund),
// computed once: parsing the expressions again was most of the cost of
// a catalogue, which server.New asks for twice and Descrizione once per
// fattispecie. The caller gets a copy of its own to change.
func (e *Engine) lettureDi(p *motore.Programma, nomi []string) letture {
	v, ok := e.letture.Load(p)
	if !ok {
		v, _ = e.letture.LoadOrStore(p, riferimentiFile(p, nomi))
	}
	l := v.(letture)
	c := letture{nomi: make(map[string]bool, len(l.nomi)), citati: make(map[string][]string, len(l.citati))}
	for k, x := range l.nomi {
		c.nomi[k] = x
	}
	for k, x := range l.citati {
		c.citati[k] = slices.Clip(x)
	}
	return c
}

// riferimentiFile walks the values, conditions and mostra expressions of
// a file's steps (not the texts). A rifiuta condition makes a field read
// unless it reads it only to refuse it when given (see rifiutaSeIndicato).
// With nomi nil, every input of the file's request type counts.
func riferimentiFile(p *motore.Programma, nomi []string) letture {
	l := letture{nomi: map[string]bool{}, citati: map[string][]string{}}
	if p == nil {
		return l
	}
	if nomi == nil {
		for _, in := range ingressiDi(p.Req()) {
			nomi = append(nomi, in.Nome)
		}
	}
	noti := map[string]bool{}
	for _, n := range nomi {
		noti[n] = true
	}
	for _, s := range p.File().Passi {
		if s.Tipo == "" {
			continue
		}
		for _, x := range []spec.Expr{s.Espr, s.Mostra} {
			if x.Empty() {
				continue
			}
			a, iss := motore.Base.Parse(x.Src)
			if iss != nil && iss.Err() != nil {
				continue // compiled at load: cannot happen for a loaded engine
			}
			var esclusi map[int64]bool
			if s.Tipo == spec.Rifiuta {
				esclusi = rifiutaSeIndicato(a.NativeRep().Expr(), noti)
			}
			leggi(a.NativeRep().Expr(), noti, esclusi, &l)
		}
	}
	return l
}

// leggi records the inputs an expression reads (but those whose
// expression ids are in esclusi) and the text values it compares them
// with.
func leggi(root ast.Expr, noti map[string]bool, esclusi map[int64]bool, l *letture) {
	ast.PreOrderVisit(root, ast.NewExprVisitor(func(x ast.Expr) {
		if n, ok := parole.NomeQualificato(x); ok && noti[n] && !esclusi[x.ID()] {
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

// rifiutaSeIndicato finds, in a rifiuta condition, the inputs it reads
// only to refuse them when given: compared as different from their zero
// value (campo != 0, != "", != durata(0, 0, 0), != decimale("0")) or as
// greater than 0. A form need not ask for them: the rules refuse any
// value but the one left out.
func rifiutaSeIndicato(root ast.Expr, noti map[string]bool) map[int64]bool {
	out := map[int64]bool{}
	ast.PreOrderVisit(root, ast.NewExprVisitor(func(x ast.Expr) {
		if x.Kind() != ast.CallKind {
			return
		}
		c := x.AsCall()
		args := c.Args()
		if len(args) != 2 {
			return
		}
		switch c.FunctionName() {
		case operators.NotEquals:
			for i := range 2 {
				if n, ok := parole.NomeQualificato(args[i]); ok && noti[n] && parole.Zero(args[1-i]) {
					out[args[i].ID()] = true
				}
			}
		case operators.Greater:
			if n, ok := parole.NomeQualificato(args[0]); ok && noti[n] && parole.Zero(args[1]) {
				out[args[0].ID()] = true
			}
		}
	}))
	return out
}

func citato(campo, lit ast.Expr, noti map[string]bool, l *letture) {
	n, ok := parole.NomeQualificato(campo)
	if !ok || !noti[n] || lit.Kind() != ast.LiteralKind {
		return
	}
	if s, ok := lit.AsLiteral().(types.String); ok && s != "" {
		l.citati[n] = append(l.citati[n], string(s))
	}
}

func unici(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := slices.Clone(s)
	sort.Strings(out)
	return slices.Compact(out)
}

// InfoUscita is an output of a kind of request as the vocabulary
// declares it (richieste.<tipo>.uscite): its name, its type and, for a
// text, the only values it takes, with their Italian labels.
type InfoUscita struct {
	Nome   string       `json:"nome"`
	Tipo   string       `json:"tipo"`
	Scelte []InfoScelta `json:"scelte,omitempty"`
}

// Uscite describes the declared outputs of a kind of request answered
// by rule files (calcolo, fondo, convenzione), in declaration order; nil
// for another kind.
func (e *Engine) Uscite(tipo string) []InfoUscita {
	var out []InfoUscita
	for _, u := range e.voc.Uscite[tipo] {
		i := InfoUscita{Nome: u.Nome, Tipo: u.Tipo}
		for _, v := range u.Valori {
			i.Scelte = append(i.Scelte, InfoScelta{Valore: v.Valore, Etichetta: v.Etichetta})
		}
		out = append(out, i)
	}
	return out
}
