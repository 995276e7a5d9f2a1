package server

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

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

	api := g.Group("/api/v1")
	api.GET("/fattispecie", s.apiFattispecie)
	api.GET("/piano.ics", s.apiPianoQuery(formatoICS))
	api.GET("/registro.csv", s.apiPianoQuery(formatoRegistro))
	api.POST("/lotto", s.apiLotto)
	api.POST("/:comando", s.apiComando)

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
	c.Data(stato, "application/json; charset=utf-8", out)
}

// scriviErrore writes the contract's {"errore": {...}} with the error's
// status (400 when it has none).
func scriviErrore(c *gin.Context, e *lpu.Errore) {
	stato := e.Stato
	if stato == 0 {
		stato = http.StatusBadRequest
	}
	scriviJSON(c, stato, lpu.Corpo{Errore: e})
}

func errore(stato int, codice, campo, formato string, args ...any) *lpu.Errore {
	return &lpu.Errore{Codice: codice, Campo: campo, Messaggio: fmt.Sprintf(formato, args...), Stato: stato}
}

// comeErrore is lpu.ComeErrore, logging the internal errors (never bad
// input) without the request.
func (s *Server) comeErrore(c *gin.Context, err error) *lpu.Errore {
	e := lpu.ComeErrore(err)
	if e.Stato >= 500 {
		s.log.Error("errore interno", "rotta", c.FullPath(), "errore", err.Error())
	}
	return e
}

// leggiCorpo reads the body up to the limit: 413 beyond it.
func (s *Server) leggiCorpo(c *gin.Context, max int64) ([]byte, *lpu.Errore) {
	if c.Request.ContentLength > max {
		return nil, errTroppoGrande(max)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, max))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errTroppoGrande(max)
		}
		return nil, errore(http.StatusBadRequest, "lettura", "", "impossibile leggere la richiesta: connessione interrotta")
	}
	return body, nil
}

func errTroppoGrande(max int64) *lpu.Errore {
	return errore(http.StatusRequestEntityTooLarge, "richiesta_troppo_grande", "", "richiesta troppo grande: al massimo %d KiB", max>>10)
}

// tipoContenuto is the media type of the body, lowercased, without
// parameters; "" when none was given.
func tipoContenuto(c *gin.Context) (string, *lpu.Errore) {
	ct := c.GetHeader("Content-Type")
	if ct == "" {
		return "", nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", errore(http.StatusUnsupportedMediaType, "tipo_contenuto_non_supportato", "", "Content-Type non leggibile: «%s»", ct)
	}
	return mt, nil
}

// leggiJSON reads a JSON body: Content-Type application/json (or none).
func (s *Server) leggiJSON(c *gin.Context) ([]byte, *lpu.Errore) {
	mt, e := tipoContenuto(c)
	if e != nil {
		return nil, e
	}
	if mt != "" && mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		return nil, errore(http.StatusUnsupportedMediaType, "tipo_contenuto_non_supportato", "",
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

// apiComando answers POST /api/v1/<comando> for every kind of request
// the engine knows (lpu.Comandi), through Engine.Esegui.
func (s *Server) apiComando(c *gin.Context) {
	tipo := c.Param("comando")
	if !s.comandi[tipo] {
		scriviErrore(c, errore(http.StatusNotFound, "comando_sconosciuto", "", "richiesta «%s» sconosciuta: una di %s", tipo, strings.Join(s.elencoComandi(), ", ")))
		return
	}
	if tipo == "piano" {
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
	out, err := r.e.Esegui(tipo, body)
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
		esito = "non_ammissibile"
		if x.Ammissibile {
			esito = "ammissibile"
		}
		return r.nota(x.Fattispecie), esito
	case *lpu.RisultatoFondo:
		switch x.Esito {
		case "ammissibile", "non_ammissibile", "da_verificare":
			esito = x.Esito
		default:
			esito = "altro"
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
	scriviJSON(c, http.StatusOK, struct {
		Fattispecie []lpu.InfoFattispecie `json:"fattispecie"`
		Ricevuta    lpu.Ricevuta          `json:"ricevuta"`
	}{r.catalogo, lpu.Ricevuta{Regole: r.e.Hash(), Motore: lpu.Versione}})
}

// formatoFile is a file made from a piano request.
type formatoFile struct {
	tipo, file string
	scrivi     func(*lpu.RisultatoPiano, io.Writer) error
}

var (
	formatoICS = &formatoFile{tipo: "text/calendar; charset=utf-8", file: "piano-lpu.ics",
		scrivi: func(r *lpu.RisultatoPiano, w io.Writer) error { return r.ICS(w) }}
	// The register opens in Italian spreadsheets: ';' and a BOM for the
	// accents.
	formatoRegistro = &formatoFile{tipo: "text/csv; charset=utf-8", file: "registro-presenze-lpu.csv",
		scrivi: func(r *lpu.RisultatoPiano, w io.Writer) error {
			return r.Registro(w, lpu.OpzioniRegistro{Separatore: ';', BOM: true})
		}}
)

// formatoAccettato picks the file a POST /api/v1/piano asks for with its
// Accept header; nil means JSON.
func formatoAccettato(accept string) *formatoFile {
	for _, parte := range strings.Split(accept, ",") {
		mt, _, _ := mime.ParseMediaType(strings.TrimSpace(parte))
		switch mt {
		case "application/json", "*/*", "application/*":
			return nil
		case "text/calendar":
			return formatoICS
		case "text/csv":
			return formatoRegistro
		}
	}
	return nil
}

func (s *Server) apiPianoQuery(f *formatoFile) gin.HandlerFunc {
	return func(c *gin.Context) {
		body, e := richiestaDaQuery(c.Request.URL.Query())
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
	var r lpu.RichiestaPiano
	if err := lpu.DecodeBytes(body, &r); err != nil {
		scriviErrore(c, s.comeErrore(c, err))
		return
	}
	res, err := s.regole().e.Piano(&r)
	if err != nil {
		scriviErrore(c, s.comeErrore(c, err))
		return
	}
	var b bytes.Buffer
	if err := f.scrivi(res, &b); err != nil {
		scriviErrore(c, s.comeErrore(c, err))
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+f.file+`"`)
	c.Header("Content-Length", strconv.Itoa(b.Len()))
	c.Data(http.StatusOK, f.tipo, b.Bytes())
}

var numeroJSON = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// richiestaDaQuery turns a query string into a JSON request: either the
// whole request in richiesta=<JSON>, or one parameter per field with
// dotted paths (giorni_settimana.gio=4); numbers and true/false are read
// as such, a repeated parameter as a list.
func richiestaDaQuery(q url.Values) ([]byte, *lpu.Errore) {
	if len(q) == 0 {
		return nil, errore(http.StatusBadRequest, "json_non_valido", "", "richiesta vuota: indicare i campi del piano nella query (es. ?fattispecie=cds186&ore=102&inizio=2025-07-01&giorni_settimana.sab=6) o richiesta=<JSON>")
	}
	if r, ok := q["richiesta"]; ok {
		if len(q) > 1 || len(r) > 1 {
			return nil, errore(http.StatusBadRequest, "query_non_valida", "richiesta", "con richiesta=<JSON> non vanno indicati altri parametri")
		}
		return []byte(r[0]), nil
	}
	radice := map[string]any{}
	chiavi := make([]string, 0, len(q))
	for k := range q {
		chiavi = append(chiavi, k)
	}
	sort.Strings(chiavi)
	for _, k := range chiavi {
		parti := strings.Split(k, ".")
		m := radice
		for i, p := range parti {
			if p == "" {
				return nil, errore(http.StatusBadRequest, "query_non_valida", k, "nome di parametro non valido: «%s»", k)
			}
			if i == len(parti)-1 {
				if _, esiste := m[p]; esiste {
					return nil, errore(http.StatusBadRequest, "query_non_valida", k, "parametro «%s» in conflitto con un altro", k)
				}
				vals := q[k]
				if len(vals) == 1 {
					m[p] = valoreQuery(vals[0])
				} else {
					l := make([]any, len(vals))
					for j, v := range vals {
						l[j] = valoreQuery(v)
					}
					m[p] = l
				}
				break
			}
			sub, ok := m[p].(map[string]any)
			if !ok {
				if _, esiste := m[p]; esiste {
					return nil, errore(http.StatusBadRequest, "query_non_valida", k, "parametro «%s» in conflitto con un altro", k)
				}
				sub = map[string]any{}
				m[p] = sub
			}
			m = sub
		}
	}
	b, err := json.Marshal(radice)
	if err != nil {
		return nil, errore(http.StatusBadRequest, "query_non_valida", "", "query non valida")
	}
	return b, nil
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

// apiLotto answers many cases at once through Engine.Lotto: the body (a
// JSON array or a CSV with a header row) is streamed in and the results
// out, in the form of the input unless ?formato= asks otherwise.
func (s *Server) apiLotto(c *gin.Context) {
	mt, e := tipoContenuto(c)
	if e != nil {
		scriviErrore(c, e)
		return
	}
	switch mt {
	case "", "application/json", "text/csv", "text/plain":
	default:
		scriviErrore(c, errore(http.StatusUnsupportedMediaType, "tipo_contenuto_non_supportato", "",
			"Content-Type «%s» non supportato: application/json (una lista di richieste) o text/csv (con riga di intestazione)", mt))
		return
	}
	o, e := opzioniLotto(c.Request.URL.Query())
	if e != nil {
		scriviErrore(c, e)
		return
	}
	if c.Request.ContentLength > s.maxLotto {
		scriviErrore(c, errTroppoGrande(s.maxLotto))
		return
	}
	corpo := &lettoreLimitato{r: http.MaxBytesReader(c.Writer, c.Request.Body, s.maxLotto)}
	br := bufio.NewReaderSize(corpo, 64<<10)
	if o.Formato == "" {
		o.Formato = formatoIngresso(br)
	}
	tipo := "application/json; charset=utf-8"
	if o.Formato == "csv" {
		tipo = "text/csv; charset=utf-8"
	}
	c.Header("Content-Type", tipo)
	// The first 64 KiB of the answer are held back, so that a body found
	// too large (or unreadable) by then still gets its status; past them
	// the answer streams.
	w := &inizioTrattenuto{w: c.Writer, max: 64 << 10}
	st, err := s.regole().e.Lotto(br, w, o)
	s.met.valutazioni.WithLabelValues("lotto", "varie", "ok").Add(float64(st.Ok))
	s.met.valutazioni.WithLabelValues("lotto", "varie", "errore").Add(float64(st.Errori))
	if corpo.superato && !w.inviato {
		scriviErrore(c, errTroppoGrande(s.maxLotto))
		return
	}
	if err == nil {
		if corpo.superato { // past the limit after the answer had started
			s.log.Warn("lotto oltre il limite a risposta iniziata: l'ultimo esito dice che la lettura è interrotta", "byte", w.n)
		}
		if ferr := w.Flush(); ferr != nil {
			s.log.Warn("lotto: risposta non scritta", "errore", ferr.Error())
		}
		return
	}
	if w.inviato {
		// The answer has started: a truncated CSV would look complete, so
		// the connection is cut instead.
		s.log.Error("lotto interrotto a risposta iniziata", "errore", err.Error(), "byte", w.n)
		panic(http.ErrAbortHandler)
	}
	scriviErrore(c, s.comeErrore(c, err))
}

// inizioTrattenuto holds the first max bytes written, then passes
// everything through.
type inizioTrattenuto struct {
	w       io.Writer
	max     int
	buf     []byte
	n       int64
	inviato bool
}

func (t *inizioTrattenuto) Write(p []byte) (int, error) {
	t.n += int64(len(p))
	if t.inviato {
		return t.w.Write(p)
	}
	t.buf = append(t.buf, p...)
	if len(t.buf) >= t.max {
		return len(p), t.Flush()
	}
	return len(p), nil
}

// Flush sends what is held back.
func (t *inizioTrattenuto) Flush() error {
	t.inviato = true
	b := t.buf
	t.buf = nil
	if len(b) == 0 {
		return nil
	}
	_, err := t.w.Write(b)
	return err
}

// formatoIngresso tells a JSON lotto from a CSV one as the engine does: by
// the first byte that is not a space or a BOM ('[' is JSON).
func formatoIngresso(br *bufio.Reader) string {
	b, _ := br.Peek(4096) // what there is, up to 4 KiB
	b = bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\ufeff")), " \t\r\n\v\f")
	if len(b) > 0 && b[0] != '[' {
		return "csv"
	}
	return "json"
}

// opzioniLotto reads the query of POST /api/v1/lotto: formato (json,
// csv), separatore (, ; tab), bom, spiegazione, ignora_colonne.
func opzioniLotto(q url.Values) (lpu.LottoOpzioni, *lpu.Errore) {
	var o lpu.LottoOpzioni
	for k, v := range q {
		val := v[len(v)-1]
		switch k {
		case "formato":
			if val != "json" && val != "csv" {
				return o, errore(http.StatusBadRequest, "valore_non_ammesso", "formato", "formato «%s» non ammesso: json o csv", troncato(val, 20))
			}
			o.Formato = val
		case "separatore":
			switch val {
			case ",", ";":
				o.Separatore = rune(val[0])
			case "tab", "\t":
				o.Separatore = '\t'
			default:
				return o, errore(http.StatusBadRequest, "valore_non_ammesso", "separatore", "separatore «%s» non ammesso: , ; o tab", troncato(val, 20))
			}
		case "bom", "spiegazione", "ignora_colonne":
			b, err := strconv.ParseBool(val)
			if err != nil {
				return o, errore(http.StatusBadRequest, "valore_non_ammesso", k, "%s: atteso true o false, trovato «%s»", k, troncato(val, 20))
			}
			switch k {
			case "bom":
				o.BOM = b
			case "spiegazione":
				o.Spiegazione = b
			default:
				o.IgnoraColonne = b
			}
		default:
			return o, errore(http.StatusBadRequest, "campo_sconosciuto", k, "parametro sconosciuto: «%s» (formato, separatore, bom, spiegazione, ignora_colonne)", troncato(k, 40))
		}
	}
	return o, nil
}

// lettoreLimitato remembers whether the body went over its limit, which
// the engine reports as a reading error.
type lettoreLimitato struct {
	r        io.Reader
	superato bool
}

func (l *lettoreLimitato) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	var mbe *http.MaxBytesError
	if err != nil && errors.As(err, &mbe) {
		l.superato = true
	}
	return n, err
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
	h := Salute{Stato: "ok", Regole: r.e.Hash(), Motore: lpu.Versione, Fattispecie: r.e.Fattispecie(),
		Comandi: s.elencoComandi(), Caricate: r.caricate.UTC(), Ricarica: s.ricarica.Load()}
	if h.Ricarica != nil && h.Ricarica.Esito != "ok" {
		h.Stato = "regole_precedenti"
	}
	scriviJSON(c, http.StatusOK, h)
}

func (s *Server) nonTrovato(c *gin.Context) {
	e := errore(http.StatusNotFound, "risorsa_sconosciuta", "", "risorsa sconosciuta: %s", troncato(c.Request.URL.Path, 200))
	if vuoleHTML(c) {
		s.paginaErrore(c, e)
		return
	}
	scriviErrore(c, e)
}

func (s *Server) metodoNonAmmesso(c *gin.Context) {
	e := errore(http.StatusMethodNotAllowed, "metodo_non_ammesso", "", "metodo %s non ammesso per questa risorsa", c.Request.Method)
	if vuoleHTML(c) {
		s.paginaErrore(c, e)
		return
	}
	scriviErrore(c, e)
}

func troncato(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
