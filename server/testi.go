package server

import (
	"regexp"
	"strings"

	"github.com/lpu-it/lpu/lpu"
)

// The engine writes the codes its texts interpolate (an accepted value,
// a list's items, a fattispecie) by their labels (lpu/internal/motore,
// voci.go). A text of the vocabulary or of the rules may still name a
// field of the request the way a program does ("indicare
// fatti.convenzione", "con l'opzione frazione_250 = difetto"): before a
// page shows it, nomiCampi writes each such name as the field's label
// from the vocabulary, in «», and an option's value as its label: the
// page never shows a field path.

// nomiCampi maps the names of the request fields (in every kind of
// request, with their full path and, for the options, their short name)
// to their labels.
type nomiCampi struct {
	campi   map[string]string            // pena.ammenda → Ammenda (€)
	opzioni map[string]map[string]string // frazione_250 → difetto → la frazione non si conta
	// codici are the accepted values of the fields (dm88_2015), for a
	// value the rules list (valore)
	codici map[string]string
	// fattispecie by id, and the codes of the items of a lista field
	// (the convention's activities), for a value the rules list
	fattispecie map[string]string
	voci        map[string]string
}

func nuoviNomiCampi(e *lpu.Engine) *nomiCampi {
	n := &nomiCampi{campi: map[string]string{}, codici: map[string]string{}, opzioni: map[string]map[string]string{},
		fattispecie: map[string]string{}, voci: map[string]string{}}
	for _, tipo := range []string{"calcolo", "fondo", "convenzione", "piano"} {
		for _, c := range e.Campi(tipo) {
			if _, ok := n.campi[c.Nome]; !ok && c.Etichetta != "" {
				n.campi[c.Nome] = c.Etichetta
			}
			for _, sc := range c.Scelte {
				if _, ok := n.voci[sc.Valore]; !ok && c.Tipo == "lista" && sc.Etichetta != "" {
					n.voci[sc.Valore] = sc.Etichetta
				}
				if _, ok := n.codici[sc.Valore]; !ok && sc.Etichetta != "" {
					n.codici[sc.Valore] = sc.Etichetta
				}
			}
			if corto, ok := strings.CutPrefix(c.Nome, "opzioni."); ok {
				v := map[string]string{}
				for _, sc := range c.Scelte {
					v[sc.Valore] = sc.Etichetta
				}
				n.opzioni[corto] = v
				if _, ok := n.campi[corto]; !ok {
					n.campi[corto] = c.Etichetta
				}
			}
		}
	}
	for _, f := range e.Catalogo() {
		n.fattispecie[f.ID] = f.Titolo
	}
	return n
}

var (
	// reNome is a name as programs write it: words joined by dots or
	// underscores (fatti.convenzione, giornate_lavorate).
	reNome = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b`)
	// reOpzione is an option with its value: "opzione mese = calendario",
	// "(opzione art58)".
	reOpzione = regexp.MustCompile(`\b(opzione |opzioni\.)([a-z0-9_]+)(?: = ([a-z0-9_]+))?\b`)
)

// testo rewrites the field names of s as their labels.
func (n *nomiCampi) testo(s string) string {
	if n == nil || s == "" {
		return s
	}
	s = reOpzione.ReplaceAllStringFunc(s, func(m string) string {
		p := reOpzione.FindStringSubmatch(m)
		nome, valore := p[2], p[3]
		valori, ok := n.opzioni[nome]
		if !ok {
			// "(opzione art58)": the word names a value, not an option
			if valore == "" {
				for _, vv := range n.opzioni {
					if et, ok := vv[nome]; ok {
						return "opzione «" + et + "»"
					}
				}
			}
			return m
		}
		if valore == "" {
			return "opzione «" + n.campi[nome] + "»"
		}
		if et, ok := valori[valore]; ok {
			return "opzione «" + n.campi[nome] + ": " + et + "»"
		}
		return m
	})
	s = reNome.ReplaceAllStringFunc(s, func(m string) string {
		if et, ok := n.campi[m]; ok {
			return "«" + et + "»"
		}
		return m
	})
	return s
}

func (n *nomiCampi) testi(l []string) []string {
	if len(l) == 0 {
		return l
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = n.testo(s)
	}
	return out
}

func (n *nomiCampi) passi(l []lpu.Passo) []lpu.Passo {
	out := make([]lpu.Passo, len(l))
	for i, p := range l {
		p.Testo, p.Fonte = n.testo(p.Testo), n.testo(p.Fonte)
		out[i] = p
	}
	return out
}

// risultato is res with its texts readable (res is left as it is).
func (n *nomiCampi) risultato(res *lpu.Risultato) *lpu.Risultato {
	r := *res
	r.Motivi = n.testi(res.Motivi)
	r.Avvertenze = n.testi(res.Avvertenze)
	r.Passi = n.passi(res.Passi)
	if res.FondoInail != nil {
		f := *res.FondoInail
		f.Motivi = n.testi(f.Motivi)
		f.Avvertenze = n.testi(f.Avvertenze)
		r.FondoInail = &f
	}
	return &r
}

// piano is p with its texts readable (p is left as it is).
func (n *nomiCampi) piano(p *lpu.RisultatoPiano) *lpu.RisultatoPiano {
	r := *p
	r.Avvertenze = n.testi(p.Avvertenze)
	r.Passi = n.passi(p.Passi)
	r.Violazioni = make([]lpu.Violazione, len(p.Violazioni))
	for i, v := range p.Violazioni {
		v.Testo = n.testo(v.Testo)
		r.Violazioni[i] = v
	}
	return &r
}

// valore is a value the rules name (an item of a parameter's list, a
// value of a worked example): a fattispecie by its title, an item of a
// lista field by its label, another accepted value by its label in «»,
// anything else as testo.
func (n *nomiCampi) valore(s string) string {
	if n == nil {
		return s
	}
	if t, ok := n.fattispecie[s]; ok {
		return t
	}
	if et, ok := n.voci[s]; ok {
		return et
	}
	if et, ok := n.codici[s]; ok {
		return "«" + et + "»"
	}
	return n.testo(s)
}

// descrizione writes, in place, the codes in the texts of d that come
// from the engine's answers (its worked examples) and in its parameters'
// lists as their labels, as every page does with an answer's texts.
func (n *nomiCampi) descrizione(d *lpu.DescrizioneFattispecie) {
	if n == nil {
		return
	}
	for i := range d.Parametri {
		for j := range d.Parametri[i].Valori {
			voci := d.Parametri[i].Valori[j].Voci
			for k := range voci {
				voci[k] = n.valore(voci[k])
			}
		}
	}
	for i := range d.Esempi {
		x := &d.Esempi[i]
		x.Errore = n.testo(x.Errore)
		x.Motivi, x.Passi, x.Avvertenze = n.testi(x.Motivi), n.testi(x.Passi), n.testi(x.Avvertenze)
		for j := range x.Dati {
			x.Dati[j].Valore = n.valore(x.Dati[j].Valore)
		}
	}
}
