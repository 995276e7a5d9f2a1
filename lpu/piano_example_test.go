// The examples load the embedded rules each, as a user's program does:
// under -race eight more loads of the whole rules, and nothing the race
// detector could find in them that the tests do not, as every call here
// runs in the tests under -race too; they run without -race, in go test
// ./... and in make test (DIFFERENZIALI).

//go:build !race

package lpu_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// A plan for art. 186 C.d.S.: 12 hours, two on Mondays and four on
// Thursdays from 1 December 2025, in Milano. The Immacolata (Monday
// 8 December) is skipped; Sant'Ambrogio falls on a Sunday that year.
func ExampleEngine_Piano() {
	e, err := lpu.Load(context.Background(), rules.FS)
	if err != nil {
		panic(err)
	}
	res, err := e.Piano(context.Background(), &lpu.RichiestaPiano{
		Fattispecie:     "cds186",
		Ore:             12,
		Inizio:          lpu.NewData(2025, 12, 1),
		GiorniSettimana: map[string]int{"lun": 2, "gio": 4},
		Comune:          "Milano",
	})
	if err != nil {
		panic(err)
	}
	for _, s := range res.Sessioni {
		fmt.Println(s.Data, s.Giorno, s.Ore)
	}
	for _, f := range res.FestivitaSaltate {
		fmt.Println("saltato:", f.Data, f.Motivo)
	}
	fmt.Println("richiesta INAIL entro", res.RichiestaInailEntro, "violazioni:", len(res.Violazioni))
	var reg strings.Builder // the register has CRLF line ends, as spreadsheets expect
	_ = res.Registro(&reg, lpu.RegistroOptions{})
	fmt.Print(strings.ReplaceAll(reg.String(), "\r\n", "\n"))
	// Output:
	// 2025-12-01 lun 2
	// 2025-12-04 gio 4
	// 2025-12-11 gio 4
	// 2025-12-15 lun 2
	// saltato: 2025-12-08 Immacolata Concezione
	// richiesta INAIL entro 2025-11-21 violazioni: 0
	// Data;Giorno;Ore previste;Ora di entrata;Ora di uscita;Firma della persona;Firma del referente;Note
	// 01/12/2025;lunedì;2;;;;;
	// 04/12/2025;giovedì;4;;;;;
	// 11/12/2025;giovedì;4;;;;;
	// 15/12/2025;lunedì;2;;;;;ultima sessione
	// Totale;;12;;;;;4 sessioni
}
