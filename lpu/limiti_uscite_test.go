package lpu_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// TestLimitiUsciteOverlay: an overlay's cds186.yaml that drops the
// refusal of a liberazione anticipata longer than the work (the step
// liberazione_oltre) gives -70 days of work: the refusal of hours done
// beyond the hours due read them (0 hours done «superano» -140), and,
// that refusal dropped too, the calcolo's Fund refused them as «-70
// giorni di lavoro, oltre il massimo di 100000». The vocabulary bounds
// the days (min: 0): the calcolo is the rules' error instead
// (regola_fallita, KindRule), naming the file, the step and the output
// by its label, with the explanation or without. The embedded rules
// still refuse the case.
func TestLimitiUsciteOverlay(t *testing.T) {
	src, err := rules.FS.ReadFile("cds186.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// (liberazione_oltre is a shared step: the other files keep using it)
	liberazione := "  - usa: comuni.liberazione_oltre\n"
	oreSvolte := `  - id: ore_svolte_oltre
    rifiuta: esecuzione.ore_svolte > ore
    codice: fuori_intervallo
    campo: esecuzione.ore_svolte
    fonte: art. 186 c.9-bis d.lgs. 285/1992; art. 54 c.5 d.lgs. 274/2000
    testo: "le {etichetta('esecuzione.ore_svolte')} ({esecuzione.ore_svolte}) superano le ore di lavoro dovute ({ore}): indicare le ore effettivamente svolte, al più {ore}"
`
	for _, passo := range []string{liberazione, oreSvolte} {
		if !strings.Contains(string(src), passo) {
			t.Fatalf("rules/cds186.yaml has no step as this test knows it:\n%s", passo)
		}
	}
	base := regoleReali(t, fileFondo...)
	intera := engine(t)
	// 30 days of arresto, 100 of liberazione anticipata: 30 − 100 = −70;
	// the first day of work is given, and the Fund's part of the calcolo
	// runs on the days.
	body := []byte(`{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"giorni":30}},"fatti":{"convenzione":"dm2001"},"esecuzione":{"liberazione_anticipata_giorni":100,"data_inizio":"2025-07-01"}}`)
	var r lpu.Richiesta
	if err := lpu.DecodeBytes(body, &r); err != nil {
		t.Fatal(err)
	}
	want := "la regola cds186.liberazione_anticipata del file overlay/cds186.yaml dà -70 come «Giorni di lavoro di pubblica utilità», che non può essere meno di 0: un errore delle regole, non del caso"
	for _, tc := range []struct {
		nome  string
		tolti []string
	}{
		{"senza liberazione_oltre", []string{liberazione}},
		{"senza liberazione_oltre né ore_svolte_oltre (il Fondo)", []string{liberazione, oreSvolte}},
	} {
		t.Run(tc.nome, func(t *testing.T) {
			rotto := string(src)
			for _, p := range tc.tolti {
				rotto = strings.Replace(rotto, p, "", 1)
			}
			e, err := lpu.Load(context.Background(), lpu.Overlay(base, lpu.Layer("overlay", fstest.MapFS{"cds186.yaml": {Data: []byte(rotto)}})))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []struct {
				nome   string
				valuta func() (any, error)
			}{
				{"Run", func() (any, error) { return e.Run(context.Background(), "calcolo", body) }},
				{"Calcolo", func() (any, error) { return e.Calcolo(context.Background(), &r) }},
				{"Calcolo senza spiegazione", func() (any, error) { return e.Calcolo(context.Background(), &r, lpu.WithoutExplanation()) }},
			} {
				out, err := v.valuta()
				var le *lpu.Error
				if !errors.As(err, &le) {
					t.Fatalf("%s: %+v, %v; want the error regola_fallita", v.nome, out, err)
				}
				if le.Code != lpu.CodeRegolaFallita || le.Kind != lpu.KindRule || le.Field != "" || le.Message != want {
					t.Errorf("%s: %s (%s, %v); want regola_fallita (KindRule): %s", v.nome, le, le.Code, le.Kind, want)
				}
			}
		})
	}
	// the embedded rules refuse the case, as before
	_, err = intera.Run(context.Background(), "calcolo", body)
	if le := lpu.AsError(err); le == nil || le.Code != lpu.CodeFuoriIntervallo || le.Field != "esecuzione.liberazione_anticipata_giorni" {
		t.Errorf("embedded rules: %v; want fuori_intervallo on esecuzione.liberazione_anticipata_giorni", err)
	}
}

// TestFondoNelCalcoloGiorniSottoIlMinimo: with a vocabulary that no
// longer bounds the calcolo's days and hours below (an overlay without
// their min: 0) and
// a cds186.yaml without the refusals of TestLimitiUsciteOverlay, the
// -70 days reach the Fund's part of the calcolo, whose days run from 0:
// the error says the days are below the minimum, an error of the rules,
// not «oltre il massimo di 100000» and «controllare la pena». Over the
// maximum is the case's penalty, as before.
func TestFondoNelCalcoloGiorniSottoIlMinimo(t *testing.T) {
	src, err := rules.FS.ReadFile("cds186.yaml")
	if err != nil {
		t.Fatal(err)
	}
	voc, err := rules.FS.ReadFile("vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const conMin = "giorni: {tipo: intero, obbligatoria: true, min: 0, etichetta: Giorni di lavoro di pubblica utilità}"
	const oreConMin = "ore: {tipo: intero, obbligatoria: true, min: 0, etichetta: Ore di lavoro di pubblica utilità}"
	rotto := string(src)
	for _, id := range []string{"liberazione_oltre", "ore_svolte_oltre"} {
		i := strings.Index(rotto, "  - id: "+id+"\n")
		if i < 0 {
			i = strings.Index(rotto, "  - usa: comuni."+id+"\n") // (a shared step)
		}
		if i < 0 || !strings.Contains(string(voc), conMin) || !strings.Contains(string(voc), oreConMin) {
			t.Fatalf("rules/cds186.yaml or rules/vocabolario.yaml are not as this test knows them (%s)", id)
		}
		j := strings.Index(rotto[i+1:], "  - ")
		rotto = rotto[:i] + rotto[i+1+j:]
	}
	vocSenzaMin := strings.Replace(string(voc), conMin, strings.Replace(conMin, " min: 0,", "", 1), 1)
	vocSenzaMin = strings.Replace(vocSenzaMin, oreConMin, strings.Replace(oreConMin, " min: 0,", "", 1), 1)
	e, err := lpu.Load(context.Background(), lpu.Overlay(regoleReali(t, fileFondo...), lpu.Layer("overlay", fstest.MapFS{
		"cds186.yaml": {Data: []byte(rotto)}, "vocabolario.yaml": {Data: []byte(vocSenzaMin)}})))
	if err != nil {
		t.Fatal(err)
	}
	body := `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"giorni":30}},"fatti":{"convenzione":"dm2001"},"esecuzione":{"liberazione_anticipata_giorni":100,"data_inizio":"2025-07-01"}}`
	_, err = e.Run(context.Background(), "calcolo", []byte(body))
	le := lpu.AsError(err)
	if le == nil || le.Code != lpu.CodeRegolaFallita || le.Kind != lpu.KindRule || !strings.Contains(le.Message, "-70 giorni di lavoro, sotto il minimo di 0") {
		t.Errorf("-70 days: %v; want regola_fallita, «-70 giorni di lavoro, sotto il minimo di 0»", err)
	}
	// over the maximum: the penalty's days, on pena
	body = `{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"999999999"},"fatti":{"convenzione":"dm2001"},"esecuzione":{"data_inizio":"2025-07-01"}}`
	_, err = e.Run(context.Background(), "calcolo", []byte(body))
	le = lpu.AsError(err)
	if le == nil || le.Field != "pena" || !strings.Contains(le.Message, "oltre il massimo di 100000") {
		t.Errorf("huge ammenda: %v; want «oltre il massimo di 100000» on pena", err)
	}
}
