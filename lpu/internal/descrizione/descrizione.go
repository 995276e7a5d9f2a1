// Package descrizione describes a fattispecie's rule file as a judge
// reads it: its steps with their conditions and values in words
// (lpu/internal/parole), the parameters they read with their dated
// values, and the inputs of a worked example by their labels in the
// declared vocabulary. It gives plain texts; the sources stay texts
// too: the facade cuts them into pieces with their Normattiva
// addresses and builds its public types.
package descrizione

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/traits"
	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/parole"
	"github.com/lpu-it/lpu/lpu/internal/spec"
	"github.com/lpu-it/lpu/lpu/internal/valori"
	vocab "github.com/lpu-it/lpu/lpu/internal/vocabolario"
)

// Regole are the steps, the caveats and the parameters of a rule file in
// words.
type Regole struct {
	Passi, Avvertenze []Passo // the avverte steps are the caveats
	Parametri         []Parametro
}

// Passo is one step: what it does, when, its text with the values it
// shows in square brackets, and its source (a text).
type Passo struct {
	Tipo, Azione                     string
	Nome, Valore, Condizione, Mostra string
	Se                               string
	Testo, TestoNo, Fonte, Vigenza   string
}

// Parametro is a parameter of the law the steps read, with its values
// over time: its name in words (as the steps name it), its label (as a
// lawyer names it; empty when the rule file gives none) and its note.
type Parametro struct {
	Nome, Etichetta, Nota string
	Valori                []Valore
}

// Valore is one version of a parameter: from when to when (dd/mm/yyyy,
// Al empty while in force), its value in words, the items of a list,
// and its source (a text).
type Valore struct {
	Dal, Al, Valore string
	Voci            []string
	// Gruppi are the codes of a mappa with their items, in the order
	// the rule file writes them.
	Gruppi []Gruppo
	Fonte  string
}

// Gruppo is a code of a mappa parameter and the items of its list.
type Gruppo struct {
	Chiave string
	Voci   []string
}

var azioni = map[string]string{spec.Calcola: "Calcola", spec.Esclude: "Esclude quando", spec.Motivo: "Motivo, quando",
	spec.Avverte: "Avverte quando", spec.Rifiuta: "Rifiuta la richiesta quando"}

// EtichettaEsclude is the key of a rule file's etichette that says what
// its esclude steps exclude, in the law's words («Esclude la sostituzione
// quando», «Esclude la messa alla prova quando», «Dà esito negativo
// quando»); without it a step «Esclude quando».
const EtichettaEsclude = "azione_esclude"

// Descrivi describes the steps of program p in the words w, and the
// parameters they read (its own, or the shared parametri) with the
// versions p compiled.
func Descrivi(p *motore.Programma, parametri map[string]*spec.Parametro, w *parole.Parole) Regole {
	var r Regole
	f := p.File()
	letti := map[string]bool{}
	for _, s := range f.Passi {
		if s.Tipo == "" {
			continue
		}
		azione := azioni[s.Tipo]
		if et := f.Etichette[EtichettaEsclude]; s.Tipo == spec.Esclude && et != "" {
			azione = et
		}
		ps := Passo{Tipo: s.Tipo, Azione: azione, Testo: w.SenzaPercorsi(w.Testo(s.Testo.Src)), Fonte: s.Fonte}
		if !s.TestoNo.Empty() {
			ps.TestoNo = w.SenzaPercorsi(w.Testo(s.TestoNo.Src))
		}
		if (!s.Vigenza.Dal.IsZero() || !s.Vigenza.Al.IsZero()) && (!s.Vigenza.Dal.Equal(f.Vigenza.Dal) || !s.Vigenza.Al.Equal(f.Vigenza.Al)) {
			ps.Vigenza = s.Vigenza.String()
		}
		if s.Tipo == spec.Calcola {
			ps.Nome, ps.Valore = w.Nome(s.Nome), w.Valore(s.Espr.Src, s.Nome)
			if !s.Mostra.Empty() {
				ps.Mostra = w.Condizione(s.Mostra.Src)
			}
			if !s.Se.Empty() {
				ps.Se = w.Condizione(s.Se.Src)
			}
		} else {
			ps.Condizione = w.Condizione(s.Espr.Src)
		}
		for _, x := range []spec.Expr{s.Espr, s.Se, s.Mostra, s.Testo, s.TestoNo} {
			for _, n := range nomiLegge(x.Src) {
				letti[n] = true
			}
		}
		if s.Tipo == spec.Avverte {
			r.Avvertenze = append(r.Avvertenze, ps)
		} else {
			r.Passi = append(r.Passi, ps)
		}
	}
	locali := map[string]*spec.Parametro{}
	for _, par := range f.Parametri {
		locali[par.Nome] = par
		letti[par.Nome] = true
	}
	nomi := make([]string, 0, len(letti))
	for n := range letti {
		nomi = append(nomi, n)
	}
	sort.Strings(nomi)
	for _, n := range nomi {
		par := locali[n]
		if par == nil {
			par = parametri[n]
		}
		versioni, ok := p.Versioni("legge." + n)
		if par == nil || !ok {
			continue
		}
		dp := Parametro{Nome: parole.InParole(n), Etichetta: w.SenzaPercorsi(par.Etichetta), Nota: w.SenzaPercorsi(par.Nota)}
		for k, v := range versioni {
			fonte := par.Fonte
			if k < len(par.Valori) && par.Valori[k].Fonte != "" {
				fonte = par.Valori[k].Fonte
			}
			vd := Valore{Dal: DataItaliana(v.Vig.Dal), Al: DataItaliana(v.Vig.Al), Fonte: fonte}
			if l, ok := v.Val.(traits.Lister); ok {
				vd.Voci = voci(l)
				vd.Valore = strconv.Itoa(len(vd.Voci)) + " voci"
			} else if m, ok := v.Val.(traits.Mapper); ok {
				var nodo *yaml.Node
				if k < len(par.Valori) {
					nodo = par.Valori[k].Node
				}
				for _, c := range chiavi(m, nodo) {
					l, _ := m.Get(types.String(c)).(traits.Lister)
					vd.Gruppi = append(vd.Gruppi, Gruppo{Chiave: c, Voci: voci(l)})
				}
				vd.Valore = strconv.Itoa(len(vd.Gruppi)) + " voci"
			} else {
				vd.Valore = motore.Formatta(v.Val)
			}
			dp.Valori = append(dp.Valori, vd)
		}
		r.Parametri = append(r.Parametri, dp)
	}
	return r
}

// voci are the items of the list l (nil: none) in words: an item
// «codice: etichetta» by its label.
func voci(l traits.Lister) []string {
	if l == nil {
		return nil
	}
	var out []string
	for it := l.Iterator(); it.HasNext() == types.True; {
		voce := motore.Formatta(it.Next())
		if va, ok := spec.ValoreEtichetta(voce); ok {
			voce = va.Etichetta
		}
		out = append(out, voce)
	}
	return out
}

// chiavi are the codes of the mappa m, in the order of its YAML value
// nodo (nil, or another map: sorted).
func chiavi(m traits.Mapper, nodo *yaml.Node) []string {
	var out []string
	if nodo != nil && nodo.Kind == yaml.MappingNode {
		for i := 0; i < len(nodo.Content); i += 2 {
			if m.Contains(types.String(nodo.Content[i].Value)) == types.True {
				out = append(out, nodo.Content[i].Value)
			}
		}
		if len(out) == int(m.Size().(types.Int)) {
			return out
		}
	}
	out = out[:0]
	for it := m.Iterator(); it.HasNext() == types.True; {
		if c, ok := it.Next().(types.String); ok {
			out = append(out, string(c))
		}
	}
	sort.Strings(out)
	return out
}

// nomiLegge are the parameters (legge.<nome>) a source reads.
func nomiLegge(src string) []string {
	var out []string
	for {
		i := strings.Index(src, "legge.")
		if i < 0 {
			return out
		}
		src = src[i+len("legge."):]
		j := 0
		for j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= '0' && src[j] <= '9') {
			j++
		}
		if j > 0 {
			out = append(out, src[:j])
		}
		src = src[j:]
	}
}

// DataItaliana is a date as dd/mm/yyyy ("" for none).
func DataItaliana(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return calc.FormatDataItaliana(t)
}

// Coppia is a label and a value, both text.
type Coppia struct{ Etichetta, Valore string }

// Dati lists the inputs of a request of kind t (its vocabulary; nil:
// none) by their labels, in the vocabulary's order, with their values
// written for a person; the input salta is left out (a calcolo's
// fattispecie, which its page names). altri are labels of the values of
// inputs beyond those the vocabulary gives (input → value → label).
func Dati(t *vocab.Tipo, prefisso string, v any, salta string, altri map[string]map[string]string) []Coppia {
	if t == nil {
		return nil
	}
	piatti := map[string]any{}
	durata := func(p string) bool { d := t.Campi[p]; return p != "" && d != nil && d.Tipo == "durata" }
	valori.Foglie(prefisso, v, durata, func(p string, x any) { piatti[p] = x })
	var out []Coppia
	for _, n := range t.Ordine {
		x, ok := piatti[n]
		if !ok || n == salta {
			continue
		}
		out = append(out, Coppia{Etichetta: etichettaDato(t.Campi[n]), Valore: valoreInParole(t, altri, n, x)})
	}
	return out
}

// etichettaDato is the label of the field d before its value: an amount
// or a durata is written with its unit («€ 1.500», «1 mese e 15
// giorni»), and its label does not repeat it («Ammenda», not «Ammenda
// (€)»).
func etichettaDato(d *spec.Campo) string {
	if d.Tipo == "importo" || d.Tipo == "durata" {
		return spec.NomeCampo(d.Etichetta)
	}
	return d.Etichetta
}

// valoreInParole is the value x of the declared field n of t for a
// person; a list's items are written one after the other, an item that
// is an object (a convention's office) with its members by their labels.
func valoreInParole(t *vocab.Tipo, altri map[string]map[string]string, n string, x any) string {
	d := t.Campi[n]
	if l, ok := x.([]any); ok && d.Tipo == "lista" {
		voci := make([]string, len(l))
		for i, el := range l {
			voci[i] = voceInParole(t, altri, n, el)
		}
		if len(voci) > 0 && strings.HasPrefix(voci[0], "(") {
			return strings.Join(voci, " ")
		}
		return strings.Join(voci, ", ")
	}
	switch d.Tipo {
	case "durata":
		m, _ := x.(map[string]any)
		num := func(k string) int {
			switch n := m[k].(type) {
			case float64:
				return int(n)
			case int:
				return n
			case json.Number:
				i, _ := n.Int64()
				return int(i)
			}
			return 0
		}
		return calc.Durata{Anni: num("anni"), Mesi: num("mesi"), Giorni: num("giorni")}.String()
	case "importo":
		if v, err := calc.ParseDecimale(valori.Testo(x)); err == nil {
			return "€ " + calc.FormatEuro(v)
		}
	case "data":
		if t, err := calc.ParseData(valori.Testo(x)); err == nil {
			return calc.FormatDataItaliana(t)
		}
	case "booleano":
		if b, ok := x.(bool); ok {
			return parole.SiNo(b)
		}
	}
	return etichettaValore(d, altri[n], valori.Testo(x))
}

// etichettaValore is the label of the value s of the field d, in the
// vocabulary or else in altri; s when it has none.
func etichettaValore(d *spec.Campo, altri map[string]string, s string) string {
	if e := d.EtichettaValore(s); e != s {
		return e
	}
	if e, ok := altri[s]; ok {
		return e
	}
	return s
}

// voceInParole is an item of the list n of t: an object as its members
// by their labels (n.<member> in the vocabulary), in parentheses;
// anything else as a value of the list.
func voceInParole(t *vocab.Tipo, altri map[string]map[string]string, n string, x any) string {
	m, ok := x.(map[string]any)
	if !ok {
		return etichettaValore(t.Campi[n], altri[n], valori.Testo(x))
	}
	var parti []string
	for _, k := range t.Ordine {
		membro, ok := strings.CutPrefix(k, n+".")
		if !ok || strings.Contains(membro, ".") {
			continue
		}
		if y, ok := m[membro]; ok {
			parti = append(parti, etichettaDato(t.Campi[k])+": "+valoreInParole(t, altri, k, y))
		}
	}
	return "(" + strings.Join(parti, "; ") + ")"
}
