package main

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// scritturaCorta accepts max bytes, then fails, as a closed pipe does.
type scritturaCorta struct {
	bytes.Buffer
	max int
}

func (s *scritturaCorta) Write(p []byte) (int, error) {
	if s.Len()+len(p) > s.max {
		return 0, errors.New("broken pipe")
	}
	return s.Buffer.Write(p)
}

// TestLottoCLI: lpu lotto neutralises formula cells and bounds the header
// as the engine does, and says plainly, with a non-zero exit, that a
// batch it could not finish writing is incomplete.
func TestLottoCLI(t *testing.T) {
	t.Run("formule", func(t *testing.T) {
		var out, errb bytes.Buffer
		in := "rif;fattispecie;ammenda\n=cmd|' /C calc'!A0;cds186;1500\n"
		if stato := esegui([]string{"lotto"}, strings.NewReader(in), &out, &errb); stato != 0 {
			t.Fatalf("exit %d: %s", stato, errb.String())
		}
		if !strings.Contains(out.String(), "\n2;'=cmd|' /C calc'!A0;") {
			t.Errorf("the rif is not neutralised:\n%.300s", out.String())
		}
	})
	t.Run("intestazione enorme", func(t *testing.T) {
		var out, errb bytes.Buffer
		testa := "fattispecie" + strings.Repeat(";x", 100000)
		if stato := esegui([]string{"lotto"}, strings.NewReader(testa+"\ncds186\n"), &out, &errb); stato != 2 ||
			!strings.Contains(out.String(), "troppe_colonne") || out.Len() > 2000 {
			t.Errorf("exit %d, %d bytes: %.300s", stato, out.Len(), out.String())
		}
	})
	t.Run("anno di quattro cifre", func(t *testing.T) {
		// 10/06/0025 is a slip for 2025: the cell's date is malformed,
		// quoted as typed, not a date the law does not cover
		var out, errb bytes.Buffer
		in := "rif;fattispecie;data;ammenda\nA;cds186;10/06/0025;1500\n"
		if stato := esegui([]string{"lotto"}, strings.NewReader(in), &out, &errb); stato != 0 {
			t.Fatalf("exit %d: %s", stato, errb.String())
		}
		// (the error's columns, then settimane_min, settimane_max and the
		// residual's five, empty)
		if want := ";data_non_valida;data;data non valida: «10/06/0025» (GG/MM/AAAA, GG/MM/AA oppure AAAA-MM-GG);;;;;;;\n"; !strings.HasSuffix(out.String(), want) {
			t.Errorf("got\n%s\nwant a row ending %q", out.String(), want)
		}
	})
	t.Run("virgolette non chiuse", func(t *testing.T) {
		// a quote opened at line 4 and closed at line 7 took lines 5 to
		// 7 into one cell: they had no result, the summary said 28 casi;
		// closed right after the rif of line 7, encoding/csv read lines
		// 4 to 7 as one row, computed, with a rif of four lines of text
		for _, c := range []struct {
			nome, rif, fine string // how line 7 closes the quote
		}{
			{"seguite da testo", "", `"x`},
			{"chiuse", `"`, ""},
		} {
			t.Run(c.nome, func(t *testing.T) {
				var in strings.Builder
				in.WriteString("rif;fattispecie;ammenda\n")
				for i := 1; i <= 30; i++ {
					if i == 3 {
						in.WriteString(`"`)
					}
					fmt.Fprintf(&in, "R%d", i)
					if i == 6 {
						in.WriteString(c.rif)
					}
					in.WriteString(";cds186;1500")
					if i == 6 {
						in.WriteString(c.fine)
					}
					in.WriteString("\n")
				}
				var out, errb bytes.Buffer
				if stato := esegui([]string{"lotto"}, strings.NewReader(in.String()), &out, &errb); stato != 0 {
					t.Fatalf("exit %d: %s", stato, errb.String())
				}
				righe := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")[1:]
				if len(righe) != 30 || !strings.Contains(errb.String(), "30 casi") || !strings.Contains(errb.String(), "4 con errore") {
					t.Fatalf("%d results, %s", len(righe), errb.String())
				}
				for i, r := range righe {
					riga := strconv.Itoa(i + 2)
					if !strings.HasPrefix(r, riga+";") {
						t.Errorf("result %d: %.80s", i+1, r)
					}
					if (i >= 2 && i <= 5) != strings.Contains(r, "aperte alla riga 4") {
						t.Errorf("riga %s: %.300s", riga, r)
					}
				}
			})
		}
	})
	t.Run("righe vuote prima dell'intestazione", func(t *testing.T) {
		// the blank lines before the header were passed over before
		// encoding/csv counted the lines: every riga was 2 short, and the
		// quote's message named the wrong line
		in := "\n\r\n  \nrif;fattispecie;ammenda\nR1;cds186;1500\n\"R2;cds186;1500\nR3;cds186;1500\n"
		var out, errb bytes.Buffer
		if stato := esegui([]string{"lotto"}, strings.NewReader(in), &out, &errb); stato != 0 {
			t.Fatalf("exit %d: %s", stato, errb.String())
		}
		righe := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")[1:]
		if len(righe) != 3 || !strings.Contains(errb.String(), "3 casi") || !strings.Contains(errb.String(), "2 con errore") {
			t.Fatalf("%d results, %s\n%s", len(righe), errb.String(), out.String())
		}
		for i, r := range righe {
			if !strings.HasPrefix(r, strconv.Itoa(i+5)+";") || (i > 0) != strings.Contains(r, "aperte alla riga 6") {
				t.Errorf("result %d: %.300s", i+1, r)
			}
		}
	})
	t.Run("intestazione non UTF-8", func(t *testing.T) {
		// Windows-1252 read as UTF-8: not unknown columns, but the
		// encoding, and the option that reads it
		var out, errb bytes.Buffer
		in := "rif;fattispecie;Ammenda (\x80)\nA;cds186;1500\n"
		stato := esegui([]string{"lotto", "--codifica", "utf-8"}, strings.NewReader(in), &out, &errb)
		if stato != 2 || !strings.Contains(out.String(), `"codifica_non_valida"`) || !strings.Contains(out.String(), "--codifica windows-1252") {
			t.Errorf("exit %d: %s", stato, out.String())
		}
		// standard output is often esiti.csv: the terminal is told too
		if !strings.Contains(errb.String(), "nessun caso calcolato: ") || !strings.Contains(errb.String(), "--codifica windows-1252") {
			t.Errorf("stderr %q: want the error there too", errb.String())
		}
	})
	t.Run("solo intestazione", func(t *testing.T) {
		// zero rows, zero results, as the API answers; standard error
		// says why (the /lotto page refuses such a file)
		var out, errb bytes.Buffer
		stato := esegui([]string{"lotto"}, strings.NewReader("rif;fattispecie\n"), &out, &errb)
		if stato != 0 || strings.Count(out.String(), "\n") != 1 || !strings.Contains(errb.String(), "solo la riga di intestazione") {
			t.Errorf("exit %d: %s\n%s", stato, out.String(), errb.String())
		}
	})
	t.Run("righe vuote in fondo", func(t *testing.T) {
		// Excel's formatted empty rows after the last one: no result
		// (each was an error result), and the summary says them; a file
		// of them alone is a header alone
		for _, c := range []struct{ in, righe, nota string }{
			{"rif;fattispecie;ammenda\nA;cds186;1000\n;;\n;;\n", "1 caso (csv), 1 calcolato, 0 con errore; 2 righe vuote in fondo al file, non lette\n", ""},
			{"rif;fattispecie\n;\n;\n;\n", "0 casi (csv), 0 calcolati, 0 con errore; 3 righe vuote in fondo al file, non lette\n", "solo la riga di intestazione"},
		} {
			var out, errb bytes.Buffer
			stato := esegui([]string{"lotto"}, strings.NewReader(c.in), &out, &errb)
			if stato != 0 || strings.Count(out.String(), "\n") != 1+strings.Count(c.righe, "1 calcolato") || !strings.Contains(errb.String(), c.righe) || !strings.Contains(errb.String(), c.nota) {
				t.Errorf("exit %d: %s\n%s", stato, out.String(), errb.String())
			}
		}
	})
	t.Run("scrittura interrotta", func(t *testing.T) {
		var in bytes.Buffer
		in.WriteString("rif;fattispecie;ammenda\n")
		for i := 0; i < 5000; i++ {
			fmt.Fprintf(&in, "R%d;cds186;1500\n", i)
		}
		// The count it gives is of the results that reached the output:
		// a full disk that took nothing said «scritti 64 esiti».
		for _, limite := range []int{200 << 10, 0} {
			out := &scritturaCorta{max: limite}
			var errb bytes.Buffer
			stato := esegui([]string{"lotto"}, bytes.NewReader(in.Bytes()), out, &errb)
			if stato == 0 || !strings.Contains(errb.String(), "LOTTO INCOMPLETO") {
				t.Errorf("exit %d, stderr %q; want non-zero and LOTTO INCOMPLETO", stato, errb.String())
			}
			var scritti int
			if _, err := fmt.Sscanf(errb.String()[strings.Index(errb.String(), "scritti"):], "scritti %d esiti", &scritti); err != nil {
				t.Fatalf("%v: %s", err, errb.String())
			}
			if righe := max(strings.Count(out.String(), "\n")-1, 0); scritti > righe || (limite == 0 && scritti != 0) || (limite > 0 && scritti == 0) {
				t.Errorf("limit %d: stderr says %d results written, the output holds %d", limite, scritti, righe)
			}
		}
	})
	t.Run("colonne ignorate", func(t *testing.T) {
		// --ignora-colonne: standard error names the columns ignored,
		// after a complete batch (of ten rows: the line is written once
		// whatever their number) and after an incomplete one (of 5,000,
		// whose answer outgrows the 200 KiB the output takes: the rows
		// after it are not computed)
		var in bytes.Buffer
		in.WriteString("rif;fattispecie;ammenda;Note;Visto\n")
		var dieci int
		for i := 0; i < 5000; i++ {
			fmt.Fprintf(&in, "R%d;cds186;1500;x;y\n", i)
			if i == 9 {
				dieci = in.Len()
			}
		}
		const want = "colonne ignorate: «Note», «Visto»"
		var out, errb bytes.Buffer
		if stato := esegui([]string{"lotto", "--ignora-colonne"}, bytes.NewReader(in.Bytes()[:dieci]), &out, &errb); stato != 0 || !strings.Contains(errb.String(), want) || !strings.Contains(errb.String(), "10 casi") {
			t.Errorf("complete: exit %d, stderr %q; want 0 and %q", stato, errb.String(), want)
		}
		errb.Reset()
		corta := &scritturaCorta{max: 200 << 10}
		if stato := esegui([]string{"lotto", "--ignora-colonne"}, &in, corta, &errb); stato == 0 || !strings.Contains(errb.String(), "LOTTO INCOMPLETO") || !strings.Contains(errb.String(), want) {
			t.Errorf("incomplete: exit %d, stderr %q; want non-zero, LOTTO INCOMPLETO and %q", stato, errb.String(), want)
		}
	})
}
