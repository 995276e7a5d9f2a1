package lpu_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
)

// righeGenerate is a CSV lotto of n rows, made as it is read; it calls
// dopo once its row k has been read.
type righeGenerate struct {
	n, i, k int
	dopo    func()
	buf     []byte
}

func (g *righeGenerate) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i <= g.n {
		if g.i == 0 {
			g.buf = append(g.buf, "rif,fattispecie,data,arresto_mesi,arresto_giorni,ammenda\n"...)
		} else {
			g.buf = fmt.Appendf(g.buf, "r%d,cds186,2025-06-10,%d,%d,%d\n", g.i, g.i%12, g.i%28, 250*(g.i%40))
		}
		if g.i == g.k && g.dopo != nil {
			g.dopo()
		}
		g.i++
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// TestLottoAnnullatoCentomila: a lotto of 100,000 rows cancelled through
// its context after a few thousand stops promptly, with an error that
// satisfies errors.Is(err, context.Canceled), and without reading the
// rest of its input. (Under -race the cancel comes after 300 rows: the
// rows before it are evaluated, 3000 of them a second of CPU, and what
// the test checks is what follows the cancel.)
func TestLottoAnnullatoCentomila(t *testing.T) {
	e := engine(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var annullato time.Time
	k := 3000
	if raceAttivo {
		k = 300
	}
	g := &righeGenerate{n: 100_000, k: k, dopo: func() { annullato = time.Now(); cancel() }}
	st, err := e.Lotto(ctx, g, io.Discard, lpu.LottoOptions{Formato: "json", Lavoratori: 2})
	attesa := time.Since(annullato)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Lotto = %v; want an error wrapping context.Canceled", err)
	}
	if !st.Annullato || st.Casi >= 100_000 {
		t.Errorf("stats %+v: want a cancelled lotto with fewer than 100,000 results", st)
	}
	if g.i > k+17_000 {
		t.Errorf("%d rows read after the cancel at row %d", g.i, k)
	}
	t.Logf("stopped %v after the cancel; %d results, %d rows read", attesa, st.Casi, g.i)
	if attesa > 5*time.Second {
		t.Errorf("stopped %v after the cancel", attesa)
	}
}

// TestLottoLavoratoriEnormi: a lotto that asks for two million
// goroutines answers its one row at once (it took 17 s and 5.5 GB): the
// goroutines are at most 4×GOMAXPROCS.
func TestLottoLavoratoriEnormi(t *testing.T) {
	e := engine(t)
	inizio := time.Now()
	st, err := e.Lotto(context.Background(), strings.NewReader("fattispecie,data,arresto_mesi\ncds186,2025-06-10,1\n"), io.Discard,
		lpu.LottoOptions{Lavoratori: 1 << 21})
	if err != nil || st.OK != 1 {
		t.Fatalf("Lotto = %+v, %v", st, err)
	}
	if d := time.Since(inizio); d > 2*time.Second {
		t.Errorf("one row with Lavoratori 1<<21 took %v", d)
	}
}
