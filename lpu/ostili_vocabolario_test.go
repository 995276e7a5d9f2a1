package lpu_test

import (
	"strings"
	"testing"
)

// Overlays that loaded and failed only later, on a request or on a
// form: each is now a problem at load, at its position. (The synthetic
// rules with an overlay of one or two small files: a few milliseconds.)

// vocabolarioStrato is an overlay's vocabulary that adds the calcolo's
// fields campi (their YAML, indented as a field's name).
func vocabolarioStrato(campi string) string {
	return "id: vocabolario_strato\ntipo: vocabolario\ntitolo: Campi dello strato\nfonte: art. 1 legge di prova\nrichieste:\n  calcolo:\n    campi:\n" + campi
}

// TestTestoScrittoDaUnCampo: a text of the rules that writes a text of
// the request is bounded at load by the field's max, as one that writes
// a parameter: a note of 1000 characters written 70 times could pass
// motore.MaxTestoScritto (64 KiB), and the calcolo that gave it failed
// with regola_fallita, a 500, for what the user wrote. Written once, it
// loads.
func TestTestoScrittoDaUnCampo(t *testing.T) {
	voc := vocabolarioStrato("      fatti.nota: {tipo: testo, max: 1000, etichetta: Nota}\n")
	prova := func(testo string) string {
		return strings.Replace(sinteticoProva, `testo: "{ore} ore"`, `testo: "`+testo+`"`, 1)
	}
	if _, err := caricaSintetiche(t, regoleSintetiche(t), "vocabolario_strato.yaml", voc, "prova.yaml", prova("{ore} ore: {fatti.nota}")); err != nil {
		t.Fatalf("a note written once: %v", err)
	}
	_, err := caricaSintetiche(t, regoleSintetiche(t), "vocabolario_strato.yaml", voc, "prova.yaml", prova(strings.Repeat("{fatti.nota} ", 70)))
	if err == nil || !strings.Contains(err.Error(), "overlay/prova.yaml:") || !strings.Contains(err.Error(), "passi[1].testo: il testo scrive fino a") {
		t.Errorf("a note of 1000 characters written 70 times: Load = %v; want a problem of passi[1].testo in overlay/prova.yaml", err)
	}
	// (and by expressions of it, as far as their size is estimated)
	_, err = caricaSintetiche(t, regoleSintetiche(t), "vocabolario_strato.yaml", voc, "prova.yaml", prova(strings.Repeat("{fatti.nota + fatti.nota} ", 35)))
	if err == nil || !strings.Contains(err.Error(), "passi[1].testo: il testo scrive fino a") {
		t.Errorf("a note of 1000 characters written twice by 35 expressions: Load = %v; want a problem of passi[1].testo", err)
	}
}

// TestListaScrittaDaUnTesto: a list of texts of the request written in a
// text is bounded by its max items of the longest text a list takes: the
// convention's 50 fattispecie, written 7 times, could pass
// motore.MaxTestoScritto. (The conventions' own files, their step's text
// replaced.)
func TestListaScrittaDaUnTesto(t *testing.T) {
	m := regoleReali(t, fileConvenzione...)
	src := string(m["convenzione.yaml"].Data)
	testo := `testo: "Durata in anni: {anni}."`
	if !strings.Contains(src, testo) {
		t.Fatalf("convenzione.yaml has no %s", testo)
	}
	carica := func(n int) error {
		_, err := caricaSintetiche(t, m, "convenzione.yaml", strings.Replace(src, testo, `testo: "Durata in anni: {anni}.`+strings.Repeat(" {convenzione.fattispecie}", n)+`"`, 1))
		return err
	}
	if err := carica(1); err != nil {
		t.Fatalf("the list written once: %v", err)
	}
	if err := carica(7); err == nil || !strings.Contains(err.Error(), "overlay/convenzione.yaml:") || !strings.Contains(err.Error(), "il testo scrive fino a") {
		t.Errorf("the list written 7 times: Load = %v; want a problem of the text in overlay/convenzione.yaml", err)
	}
}

// TestEtichettaDiUnAltroCampo: a field whose label is another field's of
// its kind of request is refused whether or not either is a column of a
// lotto (a durata, as pena.arresto, is three): a form showed two boxes
// «Arresto», and a message naming «Arresto» did not say which.
func TestEtichettaDiUnAltroCampo(t *testing.T) {
	_, err := caricaSintetiche(t, regoleSintetiche(t), "vocabolario_strato.yaml", vocabolarioStrato("      fatti.anni_patente:\n        tipo: intero\n        etichetta: arresto\n"))
	want := "overlay/vocabolario_strato.yaml:10:20: richieste.calcolo.campi.fatti.anni_patente.etichetta: etichetta «arresto» già del campo pena.arresto ("
	if err == nil || !strings.Contains(err.Error(), want) || strings.Count(err.Error(), "arresto»") != 1 {
		t.Errorf("Load = %v; want one problem %q…", err, want)
	}
}

// TestPredefinitoDaSeStesso: predefinito_da names a field of another
// request (README): one that names the field itself, or another field
// of its own request, is a problem.
func TestPredefinitoDaSeStesso(t *testing.T) {
	for _, da := range []string{"calcolo.fatti.mesi_prova", "calcolo.pena.giorni_lpu"} {
		_, err := caricaSintetiche(t, regoleSintetiche(t), "vocabolario_strato.yaml",
			vocabolarioStrato("      fatti.mesi_prova:\n        tipo: intero\n        etichetta: Mesi di prova\n        predefinito_da: "+da+"\n"))
		if err == nil || !strings.Contains(err.Error(), "fatti.mesi_prova.predefinito_da: predefinito_da: \""+da+"\" non è un campo di tipo intero di un'altra richiesta") {
			t.Errorf("predefinito_da: %s: Load = %v; want a problem of predefinito_da", da, err)
		}
	}
}
