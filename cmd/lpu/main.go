// Command lpu is the one binary of the project: the HTTP server and the
// command-line calculators, each reading a JSON request on standard input
// and writing the JSON response on standard output.
//
//	lpu serve [--addr HOST:PORT] [--rules DIR]
//	lpu calcolo | fondo | convenzione | piano | lotto   < richiesta.json
//	lpu regole test | verifica [--rules DIR]
//
// Exit status: 0 on success, 2 for a bad request (the error object is
// printed), 1 for anything else.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	_ "time/tzdata" // Europe/Rome on any machine

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// comando is one subcommand.
type comando struct {
	uso string
	run func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var comandi = map[string]comando{}

func registra(nome string, c comando) { comandi[nome] = c }

func main() {
	os.Exit(esegui(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func esegui(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		uso(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := comandi[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "lpu: comando sconosciuto «%s»\n\n", args[0])
		uso(stderr)
		return 2
	}
	return c.run(args[1:], stdin, stdout, stderr)
}

func uso(w io.Writer) {
	fmt.Fprintln(w, "uso: lpu <comando> [argomenti]  (richiesta JSON su standard input)")
	var nomi []string
	for n := range comandi {
		nomi = append(nomi, n)
	}
	sort.Strings(nomi)
	for _, n := range nomi {
		fmt.Fprintf(w, "  %-12s %s\n", n, comandi[n].uso)
	}
}

// caricaRegole loads the embedded rules, or those of dir overlaid on them
// (a problem in one of dir's files is named by its path in dir). It is
// a variable for the tests, which run many commands in one process and
// load the embedded rules once for all of them (main_test.go).
var caricaRegole = carica

// cartellaRegole says why dir, given with --rules, cannot be read as a
// folder of rules ("" is none: the embedded rules alone). Without it a
// folder that is missing, or a file, would be an empty overlay: the
// embedded rules, answered as if they were the ones asked for, and a
// reload after the folder was moved would drop its rules in silence.
func cartellaRegole(dir string) error {
	if dir == "" {
		return nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%s non è una cartella", dir)
	}
	return nil
}

// caricaDa loads the rules of --rules dir for a command, saying on
// stderr why it cannot: a dir that is no folder is a usage error (2),
// rules that do not load a failure (1).
func caricaDa(dir string, stderr io.Writer) (*lpu.Engine, fs.FS, int) {
	if err := cartellaRegole(dir); err != nil {
		fmt.Fprintln(stderr, "lpu:", err)
		return nil, nil, 2
	}
	e, fsys, err := caricaRegole(dir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, nil, 1
	}
	return e, fsys, 0
}

func carica(dir string) (*lpu.Engine, fs.FS, error) {
	var fsys fs.FS = rules.FS
	if dir != "" {
		fsys = lpu.Overlay(rules.FS, lpu.Layer(dir, os.DirFS(dir)))
	}
	e, err := lpu.Load(context.Background(), fsys)
	return e, fsys, err
}

// scriviJSON writes v indented, with a final newline.
func scriviJSON(w io.Writer, v any) {
	_ = lpu.WriteJSON(w, v, "  ")
}

// scriviErrore prints the contract's error object and returns the exit
// status for it.
func scriviErrore(stdout, stderr io.Writer, err error) int {
	e := lpu.AsError(err)
	scriviJSON(stdout, lpu.NewErrorBody(err))
	if e.Kind != lpu.KindInput && e.Kind != lpu.KindNotAllowed {
		msg := err.Error()
		if !strings.HasPrefix(msg, "lpu: ") { // (the library's errors say it)
			msg = "lpu: " + msg
		}
		fmt.Fprintln(stderr, msg)
		return 1
	}
	return 2
}

// richiestaSemplice is the shape of calcolo, fondo, convenzione: one JSON
// request in, one JSON response out.
func richiestaSemplice(tipo string) comando {
	return comando{
		uso: "risponde a una richiesta " + tipo + " (JSON su standard input)",
		run: func(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
			fl := flag.NewFlagSet(tipo, flag.ContinueOnError)
			dir := fl.String("rules", "", "cartella di regole da sovrapporre a quelle incorporate")
			if stato, ok := opzioni(fl, args, "uso: lpu "+tipo+" [--rules DIR] < richiesta.json", stderr); !ok {
				return stato
			}
			e, _, stato := caricaDa(*dir, stderr)
			if e == nil {
				return stato
			}
			body, stato, ok := leggiRichiesta(stdin, stdout, stderr)
			if !ok {
				return stato
			}
			out, err := e.Run(context.Background(), tipo, body)
			if err != nil {
				return scriviErrore(stdout, stderr, err)
			}
			scriviJSON(stdout, out)
			return 0
		},
	}
}

// maxRichiesta is the largest request a command reads, as over HTTP.
const maxRichiesta = 1 << 20

// leggiRichiesta reads one request from standard input, at most
// maxRichiesta bytes. When it cannot, it has already answered (the error
// object, or a message on stderr) and returns the exit status.
func leggiRichiesta(stdin io.Reader, stdout, stderr io.Writer) ([]byte, int, bool) {
	body, err := io.ReadAll(io.LimitReader(stdin, maxRichiesta+1))
	if err != nil {
		fmt.Fprintln(stderr, "lpu:", err)
		return nil, 1, false
	}
	if len(body) > maxRichiesta {
		return nil, scriviErrore(stdout, stderr, &lpu.Error{Code: lpu.CodeRichiestaTroppoGrande, Message: "richiesta oltre 1 MiB"}), false
	}
	return body, 0, true
}

func init() {
	for _, t := range []string{"calcolo", "fondo", "convenzione"} {
		registra(t, richiestaSemplice(t))
	}
}
