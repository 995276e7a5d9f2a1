package lpu

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"path"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// ModelloLotto writes the template of a CSV lotto an office fills in: ';',
// UTF-8 with a BOM (Excel reads it so), the columns named by their Italian
// labels from the vocabulary, and one example row for each fattispecie and
// one for the Fund — the first case of each rule suite that computes, so
// that the template always reads back and computes (TestModelloLotto).
func (e *Engine) ModelloLotto() []byte {
	type riga struct {
		tipo, fatt string
		valori     map[string]string // column key -> cell
	}
	var righe []riga
	usate := map[string]map[string]bool{"calcolo": {}, "fondo": {}}
	aggiungi := func(tipo string, raw map[string]any) {
		r := riga{tipo: tipo, valori: map[string]string{}}
		r.fatt, _ = raw["fattispecie"].(string)
		var walk func(p string, v any)
		walk = func(p string, v any) {
			d := e.voc.campo(tipo, p)
			if m, ok := v.(map[string]any); ok && (d == nil || d.Tipo != "durata") {
				for k, x := range m {
					q := k
					if p != "" {
						q = p + "." + k
					}
					walk(q, x)
				}
				return
			}
			if d == nil || p == "fattispecie" {
				return
			}
			if d.Tipo == "durata" {
				m, _ := v.(map[string]any)
				for _, parte := range []string{"anni", "mesi", "giorni"} {
					if x, ok := m[parte]; ok {
						r.valori[p+"."+parte] = stringa(x)
						usate[tipo][p+"."+parte] = true
					}
				}
				return
			}
			r.valori[p] = cellaModello(d.Tipo, v)
			usate[tipo][p] = true
		}
		walk("", raw)
		righe = append(righe, r)
	}
	for _, id := range e.ordine {
		if raw := e.primoCaso(id, "calcolo", id); raw != nil {
			aggiungi("calcolo", raw)
		}
	}
	if raw := e.primoCaso("fondo", "fondo", ""); raw != nil {
		aggiungi("fondo", raw)
	}
	// The columns: those the examples fill, in the vocabulary's order,
	// the calcolo's first; a fondo field of the same name shares its
	// column (fattispecie, convenzione, giorni for the days).
	cat := e.cataloghiCSV()
	alias := e.aliasCSV(cat)
	type colonna struct{ testa, chiave string }
	cols := []colonna{{"Rif.", ""}, {"Tipo", ""}, {"Fattispecie", ""}}
	visti := map[string]bool{}
	for _, tipo := range []string{"calcolo", "fondo"} {
		t := e.voc.tipi[tipo]
		if t == nil {
			continue
		}
		for _, n := range t.ordine {
			d := t.campi[n]
			chiavi := []string{n}
			if d.Tipo == "durata" {
				chiavi = []string{n + ".anni", n + ".mesi", n + ".giorni"}
			}
			for _, k := range chiavi {
				if !usate[tipo][k] || visti[tipo+":"+k] {
					continue
				}
				visti[tipo+":"+k] = true
				testa := d.Etichetta
				if d.Tipo == "durata" {
					testa += " (" + k[len(n)+1:] + ")"
				}
				// The label must read back as this column of this kind;
				// otherwise (a label two fields share) the path does.
				norma := normaIntestazione(testa)
				if alias[tipo][norma] != k {
					if c, ok := cat[tipo].colonne[norma]; !ok || c.campo() != k {
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
		rec[0], rec[1], rec[2] = "ESEMPIO-"+strconv.Itoa(i+1), r.tipo, r.fatt
		for j, c := range cols[3:] {
			if k, ok := cutPrefisso(c.chiave, r.tipo+":"); ok {
				rec[j+3] = r.valori[k]
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	return b.Bytes()
}

func cutPrefisso(s, p string) (string, bool) {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):], true
	}
	return "", false
}

// cellaModello writes a value of a suite's request as an office writes it
// in a sheet.
func cellaModello(tipo string, v any) string {
	s := stringa(v)
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
			return siNo(b)
		}
	}
	return s
}

// primoCaso is the request of the first case of test/<suite>.yaml of the
// kind tipo (for fattispecie fatt, if given) that the engine computes.
func (e *Engine) primoCaso(suite, tipo, fatt string) map[string]any {
	if e.fsys == nil {
		return nil
	}
	src, err := fs.ReadFile(e.fsys, path.Join("test", suite+".yaml"))
	if err != nil {
		return nil
	}
	var s motore.Suite
	if yaml.Unmarshal(src, &s) != nil {
		return nil
	}
	for _, c := range s.Casi {
		t := c.Tipo
		if t == "" {
			t = s.Tipo
		}
		if t == "" {
			t = "calcolo"
		}
		if t != tipo || c.Errore != nil || (fatt != "" && c.Richiesta["fattispecie"] != fatt) {
			continue
		}
		raw, ok := motore.Normalizza(c.Richiesta).(map[string]any)
		if !ok {
			continue
		}
		return raw
	}
	return nil
}
