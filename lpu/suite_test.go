package lpu_test

import (
	"sync"
	"testing"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

var (
	engineOnce sync.Once
	engineVal  *lpu.Engine
	engineErr  error
)

// engine loads the embedded rules once for all tests: the Engine is
// immutable, so sharing it is what real callers do too.
func engine(t testing.TB) *lpu.Engine {
	t.Helper()
	engineOnce.Do(func() { engineVal, engineErr = lpu.Load(rules.FS) })
	if engineErr != nil {
		t.Fatalf("Load: %v", engineErr)
	}
	return engineVal
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
