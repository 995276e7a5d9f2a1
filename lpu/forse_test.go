package lpu_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestForseCampo: a misspelt field of a request, of an object the Go
// types name (pena) or of one the vocabulary fills (fatti), and a
// misspelt column of a lotto say the name they most likely meant.
func TestForseCampo(t *testing.T) {
	e := engine(t)
	for _, c := range []struct{ nome, json, campo, forse string }{
		{"pena", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1},"amenda":"100"}}`, "pena.amenda", "(forse «ammenda»?)"},
		{"fatti", `{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1}},"fatti":{"incidnte":true}}`, "fatti.incidnte", "(forse «incidente»?)"},
	} {
		var le *lpu.Error
		_, err := e.Run(context.Background(), "calcolo", []byte(c.json))
		if !errors.As(err, &le) || le.Field != c.campo || !strings.Contains(le.Message, c.forse) {
			t.Errorf("%s: got %v; want on %s a message with %s", c.nome, err, c.campo, c.forse)
		}
	}
	var out bytes.Buffer
	_, err := e.Lotto(context.Background(), strings.NewReader("fattispecie,data,arresto_mesi,incidnte\ncds186,2025-06-10,1,no\n"), &out, lpu.LottoOptions{})
	if err == nil || !strings.Contains(err.Error(), "«incidnte» (forse «incidente»?)") {
		t.Errorf("lotto: got %v; want «incidnte» (forse «incidente»?)", err)
	}
}
