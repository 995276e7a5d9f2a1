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
// sedi and their posti, a list of lists, are left to the API and the CLI.

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
}

// campoSede says whether the convenzione field nome is about the sedi
// and their posti, which the page does not ask for: the sedi themselves
// (a list of lists) and the sede and type of post to check among them.
func campoSede(nome string) bool {
	return nome == "convenzione.sedi" || strings.HasPrefix(nome, "convenzione.sedi.") || nome == "sede" || nome == "tipo_posto"
}

// moduloConvenzione builds the page's form from the declared fields of
// the convenzione request: the work to be done (the fattispecie and the
// date, the fattispecie chosen among those of the rules), then the
// convention. It returns the groups and the fields it reads.
func moduloConvenzione(r *regole, form url.Values) ([]vistaGruppo, []lpu.InfoCampo) {
	// The two groups' titles and notes are the vocabulary's (gruppi:
	// lavoro, convenzione).
	var lavoro, conv vistaGruppo
	for _, g := range r.et.gruppi {
		switch g.Prefisso {
		case "lavoro":
			lavoro.Titolo, lavoro.Nota = g.Titolo, g.Nota
		case "convenzione":
			conv.Titolo, conv.Nota = g.Titolo, g.Nota
		}
	}
	var letti []lpu.InfoCampo
	for _, c := range r.e.Campi("convenzione") {
		if campoSede(c.Nome) {
			continue
		}
		letti = append(letti, c)
		vc := campoModulo(c, form)
		switch c.Nome {
		case "fattispecie":
			// A code the form writes for the lawyer: the fattispecie by
			// their titles, one to choose. The one ticked and printed is
			// the one the engine is given (the first value sent, as
			// leggiCampi reads it), not another a request repeats.
			vc.Tipo, vc.Scelte = "scelta", sceltaFattispecie(r, vc.ID, map[string]bool{strings.TrimSpace(form.Get(c.Nome)): true})
		case "convenzione.fattispecie":
			vc.Tipo, vc.Scelte = "scelte", sceltaFattispecie(r, vc.ID, valoriLista(form[c.Nome]))
		}
		if strings.HasPrefix(c.Nome, "convenzione.") {
			conv.Campi = append(conv.Campi, vc)
		} else {
			lavoro.Campi = append(lavoro.Campi, vc)
		}
	}
	return []vistaGruppo{lavoro, conv}, letti
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
	gruppi, letti := moduloConvenzione(r, form)
	v := vistaConvenzione{base: s.base("Verifica della convenzione dell'ente"), Gruppi: gruppi, Inviato: inviato}
	if !inviato {
		s.mostra(c, http.StatusOK, "convenzione.html", v)
		return
	}
	var campi []*vistaCampo
	for _, g := range v.Gruppi {
		campi = append(campi, g.Campi...)
	}
	req := map[string]any{}
	errs := leggiCampi(letti, form, req)
	body, _ := json.Marshal(req)
	out, err := r.e.Run(c.Request.Context(), "convenzione", body)
	if len(errs) > 0 || err != nil {
		// As the calcolo's form: the form's own errors, then the
		// engine's on the fields the form could read.
		stato := s.erroriDelMotore(c, errs, err, campi)
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
	v.Dati = datiCampi(v.Gruppi, "")
	v.EtichettaScadenza = "Scadenza"
	for _, u := range r.e.Uscite("convenzione") {
		if u.Nome == "scadenza" {
			v.EtichettaScadenza = u.Etichetta
		}
	}
	s.mostra(c, http.StatusOK, "convenzione.html", v)
}
