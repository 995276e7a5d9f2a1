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

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Versione is the engine version reported in every receipt: "lpu/"
// and the release of the module github.com/lpu-it/lpu the program was
// built with ("lpu/1.2.0" for v1.2.0; through a replace directive, the
// release it replaces the module with), or "lpu/0.1.0" when the build
// knows no release (a build from a work tree, go test, go run, a replace
// by a directory, a pseudo-version, the placeholder v0.0.0).
func Versione() string { return versioneModulo() }

var versioneModulo = sync.OnceValue(func() string {
	bi, _ := debug.ReadBuildInfo()
	return versioneDa(bi)
})

// versioneDa is Versione for the build bi (nil: unknown).
func versioneDa(bi *debug.BuildInfo) string {
	if bi != nil {
		m := &bi.Main
		for _, d := range bi.Deps {
			if d.Path == modulo {
				m = d
			}
		}
		v := m.Version
		if m.Replace != nil {
			v = m.Replace.Version // ("" for a directory)
		}
		if m.Path == modulo && rilascio.MatchString(v) && !pseudo.MatchString(v) && v != "v0.0.0" {
			return "lpu/" + strings.TrimPrefix(v, "v")
		}
	}
	return "lpu/0.1.0"
}

const modulo = "github.com/lpu-it/lpu"

// rilascio matches a release tag (v1.2.0, v1.3.0-rc.1), not a
// pseudo-version (v0.0.0-20261205093000-abcdef123456) nor a dirty build.
var rilascio = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$`)

// pseudo matches the end of a pseudo-version: a timestamp and a hash.
var pseudo = regexp.MustCompile(`[0-9]{14}-[0-9a-f]{12}$`)

// Option configures Load (WithClock) or an operation (WithClock,
// WithoutExplanation); an option given to a call it does not concern is
// ignored, and so is a nil Option.
type Option func(*opzioni)

type opzioni struct {
	oggi             func() time.Time
	senzaSpiegazione bool
	// ctx, when set, stops the evaluation between two steps (and a
	// tracked program inside its loops) once it is done.
	ctx context.Context
	// letta: the request is Decode's, from JSON (Run): its bounds are
	// checked and its dates are days already, so controllaTipizzata's
	// walk would find nothing (it costs some 1 µs a calcolo).
	letta bool
}

// daJSON marks a request Run decoded (opzioni.letta).
func daJSON(o *opzioni) { o.letta = true }

// tipizzata is controllaTipizzata for a request built in Go; nothing for
// one Decode read.
func (o *opzioni) tipizzata(v reflect.Value) error {
	if o.letta {
		return nil
	}
	return controllaTipizzata(v)
}

// avvia starts an operation: it applies opts to o and takes ctx; an
// error if ctx is already done or there is no request (nessuna: the
// caller passed a nil pointer, a mistake of the program, not of its
// user, so an internal error and not a bad JSON one).
func (o *opzioni) avvia(ctx context.Context, opts []Option, nessuna bool) error {
	ctx = sfondo(ctx)
	for _, f := range opts {
		if f != nil {
			f(o)
		}
	}
	o.ctx = ctx
	if err := interrotta(ctx); err != nil {
		return err
	}
	if nessuna {
		return errore(KindInternal, CodeErroreInterno, "", "richiesta nil")
	}
	return nil
}

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

// usciteLimiti are the outputs that make up Limiti.
var usciteLimiti = [4]int{uOreSettimanaliMin, uOreSettimanaliMax, uOreGiornaliereMax, uDurataMesiMax}

func limitiDi(x *motore.Esecuzione) Limiti {
	return limitiIn(x, new([4]int))
}

// limitiIn is limiti with the numbers kept in n, which the caller
// allocates with the answer.
func limitiIn(x *motore.Esecuzione, n *[4]int) Limiti {
	var l Limiti
	for i, dst := range []*Limite{&l.OreSettimanaliMin, &l.OreSettimanaliMax, &l.OreGiornaliereMax, &l.DurataMesiMax} {
		if v, ok := x.Intero(usciteLimiti[i]); ok {
			*dst = Limite{Valore: v, Definito: true}
		}
	}
	return l
}

// settimaneIn is the duration in weeks the rules computed, with the
// steps that computed it, kept in s; nil when they computed none.
func settimaneIn(x *motore.Esecuzione, s *Settimane) *Settimane {
	*s = Settimane{}
	if v, ok := x.Intero(uSettimaneMin); ok {
		s.Min = Limite{Valore: v, Definito: true}
		s.RegolaMin, s.FonteMin, _ = x.Produttore(uSettimaneMin)
	}
	if v, ok := x.Intero(uSettimaneMax); ok {
		s.Max = Limite{Valore: v, Definito: true}
		s.RegolaMax, s.FonteMax, _ = x.Produttore(uSettimaneMax)
	}
	if !s.Min.Definito && !s.Max.Definito {
		return nil
	}
	return s
}

// Limiti returns the weekly and daily limits that the rules of a
// fattispecie give at a date for the given facts (e.g. whether the
// condannato asked to work more than the weekly maximum), with the steps
// that produced them. Only the rules those limits depend on are run, so
// the penalty need not be given.
func (e *Engine) Limiti(ctx context.Context, fattispecie string, data time.Time, fatti Fatti) (_ Limiti, _ []Passo, err error) {
	defer func() { err = e.nomina("calcolo", err) }()
	if err := e.nonCaricato(); err != nil {
		return Limiti{}, nil, err
	}
	return e.limiti(sfondo(ctx), fattispecie, data, fatti)
}

// limiti is Limiti stopped when ctx (if not nil) is done.
func (e *Engine) limiti(ctx context.Context, fattispecie string, data time.Time, fatti Fatti) (Limiti, []Passo, error) {
	// (the facts' values checked, the date brought to its day, the
	// options' defaults filled in)
	req := Richiesta{Fattispecie: fattispecie, Data: Data{data}, Fatti: fatti}
	if err := controllaTipizzata(reflect.ValueOf(&req).Elem()); err != nil {
		return Limiti{}, nil, err
	}
	p, err := e.fattispecieNota("calcolo", fattispecie, "fattispecie")
	if err != nil {
		return Limiti{}, nil, err
	}
	if err := e.inVigore("calcolo", p, req.Data.Time, "data"); err != nil {
		return Limiti{}, nil, err
	}
	if _, err := e.controllaCalcolo(&req); err != nil {
		return Limiti{}, nil, err
	}
	x, err := p.Esegui(reflect.ValueOf(&req).Elem(), req.Data.Time, motore.Modo{Spiega: true, Solo: e.limitiPassi[fattispecie], Caso: fattispecie, Ctx: ctx})
	if err != nil {
		return Limiti{}, nil, daMotore(err)
	}
	defer x.Rilascia()
	return limitiDi(x), copiaPassi(x.Passi), nil
}

func (e *Engine) ricevuta() Ricevuta { return Ricevuta{Regole: e.hash, Motore: Versione()} }

func (e *Engine) oggiCivile() time.Time { return calc.Oggi(e.oggi()) }

// adesso is the call's time: by the clock given to it (WithClock), else
// by the Engine's.
func (o *opzioni) adesso(e *Engine) time.Time {
	if o.oggi != nil {
		return o.oggi()
	}
	return e.oggi()
}

// oggiCivile is the call's «today», the civil day of adesso.
func (o *opzioni) oggiCivile(e *Engine) time.Time { return calc.Oggi(o.adesso(e)) }

// inVigore refuses the date d, of the field campo of a request of
// tipo, when the rules p are not in force at it: the rules by their
// title, the date with its field's label («la data 10/06/2004 («Data
// di riferimento») è fuori …», today's when the request gives none),
// which a message read alone would not otherwise tell. A date before
// the rules' first day gets the note the file gives in its label
// prima_della_vigenza, if any (l689_56bis: which date to give for a fact
// before the reform, art. 95 d.lgs. 150/2022).
func (e *Engine) inVigore(tipo string, p *motore.Programma, d time.Time, campo string) error {
	f := p.File()
	if !f.Vigenza.Contiene(d) {
		data := "la data " + calc.FormatDataItaliana(d)
		if et := e.etichettaErrore(tipo, campo); et != "" {
			data += " («" + et + "»)"
		}
		nota := ""
		if n := f.Etichette["prima_della_vigenza"]; n != "" && d.Before(f.Vigenza.Dal) {
			nota = ": " + n
		}
		return errCaso(CodeNonInVigore, campo, "le regole di «%s» (%s) sono in vigore %s; %s è fuori da questo periodo%s",
			f.Titolo, f.Fonte, f.Vigenza, data, nota)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
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
func (e *Engine) Fattispecie() []string {
	if e.nonCaricato() != nil {
		return nil
	}
	return append([]string(nil), e.ordine...)
}

// fattispecieNota is the rules of the fattispecie id, the field campo
// of a request of tipo ("" for none: a description), or the error on
// that field, which names it by its label.
func (e *Engine) fattispecieNota(tipo, id, campo string) (*motore.Programma, error) {
	p, ok := e.calcolo[id]
	if !ok {
		if id == "" {
			nome := "la fattispecie"
			if et := e.etichettaCampo(tipo, campo); tipo != "" && et != campo {
				nome = "la «" + et + "»"
			}
			return nil, errInput(CodeCampoObbligatorio, campo, "indicare %s: una di %s", nome, e.fattispecieAmmesse(e.ordine))
		}
		return nil, errInput(CodeFattispecieSconosciuta, campo, "fattispecie «%s» sconosciuta: una di %s", id, e.fattispecieAmmesse(e.ordine))
	}
	return p, nil
}

// fattispecieCitate are the fattispecie ids as a sentence names them:
// each by its title in «» (an id the engine does not know as it is).
func (e *Engine) fattispecieCitate(ids []string) string {
	return e.fattispecieElenco(ids, false)
}

// fattispecieAmmesse are the fattispecie a message offers to choose
// from: each by its title in «», followed by its id, what a JSON body or
// a CSV cell names, as the accepted values of a field (spec.CodiceCitato;
// an id the engine does not know alone).
func (e *Engine) fattispecieAmmesse(ids []string) string {
	return e.fattispecieElenco(ids, true)
}

func (e *Engine) fattispecieElenco(ids []string, conID bool) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		p := e.calcolo[id]
		if p == nil || p.File().Titolo == "" {
			b.WriteString(id)
			continue
		}
		if conID {
			b.WriteString(spec.CodiceCitato(id, p.File().Titolo))
			continue
		}
		b.WriteString("«" + p.File().Titolo + "»")
	}
	return b.String()
}

// controllaCalcolo checks what a calcolo request names against the rules
// and the vocabulary, and fills in what the evaluation reads: its
// fattispecie; the fields declared only in the vocabulary (altri.go),
// whose checked values replace the Altri maps (req is a copy: the
// caller's maps are not touched); the accepted values of its texts, and
// their defaults. Every problem is reported, in the order of the checks,
// so that the first is the one a client has always been answered with.
func (e *Engine) controllaCalcolo(req *Richiesta) (*motore.Programma, error) {
	fatti, errF := e.voc.altri("calcolo", "fatti", req.Fatti.Altri)
	opzioni, errO := e.voc.altri("calcolo", "opzioni", req.Opzioni.Altri)
	p, errP := e.fattispecieNota("calcolo", req.Fattispecie, "fattispecie")
	var rc raccolta
	for _, err := range [...]error{errF, errO, errP,
		e.voc.valore("calcolo", "opzioni.mese", &req.Opzioni.Mese),
		e.voc.valore("calcolo", "opzioni.frazione_250", &req.Opzioni.Frazione250),
		e.voc.valore("calcolo", "opzioni.ragguaglio_residuo", &req.Opzioni.RagguaglioResiduo),
		e.voc.valore("calcolo", "fatti.convenzione", &req.Fatti.Convenzione),
	} {
		if err != nil {
			rc.aggiungi(err)
		}
	}
	if err := rc.err(); err != nil {
		return nil, err
	}
	req.Fatti.Altri, req.Opzioni.Altri = fatti, opzioni
	return p, nil
}

// Calcolo answers a calcolo request: days and hours of LPU, limits,
// eligibility, the Fondo INAIL verdict, and every step with the article it
// comes from. Bad input gives an *Error. The evaluation stops when ctx is
// done (it is looked at between the steps of the rules), with an *Error
// of KindCanceled that wraps ctx.Err().
func (e *Engine) Calcolo(ctx context.Context, r *Richiesta, opts ...Option) (_ *Risultato, err error) {
	defer func() { err = e.nomina("calcolo", err) }() // (every error, not only the request's: see nomina)
	if err := e.nonCaricato(); err != nil {
		return nil, err
	}
	// The options are read into the pooled memory of the calcolo: a
	// local the options point to would be allocated each time.
	lav := lavoriCalcolo.Get().(*lavoroCalcolo)
	defer lav.rilascia()
	o := &lav.opzioni
	if err := o.avvia(ctx, opts, r == nil); err != nil {
		return nil, err
	}
	// One allocation holds the answer and the parts it points to; the
	// copy of the request the defaults are filled on (which the
	// evaluation reads in place) is only needed while it runs.
	mem := new(rispostaCalcolo)
	lav.req = *r
	req := &lav.req
	if err := o.tipizzata(reflect.ValueOf(req).Elem()); err != nil {
		return nil, e.nomina("calcolo", conControlli(err, func() error { _, err := e.controllaCalcolo(req); return err }))
	}
	p, err := e.controllaCalcolo(req)
	if err != nil {
		return nil, e.nomina("calcolo", err)
	}
	if !req.Data.Indicata() {
		req.Data = Data{o.oggiCivile(e)}
	}
	data, _, err := e.inVigoreAlla("calcolo", p, reflect.ValueOf(req).Elem())
	if err != nil {
		return nil, err
	}
	spiega := !o.senzaSpiegazione
	m := motore.Modo{Spiega: spiega, Caso: req.Fattispecie, Righe: &mem.righe, Ctx: o.ctx}
	x, err := p.Esegui(reflect.ValueOf(req).Elem(), data, m)
	if err != nil {
		return nil, daMotore(err)
	}
	defer x.Rilascia()
	res := &mem.res
	*res = Risultato{
		Fattispecie: req.Fattispecie,
		Ammissibile: !x.Escluso,
		Motivi:      nonNil(x.Motivi),
		Avvertenze:  x.Avvertenze,
		Valori:      x.Valori(),
		Ricevuta:    e.ricevuta(),
	}
	if req.Data.Indicata() { // (req.Data.String(); always: today when not given)
		res.Data = lav.date[0].testo(req.Data.Time)
	}
	res.Giorni, _ = x.Intero(uGiorni)
	res.Ore, _ = x.Intero(uOre)
	res.Limiti = limitiIn(x, &mem.limiti)
	res.Settimane = settimaneIn(x, &mem.settimane)
	if req.Esecuzione.OreSvolte > 0 {
		// The criterion is the one the rules say they used (an option
		// left empty is the reading of the fattispecie): a file that
		// computes the penalty to restore computes it too, on every day
		// it is in force (richiede in the vocabulary; both checked at
		// load), so the request's option is never put in its place.
		ro, ok1 := x.Intero(uResiduoOre)
		rg, ok2 := x.Intero(uResiduoGiorniPena)
		criterio, ok3 := x.Val(uResiduoCriterio)
		if ok1 && ok2 && ok3 {
			mem.residuo = Residuo{Ore: ro, GiorniPena: rg, Criterio: string(criterio.(types.String))}
			if ga, ok := x.Intero(uResiduoGiorniArresto); ok {
				mem.residuoArresto = ga
				mem.residuo.GiorniArresto = &mem.residuoArresto
			}
			if v, ok := x.Val(uResiduoAmmenda); ok {
				mem.residuo.Ammenda = calc.StringFixed2(v.(celx.Decimale).D)
			}
			res.Residuo = &mem.residuo
		}
	}
	var passiFondo []Passo
	if e.fondo != nil {
		f := &lav.reqFondo
		// (the fields the vocabulary says the calcolo gives: nel_calcolo)
		*f = statoFondo{}
		e.nelCalcolo.riempi(unsafe.Pointer(f), unsafe.Pointer(req), x)
		if r.Data.Indicata() {
			// (the case's date as given: req's is today's when not)
			f.DataCaso = req.Data
		}
		rf := &lav.risFondo
		err := e.valutaFondo(f, motore.Modo{Spiega: spiega, SenzaValori: true, Caso: f.Fattispecie, Righe: &mem.righeFondo, Ctx: o.ctx}, rf, &lav.date[1])
		if err != nil {
			return nil, e.erroreFondoNelCalcolo(err, res.Giorni, req, x)
		}
		mem.fondo = EsitoFondo{Esito: rf.Esito, Motivi: rf.Motivi, RichiestaEntro: rf.RichiestaEntro, PremioStimato: rf.PremioStimato,
			Avvertenze: rf.Avvertenze}
		res.FondoInail = &mem.fondo
		passiFondo = rf.Passi
	}
	res.Passi = copiaPassi(x.Passi, passiFondo...)
	if s := e.avvertenzaNonLetti(p, req); s != "" {
		// (a new slice: the caveats share their room with the reasons)
		n := len(res.Avvertenze)
		res.Avvertenze = append(res.Avvertenze[:n:n], s)
	}
	res.Avvertenze = nonNil(res.Avvertenze)
	return res, nil
}

// erroreFondoNelCalcolo is an error of the Fund's part of a calcolo as
// the calcolo's: on the calcolo's field the Fund read (the Fund's rules
// refuse ore_svolte beyond the hours its days hold, fondo.yaml
// ore_svolte_oltre; the Fund's law is not in force at its reference
// date), the one that gave it for the calcolo's request req and its
// evaluation x (nel_calcolo: the date of the case when the first day of
// work is not given); and the Fund's giorni, out of the bounds its
// vocabulary gives (from 0, as every number of a request, to its max),
// are the days the penalty gave, a field the request does not have: over
// the max, the penalty's (a huge ammenda); below 0, the rules' (the
// calcolo's output giorni declares min: 0, which the engine checks as
// the step computes it, but a vocabulary may leave it out).
func (e *Engine) erroreFondoNelCalcolo(err error, giorni int, req *Richiesta, x *motore.Esecuzione) error {
	var le *Error
	if !errors.As(err, &le) || le.Kind == KindRule || le.Field == "" {
		return err
	}
	if c := e.voc.campo("fondo", "giorni"); le.Field == "giorni" && le.Kind == KindInput && c != nil {
		if giorni < 0 {
			return errore(KindRule, CodeRegolaFallita, "", "le regole danno %d giorni di lavoro, sotto il minimo di 0 che il Fondo INAIL legge: un errore delle regole, non del caso", giorni)
		}
		return errCaso(le.Code, "pena", "la pena indicata dà %d giorni di lavoro, oltre il massimo di %d: controllare la pena", giorni, c.Max)
	}
	if campo, ok := e.nelCalcolo.da(le.Field, unsafe.Pointer(req), x); ok && campo != le.Field {
		c := *le
		c.Field = campo
		return &c
	}
	return err
}

// rispostaCalcolo is the memory of one calcolo's answer, allocated at
// once: the answer and what it points to.
type rispostaCalcolo struct {
	res     Risultato
	fondo   EsitoFondo
	limiti  [4]int
	residuo Residuo
	// residuoArresto is where residuo.GiorniArresto points
	residuoArresto int
	settimane      Settimane
	// the room of the reasons and caveats (see modo.righe)
	righe, righeFondo [8]string
}

// lavoroCalcolo is what a calcolo needs only while it runs: its options,
// the requests the rules read (the caller's, with the defaults filled in, and the
// Fund's) and the Fund's result before it is copied into the answer.
// Nothing of the answer points into it, so it is used again, not
// allocated for each calcolo.
type lavoroCalcolo struct {
	opzioni  opzioni
	date     [2]dataScritta // the request's, the Fund's deadline
	req      Richiesta
	reqFondo statoFondo
	risFondo RisultatoFondo
}

var lavoriCalcolo = sync.Pool{New: func() any { return new(lavoroCalcolo) }}

// rilascia clears the memory (it would keep the caller's texts and
// lists alive) and puts it back in the pool; the dates written are kept.
func (l *lavoroCalcolo) rilascia() {
	date := l.date
	*l = lavoroCalcolo{date: date}
	lavoriCalcolo.Put(l)
}

// dataScritta is a date and its text (calc.FormatData): the answers of
// the calcoli that reuse the memory share the text of a date written
// before, as a string is never changed; a calcolo gives two, the
// request's date and the Fund's deadline.
type dataScritta struct {
	t time.Time
	s string
}

// testo is calc.FormatData(t).
func (d *dataScritta) testo(t time.Time) string {
	if d.s == "" || d.t != t { // (the same instant in the same location)
		d.t, d.s = t, calc.FormatData(t)
	}
	return d.s
}

// Fondo answers a fondo request; ctx as for Calcolo.
func (e *Engine) Fondo(ctx context.Context, r *RichiestaFondo, opts ...Option) (_ *RisultatoFondo, err error) {
	defer func() { err = e.nomina("fondo", err) }() // (every error, not only the request's: see nomina)
	if err := e.nonCaricato(); err != nil {
		return nil, err
	}
	var o opzioni
	if err := o.avvia(ctx, opts, r == nil); err != nil {
		return nil, err
	}
	// The answer and the request's copy, in one allocation.
	mem := new(struct {
		res RisultatoFondo
		req statoFondo
	})
	mem.req.RichiestaFondo = *r
	req := &mem.req
	if err := o.tipizzata(reflect.ValueOf(&req.RichiestaFondo).Elem()); err != nil {
		return nil, e.nomina("fondo", conControlli(err, func() error { return e.controllaFondo(req) }))
	}
	if err := e.controllaFondo(req); err != nil {
		return nil, e.nomina("fondo", err)
	}
	if err := e.valutaFondo(req, motore.Modo{Spiega: !o.senzaSpiegazione, Caso: req.Fattispecie, Ctx: o.ctx}, &mem.res, new(dataScritta)); err != nil {
		return nil, err
	}
	return &mem.res, nil
}

// controllaFondo checks a fondo request, and fills the convention's
// default: every problem, in the order of the checks.
func (e *Engine) controllaFondo(req *statoFondo) error {
	var rc raccolta
	if _, err := e.fattispecieNota("fondo", req.Fattispecie, "fattispecie"); err != nil {
		rc.aggiungi(err)
	}
	// (the start of the activities, whose law the Fund reads: the
	// vocabulary's data_riferimento, and its refusal without one)
	if _, _, err := e.dataRiferimento("fondo", reflect.ValueOf(req).Elem()); err != nil {
		rc.aggiungi(err)
	}
	if err := e.voc.valore("fondo", "convenzione", &req.Convenzione); err != nil {
		rc.aggiungi(err)
	}
	return rc.err()
}

// controllaConvenzione checks what a convenzione request names (the
// fattispecie, the convention's model, start and fattispecie) and fills
// the model's default: every problem, in the order of the checks. The
// places are counted after (preparaPosti).
func (e *Engine) controllaConvenzione(req *statoConvenzione) error {
	var rc raccolta
	if _, err := e.fattispecieNota("convenzione", req.Fattispecie, "fattispecie"); err != nil {
		rc.aggiungi(err)
	}
	switch err := e.voc.valore("convenzione", "convenzione.modello", &req.Convenzione.Modello); {
	case err != nil:
		rc.aggiungi(err)
	case req.Convenzione.Modello == "":
		rc.aggiungi(errInput(CodeCampoObbligatorio, "convenzione.modello", "indicare il «%s»: uno di %s",
			e.etichettaCampo("convenzione", "convenzione.modello"), e.voc.campo("convenzione", "convenzione.modello").ValoriCitati()))
	}
	if !req.Convenzione.Decorrenza.Indicata() {
		rc.aggiungi(errInput(CodeCampoObbligatorio, "convenzione.decorrenza", "indicare la «%s»", e.etichettaCampo("convenzione", "convenzione.decorrenza")))
	}
	for i, f := range req.Convenzione.Fattispecie {
		if _, ok := e.calcolo[f]; !ok {
			rc.aggiungi(errInput(CodeFattispecieSconosciuta, fmt.Sprintf("convenzione.fattispecie[%d]", i), "fattispecie «%s» sconosciuta: una di %s", f, e.fattispecieAmmesse(e.ordine)))
		}
	}
	return rc.err()
}

// valutaFondo runs the Fund's rules at its reference date (the
// vocabulary's data_riferimento: the start of the activities); an error
// names the fields of the Fund's request (see erroreFondoNelCalcolo);
// the answer is written in res, its date written by entro.
func (e *Engine) valutaFondo(req *statoFondo, m motore.Modo, res *RisultatoFondo, entro *dataScritta) error {
	p := e.fondo
	if p == nil {
		return errCaso(CodeRegoleMancanti, "", "nessuna regola sul Fondo INAIL caricata")
	}
	data, campo, err := e.inVigoreAlla("fondo", p, reflect.ValueOf(req).Elem())
	if err != nil {
		return err
	}
	// (the rules read the choice: data_riferimento, data_riferimento_campo)
	req.DataRiferimento, req.CampoRiferimento = Data{data}, campo
	x, err := p.Esegui(reflect.ValueOf(req).Elem(), data, m)
	if err != nil {
		return daMotore(err)
	}
	defer x.Rilascia()
	*res = RisultatoFondo{Motivi: nonNil(x.Motivi), Passi: copiaPassi(x.Passi), Avvertenze: nonNil(x.Avvertenze),
		Ricevuta: e.ricevuta()}
	if !m.SenzaValori {
		res.Valori = x.Valori()
	}
	if v, ok := x.Val(uEsito); ok {
		res.Esito = string(v.(types.String))
	}
	if x.Escluso {
		res.Esito = esitoEscluso
	}
	if err := e.voc.uscitaAmmessa("fondo", "esito", res.Esito); err != nil {
		return err
	}
	if v, ok := x.Val(uRichiestaEntro); ok {
		res.RichiestaEntro = entro.testo(v.(types.Timestamp).Time)
	}
	if v, ok := x.Val(uPremioStimato); ok {
		res.PremioStimato = calc.StringFixed2(v.(celx.Decimale).D)
	}
	return nil
}

// inVigoreAlla is the reference date of a request of tipo for its rules
// p (dataRiferimento) and the field it comes from, or the error when
// there is none or p is not in force at it, on that field.
func (e *Engine) inVigoreAlla(tipo string, p *motore.Programma, req reflect.Value) (time.Time, string, error) {
	data, campo, err := e.dataRiferimento(tipo, req)
	if err != nil {
		return time.Time{}, "", err
	}
	if err := e.inVigore(tipo, p, data, campo); err != nil {
		return time.Time{}, "", err
	}
	return data, campo, nil
}

// dataRiferimento is the date that picks the law in force for a request
// of tipo (req, its state as the rules read it), and the field it comes
// from, as the vocabulary declares it (data_riferimento); or the
// declared refusal of a request without one.
func (e *Engine) dataRiferimento(tipo string, req reflect.Value) (time.Time, string, error) {
	r := e.tipi[tipo].Rif
	if r == nil {
		return time.Time{}, "", errore(KindInternal, CodeErroreInterno, "", "richiesta %s: nessuna data di riferimento dichiarata", tipo)
	}
	d, campo, err := r.Scegli(req)
	if err != nil {
		return time.Time{}, "", daMotore(err)
	}
	return d, campo, nil
}

// Convenzione answers a convenzione request; ctx as for Calcolo.
func (e *Engine) Convenzione(ctx context.Context, r *RichiestaConvenzione, opts ...Option) (_ *RisultatoConvenzione, err error) {
	defer func() { err = e.nomina("convenzione", err) }() // (every error, not only the request's: see nomina)
	if err := e.nonCaricato(); err != nil {
		return nil, err
	}
	var o opzioni
	if err := o.avvia(ctx, opts, r == nil); err != nil {
		return nil, err
	}
	req := statoConvenzione{RichiestaConvenzione: *r}
	if err := o.tipizzata(reflect.ValueOf(&req.RichiestaConvenzione).Elem()); err != nil {
		return nil, e.nomina("convenzione", conControlli(err, func() error { return e.controllaConvenzione(&req) }))
	}
	p := e.convenzione
	if p == nil {
		return nil, errCaso(CodeRegoleMancanti, "", "nessuna regola sulle convenzioni caricata")
	}
	if err := e.controllaConvenzione(&req); err != nil {
		return nil, e.nomina("convenzione", err)
	}
	if !req.Data.Indicata() {
		req.Data = Data{o.oggiCivile(e)}
	}
	if err := e.preparaPosti(&req); err != nil {
		return nil, err
	}
	data, _, err := e.inVigoreAlla("convenzione", p, reflect.ValueOf(&req).Elem())
	if err != nil {
		return nil, err
	}
	x, err := p.Esegui(reflect.ValueOf(&req).Elem(), data, motore.Modo{Spiega: !o.senzaSpiegazione, Caso: req.Fattispecie, Ctx: o.ctx})
	if err != nil {
		return nil, daMotore(err)
	}
	defer x.Rilascia()
	res := &RisultatoConvenzione{Valida: !x.Escluso, Motivi: nonNil(x.Motivi), Passi: copiaPassi(x.Passi),
		Avvertenze: nonNil(x.Avvertenze), Valori: x.Valori(), Ricevuta: e.ricevuta()}
	if v, ok := x.Val(uScadenza); ok {
		res.Scadenza = calc.FormatData(v.(types.Timestamp).Time)
	}
	return res, nil
}
