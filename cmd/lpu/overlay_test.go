package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOverlayFattispecie: an overlay directory adds a fattispecie (a new
// file of tipo calcolo) with its suite, and no Go: lpu regole verifica
// counts it, lpu regole test runs its case beside the embedded ones, and
// lpu calcolo --rules computes it.
func TestOverlayFattispecie(t *testing.T) {
	dir := t.TempDir()
	scrivi := func(nome, src string) {
		t.Helper()
		p := filepath.Join(dir, nome)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	scrivi("prova.yaml", `id: prova
tipo: calcolo
titolo: Una fattispecie di prova
fonte: art. 1 legge di prova
vigenza: {dal: 2020-01-01}
parametri:
  quota: {tipo: intero, valore: 3, fonte: art. 1 c.2}
passi:
  - {id: g, calcola: giorni, valore: pena.giorni_lpu * legge.quota, fonte: art. 1, testo: "{giorni} giorni"}
  - {id: o, calcola: ore, valore: giorni * legge.ore_per_giorno, fonte: art. 54 c.5 d.lgs. 274/2000, testo: "{ore} ore"}
  - {id: m, calcola: ore_giornaliere_max, valore: legge.ore_giornaliere_max, fonte: art. 54 c.4, testo: "{ore_giornaliere_max} ore al giorno"}
`)
	scrivi("test/prova.yaml", `titolo: Casi della fattispecie di prova
tipo: calcolo
casi:
  - nome: dieci giorni diventano trenta
    richiesta: {fattispecie: prova, data: "2025-06-10", pena: {giorni_lpu: 10}}
    atteso: {ammissibile: true, giorni: 30, ore: 60}
`)
	esegui1 := func(stdin string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		stato := esegui(args, strings.NewReader(stdin), &out, &errb)
		return stato, out.String(), errb.String()
	}
	_, base, _ := esegui1("", "regole", "verifica")
	stato, conOverlay, errs := esegui1("", "regole", "verifica", dir)
	if stato != 0 {
		t.Fatalf("regole verifica %s: exit %d: %s", dir, stato, errs)
	}
	// "regole valide: N fattispecie, …"
	n := func(s string) int { x, _ := strconv.Atoi(strings.Fields(s + " - - -")[2]); return x }
	if nb, no := n(base), n(conOverlay); nb == 0 || no != nb+1 {
		t.Errorf("fattispecie: %d embedded, %d with the overlay; want one more", nb, no)
	}

	_, suiteBase, _ := esegui1("", "regole", "test")
	stato, suite, errs := esegui1("", "regole", "test", dir)
	if stato != 0 {
		t.Fatalf("regole test %s: exit %d: %s%s", dir, stato, suite, errs)
	}
	// "N passed, 0 failed" on the last line
	passati := func(s string) int {
		x, _ := strconv.Atoi(strings.Fields(s[strings.LastIndex(strings.TrimSpace(s), "\n")+1:] + " -")[0])
		return x
	}
	if pb, po := passati(suiteBase), passati(suite); pb == 0 || po != pb+1 {
		t.Errorf("regole test: %d passed embedded, %d with the overlay; want its case too", pb, po)
	}

	stato, calcolo, errs := esegui1(`{"fattispecie":"prova","data":"2025-06-10","pena":{"giorni_lpu":10}}`, "calcolo", "--rules", dir)
	if stato != 0 || !strings.Contains(calcolo, `"giorni": 30`) || !strings.Contains(calcolo, `"ore": 60`) {
		t.Errorf("calcolo --rules: exit %d, %.600s%s; want 30 giorni, 60 ore", stato, calcolo, errs)
	}
}
