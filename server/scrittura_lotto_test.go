package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// registraScritture records the writes of a lotto answer and the write
// deadlines set before them.
type registraScritture struct {
	*httptest.ResponseRecorder
	eventi []int // a write of n bytes is n, a deadline moved is -1
}

func (r *registraScritture) Write(p []byte) (int, error) {
	r.eventi = append(r.eventi, len(p))
	return r.ResponseRecorder.Write(p)
}

func (r *registraScritture) SetWriteDeadline(time.Time) error {
	r.eventi = append(r.eventi, -1)
	return nil
}

// TestScritturaLottoAPezzi: a block of the answer (64 results, 450 KB of
// JSON with spiegazione) goes out in pieces of at most pezzoLotto bytes,
// each with its own write deadline, so that the deadline bounds the
// client's progress: written whole under one deadline, a block cut a
// client reading steadily at 15 KB/s after the 30 s.
func TestScritturaLottoAPezzi(t *testing.T) {
	reg := &registraScritture{ResponseRecorder: httptest.NewRecorder()}
	c, _ := gin.CreateTestContext(reg)
	w := &scritturaLotto{c: c, rc: http.NewResponseController(reg), d: time.Second}
	blocco := bytes.Repeat([]byte("x"), 5*pezzoLotto/2)
	for range 2 {
		if n, err := w.Write(blocco); n != len(blocco) || err != nil {
			t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(blocco))
		}
	}
	if !bytes.Equal(reg.Body.Bytes(), append(blocco, blocco...)) || w.n != int64(2*len(blocco)) {
		t.Fatalf("%d bytes written, %d counted; want %d", reg.Body.Len(), w.n, 2*len(blocco))
	}
	// Every write comes after a deadline of its own and is at most a piece.
	scadenza := false
	for i, e := range reg.eventi {
		switch {
		case e < 0:
			scadenza = true
		case !scadenza || e > pezzoLotto:
			t.Fatalf("events %v: write %d of %d bytes, deadline moved before it %v; want at most %d bytes after a deadline", reg.eventi, i, e, scadenza, pezzoLotto)
		default:
			scadenza = false
		}
	}
}
