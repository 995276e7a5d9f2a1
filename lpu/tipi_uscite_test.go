package lpu_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
)

// TestTipoUscitaLettaDalMotore: an overlay's vocabulary that declares an
// output the facade reads with another type (residuo_ammenda as an
// intero) is refused at load, at its line; it loaded, and a cds187
// calcolo with hours served panicked reading an int as an amount.
func TestTipoUscitaLettaDalMotore(t *testing.T) {
	fsys := regoleReali(t, "vocabolario.yaml")
	voc := string(fsys["vocabolario.yaml"].Data)
	const era = "      residuo_ammenda: {tipo: importo,"
	if !strings.Contains(voc, era) {
		t.Fatal("vocabolario.yaml: residuo_ammenda non è dove il test la cerca")
	}
	voc = strings.Replace(voc, era, "      residuo_ammenda: {tipo: intero,", 1)
	_, err := lpu.Load(t.Context(), lpu.Overlay(fsys, fstest.MapFS{"vocabolario.yaml": {Data: []byte(voc)}}))
	if err == nil || !strings.Contains(err.Error(), "uscita residuo_ammenda: tipo intero, ma il motore la legge come importo") || !strings.Contains(err.Error(), "vocabolario.yaml:") {
		t.Fatalf("Load = %v; want the output's type refused at its line", err)
	}
}

// TestUscitaSoloNeiValori: an output an overlay's vocabulary declares for
// the calcolo that the answer's Go types do not carry reaches a lotto's
// column and the text to copy only from the answer's valori: one no step
// computes, and one a step computes without exporting it, are refused at
// load, at the output's line, with what to do; they loaded, and their
// column stayed empty.
func TestUscitaSoloNeiValori(t *testing.T) {
	fsys := regoleReali(t, "vocabolario.yaml", "generali.yaml", "gdp54.yaml")
	voc := string(fsys["vocabolario.yaml"].Data)
	const dopo = "      residuo_ammenda: {tipo: importo, etichetta: Ammenda da ripristinare in caso di revoca (€), aiuto: \"In euro, mai più di quella inflitta; solo dove le regole della fattispecie danno la pena da ripristinare per specie (i giorni di tutta la pena restano in residuo.giorni_pena, con l'ammenda ragguagliata come dicono le regole); assente senza ammenda\"}\n"
	i := strings.Index(voc, dopo)
	if i < 0 {
		t.Fatal("vocabolario.yaml: residuo_ammenda non è dove il test la cerca")
	}
	riga := strings.Count(voc[:i], "\n") + 2
	voc = voc[:i] + dopo + "      multa_mai: {tipo: importo, etichetta: Multa mai calcolata (€)}\n" +
		"      multa_taciuta: {tipo: importo, etichetta: Multa non esportata (€)}\n" + voc[i+len(dopo):]
	gdp54 := string(fsys["gdp54.yaml"].Data) + `  - id: multa_taciuta
    calcola: multa_taciuta
    valore: decimale("1234.5")
    fonte: art. 54 d.lgs. 274/2000
    testo: "Multa: € {multa_taciuta}."
`
	_, err := lpu.Load(t.Context(), lpu.Overlay(fsys, lpu.Layer("mie", fstest.MapFS{"vocabolario.yaml": {Data: []byte(voc)}, "gdp54.yaml": {Data: []byte(gdp54)}})))
	for _, want := range []string{
		fmt.Sprintf("mie/vocabolario.yaml:%d:7: richieste.calcolo.uscite.multa_mai: uscita multa_mai: nessun passo del calcolo la calcola", riga),
		"calcolarla in un passo con esporta: true, o toglierla dal vocabolario",
		fmt.Sprintf("mie/vocabolario.yaml:%d:7: richieste.calcolo.uscite.multa_taciuta: uscita multa_taciuta: il passo gdp54.multa_taciuta (mie/gdp54.yaml:", riga+1),
		"aggiungere al passo esporta: true, o togliere l'uscita dal vocabolario",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load = %v;\nwant %q", err, want)
		}
	}
}
