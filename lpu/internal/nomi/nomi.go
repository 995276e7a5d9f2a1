// Package nomi reads the two data files that serve readers rather than
// the rules: the names the offices give the fattispecie in a spreadsheet
// (alias_fattispecie.yaml, read by the lotto) and the Normattiva URN of
// the acts the sources cite (normattiva.yaml, read by the rules'
// description). Both are checked at Load, and an overlay file
// alias_fattispecie_* or normattiva_* adds to them. It works on spec's
// files and plain data: it knows neither the engine nor the facade.
package nomi

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Fattispecie maps a normalised name (see Norma) to the id of a
// fattispecie.
type Fattispecie map[string]string

// Cerca is the id of the fattispecie a name stands for (any case, with
// or without spaces, dots, dashes and underscores).
func (n Fattispecie) Cerca(nome string) (string, bool) {
	id, ok := n[Norma(nome)]
	return id, ok
}

// Normattiva is the table of acts, by name, longest name first (so that
// "c.p.p." is found before "c.p.").
type Normattiva struct {
	nomi []string
	urn  map[string]string
}

// urnRe is the form of a URN NIR the table accepts: authority, kind of
// act, date and number, and an optional annex (the codes are annex 1).
var urnRe = regexp.MustCompile(`^urn:nir:[a-z]+(\.[a-z]+)*:[a-z]+(\.[a-z]+)*:\d{4}-\d{2}-\d{2};\d+(:\d+)?$`)

// Compila reads the two tables from the data files (by id; see above),
// after the rule files are compiled: ordine are the ids of the
// fattispecie the engine has, whose names the tables may give.
func Compila(dati map[string]*spec.File, ordine []string, ps *spec.Problems) (Fattispecie, *Normattiva) {
	ids := make([]string, 0, len(dati))
	for id := range dati {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	noti := make(map[string]bool, len(ordine))
	nomi := Fattispecie{}
	di := map[string]string{} // normalised name -> where it was given, for messages
	for _, id := range ordine {
		noti[id] = true
		nomi[Norma(id)] = id
		di[Norma(id)] = "il codice " + id
	}
	tab := &Normattiva{urn: map[string]string{}}
	for _, id := range ids {
		f := dati[id]
		switch {
		case id == "alias_fattispecie" || strings.HasPrefix(id, "alias_fattispecie_"):
			leggiNomiFattispecie(f, noti, nomi, di, ps)
		case id == "normattiva" || strings.HasPrefix(id, "normattiva_"):
			leggiNormattiva(f, tab, ps)
		}
	}
	sort.SliceStable(tab.nomi, func(i, j int) bool { return len(tab.nomi[i]) > len(tab.nomi[j]) })
	return nomi, tab
}

func leggiNomiFattispecie(f *spec.File, noti map[string]bool, nomi Fattispecie, di map[string]string, ps *spec.Problems) {
	n := f.Dati
	if n == nil || n.Kind != yaml.MappingNode {
		if n != nil {
			ps.Add(spec.PosNodo(f, n), "dati", "forma", "attesa una mappa: codice della fattispecie → lista di nomi")
		}
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !noti[k.Value] {
			ps.Add(spec.PosNodo(f, k), "dati."+k.Value, "fattispecie", "fattispecie %q sconosciuta: i nomi valgono per una fattispecie delle regole", k.Value)
			continue
		}
		if v.Kind != yaml.SequenceNode {
			ps.Add(spec.PosNodo(f, v), "dati."+k.Value, "forma", "attesa una lista di nomi")
			continue
		}
		for _, x := range v.Content {
			s := strings.TrimSpace(x.Value)
			norm := Norma(s)
			if x.Kind != yaml.ScalarNode || norm == "" {
				ps.Add(spec.PosNodo(f, x), "dati."+k.Value, "forma", "atteso un nome non vuoto")
				continue
			}
			if altro, ok := nomi[norm]; ok && altro != k.Value {
				ps.Add(spec.PosNodo(f, x), "dati."+k.Value, "nome", "il nome «%s» vale già per %s (%s)", s, altro, di[norm])
				continue
			}
			nomi[norm], di[norm] = k.Value, f.Nome
		}
	}
}

func leggiNormattiva(f *spec.File, tab *Normattiva, ps *spec.Problems) {
	n := f.Dati
	if n == nil || n.Kind != yaml.SequenceNode {
		if n != nil {
			ps.Add(spec.PosNodo(f, n), "dati", "forma", "attesa una lista di atti, ciascuno con urn e nomi")
		}
		return
	}
	for i, a := range n.Content {
		percorso := "dati[" + strconv.Itoa(i) + "]"
		m := spec.Chiavi(f, a, percorso, []string{"urn", "nomi"}, ps)
		urn := spec.TestoNodo(f, m["urn"], percorso+".urn", ps)
		if m["urn"] == nil {
			ps.Add(spec.PosNodo(f, a), percorso, "forma", "manca la urn dell'atto")
			continue
		}
		if !urnRe.MatchString(urn) {
			ps.Add(spec.PosNodo(f, m["urn"]), percorso+".urn", "valore", "urn %q non valida: attesa urn:nir:autorità:tipo:aaaa-mm-gg;numero", urn)
			continue
		}
		l := m["nomi"]
		if l == nil || l.Kind != yaml.SequenceNode || len(l.Content) == 0 {
			ps.Add(spec.PosNodo(f, a), percorso+".nomi", "forma", "attesa una lista di nomi dell'atto")
			continue
		}
		for _, x := range l.Content {
			nome := strings.ToLower(strings.TrimSpace(x.Value))
			if x.Kind != yaml.ScalarNode || nome == "" {
				ps.Add(spec.PosNodo(f, x), percorso+".nomi", "forma", "atteso un nome non vuoto")
				continue
			}
			if u, ok := tab.urn[nome]; ok && u != urn {
				ps.Add(spec.PosNodo(f, x), percorso+".nomi", "nome", "il nome «%s» vale già per %s", x.Value, u)
				continue
			}
			if _, ok := tab.urn[nome]; !ok {
				tab.nomi = append(tab.nomi, nome)
			}
			tab.urn[nome] = urn
		}
	}
}

// Norma is a name of a fattispecie without regard to case, spaces,
// dots, dashes and underscores: «Art. 186», «art186» and «ART-186» are
// one.
func Norma(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '.', '-', '_', '\t', '\u00a0':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Pezzo is a piece of the text of a source: plain text, or the citation
// of an article or an act with its URN.
type Pezzo struct {
	Testo, URN string
}

// Pezzi cuts the text of a source into pieces: each act of the table it
// names, with the article before it when there is one ("art. 54 c.3
// d.lgs. 274/2000"), is a piece with its URN
// (urn:nir:stato:decreto.legislativo:2000-08-28;274~art54); the rest is
// text. tab may be nil: no table.
// articoloRe finds the last «art. 186», «art. 56-bis», «artt. 163» before an act.
var articoloRe = regexp.MustCompile(`(?i)\bart(?:t)?\.\s*(\d+)(?:[-\s]?(bis|ter|quater|quinquies|sexies|septies|octies|novies|decies))?\b`)

func (tab *Normattiva) Pezzi(testo string) []Pezzo {
	var out []Pezzo
	if tab == nil || len(tab.nomi) == 0 {
		return []Pezzo{{Testo: testo}}
	}
	basso := strings.ToLower(testo)
	if len(basso) != len(testo) { // (a letter whose lower case is longer: no offsets to share)
		return []Pezzo{{Testo: testo}}
	}
	inizio := 0 // the text not yet in a piece
	for i := 0; i < len(basso); {
		nome := tab.trova(basso, i)
		if nome == "" {
			_, n := utf8.DecodeRuneInString(basso[i:])
			i += n
			continue
		}
		da, urn := i, tab.urn[nome]
		// The article: the last «art. N» between the text not yet cut and
		// the act, within the same clause.
		tra := testo[inizio:i]
		if k := strings.LastIndexAny(tra, ";"); k >= 0 {
			tra = tra[k+1:]
		}
		if ms := articoloRe.FindAllStringSubmatchIndex(tra, -1); len(ms) > 0 {
			m := ms[len(ms)-1]
			da = i - len(tra) + m[0]
			art := tra[m[2]:m[3]]
			if m[4] >= 0 {
				art += strings.ToLower(tra[m[4]:m[5]])
			}
			urn += "~art" + art
		}
		if da > inizio {
			out = append(out, Pezzo{Testo: testo[inizio:da]})
		}
		fine := i + len(nome)
		out = append(out, Pezzo{Testo: testo[da:fine], URN: urn})
		inizio, i = fine, fine
	}
	if inizio < len(testo) {
		out = append(out, Pezzo{Testo: testo[inizio:]})
	}
	return out
}

// trova returns the longest name of an act that starts at i, as a word
// (not inside another: "c.p." is not found in "c.p.p."), or "".
func (t *Normattiva) trova(s string, i int) string {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' {
			return ""
		}
	}
	for _, n := range t.nomi {
		if !strings.HasPrefix(s[i:], n) {
			continue
		}
		if j := i + len(n); j < len(s) {
			r, _ := utf8.DecodeRuneInString(s[j:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || (r == '.' && !strings.HasSuffix(n, ".")) {
				continue
			}
		}
		return n
	}
	return ""
}
