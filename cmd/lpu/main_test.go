package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestComandi runs the binary's commands as a user would, through the
// same entry point as main: exit status and output.
func TestComandi(t *testing.T) {
	esempio186 := `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}}`
	enorme := `{"x":"` + strings.Repeat("a", 1<<20) + `"}`
	for _, tc := range []struct {
		nome, stdin string
		args        []string
		stato       int
		contiene    string
	}{
		{"calcolo 186", esempio186, []string{"calcolo"}, 0, `"ore": 102`},
		{"calcolo JSON rotto", `{"fattispecie":`, []string{"calcolo"}, 2, `"codice": "json_non_valido"`},
		{"calcolo troppo grande", enorme, []string{"calcolo"}, 2, `"codice": "richiesta_troppo_grande"`},
		{"piano troppo grande", enorme, []string{"piano"}, 2, `"codice": "richiesta_troppo_grande"`},
		{"piano MAP del vademecum", `{"fattispecie":"map","ore":48,"inizio":"2025-07-01","durata_mesi":3,"giorni_settimana":{"gio":4},"comune":"Milano"}`,
			[]string{"piano"}, 0, `"termine": "2025-10-01"`},
		{"fondo senza data", `{"fattispecie":"cds186"}`, []string{"fondo"}, 2, `"campo": "data_inizio"`},
		{"comando sconosciuto", ``, []string{"boh"}, 2, ``},
		{"regole verifica", ``, []string{"regole", "verifica"}, 0, `regole valide: 7 fattispecie`},
	} {
		t.Run(tc.nome, func(t *testing.T) {
			var out, errb bytes.Buffer
			stato := esegui(tc.args, strings.NewReader(tc.stdin), &out, &errb)
			if stato != tc.stato {
				t.Errorf("exit %d; want %d (stderr: %s)", stato, tc.stato, errb.String())
			}
			if !strings.Contains(out.String(), tc.contiene) {
				t.Errorf("stdout = %.300s; want it to contain %s", out.String(), tc.contiene)
			}
		})
	}
}
