package lpu_test

import (
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
