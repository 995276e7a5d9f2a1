package server

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"text/template"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

// The domanda di sostituzione: from a case computed on the result page, a
// request to the judge (or to the GIP after a decreto penale) with the
// computed days and hours, the limits, the ente and the attachments the
// law wants, as an editable Word document (.docx) or a page to print.
//
// The wording of each fattispecie comes from its rule file (etichette
// domanda_titolo, domanda_chiede, domanda_decreto,
// domanda_decreto_esclusa, domanda_autocertificazione,
// domanda_prescrizioni, domanda_programma): a fattispecie without
// domanda_titolo has no domanda. So does what a domanda to the GIP
// brings to the case (domanda_gip: fatti.decreto_penale for art. 56-bis,
// whose limit is then one year, art. 53 c.2 L. 689/1981). The case travels in
// the form as on the result page (hidden fields named as the calculator's)
// and is computed again here, so the figures are the engine's, never the
// client's.
//
// The personal data typed for it (imputato, defender, office, R.G.) live
// only in this request: the form is a POST (never in an address), the log
// line holds the route template only (registra), nothing is stored, and
// the answer is not cached (Cache-Control: no-store). The file name holds
// the fattispecie and the date, never a name.
//
// The .docx is written from a small embedded template (web/documenti/docx)
// with archive/zip: no maintained Go library for DOCX is served by the
// module proxy here (gooxml is not served, unioffice needs a paid licence,
// godocx has no version list), and a WordprocessingML document of
// paragraphs needs six short parts.

// The form's personal fields, their order, labels, help and bounds are
// the vocabulary's (rules/vocabolario.yaml, richieste.domanda, through
// lpu.Engine.Campi): etichette.domanda. The document reads those of
// personaDomanda (leggiPersona); TestCampiDomandaDichiarati checks the
// two agree.

// maxCampoDomanda bounds each personal field, as the vocabulary declares
// them (max: 200).
const maxCampoDomanda = 200

// personaDomanda holds the personal data of one domanda.
type personaDomanda struct {
	Ufficio, RG, Imputato, Nascita, Residenza, Domicilio, Difensore, Decreto, Ente, Luogo string
}

func leggiPersona(form url.Values) personaDomanda {
	v := func(n string) string { return pulito(form.Get("domanda." + n)) }
	return personaDomanda{Ufficio: v("ufficio"), RG: v("rg"), Imputato: v("imputato"), Nascita: v("nascita"), Residenza: v("residenza"),
		Domicilio: v("domicilio"), Difensore: v("difensore"), Decreto: senzaNumero(v("decreto")), Ente: v("ente"), Luogo: v("luogo")}
}

// numeroRe is a «n.», «n°», «nr.», «num.» or «numero» a lawyer may type
// before the decree's number.
var numeroRe = regexp.MustCompile(`(?i)^(?:n(?:r|um)?\s*[.°º]|n\s|numero\s)\s*`)

// senzaNumero is the decree's number without the «n.» the document
// already writes before it («n. 55/2025» → «55/2025»).
func senzaNumero(s string) string {
	return strings.TrimSpace(numeroRe.ReplaceAllString(s, ""))
}

// pulito makes a typed value one line of text of bounded length: control
// characters (a newline would start a new paragraph) become spaces.
func pulito(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxCampoDomanda {
		s = string(r[:maxCampoDomanda])
	}
	return s
}

// paragrafo is one paragraph of the domanda: a style (destra, titolo,
// sezione, testo, elenco, nota, firma) and its text.
type paragrafo struct {
	Stile, Testo string
}

// datiDomanda is what domanda.txt is written from.
type datiDomanda struct {
	Info      vistaFattispecie
	Esito     *lpu.Risultato
	Dati      []vistaDato
	Settimane *lpu.Settimane
	Passi     []lpu.Passo
	P         personaDomanda
	GIP       bool
}

// vistaModuloDomanda is the domanda's form on the result page.
type vistaModuloDomanda struct {
	Titolo   string
	Caso     []vistaDato // hidden fields: the case (Etichetta = name)
	Campi    []vistaCampo
	Decreto  bool // the judge may be the GIP (domanda_decreto)
	GIP      bool // … and is, by default: the case has the facts a domanda to the GIP brings (domanda_gip)
	Allegati []string
}

// moduloDomanda is the domanda's form for the case of form, or nil when
// the fattispecie has none or the case is excluded.
func moduloDomanda(v *vistaCalcolo, form url.Values, campi []lpu.InfoCampo) *vistaModuloDomanda {
	et := v.Info.Etichette
	if et["domanda_titolo"] == "" || v.Esito == nil || !v.Esito.Ammissibile {
		return nil
	}
	m := &vistaModuloDomanda{Titolo: et["domanda_titolo"], Decreto: et["domanda_decreto"] != ""}
	m.GIP = m.Decreto && casoDaGIP(v.Info.DomandaGIP, form)
	for _, k := range chiaviCaso(form) {
		m.Caso = append(m.Caso, vistaDato{Etichetta: k, Valore: strings.TrimSpace(form.Get(k))})
	}
	for _, c := range campi {
		if c.Nome == "domanda.decreto" && !m.Decreto {
			continue
		}
		m.Campi = append(m.Campi, vistaCampo{Nome: c.Nome, ID: idCampo(c.Nome), Etichetta: c.Etichetta, Aiuto: c.Aiuto, Max: min(c.Max, maxCampoDomanda)})
	}
	m.Allegati = []string{"dichiarazione di disponibilità dell'ente"}
	if a := et["domanda_autocertificazione"]; a != "" {
		m.Allegati = append(m.Allegati, "autocertificazione "+a)
	}
	if p := et["domanda_programma"]; p != "" {
		m.Allegati = append(m.Allegati, p)
	}
	return m
}

// chiaviCaso are the names of the case's fields in form, in order: those
// of the calculator, not the calendar's nor the domanda's.
func chiaviCaso(form url.Values) []string {
	var out []string
	for k, v := range form {
		if strings.HasPrefix(k, "piano.") || strings.HasPrefix(k, "domanda.") || k == "formato" || len(v) == 0 || strings.TrimSpace(v[0]) == "" {
			continue
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (s *Server) paginaDomanda(c *gin.Context) {
	r := s.regole()
	id := c.Param("fattispecie")
	info, ok := r.perID[id]
	if !ok {
		s.paginaErrore(c, fattispecieSconosciuta(id))
		return
	}
	if info.Etichette["domanda_titolo"] == "" {
		s.paginaErrore(c, errore(http.StatusNotFound, lpu.CodeDomandaNonPrevista, "", "per «%s» le regole non prevedono una domanda di sostituzione", info.Titolo))
		return
	}
	form, e := s.leggiPost(c)
	if e != nil {
		s.paginaErrore(c, e)
		return
	}
	formato := form.Get("formato")
	if formato != "docx" && formato != "html" {
		s.paginaErrore(c, errore(http.StatusBadRequest, lpu.CodeFormatoSconosciuto, "formato", "formato della domanda «%s» sconosciuto: docx oppure html", troncato(formato, 20)))
		return
	}
	caso := senzaEsecuzione(form)
	gip := info.Etichette["domanda_decreto"] != "" && form.Get("domanda.giudice") == "gip"
	if gip {
		// The case of a domanda to the GIP is computed with the facts the
		// rules say it brings (domanda_gip: a decreto penale, with its
		// own limits).
		for campo, si := range info.DomandaGIP {
			v := "no"
			if si {
				v = "sì"
			}
			caso.Set(campo, v)
		}
	}
	req, errs := leggiModulo(info, caso)
	if len(errs) > 0 {
		s.paginaErrore(c, errore(http.StatusBadRequest, lpu.CodeModuloNonValido, "", "i dati del caso non sono validi: torna al calcolo e correggili"))
		return
	}
	body, _ := json.Marshal(req)
	out, err := r.e.Run(c.Request.Context(), "calcolo", body)
	if err != nil {
		e := s.comeErrore(c, err)
		s.paginaErrore(c, e)
		return
	}
	res, ok := out.(*lpu.Risultato)
	if !ok { // the engine's calcolo kind answers *lpu.Risultato
		s.paginaErrore(c, s.erroreInterno(c, fmt.Errorf("server: calcolo ha risposto %T", out)))
		return
	}
	if !res.Ammissibile {
		msg := "la sostituzione è esclusa per questo caso: nessuna domanda da preparare"
		if m := info.Etichette["domanda_decreto_esclusa"]; gip && m != "" {
			msg = m // the rules' words for a case excluded after a decreto penale
		}
		if len(res.Motivi) > 0 {
			msg += " (" + strings.Join(res.Motivi, "; ") + ")"
		}
		s.paginaErrore(c, errore(http.StatusUnprocessableEntity, lpu.CodeSostituzioneEsclusa, "", "%s", msg))
		return
	}
	vi := vistaInfo(*info)
	d := datiDomanda{Info: vi, Esito: res, Dati: datiCaso(modulo(r.et, info, caso), res), P: leggiPersona(form),
		GIP: gip}
	d.Settimane = res.Settimane
	for _, ps := range res.Passi {
		if res.FondoInail == nil || !strings.HasPrefix(ps.Regola, "fondo.") {
			d.Passi = append(d.Passi, ps)
		}
	}
	par, err := s.testoDomanda(d)
	if err != nil {
		s.paginaErrore(c, s.erroreInterno(c, err))
		return
	}
	nomeFile := "domanda-lpu-" + info.ID + "-" + calc.FormatData(calc.Oggi(s.oggi()))
	if formato == "docx" {
		b, err := docxDomanda(s.docx, info.Etichette["domanda_titolo"], s.oggi(), par)
		if err != nil {
			s.paginaErrore(c, s.erroreInterno(c, fmt.Errorf("server: domanda docx: %w", err)))
			return
		}
		c.Header("Content-Disposition", `attachment; filename="`+nomeFile+`.docx"`)
		c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b)
		return
	}
	s.mostra(c, http.StatusOK, "domanda.html", vistaDomanda{base: s.base(info.Etichette["domanda_titolo"]), Info: vi, Paragrafi: par,
		Permalink: permalink(info.ID, soloCaso(form))})
}

// casoDaGIP reports whether the case of form has every fact a domanda
// to the GIP brings (fatti), so that the form offers that judge first;
// false when the rules declare none.
func casoDaGIP(fatti map[string]bool, form url.Values) bool {
	for campo, si := range fatti {
		if letto, _ := siNoModulo(form.Get(campo)); letto != si {
			return false
		}
	}
	return len(fatti) > 0
}

// senzaEsecuzione is form without the fields of the execution
// (esecuzione.*: hours served, liberazione anticipata, the first day of
// work): the domanda comes before the sentence, and its figures are the
// sentence's, not what is left of it.
func senzaEsecuzione(form url.Values) url.Values {
	out := url.Values{}
	for k, v := range form {
		if !strings.HasPrefix(k, "esecuzione.") {
			out[k] = v
		}
	}
	return out
}

// soloCaso is form without the domanda's fields (for the link back).
func soloCaso(form url.Values) url.Values {
	out := url.Values{}
	for _, k := range chiaviCaso(form) {
		out[k] = form[k]
	}
	return out
}

// vistaDomanda is the page to print.
type vistaDomanda struct {
	base
	Info      vistaFattispecie
	Paragrafi []paragrafo
	Permalink string
}

// testoDomanda writes the domanda's paragraphs from domanda.txt.
func (s *Server) testoDomanda(d datiDomanda) ([]paragrafo, error) {
	var b bytes.Buffer
	if err := s.documenti.ExecuteTemplate(&b, "domanda.txt", d); err != nil {
		return nil, fmt.Errorf("server: testo della domanda: %w", err)
	}
	var out []paragrafo
	for _, riga := range strings.Split(b.String(), "\n") {
		stile, testo, ok := strings.Cut(strings.TrimSpace(riga), "|")
		if !ok || strings.TrimSpace(testo) == "" {
			continue
		}
		out = append(out, paragrafo{Stile: stile, Testo: strings.TrimSpace(testo)})
	}
	return out, nil
}

// riempi is a typed value, or a line to fill by hand.
func riempi(s string) string {
	if strings.TrimSpace(s) == "" {
		return "____________________"
	}
	return s
}

// The WordprocessingML of each style: paragraph properties and run
// properties (trusted constants).
var stiliDocx = map[string][2]string{
	"destra":  {`<w:spacing w:after="0"/><w:ind w:left="4820"/>`, ``},
	"titolo":  {`<w:pStyle w:val="Title"/>`, ``},
	"sezione": {`<w:pStyle w:val="Heading1"/>`, ``},
	"testo":   {`<w:jc w:val="both"/>`, ``},
	"elenco":  {`<w:ind w:left="567" w:hanging="283"/><w:jc w:val="both"/>`, ``},
	"nota":    {`<w:spacing w:after="60" w:line="264" w:lineRule="auto"/><w:jc w:val="both"/>`, `<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>`},
	"firma":   {`<w:spacing w:before="240"/><w:ind w:left="4820"/>`, ``},
}

var funzioniDocx = template.FuncMap{
	// xml escapes a text for WordprocessingML. The typed values are
	// already one line (pulito); encoding/xml writes characters XML 1.0
	// does not allow as U+FFFD.
	"xml": func(s string) (string, error) {
		var b strings.Builder
		err := xml.EscapeText(&b, []byte(s))
		return b.String(), err
	},
	"stileDocx":     func(st string) string { return stiliDocx[st][0] },
	"carattereDocx": func(st string) string { return stiliDocx[st][1] },
}

// partiDocx are the parts of the package, in the order they are written,
// with the embedded file each comes from.
var partiDocx = [][2]string{
	{"[Content_Types].xml", "content_types.xml"},
	{"_rels/.rels", "rels.xml"},
	{"docProps/core.xml", "core.xml"},
	{"word/_rels/document.xml.rels", "document_rels.xml"},
	{"word/styles.xml", "styles.xml"},
	{"word/footer1.xml", "footer.xml"},
	{"word/document.xml", "document.xml"},
}

func caricaDocx() (*template.Template, error) {
	t, err := template.New("docx").Funcs(funzioniDocx).ParseFS(documentiFS, "web/documenti/docx/*.xml")
	if err != nil {
		return nil, fmt.Errorf("server: modello docx: %w", err)
	}
	return t, nil
}

// docxDomanda writes the paragraphs as a .docx package.
func docxDomanda(t *template.Template, titolo string, ora time.Time, par []paragrafo) ([]byte, error) {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	dati := map[string]any{"Paragrafi": par, "Titolo": titolo, "Creato": ora.UTC().Format("2006-01-02T15:04:05Z")}
	for _, p := range partiDocx {
		w, err := z.CreateHeader(&zip.FileHeader{Name: p[0], Method: zip.Deflate, Modified: ora})
		if err != nil {
			return nil, err
		}
		if err := t.ExecuteTemplate(w, p[1], dati); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
