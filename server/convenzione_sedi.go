package server

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

// The sedi of the convention on /convenzione: a list of lists (each sede
// its name, its posts by type, the periods some are taken), asked in
// rows numbered as the user sees them, as the plan's sospensioni are.
// The rows and their boxes come from the fields the vocabulary declares
// for the convenzione request (convenzione.sedi and its members, with
// their labels, types and bounds): the page writes none of its own.
// Each row's boxes are named <list>.<n>.<member> (convenzione.sedi.2.nome,
// convenzione.sedi.2.posti.1.numero), and the list of errors names them
// as the engine does: «Sedi della convenzione n. 2 – Posti della sede,
// per tipo n. 1 – Numero di posti».

// righePagina is the most rows the page reads of a list whose declared
// max is more (or none): the page is for one convention at a time,
// the API takes the rest. How many rows a list offers at first is the
// vocabulary's (righe); a form sent with every row of a list filled
// comes back with one more, up to the most the page reads.
const righePagina = 20

// vistaLista is a list field of the form, in rows.
type vistaLista struct {
	Nome, ID  string // the form's name of the list (convenzione.sedi.1.posti)
	Etichetta string // its label, as its legend shows it
	// Aiuti are the helps of its members, said once above its rows:
	// each row's box is described by its member's.
	Aiuti []vistaAiuto
	Righe []*vistaVoceLista
	// intero is its whole label, as the errors say it: «Sedi della
	// convenzione n. 1 – Posti della sede, per tipo».
	intero string
	// oltre is the number, as written, of a row the form sent a value
	// in and the page does not read ("" if none): see rigaNonLetta.
	oltre string
	// nonLetti are the errors on the boxes the form sent a value in
	// that name no box of the list's rows: see campiNonLetti.
	nonLetti []vistaErroreCampo
	massimo  int  // the most rows the page reads
	api      bool // whether a request to the API takes more
	// lette are the rows sent with a value, in the request's order: the
	// engine's errors on the request's n-th item are on its row.
	lette []*vistaVoceLista
}

// vistaAiuto is the help of a list's member.
type vistaAiuto struct {
	ID, Etichetta, Testo string
}

// vistaVoceLista is one row of a list: its boxes and its own lists.
type vistaVoceLista struct {
	N      int
	ID     string
	Titolo string // its legend: «Posti della sede, per tipo n. 2»
	// Etichetta is the row's whole name, as the errors say it: «Sedi
	// della convenzione n. 1 – Posti della sede, per tipo n. 2».
	Etichetta string
	Campi     []*vistaCampo
	Liste     []*vistaLista
}

// listaModulo builds the rows of the list field lista (a field of campi,
// the request's declared fields) under the form's name nome; di is the
// whole name of the row the list belongs to ("" for a list of the
// request).
func listaModulo(campi []lpu.InfoCampo, lista lpu.InfoCampo, nome, di string, form url.Values) *vistaLista {
	et := lista.Etichetta
	intero := et
	if di != "" {
		intero = di + " – " + et
	}
	l := &vistaLista{Nome: nome, ID: idCampo(nome), Etichetta: et, intero: intero}
	l.massimo = righePagina
	if lista.Max > 0 && lista.Max < l.massimo {
		l.massimo = lista.Max
	}
	// (the API takes more rows than the page reads, to be said when a
	// row beyond is sent)
	l.api = lista.Max == 0 || lista.Max > l.massimo
	n := min(max(lista.Righe, 1), l.massimo)
	// (the rows after the last typed are offered up to l.massimo: a
	// row beyond is not read, and is told)
	l.oltre = rigaNonLetta(form, func(k string) (string, bool) {
		resto, ok := strings.CutPrefix(k, nome+".")
		if !ok {
			return "", false
		}
		num, _, _ := strings.Cut(resto, ".")
		// (a name where the number should be is campiNonLetti's)
		return num, num != "" && strings.Trim(num, "0123456789") == ""
	}, func(num string) bool { return numeroRiga(num, l.massimo) })
	if u := ultimaRiga(form, nome); u >= n {
		n = min(u+1, l.massimo)
	}
	for _, c := range membri(campi, lista.Nome) {
		if c.Tipo != "lista" && c.Aiuto != "" {
			l.Aiuti = append(l.Aiuti, vistaAiuto{ID: l.ID + "-aiuto-" + c.Nome[len(lista.Nome)+1:], Etichetta: c.Etichetta, Testo: c.Aiuto})
		}
	}
	for i := 1; i <= n; i++ {
		riga := nome + "." + strconv.Itoa(i)
		v := &vistaVoceLista{N: i, ID: idCampo(riga), Titolo: etichettaElemento(et, i, ""), Etichetta: etichettaElemento(intero, i, "")}
		v.Titolo = strings.TrimSuffix(v.Titolo, " – ")
		v.Etichetta = strings.TrimSuffix(v.Etichetta, " – ")
		for _, c := range membri(campi, lista.Nome) {
			nc := riga + "." + c.Nome[len(lista.Nome)+1:]
			if c.Tipo == "lista" {
				v.Liste = append(v.Liste, listaModulo(campi, c, nc, v.Etichetta, form))
				continue
			}
			f := &vistaCampo{Nome: nc, ID: idCampo(nc), Etichetta: etichettaElemento(intero, i, c.Etichetta), Breve: c.Etichetta,
				Tipo: c.Tipo, Valore: form.Get(nc), Max: c.Max}
			if c.Aiuto != "" {
				// (the help is the member's, the same for every row: said
				// once, above the rows)
				f.AiutoID = l.ID + "-aiuto-" + c.Nome[len(lista.Nome)+1:]
			}
			v.Campi = append(v.Campi, f)
		}
		l.Righe = append(l.Righe, v)
	}
	l.nonLetti = l.campiNonLetti(form, membri(campi, lista.Nome), lista.Nome)
	return l
}

// campiNonLetti are the errors on the boxes of the list the form sent a
// value in and that name no box of its rows (a hand-written form, an
// edited link, a script): one without the number of its row
// (convenzione.sedi.nome, convenzione.sedi), one of a row without a
// member (convenzione.sedi.1), one of a member the vocabulary does not
// declare (convenzione.sedi.1.pippo). As the API refuses such a field
// (campo_sconosciuto), the page tells it, by the list's or the row's
// label, and gives no answer; at most one of each, the first by name. A
// row the page does not read is rigaNonLetta's; a box of a row's own
// list, that list's. membri are the list's members, lista its name in
// the vocabulary.
func (l *vistaLista) campiNonLetti(form url.Values, membri []lpu.InfoCampo, lista string) []vistaErroreCampo {
	var senzaNumero, senzaCampo, sconosciuto []string
	for k, vs := range form {
		if !conValore(vs) {
			continue
		}
		resto, ok := strings.CutPrefix(k, l.Nome+".")
		if !ok {
			if k == l.Nome {
				senzaNumero = append(senzaNumero, k)
			}
			continue
		}
		num, campo, _ := strings.Cut(resto, ".")
		if num == "" || strings.Trim(num, "0123456789") != "" {
			senzaNumero = append(senzaNumero, k)
			continue
		}
		if !numeroRiga(num, l.massimo) {
			continue // (rigaNonLetta's)
		}
		if campo == "" {
			senzaCampo = append(senzaCampo, k)
			continue
		}
		m, _, sotto := strings.Cut(campo, ".")
		i := slices.IndexFunc(membri, func(c lpu.InfoCampo) bool { return c.Nome == lista+"."+m })
		if i < 0 || sotto && membri[i].Tipo != "lista" {
			sconosciuto = append(sconosciuto, k)
		}
	}
	var out []vistaErroreCampo
	if len(senzaNumero) > 0 {
		k := slices.Min(senzaNumero)
		num, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(k, l.Nome), "."), ".")
		inviato := ""
		if num != "" {
			inviato = " («" + troncato(num, 20) + "»)"
		}
		out = append(out, vistaErroreCampo{ID: l.ID, Etichetta: l.intero, Messaggio: fmt.Sprintf(
			"il modulo ha inviato un campo senza il numero della sua riga%s, che questa pagina non legge: le righe sono numerate da 1 a %d; nessuna risposta è data", inviato, l.massimo)})
	}
	riga := func(k string) (int, string) {
		num, campo, _ := strings.Cut(strings.TrimPrefix(k, l.Nome+"."), ".")
		n, _ := strconv.Atoi(num)
		return n, campo
	}
	etichetta := func(n int) string { return strings.TrimSuffix(etichettaElemento(l.intero, n, ""), " – ") }
	if len(senzaCampo) > 0 {
		n, _ := riga(slices.Min(senzaCampo))
		out = append(out, vistaErroreCampo{ID: idCampo(l.Nome + "." + strconv.Itoa(n)), Etichetta: etichetta(n),
			Messaggio: "il modulo ha inviato un valore della riga senza il nome di un suo campo, che questa pagina non legge; nessuna risposta è data"})
	}
	if len(sconosciuto) > 0 {
		n, campo := riga(slices.Min(sconosciuto))
		nomi := make([]string, len(membri))
		for i, c := range membri {
			nomi[i] = "«" + c.Etichetta + "»"
		}
		out = append(out, vistaErroreCampo{ID: idCampo(l.Nome + "." + strconv.Itoa(n)), Etichetta: etichetta(n), Messaggio: fmt.Sprintf(
			"campo sconosciuto: «%s», che questa pagina non legge (quelli di una riga: %s); nessuna risposta è data", troncato(campo, 40), strings.Join(nomi, ", "))})
	}
	return out
}

// membri are the fields of campi that are members of the list lista
// (lista.x, not lista.x.y), in the vocabulary's order.
func membri(campi []lpu.InfoCampo, lista string) []lpu.InfoCampo {
	var out []lpu.InfoCampo
	for _, c := range campi {
		if m, ok := strings.CutPrefix(c.Nome, lista+"."); ok && !strings.Contains(m, ".") {
			out = append(out, c)
		}
	}
	return out
}

// ultimaRiga is the last row of the list nome the form sent a value in
// (0 if none).
func ultimaRiga(form url.Values, nome string) int {
	u := 0
	for k, vs := range form {
		resto, ok := strings.CutPrefix(k, nome+".")
		if !ok {
			continue
		}
		num, _, _ := strings.Cut(resto, ".")
		n, err := strconv.Atoi(num)
		if err != nil || n <= u || n > righePagina*10 {
			continue
		}
		for _, v := range vs {
			if strings.TrimSpace(v) != "" {
				u = n
				break
			}
		}
	}
	return u
}

// righeNonLette are the errors on the rows the form sent a value in and
// the page does not read (rigaNonLetta), of the list and of its rows'
// own lists, each by its list's whole label, linked to the list.
func (l *vistaLista) righeNonLette() []vistaErroreCampo {
	var out []vistaErroreCampo
	if l.oltre != "" {
		out = append(out, vistaErroreCampo{ID: l.ID, Etichetta: l.intero, Messaggio: erroreRigheOltre(l.massimo, l.oltre, l.api)})
	}
	out = append(out, l.nonLetti...)
	for _, r := range l.Righe {
		for _, s := range r.Liste {
			out = append(out, s.righeNonLette()...)
		}
	}
	return out
}

// campi are the list's boxes, row after row, each row's own lists after
// its boxes: the form's order.
func (l *vistaLista) campi() []*vistaCampo {
	var out []*vistaCampo
	for _, r := range l.Righe {
		out = append(out, r.Campi...)
		for _, s := range r.Liste {
			out = append(out, s.campi()...)
		}
	}
	return out
}

// leggi reads the rows with a value into the request's items, telling
// segna what it cannot read (a number, a date), each on its box; a row
// left empty, with its own lists, is left out, and the rows read are
// kept (lette) for the engine's errors.
func (l *vistaLista) leggi(segna func(*vistaCampo, string)) []any {
	var voci []any
	l.lette = nil
	for _, r := range l.Righe {
		m := map[string]any{}
		for _, f := range r.Campi {
			val := strings.TrimSpace(f.Valore)
			if val == "" {
				continue
			}
			membro := f.Nome[strings.LastIndexByte(f.Nome, '.')+1:]
			switch f.Tipo {
			case "intero":
				x, err := interoItaliano(val)
				if err != nil {
					segna(f, fmt.Sprintf("numero intero non valido: «%s»", troncato(val, 40)))
					continue
				}
				m[membro] = x
			case "data":
				t, err := calc.ParseDataScritta(val)
				if err != nil {
					segna(f, erroreData(val, err, "gg/mm/aaaa o gg/mm/aa, es. 10/06/2025"))
					continue
				}
				m[membro] = calc.FormatData(t)
			default:
				m[membro] = val
			}
		}
		vuota := len(m) == 0 && !haValori(r)
		for _, s := range r.Liste {
			if sub := s.leggi(segna); len(sub) > 0 {
				m[s.Nome[strings.LastIndexByte(s.Nome, '.')+1:]] = sub
			}
		}
		if vuota {
			continue
		}
		voci = append(voci, m)
		l.lette = append(l.lette, r)
	}
	return voci
}

// haValori says whether a row has a box typed, in its own lists too.
func haValori(r *vistaVoceLista) bool {
	for _, f := range r.Campi {
		if strings.TrimSpace(f.Valore) != "" {
			return true
		}
	}
	for _, s := range r.Liste {
		for _, sr := range s.Righe {
			if haValori(sr) {
				return true
			}
		}
	}
	return false
}

// reVoceLista is a step of a field's path in a request: a member and,
// for a list, the index of its item (sedi[1]).
var reVoceLista = regexp.MustCompile(`^([^.\[\]]+)(?:\[([0-9]+)\])?$`)

// campo is the form's box an error on the request's field campo (its
// path under the list, sedi[1].posti[0].numero) is about: the box of
// the row it names, the row's first box for an error on a whole row or
// a list of it; "" when campo is none of the rows read.
func (l *vistaLista) campo(campo string) string {
	passi := strings.Split(campo, ".")
	m := reVoceLista.FindStringSubmatch(passi[0])
	if m == nil {
		return ""
	}
	if m[2] == "" {
		return primoCampo(l)
	}
	i, _ := strconv.Atoi(m[2])
	if i >= len(l.lette) {
		return primoCampo(l)
	}
	r := l.lette[i]
	if len(passi) == 1 {
		return primoCampoRiga(r)
	}
	membro, _, _ := strings.Cut(passi[1], "[")
	for _, f := range r.Campi {
		if strings.HasSuffix(f.Nome, "."+membro) && len(passi) == 2 {
			return f.Nome
		}
	}
	for _, s := range r.Liste {
		if strings.HasSuffix(s.Nome, "."+membro) {
			if n := s.campo(strings.Join(passi[1:], ".")); n != "" {
				return n
			}
			return primoCampoRiga(r)
		}
	}
	return primoCampoRiga(r)
}

// primoCampo is the first box of the list's first row read (of its
// first row, if none was), for an error on the whole list.
func primoCampo(l *vistaLista) string {
	switch {
	case len(l.lette) > 0:
		return primoCampoRiga(l.lette[0])
	case len(l.Righe) > 0:
		return primoCampoRiga(l.Righe[0])
	}
	return ""
}

// primoCampoRiga is the first box of the row r, for an error on the
// whole row.
func primoCampoRiga(r *vistaVoceLista) string {
	if len(r.Campi) > 0 {
		return r.Campi[0].Nome
	}
	for _, s := range r.Liste {
		if n := primoCampo(s); n != "" {
			return n
		}
	}
	return ""
}

// dati are the rows typed for the printed record, one line each: the
// row's whole name, and its boxes typed by their members' labels
// («Tipo di posto: AF; Numero di posti: 2»).
func (l *vistaLista) dati() []vistaDato {
	var out []vistaDato
	for _, r := range l.Righe {
		var parti []string
		for _, f := range r.Campi {
			if val := strings.TrimSpace(f.Valore); val != "" {
				parti = append(parti, f.Breve+": "+val)
			}
		}
		if len(parti) > 0 {
			out = append(out, vistaDato{Etichetta: r.Etichetta, Valore: strings.Join(parti, "; ")})
		}
		for _, s := range r.Liste {
			out = append(out, s.dati()...)
		}
	}
	return out
}
