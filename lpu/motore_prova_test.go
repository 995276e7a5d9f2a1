package lpu

import (
	"context"
	"sync"
	"time"

	"github.com/lpu-it/lpu/rules"
)

// OraProva is the clock of MotoreProva: 15 June 2025, 10:30 UTC. A
// request without a date is of that day, and a plan's ICS is stamped
// then, so that the answers the corpus records (corpus_test.go) and two
// ICS files of the same plan are the same whenever the tests run.
var OraProva = time.Date(2025, 6, 15, 10, 30, 0, 0, time.UTC)

// MotoreProva is the engine over the embedded rules, loaded once for
// every test of the package that only reads it, internal (package lpu)
// and external (lpu_test) alike: an Engine is immutable and safe for
// concurrent use, and under -race a Load of the real rules costs more
// than half a second of CPU. Its clock is OraProva.
var MotoreProva = sync.OnceValues(func() (*Engine, error) {
	return Load(context.Background(), rules.FS, WithClock(func() time.Time { return OraProva }))
})
