package lpu_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lpu-it/lpu/internal/modelli2030"
	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// TestChiaviMappa: a mappa parameter that says whose codes its keys are
// (chiavi: convenzione.modello) must have, in its latest version, a key
// for each code the vocabulary declares, and in none a key that is no
// code, or the load fails: here, on the real rules, an overlay's
// vocabulary that adds a model of convention without its activities (the
// problem is at the model the overlay declares, where the fix belongs:
// the embedded version names the file it is in, and the overlay's own
// file, line and column). A key misspelt and chiavi of a field without
// values are TestSinteticoChiaviMappa's, a new dated version without a
// model TestChiaviModifica's. (These three on the conventions' own
// files, fileConvenzione: the mappe and the vocabulary are all the
// checks read, not the whole rules.)
func TestChiaviMappa(t *testing.T) {
	ctx := context.Background()
	casi := []struct {
		nome, file, vecchio, nuovo string
		da, righe                  int // righe: the position is so many lines below, at column da
		want                       []string
	}{
		{
			nome: "modello nuovo nel vocabolario", file: "vocabolario.yaml",
			vecchio: "etichetta: Modello della convenzione\n        valori:\n",
			nuovo:   "etichetta: Modello della convenzione\n        valori:\n          dm2030: modello del D.M. 2030\n", righe: 2, da: 11,
			want: []string{
				`%s: richieste.convenzione.campi.convenzione.modello.valori.dm2030: "dm2030", valore di «Modello della convenzione», non è una chiave del valore più recente di convenzione_attivita_modello, dal 02/01/2002 (rules/convenzione.yaml:41:7): ogni valore del campo vi ha la sua (chiavi: convenzione.modello); per un valore previsto da una data, una nuova versione di convenzione_attivita_modello da quella data, con la chiave (modifiche)`,
				`%s: richieste.convenzione.campi.convenzione.modello.valori.dm2030: "dm2030", valore di «Modello della convenzione», non è una chiave del valore più recente di convenzione_fattispecie_consentite, dal 02/01/2002 (rules/modelli_convenzione.yaml:`,
			},
		},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			fsys, pos := regoleCon(t, regoleReali(t, fileConvenzione...), c.file, c.vecchio, c.nuovo, c.da)
			if c.righe > 0 {
				var riga, col int
				fmt.Sscanf(pos[strings.Index(pos, ":")+1:], "%d:%d", &riga, &col)
				pos = fmt.Sprintf("mie/%s:%d:%d", c.file, riga+c.righe, c.da)
			}
			_, err := lpu.Load(ctx, fsys)
			var le *lpu.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load = %v; want a *lpu.LoadError", err)
			}
			for _, w := range c.want {
				w = strings.Replace(w, "%s", pos, 1)
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Load =\n%v\nwant a problem with %q", err, w)
				}
			}
		})
	}
}

// TestChiaviModifica: a new dated version of a mappa with chiavi, given
// by an overlay's modifiche, is checked as the file's own: a model
// without its key is a problem at the new version, in the overlay.
func TestChiaviModifica(t *testing.T) {
	const mod = `id: attivita_2030
tipo: parametri
titolo: Nuove attività
fonte: DM 2030
vigenza: {dal: 2030-01-01}
modifiche:
  convenzione.convenzione_attivita_modello:
    valori:
      - dal: 2030-01-01
        valore:
          dm2001: [sociale]
          dm2023_56bis: [sociale]
        fonte: DM 2030
`
	_, err := lpu.Load(context.Background(), lpu.Overlay(regoleReali(t, fileConvenzione...), lpu.Layer("mie", fstest.MapFS{"attivita_2030.yaml": {Data: []byte(mod)}})))
	want := `mie/attivita_2030.yaml:11:11: modifiche.convenzione.convenzione_attivita_modello.valori[0].valore: valore di convenzione_attivita_modello dal 01/01/2030: manca la chiave "dm88_2015", valore di «Modello della convenzione» (dichiarato in rules/vocabolario.yaml:`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Load = %v; want %q", err, want)
	}
}

// TestChiaviLetterali: the key of a mappa with chiavi written as a text
// in an expression (m["x"]) must be one of the field's codes, at the
// overlay's own file, line and column; "x" in m, on a mappa of another
// file, is TestSinteticoChiaviLetterali's.
func TestChiaviLetterali(t *testing.T) {
	for _, c := range []struct{ vecchio, nuovo, want string }{
		{"legge.convenzione_attivita_modello[convenzione.modello]", `legge.convenzione_attivita_modello["dm2011"]`,
			`"dm2011" non è un valore di «Modello della convenzione»: uno di dm2001, dm88_2015, dm2023_56bis`},
	} {
		fsys, pos := regoleCon(t, regoleReali(t, fileConvenzione...), "convenzione.yaml", c.vecchio, c.nuovo, strings.Index(c.nuovo, `"`))
		_, err := lpu.Load(context.Background(), fsys)
		if want := pos + ": "; err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Load = %v; want %s… %s", err, want, c.want)
		}
	}
}

// modelloDM2030 is the overlay of internal/modelli2030 (a model of
// convention from 1/1/2030) over the embedded rules, as the layer «mie».
func modelloDM2030(t *testing.T) fs.FS {
	t.Helper()
	mie, err := modelli2030.File()
	if err != nil {
		t.Fatal(err)
	}
	return lpu.Overlay(rules.FS, lpu.Layer("mie", mie))
}

// modelloNonPrevisto checks that err refuses the convention's model as
// a value the law does not provide at the request's date, with the
// message want.
func modelloNonPrevisto(t *testing.T, err error, want string) {
	t.Helper()
	var le *lpu.Error
	if !errors.As(err, &le) || le.Code != lpu.CodeValoreNonAmmesso || le.Kind != lpu.KindNotAllowed || le.Field != "convenzione.modello" ||
		le.Message != want {
		t.Errorf("Convenzione = %#v; want %s, %v, convenzione.modello, %q", err, lpu.CodeValoreNonAmmesso, lpu.KindNotAllowed, want)
	}
}

// TestChiaviDatate: the keys of a dated version are the codes that
// exist in its period. A model added by a dated version loads (it was
// refused: the version in force until 2029 lacked its key); a request
// of 2025 that names it is refused on the model's field, as a value
// the law does not provide at that date (not a rule failing at run
// time); one of 2031 is answered.
func TestChiaviDatate(t *testing.T) {
	ctx := context.Background()
	e, err := lpu.Load(ctx, modelloDM2030(t))
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	conv := func(data lpu.Data) *lpu.RichiestaConvenzione {
		return &lpu.RichiestaConvenzione{Fattispecie: "l689_56bis", Data: data, Convenzione: lpu.Convenzione{
			Modello: "dm2030", Decorrenza: lpu.NewData(2030, time.January, 1), Anni: 5, Attivita: []string{"sociale"}}}
	}
	_, err = e.Convenzione(ctx, conv(lpu.NewData(2025, time.June, 10)))
	// the message cites the source of the version that provides the
	// model, which says from when
	modelloNonPrevisto(t, err, "il valore «modello del D.M. 2030» di «Modello della convenzione» non è previsto alla data del 10/06/2025 (lo è dal 01/01/2030) (DM 2030)")
	res, err := e.Convenzione(ctx, conv(lpu.NewData(2031, time.June, 10)))
	if err != nil || !res.Valida {
		t.Errorf("Convenzione 2031 = %+v, %v; want valida", res, err)
	}
	// The calcolo's and the Fund's convention take the convention's
	// models (valori_di), then their own «nessuna»: the model is
	// declared once.
	for tipo, nome := range map[string]string{"calcolo": "fatti.convenzione", "fondo": "convenzione"} {
		for _, c := range e.Campi(tipo) {
			if c.Nome == nome {
				if got, want := strings.Join(c.Valori, ","), "dm2030,dm2001,dm88_2015,dm2023_56bis,nessuna"; got != want {
					t.Errorf("%s %s: valori %s; want %s", tipo, nome, got, want)
				}
			}
		}
	}
}

// modelloFinoAl2029 is an overlay whose vocabulary ends the model of
// the DM 2001 on 31/12/2029 (fino_al) and whose modifiche give the two
// mappe keyed by the model the versions versioni (YAML items of
// valori, each with its dal, at six spaces of indent; none: the
// vocabulary alone), over the rule files base.
func modelloFinoAl2029(t *testing.T, base fs.FS, versioni string) fs.FS {
	t.Helper()
	b, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const vecchio = "dm2001: modello del D.M. 26 marzo 2001\n"
	if strings.Count(string(b), vecchio) != 1 {
		t.Fatalf("vocabolario.yaml: %q not found once", vecchio)
	}
	voc := strings.Replace(string(b), vecchio, "dm2001: {etichetta: modello del D.M. 26 marzo 2001, fino_al: 2029-12-31}\n", 1)
	mod := `id: fine_dm2001
tipo: parametri
titolo: Fine del modello del D.M. 2001
fonte: DM 2030
vigenza: {dal: 2020-01-01}
modifiche:
  convenzione.convenzione_attivita_modello:
    valori:
` + versioni + `  convenzione_fattispecie_consentite:
    valori:
` + strings.NewReplacer("[sociale, ambiente]", "[gdp54, cds186, cds187, dpr309_73, cp165, gdp55]", "[sociale]", "[map]", "[ambiente]", "[l689_56bis, l689_103]").Replace(versioni)
	mie := fstest.MapFS{"vocabolario.yaml": {Data: []byte(voc)}}
	if versioni != "" {
		mie["fine_dm2001.yaml"] = &fstest.MapFile{Data: []byte(mod)}
	}
	return lpu.Overlay(base, lpu.Layer("mie", mie))
}

// TestChiaviFinoAl: a code the vocabulary ends (fino_al) is a key of
// the latest version in force up to its end and of none in force after
// it. An overlay that ends the model of the DM 2001 at 2029, with new
// versions from 2030 without it, loads; a request of 2031 that names it
// is refused on the model's field, as a value the law no longer
// provides, citing the version that dropped it; one of 2025 is
// answered. A version before the end without the key, one after it
// with the key, and no new version at all are load errors (the last at
// the end's declaration when it is in a layer above the version's).
func TestChiaviFinoAl(t *testing.T) {
	ctx := context.Background()
	const senza = `      - dal: 2030-01-01
        valore: {dm88_2015: [sociale], dm2023_56bis: [ambiente]}
        fonte: DM 2030
`
	e, err := lpu.Load(ctx, modelloFinoAl2029(t, rules.FS, senza))
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	conv := func(data lpu.Data) *lpu.RichiestaConvenzione {
		return &lpu.RichiestaConvenzione{Fattispecie: "gdp54", Data: data, Convenzione: lpu.Convenzione{
			Modello: "dm2001", Decorrenza: lpu.NewData(2024, time.January, 1), Anni: 5, Attivita: []string{"sociale"}}}
	}
	_, err = e.Convenzione(ctx, conv(lpu.NewData(2031, time.June, 10)))
	modelloNonPrevisto(t, err, "il valore «modello del D.M. 26 marzo 2001» di «Modello della convenzione» non è più previsto dal 01/01/2030 (DM 2030)")
	if res, err := e.Convenzione(ctx, conv(lpu.NewData(2025, time.June, 10))); err != nil || !res.Valida {
		t.Errorf("Convenzione 2025 = %+v, %v; want valida", res, err)
	}

	for _, c := range []struct{ nome, versioni, want string }{
		{"chiave dimenticata prima della fine", `      - dal: 2025-01-01
        valore: {dm88_2015: [sociale], dm2023_56bis: [ambiente]}
        al: 2029-12-31
        sostituisce: true
        fonte: DM 2025
` + senza,
			`mie/fine_dm2001.yaml:10:17: modifiche.convenzione.convenzione_attivita_modello.valori[0].valore: valore di convenzione_attivita_modello dal 01/01/2025 al 31/12/2029: manca la chiave "dm2001", valore di «Modello della convenzione» previsto fino al 31/12/2029 (fino_al)`},
		{"chiave tenuta dopo la fine", `      - dal: 2030-01-01
        valore: {dm2001: [sociale, ambiente], dm88_2015: [sociale], dm2023_56bis: [ambiente]}
        fonte: DM 2030
`,
			`mie/fine_dm2001.yaml:10:18: modifiche.convenzione.convenzione_attivita_modello.valori[0].valore: valore di convenzione_attivita_modello dal 01/01/2030: la chiave "dm2001" non ci va: il valore di «Modello della convenzione» non è più previsto dal 01/01/2030 (fino_al: 2029-12-31 (mie/vocabolario.yaml:`},
		{"nessuna versione dalla fine", `      - dal: 2025-01-01
        valore: {dm2001: [sociale, ambiente], dm88_2015: [sociale], dm2023_56bis: [ambiente]}
        fonte: DM 2025
`,
			`mie/fine_dm2001.yaml:10:18: modifiche.convenzione.convenzione_attivita_modello.valori[0].valore: valore di convenzione_attivita_modello dal 01/01/2025: è in vigore anche dopo il 31/12/2029, ultimo giorno in cui il valore "dm2001" di «Modello della convenzione» è previsto (fino_al (mie/vocabolario.yaml:`},
		{"fine senza nuove versioni", "",
			`mie/vocabolario.yaml:563:11: richieste.convenzione.campi.convenzione.modello.valori.dm2001: "dm2001", valore di «Modello della convenzione», è previsto fino al 31/12/2029 (fino_al), ma è una chiave del valore di convenzione_attivita_modello dal 02/01/2002 (rules/convenzione.yaml:41:7): una nuova versione di convenzione_attivita_modello dal 01/01/2030, senza la chiave (modifiche)`},
	} {
		t.Run(c.nome, func(t *testing.T) {
			// (a load error: the conventions' files are enough)
			_, err := lpu.Load(ctx, modelloFinoAl2029(t, regoleReali(t, fileConvenzione...), c.versioni))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Load = %v; want a problem with %q", err, c.want)
			}
		})
	}
}

// modifica is a mistake laid over an embedded file: vecchio, found once
// in it, becomes nuovo; want is the problem Load reports at nuovo's
// first character plus da.
type modifica struct {
	file, vecchio, nuovo string
	da                   int
	want                 string
}

// casiVoci are TestVociAlCaricamento's mistakes: a fattispecie misspelt
// in the Fund's list (which would say the Fund does not cover the messa
// alla prova), in a model's list of fattispecie, an activity misspelt in
// a model's list.
var casiVoci = []modifica{
	{"fondo.yaml", "valore: [cds186, cds187, dpr309_73, map]", "valore: [cds186, cds187, dpr309_73, mpa]", 36,
		`valore di fondo_categorie_2017: "mpa" non è un valore di «Fattispecie» (voci: fattispecie)`},
	{"modelli_convenzione.yaml", "dm88_2015: [map]\n      dm2023_56bis", "dm88_2015: [mpa]\n      dm2023_56bis", 12,
		`valore di convenzione_fattispecie_consentite: "mpa" non è un valore di «Fattispecie» (voci: fattispecie)`},
	{"convenzione.yaml", "valore: [sicurezza_stradale, dipendenze]", "valore: [sicurezza_stradale, dipendenza]", 29,
		`valore di convenzione_attivita_cds186: "dipendenza" non è un valore di «Attività previste dalla convenzione» (voci: convenzione.attivita)`},
}

// casiChiaviTra are TestChiaviTraAlCaricamento's mistakes: a key of
// modelli_convenzione.yaml's mappe that is no fattispecie.
var casiChiaviTra = []modifica{
	{"modelli_convenzione.yaml", "map: [dm2001]", "mpa: [dm2001]", 0,
		`valore di convenzione_fattispecie_presso_ente: la chiave "mpa" non è un valore di «Fattispecie» (chiavi_tra: fattispecie): uno di cds186, cds187, cp165, dpr309_73, gdp54, gdp55, l689_103, l689_56bis, map`},
	{"modelli_convenzione.yaml", "l689_103: [dm2001", "l689_13: [dm2001", 0,
		`valore di convenzione_fattispecie_transitorie: la chiave "l689_13" non è un valore di «Fattispecie» (chiavi_tra: fattispecie)`},
}

// caricamentoSbagliato is the error of one Load of the whole rules with
// the mistakes of casiVoci and casiChiaviTra in one overlay (mie), with
// each mistake's file:line:col there: each is a problem of its own, at
// its own position, and a load of the whole rules costs about a second
// of CPU under -race. (Each mistake is on a line of its own, so that
// one does not move another's column.)
var caricamentoSbagliato = sync.OnceValues(func() (*sbagliato, error) {
	mie := map[string]string{}
	pos := map[modifica]string{}
	righe := map[string]bool{} // file:line of a mistake
	for _, c := range slices.Concat(casiVoci, casiChiaviTra) {
		src, ok := mie[c.file]
		if !ok {
			b, err := fs.ReadFile(rules.FS, c.file)
			if err != nil {
				return nil, err
			}
			src = string(b)
		}
		j := strings.Index(src, c.vecchio)
		if j < 0 || strings.Count(src, c.vecchio) != 1 {
			return nil, fmt.Errorf("rules/%s: %q not found once", c.file, c.vecchio)
		}
		src = src[:j] + c.nuovo + src[j+len(c.vecchio):]
		mie[c.file] = src
		riga := fmt.Sprintf("mie/%s:%d", c.file, strings.Count(src[:j], "\n")+1)
		if righe[riga] {
			return nil, fmt.Errorf("%s: two mistakes on one line", riga)
		}
		righe[riga] = true
		pos[c] = fmt.Sprintf("%s:%d", riga, j-strings.LastIndex(src[:j], "\n")+c.da)
	}
	m := fstest.MapFS{}
	for n, src := range mie {
		m[n] = &fstest.MapFile{Data: []byte(src)}
	}
	_, err := lpu.Load(context.Background(), lpu.Overlay(rules.FS, lpu.Layer("mie", m)))
	if err == nil {
		return nil, errors.New("Load = nil; want the problems of every mistake")
	}
	return &sbagliato{err.Error(), pos}, nil
})

// sbagliato is the error of caricamentoSbagliato's Load and the position
// of each mistake.
type sbagliato struct {
	err string
	pos map[modifica]string
}

// controllaSbagliati checks that caricamentoSbagliato's error has each of
// casi's problems at its position.
func controllaSbagliati(t *testing.T, casi []modifica) {
	t.Helper()
	s, err := caricamentoSbagliato()
	if err != nil {
		t.Fatal(err)
	}
	righe := strings.Split(s.err, "\n")
	for _, c := range casi {
		if !slices.ContainsFunc(righe, func(r string) bool {
			return strings.Contains(r, s.pos[c]+": ") && strings.Contains(r, c.want)
		}) {
			t.Errorf("%s: Load = %s; want %s: … %s", c.file, s.err, s.pos[c], c.want)
		}
	}
}

// TestVociAlCaricamento: a parameter that says whose codes its items
// are (voci) refuses, at load and at the overlay's own position, an
// item that is none of them (casiVoci). (The three files in the
// overlay of caricamentoSbagliato.)
func TestVociAlCaricamento(t *testing.T) {
	controllaSbagliati(t, casiVoci)
}

// TestChiaviTraAlCaricamento: the mappe of the fattispecie a decree
// names (chiavi_tra: fattispecie) refuse, at load and at the overlay's
// own position, a key that is no fattispecie (casiChiaviTra): a
// misspelt one used to load, and the work at the entity the decree
// admits was never allowed for it. The fattispecie are the loaded ones:
// every one, here. (Both mistakes in the overlay of
// caricamentoSbagliato.)
func TestChiaviTraAlCaricamento(t *testing.T) {
	controllaSbagliati(t, casiChiaviTra)
}

// TestPressoEnteLettoDallaMappa: the reason that a messa alla prova may
// be served at an entity with an art. 54 convention (DM 88/2015 art. 2
// c.2) follows the key map of convenzione_fattispecie_presso_ente: rules
// whose mappa no longer has it give neither the convention nor the Fund
// that reason beside a verdict that contradicts it.
func TestPressoEnteLettoDallaMappa(t *testing.T) {
	ctx := context.Background()
	fsys, _ := regoleCon(t, rules.FS, "modelli_convenzione.yaml", "      map: [dm2001]", "      gdp54: [dm2001]", 0)
	e, err := lpu.Load(ctx, fsys)
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	const motivo = "anche presso un ente convenzionato per il lavoro di pubblica utilità dell'art. 54"
	c, err := e.Convenzione(ctx, &lpu.RichiestaConvenzione{Fattispecie: "map", Data: lpu.NewData(2027, time.March, 1), Convenzione: lpu.Convenzione{
		Modello: "dm2001", Decorrenza: lpu.NewData(2021, time.March, 1), Anni: 10, Fattispecie: []string{"gdp54"}}})
	if err != nil {
		t.Fatalf("Convenzione: %v", err)
	}
	if c.Valida || strings.Contains(fmt.Sprint(c.Motivi, c.Passi), motivo) {
		t.Errorf("Convenzione: valida %v, motivi %q; want non valida, without «%s»", c.Valida, c.Motivi, motivo)
	}
	f, err := e.Fondo(ctx, &lpu.RichiestaFondo{Fattispecie: "map", DataInizio: lpu.NewData(2027, time.March, 1), Convenzione: "dm2001", Giorni: 20})
	if err != nil {
		t.Fatalf("Fondo: %v", err)
	}
	if strings.Contains(fmt.Sprint(f.Motivi, f.Passi), motivo) {
		t.Errorf("Fondo: motivi %q; want no reason of DM 88/2015 art. 2 c.2", f.Motivi)
	}
}
