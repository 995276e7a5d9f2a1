package lpu_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// vocabolarioAumento is an added vocabulary file that declares one more
// output of the calcolo, without copying rules/vocabolario.yaml.
const vocabolarioAumento = `id: vocabolario_aumento
tipo: vocabolario
titolo: Un'uscita in più
fonte: prova
richieste:
  calcolo:
    uscite:
      aumento_giorni: {tipo: intero, min: 0, etichetta: Giorni di aumento per il neopatentato}
`

// provaAumento is the synthetic fattispecie computing and exporting it.
var provaAumento = sinteticoProva + `  - id: aumento
    calcola: aumento_giorni
    valore: "2"
    esporta: true
    fonte: art. 4 legge di prova
    testo: "{aumento_giorni} giorni in più"
`

// TestSovrapponiUscitaAggiunta: an overlay's added vocabulary may
// declare one more output of a kind the embedded vocabulary declares
// with its rules (as it may add facts): it is then typed, bounded, a
// column of the lotto after the others. The same output declared again
// is one problem, at the overlay's declaration.
func TestSovrapponiUscitaAggiunta(t *testing.T) {
	e, err := caricaSintetiche(t, regoleSintetiche(t), "vocabolario_aumento.yaml", vocabolarioAumento, "prova.yaml", provaAumento)
	if err != nil {
		t.Fatal(err)
	}
	us := e.Uscite("calcolo")
	if u := us[len(us)-1]; u.Nome != "aumento_giorni" || u.Etichetta != "Giorni di aumento per il neopatentato" || u.Min == nil || *u.Min != 0 {
		t.Errorf("last output of the calcolo = %+v; want aumento_giorni, with its label and min 0", u)
	}
	if cols := e.LottoResultColumns(); cols[len(cols)-1] != "aumento_giorni" || !slices.Equal(cols[:len(cols)-1], lpu.LottoResultColumns()) {
		t.Errorf("lotto columns %v; want aumento_giorni after the others", cols)
	}

	doppia := strings.Replace(vocabolarioAumento, "      aumento_giorni:", "      ore: {tipo: intero, etichetta: Ore}\n      aumento_giorni:", 1)
	_, err = caricaSintetiche(t, regoleSintetiche(t), "vocabolario_aumento.yaml", doppia, "prova.yaml", provaAumento)
	var le *lpu.LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 {
		t.Fatalf("Load with ore declared again = %v; want one problem", err)
	}
	if got, want := le.Problems[0].String(), `overlay/vocabolario_aumento.yaml:8:7: richieste.calcolo.uscite.ore: uscita "ore" già dichiarata in rules/vocabolario.yaml:`; !strings.HasPrefix(got, want) {
		t.Errorf("problem = %s\nwant %s…", got, want)
	}

	// An output of a kind no file declares with its rules.
	piano := strings.Replace(vocabolarioAumento, "  calcolo:", "  piano:", 1)
	_, err = caricaSintetiche(t, regoleSintetiche(t), "vocabolario_aumento.yaml", piano)
	if !errors.As(err, &le) || len(le.Problems) != 1 || !strings.HasPrefix(le.Problems[0].String(), "overlay/vocabolario_aumento.yaml:8:7: richieste.piano.uscite: uscite valgono per un tipo di richiesta con regole") {
		t.Errorf("Load with an output of the piano = %v; want one problem at its uscite", err)
	}
}

// TestSovrapponiIDUsato: an overlay's file of another name with the id
// of an embedded file is one problem, at the overlay's id, though its
// name comes first (altro_nome.yaml before prova.yaml): the embedded
// file is not the one to fix.
func TestSovrapponiIDUsato(t *testing.T) {
	_, err := caricaSintetiche(t, regoleSintetiche(t), "altro_nome.yaml", sinteticoProva)
	var le *lpu.LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 {
		t.Fatalf("Load = %v; want one problem", err)
	}
	if got, want := le.Problems[0].String(), `overlay/altro_nome.yaml:1:5: id: id "prova" già usato in rules/prova.yaml:1:5 (un file sovrapposto sostituisce solo quello del suo stesso nome: qui prova.yaml)`; got != want {
		t.Errorf("problem = %s\nwant %s", got, want)
	}
}

// TestSovrapponiAltroID: an overlay's file with the name of an embedded
// one and another id (prova.yaml, id provabis) would replace it in
// silence, and every file naming prova would be wrong: it is one
// problem, at the overlay's id, and nothing else.
func TestSovrapponiAltroID(t *testing.T) {
	_, err := caricaSintetiche(t, regoleSintetiche(t), "prova.yaml", strings.Replace(sinteticoProva, "id: prova\n", "id: provabis\n", 1))
	var le *lpu.LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 {
		t.Fatalf("Load = %v; want one problem", err)
	}
	if got, want := le.Problems[0].String(), `overlay/prova.yaml:1:5: id: id "provabis": il file sostituisce rules/prova.yaml, del suo stesso nome, che ha id "prova"`; !strings.HasPrefix(got, want) {
		t.Errorf("problem = %s\nwant %s…", got, want)
	}
}

// TestSovrapponiIllegibileUnProblema: an overlay's fattispecie whose
// YAML cannot be read is one problem, its own: the parameters file that
// changes one of its parameters does not say, beside it, that no file
// has its id.
func TestSovrapponiIllegibileUnProblema(t *testing.T) {
	const modifica = `id: ore_2027
tipo: parametri
titolo: Nuove ore
fonte: legge di prova
vigenza: {dal: 2027-01-01}
modifiche:
  provabis.ore_per_giorno:
    valori:
      - {dal: 2027-01-01, valore: 3, fonte: art. 3 legge di prova}
`
	rotto := strings.Replace(sinteticoProva, "id: prova\n", "id: provabis\n", 1) + "  - id: x\n    valore: [\n"
	_, err := caricaSintetiche(t, regoleSintetiche(t), "provabis.yaml", rotto, "ore_2027.yaml", modifica)
	var le *lpu.LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 || !strings.HasPrefix(le.Problems[0].String(), "overlay/provabis.yaml:") {
		t.Fatalf("Load = %v; want one problem, at provabis.yaml", err)
	}
}

// TestSovrapponiUscitaObbligatoria: an overlay's vocabulary (replaced,
// or added) that requires an output the embedded fattispecie do not
// compute is one problem, at its declaration, not one at each of them;
// an overlay's fattispecie that does not compute it is told at its file.
func TestSovrapponiUscitaObbligatoria(t *testing.T) {
	base := regoleSintetiche(t)
	const giorni = "      giorni: {tipo: intero, obbligatoria: true, min: 0, etichetta: Giorni di lavoro di pubblica utilità}\n"
	voc := string(base["vocabolario.yaml"].Data)
	if !strings.Contains(voc, giorni) {
		t.Fatal("rules/vocabolario.yaml: l'uscita giorni non è dove il test la cerca")
	}
	const fantasma = "      fantasma_obb: {tipo: intero, obbligatoria: true, etichetta: Fantasma}\n"
	aggiunto := strings.Replace(vocabolarioAumento, "      aumento_giorni: {tipo: intero, min: 0, etichetta: Giorni di aumento per il neopatentato}\n", fantasma, 1)
	riga := strings.Count(voc[:strings.Index(voc, giorni)], "\n") + 2
	for _, c := range []struct {
		strato []string
		want   string
	}{
		{[]string{"vocabolario.yaml", strings.Replace(voc, giorni, giorni+fantasma, 1)},
			fmt.Sprintf("overlay/vocabolario.yaml:%d:7: richieste.calcolo.uscite.fantasma_obb.obbligatoria: uscita fantasma_obb obbligatoria, ma nessun passo la calcola in rules/prova.yaml", riga)},
		{[]string{"vocabolario_aumento.yaml", aggiunto},
			"overlay/vocabolario_aumento.yaml:8:7: richieste.calcolo.uscite.fantasma_obb.obbligatoria: uscita fantasma_obb obbligatoria, ma nessun passo la calcola in rules/prova.yaml"},
		{[]string{"vocabolario_aumento.yaml", aggiunto, "prova.yaml", sinteticoProva},
			"overlay/prova.yaml:1:1: passi: il file deve calcolare fantasma_obb"},
	} {
		_, err := caricaSintetiche(t, base, c.strato...)
		var le *lpu.LoadError
		if !errors.As(err, &le) || len(le.Problems) != 1 || !strings.HasPrefix(le.Problems[0].String(), c.want) {
			t.Errorf("Load with %s = %v; want one problem: %s…", c.strato[0], err, c.want)
		}
	}
}

// TestSovrapponiCampoFondoUnProblema: an added vocabulary that declares
// a field of the Fund's request, which has no such field, is one
// problem, at the declaration: the embedded nel_calcolo does not add
// that the field has no source in a calcolo.
func TestSovrapponiCampoFondoUnProblema(t *testing.T) {
	const voc = `id: vocabolario_x
tipo: vocabolario
titolo: Un fatto del fondo
fonte: prova
richieste:
  fondo:
    campi:
      fatti.x: {tipo: booleano, etichetta: Un fatto, fonte: prova}
`
	_, err := caricaSintetiche(t, regoleSintetiche(t), "vocabolario_x.yaml", voc)
	var le *lpu.LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 || !strings.HasPrefix(le.Problems[0].String(), `overlay/vocabolario_x.yaml:8:7: richieste.fondo.campi.fatti.x: la richiesta fondo non ha il campo "fatti.x"`) {
		t.Errorf("Load = %v; want one problem, at the declaration", err)
	}
}
