package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// motore is the engine of the embedded rules, loaded once for the test
// and the example (an Engine is immutable; under -race a Load of the
// whole rules costs more than half a second of CPU).
var motore = sync.OnceValues(func() (*lpu.Engine, error) { return lpu.Load(context.Background(), rules.FS) })

func avvia() (*httptest.Server, error) {
	e, err := motore()
	if err != nil {
		return nil, err
	}
	return httptest.NewServer(servizio(e)), nil
}

func TestServizio(t *testing.T) {
	s, err := avvia()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		corpo, contiene string
		stato           int
	}{
		{`{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}}`, `"giorni":51,"ore":102`, 200},
		{`{"fattispecie":"cds186","data":"2025-02-30"}`, `"codice":"data_non_valida"`, 400},
		{`{"fattispecie":"cds186","data":"2025-06-10"}`, `"codice":"pena_mancante"`, 422},
		{`{"fattispecie":"cds186",`, `"codice":"json_non_valido"`, 400},
		// The field named by its label, as the public API names it.
		{`{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"abc"}}`, `"messaggio":"«Ammenda (€)»: importo non valido: «abc»"`, 400},
		// A body too large is refused, not cut and read as JSON.
		{`{"fattispecie":"cds186","x":"` + strings.Repeat("x", 1<<20) + `"}`, `"codice":"richiesta_troppo_grande"`, 413},
	} {
		res, err := http.Post(s.URL+"/calcolo", "application/json", strings.NewReader(c.corpo))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.stato || !strings.Contains(string(b), c.contiene) {
			t.Errorf("POST %s = %d %s; atteso %d con %s", c.corpo, res.StatusCode, b, c.stato, c.contiene)
		}
	}
}

// A Go program posting a case to the service and reading the answer.
func Example() {
	s, err := avvia()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	for _, corpo := range []string{
		`{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}}`,
		`{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1.500,00"}}`,
	} {
		res, err := http.Post(s.URL+"/calcolo", "application/json", strings.NewReader(corpo))
		if err != nil {
			fmt.Println(err)
			return
		}
		var out struct {
			Giorni, Ore int
			Errore      *lpu.Error
		}
		err = json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if err != nil {
			fmt.Println(err)
			return
		}
		if out.Errore != nil {
			fmt.Println(res.StatusCode, out.Errore.Field, out.Errore.Code)
			continue
		}
		fmt.Println(res.StatusCode, out.Giorni, "giorni,", out.Ore, "ore")
	}
	// Output:
	// 200 51 giorni, 102 ore
	// 400 pena.ammenda importo_non_valido
}
