package lpu

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/lotto"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/parole"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// The batch itself — streaming the rows, the CSV columns and their
// Italian names, the blocks evaluated in parallel, the encoding of the
// results — is lpu/internal/lotto; the facade gives it the columns of the
// request types and the vocabulary's labels as plain data, evaluates each
// row (Assign, then Calcolo, Fondo or Convenzione), and turns its errors
// into coded ones.

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
	// Lavoratori is the number of goroutines evaluating cases: GOMAXPROCS
	// when zero or negative, at most 4×GOMAXPROCS (a greater number is
	// that many).
	Lavoratori int
	// Codifica of a CSV input: EncodingUTF8, EncodingWindows1252 (Excel's
	// Italian CSV export), or empty to tell them apart from the first
	// 64 KiB.
	Codifica string
	// Italiano writes a CSV answer for a person rather than a program:
	// the columns named in Italian, dd/mm/yyyy dates, decimals with a
	// comma, words instead of codes («calcolato», «non ammissibile», the
	// fattispecie's title), the field of an error by its label; ';'
	// unless Separatore says otherwise.
	Italiano bool
	// Avanzamento, if set, is called with the number of results written
	// after each block of them, from the goroutine of Lotto.
	Avanzamento func(casi int)
}

// LottoStats counts what a Lotto did.
type LottoStats struct {
	Ingresso string // "json" or "csv"
	Codifica string // of the input: EncodingUTF8 or EncodingWindows1252
	Casi     int    // results written, one per input row (a block whose write failed is not counted)
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
	// ColonneIgnorate are the CSV columns the engine does not know that
	// IgnoraColonne let through, as the header writes them.
	ColonneIgnorate []string
	// VuoteInFondo are the empty rows (separators alone, as a spreadsheet
	// exports its formatted empty rows) after the last row of a CSV that
	// is not empty: they have no result, and are not counted in Casi. An
	// empty row followed by a case has its result (code
	// riga_non_valida).
	VuoteInFondo int
}

// TestoVuoteInFondo says VuoteInFondo for a person, in Italian («2
// righe vuote in fondo al file, non lette»), as the CLI and the web page
// of a lotto write it; "" when there are none.
func (s LottoStats) TestoVuoteInFondo() string {
	if s.VuoteInFondo == 0 {
		return ""
	}
	return calc.Plurale(s.VuoteInFondo, "1 riga vuota in fondo al file, non letta", "%d righe vuote in fondo al file, non lette")
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

// Encodings of a CSV lotto (LottoStats.Codifica).
const (
	EncodingUTF8        = "utf-8"
	EncodingWindows1252 = "windows-1252"
)

// LottoResultColumns returns the columns of a CSV answer of Lotto that
// the answer's Go types give, in order, for documentation: the fixed
// ones, then the outputs of Settimane and Residuo (usciteRisultato). An
// engine's answer has these first, then any other output its rules
// declare (Engine.LottoResultColumns). The slice is the caller's. New
// columns come at the end (settimane_min and settimane_max, the duration
// of the work in weeks, after errore_messaggio): none is moved or
// renamed.
func LottoResultColumns() []string {
	out := slices.Clone(lotto.ColonneFisse)
	for _, u := range usciteRisultato {
		out = append(out, u.nome())
	}
	return out
}

// LottoResultColumns returns the columns of a CSV answer of the engine's
// Lotto, in order: the package's LottoResultColumns, then the calcolo's
// other declared outputs in the vocabulary's order (those a step exports,
// their cell the answer's valori of their name). Nil if the engine is
// not loaded.
func (e *Engine) LottoResultColumns() []string {
	if e.nonCaricato() != nil {
		return nil
	}
	return (&lotto.Dominio{Uscite: e.usciteLotto()}).Colonne()
}

// Lotto answers many cases at once: r holds a JSON array of requests (a
// "tipo" member picks calcolo, the default, fondo or convenzione) or a CSV
// with a header row (columns: see Engine.LottoColumns; a "tipo" column picks
// calcolo or fondo), told apart by the first byte that is not a space ('['
// is JSON). One result per row is written to w, in order, a block of 64
// rows at a time as soon as the block is done: the input is streamed, the
// rows are evaluated by o.Lavoratori goroutines, and the memory stays
// bounded however many rows there are. A bad row gets its error in its own result and the
// others go on. The error returned is about the batch as a whole (no
// header, not an array, unreadable input, a failed write); bad rows are
// counted in the LottoStats. A nil r or w is an *Error of KindInternal
// (nothing is read nor written).
//
// ctx is checked between rows and inside each row's evaluation (between
// the steps of the rules): once it is done, no further row is read,
// evaluated or written, and a row it stopped is not written; the answer
// ends with a result of code
// CodeLottoInterrotto (riga 0, tipo "lotto") that says how many results
// came before it, the LottoStats says Interrotto and Annullato, and the
// error is an *Error of code CodeLottoInterrotto and KindCanceled that
// wraps ctx.Err() (errors.Is(err, context.Canceled) holds when the caller
// cancelled, context.DeadlineExceeded when the time ran out). A Read of
// r that blocks is not interrupted: Lotto returns when it does (close r,
// or give it a deadline, to stop a reader that may stall — the server's
// request bodies have the ReadTimeout); Lotto never reads r nor writes w
// after it has returned. A ctx already done still reads a CSV's header:
// the LottoStats name its ColonneIgnorate, and no row is read.
func (e *Engine) Lotto(ctx context.Context, r io.Reader, w io.Writer, o LottoOptions) (LottoStats, error) {
	if err := e.nonCaricato(); err != nil {
		return LottoStats{}, err
	}
	switch {
	case r == nil:
		return LottoStats{}, errore(KindInternal, CodeErroreInterno, "", "lotto senza ingresso: io.Reader nil")
	case w == nil:
		return LottoStats{}, errore(KindInternal, CodeErroreInterno, "", "lotto senza uscita: io.Writer nil")
	}
	ctx = sfondo(ctx)
	var opts []Option
	if !o.Spiegazione {
		opts = append(opts, WithoutExplanation())
	}
	d := e.dominioLotto()
	d.Valuta = func(ctx context.Context, tipo string, raw map[string]any) (any, error) {
		return e.valutaLotto(ctx, tipo, raw, opts)
	}
	st, err := lotto.Esegui(ctx, d, r, w, lotto.Opzioni{Formato: o.Formato, Separatore: o.Separatore, BOM: o.BOM,
		IgnoraColonne: o.IgnoraColonne, Lavoratori: o.Lavoratori, Codifica: o.Codifica, Italiano: o.Italiano, Avanzamento: o.Avanzamento})
	stats := LottoStats{Ingresso: st.Ingresso, Codifica: st.Codifica, Casi: st.Casi, OK: st.OK, Errori: st.Errori,
		Interrotto: st.Interrotto, Annullato: st.Annullato, ColonneIgnorate: st.ColonneIgnorate, VuoteInFondo: st.VuoteInFondo}
	if err != nil {
		var le *lotto.Errore
		switch {
		case errors.As(err, &le):
			return stats, erroreLotto(le)
		case st.Annullato:
			return stats, lottoInterrotto(ctx.Err(), st.Casi)
		}
		return stats, fmt.Errorf("lpu: %w", err)
	}
	return stats, nil
}

// lottoInterrotto is the error of a lotto its context stopped (cause is
// ctx.Err()) after n results: the code of its last result,
// lotto_interrotto, of KindCanceled, wrapping the cause.
func lottoInterrotto(cause error, n int) *Error {
	return &Error{Code: CodeLottoInterrotto, Kind: KindCanceled, Err: cause,
		Message: fmt.Sprintf("lotto interrotto dopo %d esiti: %s", n, lotto.CausaInterruzione(cause))}
}

// valutaLotto answers one row of a lotto: the request of kind tipo as a
// generic JSON value, assigned to its type and evaluated with the
// lotto's context.
func (e *Engine) valutaLotto(ctx context.Context, tipo string, raw map[string]any, opts []Option) (any, error) {
	controlla, valuta, dec := e.rigaLotto(tipo, raw)
	switch {
	case valuta == nil:
		return nil, errInput(CodeValoreNonAmmesso, "tipo", "tipo «%s» non ammesso", tipo)
	case dec != nil:
		// (a row whose fields cannot all be read is checked on those
		// that can, as Run checks a request: its first error is the
		// same, the others are for an answer for a person)
		return nil, e.nomina(tipo, conControlli(dec, controlla))
	}
	return valuta(ctx, opts)
}

// rigaLotto reads a row's request of kind tipo from raw: the checks of
// its kind on what was read, its evaluation, and the errors of its
// decoding (all nil for a kind the lotto does not answer).
// (A row is read by Assign, with Decode's checks: daJSON spares it the
// typed walk, as Run's requests.)
func (e *Engine) rigaLotto(tipo string, raw map[string]any) (controlla func() error, valuta func(context.Context, []Option) (any, error), dec error) {
	switch tipo {
	case "calcolo":
		var r Richiesta
		dec := Assign(raw, &r)
		return func() error { _, err := e.controllaCalcolo(&r); return err },
			func(ctx context.Context, opts []Option) (any, error) {
				return e.Calcolo(ctx, &r, append(opts, daJSON)...)
			}, dec
	case "fondo":
		var r RichiestaFondo
		dec := Assign(raw, &r)
		return func() error { return e.controllaFondo(&statoFondo{RichiestaFondo: r}) },
			func(ctx context.Context, opts []Option) (any, error) {
				return e.Fondo(ctx, &r, append(opts, daJSON)...)
			}, dec
	case "convenzione":
		var r RichiestaConvenzione
		dec := Assign(raw, &r)
		return func() error { return e.controllaConvenzione(&statoConvenzione{RichiestaConvenzione: r}) },
			func(ctx context.Context, opts []Option) (any, error) {
				return e.Convenzione(ctx, &r, append(opts, daJSON)...)
			}, dec
	}
	return nil, nil, nil
}

// vocabolarioLotto are the declared fields of every kind of request, as
// the lotto reads them (lotto.Dominio.Vocabolario).
func (e *Engine) vocabolarioLotto() map[string][]lotto.Campo {
	voc := map[string][]lotto.Campo{}
	if e.voc != nil {
		for tipo, t := range e.voc.Tipi {
			campi := make([]lotto.Campo, 0, len(t.Ordine))
			for _, n := range t.Ordine {
				c := t.Campi[n]
				f := lotto.Campo{Nome: n, Tipo: c.Tipo, Etichetta: c.Etichetta, Colonne: c.Colonne, Citati: c.ValoriCitati()}
				for _, v := range c.Valori {
					f.Valori = append(f.Valori, lotto.Scelta{Valore: v.Valore, Etichetta: v.Etichetta})
				}
				campi = append(campi, f)
			}
			voc[tipo] = campi
		}
	}
	return voc
}

// dominioLotto is what lpu/internal/lotto knows of the engine's requests
// (but Valuta, which takes the lotto's options): the CSV columns, the
// vocabulary's labels, and how to decode, name and encode.
func (e *Engine) dominioLotto() *lotto.Dominio {
	voc := e.vocabolarioLotto()
	gruppi := map[string]string{}
	if e.voc != nil {
		for _, g := range e.voc.Gruppi {
			gruppi[g.ID] = g.Titolo
		}
	}
	uscite := e.usciteLotto()
	// (a fattispecie's own labels of the calcolo's fields, as its
	// messages write them; etichette: esito_si and the like are no field)
	proprie := map[string]map[string]string{}
	for _, id := range e.ordine {
		for n, et := range e.calcolo[id].File().Etichette {
			if e.voc.campo("calcolo", n) == nil {
				continue
			}
			if proprie[id] == nil {
				proprie[id] = map[string]string{}
			}
			proprie[id][n] = et
		}
	}
	return &lotto.Dominio{
		Cataloghi:      e.cataloghiCSV(),
		Vocabolario:    voc,
		Gruppi:         gruppi,
		Proprie:        proprie,
		MaxStringa:     maxStringa,
		Decodifica:     decodeGenerico,
		Sintassi:       func(err error) string { return msgSintassi(err, nil) },
		Fattispecie:    e.FattispecieDaNome,
		Titolo:         e.titoloFattispecie,
		DescriviErrore: descriviErroreLotto,
		Errori:         erroriLotto,
		Controlla:      e.controllaLotto,
		JSON:           jsonEsitoLotto,
		Celle:          func(r any) lotto.Celle { return celleLotto(r, uscite) },
		Uscite:         uscite,
		Importi:        e.importiLotto(),
	}
}

// usciteLotto are the calcolo's declared outputs a CSV answer of a lotto
// writes after its fixed columns: all but those of a fixed column
// (giorni, ore, ore_settimanali_max) and the other limits (Limiti, which
// the answer's limiti give); first those of the answer's Go types in
// usciteRisultato's order, then the others in the vocabulary's, so that
// an output declared between two others moves no column of those.
func (e *Engine) usciteLotto() []lotto.Uscita {
	if e.voc == nil {
		return nil
	}
	var out []lotto.Uscita
	for _, u := range e.voc.Uscite["calcolo"] {
		if slices.Contains(lotto.ColonneFisse, u.Nome) || slices.Contains(nomiLimiti, u.Nome) {
			continue
		}
		c := lotto.Uscita{Nome: u.Nome, Etichetta: u.Etichetta, Testo: u.Tipo == "testo", Data: u.Tipo == "data"}
		for _, v := range u.Valori {
			if c.Valori == nil {
				c.Valori = map[string]string{}
			}
			c.Valori[v.Valore] = v.Etichetta
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b lotto.Uscita) int { return indiceRisultato(a.Nome) - indiceRisultato(b.Nome) })
	return out
}

// importiLotto are the columns of a lotto's CSV answer that are amounts:
// the calcolo's and the Fund's declared outputs of type importo
// (residuo_ammenda, premio_stimato), by name.
func (e *Engine) importiLotto() map[string]bool {
	out := map[string]bool{}
	if e.voc == nil {
		return out
	}
	for _, tipo := range []string{"calcolo", "fondo"} {
		for _, u := range e.voc.Uscite[tipo] {
			if u.Tipo == "importo" {
				out[u.Nome] = true
			}
		}
	}
	return out
}

// codiciLotto are the codes of the errors of lpu/internal/lotto.
var codiciLotto = map[lotto.Motivo]Code{
	lotto.MotivoVuoto:                CodeLottoVuoto,
	lotto.MotivoLettura:              CodeLettura,
	lotto.MotivoJSON:                 CodeJSONNonValido,
	lotto.MotivoCSV:                  CodeCSVNonValido,
	lotto.MotivoValore:               CodeValoreNonAmmesso,
	lotto.MotivoTroppeColonne:        CodeTroppeColonne,
	lotto.MotivoColonnaLunga:         CodeColonnaTroppoLunga,
	lotto.MotivoColonnaRipetuta:      CodeColonnaRipetuta,
	lotto.MotivoColonnaSconosciuta:   CodeColonnaSconosciuta,
	lotto.MotivoMancante:             CodeCampoObbligatorio,
	lotto.MotivoFuoriIntervallo:      CodeFuoriIntervallo,
	lotto.MotivoRiga:                 CodeRigaNonValida,
	lotto.MotivoColonnaNonPertinente: CodeColonnaNonPertinente,
	lotto.MotivoTipo:                 CodeTipoErrato,
	lotto.MotivoImporto:              CodeImportoNonValido,
	lotto.MotivoData:                 CodeDataNonValida,
	lotto.MotivoCodifica:             CodeCodificaNonValida,
	lotto.MotivoInterrotto:           CodeLottoInterrotto,
}

// erroreLotto is an error of lpu/internal/lotto as a coded error.
func erroreLotto(le *lotto.Errore) *Error {
	kind := KindInput
	if le.Motivo == lotto.MotivoInterrotto {
		kind = KindCanceled
	}
	c, ok := codiciLotto[le.Motivo]
	if !ok {
		return &Error{Code: CodeErroreInterno, Message: "errore interno del motore: " + le.Messaggio, Kind: KindInternal, Err: le}
	}
	return &Error{Code: c, Field: le.Campo, Message: le.Messaggio, Kind: kind}
}

// erroreRiga is the coded error of a row of a lotto.
func erroreRiga(err error) *Error {
	if le, ok := err.(*lotto.Errore); ok {
		return erroreLotto(le)
	}
	return AsError(err)
}

func descriviErroreLotto(err error) (codice, campo, messaggio string) {
	e := erroreRiga(err)
	return string(e.Code), e.Field, e.Message
}

// jsonEsitoLotto appends a result of a lotto as an EsitoLotto.
func jsonEsitoLotto(dst []byte, es lotto.Esito) []byte {
	el := EsitoLotto{Riga: es.Riga, Rif: es.Rif, Tipo: es.Tipo, Fattispecie: es.Fattispecie, Esito: es.Esito, Risultato: es.Risultato}
	if es.Errore != nil {
		el.Errore = erroreRiga(es.Errore)
		if es.Colonna != "" { // the CSV column, not the JSON path
			e := el.Errore
			el.Errore = &Error{Code: e.Code, Message: e.Message, Field: es.Colonna, Kind: e.Kind, Err: e.Err}
		}
	}
	b, err := AppendJSON(dst, el)
	if err != nil {
		panic(err) // our own types always encode
	}
	return b
}

// celleLotto are the cells of a CSV answer from a result: the columns up
// to avvertenze are the calcolo's (or the convenzione's), the fondo_ ones
// the Fund's, from the calcolo's fondo_inail or from a fondo row.
func celleLotto(risultato any, uscite []lotto.Uscita) lotto.Celle {
	var c lotto.Celle
	fondo := func(f *EsitoFondo) {
		c.FondoEsito, c.FondoMotivi, c.FondoAvvertenze = f.Esito, unisci(f.Motivi), unisci(f.Avvertenze)
		// (a Fund that does not cover the case has neither: the rules
		// compute them only while no step has excluded it)
		c.PremioStimato, c.RichiestaEntro = f.PremioStimato, f.RichiestaEntro
	}
	switch v := risultato.(type) {
	case *Risultato:
		c.Giorni, c.Ore, c.Ammissibile, c.Motivi = strconv.Itoa(v.Giorni), strconv.Itoa(v.Ore), parole.SiNo(v.Ammissibile), unisci(v.Motivi)
		if n, ok := v.Limiti.OreSettimanaliMax.Int(); ok {
			c.OreSettimanaliMax = strconv.Itoa(n)
		}
		c.Avvertenze = unisci(v.Avvertenze)
		c.Uscite = make([]string, len(uscite))
		for i, u := range uscite {
			c.Uscite[i] = cellaUscita(v, u.Nome)
		}
		if v.FondoInail != nil {
			fondo(v.FondoInail)
		}
	case *RisultatoFondo:
		fondo(&EsitoFondo{Esito: v.Esito, Motivi: v.Motivi, RichiestaEntro: v.RichiestaEntro, PremioStimato: v.PremioStimato, Avvertenze: v.Avvertenze})
	case *RisultatoConvenzione:
		c.Ammissibile, c.Motivi, c.Avvertenze = parole.SiNo(v.Valida), unisci(v.Motivi), unisci(v.Avvertenze)
	}
	return c
}

func unisci(s []string) string { return strings.Join(s, " | ") }

// The CSV columns of a lotto are derived from the request types, so that
// a field added to a request is a column at once: see lpu/internal/lotto
// for how they are named.

var cataloghi = map[string]*lotto.Catalogo{
	"calcolo": nuovoCatalogo(reflect.TypeOf(Richiesta{}), nil),
	"fondo":   nuovoCatalogo(reflect.TypeOf(RichiestaFondo{}), nil),
}

// cataloghiCSV are the columns of the engine's requests: those of the
// request types and, for the calcolo, those of the fields its
// vocabulary declares without a Go field (see altri.go), named alike
// (fatti.sospensione_precedente, or sospensione_precedente).
func (e *Engine) cataloghiCSV() map[string]*lotto.Catalogo {
	altri := e.voc.senzaGo["calcolo"]
	if len(altri) == 0 {
		return cataloghi
	}
	return map[string]*lotto.Catalogo{"calcolo": nuovoCatalogo(reflect.TypeOf(Richiesta{}), altri), "fondo": cataloghi["fondo"]}
}

// controllaEtichette reports a field whose label is another field's of
// its kind of request, whether or not either is a column of a lotto
// (controllaColonne tells those that are, dette): a form would show two
// boxes alike, a message naming the label would not say which. The
// labels are compared as a lotto's header is read (NormaIntestazione);
// the problem is told at the label of the upper layer's field, or of
// the later declared of two in one layer.
func (e *Engine) controllaEtichette(livelli map[string]int, dette map[string]bool, ps *spec.Problems) {
	if e.voc == nil || e.voc.Vocabolario == nil {
		return
	}
	for _, tipo := range slices.Sorted(maps.Keys(e.voc.Tipi)) {
		t := e.voc.Tipi[tipo]
		prima := map[string]*spec.Campo{}
		for _, n := range t.Ordine {
			c := t.Campi[n]
			a := lotto.NormaIntestazione(c.Etichetta)
			if a == "" {
				continue
			}
			altro, ok := prima[a]
			if !ok {
				prima[a] = c
				continue
			}
			if dette[coppia(tipo, c.Nome, altro.Nome)] {
				continue
			}
			qui := c
			if livelli[altro.Pos.File] > livelli[qui.Pos.File] {
				qui, altro = altro, qui
			}
			pos := qui.PosEtichetta
			if pos.File == "" {
				pos = qui.Pos
			}
			ps.Add(pos, "richieste."+tipo+".campi."+qui.Nome+".etichetta", "etichetta", "etichetta «%s» già del campo %s (%s): due campi della richiesta %s con la stessa etichetta non si distinguono nel modulo né nei messaggi; dare al campo un'altra etichetta",
				qui.Etichetta, altro.Nome, altro.Pos, tipo)
		}
	}
}

// coppia is the key of two fields a and b of a kind, in either order.
func coppia(tipo, a, b string) string { return tipo + "\x00" + min(a, b) + "\x00" + max(a, b) }

// controllaColonne reports a name of a lotto's column that two fields of
// a kind of request would share (lotto.Dominio.Omonimie): by their names
// (fatti.mese and opzioni.mese are both «mese»), a label, one of their
// colonne or a column of every row (rif, reato). The lotto would read it
// as neither, so that a field an overlay adds would take away, in
// silence, a column an office already writes. The problem is told at the
// field of the upper layer (livelli, motore.Lettura.Livelli), the later
// declared of two in one layer, where the name is written.
func (e *Engine) controllaColonne(livelli map[string]int, ps *spec.Problems) {
	d := &lotto.Dominio{Cataloghi: e.cataloghiCSV(), Vocabolario: e.vocabolarioLotto()}
	dette := map[string]bool{} // (two fields of one label told here, by coppia)
	for _, o := range d.Omonimie() {
		qui, altro := o.Dopo, o.Prima
		if qui.Come == "etichetta" && altro.Come == "etichetta" {
			dette[coppia(o.Tipo, qui.Campo, altro.Campo)] = true
		}
		cq, ca := e.voc.campo(o.Tipo, qui.Campo), e.voc.campo(o.Tipo, altro.Campo)
		if cq == nil || (ca != nil && livelli[ca.Pos.File] > livelli[cq.Pos.File]) {
			qui, altro, cq, ca = altro, qui, ca, cq
		}
		if cq == nil {
			continue
		}
		pos, percorso, rimedio := cq.Pos, "richieste."+o.Tipo+".campi."+qui.Campo, "dare al campo un altro nome (colonne: aggiunge nomi, non toglie questo)"
		switch qui.Come {
		case "etichetta":
			pos, percorso, rimedio = cq.PosEtichetta, percorso+".etichetta", "dare al campo un'altra etichetta"
		case "colonne":
			percorso, rimedio = percorso+".colonne", "togliere «"+qui.Testo+"» da colonne"
			if i := slices.Index(cq.Colonne, qui.Testo); i >= 0 && i < len(cq.PosColonne) {
				pos = cq.PosColonne[i]
			}
		}
		if pos.File == "" {
			pos = cq.Pos
		}
		if altro.Come == "riga" && altro.Campo == "" { // rif, tipo
			ps.Add(pos, percorso, "nome", "la colonna «%s» del lotto è già la colonna «%s» di ogni riga: non sarebbe mai %s; %s",
				qui.Testo, colonnaDiRiga(altro.Colonna), nominante(cq, qui), rimedio)
			continue
		}
		dove := "" // (a field of the Go types the vocabulary fails to declare: a problem of its own)
		if ca != nil {
			dove = ", in " + ca.Pos.String()
		}
		ps.Add(pos, percorso, "nome", "la colonna «%s» del lotto sarebbe sia %s%s, sia %s: il lotto non la leggerebbe per nessuno dei due; %s",
			qui.Testo, nominante(ca, altro), dove, nominante(cq, qui), rimedio)
	}
	e.controllaEtichette(livelli, dette, ps)
}

// nominante says, for a problem of the rules, which field a column's name
// is of and how: «Ammenda (€)» (pena.ammenda, per il nome del campo); c
// is its declaration, if any.
func nominante(c *spec.Campo, n lotto.Nominante) string {
	come := map[string]string{"riga": "per il nome del campo", "nome": "per il nome del campo", "etichetta": "per l'etichetta", "colonne": "per colonne"}[n.Come]
	if c == nil {
		return fmt.Sprintf("%s (%s)", n.Colonna, come)
	}
	return fmt.Sprintf("«%s» (%s, %s)", c.Etichetta, n.Campo, come)
}

// colonnaDiRiga is the name a person reads of a column of every row.
func colonnaDiRiga(c string) string {
	switch c {
	case "rif":
		return "Rif."
	case "tipo":
		return "Tipo"
	}
	return "Fattispecie"
}

// nuovoCatalogo are the columns of the request type t and of the fields
// declared without a Go field.
func nuovoCatalogo(t reflect.Type, altri []*campoAltro) *lotto.Catalogo {
	var voci []lotto.Voce
	add := func(breve string, p []string, g lotto.Genere) {
		voci = append(voci, lotto.Voce{Breve: breve, Colonna: lotto.Colonna{Percorso: p, Genere: g}})
	}
	durata := func(breve string, p []string) {
		for _, parte := range []string{"anni", "mesi", "giorni"} {
			add(breve+"_"+parte, append(append([]string(nil), p...), parte), lotto.GenereIntero)
		}
	}
	var walk func(t reflect.Type, path []string)
	walk = func(t reflect.Type, path []string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" || !f.IsExported() {
				continue
			}
			p := append(append([]string(nil), path...), name)
			switch {
			case f.Type == tDurata:
				durata(name, p)
			case f.Type == tImporto:
				add(name, p, lotto.GenereImporto)
			case f.Type == tData:
				add(name, p, lotto.GenereData)
			case f.Type.Kind() == reflect.Struct:
				walk(f.Type, p)
			case f.Type.Kind() == reflect.Bool:
				add(name, p, lotto.GenereBooleano)
			case f.Type.Kind() == reflect.Int:
				add(name, p, lotto.GenereIntero)
			case f.Type.Kind() == reflect.String:
				add(name, p, lotto.GenereTesto)
			}
		}
	}
	walk(t, nil)
	for _, a := range altri {
		p := strings.Split(a.c.Nome, ".")
		if a.c.Tipo == "durata" {
			durata(a.nome, p)
			continue
		}
		add(a.nome, p, lotto.GenereDi(a.c.Tipo))
	}
	return lotto.NuovoCatalogo(voci)
}

// LottoColumns lists the CSV columns of a kind of request ("calcolo" or
// "fondo"), by their short names, for documentation: those of the fields
// of the request types, without the fields that rules declare only in
// their vocabulary (an overlay's fact, such as sospensione_precedente),
// which Engine.LottoColumns lists too.
func LottoColumns(tipo string) []string {
	c, ok := cataloghi[tipo]
	if !ok {
		return nil
	}
	return c.Nomi()
}

// LottoColumns lists the CSV columns of a kind of request ("calcolo" or
// "fondo") that the engine's Lotto reads, by their short names: those of
// the package's LottoColumns and, for a calcolo, those of the fields its
// rules declare only in their vocabulary (fatti.sospensione_precedente
// is the column sospensione_precedente). Nil for another kind.
func (e *Engine) LottoColumns(tipo string) []string {
	if e.nonCaricato() != nil {
		return nil
	}
	c, ok := e.cataloghiCSV()[tipo]
	if !ok {
		return nil
	}
	return c.Nomi()
}

// ModelloLotto writes the template of a CSV lotto an office fills in: ';',
// UTF-8 with a BOM (Excel reads it so), the columns named by their Italian
// labels from the vocabulary, and one example row for each fattispecie and
// one for the Fund — the first case of each rule suite that computes, so
// that the template always reads back and computes (TestModelloLotto).
func (e *Engine) ModelloLotto() []byte {
	if e.nonCaricato() != nil {
		return nil
	}
	var esempi []lotto.Esempio
	for _, id := range e.ordine {
		if raw := e.primoCaso(id, "calcolo", id); raw != nil {
			esempi = append(esempi, lotto.Esempio{Tipo: "calcolo", Richiesta: raw})
		}
	}
	if raw := e.primoCaso("fondo", "fondo", ""); raw != nil {
		esempi = append(esempi, lotto.Esempio{Tipo: "fondo", Richiesta: raw})
	}
	return e.dominioLotto().Modello(esempi)
}

// primoCaso is the request of the first case of test/<suite>.yaml of the
// kind tipo (for fattispecie fatt, if given) that the engine computes.
func (e *Engine) primoCaso(suite, tipo, fatt string) map[string]any {
	for _, c := range e.casiDi(suite, tipo) {
		if c.Errore != nil || (fatt != "" && c.Richiesta["fattispecie"] != fatt) {
			continue
		}
		raw, ok := motore.Normalizza(c.Richiesta).(map[string]any)
		if !ok {
			continue
		}
		return raw
	}
	return nil
}

// controllaLotto gives the errors of the fields of a row whose other
// cells could not be read (esclusi, the fields of those cells), without
// evaluating it: what Run would add to the errors of its decoding
// (conControlli), but on the fields of esclusi and the missing values,
// which the unread cells may cause.
func (e *Engine) controllaLotto(tipo string, raw map[string]any, esclusi []string) []error {
	controlla, _, dec := e.rigaLotto(tipo, raw)
	if controlla == nil {
		return nil
	}
	var err error
	if dec == nil {
		err = controlla()
	} else {
		err = conControlli(dec, controlla)
	}
	var out []error
	for _, x := range AllErrors(e.nomina(tipo, err)) {
		if x.Kind == KindInput && x.Code != CodeCampoObbligatorio &&
			!slices.ContainsFunc(esclusi, func(c string) bool { return stessoCampo(c, x.Field) }) {
			out = append(out, x)
		}
	}
	return out
}

// erroriLotto are the errors of a row's evaluation, every one (see
// AllErrors), for an answer for a person.
func erroriLotto(err error) []error {
	tutti := AllErrors(err)
	out := make([]error, len(tutti))
	for i, e := range tutti {
		out[i] = e
	}
	return out
}
