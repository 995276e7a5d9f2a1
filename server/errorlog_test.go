package server

import (
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestErrorLogSenzaIndirizzi: the lines net/http writes itself ("http:
// panic serving 1.2.3.4:5", "http: TLS handshake error from 1.2.3.4:5")
// reach the log without the client's address, which the README promises
// is never logged.
func TestErrorLogSenzaIndirizzi(t *testing.T) {
	var log scrittoreSicuro
	s := nuovoServer(t, &log)
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("prova") // net/http's own recovery logs it, with the address
	}))
	ts.Config.ErrorLog = s.registroErroriHTTP()
	ts.StartTLS()
	defer ts.Close()
	// A handshake that is not TLS.
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	io.ReadAll(c)
	c.Close()
	// A handler that panics.
	cl := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	if res, err := cl.Get(ts.URL); err == nil {
		res.Body.Close()
	}
	var l string
	for fine := time.Now().Add(5 * time.Second); time.Now().Before(fine); time.Sleep(10 * time.Millisecond) {
		if l = log.String(); strings.Contains(l, "panic serving") && strings.Contains(l, "TLS handshake error") {
			break
		}
	}
	if !strings.Contains(l, "panic serving") || !strings.Contains(l, "TLS handshake error") {
		t.Fatalf("net/http's lines not logged:\n%s", l)
	}
	if strings.Contains(l, "127.0.0.1") {
		t.Errorf("the log holds the client's address:\n%s", l)
	}
}

// TestSenzaIndirizzi: the addresses a net/http line may hold, IPv4 or
// IPv6, with or without a port, are replaced; the rest stays.
func TestSenzaIndirizzi(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"http: TLS handshake error from 192.0.2.1:5555: EOF", "http: TLS handshake error from <indirizzo>: EOF"},
		{"http: panic serving [2001:db8::1]:443: boom", "http: panic serving <indirizzo>: boom"},
		{"http: panic serving [::1]:80: x", "http: panic serving <indirizzo>: x"},
		{"http2: error reading preface from client 2001:db8:0:0:1:0:0:1: bad", "http2: error reading preface from client <indirizzo>: bad"},
		{"http: Accept error: accept tcp [fe80::1%eth0]:8080: too many open files; retrying in 5ms", "http: Accept error: accept tcp <indirizzo>: too many open files; retrying in 5ms"},
		{"read tcp 10.0.0.1:8080->203.0.113.9:61000: i/o timeout", "read tcp <indirizzo>-><indirizzo>: i/o timeout"},
		{"http: URL query contains semicolon, which is no longer a supported separator", "http: URL query contains semicolon, which is no longer a supported separator"},
		{"::ffff:192.0.2.1 said", "<indirizzo> said"},
		// What is not an address stays.
		{"\t/usr/local/go/src/net/http/server.go:1897 +0xbd", "\t/usr/local/go/src/net/http/server.go:1897 +0xbd"},
		{"goroutine 35 [running]: at 17:39:00.365, v1.2.3, 0x1992f4, a:b", "goroutine 35 [running]: at 17:39:00.365, v1.2.3, 0x1992f4, a:b"},
	} {
		if got := senzaIndirizzi(c.in); got != c.want {
			t.Errorf("senzaIndirizzi(%q) = %q; want %q", c.in, got, c.want)
		}
	}
	lunga := strings.Repeat("x", 100000)
	if got := senzaIndirizzi(lunga); len(got) > maxRigaErrore+10 {
		t.Errorf("a %d-byte line is logged with %d bytes", len(lunga), len(got))
	}
}
