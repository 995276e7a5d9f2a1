package lpu_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
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

// caricaModifica loads the synthetic rules (sintetico_test.go) under an
// overlay named "overlay" holding euro_2027.yaml, made of
// intestazioneModifica and modifiche, and the files in altri (name,
// source…).
func caricaModifica(t *testing.T, modifiche string, altri ...string) (*lpu.Engine, error) {
	t.Helper()
	return caricaSintetiche(t, regoleSintetiche(t), append([]string{"euro_2027.yaml", intestazioneModifica + modifiche}, altri...)...)
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

// TestModificaEuroPerGiorno: on the real rules (the overlay on
// rules/generali.yaml and cds186.yaml alone, which read it), an overlay
// file of a few lines gives euro_per_giorno a new value from 2027-01-01,
// without copying rules/generali.yaml: a cds186 calcolo dated 2027 uses it, one
// dated 2025 the value it had.
func TestModificaEuroPerGiorno(t *testing.T) {
	base := engine(t)
	if g25, g27 := giorniAmmenda(t, base, "2025-06-10"), giorniAmmenda(t, base, "2027-06-10"); g25 != 6 || g27 != 6 {
		t.Fatalf("embedded rules: 1,500 € give %d days in 2025, %d in 2027; want 6 (250 € a day)", g25, g27)
	}
	e, err := lpu.Load(context.Background(), lpu.Overlay(regoleReali(t, "vocabolario.yaml", "generali.yaml", "cds186.yaml"), lpu.Layer("overlay", fstest.MapFS{"euro_2027.yaml": {Data: []byte(intestazioneModifica + `  euro_per_giorno:
    valori:
      - dal: 2027-01-01
        valore: "300"
        fonte: art. 135 c.p., come modificato dalla legge di prova
`)}})))
	if err != nil {
		t.Fatal(err)
	}
	if g25, g27 := giorniAmmenda(t, e, "2025-06-10"), giorniAmmenda(t, e, "2027-06-10"); g25 != 6 || g27 != 5 {
		t.Errorf("1,500 € give %d days in 2025, %d in 2027; want 6 (250 € a day) and 5 (300 € a day)", g25, g27)
	}
}

// TestModificaParametro: on the synthetic rules, whose quota is 2 until
// 2023 and 3 from 2024, an overlay adds a value from a date, a
// correction (sostituisce) changes the value in force for all or part of
// its period; the other dates keep theirs.
func TestModificaParametro(t *testing.T) {
	for _, tc := range []struct {
		nome, modifiche string
		giorni          map[string]int // by date, for 10 days of LPU
	}{
		{"nuovo valore dal 2027", `  quota:
    valori:
      - dal: 2027-01-01
        valore: 5
        fonte: art. 1 legge di prova, come modificato dalla legge del 2027
`, map[string]int{"2023-06-10": 20, "2026-12-31": 30, "2027-01-01": 50}},
		{"con il tipo", `  quota:
    tipo: intero
    valori: [{dal: 2027-01-01, valore: 4, fonte: legge di prova}]
`, map[string]int{"2026-06-10": 30, "2027-06-10": 40}},
		{"correzione", `  quota:
    valori: [{dal: 2024-01-01, valore: 7, fonte: legge di prova, sostituisce: true}]
`, map[string]int{"2023-12-31": 20, "2024-01-01": 70, "2027-06-10": 70}},
		{"correzione di un periodo", `  quota:
    valori: [{dal: 2025-01-01, al: 2025-12-31, valore: 7, fonte: legge di prova, sostituisce: true}]
`, map[string]int{"2024-12-31": 30, "2025-01-01": 70, "2025-12-31": 70, "2026-01-01": 30}},
		{"due valori", `  quota:
    valori:
      - {dal: 2026-01-01, al: 2026-12-31, valore: 6, fonte: legge di prova, sostituisce: true}
      - {dal: 2027-01-01, valore: 5, fonte: legge di prova}
`, map[string]int{"2025-06-10": 30, "2026-06-10": 60, "2027-06-10": 50}},
	} {
		t.Run(tc.nome, func(t *testing.T) {
			e, err := caricaModifica(t, tc.modifiche)
			if err != nil {
				t.Fatal(err)
			}
			for data, want := range tc.giorni {
				if g := calcolaProva(t, e, data).Giorni; g != want {
					t.Errorf("%s: %d days; want %d", data, g, want)
				}
			}
		})
	}
}

// TestModificaParametroLocale: a parameter of a rule file's own is named
// <id>.<nome>.
func TestModificaParametroLocale(t *testing.T) {
	e, err := caricaModifica(t, `  prova.ore_per_giorno:
    valori: [{dal: 2027-01-01, valore: 3, fonte: art. 2}]
`)
	if err != nil {
		t.Fatal(err)
	}
	for data, want := range map[string]int{"2025-06-10": 60, "2027-06-10": 90} {
		if o := calcolaProva(t, e, data).Ore; o != want {
			t.Errorf("%s: %d hours; want %d", data, o, want)
		}
	}
}

// TestModificaParametroErrori: a change that cannot be made fails at
// load, with one problem at the overlay's own file, line and column (and
// the base file's, where the parameter is defined).
func TestModificaParametroErrori(t *testing.T) {
	for _, tc := range []struct {
		nome, modifiche, want string
	}{
		{"si sovrappone", `  quota:
    valori:
      - {dal: 2021-01-01, al: 2021-12-31, valore: 4, fonte: legge di prova}
`, `overlay/euro_2027.yaml:9:51: modifiche.quota.valori[0]: il nuovo valore di quota (dal 01/01/2021 al 31/12/2021) si sovrappone a quello dal 01/01/2020 al 31/12/2023 (rules/tariffe.yaml:11:51): per prenderne il posto, sostituisce: true`},
		{"stesso giorno", `  quota:
    valori: [{dal: 2024-01-01, valore: 4, fonte: legge di prova}]
`, `overlay/euro_2027.yaml:8:40: modifiche.quota.valori[0]: il nuovo valore di quota (dal 01/01/2024) si sovrappone a quello dal 01/01/2024 (rules/tariffe.yaml:12:35)`},
		{"tipo sbagliato", `  quota:
    tipo: decimale
    valori: [{dal: 2027-01-01, valore: "4", fonte: legge di prova}]
`, `overlay/euro_2027.yaml:8:11: modifiche.quota.tipo: il parametro quota è di tipo intero (rules/tariffe.yaml:7:3), non decimale`},
		{"valore del tipo sbagliato", `  quota:
    valori: [{dal: 2027-01-01, valore: quattro, fonte: legge di prova}]
`, `overlay/euro_2027.yaml:8:40: modifiche.quota.valori[0].valore: valore di quota non valido: atteso un intero`},
		{"senza fonte", `  quota:
    valori:
      - dal: 2027-01-01
        valore: 4
`, `overlay/euro_2027.yaml:9:9: modifiche.quota.valori[0]: manca la fonte del nuovo valore di quota: la norma che lo stabilisce`},
		{"parametro sconosciuto", `  quota_al_giorno:
    valori: [{dal: 2027-01-01, valore: 4, fonte: legge di prova}]
`, `overlay/euro_2027.yaml:7:3: modifiche.quota_al_giorno: parametro "quota_al_giorno" sconosciuto: nessun file di tipo parametri lo definisce`},
		{"parametro di un file sconosciuto", `  prova.euro:
    valori: [{dal: 2027-01-01, valore: "300", fonte: legge di prova}]
`, `overlay/euro_2027.yaml:7:3: modifiche.prova.euro: parametro "euro" sconosciuto: il file rules/prova.yaml non lo definisce`},
		{"parametro comune per file", `  tariffe.quota:
    valori: [{dal: 2027-01-01, valore: 4, fonte: legge di prova}]
`, `overlay/euro_2027.yaml:7:3: modifiche.tariffe.quota: quota è un parametro comune (rules/tariffe.yaml): si scrive quota`},
		{"senza dal", `  quota:
    valori: [{valore: 4, fonte: legge di prova}]
`, `overlay/euro_2027.yaml:8:14: modifiche.quota.valori[0]: manca dal`},
		{"sostituisce niente", `  prova.ore_per_giorno:
    valori: [{dal: 2010-01-01, al: 2010-12-31, valore: 3, fonte: legge di prova, sostituisce: true}]
`, `overlay/euro_2027.yaml:8:56: modifiche.prova.ore_per_giorno.valori[0].sostituisce: sostituisce: true, ma nessun valore di prova.ore_per_giorno è in vigore dal 01/01/2010 al 31/12/2010: togliere sostituisce`},
		{"buco prima", `  quota:
    valori: [{dal: 2010-01-01, al: 2010-12-31, valore: 4, fonte: legge di prova}]
`, `overlay/euro_2027.yaml:8:56: modifiche.quota.valori[0]: nessun valore di quota dal 01/01/2011 al 31/12/2019, tra il valore dal 01/01/2010 al 31/12/2010 e quello dal 01/01/2020 al 31/12/2023 (rules/tariffe.yaml:11:51): le versioni di un parametro si seguono senza giorni scoperti`},
		{"buco tra due nuovi", `  quota:
    valori:
      - {dal: 2015-01-01, al: 2016-12-31, valore: 3, fonte: legge di prova}
      - {dal: 2018-01-01, al: 2019-12-31, valore: 4, fonte: legge di prova}
`, `overlay/euro_2027.yaml:10:51: modifiche.quota.valori[1]: nessun valore di quota dal 01/01/2017 al 31/12/2017, tra il valore dal 01/01/2015 al 31/12/2016 e quello dal 01/01/2018 al 31/12/2019:`},
		{"fuori dalla vigenza del file", `  quota:
    valori: [{dal: 2001-01-01, valore: 4, fonte: legge di prova}]
`, `overlay/euro_2027.yaml:8:14: modifiche.quota.valori[0]: vigenza dal 01/01/2001 fuori da quella del file`},
	} {
		t.Run(tc.nome, func(t *testing.T) {
			_, err := caricaModifica(t, tc.modifiche)
			var er *lpu.LoadError
			if !errors.As(err, &er) {
				t.Fatalf("Load = %v; want *lpu.LoadError", err)
			}
			if len(er.Problems) != 1 || !strings.Contains(er.Problems[0].String(), tc.want) {
				t.Errorf("got:\n%v\nwant one problem containing:\n%s", err, tc.want)
			}
		})
	}
}

// TestModificaSoloParametri: the key modifiche belongs to files of tipo
// parametri.
func TestModificaSoloParametri(t *testing.T) {
	_, err := caricaSintetiche(t, regoleSintetiche(t), "x.yaml", `id: x
tipo: dati
titolo: x
vigenza: {dal: 2020-01-01}
dati: {}
modifiche:
  quota:
    valori: [{dal: 2027-01-01, valore: 4, fonte: legge di prova}]
`)
	if err == nil || !strings.Contains(err.Error(), "overlay/x.yaml:7:3: modifiche: la chiave modifiche è solo per i file di tipo parametri") {
		t.Errorf("Load = %v", err)
	}
}
