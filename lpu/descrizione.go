package lpu

import (
	"context"
	"encoding/json"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/lpu/internal/descrizione"
	"github.com/lpu-it/lpu/lpu/internal/motore"
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
// values over time. Nome is its name as the steps write it, in words;
// Etichetta the name a lawyer gives the quantity, from the rule file
// (empty when the file gives none, as an overlay written before labels
// may).
type DescrizioneParametro struct {
	Nome      string         `json:"nome"`                // in words: «euro per giorno»
	Etichetta string         `json:"etichetta,omitempty"` // «Pena pecuniaria ragguagliata a un giorno»
	Nota      string         `json:"nota,omitempty"`
	Valori    []ValoreDatato `json:"valori"`
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
	// in words; Condizione (the others) the condition in words; Se, for
	// a calcola, when the value is computed at all; Mostra, for a
	// calcola, when the step shows in an explanation.
	Nome       string       `json:"nome,omitempty"`
	Valore     string       `json:"valore,omitempty"`
	Condizione string       `json:"condizione,omitempty"`
	Se         string       `json:"se,omitempty"`
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

// Descrizione describes the fattispecie id as a judge reads it (see
// DescrizioneFattispecie); its worked examples are the cases of the
// suite test/<id>.yaml of the rules Load read, when there is one,
// computed now: ctx stops them, with an error that wraps ctx.Err(). An
// unknown id is an *Error of code fattispecie_sconosciuta.
func (e *Engine) Descrizione(ctx context.Context, id string) (*DescrizioneFattispecie, error) {
	if err := e.nonCaricato(); err != nil {
		return nil, err
	}
	ctx = sfondo(ctx)
	p, err := e.fattispecieNota(id, "fattispecie")
	if err != nil {
		return nil, err
	}
	f := p.File()
	w := e.parole(p)
	d := &DescrizioneFattispecie{ID: id, Titolo: f.Titolo, Descrizione: w.SenzaPercorsi(strings.TrimSpace(f.Descr)), Fonte: e.Fonte(f.Fonte),
		Vigenza: InfoVigenza{Dal: descrizione.DataItaliana(f.Vigenza.Dal), Al: descrizione.DataItaliana(f.Vigenza.Al)}, Regole: e.hash}
	r := descrizione.Descrivi(p, e.parametri, w)
	for _, ps := range r.Passi {
		d.Passi = append(d.Passi, e.passo(ps))
	}
	for _, ps := range r.Avvertenze {
		d.Avvertenze = append(d.Avvertenze, e.passo(ps))
	}
	for _, par := range r.Parametri {
		dp := DescrizioneParametro{Nome: par.Nome, Etichetta: par.Etichetta, Nota: par.Nota}
		for _, v := range par.Valori {
			dp.Valori = append(dp.Valori, ValoreDatato{Dal: v.Dal, Al: v.Al, Valore: v.Valore, Voci: v.Voci, Fonte: e.Fonte(v.Fonte)})
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

// passo is a step described, its source cut into pieces (Fonte).
func (e *Engine) passo(p descrizione.Passo) DescrizionePasso {
	return DescrizionePasso{Tipo: p.Tipo, Azione: p.Azione, Nome: p.Nome, Valore: p.Valore, Condizione: p.Condizione, Se: p.Se, Mostra: p.Mostra,
		Testo: p.Testo, TestoNo: p.TestoNo, Fonte: e.Fonte(p.Fonte), Vigenza: p.Vigenza}
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

// datiInParole lists the inputs of a calcolo request by their labels,
// in the vocabulary's order, with their values written for a person
// (descrizione.Dati).
func (e *Engine) datiInParole(prefisso string, v any) []CoppiaTesto {
	var out []CoppiaTesto
	for _, c := range descrizione.Dati(e.voc.Tipi["calcolo"], prefisso, v) {
		out = append(out, CoppiaTesto{Etichetta: c.Etichetta, Valore: c.Valore})
	}
	return out
}
