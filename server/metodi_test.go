package server

import (
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// scrittoreSicuro is a log sink safe for the server's goroutines.
type scrittoreSicuro struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *scrittoreSicuro) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *scrittoreSicuro) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// TestMetodiSconosciuti: requests with random long method names, over a
// real listener, leave the metric labels bounded, and neither the log
// nor the answer holds the method.
func TestMetodiSconosciuti(t *testing.T) {
	var log scrittoreSicuro
	s := nuovoServer(t, &log)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	lettere := "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	var metodi []string
	for i := 0; i < 40; i++ {
		b := make([]byte, 2000+rand.IntN(2000))
		for j := range b {
			b[j] = lettere[rand.IntN(len(lettere))]
		}
		metodi = append(metodi, string(b))
	}
	for i, m := range metodi {
		path := []string{"/api/v1/calcolo", "/healthz", "/", "/nessuna"}[i%4]
		req, err := http.NewRequest(m, ts.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode < 400 || res.StatusCode >= 500 {
			t.Errorf("%s with a %d-byte method: status %d; want 4xx", path, len(m), res.StatusCode)
		}
		if strings.Contains(string(body), m[:100]) {
			t.Errorf("%s: the answer echoes the method (%d bytes)", path, len(body))
		}
	}
	// The known methods keep their own label.
	for _, m := range []string{"PUT", "DELETE", "PATCH"} {
		req, _ := http.NewRequest(m, ts.URL+"/healthz", nil)
		if res, err := ts.Client().Do(req); err == nil {
			res.Body.Close()
		}
	}
	res, err := ts.Client().Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if len(m) > 256<<10 {
		t.Errorf("/metrics is %d bytes", len(m))
	}
	ammessi := map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true,
		"DELETE": true, "OPTIONS": true, "CONNECT": true, "TRACE": true, "altro": true}
	visti := map[string]bool{}
	for _, x := range regexp.MustCompile(`metodo="([^"]*)"`).FindAllStringSubmatch(string(m), -1) {
		visti[x[1]] = true
		if !ammessi[x[1]] {
			t.Errorf("metric label metodo=%.40q…", x[1])
		}
	}
	for _, want := range []string{"altro", "PUT", "DELETE", "PATCH"} {
		if !visti[want] {
			t.Errorf("no metodo=%q label in /metrics", want)
		}
	}
	l := log.String()
	for _, m := range metodi {
		if strings.Contains(l, m[:100]) {
			t.Fatalf("the log holds a client's method")
		}
	}
	if !strings.Contains(l, `"metodo":"altro"`) {
		t.Errorf("the log does not say metodo altro:\n%.2000s", l)
	}
}
