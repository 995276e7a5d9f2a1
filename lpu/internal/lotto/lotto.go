// Package lotto answers many requests at once, a batch ("lotto"): it
// streams a JSON array of requests or a CSV as an office writes it (Excel's
// Italian export, Windows-1252, headers by their Italian labels), hands
// each row to the caller's evaluation in blocks evaluated by several
// goroutines, and writes one result per row, in order, as JSON or CSV.
//
// It knows neither the rules engine nor the facade lpu: the caller passes
// the columns of each kind of request and the vocabulary's labels as plain
// data (Dominio), and functions that evaluate a row, decode a JSON element
// and encode a result; errors of the batch and of its rows are *Errore,
// which the caller turns into its own coded errors.
package lotto

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
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
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/lpu-it/lpu/lpu/internal/valori"
)

// Motivo is the kind of an Errore; the caller gives each its code.
type Motivo int

// The kinds of error of a batch and of its rows.
const (
	MotivoVuoto                Motivo = iota + 1 // no input at all
	MotivoLettura                                // the input cannot be read
	MotivoJSON                                   // JSON that is not valid, or not an array of objects
	MotivoCSV                                    // a CSV line that cannot be read
	MotivoValore                                 // a value not allowed (formato, separatore, codifica, tipo)
	MotivoTroppeColonne                          // a header with too many columns
	MotivoColonnaLunga                           // a header name too long
	MotivoColonnaRipetuta                        // a header name twice
	MotivoColonnaSconosciuta                     // a header name that is no column
	MotivoMancante                               // the fattispecie column is missing
	MotivoFuoriIntervallo                        // a rif too long
	MotivoRiga                                   // a row with more or fewer cells than the header
	MotivoColonnaNonPertinente                   // a cell of a column the row's kind has not
	MotivoTipo                                   // a value of the wrong type (a boolean, a rif)
	MotivoImporto                                // an amount that is not one
	MotivoData                                   // a date that is not one
	MotivoCodifica                               // a row that is not UTF-8
	MotivoInterrotto                             // the final result of a batch its context stopped
)

// Errore is an error of the batch or of one of its rows: its kind, the
// field or column it is about, and a message in Italian.
type Errore struct {
	Motivo    Motivo
	Campo     string
	Messaggio string
	// percorso is the field of the request a cell's error is about.
	percorso string
	// etichetta names, for a person, the column of a cell's error: the
	// label of the field it fills (Campo is the column as the header
	// writes it, for a program).
	etichetta string
}

func (e *Errore) Error() string { return e.Messaggio }

func errore(m Motivo, campo, format string, args ...any) *Errore {
	return &Errore{Motivo: m, Campo: campo, Messaggio: fmt.Sprintf(format, args...)}
}

// Opzioni configure Esegui (see lpu.LottoOptions, which they mirror).
type Opzioni struct {
	Formato       string
	Separatore    rune
	BOM           bool
	IgnoraColonne bool
	Lavoratori    int
	Codifica      string
	Italiano      bool
	Avanzamento   func(casi int)
}

// Statistiche count what Esegui did (see lpu.LottoStats).
type Statistiche struct {
	Ingresso   string
	Codifica   string
	Casi       int
	OK         int
	Errori     int
	Interrotto bool
	Annullato  bool
	// ColonneIgnorate are the CSV columns no field has, as written, that
	// Opzioni.IgnoraColonne let through.
	ColonneIgnorate []string
	// VuoteInFondo are the empty rows of a CSV (only separators, the
	// formatted rows a spreadsheet exports after its last one) after its
	// last row that is not: they have no result, and whoever reads the
	// answer is told how many (an empty row between two cases has its
	// own result).
	VuoteInFondo int
}

// Esito is the result of one row.
type Esito struct {
	Riga        int
	Rif         string
	Tipo        string
	Fattispecie string
	Esito       string // "ok" or "errore"
	Risultato   any    // what Dominio.Valuta returned
	Errore      error  // an *Errore, or what Dominio.Valuta returned
	// Colonna names the CSV column(s) that set the field of an error of
	// Valuta: the answer names them instead of the field's path.
	Colonna string
	// Altri are the row's other errors, for an answer for a person
	// (Opzioni.Italiano): its other cells' and its fields' (altriErrori),
	// or the evaluation's other errors (Dominio.Errori). The other
	// answers give the first alone.
	Altri []error
}

// Celle are the cells of a CSV answer that come from a row's result
// (Dominio.Celle); an amount (Dominio.Importi) is written with a point,
// the batch puts the decimal separator of the answer.
type Celle struct {
	Giorni, Ore, Ammissibile, Motivi, OreSettimanaliMax, Avvertenze string
	FondoEsito, FondoMotivi, RichiestaEntro, PremioStimato          string
	FondoAvvertenze                                                 string
	// Uscite are the cells of Dominio.Uscite, in order (empty, or none,
	// where the result gives no value).
	Uscite []string
}

// Uscita is a declared output of the calcolo written in a column of its
// name after ColonneFisse (Dominio.Uscite).
type Uscita struct {
	Nome string
	// Etichetta names the column in an Italian answer.
	Etichetta string
	// Valori are the labels of its declared values by code: an Italian
	// answer writes the label in its cell.
	Valori map[string]string
	// Testo: a text, made safe for a spreadsheet as the other texts.
	Testo bool
	// Data: a date, dd/mm/yyyy in an Italian answer as richiesta_entro.
	Data bool
}

// Campo is a field of the vocabulary of a kind of request: its path, its
// type (testo, intero, booleano, importo, data, or durata: three columns,
// _anni _mesi _giorni), its label and the other names of its column.
type Campo struct {
	Nome      string
	Tipo      string
	Etichetta string
	Colonne   []string
	// Valori are the only values a testo field accepts, with their labels
	// (none: any text): a CSV cell writes one by its code or its label.
	// Citati lists them as the caller's messages do, for a cell that is
	// neither (««modello del D.M. 26 marzo 2001» (dm2001), …»).
	Valori []Scelta
	Citati string
}

// Scelta is an accepted value of a field and its label.
type Scelta struct {
	Valore, Etichetta string
}

// Dominio is what the batch knows of the requests, given by the caller.
type Dominio struct {
	// Cataloghi are the CSV columns of each kind of request a CSV row may
	// ask for ("calcolo" and "fondo").
	Cataloghi map[string]*Catalogo
	// Vocabolario are the declared fields of every kind of request, in
	// order: their labels name the columns (aliases) and the fields of
	// the errors of an Italian answer.
	Vocabolario map[string][]Campo
	// Gruppi are the titles of the vocabulary's sections, by the prefix
	// of their fields' paths (pena: «Pena inflitta»): in an Italian answer,
	// the label of an error on a whole section of a kind that has fields
	// under it (the penalty, not one of its parts).
	Gruppi map[string]string
	// Proprie are the labels a fattispecie's rules give the fields of
	// its calcolo (gdp55's pena.multa: «Multa non pagata (€)»), by its
	// id: in an Italian answer, a calcolo row of that fattispecie names
	// those fields by them, as its messages do.
	Proprie map[string]map[string]string
	// MaxStringa is the longest rif, in bytes.
	MaxStringa int
	// Valuta answers one request of a kind (calcolo, fondo, convenzione)
	// given as a generic JSON value (json.Number for numbers).
	Valuta func(ctx context.Context, tipo string, raw map[string]any) (any, error)
	// Decodifica reads one element of a JSON array as a generic value.
	Decodifica func([]byte) (any, error)
	// Sintassi says in Italian where and why a JSON text was refused.
	Sintassi func(error) string
	// Fattispecie is the id of the fattispecie a name stands for.
	Fattispecie func(nome string) (string, bool)
	// Titolo is the title of the fattispecie of an id, which the answer
	// for a person writes instead of the id ("" for no fattispecie; nil:
	// the id).
	Titolo func(id string) string
	// DescriviErrore is the code, field and message of an error of a row
	// (an *Errore or an error of Valuta).
	DescriviErrore func(error) (codice, campo, messaggio string)
	// Errori are the errors an error of Valuta stands for, the first
	// being the one DescriviErrore describes (nil: itself alone).
	Errori func(error) []error
	// Controlla gives the errors of the fields of a request that a row
	// whose other cells could not be read holds, without evaluating it:
	// the values out of bounds or not among the accepted ones, none on
	// the fields of esclusi (the cells in error) nor what the missing
	// cells may cause (nil: none are looked for).
	Controlla func(tipo string, raw map[string]any, esclusi []string) []error
	// JSON appends a result in JSON to dst, with a trailing newline.
	JSON func(dst []byte, es Esito) []byte
	// Celle are the cells of a result of Valuta in a CSV answer.
	Celle func(risultato any) Celle
	// Uscite are the calcolo's declared outputs a CSV answer writes in
	// columns of their names after ColonneFisse, in order (Colonne).
	Uscite []Uscita
	// Importi are the columns whose cells are amounts, by name (the
	// declared outputs of type importo): written with the decimal
	// separator of the answer.
	Importi map[string]bool
}

// ColonneFisse are the first columns of a CSV answer, in order, before
// those of Dominio.Uscite. A column is added at the end, never moved nor
// renamed: a program reading the answer by position keeps reading it
// (the outputs, settimane_min first, came after errore_messaggio).
var ColonneFisse = []string{"riga", "rif", "tipo", "esito", "fattispecie", "giorni", "ore", "ammissibile", "motivi",
	"ore_settimanali_max", "avvertenze", "fondo_esito", "fondo_motivi", "richiesta_entro", "premio_stimato", "fondo_avvertenze",
	"errore_codice", "errore_campo", "errore_messaggio"}

// Colonne are the columns of a CSV answer, in order: ColonneFisse, then
// the outputs of Uscite.
func (d *Dominio) Colonne() []string {
	out := slices.Clone(ColonneFisse)
	for _, u := range d.Uscite {
		out = append(out, u.Nome)
	}
	return out
}

// TipiJSON are the kinds of request a JSON element may ask for with its
// "tipo".
var TipiJSON = []string{"calcolo", "fondo", "convenzione"}

// TipiCSV are the kinds of request a CSV row may ask for.
var TipiCSV = []string{"calcolo", "fondo"}

const casiPerBlocco = 64

// elemento is one case read from the input, not yet decoded.
type elemento struct {
	riga  int
	raw   []byte   // a JSON element
	rec   []string // or a CSV record
	err   *Errore  // or an error found while reading it
	ferma bool     // the input cannot be read past this element
}

type blocco struct {
	elementi []elemento
	fatto    chan esitoBlocco
}

type esitoBlocco struct {
	out        []byte
	buf        *bytes.Buffer // out's room, back to buffers once written
	ok, errori int
	interrotto bool
}

// buffers keeps the blocks' room from one block to the next (and from
// one batch to the next): a block's answer is written, then its buffer
// is put back, so a batch holds about as many as the blocks in flight.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxBufferTenuto: a block's buffer bigger than this (rows of long
// texts) is let go, not kept for the next block.
const maxBufferTenuto = 1 << 20

// rilascia puts the block's buffer back: its bytes are not read again.
func (e *esitoBlocco) rilascia() {
	if e.buf != nil && e.buf.Cap() <= maxBufferTenuto {
		e.buf.Reset()
		buffers.Put(e.buf)
	}
	e.buf, e.out = nil, nil
}

// MaxLavoratoriPerCPU bounds the goroutines of a batch: at most that
// many times GOMAXPROCS (the rows are evaluated on the CPU, and a batch
// that asked for two million goroutines took 17 s and 5.5 GB to answer
// one row).
const MaxLavoratoriPerCPU = 4

// Lavoratori is the number of goroutines evaluating a batch for the n
// asked: GOMAXPROCS for n ≤ 0, at most MaxLavoratoriPerCPU×GOMAXPROCS.
func Lavoratori(n int) int {
	p := runtime.GOMAXPROCS(0)
	if n <= 0 {
		return p
	}
	return min(n, MaxLavoratoriPerCPU*p)
}

// Esegui runs a batch (see lpu.Engine.Lotto for what it does): r is read,
// one result per row is written to w. The error is an *Errore about the
// batch as a whole, or one that says the batch was stopped by ctx
// (wrapping ctx.Err()) or could not be written.
func Esegui(ctx context.Context, d *Dominio, r io.Reader, w io.Writer, o Opzioni) (Statistiche, error) {
	var st Statistiche
	br := bufio.NewReaderSize(r, 64<<10)
	bom := false
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
		bom = true
	}
	primo, aCapo, err := primoByte(br)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return st, errore(MotivoVuoto, "", "lotto vuoto: atteso un array JSON di richieste o un CSV con la riga di intestazione")
		}
		return st, errore(MotivoLettura, "", "impossibile leggere il lotto: %v", err)
	}
	if primo == '{' {
		return st, errore(MotivoJSON, "", "un lotto JSON è un array di richieste: [{…}, {…}]; per una richiesta sola usare calcolo, fondo o convenzione")
	}
	st.Ingresso = "csv"
	if primo == '[' {
		st.Ingresso = "json"
	}
	var ec *Errore
	if br, st.Codifica, ec = codificaIngresso(br, o.Codifica, bom, st.Ingresso); ec != nil {
		return st, ec
	}
	formato := o.Formato
	if formato == "" {
		formato = st.Ingresso
	}
	if formato != "json" && formato != "csv" {
		return st, errore(MotivoValore, "formato", "formato «%s» non ammesso: json o csv", formato)
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
		leggi = func(emit func(elemento) bool) { leggiJSON(br, d.Sintassi, emit) }
	} else {
		prima, _ := br.Peek(br.Size())
		if i := bytes.IndexByte(prima, '\n'); i >= 0 {
			prima = prima[:i]
		}
		inSep := indovinaSeparatore(prima)
		if sep == 0 {
			sep = inSep
		}
		// encoding/csv reads again the line breaks primoByte passed over,
		// so that it counts the lines of the file: a riga is the line a
		// spreadsheet shows, blank lines before the header or not.
		rv := &righeVuote{r: io.MultiReader(&aCapo, br), sep: byte(inSep)}
		cr := csv.NewReader(rv)
		cr.Comma = inSep
		cr.FieldsPerRecord = -1
		cr.TrimLeadingSpace = true
		testa, err := cr.Read()
		if err != nil {
			return st, errore(MotivoCSV, "", "intestazione del CSV illeggibile: %s", msgCSV(err))
		}
		if len(testa) > maxColonneCSV {
			return st, errore(MotivoTroppeColonne, "", "l'intestazione del CSV ha %d colonne: al massimo %d (prime colonne: %s)",
				len(testa), maxColonneCSV, elencoTroncato(testa, 3))
		}
		if st.Codifica == EncodingUTF8 {
			// A header read as UTF-8 that is not (Windows-1252 asked to
			// be read as UTF-8, or behind a BOM) is not a header of
			// unknown columns: «Ammenda (€)» becomes «Ammenda (�)».
			for _, c := range testa {
				if !utf8.ValidString(c) {
					return st, errore(MotivoCodifica, "codifica", "l'intestazione del CSV ha caratteri che non sono UTF-8 (colonna «%s»): il file è in un'altra codifica, di solito Windows-1252 (il «CSV» di Excel in italiano), e va letto come Windows-1252, oppure salvato dal foglio di calcolo come «CSV UTF-8»",
						nomeTroncato(c))
				}
			}
		}
		var e *Errore
		if h, e = leggiIntestazione(testa, o.IgnoraColonne, d, d.Alias()); e != nil {
			return st, e
		}
		st.ColonneIgnorate = h.ignorate
		leggi = func(emit func(elemento) bool) { st.VuoteInFondo = leggiCSV(cr, rv, len(testa), emit) }
	}
	if sep == 0 {
		sep = ','
	}
	if sep != ',' && sep != ';' && sep != '\t' {
		return st, errore(MotivoValore, "separatore", "separatore %q non ammesso: virgola, punto e virgola o tabulazione", sep)
	}
	enc := &codificatore{ctx: ctx, formato: formato, sep: sep, d: d, colonne: d.Colonne(), h: h, utf8: st.Codifica == EncodingUTF8}
	if o.Italiano {
		enc.etichette = d.etichette()
	}

	n := Lavoratori(o.Lavoratori)
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
			cw.Write(d.IntestazioneItaliana())
		} else {
			cw.Write(d.Colonne())
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
			res.rilascia()
			continue // drain, so that the goroutines end
		}
		if formato == "json" && len(res.out) > 0 {
			if primoBlocco {
				res.out = res.out[1:] // the leading comma
			}
			primoBlocco = false
		}
		scrivi(res.out) // (w.Write keeps nothing of it, as io.Writer says)
		res.rilascia()
		if werr != nil {
			continue // not written: not counted (the answer holds none of it)
		}
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
		return st, fmt.Errorf("lotto interrotto dopo %d esiti: %w", st.Casi, ctx.Err())
	}
	if werr != nil {
		return st, fmt.Errorf("scrittura del lotto: %w", werr)
	}
	return st, nil
}

// CausaInterruzione says in Italian why a context stopped a batch, from
// its ctx.Err().
func CausaInterruzione(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "superato il tempo massimo"
	}
	return "richiesta annullata"
}

// primoByte reads past the white space at the start of the input and
// returns its first other byte, left unread, and the line breaks passed
// over, which a CSV gives back to encoding/csv.
func primoByte(br *bufio.Reader) (byte, righeInBianco, error) {
	var n righeInBianco
	for {
		c, err := br.ReadByte()
		if err != nil {
			return 0, n, err
		}
		if c == '\n' {
			n++
		}
		if c < 0x80 && unicode.IsSpace(rune(c)) {
			continue
		}
		return c, n, br.UnreadByte()
	}
}

// righeInBianco reads as that many line breaks.
type righeInBianco int

func (n *righeInBianco) Read(p []byte) (int, error) {
	if *n == 0 {
		return 0, io.EOF
	}
	k := min(int(*n), len(p))
	for i := range k {
		p[i] = '\n'
	}
	*n -= righeInBianco(k)
	return k, nil
}

// leggiJSON streams the elements of a JSON array, one at a time; each
// element is read by Dominio.Decodifica.
func leggiJSON(r io.Reader, sintassi func(error) string, emit func(elemento) bool) {
	dec := jsontext.NewDecoder(r, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	ferma := func(riga int, err error) {
		msg := "atteso un array"
		if err != nil {
			msg = sintassi(err)
		}
		emit(elemento{riga: riga, ferma: true, err: errore(MotivoJSON, "", "JSON non valido dopo l'elemento %d: %s; il resto del lotto non è letto", riga-1, msg)})
	}
	if dec.PeekKind() != '[' {
		_, err := dec.ReadToken()
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
	if _, err := dec.ReadToken(); err == nil {
		emit(elemento{riga: riga + 1, ferma: true, err: errore(MotivoJSON, "", "JSON non valido dopo l'elemento %d: dati in eccesso dopo la fine dell'array; il resto del lotto non è letto", riga)})
	} else if err != io.EOF {
		ferma(riga+1, err)
	}
}

// msgCSV says in Italian why encoding/csv could not read a record, and
// where: its *csv.ParseError has the line and the byte of the line
// (from 1), and a cause among a few exported errors. The byte is said
// "carattere", not "colonna": a column of a CSV is a cell to whoever
// opens it in a spreadsheet.
func msgCSV(err error) string {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return "lettura del file interrotta"
	}
	const virgolette = `; una cella che contiene «"» va tutta tra virgolette, con le virgolette interne raddoppiate: «"1""500"»`
	dove := fmt.Sprintf(" (riga %d, carattere %d)", pe.Line, pe.Column)
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return `virgolette «"» dentro una cella senza virgolette` + dove + virgolette
	case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine < pe.Line:
		return fmt.Sprintf(`virgolette «"» aperte alla riga %d e non chiuse, o seguite da altro testo nella stessa cella`, pe.StartLine) + dove + virgolette
	case errors.Is(pe.Err, csv.ErrQuote):
		return `virgolette «"» non chiuse, o seguite da altro testo nella stessa cella` + dove + virgolette
	case errors.Is(pe.Err, csv.ErrFieldCount):
		return "numero di celle diverso da quello dell'intestazione" + dove
	}
	return "testo che non si legge come CSV" + dove
}

// leggiCSV streams the records after the header; riga is the line of the
// file where the record starts (the header is line 1, as in a spreadsheet).
// A record that cannot be read gets its error, and so does every line it
// swallowed (a quote opened and never closed takes the lines after it
// into one cell, up to the end of the file): every row of the file has
// its result, and an office sees which rows to send again (rv tells the
// blank lines, which are no row; a row of empty cells read as a record
// gets an error of its own when a row that is not empty follows it, and
// none after the last such row: leggiCSV returns how many of those it
// read to the end of the file). A quote closed some lines later makes
// a record encoding/csv reads: its cell holds whole rows, and it is
// refused the same way (see inghiottite). larghezza is the header's
// number of cells.
func leggiCSV(cr *csv.Reader, rv *righeVuote, larghezza int, emit func(elemento) bool) (inFondo int) {
	// saltate gives its own result to each line from a+1 to b that is
	// not blank, with the message non.
	saltate := func(a, b int, non string) bool {
		for riga := a + 1; riga <= b; riga++ {
			if rv.vuota(riga) {
				continue
			}
			if !emit(elemento{riga: riga, err: errore(MotivoCSV, "", "riga CSV non letta: %s; corretta la riga %d, questa riga va inviata di nuovo", non, a)}) {
				return false
			}
		}
		return true
	}
	// The empty rows are held until a row that is not empty follows them
	// (an Excel sheet exports its formatted empty rows after the last
	// one, any number of them): runs of consecutive lines, so that those
	// take the same few bytes however many they are.
	var sospese vuoteSospese
	emetti := func() bool {
		ok := sospese.righe(func(riga int) bool {
			return emit(elemento{riga: riga, err: errore(MotivoRiga, "", "riga vuota: nessuna cella è compilata; se non è un caso da calcolare, va tolta dal file")})
		})
		sospese = vuoteSospese{}
		return ok
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return sospese.n
		}
		var pe *csv.ParseError
		if err == nil {
			riga, _ := cr.FieldPos(0)
			rv.vuota(riga) // (the blank lines before it are no longer asked for)
			if vuota(rec) {
				// An empty row (a spreadsheet's «;;;;») is no case, but
				// it is a row of the input: it gets its result when a
				// case follows it, so that none is lost in silence (one
				// result per input row, as the contract says).
				sospese.aggiungi(riga)
				continue
			}
		}
		if sospese.n > 0 && !emetti() {
			return 0
		}
		switch {
		case errors.As(err, &pe):
			msg := msgCSV(pe)
			non := fmt.Sprintf("fa parte della riga CSV iniziata alla riga %d, che una cella tra virgolette fa andare a capo e che non si legge", pe.StartLine)
			if pe.Line > pe.StartLine {
				if errors.Is(pe.Err, csv.ErrQuote) {
					// The quote opened at StartLine is the cause: a cell
					// that never closes, or closes with text after it.
					msg += "; " + finite(pe.StartLine+1, pe.Line)
					non = fmt.Sprintf("le virgolette «\"» aperte alla riga %d l'hanno inclusa nella stessa cella", pe.StartLine)
				} else {
					// The quoted cell that goes on to the next lines was
					// closed; what cannot be read is further on.
					msg += fmt.Sprintf("; la riga CSV iniziata alla riga %d continua fino alla riga %d perché una cella tra virgolette va a capo: %s",
						pe.StartLine, pe.Line, nonLette(pe.StartLine+1, pe.Line))
				}
			}
			if !emit(elemento{riga: pe.StartLine, err: errore(MotivoCSV, "", "riga CSV illeggibile: %s", msg)}) {
				return 0
			}
			if !saltate(pe.StartLine, pe.Line, non) {
				return 0
			}
			continue
		case err != nil:
			emit(elemento{ferma: true, err: errore(MotivoLettura, "", "lettura del CSV interrotta: %v", err)})
			return 0
		}
		riga, _ := cr.FieldPos(0)
		if i, fine := inghiottite(cr, rec, larghezza); fine > riga {
			r, c := cr.FieldPos(i)
			if !emit(elemento{riga: riga, err: errore(MotivoCSV, "", `riga CSV illeggibile: le virgolette «"» aperte alla riga %d (carattere %d) si chiudono solo alla riga %d: le righe %s sono finite nella stessa cella e %s; una cella che contiene «"» va tutta tra virgolette, con le virgolette interne raddoppiate: «"1""500"», e una cella che va a capo non può contenere il separatore «%c»`,
				r, c, fine, intervallo(riga, fine), nonLette(riga+1, fine), cr.Comma)}) {
				return 0
			}
			if !saltate(riga, fine, fmt.Sprintf("le virgolette «\"» aperte alla riga %d l'hanno inclusa nella stessa cella", r)) {
				return 0
			}
			continue
		}
		if !emit(elemento{riga: riga, rec: rec}) {
			return 0
		}
	}
}

// vuoteSospese are the empty rows leggiCSV holds, by their line: runs of
// consecutive lines.
type vuoteSospese struct {
	n     int      // the rows held
	corse [][2]int // first and last line of each run
}

func (v *vuoteSospese) aggiungi(riga int) {
	v.n++
	if k := len(v.corse) - 1; k >= 0 && v.corse[k][1] == riga-1 {
		v.corse[k][1] = riga
		return
	}
	v.corse = append(v.corse, [2]int{riga, riga})
}

// righe calls f for each row held, in order, while f reports true.
func (v *vuoteSospese) righe(f func(riga int) bool) bool {
	for _, c := range v.corse {
		for riga := c[0]; riga <= c[1]; riga++ {
			if !f(riga) {
				return false
			}
		}
	}
	return true
}

// inghiottite tells a record that swallowed whole rows: a quote opened
// and closed some lines later, which encoding/csv reads as one cell
// holding the rows between, separators and all: the record spans several
// lines, and a cell that does holds the separator, or the record has more
// cells than the header (a quote opened in the last cell and closed in
// the first of the next line). A cell that spans lines without a
// separator, as a spreadsheet writes a text with a line break in it
// (Alt+Invio), is text and stays: the lotto refuses no line break as
// such, since a column it ignores (Note) may well hold one. It returns the
// cell where the quote opened and the last line of the record; fine is
// 0 for a record that swallowed nothing.
func inghiottite(cr *csv.Reader, rec []string, larghezza int) (i, fine int) {
	righe, prima := 0, -1
	sospetta := len(rec) > larghezza && !vuota(rec[larghezza:])
	for j, c := range rec {
		n := strings.Count(c, "\n")
		if n == 0 {
			continue
		}
		righe += n
		if prima < 0 {
			prima = j
		}
		if strings.ContainsRune(c, cr.Comma) {
			sospetta = true
		}
	}
	if righe == 0 || !sospetta {
		return 0, 0
	}
	inizio, _ := cr.FieldPos(0)
	return prima, inizio + righe
}

// finite says that the lines from a to b ended up in one cell: «la riga 5
// è finita …», «le righe 5 e 6 sono finite …», «le righe da 5 a 7 …».
func finite(a, b int) string {
	if a == b {
		return fmt.Sprintf("la riga %d è finita nella stessa cella e non è stata letta", a)
	}
	return fmt.Sprintf("le righe %s sono finite nella stessa cella e non sono state lette", intervallo(a, b))
}

// nonLette says that the lines from a to b were not read.
func nonLette(a, b int) string {
	if a == b {
		return fmt.Sprintf("la riga %d non è stata letta", a)
	}
	return fmt.Sprintf("le righe %s non sono state lette", intervallo(a, b))
}

// intervallo names the lines from a to b, a < b: «5 e 6», «da 5 a 7».
func intervallo(a, b int) string {
	if b == a+1 {
		return fmt.Sprintf("%d e %d", a, b)
	}
	return fmt.Sprintf("da %d a %d", a, b)
}

// righeVuote passes a CSV to encoding/csv and notes its blank lines
// (spaces and separators alone, the ";;;;" rows a spreadsheet leaves
// behind), by their number as encoding/csv counts them: of the lines a
// record that cannot be read swallowed, those are no row. It keeps the
// lines not yet asked for as runs of lines alike, blank or not, one
// uvarint each: any number of blank lines in a row are a few bytes (50 MB
// of them took 8 bytes a line), and lines that alternate at most a byte
// each, less than encoding/csv holds of them. What is kept is the lines
// read ahead of the records (encoding/csv reads a few KB ahead), or
// inside a record that spans lines.
type righeVuote struct {
	r     io.Reader
	sep   byte
	riga  int  // the lines read to their end
	piena bool // the line being read has a character that is not blank
	fine  bool // the input is read to its end
	// The lines from base on: what is left of the run of base (testa
	// lines, blank if testaVuota), the runs after it in corse[da:], each
	// of the other kind than the one before, and the run being read
	// (coda lines, blank if codaVuota).
	base       int
	testa      int
	testaVuota bool
	corse      []byte
	da         int
	coda       int
	codaVuota  bool
}

func (t *righeVuote) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	for _, b := range p[:n] {
		switch b {
		case '\n':
			t.riga++
			t.nota(!t.piena)
			t.piena = false
		case ' ', '\t', '\r', t.sep:
		default:
			t.piena = true
		}
	}
	if err == io.EOF && !t.fine {
		t.fine = true
		if !t.piena { // a last line without its newline
			t.nota(true)
		}
	}
	return n, err
}

// nota notes the next line.
func (t *righeVuote) nota(vuota bool) {
	if t.base == 0 { // the first line is line 1; before it, a run of none
		t.base, t.testaVuota = 1, true
	}
	if vuota != t.codaVuota {
		t.corse = binary.AppendUvarint(t.corse, uint64(t.coda))
		t.coda, t.codaVuota = 0, vuota
	}
	t.coda++
}

// avanza makes the run of base one with lines left, if there is one in
// corse; it reports false when the lines from base are those of coda.
func (t *righeVuote) avanza() bool {
	for t.testa == 0 {
		if t.da == len(t.corse) {
			t.corse, t.da = t.corse[:0], 0
			return false
		}
		v, w := binary.Uvarint(t.corse[t.da:])
		t.da += w
		t.testa, t.testaVuota = int(v), !t.testaVuota
	}
	if t.da > 4096 && t.da > len(t.corse)/2 {
		t.corse = t.corse[:copy(t.corse, t.corse[t.da:])]
		t.da = 0
	}
	return true
}

// vuota reports whether the line riga is blank; the lines are asked for
// in order, and those before riga are forgotten.
func (t *righeVuote) vuota(riga int) bool {
	for t.base < riga {
		k := riga - t.base
		if t.avanza() {
			d := min(k, t.testa)
			t.testa -= d
			t.base += d
			continue
		}
		d := min(k, t.coda)
		if d == 0 {
			return false // not read yet
		}
		t.coda -= d
		t.base += d
	}
	if t.base != riga {
		return false
	}
	if t.avanza() {
		return t.testaVuota
	}
	return t.coda > 0 && t.codaVuota
}

// codificatore evaluates blocks of elements and encodes their results.
type codificatore struct {
	ctx       context.Context
	formato   string
	sep       rune
	d         *Dominio
	colonne   []string // d.Colonne()
	h         *intestazione
	etichette *etichette // for an Italian answer: the labels of the fields
	utf8      bool       // the input is read as UTF-8: a row that is not gets an error
}

func (c *codificatore) blocco(els []elemento) esitoBlocco {
	res := esitoBlocco{buf: buffers.Get().(*bytes.Buffer)}
	buf := res.buf
	var cw *csv.Writer
	if c.formato == "csv" {
		cw = csv.NewWriter(buf)
		cw.Comma = c.sep
	}
	for _, el := range els {
		if c.ctx.Err() != nil {
			res.rilascia()
			return esitoBlocco{} // never written: the batch stops here
		}
		// Each row's evaluation takes the lotto's context and stops
		// with it; a row it stopped is not written (nor any after).
		es := c.valuta(el)
		if c.ctx.Err() != nil {
			res.rilascia()
			return esitoBlocco{}
		}
		if es.Errore != nil {
			res.errori++
		} else {
			res.ok++
		}
		res.interrotto = res.interrotto || el.ferma
		c.codifica(buf, cw, es)
	}
	if cw != nil {
		cw.Flush()
	}
	res.out = buf.Bytes()
	return res
}

// codifica appends a result to buf: a CSV row through cw, or a JSON
// element after ",\n" when cw is nil.
func (c *codificatore) codifica(buf *bytes.Buffer, cw *csv.Writer, es Esito) {
	if cw != nil {
		cw.Write(c.rigaEsito(es))
		return
	}
	b := c.d.JSON(append(buf.AvailableBuffer(), ",\n"...), es)
	buf.Write(b[:len(b)-1]) // without the newline
}

// fine is the final result of a batch its context stopped: riga 0 (no
// row of the input), tipo "lotto", the error MotivoInterrotto.
func (c *codificatore) fine(ctx context.Context, scritti int, primo bool) []byte {
	es := Esito{Tipo: "lotto", Esito: "errore", Errore: errore(MotivoInterrotto, "",
		"lotto interrotto dopo %d esiti: %s; le righe seguenti non sono state calcolate", scritti, CausaInterruzione(ctx.Err()))}
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

// nomina gives the result es of a CSV row rec that is not read its rif,
// tipo and fattispecie (fatt), each from a cell that is UTF-8: a row
// refused for a byte elsewhere is still told by its reference.
func (c *codificatore) nomina(es *Esito, rec []string, fatt string) {
	valida := func(i int) bool { return i < 0 || i >= len(rec) || utf8.ValidString(rec[i]) }
	es.Tipo = ""
	if valida(c.h.tipo) {
		if t := c.h.tipoRiga(rec); c.d.Cataloghi[t] != nil {
			es.Tipo = t
		}
	}
	if c.h.rif >= 0 && c.h.rif < len(rec) && valida(c.h.rif) {
		if r := strings.TrimSpace(rec[c.h.rif]); len(r) <= c.d.MaxStringa {
			es.Rif = r
		}
	}
	if valida(c.h.fatt) {
		es.Fattispecie = c.eco(fatt)
	}
}

func (c *codificatore) valuta(el elemento) Esito {
	es := Esito{Riga: el.riga, Tipo: "calcolo"}
	fail := func(err error) Esito {
		es.Esito, es.Errore, es.Risultato = "errore", err, nil
		return es
	}
	if el.err != nil {
		return fail(el.err)
	}
	var raw map[string]any
	if el.rec != nil {
		fatt := ""
		if c.h.fatt < len(el.rec) {
			fatt = c.nomeFattispecie(el.rec[c.h.fatt])
		}
		if c.utf8 {
			if err := c.h.righeUTF8(el.rec, fatt); err != nil {
				// The result names the row by the cells that read well,
				// so that the office knows which row to send again.
				c.nomina(&es, el.rec, fatt)
				return fail(err)
			}
		}
		maxErrori := 1 // (the answers for programs give the first)
		if c.etichette != nil {
			maxErrori = MaxErroriRiga
		}
		tipo, rif, m, errs := c.h.rigaCSV(el.rec, fatt, c.d.Cataloghi, c.d.MaxStringa, maxErrori)
		es.Tipo, es.Rif, es.Fattispecie = tipo, rif, c.eco(fatt)
		if _, ok := c.d.Cataloghi[tipo]; !ok {
			// Not a kind a row is read as: the answer's tipo is one of
			// the kinds (or "lotto", the end of a stopped batch), never
			// the row's text, which its error quotes.
			es.Tipo = ""
		}
		if len(errs) > 0 {
			es = fail(errs[0])
			if c.etichette != nil {
				es.Altri = c.altriErrori(tipo, m, errs)
			}
			return es
		}
		raw = m
	} else {
		x, err := c.d.Decodifica(el.raw)
		if err != nil {
			return fail(err)
		}
		m, ok := x.(map[string]any)
		if !ok {
			return fail(errore(MotivoJSON, "", "atteso un oggetto JSON (una richiesta), trovato %s", valori.Genere(x)))
		}
		// The rif is read first: a result in error keeps it, as a CSV
		// row's does, so that the office knows whose it is.
		var errRif *Errore
		if rf, ok := m["rif"]; ok {
			switch v := rf.(type) {
			case string:
				es.Rif = v
			case json.Number:
				es.Rif = v.String()
			default:
				errRif = errore(MotivoTipo, "rif", "rif: atteso un testo, trovato %s", valori.Genere(rf))
			}
			delete(m, "rif")
			if len(es.Rif) > c.d.MaxStringa {
				es.Rif = ""
				errRif = errore(MotivoFuoriIntervallo, "rif", "riferimento troppo lungo (al massimo %d caratteri)", c.d.MaxStringa)
			}
		}
		if t, ok := m["tipo"]; ok {
			s, _ := t.(string)
			delete(m, "tipo")
			if !slices.Contains(TipiJSON, s) {
				// The answer's tipo stays empty (see the CSV's above);
				// the message quotes what the element wrote, as JSON
				// when it is no text (5, null), cut short.
				citato := valori.Testo(t)
				if t == nil {
					citato = "null"
				}
				es.Tipo = ""
				return fail(errore(MotivoValore, "tipo", "tipo «%s» non ammesso: uno di %s", nomeTroncato(citato), strings.Join(TipiJSON, ", ")))
			}
			es.Tipo = s
		}
		if errRif != nil {
			return fail(errRif)
		}
		raw = m
	}
	if f := c.fattispecieRiga(raw); f != "" {
		es.Fattispecie = c.eco(f)
	}
	out, err := c.esegui(es.Tipo, raw)
	if err != nil {
		es = fail(err)
		if c.h != nil { // name the CSV column, not the JSON path
			if _, campo, _ := c.d.DescriviErrore(err); campo != "" {
				es.Colonna = c.h.colonnePer(es.Tipo, campo)
			}
		}
		if c.etichette != nil && c.d.Errori != nil {
			if tutti := c.d.Errori(err); len(tutti) > 1 {
				es.Altri = tutti[1:min(len(tutti), MaxErroriRiga)]
			}
		}
		return es
	}
	es.Esito, es.Risultato = "ok", out
	return es
}

// eco is the fattispecie a result echoes: the id, or the name as the
// row wrote it when it stands for none; none for a name longer than a
// text may be (the evaluation refuses it, and says how long a text may
// be), as an over-long rif is dropped, not echoed in full.
func (c *codificatore) eco(fatt string) string {
	if len(fatt) > c.d.MaxStringa {
		return ""
	}
	return fatt
}

// altriErrori are, after the first error of a row's cells, its other
// cells' errors, then those of the fields the row could give (raw) that
// no cell in error is about (Dominio.Controlla), up to MaxErroriRiga in
// all.
func (c *codificatore) altriErrori(tipo string, raw map[string]any, celle []*Errore) []error {
	var out []error
	for _, e := range celle[1:] {
		out = append(out, e)
	}
	if raw == nil || c.d.Controlla == nil {
		return out
	}
	c.fattispecieRiga(raw) // («186» is cds186, as for the evaluation)
	var esclusi []string
	for _, e := range celle {
		if e.percorso != "" {
			esclusi = append(esclusi, e.percorso)
		}
	}
	altri := c.d.Controlla(tipo, raw, esclusi)
	return append(out, altri[:min(len(altri), MaxErroriRiga-1-len(out))]...)
}

func (c *codificatore) esegui(tipo string, raw map[string]any) (any, error) {
	if !slices.Contains(TipiJSON, tipo) {
		return nil, errore(MotivoValore, "tipo", "tipo «%s» non ammesso", tipo)
	}
	return c.d.Valuta(c.ctx, tipo, raw)
}

// Indexes of the columns of a CSV answer (see ColonneFisse).
const (
	iRiga = iota
	iRif
	iTipo
	iEsito
	iFattispecie
	iGiorni
	iOre
	iAmmissibile
	iMotivi
	iOreSett
	iAvvertenze
	iFondoEsito
	iFondoMotivi
	iRichiestaEntro
	iPremio
	iFondoAvvertenze
	iErrCodice
	iErrCampo
	iErrMessaggio
	nFisse
)

// rigaEsito is a result as a CSV row (see Dominio.Colonne): the columns
// up to avvertenze are the calcolo's (or the convenzione's), the fondo_
// ones the Fund's, from the calcolo's fondo_inail or from a fondo row,
// and the calcolo's outputs after the fixed ones.
func (c *codificatore) rigaEsito(es Esito) []string {
	r := make([]string, nFisse+len(c.d.Uscite))
	r[iRiga], r[iRif], r[iTipo], r[iEsito], r[iFattispecie] = strconv.Itoa(es.Riga), es.Rif, es.Tipo, es.Esito, es.Fattispecie
	if es.Risultato != nil {
		v := c.d.Celle(es.Risultato)
		r[iGiorni], r[iOre], r[iAmmissibile], r[iMotivi], r[iOreSett], r[iAvvertenze] = v.Giorni, v.Ore, v.Ammissibile, v.Motivi, v.OreSettimanaliMax, v.Avvertenze
		r[iFondoEsito], r[iFondoMotivi], r[iRichiestaEntro], r[iPremio], r[iFondoAvvertenze] = v.FondoEsito, v.FondoMotivi, v.RichiestaEntro, v.PremioStimato, v.FondoAvvertenze
		copy(r[nFisse:], v.Uscite)
		dec := sepDecimale(c.sep)
		if c.etichette != nil {
			dec = ","
		}
		for i, n := range c.colonne {
			if c.d.Importi[n] {
				r[i] = strings.Replace(r[i], ".", dec, 1)
			}
		}
	}
	if es.Errore != nil {
		r[iErrCodice], r[iErrCampo], r[iErrMessaggio] = c.d.DescriviErrore(es.Errore)
		if es.Colonna != "" {
			r[iErrCampo] = es.Colonna
		}
	}
	if c.etichette != nil {
		c.italiano(r)
		if es.Errore != nil {
			r[iErrCampo] = c.campoPerPersona(es.Tipo, es.Fattispecie, es.Errore, es.Colonna)
		}
		r[iErrMessaggio] = c.conAltri(r[iErrMessaggio], es)
	}
	// The text cells, echoed from the input or written by the rules (an
	// output of type testo too), are made safe for a spreadsheet; the
	// numbers (riga, giorni, ore, ore_settimanali_max, premio_stimato, the
	// other outputs) are the engine's and stay numbers.
	for _, i := range [...]int{iRif, iTipo, iEsito, iFattispecie, iAmmissibile, iMotivi, iAvvertenze, iFondoEsito, iFondoMotivi,
		iRichiestaEntro, iFondoAvvertenze, iErrCodice, iErrCampo, iErrMessaggio} {
		r[i] = cellaTesto(r[i])
	}
	for k, u := range c.d.Uscite {
		if u.Testo {
			r[nFisse+k] = cellaTesto(r[nFisse+k])
		}
	}
	return r
}
