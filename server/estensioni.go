package server

import (
	"io"

	"github.com/lpu-it/lpu/lpu"
)

// Estensioni are the features served over HTTP whose code lives outside
// the engine and this package. A nil field makes its endpoint answer 404
// with the coded error funzione_non_disponibile.
type Estensioni struct {
	// Lotto answers POST /api/v1/lotto: it reads many calcolo requests
	// from r (a JSON array when formato is "json", CSV with a header row
	// when it is "csv") and writes one result per input row, in order, in
	// the same format, on w. A bad row gets its error in its own result;
	// the returned error is for a body that cannot be read at all (an
	// *lpu.Errore, when it is the request's fault).
	Lotto func(e *lpu.Engine, r io.Reader, w io.Writer, formato string) error
}
