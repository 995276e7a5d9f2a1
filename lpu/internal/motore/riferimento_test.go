package motore

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// A kind of request made up for the test (not LPU's): its reference date
// is the first session when nothing was served yet, otherwise the start;
// without either, one of two refusals.

type richiestaRif struct {
	Inizio   giorno `json:"inizio"`
	Sessione giorno `json:"sessione"`
	Servite  int    `json:"servite"`
	Nome     string `json:"nome" prova:"max=10"`
}

const vocabolarioRif = `id: voc
tipo: vocabolario
titolo: Prova
fonte: prova
richieste:
  turno:
    regole: uno
    data_riferimento:
      - campo: sessione
        se: servite == 0
      - campo: inizio
    senza_data_riferimento:
      - se: indicata(sessione)
        campo: inizio
        testo: "indicare l'{etichetta('inizio')}: la {etichetta('sessione')} del {sessione} non basta dopo {servite} ore"
        fonte: art. 3
      - campo: inizio
        testo: "indicare l'{etichetta('inizio')}"
        fonte: art. 4
    campi:
      inizio: {tipo: data, etichetta: Inizio del turno}
      sessione: {tipo: data, etichetta: Prima sessione}
      servite: {tipo: intero, etichetta: Ore servite}
      nome: {tipo: testo, etichetta: Nome}
`

var etichetteRif = &Etichette{Tipo: "turno", Campi: map[string]string{"inizio": "Inizio del turno", "sessione": "Prima sessione", "servite": "Ore servite", "nome": "Nome"}}

func compilaRif(t *testing.T, src string) (*Riferimento, spec.Problems) {
	t.Helper()
	var ps spec.Problems
	f := spec.Parse("voc.yaml", []byte(src), &ps)
	if f == nil || len(ps) > 0 {
		t.Fatalf("parse: %v", ps)
	}
	generi, _ := Generi([]*spec.File{f}, &ps)
	conf := Conf{Req: reflect.TypeFor[richiestaRif](), Letture: lettureProva}
	return CompilaRiferimento(generi["turno"], conf, nil, etichetteRif, &ps), ps
}

// TestRiferimentoAlternative: the reference date is the first alternative
// whose field is given and whose condition holds; without one, the first
// refusal whose condition holds, with its labels, values and source.
func TestRiferimentoAlternative(t *testing.T) {
	r, ps := compilaRif(t, vocabolarioRif)
	if len(ps) > 0 {
		t.Fatalf("problemi: %v", ps)
	}
	g := func(s string) giorno {
		d, _ := time.Parse("2006-01-02", s)
		return giorno{d}
	}
	casi := []struct {
		nome       string
		req        richiestaRif
		data, da   string
		err, campo string
	}{
		{"calendario", richiestaRif{Inizio: g("2025-01-10"), Sessione: g("2025-02-01")}, "2025-02-01", "sessione", "", ""},
		{"solo calendario", richiestaRif{Sessione: g("2025-02-01")}, "2025-02-01", "sessione", "", ""},
		{"ore servite", richiestaRif{Inizio: g("2025-01-10"), Sessione: g("2025-02-01"), Servite: 4}, "2025-01-10", "inizio", "", ""},
		{"senza calendario", richiestaRif{Inizio: g("2025-01-10")}, "2025-01-10", "inizio", "", ""},
		{"ore servite senza inizio", richiestaRif{Sessione: g("2025-02-01"), Servite: 4}, "", "",
			"indicare l'«Inizio del turno»: la «Prima sessione» del 01/02/2025 non basta dopo 4 ore (art. 3)", "inizio"},
		{"niente", richiestaRif{}, "", "", "indicare l'«Inizio del turno» (art. 4)", "inizio"},
	}
	for _, c := range casi {
		for range 2 { // (the second time from the pool)
			d, da, err := r.Scegli(reflect.ValueOf(&c.req).Elem())
			if c.err != "" {
				var e *Errore
				if !errors.As(err, &e) || e.Messaggio != c.err || e.Campo != c.campo || e.Codice != CodiceCampoObbligatorio || e.Tipo != ErrIngresso {
					t.Errorf("%s: errore %#v; want %q su %s", c.nome, err, c.err, c.campo)
				}
				continue
			}
			if err != nil || d.Format("2006-01-02") != c.data || da != c.da {
				t.Errorf("%s: %v %s %v; want %s %s", c.nome, d, da, err, c.data, c.da)
			}
		}
	}
	if got := r.Campi(); strings.Join(got, ",") != "sessione,inizio" {
		t.Errorf("Campi = %v", got)
	}
}

// TestRiferimentoCampo: a single field, without a condition, and the
// engine's own refusal when it is not given and nothing is declared.
func TestRiferimentoCampo(t *testing.T) {
	src := strings.Replace(vocabolarioRif, vocabolarioRif[strings.Index(vocabolarioRif, "    data_riferimento:"):strings.Index(vocabolarioRif, "    campi:")], "    data_riferimento: inizio\n", 1)
	r, ps := compilaRif(t, src)
	if len(ps) > 0 {
		t.Fatalf("problemi: %v", ps)
	}
	req := richiestaRif{Inizio: giorno{time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}, Sessione: giorno{time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}}
	if d, da, err := r.Scegli(reflect.ValueOf(&req).Elem()); err != nil || d != req.Inizio.t || da != "inizio" {
		t.Errorf("Scegli = %v %s %v", d, da, err)
	}
	req.Inizio = giorno{}
	_, _, err := r.Scegli(reflect.ValueOf(&req).Elem())
	var e *Errore
	if !errors.As(err, &e) || e.Campo != "inizio" || !strings.HasPrefix(e.Messaggio, "indicare «Inizio del turno»: la legge applicata") {
		t.Errorf("senza data: %v", err)
	}
}

// TestRiferimentoProblemi: the names, types, conditions and texts of the
// declaration are checked when it is compiled, each at its place.
func TestRiferimentoProblemi(t *testing.T) {
	src := `id: voc
tipo: vocabolario
titolo: Prova
fonte: prova
richieste:
  turno:
    regole: uno
    data_riferimento:
      - campo: ignoto
      - campo: servite
      - campo: sessione
        se: servite
      - campo: inizio
        se: legge.quota > 0
    senza_data_riferimento:
      - se: sconosciuto
        campo: altrove
        testo: "indicare {etichetta('inesistente')}"
        fonte: art. 3
    campi:
      inizio: {tipo: data, etichetta: Inizio del turno}
`
	_, ps := compilaRif(t, src)
	want := []string{
		`voc.yaml:9:16 richieste.turno.data_riferimento[0]: data_riferimento: "ignoto" non è un campo della richiesta turno`,
		`voc.yaml:10:16 richieste.turno.data_riferimento[1]: data_riferimento: il campo servite è di tipo intero, non una data`,
		`voc.yaml:12:13 richieste.turno.data_riferimento[2].se: la condizione deve essere booleana (bool), l'espressione dà intero`,
		`voc.yaml:14:13 richieste.turno.data_riferimento[3].se:`,
		`voc.yaml:17:16 richieste.turno.senza_data_riferimento[0].campo: senza_data_riferimento: "altrove" non è un campo della richiesta turno`,
		`voc.yaml:16:13 richieste.turno.senza_data_riferimento[0].se:`,
		`voc.yaml:18:`,
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Pos.String()+" "+p.Percorso+": "+p.Msg)
	}
	if len(got) != len(want) {
		t.Fatalf("problemi:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problema %d:\n%s\nwant prefix\n%s", i, got[i], want[i])
		}
	}
}
