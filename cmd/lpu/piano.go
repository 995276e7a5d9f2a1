package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/lpu-it/lpu/lpu"
)

func init() {
	registra("piano", comando{
		uso: "calendario del lavoro (JSON su standard input); --ics: file iCalendar; --registro [--senza-bom] [--separatore ;]: registro presenze CSV (con il BOM, per i fogli di calcolo)",
		run: comandoPiano,
	})
}

const usoPiano = "uso: lpu piano [--rules DIR] [--ics | --registro [--senza-bom] [--separatore ;]] < richiesta.json"

func comandoPiano(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	dir, rest, err := flagRules(args)
	if err != nil {
		fmt.Fprintln(stderr, usoPiano)
		return 2
	}
	var ics, registro bool
	// The register starts with a BOM unless asked otherwise, as the web's:
	// Excel reads a CSV without it in the local code page, and the accents
	// of «lunedì» break. --bom, the old way to ask for it, is still read.
	opt := lpu.RegistroOptions{Separatore: ';', BOM: true}
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--ics":
			ics = true
		case a == "--registro":
			registro = true
		case a == "--bom":
			opt.BOM = true
		case a == "--senza-bom":
			opt.BOM = false
		case a == "--separatore" || strings.HasPrefix(a, "--separatore="):
			v, found := strings.CutPrefix(a, "--separatore=")
			if !found {
				if i+1 >= len(rest) {
					fmt.Fprintln(stderr, usoPiano)
					return 2
				}
				i++
				v = rest[i]
			}
			if v == `\t` || v == "tab" {
				v = "\t"
			}
			r, n := utf8.DecodeRuneInString(v)
			if n == 0 || n != len(v) || r == '"' || r == '\n' || r == '\r' {
				fmt.Fprintf(stderr, "lpu: separatore %q non valido: un solo carattere, es. ; oppure ,\n", v)
				return 2
			}
			opt.Separatore = r
		default:
			fmt.Fprintln(stderr, usoPiano)
			return 2
		}
	}
	if ics && registro {
		fmt.Fprintln(stderr, "lpu: --ics e --registro sono alternativi")
		return 2
	}
	e, _, stato := caricaDa(dir, stderr)
	if e == nil {
		return stato
	}
	body, stato, ok := leggiRichiesta(stdin, stdout, stderr)
	if !ok {
		return stato
	}
	var r lpu.RichiestaPiano
	if err := lpu.DecodeBytes(body, &r); err != nil {
		return scriviErrore(stdout, stderr, err)
	}
	res, err := e.Piano(context.Background(), &r)
	if err != nil {
		return scriviErrore(stdout, stderr, err)
	}
	w := bufio.NewWriter(stdout)
	switch {
	case ics:
		err = res.ICS(w)
	case registro:
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
