package motore

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Lettura is a rule set read from a directory: its files parsed, in name
// order, with their sources, and the hash of them all.
type Lettura struct {
	Nomi     []string // the names of the *.yaml files read
	Files    []*spec.File
	Sorgenti map[*spec.File][]byte
	Hash     string // "sha256:…"
	// Livelli are the layers the files come from (see Livello), by the
	// name their problems give them (NomeRegola).
	Livelli map[string]int
}

// ErroreLettura is an error of the file system listing (Nome "") or
// reading a rule file.
type ErroreLettura struct {
	Nome string
	Err  error
}

func (e *ErroreLettura) Error() string { return "motore: lettura di " + e.Nome + ": " + e.Err.Error() }
func (e *ErroreLettura) Unwrap() error { return e.Err }

// Leggi reads every *.yaml file at the root of fsys, in name order, and
// parses them in parallel (reading the YAML is a fifth of a load), each
// with its own problems, merged in name order. A file larger than
// maxFile, the files together larger than maxTot, or a file that is not
// a regular file are problems (at the file, line 1) and the result is
// nil: such a file is never read. The files are counted against maxTot
// layer by layer, the lowest first (the embedded rules, then an
// overlay's): the rules exceed it at one file, an upper layer's when it
// brings the excess, and are not read further. fermo is looked at
// between the files and before parsing: an error it gives is returned
// as it is.
func Leggi(fsys fs.FS, maxFile, maxTot int, fermo func() error, ps *spec.Problems) (*Lettura, error) {
	// (fs.Glob would take a root it cannot read for an empty one)
	names, err := fileYAML(fsys)
	if err != nil {
		return nil, &ErroreLettura{Err: err}
	}
	if err := yml(fsys, ps); err != nil {
		return nil, err
	}
	srcs := make([][]byte, len(names))
	totale, rotti := 0, false
	for _, i := range perLivello(fsys, names) {
		if err := fermo(); err != nil {
			return nil, err
		}
		n := names[i]
		src, msg, err := leggiFile(fsys, n, &totale, maxFile, maxTot)
		if err != nil {
			return nil, &ErroreLettura{Nome: n, Err: err}
		}
		if msg != "" {
			ps.Add(spec.Pos{File: NomeRegola(fsys, n), Line: 1, Col: 1}, "", "file", "%s", msg)
			rotti = true
			if totale > maxTot {
				break // (every later file would say it again)
			}
			continue
		}
		srcs[i] = src
	}
	if rotti {
		return nil, nil
	}
	h := sha256.New()
	for i, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(srcs[i]))
		h.Write(srcs[i])
	}
	if err := fermo(); err != nil {
		return nil, err
	}
	parsed := make([]*spec.File, len(names))
	parsedPs := make([]spec.Problems, len(names))
	InParallelo(len(names), func(i int) int { return len(srcs[i]) }, func(i int) {
		parsed[i] = spec.Parse(NomeRegola(fsys, names[i]), srcs[i], &parsedPs[i])
	})
	l := &Lettura{Nomi: names, Sorgenti: map[*spec.File][]byte{}, Hash: "sha256:" + hex.EncodeToString(h.Sum(nil)), Livelli: make(map[string]int, len(names))}
	for _, n := range names {
		l.Livelli[NomeRegola(fsys, n)] = Livello(fsys, n)
	}
	altroID := false
	for i, f := range parsed {
		*ps = append(*ps, parsedPs[i]...)
		if f != nil {
			l.Files = append(l.Files, f)
			l.Sorgenti[f] = srcs[i]
			altroID = sostituitoConAltroID(fsys, names[i], f, maxFile, ps) || altroID
		}
	}
	if altroID {
		// (every file that names the replaced id would say it is
		// unknown: the one mistake is the overlay's id)
		return nil, nil
	}
	return l, nil
}

// sostituitoConAltroID reports, with a problem at its id, whether f,
// the file name of fsys, replaces a file of a lower layer (an overlay's
// file of an embedded one's name) whose id is another: the replaced
// file's id would be gone in silence, and every file that names it
// would be wrong instead of the overlay.
func sostituitoConAltroID(fsys fs.FS, name string, f *spec.File, maxFile int, ps *spec.Problems) bool {
	if f.ID == "" {
		return false
	}
	nome, src, ok := Sostituito(fsys, name, maxFile)
	if !ok {
		return false
	}
	id := spec.IDFile(src)
	if id == "" || id == f.ID {
		return false
	}
	ps.Add(f.IDPos, "id", "id", "id %q: il file sostituisce %s, del suo stesso nome, che ha id %q: per sostituirlo va tenuto id %q, per aggiungere un file nuovo va dato al file un altro nome (%s.yaml)",
		f.ID, nome, id, id, f.ID)
	return true
}

// perLivello are the indexes of names, the files of fsys, by their layer
// (Livello), the lowest first, and in name order within one.
func perLivello(fsys fs.FS, names []string) []int {
	out := make([]int, len(names))
	livelli := make([]int, len(names))
	for i, n := range names {
		out[i], livelli[i] = i, Livello(fsys, n)
	}
	sort.SliceStable(out, func(a, b int) bool { return livelli[out[a]] < livelli[out[b]] })
	return out
}

// fileYAML are the names of the *.yaml files at the root of fsys, in
// order; a root that cannot be read is an *ErroreCartella.
func fileYAML(fsys fs.FS) ([]string, error) {
	es, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, cartellaIlleggibile("", fsys, err)
	}
	var names []string
	for _, e := range es {
		if ok, _ := path.Match("*.yaml", e.Name()); ok {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// yml reports the files saved as .yml, at the root of fsys or in test/:
// neither the rules nor the suites are read from them, and an author
// would never know the rule or the suite did not run (a rule file
// gdp54r.yml left the fattispecie out of «regole valide»). Not read as
// .yaml: an overlay's x.yml would not replace the embedded x.yaml, and
// both could be there.
func yml(fsys fs.FS, ps *spec.Problems) error {
	for _, pat := range []string{"*.yml", "test/*.yml"} {
		names, err := fs.Glob(fsys, pat)
		if err != nil {
			return &ErroreLettura{Err: err}
		}
		sort.Strings(names)
		for _, n := range names {
			cosa := "le regole"
			if path.Dir(n) == "test" {
				cosa = "le suite di test"
			}
			ps.Add(spec.Pos{File: NomeRegola(fsys, n), Line: 1, Col: 1}, "", "file", "%s si leggono solo dai file .yaml, non da questo: rinominarlo %s",
				cosa, path.Base(strings.TrimSuffix(n, ".yml"))+".yaml")
		}
	}
	return nil
}

// leggiFile reads the rule file n, adding its size to *totale: msg is
// the problem that keeps it from being read (not a regular file, too
// large), err an error reading it.
func leggiFile(fsys fs.FS, n string, totale *int, maxFile, maxTot int) (src []byte, msg string, err error) {
	st, err := fs.Stat(fsys, n)
	if err != nil {
		return nil, "", err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Sprintf("non è un file regolare (%s): non viene letto", st.Mode().Type()), nil
	}
	if st.Size() > int64(maxFile) {
		return nil, fmt.Sprintf("file troppo grande (%d byte; al massimo %d)", st.Size(), maxFile), nil
	}
	f, err := fsys.Open(n)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	// (the size a file system reports may be wrong: the read is bounded
	// all the same)
	src, err = io.ReadAll(io.LimitReader(f, int64(maxFile)+1))
	if err != nil {
		return nil, "", err
	}
	if len(src) > maxFile {
		return nil, fmt.Sprintf("file troppo grande (oltre %d byte)", maxFile), nil
	}
	if *totale += len(src); *totale > maxTot {
		return nil, fmt.Sprintf("con questo file le regole superano in tutto il limite di %d byte", maxTot), nil
	}
	return src, "", nil
}
