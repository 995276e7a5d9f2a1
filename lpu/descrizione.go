package lpu

import (
	"context"
	"encoding/json"
	"io/fs"
	"path"
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
)

// DescrizioneFattispecie is a fattispecie's rule file as a judge reads it
// (Engine.Descrizione): what it covers and its source, its parameters with
// their dated values and sources, every step with its condition in words,
// the caveats, and the cases of its test suite computed by the engine as
// worked examples. It holds plain texts only: no CEL, no field paths.
type DescrizioneFattispecie struct {
	ID          string                 `json:"id"`
	Titolo      string                 `json:"titolo"`
	Descrizione string                 `json:"descrizione"`
	Fonte       []PezzoFonte           `json:"fonte"`
	Vigenza     InfoVigenza            `json:"vigenza"` // dd/mm/yyyy
	Parametri   []DescrizioneParametro `json:"parametri"`
	Passi       []DescrizionePasso     `json:"passi"`      // calcola, esclude, motivo, rifiuta
	Avvertenze  []DescrizionePasso     `json:"avvertenze"` // the avverte steps
	Esempi      []EsempioFattispecie   `json:"esempi"`
	Campi       []DescrizioneCampo     `json:"campi"`  // the inputs the rules read
	Regole      string                 `json:"regole"` // the hash of the rule set
}

// DescrizioneCampo is an input the rules read: its label, help and source.
type DescrizioneCampo struct {
	Etichetta string       `json:"etichetta"`
	Aiuto     string       `json:"aiuto,omitempty"`
	Fonte     []PezzoFonte `json:"fonte,omitempty"`
}

// DescrizioneParametro is a parameter of the law the steps read, with its
// values over time.
type DescrizioneParametro struct {
	Nome   string         `json:"nome"` // in words: «euro per giorno»
	Nota   string         `json:"nota,omitempty"`
	Valori []ValoreDatato `json:"valori"`
}

// ValoreDatato is one version of a parameter: from when to when (dd/mm/yyyy,
// Al empty while in force), its value in words, and its source.
type ValoreDatato struct {
	Dal    string       `json:"dal"`
	Al     string       `json:"al,omitempty"`
	Valore string       `json:"valore"`
	Voci   []string     `json:"voci,omitempty"` // the items, for a list
	Fonte  []PezzoFonte `json:"fonte"`
}

// DescrizionePasso is one step of the rules: what it does, when, its text
// with the values it shows in square brackets, and its source.
type DescrizionePasso struct {
	// Tipo is calcola, esclude, motivo, avverte or rifiuta; Azione says it
	// in words («Esclude la sostituzione quando»).
	Tipo   string `json:"tipo"`
	Azione string `json:"azione"`
	// Valore (calcola) is the name of the value computed and its formula
	// in words; Condizione (the others) the condition in words; Mostra,
	// for a calcola, when the step shows in an explanation.
	Nome       string       `json:"nome,omitempty"`
	Valore     string       `json:"valore,omitempty"`
	Condizione string       `json:"condizione,omitempty"`
	Mostra     string       `json:"mostra,omitempty"`
	Testo      string       `json:"testo"`
	TestoNo    string       `json:"testo_no,omitempty"`
	Fonte      []PezzoFonte `json:"fonte"`
	Vigenza    string       `json:"vigenza,omitempty"` // when the step has its own
}

// EsempioFattispecie is a case of the rules' test suite, computed now by
// the engine: the inputs by their labels, and the outcome.
type EsempioFattispecie struct {
	Nome        string        `json:"nome"`
	Dati        []CoppiaTesto `json:"dati"`
	Errore      string        `json:"errore,omitempty"`
	Ammissibile bool          `json:"ammissibile"`
	Giorni      int           `json:"giorni"`
	Ore         int           `json:"ore"`
	Motivi      []string      `json:"motivi,omitempty"`
	Passi       []string      `json:"passi,omitempty"`
	Avvertenze  []string      `json:"avvertenze,omitempty"`
}

// CoppiaTesto is a label and a value, both text.
type CoppiaTesto struct {
	Etichetta string `json:"etichetta"`
	Valore    string `json:"valore"`
}

var azioni = map[string]string{spec.Calcola: "Calcola", spec.Esclude: "Esclude la sostituzione quando", spec.Motivo: "Motivo, quando",
	spec.Avverte: "Avverte quando", spec.Rifiuta: "Rifiuta la richiesta quando"}

// Descrizione describes the fattispecie id as a judge reads it (see
// DescrizioneFattispecie); its worked examples are the cases of the
// suite test/<id>.yaml of the rules Load read, when there is one,
// computed now: ctx stops them, with an error that wraps ctx.Err(). An
// unknown id is an *Error of code fattispecie_sconosciuta.
func (e *Engine) Descrizione(ctx context.Context, id string) (*DescrizioneFattispecie, error) {
	p, err := e.fattispecieNota(id, "fattispecie")
	if err != nil {
		return nil, err
	}
	f := p.File()
	w := e.parole(p)
	d := &DescrizioneFattispecie{ID: id, Titolo: f.Titolo, Descrizione: w.SenzaPercorsi(strings.TrimSpace(f.Descr)), Fonte: e.Fonte(f.Fonte),
		Vigenza: InfoVigenza{Dal: dataItaliana(f.Vigenza.Dal), Al: dataItaliana(f.Vigenza.Al)}, Regole: e.hash}
	letti := map[string]bool{}
	for _, s := range f.Passi {
		if s.Tipo == "" {
			continue
		}
		ps := DescrizionePasso{Tipo: s.Tipo, Azione: azioni[s.Tipo], Testo: w.SenzaPercorsi(w.Testo(s.Testo.Src)), Fonte: e.Fonte(s.Fonte)}
		if !s.TestoNo.Empty() {
			ps.TestoNo = w.SenzaPercorsi(w.Testo(s.TestoNo.Src))
		}
		if (!s.Vigenza.Dal.IsZero() || !s.Vigenza.Al.IsZero()) && (!s.Vigenza.Dal.Equal(f.Vigenza.Dal) || !s.Vigenza.Al.Equal(f.Vigenza.Al)) {
			ps.Vigenza = s.Vigenza.String()
		}
		if s.Tipo == spec.Calcola {
			ps.Nome, ps.Valore = w.Nome(s.Nome), w.Espressione(s.Espr.Src)
			if !s.Mostra.Empty() {
				ps.Mostra = w.Condizione(s.Mostra.Src)
			}
		} else {
			ps.Condizione = w.Condizione(s.Espr.Src)
		}
		for _, x := range []spec.Expr{s.Espr, s.Mostra, s.Testo, s.TestoNo} {
			for _, n := range nomiLegge(x.Src) {
				letti[n] = true
			}
		}
		if s.Tipo == spec.Avverte {
			d.Avvertenze = append(d.Avvertenze, ps)
		} else {
			d.Passi = append(d.Passi, ps)
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
			par = e.parametri[n]
		}
		versioni, ok := p.Versioni("legge." + n)
		if par == nil || !ok {
			continue
		}
		dp := DescrizioneParametro{Nome: parole.InParole(n), Nota: w.SenzaPercorsi(par.Nota)}
		for k, v := range versioni {
			fonte := par.Fonte
			if k < len(par.Valori) && par.Valori[k].Fonte != "" {
				fonte = par.Valori[k].Fonte
			}
			vd := ValoreDatato{Dal: dataItaliana(v.Vig.Dal), Al: dataItaliana(v.Vig.Al), Fonte: e.Fonte(fonte)}
			if l, ok := v.Val.(traits.Lister); ok {
				it := l.Iterator()
				for it.HasNext() == types.True {
					voce := motore.Formatta(it.Next())
					if va, ok := spec.ValoreEtichetta(voce); ok {
						voce = va.Etichetta
					}
					vd.Voci = append(vd.Voci, voce)
				}
				vd.Valore = strconv.Itoa(len(vd.Voci)) + " voci"
			} else {
				vd.Valore = motore.Formatta(v.Val)
			}
			dp.Valori = append(dp.Valori, vd)
		}
		d.Parametri = append(d.Parametri, dp)
	}
	for _, c := range e.Catalogo() {
		if c.ID != id {
			continue
		}
		for _, in := range c.Campi {
			if in.Etichetta != "" {
				d.Campi = append(d.Campi, DescrizioneCampo{Etichetta: in.Etichetta, Aiuto: w.SenzaPercorsi(in.Aiuto), Fonte: e.Fonte(in.Fonte)})
			}
		}
	}
	d.Esempi = e.esempi(ctx, id)
	if err := interrotta(ctx); err != nil {
		return nil, err
	}
	for i := range d.Esempi {
		x := &d.Esempi[i]
		x.Nome, x.Errore = w.SenzaPercorsi(x.Nome), w.SenzaPercorsi(x.Errore)
		x.Motivi, x.Passi, x.Avvertenze = w.Tutti(x.Motivi), w.Tutti(x.Passi), w.Tutti(x.Avvertenze)
	}
	return d, nil
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

func dataItaliana(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return calc.FormatDataItaliana(t)
}

// esempi are the cases of test/<id>.yaml whose request is a calcolo of
// the fattispecie, computed by the engine.
func (e *Engine) esempi(ctx context.Context, id string) []EsempioFattispecie {
	if e.fsys == nil {
		return nil
	}
	src, err := fs.ReadFile(e.fsys, path.Join("test", id+".yaml"))
	if err != nil {
		return nil
	}
	var s motore.Suite
	if yaml.Unmarshal(src, &s) != nil {
		return nil
	}
	var out []EsempioFattispecie
	for _, c := range s.Casi {
		tipo := c.Tipo
		if tipo == "" {
			tipo = s.Tipo
		}
		if (tipo != "" && tipo != "calcolo") || c.Richiesta["fattispecie"] != id {
			continue
		}
		es := EsempioFattispecie{Nome: c.Nome, Dati: e.datiInParole("", motore.Normalizza(c.Richiesta))}
		body, err := json.Marshal(motore.Normalizza(c.Richiesta))
		if err != nil {
			continue
		}
		if ctx.Err() != nil {
			return nil
		}
		res, err := e.Run(ctx, "calcolo", body)
		if err != nil {
			es.Errore = AsError(err).Message
		} else if r, ok := res.(*Risultato); ok {
			es.Ammissibile, es.Giorni, es.Ore, es.Motivi, es.Avvertenze = r.Ammissibile, r.Giorni, r.Ore, r.Motivi, r.Avvertenze
			for _, ps := range r.Passi {
				es.Passi = append(es.Passi, ps.Testo)
			}
		}
		out = append(out, es)
	}
	return out
}

// datiInParole lists the inputs of a request by their labels, in the
// vocabulary's order, with their values written for a person.
func (e *Engine) datiInParole(prefisso string, v any) []CoppiaTesto {
	piatti := map[string]any{}
	var walk func(p string, v any)
	walk = func(p string, v any) {
		if m, ok := v.(map[string]any); ok {
			if d := e.voc.campo("calcolo", p); p != "" && d != nil && d.Tipo == "durata" {
				piatti[p] = m
				return
			}
			for k, x := range m {
				q := k
				if p != "" {
					q = p + "." + k
				}
				walk(q, x)
			}
			return
		}
		piatti[p] = v
	}
	walk(prefisso, v)
	var out []CoppiaTesto
	t := e.voc.Tipi["calcolo"]
	if t == nil {
		return nil
	}
	for _, n := range t.Ordine {
		x, ok := piatti[n]
		if !ok || n == "fattispecie" {
			continue
		}
		d := t.Campi[n]
		out = append(out, CoppiaTesto{Etichetta: d.Etichetta, Valore: e.valoreInParole(n, d.Tipo, x)})
	}
	return out
}

func (e *Engine) valoreInParole(campo, tipo string, x any) string {
	switch tipo {
	case "durata":
		m, _ := x.(map[string]any)
		var a, me, g int
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
		a, me, g = num("anni"), num("mesi"), num("giorni")
		return calc.Durata{Anni: a, Mesi: me, Giorni: g}.String()
	case "importo":
		if d, err := calc.ParseDecimale(valori.Testo(x)); err == nil {
			return "€ " + calc.FormatEuro(d)
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
	s := valori.Testo(x)
	if d := e.voc.campo("calcolo", campo); d != nil {
		for _, v := range d.Valori {
			if v.Valore == s {
				return v.Etichetta
			}
		}
	}
	return s
}
