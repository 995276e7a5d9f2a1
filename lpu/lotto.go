package lpu

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/go-json-experiment/json/jsontext"
)

// LottoOptions configures Lotto.
type LottoOptions struct {
	// Formato of the answer: "json" or "csv"; empty means the form of the
	// input, as the contract says.
	Formato string
	// Separatore of a CSV answer: ',' ';' or '\t'; zero means the input's
	// (',' for a JSON input). With ';' decimals are written with a comma,
	// as an Italian spreadsheet expects.
	Separatore rune
	// BOM writes the UTF-8 byte order mark before a CSV answer, so that a
	// spreadsheet reads it as UTF-8; a CSV input with a BOM gets one too.
	BOM bool
	// Spiegazione includes the passi in a JSON answer (slower); by default
	// the cases are evaluated WithoutExplanation.
	Spiegazione bool
	// IgnoraColonne ignores CSV columns the engine does not know; by
	// default they are refused, since a misspelt column would otherwise be
	// ignored in silence.
	IgnoraColonne bool
	// Lavoratori is the number of goroutines evaluating cases (default
	// GOMAXPROCS).
	Lavoratori int
	// Codifica of a CSV input: EncodingUTF8, EncodingWindows1252 (Excel's
	// Italian CSV export), or empty to tell them apart from the first
	// 64 KiB.
	Codifica string
	// Italiano writes a CSV answer for a person rather than a program:
	// the columns named in Italian, dd/mm/yyyy dates, decimals with a
	// comma, words instead of codes («calcolato», «non ammissibile»), the
	// field of an error by its label; ';' unless Separatore says otherwise.
	Italiano bool
	// Avanzamento, if set, is called with the number of results written
	// after each block of them, from the goroutine of Lotto.
	Avanzamento func(casi int)
}

// LottoStats counts what a Lotto did.
type LottoStats struct {
	Ingresso string // "json" or "csv"
	Codifica string // of the input: EncodingUTF8 or EncodingWindows1252
	Casi     int    // results written, one per input row
	OK       int
	Errori   int
	// Interrotto is set when the batch did not reach the end of its
	// input: JSON that cannot be read any further, or a context cancelled
	// (Lotto). The answer ends with a result that says so — for
	// the place where the input broke, or a final result of code
	// lotto_interrotto — and is still well formed.
	Interrotto bool
	// Annullato is set when the batch stopped because its context was
	// cancelled or ran out of time; Casi results were written before.
	Annullato bool
}

// EsitoLotto is one result of a lotto in JSON: the row it answers, and
// either the response of the kind of request or the error of that row.
type EsitoLotto struct {
	// Riga is, for a CSV, the line of the file where the row starts (the
	// header is line 1, as in a spreadsheet); for JSON, the position of
	// the element (1 for the first).
	Riga int    `json:"riga"`
	Rif  string `json:"rif,omitempty"`
	Tipo string `json:"tipo"`
	// Fattispecie of the row as given (in a CSV answer it names the row
	// even when the row has an error).
	Fattispecie string `json:"-"`
	Esito       string `json:"esito"` // "ok" or "errore"
	Risultato   any    `json:"risultato,omitempty"`
	Errore      *Error `json:"errore,omitempty"`
}

// LottoResultColumns returns the columns of a CSV answer of Lotto, in
// order; the slice is the caller's.
func LottoResultColumns() []string { return slices.Clone(colonneEsitoCSV) }

// colonneEsitoCSV are the columns of a CSV answer, in order.
var colonneEsitoCSV = []string{"riga", "rif", "tipo", "esito", "fattispecie", "giorni", "ore", "ammissibile", "motivi",
	"ore_settimanali_max", "avvertenze", "fondo_esito", "fondo_motivi", "richiesta_entro", "premio_stimato", "fondo_avvertenze",
	"errore_codice", "errore_campo", "errore_messaggio"}

// Kinds of request a JSON lotto element may ask for with its "tipo".
var tipiLottoJSON = []string{"calcolo", "fondo", "convenzione"}

const casiPerBlocco = 64

// elemento is one case read from the input, not yet decoded.
type elemento struct {
	riga  int
	raw   []byte   // a JSON element
	rec   []string // or a CSV record
	err   *Error   // or an error found while reading it
	ferma bool     // the input cannot be read past this element
}

type blocco struct {
	elementi []elemento
	fatto    chan esitoBlocco
}

type esitoBlocco struct {
	out        []byte
	ok, errori int
	interrotto bool
}

// Lotto answers many cases at once: r holds a JSON array of requests (a
// "tipo" member picks calcolo, the default, fondo or convenzione) or a CSV
// with a header row (columns: see LottoColumns; a "tipo" column picks
// calcolo or fondo), told apart by the first byte that is not a space ('['
// is JSON). One result per row is written to w, in order, a block of 64
// rows at a time as soon as the block is done: the input is streamed, the
// rows are evaluated by o.Lavoratori goroutines, and the memory stays
// bounded however many rows there are. A bad row gets its error in its own result and the
// others go on. The error returned is about the batch as a whole (no
// header, not an array, unreadable input, a failed write); bad rows are
// counted in the LottoStats.
//
// ctx is checked between rows and inside each row's evaluation (between
// the steps of the rules): once it is done, no further row is read,
// evaluated or written, and a row it stopped is not written; the answer ends with a result of code
// CodeLottoInterrotto (riga 0, tipo "lotto") that says how many results
// came before it, the LottoStats says Interrotto and Annullato, and the
// error wraps ctx.Err() (errors.Is(err, context.Canceled) holds when the
// caller cancelled).
func (e *Engine) Lotto(ctx context.Context, r io.Reader, w io.Writer, o LottoOptions) (LottoStats, error) {
	var st LottoStats
	br := bufio.NewReaderSize(r, 64<<10)
	bom := false
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
		bom = true
	}
	primo, err := primoByte(br)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return st, errInput(CodeLottoVuoto, "", "lotto vuoto: atteso un array JSON di richieste o un CSV con la riga di intestazione")
		}
		return st, errInput(CodeLettura, "", "impossibile leggere il lotto: %v", err)
	}
	if primo == '{' {
		return st, errInput(CodeJSONNonValido, "", "un lotto JSON è un array di richieste: [{…}, {…}]; per una richiesta sola usare calcolo, fondo o convenzione")
	}
	st.Ingresso = "csv"
	if primo == '[' {
		st.Ingresso = "json"
	}
	if br, st.Codifica, err = codificaIngresso(br, o.Codifica, bom, st.Ingresso); err != nil {
		return st, err
	}
	formato := o.Formato
	if formato == "" {
		formato = st.Ingresso
	}
	if formato != "json" && formato != "csv" {
		return st, errInput(CodeValoreNonAmmesso, "formato", "formato «%s» non ammesso: json o csv", formato)
	}
	sep := o.Separatore
	if sep == 0 && o.Italiano {
		sep = ';'
	}
	var (
		leggi func(emit func(elemento) bool) // sends the elements, in order
		h     *intestazione
	)
	if st.Ingresso == "json" {
		leggi = func(emit func(elemento) bool) { leggiJSON(br, emit) }
	} else {
		prima, _ := br.Peek(br.Size())
		if i := bytes.IndexByte(prima, '\n'); i >= 0 {
			prima = prima[:i]
		}
		inSep := indovinaSeparatore(prima)
		if sep == 0 {
			sep = inSep
		}
		cr := csv.NewReader(br)
		cr.Comma = inSep
		cr.FieldsPerRecord = -1
		cr.TrimLeadingSpace = true
		testa, err := cr.Read()
		if err != nil {
			return st, errInput(CodeCSVNonValido, "", "intestazione del CSV illeggibile: %v", err)
		}
		if len(testa) > maxColonneCSV {
			return st, errInput(CodeTroppeColonne, "", "l'intestazione del CSV ha %d colonne: al massimo %d (prime colonne: %s)",
				len(testa), maxColonneCSV, elencoTroncato(testa, 3))
		}
		cat := e.cataloghiCSV()
		if h, err = leggiIntestazione(testa, o.IgnoraColonne, cat, e.aliasCSV(cat)); err != nil {
			return st, err
		}
		leggi = func(emit func(elemento) bool) { leggiCSV(cr, emit) }
	}
	if sep == 0 {
		sep = ','
	}
	if sep != ',' && sep != ';' && sep != '\t' {
		return st, errInput(CodeValoreNonAmmesso, "separatore", "separatore %q non ammesso: virgola, punto e virgola o tabulazione", sep)
	}
	var opts []Option
	if !o.Spiegazione {
		opts = append(opts, WithoutExplanation())
	}
	enc := &codificatore{ctx: ctx, formato: formato, sep: sep, e: e, h: h, opts: opts, it: o.Italiano, utf8: st.Codifica == EncodingUTF8}

	n := o.Lavoratori
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan *blocco)
	ordine := make(chan *blocco, 2*n+2) // bounds the blocks in flight
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				b.fatto <- enc.blocco(b.elementi)
			}
		}()
	}
	go func() {
		defer close(ordine)
		defer close(jobs)
		cur := &blocco{fatto: make(chan esitoBlocco, 1)}
		invia := func() bool {
			select {
			case ordine <- cur:
			case <-stop:
				return false
			}
			select {
			case jobs <- cur:
			case <-stop:
				cur.fatto <- esitoBlocco{}
				return false
			}
			cur = &blocco{fatto: make(chan esitoBlocco, 1)}
			return true
		}
		ok := true
		leggi(func(el elemento) bool {
			if ctx.Err() != nil {
				ok = false // no row is read past a cancelled context
				return false
			}
			cur.elementi = append(cur.elementi, el)
			if len(cur.elementi) == casiPerBlocco {
				ok = invia()
			}
			return ok
		})
		if ok && len(cur.elementi) > 0 {
			invia()
		}
	}()

	var werr error
	scrivi := func(b []byte) {
		if werr == nil && len(b) > 0 {
			if _, werr = w.Write(b); werr != nil {
				close(stop) // the reader and the workers stop; the blocks in flight are drained
			}
		}
	}
	if formato == "csv" {
		var b bytes.Buffer
		if o.BOM || bom {
			b.WriteString("\ufeff")
		}
		cw := csv.NewWriter(&b)
		cw.Comma = sep
		if o.Italiano {
			cw.Write(intestazioneItaliana)
		} else {
			cw.Write(colonneEsitoCSV)
		}
		cw.Flush()
		scrivi(b.Bytes())
	} else {
		scrivi([]byte("["))
	}
	primoBlocco := true
	fermato := false
	for b := range ordine {
		res := <-b.fatto
		if !fermato && werr == nil && ctx.Err() != nil {
			// Between rows: the blocks not yet written are dropped, the
			// reader and the workers stop.
			fermato, st.Annullato, st.Interrotto = true, true, true
			close(stop)
		}
		if werr != nil || fermato {
			continue // drain, so that the goroutines end
		}
		if formato == "json" && len(res.out) > 0 {
			if primoBlocco {
				res.out = res.out[1:] // the leading comma
			}
			primoBlocco = false
		}
		scrivi(res.out)
		st.OK += res.ok
		st.Errori += res.errori
		st.Interrotto = st.Interrotto || res.interrotto
		if o.Avanzamento != nil {
			o.Avanzamento(st.OK + st.Errori)
		}
	}
	wg.Wait()
	st.Casi = st.OK + st.Errori
	if !fermato && werr == nil && ctx.Err() != nil {
		// The reader stopped at the context: the rows past it were not
		// read, and the blocks written are all there are.
		st.Annullato, st.Interrotto = true, true
	}
	if st.Annullato {
		scrivi(enc.fine(ctx, st.Casi, primoBlocco))
	}
	if formato == "json" {
		if st.Casi == 0 {
			scrivi([]byte("]\n"))
		} else {
			scrivi([]byte("\n]\n"))
		}
	}
	if st.Annullato {
		return st, fmt.Errorf("lpu: lotto interrotto dopo %d esiti: %w", st.Casi, ctx.Err())
	}
	if werr != nil {
		return st, fmt.Errorf("lpu: scrittura del lotto: %w", werr)
	}
	return st, nil
}

// causaInterruzione says in Italian why a context stopped a batch.
func causaInterruzione(ctx context.Context) string {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "superato il tempo massimo"
	}
	return "richiesta annullata"
}

func primoByte(br *bufio.Reader) (byte, error) {
	for {
		c, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if c < 0x80 && unicode.IsSpace(rune(c)) {
			continue
		}
		return c, br.UnreadByte()
	}
}

// leggiJSON streams the elements of a JSON array, one at a time; each
// element is read by decodeGenerico.
func leggiJSON(r io.Reader, emit func(elemento) bool) {
	dec := jsontext.NewDecoder(r, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	ferma := func(riga int, err error) {
		emit(elemento{riga: riga, ferma: true, err: errInput(CodeJSONNonValido, "", "JSON non valido dopo l'elemento %d: %s; il resto del lotto non è letto", riga-1, msgSintassi(err))})
	}
	if dec.PeekKind() != '[' {
		_, err := dec.ReadToken()
		if err == nil {
			err = errors.New("atteso un array")
		}
		ferma(1, err)
		return
	}
	if _, err := dec.ReadToken(); err != nil { // the '['
		ferma(1, err)
		return
	}
	riga := 0
	for dec.PeekKind() != ']' {
		riga++
		raw, err := dec.ReadValue()
		if err != nil {
			ferma(riga, err)
			return
		}
		if !emit(elemento{riga: riga, raw: bytes.Clone(raw)}) {
			return
		}
	}
	if _, err := dec.ReadToken(); err != nil { // the ']'
		ferma(riga+1, err)
		return
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		if err == nil {
			err = errors.New("dati in eccesso dopo la fine dell'array")
		}
		ferma(riga+1, err)
	}
}

// leggiCSV streams the records after the header; riga is the line of the
// file where the record starts (the header is line 1, as in a spreadsheet).
func leggiCSV(cr *csv.Reader, emit func(elemento) bool) {
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe):
			if !emit(elemento{riga: pe.StartLine, err: errInput(CodeCSVNonValido, "", "riga CSV illeggibile: %v", pe.Err)}) {
				return
			}
			continue
		case err != nil:
			emit(elemento{ferma: true, err: errInput(CodeLettura, "", "lettura del CSV interrotta: %v", err)})
			return
		case vuota(rec):
			continue
		}
		riga, _ := cr.FieldPos(0)
		if !emit(elemento{riga: riga, rec: rec}) {
			return
		}
	}
}

// codificatore evaluates blocks of elements and encodes their results.
type codificatore struct {
	ctx     context.Context
	formato string
	sep     rune
	e       *Engine
	h       *intestazione
	opts    []Option
	it      bool // Italiano
	utf8    bool // the input is read as UTF-8: a row that is not gets an error
}

func (c *codificatore) blocco(els []elemento) esitoBlocco {
	var res esitoBlocco
	var buf bytes.Buffer
	var cw *csv.Writer
	if c.formato == "csv" {
		cw = csv.NewWriter(&buf)
		cw.Comma = c.sep
	}
	for _, el := range els {
		if c.ctx.Err() != nil {
			return esitoBlocco{} // never written: the batch stops here
		}
		// Each row's evaluation takes the lotto's context and stops
		// with it; a row it stopped is not written (nor any after).
		es := c.valuta(el)
		if c.ctx.Err() != nil {
			return esitoBlocco{}
		}
		if es.Errore != nil {
			res.errori++
		} else {
			res.ok++
		}
		res.interrotto = res.interrotto || el.ferma
		c.codifica(&buf, cw, es)
	}
	if cw != nil {
		cw.Flush()
	}
	res.out = buf.Bytes()
	return res
}

// codifica appends a result to buf: a CSV row through cw, or a JSON
// element after ",\n" when cw is nil.
func (c *codificatore) codifica(buf *bytes.Buffer, cw *csv.Writer, es EsitoLotto) {
	if cw != nil {
		cw.Write(c.rigaEsito(es))
		return
	}
	b, err := AppendJSON(append(buf.AvailableBuffer(), ",\n"...), es)
	if err != nil {
		panic(err) // our own types always encode
	}
	buf.Write(b[:len(b)-1]) // without the newline
}

// fine is the final result of a batch its context stopped: riga 0 (no
// row of the input), tipo "lotto", the error CodeLottoInterrotto.
func (c *codificatore) fine(ctx context.Context, scritti int, primo bool) []byte {
	es := EsitoLotto{Tipo: "lotto", Esito: "errore", Errore: errore(KindCanceled, CodeLottoInterrotto, "",
		"lotto interrotto dopo %d esiti: %s; le righe seguenti non sono state calcolate", scritti, causaInterruzione(ctx))}
	var buf bytes.Buffer
	var cw *csv.Writer
	if c.formato == "csv" {
		cw = csv.NewWriter(&buf)
		cw.Comma = c.sep
	}
	c.codifica(&buf, cw, es)
	if cw != nil {
		cw.Flush()
		return buf.Bytes()
	}
	if primo {
		return buf.Bytes()[1:] // the leading comma
	}
	return buf.Bytes()
}

func (c *codificatore) valuta(el elemento) EsitoLotto {
	es := EsitoLotto{Riga: el.riga, Tipo: "calcolo"}
	fail := func(err error) EsitoLotto {
		es.Esito, es.Errore, es.Risultato = "errore", AsError(err), nil
		return es
	}
	if el.err != nil {
		return fail(el.err)
	}
	var raw map[string]any
	if el.rec != nil {
		if c.utf8 {
			if err := c.h.righeUTF8(el.rec); err != nil {
				return fail(err)
			}
		}
		tipo, rif, m, err := c.h.rigaCSV(el.rec)
		es.Tipo, es.Rif = tipo, rif
		if c.h.fatt < len(el.rec) {
			es.Fattispecie = c.nomeFattispecie(el.rec[c.h.fatt])
		}
		if err != nil {
			return fail(err)
		}
		raw = m
	} else {
		x, err := decodeGenerico(el.raw)
		if err != nil {
			return fail(err)
		}
		m, ok := x.(map[string]any)
		if !ok {
			return fail(errInput(CodeJSONNonValido, "", "atteso un oggetto JSON (una richiesta), trovato %s", kindName(x)))
		}
		if t, ok := m["tipo"]; ok {
			s, _ := t.(string)
			es.Tipo = s
			delete(m, "tipo")
			if !contiene(tipiLottoJSON, s) {
				return fail(errInput(CodeValoreNonAmmesso, "tipo", "tipo «%v» non ammesso: uno di %s", t, strings.Join(tipiLottoJSON, ", ")))
			}
		}
		if rf, ok := m["rif"]; ok {
			switch v := rf.(type) {
			case string:
				es.Rif = v
			case json.Number:
				es.Rif = v.String()
			default:
				return fail(errInput(CodeTipoErrato, "rif", "rif: atteso un testo, trovato %s", kindName(rf)))
			}
			delete(m, "rif")
			if len(es.Rif) > maxStringa {
				es.Rif = ""
				return fail(errInput(CodeFuoriIntervallo, "rif", "riferimento troppo lungo (al massimo %d caratteri)", maxStringa))
			}
		}
		raw = m
	}
	if f := c.fattispecieRiga(raw); f != "" {
		es.Fattispecie = f
	}
	out, err := c.esegui(es.Tipo, raw)
	if err != nil {
		e := AsError(err)
		if c.h != nil && e.Field != "" { // name the CSV column, not the JSON path
			if col := c.h.colonnePer(es.Tipo, e.Field); col != "" {
				e = &Error{Code: e.Code, Message: e.Message, Field: col, Kind: e.Kind, Err: e.Err}
			}
		}
		return fail(e)
	}
	es.Esito, es.Risultato = "ok", out
	return es
}

func (c *codificatore) esegui(tipo string, raw map[string]any) (any, error) {
	switch tipo {
	case "calcolo":
		var r Richiesta
		if err := Assign(raw, &r); err != nil {
			return nil, err
		}
		return c.e.Calcolo(c.ctx, &r, c.opts...)
	case "fondo":
		var r RichiestaFondo
		if err := Assign(raw, &r); err != nil {
			return nil, err
		}
		return c.e.Fondo(c.ctx, &r, c.opts...)
	case "convenzione":
		var r RichiestaConvenzione
		if err := Assign(raw, &r); err != nil {
			return nil, err
		}
		return c.e.Convenzione(c.ctx, &r, c.opts...)
	}
	return nil, errInput(CodeValoreNonAmmesso, "tipo", "tipo «%s» non ammesso", tipo)
}

// rigaEsito is a result as a CSV row (see colonneEsitoCSV): the columns
// up to avvertenze are the calcolo's (or the convenzione's), the fondo_
// ones the Fund's, from the calcolo's fondo_inail or from a fondo row.
func (c *codificatore) rigaEsito(es EsitoLotto) []string {
	const (
		riga = iota
		rif
		tipo
		esito
		fattispecie
		giorni
		ore
		ammissibile
		motivi
		oreSett
		avvertenze
		fondoEsito
		fondoMotivi
		richiestaEntro
		premio
		fondoAvvertenze
		errCodice
		errCampo
		errMessaggio
	)
	r := make([]string, len(colonneEsitoCSV))
	r[riga], r[rif], r[tipo], r[esito], r[fattispecie] = strconv.Itoa(es.Riga), es.Rif, es.Tipo, es.Esito, es.Fattispecie
	fondo := func(f *EsitoFondo) {
		r[fondoEsito], r[fondoMotivi], r[fondoAvvertenze] = f.Esito, unisci(f.Motivi), unisci(f.Avvertenze)
		dec := sepDecimale(c.sep)
		if c.it {
			dec = ","
		}
		r[premio] = strings.Replace(f.PremioStimato, ".", dec, 1)
		if f.Esito != "non_ammissibile" {
			r[richiestaEntro] = f.RichiestaEntro
		}
	}
	switch v := es.Risultato.(type) {
	case *Risultato:
		r[giorni], r[ore], r[ammissibile], r[motivi] = strconv.Itoa(v.Giorni), strconv.Itoa(v.Ore), siNo(v.Ammissibile), unisci(v.Motivi)
		if n, ok := v.Limiti.OreSettimanaliMax.Int(); ok {
			r[oreSett] = strconv.Itoa(n)
		}
		r[avvertenze] = unisci(v.Avvertenze)
		if v.FondoInail != nil {
			fondo(v.FondoInail)
		}
	case *RisultatoFondo:
		fondo(&EsitoFondo{Esito: v.Esito, Motivi: v.Motivi, RichiestaEntro: v.RichiestaEntro, PremioStimato: v.PremioStimato, Avvertenze: v.Avvertenze})
	case *RisultatoConvenzione:
		r[ammissibile], r[motivi], r[avvertenze] = siNo(v.Valida), unisci(v.Motivi), unisci(v.Avvertenze)
	}
	if e := es.Errore; e != nil {
		r[errCodice], r[errCampo], r[errMessaggio] = string(e.Code), e.Field, e.Message
	}
	if c.it {
		c.italiano(r)
	}
	// The text cells, echoed from the input or written by the rules, are
	// made safe for a spreadsheet; the numbers (riga, giorni, ore,
	// ore_settimanali_max, premio_stimato) are the engine's and stay
	// numbers.
	for _, i := range [...]int{rif, tipo, esito, fattispecie, ammissibile, motivi, avvertenze, fondoEsito, fondoMotivi,
		richiestaEntro, fondoAvvertenze, errCodice, errCampo, errMessaggio} {
		r[i] = cellaTesto(r[i])
	}
	return r
}

func siNo(b bool) string {
	if b {
		return "sì"
	}
	return "no"
}

func unisci(s []string) string { return strings.Join(s, " | ") }

func contiene(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
