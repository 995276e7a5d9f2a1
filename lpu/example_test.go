// The examples load the embedded rules each, as a user's program does:
// under -race eight more loads of the whole rules, and nothing the race
// detector could find in them that the tests do not, as every call here
// runs in the tests under -race too; they run without -race, in go test
// ./... and in make test (DIFFERENZIALI).

//go:build !race

package lpu_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// Load the embedded rules once, then answer a case: 1 month and 15 days
// of arresto and 1500 € of ammenda for driving under the influence
// (art. 186 c.9-bis C.d.S.; the example of Cass. 33700/2025).
func ExampleEngine_Calcolo() {
	e, err := lpu.Load(context.Background(), rules.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := e.Calcolo(context.Background(), &lpu.Richiesta{
		Fattispecie: "cds186",
		Data:        lpu.NewData(2025, time.June, 10),
		Pena:        lpu.Pena{Arresto: lpu.Durata{Mesi: 1, Giorni: 15}, Ammenda: lpu.MustImporto("1500")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Ammissibile, res.Giorni, "giorni,", res.Ore, "ore")
	// A limit the law does not set (MAP has no weekly maximum) is not
	// Definito: Int says so, and its JSON is null.
	if max, ok := res.Limiti.OreSettimanaliMax.Int(); ok {
		fmt.Println("al più", max, "ore a settimana,", res.Limiti.OreGiornaliereMax, "al giorno")
	}
	for _, p := range res.Passi {
		switch p.Regola {
		case "cds186.giorni_arresto", "cds186.giorni_ammenda", "cds186.durata":
			fmt.Println(p.Testo)
		}
	}
	// Output:
	// true 51 giorni, 102 ore
	// al più 6 ore a settimana, 8 al giorno
	// Arresto di 1 mese e 15 giorni = 45 giorni di lavoro (mesi di 30 giorni, come Cass. 33700/2025).
	// Ammenda di € 1.500 ÷ € 250 = 6 giorni (la frazione di € 250 conta come un giorno, art. 135 c.p.).
	// Durata del lavoro: 45 + 6 = 51 giorni, in deroga ai limiti dell'art. 54 c.2 d.lgs. 274/2000.
}

// A request that cannot be read gets a coded error naming the field, in
// Italian; its JSON is the body the CLI prints and the server returns.
func ExampleDecodeBytes() {
	var r lpu.Richiesta
	err := lpu.DecodeBytes([]byte(`{"fattispecie": "cds186", "pena": {"ammenda": "1.500,00"}}`), &r)
	e := lpu.AsError(err)
	fmt.Println(e.Kind)
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(lpu.ErrorBody{Errore: e})
	// Output:
	// input
	// {
	//   "errore": {
	//     "codice": "importo_non_valido",
	//     "messaggio": "importo non valido: «1.500,00» (nel JSON usare il punto come separatore decimale e nessun separatore delle migliaia: «1500.00»)",
	//     "campo": "pena.ammenda"
	//   }
	// }
}
