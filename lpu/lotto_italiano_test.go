package lpu_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/lpu-it/lpu/lpu"
)

// foglioUEPE is a sheet as Excel's Italian export writes it: ';', plain
// Italian headers, «Sì», «€», two-digit years, the fattispecie as the
// office writes it.
const foglioUEPE = "Rif.;Fattispecie;Data sentenza;Arresto (mesi);Arresto (giorni);Ammenda (€);Il conducente ha provocato un incidente stradale;Convenzione\r\n" +
	"UEPE-1;186;10/06/25;1;15;1.500,00 €;No;dm2001\r\n" +
	"UEPE-2;CDS186;10/06/2025;1;;1000;Sì;\r\n" +
	"UEPE-3;art. 186;10.06.25;;;1.100 €;no;\r\n" +
	"UEPE-4;Cds 186;10/06/25;;;1000;x;\r\n" +
	"UEPE-5;art.187;10/06/25;;;1000;;\r\n" +
	";;;;;;;\r\n"

func in1252(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lottoCSV runs the lotto of in with o and reads its CSV answer, with
// the separator o gives it (';' for a person's answer).
func lottoCSV(t *testing.T, e *lpu.Engine, in io.Reader, o lpu.LottoOptions) [][]string {
	t.Helper()
	var out bytes.Buffer
	if _, err := e.Lotto(context.Background(), in, &out, o); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out.Bytes(), []byte("\ufeff"))))
	switch {
	case o.Separatore != 0:
		r.Comma = o.Separatore
	case o.Italiano:
		r.Comma = ';'
	}
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%v\n%s", err, out.Bytes())
	}
	return recs
}

// TestLottoFoglioItaliano: the same sheet in Windows-1252 and in UTF-8
// gives the same results; a cross is refused; the codes, headers and
// dates are read as an office writes them.
func TestLottoFoglioItaliano(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		nome     string
		in       []byte
		codifica string
	}{
		{"windows-1252 riconosciuta", in1252(t, foglioUEPE), ""},
		{"windows-1252 indicata", in1252(t, foglioUEPE), "windows-1252"},
		{"utf-8", []byte(foglioUEPE), ""},
	} {
		t.Run(c.nome, func(t *testing.T) {
			var out bytes.Buffer
			st, err := e.Lotto(context.Background(), bytes.NewReader(c.in), &out, lpu.LottoOptions{Codifica: c.codifica, Formato: "csv"})
			if err != nil {
				t.Fatal(err)
			}
			want := lpu.EncodingUTF8
			if c.nome != "utf-8" {
				want = lpu.EncodingWindows1252
			}
			// (the last row, empty, is Excel's formatted empty row at
			// the end of a sheet: no result, counted in VuoteInFondo)
			if st.Codifica != want || st.Casi != 5 || st.OK != 4 || st.VuoteInFondo != 1 {
				t.Errorf("stat = %+v; want 5 rows and 1 empty at the end, 4 computed, codifica %s", st, want)
			}
			righe := leggiEsitiCSV(t, out.Bytes(), ';')
			for i, w := range []struct{ fatt, giorni, ammissibile, codice string }{
				{"cds186", "51", "sì", ""},
				{"cds186", "34", "no", ""},
				{"cds186", "5", "sì", ""},
				{"cds186", "", "", "tipo_errato"},
				{"cds187", "4", "sì", ""},
			} {
				r := righe[i]
				if r["fattispecie"] != w.fatt || r["giorni"] != w.giorni || r["ammissibile"] != w.ammissibile || r["errore_codice"] != w.codice {
					t.Errorf("riga %d = %v; want %+v", i+2, r, w)
				}
			}
			if r := righe[3]; r["errore_campo"] != "Il conducente ha provocato un incidente stradale" {
				t.Errorf("the cross is reported in %q; want the column as written", r["errore_campo"])
			}
			if righe[0]["rif"] != "UEPE-1" || righe[0]["premio_stimato"] != "52,02" {
				t.Errorf("riga 2 = %v", righe[0])
			}
		})
	}
}

// TestLottoEsitiItaliani: the answer for a person has Italian columns,
// words, dd/mm/yyyy dates and decimal commas; the machine answer is
// unchanged.
func TestLottoEsitiItaliani(t *testing.T) {
	e := engine(t)
	recs := lottoCSV(t, e, bytes.NewReader(in1252(t, foglioUEPE)), lpu.LottoOptions{Italiano: true})
	if got := strings.Join(recs[0][:6], "|"); got != "Riga|Rif.|Tipo|Esito|Fattispecie|Giorni di lavoro" {
		t.Errorf("intestazione = %s", got)
	}
	col := map[string]int{}
	for i, n := range lpu.LottoResultColumns() {
		col[n] = i
	}
	uno := recs[1]
	if uno[col["esito"]] != "calcolato" || uno[col["richiesta_entro"]] != "31/05/2025" || uno[col["premio_stimato"]] != "52,02" ||
		uno[col["fondo_esito"]] != "ammissibile" {
		t.Errorf("riga 2 = %q", uno)
	}
	if quattro := recs[4]; quattro[col["esito"]] != "errore" || strings.Contains(quattro[col["errore_campo"]], ".") {
		t.Errorf("riga 5 = %q", quattro)
	}
	// The fattispecie by its title, as the rules give it; a name no
	// fattispecie has, as written.
	titoli := map[string]string{}
	for _, f := range e.Catalogo() {
		titoli[f.ID] = f.Titolo
	}
	for i, id := range []string{"cds186", "cds186", "cds186", "cds186", "cds187"} {
		if got := recs[i+1][col["fattispecie"]]; got != titoli[id] || got == "" {
			t.Errorf("riga %d: fattispecie %q; want the title of %s, %q", i+2, got, id, titoli[id])
		}
	}
	ignota := lottoCSV(t, e, strings.NewReader("rif;fattispecie;ammenda\nX;furto;1000\n"), lpu.LottoOptions{Italiano: true})
	if got := strings.Join(ignota[1][1:5], ";"); got != "X;calcolo;errore;furto" {
		t.Errorf("an unknown fattispecie is not written as the row names it: %q", ignota[1])
	}
	// A Fund that does not cover the case: no deadline, no premium.
	recs = lottoCSV(t, e, strings.NewReader("rif;fattispecie;data;reclusione_mesi;giorni_lpu;convenzione\nA;cp165;10/06/2025;4;90;dm2001\n"), lpu.LottoOptions{Italiano: true})
	if len(recs) != 2 {
		t.Fatalf("%q; want one row", recs)
	}
	if r := recs[1]; r[col["fondo_esito"]] != "non ammissibile" || r[col["richiesta_entro"]] != "" || r[col["premio_stimato"]] != "" {
		t.Errorf("a Fund that does not cover the case: %q", r)
	}
	for _, rec := range recs[1:] {
		for _, c := range rec {
			if strings.Contains(c, "non_ammissibile") || strings.Contains(c, "da_verificare") {
				t.Errorf("a code in a result for a person: %q", rec)
			}
		}
	}
}

// TestLottoDateBrevi: two-digit years and dates that are not days.
func TestLottoDateBrevi(t *testing.T) {
	e := engine(t)
	var out bytes.Buffer
	in := "fattispecie,data,ammenda\ncds186,10/06/25,1000\ncds186,31/02/25,1000\ncds186,1/7/2025,1000\n"
	if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{}); err != nil {
		t.Fatal(err)
	}
	righe := leggiEsitiCSV(t, out.Bytes(), ',')
	if righe[0]["giorni"] != "4" || righe[1]["errore_codice"] != "data_non_valida" || righe[2]["giorni"] != "4" {
		t.Errorf("righe = %v", righe)
	}
}

// TestFattispecieDaNome: the codes in any case and the names the offices
// use; an unknown name stays unknown.
func TestFattispecieDaNome(t *testing.T) {
	e := engine(t)
	for nome, want := range map[string]string{"cds186": "cds186", "CDS186": "cds186", "186": "cds186", "Art. 186": "cds186",
		"art.186 C.d.S.": "cds186", "56-bis": "l689_56bis", "Messa alla prova": "map", "DPR309_73": "dpr309_73", "999": ""} {
		got, ok := e.FattispecieDaNome(nome)
		if got != want || ok != (want != "") {
			t.Errorf("FattispecieDaNome(%q) = %q, %v; want %q", nome, got, ok, want)
		}
	}
}

// TestModelloLotto: the template has Italian headers, one row per
// fattispecie and one for the Fund, and every row reads back and computes.
func TestModelloLotto(t *testing.T) {
	e := engine(t)
	m := e.ModelloLotto()
	if !bytes.HasPrefix(m, []byte("\ufeffRif.;Tipo;Fattispecie;")) {
		t.Errorf("template starts %q", m[:min(len(m), 60)])
	}
	if percorsoRe.Match(m) {
		t.Errorf("a field path in the template's header: %s", percorsoRe.Find(m))
	}
	var out bytes.Buffer
	st, err := e.Lotto(context.Background(), bytes.NewReader(m), &out, lpu.LottoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(e.Fattispecie()) + 1; st.Casi != want || st.OK != want {
		t.Errorf("template: %+v; want %d rows computed\n%s\n%s", st, want, m, out.Bytes())
	}
}

// TestLottoAnnoSbagliato: a year of four digits outside 1900–2200
// (10/06/0025, a slip for 2025) is a malformed date in its cell, quoted
// as typed, not a date the law is then said not to cover.
func TestLottoAnnoSbagliato(t *testing.T) {
	e := engine(t)
	foglio := "Rif.;Fattispecie;Data di riferimento;Arresto (mesi);Ammenda (€)\r\n" +
		"A;186;10/06/0025;1;1.500\r\n" +
		"B;186;10-06-1025;1;1.500\r\n"
	for _, o := range []lpu.LottoOptions{{Italiano: true}, {Formato: "csv", Separatore: ';'}} {
		recs := lottoCSV(t, e, strings.NewReader(foglio), o)
		if len(recs) != 3 {
			t.Fatalf("%+v: %q; want 2 rows", o, recs)
		}
		for i, typed := range []string{"10/06/0025", "10-06-1025"} {
			rec := recs[i+1]
			codice, campo, msg := rec[colonnaEsito("errore_codice")], rec[colonnaEsito("errore_campo")], rec[colonnaEsito("errore_messaggio")]
			want := "data non valida: «" + typed + "» (GG/MM/AAAA, GG/MM/AA oppure AAAA-MM-GG)"
			if (!o.Italiano && codice != "data_non_valida") || campo != "Data di riferimento" || msg != want {
				t.Errorf("italiano %v, %s: %q %q %q; want the cell's error %q", o.Italiano, typed, codice, campo, msg, want)
			}
		}
	}
}

// TestLottoPenaItaliano: an error on the penalty as a whole (more days
// than the Fund's bound; a penalty given for a messa alla prova) names
// it in an answer for a person by the title of its section in the
// vocabulary, «Pena inflitta», not by the path «pena»; the answer for a
// program keeps the path.
func TestLottoPenaItaliano(t *testing.T) {
	e := engine(t)
	casi := `[{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1000000000"}},` +
		`{"fattispecie":"map","data":"2025-06-10","pena":{"ammenda":"1500"},"fatti":{"pena_edittale_max":{"anni":4}}}]`
	titolo := ""
	for _, g := range e.Gruppi() {
		if g.Prefisso == "pena" {
			titolo = g.Titolo
		}
	}
	if titolo == "" {
		t.Fatal("the vocabulary has no section pena")
	}
	for _, c := range []struct {
		o     lpu.LottoOptions
		campo string
	}{
		{lpu.LottoOptions{Formato: "csv", Italiano: true}, titolo},
		{lpu.LottoOptions{Formato: "csv"}, "pena"},
	} {
		recs := lottoCSV(t, e, strings.NewReader(casi), c.o)
		if len(recs) != 3 {
			t.Fatalf("%+v: %q; want 2 rows", c.o, recs)
		}
		for _, rec := range recs[1:] {
			if codice, campo := rec[colonnaEsito("errore_codice")], rec[colonnaEsito("errore_campo")]; campo != c.campo {
				t.Errorf("italiano %v, %s: field %q; want %q", c.o.Italiano, codice, campo, c.campo)
			}
		}
	}
}

// TestLottoErroriTuttiItaliano: an answer for a person gives every error
// of a row — every bad cell, then every bad field of the request that no
// bad cell is about (not the values a bad cell leaves missing) — each
// with its column; the machine answers, CSV and JSON, give the first
// alone, as the contract says.
func TestLottoErroriTuttiItaliano(t *testing.T) {
	e := engine(t)
	foglio := "Rif.;Fattispecie;Data di riferimento;Arresto (mesi);Ammenda (€);Convenzione\r\n" +
		"CELLE;186;32/13/2025;1;mille;dm2001\r\n" +
		"CAMPI;186;10/06/2025;99999;1.500;boh\r\n" +
		"UNO;186;10/06/2025;1;1.500;boh\r\n" +
		"MISTO;186;;99999;mille;boh\r\n"
	esiti := func(o lpu.LottoOptions) map[string]string {
		t.Helper()
		m := map[string]string{}
		for _, rec := range lottoCSV(t, e, strings.NewReader(foglio), o)[1:] {
			m[rec[1]] = rec[colonnaEsito("errore_campo")] + ": " + rec[colonnaEsito("errore_messaggio")]
		}
		return m
	}
	persona := esiti(lpu.LottoOptions{Italiano: true})
	for rif, want := range map[string][]string{
		"CELLE": {"Data di riferimento: data non valida: «32/13/2025»", " · Ammenda (€): importo non valido: «mille»"},
		// (a value of Convenzione that is neither a code nor a label is a
		// bad cell, as a bad date is: before the fields' errors)
		// (a bound's message begins with the field's label, which is
		// not told again before it)
		// (each named by its label, not by the header's «Convenzione»)
		"CAMPI": {"Convenzione dell'ente che ospita il lavoro: valore «boh» non ammesso", " · «Arresto (mesi)»: valore troppo grande (99999"},
		"MISTO": {"Ammenda (€): importo non valido: «mille»", " · «Arresto (mesi)»: valore troppo grande (99999", " · Convenzione dell'ente che ospita il lavoro: valore «boh» non ammesso"},
	} {
		for _, w := range want {
			if !strings.Contains(persona[rif], w) {
				t.Errorf("%s, per una persona: %q; manca %q", rif, persona[rif], w)
			}
		}
	}
	if strings.Contains(persona["MISTO"], "sconosciuta") || strings.Contains(persona["MISTO"], "indicare") {
		t.Errorf("MISTO: %q; the fattispecie is cds186, and a missing value is not an error the row shows", persona["MISTO"])
	}
	if strings.Contains(persona["UNO"], " · ") {
		t.Errorf("UNO has one error: %q", persona["UNO"])
	}
	macchina := esiti(lpu.LottoOptions{Formato: "csv", Separatore: ';'})
	for rif, m := range macchina {
		if strings.Contains(m, " · ") {
			t.Errorf("%s, CSV per programmi: %q; want the first error alone", rif, m)
		}
	}
	if !strings.HasPrefix(macchina["CELLE"], "Data di riferimento: data non valida") || !strings.HasPrefix(macchina["CAMPI"], "Convenzione: valore «boh» non ammesso") {
		t.Errorf("CSV per programmi: %q", macchina)
	}
	var out bytes.Buffer
	riga := `[{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":99999}},"fatti":{"convenzione":"boh"}}]`
	if _, err := e.Lotto(context.Background(), strings.NewReader(riga), &out, lpu.LottoOptions{}); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); strings.Count(s, `"codice"`) != 1 || !strings.Contains(s, `"campo":"pena.arresto.mesi"`) {
		t.Errorf("JSON: %s; want the first error alone", s)
	}
}

// TestLottoColonneIgnorate: the columns IgnoraColonne lets through are
// in the statistics, as written.
func TestLottoColonneIgnorate(t *testing.T) {
	e := engine(t)
	var out bytes.Buffer
	st, err := e.Lotto(context.Background(), strings.NewReader("fattispecie;ammenda;Note;Visto\ncds186;1000;x;y\n"), &out, lpu.LottoOptions{IgnoraColonne: true})
	if err != nil || st.OK != 1 || strings.Join(st.ColonneIgnorate, "|") != "Note|Visto" {
		t.Errorf("stats %+v, %v; want 1 computed, Note and Visto ignored", st, err)
	}
	st, _ = e.Lotto(context.Background(), strings.NewReader("fattispecie;ammenda\ncds186;1000\n"), &out, lpu.LottoOptions{IgnoraColonne: true})
	if st.ColonneIgnorate != nil {
		t.Errorf("no column ignored: %q", st.ColonneIgnorate)
	}
}

// colonnaEsito is the position of the column nome in a CSV answer of a
// lotto (the answer for a person has the same order).
func colonnaEsito(nome string) int {
	return slices.Index(lpu.LottoResultColumns(), nome)
}

// TestLottoErroriEtichette: the error of a row names, for a person, the
// column it is about by the label of the field the column fills, however
// the header writes it (ammenda, arresto_mesi, the fondo's giorni), and
// by the label of the field for an error of the evaluation; a message
// that quotes a column quotes its label, then its name in the file. The
// answers for programs keep the column as the header writes it, as
// their campo. A fattispecie that gives a field its own label (gdp55's
// «Multa non pagata (€)») has its rows name the field by it.
func TestLottoErroriEtichette(t *testing.T) {
	e := engine(t)
	foglio := "rif;tipo;fattispecie;data;data_inizio;arresto_mesi;ammenda;incidente;convenzione;mese;ore_svolte;giorni;fondo_esaurito\n" +
		"A;;cds186;10/06/2025;;uno;1500;;;;;;\n" +
		"B;;cds186;10/06/2025;;1;mille;;;;;;\n" +
		"C;;cds186;10/06/2025;;1;1500;forse;;;;;\n" +
		"D;;cds186;10/06/2025;;1;1500;;boh;;;;\n" +
		"E;;cds186;10/06/2025;;1;1500;;;boh;;;\n" +
		"F;;cds186;10/06/2025;;1;1500;;;;9999;;\n" +
		"G;fondo;cds186;;10/06/2025;;;;;;;abc;\n" +
		"H;fondo;cds186;;10/06/2025;;;;;;;51;forse\n" +
		"I;fondo;cds186;10/06/2025;10/06/2025;;;;;;;51;\n" +
		"J;fondo;cds186;;10/06/2025;1;;;;;;51;\n" +
		"K;piano;cds186;10/06/2025;;;;;;;;;\n" +
		"L;;gdp55;10/06/2025;;;;;;;;;\n" +
		"M;;gdp55;10/06/2025;;;mille;;;;;;\n" +
		"N;;art. 103;10/06/2025;;;mille;;;;;;\n" +
		"O;;l689_103;10/06/2025;;uno;mille;;;;;;\n"
	righe := map[bool][][]string{}
	for _, o := range []lpu.LottoOptions{{Italiano: true}, {Formato: "csv", Separatore: ';'}} {
		righe[o.Italiano] = lottoCSV(t, e, strings.NewReader(foglio), o)
	}
	for _, c := range []struct {
		rif, colonna, etichetta, messaggio string
		altro                              string // in the message for a person
	}{
		{"A", "arresto_mesi", "Arresto (mesi)", "", ""},
		{"B", "ammenda", "Ammenda (€)", "", ""},
		{"C", "incidente", "Il conducente ha provocato un incidente stradale", "", ""},
		{"D", "convenzione", "Convenzione dell'ente che ospita il lavoro", "", ""},
		{"E", "mese", "Conteggio dei mesi", "", ""},
		{"F", "ore_svolte", "Ore di lavoro già svolte", "", ""},
		{"G", "giorni", "Giorni di lavoro", "", ""},
		{"H", "fondo_esaurito", "L'INAIL comunica che il Fondo è esaurito per l'anno", "", ""},
		{"I", "data", "Data di riferimento", "la colonna «Data di riferimento» (nel file «data») non vale per una richiesta di tipo fondo: il dato è nella colonna «Primo giorno di lavoro» (nel file «data_inizio»)", ""},
		{"J", "arresto_mesi", "Arresto (mesi)", "la colonna «Arresto (mesi)» non vale per una richiesta di tipo fondo: vale per il tipo calcolo", ""},
		{"K", "tipo", "Tipo", "", ""},
		// a fattispecie that names a field its own way (gdp55, l689_103:
		// «Multa non pagata (€)») names it so in the error of its row,
		// as its message does
		{"L", "pena.multa", "Multa non pagata (€)", "", ""},
		{"M", "ammenda", "Ammenda non pagata (€)", "", ""},
		{"N", "ammenda", "Ammenda non pagata (€)", "", ""},
		{"O", "arresto_mesi", "Arresto (mesi)", "", " · Ammenda non pagata (€): importo non valido: «mille»"},
	} {
		for _, italiano := range []bool{true, false} {
			trovata := false
			for _, rec := range righe[italiano][1:] {
				if rec[1] != c.rif {
					continue
				}
				trovata = true
				campo, msg := rec[colonnaEsito("errore_campo")], rec[colonnaEsito("errore_messaggio")]
				want := c.colonna
				if italiano {
					want = c.etichetta
				}
				if campo != want {
					t.Errorf("%s, italiano %v: campo %q; want %q (%s)", c.rif, italiano, campo, want, msg)
				}
				if c.messaggio != "" && msg != c.messaggio {
					t.Errorf("%s, italiano %v: messaggio %q; want %q", c.rif, italiano, msg, c.messaggio)
				}
				if italiano && !strings.Contains(msg, c.altro) {
					t.Errorf("%s, italiano: messaggio %q; want %q in it", c.rif, msg, c.altro)
				}
			}
			if !trovata {
				t.Errorf("%s, italiano %v: no row", c.rif, italiano)
			}
		}
	}
}

// TestLottoColonnaDiAltroTipo: a column of another kind of request says
// which kind it is for, and a row that does not say its kind (read as a
// calcolo) is told to write it in «Tipo»: «Giorni di lavoro» in a row of
// no tipo was only «non vale per una richiesta di tipo calcolo».
func TestLottoColonnaDiAltroTipo(t *testing.T) {
	e := engine(t)
	for _, c := range []struct{ nome, foglio, want string }{
		{"tipo vuoto", "Rif.;Tipo;Fattispecie;Data;Giorni di lavoro\nA;;186;10/06/2025;30\n",
			"la colonna «Giorni di lavoro» non vale per una richiesta di tipo calcolo: vale per il tipo fondo; la riga non indica il tipo ed è letta come calcolo: per una richiesta di tipo fondo va scritto «fondo» nella colonna «Tipo»"},
		{"senza la colonna Tipo", "Rif.;Fattispecie;Data;Giorni di lavoro\nA;186;10/06/2025;30\n",
			"la colonna «Giorni di lavoro» non vale per una richiesta di tipo calcolo: vale per il tipo fondo; la riga non indica il tipo ed è letta come calcolo: per una richiesta di tipo fondo va aggiunta la colonna «Tipo», con «fondo»"},
		// a row with a calcolo's own data is a calcolo: «Tipo» «fondo»
		// would break it (it was told to write it)
		{"calcolo senza la colonna Tipo", "rif;fattispecie;data;arresto_mesi;giorni\nA;cds186;10/06/2025;1;30\n",
			"la colonna «Giorni di lavoro» (nel file «giorni») non vale per una richiesta di tipo calcolo: vale per il tipo fondo; la riga non indica il tipo ed è letta come calcolo, di cui ha i dati (colonna «Arresto (mesi)»): per una richiesta di tipo calcolo la colonna «Giorni di lavoro» (nel file «giorni») va tolta"},
		{"calcolo con il tipo vuoto", "Rif.;Tipo;Fattispecie;Data;Arresto (mesi);Giorni di lavoro\nA;;186;10/06/2025;1;30\n",
			"la colonna «Giorni di lavoro» non vale per una richiesta di tipo calcolo: vale per il tipo fondo; la riga non indica il tipo ed è letta come calcolo, di cui ha i dati (colonna «Arresto (mesi)»): per una richiesta di tipo calcolo la cella della colonna «Giorni di lavoro» va lasciata vuota"},
		{"tipo calcolo", "Rif.;Tipo;Fattispecie;Data;Giorni di lavoro\nA;calcolo;186;10/06/2025;30\n",
			"la colonna «Giorni di lavoro» non vale per una richiesta di tipo calcolo: vale per il tipo fondo"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			recs := lottoCSV(t, e, strings.NewReader(c.foglio), lpu.LottoOptions{Formato: "csv", Separatore: ';'})
			if got := recs[1][colonnaEsito("errore_messaggio")]; got != c.want {
				t.Errorf("messaggio %q;\nwant %q", got, c.want)
			}
		})
	}
}

// TestLottoDataConMezzanotte: a date Excel exports with its time at
// midnight («10/06/2025 00:00», «10/06/2025 00:00:00») is that date;
// another time is refused, saying the cell is for a date (both were
// refused as a date written wrong).
func TestLottoDataConMezzanotte(t *testing.T) {
	e := engine(t)
	foglio := "Rif.;Fattispecie;Data;Ammenda\n" +
		"A;186;10/06/2025 00:00;1000\n" +
		"B;186;10/06/2025 00:00:00;1000\n" +
		"C;186;10/06/2025;1000\n" +
		"D;186;10/06/2025 14:30;1000\n"
	recs := lottoCSV(t, e, strings.NewReader(foglio), lpu.LottoOptions{Formato: "csv", Separatore: ';'})
	giorni := recs[3][colonnaEsito("giorni")]
	for _, r := range recs[1:4] {
		if r[colonnaEsito("esito")] != "ok" || r[colonnaEsito("giorni")] != giorni {
			t.Errorf("%s: esito %s, giorni %s (%s); want ok, %s", r[1], r[colonnaEsito("esito")], r[colonnaEsito("giorni")], r[colonnaEsito("errore_messaggio")], giorni)
		}
	}
	if r := recs[4]; r[colonnaEsito("errore_codice")] != "data_non_valida" || !strings.Contains(r[colonnaEsito("errore_messaggio")], "senza ora") {
		t.Errorf("D: %s %s; want data_non_valida, «senza ora»", r[colonnaEsito("errore_codice")], r[colonnaEsito("errore_messaggio")])
	}
}

// TestTestoVuoteInFondo: the empty rows at the end of a CSV said for a
// person once, for the CLI and the web page alike.
func TestTestoVuoteInFondo(t *testing.T) {
	for n, want := range map[int]string{0: "", 1: "1 riga vuota in fondo al file, non letta", 3: "3 righe vuote in fondo al file, non lette"} {
		if got := (lpu.LottoStats{VuoteInFondo: n}).TestoVuoteInFondo(); got != want {
			t.Errorf("%d: %q; want %q", n, got, want)
		}
	}
}
