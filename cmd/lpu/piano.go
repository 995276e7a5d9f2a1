package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/lpu-it/lpu/lpu"
)

func init() {
	registra("piano", comando{
		uso: "calendario del lavoro (JSON su standard input) [--rules DIR]; --ics: file iCalendar; --registro [--senza-bom] [--separatore ;]: registro presenze CSV (con il BOM, per i fogli di calcolo)",
		run: comandoPiano,
	})
}

const usoPiano = "uso: lpu piano [--rules DIR] [--ics | --registro [--senza-bom] [--separatore ;]] < richiesta.json " +
	"(il registro ha il BOM: --bom, il modo di chiederlo di prima, è accettato e non cambia nulla)"

func comandoPiano(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("piano", flag.ContinueOnError)
	dir := fl.String("rules", "", "cartella di regole da sovrapporre a quelle incorporate")
	ics := fl.Bool("ics", false, "il calendario come file iCalendar")
	registro := fl.Bool("registro", false, "il registro presenze CSV (con il BOM, per i fogli di calcolo)")
	bom := fl.Bool("bom", false, "il registro con il BOM: è già il predefinito, l'opzione non cambia nulla")
	senzaBOM := fl.Bool("senza-bom", false, "il registro senza il BOM")
	sep := fl.String("separatore", ";", "separatore del registro: un carattere, es. ; oppure , (\\t o tab: la tabulazione)")
	if stato, ok := opzioni(fl, args, usoPiano, stderr); !ok {
		return stato
	}
	// The register starts with a BOM unless asked otherwise, as the web's:
	// Excel reads a CSV without it in the local code page, and the accents
	// of «lunedì» break. --bom, the old way to ask for it, is still read.
	if *bom && *senzaBOM {
		fmt.Fprintln(stderr, "lpu: --bom e --senza-bom sono alternativi")
		return 2
	}
	opt := lpu.RegistroOptions{Separatore: ';', BOM: !*senzaBOM}
	v := *sep
	if v == `\t` || v == "tab" {
		v = "\t"
	}
	car, n := utf8.DecodeRuneInString(v)
	if n == 0 || n != len(v) || car == '"' || car == '\n' || car == '\r' {
		fmt.Fprintf(stderr, "lpu: separatore «%s» non valido: un solo carattere, es. ; oppure ,\n", *sep)
		return 2
	}
	opt.Separatore = car
	if *ics && *registro {
		fmt.Fprintln(stderr, "lpu: --ics e --registro sono alternativi")
		return 2
	}
	e, _, stato := caricaDa(*dir, stderr)
	if e == nil {
		return stato
	}
	body, stato, ok := leggiRichiesta(stdin, stdout, stderr)
	if !ok {
		return stato
	}
	// (as lpu calcolo, through Run: its errors are those of every kind
	// of request, each field named by its label)
	out, err := e.Run(context.Background(), "piano", body)
	if err != nil {
		return scriviErrore(stdout, stderr, err)
	}
	res, ok := out.(*lpu.RisultatoPiano)
	if !ok { // the engine's piano kind answers *lpu.RisultatoPiano
		fmt.Fprintf(stderr, "lpu: piano ha risposto %T\n", out)
		return 1
	}
	w := bufio.NewWriter(stdout)
	switch {
	case *ics:
		err = res.ICS(w)
	case *registro:
		err = res.Registro(w, opt)
	default:
		scriviJSON(w, res)
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintln(stderr, "lpu:", err)
		return 1
	}
	return 0
}
