package motore

import (
	"math"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"

	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Genere is a kind of request answered by rule files, as a vocabulary
// declares it (richieste.<nome>: regole, data_riferimento,
// senza_data_riferimento, uscite with their bounds).
type Genere struct {
	Nome string
	// PerID: one rule file for each id (a fattispecie each); otherwise
	// a single file answers the kind.
	PerID bool
	// Riferimento are the alternatives for the input whose date picks
	// the law in force, SenzaRiferimento the refusals when none applies
	// (see CompilaRiferimento).
	Riferimento      []spec.AltData
	SenzaRiferimento []spec.SenzaData
	// Uscite are the reserved names a rule file of the kind may compute,
	// with the CEL type each must have; Obbligatorie those it must.
	Uscite       map[string]*cel.Type
	Obbligatorie []string
	// Richieste are, for an output, the others a file computing it
	// must compute too.
	Richieste map[string][]string
	// Limiti are the bounds of the intero outputs that declare them,
	// in the order they are declared.
	Limiti []Limite
	Pos    spec.Pos
}

// Limite bounds an intero output: a value below Min or above Max (each
// the extreme int64 when the vocabulary declares none) is an error of
// the rules, which names the output by its label.
type Limite struct {
	Nome, Etichetta string
	Min, Max        int64
}

// limite is the bound an output declares, if it declares any.
func limite(u *spec.Uscita) (Limite, bool) {
	if u.Tipo != "intero" || u.Min == nil && u.Max == nil {
		return Limite{}, false
	}
	l := Limite{Nome: u.Nome, Etichetta: u.Etichetta, Min: math.MinInt64, Max: math.MaxInt64}
	if u.Min != nil {
		l.Min = int64(*u.Min)
	}
	if u.Max != nil {
		l.Max = int64(*u.Max)
	}
	return l, true
}

// tipiUscita are the CEL types of spec.TipiUscita.
var tipiUscita = map[string]*cel.Type{"intero": cel.IntType, "testo": cel.StringType, "data": celx.DataType, "importo": celx.DecimaleType}

// Generi are the kinds of request the vocabulary files among files
// declare with regole, by name, in the order they are declared, with
// the outputs the files declare for them (spec.UsciteDichiarate, whose
// problems it reports). A kind declared with regole twice is a problem.
func Generi(files []*spec.File, ps *spec.Problems) (map[string]*Genere, []string) {
	uscite := spec.UsciteDichiarate(files, ps)
	out := map[string]*Genere{}
	var ordine []string
	for _, f := range files {
		if f.Vocabolario == nil {
			continue
		}
		for _, r := range f.Vocabolario.Richieste {
			if r.Regole == "" {
				continue
			}
			if g, dup := out[r.Tipo]; dup {
				ps.Add(r.Pos, "richieste."+r.Tipo, "genere", "tipo di richiesta %q già dichiarato con le sue regole in %s", r.Tipo, g.Pos)
				continue
			}
			g := &Genere{Nome: r.Tipo, PerID: r.Regole == spec.RegolePerID, Riferimento: r.DataRiferimento, SenzaRiferimento: r.SenzaDataRiferimento,
				Uscite: map[string]*cel.Type{}, Pos: r.Pos}
			for _, u := range uscite[r.Tipo] {
				if t := tipiUscita[u.Tipo]; t != nil {
					g.Uscite[u.Nome] = t
				}
				if l, ok := limite(&u); ok {
					g.Limiti = append(g.Limiti, l)
				}
				if u.Obbligatoria {
					g.Obbligatorie = append(g.Obbligatorie, u.Nome)
				}
				if len(u.Richiede) > 0 {
					if g.Richieste == nil {
						g.Richieste = map[string][]string{}
					}
					g.Richieste[u.Nome] = u.Richiede
				}
			}
			out[r.Tipo] = g
			ordine = append(ordine, r.Tipo)
		}
	}
	return out, ordine
}

// ControllaTipi reports every rule file whose tipo is neither one of the
// reader's own (spec.TipiFile) nor a kind generi declares.
func ControllaTipi(files []*spec.File, generi map[string]*Genere, ordine []string, ps *spec.Problems) {
	ammessi := append(slices.Clone(ordine), spec.TipiFile...)
	for _, f := range files {
		if f.Tipo == "" || generi[f.Tipo] != nil || slices.Contains(spec.TipiFile, f.Tipo) {
			continue
		}
		ps.Add(f.TipoPos, "tipo", "tipo", "tipo %q sconosciuto: uno di %s", f.Tipo, strings.Join(ammessi, ", "))
	}
}
