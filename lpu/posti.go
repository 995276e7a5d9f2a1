package lpu

import (
	"github.com/lpu-it/lpu/lpu/internal/convenzione"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Sede is one place of a convention, as the national LPU portal keeps it
// (manuale del Portale LPU §5): the posts it offers by type (MAP = messa
// alla prova, AF = altra fattispecie di LPU, …) and the periods in which
// some of them are taken.
type Sede struct {
	Nome        string            `json:"nome" lpu:"max=200"`
	Posti       []PostiSede       `json:"posti" lpu:"max=20"`
	Occupazioni []OccupazioneSede `json:"occupazioni" lpu:"max=10000"`
}

// PostiSede is the number of posts of one type at a sede.
type PostiSede struct {
	Tipo   string `json:"tipo" lpu:"max=40"`
	Numero int    `json:"numero" lpu:"max=10000"`
}

// OccupazioneSede is a number of posts of one type taken from Dal to Al,
// both included.
type OccupazioneSede struct {
	Tipo  string `json:"tipo" lpu:"max=40"`
	Dal   Data   `json:"dal"`
	Al    Data   `json:"al"`
	Posti int    `json:"posti" lpu:"max=10000"`
}

// Intervallo is a period of days, both included (the placement whose post is checked).
type Intervallo struct {
	Dal Data `json:"dal"`
	Al  Data `json:"al"`
}

// verificaPosti is what the engine finds about the posts of the sede for
// the period; the rules read it as posti.*. It is computed, never read
// from the request.
type verificaPosti struct {
	Verificati bool `json:"verificati"` // a sede was identified and checked
	// NonIndicati: the sede identified lists no posts (none checked).
	NonIndicati bool   `json:"non_indicati"`
	Sedi        int    `json:"sedi"` // sedi listed in the convention
	Tipo        string `json:"tipo"` // type of post checked
	Tipi        string `json:"tipi"` // types of post the sede lists («AF, MAP»)
	// TipoFattispecie is the fattispecie's type (rules/tipi_posto.yaml),
	// "" if the rules give none.
	TipoFattispecie string `json:"tipo_fattispecie"`
	Totali          int    `json:"totali"`             // posts of that type at the sede
	Occupati        int    `json:"occupati"`           // most posts taken on one day of the period
	Liberi          int    `json:"liberi" lpu:"segno"` // totali - occupati (negative if overbooked)
	Giorno          Data   `json:"giorno"`             // first day with that many posts taken
}

// tipoPostoPredefinito is the type of post of fattispecie when the request
// does not say ("" if the rules give none).
func (e *Engine) tipoPostoPredefinito(fattispecie string) string {
	t, _ := e.datiC["tipi_posto"].(*convenzione.TipiPosto)
	return t.Tipo(fattispecie)
}

// compilaTipiPosto reads rules/tipi_posto.yaml, if loaded, and checks
// that the fattispecie it names are loaded (after compilaDati and the
// fattispecie).
func (e *Engine) compilaTipiPosto(ps *spec.Problems) {
	f, ok := e.dati["tipi_posto"]
	if !ok || f.Dati == nil {
		return
	}
	nota := func(id string) bool { _, ok := e.calcolo[id]; return ok }
	e.datiC["tipi_posto"] = convenzione.LeggiTipiPosto(f, nota, e.ordine, ps)
}

// codiciPosti are the codes of the inputs the count of posts refuses.
var codiciPosti = map[convenzione.Motivo]Code{
	convenzione.MotivoMancante:        CodeCampoObbligatorio,
	convenzione.MotivoDateInvertite:   CodeDataNonValida,
	convenzione.MotivoSedeSconosciuta: CodeSedeSconosciuta,
	convenzione.MotivoTroppiOccupati:  CodeFuoriIntervallo,
	convenzione.MotivoDuplicato:       CodeValoreNonAmmesso,
}

// preparaPosti checks the sedi and the period of a convenzione request and
// computes req.Posti, which the rules read: post availability is a count
// over lists of periods, done in lpu/internal/convenzione, while the
// verdict and its words stay in the rules (convenzione.yaml).
func (e *Engine) preparaPosti(req *statoConvenzione) error {
	r := convenzione.Richiesta{
		Sedi:        make([]convenzione.Sede, len(req.Convenzione.Sedi)),
		Data:        req.Data.Time,
		Dal:         req.Periodo.Dal.Time,
		Al:          req.Periodo.Al.Time,
		Sede:        req.Sede,
		TipoPosto:   req.TipoPosto,
		Predefinito: e.tipoPostoPredefinito(req.Fattispecie),
		MaxOccupati: maxIntDefault,
	}
	for i, s := range req.Convenzione.Sedi {
		cs := convenzione.Sede{Nome: s.Nome, Posti: make([]convenzione.Posti, len(s.Posti)), Occupazioni: make([]convenzione.Occupazione, len(s.Occupazioni))}
		for j, p := range s.Posti {
			cs.Posti[j] = convenzione.Posti{Tipo: p.Tipo, Numero: p.Numero}
		}
		for j, o := range s.Occupazioni {
			cs.Occupazioni[j] = convenzione.Occupazione{Tipo: o.Tipo, Dal: o.Dal.Time, Al: o.Al.Time, Posti: o.Posti}
		}
		r.Sedi[i] = cs
	}
	v, err := convenzione.Conta(r)
	if err != nil {
		errs, ok := err.(convenzione.Errori)
		if ce, uno := err.(*convenzione.Errore); uno {
			errs, ok = convenzione.Errori{ce}, true
		}
		if !ok {
			return err
		}
		var rc raccolta
		for _, ce := range errs {
			c, ok := codiciPosti[ce.Motivo]
			if !ok {
				return err
			}
			rc.aggiungi(errInput(c, ce.Campo, "%s", ce.Messaggio))
		}
		return rc.err()
	}
	req.Periodo = Intervallo{Dal: Data{v.Dal}, Al: Data{v.Al}}
	req.Posti = verificaPosti{Sedi: v.Sedi, NonIndicati: v.NonIndicati}
	if v.NonIndicati {
		req.Sede = v.Sede // as the convention writes it
	}
	if !v.Verificati {
		return nil
	}
	req.Sede = v.Sede // as the convention writes it
	req.Posti = verificaPosti{Verificati: true, Sedi: v.Sedi, Tipo: v.Tipo, Tipi: v.Tipi, TipoFattispecie: v.TipoFattispecie, Totali: v.Totali,
		Occupati: v.Occupati, Liberi: v.Liberi, Giorno: Data{v.Giorno}}
	return nil
}
