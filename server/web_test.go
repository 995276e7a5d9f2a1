package server

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/lpu-it/lpu/internal/regoleprova"
	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

func modulo186(campi map[string]string) string {
	v := url.Values{}
	for k, x := range campi {
		v.Set(k, x)
	}
	return v.Encode()
}

func contiene(t *testing.T, pagina string, voluti ...string) {
	t.Helper()
	for _, w := range voluti {
		if !strings.Contains(pagina, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func nonContiene(t *testing.T, pagina string, vietati ...string) {
	t.Helper()
	for _, w := range vietati {
		if strings.Contains(pagina, w) {
			t.Errorf("page holds %q", w)
		}
	}
}

func TestPaginaIndice(t *testing.T) {
	r := fai(serverProva(t).Handler(), "GET", "/", "", "")
	if r.Code != 200 || r.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET / = %d %s", r.Code, r.Header().Get("Content-Type"))
	}
	contiene(t, r.Body.String(), `<html lang="it">`, `href="/calcolo/cds186"`, `<option value="cds186">`, "In vigore dal 30/07/2010", `<label for="scelta-fattispecie">`)
	if r := fai(serverProva(t).Handler(), "GET", "/?fattispecie=cds186", "", ""); r.Code != 303 || r.Header().Get("Location") != "/calcolo/cds186" {
		t.Errorf("chooser: %d %q; want 303 to /calcolo/cds186", r.Code, r.Header().Get("Location"))
	}
}

// TestModuloDalleRegole: the form asks what the rules read, nothing else.
func TestModuloDalleRegole(t *testing.T) {
	p := fai(serverProva(t).Handler(), "GET", "/calcolo/cds186", "", "").Body.String()
	contiene(t, p, `name="pena.arresto.mesi"`, `name="pena.ammenda"`, `name="fatti.incidente"`, `name="opzioni.mese" value="calendario"`,
		`<label for="c-pena-ammenda">`, `<legend>Arresto</legend>`,
		// the commas of the article are a choice, from the rule file (valori_da)
		`<input type="radio" id="c-fatti-comma-2-bis" name="fatti.comma" value="2-bis">`, `c.2-bis — incidente stradale provocato in stato di ebbrezza`)
	nonContiene(t, p, `name="pena.reclusione`, `name="pena.multa"`, `name="pena.giorni_lpu"`, `name="fatti.map_precedente"`, "<script>")

	// Another rule file reading other inputs gets another form.
	nuova := `id: prova
tipo: calcolo
titolo: Prova
fonte: art. 1 legge di prova
vigenza: {dal: 2020-01-01}
passi:
  - {id: g, calcola: giorni, valore: pena.giorni_lpu, fonte: art. 1, testo: "{giorni}"}
  - {id: o, calcola: ore, valore: giorni * 2, fonte: art. 1, testo: "{ore}"}
  - {id: m, calcola: ore_giornaliere_max, valore: "8", fonte: art. 1, testo: "{ore_giornaliere_max}"}
`
	h := gestoreConRegole(t, regoleReali(t, "vocabolario.yaml"), fstest.MapFS{"prova.yaml": {Data: []byte(nuova)}})
	p = fai(h, "GET", "/calcolo/prova", "", "").Body.String()
	contiene(t, p, `name="pena.giorni_lpu"`, "Giorni di lavoro fissati dal giudice", `name="data"`)
	nonContiene(t, p, `name="pena.ammenda"`, `name="pena.arresto.mesi"`, `name="opzioni.mese"`)
	r := fai(h, "POST", "/calcolo/prova", "application/x-www-form-urlencoded", "pena.giorni_lpu=1.000&data=01/01/2024")
	contiene(t, r.Body.String(), `<dd id="giorni">1000</dd>`, `<dd id="ore">2000</dd>`)
}

// TestModuloSiPredefinito: a yes/no fact that is yes unless said
// otherwise (declared only in YAML, predefinito: true) is asked with two
// choices, yes checked, so that the form can say no: a box left empty
// would send nothing, the default, and the no could never be said.
func TestModuloSiPredefinito(t *testing.T) {
	vocabolario := `id: vocabolario_prova
tipo: vocabolario
titolo: Fatti di prova
fonte: art. 1 legge di prova
richieste:
  calcolo:
    campi:
      fatti.consenso_prova:
        tipo: booleano
        predefinito: true
        etichetta: Il condannato presta il consenso
        fonte: art. 1 legge di prova
`
	regole := `id: prova
tipo: calcolo
titolo: Prova
fonte: art. 1 legge di prova
vigenza: {dal: 2020-01-01}
passi:
  - {id: c, esclude: "!fatti.consenso_prova", fonte: art. 1, testo: "manca il consenso del condannato"}
  - {id: g, calcola: giorni, valore: pena.giorni_lpu, fonte: art. 1, testo: "{giorni}"}
  - {id: o, calcola: ore, valore: giorni * 2, fonte: art. 1, testo: "{ore}"}
  - {id: m, calcola: ore_giornaliere_max, valore: "8", fonte: art. 1, testo: "{ore_giornaliere_max}"}
`
	h := gestoreConRegole(t, regoleReali(t, "vocabolario.yaml"), fstest.MapFS{"prova.yaml": {Data: []byte(regole)}, "vocabolario_prova.yaml": {Data: []byte(vocabolario)}})
	p := fai(h, "GET", "/calcolo/prova", "", "").Body.String()
	contiene(t, p, `<legend>Il condannato presta il consenso</legend>`,
		`name="fatti.consenso_prova" value="sì" checked>`, `name="fatti.consenso_prova" value="no">`)
	nonContiene(t, p, `type="checkbox" id="c-fatti-consenso_prova"`)
	for valore, escluso := range map[string]bool{"": false, "sì": false, "no": true} {
		corpo := "pena.giorni_lpu=10&data=01/01/2024"
		if valore != "" {
			corpo += "&" + url.Values{"fatti.consenso_prova": {valore}}.Encode()
		}
		r := fai(h, "POST", "/calcolo/prova", "application/x-www-form-urlencoded", corpo)
		if r.Code != 200 {
			t.Fatalf("%q: status %d", valore, r.Code)
		}
		p := r.Body.String()
		if got := strings.Contains(p, "manca il consenso del condannato"); got != escluso {
			t.Errorf("%q: excluded = %v; want %v", valore, got, escluso)
		}
		scelto, altro := `value="sì" checked>`, `value="no">`
		if escluso {
			scelto, altro = `value="no" checked>`, `value="sì">`
		}
		contiene(t, p, `name="fatti.consenso_prova" `+scelto, `name="fatti.consenso_prova" `+altro)
	}
}

// gestoreConRegole is the handler of a server whose rules are base
// (rules.FS, or the few embedded files of regoleReali) with overlay laid
// over them.
func gestoreConRegole(t *testing.T, base fs.FS, overlay fstest.MapFS) http.Handler {
	t.Helper()
	e, err := lpu.Load(context.Background(), lpu.Overlay(base, overlay))
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(e, Opzioni{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

// regoleReali is a small rule set of the embedded files named, for a
// test of a mechanism that needs a few files, not the whole rules: a
// Load of the whole rules costs some half a second of CPU under -race,
// one of the vocabulary alone a few milliseconds. A file named that uses
// shared steps (usa: comuni.settimane_sei_mesi) brings the file of tipo
// passi that has them, unless it is named too, with only the steps the
// files named use: a shared step no file uses is a problem at load.
func regoleReali(t testing.TB, nomi ...string) fstest.MapFS {
	t.Helper()
	m, err := regoleprova.File(nomi...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// fileFattispecie are the embedded files of the smallest rule set with
// every fattispecie: the conventions' models name them all, and a rule
// set must load the fattispecie its rules name. It lacks the Fund, the
// calendar, the patrons, the posts and the Normattiva links.
var fileFattispecie = []string{"vocabolario.yaml", "vocabolario_conversione.yaml", "vocabolario_cp165.yaml", "generali.yaml",
	"convenzione.yaml", "modelli_convenzione.yaml", "transitorio_56bis.yaml", "map_tribunali.yaml",
	"cds186.yaml", "cds187.yaml", "cp165.yaml", "dpr309_73.yaml", "gdp54.yaml", "gdp55.yaml", "l689_103.yaml", "l689_56bis.yaml", "map.yaml"}

// TestModuloAllItaliana: numbers and dates as a lawyer types them.
func TestModuloAllItaliana(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct{ data, ammenda, mesi string }{
		{"10/06/2025", "1.500,00", "1"},
		{"10/6/2025", "1500", "1"},
		{"2025-06-10", "€ 1.500", "1"},
		{" 10/06/2025 ", "1500,00 €", " 1 "},
		{"10/06/2025", "1.500", "01"},
		// Two-digit years and single-digit days, dots and dashes: what
		// the CSV lotto reads (calc.ParseDataScritta for both).
		{"10/6/25", "1.500", "1"},
		{"10.06.25", "1.500", "1"},
		{"10-06-2025", "1.500", "1"},
	} {
		r := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded",
			modulo186(map[string]string{"data": c.data, "pena.ammenda": c.ammenda, "pena.arresto.mesi": c.mesi, "pena.arresto.giorni": "15"}))
		if r.Code != 200 {
			t.Errorf("%+v: status %d", c, r.Code)
			continue
		}
		contiene(t, r.Body.String(), `<dd id="ore">102</dd>`, `<dd id="giorni">51</dd>`, "legge in vigore al 10/06/2025", "Ammenda di € 1.500 ÷ € 250 = 6 giorni",
			"<h3>Allegato: Fondo INAIL</h3>", "Avvertenze sul Fondo INAIL", `<a href="/regole/fondo">Le regole del Fondo INAIL</a>`)
	}
	// Without a date the law of today (the server's clock) applies.
	r := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", "pena.ammenda=1000")
	contiene(t, r.Body.String(), "legge in vigore al "+oggiProva.Format("02/01/2006"), `<dd id="ore">8</dd>`)
}

func TestModuloErrori(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct {
		nome  string
		campi map[string]string
		stato int
		id    string
		testo string
	}{
		{"importo", map[string]string{"pena.ammenda": "mille"}, 400, "c-pena-ammenda", "importo non valido: «mille»"},
		{"data", map[string]string{"pena.ammenda": "1000", "data": "31/13/2025"}, 400, "c-data", "data non valida: «31/13/2025» (gg/mm/aaaa o gg/mm/aa"},
		// written right, but no day: the message says why, not the form
		{"giorno inesistente", map[string]string{"pena.ammenda": "1000", "data": "31/02/2025"}, 400, "c-data", "data inesistente: «31/02/2025» (febbraio 2025 ha 28 giorni)"},
		{"29 febbraio", map[string]string{"pena.ammenda": "1000", "data": "29/02/25"}, 400, "c-data", "data inesistente: «29/02/25» (febbraio 2025 ha 28 giorni)"},
		{"31 aprile", map[string]string{"pena.ammenda": "1000", "data": "31.04.2025"}, 400, "c-data", "data inesistente: «31.04.2025» (aprile 2025 ha 30 giorni)"},
		{"anno di quattro cifre", map[string]string{"pena.ammenda": "1000", "data": "10/06/0025"}, 400, "c-data", "data non valida: «10/06/0025» (gg/mm/aaaa o gg/mm/aa"},
		{"mesi", map[string]string{"pena.arresto.mesi": "uno"}, 400, "c-pena-arresto-mesi", "Arresto (mesi): numero intero non valido: «uno»"},
		{"migliaia sbagliate", map[string]string{"fatti.sostituzioni_precedenti": "1.00"}, 400, "c-fatti-sostituzioni_precedenti", "numero intero non valido"},
		{"fuori intervallo", map[string]string{"pena.ammenda": "1000", "fatti.sostituzioni_precedenti": "1000"}, 400, "c-fatti-sostituzioni_precedenti", "valore troppo grande"},
		// a negative number is one, below the bound: told as the API tells it
		{"intero negativo", map[string]string{"pena.ammenda": "1000", "esecuzione.ore_svolte": "-3"}, 400, "c-esecuzione-ore_svolte", "il valore non può essere negativo (-3)"},
		{"importo negativo", map[string]string{"pena.ammenda": "-5"}, 400, "c-pena-ammenda", "importo non valido: «-5» (il valore non può essere negativo)"},
		{"caso non calcolabile", map[string]string{"pena.ammenda": "250", "esecuzione.liberazione_anticipata_giorni": "5", "data": "10/06/2025"}, 422,
			"c-esecuzione-liberazione_anticipata_giorni", "supera la durata del lavoro"},
		{"legge non in vigore", map[string]string{"pena.ammenda": "250", "data": "01/01/2009"}, 422, "c-data", "fuori da questo periodo"},
		{"pena mancante", map[string]string{"data": "10/06/2025"}, 422, "c-pena-arresto-anni", "indicare l&#39;«Arresto» e/o l&#39;«Ammenda» irrogati"},
		{"né sì né no", map[string]string{"pena.ammenda": "1000", "fatti.opposizione_imputato": "forse"}, 400, "c-fatti-opposizione_imputato", "atteso sì o no, trovato «forse»"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", modulo186(c.campi))
			if r.Code != c.stato {
				t.Fatalf("status = %d; want %d", r.Code, c.stato)
			}
			p := r.Body.String()
			contiene(t, p, `class="riepilogo-errori" role="alert"`, `<a href="#`+c.id+`">`, c.testo)
			if !strings.Contains(p, `id="`+c.id+`"`) {
				t.Errorf("no element %s", c.id)
			}
			nonContiene(t, p, `id="risultato"`)
		})
	}
	// «1.5» and «1.50» are neither Italian thousands nor Italian cents:
	// refused with both readings, on the field, what was typed kept.
	for _, v := range []string{"1.5", "1.50"} {
		r := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", modulo186(map[string]string{"pena.ammenda": v}))
		if r.Code != 400 {
			t.Fatalf("ammenda %s: status = %d; want 400", v, r.Code)
		}
		contiene(t, r.Body.String(), `<a href="#c-pena-ammenda">`, "Ammenda (€)",
			"importo ambiguo: «"+v+"» (scrivere 1,50 per 1 euro e 50 centesimi, 1.500 per 1.500 euro)", `value="`+v+`"`)
		nonContiene(t, r.Body.String(), `id="risultato"`)
	}
	// A field's error is tied to its input for assistive technology.
	p := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", "pena.ammenda=mille").Body.String()
	contiene(t, p, `aria-describedby="c-pena-ammenda-aiuto c-pena-ammenda-errore" aria-invalid="true"`, `value="mille"`)
}

// TestModuloErroriInsieme: a form with an error of its own (a date it
// cannot read) and values only the engine refuses (a number over its
// bound, a value not among the accepted ones, from an edited link) shows
// them all in one round, in the order of the form; not a refusal of the
// case, which the unread field may cause.
func TestModuloErroriInsieme(t *testing.T) {
	h := serverProva(t).Handler()
	w := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", modulo186(map[string]string{
		"data": "31/02/2025", "pena.ammenda": "mille", "fatti.sostituzioni_precedenti": "1000", "opzioni.mese": "lunare"}))
	if w.Code != 400 {
		t.Fatalf("status = %d; want 400", w.Code)
	}
	p := w.Body.String()
	_, riepilogo, _ := strings.Cut(p, `class="riepilogo-errori"`)
	riepilogo, _, _ = strings.Cut(riepilogo, "</ul>")
	var ids []string
	for _, parte := range strings.Split(riepilogo, `<a href="#`)[1:] {
		id, _, _ := strings.Cut(parte, `"`)
		ids = append(ids, id)
	}
	// a choice's link goes to its first option, which takes the focus
	want := []string{"c-data", "c-pena-ammenda", "c-fatti-sostituzioni_precedenti", "c-opzioni-mese-30_giorni"}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("errors of %q; want %q", ids, want)
	}
	contiene(t, riepilogo, "data inesistente", "importo non valido", "valore troppo grande", "«lunare» non ammesso")
	// (the choices by their labels, as the form shows them)
	var scelte int
	for _, info := range motore(t).Catalogo() {
		for _, c := range info.Campi {
			if info.ID != "cds186" || c.Nome != "opzioni.mese" {
				continue
			}
			scelte += len(c.Scelte)
			for _, sc := range c.Scelte {
				contiene(t, riepilogo, html.EscapeString("«"+sc.Etichetta+"»"))
				nonContiene(t, riepilogo, sc.Valore+",", sc.Valore+"<")
			}
		}
	}
	if scelte < 2 {
		t.Fatalf("cds186's opzioni.mese has %d choices", scelte)
	}
	nonContiene(t, riepilogo, "opzioni.mese", "indicare")
	nonContiene(t, p, `id="risultato"`)
}

// TestModuloSiNo: a box sends sì when ticked (on, without its value)
// and nothing when not; a link written by hand may say no (or false, 0),
// and that is a no, not a ticked box. The opposition of the accused
// excludes the substitution only when it is a yes: the page shows the
// engine's reason for it (taken from the engine, not restated here)
// exactly then.
func TestModuloSiNo(t *testing.T) {
	h := serverProva(t).Handler()
	r := &lpu.Richiesta{Fattispecie: "cds186", Data: lpu.NewData(2025, time.June, 10), Pena: lpu.Pena{Ammenda: lpu.MustImporto("1000")}}
	r.Fatti.OpposizioneImputato = true
	res, err := motore(t).Calcolo(context.Background(), r)
	if err != nil || res.Ammissibile || len(res.Motivi) != 1 {
		t.Fatalf("the opposed case: %+v, %v", res, err)
	}
	testo, _, _ := strings.Cut(res.Motivi[0], " (") // (without its source, which the page shows apart)
	motivo := html.EscapeString(testo)
	for valore, esclusa := range map[string]bool{"sì": true, "si": true, "1": true, "on": true, "no": false, "false": false, "0": false, "": false} {
		campi := map[string]string{"pena.ammenda": "1000", "data": "10/06/2025"}
		if valore != "" {
			campi["fatti.opposizione_imputato"] = valore
		}
		w := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", modulo186(campi))
		if w.Code != 200 {
			t.Fatalf("%q: status %d", valore, w.Code)
		}
		p := w.Body.String()
		if got := strings.Contains(p, motivo); got != esclusa {
			t.Errorf("%q: the page shows %q = %v; want %v", valore, motivo, got, esclusa)
		}
		if got := strings.Contains(p, `id="c-fatti-opposizione_imputato" name="fatti.opposizione_imputato" value="sì" checked`); got != esclusa {
			t.Errorf("%q: box ticked = %v; want %v", valore, got, esclusa)
		}
	}
}

func TestModuloEscaping(t *testing.T) {
	h := serverProva(t).Handler()
	r := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded",
		modulo186(map[string]string{"fatti.comma": `"><script>alert(1)</script>`, "pena.ammenda": `<img src=x onerror=alert(1)>`}))
	nonContiene(t, r.Body.String(), "<script>alert", "<img src=x")
	r = fai(h, "GET", "/calcolo/%3Cscript%3E", "", "")
	if r.Code != 404 {
		t.Errorf("unknown fattispecie: %d", r.Code)
	}
	nonContiene(t, r.Body.String(), "<script>")
}

func TestModuloTroppoGrande(t *testing.T) {
	h := serverProva(t).Handler()
	r := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", "fatti.comma="+strings.Repeat("x", MaxCorpo+1))
	if r.Code != 413 || !strings.Contains(r.Body.String(), "Richiesta troppo grande") {
		t.Errorf("status %d; want 413 with the HTML error page", r.Code)
	}
}

// TestModuloPiano: the page plans the hours, draws the timeline and
// links the calendar file and the register.
func TestModuloPiano(t *testing.T) {
	h := serverProva(t).Handler()
	corpo := modulo186(map[string]string{"data": "10/06/2025", "pena.ammenda": "1.500,00", "pena.arresto.mesi": "1", "pena.arresto.giorni": "15",
		"piano.inizio": "01/08/2025", "piano.giorni_settimana.ven": "6", "piano.comune": "Milano",
		"piano.sospensione.dal": "01/09/2025", "piano.sospensione.al": "14/09/2025", "piano.sospensione.motivo": "malattia"})
	p := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", corpo).Body.String()
	contiene(t, p, "Calendario (facoltativo)", `id="piano"`, `<svg viewBox="0 0 960 170" role="img"`, `class="lt-sessioni"`,
		"Festività saltata: 15/08/2025 (Assunzione)", "Giorno sospeso: 05/09/2025 (sospensione: malattia)",
		"Scarica il calendario (.ics)", "Scarica il registro delle presenze (.csv)", `href="/api/v1/piano.ics?richiesta=`,
		"Ore in calendario</dt><dd>102</dd>", "<dt>Sessioni</dt><dd>17</dd>", "Primo giorno</dt><dd>01/08/2025</dd>",
		"Ultimo giorno</dt><dd>12/12/2025</dd>", "Richiesta all'INAIL entro</dt><dd>22/07/2025</dd>",
		"15/08/2025: Assunzione", "Sant&#39;Ambrogio")
	// The download links give the files.
	for _, c := range []struct{ prefisso, inizio, tipo string }{
		{`href="/api/v1/piano.ics?`, "BEGIN:VCALENDAR", "text/calendar"},
		{`href="/api/v1/registro.csv?`, "\ufeffData;Giorno;Ore previste", "text/csv"},
	} {
		i := strings.Index(p, c.prefisso)
		if i < 0 {
			t.Fatalf("no link %s", c.prefisso)
		}
		link := p[i+6 : i+6+strings.Index(p[i+6:], `"`)]
		link = strings.ReplaceAll(link, "&amp;", "&")
		r := fai(h, "GET", link, "", "")
		if r.Code != 200 || !strings.HasPrefix(r.Body.String(), c.inizio) || !strings.HasPrefix(r.Header().Get("Content-Type"), c.tipo) ||
			!strings.Contains(r.Header().Get("Content-Disposition"), "attachment") {
			t.Errorf("GET %s = %d %q %q", link, r.Code, r.Header().Get("Content-Type"), tronca(r.Body.Bytes()))
		}
	}

	// Over the weekly limit of art. 54 without the request: a violation.
	p = fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded",
		modulo186(map[string]string{"pena.ammenda": "1000", "data": "10/06/2025", "piano.inizio": "01/07/2025", "piano.giorni_settimana.sab": "8"})).Body.String()
	contiene(t, p, "Limiti non rispettati", `id="piano"`)
	// With the request the weekly limit rises, as the rules say.
	p = fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded",
		modulo186(map[string]string{"pena.ammenda": "1000", "data": "10/06/2025", "fatti.richiesta_oltre_limite_settimanale": "sì",
			"piano.inizio": "01/07/2025", "piano.giorni_settimana.sab": "8"})).Body.String()
	contiene(t, p, `id="piano"`)
	nonContiene(t, p, "Limiti non rispettati")

	// A bad plan field is reported on its input, the computation stays.
	p = fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded",
		modulo186(map[string]string{"pena.ammenda": "1000", "piano.inizio": "ieri", "piano.giorni_settimana.lun": "2"})).Body.String()
	contiene(t, p, `<a href="#c-piano-inizio">`, `<dd id="ore">8</dd>`)
	nonContiene(t, p, `id="piano"`)
	// An engine error on a plan field lands on that field.
	p = fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded",
		modulo186(map[string]string{"pena.ammenda": "1000", "piano.inizio": "01/07/2025", "piano.giorni_settimana.lun": "30"})).Body.String()
	contiene(t, p, `<a href="#c-piano-giorni_settimana-lun">`, "valore troppo grande")
	// Without weekdays the plan says what is missing, on the days'
	// boxes, in words (not with the engine's example of a JSON request).
	p = fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded",
		modulo186(map[string]string{"pena.ammenda": "1000", "piano.inizio": "01/07/2025"})).Body.String()
	contiene(t, p, `<a href="#c-piano-giorni_settimana-lun">`, "indicare le ore di almeno un giorno della settimana")
	nonContiene(t, p, "gio&#34;")
}

func TestLineaDelTempo(t *testing.T) {
	p := &lpu.RisultatoPiano{PrimoGiorno: "2025-07-02", UltimoGiorno: "2025-09-24", Termine: "2025-10-01",
		Sessioni:         []lpu.Sessione{{Data: "2025-07-02", Ore: 2}, {Data: "2025-07-09", Ore: 8}, {Data: "2025-09-24", Ore: 4}},
		FestivitaSaltate: []lpu.GiornoSaltato{{Data: "2025-08-15", Motivo: "Assunzione"}},
		GiorniSospesi:    []lpu.GiornoSaltato{{Data: "2025-08-20", Motivo: "sospensione: malattia"}}}
	l := nuovaLinea("2025-07-01", p, map[string]string{"mer": "mercoledì"})
	if l == nil || len(l.Sessioni) != 3 || len(l.Festivita) != 1 || len(l.Sospesi) != 1 || l.Termine == nil {
		t.Fatalf("linea = %+v", l)
	}
	if l.Inizio != "01/07/2025" || l.Fine != "01/10/2025" {
		t.Errorf("range %s–%s; want 01/07/2025–01/10/2025", l.Inizio, l.Fine)
	}
	// The description says the sessions' span, not the axis': the first
	// session is the day after the verbale, the last before the term.
	if want := "3 sessioni per 14 ore dal 02/07/2025 al 24/09/2025; termine 01/10/2025; 1 festività saltata; 1 giorno sospeso"; l.Descrizione != want {
		t.Errorf("descrizione %q; want %q", l.Descrizione, want)
	}
	// The 8-hour session is the tallest bar, the 2-hour one a quarter of it.
	if l.Sessioni[1].H != "90.0" || l.Sessioni[0].H != "22.5" {
		t.Errorf("heights %s, %s; want 90.0, 22.5", l.Sessioni[1].H, l.Sessioni[0].H)
	}
	if len(l.Mesi) != 4 || l.Mesi[0].Testo != "lug 2025" || l.Mesi[3].Testo != "ott 2025" {
		t.Errorf("months = %+v", l.Mesi)
	}
	if l.Settimane[0].Testo != "07/07" { // the first Monday
		t.Errorf("first week = %+v", l.Settimane[0])
	}
	if !strings.Contains(l.Festivita[0].Titolo, "15/08/2025 (Assunzione)") || !strings.Contains(l.Sospesi[0].Titolo, "20/08/2025") {
		t.Errorf("titles %q, %q", l.Festivita[0].Titolo, l.Sospesi[0].Titolo)
	}
	if nuovaLinea("", &lpu.RisultatoPiano{}, nil) != nil {
		t.Error("a plan with no dates has no timeline")
	}
	// A very long plan stays within ten years.
	lungo := nuovaLinea("2025-01-01", &lpu.RisultatoPiano{UltimoGiorno: "2090-01-01"}, nil)
	if lungo.Fine != "08/01/2035" { // 3660 days
		t.Errorf("long plan ends %s", lungo.Fine)
	}
}

// TestOgniFattispecie: every fattispecie of the embedded rules has its
// form, every field an Italian label, and an empty form gets errors, not
// a failure.
func TestOgniFattispecie(t *testing.T) {
	s := serverProva(t)
	h := s.Handler()
	cat := s.regole().catalogo
	if len(cat) < 6 {
		t.Errorf("%d fattispecie; want the six of the contract", len(cat))
	}
	for _, f := range cat {
		p := fai(h, "GET", "/calcolo/"+f.ID, "", "").Body.String()
		for _, c := range f.Campi {
			if c.Etichetta == "" || !strings.Contains(p, template.HTMLEscapeString(c.Etichetta)) {
				t.Errorf("%s: the form does not show the Italian label of %s (%q)", f.ID, c.Nome, c.Etichetta)
			}
			nome := c.Nome
			if c.Tipo == "durata" {
				nome += ".anni"
			}
			if !strings.Contains(p, `name="`+nome+`"`) {
				t.Errorf("%s: the form lacks %s", f.ID, nome)
			}
		}
		r := fai(h, "POST", "/calcolo/"+f.ID, "application/x-www-form-urlencoded", "")
		if r.Code >= 500 || (r.Code == 200) != strings.Contains(r.Body.String(), `id="risultato"`) {
			t.Errorf("%s: empty form: %d", f.ID, r.Code)
		}
	}
}

// TestEtichetteDellaFattispecie: the headline, the result's titles and a
// field's wording come from the fattispecie's rule file (etichette), so
// that MAP and art. 54 GdP, which substitute nothing, never read «La
// sostituzione … è ammessa».
func TestEtichetteDellaFattispecie(t *testing.T) {
	h := serverProva(t).Handler()
	post := func(id, corpo string) string {
		t.Helper()
		r := fai(h, "POST", "/calcolo/"+id, "application/x-www-form-urlencoded", corpo)
		if r.Code != 200 {
			t.Fatalf("%s: status %d", id, r.Code)
		}
		return r.Body.String()
	}
	p := post("map", "data=10/06/2025&fatti.pena_edittale_max.anni=2&pena.giorni_lpu=10&pena.ore_lpu=40")
	contiene(t, p, "La messa alla prova è ammissibile", "nessun limite di legge, le fissa il programma di trattamento")
	nonContiene(t, p, "La sostituzione", "al più nessuno")

	p = post("gdp54", "data=10/06/2025&pena.giorni_lpu=30&esecuzione.ore_svolte=12")
	contiene(t, p, "Il giudice di pace può applicare la pena del lavoro di pubblica utilità",
		"In caso di violazione degli obblighi", "Pena sostituita da ripristinare (nessuna, il lavoro è la pena inflitta)")
	nonContiene(t, p, "La sostituzione", "Giorni di pena da ripristinare")
	f := fai(h, "GET", "/calcolo/gdp54", "", "").Body.String()
	contiene(t, f, template.HTMLEscapeString("L'imputato non chiede il lavoro di pubblica utilità"))
	nonContiene(t, f, template.HTMLEscapeString("L'imputato si oppone alla sostituzione"))

	p = post("cds186", "data=10/06/2025&pena.ammenda=1000")
	contiene(t, p, "La sostituzione della pena con il lavoro di pubblica utilità è ammessa")
}

// TestModuloLimiteEtichettaUnaVolta: the page shows the label of a
// field beside its box and before its message in the list of errors,
// so the engine's message, which begins with the label for a reader of
// the message alone (a value over its bound), is shown without it: the
// label is read once, for the case's fields and the calendar's.
func TestModuloLimiteEtichettaUnaVolta(t *testing.T) {
	h := serverProva(t).Handler()
	p := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", modulo186(map[string]string{
		"data": "10/06/2025", "pena.ammenda": "1.500,00", "fatti.sostituzioni_precedenti": "1000"})).Body.String()
	contiene(t, p, `<a href="#c-fatti-sostituzioni_precedenti">Volte in cui la pena è già stata sostituita con il lavoro di pubblica utilità: valore troppo grande (1000; al massimo 100)</a>`,
		`<p class="errore" id="c-fatti-sostituzioni_precedenti-errore">valore troppo grande (1000; al massimo 100)</p>`)
	nonContiene(t, p, "«Volte in cui")
	p = fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", modulo186(map[string]string{
		"data": "10/06/2025", "pena.ammenda": "1.500,00", "piano.inizio": "01/07/2025", "piano.giorni_settimana.sab": "4", "piano.giorni_settimana.dom": "30"})).Body.String()
	contiene(t, p, `<a href="#c-piano-giorni_settimana-dom">Ore per giorno della settimana (domenica): valore troppo grande (30; al massimo 24)</a>`,
		`<p class="errore" id="c-piano-giorni_settimana-dom-errore">valore troppo grande (30; al massimo 24)</p>`)
	nonContiene(t, p, "«Ore per giorno")
}

// TestErroreSceltaCollegato: the summary's link to a choice's error goes
// to an element of the page (the first option), on the calcolo's form
// too: a value an edited link brings.
func TestErroreSceltaCollegato(t *testing.T) {
	p := fai(serverProva(t).Handler(), "GET", "/calcolo/l689_56bis?data=10/06/2025&pena.reclusione.anni=1&fatti.convenzione=xyz", "", "").Body.String()
	contiene(t, p, `<a href="#c-fatti-convenzione-">`, `id="c-fatti-convenzione-"`, `id="c-fatti-convenzione" aria-describedby=`)
}

// TestRiepilogoErroriEtichettaUnaVolta: the summary of a form's errors
// names the field of a rule's refusal once: by the label before the
// message when the message does not name it (the engine's «label»:
// taken away, the summary's label put back), by the message alone when
// its text names it («i «Giorni di prova già eseguiti» (800) sono più
// di …»), not «Giorni di prova già eseguiti: i «Giorni di prova già
// eseguiti»…».
func TestRiepilogoErroriEtichettaUnaVolta(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct {
		campi           url.Values
		voluto, vietato string
	}{
		{url.Values{"data": {"10/06/2025"}, "fatti.pena_edittale_max.anni": {"3"}, "fatti.giorni_prova": {"800"}},
			"i «Giorni di prova già eseguiti» (800) sono più di", "Giorni di prova già eseguiti: i «Giorni di prova"},
		{url.Values{"data": {"10/06/2025"}, "fatti.pena_edittale_max.anni": {"3"}, "fatti.durata_mesi": {"30"}, "pena.giorni_lpu": {"20"}, "pena.ore_lpu": {"40"}},
			"Durata della messa alla prova fissata dal giudice (mesi): una messa alla prova di 30 mesi supera", "«Durata della messa alla prova fissata dal giudice (mesi)»"},
	} {
		p := fai(h, "POST", "/calcolo/map", "application/x-www-form-urlencoded", c.campi.Encode()).Body.String()
		_, riepilogo, ok := strings.Cut(p, `class="riepilogo-errori"`)
		if !ok {
			t.Fatalf("POST /calcolo/map %v: nessun riepilogo degli errori in\n%s", c.campi, testoPagina(p))
		}
		riepilogo, _, _ = strings.Cut(riepilogo, "</ul>")
		riepilogo = html.UnescapeString(riepilogo)
		contiene(t, riepilogo, c.voluto)
		nonContiene(t, riepilogo, c.vietato)
	}
}

// TestModuloGruppoDichiarato: a calcolo field that declares its group
// (gruppo) is asked in that group, not in the one its path's first part
// names, as on /convenzione.
func TestModuloGruppoDichiarato(t *testing.T) {
	voc, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const riga = "        etichetta: Il conducente ha provocato un incidente stradale\n"
	if strings.Count(string(voc), riga) != 1 {
		t.Fatal("rules/vocabolario.yaml: fatti.incidente is not declared as expected")
	}
	nuovo := strings.Replace(string(voc), riga, riga+"        gruppo: pena\n", 1)
	gruppo := func(h http.Handler) string {
		t.Helper()
		r := fai(h, "GET", "/calcolo/cds186", "", "")
		if r.Code != 200 {
			t.Fatalf("status = %d", r.Code)
		}
		for _, g := range strings.Split(r.Body.String(), `<fieldset class="gruppo">`)[1:] {
			if strings.Contains(g, `name="fatti.incidente"`) {
				titolo, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(g), "<legend>"), "</legend>")
				return titolo
			}
		}
		return ""
	}
	if got := gruppo(serverProva(t).Handler()); got != "Fatti che contano" {
		t.Errorf("fatti.incidente in %q; want Fatti che contano", got)
	}
	if got := gruppo(gestoreConRegole(t, regoleReali(t, "vocabolario.yaml", "generali.yaml", "cds186.yaml"), fstest.MapFS{"vocabolario.yaml": {Data: []byte(nuovo)}})); got != "Pena inflitta" {
		t.Errorf("with gruppo: pena, fatti.incidente in %q; want Pena inflitta", got)
	}
}

var reFontePasso = regexp.MustCompile(`<p class="fonte-passo">(.*?)</p>`)

// TestPassiFontiCollegate: on the result page every step's source links
// its articles to Normattiva as the rules page does (lpu's Engine.Fonte),
// the case's, the Fondo's and the calendar's steps alike, and the page
// links the fattispecie's rules page.
func TestPassiFontiCollegate(t *testing.T) {
	s := serverProva(t)
	h, e := s.Handler(), s.regole().e
	for _, c := range []struct {
		id    string
		campi map[string]string
	}{
		{"cds186", map[string]string{"data": "10/06/2025", "pena.arresto.mesi": "1", "pena.ammenda": "1.500,00", "piano.inizio": "01/07/2025", "piano.giorni_settimana.sab": "4"}},
		{"gdp54", map[string]string{"data": "10/06/2025", "pena.giorni_lpu": "30"}},
	} {
		t.Run(c.id, func(t *testing.T) {
			p := fai(h, "POST", "/calcolo/"+c.id, "application/x-www-form-urlencoded", modulo186(c.campi)).Body.String()
			contiene(t, p, `id="risultato"`, `<a href="/regole/`+c.id+`">`)
			passi := reFontePasso.FindAllStringSubmatch(p, -1)
			collegati := 0
			for _, m := range passi {
				testo := html.UnescapeString(reTag.ReplaceAllString(strings.TrimPrefix(m[1], `<span class="visivamente-nascosto">Fonte: </span>`), ""))
				for _, pz := range e.Fonte(testo) {
					if pz.Indirizzo == "" {
						continue
					}
					if w := `<a class="normattiva" href="` + pz.Indirizzo + `" rel="noopener noreferrer external">` + template.HTMLEscapeString(pz.Testo) + `</a>`; !strings.Contains(html.UnescapeString(m[1]), html.UnescapeString(w)) {
						t.Errorf("the step's source %q does not link %q", testo, pz.Testo)
					}
					collegati++
				}
			}
			if len(passi) == 0 || collegati == 0 {
				t.Errorf("%d steps, %d articles linked", len(passi), collegati)
			}
		})
	}
}

// TestModuloUTF8NonValido: a byte that is not UTF-8 typed in a box, or in
// a permalink, is echoed as U+FFFD, as the API's JSON decoding reads it,
// never raw: the page stays valid UTF-8.
func TestModuloUTF8NonValido(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct {
		nome, metodo, url, corpo, voluto string
	}{
		{"calcolo, a date", "POST", "/calcolo/cds186", "data=10%FF06%2F2025&pena.ammenda=1500", "data non valida: «10\uFFFD06/2025»"},
		{"calcolo, the calendar's reference", "POST", "/calcolo/cds186", "data=10%2F06%2F2025&pena.ammenda=1500&piano.inizio=01%2F07%2F2025&piano.giorni_settimana.sab=4&piano.riferimento=R.G.%FF12",
			`value="R.G.` + "\uFFFD" + `12"`},
		{"permalink", "GET", "/calcolo/cds186?data=10/06/2025&pena.ammenda=1%FF500", "", "«1\uFFFD500»"},
		{"an unknown name in a permalink", "GET", "/calcolo/cds186?data=10/06/2025&pena.ammenda=1500&x%FFy=1", "", "x\uFFFDy"},
		{"convenzione", "POST", "/convenzione", "fattispecie=map&data=10/06/2025&convenzione.modello=dm2001&convenzione.decorrenza=1%FF", "1\uFFFD"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			tipo := ""
			if c.metodo == "POST" {
				tipo = "application/x-www-form-urlencoded"
			}
			p := fai(h, c.metodo, c.url, tipo, c.corpo).Body.String()
			if !utf8.ValidString(p) {
				t.Errorf("the page is not valid UTF-8")
			}
			contiene(t, html.UnescapeString(p), c.voluto)
		})
	}
	// The lotto page's file name and its small fields.
	for _, c := range []struct {
		nome, file string
		campi      map[string]string
		voluto     string
	}{
		{"lotto, the file's name", "lotto\xff.csv", map[string]string{"azione": "mostra"}, "Esiti di «lotto\uFFFD.csv»"},
		{"lotto, a field", "lotto.csv", map[string]string{"azione": "mostra", "ignora_colonne": "s\xff"}, "valore «s\uFFFD» non ammesso"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			corpo, tipo := moduloConFile(c.file, []byte("fattispecie;data;pena.giorni_lpu\ngdp54;10/06/2025;30\n"), c.campi)
			p := fai(h, "POST", "/lotto", tipo, corpo.String()).Body.String()
			if !utf8.ValidString(p) {
				t.Errorf("the page is not valid UTF-8")
			}
			contiene(t, html.UnescapeString(p), c.voluto)
		})
	}
}
