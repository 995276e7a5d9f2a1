// Package cp165_test shows a new fattispecie, art. 165 c.p., added as an
// overlay directory of YAML files (this one) with no Go change: a rule
// file (cp165.yaml), a vocabulary file declaring two new facts and one
// new option (vocabolario_cp165.yaml) and a suite (test/cp165.yaml).
// The tests drive the real engine, the server's handler and the lpu
// binary over it.
package cp165_test

import (
	"bytes"
	"context"
	csvpkg "encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/lpu-it/lpu/internal/binari"
	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
	"github.com/lpu-it/lpu/server"
)

// regole are the embedded rules with this directory laid over them, as
// lpu serve --rules examples/cp165 reads them, loaded once for the tests
// (an Engine is immutable).
func regole(t *testing.T) (*lpu.Engine, fs.FS) {
	t.Helper()
	e, err := caricate()
	if err != nil {
		t.Fatalf("le regole con la sovrapposizione non si caricano: %v", err)
	}
	return e, sovrapposte
}

var (
	sovrapposte = lpu.Overlay(rules.FS, os.DirFS("."))
	caricate    = sync.OnceValues(func() (*lpu.Engine, error) { return lpu.Load(context.Background(), sovrapposte) })
)

const richiesta = `{"fattispecie":"cp165","data":"2025-06-10","pena":{"reclusione":{"mesi":4},"giorni_lpu":90},
	"fatti":{"sospensione_precedente":true},"opzioni":{"massimo_165":"sei_mesi"}}`

// The suite of the overlay runs, and passes, on the engine of the
// embedded rules with the overlay. (That the embedded suites pass with
// the overlay too is TestCLI's lpu regole test: a run of every suite
// under -race costs about a second of CPU.)
func TestSuite(t *testing.T) {
	e, _ := regole(t)
	esiti, err := e.RunSuite(context.Background(), os.DirFS("."), "test")
	if err != nil {
		t.Fatal(err)
	}
	nostri := 0
	for _, es := range esiti {
		if es.File == "test/cp165.yaml" {
			nostri++
		}
		if !es.OK() {
			t.Errorf("%s:%d %s: %v", es.File, es.Riga, es.Nome, es.Errori)
		}
	}
	if nostri < 10 {
		t.Errorf("got %d cases of test/cp165.yaml; want 10", nostri)
	}
}

// A Go caller sets the new facts and option through Altri.
func TestGo(t *testing.T) {
	e, _ := regole(t)
	r := &lpu.Richiesta{Fattispecie: "cp165", Data: lpu.NewData(2025, 6, 10),
		Pena:    lpu.Pena{Reclusione: lpu.Durata{Anni: 1}, GiorniLPU: 200},
		Fatti:   lpu.Fatti{Altri: map[string]any{"sospensione_precedente": true}},
		Opzioni: lpu.Opzioni{Altri: map[string]any{"massimo_165": "sei_mesi"}}}
	res, err := e.Calcolo(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ammissibile || !strings.Contains(strings.Join(res.Motivi, "\n"), "superano i sei mesi") {
		t.Errorf("got ammissibile %v, motivi %q; want the six months exceeded", res.Ammissibile, res.Motivi)
	}
	if !strings.Contains(strings.Join(res.Avvertenze, "\n"), "art. 165 c.2 c.p.") {
		t.Errorf("avvertenze %q: want the second suspension (c.2)", res.Avvertenze)
	}
	// The JSON of the request holds the new members among the others,
	// and reads back the same.
	b, err := lpu.AppendJSON(nil, r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"precedente_5ter":false,"sospensione_precedente":true}`)) || !bytes.Contains(b, []byte(`"ragguaglio_residuo":"","massimo_165":"sei_mesi"}`)) {
		t.Errorf("JSON of the request: %s", b)
	}
	var r2 lpu.Richiesta
	if err := lpu.DecodeBytes(b, &r2); err != nil {
		t.Fatal(err)
	}
	res2, err := e.Calcolo(context.Background(), &r2)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := lpu.AppendJSON(nil, res)
	c, _ := lpu.AppendJSON(nil, res2)
	if !bytes.Equal(a, c) {
		t.Errorf("the request read back from its JSON answers\n%s\nnot\n%s", c, a)
	}
}

func chiedi(t *testing.T, h http.Handler, metodo, percorso, tipo, corpo string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(metodo, percorso, strings.NewReader(corpo))
	if tipo != "" {
		req.Header.Set("Content-Type", tipo)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestServer(t *testing.T) {
	e, _ := regole(t)
	s, err := server.New(e, server.Opzioni{})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()

	t.Run("api", func(t *testing.T) {
		w := chiedi(t, h, "POST", "/api/v1/calcolo", "application/json", richiesta)
		var res lpu.Risultato
		if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || w.Code != 200 {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		if !res.Ammissibile || res.Giorni != 90 || res.Ore != 180 || !strings.Contains(strings.Join(res.Avvertenze, "\n"), "«deve essere subordinata»") {
			t.Errorf("got %s", w.Body)
		}
		w = chiedi(t, h, "POST", "/api/v1/calcolo", "application/json", `{"fattispecie":"cp165","fatti":{"sospensione_precedente":"sì"}}`)
		if w.Code != 400 || !strings.Contains(w.Body.String(), `"campo":"fatti.sospensione_precedente"`) || !strings.Contains(w.Body.String(), `"codice":"tipo_errato"`) {
			t.Errorf("a new fact of the wrong type: %d %s", w.Code, w.Body)
		}
		// The piano's facts are the calcolo's.
		w = chiedi(t, h, "POST", "/api/v1/piano", "application/json",
			`{"fattispecie":"cp165","ore":12,"inizio":"2025-07-01","giorni_settimana":{"sab":6},"fatti":{"sospensione_precedente":true}}`)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"ultimo_giorno":"2025-07-12"`) {
			t.Errorf("piano: %d %s", w.Code, w.Body)
		}
		w = chiedi(t, h, "POST", "/api/v1/piano", "application/json",
			`{"fattispecie":"cp165","ore":12,"inizio":"2025-07-01","giorni_settimana":{"sab":6},"fatti":{"sospensione":true}}`)
		if w.Code != 400 || !strings.Contains(w.Body.String(), `"campo":"fatti.sospensione"`) {
			t.Errorf("piano with an undeclared fact: %d %s", w.Code, w.Body)
		}
	})

	t.Run("fattispecie", func(t *testing.T) {
		w := chiedi(t, h, "GET", "/api/v1/fattispecie", "", "")
		var cat struct {
			Fattispecie []lpu.InfoFattispecie `json:"fattispecie"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &cat); err != nil {
			t.Fatalf("%v: %.200s", err, w.Body)
		}
		etichette := map[string]string{}
		for _, f := range cat.Fattispecie {
			if f.ID == "cp165" {
				for _, c := range f.Campi {
					etichette[c.Nome] = c.Etichetta
				}
			}
		}
		for nome, et := range map[string]string{
			"fatti.sospensione_precedente": "Il condannato ha già usufruito della sospensione condizionale della pena",
			"fatti.sospensione_163_c4":     "La sospensione è concessa ai sensi dell'art. 163, quarto comma, c.p.",
			"opzioni.massimo_165":          "Durata massima del lavoro (art. 165 c.p.)",
			"fatti.opposizione_imputato":   "",
		} {
			got, ok := etichette[nome]
			if !ok || (et != "" && got != et) {
				t.Errorf("cp165 in /api/v1/fattispecie: %s has label %q (listed %v); want %q", nome, got, ok, et)
			}
		}
	})

	t.Run("openapi", func(t *testing.T) {
		w := chiedi(t, h, "GET", "/openapi.json", "", "")
		var doc any
		if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		// in follows a path of object members.
		in := func(x any, path ...string) any {
			for _, k := range path {
				m, _ := x.(map[string]any)
				x = m[k]
			}
			return x
		}
		for _, tipo := range []string{"RichiestaCalcolo", "RichiestaPiano"} {
			p := in(doc, "components", "schemas", tipo, "properties", "fatti", "properties", "sospensione_precedente")
			if d, _ := in(p, "description").(string); !strings.Contains(d, "già usufruito") || !strings.Contains(fmt.Sprint(in(p, "type")), "boolean") {
				t.Errorf("%s fatti.sospensione_precedente in /openapi.json: %v", tipo, p)
			}
		}
		p := in(doc, "components", "schemas", "RichiestaCalcolo", "properties", "opzioni", "properties", "massimo_165")
		if e := fmt.Sprint(in(p, "enum")); !strings.Contains(e, "pena_sospesa") || !strings.Contains(e, "sei_mesi") {
			t.Errorf("opzioni.massimo_165 in /openapi.json: %v", p)
		}
	})

	t.Run("web", func(t *testing.T) {
		w := chiedi(t, h, "GET", "/calcolo/cp165", "", "")
		for _, et := range []string{"Il condannato ha già usufruito della sospensione condizionale della pena",
			"La sospensione è concessa ai sensi dell&#39;art. 163, quarto comma, c.p.", "Durata massima del lavoro (art. 165 c.p.)",
			`name="fatti.sospensione_precedente"`, `name="opzioni.massimo_165"`} {
			if !strings.Contains(w.Body.String(), et) {
				t.Errorf("the form of cp165 lacks %q", et)
			}
		}
		form := url.Values{"data": {"10/06/2025"}, "pena.reclusione.mesi": {"4"}, "pena.giorni_lpu": {"90"},
			"fatti.sospensione_precedente": {"on"}, "opzioni.massimo_165": {"sei_mesi"}, "piano.inizio": {"01/07/2025"}, "piano.sab": {"6"}}
		w = chiedi(t, h, "POST", "/calcolo/cp165", "application/x-www-form-urlencoded", form.Encode())
		if w.Code != 200 {
			t.Fatalf("POST of the form: %d\n%s", w.Code, w.Body)
		}
		// The duration in weeks, which the page shows only when the
		// rules compute it (the overlay's step settimane_min).
		for _, s := range []string{"180 ore", "ha già usufruito della sospensione condizionale: la nuova sospensione", "Sei mesi corrispondono a 180 giorni",
			`<dt>Durata in settimane</dt><dd id="settimane">almeno 30</dd>`} {
			if !strings.Contains(w.Body.String(), s) {
				t.Errorf("the answer page lacks %q", s)
			}
		}
	})

	t.Run("lotto", func(t *testing.T) {
		csv := "fattispecie;data;reclusione_mesi;giorni_lpu;sospensione_precedente;fatti.sospensione_163_c4;opzioni.massimo_165\n" +
			"cp165;10/06/2025;4;90;sì;;sei_mesi\n" +
			"cp165;10/06/2025;12;200;;;sei_mesi\n" +
			"cp165;10/06/2025;12;200;no;sì;\n" +
			"cp165;10/06/2025;12;200;forse;;\n"
		w := chiedi(t, h, "POST", "/api/v1/lotto", "text/csv", csv)
		if w.Code != 200 {
			t.Fatalf("%d %.300s", w.Code, w.Body)
		}
		r := csvpkg.NewReader(w.Body)
		r.Comma = ';'
		righe, err := r.ReadAll()
		if err != nil || len(righe) != 5 {
			t.Fatalf("got %d rows (%v); want a header and 4 results", len(righe), err)
		}
		col := map[string]int{}
		for i, n := range righe[0] {
			col[n] = i
		}
		for i, want := range [][4]string{{"ok", "sì", "90", "180"}, {"ok", "no", "200", ""}, {"ok", "sì", "200", "400"}, {"errore", "", "", ""}} {
			riga := righe[i+1]
			got := [4]string{riga[col["esito"]], riga[col["ammissibile"]], riga[col["giorni"]], riga[col["ore"]]}
			if want[3] == "" && want[0] == "ok" {
				got[3] = ""
			}
			if got != want {
				t.Errorf("row %d: esito, ammissibile, giorni, ore = %q; want %q (motivi %.200s)", i+1, got, want, riga[col["motivi"]])
			}
		}
		if e := righe[4]; e[col["errore_codice"]] != "tipo_errato" || e[col["errore_campo"]] != "sospensione_precedente" {
			t.Errorf("row 4: error %q on %q; want tipo_errato on the column sospensione_precedente", e[col["errore_codice"]], e[col["errore_campo"]])
		}
	})
}

// The lpu binary, built from this module, loads, checks, tests and
// computes with the overlay.
func TestCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := binari.Costruisci(t, "../..", "github.com/lpu-it/lpu/cmd/lpu")
	esegui := func(stdin string, args ...string) (string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.Output()
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return string(out), 0
	}
	if out, rc := esegui("", "regole", "verifica", "."); rc != 0 || !strings.Contains(out, "regole valide: 9 fattispecie") {
		t.Errorf("regole verifica: %d %s", rc, out)
	}
	if out, rc := esegui("", "regole", "test", "."); rc != 0 || !strings.Contains(out, " passed, 0 failed") {
		t.Errorf("regole test: %d %s", rc, out)
	}
	out, rc := esegui(richiesta, "calcolo", "--rules", ".")
	if rc != 0 || !strings.Contains(out, `"ore": 180`) || !strings.Contains(out, "Sei mesi corrispondono a 180 giorni") {
		t.Errorf("calcolo: %d %s", rc, out)
	}
	out, rc = esegui(`{"fattispecie":"cp165","opzioni":{"massimo_165":"un_anno"}}`, "calcolo", "--rules", ".")
	if rc != 2 || !strings.Contains(out, `"codice": "valore_non_ammesso"`) {
		t.Errorf("calcolo with a value the vocabulary refuses: %d %s", rc, out)
	}
	out, rc = esegui("fattispecie,data,reclusione_mesi,giorni_lpu,sospensione_precedente\ncp165,2025-06-10,4,90,sì\n", "lotto", "--rules", ".")
	if rc != 0 || !strings.Contains(out, ",ok,cp165,90,180,sì,") {
		t.Errorf("lotto: %d %s", rc, out)
	}
}
