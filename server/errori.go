package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/lpu-it/lpu/lpu"
)

// The HTTP status of an error lives here, not in the engine: the engine
// says what kind of error it is (lpu.Kind), the server which status that
// is. The contract's statuses: 400 for bad input, 422 for a well-formed
// request whose case the law does not allow; never 500 for bad input.
// A rule that fails while running (lpu.KindRule, code regola_fallita) is
// the rule set's fault, not the request's: 500, like an internal error.
// An evaluation stopped by its context is 503.

// statoServer is the status of an error of the server's own (413 for a
// body too large, 404 for an unknown address, …): the cause the error
// wraps, which the engine's errors never have.
type statoServer int

func (s statoServer) Error() string { return http.StatusText(int(s)) }

// errore is an error of the server's own, answered with stato.
func errore(stato int, codice lpu.Code, campo, formato string, args ...any) *lpu.Error {
	kind := lpu.KindInput
	switch {
	case stato == http.StatusUnprocessableEntity:
		kind = lpu.KindNotAllowed
	case stato >= 500:
		kind = lpu.KindInternal
	}
	return &lpu.Error{Code: codice, Field: campo, Message: fmt.Sprintf(formato, args...), Kind: kind, Err: statoServer(stato)}
}

// fattispecieSconosciuta is the error of a page asked for a fattispecie
// the rules do not have: id is the one in its address, cut short.
func fattispecieSconosciuta(id string) *lpu.Error {
	return errore(http.StatusNotFound, lpu.CodeFattispecieSconosciuta, "fattispecie", "fattispecie «%s» sconosciuta", troncato(id, 40))
}

// statoHTTP is the status an error is answered with.
func statoHTTP(e *lpu.Error) int {
	if s, ok := e.Err.(statoServer); ok {
		return int(s)
	}
	switch e.Kind {
	case lpu.KindInput:
		return http.StatusBadRequest
	case lpu.KindNotAllowed:
		return http.StatusUnprocessableEntity
	case lpu.KindCanceled:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// erroreInterno logs err (a template or engine bug, never the request's
// data) with the route and answers 500 errore_interno, as a recovered
// panic would, without the panic.
func (s *Server) erroreInterno(c *gin.Context, err error) *lpu.Error {
	s.log.Error("errore interno", "rotta", c.FullPath(), "errore", err.Error())
	return errore(http.StatusInternalServerError, lpu.CodeErroreInterno, "", "errore interno del server")
}
