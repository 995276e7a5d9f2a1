package lpu

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// costLimit bounds the work of one CEL program; the rules need far less.
// It is checked at load on the static estimate of each program; only a
// program whose estimate is unbounded or larger is tracked while it runs.
const costLimit = 100_000

// tipoConf describes what a kind of rule file answers.
type tipoConf struct {
	req     reflect.Type
	dataVar string               // the input that picks the law in force
	uscite  map[string]*cel.Type // reserved names and their required types
	obblig  []string             // reserved names a file must compute
}

var tipi = map[string]tipoConf{
	"calcolo": {
		req: reflect.TypeOf(Richiesta{}), dataVar: "data",
		uscite: map[string]*cel.Type{
			"giorni": cel.IntType, "ore": cel.IntType,
			"ore_settimanali_min": cel.IntType, "ore_settimanali_max": cel.IntType, "ore_giornaliere_max": cel.IntType,
			"residuo_ore": cel.IntType, "residuo_giorni_pena": cel.IntType,
		},
		obblig: []string{"giorni", "ore", "ore_giornaliere_max"},
	},
	"fondo": {
		req: reflect.TypeOf(RichiestaFondo{}), dataVar: "data_inizio",
		uscite: map[string]*cel.Type{"esito": cel.StringType, "richiesta_entro": celx.DataType, "premio_stimato": celx.DecimaleType},
		obblig: []string{"esito"},
	},
	"convenzione": {
		req: reflect.TypeOf(RichiestaConvenzione{}), dataVar: "data",
		uscite: map[string]*cel.Type{"scadenza": celx.DataType},
	},
}

// parte is a piece of an explanation text: a literal or an expression.
type parte struct {
	lit string
	prg *programmaCEL
}

// programmaCEL is one planned expression; tracciato says that its cost
// is tracked, and stopped at costLimit, while it runs.
type programmaCEL struct {
	cel.Program
	tracciato bool
}

type passoC struct {
	s       *spec.Passo
	prg     *programmaCEL
	mostra  *programmaCEL
	slot    int
	testo   []parte
	testoNo []parte
}

// programma is one compiled rule file.
type programma struct {
	file    *spec.File
	conf    tipoConf
	tab     *simboli
	passi   []*passoC
	dataIdx []int
	uscite  map[string]int // reserved name -> slot
	esporta []int
	pool    sync.Pool // of *esecuzione, with len(tab.slots) values
}

// Engine is a loaded, compiled rule set. It is immutable and safe for
// concurrent use.
type Engine struct {
	calcolo     map[string]*programma
	ordine      []string
	fondo       *programma
	convenzione *programma
	dati        map[string]*spec.File
	parametri   map[string]*spec.Parametro
	hash        string
	oggi        func() time.Time
}

// Option configures Load.
type Option func(*Engine)

// ConOrologio sets the clock used for a request without a date (default
// time.Now); the rules themselves never read the clock.
func ConOrologio(now func() time.Time) Option { return func(e *Engine) { e.oggi = now } }

// Load reads every *.yaml file at the root of fsys, validates, type-checks
// and compiles it. It reports every problem at once, each with its
// file:line:col, as an *ErroreRegole.
func Load(fsys fs.FS, opts ...Option) (*Engine, error) {
	var ps spec.Problems
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("lpu: elenco delle regole: %w", err)
	}
	sort.Strings(names)
	h := sha256.New()
	var files []*spec.File
	for _, n := range names {
		src, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("lpu: lettura di %s: %w", n, err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(src))
		h.Write(src)
		if f := spec.Parse(path.Join("rules", n), src, &ps); f != nil {
			files = append(files, f)
		}
	}
	if len(names) == 0 {
		ps.Add(spec.Pos{File: "rules", Line: 1, Col: 1}, "", "vuoto", "nessun file di regole (*.yaml)")
	}
	e := &Engine{calcolo: map[string]*programma{}, dati: map[string]*spec.File{}, parametri: map[string]*spec.Parametro{},
		hash: "sha256:" + hex.EncodeToString(h.Sum(nil)), oggi: time.Now}
	for _, o := range opts {
		o(e)
	}
	ids := map[string]spec.Pos{}
	for _, f := range files {
		if f.ID == "" {
			continue
		}
		if p, dup := ids[f.ID]; dup {
			ps.Add(f.Pos, "id", "id", "id %q già usato in %s", f.ID, p)
			continue
		}
		ids[f.ID] = f.Pos
	}
	// Shared parameters first: every program sees them as legge.<nome>.
	for _, f := range files {
		if f.Tipo == "parametri" {
			for _, p := range f.Parametri {
				if q, dup := e.parametri[p.Nome]; dup {
					ps.Add(p.Pos, "parametri."+p.Nome, "nome", "parametro %q già definito in %s", p.Nome, q.Pos)
					continue
				}
				e.parametri[p.Nome] = p
			}
		}
		if f.Tipo == "dati" {
			e.dati[f.ID] = f
		}
	}
	for _, f := range files {
		conf, ok := tipi[f.Tipo]
		if !ok {
			continue
		}
		p := compila(f, conf, e.parametri, &ps)
		if p == nil {
			continue
		}
		switch f.Tipo {
		case "calcolo":
			e.calcolo[f.ID] = p
			e.ordine = append(e.ordine, f.ID)
		case "fondo":
			if e.fondo != nil {
				ps.Add(f.Pos, "tipo", "tipo", "un solo file di tipo fondo (c'è già %s)", e.fondo.file.Nome)
			}
			e.fondo = p
		case "convenzione":
			if e.convenzione != nil {
				ps.Add(f.Pos, "tipo", "tipo", "un solo file di tipo convenzione (c'è già %s)", e.convenzione.file.Nome)
			}
			e.convenzione = p
		}
	}
	if err := fromProblems(ps); err != nil {
		return nil, err
	}
	return e, nil
}

var baseEnv = func() *cel.Env {
	env, err := cel.NewEnv(celx.Library(), cel.ParserRecursionLimit(64), cel.ParserExpressionSizeLimit(4000))
	if err != nil {
		panic(err) // the library itself is broken: a programming error
	}
	return env
}()

func valoreParametro(p *spec.Parametro, n *yaml.Node, pos spec.Pos, ps *spec.Problems) (ref.Val, *cel.Type) {
	bad := func(what string) (ref.Val, *cel.Type) {
		ps.Add(pos, "parametri."+p.Nome, "valore", "valore di %s non valido: atteso %s", p.Nome, what)
		return nil, nil
	}
	switch p.Tipo {
	case "intero":
		var v int
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&v) != nil {
			return bad("un intero")
		}
		return types.Int(v), cel.IntType
	case "decimale":
		d, err := calc.ParseDecimale(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			return bad("un decimale tra virgolette, es. \"250\"")
		}
		return celx.Decimale{D: d}, celx.DecimaleType
	case "testo":
		if n.Kind != yaml.ScalarNode {
			return bad("un testo")
		}
		return types.String(n.Value), cel.StringType
	case "booleano":
		var b bool
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
			return bad("true o false")
		}
		return types.Bool(b), cel.BoolType
	case "data":
		t, err := calc.ParseData(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			return bad("una data AAAA-MM-GG")
		}
		return celx.NewData(t), celx.DataType
	case "lista":
		var l []string
		if n.Kind != yaml.SequenceNode || n.Decode(&l) != nil {
			return bad("una lista di testi")
		}
		return types.DefaultTypeAdapter.NativeToValue(l), cel.ListType(cel.StringType)
	case "durata":
		var d calc.Durata
		if n.Kind != yaml.MappingNode || decodeStrict(n, &d) != nil {
			return bad("una durata {anni, mesi, giorni}")
		}
		return celx.Durata{D: d}, celx.DurataType
	}
	return nil, nil
}

func decodeStrict(n *yaml.Node, d *calc.Durata) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var x int
		if err := v.Decode(&x); err != nil || x < 0 {
			return fmt.Errorf("bad")
		}
		switch k.Value {
		case "anni":
			d.Anni = x
		case "mesi":
			d.Mesi = x
		case "giorni":
			d.Giorni = x
		default:
			return fmt.Errorf("bad")
		}
	}
	return nil
}

func compila(f *spec.File, conf tipoConf, comuni map[string]*spec.Parametro, ps *spec.Problems) *programma {
	p := &programma{file: f, conf: conf, tab: &simboli{idx: map[string]int{}}, uscite: map[string]int{}}
	var decls []cel.EnvOption
	for _, in := range ingressi(conf.req) {
		in := in
		p.tab.add(slot{nome: in.nome, tipo: in.tipo, kind: slotIngresso, in: &in})
		decls = append(decls, cel.Variable(in.nome, in.tipo))
		if in.nome == conf.dataVar {
			p.dataIdx = in.index
		}
	}
	addParam := func(par *spec.Parametro, locale bool) {
		nome := "legge." + par.Nome
		if _, dup := p.tab.idx[nome]; dup {
			ps.Add(par.Pos, "parametri."+par.Nome, "nome", "parametro %q già definito tra i parametri generali", par.Nome)
			return
		}
		sl := slot{nome: nome, kind: slotParametro}
		for _, v := range par.Valori {
			val, t := valoreParametro(par, v.Node, v.Pos, ps)
			if val == nil {
				return
			}
			sl.tipo = t
			sl.versioni = append(sl.versioni, versione{vig: v.Vigenza, val: val})
		}
		if sl.tipo == nil {
			return
		}
		p.tab.add(sl)
		decls = append(decls, cel.Variable(nome, sl.tipo))
	}
	comNames := make([]string, 0, len(comuni))
	for n := range comuni {
		comNames = append(comNames, n)
	}
	sort.Strings(comNames)
	for _, n := range comNames {
		addParam(comuni[n], false)
	}
	for _, par := range f.Parametri {
		addParam(par, true)
	}
	env, err := baseEnv.Extend(decls...)
	if err != nil {
		ps.Add(f.Pos, "", "cel", "ambiente CEL: %v", err)
		return nil
	}
	// Steps, in order; a calcola step declares its name for the steps after it.
	definiti := map[string][]*spec.Passo{}
	for _, s := range f.Passi {
		if s.Tipo == "" {
			continue
		}
		c := &passoC{s: s, slot: -1}
		perc := fmt.Sprintf("passi[%d]", s.Indice)
		if s.Tipo == spec.Calcola {
			ast := compilaExpr(env, s.Espr, perc+".valore", nil, ps)
			if ast == nil {
				continue
			}
			t := ast.OutputType()
			if want, riservato := conf.uscite[s.Nome]; riservato && !t.IsExactType(want) {
				ps.Add(s.Espr.Pos, perc+".valore", "tipo", "%s deve essere di tipo %s, l'espressione dà %s", s.Nome, nomeTipo(want), nomeTipo(t))
				continue
			}
			if !tipoAmmesso(t) {
				ps.Add(s.Espr.Pos, perc+".valore", "tipo", "tipo %s non ammesso per un valore calcolato", nomeTipo(t))
				continue
			}
			nome := s.Nome
			if i, ok := p.tab.idx[nome]; ok {
				sl := p.tab.slots[i]
				if sl.kind != slotCalcolato {
					ps.Add(s.Pos, perc+".calcola", "nome", "%s è già il nome di un dato di ingresso o di un parametro", nome)
					continue
				}
				if !sl.tipo.IsExactType(t) {
					ps.Add(s.Espr.Pos, perc+".valore", "tipo", "%s è di tipo %s in un'altra versione, qui %s", nome, nomeTipo(sl.tipo), nomeTipo(t))
					continue
				}
				c.slot = i
			} else {
				c.slot = p.tab.add(slot{nome: nome, tipo: t, kind: slotCalcolato})
				env, err = env.Extend(cel.Variable(nome, t))
				if err != nil {
					ps.Add(s.Pos, perc, "cel", "ambiente CEL: %v", err)
					return nil
				}
				if _, ok := conf.uscite[nome]; ok {
					p.uscite[nome] = c.slot
				}
				if s.Esporta {
					p.esporta = append(p.esporta, c.slot)
				}
			}
			definiti[nome] = append(definiti[nome], s)
			c.prg = programma1(env, p.tab, ast, s.Espr, perc+".valore", ps)
			if !s.Mostra.Empty() {
				if a := compilaExpr(env, s.Mostra, perc+".mostra", cel.BoolType, ps); a != nil {
					c.mostra = programma1(env, p.tab, a, s.Mostra, perc+".mostra", ps)
				}
			}
		} else {
			ast := compilaExpr(env, s.Espr, perc+"."+s.Tipo, cel.BoolType, ps)
			if ast == nil {
				continue
			}
			c.prg = programma1(env, p.tab, ast, s.Espr, perc+"."+s.Tipo, ps)
		}
		c.testo = compilaTesto(env, p.tab, s.Testo, perc+".testo", ps)
		if !s.TestoNo.Empty() {
			c.testoNo = compilaTesto(env, p.tab, s.TestoNo, perc+".testo_no", ps)
		}
		p.passi = append(p.passi, c)
	}
	// Every computed value must be defined on every day the file is in
	// force, exactly once; the required outputs must exist.
	for nome, vers := range definiti {
		checkCopertura(f, nome, vers, ps)
	}
	for _, o := range conf.obblig {
		if _, ok := definiti[o]; !ok {
			ps.Add(f.Pos, "passi", "mancante", "il file deve calcolare %s (un passo con calcola: %s)", o, o)
		}
	}
	return p
}

func checkCopertura(f *spec.File, nome string, vers []*spec.Passo, ps *spec.Problems) {
	sorted := slices.Clone(vers)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Vigenza.Dal.Before(sorted[j].Vigenza.Dal) })
	cur := f.Vigenza.Dal
	for i, s := range sorted {
		if s.Vigenza.Dal.After(cur) {
			ps.Add(s.Pos, "", "vigenza", "%s non è calcolato dal %s al %s", nome, calc.FormatDataItaliana(cur), calc.FormatDataItaliana(calc.AggiungiGiorni(s.Vigenza.Dal, -1)))
		}
		if s.Vigenza.Dal.Before(cur) {
			ps.Add(s.Pos, "", "vigenza", "%s è calcolato due volte nello stesso periodo (%s)", nome, s.Vigenza)
		}
		if s.Vigenza.Al.IsZero() {
			if i != len(sorted)-1 {
				ps.Add(sorted[i+1].Pos, "", "vigenza", "%s è calcolato due volte nello stesso periodo (%s)", nome, sorted[i+1].Vigenza)
			}
			return
		}
		cur = calc.AggiungiGiorni(s.Vigenza.Al, 1)
	}
	if f.Vigenza.Al.IsZero() || !cur.After(f.Vigenza.Al) {
		ps.Add(sorted[len(sorted)-1].Pos, "", "vigenza", "%s non è calcolato dal %s in poi", nome, calc.FormatDataItaliana(cur))
	}
}

func tipoAmmesso(t *cel.Type) bool {
	for _, a := range []*cel.Type{cel.IntType, cel.BoolType, cel.StringType, celx.DecimaleType, celx.DurataType, celx.DataType, cel.ListType(cel.StringType)} {
		if t.IsExactType(a) {
			return true
		}
	}
	return false
}

func nomeTipo(t *cel.Type) string {
	switch {
	case t.IsExactType(cel.IntType):
		return "intero"
	case t.IsExactType(cel.BoolType):
		return "booleano (bool)"
	case t.IsExactType(cel.StringType):
		return "testo"
	case t.IsExactType(celx.DecimaleType):
		return "decimale"
	case t.IsExactType(celx.DurataType):
		return "durata"
	case t.IsExactType(celx.DataType):
		return "data"
	}
	return t.String()
}

func compilaExpr(env *cel.Env, e spec.Expr, perc string, want *cel.Type, ps *spec.Problems) *cel.Ast {
	if e.Empty() {
		return nil
	}
	ast, iss := env.Compile(e.Src)
	if iss != nil && iss.Err() != nil {
		for _, ce := range iss.Errors() {
			pos := e.At(ce.Location.Line(), ce.Location.Column())
			ps.Add(pos, perc, "cel", "%s", ce.Message)
		}
		return nil
	}
	if want != nil && !ast.OutputType().IsExactType(want) {
		ps.Add(e.Pos, perc, "tipo", "la condizione deve essere booleana (bool), l'espressione dà %s", nomeTipo(ast.OutputType()))
		return nil
	}
	return ast
}

// programma1 plans a checked expression. Its worst-case cost is
// estimated from the sizes of the inputs (bounded as Decode bounds them)
// and of the parameters; a program whose estimate is unbounded or over
// costLimit has its cost tracked and stopped at costLimit while it runs,
// the others (nearly all: tracking costs more than the rules themselves)
// run untracked.
func programma1(env *cel.Env, tab *simboli, ast *cel.Ast, e spec.Expr, perc string, ps *spec.Problems) *programmaCEL {
	opts := []cel.ProgramOption{cel.EvalOptions(cel.OptOptimize), cel.CustomDecoratorV2(decoratore(tab, !comprensioni(ast)))}
	stima, err := env.EstimateCost(ast, stimatore{tab})
	if err == nil && stima.Min > costLimit {
		ps.Add(e.Pos, perc, "costo", "l'espressione costa almeno %d, oltre il limite di %d", stima.Min, costLimit)
		return nil
	}
	tracciato := err != nil || stima.Max > costLimit
	if tracciato {
		opts = append(opts, cel.CostLimit(costLimit))
	}
	prg, err := env.Program(ast, opts...)
	if err != nil {
		ps.Add(e.Pos, perc, "cel", "%v", err)
		return nil
	}
	return &programmaCEL{Program: prg, tracciato: tracciato}
}

// comprensioni reports whether an expression has a macro such as
// exists() or all(), whose local variables are not slots.
func comprensioni(a *cel.Ast) bool {
	trovata := false
	celast.PostOrderVisit(a.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		trovata = trovata || e.Kind() == celast.ComprehensionKind
	}))
	return trovata
}

// compilaTesto splits "Arresto di {pena.arresto} = {giorni_arresto} giorni"
// into literals and compiled expressions.
func compilaTesto(env *cel.Env, tab *simboli, e spec.Expr, perc string, ps *spec.Problems) []parte {
	var out []parte
	s := e.Src
	off := 0 // rune offset of s within e.Src
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			if strings.Contains(s, "}") {
				ps.Add(e.Pos, perc, "testo", "«}» senza «{» nel testo")
			}
			if s != "" {
				out = append(out, parte{lit: s})
			}
			return out
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			ps.Add(e.Pos, perc, "testo", "«{» senza «}» nel testo")
			return out
		}
		if i > 0 {
			out = append(out, parte{lit: s[:i]})
		}
		src := s[i+1 : i+j]
		col := off + utf8.RuneCountInString(s[:i+1])
		sub := spec.Expr{Src: src, Pos: e.At(1, col), Block: false}
		if e.Block {
			line := 1 + strings.Count(e.Src[:len(e.Src)-len(s)+i], "\n")
			sub.Pos = e.At(line, 0)
		}
		if ast := compilaExpr(env, sub, perc, nil, ps); ast != nil {
			if prg := programma1(env, tab, ast, sub, perc, ps); prg != nil {
				out = append(out, parte{prg: prg})
			}
		}
		off = col + utf8.RuneCountInString(src) + 1
		s = s[i+j+1:]
	}
}

// Hash is the sha256 of the rule set, as "sha256:…".
func (e *Engine) Hash() string { return e.hash }

var _ = decimal.Zero
