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
	"flag"
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

// servizio answers POST /calcolo. The Engine is safe for concurrent use:
// one for every request.
func servizio(e *lpu.Engine) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /calcolo", func(w http.ResponseWriter, r *http.Request) {
		var req lpu.Richiesta
		err := lpu.Decode(io.LimitReader(r.Body, 1<<20), &req)
		var res *lpu.Risultato
		if err == nil {
			res, err = e.Calcolo(context.Background(), &req)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if err != nil {
			errore := lpu.AsError(err)
			w.WriteHeader(statoHTTP(errore)) // 400, 422, or 500 (never for bad input)
			_ = lpu.WriteJSON(w, lpu.NewErrorBody(err), "")
			return
		}
		// The bytes lpu serve writes: no HTML escaping, one Write.
		_ = lpu.WriteJSON(w, res, "")
	})
	return mux
}

// statoHTTP maps an error's kind to an HTTP status: the service's
// choice, not the engine's.
func statoHTTP(e *lpu.Error) int {
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
