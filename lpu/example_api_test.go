// The examples load the embedded rules each, as a user's program does:
// under -race eight more loads of the whole rules, and nothing the race
// detector could find in them that the tests do not, as every call here
// runs in the tests under -race too; they run without -race, in go test
// ./... and in make test (DIFFERENZIALI).

//go:build !race

package lpu_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing/fstest"
	"time"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// Load compiles a rule set once; the Engine it returns answers any number
// of requests, concurrently. A directory of rules of one's own overlays
// the embedded ones with Overlay (a file of the same name replaces the
// embedded one); a broken one is refused with every problem at once.
func ExampleLoad() {
	ctx := context.Background()
	e, err := lpu.Load(ctx, rules.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(e.Fattispecie()) > 5, strings.HasPrefix(e.Hash(), "sha256:"))

	// A broken overlay: Load reports every problem with file:line:col.
	rotta := fstest.MapFS{"cds186.yaml": {Data: []byte("id: cds186\npassi: 3\n")}}
	_, err = lpu.Load(ctx, lpu.Overlay(rules.FS, rotta))
	var er *lpu.LoadError
	fmt.Println(errors.As(err, &er) && len(er.Problems) > 0)
	// Output:
	// true true
	// true
}

// Fondo says whether the Fondo INAIL insures a placement, and by when the
// host entity must ask.
func ExampleEngine_Fondo() {
	ctx := context.Background()
	e, err := lpu.Load(ctx, rules.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := e.Fondo(ctx, &lpu.RichiestaFondo{Fattispecie: "l689_56bis", DataInizio: lpu.NewData(2024, time.December, 2),
		Convenzione: "dm2023_56bis", Giorni: 480})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Esito, res.RichiestaEntro, res.PremioStimato)
	// Output:
	// ammissibile 2024-11-22 489.60
}

// Convenzione says whether a host entity's convention is valid for a
// placement at a date.
func ExampleEngine_Convenzione() {
	ctx := context.Background()
	e, err := lpu.Load(ctx, rules.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := e.Convenzione(ctx, &lpu.RichiestaConvenzione{
		Convenzione: lpu.Convenzione{Modello: "dm88_2015", Decorrenza: lpu.NewData(2021, time.March, 1), Anni: 5, Fattispecie: []string{"map"}},
		Fattispecie: "l689_56bis", Data: lpu.NewData(2025, time.July, 31)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Valida, res.Scadenza)
	// Output:
	// true 2026-02-28
}

// Lotto answers many cases from a CSV, streaming; cancelling its context
// stops it between rows, and the error says why.
func ExampleEngine_Lotto() {
	e, err := lpu.Load(context.Background(), rules.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	csv := "rif;fattispecie;data;arresto_mesi;arresto_giorni;ammenda\n" +
		"A-1;cds186;10/06/2025;1;15;1.500,00\n" +
		"A-2;cds999;10/06/2025;1;15;1500\n"
	var out strings.Builder
	st, err := e.Lotto(context.Background(), strings.NewReader(csv), &out, lpu.LottoOptions{})
	fmt.Println(st.Casi, st.OK, st.Errori, err)

	// A context cancelled before the end: no further row is computed.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	st, err = e.Lotto(ctx, strings.NewReader(csv), io.Discard, lpu.LottoOptions{})
	fmt.Println(st.Annullato, errors.Is(err, context.Canceled))
	// Output:
	// 2 1 1 <nil>
	// true true
}

// An error tells by its Kind whose fault it is, and by its Code what it
// is: a bad request, a case the law does not allow, a broken rule.
func ExampleError() {
	ctx := context.Background()
	e, err := lpu.Load(ctx, rules.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range []*lpu.Richiesta{
		{Fattispecie: "cds999", Data: lpu.NewData(2025, time.June, 10)},
		{Fattispecie: "cds186", Data: lpu.NewData(2025, time.June, 10)},
	} {
		_, err := e.Calcolo(ctx, r)
		var le *lpu.Error
		if !errors.As(err, &le) {
			fmt.Println(err)
			continue
		}
		switch le.Kind {
		case lpu.KindInput:
			fmt.Println("richiesta da correggere:", le.Code, le.Field)
		case lpu.KindNotAllowed:
			fmt.Println("la legge non lo consente:", le.Code, le.Field)
		case lpu.KindRule, lpu.KindInternal:
			fmt.Println("errore nostro:", le.Code)
		}
		fmt.Println(errors.Is(err, lpu.CodeFattispecieSconosciuta))
	}
	// Output:
	// richiesta da correggere: fattispecie_sconosciuta fattispecie
	// true
	// la legge non lo consente: pena_mancante pena.arresto
	// false
}
