package lpu

import (
	"context"
	"sync"

	"github.com/lpu-it/lpu/rules"
)

// MotoreProva is the engine over the embedded rules, loaded once for
// every test of the package that only reads it, internal (package lpu)
// and external (lpu_test) alike: an Engine is immutable and safe for
// concurrent use, and under -race a Load of the real rules costs more
// than half a second of CPU.
var MotoreProva = sync.OnceValues(func() (*Engine, error) {
	return Load(context.Background(), rules.FS)
})
