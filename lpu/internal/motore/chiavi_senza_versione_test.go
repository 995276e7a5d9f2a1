package motore

import (
	"reflect"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

const fileChiaviTardi = `id: prova
tipo: prova
titolo: Prova
fonte: art. 1
vigenza: {dal: 2020-01-01}
parametri:
  quote:
    tipo: mappa
    chiavi: caso
    fonte: art. 2
    dal: 2024-01-01
    valore: {a: [x, y], b: [x, y, z]}
passi:
  - id: base
    calcola: totale
    valore: dati.n
    fonte: art. 5
    testo: "{totale}"
  - id: tardi
    avverte: size(legge.quote[caso]) > 10
    vigenza: {dal: 2024-01-01}
    fonte: art. 6
    testo: "molte"
`

// TestChiaviSenzaVersione: a mappa keyed by a field (chiavi) with no
// version in force at the request's date, read by no step in force then,
// refuses no code: 2021, before the mappa's dal, caso a is answered;
// 2025, with the mappa, caso c (no key) is refused.
func TestChiaviSenzaVersione(t *testing.T) {
	var ps spec.Problems
	f := spec.Parse("prova.yaml", []byte(fileChiaviTardi), &ps)
	p := Compila(f, confProva, nil, nil, OpzioniCompila{}, &ps)
	if p == nil || len(ps) > 0 {
		t.Fatalf("Compila: %v", ps)
	}
	r := richiesta("a", 1, false)
	_, err := p.Esegui(reflect.ValueOf(r).Elem(), time.Date(2021, 6, 10, 0, 0, 0, 0, time.UTC), Modo{})
	if err != nil {
		t.Errorf("2021, caso a: refused: %v", err)
	}
	_, err = p.Esegui(reflect.ValueOf(richiesta("c", 1, false)).Elem(), time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC), Modo{})
	if err == nil {
		t.Errorf("2025, caso c: not refused; c is no key of the mappa in force")
	}
}
