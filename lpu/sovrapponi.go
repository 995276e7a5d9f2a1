package lpu

import (
	"io/fs"

	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// Overlay returns a file system in which the files of top replace
// those of base with the same name, and the others are added; it is how a
// directory of rules overlays the embedded ones. Each file keeps the
// name of the layer it comes from (see Layer). A nil side is no layer:
// Overlay(base, nil) is base, Overlay(nil, top) is top, and
// Overlay(nil, nil) is nil, which Load refuses.
func Overlay(base, top fs.FS) fs.FS {
	switch {
	case top == nil:
		return base
	case base == nil:
		return top
	}
	return motore.Sovrapponi(base, top)
}

// Layer returns fsys as a layer of rules named nome, the directory as
// the user gave it: Load and RunSuite name each of its files
// nome/file in their problems (/etc/lpu/regole/cp165.yaml:12:7: …),
// where a file of a file system without a name is rules/file. The
// layer of a nil fsys is nil, which Load refuses.
func Layer(nome string, fsys fs.FS) fs.FS {
	if fsys == nil {
		return nil
	}
	return motore.Strato(nome, fsys)
}
