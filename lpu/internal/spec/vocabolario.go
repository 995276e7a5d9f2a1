package spec

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Vocabolario is what a file of tipo vocabolario declares: the fields of
// each kind of request, with what a reader and the checks need of them,
// and the groups a form shows them in.
type Vocabolario struct {
	Gruppi    []Gruppo
	Richieste []*VocRichiesta
}

// Gruppo is a section of the form: the fields whose path starts with ID.
type Gruppo struct {
	ID, Titolo, Nota string
	Pos              Pos
}

// VocRichiesta is the declared vocabulary of one kind of request.
type VocRichiesta struct {
	Tipo  string // calcolo, fondo, convenzione, piano, …
	Campi []*Campo
	// Regole says which rule files answer the kind: those of tipo Tipo,
	// one for each id (RegolePerID: a fattispecie each) or a single one
	// (RegoleUno); empty when no rule file does (the piano).
	Regole string
	// DataRiferimento are the fields whose date picks the law in force,
	// tried in order (data_riferimento: one field, or a list of
	// alternatives); SenzaDataRiferimento the refusals of a request for
	// which none applies, tried in order.
	DataRiferimento      []AltData
	SenzaDataRiferimento []SenzaData
	// Uscite are the reserved names a rule file of the kind computes,
	// with their types; the Obbligatoria ones it must compute. A
	// declaration without Regole may add outputs to a kind another file
	// declares with them (UsciteDichiarate); PosUscite is the key's.
	Uscite    []Uscita
	PosUscite Pos
	// DalMotore are the values the engine computes from a request of
	// the kind and gives its rules, in file order.
	DalMotore []*DalMotore
	// Testi are the texts the engine writes for a request of the kind
	// (testi: campo_non_letto, campi_non_letti), by key, with the
	// placeholders of PlaceholderTesti.
	Testi map[string]string
	// NelCalcolo says where each field of the kind comes from when a
	// calcolo answers the kind's question too (the Fund's part of a
	// calcolo): nel_calcolo, in file order.
	NelCalcolo []*NelCalcolo
	// NelCalcoloVuoti are the fields of the kind a calcolo leaves empty
	// on purpose (nel_calcolo_vuoti): with nel_calcolo, every field of
	// the kind is named once. PosVuoti is where the list is written.
	NelCalcoloVuoti []string
	PosVuoti        Pos
	Pos             Pos
}

// NelCalcolo is one field of a kind answered inside a calcolo (Campo,
// the kind's field, or a value the engine gives the kind's rules,
// dal_motore, which a request of the kind alone cannot set) and where
// the calcolo gives it (Da): a field of the calcolo's request
// (esecuzione.data_inizio), as uscite.<nome> an output of the
// calcolo's rules (uscite.giorni), or FonteEscluso, the calcolo's
// verdict; with alternatives, the first given (the last whatever it
// holds). Ripiego, when set, names a
// booleano value the engine gives the kind's rules (dal_motore): true
// when the field came from an alternative after the first. Pos is the
// field's key, PosDa each source's, PosRipiego Ripiego's.
type NelCalcolo struct {
	Campo, Ripiego  string
	Da              []string
	Pos, PosRipiego Pos
	PosDa           []Pos
}

// PrefissoUscite starts the source of a NelCalcolo that is an output of
// the calcolo's rules, not a field of its request.
const PrefissoUscite = "uscite."

// FonteEscluso is the source of a NelCalcolo that is the calcolo's
// verdict, a booleano: true when a step of its rules excluded the case
// (its answer's ammissibile is false). It is the name the rules read
// the same fact by while they run (the engine's own escluso).
const FonteEscluso = "escluso"

// PlaceholderTesti are the keys of testi and, for each, the placeholders
// its text must hold: the labels of the fields the rules of a calcolo's
// fattispecie never read ({campi}) and the fattispecie ({fattispecie}),
// for one field (campo_non_letto) or more (campi_non_letti).
var PlaceholderTesti = map[string][]string{
	"campo_non_letto": {"campi", "fattispecie"},
	"campi_non_letti": {"campi", "fattispecie"},
}

var placeholderRe = regexp.MustCompile(`\{[^{}]*\}`)

// DalMotore is a value the engine computes from a request and gives the
// rules of its kind beside the request's fields (the posts free at a
// sede, counted over the periods of the convention): its name as the
// rules read it (posti.liberi), its type, and the label, help and
// source a lawyer reads where the rules name it. A request never gives
// it; the engine provides exactly the values its kind declares.
type DalMotore struct {
	Nome, Tipo, Etichetta, Aiuto, Fonte string
	Pos                                 Pos
}

// AltData is an alternative for the reference date of a kind of
// request: the date of the field Campo, when it is given and the
// condition Se (over the request's fields; none: always) holds.
type AltData struct {
	Campo string
	Se    Expr
	Pos   Pos
}

// SenzaData is a refusal of a request for which no alternative of the
// reference date applies: when Se holds (none: always), the error names
// Campo, with the text Testo (placeholders as a step's) and its source.
type SenzaData struct {
	Se            Expr
	Campo         string
	Testo         Expr
	Fonte         string
	Pos, PosCampo Pos
}

// TipiDalMotore are the types a value the engine provides can have.
var TipiDalMotore = []string{"booleano", "intero", "testo", "data", "importo", "durata", "lista"}

// Uscita is a reserved output of a kind of request.
type Uscita struct {
	Nome, Tipo string // Tipo: one of TipiUscita
	// Etichetta is the output's name as a lawyer reads it, for the
	// words of the steps that compute it (a step may give its own).
	Etichetta string
	// Aiuto says more of it where a program's author reads it (the
	// OpenAPI document): when the answer carries it, what it counts.
	Aiuto        string
	Obbligatoria bool
	// Richiede are the other outputs a file computing this one must
	// compute too (residuo_giorni_pena needs the criterion it used).
	Richiede []string
	// PosRichiede is where Richiede is written.
	PosRichiede Pos
	// Valori, for a testo output, are the only values it may take, with
	// their Italian labels, in file order (none: any text).
	Valori []ValoreAmmesso
	// Min and Max, for an intero output, are the least and the greatest
	// value it may take (min, max; nil: not declared): the engine checks
	// the value as a step computes it, and a value outside them is an
	// error of the rules, never an answer.
	Min, Max *int
	Pos      Pos
}

// Ammette reports whether v is a declared value of the output (any is,
// when it declares none).
func (u *Uscita) Ammette(v string) bool {
	return len(u.Valori) == 0 || slices.ContainsFunc(u.Valori, func(a ValoreAmmesso) bool { return a.Valore == v })
}

// ValoriAmmessi are the declared values of the output, in file order.
func (u *Uscita) ValoriAmmessi() []string {
	out := make([]string, len(u.Valori))
	for i, a := range u.Valori {
		out[i] = a.Valore
	}
	return out
}

// What a kind's regole can say.
const (
	RegolePerID = "per_id"
	RegoleUno   = "uno"
)

// TipiUscita are the types a reserved output can be declared with.
var TipiUscita = []string{"intero", "testo", "data", "importo"}

// Campo is one declared field of a request.
type Campo struct {
	Nome      string // the JSON path, e.g. pena.arresto
	Tipo      string // one of TipiCampo
	Etichetta string // what a lawyer reads instead of Nome
	Aiuto     string
	Fonte     string
	// Max is the largest value (intero, and each value of a mappa),
	// length (testo) or number of items (lista); 0 when not declared.
	Max int
	// Righe, for a lista whose items are objects (its members declared
	// as lista.membro), is how many rows a form offers for it at first
	// (righe; 0 when not declared: one); never more than Max.
	Righe int
	// Gruppo is the id of the group (gruppi) a form asks the field in,
	// when it is not the one its path's first part names; "" for that.
	Gruppo string
	// Obbligatorio: the request must give the field.
	Obbligatorio bool
	// CampiDi, for an oggetto, names the request whose fields of the same
	// name are its members (the piano's fatti are the calcolo's).
	CampiDi string
	// Valori are the only values accepted, with their labels (for a
	// mappa: its keys; for a lista: its items, which the rule file
	// checks in its steps against its dated list, as for ValoriDa), in
	// file order; Predefinito is the value used when the field is left
	// out.
	Valori      []ValoreAmmesso
	Predefinito string
	// ValoriDi names a field of a request, «tipo.campo»
	// (convenzione.convenzione.modello), whose accepted values this
	// field accepts too, before its own (Valori, as declared): a list of
	// codes written once. The vocabulary (lpu/internal/vocabolario)
	// resolves it once every file is read; PosValoriDi is its value's.
	ValoriDi    string
	PosValoriDi Pos
	// PredefinitoDa names a field of another request, «tipo.campo»
	// (calcolo.fatti.durata_mesi): where this request is made from that
	// one (the web calculator's plan from its case), the field left out
	// takes that field's value, so that what was given once is not asked
	// again.
	PredefinitoDa string
	// ValoriDa, for a testo field whose accepted values differ by
	// fattispecie (the commas of an article), names the lista parameter
	// of each rule file that holds them, one «valore: etichetta» a
	// line: the catalogue offers them as the field's values for that
	// fattispecie, and the rule file checks them in its steps.
	ValoriDa string
	// Colonne are other names a CSV header may give the field (the
	// label is one already): "Data sentenza" for data.
	Colonne []string
	Pos     Pos
	// PosEtichetta and PosColonne are where the label and each of the
	// colonne are written, for the problems of a column's name.
	PosEtichetta Pos
	PosColonne   []Pos
}

// ValoreAmmesso is one accepted value of a field and its Italian label.
type ValoreAmmesso struct {
	Valore, Etichetta string
	// Pos is where the value is declared (zero for one not read from
	// a file), Percorso its YAML path there.
	Pos      Pos
	Percorso string
	// FinoAl, when not zero, is the last day the law provides the
	// value (a value written {etichetta: …, fino_al: AAAA-MM-GG}): a
	// mappa keyed by the field's codes (chiavi) must not have its key
	// in a version in force after it.
	FinoAl time.Time
}

// ChiaviValoreAmmesso are the keys of an accepted value written as a
// mapping instead of its label alone.
var ChiaviValoreAmmesso = []string{"etichetta", "fino_al"}

// TipiCampo are the types a field can be declared with.
var TipiCampo = []string{"testo", "intero", "booleano", "data", "durata", "importo", "lista", "mappa", "oggetto"}

var (
	chiaviVocabolario = []string{"gruppi", "richieste"}
	chiaviGruppo      = []string{"titolo", "nota"}
	chiaviRichiesta   = []string{"campi", "regole", "data_riferimento", "senza_data_riferimento", "uscite", "dal_motore", "testi", "nel_calcolo", "nel_calcolo_vuoti"}
	chiaviAltData     = []string{"campo", "se"}
	chiaviSenzaData   = []string{"se", "campo", "testo", "fonte"}
	chiaviDalMotore   = []string{"tipo", "etichetta", "aiuto", "fonte"}
	chiaviNelCalcolo  = []string{"da", "ripiego"}
	chiaviUscita      = []string{"tipo", "etichetta", "aiuto", "obbligatoria", "richiede", "valori", "min", "max"}
	chiaviCampo       = []string{"tipo", "etichetta", "aiuto", "fonte", "max", "valori", "predefinito", "predefinito_da", "obbligatorio", "campi_di", "valori_da", "colonne", "righe", "gruppo", "valori_di"}
	nomeCampoRe       = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)
)

// vocabolario reads the keys gruppi and richieste of a vocabulary file.
func (p *parser) vocabolario(m map[string]*yaml.Node) *Vocabolario {
	v := &Vocabolario{}
	if n := m["gruppi"]; n != nil {
		for _, kv := range p.coppie(n, "gruppi") {
			k, val := kv[0], kv[1]
			percorso := join("gruppi", k.Value)
			g := p.mapping(val, percorso, chiaviGruppo)
			v.Gruppi = append(v.Gruppi, Gruppo{ID: k.Value, Titolo: p.str(g, val, percorso, "titolo", true),
				Nota: p.str(g, val, percorso, "nota", false), Pos: p.pos(k)})
		}
	}
	n := m["richieste"]
	if n == nil {
		return v
	}
	for _, kv := range p.coppie(n, "richieste") {
		k, val := kv[0], kv[1]
		percorso := join("richieste", k.Value)
		if !idRe.MatchString(k.Value) {
			p.errorf(k, percorso, "id", "tipo di richiesta %q non valido: lettere minuscole, cifre e _", k.Value)
		}
		r := &VocRichiesta{Tipo: k.Value, Pos: p.pos(k)}
		rm := p.mapping(val, percorso, chiaviRichiesta)
		if c := rm["campi"]; c != nil {
			for _, ckv := range p.coppie(c, join(percorso, "campi")) {
				r.Campi = append(r.Campi, p.campo(ckv[0], ckv[1], join(percorso, "campi")))
			}
		}
		p.generi(r, rm, val, percorso)
		r.Testi = p.testi(rm["testi"], join(percorso, "testi"))
		r.NelCalcolo = p.nelCalcolo(rm["nel_calcolo"], join(percorso, "nel_calcolo"))
		if x := rm["nel_calcolo_vuoti"]; x != nil {
			r.NelCalcoloVuoti, r.PosVuoti = p.nomi(x, join(percorso, "nel_calcolo_vuoti")), p.pos(x)
		}
		v.Richieste = append(v.Richieste, r)
	}
	return v
}

// testi reads the texts of a kind of request (nil: none): each key one
// of PlaceholderTesti, with exactly the placeholders it lists, each at
// least once.
func (p *parser) testi(n *yaml.Node, percorso string) map[string]string {
	if n == nil {
		return nil
	}
	chiavi := slices.Sorted(maps.Keys(PlaceholderTesti))
	m := p.mapping(n, percorso, chiavi)
	out := map[string]string{}
	for _, k := range chiavi {
		if m[k] == nil {
			continue
		}
		t := p.str(m, n, percorso, k, true)
		out[k] = t
		visti := map[string]bool{}
		for _, ph := range placeholderRe.FindAllString(t, -1) {
			nome := ph[1 : len(ph)-1]
			if !slices.Contains(PlaceholderTesti[k], nome) {
				p.errorf(m[k], join(percorso, k), "forma", "%s: segnaposto %s sconosciuto: valgono %s", k, ph, segnaposto(PlaceholderTesti[k]))
			}
			visti[nome] = true
		}
		for _, nome := range PlaceholderTesti[k] {
			if !visti[nome] {
				p.errorf(m[k], join(percorso, k), "forma", "%s: manca il segnaposto {%s}", k, nome)
			}
		}
	}
	return out
}

func segnaposto(nomi []string) string {
	out := make([]string, len(nomi))
	for i, n := range nomi {
		out[i] = "{" + n + "}"
	}
	return strings.Join(out, ", ")
}

// coppie returns the key and value nodes of a mapping, reporting a
// repeated key.
func (p *parser) coppie(n *yaml.Node, percorso string) [][2]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, percorso, "forma", "attesa una mappa di chiavi")
		return nil
	}
	visti := map[string]bool{}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if visti[k.Value] {
			p.errorf(k, join(percorso, k.Value), "chiave", "chiave %q ripetuta", k.Value)
			continue
		}
		visti[k.Value] = true
		out = append(out, [2]*yaml.Node{k, n.Content[i+1]})
	}
	return out
}

func (p *parser) campo(k, n *yaml.Node, percorso string) *Campo {
	percorso = percorso + "." + k.Value
	c := &Campo{Nome: k.Value, Pos: p.pos(k)}
	if !nomeCampoRe.MatchString(c.Nome) {
		p.errorf(k, percorso, "nome", "nome di campo %q non valido: parti di lettere minuscole, cifre e _, separate da punti", c.Nome)
	}
	m := p.mapping(n, percorso, chiaviCampo)
	c.Tipo = p.str(m, n, percorso, "tipo", true)
	p.tipoTra(m["tipo"], percorso, c.Tipo, TipiCampo)
	c.Etichetta = p.str(m, n, percorso, "etichetta", true)
	if e := m["etichetta"]; e != nil {
		c.PosEtichetta = p.pos(e)
		p.entro(e, join(percorso, "etichetta"), c.Etichetta, MaxEtichetta)
	}
	c.Aiuto = p.str(m, n, percorso, "aiuto", false)
	if a := m["aiuto"]; a != nil {
		p.entro(a, join(percorso, "aiuto"), c.Aiuto, MaxAiuto)
	}
	c.Fonte = p.str(m, n, percorso, "fonte", false)
	c.Predefinito = p.str(m, n, percorso, "predefinito", false)
	c.PredefinitoDa = p.str(m, n, percorso, "predefinito_da", false)
	c.CampiDi = p.str(m, n, percorso, "campi_di", false)
	c.ValoriDa = p.str(m, n, percorso, "valori_da", false)
	if x := m["valori_di"]; x != nil {
		c.ValoriDi, c.PosValoriDi = p.str(m, n, percorso, "valori_di", false), p.pos(x)
		if c.Tipo != "testo" && c.Tipo != "lista" {
			p.errorf(x, join(percorso, "valori_di"), "forma", "valori_di vale per un campo di tipo testo o lista, non %s", c.Tipo)
		}
	}
	c.Gruppo = p.str(m, n, percorso, "gruppo", false)
	if x := m["colonne"]; x != nil {
		if x.Kind != yaml.SequenceNode {
			p.errorf(x, join(percorso, "colonne"), "forma", "colonne: attesa una lista di nomi di colonna")
		} else {
			for _, e := range x.Content {
				if e.Kind != yaml.ScalarNode || strings.TrimSpace(e.Value) == "" {
					p.errorf(e, join(percorso, "colonne"), "forma", "colonne: atteso il nome di una colonna")
					continue
				}
				c.Colonne = append(c.Colonne, e.Value)
				c.PosColonne = append(c.PosColonne, p.pos(e))
			}
		}
	}
	if c.ValoriDa != "" && (c.Tipo != "testo" || m["valori"] != nil || c.ValoriDi != "") {
		p.errorf(m["valori_da"], join(percorso, "valori_da"), "forma", "valori_da vale per un campo di tipo testo senza valori propri")
	}
	if (c.CampiDi != "") != (c.Tipo == "oggetto") {
		p.errorf(n, percorso, "forma", "campi_di va indicato per un campo di tipo oggetto, e solo per quello")
	}
	if x := m["obbligatorio"]; x != nil {
		if x.Kind != yaml.ScalarNode || (x.Value != "true" && x.Value != "false") {
			p.errorf(x, join(percorso, "obbligatorio"), "forma", "obbligatorio: atteso true o false")
		}
		c.Obbligatorio = x.Value == "true"
	}
	if x := m["max"]; x != nil {
		v, ok := intero(x)
		if !ok || v <= 0 {
			p.errorf(x, join(percorso, "max"), "forma", "max: atteso un intero positivo")
		} else if c.Tipo == "booleano" || c.Tipo == "data" || c.Tipo == "durata" || c.Tipo == "importo" || c.Tipo == "oggetto" {
			p.errorf(x, join(percorso, "max"), "forma", "max non si applica a un campo di tipo %s", c.Tipo)
		} else if c.Tipo == "testo" && v > MaxTestoCampo {
			p.errorf(x, join(percorso, "max"), "forma", "max: %d, al più %d caratteri per un campo di tipo testo", v, MaxTestoCampo)
		}
		c.Max = v
	}
	if x := m["righe"]; x != nil {
		v, ok := intero(x)
		switch {
		case !ok || v <= 0:
			p.errorf(x, join(percorso, "righe"), "forma", "righe: atteso un intero positivo")
		case c.Tipo != "lista":
			p.errorf(x, join(percorso, "righe"), "forma", "righe vale per un campo di tipo lista, non %s", c.Tipo)
		case c.Max != 0 && v > c.Max:
			p.errorf(x, join(percorso, "righe"), "forma", "righe: %d, più delle voci che la lista ammette (max: %d)", v, c.Max)
		}
		c.Righe = v
	}
	if x := m["valori"]; x != nil {
		c.Valori = p.valoriAmmessi(x, percorso)
		if c.Tipo != "testo" && c.Tipo != "mappa" && c.Tipo != "lista" {
			p.errorf(x, join(percorso, "valori"), "forma", "valori ammessi solo per un campo di tipo testo, mappa o lista")
		}
	}
	// (with valori_di, the vocabulary checks it once it has the values)
	if c.Predefinito != "" && c.ValoriDi == "" && !c.Ammette(c.Predefinito) {
		p.errorf(m["predefinito"], join(percorso, "predefinito"), "valore", "predefinito %q non è tra i valori ammessi: uno di %s", c.Predefinito, strings.Join(c.ValoriAmmessi(), ", "))
	}
	return c
}

// intero reads an integer written as a YAML scalar: the max of a
// field, the min and max of an output.
func intero(x *yaml.Node) (int, bool) {
	if x.Kind != yaml.ScalarNode {
		return 0, false
	}
	v, err := strconv.Atoi(x.Value)
	return v, err == nil
}

// ValoreEtichetta splits an item of a valori_da parameter,
// «valore: etichetta», at its first ": ".
func ValoreEtichetta(s string) (ValoreAmmesso, bool) {
	v, e, ok := strings.Cut(s, ": ")
	v, e = strings.TrimSpace(v), strings.TrimSpace(e)
	return ValoreAmmesso{Valore: v, Etichetta: e}, ok && v != "" && e != ""
}

// Ammette reports whether v is one of the field's accepted values (any
// value when the field fixes none).
func (c *Campo) Ammette(v string) bool {
	if len(c.Valori) == 0 {
		return true
	}
	return slices.ContainsFunc(c.Valori, func(a ValoreAmmesso) bool { return a.Valore == v })
}

// ValoriAmmessi are the accepted values, in order.
func (c *Campo) ValoriAmmessi() []string {
	if c == nil || len(c.Valori) == 0 {
		return nil
	}
	out := make([]string, len(c.Valori))
	for i, v := range c.Valori {
		out[i] = v.Valore
	}
	return out
}

// ValoriCitati are the accepted values as a message names them: each
// by its label in «», which a lawyer reads, followed by the value as it
// is written in a request, to type in a JSON body or a CSV cell (a value
// without a label alone).
func (c *Campo) ValoriCitati() string {
	if c == nil {
		return ""
	}
	var b strings.Builder
	for i, v := range c.Valori {
		if i > 0 {
			b.WriteString(", ")
		}
		if v.Etichetta == "" {
			b.WriteString(v.Valore)
			continue
		}
		b.WriteString(CodiceCitato(v.Valore, v.Etichetta))
	}
	return b.String()
}

// CodiceCitato is a label in «» followed by its code, as a message names
// a value its reader has to write in a request: «label» (code). The
// label comes first: a lawyer reads it, a program's author the code.
func CodiceCitato(codice, etichetta string) string {
	return "«" + etichetta + "» (" + codice + ")"
}

// nomi reads a list of names (lower-case letters, digits and _); nil
// when x is absent.
func (p *parser) nomi(x *yaml.Node, percorso string) []string {
	if x == nil {
		return nil
	}
	if x.Kind != yaml.SequenceNode {
		p.errorf(x, percorso, "forma", "attesa una lista di nomi")
		return nil
	}
	var out []string
	for _, e := range x.Content {
		if e.Kind != yaml.ScalarNode || !idRe.MatchString(e.Value) {
			p.errorf(e, percorso, "nome", "atteso un nome: lettere minuscole, cifre e _")
			continue
		}
		out = append(out, e.Value)
	}
	return out
}

// valoriAmmessi reads a mapping of accepted values to their labels (the
// key valori of a field or of an output under percorso); nil for x nil.
func (p *parser) valoriAmmessi(x *yaml.Node, percorso string) []ValoreAmmesso {
	if x == nil {
		return nil
	}
	var out []ValoreAmmesso
	// (two values of one label: a form offers two choices alike, and a
	// lotto's cell of that label would mean the first, in silence; as a
	// lotto compares them, whatever the case and the spaces)
	etichette := map[string]string{}
	for _, kv := range p.coppie(x, join(percorso, "valori")) {
		e := kv[1]
		pv := join(percorso, "valori."+kv[0].Value)
		var fino time.Time
		if e.Kind == yaml.MappingNode {
			// {etichetta: …, fino_al: AAAA-MM-GG}: a value the law
			// no longer provides after a date
			m := p.mapping(e, pv, ChiaviValoreAmmesso)
			et := m["etichetta"]
			if et == nil {
				p.errorf(e, pv, "mancante", "manca l'etichetta del valore (etichetta: …)")
				continue
			}
			if f := m["fino_al"]; f != nil {
				fino = p.date(f, pv+".fino_al")
			}
			e, pv = et, pv+".etichetta"
		}
		if e.Kind != yaml.ScalarNode || strings.TrimSpace(e.Value) == "" {
			p.errorf(e, pv, "forma", "atteso il testo dell'etichetta del valore")
			continue
		}
		p.entro(e, pv, e.Value, MaxEtichetta)
		norma := NormaEtichetta(e.Value)
		if primo, ok := etichette[norma]; ok {
			p.errorf(e, pv, "etichetta", "etichetta «%s» già del valore %s: due valori con la stessa etichetta non si distinguono nel modulo né nelle celle di un lotto", strings.TrimSpace(e.Value), primo)
		} else {
			etichette[norma] = kv[0].Value
		}
		out = append(out, ValoreAmmesso{Valore: kv[0].Value, Etichetta: e.Value, Pos: p.pos(kv[0]), Percorso: join(percorso, "valori."+kv[0].Value), FinoAl: fino})
	}
	return out
}

// NormaEtichetta is a value's label as a lotto compares it: lower case,
// its spaces one. Two values of one field with labels alike are a
// problem of the vocabulary.
func NormaEtichetta(e string) string {
	return strings.ToLower(strings.Join(strings.Fields(e), " "))
}

// EtichettaValore is the label of an accepted value, or the value itself.
func (c *Campo) EtichettaValore(v string) string {
	for _, a := range c.Valori {
		if a.Valore == v {
			return a.Etichetta
		}
	}
	return v
}

// generi reads what a kind of request declares besides its fields: the
// rule files that answer it, its reference date and its outputs.
func (p *parser) generi(r *VocRichiesta, m map[string]*yaml.Node, n *yaml.Node, percorso string) {
	r.Regole = p.str(m, n, percorso, "regole", false)
	if r.Regole != "" && r.Regole != RegolePerID && r.Regole != RegoleUno {
		p.errorf(m["regole"], join(percorso, "regole"), "forma", "regole: %q o %q", RegolePerID, RegoleUno)
	}
	p.dataRiferimento(r, m, n, percorso)
	if x := m["uscite"]; x != nil {
		r.PosUscite = p.pos(x)
		for _, kv := range p.coppie(x, join(percorso, "uscite")) {
			k, v := kv[0], kv[1]
			pu := join(percorso, "uscite."+k.Value)
			if !idRe.MatchString(k.Value) {
				p.errorf(k, pu, "nome", "nome di uscita %q non valido: lettere minuscole, cifre e _", k.Value)
			}
			um := p.mapping(v, pu, chiaviUscita)
			u := Uscita{Nome: k.Value, Tipo: p.str(um, v, pu, "tipo", true), Pos: p.pos(k)}
			// (a lawyer reads it: the text to copy, a lotto's Italian
			// header, the error of a value outside the bounds)
			if e := um["etichetta"]; e != nil {
				u.Etichetta = p.etichetta(e, pu, "dell'uscita")
			} else {
				p.errorf(k, join(pu, "etichetta"), "mancante", "manca l'etichetta dell'uscita (etichetta: …): il nome con cui la legge un avvocato, nel testo da copiare e nelle intestazioni del lotto")
			}
			u.Aiuto = p.str(um, v, pu, "aiuto", false)
			if a := um["aiuto"]; a != nil {
				p.entro(a, join(pu, "aiuto"), u.Aiuto, MaxAiuto)
			}
			p.tipoTra(um["tipo"], pu, u.Tipo, TipiUscita)
			if o := um["obbligatoria"]; o != nil {
				if o.Kind != yaml.ScalarNode || (o.Value != "true" && o.Value != "false") {
					p.errorf(o, join(pu, "obbligatoria"), "forma", "obbligatoria: atteso true o false")
				}
				u.Obbligatoria = o.Value == "true"
			}
			u.Richiede = p.nomi(um["richiede"], join(pu, "richiede"))
			if x := um["richiede"]; x != nil {
				u.PosRichiede = p.pos(x)
			}
			u.Valori = p.valoriAmmessi(um["valori"], pu)
			if um["valori"] != nil && u.Tipo != "testo" {
				p.errorf(um["valori"], join(pu, "valori"), "forma", "valori ammessi solo per un'uscita di tipo testo")
			}
			p.limitiUscita(&u, um, pu)
			r.Uscite = append(r.Uscite, u)
		}
	}
	if x := m["dal_motore"]; x != nil {
		for _, kv := range p.coppie(x, join(percorso, "dal_motore")) {
			r.DalMotore = append(r.DalMotore, p.dalMotore(kv[0], kv[1], join(percorso, "dal_motore")))
		}
	}
	// (uscite without regole add outputs to a kind another file
	// declares with them: UsciteDichiarate)
	if r.Regole == "" && (m["data_riferimento"] != nil || m["senza_data_riferimento"] != nil || m["dal_motore"] != nil || m["testi"] != nil) {
		p.errorf(n, percorso, "forma", "data_riferimento, senza_data_riferimento, dal_motore e testi valgono per un tipo di richiesta con regole")
	}
}

// UsciteDichiarate are the outputs the vocabulary files among files
// declare for each kind of request: those of the kind's declaration
// with regole (the first, if more: motore.Generi reports the others),
// then those a declaration without regole adds to it, in file order, so
// that an overlay declares one more output without copying the whole
// vocabulary. An output declared twice (at the later declaration), one
// added to a kind no file declares with regole, and a richiede that
// names no other output of the kind are problems, added to ps unless it
// is nil.
func UsciteDichiarate(files []*File, ps *Problems) map[string][]Uscita {
	var voc []*VocRichiesta
	for _, f := range files {
		if f.Vocabolario != nil {
			voc = append(voc, f.Vocabolario.Richieste...)
		}
	}
	var probs Problems
	out := map[string][]Uscita{}
	conRegole := map[string]bool{}
	for _, r := range voc {
		if r.Regole != "" && !conRegole[r.Tipo] {
			conRegole[r.Tipo] = true
			out[r.Tipo] = slices.Clone(r.Uscite)
		}
	}
	for _, r := range voc {
		if r.Regole != "" || len(r.Uscite) == 0 {
			continue
		}
		if !conRegole[r.Tipo] {
			probs.Add(r.PosUscite, "richieste."+r.Tipo+".uscite", "forma", "uscite valgono per un tipo di richiesta con regole: nessun file del vocabolario dichiara le regole delle richieste %s", r.Tipo)
			continue
		}
		for _, u := range r.Uscite {
			if i := slices.IndexFunc(out[r.Tipo], func(a Uscita) bool { return a.Nome == u.Nome }); i >= 0 {
				probs.Add(u.Pos, "richieste."+r.Tipo+".uscite."+u.Nome, "nome", "uscita %q già dichiarata in %s", u.Nome, out[r.Tipo][i].Pos)
				continue
			}
			out[r.Tipo] = append(out[r.Tipo], u)
		}
	}
	for _, tipo := range slices.Sorted(maps.Keys(out)) {
		us := out[tipo]
		for _, u := range us {
			for _, nome := range u.Richiede {
				if nome == u.Nome || !slices.ContainsFunc(us, func(a Uscita) bool { return a.Nome == nome }) {
					probs.Add(u.PosRichiede, "richieste."+tipo+".uscite."+u.Nome+".richiede", "nome", "richiede: %q non è un'altra uscita di %s", nome, tipo)
				}
			}
		}
	}
	if ps != nil {
		*ps = append(*ps, probs...)
	}
	return out
}

// limitiUscita reads the bounds of an output (min, max): integers, for
// an intero output, the least not above the greatest.
func (p *parser) limitiUscita(u *Uscita, um map[string]*yaml.Node, pu string) {
	for _, k := range []string{"min", "max"} {
		x := um[k]
		if x == nil {
			continue
		}
		v, ok := intero(x)
		switch {
		case !ok:
			p.errorf(x, join(pu, k), "forma", "%s: atteso un intero", k)
			continue
		case u.Tipo != "intero":
			if u.Tipo != "" { // (no tipo: reported already)
				p.errorf(x, join(pu, k), "forma", "%s vale per un'uscita di tipo intero, non %s", k, u.Tipo)
			}
			continue
		}
		if k == "min" {
			u.Min = &v
		} else {
			u.Max = &v
		}
	}
	if u.Min != nil && u.Max != nil && *u.Min > *u.Max {
		p.errorf(um["min"], join(pu, "min"), "valore", "min %d è maggiore di max %d: nessun valore li rispetta", *u.Min, *u.Max)
	}
}

// dataRiferimento reads the reference date of a kind: data_riferimento,
// a field's name or a list of alternatives (campo, and se), and
// senza_data_riferimento, the refusals when none applies (se, campo,
// testo, fonte). The names and the conditions are checked against the
// request when the kind is compiled (motore.CompilaRiferimento).
func (p *parser) dataRiferimento(r *VocRichiesta, m map[string]*yaml.Node, n *yaml.Node, percorso string) {
	x := m["data_riferimento"]
	perc := join(percorso, "data_riferimento")
	switch {
	case x == nil:
		if r.Regole != "" {
			p.errorf(n, percorso, "mancante", "manca la chiave data_riferimento")
		}
	case x.Kind == yaml.ScalarNode:
		r.DataRiferimento = []AltData{{Campo: p.str(m, n, percorso, "data_riferimento", true), Pos: p.pos(x)}}
	case x.Kind == yaml.SequenceNode && len(x.Content) > 0:
		for i, it := range x.Content {
			pi := fmt.Sprintf("%s[%d]", perc, i)
			im := p.mapping(it, pi, chiaviAltData)
			a := AltData{Campo: p.str(im, it, pi, "campo", true), Se: p.expr(im["se"]), Pos: p.pos(it)}
			if c := im["campo"]; c != nil {
				a.Pos = p.pos(c)
			}
			if im["se"] != nil && strings.TrimSpace(a.Se.Src) == "" {
				p.errorf(im["se"], pi+".se", "mancante", "se: condizione vuota (senza «se» la data vale quando il campo è indicato)")
			}
			r.DataRiferimento = append(r.DataRiferimento, a)
		}
	default:
		p.errorf(x, perc, "forma", "data_riferimento: atteso il nome di un campo data, o una lista di alternative (campo, e se)")
	}
	y := m["senza_data_riferimento"]
	if y == nil {
		return
	}
	perc = join(percorso, "senza_data_riferimento")
	if y.Kind != yaml.SequenceNode || len(y.Content) == 0 {
		p.errorf(y, perc, "forma", "senza_data_riferimento: attesa una lista di rifiuti (se, campo, testo, fonte)")
		return
	}
	for i, it := range y.Content {
		pi := fmt.Sprintf("%s[%d]", perc, i)
		im := p.mapping(it, pi, chiaviSenzaData)
		s := SenzaData{Se: p.expr(im["se"]), Campo: p.str(im, it, pi, "campo", true), Fonte: p.str(im, it, pi, "fonte", true), Pos: p.pos(it), PosCampo: p.pos(it)}
		if c := im["campo"]; c != nil {
			s.PosCampo = p.pos(c)
		}
		p.str(im, it, pi, "testo", true)
		s.Testo = p.expr(im["testo"])
		if im["se"] != nil && strings.TrimSpace(s.Se.Src) == "" {
			p.errorf(im["se"], pi+".se", "mancante", "se: condizione vuota (senza «se» il rifiuto vale sempre)")
		}
		r.SenzaDataRiferimento = append(r.SenzaDataRiferimento, s)
	}
}

// dalMotore reads a value the engine provides (richieste.<tipo>.dal_motore.<nome>).
func (p *parser) dalMotore(k, n *yaml.Node, percorso string) *DalMotore {
	percorso = percorso + "." + k.Value
	d := &DalMotore{Nome: k.Value, Pos: p.pos(k)}
	if !nomeCampoRe.MatchString(d.Nome) {
		p.errorf(k, percorso, "nome", "nome %q non valido: parti di lettere minuscole, cifre e _, separate da punti", d.Nome)
	}
	m := p.mapping(n, percorso, chiaviDalMotore)
	d.Tipo = p.str(m, n, percorso, "tipo", true)
	p.tipoTra(m["tipo"], percorso, d.Tipo, TipiDalMotore)
	if e := m["etichetta"]; e != nil {
		d.Etichetta = p.etichetta(e, percorso, "del valore")
	} else {
		p.str(m, n, percorso, "etichetta", true)
	}
	d.Aiuto = p.str(m, n, percorso, "aiuto", false)
	if a := m["aiuto"]; a != nil {
		p.entro(a, join(percorso, "aiuto"), d.Aiuto, MaxAiuto)
	}
	d.Fonte = p.str(m, n, percorso, "fonte", true)
	return d
}

// nelCalcolo reads where a calcolo gives each field of a kind it answers
// too (richieste.<tipo>.nel_calcolo): for each field, a source (a field
// of the calcolo, or uscite.<nome>), a list of alternatives, or a
// mapping with da (one or a list) and ripiego; nil for none. The names
// are checked against the vocabulary once it is merged.
func (p *parser) nelCalcolo(n *yaml.Node, percorso string) []*NelCalcolo {
	if n == nil {
		return nil
	}
	var out []*NelCalcolo
	for _, kv := range p.coppie(n, percorso) {
		k, v := kv[0], kv[1]
		pc := join(percorso, k.Value)
		if !nomeCampoRe.MatchString(k.Value) {
			p.errorf(k, pc, "nome", "nome di campo %q non valido: parti di lettere minuscole, cifre e _, separate da punti", k.Value)
		}
		nc := &NelCalcolo{Campo: k.Value, Pos: p.pos(k)}
		da := v
		if v.Kind == yaml.MappingNode {
			m := p.mapping(v, pc, chiaviNelCalcolo)
			da = m["da"]
			if da == nil {
				p.errorf(v, join(pc, "da"), "mancante", "da: manca il campo del calcolo da cui viene")
				continue
			}
			if r := m["ripiego"]; r != nil {
				if r.Kind != yaml.ScalarNode || !nomeCampoRe.MatchString(r.Value) {
					p.errorf(r, join(pc, "ripiego"), "forma", "ripiego: atteso il nome di un valore dal_motore del tipo di richiesta")
				} else {
					nc.Ripiego, nc.PosRipiego = r.Value, p.pos(r)
				}
			}
		}
		fonti := []*yaml.Node{da}
		if da.Kind == yaml.SequenceNode {
			fonti = da.Content
			if len(fonti) == 0 {
				p.errorf(da, pc, "forma", "attesa almeno una fonte")
			}
		}
		for _, f := range fonti {
			if f.Kind != yaml.ScalarNode || f.Tag == "!!null" || !nomeCampoRe.MatchString(f.Value) {
				p.errorf(f, pc, "forma", "atteso il nome di un campo del calcolo (esecuzione.data_inizio), di una sua uscita (uscite.giorni) o il suo esito (escluso)")
				continue
			}
			nc.Da, nc.PosDa = append(nc.Da, f.Value), append(nc.PosDa, p.pos(f))
		}
		if len(nc.Da) == len(fonti) && len(nc.Da) > 0 {
			out = append(out, nc)
		}
	}
	return out
}
