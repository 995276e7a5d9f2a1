package motore

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// ParametriComuni are the shared parameters of a rule set (the files of
// tipo parametri), by name, which every program reads as legge.<nome>:
// with the modifications of the files (key modifiche, an overlay's new
// dated versions) merged in, in file order, and their values checked
// once. A name defined twice is a problem.
func ParametriComuni(files []*spec.File, ps *spec.Problems) map[string]*spec.Parametro {
	comuni := map[string]*spec.Parametro{}
	for _, f := range files {
		if f.Tipo != "parametri" {
			continue
		}
		for _, p := range f.Parametri {
			if q, dup := comuni[p.Nome]; dup {
				ps.Add(p.Pos, "parametri."+p.Nome, "nome", "parametro %q già definito in %s", p.Nome, q.Pos)
				continue
			}
			comuni[p.Nome] = p
		}
	}
	modificaParametri(files, comuni, ps)
	for _, n := range slices.Sorted(maps.Keys(comuni)) {
		p := comuni[n]
		for _, v := range p.Valori {
			ValoreParametro(p, v, ps)
		}
	}
	return comuni
}

// modificaParametri merges the modifications of the files (tipo
// parametri, key modifiche) into the parameters they name: a shared one
// in comuni by its name, one of a rule file's own as <id>.<nome>.
func modificaParametri(files []*spec.File, comuni map[string]*spec.Parametro, ps *spec.Problems) {
	perID := map[string]*spec.File{}
	for _, f := range files {
		if _, dup := perID[f.ID]; f.ID != "" && !dup {
			perID[f.ID] = f
		}
	}
	for _, f := range files {
		for _, m := range f.Modifiche {
			perc := "modifiche." + m.Nome
			id, nome, locale := strings.Cut(m.Nome, ".")
			if !locale {
				par := comuni[m.Nome]
				if par == nil {
					ps.Add(m.Pos, perc, "nome", "parametro %q sconosciuto: nessun file di tipo parametri lo definisce (il parametro di un file di regole si scrive id_del_file.nome)", m.Nome)
					continue
				}
				comuni[m.Nome] = m.Applica(par, ps)
				continue
			}
			g := perID[id]
			if g == nil {
				ps.Add(m.Pos, perc, "nome", "parametro %q sconosciuto: nessun file ha id %q", m.Nome, id)
				continue
			}
			if g.Tipo == "parametri" {
				ps.Add(m.Pos, perc, "nome", "%s è un parametro comune (%s): si scrive %s", nome, g.Nome, nome)
				continue
			}
			i := slices.IndexFunc(g.Parametri, func(p *spec.Parametro) bool { return p.Nome == nome })
			if i < 0 {
				ps.Add(m.Pos, perc, "nome", "parametro %q sconosciuto: il file %s non lo definisce", nome, g.Nome)
				continue
			}
			g.Parametri[i] = m.Applica(g.Parametri[i], ps)
		}
	}
}

// Regole are the compiled rule files of a rule set.
type Regole struct {
	// Programmi are the files of the declared kinds that compiled, by
	// file.
	Programmi map[*spec.File]*Programma
}

// CompilaRegole compiles the rule files of the kinds tipi declares, each
// on its own and in parallel (CEL parsing is most of a load), with the
// inputs altri (by kind, see Compila) and the shared parameters comuni;
// altro, when not nil, is another job of the caller (of weight peso) run
// in the same pool, with problems of its own. Each program is then
// pruned for casi (for its own id only, for a kind PerID: see Pota). The
// problems of each job are merged in file order, altro's first, so the
// report stays sorted and complete; a second file of a kind that is not
// PerID is a problem.
func CompilaRegole(files []*spec.File, tipi map[string]Conf, altri map[string][]Ingresso, comuni map[string]*spec.Parametro,
	comp OpzioniCompila, casi []string, altro func(*spec.Problems), peso int, ps *spec.Problems) *Regole {
	type lavoro struct {
		f    *spec.File
		p    *Programma
		ps   spec.Problems
		peso int
	}
	var lavori []*lavoro
	if altro != nil {
		lavori = append(lavori, &lavoro{peso: peso})
	}
	for _, f := range files {
		if _, ok := tipi[f.Tipo]; ok {
			lavori = append(lavori, &lavoro{f: f, peso: len(f.Passi)})
		}
	}
	cache := NuovaCacheCEL()
	InParallelo(len(lavori), func(i int) int { return lavori[i].peso }, func(i int) {
		l := lavori[i]
		if l.f == nil {
			altro(&l.ps)
			return
		}
		l.p = compila(l.f, tipi[l.f.Tipo], altri[l.f.Tipo], comuni, comp, cache, &l.ps)
		usatiDa(l.f, l.ps)
		if l.p != nil && len(l.ps) == 0 {
			if tipi[l.f.Tipo].PerID {
				l.p.Pota([]string{l.f.ID}) // (it answers for its own only)
			} else {
				l.p.Pota(casi)
			}
		}
	})
	r := &Regole{Programmi: map[*spec.File]*Programma{}}
	for _, l := range lavori {
		*ps = append(*ps, l.ps...)
		if l.f != nil && l.p != nil {
			r.Programmi[l.f] = l.p
		}
	}
	unici := map[string]*spec.File{}
	for _, f := range files {
		if r.Programmi[f] == nil || tipi[f.Tipo].PerID {
			continue
		}
		if u := unici[f.Tipo]; u != nil {
			ps.Add(f.Pos, "tipo", "tipo", "un solo file di tipo %s (c'è già %s)", f.Tipo, u.Nome)
		}
		unici[f.Tipo] = f
	}
	return r
}

// usatiDa adds to each problem of f's compilation that is in another
// file, a step of a file of tipo passi f uses (spec.UsaPassi), where f
// uses it: the names the step reads are f's, and the problem may be
// f's, not the step's. (The problem's path, passi[n], is f's.)
func usatiDa(f *spec.File, ps spec.Problems) {
	for i := range ps {
		pr := &ps[i]
		if pr.Pos.File == f.Nome || !strings.HasPrefix(pr.Percorso, "passi[") {
			continue
		}
		n, _, _ := strings.Cut(strings.TrimPrefix(pr.Percorso, "passi["), "]")
		for _, s := range f.Passi {
			if s.UsatoDa.File != "" && strconv.Itoa(s.Indice) == n {
				pr.Msg += fmt.Sprintf(" (nel passo usato da %s, dove è passi[%s])", s.UsatoDa, n)
				break
			}
		}
	}
}
