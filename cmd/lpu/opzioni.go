package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// opzioni parses a command's options with Go's flag package and says
// what is wrong in Italian, in one line before the command's usage line:
// an option the command has not, one without its value or with a value
// of the wrong kind, one given twice (flag would keep the last in
// silence: «--rules a --rules b» would answer with b's rules), one given
// empty («--rules=$DIR» with DIR unset would answer with the embedded
// rules), and an argument after the options. -h and --help print the usage and the
// options. It returns the exit status to give when the command must
// stop (0 after help, 2 for a mistake) and ok when it may go on.
func opzioni(fs *flag.FlagSet, args []string, uso string, stderr io.Writer) (stato int, ok bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var valori []*unaVolta
	fs.VisitAll(func(f *flag.Flag) {
		v := &unaVolta{Value: f.Value, nome: f.Name}
		f.Value = v
		valori = append(valori, v)
	})
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintln(stderr, uso)
		fs.VisitAll(func(f *flag.Flag) {
			nome, _ := flag.UnquoteUsage(f)
			valore := ""
			if nome != "" {
				valore = " VALORE"
			}
			fmt.Fprintf(stderr, "  --%s%s\n    \t%s\n", f.Name, valore, f.Usage)
		})
		return 0, false
	case err != nil:
		msg := inItaliano(err)
		for _, v := range valori {
			switch {
			case v.ripetuta:
				msg = fmt.Sprintf("l'opzione --%s è indicata più volte: indicarla una volta sola", v.nome)
			case v.vuota:
				msg = fmt.Sprintf("l'opzione --%s è vuota: indicarne il valore, o ometterla", v.nome)
			}
		}
		fmt.Fprintln(stderr, "lpu:", msg)
		fmt.Fprintln(stderr, uso)
		return 2, false
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "lpu: argomento inatteso «%s»\n", fs.Arg(0))
		fmt.Fprintln(stderr, uso)
		return 2, false
	}
	return 0, true
}

// unaVolta refuses a second value for its option.
type unaVolta struct {
	flag.Value
	nome     string
	data     bool
	ripetuta bool
	vuota    bool
}

func (v *unaVolta) Set(s string) error {
	if v.data {
		v.ripetuta = true
		return errors.New("ripetuta")
	}
	if s == "" && !v.IsBoolFlag() {
		// («--rules=$DIR» with DIR unset: the embedded rules would answer
		// as if they were the ones asked for)
		v.vuota = true
		return errors.New("vuota")
	}
	v.data = true
	return v.Value.Set(s)
}

// IsBoolFlag keeps a boolean option one that takes no value.
func (v *unaVolta) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// The flag package's errors (Go 1 compatible texts), in Italian.
var erroriFlag = []struct {
	re  *regexp.Regexp
	fmt string
}{
	{regexp.MustCompile(`^flag provided but not defined: -+(.*)$`), "opzione sconosciuta --%s"},
	{regexp.MustCompile(`^flag needs an argument: -+(.*)$`), "l'opzione --%s vuole un valore"},
	{regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-+([^:]*):`), "valore «%s» non valido per l'opzione --%s"},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "opzione scritta male «%s»"},
}

func inItaliano(err error) string {
	msg := err.Error()
	for _, e := range erroriFlag {
		if m := e.re.FindStringSubmatch(msg); m != nil {
			args := make([]any, len(m)-1)
			for i, s := range m[1:] {
				if q, err := strconv.Unquote(s); err == nil {
					s = q
				}
				args[i] = strings.TrimSpace(s)
			}
			return fmt.Sprintf(e.fmt, args...)
		}
	}
	return "argomenti non validi: " + msg
}
