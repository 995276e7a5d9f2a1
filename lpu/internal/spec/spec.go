// Package spec reads LPU rule files (YAML) into a positioned syntax tree.
// It checks the shape of the files (known keys, required keys, value
// kinds, dates) and collects every problem with its file:line:col; the
// meaning of the CEL expressions is checked by the compiler in package lpu.
package spec

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/calc"
)

// Pos is a position in a rule file; Line and Col are 1-based.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Problem is one problem found in a rule file.
type Problem struct {
	Pos      Pos
	Percorso string // YAML path, e.g. passi[3].valore
	Codice   string
	Msg      string
}

func (p Problem) Error() string {
	if p.Percorso != "" {
		return fmt.Sprintf("%s: %s: %s", p.Pos, p.Percorso, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.Pos, p.Msg)
}

// Problems collects problems; sorted by position when reported.
type Problems []Problem

func (ps *Problems) Add(pos Pos, percorso, codice, format string, args ...any) {
	*ps = append(*ps, Problem{Pos: pos, Percorso: percorso, Codice: codice, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the problems by file, line and column.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Vigenza is a validity period: from Dal to Al, both included; a zero Al
// means still in force.
type Vigenza struct {
	Dal, Al time.Time
	Pos     Pos
}

// Contiene reports whether date d falls in the period.
func (v Vigenza) Contiene(d time.Time) bool {
	if d.Before(v.Dal) {
		return false
	}
	return v.Al.IsZero() || !d.After(v.Al)
}

// Sovrappone reports whether two periods share a day.
func (v Vigenza) Sovrappone(w Vigenza) bool {
	fineV, fineW := v.Al, w.Al
	if !fineV.IsZero() && fineV.Before(w.Dal) {
		return false
	}
	if !fineW.IsZero() && fineW.Before(v.Dal) {
		return false
	}
	return true
}

// Buco is a gap in the versions of a parameter (by their indexes): the
// days from Dal to Al (zero: with no end) have no value. Between two
// versions, Prima ends before Dopo starts and none is in force in
// between; at an edge of the vigenza of the parameter's file, Prima is
// -1 (the days before the first version, Dopo) or Dopo is -1 (those
// after the last, Prima). The rules language has no way to say that a
// parameter is not in force on some days of its file, and a rule that
// read it on such a day would fail at run time (its value does not
// exist): a gap is a problem at load, at the later version (at an
// edge, at the first or the last).
type Buco struct {
	Prima, Dopo int
	Dal, Al     time.Time
	// Vigenza, at an edge, is the file's vigenza the versions leave
	// uncovered.
	Vigenza Vigenza
}

// Buchi are the gaps between consecutive versions of vals (in order of
// their start), which must not overlap.
func Buchi(vals []Valore) []Buco {
	if len(vals) < 2 {
		return nil
	}
	ordine := ordineValori(vals)
	var out []Buco
	for k := 1; k < len(ordine); k++ {
		a, b := vals[ordine[k-1]].Vigenza, vals[ordine[k]].Vigenza
		if a.Al.IsZero() {
			continue // (an overlap, reported where it is found)
		}
		if dal := calc.AggiungiGiorni(a.Al, 1); dal.Before(b.Dal) {
			out = append(out, Buco{Prima: ordine[k-1], Dopo: ordine[k], Dal: dal, Al: calc.AggiungiGiorni(b.Dal, -1)})
		}
	}
	return out
}

// Scoperti are the gaps the versions vals (not overlapping) leave at the
// edges of vig, the vigenza of the parameter (its file's, or its own dal
// and al): the days from its start to the day before the first
// version, and those after the last version to its end. A version that starts before vig or ends after it
// (reported where it is read) leaves no gap on that side.
func Scoperti(vals []Valore, vig Vigenza) []Buco {
	if len(vals) == 0 || vig.Dal.IsZero() {
		return nil
	}
	ordine := ordineValori(vals)
	var out []Buco
	if i := ordine[0]; vig.Dal.Before(vals[i].Vigenza.Dal) {
		out = append(out, Buco{Prima: -1, Dopo: i, Dal: vig.Dal, Al: calc.AggiungiGiorni(vals[i].Vigenza.Dal, -1), Vigenza: vig})
	}
	if i := ordine[len(ordine)-1]; !vals[i].Vigenza.Al.IsZero() && (vig.Al.IsZero() || vals[i].Vigenza.Al.Before(vig.Al)) {
		out = append(out, Buco{Prima: i, Dopo: -1, Dal: calc.AggiungiGiorni(vals[i].Vigenza.Al, 1), Al: vig.Al, Vigenza: vig})
	}
	return out
}

// ordineValori are the indexes of vals in order of their start.
func ordineValori(vals []Valore) []int {
	ordine := make([]int, len(vals))
	for i := range ordine {
		ordine[i] = i
	}
	slices.SortStableFunc(ordine, func(a, b int) int { return vals[a].Vigenza.Dal.Compare(vals[b].Vigenza.Dal) })
	return ordine
}

// Messaggio tells the gap b in the versions of parameter nome, declared
// in file file, for a problem at version qui (b.Prima or b.Dopo): the
// other version, or the file at an edge, is named with its position when
// it is in another file.
func (b Buco) Messaggio(nome, file string, vals []Valore, qui int) string {
	giorni := "dal " + calc.FormatDataItaliana(b.Dal)
	if !b.Al.IsZero() {
		giorni += " al " + calc.FormatDataItaliana(b.Al)
	}
	const perché = " (una regola che lo leggesse in quei giorni fallirebbe)"
	if b.Prima < 0 || b.Dopo < 0 {
		v, dove := vals[qui], " dopo il"
		if b.Prima < 0 {
			dove = " prima del"
		}
		suo := "la vigenza del suo file"
		if file != "" && file != v.Pos.File {
			suo += " (" + file + ")"
		}
		return "nessun valore di " + nome + " " + giorni + "," + dove + " valore " + v.Vigenza.String() +
			", ma " + nome + " è in vigore " + b.Vigenza.String() + " (" + suo + ", o il suo dal e al)" +
			": le versioni di un parametro coprono tutti i giorni in cui è in vigore; uno che entra in vigore dopo il suo file," +
			" o ne esce prima, lo dice con dal e al accanto a valori" + perché
	}
	prima, dopo := vals[b.Prima], vals[b.Dopo]
	dovePrima, doveDopo := "", ""
	if prima.Pos.File != dopo.Pos.File {
		if qui == b.Dopo {
			dovePrima = " (" + prima.Pos.String() + ")"
		} else {
			doveDopo = " (" + dopo.Pos.String() + ")"
		}
	}
	return "nessun valore di " + nome + " " + giorni +
		", tra il valore " + prima.Vigenza.String() + dovePrima + " e quello " + dopo.Vigenza.String() + doveDopo +
		": le versioni di un parametro si seguono senza giorni scoperti" + perché
}

func (v Vigenza) String() string {
	if v.Al.IsZero() {
		return "dal " + calc.FormatDataItaliana(v.Dal)
	}
	return "dal " + calc.FormatDataItaliana(v.Dal) + " al " + calc.FormatDataItaliana(v.Al)
}

// Expr is a CEL expression with where it stands in the file.
type Expr struct {
	Src string
	// mappa holds the position in the file of each character of the
	// scalar Src was read from (see Mappa), shared with the parts of Src
	// (Sub); Src starts at its character da.
	mappa *mappa
	da    int
	pos   Pos // without a mappa: the position of Src's first character
}

// mappa is the position in the file of each character of a scalar,
// computed the first time one is asked for. Only a problem to report
// needs a position, and mapping every text of every rule was a tenth of
// a load.
type mappa struct {
	once    sync.Once
	calcola func() []Pos
	pos     []Pos
}

func (m *mappa) posizioni() []Pos {
	m.once.Do(func() { m.pos, m.calcola = m.calcola(), nil })
	return m.pos
}

// Mappa holds the position in the file of each character (rune) of Src,
// and one more for the end of Src: through it a position inside the
// expression is found whatever the scalar's style (plain, quoted with
// escapes, block, folded over several lines). It is nil for an
// expression not read from a file.
func (e Expr) Mappa() []Pos {
	if e.mappa == nil {
		return nil
	}
	m := e.mappa.posizioni()
	if len(m) == 0 {
		return nil
	}
	return m[min(e.da, len(m)-1):min(e.da+utf8.RuneCountInString(e.Src)+1, len(m))]
}

// Pos is the position of Src's first character.
func (e Expr) Pos() Pos { return e.PosRune(0) }

// Empty reports whether no expression was given.
func (e Expr) Empty() bool { return strings.TrimSpace(e.Src) == "" }

// At maps a CEL location (1-based line, 0-based column counted in
// characters) to the file.
func (e Expr) At(line, col int) Pos {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(e.Src[byteOffset(e.Src, off):], '\n')
		if i < 0 {
			break
		}
		off += utf8.RuneCountInString(e.Src[byteOffset(e.Src, off):][:i]) + 1
	}
	return e.PosRune(off + col)
}

// PosRune is the position in the file of the character at rune offset
// off of Src (or of the end of Src).
func (e Expr) PosRune(off int) Pos {
	m := e.Mappa()
	if len(m) == 0 {
		return Pos{File: e.pos.File, Line: e.pos.Line, Col: e.pos.Col + off}
	}
	return m[max(0, min(off, len(m)-1))]
}

// Sub is the part of e from rune offset da, n characters long, as an
// expression of its own (a {placeholder} of a text).
func (e Expr) Sub(da, n int) Expr {
	sub := Expr{Src: e.Src[byteOffset(e.Src, da):byteOffset(e.Src, da+n)], mappa: e.mappa, da: e.da + da}
	if e.mappa == nil {
		sub.pos = e.PosRune(da)
	}
	return sub
}

// byteOffset is the byte offset of the rune at rune offset off of s.
func byteOffset(s string, off int) int {
	for i := range s {
		if off == 0 {
			return i
		}
		off--
	}
	return len(s)
}

// Parametro is a named datum of the law with its source and versions.
type Parametro struct {
	Nome string
	Tipo string // intero, decimale, testo, lista, mappa, durata, booleano, data
	// Etichetta is the parameter's name as a lawyer reads it
	// («Sostituzioni consentite al più»); optional at load, so that the
	// files written before it keep loading (a test requires it of the
	// embedded rules).
	Etichetta string
	Fonte     string
	Nota      string
	// Chiavi, for a mappa, names the field whose declared codes are its
	// keys (convenzione.modello): every version must have a key for each
	// code, and no other key. PosChiavi is where it is written.
	Chiavi    string
	PosChiavi Pos
	// ChiaviTra says that the keys are some of the codes of Chiavi, not
	// all (chiavi_tra: fattispecie, a mappa of the fattispecie a decree
	// names): no key that is no code, but no code needs one, and a
	// request whose code is no key is not refused for it (the rules
	// read the mappa after «x in m»).
	ChiaviTra bool
	// Voci, for a lista or a mappa of lists, names the field whose
	// declared codes its items are (voci: fattispecie): a code not
	// among them is a problem at load. PosVoci is where it is written.
	Voci    string
	PosVoci Pos
	Valori  []Valore
	Pos     Pos
	// Vigenza is when the parameter is in force: that of the file that
	// declares it, or within it the parameter's own dal and al. Its
	// versions cover it, without a day left out (see Scoperti), and a
	// step that reads it is in force only within it.
	Vigenza Vigenza
}

// Valore is one version of a parameter.
type Valore struct {
	Vigenza Vigenza
	Fonte   string
	Node    *yaml.Node
	Pos     Pos
	// Percorso is the YAML path of the value, for its problems, when it
	// is not parametri.<nome>: a new version given by a Modifica.
	Percorso string
	// Sostituisce, for a version given by a Modifica, says that it takes
	// the place of the versions it overlaps (see Modifica.Applica).
	Sostituisce bool
}

// Modifica changes a parameter defined in another file (an overlay's
// new dated version of euro_per_giorno) without copying that file: its
// versions are merged into the parameter's at load (see Applica).
type Modifica struct {
	// Nome is the parameter: nome for a shared one (a file of tipo
	// parametri), <id del file>.<nome> for one of a rule file's own.
	Nome string
	// Tipo, when given, must be the parameter's type.
	Tipo    string
	PosTipo Pos
	Valori  []Valore
	Pos     Pos
}

// Tipi di passo.
const (
	Calcola = "calcola"
	Esclude = "esclude"
	Motivo  = "motivo"
	Avverte = "avverte"
	Rifiuta = "rifiuta"
)

// Passo is one step of a rule: it computes a value, or gives a verdict, a
// reason, a caveat, or refuses the input.
type Passo struct {
	ID     string
	Tipo   string // one of Calcola, Esclude, Motivo, Avverte, Rifiuta
	Nome   string // for Calcola: the name of the value
	Espr   Expr   // the value (Calcola) or the condition (others)
	Mostra Expr   // for Calcola: when to show the step (default: always)
	// Se, for Calcola: when the value is computed at all (default:
	// always); when false the name has no value in that evaluation.
	Se      Expr
	Fonte   string
	Testo   Expr // Italian text with {espressioni}
	TestoNo Expr // for Esclude/Motivo: the text when the condition is false
	Codice  string
	Campo   string
	Esporta bool
	// Etichetta, for Calcola, is the value's name as a lawyer reads it
	// («Classe del reato per le fasce dei protocolli»), and Valori the
	// labels of the codes it takes, in file order (as a field's
	// accepted values): the words of the rules write them in place of
	// the name and the codes. Optional at load (a test requires them of
	// the embedded rules); one version of the value may give them for
	// all.
	Etichetta string
	Valori    []ValoreAmmesso
	PosValori Pos // where Valori are given
	Vigenza   Vigenza
	Pos       Pos
	Indice    int
	// Usa, as parsed, names a step of a file of tipo passi
	// (file.passo) that stands here; UsaPassi then puts in its place a
	// copy of that step, with the id of this file and UsatoDa, the
	// position of the usa.
	Usa     string
	UsatoDa Pos
}

// File is one rule file.
type File struct {
	Nome    string
	ID      string
	IDPos   Pos // where the file says its id (its Pos without one)
	Tipo    string
	TipoPos Pos // where the file says its tipo
	Titolo  string
	Fonte   string
	Descr   string
	// Etichette are the file's own labels: the headline and the titles of
	// the result (plain keys, e.g. esito_si), and, under a field's path
	// (fatti.opposizione_imputato), the label of a request field for this
	// fattispecie in place of the vocabulary's.
	Etichette map[string]string
	// DomandaGIP are the facts of the case a domanda to the judge for
	// the preliminary investigations (after a decreto penale, etichetta
	// domanda_decreto) brings: the case is computed with them.
	DomandaGIP []FattoDomanda
	Vigenza    Vigenza
	Parametri  []*Parametro
	// Modifiche, in a file of tipo parametri, are the changes it makes
	// to the parameters of other files.
	Modifiche []*Modifica
	Passi     []*Passo
	Dati      *yaml.Node // for data files: the whole document
	// Vocabolario, for a file of tipo vocabolario: the declared fields
	// of the requests.
	Vocabolario *Vocabolario
	Pos         Pos
	mappe       []*mappa
}

// FattoDomanda is a yes-or-no field of the request and the value a
// choice of the domanda gives it.
type FattoDomanda struct {
	Campo  string
	Valore bool
	Pos    Pos
}

// LiberaPosizioni lets go of what finds the position of a character in
// an expression (the YAML nodes and the lines of the file, a third of a
// loaded rule set): once the rules are compiled nothing asks for one, and
// the garbage collector would mark it on every cycle. Positions inside
// the file's expressions are then unknown (the zero Pos).
func (f *File) LiberaPosizioni() {
	for _, m := range f.mappe {
		m.once.Do(func() { m.calcola = nil })
	}
	f.mappe = nil
}

// LiberaNodi lets go of the YAML nodes the file keeps once its values
// are read: those of the parameters' values and of a data file's
// content. A loaded rule set reads neither, and they are a quarter of
// it, for the garbage collector to mark on every cycle.
func (f *File) LiberaNodi() {
	for _, p := range f.Parametri {
		for i := range p.Valori {
			p.Valori[i].Node = nil
		}
	}
	for _, m := range f.Modifiche {
		for i := range m.Valori {
			m.Valori[i].Node = nil
		}
	}
	f.Dati = nil
}

// TipiFile are the kinds of file the reader itself knows; a rule file's
// tipo is any other, a kind of request the vocabulary declares.
var TipiFile = []string{"parametri", "dati", "vocabolario", TipoPassi}

// TipoPassi is the kind of a file of steps that other rule files use
// (a step usa: file.passo), written once for them (see UsaPassi).
const TipoPassi = "passi"
