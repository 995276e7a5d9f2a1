package spec

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/charmap"

	"github.com/lpu-it/lpu/calc"
)

var idRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// usaRe is what a step's usa names: <id of a file of tipo passi>.<id of
// its step>.
var usaRe = regexp.MustCompile(`^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$`)

type parser struct {
	file  string
	lines []string
	ps    *Problems
	mappe []*mappa // of the file's expressions, for File.LiberaPosizioni
}

// Parse reads one rule file. Problems are appended to ps; the returned
// file is nil only when the YAML itself cannot be read.
func Parse(name string, src []byte, ps *Problems) *File {
	p := &parser{file: name, lines: strings.Split(string(src), "\n"), ps: ps}
	var doc yaml.Node
	if pr := LeggiYAML(name, src, &doc); pr != nil {
		*ps = append(*ps, *pr)
		return nil
	}
	if len(doc.Content) == 0 {
		ps.Add(Pos{name, 1, 1}, "", "vuoto", "file vuoto")
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "", "forma", "il file deve essere una mappa di chiavi")
		return nil
	}
	f := &File{Nome: name, Pos: p.pos(root)}
	m := p.mapping(root, "", ChiaviFile)
	f.ID, f.IDPos = p.str(m, root, "", "id", true), f.Pos
	if x := m["id"]; x != nil {
		f.IDPos = p.pos(x)
	}
	if f.ID != "" && !idRe.MatchString(f.ID) {
		p.errorf(m["id"], "id", "id", "id %q non valido: lettere minuscole, cifre e _", f.ID)
	} else if n := len(f.ID); n > MaxID {
		p.errorf(m["id"], "id", "id", "id di %d caratteri: al più %d (una richiesta ne scrive al più %d nel campo fattispecie)", n, MaxID, MaxID)
	}
	f.Tipo = p.str(m, root, "", "tipo", true)
	// (a tipo other than TipiFile is a kind of request the vocabulary
	// declares: Load checks it, with TipoPos)
	if x := m["tipo"]; x != nil {
		f.TipoPos = p.pos(x)
	}
	if f.Tipo != "" && !slices.Contains(TipiFile, f.Tipo) && !idRe.MatchString(f.Tipo) {
		p.errorf(m["tipo"], "tipo", "tipo", "tipo %q non valido: lettere minuscole, cifre e _", f.Tipo)
	}
	f.Titolo = p.str(m, root, "", "titolo", true)
	f.Fonte = p.str(m, root, "", "fonte", f.Tipo != "dati")
	f.Descr = p.str(m, root, "", "descrizione", false)
	for _, k := range []string{"titolo", "fonte", "descrizione"} {
		if n := m[k]; n != nil && n.Kind == yaml.ScalarNode {
			p.entro(n, k, n.Value, map[string]int{"titolo": MaxEtichetta, "fonte": MaxEtichettaFile, "descrizione": MaxDescrizione}[k])
		}
	}
	if n := m["etichette"]; n != nil {
		f.Etichette = p.etichette(n)
	}
	if n := m["domanda_gip"]; n != nil {
		f.DomandaGIP = p.fattiDomanda(n, "domanda_gip")
		if f.Etichette["domanda_decreto"] == "" {
			p.errorf(n, "domanda_gip", "mancante", "domanda_gip vale per una domanda che può andare al giudice per le indagini preliminari: manca l'etichetta domanda_decreto")
		}
	}
	// (the steps of a file of tipo passi take the vigenza of each file
	// that uses them: it has none of its own, nor parameters)
	f.Vigenza = p.vigenza(m["vigenza"], root, "vigenza", Vigenza{}, f.Tipo != "vocabolario" && f.Tipo != TipoPassi, "del file")
	if f.Tipo == TipoPassi {
		for _, k := range []string{"vigenza", "parametri"} {
			if n := m[k]; n != nil {
				p.errorf(n, k, k, "un file di tipo passi non ha %s: i suoi passi hanno quelli del file che li usa", k)
			}
		}
	}
	if n := m["parametri"]; n != nil {
		f.Parametri = p.parametri(n, f.Vigenza)
	}
	if n := m["modifiche"]; n != nil {
		if f.Tipo != "parametri" {
			p.errorf(n, "modifiche", "modifiche", "la chiave modifiche è solo per i file di tipo parametri")
		}
		f.Modifiche = p.modifiche(n, f.Vigenza)
	}
	if n := m["passi"]; n != nil {
		if f.Tipo == "parametri" || f.Tipo == "dati" {
			p.errorf(n, "passi", "passi", "un file di tipo %s non ha passi", f.Tipo)
		}
		f.Passi = p.passi(n, f.ID, f.Vigenza)
	}
	if n := m["dati"]; n != nil {
		if f.Tipo != "dati" {
			p.errorf(n, "dati", "dati", "la chiave dati è solo per i file di tipo dati")
		}
		f.Dati = n
	} else if f.Tipo == "dati" {
		p.errorf(root, "", "mancante", "manca la chiave dati")
	}
	if f.Tipo == "vocabolario" {
		f.Vocabolario = p.vocabolario(m)
		for _, k := range []string{"vigenza", "parametri", "passi"} {
			if n := m[k]; n != nil {
				p.errorf(n, k, k, "un file di tipo vocabolario non ha la chiave %s", k)
			}
		}
	} else {
		for _, k := range chiaviVocabolario {
			if n := m[k]; n != nil {
				p.errorf(n, k, k, "la chiave %s è solo per i file di tipo vocabolario", k)
			}
		}
	}
	f.mappe = p.mappe
	return f
}

// IDFile is the id the rule file src gives, "" when it gives none or
// cannot be read: what an overlay's file of the same name replaces.
func IDFile(src []byte) string {
	var f struct {
		ID string `yaml:"id"`
	}
	if yaml.Unmarshal(src, &f) != nil {
		return ""
	}
	return f.ID
}

// LeggiYAML reads src, the file name, into doc; when it cannot, the
// problem says why in Italian, at its position: a byte that is not
// UTF-8 or a control character at its line and column, a syntax error
// of yaml.v3 at its line.
func LeggiYAML(name string, src []byte, doc *yaml.Node) *Problem {
	if pos, msg, ok := carattereNonAmmesso(src); !ok {
		pos.File = name
		return &Problem{Pos: pos, Codice: "yaml", Msg: "YAML non valido: " + msg}
	}
	err := yaml.Unmarshal(src, doc)
	if err == nil {
		if n, msg := nodoNonAmmesso(doc); n != nil {
			return &Problem{Pos: Pos{name, n.Line, n.Column}, Codice: "yaml", Msg: "YAML non valido: " + msg}
		}
		return secondoDocumento(name, src)
	}
	line := 1
	msg := err.Error()
	if te, ok := err.(*yaml.TypeError); ok {
		msg = strings.Join(te.Errors, "; ")
	}
	// yaml.v3 reports "yaml: line N: ..."
	var n int
	if _, e := fmt.Sscanf(msg, "yaml: line %d:", &n); e == nil && n > 0 {
		line = n
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		struttura := erroreStruttura(msg)
		if struttura {
			// yaml.v3 gives these the line, counted from 0, where the
			// enclosing mapping or list begins.
			line++
		}
		if p := precisa(name, src, line, msg, struttura); p != nil {
			return p
		}
		if struttura {
			msg += " (nella struttura che comincia a questa riga)"
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if a, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
		// (an alias whose anchor is missing: yaml.v3 says no line)
		a = "*" + strings.TrimSuffix(a, "' referenced")
		pos := Pos{name, line, 1}
		if i := strings.Index(string(src), a); i >= 0 {
			prima := string(src[:i])
			pos.Line = strings.Count(prima, "\n") + 1
			pos.Col = utf8.RuneCountInString(prima[strings.LastIndexByte(prima, '\n')+1:]) + 1
		}
		return &Problem{Pos: pos, Codice: "yaml", Msg: "YAML non valido: " + ancoraNonAmmessa(&yaml.Node{Kind: yaml.AliasNode, Value: a[1:]})}
	}
	return &Problem{Pos: Pos{name, line, 1}, Codice: "yaml", Msg: "YAML non valido: " + Traduci(msg, yamlItaliano)}
}

// secondoDocumento is the problem of a second YAML document in src
// (after a line «---» or «...»), which yaml.Unmarshal drops in silence:
// the rules written after it would never be read. nil if none.
func secondoDocumento(name string, src []byte) *Problem {
	if !bytes.Contains(src, []byte("\n---")) && !bytes.Contains(src, []byte("\n...")) {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var primo, secondo yaml.Node
	// (a second document that does not parse is one too)
	if dec.Decode(&primo) != nil || dec.Decode(&secondo) == io.EOF {
		return nil
	}
	// (at the first line that ends a document or begins one, past the
	// file's first: where the second begins)
	riga := 1
	for i, r := range strings.Split(string(src), "\n") {
		r = strings.TrimRight(r, " \t\r")
		if i > 0 && (r == "---" || r == "..." || strings.HasPrefix(r, "--- ") || strings.HasPrefix(r, "... ")) {
			riga = i + 1
			break
		}
	}
	return &Problem{Pos: Pos{name, riga, 1}, Codice: "yaml", Msg: "YAML non valido: un secondo documento dopo «---» o «...»: un file delle regole ne ha uno solo, e ciò che segue non sarebbe letto"}
}

// nodoNonAmmesso is the first node of n, in the file's order, that a
// rule file may not have, and why; nil if none:
//   - an alias (*a) or a node with an anchor (&a). A rule file writes
//     every value in full: an alias would be read as a copy of its
//     anchor's value wherever the engine walks the nodes, which yaml.v3
//     bounds only when it decodes into Go values (its alias ratio), so
//     that a 45 KB file of lists repeated through aliases held half a
//     gigabyte. The embedded rules use none, and merge keys (<<) are
//     unknown keys already;
//   - a scalar with a character invisibile written as an escape between
//     double quotes ("\u202E"): carattereNonAmmesso finds those written
//     as they are, at their column.
func nodoNonAmmesso(n *yaml.Node) (*yaml.Node, string) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n, ancoraNonAmmessa(n)
	}
	if i := strings.IndexFunc(n.Value, invisibile); i >= 0 && n.Kind == yaml.ScalarNode {
		r, _ := utf8.DecodeRuneInString(n.Value[i:])
		return n, nonAmmessoInvisibile(r)
	}
	for _, c := range n.Content {
		if x, msg := nodoNonAmmesso(c); x != nil {
			return x, msg
		}
	}
	return nil, ""
}

// ancoraNonAmmessa says why the anchor or alias n is refused.
func ancoraNonAmmessa(n *yaml.Node) string {
	cosa := "ancora «&" + n.Anchor + "» non ammessa"
	if n.Kind == yaml.AliasNode {
		cosa = "alias «*" + n.Value + "» non ammesso"
	}
	return cosa + ": nei file delle regole ogni valore si scrive per intero, senza ancore (&) né alias (*); un testo che comincia con «&» o «*» va tra virgolette"
}

// precisa is the problem of a yaml.v3 error, msg at line, told at the
// character that causes it, which yaml.v3 does not give: a tab in the
// indentation (yaml.v3 says the line where the value before it
// begins), a character that cannot begin a value, or quotes opened and
// not closed on their line (yaml.v3 says the line where the enclosing
// structure begins, or where the text does; for another error, the
// line where a quote meant to open another text closes it at last: the
// quotes before are those if they close there); nil when src shows none
// of them.
func precisa(name string, src []byte, line int, msg string, struttura bool) *Problem {
	righe := strings.Split(string(src), "\n")
	riga := func(n int) string {
		if n < 1 || n > len(righe) {
			return ""
		}
		return strings.TrimSuffix(righe[n-1], "\r")
	}
	colonna := func(r string, i int) int { return utf8.RuneCountInString(r[:i]) + 1 }
	problema := func(n, col int, format string, args ...any) *Problem {
		return &Problem{Pos: Pos{name, n, col}, Codice: "yaml", Msg: "YAML non valido: " + fmt.Sprintf(format, args...)}
	}
	switch {
	case strings.HasPrefix(msg, "found a tab character"):
		for n := max(1, line-1); n <= len(righe); n++ {
			r := riga(n)
			rientro := r[:len(r)-len(strings.TrimLeft(r, " \t"))]
			if i := strings.IndexByte(rientro, '\t'); i >= 0 {
				return problema(n, colonna(r, i), "tabulazione nel rientro: si rientra con gli spazi")
			}
		}
	case strings.HasPrefix(msg, "found character that cannot start any token"):
		r := riga(line)
		rientro := r[:len(r)-len(strings.TrimLeft(r, " \t"))]
		if i := strings.IndexByte(rientro, '\t'); i >= 0 {
			return problema(line, colonna(r, i), "tabulazione prima di una chiave: si rientra con gli spazi, non con le tabulazioni")
		}
		if i := strings.IndexAny(r, "@`%"); i >= 0 {
			return problema(line, colonna(r, i), "«%c» non può cominciare un valore: un testo che comincia così va tra virgolette", r[i])
		}
	case struttura, strings.HasPrefix(msg, "found unexpected end of stream"):
		for n := line; n <= len(righe); n++ {
			r := riga(n)
			if i, q := virgoletteAperte(r); i >= 0 {
				return problema(n, colonna(r, i), "forse %s non chiuse: aperte qui, non si chiudono su questa riga e il testo prosegue fino alle seguenti (%s)",
					q, Traduci(msg, yamlItaliano))
			}
		}
	}
	if !struttura {
		// (the nearest line before with quotes not closed on it: the
		// text runs to the error's line, where a quote closes it)
		for n := line - 1; n >= 1; n-- {
			r := riga(n)
			i, q := virgoletteAperte(r)
			if i < 0 {
				continue
			}
			if chiusaAllaRiga(righe, n, i) == line {
				return problema(n, colonna(r, i), "forse %s non chiuse: aperte qui, non si chiudono su questa riga e il testo prosegue fino alla riga %d, dove le chiudono quelle che ne aprivano un altro (%s)",
					q, line, Traduci(msg, yamlItaliano))
			}
			break
		}
	}
	return nil
}

// chiusaAllaRiga is the line (1-based) where the quotes opened at byte
// i of line n of righe close, or -1.
func chiusaAllaRiga(righe []string, n, i int) int {
	q := righe[n-1][i]
	j := i + 1
	for k := n - 1; k < len(righe); k, j = k+1, 0 {
		r := righe[k]
		for ; j < len(r); j++ {
			switch {
			case q == '"' && r[j] == '\\':
				j++
			case r[j] == q && q == '\'' && j+1 < len(r) && r[j+1] == '\'':
				j++
			case r[j] == q:
				return k + 1
			}
		}
	}
	return -1
}

// virgoletteAperte is the byte index in a line of YAML of the quote
// that begins its value and does not close on it, and the quotes in
// words; -1 when the line has none (a value without quotes, or quotes
// closed).
func virgoletteAperte(r string) (int, string) {
	i := len(r) - len(strings.TrimLeft(r, " "))
	for strings.HasPrefix(r[i:], "- ") {
		i += 2
		for i < len(r) && r[i] == ' ' {
			i++
		}
	}
	if i < len(r) && r[i] != '"' && r[i] != '\'' && r[i] != '#' {
		k := strings.Index(r[i:], ": ")
		if k < 0 {
			return -1, ""
		}
		i += k + 2
		for i < len(r) && r[i] == ' ' {
			i++
		}
	}
	if i >= len(r) {
		return -1, ""
	}
	switch r[i] {
	case '"':
		for j := i + 1; j < len(r); j++ {
			switch r[j] {
			case '\\':
				j++
			case '"':
				return -1, ""
			}
		}
		return i, "virgolette «\"»"
	case '\'':
		for j := i + 1; j < len(r); j++ {
			if r[j] == '\'' {
				if j+1 < len(r) && r[j+1] == '\'' {
					j++
					continue
				}
				return -1, ""
			}
		}
		return i, "virgolette semplici «'»"
	}
	return -1, ""
}

var reTipoYAML = regexp.MustCompile("^line ([0-9]+): cannot unmarshal !!([a-z]+)(?: `[^`]*`)? into (.+)$")

// ErroriTipo are the problems of a yaml.v3 TypeError (a value of
// another kind than the Go type it is decoded into), in Italian, each
// at its line.
func ErroriTipo(name string, te *yaml.TypeError) Problems {
	var ps Problems
	for _, e := range te.Errors {
		m := reTipoYAML.FindStringSubmatch(e)
		if m == nil {
			line := 1
			fmt.Sscanf(e, "line %d:", &line)
			ps.Add(Pos{name, line, 1}, "", "tipo", "valore non adatto a questa chiave")
			continue
		}
		line, _ := strconv.Atoi(m[1])
		ps.Add(Pos{name, line, 1}, "", "tipo", "atteso %s, trovato %s", tipoGo(m[3]), tipoYAML(m[2]))
	}
	return ps
}

// tipoYAML names a YAML tag as a rule author reads it.
func tipoYAML(tag string) string {
	switch tag {
	case "str":
		return "un testo"
	case "int":
		return "un intero"
	case "float":
		return "un numero"
	case "bool":
		return "un valore true o false"
	case "seq":
		return "un elenco"
	case "map":
		return "una mappa"
	case "null":
		return "un valore vuoto"
	case "timestamp":
		return "una data"
	}
	return "un valore di altro tipo"
}

// tipoGo names the Go type a value is decoded into as a rule author
// reads it.
func tipoGo(t string) string {
	switch {
	case t == "string":
		return "un testo"
	case t == "bool":
		return "un valore true o false"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "un intero"
	case strings.HasPrefix(t, "float"):
		return "un numero"
	case strings.HasPrefix(t, "map["):
		return "una mappa"
	case strings.HasPrefix(t, "[]"):
		return "un elenco"
	}
	return "un valore di altro tipo"
}

// Traduzione is the Italian, It, of a dependency's message that begins
// with En.
type Traduzione struct{ En, It string }

// Traduci is msg with its beginning in Italian: the It of the first of t
// whose En it begins with; msg as it is when none (a message a newer
// version of the dependency writes keeps its words).
func Traduci(msg string, t []Traduzione) string {
	for _, x := range t {
		if rest, ok := strings.CutPrefix(msg, x.En); ok {
			return x.It + rest
		}
	}
	return msg
}

// yamlItaliano are the YAML parser's messages in Italian, with what
// usually causes them in a rule file (a lawyer's first YAML).
var yamlItaliano = []Traduzione{
	{"mapping values are not allowed in this context", "«: » non è ammesso qui: un testo che contiene «: » va tra virgolette, e una chiave va allineata a quelle della sua mappa"},
	{"mapping keys are not allowed in this context", "chiave non ammessa qui: controllare il rientro (gli spazi a inizio riga)"},
	{"block sequence entries are not allowed in this context", "un elemento di elenco («- ») non è ammesso qui: controllare il rientro"},
	{"did not find expected '-' indicator", "manca il trattino «- » di un elemento dell'elenco, o il rientro non è quello degli altri elementi"},
	{"did not find expected key", "manca una chiave, o il rientro non è quello delle altre chiavi; dopo un testo tra virgolette non può seguire altro"},
	{"could not find expected ':'", "manca «:» dopo una chiave (o un testo su più righe va tra virgolette)"},
	{"did not find expected ',' or '}'", "manca «,» o «}» in una mappa scritta tra graffe"},
	{"did not find expected ',' or ']'", "manca «,» o «]» in un elenco scritto tra quadre"},
	{"did not find expected node content", "manca un valore"},
	{"found unexpected end of stream", "il file finisce prima del previsto: virgolette, graffe o quadre non chiuse?"},
	{"found a tab character that violates indentation", "tabulazione nel rientro: si rientra con gli spazi"},
	{"found a tab character where an indentation space is expected", "tabulazione nel rientro: si rientra con gli spazi"},
	{"found a tab character", "tabulazione: si rientra con gli spazi"},
	{"found character that cannot start any token", "carattere che non può cominciare un valore (@, `, % o una tabulazione): un testo che comincia così va tra virgolette"},
	{"found unknown escape character", "sequenza con «\\» non valida in un testo tra virgolette doppie: usare le virgolette semplici"},
	{"control characters are not allowed", "caratteri di controllo non ammessi"},
	// (carattereNonAmmesso finds these first, at their position, in a
	// UTF-8 file; yaml.v3 says them of a UTF-16 one too)
	{"invalid leading UTF-8 octet", "il file non è UTF-8: salvarlo in UTF-8"},
	{"invalid trailing UTF-8 octet", "il file non è UTF-8: salvarlo in UTF-8"},
	{"incomplete UTF-8 octet sequence", "il file non è UTF-8: salvarlo in UTF-8"},
	{"found an incorrect leading UTF-8 octet", "il file non è UTF-8: salvarlo in UTF-8"},
	{"found an incorrect trailing UTF-8 octet", "il file non è UTF-8: salvarlo in UTF-8"},
	{"invalid Unicode character", "carattere Unicode non valido"},
	{"incomplete UTF-16 character", "il file in UTF-16 è troncato: salvarlo in UTF-8"},
	{"incomplete UTF-16 surrogate pair", "il file in UTF-16 è troncato: salvarlo in UTF-8"},
	// (what a hostile or mistaken file meets, past a lawyer's first YAML)
	{"exceeded max depth of ", "struttura annidata troppo in profondità: livelli oltre il massimo di "},
	{"found unexpected document indicator", "«---» o «...» a inizio riga dentro un testo tra virgolette: chiudere le virgolette prima"},
	{"did not find expected comment or line break", "dopo «|» o «>» (un testo su più righe) non può seguire altro sulla stessa riga"},
	{"found an indentation indicator equal to 0", "dopo «|» o «>» il rientro indicato non può essere 0"},
	{"did not find expected hexdecimal number", "sequenza «\\x», «\\u» o «\\U» non valida in un testo tra virgolette doppie: usare le virgolette semplici"},
	{"found invalid Unicode character escape code", "sequenza «\\u» non valida in un testo tra virgolette doppie: usare le virgolette semplici"},
	{"did not find expected alphabetic or numeric character", "dopo «&» o «*» manca un nome; comunque nei file delle regole ancore e alias non sono ammessi: un testo che comincia con «&» o «*» va tra virgolette"},
	{"did not find the expected '>'", "«!<» senza «>»: un testo che comincia con «!» va tra virgolette"},
	{"did not find expected '!'", "etichetta di tipo YAML («!…») non valida: un testo che comincia con «!» va tra virgolette"},
	{"did not find expected tag URI", "etichetta di tipo YAML («!…») non valida: un testo che comincia con «!» va tra virgolette"},
	{"did not find URI escaped octet", "etichetta di tipo YAML («!…») non valida: un testo che comincia con «!» va tra virgolette"},
	{"found undefined tag handle", "etichetta di tipo YAML («!…») non dichiarata: un testo che comincia con «!» va tra virgolette"},
	{"found unknown directive name", "direttiva YAML sconosciuta: un testo che comincia con «%» va tra virgolette"},
	{"found duplicate %YAML directive", "direttiva %YAML ripetuta"},
	{"found duplicate %TAG directive", "direttiva %TAG ripetuta"},
	{"found incompatible YAML document", "versione di YAML non supportata (%YAML 1.x)"},
	{"did not find expected <document start>", "manca «---» tra le direttive (%…) e il contenuto"},
	{"did not find expected whitespace or line break", "direttiva YAML non valida: un testo che comincia con «%» va tra virgolette"},
	{"did not find expected whitespace", "direttiva YAML non valida: un testo che comincia con «%» va tra virgolette"},
	{"could not find expected directive name", "direttiva YAML non valida: un testo che comincia con «%» va tra virgolette"},
	{"found unexpected non-alphabetical character", "direttiva YAML non valida: un testo che comincia con «%» va tra virgolette"},
	{"did not find expected digit or '.' character", "direttiva %YAML non valida"},
	{"found extremely long version number", "direttiva %YAML non valida"},
	{"did not find expected version number", "direttiva %YAML non valida"},
}

// carattereNonAmmesso finds the first byte of src that is not UTF-8, or
// the first control character YAML does not allow, and says it at its
// line and column (in characters, from 1): yaml.v3 says either in
// English and at 1:1. A file in UTF-16 (it starts with its BOM) is left
// to yaml.v3, which reads it.
func carattereNonAmmesso(src []byte) (Pos, string, bool) {
	if len(src) >= 2 && (src[0] == 0xFF && src[1] == 0xFE || src[0] == 0xFE && src[1] == 0xFF) {
		return Pos{}, "", true
	}
	riga, col := 1, 1
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		var msg string
		switch {
		case r == utf8.RuneError && n <= 1:
			msg = fmt.Sprintf("il file non è UTF-8 (byte 0x%02X", src[i])
			if c := charmap.Windows1252.DecodeByte(src[i]); c != utf8.RuneError && unicode.IsPrint(c) {
				msg += fmt.Sprintf(", forse «%c» scritto in Windows-1252", c)
			}
			msg += "): salvarlo in UTF-8"
		case !carattereYAML(r):
			msg = fmt.Sprintf("carattere di controllo U+%04X non ammesso", r)
		case invisibile(r) && i > 0: // (a BOM that begins the file is one)
			msg = nonAmmessoInvisibile(r)
		}
		if msg != "" {
			return Pos{Line: riga, Col: col}, msg, false
		}
		if r == '\n' {
			riga, col = riga+1, 0
		}
		col++
		i += n
	}
	return Pos{}, "", true
}

// invisibile reports whether r is a character a reader of the file or
// of a page does not see as such: one that turns the direction of the
// text (U+202A–U+202E, U+2066–U+2069), so that what is read is not what
// is written; or one of no width (U+200B–U+200F, U+2060–U+2064, U+061C,
// U+FEFF: a BOM, or a zero-width space), with which two labels that
// look the same are different, and the checks that refuse a label
// given twice would let them pass.
func invisibile(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0xFEFF ||
		r >= 0x200B && r <= 0x200F || r >= 0x2060 && r <= 0x2064 || r == 0x061C
}

// nonAmmessoInvisibile says why r, invisibile, is refused.
func nonAmmessoInvisibile(r rune) string {
	switch {
	case r == 0xFEFF:
		return "carattere invisibile U+FEFF non ammesso (un BOM sta solo all'inizio del file): va tolto"
	case r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069:
		return fmt.Sprintf("carattere U+%04X non ammesso: cambia la direzione del testo, che non si leggerebbe più come è scritto; va tolto", r)
	}
	return fmt.Sprintf("carattere invisibile U+%04X non ammesso: due testi che si leggono uguali sarebbero diversi; va tolto", r)
}

// carattereYAML reports whether YAML allows r in a file (YAML 1.2
// §5.1, as yaml.v3's reader checks it).
func carattereYAML(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r', r >= 0x20 && r <= 0x7E, r == 0x85:
		return true
	case r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// erroreStruttura reports whether a yaml.v3 message is one of its parser
// errors (not its scanner errors), which it places differently.
func erroreStruttura(msg string) bool {
	for _, m := range []string{"did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"did not find expected '-' indicator", "did not find expected <document start>", "did not find expected key",
		"did not find expected node content", "found duplicate %", "found incompatible YAML document", "found undefined tag handle"} {
		if strings.HasPrefix(msg, m) {
			return true
		}
	}
	return false
}

func (p *parser) pos(n *yaml.Node) Pos { return Pos{p.file, n.Line, n.Column} }

// etichette reads a file's own labels, «chiave: etichetta», each a
// non-empty text.
func (p *parser) etichette(n *yaml.Node) map[string]string {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "etichette", "forma", "etichette: una mappa «chiave: etichetta»")
		return nil
	}
	out := make(map[string]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
			p.errorf(v, "etichette."+k.Value, "forma", "l'etichetta di %s deve essere un testo non vuoto", k.Value)
			continue
		}
		p.entro(v, "etichette."+k.Value, v.Value, MaxEtichettaFile)
		out[k.Value] = v.Value
	}
	return out
}

// fattiDomanda reads the facts a choice of the domanda brings to the
// case: a mapping of a field's path to yes or no (fatti.decreto_penale:
// true). Load checks that each is a yes-or-no field of the file's
// request.
func (p *parser) fattiDomanda(n *yaml.Node, percorso string) []FattoDomanda {
	var out []FattoDomanda
	for _, kv := range p.coppie(n, percorso) {
		k, v := kv[0], kv[1]
		if !nomeCampoRe.MatchString(k.Value) {
			p.errorf(k, join(percorso, k.Value), "nome", "%q non è il percorso di un campo (es. fatti.decreto_penale)", k.Value)
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
			p.errorf(v, join(percorso, k.Value), "forma", "%s: atteso true o false, il valore che la scelta dà al campo", k.Value)
			continue
		}
		out = append(out, FattoDomanda{Campo: k.Value, Valore: v.Value == "true", Pos: p.pos(k)})
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 0 {
		p.errorf(n, percorso, "forma", "attesa una mappa di campi e valori (es. fatti.decreto_penale: true)")
	}
	return out
}

// MaxEtichetta bounds a label a page prints as a heading or beside a
// box (a parameter's, a field's, an accepted value's: the longest of the
// embedded rules has 81 characters), MaxAiuto a field's help (287),
// MaxEtichettaFile a file's own labels, some of which are sentences of
// the domanda (162). An overlay cannot make a page print a megabyte
// where a name goes.
const (
	MaxEtichetta     = 200
	MaxAiuto         = 1000
	MaxEtichettaFile = 500
)

// A file's titolo is bounded as a label (MaxEtichetta), its fonte as a
// file's own labels (MaxEtichettaFile; the longest embedded has 165
// characters), its descrizione by MaxDescrizione (832): every motive of
// the Fund's and every row of a lotto's CSV repeats the title and the
// source. MaxID bounds a file's id: a fattispecie's is what a request
// writes in its field fattispecie, which takes at most 40 characters
// (lpu:"max=40" on the request types; the longest embedded id has 23).
const (
	MaxDescrizione = 2000
	MaxID          = 40
)

// MaxTestoCampo bounds the max of a request's field of tipo testo, in
// bytes (the embedded fields have at most 200): what a text of the
// rules writes of it is counted at load against the bound of a text
// (motore.MaxTestoScritto), and a page offers it as a box of that size.
const MaxTestoCampo = 1000

// entro reports a label longer than max characters, or one with a
// character a page would not show as written: a control character other
// than a space's (written "\u0007" in quotes: the file itself has
// none) or an invisible one (see invisibile).
func (p *parser) entro(n *yaml.Node, perc, s string, max int) {
	if c := utf8.RuneCountInString(s); c > max {
		p.errorf(n, perc, "forma", "testo di %d caratteri: al più %d", c, max)
	}
	for _, r := range s {
		if (unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r') || invisibile(r) {
			p.errorf(n, perc, "forma", "carattere U+%04X non ammesso in un testo che una pagina mostra (di controllo, di direzione del testo o U+FEFF)", r)
			return
		}
	}
}

// etichetta reads the label of a parameter, of a computed value or of
// an output (di says whose: "del parametro"): a text, not empty. A
// number or a yes/no written bare (etichetta: 5) is not one: YAML reads
// it as another type, and a label that is a number is a slip of the pen.
func (p *parser) etichetta(n *yaml.Node, perc, di string) string {
	perc += ".etichetta"
	switch {
	case n.Kind != yaml.ScalarNode || n.Tag == "!!null":
		p.errorf(n, perc, "forma", "etichetta: atteso un testo, il nome %s come lo legge un avvocato", di)
	case n.Tag != "!!str":
		p.errorf(n, perc, "forma", "etichetta: atteso un testo, non %s", nomeTag(n.Tag))
	case strings.TrimSpace(n.Value) == "":
		p.errorf(n, perc, "mancante", "testo vuoto")
	default:
		p.entro(n, perc, strings.TrimSpace(n.Value), MaxEtichetta)
		return strings.TrimSpace(n.Value)
	}
	return ""
}

// nomeTag is a YAML scalar's type in words.
func nomeTag(tag string) string {
	switch tag {
	case "!!int":
		return "un intero"
	case "!!float":
		return "un numero"
	case "!!bool":
		return "un booleano"
	case "!!timestamp":
		return "una data"
	}
	return "un " + strings.TrimPrefix(tag, "!!")
}

func (p *parser) errorf(n *yaml.Node, percorso, codice, format string, args ...any) {
	p.ps.Add(p.pos(n), percorso, codice, format, args...)
}

// mapping returns the keys of a mapping node, reporting unknown and
// repeated keys.
func (p *parser) mapping(n *yaml.Node, percorso string, allowed []string) map[string]*yaml.Node {
	m := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, percorso, "forma", "attesa una mappa di chiavi")
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(allowed, k.Value) {
			p.errorf(k, join(percorso, k.Value), "chiave", "chiave sconosciuta %q (ammesse: %s)", k.Value, strings.Join(allowed, ", "))
			continue
		}
		if _, dup := m[k.Value]; dup {
			p.errorf(k, join(percorso, k.Value), "chiave", "chiave %q ripetuta", k.Value)
			continue
		}
		m[k.Value] = v
	}
	return m
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func (p *parser) str(m map[string]*yaml.Node, parent *yaml.Node, percorso, key string, required bool) string {
	n := m[key]
	if n == nil {
		if required {
			p.errorf(parent, percorso, "mancante", "manca la chiave %s", key)
		}
		return ""
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, join(percorso, key), "forma", "%s: atteso un testo", key)
		return ""
	}
	if required && strings.TrimSpace(n.Value) == "" {
		p.errorf(n, join(percorso, key), "mancante", "%s: testo vuoto", key)
	}
	return n.Value
}

// tipoTra reports whether tipo, the type read at n under percorso, is one
// of tipi; one that is not is a problem at n, naming them. An empty tipo
// (missing, already a problem) is not checked.
func (p *parser) tipoTra(n *yaml.Node, percorso, tipo string, tipi []string) bool {
	if tipo == "" || slices.Contains(tipi, tipo) {
		return true
	}
	p.errorf(n, join(percorso, "tipo"), "tipo", "tipo %q sconosciuto: uno di %s", tipo, strings.Join(tipi, ", "))
	return false
}

func (p *parser) expr(n *yaml.Node) Expr {
	if n == nil {
		return Expr{}
	}
	m := &mappa{calcola: func() []Pos { return p.posizioni(n) }}
	p.mappe = append(p.mappe, m)
	return Expr{Src: n.Value, mappa: m}
}

// posizioni finds where each character of a scalar's value stands in the
// file, plus where the value ends. It walks the raw lines alongside the
// value: quotes, escapes (a backslash escape or a doubled single quote
// counts once, at its first character), indentation and folded line
// breaks are skipped as YAML skips them. Columns count characters, as
// yaml.v3 and CEL do.
func (p *parser) posizioni(n *yaml.Node) []Pos {
	val := []rune(n.Value)
	out := make([]Pos, 0, len(val)+1)
	line, ci := n.Line, n.Column-1 // ci: 0-based rune index in the line
	var quote rune
	indent := -1 // for block scalars, the indentation of their content
	switch n.Style {
	case yaml.DoubleQuotedStyle:
		quote, ci = '"', ci+1
	case yaml.SingleQuotedStyle:
		quote, ci = '\'', ci+1
	case yaml.LiteralStyle, yaml.FoldedStyle:
		line++
		for l := line; l <= len(p.lines); l++ {
			if t := strings.TrimLeft(p.lines[l-1], " "); strings.TrimSpace(t) != "" {
				indent = len(p.lines[l-1]) - len(t)
				break
			}
		}
		ci = max(indent, 0)
	}
	raw := func(l int) []rune {
		if l < 1 || l > len(p.lines) {
			return nil
		}
		return []rune(strings.TrimRight(p.lines[l-1], "\r"))
	}
	r := raw(line)
	if indent >= 0 && ci > len(r) {
		ci = len(r)
	}
	at := func() Pos { return Pos{File: p.file, Line: line, Col: ci + 1} }
	for vi := 0; vi < len(val) && line <= len(p.lines); {
		if ci >= len(r) { // end of the raw line: a folded break is one character
			if val[vi] == '\n' || val[vi] == ' ' {
				out = append(out, at())
				vi++
			}
			line++
			r, ci = raw(line), 0
			if indent >= 0 {
				for ci < len(r) && ci < indent && r[ci] == ' ' {
					ci++
				}
			} else {
				for ci < len(r) && (r[ci] == ' ' || r[ci] == '\t') {
					ci++
				}
			}
			continue
		}
		c := r[ci]
		switch {
		case quote == '\'' && c == '\'' && ci+1 < len(r) && r[ci+1] == '\'':
			out = append(out, at())
			vi, ci = vi+1, ci+2
		case quote == '"' && c == '\\' && ci+1 == len(r): // escaped line break
			line++
			r, ci = raw(line), 0
			for ci < len(r) && (r[ci] == ' ' || r[ci] == '\t') {
				ci++
			}
		case quote == '"' && c == '\\':
			out = append(out, at())
			vi, ci = vi+1, ci+lunghezzaEscape(r[ci+1:])
		case c == val[vi]:
			out = append(out, at())
			vi, ci = vi+1, ci+1
		case c == ' ' || c == '\t':
			ci++
		default: // lost: the rest of the value is placed here
			for ; vi < len(val); vi++ {
				out = append(out, at())
			}
		}
	}
	// The end: just after the last character, or where the value starts.
	end := Pos{File: p.file, Line: n.Line, Col: n.Column}
	if k := len(out); k > 0 {
		end = out[k-1]
		if val[k-1] != '\n' {
			end.Col++
		}
	}
	for len(out) < len(val)+1 {
		out = append(out, end)
	}
	return out
}

// lunghezzaEscape is the length in characters of a double-quoted escape,
// after its backslash.
func lunghezzaEscape(r []rune) int {
	if len(r) == 0 {
		return 1
	}
	switch r[0] {
	case 'x':
		return min(3, len(r)) + 1
	case 'u':
		return min(5, len(r)) + 1
	case 'U':
		return min(9, len(r)) + 1
	}
	return 2
}

func (p *parser) date(n *yaml.Node, percorso string) time.Time {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, percorso, "data", "attesa una data AAAA-MM-GG")
		return time.Time{}
	}
	t, err := calc.ParseData(n.Value)
	if err != nil {
		p.errorf(n, percorso, "data", "data %q non valida (AAAA-MM-GG)", n.Value)
		return time.Time{}
	}
	return t
}

// vigenza reads {dal, al}. When n is nil the default def is returned (or,
// if required, a problem is reported at parent). def is the vigenza of
// what holds it, named by di in a problem ("del file", "del parametro").
// An al before dal is one problem: the al is then taken as def's.
func (p *parser) vigenza(n, parent *yaml.Node, percorso string, def Vigenza, required bool, di string) Vigenza {
	if n == nil {
		if required {
			p.errorf(parent, percorso, "mancante", "manca la vigenza (dal: AAAA-MM-GG)")
		}
		return def
	}
	v := Vigenza{Pos: p.pos(n)}
	m := p.mapping(n, percorso, ChiaviVigenza)
	if d := m["dal"]; d != nil {
		v.Dal = p.date(d, percorso+".dal")
	} else if required {
		p.errorf(n, percorso, "mancante", "manca dal")
	} else {
		v.Dal = def.Dal
	}
	if a := m["al"]; a != nil && a.Value != "" {
		v.Al = p.date(a, percorso+".al")
		if !v.Al.IsZero() && v.Al.Before(v.Dal) {
			p.errorf(a, percorso+".al", "vigenza", "la vigenza finisce (%s) prima di cominciare (%s)", calc.FormatDataItaliana(v.Al), calc.FormatDataItaliana(v.Dal))
			// (one mistake, one problem: not again as days outside
			// def, nor at what this vigenza holds)
			v.Al = def.Al
		}
	}
	// A rule cannot outlive its file (a version, its parameter).
	if !def.Dal.IsZero() && (v.Dal.Before(def.Dal) || (!def.Al.IsZero() && (v.Al.IsZero() || v.Al.After(def.Al)))) {
		p.errorf(n, percorso, "vigenza", "vigenza %s fuori da quella %s (%s)", v, di, def)
	}
	return v
}

// The keys each mapping of a rule file may have, and the kinds of
// parameter: rules/schema/regole.schema.json must say the same (a test
// checks it).
var (
	ChiaviFile      = []string{"id", "tipo", "titolo", "fonte", "descrizione", "vigenza", "parametri", "modifiche", "passi", "dati", "gruppi", "richieste", "etichette", "domanda_gip"}
	ChiaviVigenza   = []string{"dal", "al"}
	ChiaviParametro = []string{"tipo", "etichetta", "fonte", "nota", "chiavi", "chiavi_tra", "voci", "valore", "dal", "al", "valori"}
	ChiaviValore    = []string{"dal", "al", "valore", "fonte"}
	ChiaviPasso     = []string{"id", "calcola", "valore", "esclude", "motivo", "avverte", "rifiuta",
		"se", "mostra", "fonte", "testo", "testo_no", "codice", "campo", "esporta", "vigenza", "etichetta", "valori", "usa"}
	TipiParametro = []string{"intero", "decimale", "testo", "lista", "mappa", "durata", "booleano", "data"}
	// (a modification of a parameter, and each of its new versions)
	ChiaviModifica       = []string{"tipo", "valori"}
	ChiaviValoreModifica = []string{"dal", "al", "valore", "fonte", "sostituisce"}
)

// nomeModificaRe is the name of a modified parameter: nome, or
// <id del file>.<nome>.
var nomeModificaRe = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$`)

// modifiche reads the changes a file makes to the parameters of other
// files: for each parameter, its new dated versions, each with its
// source. Whether the parameter exists, has that type and can take
// them is checked where the files meet (Modifica.Applica).
func (p *parser) modifiche(n *yaml.Node, vig Vigenza) []*Modifica {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "modifiche", "forma", "modifiche: attesa una mappa nome del parametro → nuovi valori")
		return nil
	}
	var out []*Modifica
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		perc := "modifiche." + k.Value
		if !nomeModificaRe.MatchString(k.Value) {
			p.errorf(k, perc, "nome", "nome di parametro %q non valido: nome (un parametro comune) o id_del_file.nome", k.Value)
			continue
		}
		if seen[k.Value] {
			p.errorf(k, perc, "nome", "parametro %q ripetuto", k.Value)
			continue
		}
		seen[k.Value] = true
		m := p.mapping(v, perc, ChiaviModifica)
		mod := &Modifica{Nome: k.Value, Pos: p.pos(k)}
		if t := m["tipo"]; t != nil {
			mod.Tipo, mod.PosTipo = p.str(m, v, perc, "tipo", true), p.pos(t)
			if !p.tipoTra(t, perc, mod.Tipo, TipiParametro) {
				mod.Tipo = ""
			}
		}
		vs := m["valori"]
		if vs == nil {
			if v.Kind == yaml.MappingNode {
				p.errorf(v, perc, "mancante", "manca valori: i nuovi valori di %s, ciascuno con dal, valore e fonte", k.Value)
			}
			continue
		}
		if vs.Kind != yaml.SequenceNode || len(vs.Content) == 0 {
			p.errorf(vs, perc+".valori", "forma", "valori: attesa una lista di {dal, al, valore, fonte}")
			continue
		}
		for j, it := range vs.Content {
			pp := perc + ".valori[" + itoa(j) + "]"
			mm := p.mapping(it, pp, ChiaviValoreModifica)
			if it.Kind != yaml.MappingNode {
				continue
			}
			if mm["valore"] == nil {
				p.errorf(it, pp, "mancante", "manca valore")
				continue
			}
			if mm["dal"] == nil {
				p.errorf(it, pp, "mancante", "manca dal: il primo giorno in cui vale il nuovo valore")
				continue
			}
			vv := Valore{Node: mm["valore"], Pos: p.pos(mm["valore"]), Percorso: pp + ".valore"}
			fake := &yaml.Node{Kind: yaml.MappingNode, Line: it.Line, Column: it.Column}
			for _, key := range []string{"dal", "al"} {
				if mm[key] != nil {
					fake.Content = append(fake.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, mm[key])
				}
			}
			prima := len(*p.ps)
			vv.Vigenza = p.vigenza(fake, it, pp, vig, false, "del file")
			// (a version whose period is wrong is left out: where it
			// would go is not known)
			scarta := len(*p.ps) > prima
			if mm["fonte"] == nil {
				p.errorf(it, pp, "fonte", "manca la fonte del nuovo valore di %s: la norma che lo stabilisce", k.Value)
			} else {
				vv.Fonte = p.str(mm, it, pp, "fonte", true)
			}
			if s := mm["sostituisce"]; s != nil {
				if s.Kind != yaml.ScalarNode || s.Tag != "!!bool" {
					p.errorf(s, pp+".sostituisce", "forma", "sostituisce: true o false")
				}
				vv.Sostituisce = s.Value == "true"
			}
			if !scarta {
				mod.Valori = append(mod.Valori, vv)
			}
		}
		for a := range mod.Valori {
			for b := a + 1; b < len(mod.Valori); b++ {
				if mod.Valori[a].Vigenza.Sovrappone(mod.Valori[b].Vigenza) {
					p.errorf(mod.Valori[b].Node, perc, "vigenza", "due nuovi valori di %s in vigore nello stesso giorno (%s; %s)", k.Value, mod.Valori[a].Vigenza, mod.Valori[b].Vigenza)
				}
			}
		}
		out = append(out, mod)
	}
	return out
}

func (p *parser) parametri(n *yaml.Node, vig Vigenza) []*Parametro {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "parametri", "forma", "parametri: attesa una mappa nome → parametro")
		return nil
	}
	var out []*Parametro
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		perc := "parametri." + k.Value
		if !idRe.MatchString(k.Value) {
			p.errorf(k, perc, "nome", "nome di parametro %q non valido: lettere minuscole, cifre e _", k.Value)
			continue
		}
		if seen[k.Value] {
			p.errorf(k, perc, "nome", "parametro %q ripetuto", k.Value)
			continue
		}
		seen[k.Value] = true
		m := p.mapping(v, perc, ChiaviParametro)
		par := &Parametro{Nome: k.Value, Pos: p.pos(k), Vigenza: vig}
		par.Tipo = p.str(m, v, perc, "tipo", true)
		p.tipoTra(m["tipo"], perc, par.Tipo, TipiParametro)
		if e := m["etichetta"]; e != nil {
			par.Etichetta = p.etichetta(e, perc, "del parametro")
		}
		par.Fonte = p.str(m, v, perc, "fonte", true)
		par.Nota = p.str(m, v, perc, "nota", false)
		// (chiavi: every code of the field is a key; chiavi_tra: some
		// are, as in a mappa of the fattispecie a decree names)
		for _, nome := range []string{"chiavi", "chiavi_tra"} {
			c := m[nome]
			if c == nil {
				continue
			}
			esempio := "convenzione.modello"
			if nome == "chiavi_tra" {
				esempio = "fattispecie"
			}
			switch {
			case par.Tipo != "mappa":
				p.errorf(c, perc+"."+nome, "chiavi", "%s è solo per un parametro di tipo mappa: dice di quale campo sono i codici delle sue chiavi", nome)
			case c.Kind != yaml.ScalarNode || !nomeCampoRe.MatchString(c.Value):
				p.errorf(c, perc+"."+nome, "chiavi", "%s: atteso il nome di un campo della richiesta con valori dichiarati, es. %s", nome, esempio)
			case par.Chiavi != "":
				p.errorf(c, perc+"."+nome, "chiavi", "chiavi_tra e chiavi insieme: chiavi se ogni valore del campo ha la sua chiave, chiavi_tra se solo alcuni")
			default:
				par.Chiavi, par.PosChiavi, par.ChiaviTra = c.Value, p.pos(c), nome == "chiavi_tra"
			}
		}
		if c := m["voci"]; c != nil {
			switch {
			case par.Tipo != "lista" && par.Tipo != "mappa":
				p.errorf(c, perc+".voci", "voci", "voci è solo per un parametro di tipo lista o mappa di liste: dice di quale campo sono i codici delle sue voci")
			case c.Kind != yaml.ScalarNode || !nomeCampoRe.MatchString(c.Value):
				p.errorf(c, perc+".voci", "voci", "voci: atteso il nome di un campo della richiesta con valori dichiarati, es. fattispecie")
			default:
				par.Voci, par.PosVoci = c.Value, p.pos(c)
			}
		}
		// (dal and al of the parameter: the days it is in force, within
		// its file's; beside valori, its versions cover them)
		diPar := "del file"
		if m["dal"] != nil || m["al"] != nil {
			diPar = "del parametro"
			fake := &yaml.Node{Kind: yaml.MappingNode, Line: v.Line, Column: v.Column}
			for _, key := range []string{"dal", "al"} {
				if m[key] != nil {
					fake.Content = append(fake.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, m[key])
				}
			}
			par.Vigenza = p.vigenza(fake, v, perc, vig, false, "del file")
		}
		switch {
		case m["valore"] != nil && m["valori"] != nil:
			p.errorf(v, perc, "valore", "indicare valore oppure valori, non entrambi")
		case m["valore"] != nil:
			vv := Valore{Node: m["valore"], Pos: p.pos(m["valore"]), Fonte: par.Fonte}
			vv.Vigenza = par.Vigenza
			par.Valori = []Valore{vv}
		case m["valori"] != nil:
			vs := m["valori"]
			if vs.Kind != yaml.SequenceNode || len(vs.Content) == 0 {
				p.errorf(vs, perc+".valori", "forma", "valori: attesa una lista di {dal, al, valore, fonte}")
				break
			}
			for j, it := range vs.Content {
				pp := perc + ".valori[" + itoa(j) + "]"
				mm := p.mapping(it, pp, ChiaviValore)
				if mm["valore"] == nil {
					p.errorf(it, pp, "mancante", "manca valore")
					continue
				}
				fake := &yaml.Node{Kind: yaml.MappingNode, Line: it.Line, Column: it.Column}
				for _, key := range []string{"dal", "al"} {
					if mm[key] != nil {
						fake.Content = append(fake.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, mm[key])
					}
				}
				vv := Valore{Node: mm["valore"], Pos: p.pos(mm["valore"]), Fonte: par.Fonte}
				vv.Vigenza = p.vigenza(fake, it, pp, par.Vigenza, false, diPar)
				if f := p.str(mm, it, pp, "fonte", false); f != "" {
					vv.Fonte = f
				}
				par.Valori = append(par.Valori, vv)
			}
		default:
			p.errorf(v, perc, "mancante", "manca valore (o valori)")
		}
		sovrapposti := false
		for a := range par.Valori {
			for b := a + 1; b < len(par.Valori); b++ {
				if par.Valori[a].Vigenza.Sovrappone(par.Valori[b].Vigenza) {
					sovrapposti = true
					p.errorf(par.Valori[b].Node, perc, "vigenza", "due valori di %s in vigore nello stesso giorno (%s; %s)", par.Nome, par.Valori[a].Vigenza, par.Valori[b].Vigenza)
				}
			}
		}
		if !sovrapposti {
			for _, b := range Buchi(par.Valori) {
				v := par.Valori[b.Dopo]
				p.errorf(v.Node, perc, "vigenza", "%s", b.Messaggio(par.Nome, "", par.Valori, b.Dopo))
			}
			// (the days of the file before the first version, or after
			// the last: at that version)
			for _, b := range Scoperti(par.Valori, par.Vigenza) {
				qui := max(b.Prima, b.Dopo)
				p.errorf(par.Valori[qui].Node, perc, "vigenza", "%s", b.Messaggio(par.Nome, "", par.Valori, qui))
			}
		}
		out = append(out, par)
	}
	return out
}

func (p *parser) passi(n *yaml.Node, fileID string, vig Vigenza) []*Passo {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "passi", "forma", "passi: attesa una lista")
		return nil
	}
	var out []*Passo
	ids := map[string]int{} // id -> index of the first step with it
	for i, it := range n.Content {
		perc := "passi[" + itoa(i) + "]"
		m := p.mapping(it, perc, ChiaviPasso)
		s := &Passo{Pos: p.pos(it), Indice: i}
		if u := m["usa"]; u != nil {
			// (a step of a file of tipo passi, put here by UsaPassi)
			s.Usa = p.str(m, it, perc, "usa", true)
			if s.Usa != "" && !usaRe.MatchString(s.Usa) {
				p.errorf(u, perc+".usa", "usa", "usa %q non valido: si scrive id_del_file.id_del_passo (un file di tipo passi)", s.Usa)
			}
			if len(m) > 1 {
				p.errorf(it, perc, "usa", "un passo con usa non ha altre chiavi: è il passo del file di tipo passi")
			}
			out = append(out, s)
			continue
		}
		s.ID = p.str(m, it, perc, "id", true)
		if s.ID != "" && !idRe.MatchString(s.ID) {
			p.errorf(m["id"], perc+".id", "id", "id %q non valido: lettere minuscole, cifre e _", s.ID)
		}
		if j, dup := ids[s.ID]; dup && s.ID != "" {
			p.errorf(m["id"], perc+".id", "id", "id %q già usato da passi[%d] (riga %d): ogni passo ha il suo", s.ID, j, n.Content[j].Line)
		} else {
			ids[s.ID] = i
		}
		if fileID != "" && s.ID != "" {
			s.ID = fileID + "." + s.ID
		}
		var kinds []string
		for _, k := range []string{Calcola, Esclude, Motivo, Avverte, Rifiuta} {
			if m[k] != nil {
				kinds = append(kinds, k)
			}
		}
		if len(kinds) != 1 {
			p.errorf(it, perc, "tipo_passo", "ogni passo ha esattamente una tra calcola, esclude, motivo, avverte, rifiuta (trovate: %d)", len(kinds))
			continue
		}
		s.Tipo = kinds[0]
		if s.Tipo == Calcola {
			s.Nome = p.str(m, it, perc, "calcola", true)
			if s.Nome != "" && !idRe.MatchString(s.Nome) {
				p.errorf(m["calcola"], perc+".calcola", "nome", "nome %q non valido: lettere minuscole, cifre e _", s.Nome)
			}
			if m["valore"] == nil {
				p.errorf(it, perc, "mancante", "manca valore (l'espressione CEL che calcola %s)", s.Nome)
			}
			s.Espr = p.expr(m["valore"])
			s.Mostra = p.expr(m["mostra"])
			s.Se = p.expr(m["se"])
			if m["se"] != nil && s.Se.Empty() {
				p.errorf(m["se"], perc+".se", "mancante", "se: condizione vuota (senza «se» il valore si calcola sempre)")
			}
			if e := m["etichetta"]; e != nil {
				s.Etichetta = p.etichetta(e, perc, "del valore calcolato")
			}
			if v := m["valori"]; v != nil {
				s.Valori, s.PosValori = p.valoriAmmessi(v, perc), p.pos(v)
			}
		} else {
			for _, k := range []string{"valore", "se", "mostra", "etichetta", "valori"} {
				if m[k] != nil {
					p.errorf(m[k], perc+"."+k, "chiave", "%s vale solo per i passi calcola", k)
				}
			}
			s.Espr = p.expr(m[s.Tipo])
		}
		if s.Espr.Empty() && m[s.Tipo] != nil && s.Tipo != Calcola {
			p.errorf(m[s.Tipo], perc+"."+s.Tipo, "mancante", "%s: condizione vuota", s.Tipo)
		}
		s.Fonte = p.str(m, it, perc, "fonte", true)
		p.str(m, it, perc, "testo", true)
		s.Testo = p.expr(m["testo"])
		if m["testo_no"] != nil {
			if s.Tipo != Esclude && s.Tipo != Motivo {
				p.errorf(m["testo_no"], perc+".testo_no", "chiave", "testo_no vale solo per esclude e motivo")
			}
			s.TestoNo = p.expr(m["testo_no"])
		}
		s.Codice = p.str(m, it, perc, "codice", s.Tipo == Rifiuta)
		s.Campo = p.str(m, it, perc, "campo", s.Tipo == Rifiuta)
		if s.Tipo != Rifiuta {
			for _, k := range []string{"codice", "campo"} {
				if m[k] != nil {
					p.errorf(m[k], perc+"."+k, "chiave", "%s vale solo per i passi rifiuta", k)
				}
			}
		}
		if e := m["esporta"]; e != nil {
			if s.Tipo != Calcola || e.Tag != "!!bool" {
				p.errorf(e, perc+".esporta", "chiave", "esporta: true|false, solo per i passi calcola")
			}
			s.Esporta = e.Value == "true"
		}
		s.Vigenza = p.vigenza(m["vigenza"], it, perc+".vigenza", vig, false, "del file")
		out = append(out, s)
		p.stesseEtichette(out, m, perc)
	}
	return out
}

// stesseEtichette reports a label, or labels of values, that the last
// step of passi gives its computed value unlike an earlier version of
// it (another step computing the same name): a value has one name for a
// reader, whatever the period. A version may leave them out: those of
// the others apply.
func (p *parser) stesseEtichette(passi []*Passo, m map[string]*yaml.Node, perc string) {
	s := passi[len(passi)-1]
	if s.Tipo != Calcola || s.Nome == "" {
		return
	}
	for _, prima := range passi[:len(passi)-1] {
		if prima.Tipo != Calcola || prima.Nome != s.Nome {
			continue
		}
		if s.Etichetta != "" && prima.Etichetta != "" && s.Etichetta != prima.Etichetta {
			p.errorf(m["etichetta"], perc+".etichetta", "etichetta", "etichetta di %s diversa da quella di passi[%d] («%s»): un valore calcolato ha un solo nome", s.Nome, prima.Indice, prima.Etichetta)
		}
		if len(s.Valori) > 0 && len(prima.Valori) > 0 && !slices.Equal(s.Valori, prima.Valori) {
			p.errorf(m["valori"], perc+".valori", "valori", "valori di %s diversi da quelli di passi[%d]: i valori di un valore calcolato hanno una sola etichetta", s.Nome, prima.Indice)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
