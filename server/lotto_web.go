package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"html/template"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/lpu-it/lpu/lpu"
)

// The batch page of the UEPE: /lotto uploads a spreadsheet
// (multipart/form-data), /lotto/modello.csv is its template. The batch
// runs through the same engine, limits and deadlines as POST
// /api/v1/lotto; the answer is the Italian CSV (LottoOptions.Italiano),
// shown as a table and offered for download, or sent at once as a file.
// Nothing of the file is kept or logged.

// Bounds of the page: the results it shows, and the answer it embeds
// for download (a larger one is downloaded with «Calcola e scarica»).
const (
	righeMostrate     = 1000
	maxEsitiIncorpora = 4 << 20
	maxCampoModulo    = 100      // bytes of a form field other than the file
	margineMultipart  = 64 << 10 // the form's fields and boundaries, past the file's limit
)

type vistaLotto struct {
	base
	MaxMiB   int64
	Errore   *lpu.Error
	Codifica string
	// IgnoraColonne: the columns the engine does not know are ignored,
	// and the page names them, rather than refusing the file.
	IgnoraColonne bool
	Eseguito      bool
	Stat          lpu.LottoStats
	Colonne       []string
	Righe         []vistaRiga
	Nascoste      int
	Scarica       template.URL // a data: URL of the whole answer, when small enough (ours: base64)
	Troncato      bool         // the answer was too large to embed
	NomeFile      string
}

type vistaCella struct {
	Colonna, Testo string
	Numero         bool
}

// vistaRiga is a row of the table: its cells, and its reasons and
// caveats (those of the case and of the Fund), each list under the
// title of its column in the answer.
type vistaRiga struct {
	Celle    []vistaCella
	Errore   bool
	Dettagli []vistaDettaglio
	Voci     int // the reasons and caveats of Dettagli
}

type vistaDettaglio struct {
	Titolo string
	Voci   []string
}

// colonnePagina are the columns of the Italian answer the page reads,
// found by their names among the engine's columns
// (Engine.LottoResultColumns, the same order in Italian): mostrate those
// the table shows; dettagli those with a row's reasons and caveats,
// lists joined by « | », which the page shows under each row, not as
// columns of their own; numeri those right-aligned. The duration in
// weeks, two columns of the answer (settimane_min, settimane_max), is one
// column of the table, «Durata in settimane», written as the
// calculator's result page writes it («almeno 7, al più 26»), where
// settimane_min is shown.
type colonnePagina struct {
	mostrate, dettagli, numeri                      []int
	esito, erroreCampo, erroreMsg, settMin, settMax int
}

// nuoveColonnePagina are the page's columns among the answer's columns
// tutte; a name tutte lacks is the program's mistake.
func nuoveColonnePagina(tutte []string) colonnePagina {
	pos := func(nomi ...string) []int {
		out := make([]int, len(nomi))
		for i, n := range nomi {
			if out[i] = slices.Index(tutte, n); out[i] < 0 {
				panic("server: colonna del lotto sconosciuta: " + n)
			}
		}
		return out
	}
	return colonnePagina{
		mostrate:    pos("riga", "rif", "fattispecie", "esito", "giorni", "ore", "settimane_min", "ammissibile", "fondo_esito", "richiesta_entro", "premio_stimato", "errore_messaggio"),
		dettagli:    pos("motivi", "avvertenze", "fondo_motivi", "fondo_avvertenze"),
		numeri:      pos("riga", "giorni", "ore", "premio_stimato"),
		esito:       pos("esito")[0],
		erroreCampo: pos("errore_campo")[0],
		erroreMsg:   pos("errore_messaggio")[0],
		settMin:     pos("settimane_min")[0],
		settMax:     pos("settimane_max")[0],
	}
}

// titoloSettimane is the title of the table's column of the duration in
// weeks, as the calculator's result page names it.
const titoloSettimane = "Durata in settimane"

// durataSettimane is the duration in weeks of a row of the answer, from
// its cells settimane_min and settimane_max, as the calculator's result
// page writes it: «almeno 7», «almeno 7, al più 26», «al più 30», and
// «26» when the least and the most are the same.
func durataSettimane(min, max string) string {
	if min != "" && min == max {
		return min
	}
	var parti []string
	if min != "" {
		parti = append(parti, "almeno "+min)
	}
	if max != "" {
		parti = append(parti, "al più "+max)
	}
	return strings.Join(parti, ", ")
}

func (s *Server) paginaLotto(c *gin.Context) {
	v := vistaLotto{base: s.base("Lotto di casi da un foglio di calcolo"), MaxMiB: s.maxLotto >> 20}
	if c.Request.Method != http.MethodPost {
		s.mostra(c, http.StatusOK, "lotto.html", v)
		return
	}
	stato, e := s.eseguiLottoPagina(c, &v)
	if e != nil {
		v.Errore = e
		s.mostra(c, stato, "lotto.html", v)
	}
}

// eseguiLottoPagina runs the uploaded batch; it returns an error to show
// on the page, or nil when the answer has been written.
func (s *Server) eseguiLottoPagina(c *gin.Context, v *vistaLotto) (int, *lpu.Error) {
	mt, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return http.StatusUnsupportedMediaType, errore(http.StatusUnsupportedMediaType, lpu.CodeTipoContenutoNonSupportato, "",
			"il modulo del lotto si invia come multipart/form-data, con il file nel campo «file»")
	}
	if c.Request.ContentLength > s.maxLotto+margineMultipart {
		return http.StatusRequestEntityTooLarge, errTroppoGrande(s.maxLotto)
	}
	select {
	case s.lotti <- struct{}{}:
		defer func() { <-s.lotti }()
	default:
		c.Header("Retry-After", "10")
		return http.StatusServiceUnavailable, errore(http.StatusServiceUnavailable, lpu.CodeTroppiLotti, "",
			"il server sta già calcolando %d lotti: riprovare tra qualche secondo", cap(s.lotti))
	}
	scadenza := time.Now().Add(s.tempi.lotto)
	ctx, cancel := context.WithDeadline(c.Request.Context(), scadenza)
	defer cancel()
	rc := http.NewResponseController(c.Writer)
	corpo := &lettoreLimitato{r: http.MaxBytesReader(c.Writer, c.Request.Body, s.maxLotto+margineMultipart), rc: rc, d: s.tempi.lettura, fine: scadenza}
	var (
		file    corpoLotto
		trovato bool
		azione  = "mostra"
	)
	mr := multipart.NewReader(corpo, params["boundary"])
	for parti := 0; ; parti++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return s.erroreLettura(err)
		}
		if parti >= 10 {
			return http.StatusBadRequest, errore(http.StatusBadRequest, lpu.CodeModuloNonValido, "", "il modulo del lotto ha troppe parti")
		}
		switch p.FormName() {
		case "file":
			if trovato {
				return http.StatusBadRequest, errore(http.StatusBadRequest, lpu.CodeModuloNonValido, "file", "un solo file per lotto")
			}
			trovato = true
			v.NomeFile = troncato(testoValido(p.FileName()), 60)
			if file, err = leggiBlocchi(io.LimitReader(p, s.maxLotto+1)); err != nil {
				return s.erroreLettura(err)
			}
			n := int64(0)
			for _, b := range file {
				n += int64(len(b))
			}
			if n > s.maxLotto {
				return http.StatusRequestEntityTooLarge, errTroppoGrande(s.maxLotto)
			}
		case "codifica", "azione", "ignora_colonne":
			b, err := io.ReadAll(io.LimitReader(p, maxCampoModulo+1))
			if err != nil {
				return s.erroreLettura(err)
			}
			val := strings.TrimSpace(testoValido(string(b)))
			if len(b) > maxCampoModulo {
				return http.StatusBadRequest, errore(http.StatusBadRequest, lpu.CodeFuoriIntervallo, p.FormName(), "valore troppo lungo")
			}
			switch p.FormName() {
			case "codifica":
				v.Codifica = val
			case "ignora_colonne":
				si, ok := siNoModulo(val)
				if !ok {
					return http.StatusBadRequest, errore(http.StatusBadRequest, lpu.CodeValoreNonAmmesso, "ignora_colonne",
						"«Ignora le colonne sconosciute»: valore «%s» non ammesso (sì o no)", troncato(val, 20))
				}
				v.IgnoraColonne = si
			default:
				azione = val
			}
		default:
			return http.StatusBadRequest, errore(http.StatusBadRequest, lpu.CodeCampoSconosciuto, troncato(testoValido(p.FormName()), 40),
				"campo del modulo sconosciuto: «%s» (file, codifica, ignora_colonne, azione)", troncato(testoValido(p.FormName()), 40))
		}
	}
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Now().Add(s.tempi.scrittura))
	switch {
	case len(file) == 0 && v.NomeFile != "":
		// (a file was chosen: a browser sends no name when none was)
		return http.StatusBadRequest, errore(http.StatusBadRequest, lpu.CodeLottoVuoto, "file",
			"il file «%s» è vuoto: scegliere il file CSV del lotto, con la riga di intestazione e una riga per caso", v.NomeFile)
	case !trovato || len(file) == 0:
		return http.StatusBadRequest, errore(http.StatusBadRequest, lpu.CodeLottoVuoto, "file", "scegliere il file CSV del lotto (con la riga di intestazione)")
	}
	if azione != "mostra" && azione != "scarica" {
		return http.StatusBadRequest, errore(http.StatusBadRequest, lpu.CodeValoreNonAmmesso, "azione", "azione «%s» non ammessa: mostra o scarica", troncato(azione, 20))
	}
	o := lpu.LottoOptions{Formato: "csv", Separatore: ';', BOM: true, Italiano: true, Codifica: v.Codifica, IgnoraColonne: v.IgnoraColonne}
	e := s.regole().e
	if azione == "scarica" {
		// A file has no place to name the columns it ignored, and a
		// calculation's column written wrong is one of them: the download
		// is refused before its first byte, and the page says which.
		if ign := colonneIgnorate(e, file, o); len(ign) > 0 {
			return http.StatusBadRequest, scaricaColonneIgnorate(v.NomeFile, ign)
		}
		// The answer streams as a file, with the API's trailers.
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Header("Content-Disposition", `attachment; filename="esiti-lotto.csv"`)
		w := &scritturaLotto{c: c, rc: rc, d: s.tempi.scrittura}
		// The header of the answer waits for its first result: a file of
		// only its header is told on the page, as «Calcola e mostra»
		// does, not downloaded as an empty answer marked complete.
		a := &inAttesa{w: w}
		o.Avanzamento = func(int) { a.rilascia() }
		st, err := e.Lotto(ctx, file.lettore(), a, o)
		s.contaLotto(st)
		if err == nil && st.Casi == 0 && !st.Annullato {
			c.Header("Content-Disposition", "")
			c.Header("Content-Type", "")
			return http.StatusBadRequest, soloIntestazione(v.NomeFile)
		}
		a.rilascia()
		if !w.iniziata {
			if err != nil {
				c.Header("Content-Disposition", "")
				c.Header("Content-Type", "")
				le := codificaDa(s.comeErrore(c, err), sceltaWindows1252)
				return statoDi(le), le
			}
			return 0, nil
		}
		if w.err != nil || c.Request.Context().Err() != nil {
			panic(http.ErrAbortHandler) // as apiLotto: no trailer, no complete-looking answer
		}
		esito := "completo"
		if st.Interrotto {
			esito = "interrotto"
		}
		c.Writer.Header().Set(trailerRighe, strconv.Itoa(st.Casi))
		c.Writer.Header().Set(trailerEsito, esito)
		c.Writer.Header().Set(trailerVuote, strconv.Itoa(st.VuoteInFondo))
		return 0, nil
	}
	out := &bufferLimitato{max: maxEsitiIncorpora}
	st, err := e.Lotto(ctx, file.lettore(), out, o)
	s.contaLotto(st)
	if err != nil && st.Casi == 0 && !st.Annullato {
		le := codificaDa(s.comeErrore(c, err), sceltaWindows1252)
		return statoDi(le), le
	}
	if err == nil && st.Casi == 0 && !st.Annullato {
		// a table of no rows would read as a lotto computed
		return http.StatusBadRequest, soloIntestazione(v.NomeFile)
	}
	v.Eseguito, v.Stat, v.Troncato = true, st, out.oltre
	leggiTabella(out.b.Bytes(), v, nuoveColonnePagina(e.LottoResultColumns()))
	if !out.oltre {
		v.Scarica = template.URL("data:text/csv;charset=utf-8;base64," + base64.StdEncoding.EncodeToString(out.b.Bytes()))
	}
	s.mostra(c, http.StatusOK, "lotto.html", *v)
	return 0, nil
}

func statoDi(e *lpu.Error) int { return statoHTTP(e) }

// sceltaWindows1252 is how the page asks to read a file as Windows-1252
// (see lotto.html).
const sceltaWindows1252 = "in «Codifica del file» scegliere «Windows-1252 (CSV di Excel in italiano)»"

// soloIntestazione is the error of a file with its header and no row,
// for either button of the page. The API and lpu lotto answer such a
// batch with no result (200, Lpu-Lotto-Righe: 0; exit 0 and a note on
// standard error): one result per row, and a program may send an empty
// batch. A person who chose a file of no rows most likely chose the
// wrong one, and an empty table would read as a batch computed.
func soloIntestazione(nome string) *lpu.Error {
	return errore(http.StatusBadRequest, lpu.CodeLottoVuoto, "file",
		"il file «%s» ha solo la riga di intestazione: aggiungere una riga per ogni caso da calcolare", nome)
}

// colonneIgnorate are the columns of the file's header that the lotto
// would ignore (o.IgnoraColonne): Lotto with a context already done
// reads the header and no row.
func colonneIgnorate(e *lpu.Engine, file corpoLotto, o lpu.LottoOptions) []string {
	if !o.IgnoraColonne {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o.Avanzamento = nil
	st, _ := e.Lotto(ctx, file.lettore(), io.Discard, o)
	return st.ColonneIgnorate
}

// scaricaColonneIgnorate is the error of «Calcola e scarica» for a file
// with columns the lotto would ignore (ign, as the header writes them).
func scaricaColonneIgnorate(nome string, ign []string) *lpu.Error {
	elenco := make([]string, len(ign))
	for i, c := range ign {
		if c == "…" { // (the list cut by the engine)
			elenco[i] = c
			continue
		}
		elenco[i] = "«" + c + "»"
	}
	// (the error is the file box's: a column's name is the user's text,
	// not a field; a semicolon, as the list may end with «…»)
	return errore(http.StatusBadRequest, lpu.CodeColonnaSconosciuta, "file",
		"il file «%s» ha colonne che il calcolo non conosce: %s; «Calcola e scarica il CSV» non le ignora, perché il file scaricato non potrebbe elencarle e una colonna del calcolo scritta male cambierebbe gli esiti senza avviso: usare «Calcola e mostra», che elenca le colonne ignorate con gli esiti, oppure correggere l'intestazione (i nomi delle colonne sono quelli del modello)",
		nome, strings.Join(elenco, ", "))
}

// inAttesa holds what is written to it until rilascia, then passes it
// on: the download's header waits until the lotto has a result (the
// header and one block of results at most, since LottoOptions.Avanzamento
// is called after each block).
type inAttesa struct {
	w   io.Writer
	buf bytes.Buffer
	via bool
	err error
}

func (a *inAttesa) Write(p []byte) (int, error) {
	switch {
	case !a.via:
		return a.buf.Write(p)
	case a.err != nil:
		return 0, a.err
	}
	return a.w.Write(p)
}

// rilascia writes what was held and lets the rest through.
func (a *inAttesa) rilascia() {
	if a.via {
		return
	}
	a.via = true
	if a.buf.Len() > 0 {
		_, a.err = a.w.Write(a.buf.Bytes())
	}
	a.buf = bytes.Buffer{}
}

func (s *Server) contaLotto(st lpu.LottoStats) {
	s.met.valutazioni.WithLabelValues("lotto", "varie", "ok").Add(float64(st.OK))
	s.met.valutazioni.WithLabelValues("lotto", "varie", "errore").Add(float64(st.Errori))
}

// erroreLettura says why the upload could not be read, as leggiLotto does.
func (s *Server) erroreLettura(err error) (int, *lpu.Error) {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, errTroppoGrande(s.maxLotto)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return http.StatusRequestTimeout, errore(http.StatusRequestTimeout, lpu.CodeRichiestaLenta, "",
			"il file è arrivato troppo lentamente: nessun dato per %s, o non tutto entro %s", s.tempi.lettura, s.tempi.lotto)
	}
	return http.StatusBadRequest, errore(http.StatusBadRequest, lpu.CodeModuloNonValido, "", "impossibile leggere il modulo del lotto")
}

// bufferLimitato keeps the first max bytes written and counts the rest.
type bufferLimitato struct {
	b     bytes.Buffer
	max   int
	oltre bool
}

func (w *bufferLimitato) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.max {
		w.oltre = true
		if r := w.max - w.b.Len(); r > 0 {
			w.b.Write(p[:r])
		}
		return len(p), nil
	}
	return w.b.Write(p)
}

// leggiTabella reads the Italian answer back into the table of the page:
// its first righeMostrate results (a row cut by the buffer's end is left
// out), its columns at col.
func leggiTabella(b []byte, v *vistaLotto, col colonnePagina) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	testa, err := r.Read()
	if err != nil {
		return
	}
	for _, i := range col.mostrate {
		switch {
		case i == col.settMin:
			v.Colonne = append(v.Colonne, titoloSettimane)
		case i < len(testa):
			v.Colonne = append(v.Colonne, testa[i])
		}
	}
	numeri := map[int]bool{}
	for _, i := range col.numeri {
		numeri[i] = true
	}
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		if len(rec) != len(testa) {
			continue
		}
		if len(v.Righe) == righeMostrate {
			v.Nascoste++
			continue
		}
		var riga vistaRiga
		for k, i := range col.mostrate {
			t := rec[i]
			// The error, with the field it is about, unless its message
			// names it («fattispecie «art. 999» sconosciuta», ««Ore di
			// lavoro già svolte»: il valore …», «i «Giorni di prova già
			// eseguiti» (800) sono più di …»).
			if i == col.erroreMsg && rec[col.erroreCampo] != "" && t != "" && !nominaCampo(t, rec[col.erroreCampo]) {
				t = rec[col.erroreCampo] + ": " + t
			}
			if i == col.settMin {
				t = durataSettimane(rec[col.settMin], rec[col.settMax])
			}
			riga.Celle = append(riga.Celle, vistaCella{Colonna: v.Colonne[k], Testo: t, Numero: numeri[i]})
		}
		riga.Errore = rec[col.esito] == "errore"
		for _, i := range col.dettagli {
			if i >= len(testa) || strings.TrimSpace(rec[i]) == "" {
				continue
			}
			d := vistaDettaglio{Titolo: testa[i], Voci: strings.Split(rec[i], " | ")}
			riga.Dettagli = append(riga.Dettagli, d)
			riga.Voci += len(d.Voci)
		}
		v.Righe = append(v.Righe, riga)
	}
}

// modelloLotto serves the template of a batch, from the vocabulary and
// the rules' examples.
func (s *Server) modelloLotto(c *gin.Context) {
	b := s.regole().e.ModelloLotto()
	c.Header("Content-Disposition", `attachment; filename="modello-lotto.csv"`)
	c.Header("Content-Length", strconv.Itoa(len(b)))
	c.Data(http.StatusOK, "text/csv; charset=utf-8", b)
}
