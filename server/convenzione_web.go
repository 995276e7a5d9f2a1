package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/lpu-it/lpu/lpu"
)

// The convention page: /convenzione asks whether the convention of the
// host entity is valid for the work to be done (its model, its term, a
// recesso, the fattispecie and activities it allows), as POST
// /api/v1/convenzione does. Its form is built from the fields the
// vocabulary declares for the convenzione request, with their labels; the
// sedi and their posti, a list of lists, are asked in numbered rows
// (convenzione_sedi.go), with the sede and the type of post to check.

type vistaConvenzione struct {
	base
	Gruppi  []vistaGruppo
	Errori  []vistaErroreCampo
	Inviato bool
	Dati    []vistaDato
	Esito   *lpu.RisultatoConvenzione
	// Fattispecie is the title of the fattispecie the convention was
	// checked for.
	Fattispecie string
	// EtichettaScadenza is the declared label of the answer's scadenza.
	EtichettaScadenza string
	// Valori are the values the rules export (the posts free at the
	// sede), by their labels, when the form sent sedi.
	Valori []vistaDato
}

// moduloConvenzione builds the page's form from the declared fields of
// the convenzione request, each in its group as the vocabulary declares
// it (gruppo, or the group its path's first part names: the work to be
// done, the convention, its sedi), the groups in the vocabulary's order
// with their titles and notes; a list whose items have members in rows,
// a field naming fattispecie among those of the rules, by their titles.
// It returns the groups, the fields it reads with leggiCampi and the
// lists it asks in rows (the convention's sedi), which it reads itself.
func moduloConvenzione(r *regole, form url.Values) ([]vistaGruppo, []lpu.InfoCampo, []*vistaLista) {
	var letti []lpu.InfoCampo
	var righe []*vistaLista
	per := map[string]*vistaGruppo{}
	tutti := r.e.Campi("convenzione")
	liste := map[string]bool{} // the lists asked in rows
	for _, c := range tutti {
		if c.Tipo == "lista" && len(membri(tutti, c.Nome)) > 0 {
			liste[c.Nome] = true
		}
	}
	for _, c := range tutti {
		if i := strings.LastIndexByte(c.Nome, '.'); i > 0 && liste[c.Nome[:i]] {
			continue // (a member of a list: in the list's rows)
		}
		id, _, _ := strings.Cut(c.Nome, ".")
		if c.Gruppo != "" {
			id = c.Gruppo
		}
		g := per[id]
		if g == nil {
			g = &vistaGruppo{}
			per[id] = g
		}
		if liste[c.Nome] {
			l := listaModulo(tutti, c, c.Nome, "", form)
			righe = append(righe, l)
			g.Liste = append(g.Liste, l)
			continue
		}
		letti = append(letti, c)
		vc := campoModulo(c, form)
		if c.ValoriFattispecie {
			// A code the form writes for the lawyer: the fattispecie by
			// their titles, to choose. The one ticked and printed is the
			// one the engine is given (the first value sent, as
			// leggiCampi reads it), not another a request repeats.
			if c.Tipo == "lista" {
				vc.Tipo, vc.Scelte = "scelte", sceltaFattispecie(r, vc.ID, valoriLista(form[c.Nome]))
			} else {
				vc.Tipo, vc.Scelte = "scelta", sceltaFattispecie(r, vc.ID, map[string]bool{strings.TrimSpace(form.Get(c.Nome)): true})
			}
		}
		g.Campi = append(g.Campi, vc)
	}
	var gruppi []vistaGruppo
	for _, d := range r.et.gruppi {
		if g := per[d.Prefisso]; g != nil {
			g.Titolo, g.Nota = d.Titolo, d.Nota
			gruppi = append(gruppi, *g)
		}
	}
	return gruppi, letti, righe
}

// campiGruppi are the boxes of the groups, in the form's order: each
// group's lists' rows, then its fields.
func campiGruppi(gruppi []vistaGruppo) []*vistaCampo {
	var out []*vistaCampo
	for _, g := range gruppi {
		for _, l := range g.Liste {
			out = append(out, l.campi()...)
		}
		out = append(out, g.Campi...)
	}
	return out
}

// sceltaFattispecie are the fattispecie of the rules as choices, those
// in scelti chosen.
func sceltaFattispecie(r *regole, id string, scelti map[string]bool) []vistaScelta {
	out := make([]vistaScelta, 0, len(r.catalogo))
	for _, f := range r.catalogo {
		out = append(out, vistaScelta{Valore: f.ID, Etichetta: f.Titolo, ID: id + "-" + f.ID, Scelta: scelti[f.ID]})
	}
	return out
}

// valoriLista are the items of a list the form sent, as leggiCampi reads
// them (boxes ticked, or items separated by commas).
func valoriLista(valori []string) map[string]bool {
	out := map[string]bool{}
	for _, p := range vociLista(valori) {
		out[p] = true
	}
	return out
}

func (s *Server) paginaConvenzione(c *gin.Context) {
	r := s.regole()
	form := url.Values{}
	inviato := c.Request.Method == http.MethodPost
	if inviato {
		f, e := s.leggiPost(c)
		if e != nil {
			s.paginaErrore(c, e)
			return
		}
		form = f
	}
	gruppi, letti, liste := moduloConvenzione(r, form)
	v := vistaConvenzione{base: s.base("Verifica della convenzione dell'ente"), Gruppi: gruppi, Inviato: inviato}
	if !inviato {
		s.mostra(c, http.StatusOK, "convenzione.html", v)
		return
	}
	campi := campiGruppi(v.Gruppi)
	req := map[string]any{}
	errs := leggiCampi(letti, form, req)
	// The lists' rows (the sedi, their posts and occupations): the rows
	// typed are the request's items.
	lette := false
	for _, l := range liste {
		if voci := l.leggi(func(f *vistaCampo, msg string) { errs[f.Nome] = msg }); len(voci) > 0 {
			imposta(req, l.Nome, voci)
			lette = true
		}
	}
	// An error on a sede, its posts or its occupations is on the row the
	// user typed it in.
	modulo := func(campo string) string {
		for _, l := range liste {
			if resto, ok := strings.CutPrefix(campo, l.Nome); ok && (resto == "" || resto[0] == '[' || resto[0] == '.') {
				if n := l.campo(l.Nome[strings.LastIndexByte(l.Nome, '.')+1:] + resto); n != "" {
					return n
				}
			}
		}
		return campoSenzaIndici(campo)
	}
	// A row the page does not read: no answer on the others.
	var oltre []vistaErroreCampo
	for _, l := range liste {
		oltre = append(oltre, l.righeNonLette()...)
	}
	if len(oltre) > 0 {
		v.Errori = append(oltre, erroriModulo(campi, errs)...)
		s.mostra(c, http.StatusBadRequest, "convenzione.html", v)
		return
	}
	body, _ := json.Marshal(req)
	out, err := r.e.Run(c.Request.Context(), "convenzione", body)
	if len(errs) > 0 || err != nil {
		// As the calcolo's form: the form's own errors, then the
		// engine's on the fields the form could read.
		stato := s.erroriDelMotore(c, errs, err, campi, modulo)
		v.Errori = erroriModulo(campi, errs)
		s.mostra(c, stato, "convenzione.html", v)
		return
	}
	res, ok := out.(*lpu.RisultatoConvenzione)
	if !ok { // the engine's convenzione kind answers *lpu.RisultatoConvenzione
		panic(fmt.Errorf("server: convenzione ha risposto %T", out))
	}
	v.Esito = res
	if f, ok := r.perID[strings.TrimSpace(form.Get("fattispecie"))]; ok {
		v.Fattispecie = f.Titolo
	}
	for _, g := range v.Gruppi {
		for _, l := range g.Liste {
			v.Dati = append(v.Dati, l.dati()...)
		}
		v.Dati = append(v.Dati, datiCampi([]vistaGruppo{g}, "")...)
	}
	v.EtichettaScadenza = "Scadenza"
	for _, u := range r.e.Uscite("convenzione") {
		if u.Nome == "scadenza" {
			v.EtichettaScadenza = u.Etichetta
		}
	}
	if len(liste) > 0 && (lette || strings.TrimSpace(form.Get("sede")) != "") {
		v.Valori = valoriEsportati(r.e.ValoriEsportati("convenzione"), res)
	}
	s.mostra(c, http.StatusOK, "convenzione.html", v)
}

// valoriEsportati are the values of the answer's valori (the posts free
// at the sede) by their labels, a code by its label: each whose step
// the answer shows (the rules show it when the value means something
// for the case: a sede's free post when a sede was checked), or whose
// step never shows (the value is all the answer says of it).
func valoriEsportati(info []lpu.InfoValore, res *lpu.RisultatoConvenzione) []vistaDato {
	mostrati := map[string]bool{}
	for _, p := range res.Passi {
		mostrati[p.Regola] = true
	}
	var out []vistaDato
	for _, i := range info {
		x, ok := res.Valori[i.Nome]
		if !ok || i.Etichetta == "" || !i.Nascosto && !mostrati[i.Regola] {
			continue
		}
		val := fmt.Sprint(x)
		switch y := x.(type) {
		case bool:
			val = map[bool]string{true: "sì", false: "no"}[y]
		case string:
			val = dataItaliana(y) // a date as the page writes dates
		}
		for _, sc := range i.Scelte {
			if sc.Valore == val {
				val = sc.Etichetta
			}
		}
		d := vistaDato{Etichetta: i.Etichetta, Valore: val}
		if !mostrati[i.Regola] {
			d.Fonte = i.Fonte
		}
		out = append(out, d)
	}
	return out
}
