package lpu

import (
	"slices"
	"strings"
	"time"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/catalogo"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
	vocab "github.com/lpu-it/lpu/lpu/internal/vocabolario"
)

// InfoFattispecie describes one fattispecie as its rule file does: what it
// is, the act it comes from, when it applies, and which inputs its rules
// read. It is what a form or a client needs to ask only the questions that
// matter for the case.
type InfoFattispecie struct {
	ID          string      `json:"id"`
	Titolo      string      `json:"titolo"`
	Fonte       string      `json:"fonte"`
	Descrizione string      `json:"descrizione"`
	Vigenza     InfoVigenza `json:"vigenza"`
	Campi       []InfoCampo `json:"campi"`
	// Etichette are the fattispecie's own labels for its result (e.g.
	// esito_si, the headline when the outcome is positive), from its
	// rule file; a client falls back to its own where one is missing.
	Etichette map[string]string `json:"etichette,omitempty"`
	// DomandaGIP are the facts of the case that a domanda to the judge
	// for the preliminary investigations brings (the domanda may go to
	// that judge when Etichette has domanda_decreto): a field's path and
	// its yes or no, e.g. fatti.decreto_penale: true (after a decreto
	// penale the substitution has its own limits, art. 53 c.2 L.
	// 689/1981). The case of such a domanda is computed with them.
	DomandaGIP map[string]bool `json:"domanda_gip,omitempty"`
	// Valori are the values its rules export in the answer's valori
	// (Risultato.Valori), in the file's order, each with its type (see
	// InfoValore); none when they export none.
	Valori []InfoValore `json:"valori,omitempty"`
}

// InfoVigenza is a validity period; Al is empty while the rules are in
// force.
type InfoVigenza struct {
	Dal string `json:"dal"`
	Al  string `json:"al"`
}

// InfoCampo is one input of a request that the rules read: of a
// fattispecie's calcolo (Catalogo), or of any kind of request (Campi).
type InfoCampo struct {
	// Nome is the field's JSON path, e.g. "pena.arresto".
	Nome string `json:"nome"`
	// Tipo is one of durata, importo, data, intero, booleano, testo, lista.
	Tipo string `json:"tipo"`
	// Valori are the only values the engine accepts, when it fixes them
	// (the readings in opzioni, the convention models).
	Valori []string `json:"valori,omitempty"`
	// Predefinito is the value used when the field is left out.
	Predefinito string `json:"predefinito,omitempty"`
	// Citati are the values the rules compare a text field with (e.g. the
	// commas of an article that change the outcome): a hint, not a limit.
	Citati []string `json:"citati,omitempty"`
	// Max is the largest value (intero) or length (testo) accepted, if any.
	Max int `json:"max,omitempty"`
	// Etichetta is what a lawyer reads for the field (its name is for
	// programs), Aiuto a hint, Fonte the law the field comes from:
	// all from the declared vocabulary of the rules.
	Etichetta string `json:"etichetta,omitempty"`
	Aiuto     string `json:"aiuto,omitempty"`
	Fonte     string `json:"fonte,omitempty"`
	// Scelte are Valori with their Italian labels.
	Scelte []InfoScelta `json:"scelte,omitempty"`
	// Obbligatorio: a request must give the field.
	Obbligatorio bool `json:"obbligatorio,omitempty"`
	// CampiDi, for an oggetto, is the kind of request whose fields of
	// the same name are its members (the piano's fatti are the calcolo's).
	CampiDi string `json:"campi_di,omitempty"`
	// PredefinitoDa, «tipo.campo», is the field of another request whose
	// value the field takes when left out, where this request is made
	// from that one (the web calculator's plan from its case).
	PredefinitoDa string `json:"predefinito_da,omitempty"`
	// Righe, for a lista asked in rows (its items' members declared as
	// lista.membro), is how many rows a form offers at first (0: one).
	Righe int `json:"righe,omitempty"`
	// Gruppo is the section (Gruppi) a form asks the field in, when it
	// is not the one its path's first part names ("": that one).
	Gruppo string `json:"gruppo,omitempty"`
	// ValoriFattispecie: the field's values are fattispecie of the rules
	// (their ids, as Fattispecie gives them), which a form offers by
	// their titles: a field named fattispecie, or ending with it
	// (convenzione.fattispecie).
	ValoriFattispecie bool `json:"valori_fattispecie,omitempty"`
}

// LabelWithoutUnit is a field's label (InfoCampo.Etichetta) without the
// unit its box ends with: «Ammenda (€)» is «Ammenda», for a «label: value»
// whose value already carries the unit («Ammenda: € 1.500»).
func LabelWithoutUnit(etichetta string) string { return spec.NomeCampo(etichetta) }

// InfoScelta is one accepted value of a field and its Italian label.
type InfoScelta struct {
	Valore    string `json:"valore"`
	Etichetta string `json:"etichetta"`
}

// dalCalendario are the Fund's inputs a calcolo takes from a calendar
// (esecuzione.prima_sessione, esecuzione.sessioni): the web page fills
// them from its plan, and its form does not ask for them.
var dalCalendario = map[string]bool{"prima_sessione": true, "sessioni": true}

// campiModulo are the fields of the form of the calcolo program p, as
// the catalogue gives them: those its steps read (catalogo.Riferimenti),
// the reference date, and the Fund's inputs a calcolo fills
// (the vocabulary's nel_calcolo, but those dalCalendario) when the Fund's rules
// read them: the form offers them, so that a caveat of the Fund that
// names one names a box the lawyer can fill.
func (e *Engine) campiModulo(p *motore.Programma) catalogo.Letture {
	return e.campiDelCalcolo(p, false)
}

// campiDelCalcolo are the fields of a calcolo of the program p the rules
// read, as campiModulo: with the Fund's inputs a calendar fills
// (dalCalendario) too when calendario is set, for they are read all
// the same when a request gives them (see nonLetti).
func (e *Engine) campiDelCalcolo(p *motore.Programma, calendario bool) catalogo.Letture {
	var nomi []string
	if t := e.voc.Tipi["calcolo"]; t != nil {
		nomi = t.Ordine
	}
	var nomiFondo []string // (every input of the Fund's request type)
	if e.fondo != nil {
		for _, in := range ingressiDi(e.fondo.Req()) {
			nomiFondo = append(nomiFondo, in.Nome)
		}
	}
	fondo := e.letture.Di(e.fondo, nomiFondo)
	letti := e.letture.Di(p, nomi)
	if r := e.tipi["calcolo"].Rif; r != nil {
		for _, c := range r.Campi() {
			letti.Nomi[c] = true
		}
	}
	if n := e.nelCalcolo; n != nil {
		for _, c := range n.campi {
			// (the first source: the others are what the calcolo
			// takes when it is not given)
			daFondo, campo := c.Campo, c.fonti[0].campo
			if campo != "" && fondo.Nomi[daFondo] && (calendario || !dalCalendario[daFondo]) && campo != daFondo {
				letti.Nomi[campo] = true
				letti.Citati[campo] = append(letti.Citati[campo], fondo.Citati[daFondo]...)
			}
		}
	}
	return letti
}

// Catalogo describes every fattispecie of the rule set, in file order.
// The fields of each are those read by its steps' values and conditions,
// found in the rules' CEL expressions, in the order and with the labels
// of the declared vocabulary. A field that a rifiuta step reads only to
// refuse it when given (pena.reclusione != durata(0, 0, 0) for art. 186)
// is left out; one it needs (a fact the refusal depends on) is in. The
// reference date (data) is always in. The Fund's inputs are added to
// every fattispecie when the rule set has Fund rules.
func (e *Engine) Catalogo() []InfoFattispecie {
	if e.nonCaricato() != nil {
		return nil
	}
	var nomi []string
	if t := e.voc.Tipi["calcolo"]; t != nil {
		nomi = t.Ordine
	}
	out := make([]InfoFattispecie, 0, len(e.ordine))
	for _, id := range e.ordine {
		p := e.calcolo[id]
		f := p.File()
		letti := e.campiModulo(p)
		info := InfoFattispecie{ID: id, Titolo: f.Titolo, Fonte: f.Fonte, Descrizione: strings.TrimSpace(f.Descr),
			Vigenza: InfoVigenza{Dal: dataInfo(f.Vigenza.Dal), Al: dataInfo(f.Vigenza.Al)}, Campi: []InfoCampo{}}
		for k, v := range f.Etichette {
			if !strings.Contains(k, ".") {
				if info.Etichette == nil {
					info.Etichette = map[string]string{}
				}
				info.Etichette[k] = v
			}
		}
		for _, fd := range f.DomandaGIP {
			if info.DomandaGIP == nil {
				info.DomandaGIP = map[string]bool{}
			}
			info.DomandaGIP[fd.Campo] = fd.Valore
		}
		for _, n := range nomi {
			if !letti.Nomi[n] || n == "fattispecie" {
				continue
			}
			d := e.voc.campo("calcolo", n)
			c := infoCampo(d)
			if et, ok := f.Etichette[n]; ok {
				c.Etichetta = et // the fattispecie's own wording of the field
			}
			if va := vocab.ValoriDa(d, p, e.oggiCivile()); va != nil {
				c.Valori, c.Scelte = nil, nil
				for _, v := range va {
					c.Valori = append(c.Valori, v.Valore)
					c.Scelte = append(c.Scelte, InfoScelta{Valore: v.Valore, Etichetta: v.Etichetta})
				}
			}
			if c.Valori == nil {
				c.Citati = catalogo.Unici(letti.Citati[n])
			}
			info.Campi = append(info.Campi, c)
		}
		info.Valori = valoriEsportati(p)
		out = append(out, info)
	}
	return out
}

// infoCampo describes a declared field.
func infoCampo(d *spec.Campo) InfoCampo {
	c := InfoCampo{Nome: d.Nome, Tipo: d.Tipo, Valori: d.ValoriAmmessi(), Predefinito: d.Predefinito,
		Etichetta: d.Etichetta, Aiuto: d.Aiuto, Fonte: d.Fonte, Max: d.Max, Obbligatorio: d.Obbligatorio, CampiDi: d.CampiDi,
		PredefinitoDa: d.PredefinitoDa, Righe: d.Righe, Gruppo: d.Gruppo, ValoriFattispecie: nominaFattispecie(d.Nome)}
	switch {
	case c.Max != 0:
	case c.Tipo == "intero":
		c.Max = maxIntDefault
	case c.Tipo == "testo":
		c.Max = maxStringa
	}
	for _, v := range d.Valori {
		c.Scelte = append(c.Scelte, InfoScelta{Valore: v.Valore, Etichetta: v.Etichetta})
	}
	return c
}

// Campi describes the declared fields of a kind of request (calcolo,
// fondo, convenzione, piano), in declaration order: their types, bounds,
// accepted values and Italian labels.
func (e *Engine) Campi(tipo string) []InfoCampo {
	if e.nonCaricato() != nil {
		return nil
	}
	t := e.voc.Tipi[tipo]
	if t == nil {
		return nil
	}
	out := make([]InfoCampo, len(t.Ordine))
	for i, n := range t.Ordine {
		out[i] = infoCampo(t.Campi[n])
	}
	return out
}

// InfoGruppo is a section of the form: the fields whose path starts with
// Prefisso (pena, fatti, …), under a title.
type InfoGruppo struct {
	Prefisso string `json:"prefisso"`
	Titolo   string `json:"titolo"`
	Nota     string `json:"nota,omitempty"`
}

// Gruppi are the sections of a form, as the vocabulary declares them.
func (e *Engine) Gruppi() []InfoGruppo {
	if e.nonCaricato() != nil {
		return nil
	}
	out := make([]InfoGruppo, len(e.voc.Gruppi))
	for i, g := range e.voc.Gruppi {
		out[i] = InfoGruppo{Prefisso: g.ID, Titolo: g.Titolo, Nota: g.Nota}
	}
	return out
}

func dataInfo(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return calc.FormatData(t)
}

// InfoUscita is an output of a kind of request as the vocabulary
// declares it (richieste.<tipo>.uscite): its name, its type, for a
// text the only values it takes, with their Italian labels, and for an
// intero the least and the greatest value it may take (Min, Max: nil
// when the vocabulary declares none; the engine refuses a rule that
// gives a value outside them).
type InfoUscita struct {
	Nome string `json:"nome"`
	Tipo string `json:"tipo"`
	// Etichetta is the output's name as a lawyer reads it (the
	// vocabulary requires one).
	Etichetta string `json:"etichetta,omitempty"`
	// Aiuto says more of it (when the answer carries it, what it
	// counts): the vocabulary's aiuto, for a program's author.
	Aiuto  string       `json:"aiuto,omitempty"`
	Scelte []InfoScelta `json:"scelte,omitempty"`
	Min    *int         `json:"min,omitempty"`
	Max    *int         `json:"max,omitempty"`
	// Tipizzata: the answer carries the output in a member of its own
	// (giorni, limiti, residuo, settimane, the Fund's esito…), which the
	// engine reads by its name; another output reaches the answer only in
	// its valori, where a step exports it (esporta: true).
	Tipizzata bool `json:"tipizzata,omitempty"`
}

// Uscite describes the declared outputs of a kind of request answered
// by rule files (calcolo, fondo, convenzione), in declaration order; nil
// for another kind.
func (e *Engine) Uscite(tipo string) []InfoUscita {
	if e.nonCaricato() != nil {
		return nil
	}
	var out []InfoUscita
	for _, u := range e.voc.Uscite[tipo] {
		i := InfoUscita{Nome: u.Nome, Tipo: u.Tipo, Etichetta: u.Etichetta, Aiuto: u.Aiuto, Min: copia(u.Min), Max: copia(u.Max), Tipizzata: slices.Contains(nomiUscite, u.Nome)}
		for _, v := range u.Valori {
			i.Scelte = append(i.Scelte, InfoScelta{Valore: v.Valore, Etichetta: v.Etichetta})
		}
		out = append(out, i)
	}
	return out
}

// InfoValore is a value the rules of a kind of request export in the
// answer's valori (a calcola step with esporta: true): its name there,
// its type, its Italian label and those of the codes it takes, as the
// rule file gives them.
//
// Tipo is the type the rules compute the value with, and says the Go
// type it has in the map Valori of an answer (Risultato,
// RisultatoFondo, RisultatoConvenzione), and what its JSON is:
//
//	Tipo      Go type in Valori   example
//	intero    int64               365
//	decimale  string              "499.00" (exact: never a float)
//	testo     string              "ammissibile"
//	lista     []string            ["a", "b"] (each element as text)
//	durata    Durata              {"anni": 1, "mesi": 0, "giorni": 0}
//	booleano  bool                true
//	data      string              "2026-01-31" (YYYY-MM-DD)
//
// The values a calcolo answer exports are described by fattispecie, in
// Catalogo (InfoFattispecie.Valori). A value the rules do not compute
// for the case is absent from Valori, never nil.
type InfoValore struct {
	Nome string `json:"nome"`
	// Tipo: intero, decimale, testo, lista (of texts), durata,
	// booleano or data (the type's doc tabulates the Go type of each).
	Tipo      string `json:"tipo"`
	Etichetta string `json:"etichetta,omitempty"`
	// Aiuto says more of it (when the answer carries it, what it
	// counts): the vocabulary's aiuto, for a program's author.
	Aiuto  string       `json:"aiuto,omitempty"`
	Scelte []InfoScelta `json:"scelte,omitempty"`
	// Regola is the step that computes it, as the answer's passi name
	// it (Passo.Regola).
	Regola string `json:"regola"`
	// Nascosto: the step never shows in an explanation (mostra: false),
	// so the value is all the answer says of it; otherwise the step
	// shows when its value means something for the case.
	Nascosto bool `json:"nascosto,omitempty"`
	// Fonte is the legal source of its step, for a reader of the value
	// whose step the explanation does not show.
	Fonte string `json:"fonte,omitempty"`
}

// ValoriEsportati describes the values the rule file of a kind of
// request that a single file answers (fondo, convenzione: AltreRegole)
// exports in its answer's valori, in the file's order; nil for another
// kind (a calcolo's are by fattispecie: InfoFattispecie.Valori). A value a step computes in several dated versions is described
// once, with the label one of them gives.
func (e *Engine) ValoriEsportati(tipo string) []InfoValore {
	if e.nonCaricato() != nil {
		return nil
	}
	var out []InfoValore
	for _, id := range e.ordineUniche {
		if p := e.uniche[id]; p.File().Tipo == tipo {
			out = append(out, valoriEsportati(p)...)
		}
	}
	return out
}

// valoriEsportati describes the values p's rule file exports, in the
// file's order, each once (see ValoriEsportati).
func valoriEsportati(p *motore.Programma) []InfoValore {
	var out []InfoValore
	visti := map[string]int{}
	for _, s := range p.File().Passi {
		if s.Tipo != spec.Calcola || !s.Esporta {
			continue
		}
		i, ok := visti[s.Nome]
		if !ok {
			i = len(out)
			visti[s.Nome] = i
			out = append(out, InfoValore{Nome: s.Nome, Tipo: p.TipoCalcolato(s.Nome), Regola: s.ID, Nascosto: p.Nascosto(s)})
		}
		v := &out[i]
		if v.Etichetta == "" {
			v.Etichetta = s.Etichetta
		}
		if v.Fonte == "" {
			v.Fonte = s.Fonte
		}
		if len(v.Scelte) == 0 {
			for _, x := range s.Valori {
				v.Scelte = append(v.Scelte, InfoScelta{Valore: x.Valore, Etichetta: x.Etichetta})
			}
		}
	}
	return out
}

// copia is a copy of *p, nil for nil: a caller that changes the bound
// it was given does not change the engine's.
func copia(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
