package server

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

// The rules as a judge reads them: /regole lists the fattispecie and the
// other rule files (the Fund's, the convention's: lpu's AltreRegole), and
// /regole/{id} renders one rule file from lpu's Descrizione — its source
// with links to Normattiva, the parameters with their dated values, every
// step with its condition in words, the caveats and the suite's cases as
// worked examples — printable on its own (regole.css).

type vistaRegole struct {
	base
	Fattispecie []vistaFattispecie
	Altre       []lpu.InfoRegole
}

type vistaRegola struct {
	base
	D *lpu.DescrizioneFattispecie
}

func (s *Server) paginaRegole(c *gin.Context) {
	r := s.regole()
	v := vistaRegole{base: s.base("Le regole, come le legge un giudice")}
	for _, f := range r.catalogo {
		v.Fattispecie = append(v.Fattispecie, vistaInfo(f))
	}
	v.Altre = r.e.AltreRegole()
	s.mostra(c, http.StatusOK, "regole.html", v)
}

func (s *Server) paginaRegola(c *gin.Context) {
	r := s.regole()
	id := c.Param("fattispecie")
	if n, ok := r.e.FattispecieDaNome(id); ok && n != id {
		c.Redirect(http.StatusMovedPermanently, "/regole/"+n)
		return
	}
	d, err := r.descrizione(c.Request.Context(), id, calc.Oggi(s.oggi()))
	if err != nil {
		if lpu.AsError(err).Kind == lpu.KindInput { // an unknown fattispecie
			s.paginaErrore(c, fattispecieSconosciuta(id))
			return
		}
		s.paginaErrore(c, s.comeErrore(c, err))
		return
	}
	s.mostra(c, http.StatusOK, "regola.html", vistaRegola{base: s.base("Regole: " + d.Titolo), D: d})
}

// descritte are the rule files as /regole/{id} shows them (lpu's
// Descrizione, the values by their labels), each described on its first
// visit and then kept with the rules in use: a description runs every
// example of the file's suite, and depends only on the rules and on the
// day (an example without a date is of today), so it is kept for the
// day it was made on, and a reload, which brings new regole, starts
// anew. Unknown ids and interrupted descriptions are not kept; two
// first visits at once may both describe the file.
type descritte struct {
	mu     sync.Mutex
	giorno time.Time
	perID  map[string]*lpu.DescrizioneFattispecie
}

// descrizione is the rule file id described for /regole/{id} on the
// day giorno. The description answered is shared: a page only reads it.
func (r *regole) descrizione(ctx context.Context, id string, giorno time.Time) (*lpu.DescrizioneFattispecie, error) {
	k := &r.descritte
	k.mu.Lock()
	d := k.perID[id]
	if !k.giorno.Equal(giorno) {
		d = nil
	}
	k.mu.Unlock()
	if d != nil {
		return d, nil
	}
	d, err := r.e.Descrizione(ctx, id)
	if err != nil {
		return nil, err
	}
	r.et.nomi.descrizione(d)
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.giorno.Equal(giorno) {
		k.giorno, k.perID = giorno, map[string]*lpu.DescrizioneFattispecie{}
	}
	k.perID[id] = d
	return d, nil
}
