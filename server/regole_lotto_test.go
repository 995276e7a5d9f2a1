package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/lpu-it/lpu/lpu"
)

// foglioUEPE1252 is Excel's Italian CSV export of a UEPE sheet:
// Windows-1252, ';', Italian headers, «Sì», «€», two-digit years.
func foglioUEPE1252(t testing.TB) []byte {
	t.Helper()
	s := "Rif.;Fattispecie;Data sentenza;Arresto (mesi);Arresto (giorni);Ammenda (€);Il conducente ha provocato un incidente stradale\r\n" +
		"UEPE-1;186;10/06/25;1;15;1.500,00 €;No\r\n" +
		"UEPE-2;CDS186;10/06/25;1;;1.000 €;Sì\r\n" +
		"UEPE-3;art. 186;10/06/25;;;1.100 €;no\r\n" +
		"UEPE-4;Art. 187;10/06/25;;;1.000 €;\r\n"
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func moduloLotto(t testing.TB, file []byte, campi map[string]string) (*bytes.Buffer, string) {
	t.Helper()
	return moduloConFile("lotto.csv", file, campi)
}

// moduloConFile is the multipart form of the /lotto page with file as
// the file named nome ("" is what a browser sends when none is chosen).
func moduloConFile(nome string, file []byte, campi map[string]string) (*bytes.Buffer, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range campi {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", nome)
	fw.Write(file)
	mw.Close()
	return &b, mw.FormDataContentType()
}

// testoVisibile is the text of a page without its tags, scripts and
// attributes, roughly what a reader sees.
func testoVisibile(html string) string {
	return senzaTag(senzaBlocchi(html, []string{"script", "style"}, false, ""), " ")
}

// percorsoVisibile finds a field path of the calcolo request in a
// page's visible text.
var percorsoVisibile = nuoviPercorsi([]string{"fatti", "pena", "opzioni", "esecuzione", "residuo", "legge", "piano"}, nil)

// percorsi finds the first of some names in a text: a word of conPunto
// followed by a dot and a name (fatti.incidente), or a whole word of
// interi. Only a text that holds one of them, as a substring, is read
// by the regular expression: a rules page is 100-250 kB of visible
// text, under -race a scan of it costs a tenth of a second, and most
// pages hold none of the words.
type percorsi struct {
	re     *regexp.Regexp
	indizi []string
}

func nuoviPercorsi(conPunto, interi []string) percorsi {
	var alt, indizi []string
	if len(conPunto) > 0 {
		alt = append(alt, `\b(`+strings.Join(conPunto, "|")+`)\.[a-z_]+`)
		for _, p := range conPunto {
			indizi = append(indizi, p+".")
		}
	}
	if len(interi) > 0 {
		alt = append(alt, `\b(`+strings.Join(interi, "|")+`)\b`)
		indizi = append(indizi, interi...)
	}
	return percorsi{regexp.MustCompile(strings.Join(alt, "|")), indizi}
}

// primo is the leftmost name in testo, "" if none.
func (p percorsi) primo(testo string) string {
	for _, s := range p.indizi {
		if strings.Contains(testo, s) {
			return p.re.FindString(testo)
		}
	}
	return ""
}

func TestPaginaRegole(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct {
		path    string
		stato   int
		deve    []string
		nonDeve []string
	}{
		{"/regole", 200, []string{`href="/regole/cds186"`, "Leggi le regole",
			// the other rule files, in their own section
			"Le altre regole: il Fondo INAIL e le convenzioni", `href="/regole/fondo"`, `href="/regole/convenzione"`,
			"Fondo INAIL per il lavoro di pubblica utilità (art. 1 c.312 L. 208/2015)", "Validità della convenzione dell&#39;ente per un lavoro di pubblica utilità"}, nil},
		// The Fund's rules: a step with its text and its source, a
		// parameter by its label, the data by their labels, a worked
		// example with its outcome, deadline and premium.
		{"/regole/fondo", 200, []string{
			"Dà esito negativo quando</strong> («Fattispecie» è uno di: «Fattispecie coperte dal Fondo dal 2024 (DL 178/2024)» e «Inizio delle attività» è meno di «Inizio della copertura del lavoro sostitutivo (art. 56-bis)») e («Inizio delle attività preso dalla data del caso»: no e non è vero che («Fattispecie» è uno di: «Fattispecie del lavoro sostitutivo del d.lgs. 150/2022» e «Inizio delle attività» è meno di «Entrata in vigore del lavoro sostitutivo (d.lgs. 150/2022)»))",
			"il Fondo copre la fattispecie [«Fattispecie»] solo dal [«Inizio della copertura del lavoro sostitutivo (art. 56-bis)»]",
			`Fonte: <a class="normattiva" href="https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2015-12-28;208~art1" rel="noopener noreferrer external">art. 1 c.312 L. 208/2015</a>`,
			`<th scope="row">«Premio speciale unitario, in euro al giorno»</th>`,
			"<dt>Primo giorno di lavoro</dt>", "I passi della verifica", "Le avvertenze",
			"56-bis su convenzione DM 27/7/2023 dal 2/12/2024 (esempio del contratto)",
			"<dd>Lavoro di pubblica utilità sostitutivo (art. 56-bis L. 689/1981)</dd>",
			"Fondo INAIL: ammissibile al Fondo</strong> · richiesta all'INAIL entro il 22/11/2024 · premio stimato € 489,60.",
			"Fondo INAIL: non ammissibile al Fondo</strong>",
			// a date given, in words: no sentinel date
			"Calcola «Lavoro con un calendario di sessioni»</strong> = è indicata la data «Prima sessione del calendario»"}, nil},
		// The convention's: valid or not, until when.
		{"/regole/convenzione", 200, []string{
			"Dà esito negativo quando</strong> «Modello di convenzione idoneo alla fattispecie»: no",
			`<th scope="row">«Durata massima in anni (convenzioni per l&#39;art. 56-bis)»</th>`,
			"<dt>Modello della convenzione</dt>", "<dd>modello del D.M. 88/2015 (messa alla prova)</dd>",
			"Convenzione valida</strong> · scade il 28/02/2026.", "Convenzione non valida</strong>",
			"= è indicata la data «Scadenza della convenzione»", "= è indicata la data «Data del recesso»"}, nil},
		{"/regole/cds186", 200, []string{
			`href="https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:1992-04-30;285~art186"`,
			`href="https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2000-08-28;274~art54"`,
			"Esclude la sostituzione quando", "«Il conducente ha provocato un incidente stradale»", "02/01/2002",
			"51 giorni, 102 ore", "Le avvertenze",
			// a parameter by its label, in the table and in the steps
			`<th scope="row">«Sostituzioni consentite al più»</th>`,
			`<th scope="row">«Euro di pena pecuniaria per un giorno di pena detentiva»</th>`,
			"è almeno «Sostituzioni consentite al più»"}, nil},
		// An esclude step says what the law excludes: no substitution
		// in a messa alla prova, a suspended sentence's condition or a
		// principal penalty of the giudice di pace.
		{"/regole/map", 200, []string{"Esclude la messa alla prova quando</strong>"}, []string{"Esclude la sostituzione"}},
		{"/regole/cp165", 200, []string{"Esclude la prestazione di attività non retribuita come condizione della sospensione quando</strong>"}, []string{"Esclude la sostituzione"}},
		{"/regole/gdp54", 200, []string{"Esclude il lavoro di pubblica utilità quando</strong>"}, []string{"Esclude la sostituzione"}},
		{"/regole/gdp55", 200, []string{"Esclude la conversione nel lavoro di pubblica utilità quando</strong>"}, []string{"Esclude la sostituzione"}},
		{"/regole/CDS186", 301, nil, nil},
		{"/regole/ignota", 404, []string{"sconosciuta"}, nil},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", c.path, nil))
		if w.Code != c.stato {
			t.Errorf("GET %s: %d; want %d", c.path, w.Code, c.stato)
			continue
		}
		body := w.Body.String()
		for _, d := range c.deve {
			if !strings.Contains(body, d) {
				t.Errorf("GET %s: no %q", c.path, d)
			}
		}
		for _, d := range c.nonDeve {
			if strings.Contains(body, d) {
				t.Errorf("GET %s: %q", c.path, d)
			}
		}
		visibile := testoVisibile(body)
		if m := percorsoVisibile.primo(visibile); m != "" {
			t.Errorf("GET %s: a field path in the visible text: %q", c.path, m)
		}
		if m := percorsoAltro.primo(visibile); m != "" {
			t.Errorf("GET %s: a field path of the Fund's or the convention's request in the visible text: %q", c.path, m)
		}
	}
}

// TestPaginaConvenzioneAttivita: the convention's page tells the
// activities by the decrees' words, not by the codes a request holds:
// in its parameters' lists, in the data of its examples, in the
// reasons and caveats the engine gives them; a refusal gives the
// words, then the code a request writes.
func TestPaginaConvenzioneAttivita(t *testing.T) {
	e := motore(t)
	var voci []lpu.InfoScelta
	for _, c := range e.Campi("convenzione") {
		if c.Nome == "convenzione.attivita" {
			voci = c.Scelte
		}
	}
	if len(voci) == 0 {
		t.Fatal("convenzione.attivita: the vocabulary gives no labels")
	}
	w := httptest.NewRecorder()
	serverProva(t).Handler().ServeHTTP(w, httptest.NewRequest("GET", "/regole/convenzione", nil))
	testo := html.UnescapeString(testoVisibile(w.Body.String()))
	// (a refusal lists the values a request may hold by their labels,
	// each followed by the code the request writes: «prestazioni …» (sociale))
	testo = regexp.MustCompile(`» \([a-z0-9_]+\)`).ReplaceAllString(testo, "»")
	for _, v := range voci {
		// a code that is a word («sociale», «dipendenze») is in the prose too
		if strings.Contains(v.Valore, "_") && regexp.MustCompile(`\b`+v.Valore+`\b`).MatchString(testo) {
			t.Errorf("GET /regole/convenzione: the code %q in the visible text", v.Valore)
		}
	}
	for _, d := range []string{
		// a parameter's list, a reason
		"prestazioni per la tutela dell'arredo urbano",
		// a caveat
		"«prestazioni per la promozione dell'educazione e della sicurezza stradale»",
		// a code that is a word, which the rules quote
		"le attività «lavoro presso i centri specializzati di lotta alle dipendenze» non sono tra quelle",
		// a refusal (the code written after the label is dropped above)
		"non riconosciuta: «giardinaggio»; le tipologie sono «prestazioni di lavoro per finalità sociali e socio-sanitarie», ",
		// a condition
		"non è vero che «prestazioni per la promozione dell'educazione e della sicurezza stradale» è uno di",
	} {
		if !strings.Contains(testo, d) {
			t.Errorf("GET /regole/convenzione: no %q", d)
		}
	}
	// and a code that is no word
	for _, c := range []string{"sicurezza_stradale", "arredo_urbano", "professionalita"} {
		if strings.Contains(testo, c) {
			t.Errorf("GET /regole/convenzione: %q in the visible text", c)
		}
	}
}

// percorsoAltro finds a field path of the fondo and convenzione
// requests, or a name of theirs that is the Fund's (data_inizio).
var percorsoAltro = nuoviPercorsi([]string{"convenzione", "periodo", "posti", "sedi"},
	[]string{"data_inizio", "giornate_lavorate", "fondo_esaurito", "retribuzione_giornaliera", "tipo_posto", "richiesta_entro", "premio_stimato"})

func TestPaginaLotto(t *testing.T) {
	h := serverProva(t).Handler()
	corpo, tipo := moduloLotto(t, foglioUEPE1252(t), map[string]string{"azione": "mostra"})
	r := httptest.NewRequest("POST", "/lotto", corpo)
	r.Header.Set("Content-Type", tipo)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, "4 righe: 4 calcolate, 0 con errore") || !strings.Contains(body, "Windows-1252") {
		t.Fatalf("POST /lotto: %d\n%s", w.Code, testoVisibile(body))
	}
	// (the duration in weeks, as the result page of the calculator
	// writes it, from the answer's settimane_min and settimane_max)
	for _, d := range []string{">51<", ">102<", ">calcolato<", "data:text/csv;charset=utf-8;base64,", `<th scope="col">Durata in settimane</th>`, `data-colonna="Durata in settimane">almeno 17<`} {
		if !strings.Contains(body, d) {
			t.Errorf("POST /lotto: no %q", d)
		}
	}
	// The download: the same batch as a file, with the trailers.
	corpo, tipo = moduloLotto(t, foglioUEPE1252(t), map[string]string{"azione": "scarica", "codifica": "windows-1252"})
	ts := httptest.NewServer(h)
	defer ts.Close()
	res, err := http.Post(ts.URL+"/lotto", tipo, corpo)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") ||
		!bytes.HasPrefix(b, []byte("\ufeffRiga;Rif.;Tipo;Esito")) || res.Trailer.Get("Lpu-Lotto-Righe") != "4" ||
		res.Trailer.Get("Lpu-Lotto-Esito") != "completo" {
		t.Errorf("scarica: %d %v %v\n%s", res.StatusCode, res.Header, res.Trailer, b)
	}
	if !bytes.Contains(b, []byte("UEPE-1;calcolo;calcolato;"+titoloProva(t, "cds186")+";51;102;sì")) {
		t.Errorf("scarica: no row UEPE-1 computed\n%s", b)
	}
	// Bad forms: coded errors on the page.
	for _, c := range []struct {
		nome, tipo string
		corpo      io.Reader
		stato      int
		codice     string
	}{
		{"non multipart", "text/csv", strings.NewReader("a;b\n"), 415, "multipart/form-data"},
		{"senza file", tipo, func() io.Reader { b, _ := moduloLotto(t, nil, nil); return b }(), 400, "scegliere il file"},
	} {
		r := httptest.NewRequest("POST", "/lotto", c.corpo)
		r.Header.Set("Content-Type", c.tipo)
		if c.nome == "senza file" {
			b, ct := moduloLotto(t, nil, nil)
			r = httptest.NewRequest("POST", "/lotto", b)
			r.Header.Set("Content-Type", ct)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != c.stato || !strings.Contains(w.Body.String(), c.codice) {
			t.Errorf("%s: %d; want %d with %q", c.nome, w.Code, c.stato, c.codice)
		}
	}
	// The template reads back.
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/lotto/modello.csv", nil))
	if w.Code != 200 || !bytes.HasPrefix(w.Body.Bytes(), []byte("\ufeffRif.;Tipo;Fattispecie;")) {
		t.Errorf("modello: %d %q", w.Code, w.Body.String())
	}
}

// TestPaginaLottoLimiti: the page keeps the API's bounds: a file over the
// limit is 413, a form with unknown or too many parts 400, a batch while
// the server is full 503; each a coded error on the page, never a 500.
func TestPaginaLottoLimiti(t *testing.T) {
	s, err := New(motore(t), Opzioni{MaxCorpoLotto: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	invia := func(b *bytes.Buffer, ct string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/lotto", b)
		r.Header.Set("Content-Type", ct)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	grande := append([]byte("fattispecie;ammenda\n"), bytes.Repeat([]byte("cds186;1000\n"), 200)...)
	b, ct := moduloLotto(t, grande, nil)
	if w := invia(b, ct); w.Code != 413 || !strings.Contains(w.Body.String(), "troppo grande") {
		t.Errorf("file over the limit: %d", w.Code)
	}
	b, ct = moduloLotto(t, []byte("fattispecie\ncds186\n"), map[string]string{"altro": "x"})
	if w := invia(b, ct); w.Code != 400 || !strings.Contains(w.Body.String(), "sconosciuto") {
		t.Errorf("unknown field: %d", w.Code)
	}
	var molti bytes.Buffer
	mw := multipart.NewWriter(&molti)
	for i := 0; i < 12; i++ {
		mw.WriteField("codifica", "utf-8")
	}
	mw.Close()
	if w := invia(&molti, mw.FormDataContentType()); w.Code != 400 || !strings.Contains(w.Body.String(), "troppe parti") {
		t.Errorf("too many parts: %d", w.Code)
	}
	for i := 0; i < cap(s.lotti); i++ {
		s.lotti <- struct{}{}
	}
	b, ct = moduloLotto(t, []byte("fattispecie\ncds186\n"), nil)
	if w := invia(b, ct); w.Code != 503 || w.Header().Get("Retry-After") == "" {
		t.Errorf("server full: %d", w.Code)
	}
	for i := 0; i < cap(s.lotti); i++ {
		<-s.lotti
	}
	b, ct = moduloLotto(t, []byte("fattispecie;ammenda\ncds186;1000\n"), map[string]string{"codifica": "ebcdic"})
	if w := invia(b, ct); w.Code != 400 || !strings.Contains(w.Body.String(), "codifica") {
		t.Errorf("unknown encoding: %d %s", w.Code, testoVisibile(w.Body.String()))
	}
}

// TestAPILottoItaliano: the API keeps its machine format, and gives the
// Italian one and reads Windows-1252 when asked.
func TestAPILottoItaliano(t *testing.T) {
	h := serverProva(t).Handler()
	for _, c := range []struct{ query, inizio, riga string }{
		{"", "riga;rif;tipo;esito", "2;UEPE-1;calcolo;ok;cds186;51;102;sì"},
		// (a person reads the fattispecie by its title)
		{"?italiano=true&codifica=windows-1252", "\ufeffRiga;Rif.;Tipo;Esito", "2;UEPE-1;calcolo;calcolato;" + titoloProva(t, "cds186") + ";51;102;sì"},
	} {
		r := httptest.NewRequest("POST", "/api/v1/lotto"+c.query, bytes.NewReader(foglioUEPE1252(t)))
		r.Header.Set("Content-Type", "text/csv")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		b := w.Body.String()
		if w.Code != 200 || !strings.HasPrefix(strings.TrimPrefix(b, "\ufeff"), strings.TrimPrefix(c.inizio, "\ufeff")) || !strings.Contains(b, c.riga) {
			t.Errorf("POST /api/v1/lotto%s: %d\n%s", c.query, w.Code, b)
		}
	}
}

// TestPaginaLottoErroriRiga: the page's table gives every error of a row,
// each with its column, not only the first.
func TestPaginaLottoErroriRiga(t *testing.T) {
	foglio := "Rif.;Fattispecie;Data di riferimento;Arresto (mesi);Ammenda (€);Convenzione\r\n" +
		"DUE;186;32/13/2025;1;mille;dm2001\r\n"
	corpo, tipo := moduloLotto(t, []byte(foglio), map[string]string{"azione": "mostra"})
	r := httptest.NewRequest("POST", "/lotto", corpo)
	r.Header.Set("Content-Type", tipo)
	w := httptest.NewRecorder()
	serverProva(t).Handler().ServeHTTP(w, r)
	testo := testoVisibile(w.Body.String())
	for _, d := range []string{"Data di riferimento: data non valida: «32/13/2025»", "· Ammenda (€): importo non valido: «mille»"} {
		if !strings.Contains(testo, d) {
			t.Errorf("POST /lotto: no %q in\n%s", d, testo)
		}
	}
}

// titoloProva is the title the rules give the fattispecie id.
func titoloProva(t *testing.T, id string) string {
	t.Helper()
	e, err := motoreCondiviso()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range e.Catalogo() {
		if f.ID == id {
			return f.Titolo
		}
	}
	t.Fatalf("no fattispecie %s", id)
	return ""
}

// TestPaginaLottoUnaRiga: one row is «1 riga: 1 calcolata», not «1 righe».
func TestPaginaLottoUnaRiga(t *testing.T) {
	corpo, tipo := moduloLotto(t, []byte("fattispecie;ammenda\ncds186;1000\n"), map[string]string{"azione": "mostra"})
	r := httptest.NewRequest("POST", "/lotto", corpo)
	r.Header.Set("Content-Type", tipo)
	w := httptest.NewRecorder()
	serverProva(t).Handler().ServeHTTP(w, r)
	if body := w.Body.String(); w.Code != 200 || !strings.Contains(body, "1 riga: 1 calcolata, 0 con errore") {
		t.Errorf("POST /lotto: %d\n%s", w.Code, testoVisibile(body))
	}
}

// TestPaginaLottoVuoteInFondo: the empty rows an Excel sheet exports
// after its last row have no result, and the summary says how many (each
// was a row «con errore»); an empty row between two cases keeps its own.
func TestPaginaLottoVuoteInFondo(t *testing.T) {
	corpo, tipo := moduloLotto(t, []byte("fattispecie;ammenda\ncds186;1000\n;\ncds186;1000\n;\n;\n"), map[string]string{"azione": "mostra"})
	r := httptest.NewRequest("POST", "/lotto", corpo)
	r.Header.Set("Content-Type", tipo)
	w := httptest.NewRecorder()
	serverProva(t).Handler().ServeHTTP(w, r)
	if p := testoVisibile(w.Body.String()); w.Code != 200 || !strings.Contains(p, "3 righe: 2 calcolate, 1 con errore · 2 righe vuote in fondo al file, non lette.") {
		t.Errorf("POST /lotto: %d\n%s", w.Code, p)
	}
}

// TestPaginaLottoFileVuoto: a file chosen but empty, or with only the
// header, is told as such, not as a file not chosen nor as a lotto of no
// rows computed; a form sent without choosing one still asks for it.
// Both buttons say so on the page: «Calcola e scarica» does not download
// an empty answer marked complete.
func TestPaginaLottoFileVuoto(t *testing.T) {
	h := serverProva(t).Handler()
	senzaFile := func(campi map[string]string) (*bytes.Buffer, string) { // what a browser sends when no file is chosen
		return moduloConFile("", nil, campi)
	}
	for _, azione := range []string{"mostra", "scarica"} {
		campi := map[string]string{"azione": azione}
		for _, c := range []struct {
			nome   string
			corpo  func() (*bytes.Buffer, string)
			voluto string
		}{
			{"vuoto", func() (*bytes.Buffer, string) { return moduloLotto(t, nil, campi) }, "il file «lotto.csv» è vuoto"},
			{"intestazione", func() (*bytes.Buffer, string) { return moduloLotto(t, []byte("Tipo;Fattispecie;Data\r\n"), campi) }, "il file «lotto.csv» ha solo la riga di intestazione"},
			{"intestazione con BOM", func() (*bytes.Buffer, string) {
				return moduloLotto(t, []byte("\ufeffFattispecie;Data di riferimento\r\n\r\n"), campi)
			}, "il file «lotto.csv» ha solo la riga di intestazione"},
			{"intestazione e righe vuote", func() (*bytes.Buffer, string) {
				// (Excel's formatted empty rows: they gave 3 error results)
				return moduloLotto(t, []byte("Tipo;Fattispecie;Data\r\n;;\r\n;;\r\n;;\r\n"), campi)
			}, "il file «lotto.csv» ha solo la riga di intestazione"},
			{"senza file", func() (*bytes.Buffer, string) { return senzaFile(campi) }, "scegliere il file CSV del lotto (con la riga di intestazione)"},
		} {
			b, tipo := c.corpo()
			r := httptest.NewRequest("POST", "/lotto", b)
			r.Header.Set("Content-Type", tipo)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			p := html.UnescapeString(testoVisibile(w.Body.String()))
			if w.Code != 400 || !strings.Contains(p, c.voluto) {
				t.Errorf("%s, %s: %d; want 400 with %q\n%s", azione, c.nome, w.Code, c.voluto, p)
			}
			if ct, cd := w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"); !strings.HasPrefix(ct, "text/html") || cd != "" {
				t.Errorf("%s, %s: Content-Type %q, Content-Disposition %q; want the page, not a download", azione, c.nome, ct, cd)
			}
		}
	}
}

// TestPaginaLottoScaricaBlocchi: the download whose header waits for its
// first result still streams every block of a larger lotto, in order,
// with its trailers.
func TestPaginaLottoScaricaBlocchi(t *testing.T) {
	var f strings.Builder
	f.WriteString("Rif.;Fattispecie;Data di riferimento;Arresto (mesi);Ammenda (€)\n")
	const n = 150 // more than one block of results
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&f, "R%d;186;10/06/2025;1;1.500\n", i)
	}
	corpo, tipo := moduloLotto(t, []byte(f.String()), map[string]string{"azione": "scarica"})
	ts := httptest.NewServer(serverProva(t).Handler())
	defer ts.Close()
	res, err := http.Post(ts.URL+"/lotto", tipo, corpo)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	righe := strings.Split(strings.TrimSpace(string(b)), "\n")
	if res.StatusCode != 200 || len(righe) != n+1 || !strings.HasPrefix(righe[0], "\ufeffRiga;Rif.;") ||
		!strings.Contains(righe[n], ";R150;") || res.Trailer.Get("Lpu-Lotto-Righe") != "150" || res.Trailer.Get("Lpu-Lotto-Esito") != "completo" {
		t.Errorf("scarica: %d, %d lines, trailers %v; want 200, %d lines, 150 completo", res.StatusCode, len(righe), res.Trailer, n+1)
	}
}

// TestPaginaLottoColonneIgnorate: a sheet with a column of the office's
// own («Note») is refused unless the page is asked to ignore such
// columns, and then the page names the columns it ignored.
func TestPaginaLottoColonneIgnorate(t *testing.T) {
	foglio := []byte("Rif.;Fattispecie;Data di riferimento;Arresto (mesi);Ammenda (€);Note\nA1;186;10/06/2025;1;1.500;x\n")
	h := serverProva(t).Handler()
	invia := func(campi map[string]string) (int, string) {
		corpo, tipo := moduloLotto(t, foglio, campi)
		r := httptest.NewRequest("POST", "/lotto", corpo)
		r.Header.Set("Content-Type", tipo)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code, testoVisibile(w.Body.String())
	}
	if code, p := invia(map[string]string{"azione": "mostra"}); code != 400 || !strings.Contains(p, "«ignora le colonne sconosciute»") {
		t.Errorf("without the option: %d\n%s", code, p)
	}
	// «no» is no (a hand-written form), a word neither yes nor no an error
	if code, p := invia(map[string]string{"azione": "mostra", "ignora_colonne": "no"}); code != 400 || !strings.Contains(p, "colonne sconosciute: «Note»") {
		t.Errorf("ignora_colonne=no: %d\n%s", code, p)
	}
	if code, p := invia(map[string]string{"azione": "mostra", "ignora_colonne": "forse"}); code != 400 || !strings.Contains(p, "valore «forse» non ammesso") {
		t.Errorf("ignora_colonne=forse: %d\n%s", code, p)
	}
	code, p := invia(map[string]string{"azione": "mostra", "ignora_colonne": "sì"})
	if code != 200 || !strings.Contains(p, "1 riga: 1 calcolata") || !strings.Contains(p, "Colonne ignorate: «Note».") {
		t.Errorf("with the option: %d\n%s", code, p)
	}
}

// TestPaginaLottoColonneSconosciuteInItaliano: the error of an unknown
// column lists the columns the office may write as the template heads
// them («Arresto (mesi)», «Primo giorno di lavoro»), not by the JSON
// names of the request (arresto_mesi, data_inizio).
func TestPaginaLottoColonneSconosciuteInItaliano(t *testing.T) {
	foglio := []byte("Rif.;Fattispecie;Data di riferimento;Arresto (mesi);Ammenda (€);Note ufficio\nA1;186;10/06/2025;1;1.500;x\n")
	corpo, tipo := moduloLotto(t, foglio, map[string]string{"azione": "mostra"})
	r := httptest.NewRequest("POST", "/lotto", corpo)
	r.Header.Set("Content-Type", tipo)
	w := httptest.NewRecorder()
	serverProva(t).Handler().ServeHTTP(w, r)
	p := html.UnescapeString(testoVisibile(w.Body.String()))
	if w.Code != 400 {
		t.Fatalf("status %d; want 400\n%s", w.Code, p)
	}
	contiene(t, p, "colonne sconosciute: «Note ufficio»", "«Rif.», «Tipo» (calcolo o fondo), «Fattispecie»",
		"«Arresto (mesi)»", "«Ammenda (€)»", "«Convenzione dell'ente che ospita il lavoro»", "del fondo: «Primo giorno di lavoro»")
	nonContiene(t, p, "tipo, rif", "arresto_mesi", "data_inizio", "pena_edittale_max_anni", "giornate_lavorate")
}

// TestPaginaLottoScaricaColonneIgnorate: «Calcola e scarica» of a sheet
// with a column the engine does not know, with «Ignora le colonne
// sconosciute», is refused on the page before the first byte of the file,
// naming the column as the header writes it: a file cannot list them,
// and a calculation's column written wrong («…un incidente» for «…un
// incidente stradale») would change the verdict in silence. With no
// column to ignore the download goes on; «Calcola e mostra» still lists
// them.
func TestPaginaLottoScaricaColonneIgnorate(t *testing.T) {
	const riga = "A1;186;10/06/2025;1;1.500;sì\n"
	sbagliato := []byte("Rif.;Fattispecie;Data di riferimento;Arresto (mesi);Ammenda (€);Il conducente ha provocato un incidente\n" + riga)
	giusto := []byte("Rif.;Fattispecie;Data di riferimento;Arresto (mesi);Ammenda (€);Il conducente ha provocato un incidente stradale\n" + riga)
	h := serverProva(t).Handler()
	ts := httptest.NewServer(h)
	defer ts.Close()
	invia := func(foglio []byte, azione string) (*http.Response, string) {
		corpo, tipo := moduloLotto(t, foglio, map[string]string{"azione": azione, "ignora_colonne": "sì"})
		res, err := http.Post(ts.URL+"/lotto", tipo, corpo)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res, string(b)
	}
	res, b := invia(sbagliato, "scarica")
	p := html.UnescapeString(testoVisibile(b))
	if res.StatusCode != 400 || res.Header.Get("Content-Disposition") != "" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(p, "colonne che il calcolo non conosce: «Il conducente ha provocato un incidente»;") ||
		!strings.Contains(p, "usare «Calcola e mostra»") || !strings.Contains(p, "correggere l'intestazione") {
		t.Errorf("scarica, a column ignored: %d %v trailers %v; want 400 on the page naming the column\n%s", res.StatusCode, res.Header, res.Trailer, p)
	}
	res, b = invia(giusto, "scarica")
	if res.StatusCode != 200 || !strings.Contains(b, ";A1;calcolo;calcolato;") || !strings.Contains(b, ";no;") ||
		res.Trailer.Get("Lpu-Lotto-Esito") != "completo" {
		t.Errorf("scarica, no column ignored: %d %v\n%s", res.StatusCode, res.Trailer, b)
	}
	res, b = invia(sbagliato, "mostra")
	if p := html.UnescapeString(testoVisibile(b)); res.StatusCode != 200 || !strings.Contains(p, "Colonne ignorate: «Il conducente ha provocato un incidente».") {
		t.Errorf("mostra: %d\n%s", res.StatusCode, p)
	}
}

// TestPaginaLottoFondoTreRighe: the UEPE's Fund check of three rows, one
// of them wrong: the wrong row gets its error by the column's label, the
// good rows their verdict, and each row's reasons and caveats (why the
// Fund «da verificare», why a premium of € 0 is no estimate) are on the
// page, not only in the downloaded file.
func TestPaginaLottoFondoTreRighe(t *testing.T) {
	foglio := "Rif.;Tipo;Fattispecie;Primo giorno di lavoro;Convenzione dell'ente che ospita il lavoro;Giorni di lavoro\r\n" +
		"F-1;fondo;l689_56bis;02/12/2024;dm2023_56bis;480\r\n" +
		"F-2;fondo;cds186;31/02/2025;dm2001;51\r\n" +
		"F-3;fondo;cds186;10/03/2025;;\r\n"
	corpo, tipo := moduloLotto(t, []byte(foglio), map[string]string{"azione": "mostra"})
	r := httptest.NewRequest("POST", "/lotto", corpo)
	r.Header.Set("Content-Type", tipo)
	w := httptest.NewRecorder()
	serverProva(t).Handler().ServeHTTP(w, r)
	p := w.Body.String()
	testo := testoPagina(p)
	for _, d := range []string{"3 righe: 2 calcolate, 1 con errore",
		"Primo giorno di lavoro: data inesistente: «31/02/2025» (febbraio 2025 ha 28 giorni)",
		"Motivi e avvertenze della riga 2 (4 voci)",
		"cade il 22/11/2024, prima del 30/11/2024, da cui il Fondo può coprire",
		"Motivi del Fondo", "convenzione per il lavoro di pubblica utilità sostitutivo dell'art. 56-bis",
		"Avvertenze del Fondo", "il premio non è stimato",
		"modello di convenzione dell'ente non indicato"} {
		if !strings.Contains(testo, d) {
			t.Errorf("POST /lotto: no %q in\n%s", d, testo)
		}
	}
	if n := strings.Count(p, `<tr class="riga-dettagli"><td colspan="12"><details>`); n != 2 {
		t.Errorf("%d rows with reasons; want the 2 computed", n)
	}
}

// TestPaginaLottoErroreSenzaRipetere: an error whose message names its
// field first is not headed by the field's label again («Fattispecie:
// fattispecie «art. 999» sconosciuta»).
func TestPaginaLottoErroreSenzaRipetere(t *testing.T) {
	for _, c := range []struct {
		nome, foglio, voluto, vietato string
	}{
		{"etichetta", "Rif.;Tipo;Fattispecie;Primo giorno di lavoro;Giorni di lavoro\r\nF-1;fondo;art. 999;10/03/2025;60\r\n",
			"fattispecie «art. 999» sconosciuta", "Fattispecie: fattispecie"},
		// The engine's message names the field between «»: the row does
		// not name it again before it.
		{"etichetta tra virgolette", "fattispecie,data,pena.multa,pena.reclusione.mesi,esecuzione.ore_svolte\r\ncds186,2025-03-01,100,1,-4\r\n",
			"«Ore di lavoro già svolte»: il valore non può essere negativo (-4)", "Ore di lavoro già svolte: «Ore di lavoro già svolte»"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			corpo, tipo := moduloLotto(t, []byte(c.foglio), map[string]string{"azione": "mostra"})
			r := httptest.NewRequest("POST", "/lotto", corpo)
			r.Header.Set("Content-Type", tipo)
			w := httptest.NewRecorder()
			serverProva(t).Handler().ServeHTTP(w, r)
			testo := testoPagina(w.Body.String())
			if !strings.Contains(testo, c.voluto) || strings.Contains(testo, c.vietato) {
				t.Errorf("the row's error is not told once:\n%s", testo)
			}
		})
	}
}

// TestDurataSettimane: the table's duration in weeks reads as the
// calculator's result page does.
func TestDurataSettimane(t *testing.T) {
	for _, c := range [][3]string{{"7", "26", "almeno 7, al più 26"}, {"17", "", "almeno 17"}, {"", "30", "al più 30"}, {"26", "26", "26"}, {"", "", ""}} {
		if got := durataSettimane(c[0], c[1]); got != c[2] {
			t.Errorf("durataSettimane(%q, %q) = %q; want %q", c[0], c[1], got, c[2])
		}
	}
}

// TestPaginaLottoErroreEtichetta: on the page a bad cell's error names
// its column by the label of its field, however the header writes it
// (ammenda, arresto_mesi), as every other error of the row; by the
// label its fattispecie gives it when it gives one (gdp55).
func TestPaginaLottoErroreEtichetta(t *testing.T) {
	foglio := "rif;fattispecie;data;arresto_mesi;ammenda\r\nE-1;cds186;10/06/2025;1;mille\r\nE-2;cds186;10/06/2025;uno;1500\r\n" +
		"E-3;gdp55;10/06/2025;;mille\r\nE-4;gdp55;10/06/2025;;\r\n"
	corpo, tipo := moduloLotto(t, []byte(foglio), map[string]string{"azione": "mostra"})
	r := httptest.NewRequest("POST", "/lotto", corpo)
	r.Header.Set("Content-Type", tipo)
	w := httptest.NewRecorder()
	serverProva(t).Handler().ServeHTTP(w, r)
	testo := testoPagina(w.Body.String())
	for _, d := range []string{"Ammenda (€): importo non valido: «mille»", "Arresto (mesi): atteso un numero intero",
		// (gdp55's own labels)
		"Ammenda non pagata (€): importo non valido: «mille»",
		// (a refusal whose text names the field by its label gets no
		// label before it)
		"indicare la pena pecuniaria non pagata («Multa non pagata»"} {
		if !strings.Contains(testo, d) {
			t.Errorf("POST /lotto: no %q in\n%s", d, testo)
		}
	}
	for _, v := range []string{"ammenda: importo", "arresto_mesi", "Multa non pagata (€): indicare"} {
		if strings.Contains(testo, v) {
			t.Errorf("POST /lotto: %q in\n%s", v, testo)
		}
	}
}

// TestPaginaLottoRifiutoEtichettaUnaVolta: a row's refusal whose text
// names its field («i «Giorni di prova già eseguiti» (800) …») is not
// told after that field's label again on the /lotto page.
func TestPaginaLottoRifiutoEtichettaUnaVolta(t *testing.T) {
	foglio := "rif;fattispecie;data;pena_edittale_max_anni;giorni_prova\r\nP-1;map;10/06/2025;3;800\r\n"
	corpo, tipo := moduloLotto(t, []byte(foglio), map[string]string{"azione": "mostra"})
	r := httptest.NewRequest("POST", "/lotto", corpo)
	r.Header.Set("Content-Type", tipo)
	w := httptest.NewRecorder()
	serverProva(t).Handler().ServeHTTP(w, r)
	testo := testoPagina(w.Body.String())
	if !strings.Contains(testo, "i «Giorni di prova già eseguiti» (800) sono più di") {
		t.Errorf("POST /lotto: no refusal of the days of prova in\n%s", testo)
	}
	if strings.Contains(testo, "Giorni di prova già eseguiti: i «Giorni di prova") {
		t.Errorf("POST /lotto: the label told twice in\n%s", testo)
	}
}

// TestPaginaLottoEsclusoSenzaFondo: a case whose work the calcolo
// excludes (the accident, art. 186 c.9-bis C.d.S.) is not told the Fund
// covers it: on the page and in the Italian CSV, beside «Ammissibile:
// no», the Fund is «non ammissibile», with no deadline to ask INAIL and
// no premium, and its reason says there is nothing to ask; the same case
// without the accident keeps them.
func TestPaginaLottoEsclusoSenzaFondo(t *testing.T) {
	h := serverProva(t).Handler()
	foglio := []byte("Rif.;Fattispecie;Data sentenza;Arresto (mesi);Ammenda (€);Il conducente ha provocato un incidente stradale;Convenzione dell'ente che ospita il lavoro\r\n" +
		"R-1;186;15/09/25;2;800;Sì;dm2001\r\n" +
		"R-2;186;15/09/25;2;800;No;dm2001\r\n")
	corpo, tipo := moduloLotto(t, foglio, map[string]string{"azione": "mostra"})
	r := httptest.NewRequest("POST", "/lotto", corpo)
	r.Header.Set("Content-Type", tipo)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	body := w.Body.String()
	if w.Code != 200 {
		t.Fatalf("POST /lotto: %d\n%s", w.Code, testoVisibile(body))
	}
	cella := func(rif, colonna string) string {
		t.Helper()
		i := strings.Index(body, `<td data-colonna="Rif.">`+rif+`</td>`)
		if i < 0 {
			t.Fatalf("POST /lotto: no row %s\n%s", rif, testoVisibile(body))
		}
		riga, _, _ := strings.Cut(body[i:], "</tr>")
		_, dopo, ok := strings.Cut(riga, `<td data-colonna="`+colonna+`"`)
		if !ok {
			t.Fatalf("POST /lotto: row %s has no cell %q", rif, colonna)
		}
		_, dopo, _ = strings.Cut(dopo, ">")
		v, _, _ := strings.Cut(dopo, "</td>")
		return html.UnescapeString(v)
	}
	for _, c := range []struct{ rif, ammissibile, fondo, entro, premio string }{
		{"R-1", "no", "non ammissibile", "", ""},
		{"R-2", "sì", "ammissibile", "05/09/2025", "65,28"},
	} {
		got := []string{cella(c.rif, "Ammissibile"), cella(c.rif, "Fondo INAIL"), cella(c.rif, "Richiesta al Fondo entro"), cella(c.rif, "Premio stimato (€)")}
		if want := []string{c.ammissibile, c.fondo, c.entro, c.premio}; !slices.Equal(got, want) {
			t.Errorf("POST /lotto, %s: got %q; want %q", c.rif, got, want)
		}
	}

	// The download, the Italian CSV: the same.
	corpo, tipo = moduloLotto(t, foglio, map[string]string{"azione": "scarica"})
	r = httptest.NewRequest("POST", "/lotto", corpo)
	r.Header.Set("Content-Type", tipo)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(w.Body.Bytes(), []byte("\ufeff"))))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("scarica: %v, %d rows\n%s", err, len(recs), w.Body.String())
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	for _, n := range []string{"Rif.", "Ammissibile", "Fondo INAIL", "Motivi del Fondo", "Richiesta al Fondo entro", "Premio stimato (€)", "Avvertenze del Fondo"} {
		if _, ok := col[n]; !ok {
			t.Fatalf("scarica: no column %q in %q", n, recs[0])
		}
	}
	escluso := recs[1]
	if got := []string{escluso[col["Rif."]], escluso[col["Ammissibile"]], escluso[col["Fondo INAIL"]], escluso[col["Richiesta al Fondo entro"]], escluso[col["Premio stimato (€)"]], escluso[col["Avvertenze del Fondo"]]}; !slices.Equal(got, []string{"R-1", "no", "non ammissibile", "", "", ""}) {
		t.Errorf("scarica, R-1: got %q; want R-1, no, non ammissibile and no deadline, premium nor caveat of the Fund", got)
	}
	if m := escluso[col["Motivi del Fondo"]]; !strings.Contains(m, "non è ammesso nel caso") || !strings.Contains(m, "nessuna copertura da chiedere all'INAIL") {
		t.Errorf("scarica, R-1: the Fund's reasons %q do not say there is nothing to ask", m)
	}
	if ok := recs[2]; ok[col["Fondo INAIL"]] != "ammissibile" || ok[col["Richiesta al Fondo entro"]] != "05/09/2025" || ok[col["Premio stimato (€)"]] != "65,28" {
		t.Errorf("scarica, R-2: got %q", ok)
	}
}
