package lpu_test

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

var stampaTabella = flag.Bool("tabella", false, "stampa la tabella dei codici di errore (README e doc.go)")

// costantiCode are the constants of type Code declared in codici.go.
func costantiCode(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "codici.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for i, n := range vs.Names {
				out[strings.Trim(vs.Values[i].(*ast.BasicLit).Value, `"`)] = n.Name
			}
		}
	}
	return out
}

// TestCodiciCostanti: every code has a constant and a line in Codes, and
// every code the rules (rules/*.yaml, codice:) or the Go sources use is
// one of them; the Go sources name codes by their constants only.
func TestCodiciCostanti(t *testing.T) {
	costanti := costantiCode(t)
	info := map[lpu.Code]lpu.InfoCode{}
	var prima lpu.Code
	for _, c := range lpu.Codes() {
		if c.Code <= prima {
			t.Errorf("Codes: %s dopo %s (ordine alfabetico, una volta sola)", c.Code, prima)
		}
		prima = c.Code
		if _, ok := costanti[string(c.Code)]; !ok {
			t.Errorf("Codes: %s non è una costante di codici.go", c.Code)
		}
		if len(c.Kinds) == 0 || c.Significato == "" {
			t.Errorf("Codes: %s senza tipo o significato", c.Code)
		}
		info[c.Code] = c
	}
	for c, nome := range costanti {
		if _, ok := info[lpu.Code(c)]; !ok {
			t.Errorf("%s (%s) manca in Codes", nome, c)
		}
	}
	ha := func(c lpu.Code, k lpu.Kind) bool { return slices.Contains(info[c].Kinds, k) }

	// The rules: a rifiuta step refuses the case (KindNotAllowed); a
	// suite expects a code.
	reYAML := regexp.MustCompile(`(?m)\bcodice:\s*"?([a-z_]+)`)
	yamls, _ := filepath.Glob("../rules/*.yaml")
	suite, _ := filepath.Glob("../rules/test/*.yaml")
	if len(yamls) == 0 {
		t.Fatal("nessun file di regole")
	}
	for _, f := range append(yamls, suite...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range reYAML.FindAllStringSubmatch(string(b), -1) {
			c := lpu.Code(m[1])
			if _, ok := info[c]; !ok {
				t.Errorf("%s: codice %q senza costante in lpu/codici.go (e riga in Codes, README, doc.go)", f, c)
			} else if !strings.Contains(f, "/test/") && !ha(c, lpu.KindNotAllowed) {
				t.Errorf("%s: codice %q di un rifiuta, ma in Codes non è KindNotAllowed", f, c)
			}
		}
	}

	// The Go sources.
	reLetterale := regexp.MustCompile(`(errInput|errCaso|errore\(http\.[A-Za-z]+,|errore\(Kind[A-Za-z]+,|Code:)\s*"`)
	reInput := regexp.MustCompile(`errInput\((Code[A-Za-z]+)`)
	reCaso := regexp.MustCompile(`errCaso\((Code[A-Za-z]+)`)
	nomi := map[string]lpu.Code{}
	for c, n := range costanti {
		nomi[n] = lpu.Code(c)
	}
	for _, dir := range []string{".", "../server", "../cmd/lpu", "../calc"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			for _, m := range reLetterale.FindAllString(s, -1) {
				t.Errorf("%s: %s…: un codice di errore va scritto con la sua costante lpu.Code…", f, m)
			}
			for _, m := range reInput.FindAllStringSubmatch(s, -1) {
				if !ha(nomi[m[1]], lpu.KindInput) {
					t.Errorf("%s: errInput(%s), ma in Codes non è KindInput", f, m[1])
				}
			}
			for _, m := range reCaso.FindAllStringSubmatch(s, -1) {
				if !ha(nomi[m[1]], lpu.KindNotAllowed) {
					t.Errorf("%s: errCaso(%s), ma in Codes non è KindNotAllowed", f, m[1])
				}
			}
		}
	}
}

// statoServer are the statuses of the server's own errors, where the
// kind's is not the one.
var statoServer = map[lpu.Code]string{
	lpu.CodeComandoSconosciuto: "404", lpu.CodeDomandaNonPrevista: "404", lpu.CodeRisorsaSconosciuta: "404", lpu.CodeMetodoNonAmmesso: "405",
	lpu.CodeRichiestaLenta: "408", lpu.CodeRichiestaTroppoGrande: "413", lpu.CodeQueryTroppoLunga: "414",
	lpu.CodeTipoContenutoNonSupportato: "415", lpu.CodeTroppiLotti: "503",
	lpu.CodeFattispecieSconosciuta: "400 (404 nell'indirizzo)",
}

func righeTabella() (readme, doc []string) {
	stati := map[lpu.Kind]string{lpu.KindInput: "400", lpu.KindNotAllowed: "422", lpu.KindRule: "500",
		lpu.KindCanceled: "503", lpu.KindInternal: "500"}
	for _, c := range lpu.Codes() {
		var kinds, st []string
		for _, k := range c.Kinds {
			kinds = append(kinds, k.String())
			st = append(st, stati[k])
		}
		s := strings.Join(st, ", ")
		if o, ok := statoServer[c.Code]; ok {
			s = o
		}
		switch c.Code {
		case lpu.CodeLottoInterrotto:
			s = "— (ultimo esito del lotto)"
		case lpu.CodeCaricamentoInterrotto:
			s = "— (Load)"
		}
		k := strings.Join(kinds, ", ")
		readme = append(readme, fmt.Sprintf("| `%s` | %s | %s | %s |", c.Code, k, s, c.Significato))
		doc = append(doc, fmt.Sprintf("//	%-30s %-19s %s", c.Code, k, c.Significato))
	}
	return readme, doc
}

// TestTabellaCodici: the README and the package documentation list every
// code, as Codes describes it (go test -run TestTabellaCodici -tabella
// prints the lines).
func TestTabellaCodici(t *testing.T) {
	readme, doc := righeTabella()
	if *stampaTabella {
		fmt.Println(strings.Join(readme, "\n"))
		fmt.Println(strings.Join(doc, "\n"))
	}
	for _, c := range []struct {
		file  string
		righe []string
	}{{"../README.md", readme}, {"doc.go", doc}} {
		b, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range c.righe {
			if !strings.Contains(string(b), r+"\n") {
				t.Errorf("%s: manca la riga\n%s", c.file, r)
			}
		}
	}
}

// TestSenzaNetHTTP: the engine does not link net/http (the HTTP statuses
// are the server's): a program that embeds it does not carry a web
// server it does not use.
func TestSenzaNetHTTP(t *testing.T) {
	f, ok := pacchettiModulo(t)["github.com/lpu-it/lpu/lpu"]
	if !ok {
		t.Fatal("go list non elenca il pacchetto lpu")
	}
	if !slices.Contains(f.Deps, "cel.dev/cel-go/cel") { // (a check of the listing: all the dependencies)
		t.Fatalf("go list: dipendenze di lpu incomplete: %v", f.Deps)
	}
	if slices.Contains(f.Deps, "net/http") {
		t.Fatal("il pacchetto lpu dipende da net/http")
	}
}
