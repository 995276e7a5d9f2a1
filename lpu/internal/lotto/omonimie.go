package lotto

import (
	"maps"
	"slices"
	"strings"
)

// Omonimia is a name two columns of a kind of request would both have:
// the lotto reads it as neither (NuovoCatalogo and Alias leave a shared
// name out), so that a field added with another's name, or with its
// label, would take away in silence a column an office writes. The load
// of the rules reports each (Dominio.Omonimie).
type Omonimia struct {
	Tipo string // the kind of request
	Nome string // the name as a header is read (NormaIntestazione)
	// Prima is the column that has the name first (the columns of every
	// row, then the short names, then the labels and colonne, in the
	// vocabulary's order), Dopo the other one.
	Prima, Dopo Nominante
}

// Nominante is a column and how it has a name.
type Nominante struct {
	// Colonna is the column's path (pena.arresto.mesi), or the name of
	// a column of every row that fills no field (rif, tipo).
	Colonna string
	// Campo is the vocabulary's field the column fills (pena.arresto for
	// a part of a duration); "" for none.
	Campo string
	// Come is how the column has the name: "riga" (a column of every
	// row, or one of its other names: riferimento, reato), "nome" (its
	// field's name), "etichetta" (its field's label) or "colonne" (one of
	// its field's colonne).
	Come string
	// Testo is the name as written: the field's name, its label, the
	// item of its colonne.
	Testo string
}

// Omonimie are the names two columns of a kind of request would share,
// in the order the kinds (TipiCSV), then their names, are read.
func (d *Dominio) Omonimie() []Omonimia {
	var out []Omonimia
	for _, tipo := range TipiCSV {
		c := d.Cataloghi[tipo]
		if c == nil {
			continue
		}
		campi := d.Vocabolario[tipo]
		campoDi := func(col string) string {
			for _, f := range campi {
				if f.Nome == col || (f.Tipo == "durata" && strings.HasPrefix(col, f.Nome+".") && !strings.Contains(col[len(f.Nome)+1:], ".")) {
					return f.Nome
				}
			}
			return ""
		}
		chi := map[string]Nominante{}
		metti := func(nome string, n Nominante) {
			if nome == "" {
				return
			}
			if p, ok := chi[nome]; ok {
				if p.Colonna != n.Colonna {
					out = append(out, Omonimia{Tipo: tipo, Nome: nome, Prima: p, Dopo: n})
				}
				return
			}
			chi[nome] = n
		}
		riga := func(nome string) Nominante {
			if col, ok := c.colonne[nome]; ok { // fattispecie
				return Nominante{Colonna: col.campo(), Campo: campoDi(col.campo()), Come: "riga", Testo: nome}
			}
			return Nominante{Colonna: nome, Come: "riga", Testo: nome}
		}
		for _, n := range []string{"rif", "tipo", "fattispecie"} {
			metti(n, riga(n))
		}
		for _, a := range slices.Sorted(maps.Keys(colonneSpeciali)) {
			n := riga(colonneSpeciali[a])
			n.Testo = a
			metti(a, n)
		}
		for _, a := range slices.Sorted(maps.Keys(aliasColonne[tipo])) {
			if col, ok := c.colonne[aliasColonne[tipo][a]]; ok { // a fondo row's data
				metti(a, Nominante{Colonna: col.campo(), Campo: campoDi(col.campo()), Come: "riga", Testo: a})
			}
		}
		for _, v := range c.voci {
			metti(NormaIntestazione(v.Breve), Nominante{Colonna: v.campo(), Campo: campoDi(v.campo()), Come: "nome", Testo: v.Breve})
		}
		for _, f := range campi {
			for i, testo := range append([]string{f.Etichetta}, f.Colonne...) {
				come := "etichetta"
				if i > 0 {
					come = "colonne"
				}
				a := NormaIntestazione(testo)
				if a == "" {
					continue
				}
				if f.Tipo == "durata" {
					for _, parte := range []string{"anni", "mesi", "giorni"} {
						if col := f.Nome + "." + parte; c.colonne[col].Percorso != nil {
							metti(a+"_"+parte, Nominante{Colonna: col, Campo: f.Nome, Come: come, Testo: testo})
						}
					}
					continue
				}
				if c.colonne[f.Nome].Percorso != nil {
					metti(a, Nominante{Colonna: f.Nome, Campo: f.Nome, Come: come, Testo: testo})
				}
			}
		}
	}
	return out
}
