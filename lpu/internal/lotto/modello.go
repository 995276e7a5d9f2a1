package lotto

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/valori"
)

// Esempio is an example row of the template: a request of a kind, as a
// generic JSON value (the first case of a rule suite that computes).
type Esempio struct {
	Tipo      string
	Richiesta map[string]any
}

// rigaModello is an example row: its cells by field path (a part of a
// duration as pena.arresto.mesi), written as an office writes them.
type rigaModello struct {
	tipo, fatt string
	valori     map[string]string
}

// Modello writes the template of a CSV lotto an office fills in: ';',
// UTF-8 with a BOM (Excel reads it so), the columns named by their Italian
// labels from the vocabulary, and one row for each example. The columns
// are those the examples fill, in the vocabulary's order, the calcolo's
// first; a fondo field of the same name shares its column (fattispecie,
// convenzione, giorni for the days).
func (d *Dominio) Modello(esempi []Esempio) []byte {
	campi := map[string]map[string]Campo{}
	for tipo, cc := range d.Vocabolario {
		campi[tipo] = map[string]Campo{}
		for _, c := range cc {
			campi[tipo][c.Nome] = c
		}
	}
	var righe []rigaModello
	usate := map[string]map[string]bool{"calcolo": {}, "fondo": {}}
	for _, es := range esempi {
		tipo := es.Tipo
		r := rigaModello{tipo: tipo, valori: map[string]string{}}
		r.fatt, _ = es.Richiesta["fattispecie"].(string)
		durata := func(p string) bool { c, ok := campi[tipo][p]; return ok && c.Tipo == "durata" }
		valori.Foglie("", map[string]any(es.Richiesta), durata, func(p string, v any) {
			c, dichiarato := campi[tipo][p]
			if !dichiarato || p == "fattispecie" {
				return
			}
			if c.Tipo == "durata" {
				m, _ := v.(map[string]any)
				for _, parte := range []string{"anni", "mesi", "giorni"} {
					if x, ok := m[parte]; ok {
						r.valori[p+"."+parte] = valori.Testo(x)
						usate[tipo][p+"."+parte] = true
					}
				}
				return
			}
			r.valori[p] = cellaModello(c.Tipo, v)
			usate[tipo][p] = true
		})
		righe = append(righe, r)
	}
	alias := d.Alias()
	type colonna struct{ testa, chiave string }
	cols := []colonna{{"Rif.", ""}, {"Tipo", ""}, {"Fattispecie", ""}}
	visti := map[string]bool{}
	for _, tipo := range []string{"calcolo", "fondo"} {
		for _, f := range d.Vocabolario[tipo] {
			durata := f.Tipo == "durata"
			chiavi := []string{f.Nome}
			if durata {
				chiavi = []string{f.Nome + ".anni", f.Nome + ".mesi", f.Nome + ".giorni"}
			}
			for _, k := range chiavi {
				if !usate[tipo][k] || visti[tipo+":"+k] {
					continue
				}
				visti[tipo+":"+k] = true
				cols = append(cols, colonna{d.testaColonna(tipo, f, k, alias), tipo + ":" + k})
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
		rec[0], rec[1], rec[2] = "ESEMPIO-"+strconv.Itoa(i+1), r.tipo, r.fatt
		for j, c := range cols[3:] {
			if k, ok := strings.CutPrefix(c.chiave, r.tipo+":"); ok {
				rec[j+3] = r.valori[k]
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	return b.Bytes()
}

// testaColonna is the header of the template for the column k of the
// field f of a kind (k is f's path, or for a duration the path of a part,
// pena.arresto.mesi): the field's label, with the part of a duration
// («Arresto (mesi)»). The label must read back as this column of this
// kind; otherwise (a label two fields share) the path names it.
func (d *Dominio) testaColonna(tipo string, f Campo, k string, alias map[string]map[string]string) string {
	testa := f.Etichetta
	if f.Tipo == "durata" {
		testa += " (" + k[len(f.Nome)+1:] + ")"
	}
	norma := NormaIntestazione(testa)
	if alias[tipo][norma] != k {
		if c, ok := d.Cataloghi[tipo].colonne[norma]; !ok || c.campo() != k {
			testa = k
		}
	}
	return testa
}

// nomiColonne are the columns of the fields of a kind of request, but the
// fattispecie, as the template heads them («Arresto (mesi)», «Ammenda
// (€)»), in the vocabulary's order; a column the vocabulary does not
// declare keeps its short name. The error of an unknown column lists
// them: an office knows its columns by these names, not by the request's
// JSON names.
func (d *Dominio) nomiColonne(tipo string, alias map[string]map[string]string) []string {
	var out []string
	cat := d.Cataloghi[tipo]
	if cat == nil {
		return out
	}
	dette := map[string]bool{"fattispecie": true}
	for _, f := range d.Vocabolario[tipo] {
		chiavi := []string{f.Nome}
		if f.Tipo == "durata" {
			chiavi = []string{f.Nome + ".anni", f.Nome + ".mesi", f.Nome + ".giorni"}
		}
		for _, k := range chiavi {
			if _, ok := cat.colonne[k]; !ok || dette[k] {
				continue
			}
			dette[k] = true
			out = append(out, d.testaColonna(tipo, f, k, alias))
		}
	}
	for _, n := range cat.nomi {
		if c := cat.colonne[n]; !dette[c.campo()] {
			dette[c.campo()] = true
			out = append(out, n)
		}
	}
	return out
}

// nomiBrevi are the short names of the columns of tipo («incidente»,
// «arresto_mesi»): with the names nomiColonne writes, what a misspelt
// column may have meant.
func (d *Dominio) nomiBrevi(tipo string) []string {
	if cat := d.Cataloghi[tipo]; cat != nil {
		return cat.nomi
	}
	return nil
}

// cellaModello writes a value of a suite's request as an office writes it
// in a sheet.
func cellaModello(tipo string, v any) string {
	s := valori.Testo(v)
	switch tipo {
	case "importo":
		if d, err := calc.ParseDecimale(s); err == nil {
			return calc.FormatEuro(d)
		}
	case "data":
		if t, err := calc.ParseData(s); err == nil {
			return calc.FormatDataItaliana(t)
		}
	case "booleano":
		if b, ok := v.(bool); ok {
			if b {
				return "sì"
			}
			return "no"
		}
	}
	return s
}
