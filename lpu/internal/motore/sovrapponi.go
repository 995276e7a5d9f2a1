package motore

import (
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
)

// Sovrapponi returns a file system in which the files of top replace
// those of base with the same name, and the others are added; it is how a
// directory of rules overlays the embedded ones. Each file keeps the
// name of the layer it comes from (see Strato).
func Sovrapponi(base, top fs.FS) fs.FS { return overlay{base, top} }

// Strato returns fsys as a layer of rules named nome, the directory as
// the user gave it: the loader and the suites name each of its files
// nome/file in their problems (/etc/lpu/regole/cp165.yaml:12:7: …),
// where a file of a file system without a name is rules/file.
func Strato(nome string, fsys fs.FS) fs.FS { return strato{fsys, nome} }

// origini is implemented by the file systems that know where each of
// their files comes from (Strato, Sovrapponi).
type origini interface {
	// origine is the name of file name for the user, or "" if unknown.
	origine(name string) string
	// livello is the layer file name comes from, 0 the lowest; strati
	// is how many layers there are.
	livello(name string) int
	strati() int
}

// Livello is the layer of rules file name of fsys comes from: 0 for
// the lowest (the embedded rules, under an overlay), one more for each
// layer laid over it (Sovrapponi). A layer above another may declare
// what the one below does not know (a new code, a new version): where a
// mistake between the two is to be fixed is the upper one.
func Livello(fsys fs.FS, name string) int {
	if o, ok := fsys.(origini); ok {
		return o.livello(name)
	}
	return 0
}

// strati is how many layers fsys has (one without Sovrapponi).
func strati(fsys fs.FS) int {
	if o, ok := fsys.(origini); ok {
		return o.strati()
	}
	return 1
}

// Origine is the name for the user of file name of fsys, or "" if fsys
// does not know it.
func Origine(fsys fs.FS, name string) string {
	if o, ok := fsys.(origini); ok {
		return o.origine(name)
	}
	return ""
}

// NomeRegola is how a problem names rule file name of fsys: its origin,
// or rules/name.
func NomeRegola(fsys fs.FS, name string) string {
	if o := Origine(fsys, name); o != "" {
		return o
	}
	return path.Join("rules", name)
}

type strato struct {
	fsys fs.FS
	nome string
}

func (s strato) origine(name string) string {
	return filepath.Join(s.nome, filepath.FromSlash(name))
}

func (s strato) livello(string) int { return 0 }
func (s strato) strati() int        { return 1 }

func (s strato) Open(name string) (fs.File, error)          { return s.fsys.Open(name) }
func (s strato) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(s.fsys, name) }
func (s strato) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.fsys, name) }
func (s strato) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(s.fsys, name) }

type overlay struct{ base, top fs.FS }

// inTop reports whether Open opens the file of top.
func (o overlay) inTop(name string) bool {
	st, err := fs.Stat(o.top, name)
	return err == nil && !st.IsDir()
}

func (o overlay) livello(name string) int {
	if o.inTop(name) {
		return strati(o.base) + Livello(o.top, name)
	}
	return Livello(o.base, name)
}

func (o overlay) strati() int { return strati(o.base) + strati(o.top) }

func (o overlay) origine(name string) string {
	if o.inTop(name) {
		return Origine(o.top, name)
	}
	return Origine(o.base, name)
}

// Open opens the file of top when it has one, and that of base
// otherwise. A file of top that is not a regular file (a FIFO, a device)
// is not opened, which could block or never end: the error says so.
func (o overlay) Open(name string) (fs.File, error) {
	if st, err := fs.Stat(o.top, name); err == nil && !st.IsDir() {
		if !st.Mode().IsRegular() {
			return nil, &fs.PathError{Op: "open", Path: name, Err: errNonRegolare}
		}
		return o.top.Open(name)
	}
	return o.base.Open(name)
}

// errNonRegolare is the error of opening a file that is not a regular
// file.
var errNonRegolare = errors.New("non è un file regolare")

// Stat describes the file Open would open, without opening it (a FIFO
// would block): Load looks at a file before reading it.
func (o overlay) Stat(name string) (fs.FileInfo, error) {
	if st, err := fs.Stat(o.top, name); err == nil && !st.IsDir() {
		return st, nil
	}
	return fs.Stat(o.base, name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var errs []error
	for _, f := range []fs.FS{o.base, o.top} {
		es, err := fs.ReadDir(f, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, e := range es {
			seen[e.Name()] = e
		}
	}
	if len(errs) == 2 {
		return nil, errors.Join(errs...)
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
