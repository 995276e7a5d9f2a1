package lpu

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unsafe"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// Versione is the engine version reported in every receipt: "lpu/"
// and the release of the module github.com/lpu-it/lpu the program was
// built with ("lpu/1.2.0" for v1.2.0), or "lpu/0.1.0" when the build
// knows no release (a build from a work tree, go test, go run).
func Versione() string { return versioneModulo() }

var versioneModulo = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		m := &bi.Main
		for _, d := range bi.Deps {
			if d.Path == modulo {
				m = d
			}
		}
		if m.Path == modulo && rilascio.MatchString(m.Version) && !pseudo.MatchString(m.Version) {
			return "lpu/" + strings.TrimPrefix(m.Version, "v")
		}
	}
	return "lpu/0.1.0"
})

const modulo = "github.com/lpu-it/lpu"

// rilascio matches a release tag (v1.2.0, v1.3.0-rc.1), not a
// pseudo-version (v0.0.0-20261205093000-abcdef123456) nor a dirty build.
var rilascio = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$`)

// pseudo matches the end of a pseudo-version: a timestamp and a hash.
var pseudo = regexp.MustCompile(`[0-9]{14}-[0-9a-f]{12}$`)

// Option configures Load (WithClock) or an operation
// (WithoutExplanation); an option given to a call it does not concern is
// ignored.
type Option func(*opzioni)

type opzioni struct {
	oggi             func() time.Time
	senzaSpiegazione bool
	// ctx, when set, stops the evaluation between two steps (and a
	// tracked program inside its loops) once it is done.
	ctx context.Context
}

// conContesto is the option of the …Context variants.
func conContesto(ctx context.Context) Option { return func(o *opzioni) { o.ctx = ctx } }

// interrotta is the error of an evaluation whose context is done, nil
// while it runs (or without a context).
func interrotta(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return errInterrotta(err)
	}
	return nil
}

// WithoutExplanation skips the explanation (passi) for speed: numbers,
// verdicts, reasons and caveats are still computed.
func WithoutExplanation() Option { return func(o *opzioni) { o.senzaSpiegazione = true } }

// esecuzione is the outcome of running one program.
type esecuzione struct {
	att attivazione
	// ctx is the evaluation's context, for the tracked programs (nil
	// without one).
	ctx context.Context
	// frame is the one execution frame of the untracked programs of this
	// evaluation that run CEL's plan, made when the first needs it (a
	// tracked one gets its own, with its cost tracker).
	frame      *interpreter.ExecutionFrame
	escluso    bool
	motivi     []string
	passi      []motore.Passo
	avvertenze []string
	// passiBuf keeps the explanation's room from one evaluation to the
	// next: the outcome's passi are copied out, exactly sized.
	passiBuf []motore.Passo
	// testi is where this evaluation's texts are written, one after the
	// other; each text is a string viewing its bytes, which are never
	// written again (see testo). It is not kept for the next evaluation:
	// the answer holds the texts. usati is how much the last evaluation
	// on this outcome wrote, with the explanation and without, the room
	// the next one starts with.
	testi  []byte
	usati  [2]int
	spiega int // 1 with the explanation
}

// val is the value of the k-th of the names the caller reads after an
// evaluation (tipoConf.letture), resolved to their slots at load:
// reading one is an index, not a lookup by name.
func (x *esecuzione) val(p *programma, k int) (ref.Val, bool) {
	i := p.letture[k] - 1
	if i < 0 {
		return nil, false
	}
	v := x.att.get(i)
	return v, v != nil
}

func (x *esecuzione) intero(p *programma, k int) (int, bool) {
	v, ok := x.val(p, k)
	if !ok {
		return 0, false
	}
	return int(v.(types.Int)), true
}

// eval runs one program of the evaluation.
func (x *esecuzione) eval(prg *programmaCEL) (ref.Val, error) {
	var out ref.Val
	var err error
	switch {
	case prg.tracciato && x.ctx != nil:
		out, _, err = prg.ContextEval(x.ctx, &x.att)
	case prg.tracciato:
		out, _, err = prg.Eval(&x.att)
	default:
		if x.frame == nil {
			// (made when a program first needs CEL's plan)
			if x.frame, err = interpreter.NewExecutionFrame(&x.att); err != nil {
				return nil, err
			}
		}
		if prg.radice == nil {
			out, _, err = prg.Eval(x.frame)
			break
		}
		out = prg.radice.Exec(x.frame)
		if e, ok := out.(*types.Err); ok {
			err = e
		}
	}
	if x.att.err != nil {
		// An input out of bounds, even one CEL's || or && made moot.
		return nil, x.att.err
	}
	return out, err
}

// modo says how to run a program.
type modo struct {
	// spiega: write the explanation (passi); every step runs, in order.
	spiega bool
	// senzaValori: the caller does not read the exported values.
	senzaValori bool
	// solo: run just these steps, in order (all of them when nil).
	solo map[*passoC]bool
	// fattispecie: the request's, when the program serves several: the
	// steps that cannot apply to it are not run (see potatura.go).
	fattispecie string
	// righe, when given, is the room of the reasons (the first four)
	// and of the caveats (the last four), allocated with the answer.
	righe *[8]string
	// ctx, when not nil, is checked between the steps.
	ctx context.Context
}

// esegui runs the program on a request. The caller reads the outcome,
// then hands it back with rilascia.
//
// Without the explanation, the conditions (rifiuta, esclude, motivo,
// avverte) run in order as always, but a computed value is computed when
// something first reads it — a condition, a text, the caller — and not
// at all if nothing does: with lazy && and ||, a whole branch of the
// rules that a case never reaches costs nothing. The names of a rule file
// only refer to the steps before them and each is computed by exactly one
// step on any day (both checked at load), so the values are the same.
// One difference: a step whose value nothing reads (not a condition,
// not a text, not an output or exported value) does not run, so if it
// would fail on a case (regola_fallita), only the evaluation with
// the explanation, which runs it, says so; no number depends on it.
func (p *programma) esegui(req reflect.Value, data time.Time, m modo) (*esecuzione, error) {
	if req.Type() != p.conf.req || !req.CanAddr() {
		return nil, fmt.Errorf("lpu: richiesta %s per regole di tipo %s", req.Type(), p.conf.req)
	}
	x, _ := p.pool.Get().(*esecuzione)
	if x == nil {
		x = &esecuzione{att: attivazione{tab: p.tab, vals: make([]valSlot, len(p.tab.slots))}}
		x.att.x = x
	}
	x.att.nuova()
	x.att.req, x.att.data = req.Addr().UnsafePointer(), data
	x.att.suRichiesta = !m.spiega && m.solo == nil
	x.spiega = 0
	if m.spiega {
		x.spiega = 1
		// Room for every step that may show, kept for the next
		// evaluation; the answer gets a copy of the steps shown.
		if cap(x.passiBuf) < p.maxPassi {
			x.passiBuf = make([]motore.Passo, 0, p.maxPassi)
		}
		x.passi = x.passiBuf[:0]
	}
	if m.righe != nil {
		x.motivi, x.avvertenze = m.righe[0:0:4], m.righe[4:4:8]
	}
	if err := x.applica(p, m); err != nil {
		x.rilascia(p)
		return nil, err
	}
	return x, nil
}

// calcolaSuRichiesta computes the value of slot i by the step in force
// that computes it (nil if none is).
func (x *esecuzione) calcolaSuRichiesta(i int) ref.Val {
	for _, c := range x.att.tab.produttori[i] {
		if !c.inVigore(x.att.data) {
			continue
		}
		out, err := x.eval(c.prg)
		if err != nil {
			if x.att.err == nil {
				x.att.err = errCalcolo(c, err)
			}
			return types.NewErr("%s", x.att.err.Messaggio)
		}
		x.att.set(i, out)
		return out
	}
	return nil
}

// rilascia clears an outcome whose values have been read and keeps it
// for the next evaluation: the slots of a rule file are many, and
// allocating them anew each time costs more than the rules.
func (x *esecuzione) rilascia(p *programma) {
	clear(x.passi) // (the texts belong to the answer now)
	if cap(x.passi) > cap(x.passiBuf) {
		x.passiBuf = x.passi[:0]
	}
	x.usati[x.spiega], x.testi = len(x.testi), nil
	x.att.req, x.att.err, x.att.suRichiesta, x.ctx = nil, nil, false, nil
	x.escluso, x.motivi, x.passi, x.avvertenze = false, nil, nil, nil
	p.pool.Put(x)
}

// applica runs the steps in force at the date, in order.
func (x *esecuzione) applica(p *programma, m modo) (err error) {
	var c *passoC
	defer func() {
		// What cel.Program.Eval does for each expression, once for all.
		if r := recover(); r != nil {
			if c == nil {
				err = fmt.Errorf("motore: errore interno: %v", r)
				return
			}
			err = errCalcolo(c, fmt.Errorf("internal error: %v", r))
		}
	}()
	defer func() {
		if x.frame != nil {
			x.frame.Close()
			x.frame = nil
		}
	}()
	data, spiega, solo, suRichiesta := x.att.data, m.spiega, m.solo, x.att.suRichiesta
	// A context that can be done is looked at between the steps (a
	// receive that does not wait, on a channel made once).
	var fatto <-chan struct{}
	if m.ctx != nil {
		fatto = m.ctx.Done()
	}
	x.ctx = m.ctx
	for _, c = range p.passiDi(m.fattispecie) {
		if (suRichiesta && c.calcola) || !c.inVigore(data) || (solo != nil && !solo[c]) {
			continue
		}
		if fatto != nil {
			select {
			case <-fatto:
				return erroreInterrotta(m.ctx.Err())
			default:
			}
		}
		out, err := x.eval(c.prg)
		if err != nil {
			return errCalcolo(c, err)
		}
		switch c.tipo {
		case pCalcola:
			x.att.set(c.slot, out)
			if spiega {
				show := true
				if c.mostra != nil {
					m, err := x.eval(c.mostra)
					if err != nil {
						return errCalcolo(c, err)
					}
					show = m == types.True
				}
				if show {
					t, err := x.testo(c.testo, "")
					if err != nil {
						return errCalcolo(c, err)
					}
					x.passi = append(x.passi, motore.Passo{Regola: c.s.ID, Fonte: c.s.Fonte, Testo: t})
				}
			}
		case pRifiuta:
			if out == types.True {
				t, err := x.testoConFonte(c)
				if err != nil {
					return errCalcolo(c, err)
				}
				return &motore.Errore{Codice: c.s.Codice, Campo: c.s.Campo, Messaggio: t, Tipo: motore.ErrCaso}
			}
		case pEsclude, pMotivo:
			parts := c.testo
			if out != types.True {
				parts = c.testoNo
			}
			if out == types.True || (spiega && parts != nil) {
				// A reason is its text and its source; the step shows
				// the text alone, the same bytes.
				suffisso := ""
				if out == types.True {
					suffisso = c.fonte
				}
				var t string
				var err error
				if out == types.True {
					t, err = x.testoConFonte(c)
				} else {
					t, err = x.testo(parts, suffisso)
				}
				if err != nil {
					return errCalcolo(c, err)
				}
				if spiega {
					x.passi = append(x.passi, motore.Passo{Regola: c.s.ID, Fonte: c.s.Fonte, Testo: t[:len(t)-len(suffisso)]})
				}
				if out == types.True {
					if c.tipo == pEsclude {
						x.escluso = true
					}
					x.motivi = aggiungi(x.motivi, t)
				}
			}
		case pAvverte:
			if out == types.True {
				t, err := x.testoConFonte(c)
				if err != nil {
					return errCalcolo(c, err)
				}
				x.avvertenze = aggiungi(x.avvertenze, t)
			}
		}
	}
	if suRichiesta {
		c = nil
		forza := p.forzaTutti
		if m.senzaValori {
			forza = p.forzaUscite
		}
		for _, i := range forza {
			x.att.valore(i)
			if x.att.err != nil {
				return x.att.err
			}
		}
	}
	return nil
}

// aggiungi appends a reason or a caveat: a case has a few, and growing
// the slice from one to two to four would allocate each time.
func aggiungi(s []string, t string) []string {
	if s == nil {
		s = make([]string, 0, 4)
	}
	return append(s, t)
}

func errCalcolo(c *passoC, err error) *motore.Errore {
	if e, ok := err.(*motore.Errore); ok {
		return e
	}
	// The rule, not the request, is at fault: its own kind and code, so
	// that a service tells it from a case the law does not allow.
	return &motore.Errore{Codice: motore.CodiceRegolaFallita, Messaggio: fmt.Sprintf("la regola %s non può essere applicata a questo caso: %v", c.s.ID, err),
		Tipo: motore.ErrRegola, Err: err}
}

// erroreInterrotta is the error of an evaluation whose context is done.
func erroreInterrotta(err error) *motore.Errore {
	return &motore.Errore{Codice: motore.CodiceInterrotta, Messaggio: "valutazione interrotta: richiesta annullata o tempo scaduto",
		Tipo: motore.ErrInterrotto, Err: err}
}

// testoConFonte is the text of a step that holds (a reason, a caveat, a
// refusal), followed by its source.
func (x *esecuzione) testoConFonte(c *passoC) (string, error) {
	if c.testoFonte != "" {
		return c.testoFonte, nil
	}
	return x.testo(c.testo, c.fonte)
}

// testo writes an explanation text, followed by suffisso.
//
// The texts of an evaluation are written one after the other in
// x.testi, and each is a string viewing its own bytes: one allocation
// for a dozen texts, not one each. Bytes a string views are never
// written again: a text is appended past the end of the last, and when
// the room runs out append moves on to a new array, leaving the old one
// to the strings that view it.
func (x *esecuzione) testo(parts []parte, suffisso string) (string, error) {
	if len(parts) == 1 && parts[0].prg == nil && !parts[0].diretto && suffisso == "" {
		return parts[0].lit, nil
	}
	b := x.testi
	if b == nil {
		b = make([]byte, 0, max(x.usati[x.spiega], 256))
	}
	inizio := len(b)
	for _, p := range parts {
		switch {
		case p.diretto:
			v := x.att.valore(p.slot)
			if x.att.err != nil {
				return "", x.att.err
			}
			if v == nil {
				// What CEL says of a name without a value.
				return "", fmt.Errorf("no such attribute(s): %s", p.nome)
			}
			b = motore.AppendFormatta(b, v)
		case p.prg != nil:
			v, err := x.eval(p.prg)
			if err != nil {
				return "", err
			}
			b = motore.AppendFormatta(b, v)
		default:
			b = append(b, p.lit...)
		}
	}
	b = append(b, suffisso...)
	x.testi = b
	if len(b) == inizio {
		return "", nil
	}
	return unsafe.String(&b[inizio], len(b)-inizio), nil
}

// usciteLimiti are the outputs that make up Limiti.
var usciteLimiti = [4]int{uOreSettimanaliMin, uOreSettimanaliMax, uOreGiornaliereMax, uDurataMesiMax}

func (x *esecuzione) limiti(p *programma) Limiti {
	return x.limitiIn(p, new([4]int))
}

// limitiIn is limiti with the numbers kept in n, which the caller
// allocates with the answer.
func (x *esecuzione) limitiIn(p *programma, n *[4]int) Limiti {
	var l Limiti
	for i, dst := range []*Limite{&l.OreSettimanaliMin, &l.OreSettimanaliMax, &l.OreGiornaliereMax, &l.DurataMesiMax} {
		if v, ok := x.intero(p, usciteLimiti[i]); ok {
			*dst = Limite{Valore: v, Definito: true}
		}
	}
	return l
}

// Limiti returns the weekly and daily limits that the rules of a
// fattispecie give at a date for the given facts (e.g. whether the
// condannato asked to work more than the weekly maximum), with the steps
// that produced them. Only the rules those limits depend on are run, so
// the penalty need not be given.
func (e *Engine) Limiti(ctx context.Context, fattispecie string, data time.Time, fatti Fatti) (Limiti, []Passo, error) {
	return e.limiti(ctx, fattispecie, data, fatti)
}

// limiti is Limiti stopped when ctx (if not nil) is done.
func (e *Engine) limiti(ctx context.Context, fattispecie string, data time.Time, fatti Fatti) (Limiti, []Passo, error) {
	p, err := e.fattispecieNota(fattispecie, "fattispecie")
	if err != nil {
		return Limiti{}, nil, err
	}
	data = calc.Giorno(data)
	if err := inVigore(p, data, "data"); err != nil {
		return Limiti{}, nil, err
	}
	req := Richiesta{Fattispecie: fattispecie, Data: Data{data}, Fatti: fatti,
		Opzioni: Opzioni{Mese: "30_giorni", Frazione250: "eccesso"}}
	if err := e.voc.altriRichiesta(&req); err != nil {
		return Limiti{}, nil, err
	}
	x, err := p.esegui(reflect.ValueOf(&req).Elem(), data, modo{spiega: true, solo: p.limitiPassi, fattispecie: fattispecie, ctx: ctx})
	if err != nil {
		return Limiti{}, nil, daMotore(err)
	}
	defer x.rilascia(p)
	return x.limiti(p), copiaPassi(x.passi), nil
}

func (x *esecuzione) valori(p *programma) map[string]any {
	if len(p.esporta) == 0 {
		return nil
	}
	n := 0
	for _, i := range p.esporta {
		if x.att.get(i) != nil {
			n++
		}
	}
	// (sized for the values this case has: a file exports many, a case
	// has a few, and a map sized for all is several allocations)
	m := make(map[string]any, n)
	for _, i := range p.esporta {
		if v := x.att.get(i); v != nil {
			m[p.tab.slots[i].nome] = motore.Nativo(v)
		}
	}
	return m
}

func (e *Engine) ricevuta() Ricevuta { return Ricevuta{Regole: e.hash, Motore: Versione()} }

func (e *Engine) oggiCivile() time.Time { return calc.Oggi(e.oggi()) }

func inVigore(p *programma, d time.Time, campo string) error {
	if !p.file.Vigenza.Contiene(d) {
		return errCaso(CodeNonInVigore, campo, "%s: le regole (%s) sono in vigore %s; la data %s è fuori da questo periodo",
			p.file.Titolo, p.file.Fonte, p.file.Vigenza, calc.FormatDataItaliana(d))
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilPassi(s []Passo) []Passo {
	if s == nil {
		return []Passo{}
	}
	return s
}

// copiaPassi copies the steps of an outcome out of it into the public
// type, exactly sized (and more: the room of altri more).
func copiaPassi(s []motore.Passo, altri ...Passo) []Passo {
	out := make([]Passo, len(s), len(s)+len(altri))
	for i := range s {
		out[i] = Passo(s[i])
	}
	return append(out, altri...)
}

// Fattispecie lists the ids of the loaded fattispecie, in file order.
func (e *Engine) Fattispecie() []string { return append([]string(nil), e.ordine...) }

func (e *Engine) fattispecieNota(id, campo string) (*programma, error) {
	p, ok := e.calcolo[id]
	if !ok {
		if id == "" {
			return nil, errInput(CodeCampoObbligatorio, campo, "indicare la fattispecie: una di %s", strings.Join(e.ordine, ", "))
		}
		return nil, errInput(CodeFattispecieSconosciuta, campo, "fattispecie «%s» sconosciuta: una di %s", id, strings.Join(e.ordine, ", "))
	}
	return p, nil
}

// Calcolo answers a calcolo request: days and hours of LPU, limits,
// eligibility, the Fondo INAIL verdict, and every step with the article it
// comes from. Bad input gives an *Error. The evaluation stops when ctx is
// done (it is looked at between the steps of the rules), with an *Error
// of KindCanceled that wraps ctx.Err().
func (e *Engine) Calcolo(ctx context.Context, r *Richiesta, opts ...Option) (*Risultato, error) {
	var o opzioni
	for _, f := range opts {
		f(&o)
	}
	o.ctx = ctx
	if err := interrotta(o.ctx); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errInput(CodeJSONNonValido, "", "richiesta mancante")
	}
	// One allocation holds the answer and the parts it points to; the
	// copy of the request the defaults are filled on (which the
	// evaluation reads in place) is only needed while it runs.
	mem := new(rispostaCalcolo)
	lav := lavoriCalcolo.Get().(*lavoroCalcolo)
	defer lav.rilascia()
	lav.req = *r
	req := &lav.req
	if err := e.voc.altriRichiesta(req); err != nil {
		return nil, err
	}
	p, err := e.fattispecieNota(req.Fattispecie, "fattispecie")
	if err != nil {
		return nil, err
	}
	if !req.Data.Indicata() {
		req.Data = Data{e.oggiCivile()}
	}
	if err := errors.Join(
		e.voc.valore("calcolo", "opzioni.mese", &req.Opzioni.Mese),
		e.voc.valore("calcolo", "opzioni.frazione_250", &req.Opzioni.Frazione250),
		e.voc.valore("calcolo", "opzioni.ragguaglio_residuo", &req.Opzioni.RagguaglioResiduo),
		e.voc.valore("calcolo", "fatti.convenzione", &req.Fatti.Convenzione),
	); err != nil {
		return nil, primo(err)
	}
	if err := inVigore(p, req.Data.Time, "data"); err != nil {
		return nil, err
	}
	spiega := !o.senzaSpiegazione
	m := modo{spiega: spiega, fattispecie: req.Fattispecie, righe: &mem.righe, ctx: o.ctx}
	x, err := p.esegui(reflect.ValueOf(req).Elem(), req.Data.Time, m)
	if err != nil {
		return nil, daMotore(err)
	}
	defer x.rilascia(p)
	res := &mem.res
	*res = Risultato{
		Fattispecie: req.Fattispecie,
		Data:        req.Data.String(),
		Ammissibile: !x.escluso,
		Motivi:      nonNil(x.motivi),
		Avvertenze:  x.avvertenze,
		Valori:      x.valori(p),
		Ricevuta:    e.ricevuta(),
	}
	res.Giorni, _ = x.intero(p, uGiorni)
	res.Ore, _ = x.intero(p, uOre)
	res.Limiti = x.limitiIn(p, &mem.limiti)
	if req.Esecuzione.OreSvolte > 0 {
		ro, ok1 := x.intero(p, uResiduoOre)
		rg, ok2 := x.intero(p, uResiduoGiorniPena)
		if ok1 && ok2 {
			// The criterion is the one the rules say they used (an
			// option left empty is the reading of the fattispecie);
			// rules that do not say used the option as given.
			criterio := req.Opzioni.RagguaglioResiduo
			if v, ok := x.val(p, uResiduoCriterio); ok {
				criterio = string(v.(types.String))
			}
			mem.residuo = Residuo{Ore: ro, GiorniPena: rg, Criterio: criterio}
			res.Residuo = &mem.residuo
		}
	}
	var passiFondo []Passo
	if e.fondo != nil {
		f := &lav.reqFondo
		*f = statoFondo{RichiestaFondo: RichiestaFondo{Fattispecie: req.Fattispecie, DataInizio: req.Esecuzione.DataInizio, Convenzione: req.Fatti.Convenzione, Giorni: res.Giorni}}
		campo := "esecuzione.data_inizio"
		if !f.DataInizio.Indicata() {
			f.DataInizio, f.InizioDallaData, campo = req.Data, true, "data"
		}
		rf := &lav.risFondo
		err := e.valutaFondo(f, campo, modo{spiega: spiega, senzaValori: true, fattispecie: f.Fattispecie, righe: &mem.righeFondo, ctx: o.ctx}, rf)
		if err != nil {
			return nil, err
		}
		mem.fondo = EsitoFondo{Esito: rf.Esito, Motivi: rf.Motivi, RichiestaEntro: rf.RichiestaEntro, PremioStimato: rf.PremioStimato,
			Avvertenze: rf.Avvertenze}
		res.FondoInail = &mem.fondo
		passiFondo = rf.Passi
	}
	res.Passi = copiaPassi(x.passi, passiFondo...)
	res.Avvertenze = nonNil(res.Avvertenze)
	return res, nil
}

// rispostaCalcolo is the memory of one calcolo's answer, allocated at
// once: the answer and what it points to.
type rispostaCalcolo struct {
	res     Risultato
	fondo   EsitoFondo
	limiti  [4]int
	residuo Residuo
	// the room of the reasons and caveats (see modo.righe)
	righe, righeFondo [8]string
}

// lavoroCalcolo is what a calcolo needs only while it runs: the requests
// the rules read (the caller's, with the defaults filled in, and the
// Fund's) and the Fund's result before it is copied into the answer.
// Nothing of the answer points into it, so it is used again, not
// allocated for each calcolo.
type lavoroCalcolo struct {
	req      Richiesta
	reqFondo statoFondo
	risFondo RisultatoFondo
}

var lavoriCalcolo = sync.Pool{New: func() any { return new(lavoroCalcolo) }}

// rilascia clears the memory (it would keep the caller's texts and
// lists alive) and puts it back in the pool.
func (l *lavoroCalcolo) rilascia() {
	*l = lavoroCalcolo{}
	lavoriCalcolo.Put(l)
}

func primo(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()[0]
	}
	return err
}

// Fondo answers a fondo request; ctx as for Calcolo.
func (e *Engine) Fondo(ctx context.Context, r *RichiestaFondo, opts ...Option) (*RisultatoFondo, error) {
	var o opzioni
	for _, f := range opts {
		f(&o)
	}
	o.ctx = ctx
	if err := interrotta(o.ctx); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errInput(CodeJSONNonValido, "", "richiesta mancante")
	}
	// The answer and the request's copy, in one allocation.
	mem := new(struct {
		res RisultatoFondo
		req statoFondo
	})
	mem.req.RichiestaFondo = *r
	req := &mem.req
	if _, err := e.fattispecieNota(req.Fattispecie, "fattispecie"); err != nil {
		return nil, err
	}
	if !req.DataInizio.Indicata() {
		return nil, errInput(CodeCampoObbligatorio, "data_inizio", "indicare la data di inizio dell'attività (AAAA-MM-GG)")
	}
	if err := e.voc.valore("fondo", "convenzione", &req.Convenzione); err != nil {
		return nil, err
	}
	if err := e.valutaFondo(req, "data_inizio", modo{spiega: !o.senzaSpiegazione, fattispecie: req.Fattispecie, ctx: o.ctx}, &mem.res); err != nil {
		return nil, err
	}
	return &mem.res, nil
}

// valutaFondo runs the Fund's rules; campo names the start date in the
// caller's request (data_inizio, or esecuzione.data_inizio in a calcolo);
// the answer is written in res.
func (e *Engine) valutaFondo(req *statoFondo, campo string, m modo, res *RisultatoFondo) error {
	p := e.fondo
	if p == nil {
		return errCaso(CodeRegoleMancanti, "", "nessuna regola sul Fondo INAIL caricata")
	}
	if err := inVigore(p, req.DataInizio.Time, campo); err != nil {
		return err
	}
	x, err := p.esegui(reflect.ValueOf(req).Elem(), req.DataInizio.Time, m)
	if err != nil {
		return daMotore(err)
	}
	defer x.rilascia(p)
	*res = RisultatoFondo{Motivi: nonNil(x.motivi), Passi: copiaPassi(x.passi), Avvertenze: nonNil(x.avvertenze),
		Ricevuta: e.ricevuta()}
	if !m.senzaValori {
		res.Valori = x.valori(p)
	}
	if v, ok := x.val(p, uEsito); ok {
		res.Esito = string(v.(types.String))
	}
	if x.escluso {
		res.Esito = "non_ammissibile"
	}
	if v, ok := x.val(p, uRichiestaEntro); ok {
		res.RichiestaEntro = calc.FormatData(v.(types.Timestamp).Time)
	}
	if v, ok := x.val(p, uPremioStimato); ok {
		res.PremioStimato = calc.StringFixed2(v.(celx.Decimale).D)
	}
	return nil
}

// Convenzione answers a convenzione request; ctx as for Calcolo.
func (e *Engine) Convenzione(ctx context.Context, r *RichiestaConvenzione, opts ...Option) (*RisultatoConvenzione, error) {
	var o opzioni
	for _, f := range opts {
		f(&o)
	}
	o.ctx = ctx
	if err := interrotta(o.ctx); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errInput(CodeJSONNonValido, "", "richiesta mancante")
	}
	req := statoConvenzione{RichiestaConvenzione: *r}
	p := e.convenzione
	if p == nil {
		return nil, errCaso(CodeRegoleMancanti, "", "nessuna regola sulle convenzioni caricata")
	}
	if _, err := e.fattispecieNota(req.Fattispecie, "fattispecie"); err != nil {
		return nil, err
	}
	if !req.Data.Indicata() {
		req.Data = Data{e.oggiCivile()}
	}
	if err := e.voc.valore("convenzione", "convenzione.modello", &req.Convenzione.Modello); err != nil || req.Convenzione.Modello == "" {
		if err == nil {
			err = errInput(CodeCampoObbligatorio, "convenzione.modello", "indicare il modello della convenzione: uno di %s",
				strings.Join(e.voc.campo("convenzione", "convenzione.modello").ValoriAmmessi(), ", "))
		}
		return nil, err
	}
	if !req.Convenzione.Decorrenza.Indicata() {
		return nil, errInput(CodeCampoObbligatorio, "convenzione.decorrenza", "indicare la decorrenza della convenzione (AAAA-MM-GG)")
	}
	for i, f := range req.Convenzione.Fattispecie {
		if _, ok := e.calcolo[f]; !ok {
			return nil, errInput(CodeFattispecieSconosciuta, fmt.Sprintf("convenzione.fattispecie[%d]", i), "fattispecie «%s» sconosciuta: una di %s", f, strings.Join(e.ordine, ", "))
		}
	}
	if err := e.preparaPosti(&req); err != nil {
		return nil, err
	}
	if err := inVigore(p, req.Data.Time, "data"); err != nil {
		return nil, err
	}
	x, err := p.esegui(reflect.ValueOf(&req).Elem(), req.Data.Time, modo{spiega: !o.senzaSpiegazione, fattispecie: req.Fattispecie, ctx: o.ctx})
	if err != nil {
		return nil, daMotore(err)
	}
	defer x.rilascia(p)
	res := &RisultatoConvenzione{Valida: !x.escluso, Motivi: nonNil(x.motivi), Passi: copiaPassi(x.passi),
		Avvertenze: nonNil(x.avvertenze), Valori: x.valori(p), Ricevuta: e.ricevuta()}
	if v, ok := x.val(p, uScadenza); ok {
		res.Scadenza = calc.FormatData(v.(types.Timestamp).Time)
	}
	return res, nil
}
