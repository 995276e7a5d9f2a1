// Package spec reads LPU rule files (YAML) into a positioned syntax tree.
// It checks the shape of the files (known keys, required keys, value
// kinds, dates) and collects every problem with its file:line:col; the
// meaning of the CEL expressions is checked by the compiler in package lpu.
package spec

import (
	"fmt"
	"sort"
	"strings"
	"time"

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

func (v Vigenza) String() string {
	if v.Al.IsZero() {
		return "dal " + calc.FormatDataItaliana(v.Dal)
	}
	return "dal " + calc.FormatDataItaliana(v.Dal) + " al " + calc.FormatDataItaliana(v.Al)
}

// Expr is a CEL expression with where it stands in the file.
type Expr struct {
	Src string
	Pos Pos
	// Off maps a position inside Src to the file: for a one-line scalar
	// the column of Src's first character; for a block scalar, the line
	// before its first line and the indentation of its content.
	Block  bool
	Indent int
}

// Empty reports whether no expression was given.
func (e Expr) Empty() bool { return strings.TrimSpace(e.Src) == "" }

// At maps a CEL location (1-based line, 0-based column) to the file.
func (e Expr) At(line, col int) Pos {
	if e.Block {
		return Pos{File: e.Pos.File, Line: e.Pos.Line + line, Col: e.Indent + col + 1}
	}
	if line <= 1 {
		return Pos{File: e.Pos.File, Line: e.Pos.Line, Col: e.Pos.Col + col}
	}
	return Pos{File: e.Pos.File, Line: e.Pos.Line + line - 1, Col: col + 1}
}

// Parametro is a named datum of the law with its source and versions.
type Parametro struct {
	Nome   string
	Tipo   string // intero, decimale, testo, lista, durata, booleano, data
	Fonte  string
	Nota   string
	Valori []Valore
	Pos    Pos
}

// Valore is one version of a parameter.
type Valore struct {
	Vigenza Vigenza
	Fonte   string
	Node    *yaml.Node
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
	ID      string
	Tipo    string // one of Calcola, Esclude, Motivo, Avverte, Rifiuta
	Nome    string // for Calcola: the name of the value
	Espr    Expr   // the value (Calcola) or the condition (others)
	Mostra  Expr   // for Calcola: when to show the step (default: always)
	Fonte   string
	Testo   Expr // Italian text with {espressioni}
	TestoNo Expr // for Esclude/Motivo: the text when the condition is false
	Codice  string
	Campo   string
	Esporta bool
	Vigenza Vigenza
	Pos     Pos
	Indice  int
}

// File is one rule file.
type File struct {
	Nome      string
	ID        string
	Tipo      string
	Titolo    string
	Fonte     string
	Descr     string
	Vigenza   Vigenza
	Parametri []*Parametro
	Passi     []*Passo
	Dati      *yaml.Node // for data files: the whole document
	Pos       Pos
}

// Tipi di file.
var TipiFile = []string{"calcolo", "fondo", "convenzione", "parametri", "dati"}
