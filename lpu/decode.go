package lpu

import (
	"encoding/json"
	"errors"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/simili"
	"github.com/lpu-it/lpu/lpu/internal/spec"
	"github.com/lpu-it/lpu/lpu/internal/valori"
)

// Limits on what a request may hold; beyond them the request is refused
// rather than computed.
const (
	maxAnni       = calc.DurataMaxAnni
	maxMesi       = calc.DurataMaxMesi
	maxGiorni     = calc.DurataMaxGiorni
	maxIntDefault = 1_000_000
	maxStringa    = 200
	maxLista      = 1000
)

const maxImportoEuro = 1_000_000_000

var maxImporto = decimal.NewFromInt(maxImportoEuro)

// Decode reads a JSON request into v (a pointer to one of the request
// types) strictly: wrong types, negative or huge numbers, impossible
// dates and unreadable amounts are refused with an *Error that names the
// field, and so are unknown fields, but under an object with an Altri
// map (fatti, opzioni): there a field Decode does not know goes into
// Altri, for the engine's vocabulary, and it is Calcolo (or Run) that
// refuses a name the rules do not declare, with campo_sconosciuto.
// The message of a value beyond its bound or of the wrong type does not
// name the field: Decode knows no vocabulary. The engine names it by its
// label when it answers the request (Run, Calcolo, Fondo, Convenzione,
// Piano, Lotto): «Ore di lavoro già svolte»: il valore non può essere
// negativo (-3).
func Decode(r io.Reader, v any) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return errInput(CodeLettura, "", "impossibile leggere la richiesta: %v", err)
	}
	return DecodeBytes(data, v)
}

// DecodeBytes is Decode on a byte slice.
func DecodeBytes(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("lpu: DecodeBytes vuole un puntatore")
	}
	d := decodifiche.Get().(*decodifica)
	defer d.rilascia()
	if err := d.leggi(data); err != nil {
		return err
	}
	if d.nodi[0].tipo != '{' {
		return errInput(CodeJSONNonValido, "", "atteso un oggetto JSON")
	}
	return assign(d.generico(0), rv.Elem(), "", "")
}

// Assign fills v (a pointer) from a generic JSON value as decoded with
// UseNumber, with the same checks as Decode.
func Assign(raw any, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("lpu: Assign vuole un puntatore")
	}
	return assign(raw, rv.Elem(), "", "")
}

var (
	tDurata  = reflect.TypeOf(calc.Durata{})
	tImporto = reflect.TypeOf(Importo{})
	tData    = reflect.TypeOf(Data{})
)

func assign(x any, v reflect.Value, path, tag string) error {
	if x == nil { // null: leave the zero value
		return nil
	}
	switch v.Type() {
	case tDurata:
		return assignDurata(x, v, path)
	case tImporto:
		return assignImporto(x, v, path)
	case tData:
		s, ok := x.(string)
		if !ok {
			return errSenzaNome(CodeTipoErrato, path, "attesa una data \"AAAA-MM-GG\", trovato %s", valori.Genere(x))
		}
		if s == "" {
			return nil
		}
		t, err := calc.ParseData(s)
		if err != nil || !annoAmmesso(t) {
			return erroreData(s, path, err)
		}
		v.Set(reflect.ValueOf(Data{t}))
		return nil
	}
	switch v.Kind() {
	case reflect.Struct:
		m, ok := x.(map[string]any)
		if !ok {
			return errSenzaNome(CodeTipoErrato, path, "atteso un oggetto, trovato %s", valori.Genere(x))
		}
		campi := campiDi(v.Type())
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sortStrings(keys)
		// Every bad field is reported, up to MaxErrors.
		var r raccolta
		for _, k := range keys {
			f, ok := campi[k]
			if !ok {
				// A member of an object that takes fields declared
				// only in the vocabulary: Calcolo checks it.
				if a := altriDi(v.Type()); a >= 0 {
					mettiAltro(v, a, k, m[k])
					continue
				}
				if ok, err := calcolato(v.Type(), k, m[k], path); ok {
					if err != nil && !r.aggiungi(err) {
						break
					}
					continue
				}
				msg := "campo sconosciuto: «%s»"
				if s := simili.Più(k, slices.Sorted(maps.Keys(campi))); s != "" {
					msg += " (forse «" + s + "»?)"
				}
				if !r.aggiungi(errInput(CodeCampoSconosciuto, join(path, citaTesto(k)), msg, citaTesto(k))) {
					break
				}
				continue
			}
			if err := assign(m[k], v.Field(f.indice), join(path, k), f.tag); err != nil && !r.aggiungi(err) {
				break
			}
		}
		return r.err()
	case reflect.Bool:
		b, ok := x.(bool)
		if !ok {
			return errSenzaNome(CodeTipoErrato, path, "atteso true o false, trovato %s", valori.Genere(x))
		}
		v.SetBool(b)
		return nil
	case reflect.Int:
		n, err := intero(x, path, motore.TagMax(tag, maxIntDefault))
		if err != nil {
			return err
		}
		v.SetInt(int64(n))
		return nil
	case reflect.String:
		s, ok := x.(string)
		if !ok {
			return errSenzaNome(CodeTipoErrato, path, "atteso un testo, trovato %s", valori.Genere(x))
		}
		if err := erroreTesto(len(s), motore.TagMax(tag, maxStringa), path); err != nil {
			err.(*Error).troppoLungo = testoTroppoLungo(s)
			return err
		}
		v.SetString(s)
		return nil
	case reflect.Slice:
		a, ok := x.([]any)
		if !ok {
			return errSenzaNome(CodeTipoErrato, path, "attesa una lista, trovato %s", valori.Genere(x))
		}
		if err := erroreLista(len(a), motore.TagMax(tag, maxLista), path); err != nil {
			return err
		}
		s := reflect.MakeSlice(v.Type(), len(a), len(a))
		var r raccolta
		for i, e := range a {
			if err := assign(e, s.Index(i), path+"["+strconv.Itoa(i)+"]", ""); err != nil && !r.aggiungi(err) {
				break
			}
		}
		v.Set(s)
		return r.err()
	case reflect.Map:
		m, ok := x.(map[string]any)
		if !ok {
			return errSenzaNome(CodeTipoErrato, path, "atteso un oggetto, trovato %s", valori.Genere(x))
		}
		out := reflect.MakeMapWithSize(v.Type(), len(m))
		var r raccolta
		for _, k := range chiaviOrdinate(m) {
			e := m[k]
			ev := reflect.New(v.Type().Elem()).Elem()
			if err := assign(e, ev, join(path, citaTesto(k)), tag); err != nil {
				if !chiaveAmmessa(tag, k) {
					// A key the map does not take is kept, its
					// unreadable value as zero: the request's checks
					// refuse the key ({"lunedix": "a"}: an unknown
					// day, with the days it may be), not the value of
					// a field nobody meant.
					out.SetMapIndex(reflect.ValueOf(k), reflect.Zero(v.Type().Elem()))
					continue
				}
				if !r.aggiungi(err) {
					break
				}
				continue
			}
			out.SetMapIndex(reflect.ValueOf(k), ev)
		}
		v.Set(out)
		return r.err()
	}
	return errInput(CodeTipoErrato, path, "tipo non gestito")
}

// chiaveAmmessa says whether k may be a key of a map whose lpu tag is
// tag: with "chiavi=giorni" (the hours of a weekly plan), a day of the
// week as calc.GiornoSettimana reads it (lun … dom); without, any key.
func chiaveAmmessa(tag, k string) bool {
	for tag != "" {
		var p string
		p, tag, _ = strings.Cut(tag, ",")
		if p == "chiavi=giorni" {
			_, ok := calc.GiornoSettimana(k)
			return ok
		}
	}
	return true
}

// calcolato answers member k of an object of type t when it is one the
// engine computes (calcolati): ok, and no error for a value not given
// (null, or the zero value, which a client writing every field of the
// request type as it was sends), campo_calcolato for any other. The
// error keeps the names of the computed values given (posti.liberi, or
// k itself), which the engine turns into their labels.
func calcolato(t reflect.Type, k string, x any, path string) (ok bool, err error) {
	c, ok := calcolati[t][k]
	if !ok {
		return false, nil
	}
	if x == nil {
		return true, nil
	}
	v := reflect.New(c.tipo).Elem()
	letto := assign(x, v, "", "") == nil
	if letto && v.IsZero() {
		return true, nil
	}
	dati := &datiCalcolato{da: c.da}
	if m, ok := x.(map[string]any); ok && c.tipo.Kind() == reflect.Struct {
		// Each member given is named, read on its own: one the decoder
		// would refuse (a negative count, a text for a number) is given
		// all the same, and named by its label as the others are (a
		// member that could not be read used to leave the object unnamed).
		for i := 0; i < c.tipo.NumField(); i++ {
			nome := strings.Split(c.tipo.Field(i).Tag.Get("json"), ",")[0]
			y := m[nome]
			if y == nil {
				continue
			}
			f := reflect.New(c.tipo.Field(i).Type).Elem()
			if assign(y, f, "", "") != nil || !f.IsZero() {
				dati.nomi = append(dati.nomi, k+"."+nome)
			}
		}
	}
	if len(dati.nomi) == 0 {
		dati.nomi = []string{k}
	}
	e := errInput(CodeCampoCalcolato, join(path, k), "%s", messaggioCalcolato(dati.da, nil))
	e.calcolato = dati
	return true, e
}

// datiCalcolato is what a campo_calcolato error keeps for the engine to
// name the values by their labels: the names of those given, and where
// the engine takes them from (calcolati).
type datiCalcolato struct {
	nomi []string
	da   string
}

// messaggioCalcolato refuses computed values named by their labels
// (none: «il valore»).
func messaggioCalcolato(da string, etichette []string) string {
	q := make([]string, len(etichette))
	for i, l := range etichette {
		q[i] = "«" + l + "»"
	}
	switch len(q) {
	case 0:
		return "il valore è calcolato dal motore" + da + ": non va indicato nella richiesta"
	case 1:
		return "il valore " + q[0] + " è calcolato dal motore" + da + ": non va indicato nella richiesta"
	}
	return "i valori " + strings.Join(q[:len(q)-1], ", ") + " e " + q[len(q)-1] + " sono calcolati dal motore" + da + ": non vanno indicati nella richiesta"
}

// nomina names by their labels in the engine's vocabulary the fields
// of the errors of err, a request of kind tipo: in a campo_calcolato
// error, the computed values given (dal_motore; a name it does not
// declare is left out); before the message of an error that does not
// name its field (errSenzaNome: a bound, a type), the field's label
// («Ore di lavoro già svolte»: il valore non può essere negativo (-3)),
// once; an error on a whole group of fields (pena), by the group's
// title. Every error of every answer to a request passes here once (Run,
// the lotto's rows, Calcolo, Fondo, Convenzione, Piano, Limiti: each
// on its return, whatever step refused), so that a message
// read alone — on the command line, copied, in a lotto's report — says
// which value is wrong. err is returned, its errors changed in place.
func (e *Engine) nomina(tipo string, err error) error {
	for _, x := range AllErrors(err) {
		if x.nominato {
			continue
		}
		x.nominato = true
		if c := e.campoVoc(tipo, x.Field); x.troppoLungo != "" && c != nil && len(c.Valori) > 0 {
			// (a label written for its code is longer than the bound
			// of a code: what is wrong is the value, not its length)
			x.Code, x.Message = CodeValoreNonAmmesso, messaggioNonAmmesso(c, x.troppoLungo)
		}
		e.nominaStruttura(tipo, x)
		// (a rule's refusal is named by the rule file's label, when its
		// text does not name it, but for a whole group, which has none)
		if x.daNominare || x.Field != "" && x.Kind <= KindNotAllowed && (!x.rifiuto || e.titoloGruppo(tipo, x.Field) != "") && x.etichetta == "" {
			senzaNome := x.daNominare
			x.daNominare = false
			et := e.etichettaErrore(tipo, x.Field)
			// (an unknown key of a map, «Ore per giorno della settimana
			// («lunedi»)», by the map's label: the message quotes the key)
			if i := strings.Index(et, " («"); i > 0 {
				et = et[:i]
			}
			if et == "" && x.Code != CodeCampoSconosciuto {
				et = e.titoloGruppo(tipo, x.Field)
			}
			if et != "" && (senzaNome || !spec.NominaCampo(x.Message, et)) {
				x.etichetta = et
				x.Message = prefissoEtichetta(et) + x.Message
			}
		}
		if x.calcolato == nil {
			continue
		}
		var etichette []string
		for _, n := range x.calcolato.nomi {
			if d := e.voc.DalMotore(tipo, n); d != nil && d.Etichetta != "" {
				etichette = append(etichette, d.Etichetta)
			}
		}
		x.Message = messaggioCalcolato(x.calcolato.da, etichette)
	}
	return err
}

// campoVoc is the vocabulary's field of a request of kind tipo
// at the path campo; nil for none, or for an engine not loaded (nomina
// names the errors of a nil Engine too).
func (e *Engine) campoVoc(tipo, campo string) *spec.Campo {
	if e == nil || e.voc == nil {
		return nil
	}
	return e.voc.campo(tipo, campo)
}

// titoloGruppo is the title of the vocabulary's group campo («Pena
// inflitta», «La convenzione dell'ente») when the request of kind tipo
// declares fields in it (pena.arresto) and not campo itself: the name an
// error on the whole group (a text for an object, a penalty where none
// applies) has; "" otherwise.
func (e *Engine) titoloGruppo(tipo, campo string) string {
	if strings.ContainsAny(campo, ".[") || e.voc == nil || e.voc.campo(tipo, campo) != nil {
		return ""
	}
	dichiarato := false
	for _, c := range e.Campi(tipo) {
		if strings.HasPrefix(c.Nome, campo+".") {
			dichiarato = true
			break
		}
	}
	if !dichiarato {
		return ""
	}
	for _, g := range e.voc.Gruppi {
		if g.ID == campo {
			return g.Titolo
		}
	}
	return ""
}

// nominaStruttura names by their labels the fields of the errors of a
// request's shape, which the decoder writes by their paths: a name given
// twice, by the field's label («Sospensioni n. 2 – Sospensione dal»:
// campo indicato due volte), or a whole group's by its title («Pena
// inflitta»: …, not «campo «pena»»); a name not taken by an element of a list,
// by the element's («Sospensioni n. 2»: campo sconosciuto: «x»), which
// the name alone does not tell. Without a label the message is left as it is.
func (e *Engine) nominaStruttura(tipo string, x *Error) {
	switch x.Code {
	case CodeChiaveDuplicata:
		et := e.etichettaErrore(tipo, x.Field)
		if et == "" {
			et = e.titoloGruppo(tipo, x.Field) // (a whole group: pena)
		}
		if et != "" && x.etichetta == "" {
			x.etichetta = et
			x.Message = prefissoEtichetta(et) + "campo indicato due volte: ogni campo va indicato una sola volta"
		}
	case CodeCampoSconosciuto:
		i := strings.LastIndexByte(x.Field, '.')
		if i < 0 || !strings.HasSuffix(x.Field[:i], "]") || x.etichetta != "" {
			return
		}
		if et := e.etichettaErrore(tipo, x.Field[:i]); et != "" {
			x.Message = prefissoEtichetta(et) + x.Message
		}
	}
}

func intero(x any, path string, max int) (int, error) {
	num, ok := x.(json.Number)
	if !ok {
		return 0, errSenzaNome(CodeTipoErrato, path, "atteso un numero intero, trovato %s", valori.Genere(x))
	}
	n, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil {
		// An integer written as 1e3 or 1.0. The exponent is bounded
		// before any arithmetic: 1e999999999 would take minutes.
		d, err2 := decimal.NewFromString(string(num))
		switch {
		case err2 == nil && d.IsZero(): // 0.0, 0e999
			d = decimal.Zero
		case err2 != nil || d.Exponent() < -30 || !d.IsInteger():
			return 0, errSenzaNome(CodeTipoErrato, path, "atteso un numero intero, trovato «%s»", citaTesto(string(num)))
		case d.Exponent() > 30 || !d.Abs().LessThan(decimal.NewFromInt(1<<53)):
			if d.IsNegative() {
				return 0, errSenzaNome(CodeFuoriIntervallo, path, "il valore non può essere negativo («%s»)", citaTesto(string(num)))
			}
			return 0, errSenzaNome(CodeFuoriIntervallo, path, "valore troppo grande («%s»; al massimo %d)", citaTesto(string(num)), max)
		}
		n = d.IntPart()
	}
	if err := erroreIntero(n, max, path); err != nil {
		return 0, err
	}
	return int(n), nil
}

// The checks of a value that Decode and a typed request
// (controllaTipizzata) share: the error of a value beyond its bound, nil
// within it (an error, so that a nil *Error is never a non-nil error).

// erroreIntero checks an integer: from 0 to max.
func erroreIntero(n int64, max int, path string) error {
	switch {
	case n < 0:
		return errSenzaNome(CodeFuoriIntervallo, path, "il valore non può essere negativo (%d)", n)
	case n > int64(max):
		return errSenzaNome(CodeFuoriIntervallo, path, "valore troppo grande (%d; al massimo %d)", n, max)
	}
	return nil
}

// erroreTesto checks the length in bytes of a text.
func erroreTesto(n, max int, path string) error {
	if n > max {
		return errSenzaNome(CodeFuoriIntervallo, path, "testo troppo lungo (al massimo %d caratteri)", max)
	}
	return nil
}

// erroreLista checks the length of a list.
func erroreLista(n, max int, path string) error {
	if n > max {
		return errSenzaNome(CodeFuoriIntervallo, path, "lista troppo lunga (al massimo %d elementi)", max)
	}
	return nil
}

// annoAmmesso reports whether a date's year is one a request may give.
func annoAmmesso(t time.Time) bool { return calc.AnnoAmmesso(t.Year()) }

// erroreData is the error of the date s, unreadable (err, from
// calc.ParseData: a day its month does not have says so, as the web form
// and the CSV lotto do) or of a year not ammesso.
func erroreData(s, path string, err error) error {
	return errSenzaNome(CodeDataNonValida, path, "%s", calc.MessaggioData(citaTesto(s), err, formaData))
}

// formaData is how a request writes a date.
var formaData = "formato AAAA-MM-GG, anni " + strconv.Itoa(calc.AnnoMinimo) + "–" + strconv.Itoa(calc.AnnoMassimo)

func assignDurata(x any, v reflect.Value, path string) error {
	m, ok := x.(map[string]any)
	if !ok {
		return errSenzaNome(CodeTipoErrato, path, "attesa una durata {\"anni\":0,\"mesi\":0,\"giorni\":0}, trovato %s", valori.Genere(x))
	}
	var d calc.Durata
	var r raccolta
	for _, k := range chiaviOrdinate(m) {
		e := m[k]
		var dst *int
		var max int
		switch k {
		case "anni":
			dst, max = &d.Anni, maxAnni
		case "mesi":
			dst, max = &d.Mesi, maxMesi
		case "giorni":
			dst, max = &d.Giorni, maxGiorni
		default:
			if !r.aggiungi(errInput(CodeCampoSconosciuto, join(path, citaTesto(k)), "campo sconosciuto: «%s» (una durata ha anni, mesi, giorni)", citaTesto(k))) {
				return r.err()
			}
			continue
		}
		if e == nil {
			continue
		}
		n, err := intero(e, join(path, k), max)
		if err != nil {
			if !r.aggiungi(err) {
				return r.err()
			}
			continue
		}
		*dst = n
	}
	if err := r.err(); err != nil {
		return err
	}
	v.Set(reflect.ValueOf(d))
	return nil
}

func assignImporto(x any, v reflect.Value, path string) error {
	var s string
	switch t := x.(type) {
	case string:
		s = t
	case json.Number:
		s = string(t)
	default:
		return errSenzaNome(CodeTipoErrato, path, "atteso un importo come testo (\"1500.00\"), trovato %s", valori.Genere(x))
	}
	if strings.TrimSpace(s) == "" {
		return nil
	}
	d, err := leggiImporto(s, path)
	if err != nil {
		return err
	}
	v.Set(reflect.ValueOf(Importo{d}))
	return nil
}

// leggiImporto reads the amount s of a request (not empty), as Decode
// reads its JSON and checks a typed request's (its String).
func leggiImporto(s, path string) (decimal.Decimal, error) {
	// A minus sign before an amount written any way a person writes one
	// («-1.500,00», as a lotto's cell gives it) is refused as negative,
	// quoted as written, before the JSON's own writing is looked at.
	if _, err := calc.ParseImporto(s); errors.Is(err, calc.ErrNegativo) {
		return decimal.Decimal{}, errInput(CodeImportoNonValido, path, "importo non valido: «%s» (il valore non può essere negativo)", citaTesto(s))
	}
	// An amount beyond the engine's bound however it is read (the
	// Italian way, «1.000.000.000.000», and as a plain decimal, if it is
	// one at all) is too big, not ambiguous: told as such first.
	if d, err := calc.ParseImporto(s); err == nil && d.GreaterThan(maxImporto) {
		if p, err := calc.ParseDecimale(s); err != nil || p.GreaterThan(maxImporto) {
			return decimal.Decimal{}, erroreImportoGrande(d, s, path)
		}
	}
	// JSON amounts are plain decimals with a dot: "1500", "1500.50". A
	// comma, or three digits after the dot ("1.500"), could be read two
	// ways, so they are refused rather than guessed.
	if strings.ContainsAny(s, ",") {
		return decimal.Decimal{}, errInput(CodeImportoNonValido, path, "importo non valido: «%s» (nel JSON usare il punto come separatore decimale e nessun separatore delle migliaia: «1500.00»)", citaTesto(s))
	}
	if _, dec, ok := strings.Cut(s, "."); ok && len(dec) > 2 {
		return decimal.Decimal{}, errInput(CodeImportoNonValido, path, "importo ambiguo: «%s» (al più due decimali; per millecinquecento euro scrivere «1500»)", citaTesto(s))
	}
	if r, ok := strings.CutPrefix(s, "-"); ok {
		if _, err := calc.ParseDecimale(r); err == nil {
			// (a number, below the bound, which the message says; the
			// code stays that of an amount not allowed)
			return decimal.Decimal{}, errInput(CodeImportoNonValido, path, "importo non valido: «%s» (il valore non può essere negativo)", citaTesto(s))
		}
	}
	d, err := calc.ParseDecimale(s)
	if err != nil {
		return decimal.Decimal{}, errInput(CodeImportoNonValido, path, "importo non valido: «%s»", citaTesto(s))
	}
	if err := erroreImportoGrande(d, s, path); err != nil {
		return decimal.Decimal{}, err
	}
	return d, nil
}

// erroreImportoGrande is the error of an amount d, written s, beyond
// the engine's bound (maxImporto), nil within it: for a request's
// amount and for ParseImporto's.
func erroreImportoGrande(d decimal.Decimal, s, path string) error {
	if d.GreaterThan(maxImporto) {
		return errSenzaNome(CodeFuoriIntervallo, path, "importo troppo grande: «%s»", citaTesto(s))
	}
	return nil
}

// campoJSON is a field of a request type as the JSON names it.
type campoJSON struct {
	indice int
	tag    string // its lpu tag (max=…)
}

// campi caches, for each struct type, its fields by JSON name: every
// request would otherwise scan the struct's tags. It is keyed by type
// only (a key holding the field's path would grow with every list index
// and map key a request brings).
var campi sync.Map // reflect.Type -> map[string]campoJSON

func campiDi(t reflect.Type) map[string]campoJSON {
	if m, ok := campi.Load(t); ok {
		return m.(map[string]campoJSON)
	}
	m := map[string]campoJSON{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		if _, dup := m[name]; !dup {
			m[name] = campoJSON{indice: i, tag: f.Tag.Get("lpu")}
		}
	}
	campi.Store(t, m)
	return m
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// sortStrings sorts in place in O(n log n): an object of 40,000 names
// took seconds with an insertion sort.
func sortStrings(s []string) { slices.Sort(s) }

// citaTesto is a client's text as an error message quotes it: its first
// maxCitato characters, so that an answer never echoes a long input.
func citaTesto(s string) string {
	i := 0
	for j := range s {
		if i == maxCitato {
			return s[:j] + "…"
		}
		i++
	}
	return s
}

const maxCitato = 60

// testoTroppoLungo is what an error of a text beyond its bound keeps of
// it (Error.troppoLungo): the whole text up to 256 bytes, enough to tell
// a label written for its code, or its first maxCitato characters.
func testoTroppoLungo(s string) string {
	if len(s) <= 256 {
		return s
	}
	return citaTesto(s)
}

// chiaviOrdinate are m's keys in order: with two errors in one object,
// the one reported does not depend on Go's random map order.
func chiaviOrdinate(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}
