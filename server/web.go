package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

//go:embed web/templates/*.html web/static/*
var webFS embed.FS

// pagine are the page templates, each parsed once with the layout.
type pagine map[string]*template.Template

var funzioniPagina = template.FuncMap{
	"valore": func(v string) string { return v }, // replaced by caricaPagine
	// fonte cuts a source into its pieces, the articles with their
	// address on Normattiva (lpu's Engine.Fonte, as the rules pages
	// have them), for the template "fonte"; replaced by caricaPagine
	"fonte":  func(t string) []lpu.PezzoFonte { return []lpu.PezzoFonte{{Testo: t}} },
	"dataIt": dataItaliana,
	// limite is a limit (lpu.Limite) or a count of weeks (*int):
	// "nessuno" when there is none.
	"limite": func(v any) string {
		switch x := v.(type) {
		case lpu.Limite:
			return x.String()
		case *int:
			if x != nil {
				return strconv.Itoa(*x)
			}
		}
		return "nessuno"
	},
	// settimane is the duration in weeks (lpu.Settimane) as a figure:
	// «almeno 7, al più 26», or «26» when the least is the most.
	"settimane": func(s *lpu.Settimane) string {
		cifra := func(l lpu.Limite) string {
			if v, ok := l.Int(); ok {
				return strconv.Itoa(v)
			}
			return ""
		}
		return durataSettimane(cifra(s.Min), cifra(s.Max))
	},
	"euro": euro,
	// vero: a yes or no that may be absent (nil is no)
	"vero":    func(b *bool) bool { return b != nil && *b },
	"inc":     func(i int) int { return i + 1 },
	"plurale": calc.Plurale,
	// positivo: an amount above zero ("0" and "0.00" are not shown as a figure)
	"positivo": func(s string) bool {
		d, err := calc.ParseDecimale(s)
		return err == nil && d.IsPositive()
	},
}

// caricaPagine parses the templates once; valore gives the label of an
// accepted value, fonte the pieces of a source, from the rules in use.
func caricaPagine(valore func(string) string, fonte func(string) []lpu.PezzoFonte) (pagine, error) {
	base, err := template.New("base.html").Funcs(funzioniPagina).Funcs(template.FuncMap{"valore": valore, "fonte": fonte}).
		ParseFS(webFS, "web/templates/base.html", "web/templates/campi.html")
	if err != nil {
		return nil, fmt.Errorf("server: modelli: %w", err)
	}
	p := pagine{}
	for _, nome := range []string{"indice.html", "calcolo.html", "errore.html", "glossario.html", "regole.html", "regola.html", "lotto.html", "domanda.html", "convenzione.html"} {
		t, err := template.Must(base.Clone()).ParseFS(webFS, "web/templates/"+nome)
		if err != nil {
			return nil, fmt.Errorf("server: modello %s: %w", nome, err)
		}
		p[nome] = t
	}
	return p, nil
}

// statici are the embedded stylesheet, script and icon, with a version
// (a hash of their content) that goes in their URLs so they can be
// cached for long.
type statici struct {
	file     map[string][]byte
	versione string
}

func caricaStatici() (statici, error) {
	s := statici{file: map[string][]byte{}}
	voci, err := fs.ReadDir(webFS, "web/static")
	if err != nil {
		return s, fmt.Errorf("server: file statici: %w", err)
	}
	h := sha256.New()
	for _, v := range voci {
		b, err := fs.ReadFile(webFS, "web/static/"+v.Name())
		if err != nil {
			return s, fmt.Errorf("server: file statici: %w", err)
		}
		s.file[v.Name()] = b
		h.Write(b)
	}
	s.versione = hex.EncodeToString(h.Sum(nil))[:12]
	return s, nil
}

func (s *Server) statico(c *gin.Context) {
	nome := c.Param("file")
	b, ok := s.statici.file[nome]
	if !ok {
		s.nonTrovato(c)
		return
	}
	tipo := mime.TypeByExtension(path.Ext(nome))
	if tipo == "" {
		tipo = "application/octet-stream"
	}
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, tipo, b)
}

// base is what every page shows.
type base struct {
	Titolo   string
	Versione string
	Regole   string
	Motore   string
	Oggi     string
}

func (s *Server) base(titolo string) base {
	return base{Titolo: titolo, Versione: s.statici.versione, Regole: s.regole().e.Hash(), Motore: lpu.Versione(),
		Oggi: calc.FormatDataItaliana(calc.Oggi(s.oggi()))}
}

func (s *Server) mostra(c *gin.Context, stato int, pagina string, dati any) {
	var b bytes.Buffer
	if err := s.pagine[pagina].ExecuteTemplate(&b, "base.html", dati); err != nil {
		panic(fmt.Errorf("server: pagina %s: %w", pagina, err)) // a template bug: recupera answers 500
	}
	c.Header("Content-Length", strconv.Itoa(b.Len()))
	c.Data(stato, "text/html; charset=utf-8", b.Bytes())
}

type vistaErrore struct {
	base
	Stato  int
	Errore *lpu.Error
}

func (s *Server) paginaErrore(c *gin.Context, e *lpu.Error) {
	stato := statoHTTP(e)
	s.mostra(c, stato, "errore.html", vistaErrore{base: s.base("Errore"), Stato: stato, Errore: e})
}

type vistaIndice struct {
	base
	Fattispecie []vistaFattispecie
}

type vistaFattispecie struct {
	lpu.InfoFattispecie
	Dal, Al string
}

func vistaInfo(f lpu.InfoFattispecie) vistaFattispecie {
	v := vistaFattispecie{InfoFattispecie: f}
	if t, err := calc.ParseData(f.Vigenza.Dal); err == nil {
		v.Dal = calc.FormatDataItaliana(t)
	}
	if t, err := calc.ParseData(f.Vigenza.Al); err == nil {
		v.Al = calc.FormatDataItaliana(t)
	}
	return v
}

func (s *Server) paginaIndice(c *gin.Context) {
	r := s.regole()
	q, e := leggiQuery(c.Request.URL.RawQuery)
	if e != nil {
		s.paginaErrore(c, e)
		return
	}
	if id := q.Get("fattispecie"); id != "" {
		// The chooser works without JavaScript: a GET form lands here.
		if _, ok := r.perID[id]; ok {
			c.Redirect(http.StatusSeeOther, "/calcolo/"+url.PathEscape(id))
			return
		}
	}
	v := vistaIndice{base: s.base("Calcolatore del lavoro di pubblica utilità")}
	for _, f := range r.catalogo {
		vi := vistaInfo(f)
		v.Fattispecie = append(v.Fattispecie, vi)
	}
	s.mostra(c, http.StatusOK, "indice.html", v)
}

// Il modulo del calcolo.

type vistaCalcolo struct {
	base
	Info    vistaFattispecie
	Gruppi  []vistaGruppo
	Piano   *vistaModuloPiano
	Errori  []vistaErroreCampo
	Inviato bool
	Dati    []vistaDato
	Esito   *lpu.Risultato
	// Prospetto: the permalink, the text to copy, the weeks (prospetto.go)
	Prospetto *vistaProspetto
	// Domanda: the form of the domanda di sostituzione (domanda.go)
	Domanda  *vistaModuloDomanda
	EsitoPia *vistaPiano
	Scarica  *vistaScarica
}

type vistaGruppo struct {
	Titolo, Nota string
	// Liste are lists asked in rows (the convention's sedi), before
	// Campi.
	Liste []*vistaLista
	Campi []*vistaCampo
}

type vistaCampo struct {
	Nome, ID, Etichetta, Aiuto, Tipo string
	Di                               string // for a part of a durata: the field's label
	Breve                            string // for a box of a list's row or a day of the week: its label beside the box
	AiutoID                          string // for a box of a list's row: its member's help, above the rows
	Valore                           string
	Voci                             []string // for a lista: its items, as leggiCampi reads them
	Spuntato                         bool
	Parti                            []*vistaCampo
	Scelte                           []vistaScelta
	Citati                           []string
	Errore                           string
	Max                              int
}

type vistaScelta struct {
	Valore, Etichetta, ID string
	Scelta                bool
}

type vistaErroreCampo struct {
	ID, Etichetta, Messaggio string
}

// Testo is the item of the summary of a form's errors: the field's label,
// then the message; the message alone when it names the field already
// («i «Giorni di prova già eseguiti» (800) sono più di …»), which the
// label before it would repeat.
func (v vistaErroreCampo) Testo() string {
	if v.Etichetta == "" || nominaCampo(v.Messaggio, v.Etichetta) {
		return v.Messaggio
	}
	return v.Etichetta + ": " + v.Messaggio
}

// nominaCampo says whether the message msg names the field of label et
// between «», with or without the unit its label ends with («Multa»
// for «Multa (€)»), whatever the case; or begins with it bare
// («Fattispecie «art. 999» sconosciuta»).
func nominaCampo(msg, et string) bool {
	m, e := strings.ToLower(msg), strings.ToLower(et)
	if strings.HasPrefix(m, e+" ") {
		return true
	}
	for _, n := range []string{e, lpu.LabelWithoutUnit(e)} {
		if strings.Contains(m, "«"+n+"»") {
			return true
		}
	}
	return false
}

type vistaDato struct {
	Etichetta, Valore string
	// Fonte, for a value whose step the answer does not show, is its
	// source (the steps shown carry theirs).
	Fonte string
}

type vistaModuloPiano struct {
	Inizio, DurataMesi, Comune *vistaCampo
	OraInizio, Riferimento     *vistaCampo
	CoperturaInail, Verbale    *vistaCampo
	Sospensioni                []*vistaSospensione
	// IDSospensioni is the id of the sospensioni's rows, for the error
	// on a row the page does not read (oltre: see rigaNonLetta).
	IDSospensioni string
	sospensioni   string // their label
	oltre         string
	api           bool // whether the API takes more than sospensioniModulo
	Giorni        []*vistaCampo
	Errore        string
}

// vistaSospensione is one period without sessions in the form.
type vistaSospensione struct {
	N               int // 1, 2, …
	Dal, Al, Motivo *vistaCampo
}

// sospensioniModulo is how many periods of sospensione the form offers
// (the request takes up to the declared max of piano.sospensioni).
const sospensioniModulo = 3

// etichettaElemento is the label of the member of the n-th element (from
// 1) of a list, as the engine's errors name it: «Sospensioni n. 2 –
// Sospensione dal».
func etichettaElemento(lista string, n int, membro string) string {
	return lista + " n. " + strconv.Itoa(n) + " – " + membro
}

// prefissoSospensione is the form's name of the n-th period (from 1):
// piano.sospensione, piano.sospensione2, …
func prefissoSospensione(n int) string {
	if n == 1 {
		return "piano.sospensione"
	}
	return "piano.sospensione" + strconv.Itoa(n)
}

type vistaScarica struct {
	ICS, Registro string
}

func idCampo(nome string) string { return "c-" + strings.ReplaceAll(nome, ".", "-") }

// modulo builds the form of a fattispecie from the catalogue, with the
// values typed (form) when the form was sent.
func modulo(et etichette, info *lpu.InfoFattispecie, form url.Values) []vistaGruppo {
	var out []vistaGruppo
	for _, g := range et.gruppi {
		vg := vistaGruppo{Titolo: g.Titolo, Nota: g.Nota}
		// A fattispecie may name a group its own way (etichette
		// gruppo_<prefisso>_titolo and _nota): a messa alla prova has a
		// programme, not a sentence.
		if t := info.Etichette["gruppo_"+g.Prefisso+"_titolo"]; t != "" {
			vg.Titolo = t
		}
		if n := info.Etichette["gruppo_"+g.Prefisso+"_nota"]; n != "" {
			vg.Nota = n
		}
		for _, c := range info.Campi {
			// (its group: the one it declares, or the one its path's
			// first part names)
			pre, _, _ := strings.Cut(c.Nome, ".")
			if c.Gruppo != "" {
				pre = c.Gruppo
			}
			if pre != g.Prefisso {
				continue
			}
			vc := campoModulo(c, form)
			vg.Campi = append(vg.Campi, vc)
		}
		if len(vg.Campi) > 0 {
			out = append(out, vg)
		}
	}
	return out
}

func campoModulo(c lpu.InfoCampo, form url.Values) *vistaCampo {
	v := &vistaCampo{Nome: c.Nome, ID: idCampo(c.Nome), Etichetta: c.Etichetta, Aiuto: c.Aiuto, Tipo: c.Tipo,
		Valore: form.Get(c.Nome), Citati: c.Citati, Max: c.Max}
	if c.Tipo == "lista" {
		v.Voci = vociLista(form[c.Nome])
	}
	switch {
	case c.Tipo == "durata":
		for _, p := range []string{"anni", "mesi", "giorni"} {
			n := c.Nome + "." + p
			v.Parti = append(v.Parti, &vistaCampo{Nome: n, ID: idCampo(n), Etichetta: p, Di: c.Etichetta, Valore: form.Get(n)})
		}
	case c.Tipo == "booleano" && predefinitoSi(c):
		// A box left empty sends nothing, which is the default, a yes: a
		// fact that is yes unless said otherwise is asked with two
		// choices, so that the no can be said.
		si, letto := true, true
		if val := strings.TrimSpace(form.Get(c.Nome)); val != "" {
			si, letto = siNoModulo(val)
		}
		v.Scelte = []vistaScelta{{Valore: "sì", Etichetta: "sì", ID: v.ID + "-si", Scelta: letto && si}, {Valore: "no", Etichetta: "no", ID: v.ID + "-no", Scelta: letto && !si}}
		v.Tipo = "scelta"
	case c.Tipo == "booleano":
		v.Spuntato, _ = siNoModulo(form.Get(c.Nome))
	case c.Tipo == "lista" && len(c.Scelte) > 0:
		// A list of choices: a box for each, those the form sent ticked,
		// read as leggiCampi reads them.
		v.Tipo = "scelte"
		scelti := map[string]bool{}
		for _, x := range v.Voci {
			scelti[x] = true
		}
		for _, sc := range c.Scelte {
			v.Scelte = append(v.Scelte, vistaScelta{Valore: sc.Valore, Etichetta: sc.Etichetta, ID: v.ID + "-" + sc.Valore, Scelta: scelti[sc.Valore]})
		}
	case len(c.Valori) > 0:
		scelto := form.Get(c.Nome)
		if scelto == "" {
			scelto = c.Predefinito
		}
		if c.Predefinito == "" {
			v.Scelte = append(v.Scelte, vistaScelta{Valore: "", Etichetta: "senza indicazione", ID: v.ID + "-", Scelta: scelto == ""})
		}
		for _, sc := range c.Scelte {
			v.Scelte = append(v.Scelte, vistaScelta{Valore: sc.Valore, Etichetta: sc.Etichetta, ID: v.ID + "-" + sc.Valore, Scelta: scelto == sc.Valore})
		}
		v.Tipo = "scelta"
	}
	return v
}

// predefinitoSi says whether a yes/no field is yes when left out.
func predefinitoSi(c lpu.InfoCampo) bool {
	si, ok := calc.ParseSiNo(c.Predefinito)
	return ok && si
}

// siNoModulo reads a box of the form: its own value (sì) when ticked,
// on (what a browser sends for a box without a value), or the yes and
// no a link written by hand may say (calc.ParseSiNo).
func siNoModulo(s string) (si, ok bool) {
	if strings.TrimSpace(s) == "on" {
		return true, true
	}
	return calc.ParseSiNo(s)
}

// leggiModulo turns the typed values into a JSON request, accepting the
// Italian ways of writing numbers and dates ("1.500,00", "10/06/2025").
// Values that cannot be read are reported on their field.
func leggiModulo(info *lpu.InfoFattispecie, form url.Values) (map[string]any, map[string]string) {
	req := map[string]any{"fattispecie": info.ID}
	errs := leggiCampi(info.Campi, form, req)
	return req, errs
}

// leggiCampi puts the values of campi typed in form into req, as
// leggiModulo does, and returns the errors of those it cannot read.
func leggiCampi(campi []lpu.InfoCampo, form url.Values, req map[string]any) map[string]string {
	errs := map[string]string{}
	for _, c := range campi {
		val := strings.TrimSpace(form.Get(c.Nome))
		switch c.Tipo {
		case "durata":
			d := map[string]any{}
			for _, p := range []string{"anni", "mesi", "giorni"} {
				n := c.Nome + "." + p
				s := strings.TrimSpace(form.Get(n))
				if s == "" {
					continue
				}
				x, err := interoItaliano(s)
				if err != nil {
					errs[n] = fmt.Sprintf("numero intero non valido: «%s»", troncato(s, 40))
					continue
				}
				d[p] = x
			}
			if len(d) > 0 {
				imposta(req, c.Nome, d)
			}
			continue
		case "booleano":
			// The box sends its value (sì) when ticked and nothing when
			// not; a link written by hand may say no, and a word that is
			// neither is an error, not a yes.
			si, ok := siNoModulo(val)
			switch {
			case ok:
				imposta(req, c.Nome, si)
			case val != "":
				errs[c.Nome] = fmt.Sprintf("atteso sì o no, trovato «%s»", troncato(val, 40))
			}
			continue
		case "lista":
			// A list typed in one box, its items separated by commas,
			// or ticked in a group of boxes, one value each: read whole,
			// whatever its first value, and blank items left out (a
			// list sent with an empty first value is not an empty list).
			if l := vociLista(form[c.Nome]); len(l) > 0 {
				imposta(req, c.Nome, l)
			}
			continue
		}
		if val == "" {
			continue
		}
		switch c.Tipo {
		case "importo":
			d, err := calc.ParseImporto(val)
			switch {
			case errors.Is(err, calc.ErrAmbiguo):
				errs[c.Nome] = fmt.Sprintf("importo ambiguo: «%s» (%s)", troncato(val, 40), calc.ConsiglioAmbiguo(val))
				continue
			case err != nil && !errors.Is(err, calc.ErrNegativo):
				errs[c.Nome] = fmt.Sprintf("importo non valido: «%s» (es. 1.500,00)", troncato(val, 40))
				continue
			}
			imposta(req, c.Nome, d.String())
		case "data":
			t, err := calc.ParseDataScritta(val)
			if err != nil {
				errs[c.Nome] = erroreData(val, err, "gg/mm/aaaa o gg/mm/aa, es. 10/06/2025")
				continue
			}
			imposta(req, c.Nome, calc.FormatData(t))
		case "intero":
			x, err := interoItaliano(val)
			if err != nil {
				errs[c.Nome] = fmt.Sprintf("numero intero non valido: «%s»", troncato(val, 40))
				continue
			}
			imposta(req, c.Nome, x)
		default:
			imposta(req, c.Nome, val)
		}
	}
	return errs
}

// vociLista are the items of a list the form sent, in their order: the
// values of the boxes ticked, or the items of one box separated by
// commas, blank ones left out.
func vociLista(valori []string) []string {
	var l []string
	for _, v := range valori {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				l = append(l, p)
			}
		}
	}
	return l
}

// interoItaliano reads a whole number, allowing the Italian thousands
// separator ("1.000"). A minus sign before one gives a negative number,
// which the engine refuses with its bound, as it does a request's («il
// valore non può essere negativo (-3)»), not as no number at all.
func interoItaliano(s string) (int64, error) {
	if r, ok := strings.CutPrefix(strings.TrimSpace(s), "-"); ok {
		if strings.HasPrefix(strings.TrimSpace(r), "-") {
			return 0, errors.New("non valido")
		}
		n, err := interoItaliano(r)
		return -n, err
	}
	t := strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), " ", "")
	if t == "" || len(t) > 12 {
		return 0, errors.New("non valido")
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return 0, errors.New("non valido")
		}
	}
	if strings.Contains(s, ".") && !separatoriMigliaia(s) {
		return 0, errors.New("non valido")
	}
	return strconv.ParseInt(t, 10, 64)
}

func separatoriMigliaia(s string) bool {
	parti := strings.Split(s, ".")
	if len(parti[0]) == 0 || len(parti[0]) > 3 {
		return false
	}
	for _, p := range parti[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

func imposta(m map[string]any, nome string, v any) {
	parti := strings.Split(nome, ".")
	for _, p := range parti[:len(parti)-1] {
		sub, ok := m[p].(map[string]any)
		if !ok {
			sub = map[string]any{}
			m[p] = sub
		}
		m = sub
	}
	m[parti[len(parti)-1]] = v
}

// campoDi finds the form field an engine error is about: the longest
// field name that is its campo or a prefix of it.
func campoDi(campi []*vistaCampo, campo string) *vistaCampo {
	var best *vistaCampo
	for _, c := range campi {
		if campo == c.Nome || strings.HasPrefix(campo, c.Nome+".") {
			if best == nil || len(c.Nome) > len(best.Nome) {
				best = c
			}
		}
		for _, p := range c.Parti {
			if campo == p.Nome {
				return p
			}
		}
	}
	return best
}

// leggiPost reads a page's POSTed form within the body bound: 413 past
// it, 400 for a form that cannot be read.
func (s *Server) leggiPost(c *gin.Context) (url.Values, *lpu.Error) {
	if c.Request.ContentLength > s.maxCorpo {
		return nil, errTroppoGrande(s.maxCorpo)
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.maxCorpo)
	if err := c.Request.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errTroppoGrande(s.maxCorpo)
		}
		return nil, errore(http.StatusBadRequest, lpu.CodeModuloNonValido, "", "modulo non leggibile")
	}
	return utf8Valido(c.Request.PostForm), nil
}

func (s *Server) paginaCalcolo(c *gin.Context) {
	r := s.regole()
	id := c.Param("fattispecie")
	info, ok := r.perID[id]
	if !ok {
		s.paginaErrore(c, fattispecieSconosciuta(id))
		return
	}
	form := url.Values{}
	inviato := c.Request.Method == http.MethodPost
	if inviato {
		f, e := s.leggiPost(c)
		if e != nil {
			s.paginaErrore(c, e)
			return
		}
		form = f
	} else if c.Request.URL.RawQuery != "" {
		// A permalink (prospetto.go): the case in the query.
		q, e := leggiQuery(c.Request.URL.RawQuery)
		if e != nil {
			s.paginaErrore(c, e)
			return
		}
		form, inviato = q, true
	}
	v := vistaCalcolo{base: s.base(info.Titolo), Info: vistaInfo(*info), Gruppi: modulo(r.et, info, form), Inviato: inviato}
	var campi []*vistaCampo
	for _, g := range v.Gruppi {
		campi = append(campi, g.Campi...)
	}
	v.Piano = moduloPiano(r.et, form)
	campi = append(campi, v.Piano.campi()...)
	if ignoti := parametriIgnoti(form, campi); inviato && c.Request.Method == http.MethodGet && len(ignoti) > 0 {
		s.paginaErrore(c, errParametriIgnoti(ignoti))
		return
	}
	if !inviato {
		s.mostra(c, http.StatusOK, "calcolo.html", v)
		return
	}
	req, errs := leggiModulo(info, form)
	body, _ := json.Marshal(req)
	out, err := r.e.Run(c.Request.Context(), "calcolo", body)
	if erroriForm := len(errs) > 0; erroriForm || err != nil {
		stato := s.erroriDelMotore(c, errs, err, campi, nil)
		if err != nil && !erroriForm {
			s.met.valutazione("calcolo", id, "errore")
		}
		if strings.TrimSpace(form.Get("piano.inizio")) != "" {
			// The calendar's boxes the form cannot read are told now
			// too, after the case's (the form's order): fixing the case
			// must not bring up new errors on the calendar's.
			leggiPiano(v.Piano, map[string]any{}, func(f *vistaCampo, msg string) { errs[f.Nome] = msg })
		}
		v.Errori = erroriModulo(campi, errs)
		if e, ok := v.Piano.righeNonLette(); ok && strings.TrimSpace(form.Get("piano.inizio")) != "" {
			v.Errori = append(v.Errori, e)
		}
		s.mostra(c, stato, "calcolo.html", v)
		return
	}
	res, ok := out.(*lpu.Risultato)
	if !ok { // the engine's calcolo kind answers *lpu.Risultato
		panic(fmt.Errorf("server: calcolo ha risposto %T", out))
	}
	fatt, esito := r.etichette(res, nil)
	s.met.valutazione("calcolo", fatt, esito)
	v.Esito = res
	v.Dati = datiCaso(v.Gruppi, res)
	s.prospetto(r, &v, form)
	v.Domanda = moduloDomanda(&v, form, r.et.domanda)
	if strings.TrimSpace(form.Get("piano.inizio")) != "" {
		s.calcolaPiano(c, &v, req, res)
		s.fondoDalPiano(c, &v, req, form)
		unaVolta(&v)
	}
	s.mostra(c, http.StatusOK, "calcolo.html", v)
}

// erroriDelMotore adds to errs, the form's own errors by field, every
// error of the engine's answer err, one per field: with the form's own
// errors (the engine has read the fields the form could), only what it
// says of the other fields' values (a bound, a value not among the
// accepted ones), not a refusal or a missing value, which may come from
// a field the form could not read. It answers the page's status: 400
// with the form's errors, else the engine error's.
//
// modulo, if not nil, is the form's field of a request's field (a list's
// item on its row); otherwise an item of a list is told on its list.
func (s *Server) erroriDelMotore(c *gin.Context, errs map[string]string, err error, campi []*vistaCampo, modulo func(string) string) int {
	erroriForm := len(errs) > 0
	stato := http.StatusBadRequest
	tutti := lpu.AllErrors(err)
	if err != nil {
		e := s.comeErrore(c, err)
		if len(tutti) == 0 {
			tutti = []*lpu.Error{e}
		}
		if !erroriForm {
			stato = statoHTTP(e)
		}
	}
	for _, x := range tutti {
		if erroriForm && (x.Kind != lpu.KindInput || x.Code == lpu.CodeCampoObbligatorio) {
			continue
		}
		campo := campoSenzaIndici(x.Field)
		if modulo != nil {
			campo = modulo(x.Field)
		}
		if !haErrore(errs, campo) {
			errs[campo] = messaggioMotore(x, campo, campi)
		}
	}
	return stato
}

// messaggioMotore is what the page says of an engine's error: its
// message (without the field's label, which the page shows beside the
// field and before the message in the list of errors), but for a value
// that is none of a choice's, which is told with the labels the form
// shows for the choices, not with their codes (an old or edited link
// may bring one); a choice's value the rules refuse keeps their message. nome is the form's field the error is on.
func messaggioMotore(x *lpu.Error, nome string, campi []*vistaCampo) string {
	f := campoDi(campi, nome)
	if f == nil {
		return x.Message
	}
	if x.Code == lpu.CodeCampoObbligatorio && f.Nome == nome && len(f.Scelte) > 0 {
		// The engine lists the accepted values as a request writes
		// them; the form shows them beside the message.
		return "scegliere una delle voci dell'elenco"
	}
	rifiutato := x.Code == lpu.CodeValoreNonAmmesso || x.Code == lpu.CodeFattispecieSconosciuta
	if !rifiutato || f.Nome != nome || len(f.Scelte) == 0 {
		return x.MessageWithoutLabel()
	}
	noti := map[string]bool{}
	var et []string
	for _, sc := range f.Scelte {
		if sc.Valore != "" {
			noti[sc.Valore] = true
			et = append(et, "«"+sc.Etichetta+"»")
		}
	}
	if f.Tipo != "scelte" {
		// A value that is one of the choices: the rules refused it for
		// a reason of their own (a model not yet in force on the day),
		// which their message tells.
		if noti[f.Valore] {
			return x.MessageWithoutLabel()
		}
		return fmt.Sprintf("valore «%s» non ammesso: scegliere una delle voci dell'elenco: %s", troncato(f.Valore, 40), strings.Join(et, ", "))
	}
	// A list: the items sent that are none of its boxes'. If each is
	// one of them, the rules refused one for a reason of their own,
	// which their message tells.
	var fuori []string
	for _, v := range f.Voci {
		if !noti[v] {
			fuori = append(fuori, "«"+troncato(v, 40)+"»")
		}
	}
	switch len(fuori) {
	case 0:
		return x.MessageWithoutLabel()
	case 1:
		return fmt.Sprintf("valore %s non ammesso: scegliere tra le voci dell'elenco: %s", fuori[0], strings.Join(et, ", "))
	}
	return fmt.Sprintf("valori %s non ammessi: scegliere tra le voci dell'elenco: %s", strings.Join(fuori, ", "), strings.Join(et, ", "))
}

// campoSenzaIndici is the field of the form the engine's error on campo
// is about: an item of a list («convenzione.fattispecie[1]») is told on
// its list.
func campoSenzaIndici(campo string) string {
	return reIndice.ReplaceAllString(campo, "")
}

var reIndice = regexp.MustCompile(`\[[0-9]+\]`)

// erroriModulo marks each field of errs (a field's name, or a part of a
// durata) with its message, and lists them for the summary at the top of
// the form, in the form's order, each with its label and a link to its
// box.
func erroriModulo(campi []*vistaCampo, errs map[string]string) []vistaErroreCampo {
	var out []vistaErroreCampo
	segnalaInOrdine(campi, errs, func(campo, msg string) {
		f := campoDi(campi, campo)
		if f == nil {
			out = append(out, vistaErroreCampo{Messaggio: msg})
			return
		}
		f.Errore = msg
		et, id := f.Etichetta, f.ID
		if f.Di != "" { // a part of a durata: "Arresto (mesi)"
			et = f.Di + " (" + f.Etichetta + ")"
		}
		if len(f.Parti) > 0 { // a durata: the link goes to its first box
			id = f.Parti[0].ID
		}
		if len(f.Scelte) > 0 { // a choice: to its first option, which takes the focus
			id = f.Scelte[0].ID
		}
		out = append(out, vistaErroreCampo{ID: id, Etichetta: et, Messaggio: msg})
	})
	return out
}

// segnalaInOrdine reports the errors by field (a field's name, or a part
// of a durata) in the order of the form's fields, then any other.
func segnalaInOrdine(campi []*vistaCampo, errs map[string]string, segnala func(campo, msg string)) {
	fatti := map[string]bool{}
	dici := func(nome string) {
		if msg, ok := errs[nome]; ok && !fatti[nome] {
			fatti[nome] = true
			segnala(nome, msg)
		}
	}
	for _, c := range campi {
		dici(c.Nome)
		for _, p := range c.Parti {
			dici(p.Nome)
		}
	}
	for _, nome := range slices.Sorted(maps.Keys(errs)) {
		dici(nome)
	}
}

// haErrore says whether errs has an error on campo, on a part of it
// (pena.arresto.mesi of pena.arresto) or on the field it is part of.
func haErrore(errs map[string]string, campo string) bool {
	for nome := range errs {
		if nome == campo || strings.HasPrefix(nome, campo+".") || strings.HasPrefix(campo, nome+".") {
			return true
		}
	}
	return false
}

// datiCaso lists what was typed, as it was read, for the printed record.
func datiCaso(gruppi []vistaGruppo, res *lpu.Risultato) []vistaDato {
	out := []vistaDato{{Etichetta: "Data di riferimento", Valore: dataItaliana(res.Data)}}
	return append(out, datiCampi(gruppi, "data")...)
}

// datiCampi lists the fields of gruppi given a value, but salta, each by
// its label and its value as it was read.
func datiCampi(gruppi []vistaGruppo, salta string) []vistaDato {
	var out []vistaDato
	for _, g := range gruppi {
		for _, c := range g.Campi {
			if c.Nome == salta {
				continue
			}
			et, val := c.Etichetta, ""
			switch {
			case c.Tipo == "durata":
				// an amount or a durata is written with its unit («€
				// 1.500», «1 mese e 15 giorni»): its label does not
				// repeat it («Ammenda: € 1.500», not «Ammenda (€): …»)
				et = lpu.LabelWithoutUnit(et)
				var d calc.Durata
				for i, p := range c.Parti {
					n, _ := interoItaliano(strings.TrimSpace(p.Valore))
					*[]*int{&d.Anni, &d.Mesi, &d.Giorni}[i] = int(n)
				}
				if !d.Zero() {
					val = d.String()
				}
			case c.Tipo == "booleano":
				if c.Spuntato {
					val = "sì"
				}
			case c.Tipo == "scelta" || c.Tipo == "scelte":
				var scelte []string
				for _, sc := range c.Scelte {
					if sc.Scelta && sc.Valore != "" {
						scelte = append(scelte, sc.Etichetta)
					}
				}
				val = strings.Join(scelte, "; ")
			case c.Tipo == "importo":
				et = lpu.LabelWithoutUnit(et)
				if d, err := calc.ParseImporto(c.Valore); err == nil {
					val = "€ " + calc.FormatEuro(d)
				}
			default:
				val = strings.TrimSpace(c.Valore)
			}
			if val != "" {
				out = append(out, vistaDato{Etichetta: et, Valore: val})
			}
		}
	}
	return out
}

func dataItaliana(s string) string {
	if t, err := calc.ParseData(s); err == nil {
		return calc.FormatDataItaliana(t)
	}
	return s
}

// Il calendario (piano).

// moduloPiano builds the plan's part of the form. Its fields are named
// piano.<field of the piano request> (piano.sospensione.* for the one
// period of sospensioni the form offers), labelled by the vocabulary.
func moduloPiano(et etichette, form url.Values) *vistaModuloPiano {
	campo := func(nome, voce, tipo string) *vistaCampo {
		testo, aiuto := et.campoPiano(voce)
		return &vistaCampo{Nome: nome, ID: idCampo(nome), Etichetta: testo, Aiuto: aiuto, Tipo: tipo, Valore: form.Get(nome)}
	}
	p := &vistaModuloPiano{Inizio: campo("piano.inizio", "inizio", "data"), DurataMesi: campo("piano.durata_mesi", "durata_mesi", "intero"),
		Comune: campo("piano.comune", "comune", "testo"), OraInizio: campo("piano.ora_inizio", "ora_inizio", "testo"),
		Riferimento: campo("piano.riferimento", "riferimento", "testo"), CoperturaInail: campo("piano.copertura_inail_dal", "copertura_inail_dal", "data"),
		Verbale: campo("piano.data_verbale", "data_verbale", "data")}
	sospensioni, _ := et.campoPiano("sospensioni")
	p.IDSospensioni, p.sospensioni = idCampo("piano.sospensioni"), sospensioni
	m := et.piano["sospensioni"].Max
	p.api = m == 0 || m > sospensioniModulo
	// (row 1 is piano.sospensione, the others piano.sospensione<n>)
	p.oltre = rigaNonLetta(form, func(k string) (string, bool) {
		resto, ok := strings.CutPrefix(k, "piano.sospensione")
		num, _, punto := strings.Cut(resto, ".")
		return num, ok && punto
	}, func(num string) bool { return num == "" || num != "1" && numeroRiga(num, sospensioniModulo) })
	for n := 1; n <= sospensioniModulo; n++ {
		pre := prefissoSospensione(n)
		// (the row's boxes say dal, al, motivo; the list of errors
		// names them with the row's number, as the engine does)
		riga := func(nome, voce, tipo string) *vistaCampo {
			f := campo(pre+"."+nome, voce, tipo)
			f.Etichetta = etichettaElemento(sospensioni, n, f.Etichetta)
			return f
		}
		p.Sospensioni = append(p.Sospensioni, &vistaSospensione{N: n, Dal: riga("dal", "sospensioni.dal", "data"),
			Al: riga("al", "sospensioni.al", "data"), Motivo: riga("motivo", "sospensioni.motivo", "testo")})
	}
	for _, g := range calc.NomiGiorni() {
		// (the box says the day; the list of errors names it as the
		// API does: «Ore per giorno della settimana (martedì)»)
		n := "piano.giorni_settimana." + g
		f := &vistaCampo{Nome: n, ID: idCampo(n), Etichetta: et.etichettaPiano(campoGiorni + "." + g), Breve: et.giorni[g], Valore: form.Get(n)}
		if f.Etichetta == "" {
			f.Etichetta = f.Breve
		}
		p.Giorni = append(p.Giorni, f)
	}
	return p
}

// righeNonLette is the error on a period of sospensione the form sent
// a value in and the page does not read (rigaNonLetta), by the list's
// label, linked to its rows.
func (p *vistaModuloPiano) righeNonLette() (vistaErroreCampo, bool) {
	if p.oltre == "" {
		return vistaErroreCampo{}, false
	}
	return vistaErroreCampo{ID: p.IDSospensioni, Etichetta: p.sospensioni, Messaggio: erroreRigheOltre(sospensioniModulo, p.oltre, p.api)}, true
}

// estremo says whether f is the box of a period's first or last day.
func (p *vistaModuloPiano) estremo(f *vistaCampo) bool {
	return f != nil && slices.ContainsFunc(p.Sospensioni, func(so *vistaSospensione) bool { return f == so.Dal || f == so.Al })
}

func (p *vistaModuloPiano) campi() []*vistaCampo {
	out := []*vistaCampo{p.Inizio, p.DurataMesi, p.Verbale, p.Comune, p.CoperturaInail, p.OraInizio, p.Riferimento}
	for _, so := range p.Sospensioni {
		out = append(out, so.Dal, so.Al, so.Motivo)
	}
	return append(out, p.Giorni...)
}

// vistaPiano is the calendar with its timeline.
type vistaPiano struct {
	*lpu.RisultatoPiano
	Linea *lineaTempo
}

// calcolaPiano plans the hours just computed (the residual ones when some
// were served) from the plan fields of the form, with the date and the
// facts of the case (they decide the limits the plan is checked against).
func (s *Server) calcolaPiano(c *gin.Context, v *vistaCalcolo, req map[string]any, res *lpu.Risultato) {
	p := v.Piano
	if !res.Ammissibile {
		p.Errore = "il lavoro di pubblica utilità è escluso: nessun calendario"
		return
	}
	es, _ := req["esecuzione"].(map[string]any)
	svolte, _ := es["ore_svolte"].(int64)
	ore, residue := oreDaPianificare(res, svolte > 0)
	if ore <= 0 {
		// (the plan's hours are the case's: its own «indicare le ore»
		// would name a box the form does not have)
		p.Errore = "il calcolo non dà ore di lavoro da svolgere: nessun calendario"
		if residue {
			p.Errore = "le ore di lavoro sono già state svolte tutte: nessun calendario"
		}
		return
	}
	rp := map[string]any{"fattispecie": res.Fattispecie, "ore": ore, "data": res.Data}
	if residue {
		// (the work has started: the plan does not give the INAIL
		// deadline of its first session as the entity's)
		rp["ore_svolte"] = svolte
	}
	if f, ok := req["fatti"]; ok {
		rp["fatti"] = f
	}
	diversi := s.dalCaso(p, req)
	n0 := len(v.Errori)
	segna := func(f *vistaCampo, msg string) {
		f.Errore = msg
		v.Errori = append(v.Errori, vistaErroreCampo{ID: f.ID, Etichetta: f.Etichetta, Messaggio: msg})
	}
	for _, d := range diversi {
		segna(d.campo, d.msg)
	}
	sosp, righe, senzaOre := leggiPiano(p, rp, segna)
	if e, ok := p.righeNonLette(); ok {
		v.Errori = append(v.Errori, e)
	}
	if senzaOre {
		// (the engine's own words for it show the JSON of a request)
		segna(p.Giorni[0], "indicare le ore di almeno un giorno della settimana")
	}
	body, _ := json.Marshal(rp)
	out, err := s.regole().e.Run(c.Request.Context(), "piano", body)
	if erroriForm := len(v.Errori) > n0; erroriForm || err != nil {
		// Every error of the engine, on its field of the form; with the
		// form's own errors, only those on the other fields' values (as
		// for the case: a refusal or a missing value may come from a
		// field the form could not read).
		tutti := lpu.AllErrors(err)
		if err != nil {
			if e := s.comeErrore(c, err); len(tutti) == 0 {
				tutti = []*lpu.Error{e}
			}
		}
		for _, x := range tutti {
			f := campoDi(p.campi(), pianoCampo(x.Field, righe))
			// (a period's missing end is its own box left empty, not
			// a box the form could not read: told whatever else is)
			if erroriForm && (x.Kind != lpu.KindInput || x.Code == lpu.CodeCampoObbligatorio && !p.estremo(f)) {
				continue
			}
			switch {
			case f != nil && f.Errore == "":
				segna(f, x.MessageWithoutLabel()) // (the box and the list show the label)
			case f == nil && p.Errore == "":
				p.Errore = x.Message
			}
		}
		return
	}
	piano, ok := out.(*lpu.RisultatoPiano)
	if !ok { // the engine's piano kind answers *lpu.RisultatoPiano
		panic(fmt.Errorf("server: piano ha risposto %T", out))
	}
	v.EsitoPia = &vistaPiano{RisultatoPiano: piano, Linea: nuovaLinea(rp["inizio"], piano, s.regole().et.giorni)}
	// The files' links carry the plan without the suspensions' reasons
	// (they may tell about the person's health; neither file shows them).
	for _, so := range sosp {
		delete(so.(map[string]any), "motivo")
	}
	body, _ = json.Marshal(rp)
	q := url.Values{"richiesta": {string(body)}}.Encode()
	v.Scarica = &vistaScarica{ICS: "/api/v1/piano.ics?" + q, Registro: "/api/v1/registro.csv?" + q}
}

// leggiPiano reads the plan's boxes into its request rp, telling segna
// what it cannot read (a date, a number, a time), each on its box: the
// form's own errors, which need neither the case nor the engine. sosp
// are the periods of sospensioni, righe their rows of the form; senzaOre
// says that no day's hours were given (none typed, none unreadable).
func leggiPiano(p *vistaModuloPiano, rp map[string]any, segna func(*vistaCampo, string)) (sosp []any, righe []*vistaSospensione, senzaOre bool) {
	data := func(f *vistaCampo) string {
		val := strings.TrimSpace(f.Valore)
		if val == "" {
			return ""
		}
		t, err := calc.ParseDataScritta(val)
		if err != nil {
			segna(f, erroreData(val, err, "gg/mm/aaaa o gg/mm/aa"))
			return ""
		}
		return calc.FormatData(t)
	}
	if d := data(p.Inizio); d != "" {
		rp["inizio"] = d
	}
	if d := data(p.CoperturaInail); d != "" {
		rp["copertura_inail_dal"] = d
	}
	if d := data(p.Verbale); d != "" {
		rp["data_verbale"] = d
	}
	if val := strings.TrimSpace(p.DurataMesi.Valore); val != "" {
		if n, err := interoItaliano(val); err != nil {
			segna(p.DurataMesi, fmt.Sprintf("numero intero non valido: «%s»", troncato(val, 40)))
		} else {
			rp["durata_mesi"] = n
		}
	}
	if val := strings.TrimSpace(p.Comune.Valore); val != "" {
		rp["comune"] = val
	}
	if val := strings.TrimSpace(p.OraInizio.Valore); val != "" {
		if ora, ok := oraModulo(val); ok {
			rp["ora_inizio"] = ora
		} else {
			segna(p.OraInizio, fmt.Sprintf("orario non valido: «%s» (es. 9:00 o 14:30)", troncato(val, 40)))
		}
	}
	if val := strings.TrimSpace(p.Riferimento.Valore); val != "" {
		rp["riferimento"] = val
	}
	// The periods typed, in the form's order; righe maps the request's
	// index back to the form's row for the engine's errors. A period
	// with one end goes as it is: the engine asks for the other, on its
	// box, as the API does (it is not a period of one day); so does a
	// row with its reason alone (not dropped: the engine asks for its
	// first day). A row whose date the form could not read is told so
	// on that box already.
	for _, so := range p.Sospensioni {
		dal, al := data(so.Dal), data(so.Al)
		motivo := strings.TrimSpace(so.Motivo.Valore)
		if dal == "" && al == "" && (motivo == "" || strings.TrimSpace(so.Dal.Valore) != "" || strings.TrimSpace(so.Al.Valore) != "") {
			continue
		}
		periodo := map[string]any{"motivo": motivo}
		if dal != "" {
			periodo["dal"] = dal
		}
		if al != "" {
			periodo["al"] = al
		}
		sosp = append(sosp, periodo)
		righe = append(righe, so)
	}
	if len(sosp) > 0 {
		rp["sospensioni"] = sosp
	}
	giorni := map[string]any{}
	letti := true
	for i, g := range p.Giorni {
		val := strings.TrimSpace(g.Valore)
		if val == "" {
			continue
		}
		n, err := interoItaliano(val)
		if err != nil {
			segna(g, fmt.Sprintf("numero di ore non valido: «%s»", troncato(val, 40)))
			letti = false
			continue
		}
		if n != 0 { // (a negative one for the engine to refuse)
			giorni[calc.NomiGiorni()[i]] = n
		}
	}
	rp["giorni_settimana"] = giorni
	return sosp, righe, len(giorni) == 0 && letti
}

// oreDaPianificare is the hours a calendar plans: when some were served
// (svolte), the engine's residuo_ore (the fattispecie without a penalty
// to restore, whose answer has no Residuo, export it in Valori), else
// the case's hours; residue tells which.
func oreDaPianificare(res *lpu.Risultato, svolte bool) (ore int, residue bool) {
	if !svolte {
		return res.Ore, false
	}
	switch r := res.Valori["residuo_ore"].(type) {
	case int64:
		return int(r), true
	case int:
		return r, true
	}
	if res.Residuo != nil {
		return res.Residuo.Ore, true
	}
	return res.Ore, false
}

// dalCaso fills the plan's boxes left empty whose field the vocabulary
// says takes a field of the case (predefinito_da: calcolo.fatti.durata_mesi,
// the months the judge fixed) with the case's value, when it gives one:
// what was given once is not asked again, and the box shows it. A box
// typed with a number other than the case's is returned with what to say
// of it: one calendar cannot follow both.
func (s *Server) dalCaso(p *vistaModuloPiano, req map[string]any) []campoDiverso {
	var diversi []campoDiverso
	for _, f := range []*vistaCampo{p.Inizio, p.DurataMesi, p.Comune, p.CoperturaInail, p.OraInizio, p.Riferimento} {
		da, ok := strings.CutPrefix(s.regole().et.piano[strings.TrimPrefix(f.Nome, "piano.")].PredefinitoDa, "calcolo.")
		if !ok {
			continue
		}
		if val := strings.TrimSpace(f.Valore); val != "" {
			if caso, ok := valoreDi(req, da).(int64); ok && caso != 0 {
				if n, err := interoItaliano(val); err == nil && n != caso {
					diversi = append(diversi, campoDiverso{f, fmt.Sprintf("%d è diverso da «%s» del caso (%d): lasciare vuoto o indicare lo stesso numero",
						n, s.regole().et.nomi.campi[da], caso)})
				}
			}
			continue
		}
		switch x := valoreDi(req, da).(type) {
		case int64:
			if x != 0 {
				f.Valore = strconv.FormatInt(x, 10)
			}
		case string:
			f.Valore = x
		}
	}
	return diversi
}

// campoDiverso is a box of the plan typed otherwise than the case's
// field it takes, with what the page says of it.
type campoDiverso struct {
	campo *vistaCampo
	msg   string
}

// valoreDi is the value of the field nome (fatti.durata_mesi) in req.
func valoreDi(req map[string]any, nome string) any {
	var x any = req
	for parte := range strings.SplitSeq(nome, ".") {
		m, _ := x.(map[string]any)
		x = m[parte]
	}
	return x
}

// reOraModulo is a time as people type it: 9, 9.30, 14:30.
var reOraModulo = regexp.MustCompile(`^([0-9]{1,2})(?:[:.]([0-9]{2}))?$`)

// oraModulo writes a typed time as the request's HH:MM; ok is false
// for what is not a time of the day (9,5, 25:00).
func oraModulo(s string) (ora string, ok bool) {
	m := reOraModulo.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	h, _ := strconv.Atoi(m[1])
	min := 0
	if m[2] != "" {
		min, _ = strconv.Atoi(m[2])
	}
	if h > 23 || min > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, min), true
}

var reCampoSospensione = regexp.MustCompile(`^sospensioni\[([0-9]+)\](?:\.(dal|al|motivo))?`)

// fondoDalPiano computes the case again with the plan's first session
// and number of sessions (esecuzione.prima_sessione, esecuzione.sessioni):
// the Fund's rules decide what they change, the deadline counted from
// the first session and the premium on the sessions, and say it.
func (s *Server) fondoDalPiano(c *gin.Context, v *vistaCalcolo, req map[string]any, form url.Values) {
	if v.EsitoPia == nil || v.Esito == nil || v.Esito.FondoInail == nil || v.EsitoPia.PrimoGiorno == "" {
		return
	}
	imposta(req, "esecuzione.prima_sessione", v.EsitoPia.PrimoGiorno)
	imposta(req, "esecuzione.sessioni", len(v.EsitoPia.Sessioni))
	r := s.regole()
	body, _ := json.Marshal(req)
	out, err := r.e.Run(c.Request.Context(), "calcolo", body)
	if err != nil {
		return // the page keeps the answer without the calendar
	}
	if res, ok := out.(*lpu.Risultato); ok {
		v.Esito = res
		s.prospetto(r, v, form)
		v.Domanda = moduloDomanda(v, form, r.et.domanda)
	}
}

// unaVolta shows once a caveat that both answers of the page give, word
// for word: the Fund's counted from the calendar's first session and the
// calendar's share the caveat of an INAIL deadline on a holiday
// (rules/fondo.yaml richiesta_entro_festivo, rules/calendario.yaml
// avvertenze.inail_festivo). It stays among the calendar's, beside the
// calendar's own caveat on that deadline; the Fund's list loses it.
func unaVolta(v *vistaCalcolo) {
	if v.EsitoPia == nil || v.Esito == nil || v.Esito.FondoInail == nil {
		return
	}
	f := *v.Esito.FondoInail // (a copy: the answer's list stays whole)
	f.Avvertenze = slices.DeleteFunc(slices.Clone(f.Avvertenze), func(a string) bool {
		return slices.Contains(v.EsitoPia.Avvertenze, a)
	})
	v.Esito.FondoInail = &f
}

// pianoCampo maps a field of the piano request to the form's: the n-th
// period of sospensioni to its row (righe).
func pianoCampo(campo string, righe []*vistaSospensione) string {
	if campo == "" {
		return ""
	}
	if strings.HasPrefix(campo, "sospensioni") {
		if m := reCampoSospensione.FindStringSubmatch(campo); m != nil {
			i, _ := strconv.Atoi(m[1])
			if i < len(righe) {
				parte := m[2]
				if parte == "" {
					parte = "dal"
				}
				return prefissoSospensione(righe[i].N) + "." + parte
			}
		}
		return "piano.sospensione.dal"
	}
	return "piano." + campo
}

// erroreData is the message of a date the form cannot read: for a day its
// month does not have (31/02/2025), why («febbraio 2025 ha 28 giorni»),
// since the form is right; otherwise the form the date takes.
func erroreData(val string, err error, forma string) string {
	return calc.MessaggioData(troncato(val, 40), err, forma)
}
