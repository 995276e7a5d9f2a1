package server

import "github.com/lpu-it/lpu/lpu"

// The engine writes the codes its texts interpolate (an accepted value,
// a list's items, a fattispecie) by their labels (lpu/internal/motore,
// voci.go), and a rule text names a field or an option's value by its
// label through etichetta(…) (etichette.go): the pages show the
// engine's texts as they are. What is left here are the values the
// rules name outside their texts (an item of a parameter's list, a
// value of a worked example), which /regole writes by their labels.

// nomiCampi maps the names of the request fields (in every kind of
// request, by their full path) and the codes the rules list to their
// labels.
type nomiCampi struct {
	campi map[string]string // pena.ammenda → Ammenda (€)
	// codici are the accepted values of the fields (dm88_2015), for a
	// value the rules list (valore)
	codici map[string]string
	// fattispecie by id, and the codes of the items of a lista field
	// (the convention's activities), for a value the rules list
	fattispecie map[string]string
	voci        map[string]string
}

func nuoviNomiCampi(e *lpu.Engine) *nomiCampi {
	n := &nomiCampi{campi: map[string]string{}, codici: map[string]string{}, fattispecie: map[string]string{}, voci: map[string]string{}}
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
		}
	}
	for _, f := range e.Catalogo() {
		n.fattispecie[f.ID] = f.Titolo
	}
	return n
}

// valore is a value the rules name (an item of a parameter's list, a
// value of a worked example): a fattispecie by its title, an item of a
// lista field by its label, another accepted value by its label in «»,
// anything else as it is.
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
	return s
}

// descrizione writes, in place, the codes among the data of d's worked
// examples and in its parameters' lists as their labels.
func (n *nomiCampi) descrizione(d *lpu.DescrizioneFattispecie) {
	if n == nil {
		return
	}
	for i := range d.Parametri {
		for j := range d.Parametri[i].Valori {
			v := &d.Parametri[i].Valori[j]
			for k := range v.Voci {
				v.Voci[k] = n.valore(v.Voci[k])
			}
			for g := range v.Gruppi {
				v.Gruppi[g].Chiave = n.valore(v.Gruppi[g].Chiave)
				for k := range v.Gruppi[g].Voci {
					v.Gruppi[g].Voci[k] = n.valore(v.Gruppi[g].Voci[k])
				}
			}
		}
	}
	for i := range d.Esempi {
		x := &d.Esempi[i]
		for j := range x.Dati {
			x.Dati[j].Valore = n.valore(x.Dati[j].Valore)
		}
	}
}
