package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// rotteDocumenti adds the pages a lawyer takes away or reads beside the
// calculator: the glossary, and the domanda di sostituzione.
func (s *Server) rotteDocumenti(g *gin.Engine) {
	g.GET("/glossario", s.paginaGlossario)
}

func (s *Server) paginaGlossario(c *gin.Context) {
	s.mostra(c, http.StatusOK, "glossario.html", s.base("Glossario"))
}
