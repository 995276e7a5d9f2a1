package lpu

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// costLimit bounds the work of one CEL program; the rules need far less.
// It is checked at load on the static estimate of each program; only a
// program whose estimate is unbounded or larger is tracked while it runs.
const costLimit = 100_000

// bilancioValutazione bounds the work of one evaluation of a rule file:
// the estimates of all its expressions together (a unit is some 50 ns of
// work: 200,000 is some 10 ms). It is checked at load.
const bilancioValutazione = 200_000

// tipoConf describes what a kind of rule file answers: the kind the
// vocabulary declares (motore.Genere) and its Go request type.
type tipoConf struct {
	req     reflect.Type
	dataVar string               // the input that picks the law in force
	uscite  map[string]*cel.Type // reserved names and their required types
	obblig  []string             // reserved names a file must compute
	perID   bool                 // one rule file for each id (fattispecie)
	// letture are the names the caller reads after an evaluation, by
	// number (esecuzione.val): resolved to their slots at load, among
	// the kind's declared outputs (uscite).
	letture []string
	// potaPer is the input that names the case a program is run for
	// (the fattispecie): the steps that cannot apply to a value of it
	// are left out of its list (see potatura.go); "" for none.
	potaPer string
}

// tipiDichiarati are the kinds of request the vocabulary declares with
// their rules, bound to their Go types.
func tipiDichiarati(files []*spec.File, ps *spec.Problems) map[string]tipoConf {
	generi, ordine := motore.Generi(files, ps)
	motore.ControllaTipi(files, generi, ordine, ps)
	out := map[string]tipoConf{}
	for _, n := range ordine {
		g := generi[n]
		req := richiesteGo[n] // (vocabolario.go)
		if req == nil {
			ps.Add(g.Pos, "richieste."+n, "genere", "tipo di richiesta %q: nessun tipo Go ne legge le richieste (uno di %s)", n, strings.Join(slices.Sorted(maps.Keys(richiesteGo)), ", "))
			continue
		}
		out[n] = tipoConf{req: req, dataVar: g.DataRiferimento, uscite: g.Uscite, obblig: g.Obbligatorie, perID: g.PerID, letture: nomiUscite, potaPer: campoFattispecie}
	}
	return out
}

// parte is a piece of an explanation text: a literal, an expression, or
// (diretto) a name read straight from its slot — most placeholders are
// just a name, and need no CEL program to compile or to run.
type parte struct {
	lit     string
	prg     *programmaCEL
	diretto bool
	slot    int
	nome    string
}

// programmaCEL is one planned expression; tracciato says that its cost
// is tracked, and stopped at costLimit, while it runs. radice, for an
// untracked program, is the root of its plan, run directly in the
// evaluation's frame: cel.Program.Eval would add, for each of the
// dozens of expressions of an evaluation, a deferred recover and its
// bookkeeping, which cost as much as a small expression.
type programmaCEL struct {
	cel.Program
	tracciato bool
	radice    interpreter.InterpretableV2
	// costo is the static estimate of the program's worst case; dim, for
	// a text, list or decimal, the size of its value (see stimaCosto).
	costo uint64
	dim   *cost.SizeEstimate
	// nomi, for a program built without CEL (see senzaCEL), are the
	// names it reads; Program is then nil and radice the whole plan.
	nomi []string
}

type passoC struct {
	s *spec.Passo
	// sempre: the step is in force whenever its file is (the date was
	// checked against the file's vigenza before running it)
	sempre  bool
	dipende []string // names the step's value references (calcola)
	prg     *programmaCEL
	mostra  *programmaCEL
	slot    int
	testo   []parte
	testoNo []parte
	// fonte is " (<source>)", what follows a reason or a caveat;
	// testoFonte, when the text is all literal, the text followed by it.
	fonte      string
	testoFonte string
	calcola    bool
	// tipo is s.Tipo as a number, and vigenza a copy of s.Vigenza, read
	// here for each step run without going to the spec.
	tipo    tipoPasso
	vigenza spec.Vigenza
	// cond is the checked condition, kept at load for cel-go's folding
	// (see potatura.go) and let go after it.
	cond *cel.Ast
}

// tipoPasso is the kind of a step (spec.Passo.Tipo).
type tipoPasso uint8

const (
	_ tipoPasso = iota // (a kind the parser did not accept runs as nothing)
	pCalcola
	pRifiuta
	pEsclude
	pMotivo
	pAvverte
)

var tipiPasso = map[string]tipoPasso{spec.Calcola: pCalcola, spec.Rifiuta: pRifiuta, spec.Esclude: pEsclude, spec.Motivo: pMotivo, spec.Avverte: pAvverte}

// inVigore reports whether the step is in force at date d.
func (c *passoC) inVigore(d time.Time) bool { return c.sempre || c.vigenza.Contiene(d) }

// programma is one compiled rule file.
type programma struct {
	file   *spec.File
	conf   tipoConf
	tab    *simboli
	passi  []*passoC
	uscite map[string]int // reserved name -> slot
	// letture are the slots of conf.letture by number, the slot plus
	// one (0: none)
	letture []int
	esporta []int
	pool    sync.Pool // of *esecuzione, with len(tab.slots) values
	// limitiPassi are the steps the limits depend on (see Engine.Limiti).
	limitiPassi map[*passoC]bool
	// forzaUscite are the slots of the reserved outputs, forzaTutti those
	// and the exported values: what an evaluation without explanation
	// computes after the steps, whether or not a step read them.
	forzaUscite, forzaTutti []int
	// maxPassi bounds the steps an explanation can show: the calcola
	// steps that may show, and the reasons.
	maxPassi int
	// passiPer lists, for a fattispecie, the steps that may apply to it,
	// where some cannot (see potatura.go).
	passiPer map[string][]*passoC
	// env declares every name of the file, for pota; nil after it.
	env *cel.Env
}

// Engine is a loaded, compiled rule set. It is immutable and safe for
// concurrent use.
type Engine struct {
	calcolo     map[string]*programma
	ordine      []string
	fondo       *programma
	convenzione *programma
	dati        map[string]*spec.File
	// datiSrc are the data files' sources: their YAML is read again
	// when asked for (Dati), not kept.
	datiSrc   map[string][]byte
	datiC     map[string]any // data files the engine reads, decoded at Load (dati.go)
	parametri map[string]*spec.Parametro
	voc       *vocabolario        // the declared fields of the requests
	tipi      map[string]tipoConf // the declared kinds answered by rule files
	hash      string
	oggi      func() time.Time
	// opzioni of compilation the tests turn off, to compare.
	comp motore.OpzioniCompila
	// fsys is what Load read: Descrizione reads the suites' cases from it.
	fsys fs.FS
	// letture caches the inputs each program reads (*programma →
	// letture, see Engine.letture in info.go).
	letture sync.Map
}

// WithClock sets the clock Load's Engine uses for a request without a
// date (default time.Now); the rules themselves never read the clock.
func WithClock(now func() time.Time) Option { return func(o *opzioni) { o.oggi = now } }

// Load reads every *.yaml file at the root of fsys, validates, type-checks
// and compiles it. It reports every problem at once, each with its
// file:line:col, as an *LoadError. ctx is looked at between the files
// and between the phases of the load: once it is done, Load returns an
// error that wraps ctx.Err().
func Load(ctx context.Context, fsys fs.FS, opts ...Option) (*Engine, error) {
	var ps spec.Problems
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("lpu: elenco delle regole: %w", err)
	}
	sort.Strings(names)
	h := sha256.New()
	srcs := make([][]byte, len(names))
	totale := 0
	for i, n := range names {
		if err := caricamentoInterrotto(ctx); err != nil {
			return nil, err
		}
		src, msg, err := leggiRegole(fsys, n, &totale)
		if err != nil {
			return nil, fmt.Errorf("lpu: lettura di %s: %w", n, err)
		}
		if msg != "" {
			ps.Add(spec.Pos{File: motore.NomeRegola(fsys, n), Line: 1, Col: 1}, "", "file", "%s", msg)
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(src))
		h.Write(src)
		srcs[i] = src
	}
	if len(ps) > 0 {
		return nil, fromProblems(ps)
	}
	if err := caricamentoInterrotto(ctx); err != nil {
		return nil, err
	}
	// Reading the YAML is a fifth of a load: the files are parsed in
	// parallel, each with its own problems, merged in name order.
	parsed := make([]*spec.File, len(names))
	parsedPs := make([]spec.Problems, len(names))
	motore.InParallelo(len(names), func(i int) int { return len(srcs[i]) }, func(i int) {
		parsed[i] = spec.Parse(motore.NomeRegola(fsys, names[i]), srcs[i], &parsedPs[i])
	})
	var files []*spec.File
	sorgenti := map[*spec.File][]byte{}
	for i, f := range parsed {
		ps = append(ps, parsedPs[i]...)
		if f != nil {
			files = append(files, f)
			sorgenti[f] = srcs[i]
		}
	}
	if len(names) == 0 {
		ps.Add(spec.Pos{File: "rules", Line: 1, Col: 1}, "", "vuoto", "nessun file di regole (*.yaml)")
	}
	e := &Engine{fsys: fsys, calcolo: map[string]*programma{}, dati: map[string]*spec.File{}, datiSrc: map[string][]byte{}, parametri: map[string]*spec.Parametro{},
		hash: "sha256:" + hex.EncodeToString(h.Sum(nil)), oggi: time.Now}
	var o opzioni
	for _, f := range opts {
		f(&o)
	}
	if o.oggi != nil {
		e.oggi = o.oggi
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
			e.dati[f.ID], e.datiSrc[f.ID] = f, sorgenti[f]
		}
	}
	// An overlay's changes to the parameters of other files (new dated
	// versions), in file order; then the shared parameters' values are
	// checked, once.
	modificaParametri(files, e.parametri, &ps)
	for _, n := range slices.Sorted(maps.Keys(e.parametri)) {
		p := e.parametri[n]
		for _, v := range p.Valori {
			motore.ValoreParametro(p, v, &ps)
		}
	}
	e.voc = nuovoVocabolario(files, &ps)
	e.tipi = tipiDichiarati(files, &ps)
	e.voc.controlla(&ps)
	for _, f := range files {
		if f.Tipo == "calcolo" {
			e.voc.controllaValoriDa(f, &ps)
		}
		// A file's label for a field (a key with a path) must name a
		// field of its request; plain keys label the result.
		for _, k := range slices.Sorted(maps.Keys(f.Etichette)) {
			if strings.Contains(k, ".") && e.voc.campo(f.Tipo, k) == nil {
				ps.Add(f.Pos, "etichette."+k, "etichette", "etichette: %s non è un campo della richiesta %s nel vocabolario", k, f.Tipo)
			}
		}
	}
	// Each rule file compiles on its own (CEL parsing is most of a load),
	// and so do the data files: in parallel, each with its own problems,
	// merged afterwards in file order so the report stays sorted and
	// complete.
	type lavoro struct {
		f    *spec.File
		p    *programma
		ps   spec.Problems
		peso int
	}
	lavori := []*lavoro{{peso: len(e.dati)}} // the first: the data files
	for _, f := range files {
		if _, ok := e.tipi[f.Tipo]; ok {
			lavori = append(lavori, &lavoro{f: f, peso: len(f.Passi)})
		}
	}
	// (the fattispecie, for leaving out of each program the steps that
	// cannot apply to one: see potatura.go)
	var fattispecie []string
	for _, f := range files {
		if f.Tipo == "calcolo" && f.ID != "" {
			fattispecie = append(fattispecie, f.ID)
		}
	}
	// (the inputs of the fields declared only in the vocabulary, by kind)
	altri := map[string][]motore.Ingresso{}
	for tipo, conf := range e.tipi {
		altri[tipo] = e.voc.ingressiAltri(tipo, conf.req)
	}
	if err := caricamentoInterrotto(ctx); err != nil {
		return nil, err
	}
	motore.InParallelo(len(lavori), func(i int) int { return lavori[i].peso }, func(i int) {
		l := lavori[i]
		if l.f == nil {
			e.compilaDati(&l.ps)
			return
		}
		l.p = compila(l.f, e.tipi[l.f.Tipo], altri[l.f.Tipo], e.parametri, e.comp, &l.ps)
		if l.p != nil {
			l.p.limitiPassi = l.p.chiusura(nomiLimiti...)
		}
		if l.p != nil && len(l.ps) == 0 {
			if e.tipi[l.f.Tipo].perID {
				l.p.pota([]string{l.f.ID}) // (it answers for its own only)
			} else {
				l.p.pota(fattispecie)
			}
		}
	})
	if err := caricamentoInterrotto(ctx); err != nil {
		return nil, err
	}
	compilati := map[*spec.File]*programma{}
	for _, l := range lavori {
		ps = append(ps, l.ps...)
		if l.f != nil {
			compilati[l.f] = l.p
		}
	}
	unici := map[string]*spec.File{}
	for _, f := range files {
		p := compilati[f]
		if p == nil {
			continue
		}
		if !e.tipi[f.Tipo].perID {
			if u := unici[f.Tipo]; u != nil {
				ps.Add(f.Pos, "tipo", "tipo", "un solo file di tipo %s (c'è già %s)", f.Tipo, u.Nome)
			}
			unici[f.Tipo] = f
		}
		switch f.Tipo {
		case "calcolo":
			e.calcolo[f.ID] = p
			e.ordine = append(e.ordine, f.ID)
		case "fondo":
			e.fondo = p
		case "convenzione":
			e.convenzione = p
		}
	}
	e.compilaNomi(&ps) // (nomi.go: it checks names of the fattispecie above)
	e.controllaCalendario(&ps)
	e.compilaTipiPosto(&ps) // (posti.go)
	if err := fromProblems(ps); err != nil {
		return nil, err
	}
	for _, f := range files {
		f.LiberaPosizioni()
		f.LiberaNodi()
	}
	for _, p := range e.parametri { // (those an overlay changed are copies)
		for i := range p.Valori {
			p.Valori[i].Node = nil
		}
	}
	return e, nil
}

// modificaParametri merges the modifications of the files (tipo
// parametri, key modifiche) into the parameters they name: a shared one
// in comuni by its name, one of a rule file's own as <id>.<nome>.
func modificaParametri(files []*spec.File, comuni map[string]*spec.Parametro, ps *spec.Problems) {
	perID := map[string]*spec.File{}
	for _, f := range files {
		if _, dup := perID[f.ID]; f.ID != "" && !dup {
			perID[f.ID] = f
		}
	}
	for _, f := range files {
		for _, m := range f.Modifiche {
			perc := "modifiche." + m.Nome
			id, nome, locale := strings.Cut(m.Nome, ".")
			if !locale {
				par := comuni[m.Nome]
				if par == nil {
					ps.Add(m.Pos, perc, "nome", "parametro %q sconosciuto: nessun file di tipo parametri lo definisce (il parametro di un file di regole si scrive id_del_file.nome)", m.Nome)
					continue
				}
				comuni[m.Nome] = m.Applica(par, ps)
				continue
			}
			g := perID[id]
			if g == nil {
				ps.Add(m.Pos, perc, "nome", "parametro %q sconosciuto: nessun file ha id %q", m.Nome, id)
				continue
			}
			if g.Tipo == "parametri" {
				ps.Add(m.Pos, perc, "nome", "%s è un parametro comune (%s): si scrive %s", nome, g.Nome, nome)
				continue
			}
			i := slices.IndexFunc(g.Parametri, func(p *spec.Parametro) bool { return p.Nome == nome })
			if i < 0 {
				ps.Add(m.Pos, perc, "nome", "parametro %q sconosciuto: il file %s non lo definisce", nome, g.Nome)
				continue
			}
			g.Parametri[i] = m.Applica(g.Parametri[i], ps)
		}
	}
}

// MaxRuleFile bounds the size of one rule file, MaxRules that of all
// the files of a rule set: the largest embedded file is some 26 KB, all
// of them some 160 KB. A larger file (a 50 MB one took 97 s to load and
// kept 1.5 GB) is a problem of the rule set, as is a file that is not
// a regular file (a symbolic link to /dev/zero, a FIFO): it is never
// read.
const (
	MaxRuleFile = 1 << 20
	MaxRules    = 4 << 20
)

// leggiRegole reads the rule file n, adding its size to *totale: msg is
// the problem that keeps it from being read (not a regular file, too
// large), err an error reading it.
func leggiRegole(fsys fs.FS, n string, totale *int) (src []byte, msg string, err error) {
	st, err := fs.Stat(fsys, n)
	if err != nil {
		return nil, "", err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Sprintf("non è un file regolare (%s): non viene letto", st.Mode().Type()), nil
	}
	if st.Size() > MaxRuleFile {
		return nil, fmt.Sprintf("file troppo grande (%d byte; al massimo %d)", st.Size(), MaxRuleFile), nil
	}
	f, err := fsys.Open(n)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	// (the size a file system reports may be wrong: the read is bounded
	// all the same)
	src, err = io.ReadAll(io.LimitReader(f, MaxRuleFile+1))
	if err != nil {
		return nil, "", err
	}
	if len(src) > MaxRuleFile {
		return nil, fmt.Sprintf("file troppo grande (oltre %d byte)", MaxRuleFile), nil
	}
	if *totale += len(src); *totale > MaxRules {
		return nil, fmt.Sprintf("le regole superano in tutto il limite di %d byte", MaxRules), nil
	}
	return src, "", nil
}

// compila compiles a rule file of a kind of request: its inputs are the
// fields of the kind's request type and altri, those the vocabulary
// declares without a Go field.
func compila(f *spec.File, conf tipoConf, altri []motore.Ingresso, comuni map[string]*spec.Parametro, comp motore.OpzioniCompila, ps *spec.Problems) *programma {
	// The table is sized for its names (inputs, parameters, values):
	// grown one by one, it was copied over and over.
	inputs := ingressiDi(conf.req)
	if len(altri) > 0 {
		inputs = append(inputs[:len(inputs):len(inputs)], altri...)
	}
	n := len(inputs) + len(comuni) + len(f.Parametri) + len(f.Passi)
	p := &programma{file: f, conf: conf, tab: &simboli{idx: make(map[string]int, n), slots: make([]slot, 0, n),
		vigenza: f.Vigenza, senzaCostanti: comp.SenzaCostanti}, uscite: map[string]int{}}
	decls := make([]cel.EnvOption, 0, n)
	for i := range inputs {
		in := &inputs[i]
		p.tab.add(slot{nome: in.Nome, tipo: in.Tipo, kind: slotIngresso, in: in})
		decls = append(decls, cel.Variable(in.Nome, in.Tipo))
	}
	addParam := func(par *spec.Parametro, locale bool) {
		nome := "legge." + par.Nome
		if _, dup := p.tab.idx[nome]; dup {
			ps.Add(par.Pos, "parametri."+par.Nome, "nome", "parametro %q già definito tra i parametri generali", par.Nome)
			return
		}
		// A shared parameter's values were checked once, by Load: here
		// its problems would come once for each file.
		pps := ps
		if !locale {
			pps = &spec.Problems{}
		}
		sl := slot{nome: nome, kind: slotParametro, tipo: motore.TipiParametro[par.Tipo]}
		for _, v := range par.Valori {
			// (a value that is not one is reported and left out: the name
			// is declared all the same, so that the expressions that read
			// it are checked and not reported as reading an unknown name)
			if val, _ := motore.ValoreParametro(par, v, pps); val != nil {
				sl.versioni = append(sl.versioni, versione{vig: v.Vigenza, val: val})
			}
		}
		if sl.tipo == nil { // (an unknown type, reported by the parser)
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
	env, err := motore.Base.Extend(decls...)
	if err != nil {
		ps.Add(f.Pos, "", "cel", "ambiente CEL: %v", err)
		return nil
	}
	amb := motore.NuovoAmbiente(env, comp, f.Vigenza)
	// Steps, in order; a calcola step declares its name for the steps after it.
	definiti := map[string][]*spec.Passo{}
	for _, s := range f.Passi {
		if s.Tipo == "" {
			continue
		}
		c := &passoC{s: s, slot: -1, calcola: s.Tipo == spec.Calcola, tipo: tipiPasso[s.Tipo], vigenza: s.Vigenza}
		c.sempre = !s.Vigenza.Dal.After(f.Vigenza.Dal) &&
			(s.Vigenza.Al.IsZero() || !f.Vigenza.Al.IsZero() && !s.Vigenza.Al.Before(f.Vigenza.Al))
		perc := fmt.Sprintf("passi[%d]", s.Indice)
		if s.Tipo == spec.Calcola {
			ok := compilaCalcola(p, amb, c, perc, ps)
			if s.Nome != "" {
				definiti[s.Nome] = append(definiti[s.Nome], s)
			}
			if !ok {
				// Keep checking the rest of the step and the steps after
				// it, against the name declared anyway: every problem is
				// reported at once, and none twice.
				c.prg = nil
			}
		} else if prg, _ := senzaCEL(p.tab, s.Espr, cel.BoolType); prg != nil {
			c.prg = prg
		} else if ast := motore.CompilaExpr(amb, s.Espr, perc+"."+s.Tipo, cel.BoolType, ps); ast != nil {
			c.prg = programma1(p.tab, ast, s.Espr, perc+"."+s.Tipo, ps)
			c.cond = ast
		}
		c.fonte = " (" + s.Fonte + ")"
		c.testo = compilaTesto(amb, p.tab, s.Testo, perc+".testo", ps)
		if len(c.testo) == 1 && letterale(c.testo[0]) {
			// (a text all literal — most, once the parameters are
			// written in — is joined to its source once, here)
			c.testoFonte = c.testo[0].lit + c.fonte
		}
		if !s.TestoNo.Empty() {
			c.testoNo = compilaTesto(amb, p.tab, s.TestoNo, perc+".testo_no", ps)
		}
		if c.prg != nil {
			p.passi = append(p.passi, c)
		}
	}
	// Every computed value must be defined on every day the file is in
	// force, exactly once; the required outputs must exist.
	for nome, vers := range definiti {
		motore.ControllaCopertura(f, nome, vers, ps)
	}
	for _, c := range p.passi {
		switch c.s.Tipo {
		case spec.Calcola:
			if strings.TrimSpace(c.s.Mostra.Src) != "false" {
				p.maxPassi++
			}
		case spec.Esclude, spec.Motivo:
			p.maxPassi++
		}
	}
	p.tab.produttori = make([][]*passoC, len(p.tab.slots))
	for _, c := range p.passi {
		if c.s.Tipo == spec.Calcola && c.slot >= 0 {
			p.tab.produttori[c.slot] = append(p.tab.produttori[c.slot], c)
		}
	}
	for _, i := range p.uscite {
		p.forzaUscite = append(p.forzaUscite, i)
	}
	p.letture = make([]int, len(conf.letture))
	for k, nome := range conf.letture {
		if i, ok := p.uscite[nome]; ok { // (a declared output of the kind)
			p.letture[k] = i + 1
		}
	}
	sort.Ints(p.forzaUscite)
	p.forzaTutti = slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(p.forzaUscite), p.esporta...))))
	p.env = amb.Completo()
	// One evaluation runs each step at most once: together they must fit
	// the budget of an evaluation.
	var tot uint64
	for _, c := range p.passi {
		prima := tot
		if tot = cost.SafeAdd(tot, c.costo()); tot > bilancioValutazione && prima <= bilancioValutazione {
			ps.Add(c.s.Pos, fmt.Sprintf("passi[%d]", c.s.Indice), "costo", "con questo passo le espressioni del file possono costare fino a %d per valutazione, oltre il limite di %d", tot, bilancioValutazione)
		}
	}
	for _, o := range conf.obblig {
		if _, ok := definiti[o]; !ok {
			ps.Add(f.Pos, "passi", "mancante", "il file deve calcolare %s (un passo con calcola: %s)", o, o)
		}
	}
	return p
}

// compilaCalcola compiles a calcola step into c and declares its name
// for the steps after it, in amb; ok is false if
// the step has a problem (reported), in which case the name is declared
// all the same (with its required type, or dyn) so that the steps after
// it are not reported as using an undeclared name.
func compilaCalcola(p *programma, amb *motore.Ambiente, c *passoC, perc string, ps *spec.Problems) bool {
	s, conf := c.s, p.conf
	nome := s.Nome
	dichiara := func(t *cel.Type) bool {
		if _, ok := p.tab.idx[nome]; ok || nome == "" {
			return false
		}
		if want, riservato := conf.uscite[nome]; riservato {
			t = want
		}
		p.tab.add(slot{nome: nome, tipo: t, kind: slotCalcolato})
		amb.Dichiara(nome, t)
		return false
	}
	prg, t := senzaCEL(p.tab, s.Espr, nil)
	var ast *cel.Ast
	if prg == nil {
		if ast = motore.CompilaExpr(amb, s.Espr, perc+".valore", nil, ps); ast == nil {
			return dichiara(cel.DynType)
		}
		t = ast.OutputType()
	}
	if want, riservato := conf.uscite[nome]; riservato && !t.IsExactType(want) {
		ps.Add(s.Espr.Pos(), perc+".valore", "tipo", "%s deve essere di tipo %s, l'espressione dà %s", nome, motore.NomeTipo(want), motore.NomeTipo(t))
		return dichiara(want)
	}
	if !motore.TipoAmmesso(t) {
		ps.Add(s.Espr.Pos(), perc+".valore", "tipo", "tipo %s non ammesso per un valore calcolato", motore.NomeTipo(t))
		return dichiara(cel.DynType)
	}
	if i, ok := p.tab.idx[nome]; ok {
		sl := p.tab.slots[i]
		if sl.kind != slotCalcolato {
			ps.Add(s.Pos, perc+".calcola", "nome", "%s è già il nome di un dato di ingresso o di un parametro", nome)
			return false
		}
		if !sl.tipo.IsExactType(t) {
			if !sl.tipo.IsExactType(cel.DynType) { // dyn: an earlier version failed, already reported
				ps.Add(s.Espr.Pos(), perc+".valore", "tipo", "%s è di tipo %s in un'altra versione, qui %s", nome, motore.NomeTipo(sl.tipo), motore.NomeTipo(t))
			}
			return false
		}
		c.slot = i
	} else {
		c.slot = p.tab.add(slot{nome: nome, tipo: t, kind: slotCalcolato})
		amb.Dichiara(nome, t)
		if _, ok := conf.uscite[nome]; ok {
			p.uscite[nome] = c.slot
		}
		if s.Esporta {
			p.esporta = append(p.esporta, c.slot)
		}
	}
	if prg != nil {
		c.dipende, c.prg = prg.nomi, prg
	} else {
		c.dipende = motore.Riferimenti(ast)
		c.prg = programma1(p.tab, ast, s.Espr, perc+".valore", ps)
	}
	if c.prg != nil {
		p.tab.dimCalcolata(c.slot, c.prg, s.Espr, perc+".valore", ps)
	} else {
		p.tab.dimRifiutata(c.slot)
	}
	if !s.Mostra.Empty() {
		if m, _ := senzaCEL(p.tab, s.Mostra, cel.BoolType); m != nil {
			c.mostra = m
		} else if a := motore.CompilaExpr(amb, s.Mostra, perc+".mostra", cel.BoolType, ps); a != nil {
			c.mostra = programma1(p.tab, a, s.Mostra, perc+".mostra", ps)
		}
	}
	return c.prg != nil
}

// programma1 plans a checked expression. Its worst-case cost is
// estimated from the sizes of the inputs (bounded as Decode bounds them),
// of the parameters and of the values computed before it (their sizes
// estimated in turn), with the library's cost model (celx: a decimal
// costs by its digits); an expression whose estimate is unbounded or over
// costLimit is rejected, as Kubernetes rejects a CRD validation rule, so
// that no expression can run away whatever the request: the bound at load
// is the guarantee. An expression with a loop (exists, all, map, filter)
// runs CEL's plan, tracked and stopped at costLimit and when the
// evaluation's context is done, as a second line.
func programma1(tab *simboli, ast *cel.Ast, e spec.Expr, perc string, ps *spec.Problems) *programmaCEL {
	// The plan is built bottom-up: the last node decorated is its root.
	var radice interpreter.InterpretableV2
	loop := motore.Comprensioni(ast)
	dec := decoratore(tab, !loop)
	opts := []cel.ProgramOption{cel.EvalOptions(cel.OptOptimize), cel.CustomDecoratorV2(func(i interpreter.InterpretableV2) (interpreter.InterpretableV2, error) {
		i, err := dec(i)
		radice = i
		return i, err
	})}
	stima, dim, err := stimaCosto(tab, ast)
	switch {
	case err != nil:
		ps.Add(e.Pos(), perc, "costo", "il costo dell'espressione non si può stimare: %v", err)
		return nil
	case stima.Min > costLimit:
		ps.Add(e.Pos(), perc, "costo", "l'espressione costa almeno %d, oltre il limite di %d", stima.Min, costLimit)
		return nil
	case stima.Max == math.MaxUint64:
		ps.Add(e.Pos(), perc, "costo", "il costo dell'espressione non si può limitare (un testo, una lista o un decimale di grandezza non nota), limite %d", costLimit)
		return nil
	case stima.Max > costLimit:
		ps.Add(e.Pos(), perc, "costo", "l'espressione può costare fino a %d, oltre il limite di %d", stima.Max, costLimit)
		return nil
	}
	tracciato := loop
	if tracciato {
		opts = append(opts, cel.CostLimit(costLimit), cel.InterruptCheckFrequency(frequenzaInterruzione))
	}
	prg, err := motore.Base.Program(ast, opts...)
	if err != nil {
		ps.Add(e.Pos(), perc, "cel", "%v", err)
		return nil
	}
	pc := &programmaCEL{Program: prg, tracciato: tracciato, costo: stima.Max, dim: dim}
	if !tracciato && radice != nil && radice.ID() == ast.NativeRep().Expr().ID() {
		// The plan is all that runs: the program around it (its
		// interpreter, dispatcher and attribute factory, a third of a
		// loaded engine's objects) would only be more for the garbage
		// collector to mark on every cycle.
		pc.radice, pc.Program = radice, nil
	}
	return pc
}

// frequenzaInterruzione is how many iterations of a loop a tracked
// program runs between two looks at its context.
const frequenzaInterruzione = 100

// stimaCosto estimates the cost of an expression and, for a text, a list
// or a decimal, the size of its value: the estimate runs on the
// expression wrapped in a call to dimensione, whose argument's size the
// estimator records (cel-go computes the size of every call's arguments,
// not of the root).
func stimaCosto(tab *simboli, a *cel.Ast) (cost.CostEstimate, *cost.SizeEstimate, error) {
	// The estimate needs only the library's functions and cost model and
	// the types and references the checker left in the AST, not the
	// declarations of the names: the base environment serves every
	// program.
	st := &stimatore{tab: tab}
	t := a.OutputType()
	if !t.IsExactType(cel.StringType) && !t.IsExactType(celx.DecimaleType) && !t.IsExactType(cel.ListType(cel.StringType)) {
		c, err := motore.Base.EstimateCost(a, st)
		return c, nil, err
	}
	n := a.NativeRep()
	id := celast.MaxID(n) + 1
	tipi := maps.Clone(n.TypeMap())
	tipi[id] = types.IntType
	rif := maps.Clone(n.ReferenceMap())
	rif[id] = celast.NewFunctionReference(dimensione)
	avvolta := celast.NewCheckedAST(celast.NewAST(celast.NewExprFactory().NewCall(id, dimensione, n.Expr()), n.SourceInfo()), tipi, rif)
	pb, err := celast.ToProto(avvolta)
	if err != nil {
		return cost.CostEstimate{}, nil, err
	}
	c, err := motore.Base.EstimateCost(cel.CheckedExprToAst(pb), st)
	return c, st.radice, err
}

// costoMassimo is the most an evaluation of the program can cost: the
// estimates of all its expressions, each run at most once (the values
// computed on demand are computed once; every step in force at most
// once).
func (p *programma) costoMassimo() uint64 {
	var tot uint64
	for _, c := range p.passi {
		tot = cost.SafeAdd(tot, c.costo())
	}
	return tot
}

// costo is the most the expressions of a step can cost together.
func (c *passoC) costo() uint64 {
	tot := c.prg.costo
	if c.mostra != nil {
		tot = cost.SafeAdd(tot, c.mostra.costo)
	}
	for _, t := range [][]parte{c.testo, c.testoNo} {
		for _, pt := range t {
			if pt.prg != nil {
				tot = cost.SafeAdd(tot, pt.prg.costo)
			}
		}
	}
	return tot
}

// senzaCEL builds without CEL the program of an expression that is just
// the literal true or false, or a declared name of type want (any type
// if want is nil): a fifth of the conditions, values and mostra of the
// rules are such (esclude: fatti.incidente, mostra: false), and parsing,
// checking and planning them costs as much as a small expression. The
// program is what CEL would plan: the constant, or the slot read as
// leggiSlot reads it. It returns nil for any other expression, and for
// one CEL must report a problem in (an undeclared name, a name of the
// wrong type): those are compiled by CEL as before, so the loader's
// messages do not change.
func senzaCEL(tab *simboli, e spec.Expr, want *cel.Type) (*programmaCEL, *cel.Type) {
	src := strings.TrimSpace(e.Src)
	switch src {
	case "true", "false":
		if want != nil && !want.IsExactType(cel.BoolType) {
			return nil, nil
		}
		v := types.Bool(src == "true")
		return &programmaCEL{radice: interpreter.NewConstValue(1, v)}, cel.BoolType
	}
	i, ok := tab.idx[src]
	if !ok || !motore.NomeSemplice(src) || motore.Riservato(src) {
		return nil, nil
	}
	t := tab.slots[i].tipo
	if want != nil && !t.IsExactType(want) {
		return nil, nil
	}
	return &programmaCEL{radice: &nomeLetto{slot: i, nome: src}, nomi: []string{src}}, t
}

// nomeLetto is the plan of an expression that is just a name: the value
// of its slot or, when it has none, the error CEL gives.
type nomeLetto struct {
	slot int
	nome string
}

func (n *nomeLetto) ID() int64 { return 1 }

func (n *nomeLetto) Exec(f *interpreter.ExecutionFrame) ref.Val { return n.Eval(f.Scope()) }

func (n *nomeLetto) Eval(a interpreter.Activation) ref.Val {
	if att, ok := a.(*attivazione); ok {
		if v := att.valore(n.slot); v != nil {
			return v
		}
	} else if v, ok := a.ResolveName(n.nome); ok {
		return types.DefaultTypeAdapter.NativeToValue(v)
	}
	return types.NewErr("no such attribute(s): %s", n.nome)
}

// compilaTesto splits "Arresto di {pena.arresto} = {giorni_arresto} giorni"
// into literals and compiled expressions; a problem inside a placeholder
// is reported where it stands in the file.
func compilaTesto(amb *motore.Ambiente, tab *simboli, e spec.Expr, perc string, ps *spec.Problems) []parte {
	var out []parte
	// { and } are single bytes in UTF-8: the text is scanned by byte, and
	// offsets are counted in characters, as positions are, only for a
	// placeholder compiled by CEL or a problem.
	src := e.Src
	car := func(b int) int { return utf8.RuneCountInString(src[:b]) }
	lit := 0 // start of the current literal
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '}':
			ps.Add(e.PosRune(car(i)), perc, "testo", "«}» senza «{» nel testo")
		case '{':
			j := i + 1
			for j < len(src) && src[j] != '}' && src[j] != '{' {
				j++
			}
			if j == len(src) || src[j] == '{' {
				ps.Add(e.PosRune(car(i)), perc, "testo", "«{» senza «}» nel testo")
				continue
			}
			if i > lit {
				out = append(out, parte{lit: src[lit:i]})
			}
			nome := strings.TrimSpace(src[i+1 : j])
			if k, ok := tab.idx[nome]; ok && motore.NomeSemplice(nome) && !motore.Riservato(nome) {
				// A declared name: what CEL would read, without CEL; a
				// parameter with one value whenever the file is in force,
				// that value, written now.
				if v := costante(tab, k, amb.Vigenza); v != nil && !amb.Comp.SenzaCostanti {
					out = append(out, parte{lit: string(motore.AppendFormatta(nil, v))})
				} else {
					out = append(out, parte{diretto: true, slot: k, nome: nome})
				}
			} else if nome == "" {
				ps.Add(e.PosRune(car(i)), perc, "testo", "segnaposto vuoto «{}» nel testo")
			} else {
				sub := e.Sub(car(i+1), utf8.RuneCountInString(src[i+1:j]))
				if ast := motore.CompilaExpr(amb, sub, perc, nil, ps); ast != nil {
					if prg := programma1(tab, ast, sub, perc, ps); prg != nil {
						out = append(out, parte{prg: prg})
					}
				}
			}
			i, lit = j, j+1
		}
	}
	if lit < len(src) {
		out = append(out, parte{lit: src[lit:]})
	}
	return unisciLetterali(out)
}

// unisciLetterali joins adjacent literals (a parameter written at load
// between two of them): a text that is all literal is returned as it is.
func unisciLetterali(parti []parte) []parte {
	var out []parte
	for _, p := range parti {
		if n := len(out); n > 0 && letterale(p) && letterale(out[n-1]) {
			out[n-1].lit += p.lit
			continue
		}
		out = append(out, p)
	}
	return out
}

func letterale(p parte) bool { return p.prg == nil && !p.diretto }

// costante is the value of slot k when it is a parameter with one value
// on every day of the file's vigenza vig (nil otherwise).
func costante(tab *simboli, k int, vig spec.Vigenza) ref.Val {
	sl := &tab.slots[k]
	if sl.kind != slotParametro || len(sl.versioni) != 1 || !motore.Copre(sl.versioni[0].vig, vig) {
		return nil
	}
	return sl.versioni[0].val
}

// chiusura returns the calcola steps needed to compute the given names,
// following their dependencies.
func (p *programma) chiusura(nomi ...string) map[*passoC]bool {
	out := map[*passoC]bool{}
	todo := append([]string(nil), nomi...)
	seen := map[string]bool{}
	for len(todo) > 0 {
		n := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		for _, c := range p.passi {
			if c.s.Tipo == spec.Calcola && c.s.Nome == n {
				out[c] = true
				todo = append(todo, c.dipende...)
			}
		}
	}
	return out
}

// Hash is the sha256 of the rule set, as "sha256:…".
func (e *Engine) Hash() string { return e.hash }

var _ = decimal.Zero

// caricamentoInterrotto is the error of a Load whose context is done.
func caricamentoInterrotto(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("lpu: caricamento delle regole interrotto: %w", err)
	}
	return nil
}
