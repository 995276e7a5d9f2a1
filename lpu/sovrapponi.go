package lpu

import (
	"errors"
	"io/fs"
	"sort"
)

// Sovrapponi returns a file system in which the files of top replace
// those of base with the same name, and the others are added; it is how a
// directory of rules overlays the embedded ones.
func Sovrapponi(base, top fs.FS) fs.FS { return overlay{base, top} }

type overlay struct{ base, top fs.FS }

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
