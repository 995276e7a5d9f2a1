package main

import (
	"context"
	"fmt"
	"io"
)

func init() {
	registra("regole", comando{
		uso: "regole test [DIR]: esegue le suite YAML delle regole (incorporate, o quelle di DIR); regole verifica [DIR]: controlla le regole",
		run: func(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
			if len(args) == 0 || len(args) > 2 || (args[0] != "test" && args[0] != "verifica") {
				fmt.Fprintln(stderr, "uso: lpu regole test [DIR] | lpu regole verifica [DIR]")
				return 2
			}
			dir := ""
			if len(args) == 2 {
				dir = args[1]
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
			for _, es := range esiti {
				if es.OK() {
					ok++
					continue
				}
				ko++
				for _, m := range es.Errori {
					fmt.Fprintf(stdout, "FAIL %s:%d %s: %s\n", es.File, es.Riga, es.Nome, m)
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
