package lpu_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// regoleCon is base, a rule set of embedded files, with the file nome
// replaced by the embedded one where vecchio is replaced by nuovo, in an
// overlay named mie; pos is the file:line:col of nuovo's first character
// plus da.
func regoleCon(t *testing.T, base fs.FS, nome, vecchio, nuovo string, da int) (fs.FS, string) {
	t.Helper()
	b, err := fs.ReadFile(rules.FS, nome)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	i := strings.Index(src, vecchio)
	if i < 0 || strings.Count(src, vecchio) != 1 {
		t.Fatalf("rules/%s: %q not found once", nome, vecchio)
	}
	src = src[:i] + nuovo + src[i+len(vecchio):]
	riga := strings.Count(src[:i], "\n") + 1
	col := i - strings.LastIndex(src[:i], "\n") + da
	return lpu.Overlay(base, lpu.Layer("mie", fstest.MapFS{nome: {Data: []byte(src)}})),
		fmt.Sprintf("mie/%s:%d:%d", nome, riga, col)
}

// TestUsciteValoriAlCaricamento: a text literal the rules give an output
// whose values the vocabulary declares (the Fund's esito), on any branch
// of a conditional, and a testo parameter given as is, must be one of
// them; the problem is at the overlay's own file, line and column. The
// vocabulary must declare the esito of an excluded case. (On the Fund's
// rules and two fattispecie, not the whole rules: the files checked are
// the same.)
func TestUsciteValoriAlCaricamento(t *testing.T) {
	ctx := context.Background()
	casi := []struct {
		nome, file, vecchio, nuovo string
		da                         int
		want                       string
	}{
		{"letterale", "fondo.yaml", `"da_verificare" : "ammissibile"`, `"da_verificare" : "coperto"`, len(`"da_verificare" : `),
			`esito: «coperto» non è un valore dichiarato nel vocabolario: uno di ammissibile, non_ammissibile, da_verificare`},
		{"parametro", "fondo.yaml", "valore: ammissibile\n", "valore: coperto\n", len("valore: "),
			`fondo_esito_art54 dà l'uscita esito del passo fondo.esito: «coperto» non è un valore dichiarato nel vocabolario`},
		{"escluso", "vocabolario.yaml", "          non_ammissibile: non ammissibile al Fondo\n", "", -1000,
			`esito: manca "non_ammissibile", l'esito di un caso escluso`},
		{"non testo", "vocabolario.yaml", "      premio_stimato: {tipo: importo,", "      premio_stimato: {tipo: importo, valori: {a: b},", len("      premio_stimato: {tipo: importo, valori: "),
			`valori ammessi solo per un'uscita di tipo testo`},
	}
	// The mistakes of each file in one overlay, loaded once: each is a
	// problem of its own (every problem is reported), at its own
	// position. (Not the two files together: the esito's values of the
	// vocabulary's mistake are in the message of fondo.yaml's.)
	regole := regoleReali(t, fileFondo...)
	pos := make([]string, len(casi))
	mie := map[string]string{}
	for i, c := range casi {
		src, ok := mie[c.file]
		if !ok {
			src = string(regole[c.file].Data)
		}
		j := strings.Index(src, c.vecchio)
		if j < 0 || strings.Count(src, c.vecchio) != 1 {
			t.Fatalf("rules/%s: %q not found once", c.file, c.vecchio)
		}
		src = src[:j] + c.nuovo + src[j+len(c.vecchio):]
		mie[c.file] = src
		if c.da >= 0 {
			pos[i] = fmt.Sprintf("mie/%s:%d:%d", c.file, strings.Count(src[:j], "\n")+1, j-strings.LastIndex(src[:j], "\n")+c.da)
		}
	}
	errs := map[string]error{}
	for nome, src := range mie {
		_, errs[nome] = lpu.Load(ctx, lpu.Overlay(regole, lpu.Layer("mie", fstest.MapFS{nome: {Data: []byte(src)}})))
	}
	for i, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			err := errs[c.file]
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Load = %v; want a problem %q", err, c.want)
			}
			if pos[i] != "" && !slices.ContainsFunc(strings.Split(err.Error(), "\n"), func(r string) bool {
				return strings.Contains(r, pos[i]+": ") && strings.Contains(r, c.want)
			}) {
				t.Errorf("Load = %v; want the problem at %s", err, pos[i])
			}
		})
	}
}

// TestUsciteValoriInValutazione: a value the rules compute for the
// Fund's esito from an input, which the vocabulary does not declare, is
// a coded error of the rules, never an answer; a declared one answers.
func TestUsciteValoriInValutazione(t *testing.T) {
	ctx := context.Background()
	fsys, _ := regoleCon(t, regoleReali(t, fileFondo...), "fondo.yaml", `: fattispecie in legge.fondo_letture ? "da_verificare" : "ammissibile"`,
		`: fattispecie in legge.fondo_letture ? "da_verificare" : convenzione`, 0)
	e, err := lpu.Load(ctx, fsys)
	if err != nil {
		t.Fatal(err)
	}
	r := &lpu.RichiestaFondo{Fattispecie: "cds186", DataInizio: data(t, "2025-03-01"), Convenzione: "dm2001", Giorni: 10}
	_, err = e.Fondo(ctx, r)
	var le *lpu.Error
	if !errors.As(err, &le) || le.Code != lpu.CodeRegolaFallita || le.Kind != lpu.KindRule || !strings.Contains(le.Message, "esito «dm2001»") {
		t.Fatalf("Fondo with an undeclared esito = %v; want %s", err, lpu.CodeRegolaFallita)
	}
	r.Fattispecie = "gdp55"
	if res, err := e.Fondo(ctx, r); err != nil || res.Esito != "da_verificare" {
		t.Fatalf("Fondo gdp55 = %+v, %v; want da_verificare", res, err)
	}
}

// TestUscite: the declared values of an output, with their labels, are
// the engine's to tell (the OpenAPI document's enum comes from them).
func TestUscite(t *testing.T) {
	e := engine(t)
	var esito *lpu.InfoUscita
	for _, u := range e.Uscite("fondo") {
		if u.Nome == "esito" {
			esito = &u
		}
	}
	if esito == nil || esito.Tipo != "testo" || len(esito.Scelte) != 3 || esito.Scelte[1].Valore != "non_ammissibile" || esito.Scelte[1].Etichetta == "" {
		t.Fatalf("Uscite(fondo) esito = %+v", esito)
	}
	if esito.Min != nil || esito.Max != nil {
		t.Errorf("Uscite(fondo) esito: bounds %v, %v; a text has none", esito.Min, esito.Max)
	}
	if e.Uscite("nessuno") != nil {
		t.Fatal("Uscite of an unknown kind: want nil")
	}
}

// TestUsciteLimiti: the bounds of an intero output (min, max in
// rules/vocabolario.yaml) are the engine's to tell, as the vocabulary
// declares them (the OpenAPI document's minimum and maximum come from
// them); a caller that changes them changes only its copy.
func TestUsciteLimiti(t *testing.T) {
	e := engine(t)
	limitati := 0
	for _, u := range e.Uscite("calcolo") {
		if u.Tipo != "intero" {
			continue
		}
		limitati++
		if u.Min == nil || *u.Min != 0 || u.Max != nil {
			t.Errorf("Uscite(calcolo) %s: Min %v, Max %v; want min 0, no max", u.Nome, u.Min, u.Max)
			continue
		}
		*u.Min = -5
	}
	if limitati != 11 {
		t.Errorf("Uscite(calcolo): %d intero outputs; want the eleven of rules/vocabolario.yaml", limitati)
	}
	for _, u := range e.Uscite("calcolo") {
		if u.Nome == "giorni" && (u.Min == nil || *u.Min != 0) {
			t.Errorf("Uscite(calcolo) giorni after a caller changed its copy: Min %v; want 0", u.Min)
		}
	}
}

func data(t *testing.T, s string) lpu.Data {
	t.Helper()
	d, err := lpu.ParseData(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestUsciteRichieste: a file that computes the days of penalty to
// restore must say by which criterion (the vocabulary's richiede on
// residuo_giorni_pena): without it the load fails at the overlay's step
// computing them; a richiede naming no other output of the kind is a
// problem of the vocabulary.
func TestUsciteRichieste(t *testing.T) {
	ctx := context.Background()
	base := regoleReali(t, "vocabolario.yaml", "generali.yaml", "cds186.yaml")
	fsys, _ := regoleCon(t, base, "cds186.yaml", "calcola: residuo_criterio\n", "calcola: criterio_usato\n", 0)
	_, err := lpu.Load(ctx, fsys)
	want := "il file calcola residuo_giorni_pena e deve calcolare anche residuo_criterio"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "mie/cds186.yaml:") {
		t.Errorf("Load without residuo_criterio = %v; want %q in mie/cds186.yaml", err, want)
	}
	fsys, pos := regoleCon(t, base, "vocabolario.yaml", "richiede: [residuo_criterio]", "richiede: [residuo_ignoto]", len("richiede: "))
	_, err = lpu.Load(ctx, fsys)
	if want := pos + `: richieste.calcolo.uscite.residuo_giorni_pena.richiede: richiede: "residuo_ignoto" non è un'altra uscita di calcolo`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Load with an unknown richiede = %v; want %q", err, want)
	}
	if _, err := lpu.Load(ctx, base); err != nil {
		t.Errorf("Load of the rules as they are = %v", err)
	}
}
