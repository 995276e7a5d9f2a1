package lpu

import (
	"fmt"
	"strings"
	"time"

	"github.com/lpu-it/lpu/calc"
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
	Verificati bool   `json:"verificati"`         // a sede was identified and checked
	Sedi       int    `json:"sedi"`               // sedi listed in the convention
	Tipo       string `json:"tipo"`               // type of post checked
	Totali     int    `json:"totali"`             // posts of that type at the sede
	Occupati   int    `json:"occupati"`           // most posts taken on one day of the period
	Liberi     int    `json:"liberi" lpu:"segno"` // totali - occupati (negative if overbooked)
	Giorno     Data   `json:"giorno"`             // first day with that many posts taken
}

// tipoPostoPredefinito is the portal's type of post for a fattispecie when
// the request does not say and the sede has several types.
func tipoPostoPredefinito(fattispecie string) string {
	if fattispecie == "map" {
		return "MAP"
	}
	return "AF"
}

// preparaPosti checks the sedi and the period of a convenzione request and
// computes req.Posti, which the rules read: post availability is a count
// over lists of periods, done here in Go, while the verdict and its words
// stay in the rules (convenzione.yaml).
func preparaPosti(req *statoConvenzione) error {
	if !req.Periodo.Dal.Indicata() {
		req.Periodo.Dal = req.Data
	}
	if !req.Periodo.Al.Indicata() {
		req.Periodo.Al = req.Periodo.Dal
	}
	if req.Periodo.Al.Before(req.Periodo.Dal.Time) {
		return errInput(CodeDataNonValida, "periodo.al", "il periodo finisce (%s) prima di cominciare (%s)",
			calc.FormatDataItaliana(req.Periodo.Al.Time), calc.FormatDataItaliana(req.Periodo.Dal.Time))
	}
	sedi := req.Convenzione.Sedi
	v := verificaPosti{Sedi: len(sedi)}
	for i, s := range sedi {
		campo := fmt.Sprintf("convenzione.sedi[%d]", i)
		if strings.TrimSpace(s.Nome) == "" {
			return errInput(CodeCampoObbligatorio, campo+".nome", "indicare il nome della sede")
		}
		for j, o := range s.Occupazioni {
			c := fmt.Sprintf("%s.occupazioni[%d]", campo, j)
			switch {
			case !o.Dal.Indicata():
				return errInput(CodeCampoObbligatorio, c+".dal", "indicare la data di inizio dell'occupazione")
			case !o.Al.Indicata():
				return errInput(CodeCampoObbligatorio, c+".al", "indicare la data di fine dell'occupazione")
			case o.Al.Before(o.Dal.Time):
				return errInput(CodeDataNonValida, c+".al", "l'occupazione finisce (%s) prima di cominciare (%s)",
					calc.FormatDataItaliana(o.Al.Time), calc.FormatDataItaliana(o.Dal.Time))
			}
		}
	}
	var sede *Sede
	switch {
	case req.Sede != "":
		nomi := make([]string, len(sedi))
		for i := range sedi {
			nomi[i] = sedi[i].Nome
			if strings.EqualFold(strings.TrimSpace(sedi[i].Nome), strings.TrimSpace(req.Sede)) {
				sede = &sedi[i]
			}
		}
		if sede == nil {
			if len(sedi) == 0 {
				return errInput(CodeSedeSconosciuta, "sede", "sede «%s»: la convenzione non elenca sedi (convenzione.sedi)", req.Sede)
			}
			return errInput(CodeSedeSconosciuta, "sede", "sede «%s» non tra le sedi della convenzione: %s", req.Sede, strings.Join(nomi, ", "))
		}
	case len(sedi) == 1:
		sede = &sedi[0]
	}
	if sede == nil {
		req.Posti = v
		return nil
	}
	tipi := map[string]bool{}
	for _, p := range sede.Posti {
		tipi[strings.ToUpper(strings.TrimSpace(p.Tipo))] = true
	}
	tipo := strings.ToUpper(strings.TrimSpace(req.TipoPosto))
	if tipo == "" {
		switch {
		case len(tipi) == 1:
			for t := range tipi {
				tipo = t
			}
		case tipi[tipoPostoPredefinito(req.Fattispecie)] || len(tipi) == 0:
			tipo = tipoPostoPredefinito(req.Fattispecie)
		default:
			return errInput(CodeCampoObbligatorio, "tipo_posto", "la sede «%s» ha posti di più tipi (%s): indicare tipo_posto", sede.Nome, elencoTipi(sede.Posti))
		}
	}
	req.Sede = sede.Nome // as the convention writes it
	v.Verificati, v.Tipo = true, tipo
	for _, p := range sede.Posti {
		if strings.EqualFold(strings.TrimSpace(p.Tipo), tipo) {
			v.Totali += p.Numero
		}
	}
	occ := make([]calc.Occupazione, 0, len(sede.Occupazioni))
	for j, o := range sede.Occupazioni {
		t := strings.ToUpper(strings.TrimSpace(o.Tipo))
		if t == "" {
			if len(tipi) > 1 {
				return errInput(CodeCampoObbligatorio, fmt.Sprintf("convenzione.sedi[%d].occupazioni[%d].tipo", indiceSede(sedi, sede), j),
					"la sede «%s» ha posti di più tipi (%s): indicare il tipo dell'occupazione", sede.Nome, elencoTipi(sede.Posti))
			}
			t = tipo // a sede with one type of post: the type goes without saying
		}
		if t == tipo {
			occ = append(occ, calc.Occupazione{Dal: o.Dal.Time, Al: o.Al.Time, Posti: o.Posti})
		}
	}
	var giorno time.Time
	v.Occupati, giorno = calc.PostiOccupati(occ, req.Periodo.Dal.Time, req.Periodo.Al.Time)
	if v.Occupati > maxIntDefault {
		// (each occupation is at most 10,000 posts, but 10,000 of them
		// on the same days make a number no sede has: the input is wrong,
		// not the count the rules read)
		return errInput(CodeFuoriIntervallo, fmt.Sprintf("convenzione.sedi[%d].occupazioni", indiceSede(sedi, sede)),
			"le occupazioni della sede «%s» sommano %d posti di tipo %s occupati il %s: al massimo %d", sede.Nome, v.Occupati, tipo,
			calc.FormatDataItaliana(giorno), maxIntDefault)
	}
	v.Liberi = v.Totali - v.Occupati
	v.Giorno = Data{giorno}
	req.Posti = v
	return nil
}

func indiceSede(sedi []Sede, s *Sede) int {
	for i := range sedi {
		if &sedi[i] == s {
			return i
		}
	}
	return 0
}

func elencoTipi(ps []PostiSede) string {
	var out []string
	seen := map[string]bool{}
	for _, p := range ps {
		t := strings.ToUpper(strings.TrimSpace(p.Tipo))
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return strings.Join(out, ", ")
}
