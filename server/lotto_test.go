package server

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

const lottoJSON = `[` + esempio186 + `,{"fattispecie":"boh"},{"tipo":"fondo","fattispecie":"cds186","data_inizio":"2025-06-10","giorni":51}]`

// TestLottoComeIlMotore: POST /api/v1/lotto answers what Engine.Lotto
// writes, in the form of the input.
func TestLottoComeIlMotore(t *testing.T) {
	s := serverProva(t)
	csv, err := os.ReadFile("../examples/lotto/casi.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		nome, tipo, query, corpo, risposta string
		o                                  lpu.LottoOptions
	}{
		{"JSON", "application/json", "", lottoJSON, "application/json; charset=utf-8", lpu.LottoOptions{Formato: "json"}},
		{"CSV", "text/csv", "", string(csv), "text/csv; charset=utf-8", lpu.LottoOptions{Formato: "csv"}},
		{"CSV senza Content-Type", "", "", string(csv), "text/csv; charset=utf-8", lpu.LottoOptions{Formato: "csv"}},
		{"JSON in CSV", "application/json", "?formato=csv&separatore=%3B&bom=true", lottoJSON, "text/csv; charset=utf-8",
			lpu.LottoOptions{Formato: "csv", Separatore: ';', BOM: true}},
		{"CSV in JSON con i passi", "text/csv", "?formato=json&spiegazione=true", string(csv), "application/json; charset=utf-8",
			lpu.LottoOptions{Formato: "json", Spiegazione: true}},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(s.Handler(), "POST", "/api/v1/lotto"+c.query, c.tipo, c.corpo)
			var want bytes.Buffer
			if _, err := s.Engine().Lotto(context.Background(), strings.NewReader(c.corpo), &want, c.o); err != nil {
				t.Fatal(err)
			}
			if r.Code != 200 || r.Header().Get("Content-Type") != c.risposta {
				t.Fatalf("%d %q; want 200 %q", r.Code, r.Header().Get("Content-Type"), c.risposta)
			}
			if !bytes.Equal(r.Body.Bytes(), want.Bytes()) {
				t.Errorf("HTTP answer differs from Engine.Lotto:\n got %s\nwant %s", tronca(r.Body.Bytes()), tronca(want.Bytes()))
			}
		})
	}
	var esiti []struct {
		Riga      int           `json:"riga"`
		Esito     string        `json:"esito"`
		Risultato lpu.Risultato `json:"risultato"`
		Errore    *lpu.Error    `json:"errore"`
	}
	fai(s.Handler(), "POST", "/api/v1/lotto", "application/json", lottoJSON).json(t, &esiti)
	if len(esiti) != 3 || esiti[0].Risultato.Ore != 102 || esiti[1].Esito != "errore" || esiti[1].Errore.Code != "fattispecie_sconosciuta" || esiti[2].Esito != "ok" {
		t.Errorf("esiti = %+v", esiti)
	}
	m := fai(s.Handler(), "GET", "/metrics", "", "").Body.String()
	if !strings.Contains(m, `lpu_valutazioni_totale{comando="lotto",esito="errore",fattispecie="varie"}`) {
		t.Error("/metrics lacks the lotto counts")
	}
}

func TestLottoErrori(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct {
		nome, url, tipo, corpo string
		stato                  int
		codice, campo          string
	}{
		{"vuoto", "/api/v1/lotto", "application/json", "", 400, "lotto_vuoto", ""},
		{"un oggetto solo", "/api/v1/lotto", "application/json", esempio186, 400, "json_non_valido", ""},
		{"Content-Type sbagliato", "/api/v1/lotto", "application/xml", lottoJSON, 415, "tipo_contenuto_non_supportato", ""},
		{"formato sconosciuto", "/api/v1/lotto?formato=xml", "application/json", lottoJSON, 400, "valore_non_ammesso", "formato"},
		{"separatore sconosciuto", "/api/v1/lotto?separatore=%7C", "application/json", lottoJSON, 400, "valore_non_ammesso", "separatore"},
		{"booleano sbagliato", "/api/v1/lotto?bom=forse", "application/json", lottoJSON, 400, "valore_non_ammesso", "bom"},
		{"parametro sconosciuto", "/api/v1/lotto?nome=Rossi", "application/json", lottoJSON, 400, "parametro_sconosciuto", "nome"},
		// several bad parameters: the first in the query's order, every time
		{"primo dei parametri sbagliati", "/api/v1/lotto?formato=xml&bom=forse&codifica=x&nome=Rossi", "application/json", lottoJSON, 400, "valore_non_ammesso", "formato"},
		{"primo dei parametri sbagliati, altro ordine", "/api/v1/lotto?codifica=x&bom=forse&formato=xml", "application/json", lottoJSON, 400, "valore_non_ammesso", "codifica"},
		{"sconosciuto prima", "/api/v1/lotto?nome=Rossi&formato=xml", "application/json", lottoJSON, 400, "parametro_sconosciuto", "nome"},
		// a repeated parameter is refused, not last-wins
		{"parametro ripetuto", "/api/v1/lotto?formato=xml&formato=json", "application/json", lottoJSON, 400, "query_non_valida", "formato"},
		{"parametro ripetuto uguale", "/api/v1/lotto?bom=true&spiegazione=true&bom=true", "application/json", lottoJSON, 400, "query_non_valida", "bom"},
		{"CSV senza colonne note", "/api/v1/lotto", "text/csv", "nome;cognome\nMario;Rossi\n", 400, "", ""},
	} {
		t.Run(c.nome, func(t *testing.T) {
			for range 20 { // the same error every time (it used to follow map order)
				r := fai(h, "POST", c.url, c.tipo, c.corpo)
				if r.Code != c.stato {
					t.Fatalf("status = %d; want %d\n%s", r.Code, c.stato, tronca(r.Body.Bytes()))
				}
				e := r.errore(t)
				if (c.codice != "" && string(e.Code) != c.codice) || (c.campo != "" && e.Field != c.campo) || e.Message == "" {
					t.Fatalf("errore = %+v; want %s %s", e, c.codice, c.campo)
				}
			}
		})
	}
}

// TestLottoTroppoGrande: over the lotto limit, 413, whether the length is
// declared or not.
func TestLottoTroppoGrande(t *testing.T) {
	s := nuovoServer(t, nil)
	s.maxLotto = 2000
	grande := "[" + strings.TrimSuffix(strings.Repeat(esempio186+",", 30), ",") + "]"
	r := fai(s.Handler(), "POST", "/api/v1/lotto", "application/json", grande)
	if r.Code != 413 || r.errore(t).Code != "richiesta_troppo_grande" {
		t.Errorf("declared length: %d %s", r.Code, r.Body.String())
	}
	req := nuovaRichiestaSenzaLunghezza("/api/v1/lotto", grande)
	w := risposta{nuovoRegistratore()}
	s.Handler().ServeHTTP(w, req)
	if w.Code != 413 || w.errore(t).Code != "richiesta_troppo_grande" {
		t.Errorf("streamed: %d %s", w.Code, w.Body.String())
	}
	var v any
	_ = json.Unmarshal(w.Body.Bytes(), &v)
}

// TestLottoVuoteInFondo: the empty rows after the last row of a CSV have
// no result (each was an error result), and the answer's trailer
// Lpu-Lotto-Vuote-In-Fondo says how many, as a count known at the end.
func TestLottoVuoteInFondo(t *testing.T) {
	r := fai(serverProva(t).Handler(), "POST", "/api/v1/lotto", "text/csv", "rif;fattispecie;ammenda\nA;cds186;1000\n;;\n;;\n")
	res := r.Result()
	if r.Code != 200 || strings.Count(r.Body.String(), "\n") != 2 || res.Trailer.Get(trailerRighe) != "1" || res.Trailer.Get(trailerVuote) != "2" {
		t.Errorf("%d, trailers %v:\n%s", r.Code, res.Trailer, r.Body.String())
	}
}
