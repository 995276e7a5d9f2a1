package lotto

import (
	"bufio"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// A lotto as an office writes it: Excel's Italian CSV export in
// Windows-1252, headers such as «Rif.» and «Data sentenza», fattispecie
// written «186» or «CDS186», dates 10/06/25; and an answer a person reads
// (Opzioni.Italiano): dd/mm/yyyy, decimals with a comma, words instead of
// codes.

// Encodings of a CSV lotto (Statistiche.Codifica).
const (
	EncodingUTF8        = "utf-8"
	EncodingWindows1252 = "windows-1252"
)

// codificaIngresso picks the encoding of the input: the one asked for, or
// for a CSV without a BOM Windows-1252 when its first 64 KiB are not
// UTF-8. A Windows-1252 input is read through a decoder, so that the
// rest of the lotto sees UTF-8.
func codificaIngresso(br *bufio.Reader, chiesta string, bom bool, ingresso string) (*bufio.Reader, string, *Errore) {
	cod := EncodingUTF8
	switch strings.ToLower(strings.TrimSpace(chiesta)) {
	case "", "auto", "automatica":
		if ingresso == "csv" && !bom {
			b, _ := br.Peek(br.Size())
			if !utf8Prefisso(b, len(b) == br.Size()) {
				cod = EncodingWindows1252
			}
		}
	case "utf-8", "utf8":
	case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1", "ansi":
		cod = EncodingWindows1252
	default:
		return br, "", errore(MotivoValore, "codifica", "codifica «%s» non ammessa: utf-8 o windows-1252 (o vuota, per riconoscerla)", nomeTroncato(chiesta))
	}
	if cod == EncodingWindows1252 {
		br = bufio.NewReaderSize(transform.NewReader(br, charmap.Windows1252.NewDecoder()), 64<<10)
	}
	return br, cod, nil
}

// utf8Prefisso reports whether b is UTF-8, but for a rune cut at its end
// when b is only the start of the input.
func utf8Prefisso(b []byte, tagliato bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if !tagliato {
		return false
	}
	for k := 1; k < utf8.UTFMax && k <= len(b); k++ {
		if utf8.Valid(b[:len(b)-k]) {
			return !utf8.FullRune(b[len(b)-k:])
		}
	}
	return false
}

// righeUTF8 checks that the cells of a CSV row of the fattispecie fatt
// read as UTF-8 are UTF-8: a Windows-1252 byte past the first 64 KiB
// gets a coded error for its row, not a garbled value. A cell of a
// column the caller chose to ignore is not read, and is not checked.
func (h *intestazione) righeUTF8(rec []string, fatt string) *Errore {
	for i, c := range rec {
		if utf8.ValidString(c) || h.ignorata(i) {
			continue
		}
		col, citata, etichetta := "", "", ""
		if i < len(h.testi) {
			col, citata, etichetta = nomeTroncato(h.testi[i]), h.colonnaCitata(i, h.tipoRiga(rec), fatt), h.etichettaColonna(i, h.tipoRiga(rec), fatt)
		}
		e := errore(MotivoCodifica, col, "la riga contiene caratteri che non sono UTF-8 (colonna %s): salvare il foglio come «CSV UTF-8» oppure indicare la codifica windows-1252", citata)
		e.etichetta = etichetta
		return e
	}
	return nil
}

// ignorata reports whether the cells of column i are not read: an
// unknown column the caller chose to ignore (Opzioni.IgnoraColonne).
func (h *intestazione) ignorata(i int) bool {
	return i < len(h.nomi) && i != h.tipo && i != h.rif && len(h.perTipo[i]) == 0
}

// NormaIntestazione reads a header cell the way an office writes it:
// «Ammenda (€)» is ammenda, «Rif.» is rif, «Data sentenza» data_sentenza.
func NormaIntestazione(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	for _, u := range []string{"(€)", "(euro)", "(eur)", "€"} {
		s = strings.ReplaceAll(s, u, "")
	}
	s = strings.NewReplacer("(", " ", ")", " ").Replace(s)
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), "."))
	s = strings.NewReplacer(" ", "_", "-", "_", "\u00a0", "_").Replace(s)
	for strings.Contains(s, "__") {
		s = strings.ReplaceAll(s, "__", "_")
	}
	return strings.Trim(s, "_")
}

// colonneSpeciali are other names of the columns that are no field.
var colonneSpeciali = map[string]string{"riferimento": "rif", "n": "rif", "tipo_richiesta": "tipo", "codice_fattispecie": "fattispecie", "reato": "fattispecie"}

// Alias are the other names of the columns of each kind of request a CSV
// row may ask for: the vocabulary's label of each field and its colonne
// («Data sentenza»), normalised. A name two fields would share, or that
// is already a column's own name, is left out.
func (d *Dominio) Alias() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, tipo := range TipiCSV {
		campi, ok := d.Vocabolario[tipo]
		c := d.Cataloghi[tipo]
		if !ok || c == nil {
			continue
		}
		m, doppi := map[string]string{}, map[string]bool{}
		metti := func(alias, col string) {
			if _, ok := c.colonne[col]; !ok || alias == "" || doppi[alias] {
				return
			}
			if _, ok := c.colonne[alias]; ok {
				return
			}
			if _, ok := colonneSpeciali[alias]; ok || alias == "rif" || alias == "tipo" || alias == "fattispecie" {
				return
			}
			if prima, ok := m[alias]; ok && prima != col {
				delete(m, alias)
				doppi[alias] = true
				return
			}
			m[alias] = col
		}
		for _, f := range campi {
			nomi := append([]string{f.Etichetta}, f.Colonne...)
			for _, a := range nomi {
				a = NormaIntestazione(a)
				if f.Tipo == "durata" {
					for _, parte := range []string{"anni", "mesi", "giorni"} {
						metti(a+"_"+parte, f.Nome+"."+parte)
					}
					continue
				}
				metti(a, f.Nome)
			}
		}
		out[tipo] = m
	}
	return out
}

// etichette name the fields of the requests for a person: by the
// vocabulary's labels, and for a calcolo by the labels its fattispecie
// gives them.
type etichette struct {
	// campi: kind -> field -> label (only the fields that have one),
	// and the titles of the sections (Dominio.Gruppi) under which the
	// kind has fields and no field has the section's name.
	campi map[string]map[string]string
	// proprie: fattispecie -> field of the calcolo -> the fattispecie's
	// own label (Dominio.Proprie).
	proprie map[string]map[string]string
}

// etichette are the labels of the vocabulary's fields, of its sections
// and of the fattispecie (see the type etichette).
func (d *Dominio) etichette() *etichette {
	out := map[string]map[string]string{}
	for tipo, campi := range d.Vocabolario {
		m := map[string]string{}
		for _, f := range campi {
			if f.Etichetta != "" {
				m[f.Nome] = f.Etichetta
			}
		}
		for g, titolo := range d.Gruppi {
			if _, ok := m[g]; ok || titolo == "" {
				continue
			}
			for _, f := range campi {
				if strings.HasPrefix(f.Nome, g+".") {
					m[g] = titolo
					break
				}
			}
		}
		out[tipo] = m
	}
	return &etichette{campi: out, proprie: d.Proprie}
}

// fattispecieRiga puts the id of the fattispecie a row names («186»,
// «CDS186») in its request, and returns the name to echo: the id, or the
// name as written when it stands for none (the evaluation then says so).
func (c *codificatore) fattispecieRiga(raw map[string]any) string {
	f, ok := raw["fattispecie"].(string)
	if !ok {
		return ""
	}
	if id, ok := c.d.Fattispecie(strings.TrimSpace(f)); ok {
		raw["fattispecie"] = id
		return id
	}
	return f
}

// nomeFattispecie is the id a cell names, or the cell as written.
func (c *codificatore) nomeFattispecie(cella string) string {
	cella = strings.TrimSpace(cella)
	if id, ok := c.d.Fattispecie(cella); ok {
		return id
	}
	return cella
}

// intestazioneFissa names the columns of ColonneFisse for a person.
var intestazioneFissa = map[string]string{"riga": "Riga", "rif": "Rif.", "tipo": "Tipo", "esito": "Esito",
	"fattispecie": "Fattispecie", "giorni": "Giorni di lavoro", "ore": "Ore di lavoro", "ammissibile": "Ammissibile",
	"motivi": "Motivi", "ore_settimanali_max": "Ore settimanali al massimo", "avvertenze": "Avvertenze",
	"fondo_esito": "Fondo INAIL", "fondo_motivi": "Motivi del Fondo", "richiesta_entro": "Richiesta al Fondo entro",
	"premio_stimato": "Premio stimato (€)", "fondo_avvertenze": "Avvertenze del Fondo",
	"errore_codice": "Codice dell'errore", "errore_campo": "Campo dell'errore", "errore_messaggio": "Errore"}

// IntestazioneItaliana names the columns of a CSV answer for a person,
// in the order of Colonne: those of ColonneFisse by fixed names, those of
// Uscite by the outputs' labels (the vocabulary requires one).
func (d *Dominio) IntestazioneItaliana() []string {
	out := make([]string, 0, nFisse+len(d.Uscite))
	for _, n := range ColonneFisse {
		out = append(out, intestazioneFissa[n])
	}
	for _, u := range d.Uscite {
		out = append(out, u.Etichetta)
	}
	return out
}

// paroleEsito are the words a person reads for the codes of a result
// that are not the codes with spaces for underscores (the Fund's
// non_ammissibile: «non ammissibile»).
var paroleEsito = map[string]string{"ok": "calcolato"}

// italiano rewrites a CSV result for a person: words for the codes, the
// title of the fattispecie, dd/mm/yyyy, the label of the field in error
// (the column of the input when it has one). The decimals are written by
// rigaEsito. (A Fund that does not cover the case gives no deadline nor
// premium: the rules compute none, rules/fondo.yaml.)
func (c *codificatore) italiano(r []string) {
	if c.d.Titolo != nil {
		if t := c.d.Titolo(r[iFattispecie]); t != "" {
			r[iFattispecie] = t
		}
	}
	for k, u := range c.d.Uscite {
		if et, ok := u.Valori[r[nFisse+k]]; ok {
			r[nFisse+k] = et
		}
		if t, err := calc.ParseData(r[nFisse+k]); err == nil && u.Data {
			r[nFisse+k] = calc.FormatDataItaliana(t)
		}
	}
	for _, i := range []int{iEsito, iFondoEsito} {
		if p, ok := paroleEsito[r[i]]; ok {
			r[i] = p
		} else {
			r[i] = strings.ReplaceAll(r[i], "_", " ")
		}
	}
	if t, err := calc.ParseData(r[iRichiestaEntro]); err == nil {
		r[iRichiestaEntro] = calc.FormatDataItaliana(t)
	}
}

// campoPerPersona names the field of a row's error for a person: a
// cell's error by the label of its column (Errore.etichetta), another
// by the label of its field or section (pena: «Pena inflitta»), the
// fattispecie fatt's own for a calcolo (gdp55's «Multa non pagata
// (€)»); with none, by the column(s) that set it as the header writes
// them (colonna), or its name.
func (c *codificatore) campoPerPersona(tipo, fatt string, err error, colonna string) string {
	if le, ok := err.(*Errore); ok && le.etichetta != "" {
		return le.etichetta
	}
	_, campo, _ := c.d.DescriviErrore(err)
	if e := c.etichette.di(tipo, fatt, campo); e != "" {
		return e
	}
	if colonna != "" {
		return colonna
	}
	return campo
}

// colonneSenzaCampo name, for a person, the columns of a CSV that fill
// no field of a request: as the Italian answer's header names them.
var colonneSenzaCampo = map[string]string{"rif": "Rif.", "tipo": "Tipo"}

// di is the label of the field campo (a path) of a request of kind
// tipo for the fattispecie fatt (its own, for a calcolo, or the
// vocabulary's), of the section of that name (pena), or of the duration
// whose part it is («Arresto (mesi)»), or of the columns rif and tipo;
// "" for none.
func (et *etichette) di(tipo, fatt, campo string) string {
	if et == nil {
		return ""
	}
	var proprie map[string]string
	if tipo == "calcolo" {
		proprie = et.proprie[fatt]
	}
	etichetta := func(campo string) string {
		if e := proprie[campo]; e != "" {
			return e
		}
		return et.campi[tipo][campo]
	}
	if e := etichetta(campo); e != "" {
		return e
	}
	if i := strings.LastIndexByte(campo, '.'); i >= 0 {
		switch parte := campo[i+1:]; parte {
		case "anni", "mesi", "giorni":
			if e := etichetta(campo[:i]); e != "" {
				return e + " (" + parte + ")"
			}
		}
	}
	return colonneSenzaCampo[campo]
}

// conAltri is the message of a row's error followed by its other errors
// (Esito.Altri), each with the column or the label of its field (but
// when its message begins with that label):
// «importo non valido: «mille» … · Convenzione dell'ente: valore …».
func (c *codificatore) conAltri(msg string, es Esito) string {
	if len(es.Altri) == 0 {
		return msg
	}
	var b strings.Builder
	b.WriteString(msg)
	for _, a := range es.Altri {
		_, campo, m := c.d.DescriviErrore(a)
		col := ""
		if campo != "" && c.h != nil {
			col = c.h.colonnePer(es.Tipo, campo)
		}
		b.WriteString(" · ")
		// (a message that names the field by its label — the engine
		// begins with it, «Arresto (mesi)»: …, or a rule's text writes
		// it, «i «Giorni di prova già eseguiti» (800) sono …» — is not
		// told after the label again)
		if campo = c.campoPerPersona(es.Tipo, es.Fattispecie, a, col); campo != "" && !spec.NominaCampo(m, campo) {
			b.WriteString(campo + ": ")
		}
		b.WriteString(m)
	}
	return b.String()
}
