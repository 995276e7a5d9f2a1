package lpu

import (
	"context"
	"encoding/json"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/descrizione"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/parole"
)

// DescrizioneFattispecie is a fattispecie's rule file as a judge reads it
// (Engine.Descrizione): what it covers and its source, its parameters with
// their dated values and sources, every step with its condition in words,
// the caveats, and the cases of its test suite computed by the engine as
// worked examples. It holds plain texts only: no CEL, no field paths. It
// describes as well the rule file of a kind of request that a single
// file answers (the Fund's, the convention's): then Tipo names the kind.
type DescrizioneFattispecie struct {
	ID string `json:"id"`
	// Tipo is the kind of request the file answers (fondo, convenzione),
	// empty for a fattispecie's (calcolo).
	Tipo        string                 `json:"tipo,omitempty"`
	Titolo      string                 `json:"titolo"`
	Descrizione string                 `json:"descrizione"`
	Fonte       []PezzoFonte           `json:"fonte"`
	Vigenza     InfoVigenza            `json:"vigenza"` // dd/mm/yyyy
	Parametri   []DescrizioneParametro `json:"parametri"`
	Passi       []DescrizionePasso     `json:"passi"`      // calcola, esclude, motivo, rifiuta
	Avvertenze  []DescrizionePasso     `json:"avvertenze"` // the avverte steps
	Esempi      []EsempioFattispecie   `json:"esempi"`
	Campi       []DescrizioneCampo     `json:"campi"` // the inputs the rules read
	// DalMotore are the values the engine computes from the request
	// and gives the rules beside the inputs (the posts free at a sede),
	// as the vocabulary declares them (dal_motore).
	DalMotore []DescrizioneCampo `json:"dal_motore,omitempty"`
	Regole    string             `json:"regole"` // the hash of the rule set
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
	Dal    string   `json:"dal"`
	Al     string   `json:"al,omitempty"`
	Valore string   `json:"valore"`
	Voci   []string `json:"voci,omitempty"` // the items, for a list
	// Gruppi, for a mappa: each code with the items of its list, in
	// the rule file's order.
	Gruppi []GruppoVoci `json:"gruppi,omitempty"`
	Fonte  []PezzoFonte `json:"fonte"`
}

// GruppoVoci is a code of a mappa parameter (Chiave) and the items of
// its list.
type GruppoVoci struct {
	Chiave string   `json:"chiave"`
	Voci   []string `json:"voci"`
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
// the engine: the inputs by their labels, and the outcome. Ammissibile,
// Giorni and Ore are a calcolo's; the answer of another kind of request
// is in the fields that follow them.
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
	// The Fund's answer: Esito (ammissibile, non_ammissibile,
	// da_verificare) and its label in the vocabulary (EsitoTesto), the
	// last day to ask INAIL (RichiestaEntro, dd/mm/yyyy) and the
	// estimated premium (PremioStimato, «€ 489,60»).
	Esito          string `json:"esito,omitempty"`
	EsitoTesto     string `json:"esito_testo,omitempty"`
	RichiestaEntro string `json:"richiesta_entro,omitempty"`
	PremioStimato  string `json:"premio_stimato,omitempty"`
	// A convention's answer: whether it is valid, and until when
	// (Scadenza, dd/mm/yyyy).
	Valida   *bool  `json:"valida,omitempty"`
	Scadenza string `json:"scadenza,omitempty"`
}

// CoppiaTesto is a label and a value, both text.
type CoppiaTesto struct {
	Etichetta string `json:"etichetta"`
	Valore    string `json:"valore"`
}

// Descrizione describes the fattispecie id as a judge reads it (see
// DescrizioneFattispecie), or the rule file id of a kind of request
// that a single file answers (AltreRegole: fondo, convenzione); its
// worked examples are the cases of the suite test/<id>.yaml of the rules
// Load read, when there is one, of the file's kind (and, for a
// fattispecie, of it), computed now: ctx stops them, with an error that
// wraps ctx.Err(). An unknown id is an *Error of code
// fattispecie_sconosciuta.
func (e *Engine) Descrizione(ctx context.Context, id string) (*DescrizioneFattispecie, error) {
	if err := e.nonCaricato(); err != nil {
		return nil, err
	}
	ctx = sfondo(ctx)
	p := e.uniche[id]
	if p == nil {
		var err error
		if p, err = e.fattispecieNota("", id, "fattispecie"); err != nil {
			return nil, err
		}
	}
	f := p.File()
	w := e.parole(p)
	d := &DescrizioneFattispecie{ID: id, Titolo: f.Titolo, Descrizione: w.SenzaPercorsi(strings.TrimSpace(f.Descr)), Fonte: e.Fonte(f.Fonte),
		Vigenza: InfoVigenza{Dal: descrizione.DataItaliana(f.Vigenza.Dal), Al: descrizione.DataItaliana(f.Vigenza.Al)}, Regole: e.hash}
	if e.tipi[f.Tipo].PerID {
		d.Campi = e.campiLetti(id, w)
	} else {
		d.Tipo = f.Tipo
		for _, in := range e.Campi(f.Tipo) {
			if in.Etichetta != "" {
				d.Campi = append(d.Campi, DescrizioneCampo{Etichetta: in.Etichetta, Aiuto: w.SenzaPercorsi(in.Aiuto), Fonte: e.Fonte(in.Fonte)})
			}
		}
		if t := e.voc.Tipi[f.Tipo]; t != nil {
			for _, v := range t.DalMotore {
				d.DalMotore = append(d.DalMotore, DescrizioneCampo{Etichetta: v.Etichetta, Aiuto: w.SenzaPercorsi(v.Aiuto), Fonte: e.Fonte(v.Fonte)})
			}
		}
	}
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
			vd := ValoreDatato{Dal: v.Dal, Al: v.Al, Valore: v.Valore, Voci: v.Voci, Fonte: e.Fonte(v.Fonte)}
			for _, g := range v.Gruppi {
				vd.Gruppi = append(vd.Gruppi, GruppoVoci{Chiave: g.Chiave, Voci: g.Voci})
			}
			dp.Valori = append(dp.Valori, vd)
		}
		d.Parametri = append(d.Parametri, dp)
	}
	d.Esempi = e.esempi(ctx, id, f.Tipo)
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

// campiLetti are the inputs the rules of the fattispecie id read, with
// their labels (Catalogo).
func (e *Engine) campiLetti(id string, w *parole.Parole) []DescrizioneCampo {
	var out []DescrizioneCampo
	for _, c := range e.Catalogo() {
		if c.ID != id {
			continue
		}
		for _, in := range c.Campi {
			if in.Etichetta != "" {
				out = append(out, DescrizioneCampo{Etichetta: in.Etichetta, Aiuto: w.SenzaPercorsi(in.Aiuto), Fonte: e.Fonte(in.Fonte)})
			}
		}
	}
	return out
}

// InfoRegole is a rule file that answers a kind of request other than
// a fattispecie's calcolo, a single file for its kind (the Fund's, the
// convention's): its id (for Descrizione), the kind, what it covers,
// its source and when it applies.
type InfoRegole struct {
	ID          string      `json:"id"`
	Tipo        string      `json:"tipo"`
	Titolo      string      `json:"titolo"`
	Fonte       string      `json:"fonte"`
	Descrizione string      `json:"descrizione"`
	Vigenza     InfoVigenza `json:"vigenza"`
}

// AltreRegole are the rule files of the kinds of request that a single
// file answers (in the rules embedded: fondo, then convenzione), in the
// order the vocabulary declares the kinds.
func (e *Engine) AltreRegole() []InfoRegole {
	if e.nonCaricato() != nil {
		return nil
	}
	out := make([]InfoRegole, 0, len(e.ordineUniche))
	for _, id := range e.ordineUniche {
		f := e.uniche[id].File()
		out = append(out, InfoRegole{ID: id, Tipo: f.Tipo, Titolo: f.Titolo, Fonte: f.Fonte, Descrizione: strings.TrimSpace(f.Descr),
			Vigenza: InfoVigenza{Dal: dataInfo(f.Vigenza.Dal), Al: dataInfo(f.Vigenza.Al)}})
	}
	return out
}

// passo is a step described, its source cut into pieces (Fonte).
func (e *Engine) passo(p descrizione.Passo) DescrizionePasso {
	return DescrizionePasso{Tipo: p.Tipo, Azione: p.Azione, Nome: p.Nome, Valore: p.Valore, Condizione: p.Condizione, Se: p.Se, Mostra: p.Mostra,
		Testo: p.Testo, TestoNo: p.TestoNo, Fonte: e.Fonte(p.Fonte), Vigenza: p.Vigenza}
}

// casiDi are the cases of test/<suite>.yaml whose request is of the kind
// tipo (a case's own, else the file's, else calcolo); none when the
// engine has no rule files or the file is missing or unreadable.
func (e *Engine) casiDi(suite, tipo string) []motore.Caso {
	if e.fsys == nil {
		return nil
	}
	src, err := fs.ReadFile(e.fsys, path.Join("test", suite+".yaml"))
	if err != nil {
		return nil
	}
	var s motore.Suite
	if yaml.Unmarshal(src, &s) != nil {
		return nil
	}
	var out []motore.Caso
	for _, c := range s.Casi {
		t := c.Tipo
		if t == "" {
			t = s.Tipo
		}
		if t == "" {
			t = "calcolo"
		}
		if t == tipo {
			out = append(out, c)
		}
	}
	return out
}

// esempi are the cases of test/<id>.yaml whose request is of the kind
// tipo (for a calcolo, of the fattispecie id), computed by the engine.
func (e *Engine) esempi(ctx context.Context, id, tipo string) []EsempioFattispecie {
	casi := e.casiDi(id, tipo)
	if len(casi) == 0 {
		return nil
	}
	perID := e.tipi[tipo].PerID
	altri := e.valoriFattispecie(tipo)
	salta := "" // (a fattispecie's page names it: its examples do not)
	if perID {
		salta = "fattispecie"
	}
	var out []EsempioFattispecie
	for _, c := range casi {
		if perID && c.Richiesta["fattispecie"] != id {
			continue
		}
		es := EsempioFattispecie{Nome: c.Nome, Dati: e.datiInParole(tipo, motore.Normalizza(c.Richiesta), salta, altri)}
		body, err := json.Marshal(motore.Normalizza(c.Richiesta))
		if err != nil {
			continue
		}
		if ctx.Err() != nil {
			return nil
		}
		res, err := e.Run(ctx, tipo, body)
		if err != nil {
			es.Errore = AsError(err).Message
			res = nil
		}
		switch r := res.(type) {
		case *Risultato:
			es.Ammissibile, es.Giorni, es.Ore, es.Motivi, es.Avvertenze, es.Passi = r.Ammissibile, r.Giorni, r.Ore, r.Motivi, r.Avvertenze, testiPassi(r.Passi)
		case *RisultatoFondo:
			es.Esito, es.Motivi, es.Avvertenze, es.Passi = r.Esito, r.Motivi, r.Avvertenze, testiPassi(r.Passi)
			if u := e.voc.Uscita(tipo, "esito"); u != nil {
				for _, v := range u.Valori {
					if v.Valore == r.Esito {
						es.EsitoTesto = v.Etichetta
					}
				}
			}
			es.RichiestaEntro = dataGGMM(r.RichiestaEntro)
			if v, err := calc.ParseDecimale(r.PremioStimato); err == nil && r.PremioStimato != "" {
				es.PremioStimato = "€ " + calc.FormatEuro(v)
			}
		case *RisultatoConvenzione:
			valida := r.Valida
			es.Valida, es.Scadenza, es.Motivi, es.Avvertenze, es.Passi = &valida, dataGGMM(r.Scadenza), r.Motivi, r.Avvertenze, testiPassi(r.Passi)
		}
		out = append(out, es)
	}
	return out
}

// testiPassi are the texts of the steps ps.
func testiPassi(ps []Passo) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Testo)
	}
	return out
}

// dataGGMM is an answer's date (yyyy-mm-dd) as dd/mm/yyyy; "" stays.
func dataGGMM(s string) string {
	if t, err := calc.ParseData(s); err == nil {
		return calc.FormatDataItaliana(t)
	}
	return s
}

// datiInParole lists the inputs of a request of kind tipo by their
// labels, in the vocabulary's order, with their values written for a
// person (descrizione.Dati), without the input salta, with the labels
// altri of values the vocabulary does not label.
func (e *Engine) datiInParole(tipo string, v any, salta string, altri map[string]map[string]string) []CoppiaTesto {
	var out []CoppiaTesto
	for _, c := range descrizione.Dati(e.voc.Tipi[tipo], "", v, salta, altri) {
		out = append(out, CoppiaTesto{Etichetta: c.Etichetta, Valore: c.Valore})
	}
	return out
}
