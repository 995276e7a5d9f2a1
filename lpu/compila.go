package lpu

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lpu-it/lpu/lpu/internal/catalogo"
	"github.com/lpu-it/lpu/lpu/internal/lotto"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/nomi"
	"github.com/lpu-it/lpu/lpu/internal/piano"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// tipiDichiarati are the kinds of request the vocabulary declares with
// their rules, bound to their Go types, and their names in the order the
// vocabulary declares them.
func tipiDichiarati(files []*spec.File, ps *spec.Problems) (map[string]motore.Conf, []string, map[string]*motore.Genere) {
	generi, ordine := motore.Generi(files, ps)
	motore.ControllaTipi(files, generi, ordine, ps)
	out := map[string]motore.Conf{}
	var nomi []string
	for _, n := range ordine {
		g := generi[n]
		req := richiesteGo[n] // (vocabolario.go)
		if req == nil {
			ps.Add(g.Pos, "richieste."+n, "genere", "tipo di richiesta %q: nessun tipo Go ne legge le richieste (uno di %s)", n, strings.Join(slices.Sorted(maps.Keys(richiesteGo)), ", "))
			continue
		}
		out[n] = motore.Conf{Req: req, Letture: lettori, Uscite: g.Uscite, Obblig: g.Obbligatorie, Richieste: g.Richieste, Limiti: g.Limiti, PerID: g.PerID, Lette: nomiUscite, PotaPer: campoFattispecie}
		nomi = append(nomi, n)
	}
	return out, nomi, generi
}

// Engine is a loaded, compiled rule set. It is immutable and safe for
// concurrent use. An Engine comes from Load: the methods of any other
// (the zero Engine, a nil *Engine) return an *Error of KindInternal
// «motore non caricato: usare lpu.Load», and those without an error
// their zero value.
type Engine struct {
	calcolo map[string]*motore.Programma
	// limitiPassi are, by fattispecie, the steps the limits depend on
	// (see Engine.Limiti).
	limitiPassi map[string]motore.Insieme
	ordine      []string
	fondo       *motore.Programma
	convenzione *motore.Programma
	dati        map[string]*spec.File
	// datiSrc are the data files' sources: their YAML is read again
	// when asked for (Dati), not kept.
	datiSrc   map[string][]byte
	datiC     map[string]any // data files the engine reads, decoded at Load (dati.go)
	parametri map[string]*spec.Parametro
	voc       *vocabolario           // the declared fields of the requests
	tipi      map[string]motore.Conf // the declared kinds answered by rule files
	generi    map[string]*motore.Genere
	// nelCalcolo is how a calcolo fills the request of the kind it
	// answers too, tipoNelCalcolo (the vocabulary's nel_calcolo;
	// nelcalcolo.go).
	nelCalcolo *nelCalcolo
	hash       string
	oggi       func() time.Time
	// opzioni of compilation the tests turn off, to compare.
	comp motore.OpzioniCompila
	// fsys is what Load read: Descrizione reads the suites' cases from it.
	fsys fs.FS
	// letture caches the inputs each program reads (lpu/internal/catalogo,
	// for Catalogo in info.go).
	letture catalogo.Cache
	// nonLetti caches, for each calcolo program, the fields its rules
	// never read (campiNonLetti in nonletti.go).
	nonLetti sync.Map

	// ordineTipi are the names of tipi in the vocabulary's order.
	ordineTipi []string
	// uniche are the rule files of the kinds that a single file answers
	// (regole: uno: the Fund's, the convention's), by id, and their ids
	// in the order the vocabulary declares the kinds (see Descrizione).
	uniche       map[string]*motore.Programma
	ordineUniche []string
}

// WithClock sets the clock that tells «today» (default time.Now): given
// to Load, for every call of its Engine; given to a call (Calcolo,
// Convenzione, Piano), for that call only, in place of the Engine's.
// Today is the date of a request without one (Calcolo, Convenzione);
// for Piano, it tells whether the date of the limits is today's, and
// the time the plan was made (its calendar's DTSTAMP). What the Engine
// describes (Catalogo's values in force) is by its own clock. The rules
// themselves never read the clock.
func WithClock(now func() time.Time) Option { return func(o *opzioni) { o.oggi = now } }

// Load reads every *.yaml file at the root of fsys, validates, type-checks
// and compiles it. It reports every problem at once, each with its
// file:line:col, as a *LoadError. ctx is looked at between the files
// and between the phases of the load: once it is done, Load returns an
// *Error of code CodeCaricamentoInterrotto and KindCanceled that wraps
// ctx.Err(). A nil fsys is an error (of KindInternal: the program's
// mistake), a nil ctx is context.Background(). A folder of rules whose
// root cannot be read (fsys, or a Layer of an Overlay: missing, a file,
// no permission) is an error that names it, not an empty folder: the
// rules below it alone are not loaded as if they were those asked for.
func Load(ctx context.Context, fsys fs.FS, opts ...Option) (*Engine, error) {
	if fsys == nil {
		return nil, errore(KindInternal, CodeErroreInterno, "", "regole non indicate: fs.FS nil")
	}
	ctx = sfondo(ctx)
	var ps spec.Problems
	// Read: the rule files within their bounds, parsed, and their hash.
	lettura, err := leggiRegole(ctx, fsys, &ps)
	if lettura == nil {
		return nil, err
	}
	e := nuovoEngine(fsys, lettura, opts, &ps)
	// The vocabulary, then the kinds of request it declares.
	e.leggiVocabolario(lettura.Files, lettura.Livelli, &ps)
	// Compile: the rule files in parallel, and the data files with them.
	if err := e.compila(ctx, lettura, &ps); err != nil {
		return nil, err
	}
	// The domain's data that names the fattispecie compiled above.
	e.compilaDominio(&ps)
	e.controllaDomandaGIP(lettura.Files, &ps)
	if err := fromProblems(senzaConseguenze(ps)); err != nil {
		return nil, err
	}
	libera(lettura.Files, e.parametri)
	return e, nil
}

// leggiRegole reads the rule set (motore.Leggi) with Load's bounds and
// errors: nil and the error when it cannot be read, or its problems.
func leggiRegole(ctx context.Context, fsys fs.FS, ps *spec.Problems) (*motore.Lettura, error) {
	lettura, err := motore.Leggi(fsys, MaxRuleFile, MaxRules, func() error { return caricamentoInterrotto(ctx) }, ps)
	var el *motore.ErroreLettura
	var ec *motore.ErroreCartella
	switch {
	case errors.As(err, &ec):
		return nil, fmt.Errorf("lpu: %w", ec)
	case errors.As(err, &el) && el.Nome == "":
		return nil, fmt.Errorf("lpu: elenco delle regole: %w", el.Err)
	case errors.As(err, &el):
		return nil, fmt.Errorf("lpu: lettura di %s: %w", el.Nome, el.Err)
	case err != nil:
		return nil, err
	case lettura == nil:
		return nil, fromProblems(*ps)
	}
	if len(lettura.Nomi) == 0 {
		ps.Add(spec.Pos{File: "rules", Line: 1, Col: 1}, "", "vuoto", "nessun file di regole (*.yaml)")
	}
	return lettura, nil
}

// nuovoEngine is the Engine of a rule set read, with its options, its
// shared parameters (every program sees them as legge.<nome>, with an
// overlay's changes to them, new dated versions) and its data files; a
// file id given twice is a problem, at the file of the upper layer (an
// overlay's file, which is the one to fix, whatever its name's order).
func nuovoEngine(fsys fs.FS, lettura *motore.Lettura, opts []Option, ps *spec.Problems) *Engine {
	e := &Engine{fsys: fsys, calcolo: map[string]*motore.Programma{}, limitiPassi: map[string]motore.Insieme{}, uniche: map[string]*motore.Programma{}, dati: map[string]*spec.File{}, datiSrc: map[string][]byte{}, parametri: map[string]*spec.Parametro{},
		hash: lettura.Hash, oggi: time.Now}
	var o opzioni
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	if o.oggi != nil {
		e.oggi = o.oggi
	}
	ids := map[string]*spec.File{}
	for _, f := range lettura.Files {
		if f.ID == "" {
			continue
		}
		prima, dup := ids[f.ID]
		if !dup {
			ids[f.ID] = f
			continue
		}
		qui, la := f, prima
		if lettura.Livelli[prima.Pos.File] > lettura.Livelli[f.Pos.File] {
			qui, la = prima, f
			ids[f.ID] = f
		}
		perché := ""
		if lettura.Livelli[qui.Pos.File] > lettura.Livelli[la.Pos.File] {
			perché = fmt.Sprintf(" (un file sovrapposto sostituisce solo quello del suo stesso nome: qui %s)", path.Base(filepath.ToSlash(la.Pos.File)))
		}
		ps.Add(qui.IDPos, "id", "id", "id %q già usato in %s%s", f.ID, la.IDPos, perché)
	}
	// (the steps of the files of tipo passi where the rule files use
	// them: each is then a step of the file, see spec.UsaPassi)
	spec.UsaPassi(lettura.Files, ps)
	e.parametri = motore.ParametriComuni(lettura.Files, ps)
	for _, f := range lettura.Files {
		if f.Tipo == "dati" {
			e.dati[f.ID], e.datiSrc[f.ID] = f, lettura.Sorgenti[f]
		}
	}
	return e
}

// leggiVocabolario reads the declared vocabulary (lpu/internal/vocabolario)
// and the kinds of request it declares, and checks it against the Go
// types, the outputs the rules give, the valori_da of the calcolo files
// and the files' labels of fields, and the names of the lotto's columns
// it gives (controllaColonne); livelli are the layers of the files
// (motore.Lettura.Livelli).
func (e *Engine) leggiVocabolario(files []*spec.File, livelli map[string]int, ps *spec.Problems) {
	e.voc = nuovoVocabolario(files, ps)
	e.tipi, e.ordineTipi, e.generi = tipiDichiarati(files, ps)
	e.obbligatorieSopra(files, livelli, ps)
	e.voc.controlla(ps)
	controllaTipiUscite(e.voc.Vocabolario, []string{"calcolo", "fondo", "convenzione"}, ps)
	controllaUsciteNeiValori(e.voc.Vocabolario, files, ps)
	e.controllaColonne(livelli, ps)
	e.nelCalcolo = e.voc.compilaNelCalcolo(ps)
	if u := e.voc.Uscita("fondo", "esito"); u != nil && !u.Ammette(esitoEscluso) {
		ps.Add(u.Pos, "richieste.fondo.uscite.esito.valori", "valore", "esito: manca %q, l'esito di un caso escluso", esitoEscluso)
	}
	e.voc.ControllaUscite(files, e.parametri, ps)
	for _, f := range files {
		if f.Tipo == "calcolo" {
			e.voc.ControllaValoriDa(f, ps)
		}
		// A file's label for a field (a key with a path) must name a
		// field of its request; plain keys label the result.
		for _, k := range slices.Sorted(maps.Keys(f.Etichette)) {
			if strings.Contains(k, ".") && e.voc.campo(f.Tipo, k) == nil {
				ps.Add(f.Pos, "etichette."+k, "etichette", "etichette: %s non è un campo della richiesta %s nel vocabolario", k, f.Tipo)
			}
		}
		// The facts a domanda to the GIP brings: yes-or-no fields of the
		// file's request.
		for _, fd := range f.DomandaGIP {
			switch c := e.voc.campo(f.Tipo, fd.Campo); {
			case c == nil:
				ps.Add(fd.Pos, "domanda_gip."+fd.Campo, "campo", "domanda_gip: %s non è un campo della richiesta %s nel vocabolario", fd.Campo, f.Tipo)
			case c.Tipo != "booleano":
				ps.Add(fd.Pos, "domanda_gip."+fd.Campo, "tipo", "domanda_gip: %s è un campo di tipo %s, non un sì o no", fd.Campo, c.Tipo)
			}
		}
	}
}

// obbligatorieSopra reports once, at its declaration, an output a kind
// requires (obbligatoria) that rule files of a layer below the
// declaration's do not compute: an overlay's vocabulary that requires a
// new output of the embedded files, which know nothing of it, is the
// mistake to fix, not each of them. Those files are then not told of it
// (motore.Conf.NonObblig); a file of the declaration's layer or above
// still is, at the file. livelli are the layers of the files
// (motore.Lettura.Livelli).
func (e *Engine) obbligatorieSopra(files []*spec.File, livelli map[string]int, ps *spec.Problems) {
	for _, tipo := range e.ordineTipi {
		conf := e.tipi[tipo]
		for _, o := range conf.Obblig {
			u := e.voc.Uscita(tipo, o)
			if u == nil {
				continue
			}
			var senza []string
			for _, f := range files {
				if f.Tipo != tipo || livelli[f.Nome] >= livelli[u.Pos.File] || slices.ContainsFunc(f.Passi, func(s *spec.Passo) bool { return s.Tipo == spec.Calcola && s.Nome == o }) {
					continue
				}
				senza = append(senza, f.Nome)
				if conf.NonObblig == nil {
					conf.NonObblig = map[*spec.File][]string{}
				}
				conf.NonObblig[f] = append(conf.NonObblig[f], o)
			}
			if len(senza) > 0 {
				ps.Add(u.Pos, "richieste."+tipo+".uscite."+o+".obbligatoria", "mancante", "uscita %s obbligatoria, ma nessun passo la calcola in %s: dichiararla senza obbligatoria, o sostituire quei file con copie che la calcolano",
					o, strings.Join(senza, ", "))
			}
		}
		e.tipi[tipo] = conf
	}
}

// compila compiles the rule files of the declared kinds in parallel
// (motore.CompilaRegole), and the data files with them (compilaDati),
// and keeps each program by its kind.
func (e *Engine) compila(ctx context.Context, lettura *motore.Lettura, ps *spec.Problems) error {
	files := lettura.Files
	// (the fattispecie, for leaving out of each program the steps that
	// cannot apply to one: see motore.Programma.Pota)
	var fattispecie []string
	for _, f := range files {
		if f.Tipo == "calcolo" && f.ID != "" {
			fattispecie = append(fattispecie, f.ID)
		}
	}
	// (the fattispecie by their titles, for the texts of the other kinds
	// that name them: see voci)
	titoli := map[string]string{}
	for _, f := range files {
		if f.Tipo == "calcolo" && f.ID != "" {
			titoli[f.ID] = f.Titolo
		}
	}
	for tipo, conf := range e.tipi {
		conf.Voci = func(f *spec.File) map[string]motore.Voci { return e.voci(tipo, f, titoli) }
		conf.Etichette = func(f *spec.File) *motore.Etichette { return e.etichetteTesti(tipo, f) }
		conf.Dichiarati = func(f *spec.File) map[string]motore.Dichiarato { return e.dichiarati(tipo, f, fattispecie) }
		e.tipi[tipo] = conf
	}
	e.controllaChiavi(lettura.Files, lettura.Livelli, fattispecie, ps)
	// (the inputs of the fields declared only in the vocabulary, by kind)
	altri := map[string][]motore.Ingresso{}
	for tipo, conf := range e.tipi {
		altri[tipo] = e.voc.ingressiAltri(tipo, conf.Req)
	}
	// (the reference date of each kind, once for it: see dataRiferimento)
	for _, tipo := range e.ordineTipi {
		conf := e.tipi[tipo]
		conf.Rif = motore.CompilaRiferimento(e.generi[tipo], conf, altri[tipo], e.etichetteTesti(tipo, &spec.File{}), ps)
		e.tipi[tipo] = conf
	}
	if err := caricamentoInterrotto(ctx); err != nil {
		return err
	}
	regole := motore.CompilaRegole(files, e.tipi, altri, e.parametri, e.comp, fattispecie, e.compilaDati, len(e.dati), ps)
	if err := caricamentoInterrotto(ctx); err != nil {
		return err
	}
	for _, f := range files {
		p := regole.Programmi[f]
		if p == nil {
			continue
		}
		switch f.Tipo {
		case "calcolo":
			e.calcolo[f.ID] = p
			// (the steps the limits depend on: see Engine.Limiti)
			e.limitiPassi[f.ID] = p.Chiusura(nomiLimiti...)
			e.ordine = append(e.ordine, f.ID)
		case "fondo":
			e.fondo = p
		case "convenzione":
			e.convenzione = p
		}
		if f.ID != "" && !e.tipi[f.Tipo].PerID {
			e.uniche[f.ID] = p
		}
	}
	for _, t := range e.ordineTipi {
		for _, f := range files {
			if f.Tipo == t && e.uniche[f.ID] != nil && regole.Programmi[f] != nil {
				e.ordineUniche = append(e.ordineUniche, f.ID)
			}
		}
	}
	return nil
}

// controllaChiavi checks the keys of the mappa parameters that say whose
// codes they are (chiavi, see motore.ControllaChiavi and Engine.chiavi),
// and the items of the parameters that say whose codes they are (voci,
// motore.ControllaVoci):
// a rule file's own against the fields of its kind first, a shared one
// against the first kind that declares the field. The parameters are those the modifications
// of the files have changed: a new version is checked too. livelli are
// the layers of the files (motore.Lettura.Livelli): a problem is told in
// the upper one.
func (e *Engine) controllaChiavi(files []*spec.File, livelli map[string]int, fattispecie []string, ps *spec.Problems) {
	// (rules with no fattispecie, a part of them read alone, have no
	// codes of fattispecie to check keys and items against)
	daControllare := func(campo string) bool {
		return campo != "" && !(nominaFattispecie(campo) && len(fattispecie) == 0)
	}
	for _, n := range slices.Sorted(maps.Keys(e.parametri)) {
		if par := e.parametri[n]; daControllare(par.Chiavi) {
			d, ok := e.chiavi(nil, par.Chiavi, fattispecie)
			motore.ControllaChiavi(par, d, ok, livelli, ps)
		}
		if par := e.parametri[n]; daControllare(par.Voci) {
			d, ok := e.chiavi(nil, par.Voci, fattispecie)
			motore.ControllaVoci(par, d, ok, ps)
		}
	}
	for _, f := range files {
		if _, ok := e.tipi[f.Tipo]; !ok {
			continue
		}
		var dich map[string]motore.Dichiarato
		for _, par := range f.Parametri {
			if par.Chiavi == "" && par.Voci == "" {
				continue
			}
			if dich == nil {
				dich = e.dichiarati(f.Tipo, f, fattispecie)
			}
			if daControllare(par.Chiavi) {
				d, ok := e.chiavi(dich, par.Chiavi, fattispecie)
				motore.ControllaChiavi(par, d, ok, livelli, ps)
			}
			if daControllare(par.Voci) {
				d, ok := e.chiavi(dich, par.Voci, fattispecie)
				motore.ControllaVoci(par, d, ok, ps)
			}
		}
	}
}

// controllaDomandaGIP checks that each fact a domanda to the GIP brings
// (domanda_gip) is a field of the fattispecie's form (campiModulo): the
// web calculator reads the case from the fields of the form, and would
// leave out, silently, one the rules of the fattispecie do not read.
// (A name that is not a yes-or-no field of the request is reported by
// leggiVocabolario.)
func (e *Engine) controllaDomandaGIP(files []*spec.File, ps *spec.Problems) {
	for _, f := range files {
		p := e.calcolo[f.ID]
		if f.Tipo != "calcolo" || len(f.DomandaGIP) == 0 || p == nil || p.File() != f {
			continue
		}
		modulo := e.campiModulo(p)
		for _, fd := range f.DomandaGIP {
			if c := e.voc.campo(f.Tipo, fd.Campo); c == nil || c.Tipo != "booleano" || modulo.Nomi[fd.Campo] {
				continue
			}
			ps.Add(fd.Pos, "domanda_gip."+fd.Campo, "campo", "domanda_gip: %s non è tra i dati del modulo di %s (le sue regole non lo leggono): la domanda al giudice per le indagini preliminari non lo porterebbe al caso", fd.Campo, f.ID)
		}
	}
}

// compilaDominio reads the domain's data that names the compiled
// fattispecie: their names and the Normattiva table (lpu/internal/nomi),
// the fattispecie of the calendar rules (lpu/internal/piano), the types
// of post (posti.go).
func (e *Engine) compilaDominio(ps *spec.Problems) {
	e.datiC["alias_fattispecie"], e.datiC["normattiva"] = nomi.Compila(e.dati, e.ordine, ps)
	if c, _ := e.datiC["calendario"].(*piano.Calendario); c != nil {
		c.ControllaFattispecie(e.ordine, ps)
	}
	e.compilaTipiPosto(ps)
}

// libera lets the positions and YAML nodes of a loaded rule set go: a
// loaded engine no longer reports problems.
func libera(files []*spec.File, parametri map[string]*spec.Parametro) {
	for _, f := range files {
		f.LiberaPosizioni()
		f.LiberaNodi()
	}
	for _, p := range parametri { // (those an overlay changed are copies)
		for i := range p.Valori {
			p.Valori[i].Node = nil
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

// Hash is the sha256 of the rule set, as "sha256:…".
func (e *Engine) Hash() string {
	if e.nonCaricato() != nil {
		return ""
	}
	return e.hash
}

// nonCaricato is the error of an Engine that Load did not make (the zero
// Engine, a nil *Engine), nil for one it made: a mistake of the program,
// not of its user.
func (e *Engine) nonCaricato() error {
	if e == nil || e.calcolo == nil {
		return errore(KindInternal, CodeErroreInterno, "", "motore non caricato: usare lpu.Load")
	}
	return nil
}

// sfondo is ctx, or context.Background() for a nil one.
func sfondo(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// caricamentoInterrotto is the error of a Load whose context is done:
// code caricamento_interrotto, KindCanceled, wrapping ctx.Err().
func caricamentoInterrotto(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return &Error{Code: CodeCaricamentoInterrotto, Kind: KindCanceled, Err: err,
			Message: "caricamento delle regole interrotto: " + lotto.CausaInterruzione(err)}
	}
	return nil
}
