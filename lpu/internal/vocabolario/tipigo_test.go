package vocabolario

import (
	"reflect"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Synthetic request types (not LPU's).
type (
	giorno   struct{ _ string } // a struct the walk does not enter (Chiuso)
	dettagli struct {
		Nota   string `json:"nota" lpu:"max=20"`
		Numero int    `json:"numero"`
	}
	voce struct {
		Nome string `json:"nome"`
	}
	prenota struct {
		Giorno   giorno   `json:"giorno"`
		Dettagli dettagli `json:"dettagli"`
		Voci     []voce   `json:"voci"`
		Totale   int      `json:"totale" lpu:"calcolato"`
		//lint:ignore U1000 an unexported field, which the walk skips
		nascosto int
	}
)

func TestControllaGo(t *testing.T) {
	const src = `id: v
tipo: vocabolario
titolo: t
fonte: f
richieste:
  prenota:
    campi:
      giorno: {tipo: data, etichetta: G}
      dettagli.nota: {tipo: testo, max: 30, etichetta: N}
      dettagli.extra: {tipo: booleano, etichetta: X}
      voci: {tipo: testo, etichetta: V}
      voci.nome: {tipo: testo, etichetta: VN}
      sconosciuto: {tipo: testo, etichetta: S}
  ignota:
    campi:
      a: {tipo: testo, etichetta: A}
  modulo:
    campi:
      nome: {tipo: testo, etichetta: Nome}
`
	var ps spec.Problems
	v := Nuovo([]*spec.File{parse(t, "v.yaml", src)}, &ps)
	var altri []string
	g := &TipiGo{
		Richieste:       map[string]reflect.Type{"prenota": reflect.TypeFor[prenota](), "assente": reflect.TypeFor[voce]()},
		Ordine:          []string{"prenota", "assente"},
		SoloVocabolario: []string{"modulo"},
		Speciali:        map[reflect.Type]string{reflect.TypeFor[giorno](): "data"},
		Altro: func(tipo string, c *spec.Campo, ps *spec.Problems) bool {
			altri = append(altri, tipo+" "+c.Nome)
			return strings.HasPrefix(c.Nome, "dettagli.")
		},
	}
	campi, ordine := g.CampiGo(reflect.TypeFor[prenota]())
	if got := strings.Join(ordine, " "); got != "giorno dettagli.nota dettagli.numero voci.nome voci" {
		t.Errorf("CampiGo ordine = %s", got)
	}
	if c := campi["dettagli.nota"]; c.Tipo != "testo" || c.Max != 20 {
		t.Errorf("dettagli.nota = %+v", c)
	}
	if campi["giorno"].Tipo != "data" || campi["voci"].Tipo != "lista" {
		t.Errorf("campi = %+v", campi)
	}
	v.ControllaGo(g, &ps)
	controllaProblemi(t, ps,
		`richieste.prenota.campi.dettagli.nota: il campo "dettagli.nota" della richiesta prenota ha max 20, non 30`,
		`richieste.prenota.campi.voci: il campo "voci" della richiesta prenota è di tipo lista, non testo`,
		`richieste.prenota.campi.sconosciuto: la richiesta prenota non ha il campo "sconosciuto"`,
		`richieste.prenota: il vocabolario non dichiara il campo "dettagli.numero" della richiesta prenota`,
		`richieste.ignota: tipo di richiesta "ignota" sconosciuto: uno di prenota, assente, modulo`,
		`richieste: il vocabolario non dichiara la richiesta assente`,
		`richieste.modulo.campi.nome: il campo "nome" della richiesta modulo è un testo con il suo max`,
	)
	if got := strings.Join(altri, ", "); got != "prenota dettagli.extra, prenota sconosciuto" {
		t.Errorf("Altro asked for %s", got)
	}
}

// TestPredefinitoDa: predefinito_da names a field, of the same type, of
// another request of the vocabulary; anything else is a problem at the
// field.
func TestPredefinitoDa(t *testing.T) {
	const src = `id: v
tipo: vocabolario
titolo: t
fonte: f
richieste:
  prenota:
    campi:
      giorno: {tipo: data, etichetta: G, predefinito_da: modulo.data}
      voci: {tipo: testo, etichetta: V, predefinito_da: modulo.nome}
      dettagli.nota: {tipo: testo, max: 30, etichetta: N, predefinito_da: modulo.assente}
  modulo:
    campi:
      nome: {tipo: testo, max: 40, etichetta: Nome}
      data: {tipo: testo, max: 10, etichetta: Data}
`
	var ps spec.Problems
	v := Nuovo([]*spec.File{parse(t, "v.yaml", src)}, &ps)
	g := &TipiGo{Richieste: map[string]reflect.Type{"prenota": reflect.TypeFor[prenota]()}, Ordine: []string{"prenota"},
		SoloVocabolario: []string{"modulo"}, Speciali: map[reflect.Type]string{reflect.TypeFor[giorno](): "data"},
		Altro: func(string, *spec.Campo, *spec.Problems) bool { return true }}
	v.ControllaGo(g, &ps)
	var got []string
	for _, p := range ps {
		if strings.Contains(p.Error(), "predefinito_da") {
			got = append(got, p.Percorso)
		}
	}
	want := []string{"richieste.prenota.campi.giorno.predefinito_da", "richieste.prenota.campi.dettagli.nota.predefinito_da"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("problems on %v; want %v\n%v", got, want, ps)
	}
	if c := v.Campo("prenota", "voci"); c.PredefinitoDa != "modulo.nome" {
		t.Errorf("voci.PredefinitoDa = %q", c.PredefinitoDa)
	}
}

// A request's state with a value the engine computes in a struct.
type (
	conto struct {
		Liberi int    `json:"liberi"`
		Giorno giorno `json:"giorno"`
	}
	stato struct {
		Nome  string `json:"nome"`
		Conto conto  `json:"conto" lpu:"calcolato"`
	}
)

// TestControllaDalMotore: the values the engine computes for the rules
// (the leaves of the fields tagged lpu:"calcolato") are each declared
// in dal_motore with their type, and nothing else is.
func TestControllaDalMotore(t *testing.T) {
	const src = `id: v
tipo: vocabolario
titolo: t
fonte: f
richieste:
  prenota:
    regole: uno
    data_riferimento: giorno
    dal_motore:
      totale: {tipo: testo, etichetta: Totale, fonte: manuale}
      extra: {tipo: intero, etichetta: Extra, fonte: manuale}
  stato:
    regole: uno
    data_riferimento: nome
    dal_motore:
      conto.liberi: {tipo: intero, etichetta: Posti liberi, aiuto: I posti meno gli occupati., fonte: manuale}
`
	var ps spec.Problems
	v := Nuovo([]*spec.File{parse(t, "v.yaml", src)}, &ps)
	g := &TipiGo{Richieste: map[string]reflect.Type{"prenota": reflect.TypeFor[prenota](), "stato": reflect.TypeFor[stato]()},
		Ordine: []string{"prenota", "stato"}, Speciali: map[reflect.Type]string{reflect.TypeFor[giorno](): "data"}}
	var got []string
	for _, c := range g.CalcolatiGo(reflect.TypeFor[stato]()) {
		got = append(got, c.Nome+" "+c.Tipo)
	}
	if s := strings.Join(got, ", "); s != "conto.liberi intero, conto.giorno data" {
		t.Errorf("CalcolatiGo = %s", s)
	}
	v.ControllaDalMotore(g, &ps)
	controllaProblemi(t, ps,
		`richieste.prenota.dal_motore.totale: il valore "totale" che il motore calcola per la richiesta prenota è di tipo intero, non testo`,
		`richieste.prenota.dal_motore.extra: il motore non calcola "extra" per le regole della richiesta prenota`,
		`richieste.stato: il vocabolario non dichiara il valore "conto.giorno" che il motore calcola per le regole della richiesta stato (dal_motore)`,
	)
	if d := v.DalMotore("stato", "conto.liberi"); d == nil || d.Etichetta != "Posti liberi" || d.Aiuto != "I posti meno gli occupati." || d.Fonte != "manuale" {
		t.Errorf("DalMotore(stato, conto.liberi) = %+v", d)
	}
}

// TestDalMotoreDichiarazione: a value the engine provides is declared
// once, for a kind with rules, and is no field of the request; its
// declaration has a type of its own and a label.
func TestDalMotoreDichiarazione(t *testing.T) {
	const src = `id: v
tipo: vocabolario
titolo: t
fonte: f
richieste:
  prenota:
    regole: uno
    data_riferimento: giorno
    campi:
      giorno: {tipo: data, etichetta: G}
    dal_motore:
      giorno: {tipo: data, etichetta: Giorno, fonte: manuale}
  modulo:
    dal_motore:
      a: {tipo: mappa}
`
	var ps spec.Problems
	f := spec.Parse("v.yaml", []byte(src), &ps)
	Nuovo([]*spec.File{f, parse(t, "w.yaml", strings.Replace(src[:strings.Index(src, "    campi:")], "id: v", "id: w", 1)+
		"    dal_motore:\n      giorno: {tipo: data, etichetta: Giorno, fonte: manuale}\n")}, &ps)
	controllaProblemi(t, ps,
		`richieste.modulo.dal_motore.a.tipo: tipo "mappa" sconosciuto: uno di booleano, intero, testo, data, importo, durata, lista`,
		`richieste.modulo.dal_motore.a: manca la chiave etichetta`,
		`richieste.modulo.dal_motore.a: manca la chiave fonte`,
		`richieste.modulo: data_riferimento, senza_data_riferimento, dal_motore e testi valgono per un tipo di richiesta con regole`,
		`richieste.prenota.dal_motore.giorno: "giorno" è un campo della richiesta prenota (dichiarato in v.yaml:10:7), non un valore che il motore calcola`,
		`richieste.prenota.dal_motore.giorno: valore "giorno" già dichiarato in v.yaml:12:7`,
	)
}
