package server

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// csvVirgolette is a CSV of n rows whose row at line aperta (the header
// is line 1) starts with a quote never closed, and whose line chiusa
// (0: none) has a quote that ends the cell, as a typing slip does: at the
// end of the line, with text after it, or, if bene, right after its rif,
// which makes a cell encoding/csv reads.
func csvVirgolette(n, aperta, chiusa int, bene bool) string {
	var b strings.Builder
	b.WriteString("rif;tipo;fattispecie;data;arresto_mesi;ammenda;incidente\n")
	for riga := 2; riga <= n+1; riga++ {
		if riga == aperta {
			b.WriteString(`"`)
		}
		fmt.Fprintf(&b, "UEPE-FI 2025/%03d", riga-1)
		if riga == chiusa && bene {
			b.WriteString(`"`)
		}
		b.WriteString(";calcolo;cds186;10/06/2025;1;1.500,00;no")
		if riga == chiusa && !bene {
			b.WriteString(`"x`)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestLottoVirgoletteNonChiuse: a quote opened and never closed used to
// take the lines after it into one cell, and they got no result: the
// batch answered 28 rows for 30, with Lpu-Lotto-Esito: completo. Every
// line now has its result, in order, those the quote took with an error
// that names the line where it was opened, and the rows after keep their
// line numbers. A quote closed right after a rif some lines later made a
// cell encoding/csv reads: those lines had no result either, and the row
// of the quote was computed with a rif of four lines of text.
func TestLottoVirgoletteNonChiuse(t *testing.T) {
	ts := servi(t, serverProva(t))
	for _, c := range []struct {
		nome           string
		aperta, chiusa int
		bene           bool
	}{
		{"chiuse più avanti", 5, 8, false},
		{"chiuse più avanti, dopo il rif", 5, 8, true},
		{"mai chiuse", 29, 0, false},
	} {
		t.Run(c.nome, func(t *testing.T) {
			res, err := clientePiccolo.Post(ts+"/api/v1/lotto", "text/csv", strings.NewReader(csvVirgolette(30, c.aperta, c.chiusa, c.bene)))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			cr := csv.NewReader(res.Body)
			cr.Comma = ';'
			righe, err := cr.ReadAll()
			if err != nil || res.StatusCode != 200 {
				t.Fatalf("status %d, err %v", res.StatusCode, err)
			}
			if len(righe) != 31 {
				t.Fatalf("%d results for 30 rows", len(righe)-1)
			}
			fine := c.chiusa
			if fine == 0 {
				fine = 31
			}
			for i, r := range righe[1:] {
				riga := i + 2
				if r[0] != strconv.Itoa(riga) {
					t.Errorf("result %d is of riga %s", i+1, r[0])
				}
				inErrore := riga >= c.aperta && riga <= fine
				if (r[3] == "errore") != inErrore {
					t.Errorf("riga %d: esito %s %s", riga, r[3], r[18])
				}
				if inErrore && (r[16] != "csv_non_valido" || !strings.Contains(r[18], fmt.Sprintf("aperte alla riga %d", c.aperta))) {
					t.Errorf("riga %d: %s %q", riga, r[16], r[18])
				}
			}
			if res.Trailer.Get(trailerEsito) != "completo" || res.Trailer.Get(trailerRighe) != "30" {
				t.Errorf("trailers %v; want completo, 30", res.Trailer)
			}
		})
	}
}

// TestLottoRigheVuotePrimaIntestazione: the blank lines before the
// header were passed over before encoding/csv counted the lines, and
// every riga was short of them, the quote's message too.
func TestLottoRigheVuotePrimaIntestazione(t *testing.T) {
	ts := servi(t, serverProva(t))
	corpo := "\ufeff\r\n\r\n" + strings.ReplaceAll(csvVirgolette(5, 3, 5, true), "\n", "\r\n")
	res, err := clientePiccolo.Post(ts+"/api/v1/lotto", "text/csv", strings.NewReader(corpo))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	cr := csv.NewReader(res.Body)
	cr.Comma = ';'
	righe, err := cr.ReadAll()
	if err != nil || res.StatusCode != 200 || len(righe) != 6 {
		t.Fatalf("status %d, err %v, %d results for 5 rows", res.StatusCode, err, len(righe)-1)
	}
	for i, r := range righe[1:] {
		riga := i + 4
		if r[0] != strconv.Itoa(riga) {
			t.Errorf("result %d is of riga %s", i+1, r[0])
		}
		if inErrore := riga >= 5 && riga <= 7; (r[3] == "errore") != inErrore || inErrore && !strings.Contains(r[18], "aperte alla riga 5") {
			t.Errorf("riga %d: esito %s %q", riga, r[3], r[18])
		}
	}
	if res.Trailer.Get(trailerEsito) != "completo" || res.Trailer.Get(trailerRighe) != "5" {
		t.Errorf("trailers %v; want completo, 5", res.Trailer)
	}
}

// TestLottoIntestazioneNonUTF8: a Windows-1252 file read as UTF-8 (the
// encoding chosen, or a BOM) was refused as a header of unknown columns,
// «Ammenda (�)» and some seventy more listed; it is a codifica_non_valida
// that tells how to read it as Windows-1252, in the terms of the API and
// of the page.
func TestLottoIntestazioneNonUTF8(t *testing.T) {
	h := serverProva(t).Handler()
	file := string(foglioUEPE1252(t))
	r := fai(h, "POST", "/api/v1/lotto?codifica=utf-8", "text/csv", file)
	if e := r.errore(t); r.Code != 400 || e.Code != lpu.CodeCodificaNonValida || e.Field != "codifica" ||
		!strings.Contains(e.Message, "codifica=windows-1252") || strings.Contains(e.Message, "sconosciute") {
		t.Errorf("API: %d %+v", r.Code, e)
	}
	// (the error is JSON, labelled so, though the answer was to be CSV)
	if ct := r.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("API: Content-Type %q for a JSON error", ct)
	}
	for _, azione := range []string{"mostra", "scarica"} {
		corpo, tipo := moduloLotto(t, []byte(file), map[string]string{"azione": azione, "codifica": "utf-8"})
		r := fai(h, "POST", "/lotto", tipo, corpo.String())
		testo := testoVisibile(r.Body.String())
		// (the hint names the form's own box and choice: the same words
		// as the form, which a test of the form alone would not see)
		if r.Code != 400 || !strings.Contains(testo, "non sono UTF-8") || !strings.Contains(testo, "per leggerlo come Windows-1252: in «Codifica del file» scegliere «Windows-1252 (CSV di Excel in italiano)»") || strings.Contains(testo, "colonne sconosciute:") {
			t.Errorf("%s: %d\n%.2000s", azione, r.Code, testo)
		}
		if html := r.Body.String(); !strings.Contains(html, `<label for="l-codifica">Codifica del file</label>`) || !strings.Contains(html, `>Windows-1252 (CSV di Excel in italiano)</option>`) {
			t.Errorf("%s: %d\n%.2000s", azione, r.Code, testo)
		}
	}
}
