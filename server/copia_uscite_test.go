package server

import (
	"html"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCopiaUscitaDichiarata: an output of type importo that an overlay
// declares in the vocabulary and a fattispecie computes (and exports)
// is in the text to copy with no Go change, by its label and in euro;
// the other fattispecie's text has no such line.
func TestCopiaUscitaDichiarata(t *testing.T) {
	base := regoleReali(t, fileFattispecie...)
	voc := string(base["vocabolario.yaml"].Data)
	const dopo = "      residuo_ammenda: {tipo: importo, etichetta: Ammenda da ripristinare in caso di revoca (€)}\n"
	if !strings.Contains(voc, dopo) {
		t.Fatal("vocabolario.yaml: l'uscita residuo_ammenda non è dove il test la cerca")
	}
	voc = strings.Replace(voc, dopo, dopo+"      residuo_multa_prova: {tipo: importo, etichetta: Multa di prova da ripristinare (€)}\n", 1)
	gdp54 := string(base["gdp54.yaml"].Data) + `  - id: residuo_multa_prova
    calcola: residuo_multa_prova
    valore: decimale("1234.5")
    esporta: true
    fonte: art. 54 d.lgs. 274/2000
    testo: "Multa di prova: € {residuo_multa_prova}."
`
	h := gestoreConRegole(t, base, fstest.MapFS{"vocabolario.yaml": {Data: []byte(voc)}, "gdp54.yaml": {Data: []byte(gdp54)}})
	const riga = "\nMulta di prova da ripristinare (€): € 1.234,50.\n"
	for _, c := range []struct {
		url, riga string
		ha        bool
	}{
		{"/calcolo/gdp54?data=10/06/2025&pena.giorni_lpu=10", riga, true},
		{"/calcolo/cds186?data=10/06/2025&pena.arresto.giorni=15", riga, false},
		// (cp165 exports residuo_ore, which the answer's residuo
		// carries where it has one: not a line of its own)
		{"/calcolo/cp165?data=10/06/2025&pena.reclusione.mesi=6&pena.giorni_lpu=60&esecuzione.ore_svolte=50", "Ore di lavoro ancora da svolgere", false},
	} {
		url := c.url
		r := fai(h, "GET", url, "", "")
		if r.Code != 200 {
			t.Fatalf("GET %s = %d\n%s", url, r.Code, r.Body.String())
		}
		p := html.UnescapeString(r.Body.String())
		i, j := strings.Index(p, `<textarea id="testo-copia"`), strings.Index(p, "</textarea>")
		if i < 0 || j < i {
			t.Fatalf("%s: no text to copy", url)
		}
		if got := strings.Contains(p[i:j], c.riga); got != c.ha {
			t.Errorf("%s: the text to copy has %q: %v, want %v\n%s", url, c.riga, got, c.ha, p[i:j])
		}
	}
}
