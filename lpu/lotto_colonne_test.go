package lpu_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestLottoColonneStessoCampo: two cells of a CSV header that fill the
// same field of the same kind of request are refused, naming both as
// written; the later used to win in silence. A column that fills a
// calcolo field and a fondo field of the same name is one column, not
// two; and a fondo row's «data», the start date when the header has no
// column of its own for it, yields to that column (data_inizio is also
// the calcolo's first day of work, so the header is a calcolo's too).
func TestLottoColonneStessoCampo(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		nome, testa, riga string
		colonne           []string // the columns the message names
	}{
		{"nome e percorso", "fattispecie;data;ammenda;incidente;fatti.incidente", "cds186;10/06/2025;1500;sì;no", []string{"«incidente»", "«fatti.incidente»"}},
		{"durata", "fattispecie;data;ammenda;arresto_mesi;pena.arresto.mesi", "cds186;10/06/2025;1500;1;2", []string{"«arresto_mesi»", "«pena.arresto.mesi»"}},
		{"importo", "fattispecie;data;ammenda;pena.ammenda", "cds186;10/06/2025;1500;200", []string{"«ammenda»", "«pena.ammenda»"}},
		{"etichetta e nome", "fattispecie;data;ammenda;Il conducente ha provocato un incidente stradale;incidente", "cds186;10/06/2025;1500;sì;no",
			[]string{"«Il conducente ha provocato un incidente …»", "«incidente»"}}, // a name cut to 40 runes
		{"stesso nome scritto diverso", "fattispecie;data;Ammenda (€);ammenda", "cds186;10/06/2025;1500;200", []string{"«Ammenda (€)»", "«ammenda»"}},
		{"etichetta del fondo", "tipo;fattispecie;Primo giorno di lavoro;data_inizio;giorni", "fondo;cds186;10/06/2025;11/06/2025;51", []string{"«Primo giorno di lavoro»", "«data_inizio»"}},
	} {
		t.Run(c.nome, func(t *testing.T) {
			var out bytes.Buffer
			_, err := e.Lotto(context.Background(), strings.NewReader(c.testa+"\n"+c.riga+"\n"), &out, lpu.LottoOptions{})
			var le *lpu.Error
			if !errors.As(err, &le) || le.Code != lpu.CodeColonnaRipetuta {
				t.Fatalf("got %v; want codice colonna_ripetuta\n%s", err, out.String())
			}
			for _, col := range c.colonne {
				if !strings.Contains(le.Message, col) {
					t.Errorf("message %q does not name %s", le.Message, col)
				}
			}
			if out.Len() != 0 {
				t.Errorf("no result expected before the batch's error, got %q", out.String())
			}
		})
	}

	// data and data_inizio: the calcolo's reference date and first day of
	// work; a fondo row gives its start date in data_inizio.
	in := "rif;tipo;fattispecie;data;data_inizio;ammenda;giorni\n" +
		"C;calcolo;cds186;10/06/2025;01/07/2025;1500;\n" +
		"F;fondo;cds186;;11/06/2025;;51\n" +
		"FD;fondo;cds186;10/06/2025;11/06/2025;;51\n"
	var out bytes.Buffer
	if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{}); err != nil {
		t.Fatal(err)
	}
	esiti := leggiEsitiCSV(t, out.Bytes(), ';')
	if len(esiti) != 3 {
		t.Fatalf("got %d results; want 3\n%s", len(esiti), out.String())
	}
	for i, want := range []string{"ok", "ok", "colonna_non_pertinente data"} {
		got := esiti[i]["esito"]
		if got != "ok" {
			got = esiti[i]["errore_codice"] + " " + esiti[i]["errore_campo"]
		}
		if got != want {
			t.Errorf("%s: got %s; want %s (%s)", esiti[i]["rif"], got, want, esiti[i]["errore_messaggio"])
		}
	}
	if got := esiti[2]["errore_messaggio"]; !strings.Contains(got, "«data_inizio»") {
		t.Errorf("FD: message %q does not say the start date is in «data_inizio»", got)
	}
	if got := esiti[1]["richiesta_entro"]; got != "2025-06-01" {
		t.Errorf("F: richiesta_entro %q; want 2025-06-01 (10 days before data_inizio)", got)
	}
	// Without a column of its own, a fondo row's data is its start date.
	out.Reset()
	if st, err := e.Lotto(context.Background(), strings.NewReader("tipo;fattispecie;data;giorni\nfondo;cds186;11/06/2025;51\n"), &out, lpu.LottoOptions{}); err != nil || st.OK != 1 {
		t.Errorf("fondo with data: %+v, %v\n%s", st, err, out.String())
	}
}

// TestLottoTipoNonAmmesso: a row asking for a kind of request the batch
// does not take gets its error, which quotes what the row wrote (cut
// short), and an empty tipo: the answer's tipo is one of the kinds, or
// "lotto" for the final result of a stopped batch, never the row's text
// («lotto» was taken for that marker, «5» echoed as "").
func TestLottoTipoNonAmmesso(t *testing.T) {
	e := engine(t)
	lungo := strings.Repeat("x", 300)
	for _, c := range []struct {
		nome, in string
		citati   []string
	}{
		{"json", `[{"tipo":"xyz<>"},{"tipo":5},{"tipo":"piano"},{"tipo":"FONDO"},{"tipo":"lotto"},{"tipo":null},{"tipo":"` + lungo + `"}]`,
			[]string{"«xyz<>»", "«5»", "«piano»", "«FONDO»", "«lotto»", "«null»", "«" + lungo[:40] + "…»"}},
		{"csv", "tipo;fattispecie\nxyz<>;cds186\npiano;cds186\nlotto;cds186\nconvenzione;cds186\n" + lungo + ";cds186\n",
			[]string{"«xyz<>»", "«piano»", "«lotto»", "«convenzione»", "«" + lungo[:40] + "…»"}},
	} {
		t.Run(c.nome, func(t *testing.T) {
			var out bytes.Buffer
			if _, err := e.Lotto(context.Background(), strings.NewReader(c.in), &out, lpu.LottoOptions{Formato: "json"}); err != nil {
				t.Fatal(err)
			}
			var got []lpu.EsitoLotto
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if len(got) != len(c.citati) {
				t.Fatalf("got %d results; want %d\n%s", len(got), len(c.citati), out.String())
			}
			for i, es := range got {
				if es.Tipo != "" || es.Errore == nil || es.Errore.Code != lpu.CodeValoreNonAmmesso || es.Errore.Field != "tipo" {
					t.Errorf("row %d: got tipo %q, error %+v; want tipo \"\", valore_non_ammesso on tipo", es.Riga, es.Tipo, es.Errore)
					continue
				}
				if !strings.Contains(es.Errore.Message, c.citati[i]) || strings.Contains(es.Errore.Message, lungo[:41]) {
					t.Errorf("row %d: message %q; want it to quote %s", es.Riga, es.Errore.Message, c.citati[i])
				}
			}
		})
	}
}

// TestLottoTipoNonAmmessoRif: a result whose tipo is refused keeps the
// row's rif, in a JSON batch as in a CSV one (the JSON one lost it: the
// tipo was checked before the rif was read).
func TestLottoTipoNonAmmessoRif(t *testing.T) {
	e := engine(t)
	for _, in := range []string{
		`[{"rif":"J6","tipo":"piano","fattispecie":"map"},{"rif":7,"tipo":5}]`,
		"rif;tipo;fattispecie\nJ6;piano;map\n7;5;map\n",
	} {
		var out bytes.Buffer
		if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{Formato: "json"}); err != nil {
			t.Fatal(err)
		}
		var got []lpu.EsitoLotto
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		if len(got) != 2 || got[0].Rif != "J6" || got[1].Rif != "7" || got[0].Errore == nil || got[0].Errore.Field != "tipo" {
			t.Errorf("%.20s…: %s", in, out.String())
		}
	}
}

// TestLottoFattispecieLunga: a fattispecie cell too long for a text is
// refused (at most 200 characters) and not echoed in the answer, as an
// over-long rif is not: it was echoed whole, 200,000 characters in one
// cell of the answer. A short unknown name is still echoed as written.
func TestLottoFattispecieLunga(t *testing.T) {
	e := engine(t)
	lungo := strings.Repeat("x", 200000)
	for _, in := range []string{
		"rif;fattispecie;ammenda\nA;" + lungo + ";1500\nB;cdsxx;1500\n",
		`[{"rif":"A","fattispecie":"` + lungo + `","pena":{"ammenda":"1500"}},{"rif":"B","fattispecie":"cdsxx"}]`,
	} {
		for _, o := range []lpu.LottoOptions{{Formato: "csv"}, {Formato: "csv", Italiano: true}, {Formato: "json"}} {
			var out bytes.Buffer
			if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, o); err != nil {
				t.Fatal(err)
			}
			if out.Len() > 10000 || !strings.Contains(out.String(), "cdsxx") {
				t.Errorf("%.10s… %+v: %d bytes, %.300s", in, o, out.Len(), out.String())
			}
		}
	}
}

// TestLottoSettimane: the duration of the work in weeks (the calcolo's
// outputs settimane_min and settimane_max) is in every answer of a
// lotto: its two columns at the end of a CSV answer, named in Italian
// by the vocabulary's labels of those outputs, and the calcolo's
// settimane in a JSON one. A row whose rules give no maximum (art. 186
// C.d.S.) leaves its cell empty, as a fondo row and a row in error
// leave both.
func TestLottoSettimane(t *testing.T) {
	e := engine(t)
	in := "rif;tipo;fattispecie;data;arresto_mesi;ammenda;multa;giorni\n" +
		"C;calcolo;cds186;10/06/2025;1;1500;;\n" +
		"G;calcolo;gdp55;10/06/2025;;;5000;\n" +
		"F;fondo;cds186;10/06/2025;;;;51\n" +
		"E;calcolo;cds186;10/06/2025;;mille;;\n"
	var out bytes.Buffer
	if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{}); err != nil {
		t.Fatal(err)
	}
	cols := lpu.LottoResultColumns()
	k := slices.Index(cols, "settimane_min") // (the residual's columns came after them)
	if got := strings.Join(cols[k-1:k+2], ","); got != "errore_messaggio,settimane_min,settimane_max" {
		t.Errorf("columns %s; want settimane_min,settimane_max after errore_messaggio", got)
	}
	rows := leggiEsitiCSV(t, out.Bytes(), ';')
	for i, want := range [][2]string{{"12", ""}, {"7", "26"}, {"", ""}, {"", ""}} {
		if got := [2]string{rows[i]["settimane_min"], rows[i]["settimane_max"]}; got != want {
			t.Errorf("%s: settimane %q; want %q", rows[i]["rif"], got, want)
		}
	}

	// For a person: the labels of the outputs.
	out.Reset()
	if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{Italiano: true}); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out.Bytes(), []byte("\ufeff"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	testa := recs[0]
	if got := strings.Join(testa[k:k+2], "|"); got != "Durata minima del lavoro in settimane|Durata massima del lavoro in settimane" {
		t.Errorf("Italian header has %q; want the outputs' labels", got)
	}
	if got := strings.Join(recs[2][k:k+2], "|"); got != "7|26" {
		t.Errorf("gdp55 row, for a person: %q; want 7|26", got)
	}

	// JSON: the calcolo's settimane, with their steps.
	out.Reset()
	js := `[{"fattispecie":"gdp55","data":"2025-06-10","pena":{"multa":"5000"}}]`
	if _, err := e.Lotto(context.Background(), strings.NewReader(js), &out, lpu.LottoOptions{}); err != nil {
		t.Fatal(err)
	}
	var esiti []struct {
		Risultato struct {
			Settimane struct {
				Min, Max  *int
				RegolaMax string `json:"regola_max"`
			} `json:"settimane"`
		} `json:"risultato"`
	}
	if err := json.Unmarshal(out.Bytes(), &esiti); err != nil {
		t.Fatal(err)
	}
	if s := esiti[0].Risultato.Settimane; s.Min == nil || *s.Min != 7 || s.Max == nil || *s.Max != 26 || s.RegolaMax != "gdp55.periodo_massimo" {
		t.Errorf("JSON settimane = %+v; want 7 to 26, from gdp55.periodo_massimo\n%s", s, out.String())
	}
}

// TestLottoResiduo: the residual on revoca of a row with hours served,
// in the last columns of a CSV answer (the calcolo's residuo: hours
// left, days of the whole penalty, criterion, and by kind where the
// rules give it), named in Italian by the outputs' labels; a row without
// hours served leaves them empty.
func TestLottoResiduo(t *testing.T) {
	e := engine(t)
	in := "rif;fattispecie;data;arresto_mesi;ammenda;ore_svolte\n" +
		"A;cds186;10/06/2025;;1100;2\n" +
		"B;cds186;10/06/2025;2;1100;2\n" +
		"C;cds186;10/06/2025;1;1500;\n"
	var out bytes.Buffer
	if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{}); err != nil {
		t.Fatal(err)
	}
	cols := lpu.LottoResultColumns()
	if got := strings.Join(cols[len(cols)-5:], ","); got != "residuo_ore,residuo_giorni_pena,residuo_criterio,residuo_giorni_arresto,residuo_ammenda" {
		t.Errorf("last columns %s; want the residual's", got)
	}
	rows := leggiEsitiCSV(t, out.Bytes(), ';')
	for i, want := range [][5]string{{"8", "5", "art58", "", "1100,00"}, {"128", "65", "art58", "60", "1100,00"}, {"", "", "", "", ""}} {
		r := rows[i]
		if got := [5]string{r["residuo_ore"], r["residuo_giorni_pena"], r["residuo_criterio"], r["residuo_giorni_arresto"], r["residuo_ammenda"]}; got != want {
			t.Errorf("%s: residuo %q; want %q", r["rif"], got, want)
		}
	}
	out.Reset()
	if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{Italiano: true}); err != nil {
		t.Fatal(err)
	}
	testa, resto, _ := strings.Cut(strings.TrimPrefix(out.String(), "\ufeff"), "\n")
	if !strings.HasSuffix(testa, ";Giorni di arresto da ripristinare in caso di revoca;Ammenda da ripristinare in caso di revoca (€)") {
		t.Errorf("Italian header %q; want the residual's labels at the end", testa)
	}
	// the criterion by the vocabulary's label of its code, not the code
	if riga, _, _ := strings.Cut(resto, "\n"); !strings.HasSuffix(riga, ";un giorno di pena ogni tre giorni di lavoro (art. 58 d.lgs. 274/2000);;1100,00") {
		t.Errorf("Italian row %q; want the criterion's label and the amount", riga)
	}
}

// TestLottoColonneRisposta: the columns of a CSV answer of the embedded
// rules, as a literal list: the public contract of the answer, where a
// column is added at the end, never moved nor renamed. An output
// declared in rules/vocabolario.yaml (richieste.calcolo.uscite) comes
// here at the end, wherever the vocabulary declares it.
func TestLottoColonneRisposta(t *testing.T) {
	want := []string{"riga", "rif", "tipo", "esito", "fattispecie", "giorni", "ore", "ammissibile", "motivi",
		"ore_settimanali_max", "avvertenze", "fondo_esito", "fondo_motivi", "richiesta_entro", "premio_stimato", "fondo_avvertenze",
		"errore_codice", "errore_campo", "errore_messaggio",
		"settimane_min", "settimane_max",
		"residuo_ore", "residuo_giorni_pena", "residuo_criterio", "residuo_giorni_arresto", "residuo_ammenda"}
	got := engine(t).LottoResultColumns()
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Errorf("colonne della risposta di un lotto %v;\nattese all'inizio %v: una colonna si aggiunge in fondo, non si sposta né si rinomina", got, want)
	}
	if len(got) > len(want) {
		t.Errorf("colonne nuove %v: aggiungerle in fondo all'elenco di questo test", got[len(want):])
	}
}
