package lpu_test

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
)

// pacchettiDominio are the domain packages under lpu/internal: each
// does one job of LPU's on plain data and on the packages below it.
// puòImportare are the other domain packages one may import: the words
// of the rules (parole), for the names an expression reads, and, for the
// description, the declared vocabulary.
var pacchettiDominio = []struct {
	nome, cosa   string
	puòImportare []string
}{
	{"piano", "il calendario, con i patroni e le regole del calendario", nil},
	{"convenzione", "il conteggio dei posti delle sedi di una convenzione e i tipi di posto predefiniti", nil},
	{"lotto", "il lotto", nil},
	{"nomi", "i nomi delle fattispecie e la tabella Normattiva", nil},
	{"parole", "le condizioni e i valori delle regole in parole", nil},
	{"vocabolario", "il vocabolario dichiarato delle richieste", []string{"parole"}},
	{"catalogo", "la lettura dei campi che le regole di una fattispecie leggono", []string{"parole"}},
	{"descrizione", "la descrizione di una fattispecie per chi la legge", []string{"parole", "vocabolario"}},
}

// pacchetto is a package of the module as go list tells it: its direct
// imports and all its dependencies.
type pacchetto struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// pacchettiModulo lists the packages of the module with their imports
// and dependencies, by import path: one go list for the tests that read
// them (TestArchitettura, TestSenzaNetHTTP), which skip without go.
func pacchettiModulo(t *testing.T) map[string]pacchetto {
	t.Helper()
	if testing.Short() {
		t.Skip("go list")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go non trovato")
	}
	pkgs, err := pacchettiUna()
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// pacchettiUna runs go list once, a line a package of the module (its
// dependencies are in Deps; a template of three fields is a fifth of the
// CPU of -deps -json, and of its decoding under -race).
var pacchettiUna = sync.OnceValues(func() (map[string]pacchetto, error) {
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports ","}} {{join .Deps ","}}`, "github.com/lpu-it/lpu/...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v", err)
	}
	elenco := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	pkgs := map[string]pacchetto{}
	for _, riga := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		c := strings.Split(riga, " ")
		if len(c) != 3 {
			return nil, fmt.Errorf("go list: riga %q", riga)
		}
		pkgs[c[0]] = pacchetto{ImportPath: c[0], Imports: elenco(c[1]), Deps: elenco(c[2])}
	}
	return pkgs, nil
})

// TestArchitettura holds the direction of imports (README, Architettura):
// the generic engine (lpu/internal/motore) imports, of the module, only
// calc, spec and celx: it knows nothing of the domain, of the rules of LPU
// nor of the facade; calc knows nothing of lpu; server, cmd and examples
// use the facade only, never lpu/internal/…; the domain packages
// (pacchettiDominio) work on plain data: each knows neither the facade,
// nor the server, nor the other domain packages but those it names
// (vocabolario and catalogo: parole; descrizione: parole and
// vocabolario); the facade imports each of them.
func TestArchitettura(t *testing.T) {
	const mod = "github.com/lpu-it/lpu/"
	pkgs := pacchettiModulo(t)
	// The leaves: the values in words (valori), the JSON encoding
	// (jsonx) and the names a misspelt one meant (simili) import nothing
	// of the module; they sit with the engine, below the domain.
	foglia := func(dep string) bool {
		return dep == mod+"lpu/internal/valori" || dep == mod+"lpu/internal/jsonx" || dep == mod+"lpu/internal/simili"
	}
	dominio := func(dep string) bool {
		return dep == mod+"lpu" || (strings.HasPrefix(dep, mod+"lpu/internal/") &&
			!strings.HasPrefix(dep, mod+"lpu/internal/motore") && !strings.HasPrefix(dep, mod+"lpu/internal/spec") &&
			!strings.HasPrefix(dep, mod+"lpu/internal/celx") && !foglia(dep))
	}
	// The engine may import, of this module, only what lies below it:
	// calc, the reader of the rule files (spec) and the CEL library
	// (celx). Anything else of the module — the facade, a domain
	// package, the rules of LPU (rules), the server, the commands — is
	// the law or its users, which the engine must not know.
	sottoMotore := func(dep string) bool {
		if !strings.HasPrefix(dep, mod) {
			return false // the standard library, cel-go, yaml, decimal
		}
		for _, ok := range []string{"calc", "lpu/internal/spec", "lpu/internal/celx", "lpu/internal/motore", "lpu/internal/simili"} {
			if dep == mod+ok || strings.HasPrefix(dep, mod+ok+"/") {
				return false
			}
		}
		return true
	}
	// (the rule fails when violated: a check of the check)
	for _, d := range []string{mod + "lpu", mod + "lpu/internal/piano", mod + "lpu/internal/lotto", mod + "rules", mod + "server"} {
		if !sottoMotore(d) {
			t.Fatalf("la regola del motore lascerebbe importare %s", d)
		}
	}
	for _, d := range []string{mod + "calc", mod + "lpu/internal/spec", mod + "lpu/internal/celx", "cel.dev/cel-go/cel"} {
		if sottoMotore(d) {
			t.Fatalf("la regola del motore vieterebbe %s", d)
		}
	}
	regole := []struct {
		chi     func(string) bool
		vieta   func(string) bool
		diretti bool // only direct imports count
		perché  string
	}{
		{func(p string) bool { return strings.HasPrefix(p, mod+"lpu/internal/motore") },
			sottoMotore, false, "il motore generico non dipende dal dominio, dalle regole di LPU né dalla facciata lpu: solo da calc, spec, celx e simili"},
		{func(p string) bool {
			return strings.HasPrefix(p, mod+"lpu/internal/spec") || strings.HasPrefix(p, mod+"lpu/internal/celx")
		},
			dominio, false, "la lettura delle regole e la libreria CEL stanno sotto il motore"},
		{foglia, func(d string) bool { return strings.HasPrefix(d, mod) }, false,
			"i valori in parole (lpu/internal/valori), la codifica JSON (lpu/internal/jsonx) e i nomi simili (lpu/internal/simili) sono foglie: non importano nulla del modulo"},
		{func(p string) bool { return strings.HasPrefix(p, mod+"calc") },
			func(d string) bool { return strings.HasPrefix(d, mod+"lpu") }, false, "calc (date, importi, ore) non conosce lpu"},
		{func(p string) bool {
			return strings.HasPrefix(p, mod+"server") || strings.HasPrefix(p, mod+"cmd/") || strings.HasPrefix(p, mod+"examples/")
		}, func(d string) bool { return strings.HasPrefix(d, mod+"lpu/internal/") }, true, "server, cmd ed examples usano solo la facciata lpu"},
	}
	// The domain packages work on plain data (and on spec, celx, motore,
	// valori below them): each knows neither the facade, nor the server,
	// nor the other domain packages.
	vietatoAlDominio := func(nome, dep string) bool {
		for _, d := range pacchettiDominio {
			if d.nome == nome && (dep == mod+"lpu/internal/"+nome || slices.ContainsFunc(d.puòImportare, func(a string) bool { return dep == mod+"lpu/internal/"+a })) {
				return false
			}
		}
		return dominio(dep) || strings.HasPrefix(dep, mod+"server")
	}
	// (the rule fails when violated: a check of the check)
	for _, c := range []struct {
		nome, dep string
		vietato   bool
	}{
		{"nomi", mod + "lpu", true}, {"nomi", mod + "server", true}, {"nomi", mod + "lpu/internal/piano", true},
		{"vocabolario", mod + "lpu/internal/nomi", true}, {"parole", mod + "lpu/internal/vocabolario", true},
		{"vocabolario", mod + "lpu/internal/parole", false}, {"vocabolario", mod + "lpu/internal/descrizione", true},
		{"descrizione", mod + "lpu/internal/vocabolario", false}, {"descrizione", mod + "lpu/internal/nomi", true}, {"piano", mod + "lpu/internal/spec", false},
		{"catalogo", mod + "lpu/internal/motore", false}, {"lotto", mod + "lpu/internal/valori", false}, {"piano", mod + "calc", false},
	} {
		if vietatoAlDominio(c.nome, c.dep) != c.vietato {
			t.Fatalf("la regola del dominio sbaglia su lpu/internal/%s → %s (vietato: %v)", c.nome, c.dep, !c.vietato)
		}
	}
	for _, d := range pacchettiDominio {
		d := d
		salvo := ""
		if len(d.puòImportare) > 0 {
			salvo = " (salvo " + strings.Join(d.puòImportare, ", ") + ")"
		}
		regole = append(regole, struct {
			chi     func(string) bool
			vieta   func(string) bool
			diretti bool
			perché  string
		}{func(p string) bool { return p == mod+"lpu/internal/"+d.nome },
			func(dep string) bool { return vietatoAlDominio(d.nome, dep) },
			false, "lpu/internal/" + d.nome + " (" + d.cosa + ") non conosce la facciata lpu, il server né gli altri pacchetti del dominio" + salvo})
	}
	controllati := 0
	for nome, p := range pkgs {
		for _, r := range regole {
			if !r.chi(nome) {
				continue
			}
			controllati++
			deps := p.Deps
			if r.diretti {
				deps = p.Imports
			}
			for _, d := range deps {
				if r.vieta(d) {
					t.Errorf("%s importa %s: %s", nome, d, r.perché)
				}
			}
		}
	}
	// The facade imports the domain packages: their work is done there,
	// not in lpu.
	for _, d := range pacchettiDominio {
		if f, ok := pkgs[mod+"lpu"]; !ok || !slices.Contains(f.Imports, mod+"lpu/internal/"+d.nome) {
			t.Errorf("la facciata lpu non importa lpu/internal/%s: il suo lavoro è tornato nella facciata?", d.nome)
		}
	}
	if controllati < 8+len(pacchettiDominio) {
		t.Errorf("solo %d pacchetti controllati: go list non li ha elencati?", controllati)
	}
}
