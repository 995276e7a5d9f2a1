package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
)

func init() {
	registra("regole", comando{
		uso: "regole test [--rules DIR]: esegue le suite YAML delle regole (incorporate, o quelle di DIR); regole verifica [--rules DIR]: controlla le regole",
		run: func(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
			const usoRegole = "uso: lpu regole test [--rules DIR] | lpu regole verifica [--rules DIR]  (DIR anche senza --rules)"
			switch {
			case len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help"):
				fmt.Fprintln(stderr, usoRegole)
				return 0
			case len(args) == 0:
				fmt.Fprintln(stderr, "lpu: manca il comando: test o verifica")
				fmt.Fprintln(stderr, usoRegole)
				return 2
			case args[0] != "test" && args[0] != "verifica":
				fmt.Fprintf(stderr, "lpu: comando sconosciuto «%s»: test o verifica\n", args[0])
				fmt.Fprintln(stderr, usoRegole)
				return 2
			}
			// The folder as every other command takes it (--rules DIR),
			// or as these always did, after the command.
			resto, dir := args[1:], ""
			if len(resto) > 0 && !strings.HasPrefix(resto[0], "-") {
				dir, resto = resto[0], resto[1:]
			}
			fl := flag.NewFlagSet("regole "+args[0], flag.ContinueOnError)
			rules := fl.String("rules", "", "cartella di regole da sovrapporre a quelle incorporate")
			if stato, ok := opzioni(fl, resto, "uso: lpu regole "+args[0]+" [--rules DIR]  (DIR anche senza --rules)", stderr); !ok {
				return stato
			}
			if *rules != "" {
				if dir != "" {
					fmt.Fprintf(stderr, "lpu: cartella indicata due volte («%s» e --rules %s): indicarla una volta sola\n", dir, *rules)
					return 2
				}
				dir = *rules
			}
			e, fsys, stato := caricaDa(dir, stderr)
			if e == nil {
				return stato
			}
			if args[0] == "verifica" {
				fmt.Fprintf(stdout, "regole valide: %d fattispecie, %s\n", len(e.Fattispecie()), e.Hash())
				return 0
			}
			esiti, err := e.RunSuite(context.Background(), fsys, "test")
			if err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
			ok, ko := 0, 0
			var file []string // the suites, in order, with their counts
			perFile := map[string]*[2]int{}
			for _, es := range esiti {
				n := perFile[es.File]
				if n == nil {
					n = &[2]int{}
					perFile[es.File] = n
					file = append(file, es.File)
				}
				if es.OK() {
					ok++
					n[0]++
					continue
				}
				ko++
				n[1]++
				for _, m := range es.Errori {
					fmt.Fprintf(stdout, "FAIL %s:%d %s: %s\n", es.File, es.Riga, es.Nome, m)
				}
			}
			// Each suite that ran, so that one that did not (saved in
			// tests/, or never written) is seen missing; and the
			// fattispecie without their suite, test/<id>.yaml.
			for _, f := range file {
				fmt.Fprintf(stdout, "%s: %d passed, %d failed\n", f, perFile[f][0], perFile[f][1])
			}
			for _, id := range e.Fattispecie() {
				if !slices.ContainsFunc(file, func(f string) bool { return filepath.Base(f) == id+".yaml" }) {
					fmt.Fprintf(stdout, "nota: la fattispecie %s non ha una suite: i suoi casi vanno in %s\n", id, filepath.Join(dir, "test", id+".yaml"))
				}
			}
			fmt.Fprintf(stdout, "%d passed, %d failed\n", ok, ko)
			if ko > 0 {
				return 1
			}
			return 0
		},
	})
}
