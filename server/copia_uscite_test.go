package server

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/internal/regoleprova"
	"github.com/lpu-it/lpu/lpu"
)

// gestoreModificato serves the embedded fattispecie's rules
// (regoleReali) with an overlay of two changes no other test of this
// package reads, each its own test's: gdp54 computes and exports an
// output of type importo the vocabulary declares, residuo_multa_prova
// (TestCopiaUscitaDichiarata), and the convention's form asks the type
// of post in the convention's group, with another note of the sedi and
// four sedi at first (modificheConvenzione,
// TestModuloConvenzioneDalVocabolario). Built once: a Load of every
// fattispecie costs most of a second of CPU under -race.
func gestoreModificato(t *testing.T) http.Handler {
	t.Helper()
	h, err := gestoreModificatoUna()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

var gestoreModificatoUna = sync.OnceValues(func() (http.Handler, error) {
	base, err := regoleprova.File(fileFattispecie...)
	if err != nil {
		return nil, err
	}
	voc := string(base["vocabolario.yaml"].Data)
	const dopo = "      residuo_ammenda: {tipo: importo, etichetta: Ammenda da ripristinare in caso di revoca (€), aiuto: \"In euro, mai più di quella inflitta; solo dove le regole della fattispecie danno la pena da ripristinare per specie (i giorni di tutta la pena restano in residuo.giorni_pena, con l'ammenda ragguagliata come dicono le regole); assente senza ammenda\"}\n"
	if strings.Count(voc, dopo) != 1 {
		return nil, errors.New("vocabolario.yaml: l'uscita residuo_ammenda non è dove il test la cerca")
	}
	voc = strings.Replace(voc, dopo, dopo+"      residuo_multa_prova: {tipo: importo, etichetta: Multa di prova da ripristinare (€)}\n", 1)
	for _, c := range modificheConvenzione {
		if strings.Count(voc, c[0]) != 1 {
			return nil, fmt.Errorf("rules/vocabolario.yaml: %q not found once", c[0])
		}
		voc = strings.Replace(voc, c[0], c[1], 1)
	}
	gdp54 := string(base["gdp54.yaml"].Data) + `  - id: residuo_multa_prova
    calcola: residuo_multa_prova
    valore: decimale("1234.5")
    esporta: true
    fonte: art. 54 d.lgs. 274/2000
    testo: "Multa di prova: € {residuo_multa_prova}."
`
	e, err := lpu.Load(context.Background(), lpu.Overlay(base, fstest.MapFS{"vocabolario.yaml": {Data: []byte(voc)}, "gdp54.yaml": {Data: []byte(gdp54)}}))
	if err != nil {
		return nil, err
	}
	s, err := New(e, Opzioni{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	return s.Handler(), nil
})

// TestCopiaUscitaDichiarata: an output of type importo that an overlay
// declares in the vocabulary and a fattispecie computes (and exports)
// is in the text to copy with no Go change, by its label and in euro;
// the other fattispecie's text has no such line (gestoreModificato).
func TestCopiaUscitaDichiarata(t *testing.T) {
	h := gestoreModificato(t)
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
