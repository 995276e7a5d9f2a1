package lotto

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/simili"
)

// A column of a CSV lotto is named by the field's JSON name ("ammenda",
// "incidente", "convenzione") or by its whole path ("pena.ammenda"); a
// duration takes three columns with the suffixes _anni, _mesi, _giorni
// ("arresto_mesi", or "pena.arresto.mesi"). Two more columns are not
// fields: "tipo" (calcolo, the default, or fondo) and "rif", a reference
// of the office echoed in the answer. Header names are read without
// regard to case, spaces or dashes ("Data inizio" is data_inizio).

// Genere is the kind of value a cell holds.
type Genere int

// The kinds of cell.
const (
	GenereTesto Genere = iota
	GenereIntero
	GenereBooleano
	GenereImporto
	GenereData
)

// generiTipo are the kinds of cell of the vocabulary's types.
var generiTipo = map[string]Genere{"testo": GenereTesto, "intero": GenereIntero, "booleano": GenereBooleano, "importo": GenereImporto, "data": GenereData}

// GenereDi is the kind of cell of a type of the vocabulary (testo for a
// type it does not know).
func GenereDi(tipo string) Genere { return generiTipo[tipo] }

// Colonna is how a CSV column fills a request: the JSON path of a field
// and the kind of its value.
type Colonna struct {
	Percorso []string
	Genere   Genere
}

func (c Colonna) campo() string { return strings.Join(c.Percorso, ".") }

// Voce is a column of a kind of request by its short name.
type Voce struct {
	Breve string
	Colonna
}

// Catalogo is the columns of one kind of request.
type Catalogo struct {
	colonne map[string]Colonna
	nomi    []string // short names, for messages and the README
	voci    []Voce   // as given, for Omonimie
}

// NuovoCatalogo is the catalogue of the columns voci: each is named by
// its path and, when no other column shares it, by its short name.
func NuovoCatalogo(voci []Voce) *Catalogo {
	c := &Catalogo{colonne: map[string]Colonna{}, voci: voci}
	brevi := map[string][]Colonna{}
	for _, v := range voci {
		c.colonne[v.campo()] = v.Colonna
		brevi[v.Breve] = append(brevi[v.Breve], v.Colonna)
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

// Nomi are the short names of the columns, sorted; the slice is the
// caller's.
func (c *Catalogo) Nomi() []string { return append([]string(nil), c.nomi...) }

// Alias: for a fondo row, "data" is the start date, so that one column
// serves calcolo and fondo rows alike.
var aliasColonne = map[string]map[string]string{"fondo": {"data": "data_inizio"}}

// intestazione is the header of a CSV lotto: for every column, the field
// it fills in each kind of request (absent when it has none).
type intestazione struct {
	nomi    []string // normalised
	testi   []string // as written, for messages
	perTipo []map[string]Colonna
	tipo    int // index of the tipo column, or -1
	fatt    int // index of the fattispecie column
	rif     int // index of the rif column, or -1
	// colonnaDi maps "tipo:field path" back to the column that sets it,
	// for errors: the office knows its columns, not our JSON paths.
	colonnaDi map[string]string
	ordine    []string // the keys of colonnaDi in header order
	// cedute are, by column and kind, the column a field went to when
	// this one would have filled it only through aliasColonne (data_inizio
	// for a fondo row's data), for the error of such a cell.
	cedute map[int]map[string]int
	// et are the labels of the fields (Dominio.etichette), which name
	// the columns in the errors of the cells.
	et *etichette
	// ignorate are the columns no field has, as written, when they are
	// ignored (Opzioni.IgnoraColonne): the answer says which.
	ignorate []string
	// larghezza is the number of columns up to the last with a name:
	// the cells a row must have (those of the empty names a header may
	// end with hold nothing).
	larghezza int
	// codici are the accepted values of the testo fields that have them,
	// by "tipo:field path" (Dominio.Vocabolario's Valori).
	codici map[string]*codici
}

// codici are the accepted values of a field: the code of each, by the
// code or the label as a cell writes it (normaValore).
type codici struct {
	perTesto map[string]string
	citati   string
}

// normaValore is a cell's value as codici look it up: without regard to
// case or to the spaces between its words.
func normaValore(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// nuoviCodici are the codici of the fields of voc that accept only
// declared values; codes first, so that a label never hides a code.
func nuoviCodici(voc map[string][]Campo) map[string]*codici {
	out := map[string]*codici{}
	for tipo, campi := range voc {
		for _, c := range campi {
			if c.Tipo != "testo" || len(c.Valori) == 0 {
				continue
			}
			k := &codici{perTesto: map[string]string{}, citati: c.Citati}
			for _, v := range c.Valori {
				k.perTesto[normaValore(v.Valore)] = v.Valore
			}
			for _, v := range c.Valori {
				if n := normaValore(v.Etichetta); n != "" {
					if _, ok := k.perTesto[n]; !ok {
						k.perTesto[n] = v.Valore
					}
				}
			}
			out[tipo+":"+c.Nome] = k
		}
	}
	return out
}

// codice is the code a cell of the column col writes, by its code or its
// label; a cell that is neither is a value not allowed, whatever its
// length (a label mistyped is no text too long).
func (k *codici) codice(v, col string) (string, *Errore) {
	if c, ok := k.perTesto[normaValore(v)]; ok {
		return c, nil
	}
	return "", errore(MotivoValore, col, "valore «%s» non ammesso: uno di %s", nomeTroncato(v), k.citati)
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
// those of cataloghi; alias are the other names of the columns of each
// kind (Dominio.Alias).
func leggiIntestazione(campi []string, ignora bool, d *Dominio, alias map[string]map[string]string) (*intestazione, *Errore) {
	cataloghi := d.Cataloghi
	h := &intestazione{tipo: -1, rif: -1, colonnaDi: map[string]string{}}
	visti := map[string]int{} // normalised name → its first column
	// deboli are the fields a column fills only through aliasColonne (a
	// fondo row's data), by column and kind: they yield to a column of the
	// field's own.
	deboli := map[int]map[string]Colonna{}
	var sconosciute []string
	for i, c := range campi {
		if len(c) > maxNomeColonna {
			return nil, errore(MotivoColonnaLunga, nomeTroncato(c), "il nome della colonna %d dell'intestazione è troppo lungo (%d byte, al massimo %d): «%s»",
				i+1, len(c), maxNomeColonna, nomeTroncato(c))
		}
		nome := NormaIntestazione(c)
		if n, ok := colonneSpeciali[nome]; ok {
			nome = n
		}
		h.nomi = append(h.nomi, nome)
		h.testi = append(h.testi, strings.TrimSpace(strings.TrimPrefix(c, "\ufeff")))
		h.perTipo = append(h.perTipo, map[string]Colonna{})
		if nome == "" {
			continue
		}
		if j, ok := visti[nome]; ok {
			return nil, h.ripetuta(j, i, "")
		}
		visti[nome] = i
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
		for _, t := range TipiCSV {
			n, debole := nome, false
			if a, ok := aliasColonne[t][nome]; ok {
				n, debole = a, true
			}
			if _, ok := cataloghi[t].colonne[n]; !ok {
				if a, ok := alias[t][n]; ok {
					n = a
				}
			}
			if col, ok := cataloghi[t].colonne[n]; ok {
				if debole {
					if deboli[i] == nil {
						deboli[i] = map[string]Colonna{}
					}
					deboli[i][t] = col
					continue
				}
				h.perTipo[i][t] = col
			}
		}
		if len(h.perTipo[i]) == 0 && len(deboli[i]) == 0 {
			sconosciute = append(sconosciute, strings.TrimSpace(c))
		}
	}
	// Two columns that fill the same field of the same kind of request
	// (ammenda and pena.ammenda, a label and the name): the later would
	// win in silence. One column that fills a field of each kind is one
	// column (convenzione, giorni).
	primo := map[string]int{} // "tipo:field path" → the column that fills it
	for i, m := range h.perTipo {
		for _, t := range TipiCSV {
			if col, ok := m[t]; ok {
				k := t + ":" + col.campo()
				if j, ok := primo[k]; ok {
					return nil, h.ripetuta(j, i, t)
				}
				primo[k] = i
			}
		}
	}
	for i := range h.perTipo {
		for _, t := range TipiCSV {
			col, ok := deboli[i][t]
			if !ok {
				continue
			}
			k := t + ":" + col.campo()
			if j, ok := primo[k]; ok {
				if len(h.perTipo[i]) == 0 { // nothing else to fill: a second column for the field
					return nil, h.ripetuta(j, i, t)
				}
				// the field's own column wins; this one does not fill it
				if h.cedute == nil {
					h.cedute = map[int]map[string]int{}
				}
				if h.cedute[i] == nil {
					h.cedute[i] = map[string]int{}
				}
				h.cedute[i][t] = j
				continue
			}
			h.perTipo[i][t] = col
			primo[k] = i
		}
	}
	for i, m := range h.perTipo {
		for _, t := range TipiCSV {
			if col, ok := m[t]; ok {
				h.colonnaDi[t+":"+col.campo()] = h.testi[i]
				h.ordine = append(h.ordine, t+":"+col.campo())
			}
		}
	}
	if len(sconosciute) > 0 && !ignora {
		calcolo, fondo := d.nomiColonne("calcolo", alias), d.nomiColonne("fondo", alias)
		elenco := elencoTroncato(sconosciute, colonneInErrore)
		if s := simili.Più(strings.TrimSpace(sconosciute[0]), slices.Concat([]string{"Rif.", "Tipo", "Fattispecie"}, calcolo, fondo, d.nomiBrevi("calcolo"), d.nomiBrevi("fondo"))); s != "" && len(sconosciute) == 1 {
			elenco += " (forse «" + s + "»?)"
		}
		return nil, errore(MotivoColonnaSconosciuta, nomeTroncato(sconosciute[0]),
			"colonne sconosciute: %s (una colonna scritta male sarebbe ignorata in silenzio: per ignorarle va chiesto, con l'opzione «ignora le colonne sconosciute»); colonne di ogni riga: «Rif.», «Tipo» (calcolo o fondo), «Fattispecie»; colonne del calcolo: %s; del fondo: %s",
			elenco, elencoColonne(calcolo), elencoColonne(fondo))
	}
	for i, c := range sconosciute {
		if i == colonneInErrore {
			h.ignorate = append(h.ignorate, "…")
			break
		}
		h.ignorate = append(h.ignorate, nomeTroncato(c))
	}
	if _, ok := visti["fattispecie"]; !ok {
		return nil, errore(MotivoMancante, "fattispecie", "manca la colonna «Fattispecie» nell'intestazione")
	}
	h.larghezza = len(h.nomi)
	for h.nomi[h.larghezza-1] == "" {
		h.larghezza--
	}
	h.codici = nuoviCodici(d.Vocabolario)
	h.et = d.etichette()
	return h, nil
}

// etichettaColonna is the label of the field the column i fills in a
// request of kind tipo (or, if none, of the first kind it fills one
// of) for the fattispecie fatt: «Ammenda (€)», «Arresto (mesi)»,
// gdp55's own «Ammenda non pagata (€)»; «Rif.», «Tipo»; "" for a
// column with no label.
func (h *intestazione) etichettaColonna(i int, tipo, fatt string) string {
	switch i {
	case h.rif:
		return colonneSenzaCampo["rif"]
	case h.tipo:
		return colonneSenzaCampo["tipo"]
	}
	if col, ok := h.perTipo[i][tipo]; ok {
		if e := h.et.di(tipo, fatt, col.campo()); e != "" {
			return e
		}
	}
	for _, t := range TipiCSV {
		if col, ok := h.perTipo[i][t]; ok {
			if e := h.et.di(t, fatt, col.campo()); e != "" {
				return e
			}
		}
	}
	return ""
}

// colonnaCitata quotes the column i in a message about a row of kind
// tipo and fattispecie fatt: by its label, followed by its name as the header writes it when
// the two differ («Arresto (mesi)» (nel file «arresto_mesi»)); by that
// name alone when it has no label.
func (h *intestazione) colonnaCitata(i int, tipo, fatt string) string {
	testo := nomeTroncato(h.testi[i])
	switch e := h.etichettaColonna(i, tipo, fatt); {
	case e == "":
		return "«" + testo + "»"
	case NormaIntestazione(e) == NormaIntestazione(h.testi[i]):
		return "«" + e + "»"
	default:
		return "«" + e + "» (nel file «" + testo + "»)"
	}
}

// elencoColonne quotes the names of columns, as «Rif.», «Tipo».
func elencoColonne(nomi []string) string {
	return "«" + strings.Join(nomi, "», «") + "»"
}

// ripetuta is the error of a header whose column j and later column i
// are one column, or fill one field (of the kind tipo, when the other
// kind's fields tell them apart): each named as the office wrote it.
func (h *intestazione) ripetuta(j, i int, tipo string) *Errore {
	a, b := nomeTroncato(h.testi[j]), nomeTroncato(h.testi[i])
	if a == b {
		return errore(MotivoColonnaRipetuta, nomeTroncato(h.nomi[i]), "la colonna «%s» compare due volte nell'intestazione", b)
	}
	per := ""
	if tipo != "" && tipo != "calcolo" {
		per = " di una richiesta di tipo " + tipo
	}
	return errore(MotivoColonnaRipetuta, nomeTroncato(h.nomi[i]),
		"le colonne «%s» e «%s» indicano lo stesso dato%s: va indicato in una sola colonna", a, b, per)
}

// nonPertinente is the error of the cell of column i of the record rec,
// a row of the kind tipo, when the column is another kind's: it names
// the column that holds the datum for tipo, or else the kinds the column
// is for; a row that does not write its kind (read as a calcolo) is
// told how to write it.
func (h *intestazione) nonPertinente(i int, rec []string, tipo, fatt string) *Errore {
	e := errore(MotivoColonnaNonPertinente, h.testi[i], "la colonna %s non vale per una richiesta di tipo %s", h.colonnaCitata(i, tipo, fatt), tipo)
	e.etichetta = h.etichettaColonna(i, tipo, fatt)
	if altra, ok := h.cedute[i][tipo]; ok {
		e.Messaggio += fmt.Sprintf(": il dato è nella colonna %s", h.colonnaCitata(altra, tipo, fatt))
		return e
	}
	var tipi []string
	for _, t := range TipiCSV {
		if _, ok := h.perTipo[i][t]; ok {
			tipi = append(tipi, t)
		}
	}
	if len(tipi) == 0 {
		return e
	}
	e.Messaggio += ": vale per il tipo " + strings.Join(tipi, " e per il tipo ")
	if h.tipo >= 0 && h.tipo < len(rec) && strings.TrimSpace(rec[h.tipo]) != "" {
		return e
	}
	if k := h.datoProprio(rec, i, tipo, tipi[0]); k >= 0 {
		// A row with data of its kind is not the other kind: writing the
		// other kind in «Tipo» would break it.
		e.Messaggio += fmt.Sprintf("; la riga non indica il tipo ed è letta come %s, di cui ha i dati (colonna %s): per una richiesta di tipo %s ", tipo, h.colonnaCitata(k, tipo, fatt), tipo)
		if h.tipo < 0 {
			e.Messaggio += fmt.Sprintf("la colonna %s va tolta", h.colonnaCitata(i, tipo, fatt))
		} else {
			e.Messaggio += fmt.Sprintf("la cella della colonna %s va lasciata vuota", h.colonnaCitata(i, tipo, fatt))
		}
		return e
	}
	if h.tipo < 0 {
		e.Messaggio += fmt.Sprintf("; la riga non indica il tipo ed è letta come %s: per una richiesta di tipo %s va aggiunta la colonna «Tipo», con «%s»", tipo, tipi[0], tipi[0])
	} else {
		e.Messaggio += fmt.Sprintf("; la riga non indica il tipo ed è letta come %s: per una richiesta di tipo %s va scritto «%s» nella colonna «%s»", tipo, tipi[0], tipi[0], nomeTroncato(h.testi[h.tipo]))
	}
	return e
}

// datoProprio is a column other than i whose cell rec fills and that a
// request of the kind tipo reads and one of the kind altro does not (a
// calcolo's «Arresto (mesi)», not the common «Fattispecie» or «Data»):
// the row is of the kind tipo by data of its own. It is -1 when there is
// none.
func (h *intestazione) datoProprio(rec []string, i int, tipo, altro string) int {
	for k, m := range h.perTipo {
		if k == i || k >= len(rec) || strings.TrimSpace(rec[k]) == "" {
			continue
		}
		_, diTipo := m[tipo]
		_, diAltro := m[altro]
		if diTipo && !diAltro {
			return k
		}
	}
	return -1
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

// tipoRiga is the kind of request a record asks for: its tipo cell,
// calcolo when it has none.
func (h *intestazione) tipoRiga(rec []string) string {
	if h.tipo >= 0 && h.tipo < len(rec) {
		if t := strings.ToLower(strings.TrimSpace(rec[h.tipo])); t != "" {
			return t
		}
	}
	return "calcolo"
}

// rigaCSV turns a record of the fattispecie fatt (its id, or its cell)
// into the kind of request, its reference and the request as a generic
// JSON value; and its errors: the kind's or the reference's (with no
// request), or those of its cells, up to maxErrori in the order of the
// columns (with the request of the other cells).
func (h *intestazione) rigaCSV(rec []string, fatt string, cataloghi map[string]*Catalogo, maxStringa, maxErrori int) (tipo, rif string, raw map[string]any, errs []*Errore) {
	tipo = h.tipoRiga(rec)
	if h.rif >= 0 && h.rif < len(rec) {
		rif = strings.TrimSpace(rec[h.rif])
		if len(rif) > maxStringa {
			return tipo, "", nil, []*Errore{errore(MotivoFuoriIntervallo, "rif", "riferimento troppo lungo (al massimo %d caratteri)", maxStringa)}
		}
	}
	if _, ok := cataloghi[tipo]; !ok {
		return tipo, rif, nil, []*Errore{errore(MotivoValore, "tipo", "tipo «%s» non ammesso in un CSV: uno di %s", nomeTroncato(tipo), strings.Join(TipiCSV, ", "))}
	}
	if len(rec) > len(h.nomi) && !vuota(rec[len(h.nomi):]) {
		return tipo, rif, nil, []*Errore{errore(MotivoRiga, "", "la riga ha %d campi, l'intestazione %d", len(rec), len(h.nomi))}
	}
	// A row with fewer cells than the header's named columns is refused
	// as a longer one is: a cell left out in the middle moves every later
	// value under the wrong column (a fine read as days of arrest), and a
	// row cannot tell that from cells left out at its end. An empty cell
	// keeps its separator, as every spreadsheet writes it; those of the
	// empty names a header ends with may be left out.
	if len(rec) < h.larghezza {
		return tipo, rif, nil, []*Errore{errore(MotivoRiga, "", "la riga ha %d campi, l'intestazione %d: una cella vuota va lasciata con il suo separatore, altrimenti i valori che seguono finiscono sotto la colonna sbagliata", len(rec), len(h.nomi))}
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
		if len(errs) >= maxErrori {
			break
		}
		col, ok := h.perTipo[i][tipo]
		if !ok {
			if len(h.perTipo[i]) == 0 {
				continue // an unknown column the caller chose to ignore
			}
			errs = append(errs, h.nonPertinente(i, rec, tipo, fatt))
			continue
		}
		x, e := valoreCella(v, col.Genere, h.testi[i])
		if k := h.codici[tipo+":"+col.campo()]; e == nil && k != nil && col.Genere == GenereTesto {
			x, e = k.codice(v, h.testi[i])
		}
		if e != nil {
			e.percorso, e.etichetta = col.campo(), h.etichettaColonna(i, tipo, fatt)
			errs = append(errs, e)
			continue
		}
		metti(raw, col.Percorso, x)
	}
	return tipo, rif, raw, errs
}

// MaxErroriRiga bounds the errors of a row an answer for a person gives
// (Esito.Altri), as the engine bounds a request's.
const MaxErroriRiga = 20

// valoreCella reads a cell the way an Italian office writes it: amounts
// as "1.500,00" or "1500.00" ("1.50" refused as ambiguous, as the web
// form refuses it: calc.ErrAmbiguo), dates as 10/06/2025 or 2025-06-10, yes/no
// as sì/no, true/false, 1/0.
func valoreCella(v string, g Genere, col string) (any, *Errore) {
	switch g {
	case GenereIntero:
		// Digits alone, with a sign at most: the evaluation checks the
		// range. A JSON request may write 1e3 or 3.0 (a program's number),
		// a cell may not: a person who types 1.000 means a thousand, which
		// the JSON reading takes for 1, and 1e5 or 3.0 are a formula's or a
		// format's leftovers, not a count of days.
		if !calc.SoloCifre(v) {
			return nil, errore(MotivoTipo, col, "%s", calc.MessaggioIntero(nomeTroncato(v)))
		}
		return json.Number(v), nil
	case GenereBooleano:
		if si, ok := calc.ParseSiNo(v); ok {
			return si, nil
		}
		// (a cross, «x», is not read as sì: an empty cell would then be no,
		// and a column of crosses would mean yes and no at once)
		return nil, errore(MotivoTipo, col, "atteso sì o no (anche vero/falso, true/false, 1/0), trovato «%s»", nomeTroncato(v))
	case GenereImporto:
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.ReplaceAll(v, "€", "")), "EUR"))
		d, err := calc.ParseImporto(v)
		switch {
		case errors.Is(err, calc.ErrNegativo):
			// (a negative one is the engine's to refuse, by its bound:
			// given as the cell writes it, which the engine quotes,
			// «-1.500» and not «-1500»)
			return v, nil
		case errors.Is(err, calc.ErrAmbiguo):
			return nil, errore(MotivoImporto, col, "importo ambiguo: «%s» (%s)", nomeTroncato(v), calc.ConsiglioAmbiguo(v))
		case err != nil:
			return nil, errore(MotivoImporto, col, "importo non valido: «%s» (ad es. 1.500,00 oppure 1500.00)", nomeTroncato(v))
		}
		return d.String(), nil
	case GenereData:
		data, ora := v, ""
		if i := strings.LastIndexByte(v, ' '); i > 0 && strings.Contains(v[i:], ":") {
			data, ora = strings.TrimSpace(v[:i]), v[i+1:]
		}
		if ora != "" && ora != "00:00" && ora != "00:00:00" {
			return nil, errore(MotivoData, col, "data non valida: «%s»: la cella va scritta come data, senza ora (GG/MM/AAAA)", nomeTroncato(v))
		}
		// (a date Excel exports with its time, at midnight: «10/06/2025
		// 00:00», is that date)
		t, err := calc.ParseDataScritta(data)
		if err != nil {
			return nil, errore(MotivoData, col, "%s", calc.MessaggioData(nomeTroncato(v), err, "GG/MM/AAAA, GG/MM/AA oppure AAAA-MM-GG"))
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
