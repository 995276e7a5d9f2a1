package lpu

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/interpreter"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestValutatoriComeCEL: an expression compiled into closures
// (valutatori.go) gives what CEL's plan of it gives — the value and its
// type, or the error and its message — on the operators and functions
// the closures know, with their failures (division by zero, overflow, a
// name without a value, an error that && or || absorbs or not, a
// library function refusing its argument); and an expression they do
// not know is left to CEL.
func TestValutatoriComeCEL(t *testing.T) {
	p, env := provaCds186(t, cel.Variable("qualsiasi", cel.DynType))
	req := &Richiesta{Fattispecie: "cds186", Data: NewData(2025, time.June, 10),
		Pena:  Pena{Arresto: Durata{Mesi: 1, Giorni: 15}, Ammenda: NewImporto("1500.50")},
		Fatti: Fatti{Comma: "2b", Incidente: true, SostituzioniPrecedenti: 1000}}
	esegui := func(prg *programmaCEL, usaVal bool) string {
		att := attivazioneProva(p, req)
		if usaVal {
			v := prg.val(att)
			if types.IsError(v) {
				return "errore: " + v.(*types.Err).Error()
			}
			return fmt.Sprintf("%T %v", v, v)
		}
		frame, err := interpreter.NewExecutionFrame(att)
		if err != nil {
			t.Fatal(err)
		}
		defer frame.Close()
		v := prg.radice.Exec(frame)
		if types.IsError(v) {
			return "errore: " + v.(*types.Err).Error()
		}
		return fmt.Sprintf("%T %v", v, v)
	}
	compila := func(src string, senza bool) *programmaCEL {
		t.Helper()
		ast, iss := env.Compile(src)
		if iss.Err() != nil {
			t.Fatalf("%s: %v", src, iss.Err())
		}
		p.tab.senzaValutatori = senza
		defer func() { p.tab.senzaValutatori = false }()
		var ps spec.Problems
		prg := programma1(p.tab, ast, spec.Expr{Src: src}, "", &ps)
		if prg == nil || len(ps) > 0 {
			t.Fatalf("%s: %v", src, ps)
		}
		return prg
	}
	for _, src := range []string{
		// names, constants, parameters
		"fatti.comma", "pena.arresto", "pena.ammenda", "data", "legge.euro_per_giorno", "legge.sostituzioni_max",
		"giorni", "giorni + 1", "true",
		// logic, with errors absorbed or not
		"fatti.incidente && fatti.comma == '2b'", "!fatti.incidente || giorni > 0", "giorni > 0 || true",
		"giorni > 0 && false", "false && giorni > 0", "true && giorni > 0", "1 / 0 == 1 || 1 % 0 == 1",
		"!(1 / 0 == 1)", "fatti.incidente ? 'sì' : giorni_arresto == 0 ? 'a' : 'b'", "(1 / 0 == 1) ? 1 : 2",
		"fatti.incidente ? giorni : 2",
		// comparison and arithmetic
		"fatti.sostituzioni_precedenti * 9223372036854775 > 0", "-(-9223372036854775807 - 1)",
		"9223372036854775807 + fatti.sostituzioni_precedenti", "fatti.sostituzioni_precedenti - 3 <= 997",
		"fatti.sostituzioni_precedenti / 7 >= 142", "fatti.sostituzioni_precedenti % 7 < 7",
		"pena.ammenda > decimale('1500') && pena.ammenda <= decimale('1500.50')", "pena.ammenda * decimale('2') - decimale('1')",
		"pena.arresto >= durata(0, 1, 14)", "pena.arresto == durata(0, 1, 15)", "pena.arresto != durata(0, 1, 15)",
		"data < data('2025-06-11')", "data('2025-06-11') >= data", "data == data('2025-06-10')",
		"fatti.comma == 'x' || fatti.comma != '2b'", "1 == 1 && 'a' != 'b'", "1 == giorni", "'2b' == fatti.comma",
		"pena.ammenda == decimale('1500.50')", "fatti.sostituzioni_precedenti != 1000", "giorni_arresto >= 0",
		"fatti.incidente == true", "massimo(fatti.sostituzioni_precedenti, 0) - minimo(giorni, 0)",
		// texts and lists
		"fatti.comma + '-' + string(fatti.sostituzioni_precedenti)", "string(data)", "size(fatti.comma)",
		"fatti.comma in ['2a', '2b']", "fatti.comma in ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', '2b']",
		"fatti.comma in ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']", "giorni in [1, 2]", "fatti.comma in ['x'] + [fatti.comma]", "size(['a', fatti.comma])",
		"[fatti.comma, 'x']",
		// dates and the library
		"data.getFullYear() * 100 + data.getMonth() * 10 + data.getDate()", "data.getDayOfWeek() + data.getDayOfYear()", "data.getDayOfMonth() - fatti.sostituzioni_precedenti",
		"-fatti.sostituzioni_precedenti * -1", "data - aggiungi_giorni(data, 1) == data - data",
		"giorni(pena.arresto, opzioni.mese, data)", "giorni(pena.arresto, 'lunare', data)", "durata(0, fatti.sostituzioni_precedenti * 13, 0) == durata(0, 0, 0)",
		"giorni_da_euro(pena.ammenda, legge.euro_per_giorno, 'eccesso')", "giorni_da_euro(pena.ammenda, decimale('0'), 'eccesso')",
		"quoziente(fatti.sostituzioni_precedenti, 0)", "resto(-7, 3) + quoziente(-7, 3)", "massimo(1, 2) - minimo(1, 2)",
		"per_eccesso(pena.ammenda) + per_difetto(pena.ammenda)", "decimale(fatti.sostituzioni_precedenti)",
		"testo(data) + testo(pena.arresto) + testo(pena.ammenda) + testo(3)", "aggiungi_giorni(data, 400001)",
		"aggiungi_mesi(data, 13) > aggiungi_giorni(data, 365)", "giorni_tra(data, data('2026-01-01'))",
		"decimale(fatti.comma)", "data(fatti.comma)",
	} {
		con, senza := compila(src, false), compila(src, true)
		if con.val == nil {
			t.Errorf("%s: non compilato in chiusure", src)
			continue
		}
		if senza.val != nil {
			t.Fatalf("%s: compilato in chiusure anche senza", src)
		}
		if got, want := esegui(con, true), esegui(senza, false); got != want {
			t.Errorf("%s:\nchiusure: %s\nCEL:      %s", src, got, want)
		}
		if got, want := esegui(con, false), esegui(senza, false); got != want {
			t.Errorf("%s (dal piano): %s, CEL %s", src, got, want)
		}
	}
	// Left to CEL: an index, a comprehension, a dyn value, a double.
	for _, src := range []string{"[1, 2][0] == 1", "[1, 2].exists(x, x > 1)", "qualsiasi == 1", "1.5 > 1.0", "{'a': 1}['a'] == 1"} {
		if prg := compila(src, false); prg.val != nil {
			t.Errorf("%s: compilato in chiusure", src)
		}
	}
}

// TestUsciteNumerate: every reserved output of every kind of rule file
// has its number (uscita), so the engine can read it after an
// evaluation.
func TestUsciteNumerate(t *testing.T) {
	for tipo, conf := range tipi {
		for nome := range conf.uscite {
			if !slices.Contains(nomiUscite[:], nome) {
				t.Errorf("%s: uscita %s senza numero", tipo, nome)
			}
		}
	}
	if got := nomiUscite[uOreSettimanaliMin : uOreGiornaliereMax+1]; !slices.Equal(got, []string{"ore_settimanali_min", "ore_settimanali_max", "ore_giornaliere_max"}) {
		t.Errorf("limiti: %v", got)
	}
}
