package spec

import (
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/calc"
)

// Applica returns par with the new versions of m merged in; par itself
// is not changed. Each new version must find its place:
//
//   - where no version of par is in force, it is added;
//   - a version without end (al) that starts after a version without end
//     of par ends that version the day before: the law changes the
//     value from a date on;
//   - any other overlap is a problem, unless the new version says
//     sostituisce: true, and then it takes the place of the versions of
//     par it overlaps, for the days it covers (a correction);
//   - days left without a value between a new version and the version
//     before or after it (a gap, see Buchi) are a problem. (None can be
//     left at the edges of par's vigenza, see Scoperti: a new version
//     adds days, a correction takes the place of as many.)
//
// The type, when m gives one, must be par's; the values are checked
// against par's type where they are compiled, at m's positions. Every
// problem is at m's position.
func (m *Modifica) Applica(par *Parametro, ps *Problems) *Parametro {
	perc := "modifiche." + m.Nome
	if m.Tipo != "" && m.Tipo != par.Tipo {
		ps.Add(m.PosTipo, perc+".tipo", "tipo", "il parametro %s è di tipo %s (%s), non %s", m.Nome, par.Tipo, par.Pos, m.Tipo)
		return par
	}
	vals := slices.Clone(par.Valori)
	// The latest new version first: at most one is without end (they do
	// not overlap), and it ends the version it follows before an earlier
	// one, bounded, takes the place of a part of it (sostituisce).
	ordine := make([]int, len(m.Valori))
	for j := range ordine {
		ordine[j] = j
	}
	slices.SortStableFunc(ordine, func(a, b int) int { return m.Valori[b].Vigenza.Dal.Compare(m.Valori[a].Vigenza.Dal) })
	rotti := map[int]bool{}
	for _, j := range ordine {
		v := m.Valori[j]
		pv := perc + ".valori[" + itoa(j) + "]"
		if v.Sostituisce {
			var out []Valore
			sostituiti := 0
			for _, b := range vals {
				if !b.Vigenza.Sovrappone(v.Vigenza) {
					out = append(out, b)
					continue
				}
				sostituiti++
				// (what stays of b: the days before v, and those after)
				if b.Vigenza.Dal.Before(v.Vigenza.Dal) {
					prima := b
					prima.Vigenza.Al = calc.AggiungiGiorni(v.Vigenza.Dal, -1)
					out = append(out, prima)
				}
				if !v.Vigenza.Al.IsZero() && (b.Vigenza.Al.IsZero() || b.Vigenza.Al.After(v.Vigenza.Al)) {
					dopo := b
					dopo.Vigenza.Dal = calc.AggiungiGiorni(v.Vigenza.Al, 1)
					out = append(out, dopo)
				}
			}
			if sostituiti == 0 {
				rotti[j] = true // (its gaps would tell the same mistake again)
				ps.Add(v.Pos, pv+".sostituisce", "sostituisce", "sostituisce: true, ma nessun valore di %s è in vigore %s: togliere sostituisce", m.Nome, v.Vigenza)
			}
			vals = append(out, v)
			continue
		}
		ok := true
		for i, b := range vals {
			if !b.Vigenza.Sovrappone(v.Vigenza) {
				continue
			}
			if b.Vigenza.Al.IsZero() && v.Vigenza.Al.IsZero() && b.Vigenza.Dal.Before(v.Vigenza.Dal) {
				vals[i].Vigenza.Al = calc.AggiungiGiorni(v.Vigenza.Dal, -1)
				continue
			}
			ps.Add(v.Pos, pv, "vigenza", "il nuovo valore di %s (%s) si sovrappone a quello %s (%s): per prenderne il posto, sostituisce: true", m.Nome, v.Vigenza, b.Vigenza, b.Pos)
			ok = false
		}
		if ok {
			vals = append(vals, v)
		}
	}
	slices.SortStableFunc(vals, func(a, b Valore) int { return a.Vigenza.Dal.Compare(b.Vigenza.Dal) })
	// A gap a new version leaves between it and another (par's own
	// gaps were reported with par) is a problem at the new version.
	nuovi := make(map[*yaml.Node]int, len(m.Valori))
	for j, v := range m.Valori {
		nuovi[v.Node] = j
	}
	for _, b := range Buchi(vals) {
		qui := b.Dopo
		j, ok := nuovi[vals[qui].Node]
		if !ok {
			qui = b.Prima
			if j, ok = nuovi[vals[qui].Node]; !ok {
				continue
			}
		}
		if !rotti[j] {
			ps.Add(m.Valori[j].Pos, perc+".valori["+itoa(j)+"]", "vigenza", "%s", b.Messaggio(m.Nome, par.Pos.File, vals, qui))
		}
	}
	q := *par
	q.Valori = vals
	return &q
}
