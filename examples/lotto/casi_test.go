// Package lotto_test runs casi.csv, a register of cases as a UEPE office
// keeps it (Excel export: BOM, ";" separator, Italian dates and amounts,
// calcolo and fondo rows, four bad rows and a blank one), through
// lpu.Engine.Lotto and reads the answer back as a spreadsheet would.
package lotto_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

func TestCasiCSV(t *testing.T) {
	in, err := os.ReadFile("casi.csv")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	e, err := lpu.Load(context.Background(), rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	st, err := e.Lotto(context.Background(), bytes.NewReader(in), &out, lpu.LottoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("\ufeffriga;rif;")) {
		t.Fatalf("l'esito di un CSV di Excel è un CSV di Excel (BOM, ';'): %q", out.String()[:20])
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out.Bytes(), []byte("\ufeff"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	type atteso struct{ esito, giorni, ammissibile, fondo, entro, premio, codice, campo string }
	attesi := map[string]atteso{
		"UEPE-AR 2025/0101": {"ok", "51", "sì", "ammissibile", "2025-05-31", "52,02", "", ""},
		"UEPE-AR 2025/0102": {"ok", "10", "sì", "ammissibile", "2025-02-21", "10,20", "", ""},
		// (the work excluded: no Fund to ask, no deadline nor premium)
		"UEPE-AR 2025/0103": {"ok", "64", "no", "non_ammissibile", "", "", "", ""},
		"UEPE-AR 2025/0104": {"ok", "96", "no", "non_ammissibile", "", "", "", ""},
		"UEPE-AR 2025/0105": {"ok", "4", "sì", "non_ammissibile", "", "", "", ""},
		"UEPE-AR 2025/0106": {"errore", "", "", "", "", "", "data_non_valida", "data"},
		"UEPE-AR 2025/0107": {"errore", "", "", "", "", "", "importo_non_valido", "ammenda"},
		"UEPE-AR 2025/0116": {"ok", "480", "sì", "ammissibile", "2025-05-31", "489,60", "", ""},
		"UEPE-AR 2025/0117": {"ok", "30", "sì", "ammissibile", "2025-04-04", "30,60", "", ""},
		"UEPE-AR 2024/0988": {"ok", "", "", "ammissibile", "2024-11-22", "489,60", "", ""},
		"UEPE-AR 2024/0975": {"ok", "", "", "non_ammissibile", "", "", "", ""},
		"UEPE-AR 2025/0108": {"ok", "", "", "ammissibile", "2025-07-21", "61,20", "", ""},
		"UEPE-AR 2025/0109": {"ok", "", "", "non_ammissibile", "", "", "", ""},
		"UEPE-AR 2025/0110": {"ok", "", "", "non_ammissibile", "", "", "", ""},
		"UEPE-AR 2025/0111": {"ok", "", "", "ammissibile", "2024-12-28", "12,24", "", ""},
		"UEPE-AR 2025/0112": {"ok", "", "", "ammissibile", "2025-04-04", "30,60", "", ""},
		"UEPE-AR 2025/0113": {"errore", "", "", "", "", "", "campo_obbligatorio", "data"},
		"UEPE-AR 2025/0114": {"errore", "", "", "", "", "", "fattispecie_sconosciuta", "fattispecie"},
		"UEPE-AR 2025/0115": {"ok", "", "", "da_verificare", "2025-05-02", "183,60", "", ""},
	}
	if len(recs)-1 != len(attesi) || st.Casi != len(attesi) || st.Errori != 4 {
		t.Fatalf("got %d righe, %+v; want %d casi di cui 4 con errore", len(recs)-1, st, len(attesi))
	}
	for i, rec := range recs[1:] {
		rif := rec[col["rif"]]
		w, ok := attesi[rif]
		if !ok {
			t.Errorf("riga %d: rif %q inatteso", i+2, rif)
			continue
		}
		got := atteso{rec[col["esito"]], rec[col["giorni"]], rec[col["ammissibile"]], rec[col["fondo_esito"]],
			rec[col["richiesta_entro"]], rec[col["premio_stimato"]], rec[col["errore_codice"]], rec[col["errore_campo"]]}
		if got != w {
			t.Errorf("%s: got %+v; want %+v (%s)", rif, got, w, rec[col["errore_messaggio"]])
		}
		if rec[col["riga"]] != strings.TrimSpace(rec[col["riga"]]) || rec[col["fattispecie"]] == "" {
			t.Errorf("%s: riga %q, fattispecie %q", rif, rec[col["riga"]], rec[col["fattispecie"]])
		}
	}
}
