package server

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var rePermalink = regexp.MustCompile(`id="permalink" href="([^"]*)"`)

// TestPermalink: the result's link is a GET that computes the same case,
// with what was typed and nothing more (not a suspension's reason).
func TestPermalink(t *testing.T) {
	h := serverProva(t).Handler()
	corpo := "data=10/06/2025&pena.arresto.mesi=1&pena.arresto.giorni=15&pena.ammenda=1.500,00&fatti.sostituzioni_precedenti=&" +
		"piano.inizio=01/07/2025&piano.giorni_settimana.sab=4&piano.sospensione.dal=01/08/2025&piano.sospensione.al=10/08/2025&piano.sospensione.motivo=ricovero+ospedaliero"
	r := fai(h, "POST", "/calcolo/cds186", "application/x-www-form-urlencoded", corpo)
	m := rePermalink.FindStringSubmatch(r.Body.String())
	if m == nil {
		t.Fatal("no permalink on the result")
	}
	link := html.UnescapeString(m[1])
	link, _, _ = strings.Cut(link, "#")
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("pena.ammenda") != "1.500,00" || q.Get("piano.sospensione.dal") != "01/08/2025" {
		t.Errorf("permalink %s lacks what was typed", link)
	}
	if q.Has("piano.sospensione.motivo") || q.Has("fatti.sostituzioni_precedenti") || strings.Contains(link, "ricovero") {
		t.Errorf("permalink %s holds a reason or an empty field", link)
	}
	g := fai(h, "GET", link, "", "")
	if g.Code != 200 {
		t.Fatalf("GET %s = %d", link, g.Code)
	}
	p := g.Body.String()
	contiene(t, p, `<dd id="ore">102</dd>`, `<dd id="giorni">51</dd>`, `id="piano"`, `value="1.500,00"`, `id="testo-copia"`)
	if q := rePermalink.FindStringSubmatch(p); q == nil || html.UnescapeString(q[1]) != html.UnescapeString(m[1]) {
		t.Errorf("the permalink's page links elsewhere: %v", q)
	}

	// A name the form does not know is refused, not ignored.
	r = fai(h, "GET", "/calcolo/cds186?pena.ammenda=1500&imputato=Rossi", "", "")
	if r.Code != 400 || !strings.Contains(r.Body.String(), "«imputato»") {
		t.Errorf("unknown parameter: %d; want 400 naming it", r.Code)
	}
	nonContiene(t, r.Body.String(), "Rossi")
	// The plain form has no result.
	nonContiene(t, fai(h, "GET", "/calcolo/cds186", "", "").Body.String(), `id="risultato"`)
}

// TestSettimane: the «Durata in settimane» of the result page is the
// rules' figure, with the article it comes from, never a division the
// server makes: five days of gdp55 (10 hours) would be two weeks at six
// hours, but art. 55 c.1 wants the work done in no less than a month.
func TestSettimane(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct {
		nome, url string
		cifra     string // the figure; "" for none
		fonti     []string
	}{
		// (and at most the six months of art. 55 c.1, 26 weeks)
		{"gdp55, cinque giorni", "/calcolo/gdp55?data=10/06/2025&pena.multa=1.250", "almeno 5, al più 26",
			[]string{"Almeno 5 settimane (<span class=\"fonte\">art. 55 c.1", "al più 26 settimane (<span class=\"fonte\">art. 55 c.1 d.lgs. 274/2000 («per un periodo non inferiore ad un mese e non superiore a sei mesi»)"}},
		// the least and the most the same: the figure once, not «almeno 26, al più 26»,
		// and so its note, with both sources
		{"gdp55, ventisei settimane", "/calcolo/gdp55?data=10/06/2025&pena.multa=19.500", "26",
			[]string{"Né più né meno di 26 settimane (<span class=\"fonte\">art. 55 c.1", "</span>; <span class=\"fonte\">art. 55 c.1 d.lgs. 274/2000"}},
		// cp165: at most the six months Cass. 20297/2015 counts in weeks
		{"cp165", "/calcolo/cp165?data=10/06/2025&pena.reclusione.mesi=4&pena.giorni_lpu=60", "almeno 20, al più 26",
			[]string{"Almeno 20 settimane (<span class=\"fonte\">art. 18-bis disp. coord. c.p.; art. 54 c.3 e 5 d.lgs. 274/2000", "al più 26 settimane (<span class=\"fonte\">art. 18-bis disp. coord. c.p.; art. 54 c.2 d.lgs. 274/2000; Cass. 20297/2015</span>)"}},
		{"cds186", "/calcolo/cds186?data=10/06/2025&pena.arresto.mesi=1&pena.arresto.giorni=15&pena.ammenda=1.500", "almeno 17",
			[]string{"Almeno 17 settimane (<span class=\"fonte\">art. 54 c.3 e 5 d.lgs. 274/2000</span>)"}},
		{"l689_56bis", "/calcolo/l689_56bis?data=10/06/2025&pena.reclusione.anni=1&pena.reclusione.mesi=4", "almeno 64, al più 160",
			[]string{"Almeno 64 settimane (<span class=\"fonte\">art. 56-bis L. 689/1981", "al più 160 settimane (<span class=\"fonte\">art. 56-bis L. 689/1981"}},
		{"map, senza limite settimanale", "/calcolo/map?data=10/06/2025&pena.ore_lpu=120&fatti.pena_edittale_max.anni=4", "", nil},
	} {
		r := fai(h, "GET", c.url, "", "")
		if r.Code != 200 {
			t.Fatalf("%s: GET %s = %d\n%s", c.nome, c.url, r.Code, r.Body.String())
		}
		p := html.UnescapeString(r.Body.String())
		if c.cifra == "" {
			nonContiene(t, p, `id="settimane"`)
			continue
		}
		contiene(t, p, `<dd id="settimane">`+c.cifra+`</dd>`)
		// the articles linked to Normattiva, as in the steps
		_, nota, _ := strings.Cut(p, `id="settimane-fonti">`)
		nota, _, _ = strings.Cut(nota, "</p>")
		contiene(t, nota, `<a class="normattiva" href="https://www.normattiva.it/`)
		contiene(t, reLinkNormattiva.ReplaceAllString(p, ""), c.fonti...)
	}
}

var reLinkNormattiva = regexp.MustCompile(`<a class="normattiva"[^>]*>|</a>`)

// TestCopia: the text to paste says what the page says, in plain words.
func TestCopia(t *testing.T) {
	r := fai(serverProva(t).Handler(), "GET", "/calcolo/l689_56bis?data=10/06/2025&pena.reclusione.anni=1&pena.reclusione.mesi=4", "", "")
	p := html.UnescapeString(r.Body.String())
	i := strings.Index(p, `<textarea id="testo-copia" readonly rows="8">`)
	j := strings.Index(p, "</textarea>")
	if i < 0 || j < i {
		t.Fatal("no text to copy")
	}
	testo := p[i:j]
	// The title, which ends with its article, and the source apart: not
	// «… (art. 56-bis L. 689/1981) (artt. 53, 56-bis …)».
	if !strings.Contains(testo, "Lavoro di pubblica utilità sostitutivo (art. 56-bis L. 689/1981). Fonte: artt. 53, 56-bis") {
		t.Errorf("the text does not give the title, then its source:\n%s", testo)
	}
	for _, w := range []string{"Legge in vigore al 10/06/2025", "Reclusione: 1 anno e 4 mesi", "è ammessa", "480, pari a 960 ore",
		"almeno 6 ore a settimana", "al più 15 ore a settimana", "di almeno 64 settimane (art. 56-bis L. 689/1981", "e di al più 160 settimane (art. 56-bis L. 689/1981", "1. ", "sha256:"} {
		if !strings.Contains(testo, w) {
			t.Errorf("the text lacks %q:\n%s", w, testo)
		}
	}
	if n := nomiInterni(testo); len(n) > 0 {
		t.Errorf("the text names %q", n)
	}
}

// TestCopiaSettimaneUguali: when the least and the most weeks are the
// same the text to copy gives the figure once, with both sources.
func TestCopiaSettimaneUguali(t *testing.T) {
	r := fai(serverProva(t).Handler(), "GET", "/calcolo/gdp55?data=10/06/2025&pena.multa=19.500", "", "")
	p := html.UnescapeString(r.Body.String())
	i := strings.Index(p, `<textarea id="testo-copia" readonly rows="8">`)
	j := strings.Index(p, "</textarea>")
	if i < 0 || j < i {
		t.Fatal("no text to copy")
	}
	testo := p[i:j]
	if !strings.Contains(testo, "; durata di 26 settimane (art. 55 c.1 e art. 54 c.3 e 5 d.lgs. 274/2000; art. 55 c.1 d.lgs. 274/2000") {
		t.Errorf("the text does not give the 26 weeks once:\n%s", testo)
	}
	if strings.Contains(testo, "durata di almeno 26") {
		t.Errorf("the text says «almeno 26 … al più 26»:\n%s", testo)
	}
}

// TestDatiCasoUnita: an amount of the case's data is written once with
// its unit, «Ammenda: € 1.500», not «Ammenda (€): € 1.500», on the
// result page, in the text to copy and in the domanda.
func TestDatiCasoUnita(t *testing.T) {
	h := serverProva(t).Handler()
	pagina := html.UnescapeString(fai(h, "GET", "/calcolo/cds186?data=10/06/2025&pena.arresto.mesi=1&pena.arresto.giorni=15&pena.ammenda=1.500", "", "").Body.String())
	domanda := fai(h, "POST", "/calcolo/cds186/domanda", "application/x-www-form-urlencoded", casoDomanda186("html").Encode())
	if domanda.Code != 200 {
		t.Fatalf("POST domanda = %d\n%s", domanda.Code, domanda.Body.String())
	}
	i, j := strings.Index(pagina, `<textarea id="testo-copia"`), strings.Index(pagina, "</textarea>")
	if i < 0 || j < i {
		t.Fatal("no text to copy")
	}
	// (the form's box keeps its unit: «Ammenda (€)» is what is typed in it)
	_, dati, _ := strings.Cut(pagina, `<dl class="coppie dati-caso">`)
	dati, _, _ = strings.Cut(dati, "</dl>")
	for _, c := range []struct{ dove, testo, want string }{
		{"the data of the case", dati, "<dt>Ammenda</dt><dd>€ 1.500</dd>"},
		{"the text to copy", pagina[i:j], "Ammenda: € 1.500"},
		{"the domanda", html.UnescapeString(domanda.Body.String()), "Ammenda: € 1.500"},
	} {
		if !strings.Contains(c.testo, c.want) {
			t.Errorf("%s lacks %q", c.dove, c.want)
		}
		if k := strings.Index(c.testo, "Ammenda (€)"); k >= 0 {
			t.Errorf("%s writes the unit twice: …%s…", c.dove, c.testo[k:min(len(c.testo), k+40)])
		}
	}
}

// TestResiduoPerSpecie: for artt. 186 and 187 C.d.S. the page and the
// text to copy give the penalty to restore on revoca by kind, each row
// only for a penalty imposed («Giorni di arresto da ripristinare 0» is
// not the answer to an ammenda alone); the other fattispecie keep the
// days of penalty.
func TestResiduoPerSpecie(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct {
		nome, url          string
		pagina, copia, non []string
	}{
		{"sola ammenda", "/calcolo/cds186?data=15/03/2026&pena.ammenda=1.100&esecuzione.ore_svolte=2",
			[]string{"<dt>Ammenda da ripristinare</dt><dd id=\"residuo-ammenda\">€ 1.100"},
			[]string{"In caso di revoca: ore ancora da svolgere 8; ammenda da ripristinare € 1.100."},
			[]string{"Giorni di arresto da ripristinare", "giorni di arresto da ripristinare", "Giorni di pena da ripristinare", "giorni di pena da ripristinare"}},
		{"arresto e ammenda", "/calcolo/cds186?data=10/06/2025&pena.arresto.mesi=1&pena.arresto.giorni=15&pena.ammenda=1.500&esecuzione.ore_svolte=30",
			[]string{"<dt>Giorni di arresto da ripristinare</dt><dd id=\"residuo-arresto\">40 ", "<dt>Ammenda da ripristinare</dt><dd id=\"residuo-ammenda\">€ 1.500</dd>"},
			[]string{"In caso di revoca: ore ancora da svolgere 72; giorni di arresto da ripristinare 40; ammenda da ripristinare € 1.500."},
			[]string{"Giorni di pena da ripristinare", "giorni di pena da ripristinare"}},
		{"solo arresto", "/calcolo/cds187?data=10/06/2025&pena.arresto.mesi=6&esecuzione.ore_svolte=30",
			[]string{"<dt>Giorni di arresto da ripristinare</dt><dd id=\"residuo-arresto\">175 "},
			[]string{"In caso di revoca: ore ancora da svolgere 330; giorni di arresto da ripristinare 175."},
			[]string{"Ammenda da ripristinare", "ammenda da ripristinare", "Giorni di pena da ripristinare"}},
		{"altra fattispecie", "/calcolo/dpr309_73?data=10/06/2025&pena.reclusione.mesi=6&esecuzione.ore_svolte=30",
			[]string{"<dt>Giorni di pena detentiva sostituita da ripristinare</dt>"},
			[]string{"giorni di pena da ripristinare "},
			[]string{"id=\"residuo-arresto\"", "id=\"residuo-ammenda\"", "giorni di arresto da ripristinare"}},
	} {
		r := fai(h, "GET", c.url, "", "")
		if r.Code != 200 {
			t.Fatalf("%s: GET %s = %d\n%s", c.nome, c.url, r.Code, r.Body.String())
		}
		p := html.UnescapeString(r.Body.String())
		i, j := strings.Index(p, `<textarea id="testo-copia"`), strings.Index(p, "</textarea>")
		if i < 0 || j < i {
			t.Fatalf("%s: no text to copy", c.nome)
		}
		contiene(t, p[:i], c.pagina...)
		contiene(t, p[i:j], c.copia...)
		_, revoca, _ := strings.Cut(p, "In caso di revoca")
		revoca, _, _ = strings.Cut(revoca, "</dl>")
		_, copia, _ := strings.Cut(p[i:j], "In caso di revoca")
		copia, _, _ = strings.Cut(copia, "\n")
		nonContiene(t, revoca+"\n"+copia, c.non...)
	}
}
