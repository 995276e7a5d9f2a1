package lpu_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// The load checks of parameters (their days, their keys) on the
// synthetic rules: the mechanism, case by case, at a few milliseconds a
// load. One case of each check stays on an overlay of the real rules
// (chiavi_test.go, scoperti_test.go), the path of a user who changes
// them.

// caricaProblemi loads the synthetic rules, the files in base replaced
// or added, under an overlay of strato, and wants a *lpu.LoadError with
// n problems, each of want among them.
func caricaProblemi(t *testing.T, base, strato []string, n int, want ...string) {
	t.Helper()
	_, err := caricaSintetiche(t, regoleSintetiche(t, base...), strato...)
	var le *lpu.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("Load = %v; want a *lpu.LoadError", err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("Load =\n%v\nwant a problem with %q", err, w)
		}
	}
	if n > 0 && len(le.Problems) != n {
		t.Errorf("Load = %d problems; want %d:\n%v", len(le.Problems), n, err)
	}
}

// soglia is a parameter of tariffe, its head (dal, al) given.
func tariffeCon(testa, valori string) string {
	return sinteticoTariffe + "  soglia:\n    tipo: intero\n    fonte: art. 5 legge di prova\n" + testa + "    valori:\n" + valori
}

// provaLegge is prova with a caveat that reads legge.soglia.
var provaLegge = sinteticoProva + `  - id: avv_soglia
    avverte: pena.giorni_lpu > legge.soglia
    fonte: art. 5 legge di prova
    testo: oltre la soglia
`

// TestSinteticoParametroScoperto: the versions of a parameter without
// its own dal cover the file's days from its start (the overlay's own
// file, line and column); a step that reads a parameter in force from a
// later date (dal) must be in force only from that date.
func TestSinteticoParametroScoperto(t *testing.T) {
	t.Run("senza dal", func(t *testing.T) {
		caricaProblemi(t, nil, []string{"tariffe.yaml", tariffeCon("", "      - {dal: 2022-01-01, valore: 4}\n")}, 1,
			"overlay/tariffe.yaml:21:35: parametri.soglia: nessun valore di soglia dal 01/01/2020 al 31/12/2021, prima del valore dal 01/01/2022")
	})
	t.Run("letto prima del dal", func(t *testing.T) {
		caricaProblemi(t, []string{"tariffe.yaml", tariffeCon("    dal: 2022-01-01\n", "      - {dal: 2022-01-01, valore: 4}\n")},
			[]string{"prova.yaml", provaLegge}, 1,
			"overlay/prova.yaml:24:5: passi[3]: il passo prova.avv_soglia legge legge.soglia, in vigore dal 01/01/2022, ma è in vigore dal 01/01/2020")
	})
}

// TestSinteticoParametroDalAl: a version outside the parameter's own dal
// and al is outside the parameter's days, in Italian dates, and so is a
// step that reads it; an al before the parameter's dal is one mistake,
// one problem (not also at its versions and its readers).
func TestSinteticoParametroDalAl(t *testing.T) {
	valori := "      - {dal: 2020-01-01, al: 2023-12-31, valore: 4}\n      - {dal: 2024-01-01, valore: 5}\n"
	t.Run("al e l'ultima versione aperta", func(t *testing.T) {
		caricaProblemi(t, []string{"prova.yaml", provaLegge}, []string{"tariffe.yaml", tariffeCon("    dal: 2020-01-01\n    al: 2030-12-31\n", valori)}, 2,
			"overlay/tariffe.yaml:24:9: parametri.soglia.valori[1]: vigenza dal 01/01/2024 fuori da quella del parametro (dal 01/01/2020 al 31/12/2030)",
			"il passo prova.avv_soglia legge legge.soglia, in vigore dal 01/01/2020 al 31/12/2030, ma è in vigore dal 01/01/2020")
	})
	t.Run("al prima del dal", func(t *testing.T) {
		caricaProblemi(t, []string{"prova.yaml", provaLegge}, []string{"tariffe.yaml", tariffeCon("    dal: 2020-01-01\n    al: 2019-12-31\n", valori)}, 1,
			"overlay/tariffe.yaml:21:9: parametri.soglia.al: la vigenza finisce (31/12/2019) prima di cominciare (01/01/2020)")
	})
}

// mappaModelli is a mappa of tariffe keyed by the models of convention
// (chiavi), its keys and chiavi given.
func mappaModelli(chiavi, voci string) string {
	return sinteticoTariffe + "  per_modello:\n    tipo: mappa\n    chiavi: " + chiavi + "\n    fonte: art. 6 legge di prova\n    valore:\n" + voci
}

const vociModelli = "      dm2001: [sociale]\n      dm88_2015: [sociale]\n      dm2023_56bis: [sociale]\n"

// TestSinteticoChiaviMappa: a mappa with chiavi has no key that is no
// code of the field, and a key for each; chiavi names a field with
// values. Each problem at the overlay's own file, line and column.
func TestSinteticoChiaviMappa(t *testing.T) {
	t.Run("chiave sbagliata", func(t *testing.T) {
		caricaProblemi(t, nil, []string{"tariffe.yaml", mappaModelli("convenzione.modello", strings.Replace(vociModelli, "dm88_2015", "dm88_2105", 1))}, 2,
			`overlay/tariffe.yaml:23:7: parametri.per_modello: valore di per_modello: la chiave "dm88_2105" non è un valore di «Modello della convenzione» (chiavi: convenzione.modello): uno di dm2001, dm88_2015, dm2023_56bis`,
			`parametri.per_modello: valore di per_modello dal 01/01/2020: manca la chiave "dm88_2015", valore di «Modello della convenzione» (dichiarato in rules/vocabolario.yaml:`)
	})
	t.Run("chiavi di un campo senza valori", func(t *testing.T) {
		caricaProblemi(t, nil, []string{"tariffe.yaml", mappaModelli("convenzione.ente", vociModelli)}, 1,
			`overlay/tariffe.yaml:19:13: parametri.per_modello.chiavi: chiavi: convenzione.ente non è un campo con valori dichiarati nel vocabolario`)
	})
}

// TestSinteticoChiaviLetterali: the key of a mappa with chiavi written as
// a text in an expression ("x" in m) must be one of the field's codes.
func TestSinteticoChiaviLetterali(t *testing.T) {
	caricaProblemi(t, []string{"tariffe.yaml", mappaModelli("convenzione.modello", vociModelli)}, []string{"prova.yaml", sinteticoProva + `  - id: avv_modello
    avverte: '"dm88_2105" in legge.per_modello'
    fonte: art. 6 legge di prova
    testo: modello
`}, 1, `overlay/prova.yaml:25:15: passi[3].avverte: "dm88_2105" non è un valore di «Modello della convenzione»: uno di dm2001, dm88_2015, dm2023_56bis`)
}

// mappaFattispecie is a mappa of tariffe keyed by some of the
// fattispecie (chiavi_tra), its keys given.
func mappaFattispecie(voci string) string {
	return sinteticoTariffe + "  per_fattispecie:\n    tipo: mappa\n    chiavi_tra: fattispecie\n    fonte: art. 7 legge di prova\n    valore:\n" + voci
}

// prova2 is a second fattispecie, with a caveat that reads
// legge.per_fattispecie after checking that it has a key for it.
var prova2 = strings.Replace(sinteticoProva, "id: prova\n", "id: prova2\n", 1) + `  - id: avv_elencata
    avverte: fattispecie in legge.per_fattispecie && "sociale" in legge.per_fattispecie[fattispecie]
    fonte: art. 7 legge di prova
    testo: elencata
`

// aggiungeProva2 is an overlay's file that gives per_fattispecie a
// key for prova2 (modifiche), its keys given.
func aggiungeProva2(voci string) string {
	return `id: aggiunta
tipo: parametri
titolo: Aggiunta
fonte: legge di prova
vigenza: {dal: 2020-01-01}
modifiche:
  per_fattispecie:
    valori:
      - dal: 2020-01-01
        sostituisce: true
        fonte: art. 7 legge di prova
        valore:
` + voci
}

// TestSinteticoChiaviTra: a mappa whose keys are some of the codes of a
// field (chiavi_tra: fattispecie, the ids of the loaded fattispecie) has
// no key that is no code, at the key's own file, line and column; no
// code needs a key, and a request whose code has none is answered, not
// refused. The codes are those of every file, an overlay's too: an
// overlay that adds a fattispecie may add its key (modifiche). A key
// misspelt used to load, and the mappa never read it.
func TestSinteticoChiaviTra(t *testing.T) {
	t.Run("chiave sbagliata", func(t *testing.T) {
		caricaProblemi(t, nil, []string{"tariffe.yaml", mappaFattispecie("      prvoa: [sociale]\n")}, 1,
			`overlay/tariffe.yaml:22:7: parametri.per_fattispecie: valore di per_fattispecie: la chiave "prvoa" non è un valore di «Fattispecie» (chiavi_tra: fattispecie): uno di prova`)
	})
	t.Run("chiave sbagliata in un testo", func(t *testing.T) {
		caricaProblemi(t, []string{"tariffe.yaml", mappaFattispecie("      prova: [sociale]\n")}, []string{"prova.yaml", sinteticoProva + `  - id: avv_elencata
    avverte: '"prvoa" in legge.per_fattispecie'
    fonte: art. 7 legge di prova
    testo: elencata
`}, 1, `overlay/prova.yaml:25:15: passi[3].avverte: "prvoa" non è un valore di «Fattispecie»: uno di prova`)
	})
	t.Run("chiavi e chiavi_tra", func(t *testing.T) {
		caricaProblemi(t, nil, []string{"tariffe.yaml", strings.Replace(mappaFattispecie("      prova: [sociale]\n"), "    chiavi_tra:", "    chiavi: fattispecie\n    chiavi_tra:", 1)}, 1,
			`overlay/tariffe.yaml:20:17: parametri.per_fattispecie.chiavi_tra: chiavi_tra e chiavi insieme`)
	})
	base := []string{"tariffe.yaml", mappaFattispecie("      prova: [sociale]\n")}
	t.Run("fattispecie senza chiave", func(t *testing.T) {
		e, err := caricaSintetiche(t, regoleSintetiche(t, base...), "prova2.yaml", prova2)
		if err != nil {
			t.Fatalf("Load = %v", err)
		}
		out, err := e.Run(context.Background(), "calcolo", []byte(`{"fattispecie":"prova2","data":"2023-06-01","pena":{"giorni_lpu":10}}`))
		if err != nil {
			t.Fatalf("calcolo di prova2 = %v; want an answer (prova2 is no key of per_fattispecie, which it reads after «in»)", err)
		}
		if r := out.(*lpu.Risultato); len(r.Avvertenze) != 0 {
			t.Errorf("calcolo di prova2: avvertenze %v; want none", r.Avvertenze)
		}
	})
	t.Run("chiave di una fattispecie sovrapposta", func(t *testing.T) {
		e, err := caricaSintetiche(t, regoleSintetiche(t, base...), "prova2.yaml", prova2,
			"aggiunta.yaml", aggiungeProva2("          prova: [sociale]\n          prova2: [sociale]\n"))
		if err != nil {
			t.Fatalf("Load = %v", err)
		}
		out, err := e.Run(context.Background(), "calcolo", []byte(`{"fattispecie":"prova2","data":"2023-06-01","pena":{"giorni_lpu":10}}`))
		if err != nil {
			t.Fatalf("calcolo di prova2 = %v", err)
		}
		if r := out.(*lpu.Risultato); len(r.Avvertenze) != 1 {
			t.Errorf("calcolo di prova2: avvertenze %v; want «elencata»", r.Avvertenze)
		}
	})
	t.Run("chiave sbagliata di una fattispecie sovrapposta", func(t *testing.T) {
		caricaProblemi(t, base, []string{"prova2.yaml", prova2, "aggiunta.yaml", aggiungeProva2("          prova: [sociale]\n          prvoa2: [sociale]\n")}, 1,
			`overlay/aggiunta.yaml:14:11: modifiche.per_fattispecie.valori[0].valore: valore di per_fattispecie: la chiave "prvoa2" non è un valore di «Fattispecie» (chiavi_tra: fattispecie): uno di prova, prova2`)
	})
}
