package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"strings"
	"sync/atomic"
	"text/template"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/lpu-it/lpu/lpu"
)

// MaxCorpo is the largest request body accepted (1 MiB); a larger one is
// answered 413. MaxCorpoLotto is the limit of POST /api/v1/lotto, whose
// body is streamed through the engine in bounded memory (16 MiB is some
// 300,000 CSV rows).
const (
	MaxCorpo      = 1 << 20
	MaxCorpoLotto = 16 << 20
)

// Timeouts of the HTTP server: a slow or stuck client cannot hold a
// connection for long. POST /api/v1/lotto has its own deadlines (see
// apiLotto): the read and write timeouts bound each read of its body and
// each write of its answer, not the whole batch, which must end within
// timeoutLotto.
const (
	timeoutIntestazioni = 5 * time.Second
	timeoutLettura      = 15 * time.Second
	timeoutScrittura    = 30 * time.Second
	timeoutInattivo     = 120 * time.Second
	timeoutChiusura     = 15 * time.Second
	timeoutLotto        = 10 * time.Minute
	// timeoutRicarica bounds a reload of the rules: the embedded ones
	// load in well under a second, the largest rule set Load accepts
	// (lpu.MaxRules) in a few.
	timeoutRicarica = 30 * time.Second
)

// maxLottiInCorso bounds the batches served at once: each holds its body
// (up to MaxCorpoLotto) in memory, and they share the same processors.
const maxLottiInCorso = 4

// tempi are the deadlines of a Server, the constants above unless a test
// shortens them.
type tempi struct {
	intestazioni, lettura, scrittura, inattivo time.Duration
	lotto                                      time.Duration
}

// Opzioni configure a Server; the zero value is usable.
type Opzioni struct {
	// Log receives the server's logs (default: slog.Default()).
	Log *slog.Logger
	// MaxCorpo and MaxCorpoLotto override the body limits (default
	// MaxCorpo, MaxCorpoLotto).
	MaxCorpo, MaxCorpoLotto int64
	// Registro is where the metrics are registered and read from
	// (default: a new registry with the Go and process collectors).
	Registro *prometheus.Registry
	// Orologio gives "now" for the page (default time.Now); the rules
	// never read it.
	Orologio func() time.Time
	// TimeoutRicarica bounds a reload of the rules (default
	// timeoutRicarica).
	TimeoutRicarica time.Duration
}

// Server serves the API and the web calculator over one engine, which
// Ricarica can replace while requests are served.
type Server struct {
	stato    atomic.Pointer[regole]
	ricarica atomic.Pointer[EsitoRicarica]
	log      *slog.Logger
	maxCorpo int64
	maxLotto int64
	comandi  map[string]bool
	met      *metriche
	pagine   pagine
	// documenti are the plain-text and Word templates (documenti.go).
	documenti *template.Template
	docx      *template.Template // the parts of the domanda's .docx (domanda.go)
	statici   statici
	oggi      func() time.Time
	gin       *gin.Engine
	tempi     tempi
	lotti     chan struct{} // a token per batch in flight
	// tempoRicarica bounds a reload; inCorso is held while one runs (even
	// one abandoned at its timeout, until its load ends).
	tempoRicarica time.Duration
	inCorso       chan struct{}
}

// regole is the engine in use with what is derived from it once.
type regole struct {
	e        *lpu.Engine
	catalogo []lpu.InfoFattispecie
	perID    map[string]*lpu.InfoFattispecie
	et       etichette
	openapi  []byte // the API's document, with the requests' schemas of these rules
	caricate time.Time
	// esitiFondo: the values the vocabulary declares for the Fund's
	// esito (richieste.fondo.uscite.esito), the only ones a metric label
	// takes (any other is "altro")
	esitiFondo map[string]bool
	// descritte: the rule files as /regole/{id} shows them (regole.go)
	descritte descritte
}

func nuoveRegole(e *lpu.Engine, ora time.Time) (*regole, error) {
	doc, err := documentoOpenAPI(e)
	if err != nil {
		return nil, err
	}
	r := &regole{e: e, catalogo: e.Catalogo(), perID: map[string]*lpu.InfoFattispecie{}, et: nuoveEtichette(e), openapi: doc, caricate: ora}
	for i := range r.catalogo {
		r.perID[r.catalogo[i].ID] = &r.catalogo[i]
	}
	r.esitiFondo = map[string]bool{}
	for _, u := range e.Uscite("fondo") {
		if u.Nome == "esito" {
			for _, s := range u.Scelte {
				r.esitiFondo[s.Valore] = true
			}
		}
	}
	return r, nil
}

// EsitoRicarica is the outcome of the last reload of the rules.
type EsitoRicarica struct {
	Esito    string        `json:"esito"` // "ok" or "errore"
	Quando   time.Time     `json:"quando"`
	Errore   string        `json:"errore,omitempty"`
	Problemi []lpu.Problem `json:"problemi,omitempty"`
	Regole   string        `json:"regole,omitempty"` // the hash of the rules loaded, when ok
}

// New builds a server over e. The kinds of request it answers are the
// engine's (lpu.Kinds).
func New(e *lpu.Engine, o Opzioni) (*Server, error) {
	if e == nil {
		return nil, errors.New("server: motore mancante")
	}
	s := &Server{log: o.Log, maxCorpo: o.MaxCorpo, maxLotto: o.MaxCorpoLotto, oggi: o.Orologio, comandi: map[string]bool{},
		tempi: tempi{intestazioni: timeoutIntestazioni, lettura: timeoutLettura, scrittura: timeoutScrittura,
			inattivo: timeoutInattivo, lotto: timeoutLotto},
		lotti:         make(chan struct{}, maxLottiInCorso),
		tempoRicarica: o.TimeoutRicarica, inCorso: make(chan struct{}, 1)}
	if s.tempoRicarica <= 0 {
		s.tempoRicarica = timeoutRicarica
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.maxCorpo <= 0 {
		s.maxCorpo = MaxCorpo
	}
	if s.maxLotto <= 0 {
		s.maxLotto = MaxCorpoLotto
	}
	if s.oggi == nil {
		s.oggi = time.Now
	}
	for _, c := range lpu.Kinds() {
		s.comandi[c] = true
	}
	reg := o.Registro
	if reg == nil {
		reg = prometheus.NewRegistry()
		registraCollettoriStandard(reg)
	}
	met, err := nuoveMetriche(reg)
	if err != nil {
		return nil, err
	}
	s.met = met
	if s.pagine, err = caricaPagine(func(v string) string { return s.regole().et.valore(v) },
		func(t string) []lpu.PezzoFonte { return s.regole().e.Fonte(t) }); err != nil {
		return nil, err
	}
	if s.documenti, err = caricaDocumenti(); err != nil {
		return nil, err
	}
	if s.docx, err = caricaDocx(); err != nil {
		return nil, err
	}
	if s.statici, err = caricaStatici(); err != nil {
		return nil, err
	}
	r, err := nuoveRegole(e, s.oggi())
	if err != nil {
		return nil, err
	}
	s.stato.Store(r)
	s.met.regoleInUso(e.Hash())
	s.gin = s.rotte(reg)
	return s, nil
}

// Handler returns the http.Handler of every route.
func (s *Server) Handler() http.Handler { return s.gin }

// Engine returns the engine in use.
func (s *Server) Engine() *lpu.Engine { return s.stato.Load().e }

func (s *Server) regole() *regole { return s.stato.Load() }

// Ricarica loads new rules with carica and puts them in use. When they
// fail, the rules in use stay, and the reason is logged, reported by
// /healthz and returned. A load that takes longer than the reload's
// timeout is abandoned as failed (its outcome, when it ends, is dropped);
// until it ends, another reload is refused at once with that reason —
// never queued behind it for ever.
func (s *Server) Ricarica(carica func() (*lpu.Engine, error)) error {
	ora := s.oggi()
	select {
	case s.inCorso <- struct{}{}:
	default:
		return s.ricaricaFallita(ora, errors.New("server: un ricaricamento delle regole è ancora in corso: restano in uso le regole precedenti"))
	}
	type esito struct {
		e   *lpu.Engine
		err error
	}
	fatto := make(chan esito, 1)
	go func() {
		var es esito
		// The slot is free before the outcome is sent: a Ricarica that
		// follows one that returned finds it free.
		func() {
			defer func() { <-s.inCorso }()
			es.e, es.err = carica()
		}()
		fatto <- es
	}()
	var es esito
	timer := time.NewTimer(s.tempoRicarica)
	defer timer.Stop()
	select {
	case es = <-fatto:
	case <-timer.C:
		es.err = fmt.Errorf("server: ricaricamento delle regole oltre il tempo massimo (%s): restano in uso le regole precedenti", s.tempoRicarica)
	}
	e, err := es.e, es.err
	if err == nil && e == nil {
		err = errors.New("server: nessun motore caricato")
	}
	var r *regole
	if err == nil {
		r, err = nuoveRegole(e, ora)
	}
	if err != nil {
		return s.ricaricaFallita(ora, err)
	}
	s.stato.Store(r)
	s.ricarica.Store(&EsitoRicarica{Esito: "ok", Quando: ora, Regole: e.Hash()})
	s.met.ricaricamento("ok")
	s.met.regoleInUso(e.Hash())
	s.log.Info("regole ricaricate", "regole", e.Hash(), "fattispecie", len(e.Fattispecie()))
	return nil
}

// ricaricaFallita records a failed reload: /healthz, the metrics and the
// log say why, and the rules in use stay.
func (s *Server) ricaricaFallita(ora time.Time, err error) error {
	es := &EsitoRicarica{Esito: "errore", Quando: ora, Errore: err.Error()}
	var er *lpu.LoadError
	if errors.As(err, &er) {
		es.Problemi = er.Problems
		es.Errore = er.Summary() + ": restano in uso le regole precedenti"
	}
	s.ricarica.Store(es)
	s.met.ricaricamento("errore")
	s.log.Error("ricaricamento delle regole fallito: restano in uso le precedenti",
		"errore", err.Error(), "regole_in_uso", s.Engine().Hash())
	return err
}

// Avvia listens on addr and serves until ctx is done, then shuts down
// gracefully: new connections are refused and requests in flight finish
// (within 15 seconds).
func (s *Server) Avvia(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	return s.Servi(ctx, ln)
}

// Servi is Avvia on a listener the caller opened.
func (s *Server) Servi(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.gin,
		ReadHeaderTimeout: s.tempi.intestazioni,
		ReadTimeout:       s.tempi.lettura,
		WriteTimeout:      s.tempi.scrittura,
		IdleTimeout:       s.tempi.inattivo,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          s.registroErroriHTTP(),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("server in ascolto", "indirizzo", "http://"+ln.Addr().String(), "regole", s.Engine().Hash())
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("arresto: attendo le richieste in corso")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeoutChiusura)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("server: arresto: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	s.log.Info("server arrestato")
	return nil
}

var _ io.Writer = (*contaByte)(nil)

// contaByte counts what is written through it, to know whether a
// streamed answer has started.
type contaByte struct {
	w io.Writer
	n int64
}

func (c *contaByte) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// registroErroriHTTP is the logger net/http writes its own errors to
// ("http: TLS handshake error from 1.2.3.4:5", "http: panic serving
// 1.2.3.4:5"): a warning in the server's log, with every address
// replaced (senzaIndirizzi).
func (s *Server) registroErroriHTTP() *log.Logger {
	w := slog.NewLogLogger(s.log.Handler(), slog.LevelWarn).Writer()
	return log.New(scrittoreSenzaIndirizzi{w}, "", 0)
}

type scrittoreSenzaIndirizzi struct{ w io.Writer }

func (s scrittoreSenzaIndirizzi) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.w, senzaIndirizzi(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// maxRigaErrore bounds a line of net/http's error log: it keeps the
// stack of a panic, not an unbounded string.
const maxRigaErrore = 8 << 10

// candidatoIndirizzo matches what may be an address: a bracketed IPv6
// with its port, or a run of hex digits, dots and colons holding a dot
// or a colon. netip decides which runs are addresses.
var candidatoIndirizzo = regexp.MustCompile(`\[[^\]\s]+\](?::[0-9]+)?|[0-9A-Fa-f.:]*[.:][0-9A-Fa-f.:]*`)

// senzaIndirizzi replaces in a log line every IP address, with or
// without its port, by "<indirizzo>", and cuts the line at
// maxRigaErrore bytes.
func senzaIndirizzi(riga string) string {
	if len(riga) > maxRigaErrore {
		riga = strings.ToValidUTF8(riga[:maxRigaErrore], "") + "…"
	}
	return candidatoIndirizzo.ReplaceAllStringFunc(riga, func(m string) string {
		resto := ""
		if strings.HasSuffix(m, ":") && !strings.HasSuffix(m, "::") {
			m, resto = m[:len(m)-1], ":"
		}
		if _, err := netip.ParseAddr(m); err == nil {
			return "<indirizzo>" + resto
		}
		if _, err := netip.ParseAddrPort(m); err == nil {
			return "<indirizzo>" + resto
		}
		if strings.HasPrefix(m, "[") { // [fe80::1%eth0]:8080, [::1]
			ip, _, _ := strings.Cut(strings.TrimPrefix(m, "["), "]")
			if _, err := netip.ParseAddr(ip); err == nil {
				return "<indirizzo>" + resto
			}
		}
		return m + resto
	})
}
