package spec

import (
	"slices"
	"strings"
)

// UsaPassi puts in place of each step usa: file.passo of the rule files
// a copy of that step of the file of tipo passi with that id: it is then
// the including file's own step, compiled in its environment (its
// request, its parameters, the names its steps compute before), with the
// id of that file (fondo.regime_art7), the index of the usa and, when
// the step gives none, the file's vigenza; UsatoDa keeps where the usa
// is. A file of tipo passi uses no other: there are no chains, and no
// cycles. An unknown file or step, a usa in a file of tipo passi, or a
// step id the file already has, is a problem at the usa; a shared step
// no file uses, at the step (it is compiled only where it is used).
func UsaPassi(files []*File, ps *Problems) {
	condivisi := map[string]*File{}
	for _, f := range files {
		if f.Tipo == TipoPassi && f.ID != "" {
			if _, dup := condivisi[f.ID]; !dup {
				condivisi[f.ID] = f
			}
		}
	}
	usati := map[*Passo]bool{}
	for _, f := range files {
		propri := map[string]bool{}
		for _, s := range f.Passi {
			if s.Usa == "" {
				propri[s.ID] = true
			}
		}
		for i, s := range f.Passi {
			if s.Usa == "" {
				continue
			}
			perc := "passi[" + itoa(s.Indice) + "].usa"
			if f.Tipo == TipoPassi {
				ps.Add(s.Pos, perc, "usa", "usa %s: un file di tipo passi non usa passi (né suoi né di altri: niente catene, niente cicli); usa va nei file di regole", s.Usa)
				continue
			}
			fid, id, _ := strings.Cut(s.Usa, ".")
			g := condivisi[fid]
			if g == nil {
				ps.Add(s.Pos, perc, "usa", "usa %s: nessun file di tipo passi ha id %q", s.Usa, fid)
				continue
			}
			var c *Passo
			for _, t := range g.Passi {
				if t.ID == fid+"."+id {
					c = t
				}
			}
			if c == nil {
				ps.Add(s.Pos, perc, "usa", "usa %s: il file %s non ha il passo %q", s.Usa, g.Nome, id)
				continue
			}
			nuovo := *c
			nuovo.ID, nuovo.Indice, nuovo.UsatoDa = id, s.Indice, s.Pos
			if f.ID != "" {
				nuovo.ID = f.ID + "." + id
			}
			// (a step of its own cannot outlive its file, nor can one it
			// uses: the check of the parse, here against the file that
			// uses it)
			def := f.Vigenza
			switch v := nuovo.Vigenza; {
			case v == (Vigenza{}):
				nuovo.Vigenza = def
			case !def.Dal.IsZero() && (v.Dal.Before(def.Dal) || (!def.Al.IsZero() && (v.Al.IsZero() || v.Al.After(def.Al)))):
				ps.Add(s.Pos, perc, "vigenza", "usa %s: vigenza del passo %s (%s) fuori da quella del file (%s)", s.Usa, c.Pos, v, def)
				continue
			}
			if propri[nuovo.ID] {
				ps.Add(s.Pos, perc, "id", "usa %s: il file ha già un passo %q", s.Usa, id)
				continue
			}
			propri[nuovo.ID] = true
			usati[c] = true
			f.Passi[i] = &nuovo
		}
		// (a usa not resolved is no step: the load fails at it)
		f.Passi = slices.DeleteFunc(f.Passi, func(s *Passo) bool { return s.Usa != "" })
	}
	// (a step no file uses is compiled nowhere: nothing would check it)
	for _, g := range condivisi {
		for _, s := range g.Passi {
			if !usati[s] && s.ID != "" {
				ps.Add(s.Pos, "passi["+itoa(s.Indice)+"]", "usa", "il passo %s non è usato da nessun file di regole: non viene controllato (toglierlo, o usarlo con usa: %s)", s.ID, s.ID)
			}
		}
	}
}
