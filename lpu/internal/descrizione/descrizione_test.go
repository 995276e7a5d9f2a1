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
	got := Dati(tipo, "", req, "fattispecie", nil)
	want := []Coppia{{"Dal", "01/03/2025"}, {"Durata", "1 anno e 2 mesi"}, {"Multa", "€ 1.500,50"}, {"Sì o no", "sì"}, {"Mese", "di 30 giorni"}}
	if len(got) != len(want) {
		t.Fatalf("Dati = %q; want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Dati[%d] = %q; want %q", i, got[i], want[i])
		}
	}
	if Dati(nil, "", req, "", nil) != nil {
		t.Error("Dati without a vocabulary")
	}
	// A list: its values by their labels; its objects with their
	// members by their labels, in the vocabulary's order.
	lista := &vocab.Tipo{Campi: map[string]*spec.Campo{
		"modelli":       {Nome: "modelli", Tipo: "lista", Etichetta: "Modelli", Valori: []spec.ValoreAmmesso{{Valore: "a", Etichetta: "il modello A"}}},
		"sedi":          {Nome: "sedi", Tipo: "lista", Etichetta: "Sedi"},
		"sedi.nome":     {Nome: "sedi.nome", Tipo: "testo", Etichetta: "Nome"},
		"sedi.posti":    {Nome: "sedi.posti", Tipo: "intero", Etichetta: "Posti"},
		"sedi.aperta":   {Nome: "sedi.aperta", Tipo: "data", Etichetta: "Aperta dal"},
		"sedi.x.nome":   {Nome: "sedi.x.nome", Tipo: "testo", Etichetta: "Di un membro"},
		"fattispecie":   {Nome: "fattispecie", Tipo: "testo", Etichetta: "Fattispecie"},
		"senza_oggetti": {Nome: "senza_oggetti", Tipo: "lista", Etichetta: "Vuota"},
	}, Ordine: []string{"fattispecie", "modelli", "sedi", "sedi.nome", "sedi.x.nome", "sedi.aperta", "sedi.posti", "senza_oggetti"}}
	got = Dati(lista, "", map[string]any{"fattispecie": "x", "modelli": []any{"a", "b"}, "senza_oggetti": []any{},
		"sedi": []any{map[string]any{"nome": "A", "posti": 2.0, "aperta": "2025-01-02"}, map[string]any{"nome": "B"}}}, "",
		map[string]map[string]string{"modelli": {"a": "non questa", "b": "il modello B"}, "fattispecie": {"x": "la fattispecie X"}})
	want = []Coppia{{"Fattispecie", "la fattispecie X"}, {"Modelli", "il modello A, il modello B"}, {"Sedi", "(Nome: A; Aperta dal: 02/01/2025; Posti: 2) (Nome: B)"}, {"Vuota", ""}}
	if len(got) != len(want) {
		t.Fatalf("Dati = %q; want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Dati[%d] = %q; want %q", i, got[i], want[i])
		}
	}
	if DataItaliana(time.Time{}) != "" || DataItaliana(time.Date(2024, 12, 14, 0, 0, 0, 0, time.UTC)) != "14/12/2024" {
		t.Error("DataItaliana")
	}
	if got := nomiLegge("legge.a_1 + x.legge.b * legge. + legge.c"); len(got) != 3 || got[0] != "a_1" || got[1] != "b" || got[2] != "c" {
		t.Errorf("nomiLegge = %q", got)
	}
}
