package lpu

import (
	"io/fs"

	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// Overlay returns a file system in which the files of top replace
// those of base with the same name, and the others are added; it is how a
// directory of rules overlays the embedded ones. Each file keeps the
// name of the layer it comes from (see Layer).
func Overlay(base, top fs.FS) fs.FS { return motore.Sovrapponi(base, top) }

// Layer returns fsys as a layer of rules named nome, the directory as
// the user gave it: Load and RunSuite name each of its files
// nome/file in their problems (/etc/lpu/regole/cp165.yaml:12:7: …),
// where a file of a file system without a name is rules/file.
func Layer(nome string, fsys fs.FS) fs.FS { return motore.Strato(nome, fsys) }
