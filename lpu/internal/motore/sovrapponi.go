package motore

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"syscall"
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

func (s strato) Open(name string) (fs.File, error)     { return s.fsys.Open(name) }
func (s strato) Stat(name string) (fs.FileInfo, error) { return fs.Stat(s.fsys, name) }
func (s strato) ReadFile(name string) ([]byte, error)  { return fs.ReadFile(s.fsys, name) }

// ReadDir lists directory name of the layer; the error of a folder that
// cannot be read as a whole (the root: missing, a file, no permission)
// names the folder as the user gave it.
func (s strato) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(s.fsys, name)
	if err != nil && name == "." {
		return nil, cartellaIlleggibile(s.nome, s.fsys, err)
	}
	return es, err
}

// ErroreCartella is the error of a folder of rules whose root cannot be
// read: Load fails with it rather than take the folder for an empty
// layer (the rules below it alone, answered as if they were the ones
// asked for).
type ErroreCartella struct {
	Nome string // the folder as the user gave it; "" when not known
	File bool   // it is a file, not a folder
	Err  error
}

func (e *ErroreCartella) Error() string {
	cartella := "la cartella delle regole"
	if e.Nome != "" {
		cartella += " «" + e.Nome + "»"
	}
	switch {
	case e.File:
		return cartella + " non è una cartella"
	case errors.Is(e.Err, fs.ErrNotExist):
		return cartella + " non esiste"
	case errors.Is(e.Err, fs.ErrPermission):
		return cartella + " non si può leggere: permesso negato"
	}
	return fmt.Sprintf("%s non si può leggere (%v)", cartella, e.Err)
}

func (e *ErroreCartella) Unwrap() error { return e.Err }

// cartellaIlleggibile is the error err of reading the root of fsys, the
// folder nome, as an *ErroreCartella (as it is when it already is one).
func cartellaIlleggibile(nome string, fsys fs.FS, err error) error {
	var ec *ErroreCartella
	if errors.As(err, &ec) {
		return err
	}
	// (os.DirFS of a file fails on its "." with ENOTDIR; another fs.FS
	// may say the root is a file)
	st, errStat := fs.Stat(fsys, ".")
	file := errors.Is(err, syscall.ENOTDIR) || errStat == nil && !st.IsDir()
	return &ErroreCartella{Nome: nome, File: file, Err: err}
}

type overlay struct{ base, top fs.FS }

// Sostituito is the file of the lower layers of fsys that the file name
// of an upper layer replaces (Sovrapponi): how a problem names it, and
// its source, at most maxFile bytes; ok is false when name replaces no
// file (or the file cannot be read: it is then not the one to blame).
func Sostituito(fsys fs.FS, name string, maxFile int) (nome string, src []byte, ok bool) {
	o, isOverlay := fsys.(overlay)
	switch {
	case !isOverlay:
		return "", nil, false
	case !o.inTop(name):
		return Sostituito(o.base, name, maxFile)
	}
	st, err := fs.Stat(o.base, name)
	if err != nil || !st.Mode().IsRegular() || st.Size() > int64(maxFile) {
		return "", nil, false
	}
	src, err = fs.ReadFile(o.base, name)
	if err != nil || len(src) > maxFile {
		return "", nil, false
	}
	return NomeRegola(o.base, name), src, true
}

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

// ReadDir lists the directory name of both layers, a file of top
// replacing base's of the same name. A directory below the root that one
// layer has and the other not is the one's (a layer without test/); the
// root of either layer that cannot be read is an error
// (*ErroreCartella), not an empty layer.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var errs []error
	for _, f := range []fs.FS{o.base, o.top} {
		es, err := fs.ReadDir(f, name)
		if err != nil && name == "." {
			return nil, cartellaIlleggibile("", f, err)
		}
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
