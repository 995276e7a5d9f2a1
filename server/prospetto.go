package server

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"text/template"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

// The prospetto di calcolo is the result page as a lawyer files it: the
// case as typed, the figures, the reasons and caveats, the steps with
// their articles, the Fondo INAIL as an annex. Its permalink is a GET of
// the same form, with the case in the query: it holds what was typed in
// the calculator (amounts, dates, facts) and nothing about the person.
// The heading of the printed page (office, R.G., imputato, defender) is
// typed on the page in fields without a name: the browser never sends
// them (see lpu.js and TestBrowserProspetto).

// campoSoloPagina: the fields of the form that a permalink leaves out: a
// suspension's reason may tell about the person's health.
func campoSoloPagina(nome string) bool {
	return strings.HasPrefix(nome, "piano.sospensione") && strings.HasSuffix(nome, ".motivo")
}

// permalink is the address that computes the case of form again.
func permalink(id string, form url.Values) string {
	q := url.Values{}
	for k, v := range form {
		if campoSoloPagina(k) || len(v) == 0 || strings.TrimSpace(v[0]) == "" {
			continue
		}
		q.Set(k, strings.TrimSpace(v[0]))
	}
	return "/calcolo/" + url.PathEscape(id) + "?" + q.Encode()
}

// parametriIgnoti are the names of a permalink's query that are no field
// of the form (a link written for other rules, or mistyped).
func parametriIgnoti(form url.Values, campi []*vistaCampo) []string {
	noti := map[string]bool{}
	for _, c := range campi {
		noti[c.Nome] = true
		for _, p := range c.Parti {
			noti[p.Nome] = true
		}
	}
	var out []string
	for k := range form {
		if !noti[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// errParametriIgnoti is the error of a permalink with unknown names.
func errParametriIgnoti(nomi []string) *lpu.Error {
	for i, n := range nomi {
		nomi[i] = "«" + troncato(n, 40) + "»"
	}
	if len(nomi) > 5 {
		nomi = append(nomi[:5], "…")
	}
	return errore(http.StatusBadRequest, lpu.CodeParametroSconosciuto, "",
		"il collegamento contiene dati che il modulo di questa fattispecie non conosce: %s", strings.Join(nomi, ", "))
}

// vistaProspetto is what the prospetto adds to the result.
type vistaProspetto struct {
	Permalink string
	Copia     string
	// Settimane: the duration in weeks as the rules compute it, each
	// figure with its source (lpu.Risultato.Settimane): the server
	// prints it and computes no figure of its own.
	Settimane  *lpu.Settimane
	Passi      []lpu.Passo // the steps of the case
	PassiFondo []lpu.Passo // those of the Fondo INAIL, for the annex
	// EntroIndicativo: the text of the Fund's step that says its deadline
	// is counted from the case's date (rules/fondo.yaml
	// richiesta_entro_indicativa), which the annex's headline shows in
	// place of the deadline; empty when the deadline is not indicative.
	EntroIndicativo string
}

// passoEntroIndicativo is the rule id of the Fund's step whose text says
// the deadline is indicative (rules/fondo.yaml). TestTitoloFondoIndicativo
// fails when the embedded rules no longer have it (a step renamed: rename
// it here too); rules that lack it get the plain deadline in the
// headline, their own steps in the annex.
const passoEntroIndicativo = "fondo.richiesta_entro_indicativa"

// prospetto fills the parts of the prospetto for the case just computed.
func (s *Server) prospetto(r *regole, v *vistaCalcolo, form url.Values) {
	res := v.Esito
	p := &vistaProspetto{Permalink: permalink(v.Info.ID, form)}
	if res.Ammissibile {
		p.Settimane = res.Settimane
	}
	// The steps of the Fondo rules (rule ids "fondo.…") go to the annex.
	for _, ps := range res.Passi {
		if res.FondoInail != nil && strings.HasPrefix(ps.Regola, "fondo.") {
			if ps.Regola == passoEntroIndicativo {
				// (said by the headline, in place of the deadline: not a
				// second time among the annex's steps)
				p.EntroIndicativo = ps.Testo
				continue
			}
			p.PassiFondo = append(p.PassiFondo, ps)
		} else {
			p.Passi = append(p.Passi, ps)
		}
	}
	var b bytes.Buffer
	if err := s.documenti.ExecuteTemplate(&b, "copia.txt", datiCopia{Info: v.Info, Esito: res, Dati: v.Dati, Settimane: p.Settimane, Passi: p.Passi,
		Uscite: usciteInValori(r.e.Uscite("calcolo"), v.Info.Etichette, res)}); err != nil {
		panic(fmt.Errorf("server: testo da copiare: %w", err)) // a template bug: recupera answers 500
	}
	p.Copia = strings.TrimSpace(b.String())
	v.Prospetto = p
}

// datiCopia is what the "Copia" text is written from.
type datiCopia struct {
	Info      vistaFattispecie
	Esito     *lpu.Risultato
	Dati      []vistaDato
	Settimane *lpu.Settimane
	Passi     []lpu.Passo
	// Uscite are the calcolo's outputs the answer has only in its valori
	// (usciteInValori).
	Uscite []vistaDato
}

// euro is an amount as a lawyer reads it («€ 1.100,50»); a text that is
// not one, as it is.
func euro(s string) string {
	if d, err := calc.ParseDecimale(s); err == nil {
		return "€ " + calc.FormatEuro(d)
	}
	return s
}

// usciteInValori are the calcolo's declared outputs (uscite) the answer
// res has only in its valori, not in a member of its own (an overlay's
// output that a step exports), in the vocabulary's order: each by the
// fattispecie's label of it (etichette) or the vocabulary's, its value
// as InfoUscita.Testo writes it for a person.
func usciteInValori(uscite []lpu.InfoUscita, etichette map[string]string, res *lpu.Risultato) []vistaDato {
	var out []vistaDato
	for _, u := range uscite {
		x, ok := res.Valori[u.Nome]
		if !ok || u.Tipizzata {
			continue
		}
		out = append(out, vistaDato{Etichetta: cmp.Or(etichette[u.Nome], u.Etichetta), Valore: u.Testo(x)})
	}
	return out
}

// funzioniTesto are the functions of the plain-text and document
// templates (server/web/documenti).
var funzioniTesto = template.FuncMap{
	"dataIt": dataItaliana,
	"euro":   euro,
	// limite is a limit: 0 when there is none.
	"limite": func(l lpu.Limite) int { return l.Valore },
	"inc":    func(i int) int { return i + 1 },
	// riempi: a typed value of the domanda, or a line to fill by hand
	"riempi": riempi,
	// fine ends a sentence with a full stop unless it has one.
	"fine": func(s string) string {
		s = strings.TrimSpace(s)
		if s == "" || strings.HasSuffix(s, ".") {
			return s
		}
		return s + "."
	},
}
