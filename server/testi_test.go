package server

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lpu-it/lpu/lpu"
)

// reNomeInterno finds what a lawyer must never read: a name as programs
// write it (giornate_lavorate, map.per_pena_detentiva) or a field path
// (fatti.convenzione). Legal abbreviations (c.p.p., d.lgs., c.9-bis) are
// not names.
var reNomeInterno = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b(?:pena|fatti|esecuzione|opzioni|residuo|piano|legge|convenzione|periodo|sospensioni|fondo|calcolo)\.[a-z_]+`)

func nomiInterni(testo string) []string { return reNomeInterno.FindAllString(testo, -1) }

var reTag = regexp.MustCompile(`<[^>]*>`)

// nascosti are the elements whose content a reader does not see.
var nascosti = []string{"script", "style", "head", "title", "svg"}

// testoPagina is the text of an HTML page, without its tags and
// attributes.
func testoPagina(p string) string {
	return html.UnescapeString(senzaTag(senzaBlocchi(p, nascosti, true, " "), " "))
}

// senzaTag replaces each tag of s, from a '<' to the first '>' after it,
// with sep: what reTag.ReplaceAllString(s, sep) gives. Pages are read
// with strings.IndexByte, not regular expressions: under -race these
// cost more than a second over the pages the tests read, and
// strings.Index, in assembly, is not instrumented.
func senzaTag(s, sep string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(sep)
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// senzaBlocchi replaces with sep each block of s that opens with an
// element named in nomi and ends at the first closing tag of any of
// them after it: what (?s)<(script|style)\b.*?</(script|style)> gives
// when parola (the name a whole word), and (?s)<(script|style)[^>]*>.*?
// </(script|style)> when not (the name may run on, and the block's end
// is looked for after the opening tag's '>').
func senzaBlocchi(s string, nomi []string, parola bool, sep string) string {
	var b strings.Builder
	b.Grow(len(s))
	copiato := 0
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		dentro := -1 // where the block's end is looked for
		for _, n := range nomi {
			if strings.HasPrefix(s[i+1:], n) && (!parola || i+1+len(n) == len(s) || !carattereDiParola(s[i+1+len(n)])) {
				dentro = i + 1 + len(n)
				break
			}
		}
		if dentro < 0 {
			i++
			continue
		}
		if !parola {
			g := strings.IndexByte(s[dentro:], '>')
			if g < 0 {
				break // no tag ends after this one: no block either
			}
			dentro += g + 1
		}
		fine := -1
		for c := dentro; fine < 0; c += 2 {
			x := strings.Index(s[c:], "</")
			if x < 0 {
				break
			}
			c += x
			for _, n := range nomi {
				if strings.HasPrefix(s[c+2:], n+">") {
					fine = c + 2 + len(n) + 1
					break
				}
			}
		}
		if fine < 0 {
			break // no block closes after this one: none after it either
		}
		b.WriteString(s[copiato:i])
		b.WriteString(sep)
		copiato, i = fine, fine
	}
	b.WriteString(s[copiato:])
	return b.String()
}

// carattereDiParola is a character of \w.
func carattereDiParola(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// TestPagineSenzaNomiDiCampo: no page a lawyer reads shows a field path
// or a program's name, whatever the case (allowed, excluded, with caveats
// about fields left empty, with an error).
func TestPagineSenzaNomiDiCampo(t *testing.T) {
	h := serverProva(t).Handler()
	form := "application/x-www-form-urlencoded"
	for _, c := range []struct{ metodo, url, corpo string }{
		{"GET", "/", ""},
		{"GET", "/glossario", ""},
		{"GET", "/calcolo/map", ""},
		{"POST", "/calcolo/cds186", "data=10/06/2025&pena.arresto.mesi=1&pena.arresto.giorni=15&pena.ammenda=1.100&esecuzione.ore_svolte=20&piano.inizio=01/07/2025&piano.giorni_settimana.sab=4"},
		{"POST", "/calcolo/cds186", "data=10/06/2025&pena.arresto.mesi=1&pena.ammenda=1.500&fatti.incidente=s%C3%AC"},
		{"POST", "/calcolo/cds186", "pena.ammenda=mille"},
		{"POST", "/calcolo/l689_56bis", "data=10/06/2025&pena.reclusione.anni=1&pena.reclusione.mesi=4&esecuzione.ore_svolte=200&opzioni.ragguaglio_residuo=art58&fatti.convenzione=dm2023_56bis&piano.inizio=01/09/2025&piano.giorni_settimana.lun=4"},
		{"POST", "/calcolo/map", "data=10/06/2025&fatti.pena_edittale_max.anni=3&pena.ore_lpu=120"},
		{"POST", "/calcolo/dpr309_73", "data=10/06/2025&pena.reclusione.mesi=8&fatti.comma=5-ter&fatti.sostituzioni_precedenti=1"},
		{"POST", "/calcolo/gdp54", "data=10/06/2025&pena.giorni_lpu=20&opzioni.mese=calendario"},
	} {
		r := fai(h, c.metodo, c.url, form, c.corpo)
		if nomi := nomiInterni(testoPagina(r.Body.String())); len(nomi) > 0 {
			t.Errorf("%s %s %s: the page shows %q", c.metodo, c.url, c.corpo, nomi)
		}
	}
}

// TestCasoEscluso: an excluded case says so first, greys its figures and
// gives no Fondo INAIL deadline or premium, as if the work could start.
func TestCasoEscluso(t *testing.T) {
	r := fai(serverProva(t).Handler(), "POST", "/calcolo/cds186", "application/x-www-form-urlencoded",
		"data=10/06/2025&pena.arresto.mesi=1&pena.arresto.giorni=15&pena.ammenda=1.500&fatti.incidente=s%C3%AC")
	p := r.Body.String()
	contiene(t, p, "è esclusa", `class="cifre cifre-escluse"`, "La copertura del Fondo INAIL non rileva")
	nonContiene(t, testoVisibile(p), "richiesta all'INAIL entro", "premio stimato", "Avvertenze sul Fondo INAIL")
	if i, j := strings.Index(p, "esito-no"), strings.Index(p, `id="ore"`); i < 0 || j < i {
		t.Error("the exclusion must come before the figures")
	}
}

// TestGruppoDellaFattispecie: a fattispecie names a group of the form its
// own way (etichette gruppo_pena_titolo): a messa alla prova has a
// programme, no «Pena inflitta»; the others keep the vocabulary's title.
func TestGruppoDellaFattispecie(t *testing.T) {
	h := serverProva(t).Handler()
	mappa := testoPagina(fai(h, "GET", "/calcolo/map", "", "").Body.String())
	contiene(t, mappa, "Lavoro del programma di trattamento")
	nonContiene(t, mappa, "Pena inflitta", "Come nel dispositivo")
	contiene(t, testoPagina(fai(h, "GET", "/calcolo/cds186", "", "").Body.String()), "Pena inflitta", "Come nel dispositivo")
}

// TestFondoNonCopre: a case the Fund does not cover gives no deadline
// to ask it nor its premium, which would read as what the entity must
// do and what the Fund pays.
func TestFondoNonCopre(t *testing.T) {
	r := fai(serverProva(t).Handler(), "POST", "/calcolo/cp165", "application/x-www-form-urlencoded",
		"data=10/06/2025&pena.reclusione.mesi=4&pena.giorni_lpu=60&fatti.convenzione=dm2001")
	p := r.Body.String()
	contiene(t, p, "Il Fondo INAIL non copre questo caso")
	nonContiene(t, testoVisibile(p), "richiesta all'INAIL entro", "premio stimato")
}

// TestMapSoloOre: a MAP programme given in hours shows no "0 days", no
// weekly "nessuno" and no premium of € 0.
func TestMapSoloOre(t *testing.T) {
	r := fai(serverProva(t).Handler(), "POST", "/calcolo/map", "application/x-www-form-urlencoded",
		"data=10/06/2025&fatti.pena_edittale_max.anni=3&pena.ore_lpu=120")
	p := r.Body.String()
	contiene(t, p, `<dd id="ore">120</dd>`, "nessun limite di legge")
	nonContiene(t, p, `id="giorni"`, "premio stimato € 0", "al più nessuno")
}

func TestGlossario(t *testing.T) {
	h := serverProva(t).Handler()
	r := fai(h, "GET", "/glossario", "", "")
	if r.Code != 200 {
		t.Fatalf("GET /glossario = %d", r.Code)
	}
	contiene(t, r.Body.String(), `id="ragguaglio"`, `id="uepe"`, `id="convenzione"`, `id="fondo-inail"`, `id="map"`, `id="vigenza"`,
		"art. 1 c.312 L. 208/2015")
	// linked from every page, and from the form
	contiene(t, fai(h, "GET", "/", "", "").Body.String(), `href="/glossario"`)
	contiene(t, fai(h, "GET", "/calcolo/cds186", "", "").Body.String(), `href="/glossario"`)
}

// TestPianoMesiFuoriMap: the months of a messa alla prova, sent for
// another fattispecie (an edited link), are refused in words: neither the
// field's path nor a fattispecie's id reaches the page.
func TestPianoMesiFuoriMap(t *testing.T) {
	r := fai(serverProva(t).Handler(), "POST", "/calcolo/cds186", "application/x-www-form-urlencoded",
		"data=10/06/2025&pena.arresto.mesi=1&pena.arresto.giorni=15&pena.ammenda=1.500&piano.inizio=01/07/2025&piano.giorni_settimana.sab=4&piano.durata_mesi=6")
	testo := testoPagina(r.Body.String())
	contiene(t, testo, "vale solo per la messa alla prova («Sospensione del procedimento con messa alla prova")
	nonContiene(t, testo, "(map)", "durata_mesi", "cds186")
}

// reCitato is a name between «», as a text quotes a field's label.
var (
	reCitato         = regexp.MustCompile(`«([^«»]+)»`)
	reEtichettaCampo = regexp.MustCompile(`<(?:label|legend)\b[^>]*>([^<]+)<`)
)

// TestPagineNominanoCampiDelModulo fails when a page quotes the label of
// a field of the vocabulary (of any kind of request) that its form does
// not offer: a lawyer told to fill «Copertura INAIL attiva dal» must
// find that box on the page, not in the API.
func TestPagineNominanoCampiDelModulo(t *testing.T) {
	e := motore(t)
	etichette := map[string]bool{}
	for _, tipo := range []string{"calcolo", "fondo", "piano", "convenzione"} {
		for _, c := range e.Campi(tipo) {
			etichette[c.Etichetta] = true
		}
	}
	h := serverProva(t).Handler()
	form := "application/x-www-form-urlencoded"
	mapCal := "data=01/07/2025&fatti.pena_edittale_max.anni=3&pena.giorni_lpu=20&pena.ore_lpu=40&fatti.durata_mesi=12&piano.inizio=01/07/2025&piano.giorni_settimana.gio=4"
	for _, c := range []struct{ url, corpo string }{
		{"/calcolo/map", mapCal},
		{"/calcolo/map", mapCal + "&piano.comune=Pippolandia"},
		{"/calcolo/cds186", "data=10/06/2025&pena.arresto.mesi=1&pena.arresto.giorni=15&pena.ammenda=1.500"},
		{"/calcolo/gdp54", "data=10/06/2025&pena.giorni_lpu=20&piano.inizio=01/07/2025&piano.giorni_settimana.sab=6"},
	} {
		p := fai(h, "POST", c.url, form, c.corpo).Body.String()
		var offerti []string
		for _, m := range reEtichettaCampo.FindAllStringSubmatch(p, -1) {
			offerti = append(offerti, strings.TrimSpace(html.UnescapeString(m[1])))
		}
		for _, m := range reCitato.FindAllStringSubmatch(testoPagina(p), -1) {
			if !etichette[m[1]] {
				continue
			}
			offerto := false
			for _, o := range offerti {
				// «Sospensioni» is the legend «Sospensioni (facoltative)»
				offerto = offerto || o == m[1] || strings.HasPrefix(o, m[1]+" (")
			}
			if !offerto {
				t.Errorf("POST %s %s: the page names «%s», a field its form does not offer", c.url, c.corpo, m[1])
			}
		}
	}
}

// TestFondoSulleSessioni: with a calendar, the Fund's premium counts its
// sessions, not the days of work (an estimate in excess with sessions of
// more than two hours); the days worked typed in the form stay, and a
// calendar of the residual hours does not count all the days worked.
func TestFondoSulleSessioni(t *testing.T) {
	h := serverProva(t).Handler()
	form := "application/x-www-form-urlencoded"
	caso := "data=01/07/2025&fatti.pena_edittale_max.anni=3&pena.giorni_lpu=20&pena.ore_lpu=40&fatti.durata_mesi=12&piano.inizio=01/07/2025&piano.giorni_settimana.gio=4"
	p := fai(h, "POST", "/calcolo/map", form, caso).Body.String()
	contiene(t, p, "Ore da svolgere: 40; sessioni: 10", "Costo a carico del Fondo: 10 giornate")
	nonContiene(t, p, "Stima per eccesso")
	p = fai(h, "POST", "/calcolo/map", form, caso+"&esecuzione.giornate_lavorate=12").Body.String()
	contiene(t, p, "Costo a carico del Fondo: 12 giornate")
	p = fai(h, "POST", "/calcolo/map", form, caso+"&esecuzione.ore_svolte=20").Body.String()
	contiene(t, p, "Costo a carico del Fondo: 20 giornate", "Stima per eccesso")
}

// TestCoperturaNelCalendario: the calendar's caveat that asks for «Copertura
// INAIL attiva dal» finds the box in the form, and the day typed there
// moves the first session.
func TestCoperturaNelCalendario(t *testing.T) {
	h := serverProva(t).Handler()
	caso := "data=01/07/2025&fatti.pena_edittale_max.anni=3&pena.giorni_lpu=20&pena.ore_lpu=40&fatti.durata_mesi=12&piano.inizio=01/07/2025&piano.giorni_settimana.gio=4"
	p := fai(h, "POST", "/calcolo/map", "application/x-www-form-urlencoded", caso+"&piano.copertura_inail_dal=08/07/2025").Body.String()
	contiene(t, p, `name="piano.copertura_inail_dal"`, `value="08/07/2025"`, "Ore da svolgere: 40; sessioni: 10, dal 10/07/2025")
}

// TestPatronoSconosciuto: a comune whose patron saint the rules do not
// know is told to the lawyer with what the form offers (the day among
// the «Sospensioni»), not with a developer's instruction on rule files.
func TestPatronoSconosciuto(t *testing.T) {
	caso := "data=01/07/2025&fatti.pena_edittale_max.anni=3&pena.giorni_lpu=20&pena.ore_lpu=40&fatti.durata_mesi=12&piano.inizio=01/07/2025&piano.giorni_settimana.gio=4&piano.comune=Pippolandia"
	p := testoPagina(fai(serverProva(t).Handler(), "POST", "/calcolo/map", "application/x-www-form-urlencoded", caso).Body.String())
	contiene(t, p, "il santo patrono di «Pippolandia» non è tra quelli noti", "indicarne il giorno tra le «Sospensioni»")
	nonContiene(t, p, "--rules", ".yaml")
}

// TestCoperturaIndicataNonRichiesta: the calendar's caveat does not ask
// for «Copertura INAIL attiva dal» when the form gives it, nor does the
// calendar give a deadline to ask INAIL for a cover already active.
func TestCoperturaIndicataNonRichiesta(t *testing.T) {
	h := serverProva(t).Handler()
	caso := "data=01/07/2025&fatti.pena_edittale_max.anni=4&pena.ore_lpu=48&fatti.durata_mesi=6&fatti.convenzione=dm88_2015&piano.inizio=01/07/2025&piano.giorni_settimana.gio=4"
	p := testoPagina(fai(h, "POST", "/calcolo/map", "application/x-www-form-urlencoded", caso).Body.String())
	contiene(t, p, "per ricalcolare")
	p = testoPagina(fai(h, "POST", "/calcolo/map", "application/x-www-form-urlencoded", caso+"&piano.copertura_inail_dal=01/07/2025").Body.String())
	contiene(t, p, "Copertura INAIL attiva dal 01/07/2025: nessuna sessione prima; la richiesta dell'ente all'INAIL è già stata presentata e accolta")
	nonContiene(t, p, "per ricalcolare", "Richiesta all'INAIL entro", "l'ente deve chiedere all'INAIL")
}

// TestRegoleValoriDiUscita: /regole/fondo writes the values the Fund's
// esito step gives by their labels, not «da_verificare», and /regole/
// cds186 an option's value it compares, not «art58».
func TestRegoleValoriDiUscita(t *testing.T) {
	h := serverProva(t).Handler()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/regole/fondo", nil))
	body := w.Body.String()
	if w.Code != 200 || strings.Contains(body, "«da_verificare»") || !strings.Contains(body, "«da verificare con l") {
		t.Errorf("GET /regole/fondo: %d; «da_verificare» %v, label %v", w.Code, strings.Contains(body, "«da_verificare»"), strings.Contains(body, "«da verificare con l"))
	}
	// a code with a digit, compared with an option in a step's words
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/regole/cds186", nil))
	if body := w.Body.String(); w.Code != 200 || strings.Contains(body, "«art58»") {
		t.Errorf("GET /regole/cds186: %d; «art58» shown %v", w.Code, strings.Contains(body, "«art58»"))
	}
	// the codes a computed value takes, by the labels its step gives
	// them (the bands of the tribunals' protocols on /regole/map), and the
	// value by its label
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/regole/map", nil))
	contiene(t, testoPagina(w.Body.String()), "Calcola «Classe del reato per le fasce dei protocolli»", "«delitto punito con la sola multa»")
}

// reCodiceVirgolettato is a code (with a digit or an underscore) in «», as the
// words of a step would quote a literal: «da_verificare», «c5ter».
var reCodiceVirgolettato = regexp.MustCompile(`«[a-z][a-z0-9_]*[0-9_][a-z0-9_]*»`)

// TestRegoleSenzaCodici: the rules of every fattispecie and of every
// other kind, as /regole/<id> writes them, name no computed value by its
// name nor its codes («c5ter», delitto_oltre_4_anni), and no input or
// parameter by its path. The worked examples are left out: an example
// of a refused request quotes the value it was given («un_anno»).
// pagineRegole are the ids of the rules pages a scan of their text
// reads: "" (the index /regole), each fattispecie, then the other rule
// files. Under -race, only the index, the first fattispecie and the
// Fund: the scans run in one goroutine, where the race detector finds
// nothing, and cost it seconds of regular expressions; make test runs
// them again in full without it (SCANSIONI in the Makefile).
func pagineRegole(t *testing.T, e *lpu.Engine) []string {
	t.Helper()
	ids := []string{""}
	for _, f := range e.Catalogo() {
		ids = append(ids, f.ID)
	}
	var altre []string
	for _, r := range e.AltreRegole() {
		altre = append(altre, r.ID)
	}
	if raceAttivo && len(ids) > 1 && len(altre) > 0 {
		t.Logf("sotto -race si leggono 3 pagine delle regole su %d: make test le legge tutte senza -race", len(ids)+len(altre))
		return []string{"", ids[1], altre[0]}
	}
	return append(ids, altre...)
}

func TestRegoleSenzaCodici(t *testing.T) {
	e := motore(t)
	h := serverProva(t).Handler()
	for _, id := range pagineRegole(t, e)[1:] {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/regole/"+id, nil))
		p := w.Body.String()
		if i := strings.Index(p, `<section id="esempi"`); i >= 0 {
			p = p[:i]
		}
		testo := testoPagina(p)
		if w.Code != 200 || !strings.Contains(testo, "Calcola «") {
			t.Errorf("GET /regole/%s: %d, senza i passi", id, w.Code)
			continue
		}
		if n := append(nomiInterni(testo), reCodiceVirgolettato.FindAllString(testo, -1)...); len(n) > 0 {
			t.Errorf("GET /regole/%s shows %q", id, n)
		}
	}
	// The values the engine computes for the rules (the posts free at
	// a sede) are among the data the rules read, by their labels.
	for _, r := range e.AltreRegole() {
		d, err := e.Descrizione(context.Background(), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		righe, _ := righeRegole(t, h, r.ID)
		for _, c := range d.DalMotore {
			i := slices.Index(righe, c.Etichetta)
			if i < 0 || i+1 == len(righe) || !strings.HasPrefix(righe[i+1], c.Aiuto) {
				t.Errorf("GET /regole/%s: no «%s» with its help among the data the rules read", r.ID, c.Etichetta)
			}
		}
	}
}

// Leaks of the rules' language on a /regole page: what the words of
// the steps must never show a lawyer.
var (
	// a function of the rules' CEL library written as a call, as the
	// words write a function they do not know: «resto («…», «…»)»,
	// «decimale (…)», «data («2005-01-01»)», «aggiungi giorni (…)»
	reFunzioneLibreria = regexp.MustCompile(`\b(?:decimale|durata|giorni|giorni da euro|per eccesso|per difetto|al centesimo|per mille|quoziente|quoziente per eccesso|resto|minimo|massimo|testo|data|aggiungi giorni|aggiungi mesi|giorni tra|plurale) \((?:[«“(−-]|l')`)
	// a function or a word of CEL itself (size, has, matches, …)
	// (not «all'» of «all'arresto»)
	reFunzioneCEL = regexp.MustCompile(`\b(?:size|has|matches|string|int|uint|double|bytes|dyn|timestamp|duration|exists|exists_one|all|filter|map|contains|startsWith|endsWith|lowerAscii|upperAscii|trim|join|split|substring|indexOf|lastIndexOf|replace|charAt|getDate|getDayOfMonth|getDayOfWeek|getDayOfYear|getFullYear|getMonth|getHours|getMinutes|getSeconds|true|false|null)\b(?:[^'’]|$)`)
	// a name written as programs do (camelCase), an English word
	reCamelCase = regexp.MustCompile(`\b[a-z]+[A-Z][A-Za-z]*\b`)
	reInglese   = regexp.MustCompile(`\b(?:the|and|or|not|if|else|then|of|days|months|years|none)\b`)
	// a formula or a placeholder the words leave: an integer division
	// rounded up written out, «%d» of a text, a placeholder, an
	// underscore, a macro the words do not read, a stand-in number
	// («altrimenti -1» for posts not checked)
	reFormula = regexp.MustCompile(`− 1\) ÷|%d|[{}_]|una condizione sugli elementi|altrimenti -\d`)
	// two spaces inside a line of a text of the page
	reDoppioSpazio = regexp.MustCompile(`\S {2,}\S`)
	// a letter of an article, whose «)» closes no bracket: «lett. b)»
	reLettera = regexp.MustCompile(`\b[a-z](?:-[a-z]+)?\)`)
	// the end of a block of a page (a line of its text)
	reFineBlocco = regexp.MustCompile(`(?i)</(?:p|li|dd|dt|td|th|h[1-6]|div|section|summary|caption)>|<br\s*/?>`)
)

// righeRegole are the lines of text of /regole/<id>, without the worked
// examples (they quote the requests, «un_anno» included), a line for each
// block of the page; and the texts between its tags, line by line.
func righeRegole(t *testing.T, h http.Handler, id string) (righe, testi []string) {
	t.Helper()
	percorso := "/regole"
	if id != "" {
		percorso += "/" + id
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", percorso, nil))
	if w.Code != 200 {
		t.Fatalf("GET %s: %d", percorso, w.Code)
	}
	p := w.Body.String()
	if i := strings.Index(p, `<section id="esempi"`); i >= 0 {
		p = p[:i]
	}
	p = senzaBlocchi(p, nascosti, true, " ")
	for _, n := range reTag.Split(p, -1) {
		for _, r := range strings.Split(html.UnescapeString(n), "\n") {
			if r = strings.TrimSpace(r); r != "" {
				testi = append(testi, r)
			}
		}
	}
	p = reFineBlocco.ReplaceAllString(p, "\n")
	for _, r := range strings.Split(html.UnescapeString(senzaTag(p, " ")), "\n") {
		if r = strings.Join(strings.Fields(r), " "); r != "" {
			righe = append(righe, r)
		}
	}
	return righe, testi
}

// TestRegoleInItaliano: every /regole page (the fattispecie's and the
// other rule files'), as a lawyer reads it, shows no function of the
// rules' language (resto, quoziente, size, matches, getDate, …), no
// formula the words leave, no placeholder, no English, no two spaces in
// a row, and closes every «, (, [ and “ it opens on the same line.
func TestRegoleInItaliano(t *testing.T) {
	e := motore(t)
	h := serverProva(t).Handler()
	ids := pagineRegole(t, e)
	coppie := [][2]string{{"«", "»"}, {"(", ")"}, {"[", "]"}, {"“", "”"}}
	// What is wrong with a line or a text, worked out once for each: half
	// the lines of the pages are on several of them (the header, the
	// notes, the words of a shared parameter), and under -race the
	// regular expressions cost some milliseconds a line.
	var (
		problemiRiga  = map[string][]string{}
		problemiTesto = map[string][]string{}
	)
	riga := func(riga string) []string {
		p, ok := problemiRiga[riga]
		if ok {
			return p
		}
		for _, re := range []*regexp.Regexp{reFunzioneLibreria, reFunzioneCEL, reCamelCase, reInglese, reFormula} {
			if m := re.FindAllString(riga, -1); len(m) > 0 {
				p = append(p, fmt.Sprintf("%q in «%s»", m, troncaRiga(riga, m[0])))
			}
		}
		for _, c := range coppie {
			a, b := strings.Count(riga, c[0]), strings.Count(riga, c[1])
			lettere := 0
			if c[0] == "(" {
				lettere = len(reLettera.FindAllString(riga, -1))
			}
			if a > b || b > a+lettere {
				p = append(p, fmt.Sprintf("%d «%s» and %d «%s» in «%s»", a, c[0], b, c[1], troncaRiga(riga, c[0])))
			}
		}
		problemiRiga[riga] = p
		return p
	}
	testo := func(r string) []string {
		p, ok := problemiTesto[r]
		if ok {
			return p
		}
		if m := reDoppioSpazio.FindString(r); m != "" {
			p = append(p, fmt.Sprintf("two spaces in «%s»", troncaRiga(r, m)))
		}
		problemiTesto[r] = p
		return p
	}
	for _, id := range ids {
		righe, testi := righeRegole(t, h, id)
		for _, r := range righe {
			for _, p := range riga(r) {
				t.Errorf("/regole/%s: %s", id, p)
			}
		}
		for _, r := range testi {
			for _, p := range testo(r) {
				t.Errorf("/regole/%s: %s", id, p)
			}
		}
	}
}

// troncaRiga is the part of riga around s, for a message.
func troncaRiga(riga, s string) string {
	i := strings.Index(riga, s)
	if i < 0 || len(riga) <= 200 {
		return riga
	}
	da, a := max(0, i-80), min(len(riga), i+len(s)+80)
	for da > 0 && !utf8.RuneStart(riga[da]) {
		da--
	}
	for a < len(riga) && !utf8.RuneStart(riga[a]) {
		a++
	}
	return "…" + riga[da:a] + "…"
}
