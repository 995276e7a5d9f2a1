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

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		if st, e := f.Stat(); e == nil && !st.IsDir() {
			return f, nil
		}
		f.Close()
	}
	return o.base.Open(name)
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
