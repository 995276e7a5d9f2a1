package lpu_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/lpu"
)

// Fields declared only in the vocabulary (no Go field): one of each
// type, under fatti and opzioni, and a rule file that shows them all.
const vocabolarioAltri = `id: vocabolario_altri
tipo: vocabolario
titolo: campi nuovi
fonte: prova
richieste:
  calcolo:
    campi:
      fatti.nuovo_si:
        tipo: booleano
        etichetta: Un fatto nuovo
      fatti.nuovo_numero:
        tipo: intero
        max: 10
        predefinito: "3"
        etichetta: Un numero nuovo
      fatti.nuova_data:
        tipo: data
        etichetta: Una data nuova
      fatti.nuova_durata:
        tipo: durata
        etichetta: Una durata nuova
      fatti.nuovo_importo:
        tipo: importo
        etichetta: Un importo nuovo
      opzioni.nuova:
        tipo: testo
        max: 10
        etichetta: Un'opzione nuova
        valori:
          prima: la prima
          seconda: la seconda
        predefinito: prima
`

const regolaAltri = `id: altri
tipo: calcolo
titolo: campi nuovi
fonte: prova
vigenza: {dal: 2000-01-01}
passi:
  - id: giorni
    calcola: giorni
    valore: "fatti.nuovo_numero + giorni(fatti.nuova_durata, opzioni.mese, data) + (fatti.nuovo_si ? 100 : 0) + (opzioni.nuova == 'seconda' ? 1000 : 0)"
    fonte: prova
    testo: "{giorni} giorni"
  - id: ore
    calcola: ore
    valore: "giorni * 2"
    fonte: prova
    testo: "{ore} ore"
  - id: giornaliere
    calcola: ore_giornaliere_max
    valore: "8"
    fonte: prova
    testo: "8"
  - id: mostra
    avverte: "true"
    fonte: prova
    testo: "data {testo(fatti.nuova_data)}, importo {testo(fatti.nuovo_importo)}, opzione {opzioni.nuova}"
`

// A field declared only in the vocabulary reaches the rules with its
// value, or its default, from JSON and from Go.
func TestAltriValori(t *testing.T) {
	e := motoreProve(t)
	for _, c := range []struct {
		corpo      string
		giorni     int
		avvertenza string
	}{
		{`{"fattispecie":"altri","data":"2025-06-10"}`, 3, "opzione «la prima»"},
		{`{"fattispecie":"altri","data":"2025-06-10","fatti":{"nuovo_numero":0}}`, 0, ""},
		{`{"fattispecie":"altri","data":"2025-06-10","fatti":{"nuovo_numero":null,"nuovo_si":true}}`, 103, ""},
		{`{"fattispecie":"altri","data":"2025-06-10","fatti":{"nuovo_numero":1e1,"nuova_durata":{"mesi":1}}}`, 40, ""},
		{`{"fattispecie":"altri","data":"2025-06-10","opzioni":{"nuova":"seconda"}}`, 1003, "opzione «la seconda»"},
		{`{"fattispecie":"altri","data":"2025-06-10","opzioni":{"nuova":""}}`, 3, "opzione «la prima»"},
		{`{"fattispecie":"altri","data":"2025-06-10","fatti":{"nuova_data":"2024-02-29","nuovo_importo":"1500.5"}}`, 3, "data 29/02/2024, importo 1.500,50"},
	} {
		out, err := e.Run(context.Background(), "calcolo", []byte(c.corpo))
		if err != nil {
			t.Errorf("%s: %v", c.corpo, err)
			continue
		}
		res := out.(*lpu.Risultato)
		if res.Giorni != c.giorni || res.Ore != 2*c.giorni || !strings.Contains(strings.Join(res.Avvertenze, "\n"), c.avvertenza) {
			t.Errorf("%s: got %d giorni, %d ore, %q; want %d giorni, %q", c.corpo, res.Giorni, res.Ore, res.Avvertenze, c.giorni, c.avvertenza)
		}
	}
	// From Go, with the Go types of the declared types; the caller's
	// maps are not touched.
	altri := map[string]any{"nuovo_numero": 2, "nuova_durata": lpu.Durata{Giorni: 5}, "nuova_data": lpu.NewData(2024, 1, 2),
		"nuovo_importo": lpu.MustImporto("7"), "nuovo_si": true}
	r := &lpu.Richiesta{Fattispecie: "altri", Data: lpu.NewData(2025, 6, 10), Fatti: lpu.Fatti{Altri: altri},
		Opzioni: lpu.Opzioni{Altri: map[string]any{"nuova": "seconda"}}}
	res, err := e.Calcolo(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Giorni != 1107 || !strings.Contains(strings.Join(res.Avvertenze, "\n"), "data 02/01/2024, importo 7, opzione «la seconda»") {
		t.Errorf("from Go: got %d giorni, %q; want 1107", res.Giorni, res.Avvertenze)
	}
	if len(altri) != 5 || len(r.Opzioni.Altri) != 1 {
		t.Errorf("Evaluate changed the caller's maps: %v %v", altri, r.Opzioni.Altri)
	}
	// The piano's facts are the calcolo's.
	p, err := e.Run(context.Background(), "piano", []byte(`{"fattispecie":"altri","ore":4,"inizio":"2025-07-01","giorni_settimana":{"mar":2},"fatti":{"nuovo_si":true}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.(*lpu.RisultatoPiano).UltimoGiorno; got != "2025-07-08" {
		t.Errorf("piano: ultimo giorno %s; want 2025-07-08", got)
	}
}

// A value outside the declaration gets the error a Go field of that type
// and bound gets from Decode; a name the vocabulary does not declare is
// an unknown field.
func TestAltriErrori(t *testing.T) {
	e := motoreProve(t)
	for _, c := range []struct{ corpo, codice, campo string }{
		{`{"fatti":{"nuovo_numero":11}}`, "fuori_intervallo", "fatti.nuovo_numero"},
		{`{"fatti":{"nuovo_numero":-1}}`, "fuori_intervallo", "fatti.nuovo_numero"},
		{`{"fatti":{"nuovo_numero":"3"}}`, "tipo_errato", "fatti.nuovo_numero"},
		{`{"fatti":{"nuovo_numero":1.5}}`, "tipo_errato", "fatti.nuovo_numero"},
		{`{"fatti":{"nuovo_si":1}}`, "tipo_errato", "fatti.nuovo_si"},
		{`{"fatti":{"nuova_data":"2025-02-30"}}`, "data_non_valida", "fatti.nuova_data"},
		{`{"fatti":{"nuova_durata":{"mesi":-1}}}`, "fuori_intervallo", "fatti.nuova_durata.mesi"},
		{`{"fatti":{"nuova_durata":{"settimane":1}}}`, "campo_sconosciuto", "fatti.nuova_durata.settimane"},
		{`{"fatti":{"nuovo_importo":"1.500"}}`, "importo_non_valido", "fatti.nuovo_importo"},
		{`{"opzioni":{"nuova":"terza"}}`, "valore_non_ammesso", "opzioni.nuova"},
		// (a text beyond the bound of a field with declared values is
		// no value of them: not allowed, not too long)
		{`{"opzioni":{"nuova":"` + strings.Repeat("x", 11) + `"}}`, "valore_non_ammesso", "opzioni.nuova"},
		{`{"fatti":{"incidenti":true}}`, "campo_sconosciuto", "fatti.incidenti"},
		{`{"fatti":{"nuova":true}}`, "campo_sconosciuto", "fatti.nuova"},
		{`{"opzioni":{"nuovo_si":true}}`, "campo_sconosciuto", "opzioni.nuovo_si"},
		// the unknown field is reported before the fattispecie is looked at
		{`{"fattispecie":"nessuna","fatti":{"incidenti":true}}`, "campo_sconosciuto", "fatti.incidenti"},
	} {
		corpo := c.corpo
		if !strings.Contains(corpo, "fattispecie") {
			corpo = `{"fattispecie":"altri","data":"2025-06-10",` + corpo[1:]
		}
		_, err := e.Run(context.Background(), "calcolo", []byte(corpo))
		controllaCodice(t, corpo, err, c.codice, c.campo, 400)
		// the piano reads the same facts
		if strings.Contains(c.corpo, `"fatti"`) && !strings.Contains(c.corpo, "fattispecie") {
			corpo := `{"fattispecie":"altri","ore":4,"inizio":"2025-07-01","giorni_settimana":{"mar":2},` + c.corpo[1:]
			_, err := e.Run(context.Background(), "piano", []byte(corpo))
			controllaCodice(t, "piano "+corpo, err, c.codice, c.campo, 400)
		}
	}
	// From Go, a value of another type.
	_, err := e.Calcolo(context.Background(), &lpu.Richiesta{Fattispecie: "altri", Fatti: lpu.Fatti{Altri: map[string]any{"nuovo_numero": "tre"}}})
	controllaCodice(t, "Go", err, "tipo_errato", "fatti.nuovo_numero", 400)
	// From Go, a name with the prefix: the message says to drop it.
	_, err = e.Calcolo(context.Background(), &lpu.Richiesta{Fattispecie: "altri", Fatti: lpu.Fatti{Altri: map[string]any{"fatti.nuovo_si": true}}})
	if le := lpu.AsError(err); le == nil || le.Code != "campo_sconosciuto" || !strings.Contains(le.Message, "senza «fatti.»: «nuovo_si»") {
		t.Errorf("Altri[\"fatti.nuovo_si\"]: %v; want campo_sconosciuto, saying to drop «fatti.»", err)
	}
	// The embedded rules declare none: any member of Altri is unknown.
	_, err = engine(t).Run(context.Background(), "calcolo", []byte(`{"fattispecie":"cds186","fatti":{"nuovo_si":true}}`))
	controllaCodice(t, "regole incorporate", err, "campo_sconosciuto", "fatti.nuovo_si", 400)
}

// A vocabulary-only field that cannot be one is a load error at its line
// (laid over the synthetic rules of sintetico_test.go: the problem is the
// vocabulary's, whatever the rules).
func TestAltriCaricamento(t *testing.T) {
	for _, c := range []struct{ campo, voce, errore string }{
		{"fatti.lista_nuova", "tipo: lista\n        etichetta: x", "vocabolario_altri.yaml:33:7: richieste.calcolo.campi.fatti.lista_nuova: il campo \"fatti.lista_nuova\" è di tipo lista: un campo che la richiesta non ha già, dichiarato solo nel vocabolario, può essere booleano"},
		// (a tipo that is none of the vocabulary's: once, where it is written)
		{"fatti.tipo_ignoto", "tipo: boolean\n        etichetta: x", "lpu: regole non valide (1 problema)\nrules/vocabolario_altri.yaml:34:15: richieste.calcolo.campi.fatti.tipo_ignoto.tipo: tipo \"boolean\" sconosciuto"},
		{"pena.nuova", "tipo: booleano\n        etichetta: x", "vocabolario_altri.yaml:33:7: richieste.calcolo.campi.pena.nuova: la richiesta calcolo non ha il campo \"pena.nuova\""},
		{"fatti.a.b", "tipo: booleano\n        etichetta: x", "la richiesta calcolo non ha il campo \"fatti.a.b\""},
		{"fatti.numero_rotto", "tipo: intero\n        predefinito: \"x\"\n        etichetta: x", "predefinito \"x\" non valido: atteso un numero intero"},
		{"fatti.si_rotto", "tipo: booleano\n        predefinito: \"1\"\n        etichetta: x", "predefinito \"1\": atteso true o false"},
		{"fatti.numero_grande", "tipo: intero\n        max: 5\n        predefinito: \"6\"\n        etichetta: x", "predefinito \"6\" non valido: valore troppo grande"},
	} {
		voc := vocabolarioAltri + "      " + c.campo + ":\n        " + c.voce + "\n"
		_, err := lpu.Load(context.Background(), lpu.Overlay(regoleSintetiche(t), fstest.MapFS{"vocabolario_altri.yaml": {Data: []byte(voc)}}))
		if err == nil || !strings.Contains(err.Error(), c.errore) {
			t.Errorf("%s: got %v; want %q", c.campo, err, c.errore)
		}
	}
}

// The JSON of Fatti and Opzioni: the bytes of encoding/json for the Go
// fields, the members of Altri after them; AppendJSON writes the same.
func TestAltriJSON(t *testing.T) {
	type fattiGo lpu.Fatti // the same fields, without MarshalJSON
	f := lpu.Fatti{Incidente: true, Comma: "<9-bis>"}
	std := func(v any) []byte {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	got, err := lpu.AppendJSON(nil, f)
	if err != nil {
		t.Fatal(err)
	}
	if want := std(fattiGo(f)); !bytes.Equal(got, want) {
		t.Errorf("without Altri:\n%s\nwant\n%s", got, want)
	}
	if m, _ := json.Marshal(f); !bytes.Contains(m, []byte(`\u003c9-bis\u003e`)) {
		t.Errorf("json.Marshal escapes as it is told: %s", m)
	}
	f.Altri = map[string]any{"z": lpu.Durata{Mesi: 1}, "a": "<x>", "n": 3}
	got, err = lpu.AppendJSON(nil, lpu.Richiesta{Fatti: f})
	if err != nil {
		t.Fatal(err)
	}
	if want := std(lpu.Richiesta{Fatti: f}); !bytes.Equal(got, want) {
		t.Errorf("AppendJSON:\n%s\nencoding/json:\n%s", got, want)
	}
	if !bytes.Contains(got, []byte(`"precedente_5ter":false,"a":"<x>","n":3,"z":{"anni":0,"mesi":1,"giorni":0}},"opzioni":{`)) {
		t.Errorf("the members of Altri are not after the fields: %s", got)
	}
	var r lpu.Richiesta
	if err := lpu.DecodeBytes(got, &r); err != nil {
		t.Fatal(err)
	}
	if r.Fatti.Altri["a"] != "<x>" || r.Fatti.Altri["n"] != json.Number("3") || r.Fatti.Comma != "<9-bis>" {
		t.Errorf("read back: %#v", r.Fatti)
	}
	f.Altri = map[string]any{"incidente": false}
	if _, err := json.Marshal(f); err == nil {
		t.Error("a member of Altri named as a field: no error")
	}
}

// The CSV columns of a lotto include the fields declared only in the
// vocabulary, by their short name and by their path.
func TestAltriLottoCSV(t *testing.T) {
	e := motoreProve(t)
	csv := "fattispecie,data,nuovo_si,fatti.nuovo_numero,nuova_durata_mesi,opzioni.nuova,nuova_data,nuovo_importo\n" +
		"altri,10/06/2025,sì,1,1,seconda,29/02/2024,\"1.500,50\"\n" +
		"altri,10/06/2025,,,,,,\n" +
		"altri,10/06/2025,,11,,,,\n"
	var out bytes.Buffer
	if _, err := e.Lotto(context.Background(), strings.NewReader(csv), &out, lpu.LottoOptions{Formato: "json"}); err != nil {
		t.Fatal(err)
	}
	var esiti []struct {
		Esito     string        `json:"esito"`
		Risultato lpu.Risultato `json:"risultato"`
		Errore    *lpu.Error    `json:"errore"`
	}
	if err := json.Unmarshal(out.Bytes(), &esiti); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(esiti) != 3 || esiti[0].Risultato.Giorni != 1131 || esiti[1].Risultato.Giorni != 3 ||
		!strings.Contains(strings.Join(esiti[0].Risultato.Avvertenze, ""), "data 29/02/2024, importo 1.500,50") {
		t.Fatalf("got %s", out.String())
	}
	if e := esiti[2].Errore; e == nil || e.Code != "fuori_intervallo" || e.Field != "fatti.nuovo_numero" {
		t.Errorf("row 3: %+v; want fuori_intervallo on the column fatti.nuovo_numero", e)
	}
	// The embedded rules have no such column.
	_, err := engine(t).Lotto(context.Background(), strings.NewReader(csv), &out, lpu.LottoOptions{})
	controllaCodice(t, "regole incorporate", err, "colonna_sconosciuta", "nuovo_si", 400)
}

// The catalogue and the fields of the calcolo list them, with their labels.
func TestAltriCatalogo(t *testing.T) {
	e := motoreProve(t)
	var campi []string
	for _, f := range e.Catalogo() {
		if f.ID == "altri" {
			for _, c := range f.Campi {
				campi = append(campi, c.Nome+"="+c.Etichetta)
			}
		}
	}
	got := strings.Join(campi, "\n")
	for _, want := range []string{"fatti.nuovo_si=Un fatto nuovo", "fatti.nuovo_numero=Un numero nuovo", "fatti.nuova_durata=Una durata nuova", "opzioni.nuova=Un'opzione nuova"} {
		if !strings.Contains(got, want) {
			t.Errorf("Catalogo of altri lacks %q:\n%s", want, got)
		}
	}
}

// TestLottoColumnsAltri: the CSV columns of an engine are those of the
// request types and those of the fields its rules declare only in their
// vocabulary (the embedded rules' sospensione_precedente and
// massimo_165, an overlay's nuovo_si, nuova_durata_anni…), which the
// package's LottoColumns, from the types alone, does not list.
func TestLottoColumnsAltri(t *testing.T) {
	for _, c := range []struct {
		e    *lpu.Engine
		tipo string
		ha   []string
	}{
		{engine(t), "calcolo", []string{"sospensione_precedente", "sospensione_163_c4", "massimo_165", "arresto_mesi", "fattispecie"}},
		{motoreProve(t), "calcolo", []string{"nuovo_si", "nuovo_numero", "nuova_data", "nuova_durata_anni", "nuova_durata_giorni", "nuovo_importo", "nuova", "ammenda"}},
		{engine(t), "fondo", lpu.LottoColumns("fondo")},
	} {
		got := c.e.LottoColumns(c.tipo)
		for _, n := range c.ha {
			if !slices.Contains(got, n) {
				t.Errorf("Engine.LottoColumns(%s) = %v; want %s among them", c.tipo, got, n)
			}
		}
		for _, n := range lpu.LottoColumns(c.tipo) {
			if !slices.Contains(got, n) {
				t.Errorf("Engine.LottoColumns(%s) lacks %s of LottoColumns", c.tipo, n)
			}
		}
	}
	if slices.Contains(lpu.LottoColumns("calcolo"), "massimo_165") {
		t.Errorf("LottoColumns(calcolo) lists massimo_165: it gives the request types' columns only")
	}
	if got := engine(t).LottoColumns("piano"); got != nil {
		t.Errorf("Engine.LottoColumns(piano) = %v; want nil", got)
	}
	// A column it lists is one a lotto reads.
	var out strings.Builder
	st, err := engine(t).Lotto(context.Background(), strings.NewReader(
		"fattispecie,data,reclusione_anni,reclusione_mesi,reclusione_giorni,giorni_lpu,massimo_165\ncp165,2025-06-10,1,9,10,400,pena_sospesa\n"),
		&out, lpu.LottoOptions{})
	if err != nil || st.OK != 1 {
		t.Errorf("lotto with massimo_165: %+v, %v\n%s", st, err, out.String())
	}
}

// TestAltriAndataRitorno: encoding/json's Marshal then Unmarshal of a
// typed request is the identity, the members of Altri too (read back as
// JSON decodes them, as Decode reads them), and the answer does not
// change: Altri was dropped, and cp165's massimo_165 flipped the
// verdict.
func TestAltriAndataRitorno(t *testing.T) {
	ctx := context.Background()
	reale, altri := engine(t), motoreProve(t)
	d := lpu.NewData(2025, 6, 10)
	fattiAltri := lpu.Fatti{Incidente: true, Comma: "9-bis", Altri: map[string]any{"nuovo_numero": 2, "nuova_durata": lpu.Durata{Giorni: 5},
		"nuova_data": lpu.NewData(2024, 1, 2), "nuovo_importo": lpu.MustImporto("7,5"), "nuovo_si": true}}
	casi := []struct {
		nome string
		e    *lpu.Engine
		req  any // a pointer to a typed request
	}{
		{"cp165", reale, &lpu.Richiesta{Fattispecie: "cp165", Data: d,
			Pena:    lpu.Pena{Reclusione: lpu.Durata{Anni: 1, Mesi: 9, Giorni: 10}, GiorniLPU: 400},
			Opzioni: lpu.Opzioni{Altri: map[string]any{"massimo_165": "pena_sospesa"}}}},
		{"calcolo", altri, &lpu.Richiesta{Fattispecie: "altri", Data: d, Fatti: fattiAltri,
			Opzioni: lpu.Opzioni{Mese: "calendario", Altri: map[string]any{"nuova": "seconda"}}}},
		{"piano", altri, &lpu.RichiestaPiano{Fattispecie: "altri", Ore: 4, Inizio: lpu.NewData(2025, 7, 1),
			GiorniSettimana: map[string]int{"mar": 2}, Fatti: fattiAltri, Sospensioni: []lpu.Periodo{{Dal: lpu.NewData(2025, 7, 8), Al: lpu.NewData(2025, 7, 8), Motivo: "malattia"}}}}, // (after inizio: one before it is refused)
		{"fondo", reale, &lpu.RichiestaFondo{Fattispecie: "l689_56bis", DataInizio: lpu.NewData(2024, 12, 2), Convenzione: "dm2023_56bis", Giorni: 480,
			RetribuzioneGiornaliera: lpu.MustImporto("55,10")}},
		{"convenzione", reale, &lpu.RichiestaConvenzione{Fattispecie: "l689_56bis", Data: lpu.NewData(2025, 7, 31),
			Convenzione: lpu.Convenzione{Modello: "dm88_2015", Decorrenza: lpu.NewData(2021, 3, 1), Anni: 5, Fattispecie: []string{"map"},
				Sedi: []lpu.Sede{{Nome: "A", Posti: []lpu.PostiSede{{Tipo: "AF", Numero: 2}}}}}}},
	}
	for _, c := range casi {
		b, err := json.Marshal(c.req)
		if err != nil {
			t.Fatalf("%s: %v", c.nome, err)
		}
		back := reflect.New(reflect.TypeOf(c.req).Elem()).Interface()
		if err := json.Unmarshal(b, back); err != nil {
			t.Errorf("%s: json.Unmarshal(%s): %v", c.nome, b, err)
			continue
		}
		// Every field comes back: the JSON written again is the same
		// (the members of Altri as JSON decodes them, a durata as a map
		// whose members encoding/json writes in name order), and it is
		// what DecodeBytes reads.
		b2, _ := json.Marshal(back)
		if !stessoJSON(t, b, b2) {
			t.Errorf("%s: round trip\n%s\nwritten again\n%s", c.nome, b, b2)
		}
		dec := reflect.New(reflect.TypeOf(c.req).Elem()).Interface()
		if err := lpu.DecodeBytes(b, dec); err != nil {
			t.Errorf("%s: DecodeBytes: %v", c.nome, err)
		} else if b3, _ := json.Marshal(dec); !bytes.Equal(b2, b3) {
			t.Errorf("%s: json.Unmarshal gives\n%s\nDecodeBytes\n%s", c.nome, b2, b3)
		}
		want, errW := rispostaDi(ctx, c.e, c.req)
		got, errG := rispostaDi(ctx, c.e, back)
		if errW != nil || errG != nil {
			t.Errorf("%s: errors %v, %v", c.nome, errW, errG)
			continue
		}
		bw, _ := lpu.AppendJSON(nil, want)
		bg, _ := lpu.AppendJSON(nil, got)
		if !bytes.Equal(bw, bg) {
			t.Errorf("%s: answer after the round trip\n%s\nwant\n%s", c.nome, bg, bw)
		}
		if r, ok := got.(*lpu.Risultato); ok && c.nome == "cp165" && !r.Ammissibile {
			t.Errorf("cp165 with massimo_165 pena_sospesa: not ammissibile: %v", r.Motivi)
		}
	}
}

// rispostaDi answers the typed request r (a pointer) with the operation
// of its type.
func rispostaDi(ctx context.Context, e *lpu.Engine, r any) (any, error) {
	switch r := r.(type) {
	case *lpu.Richiesta:
		return e.Calcolo(ctx, r)
	case *lpu.RichiestaPiano:
		return e.Piano(ctx, r)
	case *lpu.RichiestaFondo:
		return e.Fondo(ctx, r)
	case *lpu.RichiestaConvenzione:
		return e.Convenzione(ctx, r)
	}
	return nil, nil
}

// stessoJSON reports whether a and b are the same JSON value, whatever
// the order of the members of their objects.
func stessoJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	leggi := func(x []byte) any {
		d := json.NewDecoder(bytes.NewReader(x))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	return reflect.DeepEqual(leggi(a), leggi(b))
}

// TestUnmarshalJSONCampo: encoding/json's Unmarshal of a request names
// the field of an error under fatti and opzioni as DecodeBytes does, so
// that a form can mark it («fatti.sostituzioni_precedenti», not
// «sostituzioni_precedenti»).
func TestUnmarshalJSONCampo(t *testing.T) {
	for _, body := range []string{
		`{"fatti":{"sostituzioni_precedenti":-1}}`,
		`{"opzioni":{"mese":7}}`,
	} {
		var a, b lpu.Richiesta
		errU, errD := json.Unmarshal([]byte(body), &a), lpu.DecodeBytes([]byte(body), &b)
		eu, ed := lpu.AsError(errU), lpu.AsError(errD)
		if eu == nil || ed == nil || eu.Field != ed.Field || !strings.Contains(ed.Field, ".") {
			t.Errorf("%s: json.Unmarshal %v, DecodeBytes %v: want the same field, with its path", body, errU, errD)
		}
	}
}
