package convenzione

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TipiPosto are the portal's types of post of the fattispecie when the
// request does not say and the sede has several types (or lists none):
// rules/tipi_posto.yaml. Without the file no type goes without saying.
type TipiPosto struct {
	Predefinito string            // the type of the fattispecie not listed
	Fattispecie map[string]string // fattispecie -> type
}

// Tipo is the type of post of fattispecie when the request does not say
// ("" if t is nil: the rules give none).
func (t *TipiPosto) Tipo(fattispecie string) string {
	if t == nil {
		return ""
	}
	if tipo, ok := t.Fattispecie[fattispecie]; ok {
		return tipo
	}
	return t.Predefinito
}

// LeggiTipiPosto reads the data of rules/tipi_posto.yaml (f.Dati) and
// checks that the fattispecie it names are among those loaded (nota
// says whether one is; elenco lists them, for the message); each
// problem is reported at its file, line and column.
func LeggiTipiPosto(f *spec.File, nota func(string) bool, elenco []string, ps *spec.Problems) *TipiPosto {
	m := spec.Chiavi(f, f.Dati, "dati", []string{"predefinito", "fattispecie"}, ps)
	t := &TipiPosto{Fattispecie: map[string]string{}}
	if n := m["predefinito"]; n == nil {
		ps.Add(spec.PosNodo(f, f.Dati), "dati.predefinito", "mancante", "manca il tipo di posto delle fattispecie non elencate: predefinito: AF")
	} else if t.Predefinito = spec.TestoNodo(f, n, "dati.predefinito", ps); t.Predefinito == "" && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		ps.Add(spec.PosNodo(f, n), "dati.predefinito", "valore", "tipo di posto vuoto")
	}
	switch n := m["fattispecie"]; {
	case n == nil:
	case n.Kind != yaml.MappingNode:
		ps.Add(spec.PosNodo(f, n), "dati.fattispecie", "forma", "attesa una mappa fattispecie: tipo di posto")
	default:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			perc := "dati.fattispecie." + k.Value
			if !nota(k.Value) {
				ps.Add(spec.PosNodo(f, k), perc, "nome", "fattispecie %q sconosciuta: una di %s", k.Value, strings.Join(elenco, ", "))
				continue
			}
			if _, dup := t.Fattispecie[k.Value]; dup {
				ps.Add(spec.PosNodo(f, k), perc, "chiave", "fattispecie %q ripetuta", k.Value)
				continue
			}
			tipo := spec.TestoNodo(f, v, perc, ps)
			if tipo == "" && v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
				ps.Add(spec.PosNodo(f, v), perc, "valore", "tipo di posto vuoto")
			}
			t.Fattispecie[k.Value] = tipo
		}
	}
	return t
}
