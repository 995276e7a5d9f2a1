// Command calcolo is the smallest Go service built on the lpu library: it
// loads the embedded rules once and answers POST /calcolo with the JSON
// of the public contract, errors included.
//
//	go run ./examples/calcolo -addr localhost:8081
//	curl -d '{"fattispecie":"cds186","data":"2025-06-10",
//	  "pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}}' localhost:8081/calcolo
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	_ "time/tzdata" // Europe/Rome for requests without a date, on any machine

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

func main() {
	addr := flag.String("addr", "localhost:8081", "indirizzo su cui ascoltare")
	flag.Parse()
	e, err := lpu.Load(context.Background(), rules.FS) // parse, check and compile the rules: once
	if err != nil {
		log.Fatal(err) // every problem, with its file:line:col
	}
	log.Printf("regole %s, in ascolto su %s", e.Hash(), *addr)
	log.Fatal(http.ListenAndServe(*addr, servizio(e)))
}

// maxCorpo bounds a request's body: a larger one is refused, not cut.
const maxCorpo = 1 << 20

// servizio answers POST /calcolo. The Engine is safe for concurrent use:
// one for every request.
func servizio(e *lpu.Engine) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /calcolo", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCorpo))
		var res any
		if err == nil {
			// Run reads the JSON as Decode does and answers as Calcolo
			// does, each wrong field named by its label («Ammenda (€)»:
			// importo non valido: …); r.Context() stops the evaluation
			// of a client that went away.
			res, err = e.Run(r.Context(), "calcolo", body)
		} else {
			err = erroreLettura(err)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if err != nil {
			errore := lpu.AsError(err)
			w.WriteHeader(statoHTTP(errore)) // 400, 413, 422, or 500 (never for bad input)
			_ = lpu.WriteJSON(w, lpu.NewErrorBody(err), "")
			return
		}
		// The bytes lpu serve writes: no HTML escaping, one Write.
		_ = lpu.WriteJSON(w, res, "")
	})
	return mux
}

// erroreLettura is the contract's error for a body that could not be
// read: too large, or cut by the client.
func erroreLettura(err error) *lpu.Error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &lpu.Error{Code: lpu.CodeRichiestaTroppoGrande, Message: fmt.Sprintf("richiesta troppo grande: al massimo %d KiB", maxCorpo>>10)}
	}
	return &lpu.Error{Code: lpu.CodeLettura, Message: "impossibile leggere la richiesta: connessione interrotta"}
}

// statoHTTP maps an error's kind to an HTTP status: the service's
// choice, not the engine's.
func statoHTTP(e *lpu.Error) int {
	switch {
	case e.Code == lpu.CodeRichiestaTroppoGrande:
		return http.StatusRequestEntityTooLarge
	case e.Kind == lpu.KindInput:
		return http.StatusBadRequest
	case e.Kind == lpu.KindNotAllowed:
		return http.StatusUnprocessableEntity
	case e.Kind == lpu.KindCanceled:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
