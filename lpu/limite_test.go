package lpu_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestLimite: a limit the law does not set is not Definito, with JSON
// null (durata_mesi_max left out); the bytes are encoding/json's and
// AppendJSON's alike, and they read back.
func TestLimite(t *testing.T) {
	l := lpu.Limiti{OreSettimanaliMax: lpu.Limite{Valore: 6, Definito: true}, OreGiornaliereMax: lpu.Limite{Valore: 8, Definito: true}}
	const want = `{"ore_settimanali_min":null,"ore_settimanali_max":6,"ore_giornaliere_max":8}`
	std, err := json.Marshal(l)
	if err != nil || string(std) != want {
		t.Fatalf("encoding/json: %s, %v; want %s", std, err, want)
	}
	if b, err := lpu.AppendJSON(nil, l); err != nil || string(b) != want+"\n" {
		t.Fatalf("AppendJSON: %s, %v", b, err)
	}
	l.DurataMesiMax = lpu.Limite{Valore: 0, Definito: true}
	if b, _ := lpu.AppendJSON(nil, l); string(b) != `{"ore_settimanali_min":null,"ore_settimanali_max":6,"ore_giornaliere_max":8,"durata_mesi_max":0}`+"\n" {
		t.Errorf("a defined zero limit: %s", b)
	}
	var back lpu.Limiti
	if err := json.Unmarshal(std, &back); err != nil || back != (lpu.Limiti{OreSettimanaliMax: l.OreSettimanaliMax, OreGiornaliereMax: l.OreGiornaliereMax}) {
		t.Errorf("read back: %+v, %v", back, err)
	}
	if v, ok := back.OreSettimanaliMin.Int(); ok || v != 0 {
		t.Errorf("OreSettimanaliMin.Int() = %d, %v", v, ok)
	}

	// MAP sets no weekly maximum: the example of the documentation
	// must not dereference it.
	e := engine(t)
	lim, _, err := e.Limiti(context.Background(), "map", lpu.NewData(2025, 6, 10).Time, lpu.Fatti{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := lim.OreSettimanaliMax.Int(); ok {
		t.Errorf("map: a weekly maximum %v", lim.OreSettimanaliMax)
	}
	if lim.OreSettimanaliMax.String() != "nessuno" {
		t.Errorf("String of no limit: %q", lim.OreSettimanaliMax.String())
	}
}
