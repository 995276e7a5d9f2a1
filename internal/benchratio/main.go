// Command benchratio reads the output of go test -bench (several runs of
// each benchmark) and prints the medians, the cost of an evaluation
// against the hand-written baseline measured beside it, and the targets
// of the engine. make bench feeds it rounds of all the benchmarks:
//
//	for i in 1 2 3 4 5; do go test -run '^$' -bench . -benchmem ./lpu/; done > bench.txt
//	go run ./internal/benchratio bench.txt
//
// The ratio is the median of the ratios of each round (the i-th run of
// Evaluate to the i-th of the baseline), never a comparison with figures
// from another run or machine: only the baseline of the same moment says
// what "fast" means here. Each target names the issue that set it (#2,
// and the guard-rails of #13). With -verifica the exit status is 1 when
// a target is missed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// misura is the median of the runs of one benchmark; tempi are the
// times of its runs, in order.
type misura struct {
	ns, byte, alloc float64
	n               int
	tempi           []float64
}

// riga is a benchmark line: name, iterations, then "value unit" pairs in
// any order (custom metrics such as casi/s may stand between ns/op and
// B/op, so the units are read by name, not by position).
var riga = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

var unita = map[string]int{"ns/op": 0, "B/op": 1, "allocs/op": 2}

func leggi(r io.Reader) (map[string]*misura, []string, error) {
	campioni := map[string][][3]float64{}
	var ordine []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := riga.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		var v [3]float64
		campi := strings.Fields(m[2])
		trovato := false
		for i := 0; i+1 < len(campi); i += 2 {
			if k, ok := unita[campi[i+1]]; ok {
				v[k], _ = strconv.ParseFloat(campi[i], 64)
				trovato = trovato || k == 0
			}
		}
		if !trovato {
			continue
		}
		if _, ok := campioni[m[1]]; !ok {
			ordine = append(ordine, m[1])
		}
		campioni[m[1]] = append(campioni[m[1]], v)
	}
	out := map[string]*misura{}
	for k, vs := range campioni {
		med := func(i int) float64 {
			x := make([]float64, len(vs))
			for j, v := range vs {
				x[j] = v[i]
			}
			slices.Sort(x)
			if len(x)%2 == 1 {
				return x[len(x)/2]
			}
			return (x[len(x)/2-1] + x[len(x)/2]) / 2
		}
		m := &misura{ns: med(0), byte: med(1), alloc: med(2), n: len(vs)}
		for _, v := range vs {
			m.tempi = append(m.tempi, v[0])
		}
		out[k] = m
	}
	return out, ordine, sc.Err()
}

// rapporto is the median of the ratios of the i-th run of a to the i-th
// run of b: when the runs are rounds of all the benchmarks, as make bench
// does, each ratio compares two figures taken moments apart, and the
// machine's other work weighs on both alike.
func rapporto(a, b *misura) float64 {
	if len(a.tempi) != len(b.tempi) {
		return a.ns / b.ns
	}
	r := make([]float64, len(a.tempi))
	for i := range r {
		r[i] = a.tempi[i] / b.tempi[i]
	}
	slices.Sort(r)
	if len(r)%2 == 1 {
		return r[len(r)/2]
	}
	return (r[len(r)/2-1] + r[len(r)/2]) / 2
}

func durata(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.1f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func main() {
	verifica := flag.Bool("verifica", false, "esce con stato 1 se un obiettivo non è raggiunto")
	flag.Parse()
	var in io.Reader = os.Stdin
	if flag.NArg() > 0 {
		f, err := os.Open(flag.Arg(0))
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchratio:", err)
			os.Exit(2)
		}
		defer f.Close()
		in = f
	}
	m, ordine, err := leggi(in)
	if err != nil || len(m) == 0 {
		fmt.Fprintln(os.Stderr, "benchratio: nessun risultato di benchmark in ingresso", err)
		os.Exit(2)
	}
	fmt.Printf("\n%-42s %12s %10s %10s  (mediana di n)\n", "benchmark", "tempo/op", "B/op", "allocs/op")
	for _, k := range ordine {
		v := m[k]
		fmt.Printf("%-42s %12s %10.0f %10.0f  (n=%d)\n", strings.TrimPrefix(k, "Benchmark"), durata(v.ns), v.byte, v.alloc, v.n)
	}
	fmt.Println("\nrapporti (stessa esecuzione) e obiettivi:")
	base := m["BenchmarkBaseline"]
	for _, k := range []string{"BenchmarkEvaluate/senza_spiegazione", "BenchmarkEvaluate/spiegazione"} {
		if v := m[k]; v != nil && base != nil {
			fmt.Printf("  %-53s %.2f× il tempo, %.2f× le allocazioni del codice scritto a mano\n",
				strings.TrimPrefix(k, "Benchmark")+" / Baseline", rapporto(v, base), v.alloc/base.alloc)
		}
	}
	mancati := 0
	for _, o := range obiettivi(m) {
		esito := "ok"
		switch {
		case o.info:
			esito = "(info)"
		case !o.ok:
			esito, mancati = "MANCATO", mancati+1
		}
		// (padded by characters: ≤ and × are more than a byte)
		fmt.Printf("  %-8s %s%s %s\n", esito, o.nome, strings.Repeat(" ", max(0, 54-utf8.RuneCountInString(o.nome))), o.dettaglio)
	}
	if *verifica && mancati > 0 {
		os.Exit(1)
	}
}

// obiettivo is a target of the engine met (ok) or not, with the figure
// it was judged on; info is a figure without a target.
type obiettivo struct {
	nome, dettaglio string
	ok, info        bool
}

// obiettivi judges the measurements against the targets of the issues
// that set them, each line naming its issue: #2 (5 µs, 3× the baseline,
// Load in 50 ms, set before the Fund joined the calcolo) and the
// guard-rails of #13 (2× the baseline, Load in 100 ms). A target whose
// benchmarks are missing is not judged.
func obiettivi(m map[string]*misura) []obiettivo {
	var out []obiettivo
	base := m["BenchmarkBaseline"]
	if v := m["BenchmarkEvaluate/senza_spiegazione"]; v != nil {
		out = append(out, obiettivo{nome: "#2: una valutazione senza spiegazione ≤ 5 µs", ok: v.ns <= 5000, dettaglio: durata(v.ns)})
		if base != nil {
			r := rapporto(v, base)
			out = append(out,
				obiettivo{nome: "#2: entro 3× il codice scritto a mano", ok: r <= 3, dettaglio: fmt.Sprintf("%.2f×", r)},
				obiettivo{nome: "#13: senza spiegazione ≤ 2× il codice scritto a mano", ok: r <= 2, dettaglio: fmt.Sprintf("%.2f×", r)})
		}
	}
	if v := m["BenchmarkEvaluateSenzaFondo"]; v != nil {
		out = append(out, obiettivo{nome: "la sola fattispecie, senza il Fondo INAIL", info: true, dettaglio: durata(v.ns)})
	}
	if v := m["BenchmarkLoad"]; v != nil {
		out = append(out,
			obiettivo{nome: "#2: tutte le regole caricate in ≤ 50 ms", ok: v.ns <= 50e6, dettaglio: durata(v.ns)},
			obiettivo{nome: "#13: tutte le regole caricate in ≤ 100 ms", ok: v.ns <= 100e6, dettaglio: durata(v.ns)})
	}
	return out
}
