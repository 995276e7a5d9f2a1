package lpu_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// Shared steps (a file of tipo passi, a step usa: file.passo) on the
// synthetic rules: two fattispecie use one step written once, each in
// its own environment; what it reads must exist in each; a usa of
// nothing, or in a file of tipo passi, is a problem at load; an
// overlay replaces the shared file like any other.

const sinteticoComuni = `id: comuni
tipo: passi
titolo: Passi comuni di prova
fonte: legge di prova
passi:
  - id: lungo
    avverte: giorni > legge.soglia
    fonte: art. 4 legge di prova
    testo: "{giorni} giorni: più di {legge.soglia}"
`

// sinteticoUsa is prova.yaml with id id, a parameter soglia and the
// step lungo of comuni.yaml after its own.
func sinteticoUsa(id, soglia string) string {
	s := strings.Replace(sinteticoProva, "id: prova\n", "id: "+id+"\n", 1)
	s = strings.Replace(s, "parametri:\n", "parametri:\n  soglia: {tipo: intero, valore: "+soglia+", fonte: art. 4 legge di prova}\n", 1)
	return s + "  - usa: comuni.lungo\n"
}

// calcolaCaso computes fattispecie id for 10 days of LPU on data.
func calcolaCaso(t *testing.T, e *lpu.Engine, id, data string) *lpu.Risultato {
	t.Helper()
	out, err := e.Run(context.Background(), "calcolo", []byte(`{"fattispecie":"`+id+`","data":"`+data+`","pena":{"giorni_lpu":10}}`))
	if err != nil {
		t.Fatalf("%s del %s: %v", id, data, err)
	}
	return out.(*lpu.Risultato)
}

func TestSinteticoPassiCondivisi(t *testing.T) {
	base := regoleSintetiche(t, "comuni.yaml", sinteticoComuni, "prova.yaml", sinteticoUsa("prova", "25"), "altra.yaml", sinteticoUsa("altra", "5"))
	e, err := caricaSintetiche(t, base)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ id, avv string }{{"prova", "30 giorni: più di 25"}, {"altra", "30 giorni: più di 5"}} {
		r := calcolaCaso(t, e, c.id, "2024-06-01")
		if len(r.Avvertenze) != 1 || !strings.Contains(r.Avvertenze[0], c.avv) {
			t.Errorf("%s: avvertenze %q; want %q", c.id, r.Avvertenze, c.avv)
		}
	}
	// An overlay replaces the shared file: both files use its step.
	e, err = caricaSintetiche(t, base, "comuni.yaml", strings.Replace(sinteticoComuni, "più di", "oltre", 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ id, avv string }{{"prova", "30 giorni: oltre 25"}, {"altra", "30 giorni: oltre 5"}} {
		r := calcolaCaso(t, e, c.id, "2024-06-01")
		if len(r.Avvertenze) != 1 || !strings.Contains(r.Avvertenze[0], c.avv) {
			t.Errorf("overlay: %s: avvertenze %q; want %q", c.id, r.Avvertenze, c.avv)
		}
	}
}

// TestSinteticoPassiCondivisiErrori: what a shared step reads is the
// including file's: a name it lacks, or a parameter of another type or
// not in force while the file is, is a problem at the shared step's
// line that names the usa in the including file; a usa of an unknown
// file or step, or in a file of tipo passi (no chains, no cycles), is a
// problem at the usa; a shared step no file uses, at the step.
func TestSinteticoPassiCondivisiErrori(t *testing.T) {
	soglia := "  soglia: {tipo: intero, valore: 5, fonte: art. 4 legge di prova}\n"
	senzaSoglia := strings.Replace(sinteticoUsa("altra", "5"), soglia, "", 1)
	// (the parameter is there, but not as the shared step reads it)
	sogliaTesto := strings.Replace(sinteticoUsa("altra", "5"), soglia, "  soglia: {tipo: testo, valore: \"5\", fonte: art. 4 legge di prova}\n", 1)
	sogliaDal2022 := strings.Replace(sinteticoUsa("altra", "5"), soglia, "  soglia:\n    tipo: intero\n    fonte: art. 4 legge di prova\n    dal: 2022-01-01\n    valori:\n      - {dal: 2022-01-01, valore: 5}\n", 1)
	for _, c := range []struct {
		nome  string
		extra []string
		want  []string
	}{
		{"nome mancante", []string{"altra.yaml", senzaSoglia},
			[]string{"comuni.yaml:7:", "legge.soglia", "(nel passo usato da rules/altra.yaml:24:5, dove è passi[3])"}},
		{"parametro di altro tipo", []string{"altra.yaml", sogliaTesto},
			[]string{"rules/comuni.yaml:7:21: passi[3].avverte: «>» non si applica a intero, testo (nel passo usato da rules/altra.yaml:25:5, dove è passi[3])"}},
		{"parametro in vigore dopo il file", []string{"altra.yaml", sogliaDal2022},
			[]string{"rules/comuni.yaml:6:5: passi[3]: il passo altra.lungo legge legge.soglia, in vigore dal 01/01/2022, ma è in vigore dal 01/01/2020", "(nel passo usato da rules/altra.yaml:30:5, dove è passi[3])"}},
		{"file sconosciuto", []string{"altra.yaml", strings.Replace(sinteticoUsa("altra", "5"), "usa: comuni.lungo", "usa: comune.lungo", 1)},
			[]string{"altra.yaml:25:5: passi[3].usa: usa comune.lungo: nessun file di tipo passi ha id \"comune\""}},
		{"passo sconosciuto", []string{"altra.yaml", strings.Replace(sinteticoUsa("altra", "5"), "usa: comuni.lungo", "usa: comuni.corto", 1)},
			[]string{"altra.yaml:25:5: passi[3].usa: usa comuni.corto: il file rules/comuni.yaml non ha il passo \"corto\""}},
		{"usa in un file di passi", []string{"comuni.yaml", sinteticoComuni + "  - usa: comuni.lungo\n"},
			[]string{"comuni.yaml:10:5: passi[1].usa: usa comuni.lungo: un file di tipo passi non usa passi"}},
		{"vigenza oltre il file", []string{"comuni.yaml", strings.Replace(sinteticoComuni, "    fonte: art. 4 legge di prova\n", "    vigenza: {dal: 1900-01-01}\n    fonte: art. 4 legge di prova\n", 1)},
			[]string{"altra.yaml:25:5: passi[3].usa: usa comuni.lungo: vigenza del passo rules/comuni.yaml:6:5 (dal 01/01/1900) fuori da quella del file (dal 01/01/2020)"}},
		{"passo non usato", []string{"comuni.yaml", sinteticoComuni + "  - id: corto\n    avverte: giorni < 2\n    fonte: art. 5 legge di prova\n    testo: pochi\n"},
			[]string{"comuni.yaml:10:5: passi[1]: il passo comuni.corto non è usato da nessun file di regole"}},
	} {
		base := regoleSintetiche(t, append([]string{"comuni.yaml", sinteticoComuni, "prova.yaml", sinteticoUsa("prova", "25"), "altra.yaml", sinteticoUsa("altra", "5")}, c.extra...)...)
		_, err := caricaSintetiche(t, base)
		if err == nil {
			t.Errorf("%s: caricate; want an error", c.nome)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v\nwant %q", c.nome, err, w)
			}
		}
	}
}
