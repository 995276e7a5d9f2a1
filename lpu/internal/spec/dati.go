package spec

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The content of a data file (tipo: dati, File.Dati) is free YAML: the
// domain package that reads one walks its nodes with these helpers,
// which report every problem at the node's file, line and column.

// PosNodo is the position of n in f.
func PosNodo(f *File, n *yaml.Node) Pos {
	return Pos{File: f.Nome, Line: n.Line, Col: n.Column}
}

// Chiavi returns the keys of a mapping node, reporting unknown and
// repeated ones (and a node that is not a mapping).
func Chiavi(f *File, n *yaml.Node, percorso string, ammesse []string, ps *Problems) map[string]*yaml.Node {
	m := map[string]*yaml.Node{}
	if n == nil || n.Kind != yaml.MappingNode {
		if n != nil {
			ps.Add(PosNodo(f, n), percorso, "forma", "attesa una mappa di chiavi")
		}
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		ok := false
		for _, a := range ammesse {
			ok = ok || a == k.Value
		}
		switch {
		case !ok:
			ps.Add(PosNodo(f, k), join(percorso, k.Value), "chiave", "chiave sconosciuta %q (ammesse: %s)", k.Value, strings.Join(ammesse, ", "))
		case m[k.Value] != nil:
			ps.Add(PosNodo(f, k), join(percorso, k.Value), "chiave", "chiave %q ripetuta", k.Value)
		default:
			m[k.Value] = v
		}
	}
	return m
}

// TestoNodo is the text of a scalar node, trimmed ("" for nil); any
// other node is a problem.
func TestoNodo(f *File, n *yaml.Node, percorso string, ps *Problems) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		ps.Add(PosNodo(f, n), percorso, "tipo", "atteso un testo")
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// InteroNodo is the integer of a node, between min and max (0 for nil
// and for a problem).
func InteroNodo(f *File, n *yaml.Node, percorso string, min, max int, ps *Problems) int {
	if n == nil {
		return 0
	}
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil || v < min || v > max {
		ps.Add(PosNodo(f, n), percorso, "valore", "atteso un intero tra %d e %d", min, max)
		return 0
	}
	return v
}
