package server

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
)

// The handlers without the network: what a request costs the server.
// make load measures the same over HTTP with wrk.

func benchRichiesta(b *testing.B, metodo, url, corpo string) {
	h := nuovoServer(b, nil).Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(metodo, url, strings.NewReader(corpo))
			if corpo != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}

func BenchmarkHealthz(b *testing.B) { benchRichiesta(b, "GET", "/healthz", "") }

func BenchmarkCalcolo(b *testing.B) { benchRichiesta(b, "POST", "/api/v1/calcolo", esempio186) }

func BenchmarkMotore(b *testing.B) {
	e := motore(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Run(context.Background(), "calcolo", []byte(esempio186)); err != nil {
			b.Fatal(err)
		}
	}
}
