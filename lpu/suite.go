package lpu

import (
	"context"
	"io/fs"

	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// EsitoCaso is the outcome of one case of a rule suite.
type EsitoCaso struct {
	// File is the suite's file, named as the rule files are (an
	// overlay's by its own path).
	File string
	// Nome is the case's name, Riga its line in File.
	Nome string
	Riga int
	// Errori says how the answer differs from what the case expects;
	// none when the case passed.
	Errori []string
}

// OK reports whether the case passed.
func (e EsitoCaso) OK() bool { return len(e.Errori) == 0 }

// RunSuite runs every suite in dir (default "test") of fsys against the
// engine and returns one outcome per case, sorted by file and line. A case
// that names no kind, in a suite that names none, is a calcolo. A nil
// fsys is an error of KindInternal.
func (e *Engine) RunSuite(ctx context.Context, fsys fs.FS, dir string) ([]EsitoCaso, error) {
	if err := e.nonCaricato(); err != nil {
		return nil, err
	}
	if fsys == nil {
		return nil, errore(KindInternal, CodeErroreInterno, "", "suite non indicate: fs.FS nil")
	}
	ctx = sfondo(ctx)
	esiti, err := motore.EseguiSuite(fsys, dir, motore.Esecutore{
		Esegui: func(tipo string, body []byte) (any, error) {
			return e.Run(ctx, tipo, body)
		},
		AsError: func(err error) any { return AsError(err) },
		Tipo:    "calcolo",
	})
	if err == nil && ctx.Err() != nil {
		err = errInterrotta(ctx.Err()) // the cases run after it are not outcomes
	}
	if err != nil {
		return nil, err
	}
	out := make([]EsitoCaso, len(esiti))
	for i, x := range esiti {
		out[i] = EsitoCaso{File: x.File, Nome: x.Nome, Riga: x.Riga, Errori: x.Errori}
	}
	return out, nil
}
