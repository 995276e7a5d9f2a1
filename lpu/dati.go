package lpu

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/piano"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Data files (tipo: dati) hold facts the rules need that are data rather
// than law: the patron saints of the comuni, the practical terms of the
// calendar. They are embedded with the rules, hashed into every receipt
// and overlaid like rule files with --rules DIR. The ones the engine reads
// itself are decoded and checked at Load, with the position of every
// problem, so a broken file never reaches a request.

// datiYAML returns the content (the dati: key) of the data file with the
// given id. The file is read again from its source, which Load checked:
// the caller gets a tree of its own.
func (e *Engine) datiYAML(id string) (*yaml.Node, bool) {
	f, ok := e.dati[id]
	if !ok {
		return nil, false
	}
	var ps spec.Problems
	g := spec.Parse(f.Nome, e.datiSrc[id], &ps)
	if g == nil || g.Dati == nil {
		return nil, false // (not for a file Load accepted)
	}
	return g.Dati, true
}

// compilaDati decodes the data files the engine reads (see Load).
func (e *Engine) compilaDati(ps *spec.Problems) {
	e.datiC = map[string]any{}
	ids := make([]string, 0, len(e.dati))
	for id := range e.dati {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	// Patron saints: the file patroni and any patroni_* file, in id order;
	// a later file replaces the feasts of the comuni it lists, so an overlay
	// can add or correct a comune without copying the whole list.
	pt := &patroni{perComune: map[string][]calc.Patrono{}, alias: map[string]string{}}
	for _, id := range ids {
		if id == "patroni" || strings.HasPrefix(id, "patroni_") {
			pt.aggiungi(e.dati[id], ps)
		}
	}
	e.datiC["patroni"] = pt
	if f, ok := e.dati["calendario"]; ok {
		e.datiC["calendario"] = compilaCalendario(f, ps)
	}
}

func posNodo(f *spec.File, n *yaml.Node) spec.Pos {
	return spec.Pos{File: f.Nome, Line: n.Line, Col: n.Column}
}

// chiavi returns the keys of a mapping node, reporting unknown and
// repeated ones.
func chiavi(f *spec.File, n *yaml.Node, percorso string, ammesse []string, ps *spec.Problems) map[string]*yaml.Node {
	m := map[string]*yaml.Node{}
	if n == nil || n.Kind != yaml.MappingNode {
		if n != nil {
			ps.Add(posNodo(f, n), percorso, "forma", "attesa una mappa di chiavi")
		}
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		ok := false
		for _, a := range ammesse {
			ok = ok || a == k.Value
		}
		switch {
		case !ok:
			ps.Add(posNodo(f, k), join(percorso, k.Value), "chiave", "chiave sconosciuta %q (ammesse: %s)", k.Value, strings.Join(ammesse, ", "))
		case m[k.Value] != nil:
			ps.Add(posNodo(f, k), join(percorso, k.Value), "chiave", "chiave %q ripetuta", k.Value)
		default:
			m[k.Value] = v
		}
	}
	return m
}

func testoNodo(f *spec.File, n *yaml.Node, percorso string, ps *spec.Problems) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		ps.Add(posNodo(f, n), percorso, "tipo", "atteso un testo")
		return ""
	}
	return strings.TrimSpace(n.Value)
}

func interoNodo(f *spec.File, n *yaml.Node, percorso string, min, max int, ps *spec.Problems) int {
	if n == nil {
		return 0
	}
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil || v < min || v > max {
		ps.Add(posNodo(f, n), percorso, "valore", "atteso un intero tra %d e %d", min, max)
		return 0
	}
	return v
}

// patroni are the patron saints' feasts by comune.
type patroni struct {
	perComune map[string][]calc.Patrono // by chiaveComune
	alias     map[string]string         // other names -> chiaveComune of the main name
}

// chiaveComune folds a comune's name for matching: case, accents,
// apostrophes, spaces and hyphens do not matter ("L’Aquila" = "l'aquila" =
// "LAquila", "Forlì" = "Forli").
func chiaveComune(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if (r >= 'a' && r <= 'z') || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cerca returns the feasts of a comune.
func (p *patroni) cerca(comune string) ([]calc.Patrono, bool) {
	k := chiaveComune(comune)
	if a, ok := p.alias[k]; ok {
		k = a
	}
	ps, ok := p.perComune[k]
	return ps, ok && k != ""
}

func (p *patroni) aggiungi(f *spec.File, ps *spec.Problems) {
	m := chiavi(f, f.Dati, "dati", []string{"comuni"}, ps)
	lista := m["comuni"]
	if lista == nil || lista.Kind != yaml.SequenceNode {
		pos := posNodo(f, f.Dati)
		if lista != nil {
			pos = posNodo(f, lista)
		}
		ps.Add(pos, "dati.comuni", "forma", "attesa la lista dei comuni (dati: {comuni: [...]})")
		return
	}
	nuovi := map[string][]calc.Patrono{}
	visti := map[string]string{} // key+date -> where
	for i, n := range lista.Content {
		perc := fmt.Sprintf("dati.comuni[%d]", i)
		c := chiavi(f, n, perc, []string{"comune", "alias", "santo", "mese", "giorno", "settimana", "giorno_settimana", "fonte", "nota"}, ps)
		pt := calc.Patrono{
			Comune:    testoNodo(f, c["comune"], perc+".comune", ps),
			Santo:     testoNodo(f, c["santo"], perc+".santo", ps),
			Mese:      time.Month(interoNodo(f, c["mese"], perc+".mese", 1, 12, ps)),
			Giorno:    interoNodo(f, c["giorno"], perc+".giorno", 1, 31, ps),
			Settimana: interoNodo(f, c["settimana"], perc+".settimana", -1, 4, ps),
			Fonte:     testoNodo(f, c["fonte"], perc+".fonte", ps),
			Nota:      testoNodo(f, c["nota"], perc+".nota", ps),
		}
		if gs := c["giorno_settimana"]; gs != nil {
			w, ok := calc.GiornoSettimana(gs.Value)
			if !ok {
				ps.Add(posNodo(f, gs), perc+".giorno_settimana", "valore", "giorno della settimana %q sconosciuto: uno di %s", gs.Value, strings.Join(calc.NomiGiorni[:], ", "))
			}
			pt.GiornoSettimana = w
		} else if pt.Settimana != 0 {
			ps.Add(posNodo(f, n), perc, "mancante", "con settimana serve giorno_settimana (lun … dom)")
		}
		if pt.Fonte == "" {
			pt.Fonte = f.Fonte
		}
		if pt.Fonte == "" {
			ps.Add(posNodo(f, n), perc+".fonte", "mancante", "manca la fonte (della voce o del file)")
		}
		if err := pt.Valida(); err != nil {
			ps.Add(posNodo(f, n), perc, "valore", "%s: %v", pt.Comune, err)
			continue
		}
		k := chiaveComune(pt.Comune)
		if k == "" {
			ps.Add(posNodo(f, n), perc+".comune", "valore", "nome del comune non valido: %q", pt.Comune)
			continue
		}
		firma := fmt.Sprintf("%s/%d/%d/%d/%d", k, pt.Mese, pt.Giorno, pt.Settimana, pt.GiornoSettimana)
		if dove, dup := visti[firma]; dup {
			ps.Add(posNodo(f, n), perc, "duplicato", "%s: festa già indicata in %s", pt.Comune, dove)
			continue
		}
		visti[firma] = perc
		nuovi[k] = append(nuovi[k], pt)
		if al := c["alias"]; al != nil {
			if al.Kind != yaml.SequenceNode {
				ps.Add(posNodo(f, al), perc+".alias", "forma", "attesa una lista di nomi")
				continue
			}
			for j, a := range al.Content {
				if ak := chiaveComune(testoNodo(f, a, fmt.Sprintf("%s.alias[%d]", perc, j), ps)); ak != "" && ak != k {
					p.alias[ak] = k
				}
			}
		}
	}
	for k, v := range nuovi {
		p.perComune[k] = v
		delete(p.alias, k) // a comune's own name is never an alias of another
	}
}

// terminePratico is a number of days or months the practice uses, with
// its source.
type terminePratico struct {
	Valore int
	Fonte  string
}

// calendario holds the practical terms of the calendar and the wording
// of the calendar file's dates that are no session
// (rules/calendario.yaml).
type calendario struct {
	InailAnticipoGiorni terminePratico // ask INAIL at least this many days before the start
	TorinoInizioMesi    terminePratico // Torino form: start within … months of the decree becoming enforceable
	TorinoFineMesi      terminePratico // … and finish within
	// RichiestaInail and TermineProva are the all-day events of the
	// calendar file: the last day to ask INAIL for the cover, the term of
	// the messa alla prova.
	RichiestaInail, TermineProva eventoCalendario
	// Fonti are the sources the calendar's steps cite (Termine: that of
	// TermineProva).
	Fonti piano.Fonti
	// Prova are the fattispecie whose calendar is a messa alla prova's:
	// from the day after the signing of the verbale to a term (durata_mesi);
	// provaPos are where the file names them.
	Prova    []string
	provaPos []spec.Pos
	// Testi are the sentences of the plan's steps and caveats
	// (testi_piano.go).
	Testi piano.Testi
}

// prova reports whether the calendar of fattispecie is a messa alla
// prova's (c may be nil: no calendar rules).
func (c *calendario) prova(fattispecie string) bool {
	return c != nil && slices.Contains(c.Prova, fattispecie)
}

// controllaCalendario checks that the fattispecie the calendar rules name
// are loaded.
func (e *Engine) controllaCalendario(ps *spec.Problems) {
	c, _ := e.datiC["calendario"].(*calendario)
	if c == nil {
		return
	}
	for i, id := range c.Prova {
		if _, ok := e.calcolo[id]; !ok {
			ps.Add(c.provaPos[i], fmt.Sprintf("dati.prova[%d]", i), "nome", "fattispecie %q sconosciuta: una di %s", id, strings.Join(e.ordine, ", "))
		}
	}
}

// eventoCalendario is the wording of an all-day event of the calendar
// file, with its source.
type eventoCalendario struct {
	Titolo, Testo, Fonte string
}

func compilaCalendario(f *spec.File, ps *spec.Problems) *calendario {
	nomi := []string{"inail_anticipo_giorni", "torino_inizio_mesi", "torino_fine_mesi"}
	m := chiavi(f, f.Dati, "dati", append(nomi, "prova", "fonti", "eventi", "testi"), ps)
	c := &calendario{Testi: compilaTesti(f, m["testi"], f.Dati, ps)}
	for i, dst := range []*terminePratico{&c.InailAnticipoGiorni, &c.TorinoInizioMesi, &c.TorinoFineMesi} {
		perc := "dati." + nomi[i]
		n := m[nomi[i]]
		if n == nil {
			ps.Add(posNodo(f, f.Dati), perc, "mancante", "manca %s: {valore: N, fonte: …}", nomi[i])
			continue
		}
		t := chiavi(f, n, perc, []string{"valore", "fonte"}, ps)
		dst.Valore = interoNodo(f, t["valore"], perc+".valore", 0, 1000, ps)
		dst.Fonte = testoNodo(f, t["fonte"], perc+".fonte", ps)
		if t["valore"] == nil || dst.Fonte == "" {
			ps.Add(posNodo(f, n), perc, "mancante", "servono valore e fonte")
		}
	}
	switch pr := m["prova"]; {
	case pr == nil:
		ps.Add(posNodo(f, f.Dati), "dati.prova", "mancante", "mancano le fattispecie il cui calendario è quello della messa alla prova: prova: [id, …] (anche vuota)")
	case pr.Kind != yaml.SequenceNode:
		ps.Add(posNodo(f, pr), "dati.prova", "forma", "attesa una lista di fattispecie")
	default:
		for i, n := range pr.Content {
			if id := testoNodo(f, n, fmt.Sprintf("dati.prova[%d]", i), ps); id != "" {
				c.Prova = append(c.Prova, id)
				c.provaPos = append(c.provaPos, posNodo(f, n))
			}
		}
	}
	if fonti := m["fonti"]; fonti == nil {
		ps.Add(posNodo(f, f.Dati), "dati.fonti", "mancante", "mancano le fonti che il calendario cita: {accordo: …, avvio_prova: …, …}")
	} else {
		nomiFonti := []string{"accordo", "avvio_prova", "copertura_inail", "festivita", "domenica", "sospensioni", "settimane"}
		mf := chiavi(f, fonti, "dati.fonti", nomiFonti, ps)
		for i, dst := range []*string{&c.Fonti.Accordo, &c.Fonti.AvvioProva, &c.Fonti.CoperturaInail, &c.Fonti.Festivita, &c.Fonti.Domenica, &c.Fonti.Sospensioni, &c.Fonti.Settimane} {
			perc := "dati.fonti." + nomiFonti[i]
			n := mf[nomiFonti[i]]
			if *dst = testoNodo(f, n, perc, ps); *dst == "" && (n == nil || n.Kind == yaml.ScalarNode && n.Tag != "!!null") {
				ps.Add(posNodo(f, fonti), perc, "mancante", "manca la fonte %s", nomiFonti[i])
			}
		}
	}
	eventi := m["eventi"]
	if eventi == nil {
		ps.Add(posNodo(f, f.Dati), "dati.eventi", "mancante", "mancano gli eventi del file di calendario: {richiesta_inail: {titolo, testo, fonte}, termine_prova: {…}}")
		return c
	}
	nomiEventi := []string{"richiesta_inail", "termine_prova"}
	me := chiavi(f, eventi, "dati.eventi", nomiEventi, ps)
	for i, dst := range []*eventoCalendario{&c.RichiestaInail, &c.TermineProva} {
		perc := "dati.eventi." + nomiEventi[i]
		n := me[nomiEventi[i]]
		if n == nil {
			ps.Add(posNodo(f, eventi), perc, "mancante", "manca %s: {titolo: …, testo: …, fonte: …}", nomiEventi[i])
			continue
		}
		t := chiavi(f, n, perc, []string{"titolo", "testo", "fonte"}, ps)
		dst.Titolo = testoNodo(f, t["titolo"], perc+".titolo", ps)
		dst.Testo = testoNodo(f, t["testo"], perc+".testo", ps)
		dst.Fonte = testoNodo(f, t["fonte"], perc+".fonte", ps)
		if dst.Titolo == "" || dst.Testo == "" || dst.Fonte == "" {
			ps.Add(posNodo(f, n), perc, "mancante", "servono titolo, testo e fonte")
		}
	}
	c.Fonti.Termine = c.TermineProva.Fonte
	return c
}
