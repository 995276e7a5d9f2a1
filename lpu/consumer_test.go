package lpu_test

import (
	"debug/buildinfo"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// consumerMain is a consumer's program written from go doc only: every
// operation, a 100,000-row Lotto cancelled through its context, and an
// error of each kind told apart by Kind and Code.
const consumerMain = `package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

// rows is a CSV lotto of n rows, made as it is read; cancel is called
// after row k.
type rows struct {
	n, i, k int
	cancel  func()
	buf     []byte
}

func (g *rows) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i <= g.n {
		if g.i == 0 {
			g.buf = append(g.buf, "rif,fattispecie,data,arresto_mesi,ammenda\n"...)
		} else {
			g.buf = fmt.Appendf(g.buf, "r%d,cds186,2025-06-10,%d,%d\n", g.i, 1+g.i%11, 250*(g.i%40))
		}
		if g.i == g.k {
			g.cancel()
		}
		g.i++
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

const broken = ` + "`" + `id: rotta
tipo: calcolo
titolo: Una regola che fallisce
fonte: art. 54 d.lgs. 274/2000
vigenza: {dal: 2020-01-01}
passi:
  - id: giorni
    calcola: giorni
    valore: giorni(dyn(pena.giorni_lpu), opzioni.mese, data)
    fonte: art. 54 c.2
    testo: "{giorni} giorni."
  - id: ore
    calcola: ore
    valore: giorni * legge.ore_per_giorno
    fonte: art. 54 c.5
    testo: "{ore} ore."
  - id: max
    calcola: ore_giornaliere_max
    valore: legge.ore_giornaliere_max
    fonte: art. 54 c.4
    testo: "Al più {ore_giornaliere_max} ore al giorno."
` + "`" + `

func main() {
	ctx := context.Background()
	e, err := lpu.Load(ctx, rules.FS)
	if err != nil {
		fail("load: %v", err)
	}
	data := lpu.NewData(2025, 6, 10)
	res, err := e.Calcolo(ctx, &lpu.Richiesta{Fattispecie: "cds186", Data: data,
		Pena: lpu.Pena{Arresto: lpu.Durata{Mesi: 1, Giorni: 15}, Ammenda: lpu.ImportoFromCents(150000)}})
	if err != nil {
		fail("calcolo: %v", err)
	}
	max, ok := res.Limiti.OreSettimanaliMax.Int()
	fmt.Println("calcolo", res.Giorni, res.Ore, max, ok, res.FondoInail.Esito)

	f, err := e.Fondo(ctx, &lpu.RichiestaFondo{Fattispecie: "cds186", DataInizio: lpu.NewData(2025, 7, 1), Giorni: res.Giorni})
	if err != nil {
		fail("fondo: %v", err)
	}
	fmt.Println("fondo", f.Esito != "", f.RichiestaEntro)

	var rc lpu.RichiestaConvenzione
	if err := lpu.DecodeBytes([]byte(` + "`" + `{"convenzione":{"modello":"dm2001","decorrenza":"2021-03-01","anni":5},"fattispecie":"cds186","data":"2025-07-31"}` + "`" + `), &rc); err != nil {
		fail("decode convenzione: %v", err)
	}
	c, err := e.Convenzione(ctx, &rc)
	if err != nil {
		fail("convenzione: %v", err)
	}
	fmt.Println("convenzione", c.Valida)

	p, err := e.Piano(ctx, &lpu.RichiestaPiano{Fattispecie: "cds186", Ore: res.Ore, Inizio: lpu.NewData(2025, 7, 1),
		GiorniSettimana: map[string]int{"sab": 6}})
	if err != nil {
		fail("piano: %v", err)
	}
	fmt.Println("piano", p.PrimoGiorno, p.UltimoGiorno)

	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g := &rows{n: 100000, k: 2000, cancel: cancel}
	st, err := e.Lotto(lctx, g, io.Discard, lpu.LottoOptions{Formato: "json"})
	fmt.Println("lotto", errors.Is(err, context.Canceled), st.Annullato, st.Casi < 100000, g.i < 100000)

	// A bad input, two bad fields at once.
	var r lpu.Richiesta
	err = lpu.DecodeBytes([]byte(` + "`" + `{"fattispecie":"cds186","data":"2025-02-30","pena":{"ammenda":"1.500,00"}}` + "`" + `), &r)
	le := lpu.AsError(err)
	fmt.Println("input", le.Kind == lpu.KindInput, le.Code, len(lpu.AllErrors(err)), errors.Is(err, lpu.CodeImportoNonValido))
	// A case the law does not allow.
	_, err = e.Calcolo(ctx, &lpu.Richiesta{Fattispecie: "cds186", Data: data})
	le = lpu.AsError(err)
	fmt.Println("legge", le.Kind == lpu.KindNotAllowed, le.Code)
	// A broken rule, in an overlay.
	eb, err := lpu.Load(ctx, lpu.Overlay(rules.FS, lpu.Layer("mie", fstest.MapFS{"rotta.yaml": {Data: []byte(broken)}})))
	if err != nil {
		var lerr *lpu.LoadError
		if errors.As(err, &lerr) {
			fail("overlay: %d problems: %v", len(lerr.Problems), err)
		}
		fail("overlay: %v", err)
	}
	_, err = eb.Calcolo(ctx, &lpu.Richiesta{Fattispecie: "rotta", Data: data, Pena: lpu.Pena{GiorniLPU: 5}})
	le = lpu.AsError(err)
	fmt.Println("regola", le.Kind == lpu.KindRule, le.Code)
	fmt.Println("versione", strings.TrimSpace(lpu.Versione()) != "")
}
`

// TestModuloConsumatore: a fresh module that requires this one (through
// a replace) builds with the public API alone, runs every operation,
// and its binary does not link net/http. Offline: the requirements come
// from the module cache.
func TestModuloConsumatore(t *testing.T) {
	if testing.Short() {
		t.Skip("go build of a consumer module")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go non trovato")
	}
	radice, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	// (a directory that lasts, git-ignored: go build links the consumer
	// again, some 4 s of CPU, only when this module's code changed)
	dir := filepath.Join(radice, "tmp", "consumatore")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(radice, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	scrivi := func(nome, testo string) {
		if err := os.WriteFile(filepath.Join(dir, nome), []byte(testo), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	scrivi("go.mod", "module example.com/consumatore\n\ngo 1.26\n\nrequire github.com/lpu-it/lpu v0.0.0-00010101000000-000000000000\n\nreplace github.com/lpu-it/lpu => "+radice+"\n")
	scrivi("go.sum", string(sum))
	scrivi("main.go", consumerMain)
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	run := func(nome string, args ...string) string {
		t.Helper()
		cmd := exec.Command(nome, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", nome, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	bin := filepath.Join(dir, "consumatore")
	run(goBin, "build", "-o", bin, ".")
	out := run(bin)
	for _, want := range []string{
		"calcolo 51 102 6 true ",
		"fondo true ",
		"convenzione true",
		"piano 2025-07-05 ",
		"lotto true true true true",
		"input true data_non_valida 2 true",
		"legge true pena_mancante",
		"regola true regola_fallita",
		"versione true",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("consumer output lacks %q:\n%s", want, out)
		}
	}
	// The binary does not link net/http: the library does not import it.
	simboli := simboliDi(t, bin, func() string { return run(goBin, "tool", "nm", bin) })
	if !slices.Contains(simboli, "github.com/lpu-it/lpu/lpu.(*Engine).Lotto") {
		t.Fatalf("the binary's symbols hold none of the engine: %.200s", strings.Join(simboli, " "))
	}
	if slices.ContainsFunc(simboli, func(s string) bool { return strings.HasPrefix(s, "net/http.") }) {
		t.Errorf("the consumer's binary links net/http")
	}
	t.Logf("%s", out)
	// (what go version -m prints, read here)
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(info.String(), "gin-gonic") {
		t.Errorf("the consumer's binary holds the server's dependencies")
	}
}

// simboliDi are the names of the symbols of the binary bin: read here
// from its ELF symbol table, or, for another format, from what nm (go
// tool nm) prints.
func simboliDi(t *testing.T, bin string, nm func() string) []string {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		var out []string
		for _, riga := range strings.Split(nm(), "\n") {
			if c := strings.Fields(riga); len(c) >= 3 {
				out = append(out, c[len(c)-1])
			}
		}
		return out
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(syms))
	for i, s := range syms {
		out[i] = s.Name
	}
	return out
}
