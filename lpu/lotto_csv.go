package lpu

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/lpu-it/lpu/calc"
)

// The CSV columns of a lotto are derived from the request types, so that
// a field added to a request is a column at once. A column is named by
// the field's JSON name ("ammenda", "incidente", "convenzione") or by its
// whole path ("pena.ammenda"); a duration takes three columns with the
// suffixes _anni, _mesi, _giorni ("arresto_mesi", or "pena.arresto.mesi").
// Two more columns are not fields: "tipo" (calcolo, the default, or fondo)
// and "rif", a reference of the office echoed in the answer. Header names
// are read without regard to case, spaces or dashes ("Data inizio" is
// data_inizio).

// genere is the kind of value a cell holds.
type genere int

const (
	genereTesto genere = iota
	genereIntero
	genereBooleano
	genereImporto
	genereData
)

// colonna is how a CSV column fills a request: the JSON path of a field
// and the kind of its value.
type colonna struct {
	percorso []string
	genere   genere
}

func (c colonna) campo() string { return strings.Join(c.percorso, ".") }

// catalogo is the columns of one kind of request.
type catalogo struct {
	colonne map[string]colonna
	nomi    []string // short names, for messages and the README
}

// Alias: for a fondo row, "data" is the start date, so that one column
// serves calcolo and fondo rows alike.
var aliasColonne = map[string]map[string]string{"fondo": {"data": "data_inizio"}}

// Kinds of request a CSV row may ask for.
var tipiLottoCSV = []string{"calcolo", "fondo"}

var cataloghi = map[string]*catalogo{
	"calcolo": nuovoCatalogo(reflect.TypeOf(Richiesta{}), nil),
	"fondo":   nuovoCatalogo(reflect.TypeOf(RichiestaFondo{}), nil),
}

// cataloghiCSV are the columns of the engine's requests: those of the
// request types and, for the calcolo, those of the fields its
// vocabulary declares without a Go field (see altri.go), named alike
// (fatti.sospensione_precedente, or sospensione_precedente).
func (e *Engine) cataloghiCSV() map[string]*catalogo {
	t := e.voc.tipi["calcolo"]
	if t == nil || len(t.altri) == 0 {
		return cataloghi
	}
	return map[string]*catalogo{"calcolo": nuovoCatalogo(reflect.TypeOf(Richiesta{}), t.altri), "fondo": cataloghi["fondo"]}
}

// generiTipo are the kinds of cell of the vocabulary's types.
var generiTipo = map[string]genere{"testo": genereTesto, "intero": genereIntero, "booleano": genereBooleano, "importo": genereImporto, "data": genereData}

func nuovoCatalogo(t reflect.Type, altri []*campoAltro) *catalogo {
	c := &catalogo{colonne: map[string]colonna{}}
	brevi := map[string][]colonna{}
	add := func(breve string, col colonna) {
		c.colonne[col.campo()] = col
		brevi[breve] = append(brevi[breve], col)
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
				for _, parte := range []string{"anni", "mesi", "giorni"} {
					add(name+"_"+parte, colonna{percorso: append(append([]string(nil), p...), parte), genere: genereIntero})
				}
			case f.Type == tImporto:
				add(name, colonna{percorso: p, genere: genereImporto})
			case f.Type == tData:
				add(name, colonna{percorso: p, genere: genereData})
			case f.Type.Kind() == reflect.Struct:
				walk(f.Type, p)
			case f.Type.Kind() == reflect.Bool:
				add(name, colonna{percorso: p, genere: genereBooleano})
			case f.Type.Kind() == reflect.Int:
				add(name, colonna{percorso: p, genere: genereIntero})
			case f.Type.Kind() == reflect.String:
				add(name, colonna{percorso: p, genere: genereTesto})
			}
		}
	}
	walk(t, nil)
	for _, a := range altri {
		p := strings.Split(a.c.Nome, ".")
		if a.c.Tipo == "durata" {
			for _, parte := range []string{"anni", "mesi", "giorni"} {
				add(a.nome+"_"+parte, colonna{percorso: append(append([]string(nil), p...), parte), genere: genereIntero})
			}
			continue
		}
		add(a.nome, colonna{percorso: p, genere: generiTipo[a.c.Tipo]})
	}
	for breve, cols := range brevi {
		if len(cols) == 1 { // an ambiguous short name is only reachable by its path
			c.colonne[breve] = cols[0]
			c.nomi = append(c.nomi, breve)
		}
	}
	sort.Strings(c.nomi)
	return c
}

// LottoColumns lists the CSV columns of a kind of request ("calcolo" or
// "fondo"), by their short names, for documentation.
func LottoColumns(tipo string) []string {
	c, ok := cataloghi[tipo]
	if !ok {
		return nil
	}
	return append([]string(nil), c.nomi...)
}

// normalizzaColonna reads a header cell: "Data inizio" is data_inizio.
func normalizzaColonna(s string) string { return normaIntestazione(s) }

// intestazione is the header of a CSV lotto: for every column, the field
// it fills in each kind of request (absent when it has none).
type intestazione struct {
	nomi    []string // normalised
	testi   []string // as written, for messages
	perTipo []map[string]colonna
	tipo    int // index of the tipo column, or -1
	fatt    int // index of the fattispecie column
	rif     int // index of the rif column, or -1
	// colonnaDi maps "tipo:field path" back to the column that sets it,
	// for errors: the office knows its columns, not our JSON paths.
	colonnaDi map[string]string
	ordine    []string // the keys of colonnaDi in header order
}

// colonnePer names the column(s) of the header that set a field, or the
// fields under it (a duration: arresto_anni/arresto_mesi).
func (h *intestazione) colonnePer(tipo, campo string) string {
	if c, ok := h.colonnaDi[tipo+":"+campo]; ok {
		return c
	}
	var out []string
	for _, k := range h.ordine {
		if strings.HasPrefix(k, tipo+":"+campo+".") {
			out = append(out, h.colonnaDi[k])
		}
	}
	return strings.Join(out, "/")
}

// leggiIntestazione reads the header of a CSV lotto, whose columns are
// those of cataloghi (see Engine.cataloghiCSV).
// alias are the other names of the columns of each kind (Engine.aliasCSV).
func leggiIntestazione(campi []string, ignora bool, cataloghi map[string]*catalogo, alias map[string]map[string]string) (*intestazione, error) {
	h := &intestazione{tipo: -1, rif: -1, colonnaDi: map[string]string{}}
	visti := map[string]bool{}
	var sconosciute []string
	for i, c := range campi {
		if len(c) > maxNomeColonna {
			return nil, errInput(CodeColonnaTroppoLunga, nomeTroncato(c), "il nome della colonna %d dell'intestazione è troppo lungo (%d byte, al massimo %d): «%s»",
				i+1, len(c), maxNomeColonna, nomeTroncato(c))
		}
		nome := normalizzaColonna(c)
		if n, ok := colonneSpeciali[nome]; ok {
			nome = n
		}
		h.nomi = append(h.nomi, nome)
		h.testi = append(h.testi, strings.TrimSpace(strings.TrimPrefix(c, "\ufeff")))
		h.perTipo = append(h.perTipo, map[string]colonna{})
		if nome == "" {
			continue
		}
		if visti[nome] {
			return nil, errInput(CodeColonnaRipetuta, nomeTroncato(nome), "la colonna «%s» compare due volte nell'intestazione", nomeTroncato(c))
		}
		visti[nome] = true
		switch nome {
		case "fattispecie":
			h.fatt = i
		case "tipo":
			h.tipo = i
			continue
		case "rif":
			h.rif = i
			continue
		}
		for _, t := range tipiLottoCSV {
			n := nome
			if a, ok := aliasColonne[t][nome]; ok {
				n = a
			}
			if _, ok := cataloghi[t].colonne[n]; !ok {
				if a, ok := alias[t][n]; ok {
					n = a
				}
			}
			if col, ok := cataloghi[t].colonne[n]; ok {
				h.perTipo[i][t] = col
				h.colonnaDi[t+":"+col.campo()] = h.testi[i]
				h.ordine = append(h.ordine, t+":"+col.campo())
			}
		}
		if len(h.perTipo[i]) == 0 {
			sconosciute = append(sconosciute, strings.TrimSpace(c))
		}
	}
	if len(sconosciute) > 0 && !ignora {
		return nil, errInput(CodeColonnaSconosciuta, nomeTroncato(sconosciute[0]),
			"colonne sconosciute: %s (una colonna scritta male sarebbe ignorata in silenzio; per ignorarle usare l'opzione ignora-colonne); colonne del calcolo: tipo, rif, %s; del fondo: %s",
			elencoTroncato(sconosciute, colonneInErrore), strings.Join(cataloghi["calcolo"].nomi, ", "), strings.Join(cataloghi["fondo"].nomi, ", "))
	}
	if !visti["fattispecie"] {
		return nil, errInput(CodeCampoObbligatorio, "fattispecie", "manca la colonna fattispecie nell'intestazione")
	}
	return h, nil
}

// vuota reports whether a record has only empty cells (the trailing
// ";;;;" rows a spreadsheet leaves behind).
func vuota(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// rigaCSV turns a record into the kind of request, its reference and the
// request as a generic JSON value, ready for Assign.
func (h *intestazione) rigaCSV(rec []string) (tipo, rif string, raw map[string]any, err *Error) {
	tipo = "calcolo"
	if h.tipo >= 0 && h.tipo < len(rec) {
		if t := strings.ToLower(strings.TrimSpace(rec[h.tipo])); t != "" {
			tipo = t
		}
	}
	if h.rif >= 0 && h.rif < len(rec) {
		rif = strings.TrimSpace(rec[h.rif])
		if len(rif) > maxStringa {
			return tipo, "", nil, errInput(CodeFuoriIntervallo, "rif", "riferimento troppo lungo (al massimo %d caratteri)", maxStringa)
		}
	}
	if _, ok := cataloghi[tipo]; !ok {
		return tipo, rif, nil, errInput(CodeValoreNonAmmesso, "tipo", "tipo «%s» non ammesso in un CSV: uno di %s", tipo, strings.Join(tipiLottoCSV, ", "))
	}
	if len(rec) > len(h.nomi) && !vuota(rec[len(h.nomi):]) {
		return tipo, rif, nil, errInput(CodeRigaNonValida, "", "la riga ha %d campi, l'intestazione %d", len(rec), len(h.nomi))
	}
	raw = map[string]any{}
	for i, cella := range rec {
		if i >= len(h.nomi) || i == h.tipo || i == h.rif {
			continue
		}
		v := strings.TrimSpace(cella)
		if v == "" {
			continue
		}
		col, ok := h.perTipo[i][tipo]
		if !ok {
			if len(h.perTipo[i]) == 0 {
				continue // an unknown column the caller chose to ignore
			}
			return tipo, rif, nil, errInput(CodeColonnaNonPertinente, h.testi[i], "la colonna «%s» non vale per una richiesta di tipo %s", h.testi[i], tipo)
		}
		x, e := valoreCella(v, col.genere, h.testi[i])
		if e != nil {
			return tipo, rif, nil, e
		}
		metti(raw, col.percorso, x)
	}
	return tipo, rif, raw, nil
}

// valoreCella reads a cell the way an Italian office writes it: amounts
// as "1.500,00" or "1500.00", dates as 10/06/2025 or 2025-06-10, yes/no
// as sì/no, true/false, 1/0.
func valoreCella(v string, g genere, col string) (any, *Error) {
	switch g {
	case genereIntero:
		return json.Number(v), nil // Assign checks it is an integer in range
	case genereBooleano:
		switch strings.ToLower(v) {
		case "sì", "si", "s", "vero", "true", "1":
			return true, nil
		case "no", "n", "falso", "false", "0":
			return false, nil
		}
		// (a cross, «x», is not read as sì: an empty cell would then be no,
		// and a column of crosses would mean yes and no at once)
		return nil, errInput(CodeTipoErrato, col, "atteso sì o no (anche vero/falso, true/false, 1/0), trovato «%s»", nomeTroncato(v))
	case genereImporto:
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.ReplaceAll(v, "€", "")), "EUR"))
		d, err := calc.ParseImporto(v)
		if err != nil {
			return nil, errInput(CodeImportoNonValido, col, "importo non valido: «%s» (ad es. 1.500,00 oppure 1500.00)", v)
		}
		return d.String(), nil
	case genereData:
		t, err := calc.ParseDataItaliana(v)
		if err != nil {
			t, err = dataBreve(v)
		}
		if err != nil {
			return nil, errInput(CodeDataNonValida, col, "data non valida: «%s» (GG/MM/AAAA, GG/MM/AA oppure AAAA-MM-GG)", nomeTroncato(v))
		}
		return calc.FormatData(t), nil
	}
	return v, nil
}

func metti(m map[string]any, path []string, v any) {
	for _, k := range path[:len(path)-1] {
		sub, ok := m[k].(map[string]any)
		if !ok {
			sub = map[string]any{}
			m[k] = sub
		}
		m = sub
	}
	m[path[len(path)-1]] = v
}

// sepDecimale is the decimal separator of a CSV output: a comma when the
// fields are separated by ";", as an Italian spreadsheet writes them.
func sepDecimale(sep rune) string {
	if sep == ';' {
		return ","
	}
	return "."
}

// indovinaSeparatore picks the separator of a CSV input from its header
// line: the most frequent of , ; and tab outside quotes.
func indovinaSeparatore(riga []byte) rune {
	conta := map[rune]int{}
	dentro := false
	for _, b := range riga {
		switch {
		case b == '"':
			dentro = !dentro
		case !dentro && (b == ',' || b == ';' || b == '\t'):
			conta[rune(b)]++
		}
	}
	sep := ','
	for _, r := range []rune{';', '\t'} {
		if conta[r] > conta[sep] {
			sep = r
		}
	}
	return sep
}

// Bounds of a CSV header: a header of 100,000 columns took 1.4 s to
// read and its error echoed every name. The request types have some 60
// columns (by short name and by path); a spreadsheet export carries a few
// more that --ignora-colonne skips.
const (
	maxColonneCSV    = 500 // columns of the header
	maxNomeColonna   = 100 // bytes of a header name
	colonneInErrore  = 5   // names an error quotes, at most
	runeNomeInErrore = 40  // runes of each quoted name, at most
)

// elencoTroncato quotes at most n names, each cut to a few runes and made
// printable, then says how many more there are.
func elencoTroncato(nomi []string, n int) string {
	var b strings.Builder
	for i, s := range nomi {
		if i == n {
			fmt.Fprintf(&b, " e altre %d", len(nomi)-n)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("«" + nomeTroncato(s) + "»")
	}
	return b.String()
}

// nomeTroncato is a client's name cut to runeNomeInErrore runes, valid
// UTF-8 without NUL, fit for a message.
func nomeTroncato(s string) string {
	s = testoValido(strings.TrimSpace(s))
	if utf8.RuneCountInString(s) <= runeNomeInErrore {
		return s
	}
	r := []rune(s)
	return string(r[:runeNomeInErrore]) + "…"
}

// testoValido replaces invalid UTF-8 and NUL with U+FFFD.
func testoValido(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// cellaTesto makes a text cell of a CSV answer safe for a spreadsheet,
// as OWASP recommends against CSV (formula) injection: invalid UTF-8 and
// NUL become U+FFFD, and a cell that starts with = + - @, a tab or a
// carriage return gets a leading single quote, so that Excel and
// LibreOffice show it as text instead of running it as a formula
// (=HYPERLINK(…), =cmd|' /C calc'!A0). Only text cells go through it:
// the numbers the engine writes (riga, giorni, ore, …) stay numbers.
// encoding/csv then quotes any cell holding a separator, a quote or a line
// break, so that a cell cannot break out into the next one.
func cellaTesto(s string) string {
	if s == "" {
		return s
	}
	s = testoValido(s)
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
