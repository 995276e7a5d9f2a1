package spec

import "strings"

// unitàEtichetta are the units a field's label ends with, in brackets:
// they are the box's, not the field's name, and a text does not write
// them («indicare la «Multa»», not «Multa (€)»), nor does a «label:
// value» whose value carries its unit («Ammenda: € 1.500»).
var unitàEtichetta = []string{" (€)", " (mesi)", " (anni)"}

// NomeCampo is the label of a field without its unit.
func NomeCampo(et string) string {
	for _, u := range unitàEtichetta {
		if s, ok := strings.CutSuffix(et, u); ok {
			return s
		}
	}
	return et
}

// NominaCampo says whether the message msg names the field of label et
// between «», with or without its unit (NomeCampo), or begins with it
// bare («fattispecie «cds168» sconosciuta»), whatever the case: the
// engine's refusals and the batch's rows then do not put the label
// before a message that already says it.
func NominaCampo(msg, et string) bool {
	m := strings.ToLower(msg)
	for _, n := range []string{et, NomeCampo(et)} {
		n = strings.ToLower(n)
		if strings.Contains(m, "«"+n+"»") || strings.HasPrefix(m, n+" ") {
			return true
		}
	}
	return false
}
