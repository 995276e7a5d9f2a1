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
	var msgs []string
	for _, p := range ps {
		msgs = append(msgs, p.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, w := range []string{
		`richieste.prenota.campi.dettagli.nota: il campo "dettagli.nota" della richiesta prenota ha max 20, non 30`,
		`richieste.prenota.campi.voci: il campo "voci" della richiesta prenota è di tipo lista, non testo`,
		`richieste.prenota.campi.sconosciuto: la richiesta prenota non ha il campo "sconosciuto"`,
		`richieste.prenota: il vocabolario non dichiara il campo "dettagli.numero" della richiesta prenota`,
		`richieste.ignota: tipo di richiesta "ignota" sconosciuto: uno di prenota, assente, modulo`,
		`richieste: il vocabolario non dichiara la richiesta assente`,
		`richieste.modulo.campi.nome: il campo "nome" della richiesta modulo è un testo con il suo max`,
	} {
		if !strings.Contains(all, w) {
			t.Errorf("problems:\n%s\nwant %s", all, w)
		}
	}
	if len(ps) != 7 {
		t.Errorf("%d problems; want 7:\n%s", len(ps), all)
	}
	if got := strings.Join(altri, ", "); got != "prenota dettagli.extra, prenota sconosciuto" {
		t.Errorf("Altro asked for %s", got)
	}
}
