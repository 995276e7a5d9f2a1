// Package regoleprova builds, for the tests of lpu and server, small rule
// sets of the embedded files: a Load of a few files costs a fraction of
// the whole rules' (more than half a second of CPU under -race).
package regoleprova

import (
	"io/fs"
	"regexp"
	"strings"
	"testing/fstest"

	"github.com/lpu-it/lpu/rules"
)

// File is the rule set of the embedded files named. A file named that
// uses shared steps (usa: comuni.settimane_sei_mesi) brings the file of
// tipo passi that has them, unless it is named too, with only the steps
// the files named use: a shared step no file uses is a problem at load.
func File(nomi ...string) (fstest.MapFS, error) {
	m := fstest.MapFS{}
	usati := map[string]map[string]bool{} // file id → step ids
	for _, n := range nomi {
		b, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			return nil, err
		}
		m[n] = &fstest.MapFile{Data: b}
		for _, u := range reUsa.FindAllStringSubmatch(string(b), -1) {
			if usati[u[1]] == nil {
				usati[u[1]] = map[string]bool{}
			}
			usati[u[1]][u[2]] = true
		}
	}
	for id, passi := range usati {
		n := id + ".yaml"
		if m[n] != nil {
			continue
		}
		b, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			return nil, err
		}
		m[n] = &fstest.MapFile{Data: []byte(soloPassi(string(b), passi))}
	}
	return m, nil
}

// reUsa is a step usa: <file>.<passo> of an embedded rule file.
var reUsa = regexp.MustCompile(`(?m)^  - usa: (\w+)\.(\w+)\s*$`)

// soloPassi is src, an embedded file of tipo passi, with only the steps
// whose id is in passi (a comment between two steps goes with the
// first).
func soloPassi(src string, passi map[string]bool) string {
	var b strings.Builder
	tieni := true
	for _, l := range strings.SplitAfter(src, "\n") {
		if strings.HasPrefix(l, "  - ") {
			id, ok := strings.CutPrefix(strings.TrimSpace(l), "- id: ")
			tieni = ok && passi[id]
		}
		if tieni {
			b.WriteString(l)
		}
	}
	return b.String()
}
