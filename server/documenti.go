package server

import (
	"embed"
	"fmt"
	"net/http"
	"net/url"
	"text/template"

	"github.com/gin-gonic/gin"
)

// documentiFS holds the texts of the documents the server writes: the
// "Copia" block of the prospetto and the domanda di sostituzione.
//
//go:embed web/documenti/*
var documentiFS embed.FS

func caricaDocumenti() (*template.Template, error) {
	t, err := template.New("documenti").Funcs(funzioniTesto).ParseFS(documentiFS, "web/documenti/*.txt")
	if err != nil {
		return nil, fmt.Errorf("server: documenti: %w", err)
	}
	return t, nil
}

// rotteDocumenti adds the pages a lawyer takes away or reads beside the
// calculator: the glossary, and the domanda di sostituzione.
func (s *Server) rotteDocumenti(g *gin.Engine) {
	g.GET("/glossario", s.paginaGlossario)
	g.POST("/calcolo/:fattispecie/domanda", s.paginaDomanda)
	g.GET("/calcolo/:fattispecie/domanda", s.domandaSenzaCalcolo)
}

// domandaSenzaCalcolo answers a GET of the domanda's address (a reload of
// the domanda, a bookmark): the domanda is made from a calculation, whose
// data only the POST of its page carries, so the person is sent to the
// calculator's form of the fattispecie (303), rather than to an error page
// about methods. An unknown fattispecie gets the form's own 404 there.
func (s *Server) domandaSenzaCalcolo(c *gin.Context) {
	c.Redirect(http.StatusSeeOther, "/calcolo/"+url.PathEscape(c.Param("fattispecie")))
}

func (s *Server) paginaGlossario(c *gin.Context) {
	s.mostra(c, http.StatusOK, "glossario.html", s.base("Glossario"))
}
