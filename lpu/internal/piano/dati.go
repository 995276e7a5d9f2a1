package piano

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// The calendar's data files (tipo: dati): the patron saints of the
// comuni (rules/patroni.yaml and any patroni_* overlay) and the calendar
// rules (rules/calendario.yaml: the practical terms, the fattispecie
// whose calendar is a messa alla prova's, the sources, the all-day events
// and the sentences of the plan). They are read at Load, with the
// position of every problem, so a broken file never reaches a request.

// PatroniDa reads the patron saints of the data files whose id is
// patroni or patroni_*, in id order (files, by id): a later file
// replaces the feasts of the comuni it lists, so an overlay can add or
// correct a comune without copying the whole list.
func PatroniDa(ids []string, files map[string]*spec.File, ps *spec.Problems) *Patroni {
	pt := &Patroni{perComune: map[string][]calc.Patrono{}, alias: map[string]string{}}
	for _, id := range ids {
		if id == "patroni" || strings.HasPrefix(id, "patroni_") {
			pt.aggiungi(files[id], ps)
		}
	}
	return pt
}

// Patroni are the patron saints' feasts by comune.
type Patroni struct {
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

// Cerca returns the feasts of a comune.
func (p *Patroni) Cerca(comune string) ([]calc.Patrono, bool) {
	k := chiaveComune(comune)
	if a, ok := p.alias[k]; ok {
		k = a
	}
	ps, ok := p.perComune[k]
	return ps, ok && k != ""
}

func (p *Patroni) aggiungi(f *spec.File, ps *spec.Problems) {
	m := spec.Chiavi(f, f.Dati, "dati", []string{"comuni"}, ps)
	lista := m["comuni"]
	if lista == nil || lista.Kind != yaml.SequenceNode {
		pos := spec.PosNodo(f, f.Dati)
		if lista != nil {
			pos = spec.PosNodo(f, lista)
		}
		ps.Add(pos, "dati.comuni", "forma", "attesa la lista dei comuni (dati: {comuni: [...]})")
		return
	}
	nuovi := map[string][]calc.Patrono{}
	visti := map[string]string{} // key+date -> where
	for i, n := range lista.Content {
		perc := fmt.Sprintf("dati.comuni[%d]", i)
		c := spec.Chiavi(f, n, perc, []string{"comune", "alias", "santo", "mese", "giorno", "settimana", "giorno_settimana", "fonte", "nota"}, ps)
		pt := calc.Patrono{
			Comune:    spec.TestoNodo(f, c["comune"], perc+".comune", ps),
			Santo:     spec.TestoNodo(f, c["santo"], perc+".santo", ps),
			Mese:      time.Month(spec.InteroNodo(f, c["mese"], perc+".mese", 1, 12, ps)),
			Giorno:    spec.InteroNodo(f, c["giorno"], perc+".giorno", 1, 31, ps),
			Settimana: spec.InteroNodo(f, c["settimana"], perc+".settimana", -1, 4, ps),
			Fonte:     spec.TestoNodo(f, c["fonte"], perc+".fonte", ps),
			Nota:      spec.TestoNodo(f, c["nota"], perc+".nota", ps),
		}
		if gs := c["giorno_settimana"]; gs != nil {
			w, ok := calc.GiornoSettimana(gs.Value)
			if !ok {
				ps.Add(spec.PosNodo(f, gs), perc+".giorno_settimana", "valore", "giorno della settimana %q sconosciuto: uno di %s", gs.Value, calc.ElencoGiorni())
			}
			pt.GiornoSettimana = w
		} else if pt.Settimana != 0 {
			ps.Add(spec.PosNodo(f, n), perc, "mancante", "con settimana serve giorno_settimana (lun … dom)")
		}
		if pt.Fonte == "" {
			pt.Fonte = f.Fonte
		}
		if pt.Fonte == "" {
			ps.Add(spec.PosNodo(f, n), perc+".fonte", "mancante", "manca la fonte (della voce o del file)")
		}
		if err := pt.Valida(); err != nil {
			ps.Add(spec.PosNodo(f, n), perc, "valore", "%s: %v", pt.Comune, err)
			continue
		}
		k := chiaveComune(pt.Comune)
		if k == "" {
			ps.Add(spec.PosNodo(f, n), perc+".comune", "valore", "nome del comune non valido: %q", pt.Comune)
			continue
		}
		firma := fmt.Sprintf("%s/%d/%d/%d/%d", k, pt.Mese, pt.Giorno, pt.Settimana, pt.GiornoSettimana)
		if dove, dup := visti[firma]; dup {
			ps.Add(spec.PosNodo(f, n), perc, "duplicato", "%s: festa già indicata in %s", pt.Comune, dove)
			continue
		}
		visti[firma] = perc
		nuovi[k] = append(nuovi[k], pt)
		if al := c["alias"]; al != nil {
			if al.Kind != yaml.SequenceNode {
				ps.Add(spec.PosNodo(f, al), perc+".alias", "forma", "attesa una lista di nomi")
				continue
			}
			for j, a := range al.Content {
				if ak := chiaveComune(spec.TestoNodo(f, a, fmt.Sprintf("%s.alias[%d]", perc, j), ps)); ak != "" && ak != k {
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

// Calendario holds the practical terms of the calendar and the wording
// of the calendar file's dates that are no session
// (rules/calendario.yaml).
type Calendario struct {
	InailAnticipoGiorni Termine // ask INAIL at least this many days before the start
	TorinoInizioMesi    Termine // Torino form: start within … months of the decree becoming enforceable
	TorinoFineMesi      Termine // … and finish within
	// RichiestaInail and TermineProva are the all-day events of the
	// calendar file: the last day to ask INAIL for the cover, the term of
	// the messa alla prova; RichiestaInailOreResidue takes RichiestaInail's
	// place in the calendar of the hours left after hours served, whose
	// day is only that of another host entity taking over.
	RichiestaInail, RichiestaInailOreResidue, TermineProva Evento
	// Fonti are the sources the calendar's steps cite (Termine: that of
	// TermineProva).
	Fonti Fonti
	// Prova are the fattispecie whose calendar is a messa alla prova's:
	// from the day after the signing of the verbale to a term (durata_mesi);
	// provaPos are where the file names them.
	Prova    []string
	provaPos []spec.Pos
	// Testi are the sentences of the plan's steps and caveats
	// (CompilaTesti).
	Testi Testi
}

// MessaAllaProva reports whether the calendar of fattispecie is a messa alla
// prova's (c may be nil: no calendar rules).
func (c *Calendario) MessaAllaProva(fattispecie string) bool {
	return c != nil && slices.Contains(c.Prova, fattispecie)
}

// ControllaFattispecie checks that the fattispecie the calendar rules
// name are among those loaded (fattispecie, in their order).
func (c *Calendario) ControllaFattispecie(fattispecie []string, ps *spec.Problems) {
	if c == nil {
		return
	}
	for i, id := range c.Prova {
		if !slices.Contains(fattispecie, id) {
			ps.Add(c.provaPos[i], fmt.Sprintf("dati.prova[%d]", i), "nome", "fattispecie %q sconosciuta: una di %s", id, strings.Join(fattispecie, ", "))
		}
	}
}

// Evento is the wording of an all-day event of the calendar
// file, with its source.
type Evento struct {
	Titolo, Testo, Fonte string
}

func CompilaCalendario(f *spec.File, ps *spec.Problems) *Calendario {
	nomi := []string{"inail_anticipo_giorni", "torino_inizio_mesi", "torino_fine_mesi"}
	m := spec.Chiavi(f, f.Dati, "dati", append(nomi, "prova", "fonti", "eventi", "testi"), ps)
	c := &Calendario{Testi: CompilaTesti(f, m["testi"], f.Dati, ps)}
	for i, dst := range []*Termine{&c.InailAnticipoGiorni, &c.TorinoInizioMesi, &c.TorinoFineMesi} {
		perc := "dati." + nomi[i]
		n := m[nomi[i]]
		if n == nil {
			ps.Add(spec.PosNodo(f, f.Dati), perc, "mancante", "manca %s: {valore: N, fonte: …}", nomi[i])
			continue
		}
		t := spec.Chiavi(f, n, perc, []string{"valore", "fonte"}, ps)
		dst.Valore = spec.InteroNodo(f, t["valore"], perc+".valore", 0, 1000, ps)
		dst.Fonte = spec.TestoNodo(f, t["fonte"], perc+".fonte", ps)
		if t["valore"] == nil || dst.Fonte == "" {
			ps.Add(spec.PosNodo(f, n), perc, "mancante", "servono valore e fonte")
		}
	}
	switch pr := m["prova"]; {
	case pr == nil:
		ps.Add(spec.PosNodo(f, f.Dati), "dati.prova", "mancante", "mancano le fattispecie il cui calendario è quello della messa alla prova: prova: [id, …] (anche vuota)")
	case pr.Kind != yaml.SequenceNode:
		ps.Add(spec.PosNodo(f, pr), "dati.prova", "forma", "attesa una lista di fattispecie")
	default:
		for i, n := range pr.Content {
			if id := spec.TestoNodo(f, n, fmt.Sprintf("dati.prova[%d]", i), ps); id != "" {
				c.Prova = append(c.Prova, id)
				c.provaPos = append(c.provaPos, spec.PosNodo(f, n))
			}
		}
	}
	if fonti := m["fonti"]; fonti == nil {
		ps.Add(spec.PosNodo(f, f.Dati), "dati.fonti", "mancante", "mancano le fonti che il calendario cita: {accordo: …, avvio_prova: …, …}")
	} else {
		nomiFonti := []string{"accordo", "avvio_prova", "copertura_inail", "ore_residue", "festivita", "domenica", "sospensioni", "settimane", "inail_festivo", "sospensioni_passate_prova", "sospensioni_prova"}
		mf := spec.Chiavi(f, fonti, "dati.fonti", nomiFonti, ps)
		for i, dst := range []*string{&c.Fonti.Accordo, &c.Fonti.AvvioProva, &c.Fonti.CoperturaInail, &c.Fonti.OreResidue, &c.Fonti.Festivita, &c.Fonti.Domenica, &c.Fonti.Sospensioni, &c.Fonti.Settimane, &c.Fonti.InailFestivo, &c.Fonti.SospensioniPassateProva, &c.Fonti.SospensioniProva} {
			perc := "dati.fonti." + nomiFonti[i]
			n := mf[nomiFonti[i]]
			if *dst = spec.TestoNodo(f, n, perc, ps); *dst == "" && (n == nil || n.Kind == yaml.ScalarNode && n.Tag != "!!null") {
				ps.Add(spec.PosNodo(f, fonti), perc, "mancante", "manca la fonte %s", nomiFonti[i])
			}
		}
	}
	eventi := m["eventi"]
	if eventi == nil {
		ps.Add(spec.PosNodo(f, f.Dati), "dati.eventi", "mancante", "mancano gli eventi del file di calendario: {richiesta_inail: {titolo, testo, fonte}, richiesta_inail_ore_residue: {…}, termine_prova: {…}}")
		return c
	}
	nomiEventi := []string{"richiesta_inail", "richiesta_inail_ore_residue", "termine_prova"}
	me := spec.Chiavi(f, eventi, "dati.eventi", nomiEventi, ps)
	for i, dst := range []*Evento{&c.RichiestaInail, &c.RichiestaInailOreResidue, &c.TermineProva} {
		perc := "dati.eventi." + nomiEventi[i]
		n := me[nomiEventi[i]]
		if n == nil {
			ps.Add(spec.PosNodo(f, eventi), perc, "mancante", "manca %s: {titolo: …, testo: …, fonte: …}", nomiEventi[i])
			continue
		}
		t := spec.Chiavi(f, n, perc, []string{"titolo", "testo", "fonte"}, ps)
		dst.Titolo = spec.TestoNodo(f, t["titolo"], perc+".titolo", ps)
		dst.Testo = spec.TestoNodo(f, t["testo"], perc+".testo", ps)
		dst.Fonte = spec.TestoNodo(f, t["fonte"], perc+".fonte", ps)
		if dst.Titolo == "" || dst.Testo == "" || dst.Fonte == "" {
			ps.Add(spec.PosNodo(f, n), perc, "mancante", "servono titolo, testo e fonte")
		}
	}
	c.Fonti.Termine = c.TermineProva.Fonte
	return c
}
