package server

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/lpu-it/lpu/lpu"
)

// csp allows only this origin's styles, scripts and forms, and no framing.
// connect-src 'self': the batch page (/lotto) sends its file with
// XMLHttpRequest, to show the upload's progress and save the answer.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// intestazioniSicurezza sets the security headers on every answer. The
// answers depend on the case and may hold personal data, so they are not
// stored by shared caches.
func intestazioniSicurezza(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	if !strings.HasPrefix(c.Request.URL.Path, "/static/") {
		h.Set("Cache-Control", "no-store")
	}
	c.Next()
}

// registra logs one line per request and records the metrics. It logs
// the route template (never the path or the query, which may carry
// personal data), the method, the status, the size and the duration; no
// client address, no body.
func (s *Server) registra(c *gin.Context) {
	inizio := time.Now()
	id := idRichiesta()
	c.Writer.Header().Set("X-Request-Id", id)
	c.Next()
	d := time.Since(inizio)
	rotta := c.FullPath()
	if rotta == "" {
		rotta = "nessuna"
	}
	stato := c.Writer.Status()
	metodo := metodoNoto(c.Request.Method)
	s.met.osserva(rotta, metodo, stato, d)
	livello := slog.LevelInfo
	if stato >= 500 {
		livello = slog.LevelError
	}
	if !s.log.Enabled(c.Request.Context(), livello) {
		return
	}
	s.log.LogAttrs(c.Request.Context(), livello, "richiesta",
		slog.String("id", id),
		slog.String("metodo", metodo),
		slog.String("rotta", rotta),
		slog.Int("stato", stato),
		slog.Int("byte", c.Writer.Size()),
		slog.Float64("ms", float64(d.Microseconds())/1000),
	)
}

func idRichiesta() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// recupera turns a panic into a 500 with the contract's error object (or
// the error page), logging the stack but not the request.
func (s *Server) recupera(c *gin.Context) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if r == http.ErrAbortHandler {
			panic(r)
		}
		s.log.Error("panico nel gestore", "rotta", c.FullPath(), "panico", slog.AnyValue(r).String(), "stack", string(debug.Stack()))
		if c.Writer.Written() {
			c.Abort()
			return
		}
		e := errore(http.StatusInternalServerError, lpu.CodeErroreInterno, "", "errore interno del server")
		if vuoleHTML(c) {
			s.paginaErrore(c, e)
		} else {
			scriviErrore(c, e)
		}
		c.Abort()
	}()
	c.Next()
}

// vuoleHTML reports whether the request comes from the web pages rather
// than the API.
func vuoleHTML(c *gin.Context) bool {
	p := c.Request.URL.Path
	if strings.HasPrefix(p, "/api/") || p == "/healthz" || p == "/metrics" || p == "/openapi.json" {
		return false
	}
	return true
}
