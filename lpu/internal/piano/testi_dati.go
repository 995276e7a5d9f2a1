package piano

import (
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// CompilaTesti reads the sentences of the plan (dati.testi of the
// calendar rules: passi, avvertenze and violazioni, each a mapping of names to
// texts with {placeholders}): every sentence Segnaposto names must
// be there, with only its own placeholders, and no other; each problem
// is reported at its file, line and column. dati is where a missing
// testi is reported.
func CompilaTesti(f *spec.File, n, dati *yaml.Node, ps *spec.Problems) Testi {
	out := Testi{}
	if n == nil {
		ps.Add(spec.PosNodo(f, dati), "dati.testi", "mancante", "mancano le frasi del piano: testi: {passi: {…}, avvertenze: {…}, violazioni: {…}}")
		return out
	}
	gruppi := []string{"passi", "avvertenze", "violazioni"}
	mg := spec.Chiavi(f, n, "dati.testi", gruppi, ps)
	for _, g := range gruppi {
		var nomi []string
		for _, k := range slices.Sorted(maps.Keys(Segnaposto)) {
			if nome, ok := strings.CutPrefix(k, g+"."); ok {
				nomi = append(nomi, nome)
			}
		}
		perc := "dati.testi." + g
		gn := mg[g]
		if gn == nil {
			ps.Add(spec.PosNodo(f, n), perc, "mancante", "mancano le frasi %s: %s", g, strings.Join(nomi, ", "))
			continue
		}
		mt := spec.Chiavi(f, gn, perc, nomi, ps)
		for _, nome := range nomi {
			tn := mt[nome]
			if tn == nil {
				ps.Add(spec.PosNodo(f, gn), perc+"."+nome, "mancante", "manca la frase %s.%s", g, nome)
				continue
			}
			src := spec.TestoNodo(f, tn, perc+"."+nome, ps)
			if src == "" {
				if tn.Kind == yaml.ScalarNode && tn.Tag != "!!null" {
					ps.Add(spec.PosNodo(f, tn), perc+"."+nome, "mancante", "frase vuota")
				}
				continue
			}
			m, off, err := NuovoModello(tn.Value, Segnaposto[g+"."+nome])
			if err != nil {
				ps.Add(posCarattere(f, tn, off), perc+"."+nome, "segnaposto", "%s", err.Error())
				continue
			}
			out[g+"."+nome] = m
		}
	}
	return out
}

// posCarattere is the position of the character at rune offset off of
// a scalar written on one line, its quote skipped; of the scalar itself
// when it spans several lines or its escapes would shift the count.
func posCarattere(f *spec.File, n *yaml.Node, off int) spec.Pos {
	p := spec.PosNodo(f, n)
	switch n.Style {
	case 0:
	case yaml.DoubleQuotedStyle:
		if strings.ContainsAny(n.Value, "\\\"") {
			return p
		}
		p.Col++
	case yaml.SingleQuotedStyle:
		if strings.Contains(n.Value, "'") {
			return p
		}
		p.Col++
	default:
		return p
	}
	if strings.Contains(n.Value, "\n") {
		return p
	}
	p.Col += off
	return p
}
