package lpu

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// The JSON decoder's syntax errors in Italian. jsontext gives a
// *jsontext.SyntacticError with the byte offset, the JSON pointer of
// the value and an Err whose text, for most causes, is built by the
// library ("invalid character ',' after object value (expecting ',' or
// '}')") with no exported value to match. msgSintassi names the
// character from that text and translates the known contexts; a cause
// or a context it does not know is told generically, in Italian: no
// English of the library reaches a user. TestSintassiJSONInItaliano
// pins every translation, so an update of the library that changes its
// wording shows there.

var (
	reCarattere = regexp.MustCompile(`^invalid character ('(?:\\'|[^'])+') (.+)$`)
	reParola    = regexp.MustCompile(`^in literal (true|false|null) \(expecting '(.)'\)$`)
	reEscape    = regexp.MustCompile("^invalid (escape sequence|surrogate pair) (`[^`]*`|\".*\") in string$")
)

// doveCarattere translates the context of an invalid character.
var doveCarattere = map[string]string{
	"at start of value":                           "dove è atteso un valore",
	`at start of string (expecting '"')`:          "dove è atteso il nome di un campo tra virgolette",
	"after object name (expecting ':')":           "dopo il nome di un campo: atteso «:»",
	"after object value (expecting ',' or '}')":   "dopo il valore di un campo: atteso «,» o «}»",
	"after array element (expecting ',' or ']')":  "dopo un elemento di un elenco: atteso «,» o «]»",
	"after top-level value":                       "dopo la fine del valore",
	"in string (expecting non-control character)": "in un testo tra virgolette: va scritto come sequenza di escape (\\t, \\n, \\u0000)",
	"in number (expecting digit)":                 "in un numero: attesa una cifra",
}

// altreCause translates the causes that are not an invalid character.
var altreCause = map[string]string{
	"invalid UTF-8":                                    "testo non in UTF-8",
	"exceeded max depth":                               "troppi livelli annidati",
	"missing value after object name":                  "manca il valore dopo il nome di un campo",
	"object member name must be a string":              "il nome di un campo va scritto tra virgolette",
	"duplicate object member name":                     "campo indicato due volte",
	"mismatching structural token for object or array": "parentesi di chiusura che non corrisponde a quella aperta",
}

// msgSintassi says in Italian why and where jsontext refused a JSON
// text: where as line and column of dati, or, when dati is nil (a
// lotto read as a stream), as the byte offset.
func msgSintassi(err error, dati []byte) string {
	var se *jsontext.SyntacticError
	if !errors.As(err, &se) {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return "il testo finisce prima della fine del valore"
		}
		return "lettura del testo interrotta"
	}
	p := se.JSONPointer
	if dati == nil {
		// A lotto's: its first token is the element's index, which the
		// lotto's message counts.
		p = ""
		if _, resto, ok := strings.Cut(strings.TrimPrefix(string(se.JSONPointer), "/"), "/"); ok {
			p = jsontext.Pointer("/" + resto)
		}
	}
	return causaSintassi(se.Err) + " (" + campoPuntatore(p) + posizioneJSON(dati, se.ByteOffset) + ")"
}

// causaSintassi is the Italian for the Err of a SyntacticError.
func causaSintassi(err error) string {
	if err == nil {
		return "errore di sintassi"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "il testo finisce prima della fine del valore"
	}
	s := err.Error()
	if it, ok := altreCause[s]; ok {
		return it
	}
	if m := reEscape.FindStringSubmatch(s); m != nil {
		seq := strings.Trim(m[2], "`")
		if strings.HasPrefix(m[2], `"`) {
			if u, err := strconv.Unquote(m[2]); err == nil {
				seq = strconv.QuoteToASCII(u)
				seq = seq[1 : len(seq)-1]
			}
		}
		if m[1] == "surrogate pair" {
			return "coppia di caratteri «" + seq + "» non valida in un testo"
		}
		return "sequenza di escape «" + seq + "» non valida in un testo"
	}
	m := reCarattere.FindStringSubmatch(s)
	if m == nil {
		return "errore di sintassi"
	}
	r, byteNonUTF8, ok := caratteredaCitazione(m[1])
	if !ok {
		return "carattere non ammesso"
	}
	chi := nomeCarattere(r, byteNonUTF8)
	if byteNonUTF8 {
		chi += ","
	}
	if p := reParola.FindStringSubmatch(m[2]); p != nil {
		return chi + " nella parola «" + p[1] + "»: atteso «" + p[2] + "»"
	}
	dove, ok := doveCarattere[m[2]]
	if !ok {
		return chi + " non ammesso qui"
	}
	if r == '\'' && m[2] == "at start of value" {
		dove += ": i testi vanno tra virgolette doppie «\"»"
	}
	return chi + " " + dove
}

// caratteredaCitazione reads the character jsonwire.QuoteRune quoted:
// a Go rune literal, or '\xNN' for a byte that is not UTF-8 (NN >= 80).
func caratteredaCitazione(q string) (r rune, byteNonUTF8, ok bool) {
	if len(q) == 6 && strings.HasPrefix(q, `'\x`) {
		b, err := strconv.ParseUint(q[3:5], 16, 8)
		if err != nil {
			return 0, false, false
		}
		return rune(b), b >= utf8.RuneSelf, true
	}
	u, err := strconv.Unquote(q)
	if err != nil {
		return 0, false, false
	}
	r, n := utf8.DecodeRuneInString(u)
	if n != len(u) {
		return 0, false, false
	}
	return r, false, true
}

// nomiControllo are the control characters a text editor puts in a file.
var nomiControllo = map[rune]string{'\t': "tabulazione", '\n': "a capo", '\r': "ritorno a capo"}

// nomeCarattere names r readably: «,» for one a reader sees, its code
// for one nobody sees.
func nomeCarattere(r rune, byteNonUTF8 bool) string {
	switch {
	case byteNonUTF8:
		return fmt.Sprintf("byte 0x%02X, che non è UTF-8 (salvare il file in UTF-8)", r)
	case r == '\ufeff':
		return "BOM (byte order mark, U+FEFF)"
	case unicode.IsControl(r):
		s := fmt.Sprintf("carattere di controllo U+%04X", r)
		if n, ok := nomiControllo[r]; ok {
			s += " (" + n + ")"
		}
		return s
	case r == utf8.RuneError:
		return "carattere U+FFFD (sostituto di un carattere illeggibile)"
	case !unicode.IsGraphic(r) || unicode.IsSpace(r):
		return fmt.Sprintf("carattere invisibile U+%04X", r)
	}
	return "carattere «" + string(r) + "»"
}

// campoPuntatore is "campo «pena.arresto», " for the JSON pointer
// /pena/arresto, "" for the top value; an array index is written [i].
func campoPuntatore(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if tok != "" && strings.Trim(tok, "0123456789") == "" {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	if b.Len() == 0 {
		return ""
	}
	return "campo «" + citaTesto(b.String()) + "», "
}

// posizioneJSON is where offset is in dati, as a text editor shows it:
// "riga 2, colonna 7", the column counted in characters from 1; with no
// dati, the byte offset.
func posizioneJSON(dati []byte, offset int64) string {
	if dati == nil {
		return "posizione " + strconv.FormatInt(offset, 10)
	}
	off := int(min(max(offset, 0), int64(len(dati))))
	riga, inizio := 1, 0
	for i, c := range dati[:off] {
		if c == '\n' {
			riga, inizio = riga+1, i+1
		}
	}
	return "riga " + strconv.Itoa(riga) + ", colonna " + strconv.Itoa(utf8.RuneCount(dati[inizio:off])+1)
}
