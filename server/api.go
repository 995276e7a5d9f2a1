package server

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

func (s *Server) rotte(reg *prometheus.Registry) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	g := gin.New()
	g.HandleMethodNotAllowed = true
	// A wrong path gets a coded 404, not a redirect a client must follow.
	g.RedirectTrailingSlash = false
	g.RedirectFixedPath = false
	g.Use(s.registra, s.recupera, intestazioniSicurezza)

	g.GET("/", s.paginaIndice)
	g.GET("/calcolo/:fattispecie", s.paginaCalcolo)
	g.POST("/calcolo/:fattispecie", s.paginaCalcolo)
	g.GET("/static/:file", s.statico)
	s.rotteDocumenti(g)
	g.GET("/regole", s.paginaRegole)
	g.GET("/regole/:fattispecie", s.paginaRegola)
	g.GET("/convenzione", s.paginaConvenzione)
	g.POST("/convenzione", s.paginaConvenzione)
	g.GET("/lotto", s.paginaLotto)
	g.POST("/lotto", s.paginaLotto)
	g.GET("/lotto/modello.csv", s.modelloLotto)

	api := g.Group("/api/v1")
	api.GET("/fattispecie", s.apiFattispecie)
	api.GET("/piano.ics", s.apiPianoQuery(formatoICS))
	api.GET("/registro.csv", s.apiPianoQuery(formatoRegistro))
	api.POST("/lotto", s.apiLotto)
	// One route per kind rather than a catch-all POST /api/v1/:comando:
	// with the catch-all, a POST on a GET resource (fattispecie,
	// piano.ics) was an unknown command, and a GET on any unknown path a
	// wrong method. The kinds are the engine's, fixed for its life.
	for _, tipo := range lpu.Kinds() {
		api.POST("/"+tipo, s.apiComando(tipo))
	}

	g.GET("/healthz", s.healthz)
	g.HEAD("/healthz", s.healthz)
	g.GET("/metrics", gin.WrapH(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	g.GET("/openapi.json", func(c *gin.Context) { c.Data(http.StatusOK, "application/json; charset=utf-8", s.regole().openapi) })

	g.NoRoute(s.nonTrovato)
	g.NoMethod(s.metodoNonAmmesso)
	return g
}

var buffers = sync.Pool{New: func() any { return new([]byte) }}

// scriviJSON writes v as compact JSON, without escaping <, > and & (the
// texts quote articles with «» and the like): lpu.AppendJSON, the bytes
// of encoding/json's Encoder, in a pooled buffer.
func scriviJSON(c *gin.Context, stato int, v any) {
	b := buffers.Get().(*[]byte)
	defer buffers.Put(b)
	out, err := lpu.AppendJSON((*b)[:0], v)
	if err != nil {
		// Only a programming error (an unencodable type) gets here.
		panic(fmt.Errorf("server: codifica JSON: %w", err))
	}
	*b = out
	// With the length set, net/http sends the body as it is rather than
	// chunked (it only measures bodies under 2 KiB itself).
	c.Header("Content-Length", strconv.Itoa(len(out)))
	// Set, not defaulted: gin keeps a Content-Type already set, and a
	// lotto's error comes after its text/csv was (a JSON body labelled
	// CSV).
	c.Header("Content-Type", "application/json; charset=utf-8")
	c.Data(stato, "application/json; charset=utf-8", out)
}

// scriviErrore writes the contract's {"errore": {...}} with the error's
// status (400 when it has none).
func scriviErrore(c *gin.Context, e *lpu.Error) {
	scriviJSON(c, statoHTTP(e), lpu.ErrorBody{Errore: e})
}

// comeErrore is lpu.AsError, logging the internal errors (never bad
// input) without the request.
func (s *Server) comeErrore(c *gin.Context, err error) *lpu.Error {
	e := lpu.AsError(err)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// The client went away, or its deadline passed: not the
		// server's fault.
		s.log.Info("valutazione interrotta", "rotta", c.FullPath(), "causa", context.Cause(c.Request.Context()))
	case statoHTTP(e) >= 500:
		s.log.Error("errore interno", "rotta", c.FullPath(), "errore", err.Error())
	}
	return e
}

// leggiCorpo reads the body up to the limit: 413 beyond it.
func (s *Server) leggiCorpo(c *gin.Context, max int64) ([]byte, *lpu.Error) {
	if c.Request.ContentLength > max {
		return nil, errTroppoGrande(max)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, max))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errTroppoGrande(max)
		}
		return nil, errore(http.StatusBadRequest, lpu.CodeLettura, "", "impossibile leggere la richiesta: connessione interrotta")
	}
	return body, nil
}

// codificaDa adds to the error of a header that is not UTF-8 how the
// client asks to read it as Windows-1252, in its own terms (come: the
// parameter of the API, the choice of the page).
func codificaDa(e *lpu.Error, come string) *lpu.Error {
	if e.Code != lpu.CodeCodificaNonValida || e.Field != "codifica" {
		return e
	}
	c := *e
	c.Message += "; per leggerlo come Windows-1252: " + come
	return &c
}

func errTroppoGrande(max int64) *lpu.Error {
	return errore(http.StatusRequestEntityTooLarge, lpu.CodeRichiestaTroppoGrande, "", "richiesta troppo grande: al massimo %d KiB", max>>10)
}

// tipoContenuto is the media type of the body, lowercased, without
// parameters; "" when none was given.
func tipoContenuto(c *gin.Context) (string, *lpu.Error) {
	ct := c.GetHeader("Content-Type")
	if ct == "" {
		return "", nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", errore(http.StatusUnsupportedMediaType, lpu.CodeTipoContenutoNonSupportato, "", "Content-Type non leggibile: «%s»", ct)
	}
	return mt, nil
}

// leggiJSON reads a JSON body: Content-Type application/json (or none).
func (s *Server) leggiJSON(c *gin.Context) ([]byte, *lpu.Error) {
	mt, e := tipoContenuto(c)
	if e != nil {
		return nil, e
	}
	if mt != "" && mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		return nil, errore(http.StatusUnsupportedMediaType, lpu.CodeTipoContenutoNonSupportato, "",
			"Content-Type «%s» non supportato: inviare JSON con Content-Type: application/json", mt)
	}
	return s.leggiCorpo(c, s.maxCorpo)
}

func (s *Server) elencoComandi() []string {
	var l []string
	for k := range s.comandi {
		l = append(l, k)
	}
	l = append(l, "lotto")
	sort.Strings(l)
	return l
}

// apiComando answers POST /api/v1/<tipo> for a kind of request the
// engine knows (lpu.Kinds), through Engine.Run.
func (s *Server) apiComando(tipo string) gin.HandlerFunc {
	return func(c *gin.Context) { s.comando(c, tipo) }
}

func (s *Server) comando(c *gin.Context, tipo string) {
	if tipo == "piano" {
		c.Header("Vary", "Accept") // (the answer's format follows it)
		if f := formatoAccettato(c.GetHeader("Accept")); f != nil {
			body, e := s.leggiJSON(c)
			if e != nil {
				scriviErrore(c, e)
				return
			}
			s.pianoFile(c, f, body)
			return
		}
	}
	body, e := s.leggiJSON(c)
	if e != nil {
		s.met.valutazione(tipo, "ignota", "errore")
		scriviErrore(c, e)
		return
	}
	r := s.regole()
	out, err := r.e.Run(c.Request.Context(), tipo, body)
	if err != nil {
		s.met.valutazione(tipo, r.fattispecieDi(body), "errore")
		scriviErrore(c, s.comeErrore(c, err))
		return
	}
	fatt, esito := r.etichette(out, body)
	s.met.valutazione(tipo, fatt, esito)
	scriviJSON(c, http.StatusOK, out)
}

// etichette gives the metric labels of an answer: its fattispecie (one
// of the rules', else "altro") and its verdict.
func (r *regole) etichette(out any, body []byte) (fattispecie, esito string) {
	switch x := out.(type) {
	case *lpu.Risultato:
		esito = lpu.EsitoNonAmmissibile
		if x.Ammissibile {
			esito = lpu.EsitoAmmissibile
		}
		return r.nota(x.Fattispecie), esito
	case *lpu.RisultatoFondo:
		esito = "altro"
		if r.esitiFondo[x.Esito] {
			esito = x.Esito
		}
	case *lpu.RisultatoConvenzione:
		esito = "non_valida"
		if x.Valida {
			esito = "valida"
		}
	case *lpu.RisultatoPiano:
		esito = "conforme"
		if len(x.Violazioni) > 0 {
			esito = "con_violazioni"
		}
		return r.nota(x.Fattispecie), esito
	default:
		esito = "risposta"
	}
	return r.fattispecieDi(body), esito
}

func (r *regole) nota(id string) string {
	if _, ok := r.perID[id]; ok {
		return id
	}
	return "altro"
}

// fattispecieDi reads the top-level "fattispecie" of a request, for the
// metrics only.
func (r *regole) fattispecieDi(body []byte) string {
	var v struct {
		Fattispecie string `json:"fattispecie"`
	}
	if json.Unmarshal(body, &v) != nil {
		return "ignota"
	}
	return r.nota(v.Fattispecie)
}

func (s *Server) apiFattispecie(c *gin.Context) {
	r := s.regole()
	scriviJSON(c, http.StatusOK, Catalogo{r.catalogo, lpu.Ricevuta{Regole: r.e.Hash(), Motore: lpu.Versione()}})
}

// formatoFile is a file made from a piano request.
type formatoFile struct {
	tipo, file string
	scrivi     func(*lpu.RisultatoPiano, io.Writer) error
}

var (
	formatoICS = &formatoFile{tipo: "text/calendar; charset=utf-8", file: "calendario-lpu.ics",
		scrivi: func(r *lpu.RisultatoPiano, w io.Writer) error { return r.ICS(w) }}
	// The register opens in Italian spreadsheets: ';' and a BOM for the
	// accents.
	formatoRegistro = &formatoFile{tipo: "text/csv; charset=utf-8", file: "registro-presenze-lpu.csv",
		scrivi: func(r *lpu.RisultatoPiano, w io.Writer) error {
			return r.Registro(w, lpu.RegistroOptions{Separatore: ';', BOM: true})
		}}
)

// nomeFilePiano names a plan's file after its reference and its first
// day (calendario-lpu-RG-12-2025-2025-07-03.ics), so that the files of
// several cases in one folder tell themselves apart. The reference keeps
// only ASCII letters and digits, the rest becomes one hyphen.
func nomeFilePiano(f *formatoFile, r *lpu.RisultatoPiano) string {
	base, ext, _ := strings.Cut(f.file, ".")
	var b strings.Builder
	trattino := false
	for _, c := range r.Riferimento() {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			if trattino && b.Len() > 0 {
				b.WriteByte('-')
			}
			trattino = false
			b.WriteRune(c)
		default:
			trattino = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	if b.Len() > 0 {
		base += "-" + b.String()
	}
	if r.PrimoGiorno != "" {
		base += "-" + r.PrimoGiorno
	}
	return base + "." + ext
}

// reQ is a qvalue of RFC 9110 §12.4.2.
var reQ = regexp.MustCompile(`^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$`)

// offertePiano are the answers a POST /api/v1/piano can give, in the
// server's order of preference: JSON (a nil file), iCalendar, register.
var offertePiano = []struct {
	tipo, sottotipo string
	f               *formatoFile
}{{"application", "json", nil}, {"text", "calendar", formatoICS}, {"text", "csv", formatoRegistro}}

// formatoAccettato picks the file a POST /api/v1/piano asks for with its
// Accept header (RFC 9110 §12.5.1); nil means JSON. Each offer takes the
// weight of the most specific range that matches it (text/calendar before
// text/* before */*); q=0 makes it not acceptable; the highest weight
// wins, then the more specific match, then the server's order. When
// nothing is acceptable the answer is JSON, as it always was (no 406).
// An element that does not parse (mime.ParseMediaType) or has a q outside
// 0–1 (or not written as a qvalue) is ignored.
func formatoAccettato(accept string) *formatoFile {
	type peso struct {
		q           float64
		specificità int // 0: no range matches; 1 */*; 2 type/*; 3 type/subtype
	}
	pesi := make([]peso, len(offertePiano))
	for parte := range strings.SplitSeq(accept, ",") {
		parte = strings.TrimSpace(parte)
		if parte == "" {
			continue
		}
		mt, par, err := mime.ParseMediaType(parte)
		if err != nil {
			continue
		}
		if mt == "*" { // some clients send a bare *
			mt = "*/*"
		}
		tipo, sotto, ok := strings.Cut(mt, "/")
		if !ok {
			continue
		}
		q := 1.0
		if v, ok := par["q"]; ok {
			// RFC 9110's qvalue: 0 or 1 with at most three decimals
			// (ParseFloat alone would take NaN, 1e0 or 0x1p-1)
			if !reQ.MatchString(v) {
				continue
			}
			q, _ = strconv.ParseFloat(v, 64)
		}
		for i, o := range offertePiano {
			sp := 0
			switch {
			case tipo == o.tipo && sotto == o.sottotipo:
				sp = 3
			case tipo == o.tipo && sotto == "*":
				sp = 2
			case tipo == "*" && sotto == "*":
				sp = 1
			}
			if sp > pesi[i].specificità || (sp == pesi[i].specificità && sp > 0 && q > pesi[i].q) {
				pesi[i] = peso{q, sp}
			}
		}
	}
	scelta := -1
	for i, p := range pesi {
		if p.specificità == 0 || p.q == 0 {
			continue
		}
		if scelta < 0 || p.q > pesi[scelta].q || (p.q == pesi[scelta].q && p.specificità > pesi[scelta].specificità) {
			scelta = i
		}
	}
	if scelta < 0 {
		return nil
	}
	return offertePiano[scelta].f
}

func (s *Server) apiPianoQuery(f *formatoFile) gin.HandlerFunc {
	return func(c *gin.Context) {
		q, e := leggiQuery(c.Request.URL.RawQuery)
		if e != nil {
			scriviErrore(c, e)
			return
		}
		body, e := richiestaDaQuery(q, s.regole().et)
		if e != nil {
			scriviErrore(c, e)
			return
		}
		s.pianoFile(c, f, body)
	}
}

// pianoFile answers a piano request with the calendar file or the
// attendance register.
func (s *Server) pianoFile(c *gin.Context, f *formatoFile, body []byte) {
	out, err := s.regole().e.Run(c.Request.Context(), "piano", body)
	if err != nil {
		scriviErrore(c, s.comeErrore(c, err))
		return
	}
	res, ok := out.(*lpu.RisultatoPiano)
	if !ok { // the engine's piano kind answers *lpu.RisultatoPiano
		scriviErrore(c, s.erroreInterno(c, fmt.Errorf("server: piano ha risposto %T", out)))
		return
	}
	var b bytes.Buffer
	if err := f.scrivi(res, &b); err != nil {
		scriviErrore(c, s.comeErrore(c, err))
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+nomeFilePiano(f, res)+`"`)
	c.Header("Content-Length", strconv.Itoa(b.Len()))
	c.Data(http.StatusOK, f.tipo, b.Bytes())
}

var numeroJSON = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// richiestaDaQuery turns a query string into a JSON request: either the
// whole request in richiesta=<JSON>, or one parameter per field with
// dotted paths (giorni_settimana.gio=4), a repeated parameter as a
// list. Every name is checked against the piano request type
// (campoChiave) before anything is built, and its type reads the value:
// a whole number as a CSV cell of a lotto is (calc.SoloCifre, 1e2, 3.0
// and 1.000 refused with tipo_errato, the message naming the field by
// its label in et), a text as it is (comune=007), anything else as a
// JSON number, true or false if it is one. The value of a key a map does
// not take (giorni_settimana.lunedix, et.sceltaIgnota) is not read
// here: the engine refuses the key, listing the days it may be. A name
// or value an error echoes is bounded (troncato), in the message and in
// campo: a map's key may be as long as the query.
func richiestaDaQuery(q url.Values, et etichette) ([]byte, *lpu.Error) {
	if len(q) == 0 {
		return nil, errore(http.StatusBadRequest, lpu.CodeJSONNonValido, "", "richiesta vuota: indicare i campi del piano nella query (es. ?fattispecie=cds186&ore=102&inizio=2025-07-01&giorni_settimana.sab=6) o richiesta=<JSON>")
	}
	if r, ok := q["richiesta"]; ok {
		if len(q) > 1 || len(r) > 1 {
			return nil, errore(http.StatusBadRequest, lpu.CodeQueryNonValida, "richiesta", "con richiesta=<JSON> non vanno indicati altri parametri")
		}
		return []byte(r[0]), nil
	}
	chiavi := make([]string, 0, len(q))
	for k := range q {
		chiavi = append(chiavi, k)
	}
	sort.Strings(chiavi)
	nodi := make(map[string]*campoQuery, len(chiavi))
	for _, k := range chiavi {
		c, e := campoChiave(k)
		if e != nil {
			return nil, e
		}
		nodi[k] = c
	}
	radice := map[string]any{}
	for _, k := range chiavi {
		parti := strings.Split(k, ".")
		m := radice
		for i, p := range parti {
			if p == "" {
				return nil, errore(http.StatusBadRequest, lpu.CodeQueryNonValida, troncato(k, 40), "nome di parametro non valido: «%s»", troncato(k, 40))
			}
			if i == len(parti)-1 {
				if _, esiste := m[p]; esiste {
					return nil, errore(http.StatusBadRequest, lpu.CodeQueryNonValida, troncato(k, 40), "parametro «%s» in conflitto con un altro", troncato(k, 40))
				}
				vals := q[k]
				l := make([]any, len(vals))
				for j, v := range vals {
					x, e := valoreCampoQuery(nodi[k], k, v, et)
					if e != nil {
						return nil, e
					}
					l[j] = x
				}
				if len(l) == 1 {
					m[p] = l[0]
				} else {
					m[p] = l
				}
				break
			}
			sub, ok := m[p].(map[string]any)
			if !ok {
				if _, esiste := m[p]; esiste {
					return nil, errore(http.StatusBadRequest, lpu.CodeQueryNonValida, troncato(k, 40), "parametro «%s» in conflitto con un altro", troncato(k, 40))
				}
				sub = map[string]any{}
				m[p] = sub
			}
			m = sub
		}
	}
	b, err := json.Marshal(radice)
	if err != nil {
		return nil, errore(http.StatusBadRequest, lpu.CodeQueryNonValida, "", "query non valida")
	}
	return b, nil
}

// valoreCampoQuery reads the value v of the parameter k, which names
// the field c: see richiestaDaQuery.
func valoreCampoQuery(c *campoQuery, k, v string, et etichette) (any, *lpu.Error) {
	if et.sceltaIgnota(k) {
		return valoreQuery(v), nil
	}
	switch c.genere {
	case reflect.Int:
		if !calc.SoloCifre(v) {
			msg := calc.MessaggioIntero(troncato(v, 40))
			if l := et.etichettaPiano(k); l != "" {
				msg = "«" + l + "»: " + msg
			}
			return nil, errore(http.StatusBadRequest, lpu.CodeTipoErrato, troncato(k, 40), "%s", msg)
		}
		// as JSON writes it: 015 and +15 are 15
		segno, cifre := "", strings.TrimPrefix(v, "+")
		if strings.HasPrefix(cifre, "-") {
			segno, cifre = "-", cifre[1:]
		}
		if cifre = strings.TrimLeft(cifre, "0"); cifre == "" {
			cifre = "0"
		}
		return json.Number(segno + cifre), nil
	case reflect.String:
		return v, nil
	}
	return valoreQuery(v), nil
}

func valoreQuery(v string) any {
	switch {
	case v == "true":
		return true
	case v == "false":
		return false
	case numeroJSON.MatchString(v) && len(v) < 20:
		return json.Number(v)
	}
	return v
}

// apiLotto answers many cases at once through Engine.Lotto, in the
// form of the input unless ?formato= asks otherwise.
//
// The body is read whole (up to the 16 MiB limit) before the first row is
// evaluated, rather than streamed in while the answer streams out (full
// duplex, http.ResponseController.EnableFullDuplex). Reading it first
// costs memory (the body, at most s.maxLotto, for each batch in flight,
// bounded by maxLottiInCorso) and latency (the first row comes back once
// the upload is over), but buys what streaming cannot give:
//   - HTTP/1.1 clients that send the whole body before reading the answer
//     (curl, most scripting libraries) cannot deadlock, as they do in full
//     duplex once the answer (some 30 times the input) fills the buffers;
//     and net/http no longer drops an unread body once 64 KiB of answer are
//     written, which cut batches of 2,000–9,000 rows with status 200;
//   - a body over the limit, unreadable or too slow gets its status (413,
//     400, 408) before any row is written;
//   - the read deadline covers the upload only, the write deadline the
//     answer only, and once the body is in, net/http watches the connection
//     and cancels the request's context when the client goes away, which
//     stops the batch between rows.
//
// Deadlines are the route's own, not the server's (whose read and write
// timeouts would cut a large batch): each read of the body must bring data
// within s.tempi.lettura, each write of a block of the answer must go out
// within s.tempi.scrittura, and the whole batch must end within
// s.tempi.lotto (10 minutes: 16 MiB at 1 Mbit/s is about 2 minutes, and
// the 300,000 results of 16 MiB of CSV, some 500 MB, take 4 minutes at
// 2 MB/s). A batch that runs out of time ends with a result of code
// lotto_interrotto; a client that stops reading has its connection cut,
// so that the chunked answer has no end. Either way the trailers
// Lpu-Lotto-Esito (completo or interrotto) and Lpu-Lotto-Righe tell a
// complete batch from a cut one: a batch is complete only when the answer
// ends with Lpu-Lotto-Esito: completo.
func (s *Server) apiLotto(c *gin.Context) {
	mt, e := tipoContenuto(c)
	if e != nil {
		scriviErrore(c, e)
		return
	}
	switch mt {
	case "", "application/json", "text/csv", "text/plain":
	default:
		scriviErrore(c, errore(http.StatusUnsupportedMediaType, lpu.CodeTipoContenutoNonSupportato, "",
			"Content-Type «%s» non supportato: application/json (una lista di richieste) o text/csv (con riga di intestazione)", mt))
		return
	}
	q, e := leggiQuery(c.Request.URL.RawQuery)
	if e != nil {
		scriviErrore(c, e)
		return
	}
	o, e := opzioniLotto(q, c.Request.URL.RawQuery)
	if e != nil {
		scriviErrore(c, e)
		return
	}
	if c.Request.ContentLength > s.maxLotto {
		scriviErrore(c, errTroppoGrande(s.maxLotto))
		return
	}
	select {
	case s.lotti <- struct{}{}:
		defer func() { <-s.lotti }()
	default:
		c.Header("Retry-After", "10")
		scriviErrore(c, errore(http.StatusServiceUnavailable, lpu.CodeTroppiLotti, "",
			"il server sta già calcolando %d lotti: riprovare tra qualche secondo", cap(s.lotti)))
		return
	}
	scadenza := time.Now().Add(s.tempi.lotto)
	ctx, cancel := context.WithDeadline(c.Request.Context(), scadenza)
	defer cancel()
	rc := http.NewResponseController(c.Writer)
	corpo, e := s.leggiLotto(c, rc, scadenza)
	// The server's write timeout runs from the start of the request: the
	// upload may have taken longer, and the answer (an error too) gets its
	// own time.
	_ = rc.SetWriteDeadline(time.Now().Add(s.tempi.scrittura))
	if e != nil {
		scriviErrore(c, e)
		return
	}
	if o.Formato == "" {
		o.Formato = formatoIngresso(corpo.inizio())
	}
	tipo := "application/json; charset=utf-8"
	if o.Formato == "csv" {
		tipo = "text/csv; charset=utf-8"
	}
	c.Header("Content-Type", tipo)
	eng := s.regole().e
	if ign := colonneIgnorate(eng, corpo, o); len(ign) > 0 {
		// Said before the first row, as the page lists them with the
		// results: a client reads it with the status.
		c.Header(intestazioneIgnorate, elencoIntestazione(ign))
	}
	w := &scritturaLotto{c: c, rc: rc, d: s.tempi.scrittura}
	st, err := eng.Lotto(ctx, corpo.lettore(), w, o)
	s.met.valutazioni.WithLabelValues("lotto", "varie", "ok").Add(float64(st.OK))
	s.met.valutazioni.WithLabelValues("lotto", "varie", "errore").Add(float64(st.Errori))
	if !w.iniziata {
		if err != nil { // about the batch as a whole: no header, not an array…
			scriviErrore(c, codificaDa(s.comeErrore(c, err), "il parametro codifica=windows-1252"))
		}
		return
	}
	switch {
	case w.err != nil || c.Request.Context().Err() != nil:
		// The client stopped reading or went away: nothing more can reach
		// it. The connection is cut, so that the chunked answer has no end
		// and no trailers: a client cannot take it for a complete batch.
		// The network error is not logged (it names the client's address).
		s.log.Warn("lotto interrotto: il client non legge più la risposta", "causa", causaRete(w.err), "esiti", st.Casi, "byte", w.n)
		panic(http.ErrAbortHandler)
	case st.Annullato:
		s.log.Warn("lotto interrotto: superato il tempo massimo", "esiti", st.Casi, "massimo", s.tempi.lotto.String())
	}
	esito := "completo"
	if st.Interrotto {
		esito = "interrotto"
	}
	c.Writer.Header().Set(trailerRighe, strconv.Itoa(st.Casi))
	c.Writer.Header().Set(trailerEsito, esito)
	c.Writer.Header().Set(trailerVuote, strconv.Itoa(st.VuoteInFondo))
}

// The trailers of a lotto answer.
const (
	trailerRighe = "Lpu-Lotto-Righe" // results written, one per input row
	trailerEsito = "Lpu-Lotto-Esito" // completo, or interrotto
	// the empty rows after the last row of a CSV, which have no result
	// (lpu.LottoStats.VuoteInFondo): known only at the end
	trailerVuote = "Lpu-Lotto-Vuote-In-Fondo"
)

// intestazioneIgnorate is the header of a lotto answer that names the CSV
// columns ignora_colonne let through (elencoIntestazione).
const intestazioneIgnorate = "Lpu-Colonne-Ignorate"

// elencoIntestazione writes the names of columns as a header's value:
// each percent-encoded as UTF-8 (a name may hold a comma, a quote or an
// accented letter, which a header cannot carry as such; JavaScript's
// decodeURIComponent and Go's url.PathUnescape read it back), separated
// by commas. A last name «…» means the engine listed no more.
func elencoIntestazione(nomi []string) string {
	cod := make([]string, len(nomi))
	for i, n := range nomi {
		cod[i] = url.PathEscape(n)
	}
	return strings.Join(cod, ",")
}

// leggiLotto reads the body of a lotto whole, up to the limit (413), each
// read bringing data within s.tempi.lettura and all of it before scadenza
// (408).
func (s *Server) leggiLotto(c *gin.Context, rc *http.ResponseController, scadenza time.Time) (corpoLotto, *lpu.Error) {
	corpo, err := leggiBlocchi(&lettoreLimitato{r: http.MaxBytesReader(c.Writer, c.Request.Body, s.maxLotto), rc: rc, d: s.tempi.lettura, fine: scadenza})
	// From now on net/http only watches the connection for the client
	// going away, and cancels the request's context when it does; a read
	// deadline (the server's ReadTimeout too) would cancel it as well, in
	// the middle of the batch, so there is none: the batch is bounded by
	// scadenza through its context. On an error the deadline stays: net/http
	// reads what is left of a body under 256 KiB before it answers, and a
	// client that stopped sending would hold the 408 back for ever.
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		_ = rc.SetReadDeadline(time.Time{})
		return corpo, nil
	case errors.As(err, &mbe):
		return nil, errTroppoGrande(s.maxLotto)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return nil, errore(http.StatusRequestTimeout, lpu.CodeRichiestaLenta, "",
			"il lotto è arrivato troppo lentamente: nessun dato per %s, o non tutto entro %s", s.tempi.lettura, s.tempi.lotto)
	}
	return nil, errore(http.StatusBadRequest, lpu.CodeLettura, "", "impossibile leggere il lotto: connessione interrotta")
}

// corpoLotto is a batch's body, held in blocks of 64 KiB: none is copied
// as the body grows, so a body costs its size rounded up to a block (a
// growing slice would allocate over twice the body, some 40 MiB for the
// 16 MiB limit, whenever the client sends no Content-Length).
type corpoLotto [][]byte

const bloccoLotto = 64 << 10

func leggiBlocchi(r io.Reader) (corpoLotto, error) {
	var c corpoLotto
	for {
		b := make([]byte, bloccoLotto)
		n, err := io.ReadFull(r, b)
		if n > 0 {
			c = append(c, b[:n])
		}
		switch err {
		case nil:
		case io.EOF, io.ErrUnexpectedEOF:
			return c, nil
		default:
			return nil, err
		}
	}
}

// lettore reads the body from its first byte.
func (c corpoLotto) lettore() io.Reader {
	rs := make([]io.Reader, len(c))
	for i, b := range c {
		rs[i] = bytes.NewReader(b)
	}
	return io.MultiReader(rs...)
}

// inizio is the body's first block (or nothing).
func (c corpoLotto) inizio() []byte {
	if len(c) == 0 {
		return nil
	}
	return c[0]
}

// lettoreLimitato reads the body of a lotto, moving the read deadline of
// the connection before each read: data must keep coming, within d each
// time, and all of it before fine.
type lettoreLimitato struct {
	r    io.Reader
	rc   *http.ResponseController
	d    time.Duration
	fine time.Time
}

func (l *lettoreLimitato) Read(p []byte) (int, error) {
	t := time.Now().Add(l.d)
	if t.After(l.fine) {
		t = l.fine
	}
	_ = l.rc.SetReadDeadline(t) // http.ErrNotSupported under httptest.ResponseRecorder
	return l.r.Read(p)
}

// scritturaLotto writes the answer of a lotto, moving the write deadline
// of the connection before each write of at most pezzoLotto bytes: a
// client that reads the answer slowly but steadily gets all of it, one
// that stops reading is cut after d. A block of 64 results (some 100 KB of
// CSV, 450 KB of JSON with spiegazione) is written in pieces, so that d
// bounds the client's progress, not its time to take in a whole block
// (under one deadline for the block, a client reading steadily at less
// than 15 KB/s, a throttled mobile link, could be cut by the 30 s one).
// The first write declares the trailers.
type scritturaLotto struct {
	c        *gin.Context
	rc       *http.ResponseController
	d        time.Duration
	n        int64
	iniziata bool
	err      error
}

// pezzoLotto is the most written under one write deadline.
const pezzoLotto = 16 << 10

func (w *scritturaLotto) Write(p []byte) (int, error) {
	if !w.iniziata {
		w.iniziata = true
		w.c.Writer.Header().Set("Trailer", trailerRighe+", "+trailerEsito+", "+trailerVuote)
	}
	scritti := 0
	for len(p) > 0 {
		k := min(len(p), pezzoLotto)
		_ = w.rc.SetWriteDeadline(time.Now().Add(w.d))
		n, err := w.c.Writer.Write(p[:k])
		scritti += n
		w.n += int64(n)
		if err != nil {
			if w.err == nil {
				w.err = err
			}
			return scritti, err
		}
		p = p[k:]
	}
	return scritti, nil
}

// causaRete names the cause of a network error without its text, which
// holds the addresses of the connection.
func causaRete(err error) string {
	switch {
	case err == nil:
		return "connessione chiusa dal client"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "scrittura scaduta: il client non legge"
	}
	return "scrittura non riuscita: connessione interrotta"
}

// formatoIngresso tells a JSON lotto from a CSV one as the engine does: by
// the first byte that is not a space or a BOM ('[' is JSON).
func formatoIngresso(corpo []byte) string {
	b := bytes.TrimLeft(bytes.TrimPrefix(corpo, []byte("\ufeff")), " \t\r\n\v\f")
	if len(b) > 0 && b[0] != '[' {
		return "csv"
	}
	return "json"
}

// opzioniLotto reads the query of POST /api/v1/lotto: formato (json,
// csv), separatore (, ; tab), bom, spiegazione, ignora_colonne, codifica,
// italiano. q is the parsed query, raw the query it came from: its names
// are checked in the order they come, so that of several bad ones the
// error names the first, every time (it followed the map's order). An
// unknown name is parametro_sconosciuto; a name given twice is refused
// (query_non_valida, as richiesta= twice is), rather than the last one
// winning.
func opzioniLotto(q url.Values, raw string) (lpu.LottoOptions, *lpu.Error) {
	var o lpu.LottoOptions
	for _, k := range nomiQuery(raw) {
		v := q[k]
		switch k {
		case "formato", "separatore", "codifica", "bom", "spiegazione", "ignora_colonne", "italiano":
		default:
			return o, errore(http.StatusBadRequest, lpu.CodeParametroSconosciuto, troncato(k, 40), "parametro sconosciuto: «%s» (formato, separatore, bom, spiegazione, ignora_colonne, codifica, italiano)", troncato(k, 40))
		}
		if len(v) > 1 {
			return o, errore(http.StatusBadRequest, lpu.CodeQueryNonValida, k, "il parametro «%s» è indicato %d volte: va indicato una volta sola", k, len(v))
		}
		if len(v) == 0 {
			continue // (a name nomiQuery read that ParseQuery did not keep)
		}
		val := v[0]
		switch k {
		case "formato":
			if val != "json" && val != "csv" {
				return o, errore(http.StatusBadRequest, lpu.CodeValoreNonAmmesso, "formato", "formato «%s» non ammesso: json o csv", troncato(val, 20))
			}
			o.Formato = val
		case "separatore":
			switch val {
			case ",", ";":
				o.Separatore = rune(val[0])
			case "tab", "\t":
				o.Separatore = '\t'
			default:
				return o, errore(http.StatusBadRequest, lpu.CodeValoreNonAmmesso, "separatore", "separatore «%s» non ammesso: , ; o tab", troncato(val, 20))
			}
		case "codifica":
			switch strings.ToLower(val) {
			case "", "utf-8", "windows-1252":
				o.Codifica = strings.ToLower(val)
			default:
				return o, errore(http.StatusBadRequest, lpu.CodeValoreNonAmmesso, "codifica", "codifica «%s» non ammessa: utf-8 o windows-1252", troncato(val, 20))
			}
		default: // bom, spiegazione, ignora_colonne, italiano
			b, err := strconv.ParseBool(val)
			if err != nil {
				return o, errore(http.StatusBadRequest, lpu.CodeValoreNonAmmesso, k, "%s: atteso true o false, trovato «%s»", k, troncato(val, 20))
			}
			switch k {
			case "bom":
				o.BOM = b
			case "spiegazione":
				o.Spiegazione = b
			case "italiano":
				o.Italiano = b
			default:
				o.IgnoraColonne = b
			}
		}
	}
	return o, nil
}

// Salute is the body of /healthz.
type Salute struct {
	// Stato is "ok", or "regole_precedenti" when the last reload failed
	// and the server answers with the rules it had.
	Stato       string         `json:"stato"`
	Regole      string         `json:"regole"`
	Motore      string         `json:"motore"`
	Fattispecie []string       `json:"fattispecie"`
	Comandi     []string       `json:"comandi"`
	Caricate    time.Time      `json:"caricate"`
	Ricarica    *EsitoRicarica `json:"ricarica,omitempty"`
}

func (s *Server) healthz(c *gin.Context) {
	r := s.regole()
	h := Salute{Stato: "ok", Regole: r.e.Hash(), Motore: lpu.Versione(), Fattispecie: r.e.Fattispecie(),
		Comandi: s.elencoComandi(), Caricate: r.caricate.UTC(), Ricarica: s.ricarica.Load()}
	if h.Ricarica != nil && h.Ricarica.Esito != "ok" {
		h.Stato = "regole_precedenti"
	}
	scriviJSON(c, http.StatusOK, h)
}

func (s *Server) nonTrovato(c *gin.Context) {
	// A POST on /api/v1/<name> that no route serves asks for a kind of
	// request the engine does not know: say which ones it knows.
	if tipo, ok := strings.CutPrefix(c.Request.URL.Path, "/api/v1/"); ok && c.Request.Method == http.MethodPost && !strings.Contains(tipo, "/") {
		scriviErrore(c, errore(http.StatusNotFound, lpu.CodeComandoSconosciuto, "", "richiesta «%s» sconosciuta: una di %s", troncato(tipo, 40), strings.Join(s.elencoComandi(), ", ")))
		return
	}
	e := errore(http.StatusNotFound, lpu.CodeRisorsaSconosciuta, "", "risorsa sconosciuta: %s", troncato(c.Request.URL.Path, 200))
	if vuoleHTML(c) {
		s.paginaErrore(c, e)
		return
	}
	scriviErrore(c, e)
}

func (s *Server) metodoNonAmmesso(c *gin.Context) {
	e := errore(http.StatusMethodNotAllowed, lpu.CodeMetodoNonAmmesso, "", "metodo %s non ammesso per questa risorsa", troncato(c.Request.Method, 20))
	if vuoleHTML(c) {
		s.paginaErrore(c, e)
		return
	}
	scriviErrore(c, e)
}

// troncato is s cut to its first n characters, without copying the
// rest (a client's string may be long).
func troncato(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}
