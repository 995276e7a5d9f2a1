package lpu

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// tipiDichiarati are the kinds of request the vocabulary declares with
// their rules, bound to their Go types.
func tipiDichiarati(files []*spec.File, ps *spec.Problems) map[string]motore.Conf {
	generi, ordine := motore.Generi(files, ps)
	motore.ControllaTipi(files, generi, ordine, ps)
	out := map[string]motore.Conf{}
	for _, n := range ordine {
		g := generi[n]
		req := richiesteGo[n] // (vocabolario.go)
		if req == nil {
			ps.Add(g.Pos, "richieste."+n, "genere", "tipo di richiesta %q: nessun tipo Go ne legge le richieste (uno di %s)", n, strings.Join(slices.Sorted(maps.Keys(richiesteGo)), ", "))
			continue
		}
		out[n] = motore.Conf{Req: req, Letture: lettori, DataVar: g.DataRiferimento, Uscite: g.Uscite, Obblig: g.Obbligatorie, PerID: g.PerID, Lette: nomiUscite, PotaPer: campoFattispecie}
	}
	return out
}

// Engine is a loaded, compiled rule set. It is immutable and safe for
// concurrent use.
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
	hash      string
	oggi      func() time.Time
	// opzioni of compilation the tests turn off, to compare.
	comp motore.OpzioniCompila
	// fsys is what Load read: Descrizione reads the suites' cases from it.
	fsys fs.FS
	// letture caches the inputs each program reads (*motore.Programma →
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
	e := &Engine{fsys: fsys, calcolo: map[string]*motore.Programma{}, limitiPassi: map[string]motore.Insieme{}, dati: map[string]*spec.File{}, datiSrc: map[string][]byte{}, parametri: map[string]*spec.Parametro{},
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
	// Shared parameters first: every program sees them as legge.<nome>
	// (with an overlay's changes to them, new dated versions).
	e.parametri = motore.ParametriComuni(files, &ps)
	for _, f := range files {
		if f.Tipo == "dati" {
			e.dati[f.ID], e.datiSrc[f.ID] = f, sorgenti[f]
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
	// (the fattispecie, for leaving out of each program the steps that
	// cannot apply to one: see motore.Programma.Pota)
	var fattispecie []string
	for _, f := range files {
		if f.Tipo == "calcolo" && f.ID != "" {
			fattispecie = append(fattispecie, f.ID)
		}
	}
	// (the inputs of the fields declared only in the vocabulary, by kind)
	altri := map[string][]motore.Ingresso{}
	for tipo, conf := range e.tipi {
		altri[tipo] = e.voc.ingressiAltri(tipo, conf.Req)
	}
	if err := caricamentoInterrotto(ctx); err != nil {
		return nil, err
	}
	// The rule files compile in parallel, and the data files with them.
	regole := motore.CompilaRegole(files, e.tipi, altri, e.parametri, e.comp, fattispecie, e.compilaDati, len(e.dati), &ps)
	if err := caricamentoInterrotto(ctx); err != nil {
		return nil, err
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

// Hash is the sha256 of the rule set, as "sha256:…".
func (e *Engine) Hash() string { return e.hash }

// caricamentoInterrotto is the error of a Load whose context is done.
func caricamentoInterrotto(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("lpu: caricamento delle regole interrotto: %w", err)
	}
	return nil
}
