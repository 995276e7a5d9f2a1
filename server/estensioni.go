package server

import (
	"io"

	"github.com/lpu-it/lpu/lpu"
)

// Estensioni are the features served over HTTP whose code lives outside
// the engine and this package. A nil field makes its endpoints answer 404
// with the coded error funzione_non_disponibile, and the web page leaves
// out what depends on it.
type Estensioni struct {
	// Lotto answers POST /api/v1/lotto: it reads many calcolo requests
	// from r (a JSON array when formato is "json", CSV with a header row
	// when it is "csv") and writes one result per input row, in order, in
	// the same format, on w. A bad row gets its error in its own result;
	// the returned error is for a body that cannot be read at all (an
	// *lpu.Errore, when it is the request's fault).
	Lotto func(e *lpu.Engine, r io.Reader, w io.Writer, formato string) error

	// PianoICS writes the sessions of a piano request (JSON, as for POST
	// /api/v1/piano) as an iCalendar file: GET /api/v1/piano.ics and
	// POST /api/v1/piano with Accept: text/calendar. Errors in the request
	// are *lpu.Errore values.
	PianoICS func(e *lpu.Engine, richiesta []byte, w io.Writer) error

	// Registro writes the attendance register of a piano request as CSV
	// (one row per session, columns for the signatures): GET
	// /api/v1/registro.csv and POST /api/v1/piano with Accept: text/csv.
	Registro func(e *lpu.Engine, richiesta []byte, w io.Writer) error
}
