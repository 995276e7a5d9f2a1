package lpu_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// TestEtichettaCambiataNeiTesti: a text that names a field writes the
// label the vocabulary declares, through etichetta(…): with the label
// of esecuzione.ore_svolte changed in an overlay of the vocabulary, the
// refusal of the hours served beyond the hours due names it by the new
// label. A copy of the label typed in the text stayed as it was. (The
// real cds186.yaml with the files it reads, not the whole rules.)
func TestEtichettaCambiataNeiTesti(t *testing.T) {
	src, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const vecchia, nuova = "etichetta: Ore di lavoro già svolte\n", "etichetta: Ore già prestate\n"
	if !strings.Contains(string(src), vecchia) {
		t.Fatal("rules/vocabolario.yaml does not label esecuzione.ore_svolte as expected")
	}
	voc := strings.Replace(string(src), vecchia, nuova, 1)
	e, err := lpu.Load(context.Background(), lpu.Overlay(regoleReali(t, "vocabolario.yaml", "generali.yaml", "cds186.yaml"), lpu.Layer("mie", fstest.MapFS{"vocabolario.yaml": {Data: []byte(voc)}})))
	if err != nil {
		t.Fatal(err)
	}
	r := lpu.Richiesta{Fattispecie: "cds186", Data: lpu.NewData(2025, 6, 10), Pena: lpu.Pena{Arresto: lpu.Durata{Mesi: 1}},
		Esecuzione: lpu.Esecuzione{OreSvolte: 1000}}
	_, err = e.Calcolo(context.Background(), &r)
	var le *lpu.Error
	if !errors.As(err, &le) || le.Field != "esecuzione.ore_svolte" {
		t.Fatalf("Calcolo = %v; want the refusal of esecuzione.ore_svolte", err)
	}
	if !strings.HasPrefix(le.Message, "le «Ore già prestate» (1000) superano") {
		t.Errorf("refusal %q; want it to name the field by its label in the vocabulary, «Ore già prestate»", le.Message)
	}
}
