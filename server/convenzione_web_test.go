package server

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestPaginaConvenzione: an UEPE officer checks a host entity's
// convention on the web, as POST /api/v1/convenzione does: an expired
// one, a recesso, the 56-bis transitional period on either side of
// 1/8/2025; each refusal says why with its source, in the words of the
// form, and an error is told on its field.
func TestPaginaConvenzione(t *testing.T) {
	h := serverProva(t).Handler()
	r := fai(h, "GET", "/convenzione", "", "")
	if r.Code != 200 {
		t.Fatalf("GET /convenzione = %d", r.Code)
	}
	p := r.Body.String()
	contiene(t, p, `<form class="modulo" method="post" action="/convenzione#risultato"`,
		`<label for="c-convenzione-decorrenza">Decorrenza della convenzione</label>`,
		`<label for="c-fattispecie-cds186">Guida sotto l&#39;influenza dell&#39;alcool`,
		`type="checkbox" id="c-convenzione-attivita-sicurezza_stradale" name="convenzione.attivita" value="sicurezza_stradale"`)
	// The sedi in numbered rows, each box labelled by its member's
	// label; the sede to check and the type of post after them.
	contiene(t, p, `<legend>Sedi della convenzione n. 2</legend>`, `<legend>Posti della sede, per tipo n. 3</legend>`,
		`<label for="c-convenzione-sedi-1-posti-1-numero">Numero di posti</label>`,
		`name="convenzione.sedi.2.occupazioni.2.dal" type="text" autocomplete="off" value="" inputmode="numeric" placeholder="gg/mm/aaaa"`,
		`<label for="c-sede">Sede da verificare</label>`, `name="tipo_posto"`)
	nonContiene(t, p, `name="convenzione.sedi.3.nome"`)
	if n := nomiInterni(testoPagina(p)); len(n) > 0 {
		t.Errorf("the form shows %q", n)
	}
	// The officer finds it from the home page, the header and the rules
	// of the convention.
	for _, da := range []string{"/", "/regole/convenzione", "/glossario"} {
		if p := fai(h, "GET", da, "", "").Body.String(); !strings.Contains(p, `href="/convenzione"`) {
			t.Errorf("%s has no link to /convenzione", da)
		}
	}
	if p := fai(h, "GET", "/", "", "").Body.String(); strings.Count(p, `href="/convenzione"`) < 2 {
		t.Error("the home page names the convention check only in the header")
	}
	conv := func(f string) url.Values {
		v, _ := url.ParseQuery("convenzione.modello=dm2001&convenzione.decorrenza=01/01/2024&convenzione.anni=5")
		w, _ := url.ParseQuery(f)
		for k, x := range w {
			v[k] = x
		}
		return v
	}
	for _, c := range []struct {
		nome   string
		campi  url.Values
		esito  string
		voluti []string
	}{
		{"scaduta", conv("fattispecie=cds186&data=10/06/2025&convenzione.decorrenza=01/01/2019"), "non è valida",
			[]string{"la convenzione è scaduta il 31/12/2023: il 10/06/2025 non è più in vigore (manuale del Portale LPU §6)", "Scadenza del termine della convenzione</dt><dd id=\"scadenza\">31/12/2023"}},
		{"recesso", conv("fattispecie=cds186&data=10/06/2025&convenzione.recesso=01/03/2025&convenzione.attivita=sicurezza_stradale&convenzione.attivita=sociale"), "non è valida",
			[]string{"l&#39;ente ha receduto dalla convenzione con effetto dal 01/03/2025 (manuale del Portale LPU §8",
				"<dt>Attività previste dalla convenzione</dt><dd>prestazioni di lavoro per finalità sociali e socio-sanitarie; prestazioni per la promozione dell&#39;educazione e della sicurezza stradale</dd>",
				// The answer's scadenza is the end of the term, and is
				// labelled so; the last day before the recesso is a step.
				"Scadenza del termine della convenzione</dt><dd id=\"scadenza\">31/12/2028",
				"Recesso dell&#39;ente con effetto dal 01/03/2025: la convenzione vale fino al 28/02/2025 compreso, prima della scadenza del termine (31/12/2028)."}},
		{"56-bis il 31/7/2025", conv("fattispecie=l689_56bis&data=31/07/2025"), "è valida",
			[]string{"in via transitoria, fino al 01/08/2025", "(DM 27/7/2023 art. 7; circ. INAIL 3/2025 §1)"}},
		{"56-bis il 2/8/2025", conv("fattispecie=l689_56bis&data=02/08/2025"), "non è valida",
			[]string{"dopo il 01/08/2025 il lavoro di pubblica utilità sostitutivo si svolge solo presso enti con una convenzione sul modello del DM 27/7/2023", "è finito (DM 27/7/2023 art. 7; circ. INAIL 3/2025 §1)"}},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", c.campi.Encode())
			if r.Code != 200 {
				t.Fatalf("status = %d; want 200: %s", r.Code, testoPagina(r.Body.String()))
			}
			p := r.Body.String()
			contiene(t, p, `id="risultato"`, "La convenzione "+c.esito+" per questo lavoro")
			contiene(t, p, c.voluti...)
			if n := nomiInterni(testoPagina(p)); len(n) > 0 {
				t.Errorf("the page shows %q", n)
			}
		})
	}
	// A required choice left out is asked for by the form's words, not
	// with the codes a request writes; its link takes the focus to the
	// first option, and the group is described by its error.
	r = fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", "fattispecie=map&data=10/06/2025")
	p = r.Body.String()
	if r.Code != 400 {
		t.Fatalf("no model: status = %d; want 400", r.Code)
	}
	contiene(t, p, `<a href="#c-convenzione-modello-">Modello della convenzione: scegliere una delle voci dell&#39;elenco</a>`,
		`id="c-convenzione-modello" aria-describedby="c-convenzione-modello-errore" aria-invalid="true"`)
	nonContiene(t, p, "(dm2001)", `id="risultato"`)
	// Dates and numbers the form cannot read, each on its field.
	p = fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", "fattispecie=map&data=31/02/2025&convenzione.modello=dm2001&convenzione.decorrenza=ieri&convenzione.anni=tre").Body.String()
	contiene(t, p, `<a href="#c-data">Data della verifica: data inesistente: «31/02/2025» (febbraio 2025 ha 28 giorni)</a>`,
		`<a href="#c-convenzione-decorrenza">Decorrenza della convenzione: data non valida: «ieri»`,
		`<a href="#c-convenzione-anni">Durata della convenzione (anni): numero intero non valido: «tre»</a>`,
		`<p class="errore" id="c-convenzione-anni-errore">`)
	if i, j := strings.Index(p, `id="c-data-errore"`), strings.Index(p, `id="c-convenzione-anni-errore"`); i < 0 || j < i {
		t.Error("the errors are not beside their fields in the form's order")
	}
}

// TestPaginaConvenzioneListe: the lists of the convention are checked
// whole, as the page shows them: a first box left empty does not drop
// the others (the page would say «valida» of a list it did not check).
func TestPaginaConvenzioneListe(t *testing.T) {
	h := serverProva(t).Handler()
	const base = "fattispecie=cds186&data=2025-03-01&convenzione.modello=dm2001&convenzione.decorrenza=2024-01-01&convenzione.anni=3"
	for _, c := range []struct{ nome, lista, esito string }{
		{"fattispecie", "&convenzione.fattispecie=map", "non è valida"},
		{"fattispecie dopo un valore vuoto", "&convenzione.fattispecie=&convenzione.fattispecie=map", "non è valida"},
		{"fattispecie tra valori vuoti", "&convenzione.fattispecie=+&convenzione.fattispecie=map&convenzione.fattispecie=", "non è valida"},
		{"attività dopo un valore vuoto", "&convenzione.attivita=&convenzione.attivita=programma_terapeutico", "non è valida"},
		{"solo valori vuoti", "&convenzione.fattispecie=&convenzione.fattispecie=+", "è valida"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", base+c.lista)
			if r.Code != 200 {
				t.Fatalf("status = %d; want 200: %s", r.Code, testoPagina(r.Body.String()))
			}
			contiene(t, r.Body.String(), "La convenzione "+c.esito+" per questo lavoro")
		})
	}
}

// TestPaginaConvenzioneFattispecieUna: a fattispecie sent twice (a
// request written by hand) is checked, ticked and printed as the engine
// reads it, the first; the other is neither ticked nor printed.
func TestPaginaConvenzioneFattispecieUna(t *testing.T) {
	h := serverProva(t).Handler()
	r := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded",
		"fattispecie=cds186&fattispecie=map&data=2025-03-01&convenzione.modello=dm2001&convenzione.decorrenza=2024-01-01&convenzione.anni=3")
	if r.Code != 200 {
		t.Fatalf("status = %d; want 200: %s", r.Code, testoPagina(r.Body.String()))
	}
	p := r.Body.String()
	if n := strings.Count(p, `name="fattispecie" value="`); n < 2 {
		t.Fatalf("the page has %d options for the fattispecie", n)
	}
	contiene(t, p, `id="c-fattispecie-cds186" name="fattispecie" value="cds186" checked`)
	nonContiene(t, p, `id="c-fattispecie-map" name="fattispecie" value="map" checked`,
		"Sospensione del procedimento con messa alla prova (art. 168-bis c.p.)</dd>")
	if i := strings.Index(p, "Dati della verifica"); i < 0 || !strings.Contains(p[i:], "<dd>Guida sotto l&#39;influenza dell&#39;alcool (art. 186 c.9-bis C.d.S.)</dd>") {
		t.Error("the record does not print the fattispecie checked")
	}
}

// TestPaginaConvenzioneErroreVoce: an item of a list the engine refuses
// («convenzione.fattispecie[1]») is told on its list, linked from the
// summary and by the labels of the boxes, not the codes; each item none
// of the boxes' is named, and not a valid one sent before it.
func TestPaginaConvenzioneErroreVoce(t *testing.T) {
	h := serverProva(t).Handler()
	const base = "data=2025-03-01&convenzione.modello=dm2001&convenzione.decorrenza=2024-01-01&convenzione.anni=3"
	for _, c := range []struct{ nome, lista, gruppo, link, voluto string }{
		{"fattispecie del lavoro", "&fattispecie=qqq&fattispecie=cds186", "c-fattispecie", "c-fattispecie-cds186",
			"Fattispecie del lavoro da svolgere: valore «qqq» non ammesso: scegliere una delle voci dell&#39;elenco: «Guida sotto l&#39;influenza dell&#39;alcool (art. 186 c.9-bis C.d.S.)», «Guida dopo"},
		{"fattispecie", "&fattispecie=cds186&convenzione.fattispecie=qqq", "c-convenzione-fattispecie", "c-convenzione-fattispecie-cds186",
			"Fattispecie che la convenzione consente: valore «qqq» non ammesso: scegliere tra le voci dell&#39;elenco: «Guida sotto l&#39;influenza dell&#39;alcool (art. 186 c.9-bis C.d.S.)», «Guida dopo"},
		{"fattispecie dopo una valida", "&fattispecie=cds186&convenzione.fattispecie=map&convenzione.fattispecie=qqq&convenzione.fattispecie=zzz", "c-convenzione-fattispecie", "c-convenzione-fattispecie-cds186",
			"Fattispecie che la convenzione consente: valori «qqq», «zzz» non ammessi: scegliere tra le voci dell&#39;elenco: «Guida sotto"},
		{"attività dopo una valida", "&fattispecie=cds186&convenzione.attivita=sociale&convenzione.attivita=qqq", "c-convenzione-attivita", "c-convenzione-attivita-sociale",
			"Attività previste dalla convenzione: valore «qqq» non ammesso: scegliere tra le voci dell&#39;elenco: «prestazioni di lavoro per finalità sociali e socio-sanitarie», "},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", base+c.lista)
			if r.Code/100 != 4 {
				t.Fatalf("status = %d; want 4xx", r.Code)
			}
			p := r.Body.String()
			contiene(t, p, `<li><a href="#`+c.link+`">`+c.voluto,
				`con-errore" id="`+c.gruppo+`"`, `<p class="errore" id="`+c.gruppo+`-errore">`)
			nonContiene(t, p, "(cds186)", "(map)", "«sociale» non ammesso", `id="risultato"`)
		})
	}
}

// TestPaginaConvenzioneSedi: an officer of the host entity checks the
// posts of a sede on the web, as POST /api/v1/convenzione does: the
// sedi in rows, the posts free or taken told by their labels, the
// refusal of the rules when none is free; with two sedi and none
// chosen, the page says the posts were not checked and why.
func TestPaginaConvenzioneSedi(t *testing.T) {
	h := serverProva(t).Handler()
	const base = "fattispecie=cds186&data=10/06/2025&convenzione.modello=dm2001&convenzione.decorrenza=01/01/2024&convenzione.anni=5" +
		"&convenzione.sedi.1.nome=Via+Roma&convenzione.sedi.1.posti.1.tipo=AF&convenzione.sedi.1.posti.1.numero=2" +
		"&convenzione.sedi.1.posti.2.tipo=MAP&convenzione.sedi.1.posti.2.numero=1" +
		"&convenzione.sedi.1.occupazioni.1.tipo=AF&convenzione.sedi.1.occupazioni.1.dal=01/06/2025&convenzione.sedi.1.occupazioni.1.al=30/06/2025"
	for _, c := range []struct {
		nome, campi string
		voluti      []string
		vietati     []string
	}{
		{"un posto libero", base + "&convenzione.sedi.1.occupazioni.1.posti=1",
			[]string{"<dt>Posto libero per tutto il periodo</dt><dd>sì</dd>", "<dt>Posti liberi per tutto il periodo</dt><dd>1 (<span class=\"fonte\">manuale del Portale LPU §5</span>)</dd>",
				"Sede «Via Roma», posti di tipo AF: 2; dal 10/06/2025 al 10/06/2025 ne sono occupati al più 1 (il 10/06/2025): 1 liberi per tutto il periodo.",
				// the record: a line for each row typed
				"<dt>Sedi della convenzione n. 1</dt><dd>Nome della sede: Via Roma</dd>",
				"<dt>Sedi della convenzione n. 1 – Posti della sede, per tipo n. 2</dt><dd>Tipo di posto: MAP; Numero di posti: 1</dd>",
				"<dt>Sedi della convenzione n. 1 – Posti occupati nei periodi n. 1</dt><dd>Tipo di posto occupato: AF; Occupato dal: 01/06/2025; Occupato fino al: 30/06/2025; Posti occupati: 1</dd>"},
			[]string{"nessun posto di tipo"}},
		{"nessun posto libero", base + "&convenzione.sedi.1.occupazioni.1.posti=2",
			[]string{"<dt>Posto libero per tutto il periodo</dt><dd>no</dd>", "<dt>Posti liberi per tutto il periodo</dt><dd>0 (<span class=\"fonte\">manuale del Portale LPU §5</span>)</dd>",
				"nessun posto di tipo AF libero alla sede «Via Roma» per tutto il periodo dal 10/06/2025 al 10/06/2025: 2 posti, 2 occupati il 10/06/2025"},
			nil},
		{"il posto di un altro tipo", base + "&convenzione.sedi.1.occupazioni.1.posti=2&tipo_posto=MAP",
			[]string{"<dt>Posto libero per tutto il periodo</dt><dd>sì</dd>", "posti di tipo MAP: 1"}, nil},
		{"due sedi, nessuna scelta", base + "&convenzione.sedi.2.nome=Piazza+Grande",
			[]string{"<dt>Posti liberi per tutto il periodo</dt><dd>posti non verificati (convenzione senza sedi, con più sedi e nessuna indicata, o sede senza posti indicati) (<span class=\"fonte\">manuale del Portale LPU §5</span>)</dd>",
				"la convenzione ha 2 sedi: indicare in «Sede da verificare» quella di cui verificare i posti liberi"},
			[]string{"<dt>Posto libero per tutto il periodo</dt>"}},
		{"due sedi, una scelta", base + "&convenzione.sedi.2.nome=Piazza+Grande&convenzione.sedi.2.posti.1.tipo=AF&convenzione.sedi.2.posti.1.numero=4&sede=piazza+grande",
			[]string{"<dt>Posti liberi per tutto il periodo</dt><dd>4 (<span class=\"fonte\">manuale del Portale LPU §5</span>)</dd>", "Sede «Piazza Grande»"}, nil},
		// A sede with only its name: its posts are not given, so not
		// checked; no «nessun posto libero» made of missing data.
		{"una sede con il solo nome", "fattispecie=cds186&data=10/06/2025&convenzione.modello=dm2001&convenzione.decorrenza=01/01/2024&convenzione.anni=5&convenzione.sedi.1.nome=A",
			[]string{"posti della sede «A» non indicati: posti liberi non verificati; per verificarli indicarli in «Posti della sede, per tipo»"},
			[]string{"nessun posto", "<dt>Posto libero per tutto il periodo</dt>"}},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", c.campi)
			if r.Code != 200 {
				t.Fatalf("status = %d; want 200: %s", r.Code, testoPagina(r.Body.String()))
			}
			p := r.Body.String()
			contiene(t, p, `id="risultato"`)
			contiene(t, p, c.voluti...)
			nonContiene(t, p, c.vietati...)
			if n := nomiInterni(testoPagina(p)); len(n) > 0 {
				t.Errorf("the page shows %q", n)
			}
		})
	}
	// Without sedi, the page says nothing of the posts.
	p := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", "fattispecie=cds186&data=10/06/2025&convenzione.modello=dm2001&convenzione.decorrenza=01/01/2024&convenzione.anni=5").Body.String()
	nonContiene(t, p, "Posti liberi per tutto il periodo</dt>")
	// Every row of a list used: the form comes back with one more.
	p = fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", base+"&convenzione.sedi.2.nome=Piazza+Grande").Body.String()
	contiene(t, p, `name="convenzione.sedi.3.nome"`, `name="convenzione.sedi.3.posti.3.numero"`)
	nonContiene(t, p, `name="convenzione.sedi.4.nome"`, `name="convenzione.sedi.1.posti.4.tipo"`)
}

// TestPaginaConvenzioneSediErrori: an error on a row of the sedi, the
// form's own or the engine's, is on the box of the row the user typed
// it in (rows left empty before it do not shift it), named as the row
// is numbered, and linked from the summary to the box, which is
// described by it.
func TestPaginaConvenzioneSediErrori(t *testing.T) {
	h := serverProva(t).Handler()
	const base = "fattispecie=cds186&data=10/06/2025&convenzione.modello=dm2001&convenzione.decorrenza=01/01/2024&convenzione.anni=5"
	for _, c := range []struct {
		nome, campi, id, voluto string
	}{
		{"numero illeggibile", "&convenzione.sedi.2.nome=Piazza&convenzione.sedi.2.posti.3.tipo=AF&convenzione.sedi.2.posti.3.numero=tre",
			"c-convenzione-sedi-2-posti-3-numero", "Sedi della convenzione n. 2 – Posti della sede, per tipo n. 3 – Numero di posti: numero intero non valido: «tre»"},
		{"sede senza nome", "&convenzione.sedi.2.posti.2.tipo=AF&convenzione.sedi.2.posti.2.numero=3",
			"c-convenzione-sedi-2-nome", "Sedi della convenzione n. 2 – Nome della sede: indicare il nome della sede"},
		{"numero oltre il massimo", "&convenzione.sedi.1.nome=Via+Roma&convenzione.sedi.1.posti.2.tipo=AF&convenzione.sedi.1.posti.2.numero=20000",
			"c-convenzione-sedi-1-posti-2-numero", "Sedi della convenzione n. 1 – Posti della sede, per tipo n. 2 – Numero di posti: valore troppo grande (20000; al massimo 10000)"},
		{"occupazione rovesciata", "&convenzione.sedi.2.nome=Piazza&convenzione.sedi.2.occupazioni.2.dal=01/07/2025&convenzione.sedi.2.occupazioni.2.al=01/06/2025",
			"c-convenzione-sedi-2-occupazioni-2-al", "Sedi della convenzione n. 2 – Posti occupati nei periodi n. 2 – Occupato fino al: l&#39;occupazione finisce (01/06/2025) prima di cominciare (01/07/2025)"},
		{"occupazione senza tipo, tra posti di più tipi", "&convenzione.sedi.1.nome=Via+Roma&convenzione.sedi.1.posti.1.tipo=AF&convenzione.sedi.1.posti.1.numero=2" +
			"&convenzione.sedi.1.posti.2.tipo=MAP&convenzione.sedi.1.posti.2.numero=1&convenzione.sedi.1.occupazioni.2.dal=01/06/2025&convenzione.sedi.1.occupazioni.2.al=30/06/2025",
			"c-convenzione-sedi-1-occupazioni-2-tipo", "Sedi della convenzione n. 1 – Posti occupati nei periodi n. 2 – Tipo di posto occupato: la sede «Via Roma» ha posti di più tipi (AF, MAP): indicare il tipo dell&#39;occupazione"},
		{"posti senza tipo", "&convenzione.sedi.1.nome=A&convenzione.sedi.1.posti.1.numero=2",
			"c-convenzione-sedi-1-posti-1-tipo", "Sedi della convenzione n. 1 – Posti della sede, per tipo n. 1 – Tipo di posto: indicare il tipo di posto"},
		{"posti senza numero", "&convenzione.sedi.1.nome=A&convenzione.sedi.1.posti.1.tipo=AF&convenzione.sedi.1.posti.1.numero=1&convenzione.sedi.1.posti.3.tipo=MAP",
			"c-convenzione-sedi-1-posti-3-numero", "Sedi della convenzione n. 1 – Posti della sede, per tipo n. 3 – Numero di posti: indicare il numero di posti di tipo MAP, almeno 1 (una sede senza posti di quel tipo non ne ha la riga)"},
		{"tipo di posto ripetuto", "&convenzione.sedi.1.nome=A&convenzione.sedi.1.posti.1.tipo=AF&convenzione.sedi.1.posti.1.numero=1&convenzione.sedi.1.posti.2.tipo=af&convenzione.sedi.1.posti.2.numero=2",
			"c-convenzione-sedi-1-posti-2-tipo", "Sedi della convenzione n. 1 – Posti della sede, per tipo n. 2 – Tipo di posto: posti di tipo AF già indicati nella riga n. 1 della sede: indicare i posti di ogni tipo in una riga sola"},
		{"sede ripetuta", "&convenzione.sedi.1.nome=A&convenzione.sedi.1.posti.1.tipo=AF&convenzione.sedi.1.posti.1.numero=1&convenzione.sedi.2.nome=A&convenzione.sedi.2.posti.1.tipo=AF&convenzione.sedi.2.posti.1.numero=5&sede=A",
			"c-convenzione-sedi-2-nome", "Sedi della convenzione n. 2 – Nome della sede: sede «A» già indicata come sede n. 1: indicare ogni sede una volta sola, con tutti i suoi posti"},
		{"sede sconosciuta", "&convenzione.sedi.1.nome=Via+Roma&sede=Piazza",
			"c-sede", "Sede da verificare: sede «Piazza» non tra le sedi della convenzione: Via Roma"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", base+c.campi)
			if r.Code != 400 {
				t.Fatalf("status = %d; want 400", r.Code)
			}
			p := r.Body.String()
			contiene(t, p, `<li><a href="#`+c.id+`">`+c.voluto+`</a></li>`,
				`id="`+c.id+`" name="`, c.id+`-errore" aria-invalid="true"`, `<p class="errore" id="`+c.id+`-errore">`)
			nonContiene(t, p, `id="risultato"`)
			nonContiene(t, testoPagina(p), "[0]", "[1]", "sedi[", "sedi.")
			if n := nomiInterni(testoPagina(p)); len(n) > 0 {
				t.Errorf("the page shows %q", n)
			}
		})
	}
}

// TestSediCampoDellErrore: an engine error on a request's item, a whole
// row or a whole list of a row, is on the box of the row typed: the
// request's indices count only the rows sent, and a list's error goes
// to its first row sent, not to an empty one before it.
func TestSediCampoDellErrore(t *testing.T) {
	r := serverProva(t).regole()
	var sedi lpu.InfoCampo
	for _, c := range r.e.Campi("convenzione") {
		if c.Nome == "convenzione.sedi" {
			sedi = c
		}
	}
	form, _ := url.ParseQuery("convenzione.sedi.2.nome=Via+Roma&convenzione.sedi.2.occupazioni.2.dal=01/06/2025&convenzione.sedi.2.posti.3.numero=2")
	l := listaModulo(r.e.Campi("convenzione"), sedi, sedi.Nome, "", form)
	if voci := l.leggi(func(f *vistaCampo, msg string) { t.Errorf("%s: %s", f.Nome, msg) }); len(voci) != 1 {
		t.Fatalf("%d sedi read; want 1", len(voci))
	}
	for _, c := range []struct{ campo, voluto string }{
		{"sedi[0].nome", "convenzione.sedi.2.nome"},
		{"sedi[0].posti[0].numero", "convenzione.sedi.2.posti.3.numero"},
		{"sedi[0].occupazioni[0].al", "convenzione.sedi.2.occupazioni.2.al"},
		{"sedi[0].occupazioni", "convenzione.sedi.2.occupazioni.2.tipo"},
		{"sedi[0]", "convenzione.sedi.2.nome"},
		{"sedi", "convenzione.sedi.2.nome"},
	} {
		if got := l.campo(c.campo); got != c.voluto {
			t.Errorf("campo(%q) = %q; want %q", c.campo, got, c.voluto)
		}
	}
}

// TestPaginaConvenzioneRigheOltre: a row the page does not read (beyond
// the most it offers, or numbered as the page never numbers one), sent
// by a hand-written form, an edited link or a script, is not left out
// in silence: the page says so by the list's label, linked to the list,
// and gives no answer on the other rows.
func TestPaginaConvenzioneRigheOltre(t *testing.T) {
	h := serverProva(t).Handler()
	const base = "fattispecie=cds186&data=10/06/2025&convenzione.modello=dm2001&convenzione.decorrenza=01/01/2024&convenzione.anni=5" +
		"&convenzione.sedi.1.nome=Via+Roma&convenzione.sedi.1.posti.1.tipo=AF&convenzione.sedi.1.posti.1.numero=2"
	for _, c := range []struct {
		nome, campi, id, voluto string
	}{
		{"sede 25", "&convenzione.sedi.25.nome=Piazza", "c-convenzione-sedi",
			"Sedi della convenzione: al più 20 righe, numerate da 1 a 20: il modulo ha inviato una riga numerata «25», che questa pagina non legge; nessuna risposta è data sulle altre (per più righe, usare l&#39;API)</a>"},
		{"sede 500", "&convenzione.sedi.500.nome=Piazza", "c-convenzione-sedi", "una riga numerata «500»"},
		{"sede 0", "&convenzione.sedi.0.nome=Piazza", "c-convenzione-sedi", "una riga numerata «0»"},
		{"sede 01", "&convenzione.sedi.01.nome=Piazza", "c-convenzione-sedi", "una riga numerata «01»"},
		{"posto 21 della sede 1", "&convenzione.sedi.1.posti.21.tipo=MAP&convenzione.sedi.1.posti.21.numero=1", "c-convenzione-sedi-1-posti",
			"Sedi della convenzione n. 1 – Posti della sede, per tipo: al più 20 righe, numerate da 1 a 20: il modulo ha inviato una riga numerata «21», che questa pagina non legge; nessuna risposta è data sulle altre</a>"},
		{"occupazione 30 della sede 2", "&convenzione.sedi.2.nome=Piazza&convenzione.sedi.2.occupazioni.30.dal=01/06/2025", "c-convenzione-sedi-2-occupazioni",
			"Sedi della convenzione n. 2 – Posti occupati nei periodi: al più 20 righe"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", base+c.campi)
			if r.Code != 400 {
				t.Fatalf("status = %d; want 400", r.Code)
			}
			p := r.Body.String()
			contiene(t, p, `<li><a href="#`+c.id+`">`, c.voluto, `<div class="righe" id="`+c.id+`">`)
			nonContiene(t, p, `id="risultato"`)
		})
	}
	// Row 20 is read; a box sent empty beyond it loses nothing.
	r := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", base+"&convenzione.sedi.20.nome=Piazza&convenzione.sedi.20.posti.1.tipo=AF&convenzione.sedi.20.posti.1.numero=1&sede=Via+Roma&convenzione.sedi.21.nome=")
	if r.Code != 200 {
		t.Fatalf("status = %d; want 200: %s", r.Code, testoPagina(r.Body.String()))
	}
	nonContiene(t, r.Body.String(), "al più 20 righe")
}

// TestPaginaConvenzioneCampiNonLetti: a box of a list's rows that names
// no box of the page (a member the vocabulary does not declare, a row
// without a member, a name where the row's number should be, the list
// itself), sent with a value by a hand-written form, an edited link or
// a script, is not left out in silence: as the API answers such a field
// campo_sconosciuto, the page says so by the row's or the list's label,
// linked to it, and gives no answer. A box sent empty loses nothing.
func TestPaginaConvenzioneCampiNonLetti(t *testing.T) {
	h := serverProva(t).Handler()
	const base = "fattispecie=cds186&data=10/06/2025&convenzione.modello=dm2001&convenzione.decorrenza=01/01/2024&convenzione.anni=5" +
		"&convenzione.sedi.1.nome=Via+Roma&convenzione.sedi.1.posti.1.tipo=AF&convenzione.sedi.1.posti.1.numero=2"
	const senzaNumero = ", che questa pagina non legge: le righe sono numerate da 1 a 20; nessuna risposta è data</a>"
	for _, c := range []struct {
		nome, campi, id, voluto string
	}{
		{"membro della sede non dichiarato", "&convenzione.sedi.1.pippo=x", "c-convenzione-sedi-1",
			"Sedi della convenzione n. 1: campo sconosciuto: «pippo», che questa pagina non legge (quelli di una riga: «Nome della sede», «Posti della sede, per tipo», «Posti occupati nei periodi»); nessuna risposta è data</a>"},
		{"sotto un membro semplice", "&convenzione.sedi.1.nome.x=Piazza", "c-convenzione-sedi-1", "Sedi della convenzione n. 1: campo sconosciuto: «nome.x»"},
		{"membro di un posto non dichiarato", "&convenzione.sedi.1.posti.1.pippo=x", "c-convenzione-sedi-1-posti-1",
			"Sedi della convenzione n. 1 – Posti della sede, per tipo n. 1: campo sconosciuto: «pippo», che questa pagina non legge (quelli di una riga: «Tipo di posto», «Numero di posti»)"},
		{"riga senza membro", "&convenzione.sedi.1=x", "c-convenzione-sedi-1",
			"Sedi della convenzione n. 1: il modulo ha inviato un valore della riga senza il nome di un suo campo, che questa pagina non legge; nessuna risposta è data</a>"},
		{"membro senza riga", "&convenzione.sedi.nome=Piazza", "c-convenzione-sedi",
			"Sedi della convenzione: il modulo ha inviato un campo senza il numero della sua riga («nome»)" + senzaNumero},
		{"la lista", "&convenzione.sedi=Piazza", "c-convenzione-sedi",
			"Sedi della convenzione: il modulo ha inviato un campo senza il numero della sua riga" + senzaNumero},
		{"riga vuota", "&convenzione.sedi..nome=Piazza", "c-convenzione-sedi", "Sedi della convenzione: il modulo ha inviato un campo senza il numero della sua riga" + senzaNumero},
		{"la lista dei posti", "&convenzione.sedi.1.posti=AF", "c-convenzione-sedi-1-posti",
			"Sedi della convenzione n. 1 – Posti della sede, per tipo: il modulo ha inviato un campo senza il numero della sua riga" + senzaNumero},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", base+c.campi)
			if r.Code != 400 {
				t.Fatalf("status = %d; want 400", r.Code)
			}
			p := r.Body.String()
			contiene(t, p, `<li><a href="#`+c.id+`">`, c.voluto, `id="`+c.id+`"`)
			nonContiene(t, p, `id="risultato"`)
		})
	}
	// A box sent empty loses nothing.
	r := fai(h, "POST", "/convenzione", "application/x-www-form-urlencoded", base+"&convenzione.sedi.1.pippo=&convenzione.sedi.nome=+")
	if r.Code != 200 {
		t.Fatalf("status = %d; want 200: %s", r.Code, testoPagina(r.Body.String()))
	}
	nonContiene(t, r.Body.String(), "che questa pagina non legge")
}

// TestListaRigheDichiarate: the rows a list offers at first are the
// vocabulary's (righe), and the most the page reads is the list's
// declared max when it is less than the page's own bound; a row beyond
// is told, and the API is offered only when it takes more rows than the
// page.
func TestListaRigheDichiarate(t *testing.T) {
	campi := []lpu.InfoCampo{
		{Nome: "voci", Tipo: "lista", Etichetta: "Voci", Max: 3, Righe: 2},
		{Nome: "voci.nome", Tipo: "testo", Etichetta: "Nome"},
		{Nome: "altre", Tipo: "lista", Etichetta: "Altre", Max: 500},
		{Nome: "altre.nome", Tipo: "testo", Etichetta: "Nome"},
	}
	for _, c := range []struct {
		nome, form    string
		lista         int
		righe         int
		oltre, errore string
	}{
		{"righe dichiarate", "", 0, 2, "", ""},
		{"senza righe dichiarate: una", "", 2, 1, "", ""},
		{"una riga in più, fino al max", "voci.2.nome=b", 0, 3, "", ""},
		{"mai oltre il max dichiarato", "voci.3.nome=c", 0, 3, "", ""},
		{"oltre il max dichiarato", "voci.4.nome=d", 0, 3, "4",
			"al più 3 righe, numerate da 1 a 3: il modulo ha inviato una riga numerata «4», che questa pagina non legge; nessuna risposta è data sulle altre"},
		{"oltre la pagina, l'API ne prende di più", "altre.21.nome=x", 2, 20, "21",
			"al più 20 righe, numerate da 1 a 20: il modulo ha inviato una riga numerata «21», che questa pagina non legge; nessuna risposta è data sulle altre (per più righe, usare l'API)"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			form, _ := url.ParseQuery(c.form)
			lista := campi[c.lista]
			l := listaModulo(campi, lista, lista.Nome, "", form)
			if len(l.Righe) != c.righe {
				t.Errorf("righe = %d; want %d", len(l.Righe), c.righe)
			}
			errs := l.righeNonLette()
			switch {
			case c.oltre == "" && len(errs) > 0:
				t.Errorf("errori = %v; want none", errs)
			case c.oltre != "" && (len(errs) != 1 || errs[0].Messaggio != c.errore):
				t.Errorf("errori = %v; want %q", errs, c.errore)
			}
		})
	}
}

// modificheConvenzione are the changes of the vocabulary of
// TestModuloConvenzioneDalVocabolario (in gestoreModificato's overlay):
// the type of post moved to the convention's group, the sedi's note
// rewritten, four sedi offered at first.
var modificheConvenzione = [][2]string{
	{"        etichetta: Tipo di posto da verificare\n        gruppo: sedi\n", "        etichetta: Tipo di posto da verificare\n        gruppo: convenzione\n"},
	{"    nota: \"Facoltative: per verificare i posti liberi", "    nota: \"Nota di prova. Facoltative: per verificare i posti liberi"},
	{"        max: 500\n        righe: 2\n", "        max: 500\n        righe: 4\n"},
}

// TestModuloConvenzioneDalVocabolario: the page's groups, their notes,
// the group each field is asked in and the rows a list offers at first
// are the vocabulary's: an overlay that moves the type of post to the
// convention's group, rewrites the sedi's note and offers four sedi
// (modificheConvenzione, in gestoreModificato's overlay) changes the
// page, with no Go.
func TestModuloConvenzioneDalVocabolario(t *testing.T) {
	gruppi := func(h http.Handler) map[string]string {
		t.Helper()
		r := fai(h, "GET", "/convenzione", "", "")
		if r.Code != 200 {
			t.Fatalf("status = %d", r.Code)
		}
		out := map[string]string{} // a group's fieldset, by its title
		for _, g := range strings.Split(r.Body.String(), `<fieldset class="gruppo">`)[1:] {
			titolo, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(g), "<legend>"), "</legend>")
			out[titolo] = g
		}
		return out
	}
	prima := gruppi(serverProva(t).Handler())
	dopo := gruppi(gestoreModificato(t))
	for _, g := range []map[string]string{prima, dopo} {
		if len(g) != 3 || g["Il lavoro da svolgere"] == "" || g["La convenzione dell&#39;ente"] == "" || g["Sedi della convenzione"] == "" {
			t.Fatalf("groups = %q; want the work, the convention, the sedi", slices.Collect(maps.Keys(g)))
		}
		contiene(t, g["Il lavoro da svolgere"], `name="fattispecie"`, `name="data"`, `name="periodo.dal"`, `name="periodo.al"`)
		contiene(t, g["Sedi della convenzione"], `name="sede"`, `name="convenzione.sedi.1.nome"`)
	}
	contiene(t, prima["Sedi della convenzione"], `name="tipo_posto"`, `<p class="nota-gruppo">Facoltative: per verificare`, `id="c-convenzione-sedi-2"`)
	nonContiene(t, prima["Sedi della convenzione"], `id="c-convenzione-sedi-3"`)
	contiene(t, dopo["La convenzione dell&#39;ente"], `name="tipo_posto"`)
	nonContiene(t, dopo["Sedi della convenzione"], `name="tipo_posto"`)
	contiene(t, dopo["Sedi della convenzione"], `<p class="nota-gruppo">Nota di prova. Facoltative:`, `id="c-convenzione-sedi-4"`)
}
