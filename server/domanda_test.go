package server

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lpu-it/lpu/rules"
)

// casoDomanda186 is the case of the prospetto (1 month 15 days of arresto,
// € 1.500 of ammenda: 51 days, 102 hours) with the domanda's personal data.
func casoDomanda186(formato string) url.Values {
	return url.Values{"data": {"10/06/2025"}, "pena.arresto.mesi": {"1"}, "pena.arresto.giorni": {"15"}, "pena.ammenda": {"1.500,00"},
		"domanda.ufficio": {"Tribunale di Pradalunga"}, "domanda.rg": {"4711/2025"}, "domanda.imputato": {"Zeferino Quaglierini"},
		"domanda.difensore": {"Ottavia Brambillasca"}, "domanda.ente": {"Comune di Pradalunga <ufficio tecnico> & biblioteca"},
		"formato": {formato}}
}

// testoDocx opens a .docx and returns the text of word/document.xml, after
// checking that every XML part of the package is well formed.
func testoDocx(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the domanda is not a zip package: %v", err)
	}
	var testo strings.Builder
	visti := map[string]bool{}
	for _, f := range z.File {
		visti[f.Name] = true
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(r)
		for {
			tok, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
			if f.Name == "word/document.xml" {
				switch x := tok.(type) {
				case xml.CharData:
					testo.Write(x)
				case xml.EndElement:
					if x.Name.Local == "p" {
						testo.WriteByte('\n')
					}
				}
			}
		}
		r.Close()
	}
	for _, p := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"} {
		if !visti[p] {
			t.Errorf("the package lacks %s", p)
		}
	}
	return testo.String()
}

// TestDomandaDocx: the domanda of the cds186 case is a Word document with
// the computed figures, the limits, the ente and the attachments the law
// wants; its name and the log hold no personal data.
func TestDomandaDocx(t *testing.T) {
	var log bytes.Buffer
	h := nuovoServer(t, &log).Handler()
	r := fai(h, "POST", "/calcolo/cds186/domanda", "application/x-www-form-urlencoded", casoDomanda186("docx").Encode())
	if r.Code != 200 {
		t.Fatalf("POST domanda = %d\n%s", r.Code, r.Body.String())
	}
	if ct := r.Header().Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := r.Header().Get("Content-Disposition"); cd != `attachment; filename="domanda-lpu-cds186-`+oggiProva.Format("2006-01-02")+`.docx"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if cc := r.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q; the domanda holds personal data", cc)
	}
	testo := testoDocx(t, r.Body.Bytes())
	for _, w := range []string{
		"All'Autorità giudiziaria procedente", "Tribunale di Pradalunga", "R.G. n. 4711/2025",
		"Domanda di sostituzione della pena con il lavoro di pubblica utilità",
		"Zeferino Quaglierini", "dall'avv. Ottavia Brambillasca",
		"ai sensi dell'art. 186 c.9-bis d.lgs. 285/1992, per 51 giorni di lavoro, pari a 102 ore",
		"Comune di Pradalunga <ufficio tecnico> & biblioteca",
		"dichiarazione di disponibilità dell'ente", "autocertificazione di non avere già ottenuto", "una sola volta",
		"di prestare il consenso", "Arresto: 1 mese e 15 giorni", "sha256:",
	} {
		if !strings.Contains(testo, w) {
			t.Errorf("the domanda lacks %q:\n%s", w, testo)
		}
	}
	for _, w := range []string{"Giudice per le indagini preliminari", "programma di trattamento", "fatti.", "pena.arresto"} {
		if strings.Contains(testo, w) {
			t.Errorf("the domanda of a judgment holds %q", w)
		}
	}
	for _, w := range []string{"Quaglierini", "Brambillasca", "Pradalunga", "4711/2025"} {
		if strings.Contains(log.String(), w) {
			t.Errorf("the log holds %q", w)
		}
	}
}

// TestDomandaGIP: after a decreto penale the domanda goes to the GIP, with
// the decree among the attachments; 56-bis adds the prescriptions and the
// UEPE programme.
func TestDomandaGIP(t *testing.T) {
	h := serverProva(t).Handler()
	f := url.Values{"data": {"10/06/2025"}, "pena.reclusione.mesi": {"6"}, "fatti.decreto_penale": {"sì"},
		"domanda.giudice": {"gip"}, "domanda.decreto": {"n. 123/2025 notificato il 02/06/2025"}, "formato": {"docx"}}
	r := fai(h, "POST", "/calcolo/l689_56bis/domanda", "application/x-www-form-urlencoded", f.Encode())
	if r.Code != 200 {
		t.Fatalf("POST domanda = %d\n%s", r.Code, r.Body.String())
	}
	testo := testoDocx(t, r.Body.Bytes())
	for _, w := range []string{"Al Giudice per le indagini preliminari", "decreto penale di condanna n. 123/2025 notificato il 02/06/2025",
		"nel termine di quindici giorni dalla sua notifica", "180 giorni di lavoro, pari a 360 ore", "almeno 6 ore e al più 15 ore a settimana e al più 8 ore al giorno",
		"art. 56-ter", "programma di trattamento", "copia del decreto penale", "____"} {
		if !strings.Contains(testo, w) {
			t.Errorf("the domanda lacks %q:\n%s", w, testo)
		}
	}
	if strings.Contains(testo, "n. n.") {
		t.Errorf("the «n.» typed before the decree's number is written twice:\n%s", testo)
	}
	if strings.Contains(testo, "autocertificazione") {
		t.Errorf("56-bis has no once-only limit, yet the domanda asks for the autocertificazione:\n%s", testo)
	}
}

// TestDomandaGIPLimiteDecreto: a domanda to the GIP is computed as after a
// decreto penale, box ticked or not: 1 year and 4 months of reclusione are
// over its limit of one year (art. 53 c.2 L. 689/1981), and no domanda is
// made for 480 days.
func TestDomandaGIPLimiteDecreto(t *testing.T) {
	f := url.Values{"data": {"10/06/2025"}, "pena.reclusione.anni": {"1"}, "pena.reclusione.mesi": {"4"},
		"domanda.giudice": {"gip"}, "formato": {"html"}}
	r := fai(serverProva(t).Handler(), "POST", "/calcolo/l689_56bis/domanda", "application/x-www-form-urlencoded", f.Encode())
	p := testoPagina(r.Body.String())
	if r.Code != 422 {
		t.Fatalf("POST domanda = %d; want 422\n%s", r.Code, p)
	}
	contiene(t, p, "dopo un decreto penale di condanna la sostituzione è esclusa", "art. 53 c.2")
	nonContiene(t, p, "480 giorni di lavoro")
}

// TestDomandaGIPDalleRegole: what a domanda to the GIP brings to the
// case, and the words of its refusal, are the rules' (domanda_gip,
// domanda_decreto_esclusa), not the server's: rules without domanda_gip
// compute 1 year and 4 months as after a sentence (480 days, within three
// years) and do not offer the GIP first for a case with a decreto penale;
// a label of their own is the refusal's message.
func TestDomandaGIPDalleRegole(t *testing.T) {
	src, err := fs.ReadFile(rules.FS, "l689_56bis.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dichiarazione := []byte("domanda_gip:\n  fatti.decreto_penale: true\n")
	if !bytes.Contains(src, dichiarazione) {
		t.Fatal("l689_56bis.yaml does not declare domanda_gip as this test expects")
	}
	forma := "application/x-www-form-urlencoded"
	gip := url.Values{"data": {"10/06/2025"}, "pena.reclusione.anni": {"1"}, "pena.reclusione.mesi": {"4"}, "domanda.giudice": {"gip"}, "formato": {"html"}}

	senza := gestoreConRegole(t, regoleReali(t, fileFattispecie...), fstest.MapFS{"l689_56bis.yaml": {Data: bytes.Replace(src, dichiarazione, nil, 1)}})
	r := fai(senza, "POST", "/calcolo/l689_56bis/domanda", forma, gip.Encode())
	if r.Code != 200 {
		t.Fatalf("POST domanda without domanda_gip = %d; want 200\n%s", r.Code, testoPagina(r.Body.String()))
	}
	contiene(t, testoPagina(r.Body.String()), "Al Giudice per le indagini preliminari", "480 giorni di lavoro")
	p := fai(senza, "POST", "/calcolo/l689_56bis", forma, "data=10/06/2025&pena.reclusione.mesi=6&fatti.decreto_penale=sì").Body.String()
	contiene(t, p, `value="procede" checked`)
	nonContiene(t, p, `value="gip" checked`)
	p = fai(serverProva(t).Handler(), "POST", "/calcolo/l689_56bis", forma, "data=10/06/2025&pena.reclusione.mesi=6&fatti.decreto_penale=sì").Body.String()
	contiene(t, p, `value="gip" checked`)

	parole := gestoreConRegole(t, regoleReali(t, fileFattispecie...), fstest.MapFS{"l689_56bis.yaml": {Data: regexp.MustCompile(`(?m)^  domanda_decreto_esclusa: .*$`).ReplaceAll(src,
		[]byte(`  domanda_decreto_esclusa: "con il decreto penale la pena supera il limite dell'art. 53 c.2: nessuna domanda"`))}})
	r = fai(parole, "POST", "/calcolo/l689_56bis/domanda", forma, gip.Encode())
	if r.Code != 422 {
		t.Fatalf("POST domanda = %d; want 422", r.Code)
	}
	contiene(t, testoPagina(r.Body.String()), "con il decreto penale la pena supera il limite dell'art. 53 c.2: nessuna domanda (la pena detentiva di 480 giorni")
	nonContiene(t, testoPagina(r.Body.String()), "dopo un decreto penale di condanna la sostituzione è esclusa")
}

// TestDomandaSenzaEsecuzione: the domanda comes before the sentence: the
// hours already served of the case (a field of the calculator) are not
// among its data, and its figures are the whole sentence's.
func TestDomandaSenzaEsecuzione(t *testing.T) {
	f := url.Values{"data": {"10/06/2025"}, "pena.giorni_lpu": {"30"}, "esecuzione.ore_svolte": {"7"}, "formato": {"html"}}
	r := fai(serverProva(t).Handler(), "POST", "/calcolo/gdp54/domanda", "application/x-www-form-urlencoded", f.Encode())
	if r.Code != 200 {
		t.Fatalf("POST domanda = %d\n%s", r.Code, r.Body.String())
	}
	p := testoPagina(r.Body.String())
	contiene(t, p, "30 giorni di lavoro, pari a 60 ore")
	nonContiene(t, p, "già svolte", "ancora da svolgere", "60 − 7")
}

var reParagrafo = regexp.MustCompile(`<p class="d-`)

// TestDomandaStampa: the same domanda as a page to print, with a link back
// to the case that carries no personal data.
func TestDomandaStampa(t *testing.T) {
	h := serverProva(t).Handler()
	r := fai(h, "POST", "/calcolo/cds186/domanda", "application/x-www-form-urlencoded", casoDomanda186("html").Encode())
	if r.Code != 200 {
		t.Fatalf("POST domanda = %d\n%s", r.Code, r.Body.String())
	}
	p := r.Body.String()
	contiene(t, p, `class="domanda"`, "51 giorni di lavoro, pari a 102 ore", "Zeferino Quaglierini", "&lt;ufficio tecnico&gt; &amp; biblioteca",
		`href="/calcolo/cds186?`, "data-stampa")
	if n := len(reParagrafo.FindAllString(p, -1)); n < 10 {
		t.Errorf("the page has %d paragraphs", n)
	}
	for _, m := range regexp.MustCompile(`href="(/calcolo/[^"]*)"`).FindAllStringSubmatch(p, -1) {
		if strings.Contains(m[1], "Quaglierini") || strings.Contains(m[1], "domanda") {
			t.Errorf("a link of the page holds personal data: %s", m[1])
		}
	}
}

// TestDomandaRifiuti: an excluded case, a fattispecie without a domanda, a
// bad format, an unreadable case.
func TestDomandaRifiuti(t *testing.T) {
	h := serverProva(t).Handler()
	forma := "application/x-www-form-urlencoded"
	escluso := casoDomanda186("docx")
	escluso.Set("fatti.incidente", "sì")
	for _, c := range []struct {
		percorso, corpo string
		stato           int
		codice          string
	}{
		{"/calcolo/cds186/domanda", escluso.Encode(), 422, "esclusa"},
		{"/calcolo/map/domanda", "formato=docx&data=10/06/2025", 404, "non prevedono una domanda"},
		{"/calcolo/nessuna/domanda", "formato=docx", 404, "sconosciuta"},
		{"/calcolo/cds186/domanda", "formato=pdf&pena.ammenda=1500", 400, "formato della domanda"},
		{"/calcolo/cds186/domanda", "formato=docx&pena.ammenda=mille", 400, "dati del caso non sono validi"},
	} {
		r := fai(h, "POST", c.percorso, forma, c.corpo)
		if r.Code != c.stato || !strings.Contains(r.Body.String(), c.codice) {
			t.Errorf("POST %s %s = %d; want %d with %q", c.percorso, c.corpo, r.Code, c.stato, c.codice)
		}
		if strings.Contains(r.Body.String(), "Quaglierini") {
			t.Errorf("POST %s: the error page echoes personal data", c.percorso)
		}
	}
	// Personal data never in an address: a GET makes no domanda from its
	// query, and the redirect to the form does not carry the query on.
	if r := fai(h, "GET", "/calcolo/cds186/domanda?formato=docx&domanda.imputato=Quaglierini", "", ""); r.Code != 303 ||
		r.Header().Get("Location") != "/calcolo/cds186" || strings.Contains(r.Body.String(), "Quaglierini") {
		t.Errorf("GET domanda = %d, Location %q; want 303 to /calcolo/cds186 without the query", r.Code, r.Header().Get("Location"))
	}
}

// TestDomandaModulo: the result page offers the domanda with the case in
// hidden fields and empty personal fields; an excluded case and MAP do not.
func TestDomandaModulo(t *testing.T) {
	h := serverProva(t).Handler()
	forma := "application/x-www-form-urlencoded"
	p := fai(h, "POST", "/calcolo/cds186", forma, "data=10/06/2025&pena.arresto.mesi=1&pena.arresto.giorni=15&pena.ammenda=1.500,00&piano.sospensione.motivo=ricovero").Body.String()
	contiene(t, p, `id="domanda" method="post" action="/calcolo/cds186/domanda"`, `type="hidden" name="pena.ammenda" value="1.500,00"`,
		`name="domanda.imputato"`, `name="formato" value="docx"`, `value="gip"`, "una sola volta")
	nonContiene(t, p, `name="piano.sospensione.motivo" value`, `type="hidden" name="domanda.`)
	nonContiene(t, fai(h, "POST", "/calcolo/cds186", forma, "data=10/06/2025&pena.ammenda=1500&fatti.incidente=sì").Body.String(), `id="domanda"`)
	nonContiene(t, fai(h, "POST", "/calcolo/map", forma, "data=10/06/2025&pena.ore_lpu=100").Body.String(), `id="domanda"`)
}

// TestSenzaNumero: the document writes «decreto penale di condanna n.»,
// so the «n.» a lawyer types before the number goes.
func TestSenzaNumero(t *testing.T) {
	for in, want := range map[string]string{
		"55/2025": "55/2025", "n. 55/2025": "55/2025", "N.55/2025": "55/2025", "n° 55/2025": "55/2025",
		"nr. 55/2025": "55/2025", "Nr.55/2025": "55/2025", "num. 55/2025": "55/2025", "numero 55/2025": "55/2025",
		"n 55/2025": "55/2025", "nota 55": "nota 55", "N/A": "N/A", "": "",
	} {
		if got := senzaNumero(in); got != want {
			t.Errorf("senzaNumero(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestPulito(t *testing.T) {
	if g := pulito(" Rossi\nMario\u2028x  \t y "); g != "Rossi Mario x y" {
		t.Errorf("pulito = %q", g)
	}
	if g := pulito(strings.Repeat("è", 300)); len([]rune(g)) != maxCampoDomanda {
		t.Errorf("pulito keeps %d runes", len([]rune(g)))
	}
}

// TestCampiDomandaDichiarati: the personal fields of the domanda are the
// vocabulary's (richieste.domanda), with their Italian labels, and they
// are exactly those the document reads: each declared field fills one
// member of personaDomanda, and every member is filled.
func TestCampiDomandaDichiarati(t *testing.T) {
	campi := nuoveEtichette(motore(t)).domanda
	if len(campi) == 0 {
		t.Fatal("the vocabulary declares no field of the domanda")
	}
	form := url.Values{}
	for _, c := range campi {
		if c.Etichetta == "" || c.Tipo != "testo" || c.Max != maxCampoDomanda {
			t.Errorf("%s: %+v; want a testo with a label and max %d", c.Nome, c, maxCampoDomanda)
		}
		form.Set(c.Nome, c.Nome)
	}
	p := reflect.ValueOf(leggiPersona(form))
	letti := map[string]bool{}
	for i := 0; i < p.NumField(); i++ {
		v := p.Field(i).String()
		if v == "" {
			t.Errorf("personaDomanda.%s: no declared field fills it", p.Type().Field(i).Name)
		}
		letti[v] = true
	}
	for _, c := range campi {
		if !letti[c.Nome] {
			t.Errorf("%s is declared but the document does not read it", c.Nome)
		}
	}
}

// TestDomandaGET: opening the domanda's address with GET (a reload, a
// bookmark) sends the person to the calculator's form (303), not to an
// error page about methods.
func TestDomandaGET(t *testing.T) {
	h := serverProva(t).Handler()
	for u, want := range map[string]string{
		"/calcolo/cds186/domanda":           "/calcolo/cds186",
		"/calcolo/cds186/domanda?x=1":       "/calcolo/cds186",
		"/calcolo/nessuna%20cosa/domanda":   "/calcolo/nessuna%20cosa",
		"/calcolo/%2F%2Fesempio.it/domanda": "", // no redirect off the site
	} {
		r := fai(h, "GET", u, "", "")
		if want == "" {
			if loc := r.Header().Get("Location"); r.Code != http.StatusNotFound || strings.HasPrefix(loc, "//") || strings.Contains(loc, "://") {
				t.Errorf("GET %s: status %d, Location %q; want 404, no redirect off the site", u, r.Code, loc)
			}
			continue
		}
		if r.Code != http.StatusSeeOther || r.Header().Get("Location") != want {
			t.Errorf("GET %s: status %d, Location %q; want 303 %s", u, r.Code, r.Header().Get("Location"), want)
		}
	}
	// The form it sends to is there.
	if r := fai(h, "GET", "/calcolo/cds186", "", ""); r.Code != 200 {
		t.Errorf("GET /calcolo/cds186: status %d", r.Code)
	}
}

// TestDomandaSettimaneUguali: when the least and the most weeks are the
// same the domanda gives the duration once: 3 days of reclusione are 6
// hours of LPU sostitutivo, one week at 6 to 15 hours a week.
func TestDomandaSettimaneUguali(t *testing.T) {
	var log bytes.Buffer
	h := nuovoServer(t, &log).Handler()
	v := url.Values{"data": {"10/06/2025"}, "pena.reclusione.giorni": {"3"},
		"domanda.ufficio": {"Tribunale di Pradalunga"}, "domanda.rg": {"4711/2025"}, "domanda.imputato": {"Zeferino Quaglierini"},
		"domanda.difensore": {"Ottavia Brambillasca"}, "domanda.ente": {"Comune di Pradalunga"}, "formato": {"docx"}}
	r := fai(h, "POST", "/calcolo/l689_56bis/domanda", "application/x-www-form-urlencoded", v.Encode())
	if r.Code != 200 {
		t.Fatalf("POST domanda = %d\n%s", r.Code, r.Body.String())
	}
	testo := testoDocx(t, r.Body.Bytes())
	if !strings.Contains(testo, "durata di 1 settimana)") || strings.Contains(testo, "di almeno 1 settimana") {
		t.Errorf("the domanda does not give the one week once:\n%s", testo)
	}
}
