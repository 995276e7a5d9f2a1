package vocabolario

import (
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// A synthetic vocabulary and rule file (not LPU's).
const (
	voc1 = `id: v1
tipo: vocabolario
titolo: t
fonte: f
gruppi:
  a: {titolo: A}
richieste:
  calcolo:
    regole: per_id
    data_riferimento: giorno
    uscite:
      esito:
        tipo: testo
        etichetta: Esito
        valori:
          si: sì
          no: no
    campi:
      giorno: {tipo: data, etichetta: Giorno}
      tariffa: {tipo: testo, etichetta: Tariffa, valori_da: tariffe}
`
	voc2 = `id: v2
tipo: vocabolario
titolo: t
fonte: f
gruppi:
  a: {titolo: A di nuovo}
richieste:
  calcolo:
    campi:
      giorno: {tipo: data, etichetta: G}
      extra: {tipo: intero, etichetta: E}
`
	regola = `id: r1
tipo: calcolo
titolo: t
fonte: f
vigenza: {dal: 2020-01-01}
parametri:
  tariffe:
    tipo: lista
    fonte: f
    valore: ["a: Tariffa A", "senza etichetta"]
  esito_b:
    tipo: testo
    fonte: f
    valore: forse
passi:
  - id: e
    calcola: esito
    fonte: f
    testo: t
    valore: "giorno > giorno ? 'si' : (tariffa == '' ? legge.esito_b : 'boh')"
`
)

func parse(t *testing.T, nome, src string) *spec.File {
	t.Helper()
	var ps spec.Problems
	f := spec.Parse(nome, []byte(src), &ps)
	if len(ps) > 0 || f == nil {
		t.Fatalf("%s: %v", nome, ps)
	}
	return f
}

// controllaProblemi fails t unless ps are the problems want, each found
// in one of their messages, and no other: a problem reported twice, or
// one more, fails.
func controllaProblemi(t *testing.T, ps spec.Problems, want ...string) {
	t.Helper()
	var msgs []string
	for _, p := range ps {
		msgs = append(msgs, p.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("problems:\n%s\nwant %s", all, w)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("%d problems; want %d:\n%s", len(ps), len(want), all)
	}
}

func TestVocabolario(t *testing.T) {
	files := []*spec.File{parse(t, "v1.yaml", voc1), parse(t, "v2.yaml", voc2), parse(t, "r1.yaml", regola)}
	var ps spec.Problems
	v := Nuovo(files, &ps)
	if c := v.Campo("calcolo", "extra"); c == nil || c.Tipo != "intero" {
		t.Errorf("extra = %+v: a later file adds fields", c)
	}
	if got := strings.Join(v.Tipi["calcolo"].Ordine, " "); got != "giorno tariffa extra" {
		t.Errorf("ordine = %s", got)
	}
	if v.Campo("calcolo", "nessuno") != nil || v.Campo("ignoto", "giorno") != nil || (*Vocabolario)(nil).Campo("calcolo", "giorno") != nil {
		t.Error("Campo of an undeclared field")
	}
	if u := v.Uscita("calcolo", "esito"); u == nil || !u.Ammette("si") || u.Ammette("forse") {
		t.Errorf("Uscita = %+v", u)
	}
	if len(v.Gruppi) != 1 || v.Pos.File != "v1.yaml" {
		t.Errorf("gruppi %v, pos %v", v.Gruppi, v.Pos)
	}
	v.ControllaValoriDa(files[2], &ps)
	v.ControllaUscite(files, nil, &ps)
	controllaProblemi(t, ps,
		`v2.yaml:6:3: gruppi.a: gruppo "a" già dichiarato in v1.yaml`,
		`v2.yaml:10:7: richieste.calcolo.campi.giorno: campo "giorno" già dichiarato in v1.yaml`,
		"r1.yaml:10:13: parametri.tariffe: tariffe dà i valori ammessi di tariffa: «senza etichetta» non è nella forma «valore: etichetta»",
		"r1.yaml:14:13: parametri.esito_b: esito_b dà l'uscita esito del passo r1.e: «forse» non è un valore dichiarato",
		"r1.yaml:20:72: passi[0].valore: esito: «boh» non è un valore dichiarato nel vocabolario: uno di si, no",
	)
}

// TestControllaNelCalcolo checks the names and types of a synthetic
// nel_calcolo: the kind's field and its source in the calcolo (a field,
// or an output as uscite.<nome>); one source for a booleano, one field
// for a ripiego, and no nel_calcolo on a kind the calcolo does not
// answer.
func TestControllaNelCalcolo(t *testing.T) {
	const voc = `id: v
tipo: vocabolario
titolo: t
fonte: f
richieste:
  calcolo:
    regole: per_id
    data_riferimento: giorno
    uscite:
      ore: {tipo: intero, etichetta: Ore}
    campi:
      giorno: {tipo: data, etichetta: Giorno}
      fatto: {tipo: booleano, etichetta: Fatto}
  altro:
    regole: uno
    data_riferimento: inizio
    nel_calcolo:
      inizio: giorno
      ore: uscite.ore
      quando: uscite.ore
      nessuno: giorno
      dove: luogo
      quanto: uscite.minuti
      da_solo: {da: giorno, ripiego: sostituito}
      dopo: {da: [giorno, giorno], ripiego: nessuno}
      poi: {da: [giorno, giorno], ripiego: sostituito}
      anche: {da: [giorno, giorno], ripiego: sostituito}
      vero: {da: [fatto, fatto]}
      vero_solo: fatto
    dal_motore:
      sostituito: {tipo: booleano, etichetta: S, fonte: f}
    campi:
      inizio: {tipo: data, etichetta: Inizio}
      ore: {tipo: intero, etichetta: Ore}
      quando: {tipo: data, etichetta: Quando}
      dove: {tipo: testo, etichetta: Dove}
      quanto: {tipo: intero, etichetta: Quanto}
      da_solo: {tipo: data, etichetta: Da solo}
      dopo: {tipo: data, etichetta: Dopo}
      poi: {tipo: data, etichetta: Poi}
      anche: {tipo: data, etichetta: Anche}
      vero: {tipo: booleano, etichetta: Vero}
      vero_solo: {tipo: booleano, etichetta: Vero solo}
  terzo:
    nel_calcolo:
      inizio: giorno
    campi:
      inizio: {tipo: data, etichetta: Inizio}
`
	const voc2 = `id: v2
tipo: vocabolario
titolo: t
fonte: f
richieste:
  altro:
    nel_calcolo:
      inizio: giorno
`
	var ps spec.Problems
	v := Nuovo([]*spec.File{parse(t, "v.yaml", voc), parse(t, "v2.yaml", voc2)}, &ps)
	v.ControllaNelCalcolo([]string{"altro"}, &ps)
	controllaProblemi(t, ps,
		`v.yaml:20:15: richieste.altro.nel_calcolo.quando: nel_calcolo: l'uscita "uscite.ore" del calcolo è di tipo intero, il campo "quando" della richiesta altro di tipo data`,
		`v.yaml:21:7: richieste.altro.nel_calcolo.nessuno: nel_calcolo: "nessuno" non è un campo della richiesta altro nel vocabolario`,
		`v.yaml:22:13: richieste.altro.nel_calcolo.dove: nel_calcolo: "luogo" non è un campo della richiesta calcolo nel vocabolario`,
		`v.yaml:23:15: richieste.altro.nel_calcolo.quanto: nel_calcolo: "uscite.minuti" non è un'uscita del calcolo nel vocabolario`,
		`v.yaml:24:38: richieste.altro.nel_calcolo.da_solo.ripiego: ripiego vale per un campo con più fonti, provate in ordine`,
		`v.yaml:25:45: richieste.altro.nel_calcolo.dopo.ripiego: ripiego: "nessuno" non è un valore`,
		`v.yaml:27:46: richieste.altro.nel_calcolo.anche.ripiego: ripiego: "sostituito" è già il ripiego del campo "poi": un valore solo non direbbe`,
		`v.yaml:28:26: richieste.altro.nel_calcolo.vero: nel_calcolo: il campo "vero" della richiesta altro è booleano: può avere una fonte sola`,
		`v.yaml:46:7: richieste.terzo.nel_calcolo.inizio: nel_calcolo vale per un tipo di richiesta a cui il calcolo risponde insieme (altro): non per terzo, a cui il calcolo non risponde`,
		`v2.yaml:8:7: richieste.altro.nel_calcolo.inizio: campo "inizio" già dichiarato in v.yaml:18:7`,
	)
	if n := len(v.Tipi["altro"].NelCalcolo); n != 12 {
		t.Errorf("%d campi in nel_calcolo, want 12", n)
	}
}

// TestNelCalcoloCompleto: for a kind the calcolo answers, every field
// is named once, by nel_calcolo or by nel_calcolo_vuoti; a field left
// out would be empty in every calcolo, in silence.
func TestNelCalcoloCompleto(t *testing.T) {
	const voc = `id: v
tipo: vocabolario
titolo: t
fonte: f
richieste:
  calcolo:
    regole: per_id
    data_riferimento: giorno
    campi:
      giorno: {tipo: data, etichetta: Giorno}
  altro:
    regole: uno
    data_riferimento: inizio
    nel_calcolo_vuoti: [vuoto, inizio, nessuno, vuoto]
    nel_calcolo:
      inizio: giorno
    campi:
      inizio: {tipo: data, etichetta: Inizio}
      vuoto: {tipo: testo, etichetta: Vuoto}
      dimenticato: {tipo: data, etichetta: Dimenticato}
  terzo:
    nel_calcolo_vuoti: [x]
    campi:
      x: {tipo: testo, etichetta: X}
`
	var ps spec.Problems
	v := Nuovo([]*spec.File{parse(t, "v.yaml", voc)}, &ps)
	v.ControllaNelCalcolo([]string{"altro"}, &ps)
	controllaProblemi(t, ps,
		`v.yaml:16:7: richieste.altro.nel_calcolo.inizio: nel_calcolo: il campo "inizio" è tra quelli che il calcolo lascia vuoti (nel_calcolo_vuoti, v.yaml:14:24)`,
		`v.yaml:14:24: richieste.altro.nel_calcolo_vuoti: nel_calcolo_vuoti: "nessuno" non è un campo della richiesta altro nel vocabolario`,
		`v.yaml:14:24: richieste.altro.nel_calcolo_vuoti: nel_calcolo_vuoti: il campo "vuoto" è ripetuto`,
		`v.yaml:16:7: richieste.altro.nel_calcolo: nel_calcolo: della richiesta altro non hanno una fonte nel calcolo "dimenticato" («Dimenticato»): indicarla`,
		`v.yaml:22:24: richieste.terzo.nel_calcolo_vuoti: nel_calcolo_vuoti vale per un tipo di richiesta a cui il calcolo risponde insieme (altro), non per terzo`,
	)
}

// TestValoriDiEtichette: a field that takes the values of another
// (valori_di) and values of its own has no two values with one label
// across both, as a lotto compares them (case and spaces aside): the
// problem is at the later value.
func TestValoriDiEtichette(t *testing.T) {
	const voc = `id: v
tipo: vocabolario
titolo: t
fonte: f
richieste:
  convenzione:
    campi:
      modello:
        tipo: testo
        etichetta: Modello
        valori: {a: Modello A, b: Modello B}
  calcolo:
    campi:
      convenzione:
        tipo: testo
        etichetta: Convenzione
        valori_di: convenzione.modello
        valori:
          nessuna: Nessuna
          altra: "  modello   a"
`
	var ps spec.Problems
	v := Nuovo([]*spec.File{parse(t, "v.yaml", voc)}, &ps)
	controllaProblemi(t, ps,
		`v.yaml:20:11: richieste.calcolo.campi.convenzione.valori.altra: etichetta «modello   a» già del valore a di "convenzione.modello" (valori_di)`)
	if c := v.Campo("calcolo", "convenzione"); c == nil || len(c.Valori) != 4 {
		t.Errorf("convenzione = %+v; want the 2 values of modello and its own 2", c)
	}
}
