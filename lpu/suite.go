package lpu

import (
	"context"
	"io/fs"

	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// Caso is one test case of a rule suite: a request and what must come out.
type Caso = motore.Caso

// Suite is a file of test cases (rules/test/<id>.yaml).
type Suite = motore.Suite

// EsitoCaso is the outcome of one case.
type EsitoCaso = motore.EsitoCaso

// EseguiSuite runs every suite in dir (default "test") of fsys against the
// engine and returns one outcome per case, sorted by file and line. A case
// that names no kind, in a suite that names none, is a calcolo.
func (e *Engine) EseguiSuite(fsys fs.FS, dir string) ([]EsitoCaso, error) {
	return motore.EseguiSuite(fsys, dir, motore.Esecutore{
		Esegui: func(tipo string, body []byte) (any, error) {
			return e.Run(context.Background(), tipo, body)
		},
		AsError: func(err error) any { return AsError(err) },
		Tipo:    "calcolo",
	})
}
