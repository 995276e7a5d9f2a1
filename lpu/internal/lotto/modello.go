package lotto

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
)

// RigaModello is an example row of the template: its kind, its
// fattispecie and its cells by field path (a part of a duration as
// pena.arresto.mesi), written as an office writes them.
type RigaModello struct {
	Tipo, Fattispecie string
	Valori            map[string]string
}

// Modello writes the template of a CSV lotto an office fills in: ';',
// UTF-8 with a BOM (Excel reads it so), the columns the example rows fill
// named by their Italian labels from the vocabulary, in its order, the
// calcolo's first (a fondo field of the same name shares its column), then
// the rows.
func (d *Dominio) Modello(righe []RigaModello) []byte {
	usate := map[string]map[string]bool{"calcolo": {}, "fondo": {}}
	for _, r := range righe {
		for k := range r.Valori {
			if u := usate[r.Tipo]; u != nil {
				u[k] = true
			}
		}
	}
	alias := d.Alias()
	type colonna struct{ testa, chiave string }
	cols := []colonna{{"Rif.", ""}, {"Tipo", ""}, {"Fattispecie", ""}}
	visti := map[string]bool{}
	for _, tipo := range []string{"calcolo", "fondo"} {
		campi, ok := d.Vocabolario[tipo]
		if !ok {
			continue
		}
		for _, f := range campi {
			chiavi := []string{f.Nome}
			if f.Durata {
				chiavi = []string{f.Nome + ".anni", f.Nome + ".mesi", f.Nome + ".giorni"}
			}
			for _, k := range chiavi {
				if !usate[tipo][k] || visti[tipo+":"+k] {
					continue
				}
				visti[tipo+":"+k] = true
				testa := f.Etichetta
				if f.Durata {
					testa += " (" + k[len(f.Nome)+1:] + ")"
				}
				// The label must read back as this column of this kind;
				// otherwise (a label two fields share) the path does.
				norma := NormaIntestazione(testa)
				if alias[tipo][norma] != k {
					if c, ok := d.Cataloghi[tipo].colonne[norma]; !ok || c.campo() != k {
						testa = k
					}
				}
				cols = append(cols, colonna{testa, tipo + ":" + k})
			}
		}
	}
	var b bytes.Buffer
	b.WriteString("\ufeff")
	cw := csv.NewWriter(&b)
	cw.Comma = ';'
	testa := make([]string, len(cols))
	for i, c := range cols {
		testa[i] = c.testa
	}
	cw.Write(testa)
	for i, r := range righe {
		rec := make([]string, len(cols))
		rec[0], rec[1], rec[2] = "ESEMPIO-"+strconv.Itoa(i+1), r.Tipo, r.Fattispecie
		for j, c := range cols[3:] {
			if k, ok := strings.CutPrefix(c.chiave, r.Tipo+":"); ok {
				rec[j+3] = r.Valori[k]
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	return b.Bytes()
}
