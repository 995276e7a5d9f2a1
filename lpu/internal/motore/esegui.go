package motore

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"time"
	"unsafe"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/celx"
)

// Esecuzione is the outcome of running one program.
type Esecuzione struct {
	att attivazione
	// ctx is the evaluation's context, for the tracked programs (nil
	// without one).
	ctx context.Context
	// frame is the one execution frame of the untracked programs of this
	// evaluation that run CEL's plan, made when the first needs it (a
	// tracked one gets its own, with its cost tracker).
	frame *interpreter.ExecutionFrame
	// frameT is the frame of the tracked programs of this evaluation,
	// made when the first runs: the evaluation's context is set on it
	// once (when it can be done at all), and each tracked program starts
	// on it with a cost tracker of its own.
	frameT *interpreter.ExecutionFrame
	p      *Programma
	// passi and produttori are the steps of the case (see Pota) and, by
	// slot, those that compute it.
	passi      []*passoC
	produttori [][]*passoC
	// inCorso are the slots being computed on request, outermost first
	// (calcolaSuRichiesta): one read again while it is computed is a
	// cycle.
	inCorso []int
	Escluso bool
	// Motivi are the reasons of the verdict: the texts of the esclude
	// steps that held and, when none did, those of the motivo steps
	// too (a motivo supports a verdict no step has excluded; under an
	// exclusion it stays in the explanation's steps, never among the
	// reasons a reader takes for why the case is excluded).
	Motivi []string
	// daMotivo says, for each of Motivi while the steps run, whether a
	// motivo step (not an esclude one) gave it.
	daMotivo   []bool
	Passi      []Passo
	Avvertenze []string
	// passiBuf keeps the explanation's room from one evaluation to the
	// next: the outcome's passi are copied out, exactly sized.
	passiBuf []Passo
	// testi is where this evaluation's texts are written, one after the
	// other; each text is a string viewing its bytes, which are never
	// written again (see testo). It is not kept for the next evaluation:
	// the answer holds the texts. usati is how much the last evaluation
	// on this outcome wrote, with the explanation and without, the room
	// the next one starts with.
	testi  []byte
	usati  [2]int
	spiega int // 1 with the explanation
	// nativi are the Go values of the exported values of the last
	// evaluation, by number (see nativo).
	nativi []nativo
}

// Val is the value of the k-th of the names the caller reads after an
// evaluation (Conf.letture), resolved to their slots at load:
// reading one is an index, not a lookup by name.
func (x *Esecuzione) Val(k int) (ref.Val, bool) {
	i := x.p.letture[k] - 1
	if i < 0 {
		return nil, false
	}
	v := x.att.get(i)
	return v, v != nil
}

// Intero is Val for an int.
func (x *Esecuzione) Intero(k int) (int, bool) {
	v, ok := x.Val(k)
	if !ok {
		return 0, false
	}
	return int(v.(types.Int)), true
}

// Produttore is the step that computed the k-th of the names the
// caller reads (see Val) in this evaluation: its rule id and its
// source, so that a figure of the answer carries the article it comes
// from; false when the name has no value. The step is the one
// calcolaSuRichiesta takes: the first in force at the date.
func (x *Esecuzione) Produttore(k int) (regola, fonte string, ok bool) {
	i := x.p.letture[k] - 1
	if i < 0 || x.att.get(i) == nil {
		return "", "", false
	}
	for _, c := range x.produttori[i] {
		if c.inVigore(x.att.data) {
			return c.s.ID, c.s.Fonte, true
		}
	}
	return "", "", false
}

// eval runs one program of the evaluation.
func (x *Esecuzione) eval(prg *programmaCEL) (ref.Val, error) {
	var out ref.Val
	var err error
	switch {
	case prg.tracciato:
		if x.frameT == nil {
			if x.frameT, err = interpreter.NewExecutionFrame(&x.att); err != nil {
				return nil, err
			}
			// (a context that can never be done, as Background, would
			// only cost its cancel function and never stop a loop)
			if x.ctx != nil && x.ctx.Done() != nil {
				if err = x.frameT.SetContext(x.ctx, frequenzaInterruzione); err != nil {
					return nil, err
				}
			}
		}
		// The cost is each program's, as cel.Program.Eval counts it on a
		// frame of its own: the tracker of the program before is let go.
		x.frameT.SetCostTracker(nil)
		out, _, err = prg.Eval(x.frameT)
		if err != nil && x.ctx != nil && errors.Is(err, interpreter.InterruptError{}) {
			// (what cel.Program.ContextEval adds)
			err = fmt.Errorf("%w: %w", err, context.Cause(x.ctx))
		}
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

// Modo says how to run a program.
type Modo struct {
	// Spiega: write the explanation (Passi); every step runs, in order.
	Spiega bool
	// SenzaValori: the caller does not read the exported values.
	SenzaValori bool
	// Solo: run just these steps, in order (all of them when nil).
	Solo Insieme
	// Caso: the value of the input Conf.PotaPer, when the program serves
	// several: the steps that cannot apply to it are not run (see
	// pota.go).
	Caso string
	// Righe, when given, is the room of the reasons (the first four)
	// and of the caveats (the last four), allocated with the answer.
	Righe *[8]string
	// Ctx, when not nil, is checked between the steps.
	Ctx context.Context
}

// Insieme is a set of steps of a program (see Programma.Chiusura).
type Insieme map[*passoC]bool

// Esegui runs the program on a request. The caller reads the outcome,
// then hands it back with Rilascia.
//
// Without the explanation, the conditions (rifiuta, esclude, motivo,
// avverte) run in order as always, and so does a calcola step whose
// value or se reads escluso (NomeEscluso), which is what the steps
// before it made it; any other computed value is computed when
// something first reads it — a condition, a text, the caller — and not
// at all if nothing does: with lazy && and ||, a whole branch of the
// rules that a case never reaches costs nothing. The names of a rule file
// only refer to the steps before them and each is computed by exactly one
// step on any day (both checked at load), so the values are the same.
// One difference: a step whose value nothing reads (not a condition,
// not a text, not an output or exported value) does not run, so if it
// would fail on a case (regola_fallita), only the evaluation with
// the explanation, which runs it, says so; no number depends on it.
func (p *Programma) Esegui(req reflect.Value, data time.Time, m Modo) (*Esecuzione, error) {
	if req.Type() != p.conf.Req || !req.CanAddr() {
		return nil, fmt.Errorf("motore: richiesta %s per regole di tipo %s", req.Type(), p.conf.Req)
	}
	x, _ := p.pool.Get().(*Esecuzione)
	if x == nil {
		x = &Esecuzione{att: attivazione{tab: p.tab, vals: make([]valSlot, len(p.tab.slots))}}
		x.att.x, x.p = x, p
	}
	x.att.nuova()
	x.passi, x.produttori = p.passi, p.tab.produttori
	if k := p.casi[m.Caso]; k != nil {
		x.passi, x.produttori = k.passi, k.produttori
	}
	x.att.req, x.att.data = req.Addr().UnsafePointer(), data
	x.att.suRichiesta = !m.Spiega && m.Solo == nil
	x.spiega = 0
	if m.Spiega {
		x.spiega = 1
		// Room for every step that may show, kept for the next
		// evaluation; the answer gets a copy of the steps shown.
		if cap(x.passiBuf) < p.maxPassi {
			x.passiBuf = make([]Passo, 0, p.maxPassi)
		}
		x.Passi = x.passiBuf[:0]
	}
	if m.Righe != nil {
		x.Motivi, x.Avvertenze = m.Righe[0:0:4], m.Righe[4:4:8]
	}
	if len(p.chiavi) > 0 {
		// (a value the law does not provide at the date, before a step
		// reads the mappa by it)
		if e := x.controllaChiavi(p); e != nil {
			x.Rilascia()
			return nil, e
		}
	}
	if err := x.applica(p, m); err != nil {
		x.Rilascia()
		return nil, err
	}
	return x, nil
}

// calcolaSuRichiesta computes the value of slot i by the step in force
// that computes it (nil if none is, or if its se is false). A step that
// reads escluso is not computed here but when its turn comes (see
// passoC.inOrdine): until then the name has no value, as with the
// explanation.
func (x *Esecuzione) calcolaSuRichiesta(i int) ref.Val {
	for _, c := range x.produttori[i] {
		if !c.inVigore(x.att.data) {
			continue
		}
		if c.inOrdine {
			return nil
		}
		// A value whose computation reads, through others, the value
		// itself (two steps computing it at different dates, one reading
		// what the other feeds): an error of the rule, not an endless
		// recursion that would end the process.
		if slices.Contains(x.inCorso, i) {
			if x.att.err == nil {
				x.att.err = errCalcolo(c, fmt.Errorf("il valore «%s» dipende da sé stesso: per calcolarlo il passo legge, attraverso altri valori, il valore stesso", x.att.tab.slots[i].nome))
			}
			return types.NewErr("%s", x.att.err.Messaggio)
		}
		x.inCorso = append(x.inCorso, i)
		v := x.calcolaCon(c, i)
		x.inCorso = x.inCorso[:len(x.inCorso)-1] // (after a panic the evaluation fails: Rilascia empties it)
		return v
	}
	return nil
}

// calcolaCon computes slot i by step c, in force (calcolaSuRichiesta).
func (x *Esecuzione) calcolaCon(c *passoC, i int) ref.Val {
	if c.se != nil {
		s, err := x.eval(c.se)
		if err != nil {
			if x.att.err == nil {
				x.att.err = errCalcolo(c, err)
			}
			return types.NewErr("%s", x.att.err.Messaggio)
		}
		if s != types.True {
			x.senzaValore(i)
			return nil
		}
	}
	out, err := x.eval(c.prg)
	if err != nil {
		if x.att.err == nil {
			x.att.err = errCalcolo(c, err)
		}
		return types.NewErr("%s", x.att.err.Messaggio)
	}
	if c.limite != nil {
		if e := x.fuoriLimite(c, out); e != nil {
			if x.att.err == nil {
				x.att.err = e
			}
			return types.NewErr("%s", x.att.err.Messaggio)
		}
	}
	x.att.set(i, out)
	return out
}

// senzaValore records that slot i has no value in this evaluation (the
// se of the step that computes it is false): read again, it is not
// computed again.
func (x *Esecuzione) senzaValore(i int) { x.att.set(i, nil) }

// Rilascia clears an outcome whose values have been read and keeps it
// for the next evaluation: the slots of a rule file are many, and
// allocating them anew each time costs more than the rules.
func (x *Esecuzione) Rilascia() {
	p := x.p
	clear(x.Passi) // (the texts belong to the answer now)
	if cap(x.Passi) > cap(x.passiBuf) {
		x.passiBuf = x.Passi[:0]
	}
	x.usati[x.spiega], x.testi = len(x.testi), nil
	x.att.req, x.att.err, x.att.suRichiesta, x.ctx = nil, nil, false, nil
	x.Escluso, x.Motivi, x.Passi, x.Avvertenze = false, nil, nil, nil
	x.inCorso, x.daMotivo = x.inCorso[:0], x.daMotivo[:0]
	p.pool.Put(x)
}

// applica runs the steps in force at the date, in order.
func (x *Esecuzione) applica(p *Programma, m Modo) (err error) {
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
		if x.frameT != nil {
			x.frameT.Close()
			x.frameT = nil
		}
	}()
	data, spiega, solo, suRichiesta := x.att.data, m.Spiega, m.Solo, x.att.suRichiesta
	// A context that can be done is looked at between the steps (a
	// receive that does not wait, on a channel made once).
	var fatto <-chan struct{}
	if m.Ctx != nil {
		fatto = m.Ctx.Done()
	}
	x.ctx = m.Ctx
	for _, c = range x.passi {
		if (suRichiesta && c.calcola && !c.inOrdine) || !c.inVigore(data) || (solo != nil && !solo[c.delFile()]) {
			continue
		}
		if fatto != nil {
			select {
			case <-fatto:
				return erroreInterrotta(m.Ctx.Err())
			default:
			}
		}
		if c.se != nil {
			s, err := x.eval(c.se)
			if err != nil {
				return errCalcolo(c, err)
			}
			if s != types.True {
				x.senzaValore(c.slot)
				continue
			}
		}
		out, err := x.eval(c.prg)
		if err != nil {
			return errCalcolo(c, err)
		}
		switch c.tipo {
		case pCalcola:
			if c.limite != nil {
				if e := x.fuoriLimite(c, out); e != nil {
					return e
				}
			}
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
					x.Passi = append(x.Passi, Passo{Regola: c.s.ID, Fonte: c.s.Fonte, Testo: t})
				}
			}
		case pRifiuta:
			if out == types.True {
				t, err := x.testoConFonte(c)
				if err != nil {
					return errCalcolo(c, err)
				}
				return nominaRifiuto(&Errore{Codice: c.s.Codice, Campo: c.s.Campo, Messaggio: t, Tipo: ErrCaso}, c.etichetta)
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
					x.Passi = append(x.Passi, Passo{Regola: c.s.ID, Fonte: c.s.Fonte, Testo: t[:len(t)-len(suffisso)]})
				}
				if out == types.True {
					if c.tipo == pEsclude {
						x.Escluso = true
					}
					x.Motivi = aggiungi(x.Motivi, t)
					x.daMotivo = append(x.daMotivo, c.tipo == pMotivo)
				}
			}
		case pAvverte:
			if out == types.True {
				t, err := x.testoConFonte(c)
				if err != nil {
					return errCalcolo(c, err)
				}
				x.Avvertenze = aggiungi(x.Avvertenze, t)
			}
		}
	}
	if x.Escluso {
		x.soloEsclusioni()
	}
	if suRichiesta {
		c = nil
		forza := p.forzaTutti
		if m.SenzaValori {
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

// soloEsclusioni keeps, of the Motivi of an excluded case, those of the
// esclude steps, in order: a motivo step's text (a convention the
// decree admits, a category the Fund covers) read under «non valida» or
// «non ammissibile» would be taken for the reason of it. Its text is
// still in the explanation's steps, where it was given.
func (x *Esecuzione) soloEsclusioni() {
	k := 0
	for i, t := range x.Motivi {
		if !x.daMotivo[i] {
			x.Motivi[k] = t
			k++
		}
	}
	clear(x.Motivi[k:])
	x.Motivi = x.Motivi[:k]
}

// fuoriLimite is the error of a value step c computed for an output
// whose bounds it is outside (c.limite, Conf.Limiti), nil if it is
// within them: the rules' error, which names the file, the step and the
// output by its label. The value is checked as it is computed, before
// any step reads it: a refusal after it that reads it would otherwise
// blame the request for a number the rules got wrong.
func (x *Esecuzione) fuoriLimite(c *passoC, v ref.Val) *Errore {
	n, ok := v.(types.Int)
	l := c.limite
	if !ok || int64(n) >= l.Min && int64(n) <= l.Max {
		return nil
	}
	oltre := fmt.Sprintf("meno di %d", l.Min)
	if int64(n) > l.Max {
		oltre = fmt.Sprintf("più di %d", l.Max)
	}
	return &Errore{Codice: CodiceRegolaFallita, Tipo: ErrRegola,
		Messaggio: fmt.Sprintf("la regola %s del file %s dà %d come «%s», che non può essere %s: un errore delle regole, non del caso",
			c.s.ID, x.p.file.Nome, int64(n), l.Etichetta, oltre)}
}

// aggiungi appends a reason or a caveat: a case has a few, and growing
// the slice from one to two to four would allocate each time.
func aggiungi(s []string, t string) []string {
	if s == nil {
		s = make([]string, 0, 4)
	}
	return append(s, t)
}

func errCalcolo(c *passoC, err error) *Errore {
	if e, ok := err.(*Errore); ok {
		return e
	}
	// The rule, not the request, is at fault: its own kind and code, so
	// that a service tells it from a case the law does not allow.
	return &Errore{Codice: CodiceRegolaFallita, Messaggio: fmt.Sprintf("la regola %s non può essere applicata a questo caso: %s", c.s.ID, messaggioEsecuzione(err.Error())),
		Tipo: ErrRegola, Err: err}
}

// erroreInterrotta is the error of an evaluation whose context is done.
func erroreInterrotta(err error) *Errore {
	return &Errore{Codice: CodiceInterrotta, Messaggio: "valutazione interrotta: richiesta annullata o tempo scaduto",
		Tipo: ErrInterrotto, Err: err}
}

// testoConFonte is the text of a step that holds (a reason, a caveat, a
// refusal), followed by its source.
func (x *Esecuzione) testoConFonte(c *passoC) (string, error) {
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
func (x *Esecuzione) testo(parts []parte, suffisso string) (string, error) {
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
			b = p.appendi(b, v)
		case p.prg != nil:
			v, err := x.eval(p.prg)
			if err != nil {
				return "", err
			}
			b = p.appendi(b, v)
		default:
			b = append(b, p.lit...)
		}
		if len(b)-inizio > MaxTestoScritto {
			return "", fmt.Errorf("il testo supera %d byte: un testo delle regole ne scrive al più %d (un elenco scritto con le etichette dei suoi codici?)", len(b)-inizio, MaxTestoScritto)
		}
	}
	b = append(b, suffisso...)
	x.testi = b
	if len(b) == inizio {
		return "", nil
	}
	return unsafe.String(&b[inizio], len(b)-inizio), nil
}

// Valori are the exported values the evaluation computed, by name.
func (x *Esecuzione) Valori() map[string]any {
	p := x.p
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
	for k, i := range p.esporta {
		if v := x.att.get(i); v != nil {
			m[p.tab.slots[i].nome] = x.nativo(k, v)
		}
	}
	return m
}

// nativo is Nativo(v) for the k-th exported value: a text or an int the
// same as this outcome's last evaluation gave (a text the rules write,
// most often) is the Go value made then, not boxed again. The Go values
// are immutable, so the answers share them. A decimal of at most two
// decimal places (the rules' amounts in euro) is written with two, as
// the answers' amounts (premio_stimato "489.60"): "499.00", not "499";
// one with more (a rate) keeps every digit.
func (x *Esecuzione) nativo(k int, v ref.Val) any {
	switch d := v.(type) {
	case types.String, types.Int:
	case celx.Decimale:
		if d.D.Equal(d.D.Round(2)) {
			return calc.StringFixed2(d.D)
		}
		return Nativo(v) // (a rate, say: its digits are kept, never rounded)
	default:
		return Nativo(v)
	}
	if len(x.nativi) != len(x.p.esporta) {
		x.nativi = make([]nativo, len(x.p.esporta))
	}
	// (c.v is nil, a String or an Int: comparing it with v cannot panic)
	if c := &x.nativi[k]; c.v == v {
		return c.n
	}
	n := Nativo(v)
	x.nativi[k] = nativo{v: v, n: n}
	return n
}

// nativo is an exported value and its Go value.
type nativo struct {
	v ref.Val
	n any
}
