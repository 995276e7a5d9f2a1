package lpu_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sync"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/internal/regoleprova"
	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// casoSuite is one case of a YAML suite, as JSON.
type casoSuite struct {
	File, Nome, Tipo string
	Corpo            []byte
}

// casiSuite reads the requests of every rules/test/*.yaml case as the JSON
// bodies the engine would receive (read once: a dozen tests ask for
// them, and the YAML costs under -race); each caller gets its own slice.
func casiSuite(t testing.TB) []casoSuite {
	t.Helper()
	casi, err := casiSuiteUna()
	if err != nil {
		t.Fatal(err)
	}
	return slices.Clone(casi)
}

var casiSuiteUna = sync.OnceValues(func() ([]casoSuite, error) {
	names, err := fs.Glob(rules.FS, "test/*.yaml")
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("suite: %v (%d file)", err, len(names))
	}
	var out []casoSuite
	for _, n := range names {
		src, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			return nil, err
		}
		var s lpu.Suite
		if err := yaml.Unmarshal(src, &s); err != nil {
			return nil, fmt.Errorf("%s: %v", n, err)
		}
		for _, c := range s.Casi {
			tipo := c.Tipo
			if tipo == "" {
				tipo = s.Tipo
			}
			if tipo == "" {
				tipo = "calcolo"
			}
			body, err := json.Marshal(c.Richiesta)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %v", n, c.Nome, err)
			}
			out = append(out, casoSuite{File: n, Nome: c.Nome, Tipo: tipo, Corpo: body})
		}
	}
	return out, nil
})

// richiesteSuite decodes the calcolo requests of the suites that decode.
func richiesteSuite(t testing.TB) []*lpu.Richiesta {
	var out []*lpu.Richiesta
	for _, c := range casiSuite(t) {
		if c.Tipo != "calcolo" {
			continue
		}
		var r lpu.Richiesta
		if lpu.DecodeBytes(c.Corpo, &r) == nil {
			out = append(out, &r)
		}
	}
	return out
}

// mostra writes v as indented JSON for failure messages.
func mostra(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// conVocabolario adds the rules' vocabulary to m: the kinds of request a
// rule file can be (calcolo, fondo, convenzione) are declared there.
func conVocabolario(t testing.TB, m fstest.MapFS) fstest.MapFS {
	t.Helper()
	v, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m["vocabolario.yaml"] = &fstest.MapFile{Data: v}
	return m
}

// statoHTTP is the HTTP status the server answers an error with, by its kind
// (the server's mapping, repeated here so the tests keep saying 400 and
// 422 as the contract does).
func statoHTTP(e *lpu.Error) int {
	switch e.Kind {
	case lpu.KindInput:
		return 400
	case lpu.KindNotAllowed:
		return 422
	case lpu.KindCanceled:
		return 503
	}
	return 500
}

// regoleReali is a small rule set of the embedded files named, for a
// test of a data file or of a few fattispecie that needs no other: a Load
// of it costs a fraction of the whole rules' (more than half a second of
// CPU under -race). A file named that uses shared steps (usa:
// comuni.settimane_sei_mesi) brings the file of tipo passi that has them,
// unless it is named too, with only the steps the files named use: a
// shared step no file uses is a problem at load.
func regoleReali(t testing.TB, nomi ...string) fstest.MapFS {
	t.Helper()
	m, err := regoleprova.File(nomi...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The embedded files of the small rule sets of regoleReali: the plan's
// (its calendar and patrons, with cds186, gdp54 and map), the Fund's (with the
// conventions it reads, and every fattispecie: the Fund's and the
// conventions' rules name them all, and a rule set must load the
// fattispecie its rules name), the conventions' posts (the same) and the
// conventions' own files (their parameters, keyed by the vocabulary's
// models, with no fattispecie).
var (
	fileCalendario  = []string{"vocabolario.yaml", "generali.yaml", "calendario.yaml", "patroni.yaml", "cds186.yaml", "gdp54.yaml", "map.yaml", "map_tribunali.yaml"}
	fileFondo       = append([]string{"vocabolario.yaml", "vocabolario_conversione.yaml", "vocabolario_cp165.yaml", "generali.yaml", "fondo.yaml", "convenzione.yaml", "transitorio_56bis.yaml", "modelli_convenzione.yaml", "map_tribunali.yaml"}, fileFattispecie...)
	filePosti       = append([]string{"vocabolario.yaml", "vocabolario_conversione.yaml", "vocabolario_cp165.yaml", "generali.yaml", "convenzione.yaml", "transitorio_56bis.yaml", "modelli_convenzione.yaml", "tipi_posto.yaml", "map_tribunali.yaml"}, fileFattispecie...)
	fileConvenzione = []string{"vocabolario.yaml", "vocabolario_conversione.yaml", "vocabolario_cp165.yaml", "generali.yaml", "convenzione.yaml", "modelli_convenzione.yaml", "transitorio_56bis.yaml"}
	fileFattispecie = []string{"cds186.yaml", "cds187.yaml", "cp165.yaml", "dpr309_73.yaml", "gdp54.yaml", "gdp55.yaml", "l689_103.yaml", "l689_56bis.yaml", "map.yaml"}
)
