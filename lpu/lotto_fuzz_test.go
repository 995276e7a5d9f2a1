package lpu_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// FuzzLotto: whatever the input, Lotto never panics, and a batch it
// accepts gives well-formed JSON, and a well-formed Italian CSV, with one
// result per counted case.
func FuzzLotto(f *testing.F) {
	for _, s := range []string{
		`[{"fattispecie":"cds186","data":"2025-06-10","pena":{"ammenda":"1500"}}]`,
		`[{"tipo":"fondo","fattispecie":"map","data_inizio":"2025-07-03","convenzione":"nessuna","giorni":24}, 3, [], {"tipo":1}]`,
		"fattispecie;data;ammenda;incidente\ncds186;10/06/2025;1.500,00;sì\ncds186;31/02/2025;x;forse\n",
		"\ufefftipo,fattispecie,data,giorni\nfondo,gdp54,2025-04-14,30\n\"a,b\n",
		`[{"fattispecie":`,
	} {
		f.Add(s)
	}
	e := engine(f)
	f.Fuzz(func(t *testing.T, in string) {
		var out bytes.Buffer
		st, err := e.Lotto(context.Background(), bytes.NewReader([]byte(in)), &out, lpu.LottoOptions{Formato: "json", Lavoratori: 2})
		if err != nil {
			if out.Len() != 0 {
				t.Fatalf("errore del lotto %v dopo aver scritto %q", err, out.String())
			}
			return
		}
		var got []json.RawMessage
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("esito non JSON: %v\n%s", err, out.String())
		}
		if len(got) != st.Casi {
			t.Fatalf("got %d esiti; LottoStats dice %d", len(got), st.Casi)
		}
		_, _ = e.Lotto(context.Background(), bytes.NewReader([]byte(in)), io.Discard, lpu.LottoOptions{Formato: "csv"})
		// The answer for a person (every error of a row in one cell) is
		// a CSV with one row per case, after its header.
		out.Reset()
		st, err = e.Lotto(context.Background(), bytes.NewReader([]byte(in)), &out, lpu.LottoOptions{Formato: "csv", Italiano: true})
		if err != nil || st.Interrotto {
			return
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out.Bytes(), []byte("\ufeff"))))
		r.Comma = ';'
		righe, err := r.ReadAll()
		if err != nil || len(righe) != st.Casi+1 {
			t.Fatalf("esito italiano: %d righe, %v; LottoStats dice %d casi\n%s", len(righe), err, st.Casi, out.String())
		}
	})
}
