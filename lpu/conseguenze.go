package lpu

import (
	"regexp"
	"strings"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// reNomeIgnoto is the name a problem says is unknown: to an
// expression (cel), or to etichetta.
var reNomeIgnoto = regexp.MustCompile(`^(?:nome sconosciuto|etichetta:) «([^»]*)»(?: non è un campo della richiesta|:| \(forse|$)`)

// reIDIgnoto is a modification's problem that no file has the id it
// names (motore.modificaParametri).
var reIDIgnoto = regexp.MustCompile(`: nessun file ha id "[^"]*"$`)

// senzaConseguenze is ps without the problems that only follow from
// another one of ps: a name unknown to an expression or to etichetta
// when the declaration of that field in the vocabulary has a problem
// (the field is then left undeclared), or when a rule file could not be
// read at all (the names it declares are unknown, and so is its id, which
// a modification of its parameter names). Each reader of the
// name would say it again, up to ten times for one mistake, and sorted
// before the declaration's own problem, which is the one to fix.
func senzaConseguenze(ps spec.Problems) spec.Problems {
	var rotti []string // the paths of the declarations with a problem, from the field
	illeggibile := false
	for _, p := range ps {
		if p.Codice == "yaml" {
			illeggibile = true
		}
		if _, resto, ok := strings.Cut(p.Percorso, ".campi."); ok && strings.HasPrefix(p.Percorso, "richieste.") {
			rotti = append(rotti, resto)
		}
	}
	if !illeggibile && len(rotti) == 0 {
		return ps
	}
	dichiarazioneRotta := func(nome string) bool {
		for _, r := range rotti {
			if r == nome || strings.HasPrefix(r, nome+".") {
				return true
			}
		}
		return false
	}
	out := ps[:0:0]
	for _, p := range ps {
		if (p.Codice == "cel" || p.Codice == "etichetta") && !strings.HasPrefix(p.Percorso, "richieste.") {
			if m := reNomeIgnoto.FindStringSubmatch(p.Msg); m != nil && (illeggibile || dichiarazioneRotta(m[1])) {
				continue
			}
		}
		if illeggibile && p.Codice == "nome" && strings.HasPrefix(p.Percorso, "modifiche.") && reIDIgnoto.MatchString(p.Msg) {
			continue
		}
		out = append(out, p)
	}
	return out
}
