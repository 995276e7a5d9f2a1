package lpu

import (
	"slices"
	"strings"
	"time"

	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// voci are, for the rule file f of kind tipo, the codes its inputs and
// computed values take with their labels, by name (motore.Conf.Voci):
// the accepted values of the kind's fields in the vocabulary, the
// fattispecie an input of another kind names (a convention's fattispecie
// and convenzione.fattispecie) by their titles, and the codes of f's
// computed values (their steps' valori, or their output's). A text of
// the rules that writes one of them writes its label.
func (e *Engine) voci(tipo string, f *spec.File, titoli map[string]string) map[string]motore.Voci {
	out := map[string]motore.Voci{}
	if t := e.voc.Tipi[tipo]; t != nil {
		for _, n := range t.Ordine {
			if tipo != "calcolo" && nominaFattispecie(n) {
				out[n] = titoli
				continue
			}
			if v := vociDi(t.Campi[n].Valori); v != nil {
				out[n] = v
			}
		}
	}
	if m := e.vociCampoRiferimento(tipo); m != nil {
		out[nomeCampoRiferimento] = m
	}
	for n, c := range e.voc.Calcolati(f) {
		if v := vociDi(c.Valori); v != nil {
			out[n] = v
		}
	}
	return out
}

// vociDi are the accepted values l by code, nil for none.
func vociDi(l []spec.ValoreAmmesso) motore.Voci {
	if len(l) == 0 {
		return nil
	}
	m := make(motore.Voci, len(l))
	for _, v := range l {
		m[v.Valore] = v.Etichetta
	}
	return m
}

// etichetteTesti are the labels the texts of the rule file f of kind tipo
// write with etichetta (motore.Etichette): the fields of the kind's
// request, by the file's own wording (etichette: pena.multa) or the
// vocabulary's, and the labels of their declared values; and those of
// the other kinds' fields and values, by the vocabulary (Altri), which a
// text names as kind.field.
func (e *Engine) etichetteTesti(tipo string, f *spec.File) *motore.Etichette {
	et := e.etichetteTipo(tipo, f)
	if e.voc.Tipi[tipo] == nil {
		return et
	}
	et.Altri = map[string]*motore.Etichette{}
	for k := range e.voc.Tipi {
		if k != tipo {
			et.Altri[k] = e.etichetteTipo(k, &spec.File{})
		}
	}
	return et
}

// etichetteTipo are the labels of the fields of the kind tipo, by f's
// own wording or the vocabulary's, and of their declared values.
func (e *Engine) etichetteTipo(tipo string, f *spec.File) *motore.Etichette {
	et := &motore.Etichette{Tipo: tipo, Campi: map[string]string{}, Valori: map[string]motore.Voci{}}
	t := e.voc.Tipi[tipo]
	if t == nil {
		return et
	}
	for _, n := range t.Ordine {
		c := t.Campi[n]
		et.Campi[n] = c.Etichetta
		if proprio, ok := f.Etichette[n]; ok {
			et.Campi[n] = proprio
		}
		if v := vociDi(c.Valori); v != nil {
			et.Valori[n] = v
		}
	}
	return et
}

// nomeCampoRiferimento is the value the engine gives the rules of a kind
// that declares it (dal_motore; the Fund's, statoFondo) for the field
// its reference date comes from: one of the fields of data_riferimento.
const nomeCampoRiferimento = "data_riferimento_campo"

// vociCampoRiferimento are the values of nomeCampoRiferimento for the
// rules of kind tipo, the fields of its data_riferimento, by their
// labels: the /regole pages and the texts write «Prima sessione del
// calendario», not prima_sessione. nil when the kind does not declare
// the value.
func (e *Engine) vociCampoRiferimento(tipo string) motore.Voci {
	t, g := e.voc.Tipi[tipo], e.generi[tipo]
	if t == nil || g == nil || e.voc.DalMotore(tipo, nomeCampoRiferimento) == nil {
		return nil
	}
	m := motore.Voci{}
	for _, a := range g.Riferimento {
		if c := t.Campi[a.Campo]; c != nil && c.Etichetta != "" {
			m[a.Campo] = c.Etichetta
		}
	}
	return m
}

// dichiarati are, for the rule file f of kind tipo, the names whose
// values are declared, with their labels and codes
// (motore.Conf.Dichiarati): the kind's fields with valori in the
// vocabulary, by the file's label or the vocabulary's; the fields that
// name fattispecie (fattispecie, convenzione.fattispecie), whose codes
// are the loaded fattispecie (and any the vocabulary declares); the
// field the reference date came from (nomeCampoRiferimento), whose codes
// are the kind's date fields, those data_riferimento may name (the
// rules are written for whichever the vocabulary chooses: one that
// drops a field leaves their comparison with it false, not wrong); and
// f's computed values with valori (their steps', or their output's).
func (e *Engine) dichiarati(tipo string, f *spec.File, fattispecie []string) map[string]motore.Dichiarato {
	out := map[string]motore.Dichiarato{}
	t := e.voc.Tipi[tipo]
	if t == nil {
		return out
	}
	for _, n := range t.Ordine {
		d, ok := e.campoDichiarato(tipo, n, fattispecie)
		if proprio, ok := f.Etichette[n]; ok {
			d.Etichetta = proprio
		}
		if ok {
			out[n] = d
		}
	}
	if dm := e.voc.DalMotore(tipo, nomeCampoRiferimento); dm != nil {
		d := motore.Dichiarato{Etichetta: dm.Etichetta}
		for _, n := range t.Ordine {
			if t.Campi[n].Tipo == "data" {
				d.Codici = append(d.Codici, n)
			}
		}
		out[nomeCampoRiferimento] = d
	}
	for n, c := range e.voc.Calcolati(f) {
		if len(c.Valori) > 0 {
			out[n] = motore.Dichiarato{Etichetta: c.Etichetta, Codici: codici(c.Valori)}
		}
	}
	// (the mappe whose keys are the codes of a field: m["x"], "x" in m)
	for _, par := range e.parametri {
		if d, ok := e.chiavi(out, par.Chiavi, fattispecie); ok {
			out["legge."+par.Nome] = d
		}
	}
	for _, par := range f.Parametri {
		if d, ok := e.chiavi(out, par.Chiavi, fattispecie); ok {
			out["legge."+par.Nome] = d
		}
	}
	return out
}

// chiavi are the codes of the field campo that a parameter's keys
// (chiavi) or items (voci) are: those of the field in dich, a kind's
// fields (dichiarati), or else of the first kind that declares it. Not
// ok: campo is empty, or no field with declared values.
func (e *Engine) chiavi(dich map[string]motore.Dichiarato, campo string, fattispecie []string) (motore.Dichiarato, bool) {
	if campo == "" {
		return motore.Dichiarato{}, false
	}
	if d, ok := dich[campo]; ok {
		return d, true
	}
	for _, tipo := range e.ordineTipi {
		if d, ok := e.campoDichiarato(tipo, campo, fattispecie); ok {
			return d, true
		}
	}
	return motore.Dichiarato{}, false
}

// campoDichiarato is field n of kind tipo as dichiarati gives it, by
// the vocabulary's label; not ok when its values are not declared.
func (e *Engine) campoDichiarato(tipo, n string, fattispecie []string) (motore.Dichiarato, bool) {
	t := e.voc.Tipi[tipo]
	if t == nil || t.Campi[n] == nil {
		return motore.Dichiarato{}, false
	}
	c := t.Campi[n]
	d := motore.Dichiarato{Etichetta: c.Etichetta, Codici: codici(c.Valori)}
	d.Pos, d.Percorsi = posizioni(c.Valori)
	for _, v := range c.Valori {
		d.Fine = append(d.Fine, v.FinoAl)
	}
	if nominaFattispecie(n) {
		d.Codici = append(slices.Clone(fattispecie), d.Codici...)
		d.Pos = append(make([]spec.Pos, len(fattispecie)), d.Pos...)
		d.Percorsi = append(make([]string, len(fattispecie)), d.Percorsi...)
		d.Fine = append(make([]time.Time, len(fattispecie)), d.Fine...)
	}
	return d, len(d.Codici) > 0
}

// posizioni are where the accepted values l are declared, in order,
// and their YAML paths.
func posizioni(l []spec.ValoreAmmesso) ([]spec.Pos, []string) {
	pos, perc := make([]spec.Pos, len(l)), make([]string, len(l))
	for i, v := range l {
		pos[i], perc[i] = v.Pos, v.Percorso
	}
	return pos, perc
}

// codici are the codes of the accepted values l, in order.
func codici(l []spec.ValoreAmmesso) []string {
	out := make([]string, len(l))
	for i, v := range l {
		out[i] = v.Valore
	}
	return out
}

// nominaFattispecie says whether the input n names a fattispecie: it is
// campoFattispecie, or ends with it (a convention's
// convenzione.fattispecie). Its values are the fattispecie's ids, by
// their titles.
func nominaFattispecie(n string) bool {
	return n == campoFattispecie || strings.HasSuffix(n, "."+campoFattispecie)
}
