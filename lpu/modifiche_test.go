package lpu_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// intestazioneModifica is the head of an overlay file that changes
// parameters; the modifiche follow on line 7.
const intestazioneModifica = `id: euro_2027
tipo: parametri
titolo: Ragguaglio dal 2027
fonte: legge di prova
vigenza: {dal: 2002-01-02}
modifiche:
`

// caricaModifica loads the embedded rules under an overlay named
// "overlay" holding one file, euro_2027.yaml, made of
// intestazioneModifica and modifiche.
func caricaModifica(t *testing.T, modifiche string, altri ...string) (*lpu.Engine, error) {
	t.Helper()
	m := fstest.MapFS{"euro_2027.yaml": {Data: []byte(intestazioneModifica + modifiche)}}
	for i := 0; i+1 < len(altri); i += 2 {
		m[altri[i]] = &fstest.MapFile{Data: []byte(altri[i+1])}
	}
	return lpu.Load(context.Background(), lpu.Sovrapponi(rules.FS, lpu.Strato("overlay", m)))
}

// giorniAmmenda computes cds186 for an ammenda of 1,500 € on date data
// and returns the days the ammenda is worth (1500 / euro_per_giorno).
func giorniAmmenda(t *testing.T, e *lpu.Engine, data string) int {
	t.Helper()
	out, err := e.Run(context.Background(), "calcolo", []byte(`{"fattispecie":"cds186","data":"`+data+`","pena":{"ammenda":"1500"}}`))
	if err != nil {
		t.Fatalf("calcolo del %s: %v", data, err)
	}
	return out.(*lpu.Risultato).Giorni
}

// TestModificaParametro: an overlay file of a few lines gives
// euro_per_giorno a new value from 2027-01-01, without copying
// rules/generali.yaml: a calcolo dated 2027 uses it, one dated 2025 the
// value it had; a correction (sostituisce) changes the value in force.
func TestModificaParametro(t *testing.T) {
	base := engine(t)
	if g25, g27 := giorniAmmenda(t, base, "2025-06-10"), giorniAmmenda(t, base, "2027-06-10"); g25 != 6 || g27 != 6 {
		t.Fatalf("embedded rules: 1,500 € give %d days in 2025, %d in 2027; want 6 (250 € a day)", g25, g27)
	}
	for _, tc := range []struct {
		nome, modifiche string
		g25, g27        int
	}{
		{"nuovo valore dal 2027", `  euro_per_giorno:
    valori:
      - dal: 2027-01-01
        valore: "300"
        fonte: art. 135 c.p., come modificato dalla legge di prova
`, 6, 5},
		{"con il tipo", `  euro_per_giorno:
    tipo: decimale
    valori: [{dal: 2027-01-01, valore: "500", fonte: legge di prova}]
`, 6, 3},
		{"correzione", `  euro_per_giorno:
    valori: [{dal: 2002-01-02, valore: "500", fonte: legge di prova, sostituisce: true}]
`, 3, 3},
		{"correzione di un periodo", `  euro_per_giorno:
    valori: [{dal: 2025-01-01, al: 2025-12-31, valore: "500", fonte: legge di prova, sostituisce: true}]
`, 3, 6},
		{"due valori", `  euro_per_giorno:
    valori:
      - {dal: 2026-01-01, al: 2026-12-31, valore: "500", fonte: legge di prova, sostituisce: true}
      - {dal: 2027-01-01, valore: "300", fonte: legge di prova}
`, 6, 5},
	} {
		t.Run(tc.nome, func(t *testing.T) {
			e, err := caricaModifica(t, tc.modifiche)
			if err != nil {
				t.Fatal(err)
			}
			if g := giorniAmmenda(t, e, "2025-06-10"); g != tc.g25 {
				t.Errorf("2025: %d days; want %d", g, tc.g25)
			}
			if g := giorniAmmenda(t, e, "2027-06-10"); g != tc.g27 {
				t.Errorf("2027: %d days; want %d", g, tc.g27)
			}
		})
	}
}

// prova is a rule file with a parameter of its own, quota.
const prova = `id: prova
tipo: calcolo
titolo: Prova
fonte: art. 1 legge di prova
vigenza: {dal: 2020-01-01}
parametri:
  quota: {tipo: intero, valore: 2, fonte: art. 1}
passi:
  - {id: g, calcola: giorni, valore: pena.giorni_lpu * legge.quota, fonte: art. 1, testo: "{giorni}"}
  - {id: o, calcola: ore, valore: giorni * 2, fonte: art. 1, testo: "{ore}"}
  - {id: m, calcola: ore_giornaliere_max, valore: "8", fonte: art. 1, testo: "{ore_giornaliere_max}"}
`

// TestModificaParametroLocale: a parameter of a rule file's own is named
// <id>.<nome>.
func TestModificaParametroLocale(t *testing.T) {
	e, err := caricaModifica(t, `  prova.quota:
    valori: [{dal: 2027-01-01, valore: 3, fonte: art. 2}]
`, "prova.yaml", prova)
	if err != nil {
		t.Fatal(err)
	}
	for data, want := range map[string]int{"2025-06-10": 20, "2027-06-10": 30} {
		out, err := e.Run(context.Background(), "calcolo", []byte(`{"fattispecie":"prova","data":"`+data+`","pena":{"giorni_lpu":10}}`))
		if err != nil {
			t.Fatal(err)
		}
		if g := out.(*lpu.Risultato).Giorni; g != want {
			t.Errorf("%s: %d days; want %d", data, g, want)
		}
	}
}

// TestModificaParametroErrori: a change that cannot be made fails at
// load, with one problem at the overlay's own file, line and column.
func TestModificaParametroErrori(t *testing.T) {
	for _, tc := range []struct {
		nome, modifiche, want string
	}{
		{"si sovrappone", `  euro_per_giorno:
    valori:
      - {dal: 2020-01-01, al: 2020-12-31, valore: "300", fonte: legge di prova}
`, `overlay/euro_2027.yaml:9:51: modifiche.euro_per_giorno.valori[0]: il nuovo valore di euro_per_giorno (dal 01/01/2020 al 31/12/2020) si sovrappone a quello dal 02/01/2002 (rules/generali.yaml:28:13): per prenderne il posto, sostituisce: true`},
		{"stesso giorno", `  euro_per_giorno:
    valori: [{dal: 2002-01-02, valore: "300", fonte: legge di prova}]
`, `overlay/euro_2027.yaml:8:40: modifiche.euro_per_giorno.valori[0]: il nuovo valore di euro_per_giorno (dal 02/01/2002) si sovrappone a quello dal 02/01/2002`},
		{"tipo sbagliato", `  euro_per_giorno:
    tipo: intero
    valori: [{dal: 2027-01-01, valore: 300, fonte: legge di prova}]
`, `overlay/euro_2027.yaml:8:11: modifiche.euro_per_giorno.tipo: il parametro euro_per_giorno è di tipo decimale (rules/generali.yaml:26:3), non intero`},
		{"valore del tipo sbagliato", `  euro_per_giorno:
    valori: [{dal: 2027-01-01, valore: trecento, fonte: legge di prova}]
`, `overlay/euro_2027.yaml:8:40: modifiche.euro_per_giorno.valori[0].valore: valore di euro_per_giorno non valido: atteso un decimale tra virgolette, es. "250"`},
		{"senza fonte", `  euro_per_giorno:
    valori:
      - dal: 2027-01-01
        valore: "300"
`, `overlay/euro_2027.yaml:9:9: modifiche.euro_per_giorno.valori[0]: manca la fonte del nuovo valore di euro_per_giorno: la norma che lo stabilisce`},
		{"parametro sconosciuto", `  euro_al_giorno:
    valori: [{dal: 2027-01-01, valore: "300", fonte: legge di prova}]
`, `overlay/euro_2027.yaml:7:3: modifiche.euro_al_giorno: parametro "euro_al_giorno" sconosciuto: nessun file di tipo parametri lo definisce`},
		{"parametro di un file sconosciuto", `  cds186.euro:
    valori: [{dal: 2027-01-01, valore: "300", fonte: legge di prova}]
`, `overlay/euro_2027.yaml:7:3: modifiche.cds186.euro: parametro "euro" sconosciuto: il file rules/cds186.yaml non lo definisce`},
		{"parametro comune per file", `  generali.euro_per_giorno:
    valori: [{dal: 2027-01-01, valore: "300", fonte: legge di prova}]
`, `overlay/euro_2027.yaml:7:3: modifiche.generali.euro_per_giorno: euro_per_giorno è un parametro comune (rules/generali.yaml): si scrive euro_per_giorno`},
		{"senza dal", `  euro_per_giorno:
    valori: [{valore: "300", fonte: legge di prova}]
`, `overlay/euro_2027.yaml:8:14: modifiche.euro_per_giorno.valori[0]: manca dal`},
		{"sostituisce niente", `  prova.quota:
    valori: [{dal: 2010-01-01, al: 2010-12-31, valore: 3, fonte: legge di prova, sostituisce: true}]
`, `overlay/euro_2027.yaml:8:56: modifiche.prova.quota.valori[0].sostituisce: sostituisce: true, ma nessun valore di prova.quota è in vigore dal 01/01/2010 al 31/12/2010: togliere sostituisce`},
		{"fuori dalla vigenza del file", `  euro_per_giorno:
    valori: [{dal: 2001-01-01, valore: "300", fonte: legge di prova}]
`, `overlay/euro_2027.yaml:8:14: modifiche.euro_per_giorno.valori[0]: vigenza dal 01/01/2001 fuori da quella del file`},
	} {
		t.Run(tc.nome, func(t *testing.T) {
			_, err := caricaModifica(t, tc.modifiche, "prova.yaml", prova)
			var er *lpu.ErroreRegole
			if !errors.As(err, &er) {
				t.Fatalf("Load = %v; want *lpu.ErroreRegole", err)
			}
			if len(er.Problemi) != 1 || !strings.Contains(er.Problemi[0].String(), tc.want) {
				t.Errorf("got:\n%v\nwant one problem containing:\n%s", err, tc.want)
			}
		})
	}
}

// TestModificaSoloParametri: the key modifiche belongs to files of tipo
// parametri.
func TestModificaSoloParametri(t *testing.T) {
	_, err := lpu.Load(context.Background(), lpu.Sovrapponi(rules.FS, lpu.Strato("overlay", fstest.MapFS{"x.yaml": {Data: []byte(`id: x
tipo: dati
titolo: x
vigenza: {dal: 2020-01-01}
dati: {}
modifiche:
  euro_per_giorno:
    valori: [{dal: 2027-01-01, valore: "300", fonte: legge di prova}]
`)}})))
	if err == nil || !strings.Contains(err.Error(), "overlay/x.yaml:7:3: modifiche: la chiave modifiche è solo per i file di tipo parametri") {
		t.Errorf("Load = %v", err)
	}
}
