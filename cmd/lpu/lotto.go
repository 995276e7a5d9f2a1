package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

func init() {
	registra("lotto", comando{
		uso: "molti casi insieme: array JSON o CSV con intestazione su standard input, un esito per riga " +
			"[--formato json|csv] [--separatore ';'] [--bom] [--spiegazione] [--ignora-colonne] [--codifica utf-8|windows-1252] [--italiano] [--lavoratori N] [--rules DIR]",
		run: lotto,
	})
}

func lotto(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lotto", flag.ContinueOnError)
	var (
		o   lpu.LottoOptions
		sep string
		dir string
	)
	fs.StringVar(&o.Formato, "formato", "", "formato degli esiti: json o csv (predefinito: quello dell'ingresso)")
	fs.StringVar(&sep, "separatore", "", "separatore del CSV in uscita: , ; o \\t (predefinito: quello dell'ingresso); con ; i decimali hanno la virgola")
	fs.BoolVar(&o.BOM, "bom", false, "scrive il BOM UTF-8 all'inizio del CSV, perché un foglio di calcolo lo legga come UTF-8")
	fs.BoolVar(&o.Spiegazione, "spiegazione", false, "include i passi della spiegazione negli esiti JSON (più lento)")
	fs.BoolVar(&o.IgnoraColonne, "ignora-colonne", false, "ignora le colonne del CSV che il motore non conosce (altrimenti sono un errore)")
	fs.IntVar(&o.Lavoratori, "lavoratori", 0, "goroutine che valutano i casi (predefinito: i processori; al massimo 4 per processore)")
	fs.StringVar(&o.Codifica, "codifica", "", "codifica del CSV in ingresso: utf-8 o windows-1252 (l'esportazione CSV di Excel in italiano); predefinito: riconosciuta")
	fs.BoolVar(&o.Italiano, "italiano", false, "esiti CSV da leggere: colonne in italiano, date gg/mm/aaaa, decimali con la virgola, parole al posto dei codici, separatore ;")
	fs.StringVar(&dir, "rules", "", "cartella di regole da sovrapporre a quelle incorporate")
	if stato, ok := opzioni(fs, args, "uso: lpu lotto [--formato json|csv] [--separatore ';'] [--bom] [--spiegazione] [--ignora-colonne] [--codifica utf-8|windows-1252] [--italiano] [--lavoratori N] [--rules DIR] < casi.csv > esiti.csv", stderr); !ok {
		return stato
	}
	if o.Lavoratori < 0 {
		fmt.Fprintf(stderr, "lpu: --lavoratori %d non valido: un numero positivo (0 o assente: i processori)\n", o.Lavoratori)
		return 2
	}
	switch {
	case sep == `\t` || sep == "tab":
		o.Separatore = '\t'
	case sep != "":
		r, n := utf8.DecodeRuneInString(sep)
		if n != len(sep) {
			return scriviErrore(stdout, stderr, &lpu.Error{Code: lpu.CodeValoreNonAmmesso, Field: "separatore",
				Message: fmt.Sprintf("separatore «%s» non ammesso: un solo carattere tra , ; e \\t", sep)})
		}
		o.Separatore = r
	}
	if os.Getenv("GOGC") == "" {
		// A batch allocates some 27 KB a case and keeps only a few MB
		// live: with the default GOGC the collector runs every couple of
		// hundred cases. 400 spends about a quarter less CPU for a heap
		// that stays bounded (under 100 MB for 100,000 rows).
		debug.SetGCPercent(400)
	}
	e, _, stato := caricaDa(dir, stderr)
	if e == nil {
		return stato
	}
	// Ctrl-C or SIGTERM stops the batch between rows; what was written
	// ends with a lotto_interrotto result, and the exit status says the
	// batch is incomplete.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	out := bufio.NewWriterSize(stdout, 64<<10)
	av := avanzamento(stderr)
	// Each block of results is flushed as soon as Lotto has written it:
	// consegnati counts the results that reached standard output, which
	// a failed write (a full disk, /dev/full) tells apart from those
	// Lotto handed to the buffer (it said «scritti 64 esiti» when none
	// was). A failed Flush keeps failing: Lotto's next write stops it.
	consegnati := 0
	var ferr error
	o.Avanzamento = func(casi int) {
		av.casi(casi)
		if ferr == nil {
			if ferr = out.Flush(); ferr == nil {
				consegnati = casi
			}
		}
	}
	st, err := e.Lotto(ctx, stdin, out, o)
	av.fine()
	if ferr == nil {
		ferr = out.Flush()
	}
	switch {
	case ferr == nil:
		consegnati = st.Casi
	case err == nil:
		err = fmt.Errorf("lpu: scrittura del lotto: %w", ferr)
	}
	if err != nil {
		var le *lpu.Error
		if st.Casi == 0 && !st.Annullato && errors.As(err, &le) {
			if le.Code == lpu.CodeCodificaNonValida && le.Field == "codifica" {
				// (the header is not UTF-8: the option that reads it)
				c := *le
				c.Message += "; per leggerlo come Windows-1252: lpu lotto --codifica windows-1252"
				err = &c
			}
			// (standard output is often a file: esiti.csv would hold
			// the JSON error and the terminal nothing; standard error
			// says it too)
			if k := lpu.AsError(err).Kind; k == lpu.KindInput || k == lpu.KindNotAllowed {
				fmt.Fprintf(stderr, "lpu lotto: nessun caso calcolato: %s (l'errore in JSON è su standard output)\n", lpu.AsError(err).Message)
			}
			return scriviErrore(stdout, stderr, err) // about the batch as a whole: exit 2
		}
		fmt.Fprintf(stderr, "lpu lotto: LOTTO INCOMPLETO: scritti %s, le righe seguenti non sono state calcolate o non sono state scritte (%v)\n",
			calc.Plurale(consegnati, "%d esito", "esiti"), err)
		if len(st.ColonneIgnorate) > 0 { // (the esiti written ignored them too)
			fmt.Fprintf(stderr, "lpu lotto: colonne ignorate: «%s»\n", strings.Join(st.ColonneIgnorate, "», «"))
		}
		return 1
	}
	fmt.Fprintf(stderr, "lpu lotto: %s (%s), %s, %d con errore", calc.Plurale(st.Casi, "%d caso", "casi"), st.Ingresso,
		calc.Plurale(st.OK, "%d calcolato", "calcolati"), st.Errori)
	if len(st.ColonneIgnorate) > 0 {
		fmt.Fprintf(stderr, "; colonne ignorate: «%s»", strings.Join(st.ColonneIgnorate, "», «"))
	}
	if t := st.TestoVuoteInFondo(); t != "" {
		fmt.Fprintf(stderr, "; %s", t)
	}
	fmt.Fprintln(stderr)
	if st.Casi == 0 {
		// (an empty batch is an empty answer, as the API gives it; the
		// /lotto page refuses a file of no rows)
		vuoto := "il CSV ha solo la riga di intestazione"
		if st.Ingresso == "json" {
			vuoto = "l'array è vuoto"
		}
		fmt.Fprintf(stderr, "lpu lotto: %s: nessun caso da calcolare\n", vuoto)
	}
	if st.Interrotto {
		fmt.Fprintf(stderr, "lpu lotto: LOTTO INCOMPLETO: ingresso illeggibile dopo %d esiti, il resto non è stato letto (l'ultimo esito dice dove)\n", st.Casi)
		return 2
	}
	return 0
}
