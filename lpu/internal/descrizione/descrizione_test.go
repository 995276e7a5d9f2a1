package descrizione

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu/internal/spec"
	vocab "github.com/lpu-it/lpu/lpu/internal/vocabolario"
)

// The inputs of a synthetic request (not LPU's) by their labels.
func TestDati(t *testing.T) {
	campi := map[string]*spec.Campo{
		"fattispecie": {Nome: "fattispecie", Tipo: "testo", Etichetta: "Fattispecie"},
		"pena.durata": {Nome: "pena.durata", Tipo: "durata", Etichetta: "Durata"},
		"pena.multa":  {Nome: "pena.multa", Tipo: "importo", Etichetta: "Multa"},
		"dal":         {Nome: "dal", Tipo: "data", Etichetta: "Dal"},
		"fatti.si":    {Nome: "fatti.si", Tipo: "booleano", Etichetta: "Sì o no"},
		"fatti.mese":  {Nome: "fatti.mese", Tipo: "testo", Etichetta: "Mese", Valori: []spec.ValoreAmmesso{{Valore: "30", Etichetta: "di 30 giorni"}}},
		"fatti.altro": {Nome: "fatti.altro", Tipo: "testo", Etichetta: "Altro"},
	}
	tipo := &vocab.Tipo{Campi: campi, Ordine: []string{"fattispecie", "dal", "pena.durata", "pena.multa", "fatti.si", "fatti.mese", "fatti.altro"}}
	req := map[string]any{
		"fattispecie": "x", "dal": "2025-03-01",
		"pena":  map[string]any{"durata": map[string]any{"anni": json.Number("1"), "mesi": 2.0}, "multa": "1500.5"},
		"fatti": map[string]any{"si": true, "mese": "30"},
	}
	got := Dati(tipo, "", req)
	want := []Coppia{{"Dal", "01/03/2025"}, {"Durata", "1 anno e 2 mesi"}, {"Multa", "€ 1.500,50"}, {"Sì o no", "sì"}, {"Mese", "di 30 giorni"}}
	if len(got) != len(want) {
		t.Fatalf("Dati = %q; want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Dati[%d] = %q; want %q", i, got[i], want[i])
		}
	}
	if Dati(nil, "", req) != nil {
		t.Error("Dati without a vocabulary")
	}
	if DataItaliana(time.Time{}) != "" || DataItaliana(time.Date(2024, 12, 14, 0, 0, 0, 0, time.UTC)) != "14/12/2024" {
		t.Error("DataItaliana")
	}
	if got := nomiLegge("legge.a_1 + x.legge.b * legge. + legge.c"); len(got) != 3 || got[0] != "a_1" || got[1] != "b" || got[2] != "c" {
		t.Errorf("nomiLegge = %q", got)
	}
}
