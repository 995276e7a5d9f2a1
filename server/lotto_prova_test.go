package server

// A stand-in for lotto, whose code is not merged here yet: it answers a
// JSON array of calcolo requests, one result or error per element,
// streaming, so that the endpoint and its errors can be tested. It states
// no law: each row goes through Engine.Esegui.

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/lpu-it/lpu/lpu"
)

func estensioniProva() Estensioni { return Estensioni{Lotto: lottoProva} }

func lottoProva(e *lpu.Engine, r io.Reader, w io.Writer, formato string) error {
	if formato != "json" {
		return &lpu.Errore{Codice: "formato_non_supportato", Messaggio: "solo JSON nella prova", Stato: 400}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	var righe []json.RawMessage
	if err := json.Unmarshal(b, &righe); err != nil {
		return &lpu.Errore{Codice: "json_non_valido", Messaggio: "atteso un array JSON", Stato: 400}
	}
	fmt.Fprint(w, "[")
	for i, riga := range righe {
		if i > 0 {
			fmt.Fprint(w, ",")
		}
		out, err := e.Esegui("calcolo", riga)
		if err != nil {
			out = lpu.Corpo{Errore: lpu.ComeErrore(err)}
		}
		jb, _ := json.Marshal(out)
		w.Write(jb)
	}
	fmt.Fprint(w, "]")
	return nil
}
