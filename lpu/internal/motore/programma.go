package motore

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
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

	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// costLimit bounds the work of one CEL program; the rules need far less.
// It is checked at load on the static estimate of each program; only a
// program whose estimate is unbounded or larger is tracked while it runs.
const costLimit = 100_000

// BilancioValutazione bounds the work of one evaluation of a rule file:
// the estimates of all its expressions together (a unit is some 50 ns of
// work: 200,000 is some 10 ms). It is checked at load.
const BilancioValutazione = 200_000

// MaxTestoScritto bounds the bytes one text of the rules writes (the
// longest of the embedded rules' answers has some 1,300 characters): a
// code written by its label takes up to 200 characters, so a list of
// codes written in a text could make an answer of megabytes. Checked at
// load for the parameters and the texts of the request a text writes
// (by their max), at run time for the rest.
const MaxTestoScritto = 64 << 10

// Conf describes what a kind of rule file answers: the kind the
// vocabulary declares (Genere) and its Go request type.
type Conf struct {
	// Req is the Go type of the requests; Letture says how its fields
	// are read.
	Req     reflect.Type
	Letture *Letture
	// Rif is the kind's reference date, compiled once for it (see
	// CompilaRiferimento); nil until then.
	Rif    *Riferimento
	Uscite map[string]*cel.Type // reserved names and their required types
	Obblig []string             // reserved names a file must compute
	// NonObblig are, for a file, those of Obblig it is not told to
	// compute: its caller reports them once, where they are required.
	NonObblig map[*spec.File][]string
	// Richieste: for a reserved name, the others a file computing it
	// must compute too.
	Richieste map[string][]string
	// Limiti bound reserved names of type int: a step that computes a
	// value outside them fails the evaluation (regola_fallita).
	Limiti []Limite
	PerID  bool // one rule file for each id
	// Lette are the names the caller reads after an evaluation, by
	// number (Esecuzione.Val): resolved to their slots at load, among
	// the kind's declared outputs (Uscite).
	Lette []string
	// PotaPer is the input that names the case a program is run for:
	// the steps that cannot apply to a value of it are left out of its
	// list (see pota.go); "" for none.
	PotaPer string
	// Voci gives, for a rule file, the codes its inputs and computed
	// values take with their labels, by name (the accepted values of a
	// field, the fattispecie by their titles, a step's valori): a text
	// writes such a code by its label (see voci.go). nil: none.
	Voci func(*spec.File) map[string]Voci
	// Etichette gives, for a rule file, the labels of the fields of its
	// request and of their values, which its texts write with etichetta
	// (see etichette.go). nil: none.
	Etichette func(*spec.File) *Etichette
	// Dichiarati gives, for a rule file, the names whose values are
	// declared, with their labels and codes: an expression that compares
	// one with a text that is none of them is a problem at load (see
	// dichiarati.go). nil: none.
	Dichiarati func(*spec.File) map[string]Dichiarato
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
	// rif are the names the piece reads (see passoC.dipende).
	rif []string
	// voci are the codes the value may be, written by their labels as
	// modo says (see AppendVoci).
	voci Voci
	modo ModoVoci
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
	sempre bool
	// dipende are the names the step needs (see Chiusura): a calcola
	// step's value and se read them; another step's condition and texts.
	dipende []string
	prg     *programmaCEL
	mostra  *programmaCEL
	// nascosto: a calcola step whose mostra is the constant false, never
	// shown in an explanation (decided at load from the compiled mostra).
	nascosto bool
	// se, for a calcola step, says whether the value is computed at all
	// (nil: always); when false the name has no value.
	se *programmaCEL
	// inOrdine: a calcola step whose value or se reads escluso, run in
	// the order of the steps even without the explanation (see Esegui);
	// leggeEscluso: some expression of the step reads it (see Chiusura).
	inOrdine, leggeEscluso bool
	slot                   int
	testo                  []parte
	testoNo                []parte
	// fonte is " (<source>)", what follows a reason or a caveat;
	// testoFonte, when the text is all literal, the text followed by it.
	fonte      string
	testoFonte string
	// etichetta, for a rifiuta step with a campo, is the label of that
	// field (the file's own wording or the vocabulary's): a refusal
	// whose text does not name it gets it before (nominaRifiuto).
	etichetta string
	calcola   bool
	// limite, for a calcola step of a reserved name with bounds, is its
	// bounds (nil: none): a value outside them is not set (fuoriLimite).
	limite *Limite
	// tipo is s.Tipo as a number, and vigenza a copy of s.Vigenza, read
	// here for each step run without going to the spec.
	tipo    tipoPasso
	vigenza spec.Vigenza
	// cond is the checked condition or value, kept at load for cel-go's
	// folding (see pota.go) and let go after it.
	cond *cel.Ast
	// orig, in the steps of a case (see Pota), is the step of the file
	// this one is a version of, folded for the case; nil in the file's.
	orig *passoC
}

// delFile is the step of the file c is (or is a version of).
func (c *passoC) delFile() *passoC {
	if c.orig != nil {
		return c.orig
	}
	return c
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

// Programma is one compiled rule file. It is immutable once compiled (and
// pruned, see Pota) and safe for concurrent use.
type Programma struct {
	file   *spec.File
	conf   Conf
	tab    *simboli
	passi  []*passoC
	uscite map[string]int // reserved name -> slot
	// letture are the slots of conf.Lette by number, the slot plus
	// one (0: none)
	letture []int
	esporta []int
	pool    sync.Pool // of *Esecuzione, with len(tab.slots) values
	// forzaUscite are the slots of the reserved outputs, forzaTutti those
	// and the exported values: what an evaluation without explanation
	// computes after the steps, whether or not a step read them.
	forzaUscite, forzaTutti []int
	// maxPassi bounds the steps an explanation can show: the calcola
	// steps that may show, and the reasons.
	maxPassi int
	// casi are, for a case, the steps that may apply to it (where some
	// cannot) with their expressions folded for it (see pota.go).
	casi map[string]*caso
	// amb is the file's environment, for Pota; nil after it.
	amb *Ambiente
	// voci are Conf.Voci's for the file, read while it compiles.
	voci map[string]Voci
	// chiavi are the mappa parameters the steps read whose keys are the
	// codes of an input (spec.Parametro.Chiavi): a request whose value
	// is no key of the version in force is refused before the steps run
	// (see controllaChiavi).
	chiavi []chiaveC
}

// Compila compiles a rule file of a kind of request: its inputs are the
// fields of the kind's request type (read as conf.Letture says) and
// altri, those the caller reads otherwise (fields a vocabulary declares
// without a Go field); comuni are the shared parameters, which the
// expressions read as legge.<nome> beside the file's own. Problems are
// added to ps; the result is nil when the file cannot be compiled at all.
func Compila(f *spec.File, conf Conf, altri []Ingresso, comuni map[string]*spec.Parametro, comp OpzioniCompila, ps *spec.Problems) *Programma {
	return compila(f, conf, altri, comuni, comp, nil, ps)
}

// compila is Compila with the cache of the expressions checked in the
// load (nil: none).
func compila(f *spec.File, conf Conf, altri []Ingresso, comuni map[string]*spec.Parametro, comp OpzioniCompila, cache *CacheCEL, ps *spec.Problems) *Programma {
	// The table is sized for its names (inputs, parameters, values):
	// grown one by one, it was copied over and over.
	inputs := conf.Letture.Ingressi(conf.Req)
	if len(altri) > 0 {
		inputs = append(inputs[:len(inputs):len(inputs)], altri...)
	}
	n := 1 + len(inputs) + len(comuni) + len(f.Parametri) + len(f.Passi)
	p := &Programma{file: f, conf: conf, tab: &simboli{idx: make(map[string]int, n), slots: make([]slot, 0, n),
		vigenza: f.Vigenza, senzaCostanti: comp.SenzaCostanti, maxElem: uint64(conf.Letture.MaxTesto)}, uscite: map[string]int{}}
	decls := make([]cel.EnvOption, 0, n+1)
	// The engine's own name, in every file (see NomeEscluso).
	p.tab.add(slot{nome: NomeEscluso, tipo: cel.BoolType, kind: slotEscluso})
	decls = append(decls, cel.Variable(NomeEscluso, cel.BoolType))
	for i := range inputs {
		in := &inputs[i]
		if in.Nome == NomeEscluso {
			ps.Add(f.Pos, "", "nome", "il campo %s della richiesta ha il nome che il motore riserva a sé (vero dopo un passo esclude): va chiamato altrimenti", in.Nome)
			continue
		}
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
		sl := slot{nome: nome, kind: slotParametro, tipo: TipiParametro[par.Tipo], par: par}
		if !locale && cache != nil {
			sl.versioni = cache.versioniComuni(par)
		} else {
			sl.versioni = versioniParametro(par, pps)
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
	env, err := Base.Extend(decls...)
	if err != nil {
		ps.Add(f.Pos, "", "cel", "ambiente CEL: %v", err)
		return nil
	}
	if conf.Voci != nil {
		p.voci = conf.Voci(f)
		for i := range p.tab.slots {
			if sl := &p.tab.slots[i]; sl.kind == slotIngresso {
				sl.voci = p.voci[sl.nome]
			}
		}
		p.tab.vociParametri()
	}
	amb := NuovoAmbiente(env, comp, f.Vigenza)
	if conf.Etichette != nil {
		amb.Etichette = conf.Etichette(f)
	}
	if conf.Dichiarati != nil {
		amb.Dichiarati = conf.Dichiarati(f)
	}
	if cache != nil {
		amb.cache, amb.tipi = cache, make(map[string]*cel.Type, len(p.tab.slots))
		for _, sl := range p.tab.slots {
			amb.tipi[sl.nome] = sl.tipo
		}
	}
	// Steps, in order; a calcola step declares its name for the steps after it.
	definiti := map[string][]*spec.Passo{}
	var letti []letto
	amb.letti = &letti
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
			c.prg, c.dipende = prg, prg.nomi
			amb.leggi(p.tab, c, s.Espr, perc+"."+s.Tipo, nil, prg.nomi, false, false)
		} else if ast := CompilaExpr(amb, s.Espr, perc+"."+s.Tipo, cel.BoolType, ps); ast != nil {
			c.prg = programma1(p.tab, ast, s.Espr, perc+"."+s.Tipo, ps)
			c.cond, c.dipende = ast, Riferimenti(ast)
			amb.leggi(p.tab, c, s.Espr, perc+"."+s.Tipo, ast, c.dipende, false, false)
		}
		c.fonte = " (" + s.Fonte + ")"
		if s.Tipo == spec.Rifiuta && s.Campo != "" && amb.Etichette != nil {
			c.etichetta = amb.Etichette.Campi[s.Campo]
		}
		// (the reads of the texts: a calcola step's text is written when
		// its se and its mostra hold, never with mostra: false; a
		// condition's text when it holds, testo_no when it does not)
		sempreSe := func(e spec.Expr, v string) bool { return strings.TrimSpace(e.Src) == v }
		n0 := len(letti)
		c.testo = compilaTesto(amb, p.tab, s.Testo, perc+".testo", s.Tipo == spec.Rifiuta, ps)
		switch {
		case c.nascosto:
			letti = letti[:n0]
		case c.calcola:
			segna(letti[n0:], c, !s.Se.Empty() || !s.Mostra.Empty() && !sempreSe(s.Mostra, "true"))
		default:
			segna(letti[n0:], c, !sempreSe(s.Espr, "true"))
		}
		n0 = len(letti)
		if len(c.testo) == 1 && letterale(c.testo[0]) {
			// (a text all literal — most, once the parameters are
			// written in — is joined to its source once, here)
			c.testoFonte = c.testo[0].lit + c.fonte
		}
		if !s.TestoNo.Empty() {
			c.testoNo = compilaTesto(amb, p.tab, s.TestoNo, perc+".testo_no", false, ps)
		}
		segna(letti[n0:], c, !sempreSe(s.Espr, "false"))
		c.inOrdine = c.calcola && slices.Contains(c.dipende, NomeEscluso)
		c.leggeEscluso = c.inOrdine || slices.Contains(c.dipende, NomeEscluso)
		for _, t := range [][]parte{c.testo, c.testoNo} {
			for _, pt := range t {
				c.leggeEscluso = c.leggeEscluso || slices.Contains(pt.rif, NomeEscluso)
				if !c.calcola {
					// (a reason's text is written with it: the values
					// it reads are needed too)
					c.dipende = append(c.dipende, pt.rif...)
				}
			}
		}
		if c.prg != nil {
			p.passi = append(p.passi, c)
		}
	}
	p.controllaVigenzaParametri(ps)
	p.compilaChiavi(amb.Etichette)
	// Every computed value must be defined on every day the file is in
	// force, exactly once; the required outputs must exist.
	for nome, vers := range definiti {
		ControllaCopertura(f, nome, vers, ps)
	}
	for _, c := range p.passi {
		switch c.s.Tipo {
		case spec.Calcola:
			if !c.nascosto {
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
	p.controllaLetture(letti, ps)
	amb.letti = nil
	for _, i := range p.uscite {
		p.forzaUscite = append(p.forzaUscite, i)
	}
	p.letture = make([]int, len(conf.Lette))
	for k, nome := range conf.Lette {
		if i, ok := p.uscite[nome]; ok { // (a declared output of the kind)
			p.letture[k] = i + 1
		}
	}
	for _, l := range conf.Limiti {
		i, ok := p.uscite[l.Nome]
		if !ok {
			continue
		}
		for _, c := range p.passi {
			if c.calcola && c.slot == i {
				c.limite = &l
			}
		}
	}
	p.voci = nil
	sort.Ints(p.forzaUscite)
	p.forzaTutti = slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(p.forzaUscite), p.esporta...))))
	p.amb = amb
	// One evaluation runs each step at most once: together they must fit
	// the budget of an evaluation.
	var tot uint64
	for _, c := range p.passi {
		prima := tot
		if tot = cost.SafeAdd(tot, c.costo()); tot > BilancioValutazione && prima <= BilancioValutazione {
			ps.Add(c.s.Pos, fmt.Sprintf("passi[%d]", c.s.Indice), "costo", "con questo passo le espressioni del file possono costare fino a %d per valutazione, oltre il limite di %d", tot, BilancioValutazione)
		}
	}
	for _, o := range conf.Obblig {
		if _, ok := definiti[o]; !ok && !slices.Contains(conf.NonObblig[f], o) {
			ps.Add(f.Pos, "passi", "mancante", "il file deve calcolare %s (un passo con calcola: %s)", o, o)
		}
	}
	for _, nome := range slices.Sorted(maps.Keys(conf.Richieste)) {
		passi := definiti[nome]
		if len(passi) == 0 {
			continue
		}
		for _, o := range conf.Richieste[nome] {
			if _, ok := definiti[o]; !ok {
				s := passi[0]
				ps.Add(s.Pos, fmt.Sprintf("passi[%d]", s.Indice), "mancante", "il file calcola %s e deve calcolare anche %s (un passo con calcola: %s)", nome, o, o)
			}
		}
	}
	return p
}

// controllaVigenzaParametri adds to ps a problem for each step that reads
// a parameter (in its condition or value, its se, its texts) on a day
// the parameter is not in force: one that says its own dal and al (or a
// shared one whose file starts later or ends earlier) has no value on
// the other days of the file, and the step would fail on them at run
// time. The step must say a vigenza within the parameter's.
func (p *Programma) controllaVigenzaParametri(ps *spec.Problems) {
	for _, c := range p.passi {
		vig := c.vigenza
		if c.sempre {
			vig = p.tab.vigenza
		}
		if vig.Dal.IsZero() {
			continue // (a date that is not one, already reported)
		}
		nomi := c.letti()
		visti := map[string]bool{}
		for _, n := range nomi {
			i, ok := p.tab.idx[n]
			if !ok || visti[n] {
				continue
			}
			visti[n] = true
			par := p.tab.slots[i].par
			if par == nil || par.Vigenza.Dal.IsZero() || dentro(vig, par.Vigenza) {
				continue
			}
			ps.Add(c.s.Pos, fmt.Sprintf("passi[%d]", c.s.Indice), "vigenza",
				"il passo %s legge %s, in vigore %s, ma è in vigore %s: nei giorni fuori da quella del parametro fallirebbe; gli va data una vigenza che vi stia dentro", c.s.ID, n, par.Vigenza, vig)
		}
	}
}

// letti are the names step c reads: in its condition or value, its se,
// its texts.
func (c *passoC) letti() []string {
	nomi := c.dipende
	for _, t := range [][]parte{c.testo, c.testoNo} {
		for _, pt := range t {
			nomi = append(nomi[:len(nomi):len(nomi)], pt.rif...)
		}
	}
	return nomi
}

// dentro reports whether every day of v is a day of w.
func dentro(v, w spec.Vigenza) bool {
	if v.Dal.Before(w.Dal) {
		return false
	}
	return w.Al.IsZero() || !v.Al.IsZero() && !v.Al.After(w.Al)
}

// versioniParametro are the versions of the values of par; a value that
// is not one is reported in ps and left out: the name is declared all
// the same, so that the expressions that read it are checked and not
// reported as reading an unknown name.
func versioniParametro(par *spec.Parametro, ps *spec.Problems) []Versione {
	var out []Versione
	for _, v := range par.Valori {
		if val, _ := ValoreParametro(par, v, ps); val != nil {
			out = append(out, Versione{Vig: v.Vigenza, Val: val, Fonte: v.Fonte})
		}
	}
	return out
}

// compilaCalcola compiles a calcola step into c and declares its name
// for the steps after it, in amb; ok is false if
// the step has a problem (reported), in which case the name is declared
// all the same (with its required type, or dyn) so that the steps after
// it are not reported as using an undeclared name.
func compilaCalcola(p *Programma, amb *Ambiente, c *passoC, perc string, ps *spec.Problems) bool {
	s, conf := c.s, p.conf
	nome := s.Nome
	// se is compiled before the value's name is declared: it says whether
	// to compute it, and cannot read it.
	var seRif []string
	if !s.Se.Empty() {
		if m, _ := senzaCEL(p.tab, s.Se, cel.BoolType); m != nil {
			c.se, seRif = m, m.nomi
			amb.leggi(p.tab, c, s.Se, perc+".se", nil, seRif, true, false)
		} else if a := CompilaExpr(amb, s.Se, perc+".se", cel.BoolType, ps); a != nil {
			c.se, seRif = programma1(p.tab, a, s.Se, perc+".se", ps), Riferimenti(a)
			amb.leggi(p.tab, c, s.Se, perc+".se", a, seRif, true, false)
		}
		if slices.Contains(seRif, nome) {
			// (another version of the name is declared before it)
			ps.Add(s.Se.Pos(), perc+".se", "nome", "se dice se calcolare %s: non può leggerlo", nome)
			c.se = nil
		}
		if slices.Contains(conf.Obblig, nome) {
			// An answer always has its obligatory outputs (the contract's
			// giorni, ore, limits): a step that may leave one without a
			// value would answer null, or fail at run time.
			ps.Add(s.Se.Pos(), perc+".se", "chiave", "%s è un'uscita obbligatoria: si calcola sempre, senza se", nome)
			c.se = nil
		}
	}
	dichiara := func(t *cel.Type) bool {
		if _, ok := p.tab.idx[nome]; ok || nome == "" {
			return false
		}
		if want, riservato := conf.Uscite[nome]; riservato {
			t = want
		}
		// (its expression refused, its problem reported: the
		// estimates of the expressions that read it take it as empty,
		// not as a value of unknown size)
		p.tab.dimRifiutata(p.tab.add(slot{nome: nome, tipo: t, kind: slotCalcolato}))
		amb.Dichiara(nome, t)
		return false
	}
	prg, t := senzaCEL(p.tab, s.Espr, nil)
	var ast *cel.Ast
	if prg == nil {
		if ast = CompilaExpr(amb, s.Espr, perc+".valore", nil, ps); ast == nil {
			return dichiara(cel.DynType)
		}
		t = ast.OutputType()
	}
	if want, riservato := conf.Uscite[nome]; riservato && !t.IsExactType(want) {
		ps.Add(s.Espr.Pos(), perc+".valore", "tipo", "%s deve essere di tipo %s, l'espressione dà %s", nome, NomeTipo(want), NomeTipo(t))
		return dichiara(want)
	}
	if !TipoAmmesso(t) {
		ps.Add(s.Espr.Pos(), perc+".valore", "tipo", "tipo %s non ammesso per un valore calcolato", NomeTipo(t))
		return dichiara(cel.DynType)
	}
	switch {
	case len(s.Valori) == 0 || t.IsExactType(cel.StringType) || t.IsExactType(cel.ListType(cel.StringType)):
	case t.IsExactType(cel.IntType):
		// the conventional values of a number, in words: -1, posts not
		// checked
		for _, v := range s.Valori {
			if _, err := strconv.Atoi(v.Valore); err != nil {
				ps.Add(s.PosValori, perc+".valori", "tipo", "valori: %s è un intero, e «%s» non è un numero intero (le etichette di un intero sono quelle dei suoi valori convenzionali, es. -1)", nome, v.Valore)
			}
		}
	default:
		ps.Add(s.PosValori, perc+".valori", "tipo", "valori: le etichette valgono per i codici di un valore di tipo testo o lista di testi, o per i valori convenzionali di un intero; %s è di tipo %s", nome, NomeTipo(t))
	}
	if i, ok := p.tab.idx[nome]; ok {
		sl := p.tab.slots[i]
		if sl.kind == slotEscluso {
			ps.Add(s.Pos, perc+".calcola", "nome", "%s è un nome del motore (vero dopo un passo esclude): un valore calcolato va chiamato altrimenti", nome)
			return false
		}
		if sl.kind != slotCalcolato {
			ps.Add(s.Pos, perc+".calcola", "nome", "%s è già il nome di un dato di ingresso o di un parametro", nome)
			return false
		}
		if !sl.tipo.IsExactType(t) {
			if !sl.tipo.IsExactType(cel.DynType) { // dyn: an earlier version failed, already reported
				ps.Add(s.Espr.Pos(), perc+".valore", "tipo", "%s è di tipo %s in un'altra versione, qui %s", nome, NomeTipo(sl.tipo), NomeTipo(t))
			}
			return false
		}
		c.slot = i
	} else {
		c.slot = p.tab.add(slot{nome: nome, tipo: t, kind: slotCalcolato})
		amb.Dichiara(nome, t)
		if _, ok := conf.Uscite[nome]; ok {
			p.uscite[nome] = c.slot
		}
		if s.Esporta {
			p.esporta = append(p.esporta, c.slot)
		}
	}
	if prg != nil {
		c.dipende, c.prg = prg.nomi, prg
		amb.leggi(p.tab, c, s.Espr, perc+".valore", nil, prg.nomi, true, !s.Se.Empty())
	} else {
		c.dipende = Riferimenti(ast)
		amb.leggi(p.tab, c, s.Espr, perc+".valore", ast, c.dipende, true, !s.Se.Empty())
		c.prg = programma1(p.tab, ast, s.Espr, perc+".valore", ps)
		c.cond = ast
	}
	if len(seRif) > 0 {
		c.dipende = append(slices.Clip(c.dipende), seRif...)
	}
	if c.prg != nil {
		p.tab.dimCalcolata(c.slot, c.prg, s.Espr, perc+".valore", ps)
		di := vociDi{}
		if prg != nil {
			di = p.tab.vociNome(strings.TrimSpace(s.Espr.Src))
		} else {
			di = p.tab.vociEspr(ast)
		}
		p.tab.vociCalcolate(c.slot, p.voci[nome], di)
	} else {
		p.tab.dimRifiutata(c.slot)
	}
	if !s.Mostra.Empty() {
		if m, _ := senzaCEL(p.tab, s.Mostra, cel.BoolType); m != nil {
			c.mostra = m
			amb.leggi(p.tab, c, s.Mostra, perc+".mostra", nil, m.nomi, false, !s.Se.Empty())
		} else if a := CompilaExpr(amb, s.Mostra, perc+".mostra", cel.BoolType, ps); a != nil {
			c.mostra = programma1(p.tab, a, s.Mostra, perc+".mostra", ps)
			amb.leggi(p.tab, c, s.Mostra, perc+".mostra", a, Riferimenti(a), false, !s.Se.Empty())
		}
		if c.mostra != nil {
			k, ok := c.mostra.radice.(interpreter.InterpretableConst)
			c.nascosto = ok && k.Value() == types.False
		}
	}
	return c.prg != nil
}

// programma1 plans a checked expression. Its worst-case cost is
// estimated from the sizes of the inputs (bounded as the decoder bounds them),
// of the parameters and of the values computed before it (their sizes
// estimated in turn), with the library's cost model (celx: a decimal
// costs by its digits); an expression whose estimate is unbounded or over
// costLimit is rejected, as Kubernetes rejects a CRD validation rule, so
// that no expression can run away whatever the request: the bound at load
// is the guarantee. An expression with a loop (exists, all, map, filter)
// runs CEL's plan, tracked and stopped at costLimit and when the
// evaluation's context is done, as a second line — unless its loops all
// range over lists known at load (cicliCostanti), which bound it as
// exactly as the estimate does.
func programma1(tab *simboli, ast *cel.Ast, e spec.Expr, perc string, ps *spec.Problems) *programmaCEL {
	return programma(tab, ast, e, perc, ps, true)
}

// programma is programma1; conDim says whether the size of the value is
// estimated too (see stimaCosto): it is needed for a computed value, not
// for a placeholder of a text, whose value no expression reads.
func programma(tab *simboli, ast *cel.Ast, e spec.Expr, perc string, ps *spec.Problems, conDim bool) *programmaCEL {
	stima, dim, err := stimaCosto(tab, ast, conDim)
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
	return pianifica(tab, ast, e, perc, ps, stima.Max, dim)
}

// pianifica plans a checked expression whose estimate is costo (and, for
// a text, a list or a decimal, the size of its value dim): programma1
// after the estimate, and the plan of an expression folded at load,
// whose estimate is the one of the expression as written.
func pianifica(tab *simboli, ast *cel.Ast, e spec.Expr, perc string, ps *spec.Problems, costo uint64, dim *cost.SizeEstimate) *programmaCEL {
	// The plan is built bottom-up: the last node decorated is its root.
	var radice interpreter.InterpretableV2
	loop := Comprensioni(ast)
	dec := decoratore(tab, !loop || !tab.adombrati(ast))
	opts := []cel.ProgramOption{cel.EvalOptions(cel.OptOptimize), cel.CustomDecoratorV2(func(i interpreter.InterpretableV2) (interpreter.InterpretableV2, error) {
		i, err := dec(i)
		radice = i
		return i, err
	})}
	tracciato := loop && !tab.cicliCostanti(ast)
	if tracciato {
		opts = append(opts, cel.CostLimit(costLimit), cel.InterruptCheckFrequency(frequenzaInterruzione))
	}
	prg, err := Base.Program(ast, opts...)
	if err != nil {
		ps.Add(e.Pos(), perc, "cel", "%v", err)
		return nil
	}
	pc := &programmaCEL{Program: prg, tracciato: tracciato, costo: costo, dim: dim}
	if !tracciato && radice != nil && radice.ID() == ast.NativeRep().Expr().ID() {
		// The plan is all that runs: the program around it (its
		// interpreter, dispatcher and attribute factory, a third of a
		// loaded engine's objects) would only be more for the garbage
		// collector to mark on every cycle.
		pc.radice, pc.Program = radice, nil
	}
	return pc
}

// adombrati reports whether a local variable of a comprehension of a
// (exists(c, …): c, and the accumulator) has the name of a slot, or of
// the first part of one (legge, of legge.x): where it is read, the slot
// would be read instead, so the program's names are not read by slot.
func (s *simboli) adombrati(a *cel.Ast) bool {
	trovato := false
	celast.PostOrderVisit(a.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		if trovato || e.Kind() != celast.ComprehensionKind {
			return
		}
		c := e.AsComprehension()
		for _, n := range []string{c.IterVar(), c.IterVar2(), c.AccuVar()} {
			if n == "" {
				continue
			}
			if _, ok := s.idx[n]; ok {
				trovato = true
			}
			for nome := range s.idx {
				trovato = trovato || strings.HasPrefix(nome, n+".")
			}
		}
	}))
	return trovato
}

// cicliCostanti reports whether every comprehension of a ranges over a
// list written in the expression or a parameter with one value over the
// file's vigenza (legge.commi.exists(c, …)): it runs at most as many
// times as the list has items, known at load, and the static estimate
// bounds it exactly; such a program needs neither a cost tracker nor a
// look at the context inside its loops (see programma1).
func (s *simboli) cicliCostanti(a *cel.Ast) bool {
	costanti := true
	celast.PostOrderVisit(a.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		if e.Kind() != celast.ComprehensionKind {
			return
		}
		r := e.AsComprehension().IterRange()
		switch r.Kind() {
		case celast.ListKind:
			costanti = costanti && !slices.ContainsFunc(r.AsList().Elements(), func(x celast.Expr) bool { return x.Kind() != celast.LiteralKind })
		case celast.IdentKind, celast.SelectKind:
			k, ok := s.idx[nomeDi(r)]
			costanti = costanti && ok && !s.senzaCostanti && costante(s, k, s.vigenza) != nil
		default:
			costanti = false
		}
	}))
	return costanti
}

// frequenzaInterruzione is how many iterations of a loop a tracked
// program runs between two looks at its context.
const frequenzaInterruzione = 100

// stimaCosto estimates the cost of an expression and, for a text, a list
// or a decimal, the size of its value: the estimate runs on the
// expression wrapped in a call to dimensione, whose argument's size the
// estimator records (cel-go computes the size of every call's arguments,
// not of the root).
//
// Without conDim, the size is not estimated: the expression is not
// wrapped (the wrapped AST is a new cel.Ast, made through its protobuf
// form), and its cost is the same: the call to dimensione costs nothing.
func stimaCosto(tab *simboli, a *cel.Ast, conDim bool) (cost.Estimate, *cost.SizeEstimate, error) {
	// The estimate needs only the library's functions and cost model and
	// the types and references the checker left in the AST, not the
	// declarations of the names: the base environment serves every
	// program.
	st := &stimatore{tab: tab}
	t := a.OutputType()
	if !conDim || !t.IsExactType(cel.StringType) && !t.IsExactType(celx.DecimaleType) && !t.IsExactType(cel.ListType(cel.StringType)) {
		c, err := Base.EstimateCost(a, st)
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
		return cost.Estimate{}, nil, err
	}
	c, err := Base.EstimateCost(cel.CheckedExprToAst(pb), st)
	return c, st.radice, err
}

// CostoMassimo is the most an evaluation of the program can cost: the
// estimates of all its expressions, each run at most once (the values
// computed on demand are computed once; every step in force at most
// once).
func (p *Programma) CostoMassimo() uint64 {
	var tot uint64
	for _, c := range p.passi {
		tot = cost.SafeAdd(tot, c.costo())
	}
	return tot
}

// costo is the most the expressions of a step can cost together.
func (c *passoC) costo() uint64 {
	tot := c.prg.costo
	for _, e := range []*programmaCEL{c.mostra, c.se} {
		if e != nil {
			tot = cost.SafeAdd(tot, e.costo)
		}
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
// rules are such (esclude: un_fatto, mostra: false), and parsing,
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
	if !ok || !NomeSemplice(src) || Riservato(src) {
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

// compilaTesto splits "Totale di {a.b} = {totale} unità"
// into literals and compiled expressions; a problem inside a placeholder
// is reported where it stands in the file. conCodici: the text is a
// refusal's, whose codes outside «» are written with their labels
// (VoceCodice).
func compilaTesto(amb *Ambiente, tab *simboli, e spec.Expr, perc string, conCodici bool, ps *spec.Problems) []parte {
	var out []parte
	// { and } are single bytes in UTF-8: the text is scanned by byte, and
	// offsets are counted in characters, as positions are, only for a
	// placeholder compiled by CEL or a problem.
	src := e.Src
	car := func(b int) int { return utf8.RuneCountInString(src[:b]) }
	lit := 0 // start of the current literal
	// scritti: the most bytes the text writes, as far as known at load
	// (its literals, and the parameters it writes, by their labels).
	scritti := 0
	scrive := func(n, pos int) {
		if scritti <= MaxTestoScritto && scritti+n > MaxTestoScritto {
			ps.Add(e.PosRune(car(pos)), perc, "testo", "il testo scrive fino a %d byte con questo valore (un elenco scritto con le etichette dei suoi codici, un testo della richiesta scritto più volte?): al più %d", scritti+n, MaxTestoScritto)
		}
		scritti += n
	}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '}':
			ps.Add(e.PosRune(car(i)), perc, "testo", "«}» senza «{» nel testo")
		case '\\':
			// (an escape of CEL's strings, «l\'art.», copied out of a
			// placeholder: no text of the law writes a backslash)
			ps.Add(e.PosRune(car(i)), perc, "testo", "«\\» fuori da un'espressione {…}: il testo la mostrerebbe così com'è (fuori dalle graffe l'apostrofo si scrive senza «\\»)")
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
				scrive(i-lit, i)
			}
			nome := strings.TrimSpace(src[i+1 : j])
			// (a code the value may be is written by its label, in the
			// «» the text puts around the placeholder or in its own)
			modo := VoceEtichetta
			switch {
			case strings.HasSuffix(src[lit:i], "«") && strings.HasPrefix(src[j+1:], "»"):
				modo = VoceCitata
			case conCodici:
				modo = VoceCodice
			}
			if k, ok := tab.idx[nome]; ok && NomeSemplice(nome) && !Riservato(nome) {
				// A declared name: what CEL would read, without CEL; a
				// parameter with one value whenever the file is in force,
				// that value, written now.
				voci := tab.slots[k].voci
				if sl := &tab.slots[k]; sl.kind == slotParametro {
					n := 0
					for _, ver := range sl.versioni {
						n = max(n, len(AppendVoci(nil, ver.Val, voci, modo)))
					}
					scrive(n, i)
				} else if n, ok := tab.scrittoAlPiù(sl, voci); ok {
					scrive(n, i)
				}
				if v := costante(tab, k, amb.Vigenza); v != nil && !amb.Comp.SenzaCostanti && scritti <= MaxTestoScritto {
					out = append(out, parte{lit: string(AppendVoci(nil, v, voci, modo))})
				} else {
					out = append(out, parte{diretto: true, slot: k, nome: nome, rif: []string{nome}, voci: voci, modo: modo})
					if amb.letti != nil {
						spazi := len(src[i+1:j]) - len(strings.TrimLeft(src[i+1:j], " \t\n"))
						amb.leggi(tab, nil, e.Sub(car(i+1+spazi), utf8.RuneCountInString(nome)), perc, nil, []string{nome}, false, false)
					}
				}
			} else if nome == "" {
				ps.Add(e.PosRune(car(i)), perc, "testo", "segnaposto vuoto «{}» nel testo")
			} else {
				sub := e.Sub(car(i+1), utf8.RuneCountInString(src[i+1:j]))
				if modo == VoceCitata && strings.HasPrefix(nome, FunzioneEtichetta+"(") {
					ps.Add(e.PosRune(car(i)), perc, "testo", "etichetta(…) scrive l'etichetta già tra «»: le «» intorno a {%s} sono di troppo", nome)
				} else if ast := compilaExpr(amb, sub, perc, nil, true, ps); ast != nil && letteraleTesto(ast) {
					// (a label, or a text of labels and literals, folded
					// at load)
					out = append(out, parte{lit: string(ast.NativeRep().Expr().AsLiteral().(types.String))})
				} else if ast != nil {
					// (a text computed from texts of the request, written
					// as it is: at most the size estimated for it)
					voci := tab.vociEspr(ast).tab
					testo := voci == nil && ast.OutputType().IsExactType(cel.StringType)
					if prg := programma(tab, ast, sub, perc, ps, testo); prg != nil {
						if testo && prg.dim != nil {
							scrive(int(min(prg.dim.Max, MaxTestoScritto+1)), i)
						}
						rif := Riferimenti(ast)
						out = append(out, parte{prg: prg, rif: rif, voci: voci, modo: modo})
						amb.leggi(tab, nil, sub, perc, ast, rif, false, false)
					}
				}
			}
			i, lit = j, j+1
		}
	}
	if lit < len(src) {
		out = append(out, parte{lit: src[lit:]})
		scrive(len(src)-lit, lit)
	}
	return unisciLetterali(out)
}

// scrittoAlPiù is the most bytes a text writes of sl, a text or a list
// of texts of the request, by its bound (Ingresso.Max, and maxElem for
// an item), each code of voci by its label and code; not ok: sl is
// another slot.
func (s *simboli) scrittoAlPiù(sl *slot, voci Voci) (int, bool) {
	if sl.in == nil {
		return 0, false
	}
	voci1 := 0 // (the longest code as written, by its label)
	for c, et := range voci {
		voci1 = max(voci1, len(c)+len(et)+len("«» ()"))
	}
	switch {
	case sl.tipo.IsExactType(cel.StringType):
		return max(sl.in.Max, voci1), true
	case sl.tipo.IsExactType(cel.ListType(cel.StringType)):
		voce := max(int(min(s.maxElem, MaxTestoScritto)), voci1) + len("», «")
		return int(min(uint64(sl.in.Max)*uint64(voce), MaxTestoScritto+1)), true
	}
	return 0, false
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

// letteraleTesto reports whether a is a text literal.
func letteraleTesto(a *cel.Ast) bool {
	x := a.NativeRep().Expr()
	if x.Kind() != celast.LiteralKind {
		return false
	}
	_, ok := x.AsLiteral().(types.String)
	return ok
}

// costante is the value of slot k when it is a parameter with one value
// on every day of the file's vigenza vig (nil otherwise).
func costante(tab *simboli, k int, vig spec.Vigenza) ref.Val {
	sl := &tab.slots[k]
	if sl.kind != slotParametro || len(sl.versioni) != 1 || !Copre(sl.versioni[0].Vig, vig) {
		return nil
	}
	return sl.versioni[0].Val
}

// Chiusura returns the calcola steps needed to compute the given names,
// following their dependencies; and, where one of them reads escluso
// (NomeEscluso), the esclude steps before it and what they need, so
// that escluso is what a whole evaluation would make it (their reasons
// then show too).
func (p *Programma) Chiusura(nomi ...string) Insieme {
	out := Insieme{}
	todo := append([]string(nil), nomi...)
	seen := map[string]bool{}
	for {
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
		ultimo := -1 // the last step in out that reads escluso
		for i, c := range p.passi {
			if out[c] && c.leggeEscluso {
				ultimo = i
			}
		}
		for _, c := range p.passi[:max(ultimo, 0)] {
			if c.tipo == pEsclude && !out[c] {
				out[c] = true
				todo = append(todo, c.dipende...)
			}
		}
		if len(todo) == 0 {
			return out
		}
	}
}
