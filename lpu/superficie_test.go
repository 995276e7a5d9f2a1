package lpu_test

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestSuperficiePubblica: the package's documentation, what a consumer
// of the module sees, names no type of a dependency nor of an internal
// package (calc, the module's own public package, is allowed), and no
// variable: a consumer cannot change the engine's behaviour for everyone.
func TestSuperficiePubblica(t *testing.T) {
	if testing.Short() {
		t.Skip("go doc")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go non trovato")
	}
	cmd := exec.Command(goBin, "doc", "-all", ".")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go doc: %v", err)
	}
	dipendenza := regexp.MustCompile(`\b(decimal|motore|spec|celx|jsonx|yaml|cel|ref|types|interpreter|jsontext|json|gin|http)\.[A-Z]`)
	for i, riga := range strings.Split(string(out), "\n") {
		if m := dipendenza.FindString(riga); m != "" {
			t.Errorf("go doc, riga %d: %q nomina un tipo di una dipendenza o di un pacchetto interno: %s", i+1, m, riga)
		}
		if strings.HasPrefix(riga, "var ") {
			t.Errorf("go doc, riga %d: variabile esportata: %s", i+1, riga)
		}
		if strings.HasPrefix(riga, "type ") && strings.Contains(riga, " = ") && !strings.Contains(riga, "= calc.") {
			t.Errorf("go doc, riga %d: alias di un tipo di un altro pacchetto: %s", i+1, riga)
		}
	}
	// One naming scheme: Go plumbing in English, the law's nouns in
	// Italian. These were Italian plumbing (or a global registry).
	for _, nome := range []string{"ErroreRegole", "ProblemaRegola", "EseguiSuite", "Sovrapponi", "Strato", "Registra", "Gestore", "Corpo", "ScriviJSON", "Comandi", "ColonneLotto", "ColonneEsitoCSV", "IntestazioneRegistro", "MaxFileRegole", "CodificaUTF8", "IndirizzoNormattiva"} {
		if regexp.MustCompile(`(?m)^(func|type|const|var) (\([^)]*\) )?` + nome + `\b|^\t` + nome + ` +=`).Match(out) {
			t.Errorf("go doc still declares %s", nome)
		}
	}
	// The amount is a value of its own, not a decimal with its
	// methods promoted.
	if strings.Contains(string(out), "func (d Decimal)") || strings.Contains(string(out), "Importo struct{ decimal") {
		t.Errorf("go doc shows the decimal type's methods")
	}
}
