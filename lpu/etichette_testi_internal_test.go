package lpu

import (
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestEtichetteNonCopiate: a text of the rules names a field of its
// request, or a value of an option, through etichetta(…), never by a
// copy of its label typed by hand: «Giorni di lavoro fissati dal
// giudice» copied in a text stayed as it was when the label changed,
// and five copies of options' values had already lost the source the
// label gives («Conteggio dei mesi: mesi del calendario comune», without
// «(art. 14 c.p.)»). Every label a text can write — a field's, with and
// without its unit, and «field: value» for each declared value, and the
// value alone — is looked for in the texts of every rule file as they
// are written, in their literal parts and in the texts inside their
// {espressioni}.
func TestEtichetteNonCopiate(t *testing.T) {
	e, err := MotoreProva()
	if err != nil {
		t.Fatal(err)
	}
	controllati := 0
	for _, p := range e.programmi() {
		f := p.File()
		copie := copieEtichette(e, f.Tipo, f)
		if len(copie) == 0 {
			t.Fatalf("%s: nessuna etichetta dei campi della richiesta %s", f.ID, f.Tipo)
		}
		for _, s := range f.Passi {
			for _, testo := range []string{s.Testo.Src, s.TestoNo.Src} {
				// (an apostrophe inside a CEL text is written \')
				testo = strings.ReplaceAll(testo, `\'`, "'")
				for _, c := range slices.Sorted(maps.Keys(copie)) {
					if strings.Contains(testo, c) {
						t.Errorf("%s, passo %s: %s è scritto a mano: va scritto con {%s}, che scrive l'etichetta dichiarata", f.ID, s.ID, c, copie[c])
					}
				}
				controllati++
			}
		}
	}
	if controllati < 200 {
		t.Errorf("%d testi controllati: i file di regole non sono stati letti", controllati)
	}
}

// copieEtichette are the labels the texts of the rule file f of kind tipo
// can write with etichetta, in «», each with the call that writes it: a
// field's label as etichetta writes it and as declared (with its unit),
// and for each declared value «field: value» and the value alone; and,
// for a field with values, «field: followed by anything, a value
// copied otherwise than its label is.
func copieEtichette(e *Engine, tipo string, f *spec.File) map[string]string {
	et := e.etichetteTesti(tipo, f)
	out := map[string]string{}
	// (the other kinds' first: a label the file's own kind shares is
	// written with its own field's name)
	for _, k := range slices.Sorted(maps.Keys(et.Altri)) {
		copieDi(et.Altri[k], k+".", out)
	}
	copieDi(et, "", out)
	return out
}

// copieDi adds to out the copies of the labels of et's fields, each with
// the call that writes it, the field's name after prefisso.
func copieDi(et *motore.Etichette, prefisso string, out map[string]string) {
	for n, l := range et.Campi {
		chiamata := "etichetta('" + prefisso + n + "')"
		if s, problema := et.Scrivi(n, "", false); problema == "" {
			out[s] = chiamata
			out["«"+l+"»"] = chiamata
		}
		if len(et.Valori[n]) > 0 {
			// («Conteggio dei mesi: mesi del calendario comune», a value
			// copied without the source its label gives)
			out["«"+strings.Trim(strings.TrimSuffix(mustScrivi(et.Scrivi(n, "", false)), "»"), "«")+": "] = "etichetta('" + prefisso + n + "', …)"
		}
		for v, lv := range et.Valori[n] {
			chiamata := "etichetta('" + prefisso + n + "', '" + v + "')"
			if s, problema := et.Scrivi(n, v, true); problema == "" {
				out[s] = chiamata
			}
			out["«"+lv+"»"] = chiamata
		}
	}
}

// mustScrivi is the text of Scrivi ("" for a problem).
func mustScrivi(testo, problema string) string {
	if problema != "" {
		return ""
	}
	return testo
}

// TestTestiSenzaNomiDiCampo: a text of the rules never tells the lawyer
// to fill «campo sede»: a field of its request is named by its label
// (etichetta), not by its name in the JSON.
func TestTestiSenzaNomiDiCampo(t *testing.T) {
	e, err := MotoreProva()
	if err != nil {
		t.Fatal(err)
	}
	nome := regexp.MustCompile(`\bcamp[oi] ([a-z_][a-z0-9_.]*)`)
	for _, p := range e.programmi() {
		f := p.File()
		et := e.etichetteTesti(f.Tipo, f)
		for _, s := range f.Passi {
			for _, testo := range []string{s.Testo.Src, s.TestoNo.Src} {
				for _, m := range nome.FindAllStringSubmatch(testo, -1) {
					if _, ok := et.Campi[m[1]]; ok {
						t.Errorf("%s, passo %s: «%s» nomina il campo per nome: va scritto con {etichetta('%s')}", f.ID, s.ID, m[0], m[1])
					}
				}
			}
		}
	}
}

// TestTestiSenzaNomiDellaRisposta: a text of the rules does not quote a
// member of the JSON answer («residuo»), which a lawyer does not read:
// it says in words what the value is.
func TestTestiSenzaNomiDellaRisposta(t *testing.T) {
	e, err := MotoreProva()
	if err != nil {
		t.Fatal(err)
	}
	nomi := map[string]bool{}
	var visita func(reflect.Type)
	visita = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() != reflect.TypeFor[Risultato]().PkgPath() || nomi[t.String()] {
			return
		}
		nomi[t.String()] = true
		for i := 0; i < t.NumField(); i++ {
			if n, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); n != "" && n != "-" {
				nomi[n] = true
			}
			visita(t.Field(i).Type)
		}
	}
	for _, r := range []reflect.Type{reflect.TypeFor[Risultato](), reflect.TypeFor[RisultatoFondo](), reflect.TypeFor[RisultatoConvenzione](), reflect.TypeFor[RisultatoPiano]()} {
		visita(r)
	}
	if !nomi["residuo"] {
		t.Fatal("the members of the answers were not read")
	}
	for _, p := range e.programmi() {
		f := p.File()
		for _, s := range f.Passi {
			for _, testo := range []string{s.Testo.Src, s.TestoNo.Src} {
				for n := range nomi {
					if strings.Contains(testo, "«"+n+"»") {
						t.Errorf("%s, passo %s: «%s» è il nome di un membro della risposta: va detto a parole", f.ID, s.ID, n)
					}
				}
			}
		}
	}
}
