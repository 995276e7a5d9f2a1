package lpu_test

import (
	"testing"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

func engine(t testing.TB) *lpu.Engine {
	t.Helper()
	e, err := lpu.Load(rules.FS)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return e
}

// TestSuiteRegole runs the YAML suites beside the rule files.
func TestSuiteRegole(t *testing.T) {
	e := engine(t)
	esiti, err := e.EseguiSuite(rules.FS, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, es := range esiti {
		t.Run(es.File+"/"+es.Nome, func(t *testing.T) {
			for _, m := range es.Errori {
				t.Errorf("%s:%d: %s", es.File, es.Riga, m)
			}
		})
	}
}
