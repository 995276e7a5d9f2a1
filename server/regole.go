package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

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
	d, err := r.e.Descrizione(c.Request.Context(), id)
	if err != nil {
		if lpu.AsError(err).Kind == lpu.KindInput { // an unknown fattispecie
			s.paginaErrore(c, fattispecieSconosciuta(id))
			return
		}
		s.paginaErrore(c, s.comeErrore(c, err))
		return
	}
	r.et.nomi.descrizione(d)
	s.mostra(c, http.StatusOK, "regola.html", vistaRegola{base: s.base("Regole: " + d.Titolo), D: d})
}
