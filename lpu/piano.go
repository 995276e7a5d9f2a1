package lpu

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/lpu-it/lpu/calc"
)

// Bounds of a plan: beyond them the request is refused rather than
// computed.
const (
	maxOrePiano    = 100_000 // hours of work
	maxOreGiorno   = 24      // hours on one weekday
	maxAnniPiano   = 20      // the plan may not run longer than this
	maxMesiMAP     = 240     // durata_mesi
	maxSospensioni = 100
)

// fattispecieMAP is the contract's id of the messa alla prova, whose
// calendar starts after the signing of the verbale and ends at a term.
const fattispecieMAP = "map"

// Sources of the practice the calendar follows.
const (
	fonteTAG      = "Vademecum TAG per gli enti che accolgono persone in LPU o MAP (CSV Milano, ed. dicembre 2023)"
	fonteAccordo  = fonteTAG + ", «Ammissione ai lavori»: giorni e orari concordati tra la persona e l'ente nei limiti disposti dal giudice"
	fonteMAPAvvio = fonteTAG + ", MAP, «Nota bene»: l'avvio «il primo giorno utile dopo la sottoscrizione» (sottoscrizione martedì 1 luglio, giorno concordato giovedì: inizio 3 luglio)"
	fonteMAPFine  = "art. 464-quater c.6 c.p.p. (i termini decorrono dalla sottoscrizione del verbale); " + fonteTAG + ", MAP, «Nota bene» (sottoscrizione 1 luglio, 3 mesi: termine 1 ottobre)"
	fonteISO      = "settimane ISO 8601, da lunedì a domenica"
	fonteDomenica = "art. 2 L. 27 maggio 1949, n. 260 («tutte le domeniche» sono giorni festivi)"
)

// Periodo is a span of days, both ends included.
type Periodo struct {
	Dal    Data   `json:"dal"`
	Al     Data   `json:"al"`
	Motivo string `json:"motivo" lpu:"max=200"`
}

// RichiestaPiano asks for the calendar of the work: the sessions date by
// date from the hours due, the first possible day and the agreed weekdays.
type RichiestaPiano struct {
	Fattispecie string `json:"fattispecie" lpu:"max=40"`
	// Data is the date whose law gives the limits (default: Inizio).
	Data Data `json:"data"`
	// Ore are the hours of work to plan.
	Ore int `json:"ore" lpu:"max=100000"`
	// Inizio is, for map, the day the verbale is signed; otherwise the
	// first day the person may start.
	Inizio Data `json:"inizio"`
	// DurataMesi is, for map, the length of the programme set by the judge.
	DurataMesi int `json:"durata_mesi" lpu:"max=240"`
	// GiorniSettimana are the hours agreed for each weekday (lun … dom).
	GiorniSettimana map[string]int `json:"giorni_settimana" lpu:"max=24"`
	// Comune is where the work is done: its patron saint's day is skipped.
	Comune string `json:"comune" lpu:"max=100"`
	// Sospensioni are periods without sessions; the sessions move after them.
	Sospensioni []Periodo `json:"sospensioni" lpu:"max=100"`
	// Fatti are the facts the limits depend on (e.g.
	// richiesta_oltre_limite_settimanale).
	Fatti Fatti `json:"fatti"`
	// DataEsecutivita is the day the decree became enforceable: the Torino
	// form's terms to start and to finish run from it.
	DataEsecutivita Data `json:"data_esecutivita"`
	// CoperturaInailDal is the day the INAIL cover is active, if known: no
	// session before it.
	CoperturaInailDal Data `json:"copertura_inail_dal"`
	// OraInizio is when the sessions start, "HH:MM" in Europe/Rome
	// (default 09:00); used by the calendar file.
	OraInizio string `json:"ora_inizio" lpu:"max=5"`
	// Riferimento names the plan in the calendar file and the register
	// (a case number, initials): avoid full names.
	Riferimento string `json:"riferimento" lpu:"max=100"`
}

// Sessione is one day of work.
type Sessione struct {
	Data   string `json:"data"`
	Ore    int    `json:"ore"`
	Giorno string `json:"giorno"`
}

// GiornoSaltato is an agreed weekday without a session, and why.
type GiornoSaltato struct {
	Data   string `json:"data"`
	Giorno string `json:"giorno"`
	Motivo string `json:"motivo"`
	Tipo   string `json:"tipo"` // nazionale, patronale, sospensione
	Fonte  string `json:"fonte,omitempty"`
}

// Violazione is a part of the plan that breaks a limit: the days or weeks
// concerned, counted, with the first and the last.
type Violazione struct {
	Limite string `json:"limite"` // ore_giornaliere_max, ore_settimanali_max, ore_settimanali_min, durata_mesi_max, termine
	Campo  string `json:"campo,omitempty"`
	Valore int    `json:"valore,omitempty"` // the limit, in hours (durata_mesi_max: in months)
	Ore    int    `json:"ore"`              // the hours planned (for termine: the hours after it)
	Numero int    `json:"numero"`           // sessions or weeks concerned
	Dal    string `json:"dal"`
	Al     string `json:"al"`
	Testo  string `json:"testo"`
	Fonte  string `json:"fonte"`
}

// RisultatoPiano is the calendar of the work.
type RisultatoPiano struct {
	Fattispecie    string `json:"fattispecie"`
	Data           string `json:"data"`
	Ore            int    `json:"ore"`
	OreSettimanali int    `json:"ore_settimanali"`
	PrimoGiorno    string `json:"primo_giorno"`
	UltimoGiorno   string `json:"ultimo_giorno"`
	// Termine is, for map, the calendar end: signing + durata_mesi.
	Termine string `json:"termine"`
	// Settimane counts the ISO weeks from the first to the last session.
	Settimane        int             `json:"settimane"`
	Sessioni         []Sessione      `json:"sessioni"`
	FestivitaSaltate []GiornoSaltato `json:"festivita_saltate"`
	GiorniSospesi    []GiornoSaltato `json:"giorni_sospesi"`
	Limiti           Limiti          `json:"limiti"`
	Violazioni       []Violazione    `json:"violazioni"`
	// RichiestaInailEntro is the last day to ask INAIL for the cover.
	RichiestaInailEntro string `json:"richiesta_inail_entro"`
	// InizioEntro and FineEntro are the Torino form's terms, when
	// data_esecutivita is given.
	InizioEntro string   `json:"inizio_entro,omitempty"`
	FineEntro   string   `json:"fine_entro,omitempty"`
	Comune      string   `json:"comune,omitempty"`
	Passi       []Passo  `json:"passi"`
	Avvertenze  []string `json:"avvertenze"`
	Ricevuta    Ricevuta `json:"ricevuta"`

	creato      time.Time // for DTSTAMP
	oraInizio   int       // minutes after midnight
	riferimento string
	inizio      string // the request's inizio, for the events' UID
}

func init() {
	gestori["piano"] = func(ctx context.Context, e *Engine, body []byte) (any, error) {
		var r RichiestaPiano
		if err := DecodeBytes(body, &r); err != nil {
			return nil, err
		}
		return e.Piano(ctx, &r)
	}
}

// pianoIn is a checked request.
type pianoIn struct {
	RichiestaPiano
	ore       [7]int // by time.Weekday
	sosp      []Periodo
	oraInizio int
}

func (e *Engine) controllaPiano(r *RichiestaPiano) (*pianoIn, error) {
	in := &pianoIn{RichiestaPiano: *r}
	if _, err := e.fattispecieNota(r.Fattispecie, "fattispecie"); err != nil {
		return nil, err
	}
	if !r.Inizio.Indicata() {
		what := "il primo giorno in cui la persona può iniziare"
		if r.Fattispecie == fattispecieMAP {
			what = "il giorno di sottoscrizione del verbale di messa alla prova"
		}
		return nil, errInput(CodeCampoObbligatorio, "inizio", "indicare %s (AAAA-MM-GG)", what)
	}
	if r.Inizio.Year() < calc.PrimoAnnoFestivita {
		return nil, errInput(CodeFuoriIntervallo, "inizio", "il calendario delle festività è noto dal %d: data %s troppo lontana", calc.PrimoAnnoFestivita, calc.FormatDataItaliana(r.Inizio.Time))
	}
	switch {
	case r.Ore <= 0:
		return nil, errInput(CodeCampoObbligatorio, "ore", "indicare le ore di lavoro da svolgere (più di zero)")
	case r.Ore > maxOrePiano:
		return nil, errInput(CodeFuoriIntervallo, "ore", "valore troppo grande (%d; al massimo %d)", r.Ore, maxOrePiano)
	}
	chiavi := make([]string, 0, len(r.GiorniSettimana))
	for k := range r.GiorniSettimana {
		chiavi = append(chiavi, k)
	}
	sort.Strings(chiavi)
	totale := 0
	for _, k := range chiavi {
		h := r.GiorniSettimana[k]
		w, ok := calc.GiornoSettimana(k)
		campo := "giorni_settimana." + citaTesto(k)
		switch {
		case !ok:
			return nil, errInput(CodeGiornoSconosciuto, campo, "giorno «%s» sconosciuto: uno di %s", citaTesto(k), strings.Join(calc.NomiGiorni[:], ", "))
		case h < 0:
			return nil, errInput(CodeFuoriIntervallo, campo, "il valore non può essere negativo (%d)", h)
		case h > maxOreGiorno:
			return nil, errInput(CodeFuoriIntervallo, campo, "un giorno ha %d ore: %d non è possibile", maxOreGiorno, h)
		}
		in.ore[w] = h
		totale += h
	}
	if totale == 0 {
		return nil, errInput(CodeCampoObbligatorio, "giorni_settimana", "indicare le ore concordate per almeno un giorno della settimana, es. {\"gio\": 4}")
	}
	if r.Fattispecie == fattispecieMAP {
		switch {
		case r.DurataMesi <= 0:
			return nil, errInput(CodeCampoObbligatorio, "durata_mesi", "indicare la durata della messa alla prova in mesi, come disposta dal giudice")
		case r.DurataMesi > maxMesiMAP:
			return nil, errInput(CodeFuoriIntervallo, "durata_mesi", "valore troppo grande (%d; al massimo %d)", r.DurataMesi, maxMesiMAP)
		}
	} else if r.DurataMesi != 0 {
		return nil, errInput(CodeCampoNonPertinente, "durata_mesi", "durata_mesi vale solo per la messa alla prova (map); per %s il calendario finisce quando le ore sono svolte", r.Fattispecie)
	}
	if len(r.Sospensioni) > maxSospensioni {
		return nil, errInput(CodeFuoriIntervallo, "sospensioni", "lista troppo lunga (al massimo %d elementi)", maxSospensioni)
	}
	idx := make([]int, len(r.Sospensioni))
	for i, s := range r.Sospensioni {
		idx[i] = i
		campo := fmt.Sprintf("sospensioni[%d]", i)
		switch {
		case !s.Dal.Indicata():
			return nil, errInput(CodeCampoObbligatorio, campo+".dal", "indicare il primo giorno della sospensione (AAAA-MM-GG)")
		case !s.Al.Indicata():
			return nil, errInput(CodeCampoObbligatorio, campo+".al", "indicare l'ultimo giorno della sospensione (AAAA-MM-GG)")
		case s.Al.Before(s.Dal.Time):
			return nil, errInput(CodePeriodoInvertito, campo+".al", "la sospensione finisce (%s) prima di cominciare (%s)", calc.FormatDataItaliana(s.Al.Time), calc.FormatDataItaliana(s.Dal.Time))
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return r.Sospensioni[idx[a]].Dal.Before(r.Sospensioni[idx[b]].Dal.Time) })
	for j, i := range idx {
		s := r.Sospensioni[i]
		if j > 0 {
			p := r.Sospensioni[idx[j-1]]
			if !s.Dal.After(p.Al.Time) {
				return nil, errInput(CodePeriodiSovrapposti, fmt.Sprintf("sospensioni[%d]", i), "la sospensione dal %s si sovrappone a quella dal %s al %s: unirle in un solo periodo",
					calc.FormatDataItaliana(s.Dal.Time), calc.FormatDataItaliana(p.Dal.Time), calc.FormatDataItaliana(p.Al.Time))
			}
		}
		in.sosp = append(in.sosp, s)
	}
	in.oraInizio = 9 * 60
	if r.OraInizio != "" {
		hh, mm, ok := strings.Cut(r.OraInizio, ":")
		h, err1 := strconv.Atoi(hh)
		m, err2 := strconv.Atoi(mm)
		if !ok || len(hh) != 2 || len(mm) != 2 || err1 != nil || err2 != nil || h > 23 || m > 59 || h < 0 || m < 0 {
			return nil, errInput(CodeOrarioNonValido, "ora_inizio", "orario non valido: «%s» (formato HH:MM, es. 09:00)", r.OraInizio)
		}
		in.oraInizio = h*60 + m
	}
	for w, h := range in.ore {
		if h > 0 && in.oraInizio+h*60 > 24*60 {
			return nil, errInput(CodeOrarioNonValido, "ora_inizio", "iniziando alle %s, le %d ore di %s finirebbero dopo la mezzanotte", oraTesto(in.oraInizio), h, calc.NomeGiorno(time.Weekday(w)))
		}
	}
	if !in.Data.Indicata() {
		in.Data = in.Inizio
	}
	return in, nil
}

func oraTesto(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

// Piano computes the calendar of the work: every session date by date from
// the first possible day, skipping the national holidays, the patron
// saint of the comune and the suspensions; the last day; for map the term;
// and the parts of the plan that break the limits the rules give for the
// fattispecie at the date (weekly limits are checked on ISO weeks, Monday
// to Sunday). Bad input gives an *Error; ctx as for Calcolo.
func (e *Engine) Piano(ctx context.Context, r *RichiestaPiano, opts ...Option) (*RisultatoPiano, error) {
	var o opzioni
	for _, f := range opts {
		f(&o)
	}
	o.ctx = ctx
	if err := interrotta(o.ctx); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errInput(CodeJSONNonValido, "", "richiesta mancante")
	}
	in, err := e.controllaPiano(r)
	if err != nil {
		return nil, err
	}
	cal, _ := e.datiC["calendario"].(*calendario)
	if cal == nil {
		return nil, errCaso(CodeRegoleMancanti, "", "mancano i termini del calendario (rules/calendario.yaml)")
	}
	lim, passiLimiti, err := e.limiti(o.ctx, in.Fattispecie, in.Data.Time, in.Fatti)
	if err != nil {
		return nil, err
	}
	res := &RisultatoPiano{Fattispecie: in.Fattispecie, Data: in.Data.String(), Ore: in.Ore, Limiti: lim,
		Sessioni: []Sessione{}, FestivitaSaltate: []GiornoSaltato{}, GiorniSospesi: []GiornoSaltato{}, Violazioni: []Violazione{},
		Ricevuta: e.ricevuta(), creato: e.oggi(), oraInizio: in.oraInizio, riferimento: in.Riferimento, Comune: in.Comune, inizio: in.Inizio.String()}
	for _, h := range in.ore {
		res.OreSettimanali += h
	}
	p := &pianificatore{in: in, res: res, spiega: !o.senzaSpiegazione, fonti: e.fontiLimiti(in.Fattispecie, in.Data.Time)}
	p.passo("limiti", "regole della fattispecie "+in.Fattispecie, "Limiti di orario della fattispecie %s in vigore il %s%s:", in.Fattispecie, calc.FormatDataItaliana(in.Data.Time), map[bool]string{true: " (data indicata)", false: " (il giorno di inizio)"}[r.Data.Indicata()])
	p.passi = append(p.passi, passiLimiti...)
	p.patrono(e)
	if err := p.sessioni(); err != nil {
		return nil, err
	}
	p.settimane()
	p.termine()
	p.controlli()
	p.scadenze(cal, e.etichettaCampo("piano", "copertura_inail_dal"))
	res.Passi = nonNilPassi(p.passi)
	if o.senzaSpiegazione {
		res.Passi = []Passo{}
	}
	res.Avvertenze = nonNil(p.avvertenze)
	return res, nil
}

// fontiLimiti maps each limit to the source of the step that computes it
// at the date.
func (e *Engine) fontiLimiti(fattispecie string, data time.Time) map[string]string {
	out := map[string]string{}
	p := e.calcolo[fattispecie]
	if p == nil {
		return out
	}
	for _, c := range p.passi {
		if p.limitiPassi[c] && c.s.Nome != "" && c.s.Vigenza.Contiene(data) {
			out[c.s.Nome] = c.s.Fonte
		}
	}
	return out
}

// pianificatore builds one plan.
type pianificatore struct {
	in         *pianoIn
	res        *RisultatoPiano
	spiega     bool
	fonti      map[string]string
	cal        calc.Calendario
	patroni    []calc.Patrono
	passi      []Passo
	avvertenze []string
	date       []time.Time // of the sessions
}

func (p *pianificatore) passo(regola, fonte, format string, args ...any) {
	if p.spiega {
		p.passi = append(p.passi, Passo{Regola: "piano." + regola, Fonte: fonte, Testo: fmt.Sprintf(format, args...)})
	}
}

func (p *pianificatore) avverti(fonte, format string, args ...any) {
	p.avvertenze = append(p.avvertenze, fmt.Sprintf(format, args...)+" ("+fonte+")")
}

func (p *pianificatore) patrono(e *Engine) {
	if strings.TrimSpace(p.in.Comune) == "" {
		return
	}
	pt, _ := e.datiC["patroni"].(*patroni)
	var lista []calc.Patrono
	ok := false
	if pt != nil {
		lista, ok = pt.cerca(p.in.Comune)
	}
	if !ok {
		p.avverti("rules/patroni.yaml", "il santo patrono di «%s» non è nell'elenco dei comuni: la festa patronale non è stata saltata; aggiungerla con un file patroni_<nome>.yaml passato con --rules", p.in.Comune)
		return
	}
	p.patroni = lista
	p.cal.Patroni = lista
	for _, x := range lista {
		quando := fmt.Sprintf("%d %s", x.Giorno, mesi[x.Mese])
		if x.Settimana != 0 {
			n := map[int]string{1: "primo", 2: "secondo", 3: "terzo", 4: "quarto", -1: "ultimo"}[x.Settimana]
			quando = fmt.Sprintf("%s %s di %s", n, calc.NomeGiorno(x.GiornoSettimana), mesi[x.Mese])
		}
		p.passo("patrono", x.Fonte, "Santo patrono di %s: %s, il %s; quel giorno non si lavora.", x.Comune, x.Santo, quando)
		if x.Nota != "" {
			p.avverti(x.Fonte, "%s", x.Nota)
		}
	}
}

var mesi = [...]string{"", "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}

func descriviGiorni(ore [7]int) string {
	var parts []string
	for i := 1; i <= 7; i++ {
		w := time.Weekday(i % 7)
		if ore[w] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", calc.NomeGiorno(w), ore[w]))
		}
	}
	return strings.Join(parts, ", ")
}

func (p *pianificatore) sessioni() error {
	in, res := p.in, p.res
	inizio := in.Inizio.Time
	da := inizio
	mapp := in.Fattispecie == fattispecieMAP
	if mapp {
		da = calc.AggiungiGiorni(inizio, 1)
	}
	if in.CoperturaInailDal.Indicata() && in.CoperturaInailDal.After(da) {
		da = in.CoperturaInailDal.Time
	}
	p.passo("giorni", fonteAccordo, "Giorni concordati: %s ore; %d ore a settimana.", descriviGiorni(in.ore), res.OreSettimanali)
	limite := calc.AggiungiMesi(da, 12*maxAnniPiano)
	resto := in.Ore
	s := 0 // next suspension
	domeniche := 0
	for d := da; resto > 0; d = calc.AggiungiGiorni(d, 1) {
		if d.After(limite) {
			return errCaso(CodePianoTroppoLungo, "giorni_settimana", "con %d ore a settimana le %d ore durerebbero oltre %d anni (fino a dopo il %s): aumentare le ore settimanali o ridurre le sospensioni",
				res.OreSettimanali, in.Ore, maxAnniPiano, calc.FormatDataItaliana(limite))
		}
		h := in.ore[d.Weekday()]
		if h == 0 {
			continue
		}
		for s < len(in.sosp) && in.sosp[s].Al.Before(d) {
			s++
		}
		g := GiornoSaltato{Data: calc.FormatData(d), Giorno: calc.ChiaveGiorno(d.Weekday())}
		if s < len(in.sosp) && !in.sosp[s].Dal.After(d) {
			g.Tipo, g.Motivo = "sospensione", "sospensione"
			if m := strings.TrimSpace(in.sosp[s].Motivo); m != "" {
				g.Motivo += ": " + m
			}
			if f, ok := p.cal.Festivita(d); ok {
				g.Motivo += " (anche " + f.Nome + ")"
			}
			res.GiorniSospesi = append(res.GiorniSospesi, g)
			continue
		}
		if f, ok := p.cal.Festivita(d); ok {
			g.Tipo, g.Motivo, g.Fonte = f.Tipo, f.Nome, f.Fonte
			res.FestivitaSaltate = append(res.FestivitaSaltate, g)
			continue
		}
		o := min(h, resto)
		resto -= o
		if d.Weekday() == time.Sunday {
			domeniche++
		}
		res.Sessioni = append(res.Sessioni, Sessione{Data: calc.FormatData(d), Ore: o, Giorno: calc.ChiaveGiorno(d.Weekday())})
		p.date = append(p.date, d)
	}
	primo, ultimo := p.date[0], p.date[len(p.date)-1]
	res.PrimoGiorno, res.UltimoGiorno = calc.FormatData(primo), calc.FormatData(ultimo)
	switch {
	case mapp:
		p.passo("inizio", fonteMAPAvvio, "Verbale sottoscritto %s %s: il lavoro inizia il primo giorno concordato utile dopo la sottoscrizione, %s %s.",
			calc.NomeGiorno(inizio.Weekday()), calc.FormatDataItaliana(inizio), calc.NomeGiorno(primo.Weekday()), calc.FormatDataItaliana(primo))
	default:
		p.passo("inizio", fonteAccordo, "Primo giorno possibile %s %s: la prima sessione è il primo giorno concordato utile da quella data, %s %s.",
			calc.NomeGiorno(inizio.Weekday()), calc.FormatDataItaliana(inizio), calc.NomeGiorno(primo.Weekday()), calc.FormatDataItaliana(primo))
	}
	if in.CoperturaInailDal.Indicata() {
		p.passo("copertura", "Circ. INAIL n. 3/2025 § 4 (la copertura opera dalla comunicazione dell'attivazione)", "Copertura INAIL attiva dal %s: nessuna sessione prima.", calc.FormatDataItaliana(in.CoperturaInailDal.Time))
	}
	ultima := res.Sessioni[len(res.Sessioni)-1].Ore
	testoUltima := ""
	if ultima != in.ore[ultimo.Weekday()] {
		testoUltima = fmt.Sprintf(" (l'ultima di %d ore, quante ne restano)", ultima)
	}
	p.passo("sessioni", fonteAccordo, "%d ore in %d sessioni, dal %s al %s%s.", in.Ore, len(res.Sessioni), calc.FormatDataItaliana(primo), calc.FormatDataItaliana(ultimo), testoUltima)
	fonteFeste := "artt. 1-2 L. 27 maggio 1949, n. 260; L. 8 ottobre 2025, n. 151 (4 ottobre, dal 2026)"
	nomeCal := "festività nazionali"
	if len(p.patroni) > 0 {
		fonteFeste += "; " + p.patroni[0].Fonte
		nomeCal += " e santo patrono di " + p.patroni[0].Comune
	}
	if n := len(res.FestivitaSaltate); n > 0 {
		var elenco []string
		for _, f := range res.FestivitaSaltate {
			elenco = append(elenco, f.Motivo+" "+calc.FormatDataItaliana(mustData(f.Data)))
		}
		p.passo("festivita", fonteFeste, "Nessuna sessione nei giorni festivi (%s): %s (%s); le ore si recuperano nei giorni concordati successivi.", nomeCal, plurale(n, "giorno concordato saltato", "giorni concordati saltati"), strings.Join(elenco, "; "))
	} else {
		p.passo("festivita", fonteFeste, "Nessun giorno concordato cade in una festività (%s).", nomeCal)
	}
	if len(in.sosp) > 0 {
		var elenco []string
		for _, s := range in.sosp {
			t := "dal " + calc.FormatDataItaliana(s.Dal.Time) + " al " + calc.FormatDataItaliana(s.Al.Time)
			if m := strings.TrimSpace(s.Motivo); m != "" {
				t += " (" + m + ")"
			}
			elenco = append(elenco, t)
		}
		p.passo("sospensioni", "sospensioni indicate nella richiesta (provvedimento del giudice o impedimento documentato)", "Sospensioni %s: %s; le sessioni riprendono dopo ciascuna.", strings.Join(elenco, ", "), plurale(len(res.GiorniSospesi), "giorno concordato senza sessione", "giorni concordati senza sessione"))
	}
	if domeniche > 0 {
		p.avverti(fonteDomenica, "il piano ha %d sessioni di domenica, giorno festivo: sono ammesse solo perché concordate; verificarle con l'ente e con l'organo di controllo (le festività nazionali e il patrono sono comunque saltati)", domeniche)
	}
	return nil
}

// plurale picks the singular or the plural text for n; the plural may
// hold a %d for n.
func plurale(n int, uno, molti string) string {
	if n == 1 {
		return strings.Replace(uno, "%d", "1", 1)
	}
	if strings.Contains(molti, "%d") {
		return fmt.Sprintf(molti, n)
	}
	return strconv.Itoa(n) + " " + molti
}

func mustData(s string) time.Time {
	t, _ := calc.ParseData(s)
	return t
}

// settimana is an ISO week of the plan.
type settimana struct {
	lunedi time.Time
	ore    int
}

func (p *pianificatore) settimaneISO() []settimana {
	var out []settimana
	for i, d := range p.date {
		_, _, l := calc.SettimanaISO(d)
		if len(out) == 0 || !out[len(out)-1].lunedi.Equal(l) {
			out = append(out, settimana{lunedi: l})
		}
		out[len(out)-1].ore += p.res.Sessioni[i].Ore
	}
	return out
}

func (p *pianificatore) settimane() {
	_, _, l1 := calc.SettimanaISO(p.date[0])
	_, _, l2 := calc.SettimanaISO(p.date[len(p.date)-1])
	p.res.Settimane = calc.GiorniTra(l1, l2)/7 + 1
	p.passo("settimane", fonteISO, "Il piano occupa %d settimane (da lunedì %s a domenica %s).", p.res.Settimane, calc.FormatDataItaliana(l1), calc.FormatDataItaliana(calc.AggiungiGiorni(l2, 6)))
}

func (p *pianificatore) termine() {
	if p.in.Fattispecie != fattispecieMAP {
		return
	}
	in, res := p.in, p.res
	t := calc.AggiungiMesi(in.Inizio.Time, in.DurataMesi)
	res.Termine = calc.FormatData(t)
	if l := res.Limiti.DurataMesiMax; l != nil && in.DurataMesi > *l {
		p.passo("termine", fonteMAPFine, "Fine della durata indicata: %s + %d mesi = %s (mesi del calendario comune dalla sottoscrizione del verbale); non è un termine lecito: la prova non può durare più di %d mesi, fino al %s.",
			calc.FormatDataItaliana(in.Inizio.Time), in.DurataMesi, calc.FormatDataItaliana(t), *l, calc.FormatDataItaliana(calc.AggiungiMesi(in.Inizio.Time, *l)))
	} else {
		p.passo("termine", fonteMAPFine, "Termine della messa alla prova: %s + %d mesi = %s (mesi del calendario comune dalla sottoscrizione del verbale).",
			calc.FormatDataItaliana(in.Inizio.Time), in.DurataMesi, calc.FormatDataItaliana(t))
	}
	var oltre []int
	ore := 0
	for i, d := range p.date {
		if d.After(t) {
			oltre = append(oltre, i)
			ore += res.Sessioni[i].Ore
		}
	}
	// The law's maximum (the rules give it as durata_mesi_max): a longer
	// programme is a breach of the plan, and its term is not lawful.
	legale := t
	if l := res.Limiti.DurataMesiMax; l != nil && in.DurataMesi > *l {
		legale = calc.AggiungiMesi(in.Inizio.Time, *l)
		var n, ore int
		var a, b string
		for i, d := range p.date {
			if d.After(legale) {
				if n == 0 {
					a = res.Sessioni[i].Data
				}
				b = res.Sessioni[i].Data
				n++
				ore += res.Sessioni[i].Ore
			}
		}
		testo := fmt.Sprintf("una durata di %d mesi supera il massimo di %d mesi: il termine non può andare oltre il %s", in.DurataMesi, *l, calc.FormatDataItaliana(legale))
		if n > 0 {
			testo += fmt.Sprintf("; %s (%d ore) cadono dopo quella data", plurale(n, "1 sessione", "%d sessioni"), ore)
		}
		res.Violazioni = append(res.Violazioni, Violazione{Limite: "durata_mesi_max", Campo: "durata_mesi", Valore: *l, Ore: ore, Numero: n, Dal: a, Al: b,
			Testo: testo, Fonte: p.fonte("durata_mesi_max")})
	}
	if len(oltre) > 0 {
		a, b := res.Sessioni[oltre[0]].Data, res.Sessioni[oltre[len(oltre)-1]].Data
		// Beyond the law's term the requested end is no term at all: the
		// text says so, and never calls it the term of the prova.
		termine := "il termine del " + calc.FormatDataItaliana(t)
		if legale.Before(t) {
			termine = fmt.Sprintf("la fine della durata indicata (%s), che supera già il termine massimo di legge del %s", calc.FormatDataItaliana(t), calc.FormatDataItaliana(legale))
		}
		res.Violazioni = append(res.Violazioni, Violazione{Limite: "termine", Campo: "durata_mesi", Ore: ore, Numero: len(oltre), Dal: a, Al: b,
			Testo: fmt.Sprintf("%d sessioni (%d ore) cadono dopo %s: con %d ore a settimana le %d ore non stanno nei %d mesi; aumentare le ore settimanali o concordare altri giorni",
				len(oltre), ore, termine, res.OreSettimanali, in.Ore, in.DurataMesi),
			Fonte: fonteMAPFine})
		return
	}
	if legale.Before(t) {
		// The requested term is beyond the law's: the recoveries are
		// counted to the lawful one, and the caveat does not call the
		// other a term.
		liberi := p.giorniUtili(legale)
		p.avverti(p.fonte("durata_mesi_max"), "le assenze vanno recuperate entro il termine della prova, che per legge non può andare oltre il %s (la durata indicata di %d mesi supera il massimo): dopo l'ultima sessione (%s) %s fino a quella data",
			calc.FormatDataItaliana(legale), in.DurataMesi, calc.FormatDataItaliana(p.date[len(p.date)-1]), plurale(liberi, "resta 1 giorno concordato utile", "restano %d giorni concordati utili"))
		return
	}
	liberi := p.giorniUtili(t)
	p.avverti(fonteMAPFine, "le assenze vanno recuperate entro il termine del %s: dopo l'ultima sessione (%s) %s per i recuperi",
		calc.FormatDataItaliana(t), calc.FormatDataItaliana(p.date[len(p.date)-1]), plurale(liberi, "resta 1 giorno concordato utile", "restano %d giorni concordati utili"))
}

// giorniUtili counts the agreed working days after the last session up
// to fino, those left for recovering absences.
func (p *pianificatore) giorniUtili(fino time.Time) int {
	n := 0
	for d := calc.AggiungiGiorni(p.date[len(p.date)-1], 1); !d.After(fino); d = calc.AggiungiGiorni(d, 1) {
		if p.in.ore[d.Weekday()] == 0 || p.sospeso(d) {
			continue
		}
		if _, festa := p.cal.Festivita(d); !festa {
			n++
		}
	}
	return n
}

func (p *pianificatore) sospeso(d time.Time) bool {
	for _, s := range p.in.sosp {
		if !d.Before(s.Dal.Time) && !d.After(s.Al.Time) {
			return true
		}
	}
	return false
}

func (p *pianificatore) fonte(limite string) string {
	if f := p.fonti[limite]; f != "" {
		return f
	}
	return "regole della fattispecie " + p.in.Fattispecie
}

// controlli checks the plan against the limits of the rules.
func (p *pianificatore) controlli() {
	in, res := p.in, p.res
	if l := res.Limiti.OreGiornaliereMax; l != nil {
		over := 0
		for i := 1; i <= 7; i++ {
			w := time.Weekday(i % 7)
			if in.ore[w] <= *l {
				continue
			}
			var n int
			var a, b string
			for _, s := range res.Sessioni {
				if s.Giorno == calc.ChiaveGiorno(w) && s.Ore > *l {
					if n == 0 {
						a = s.Data
					}
					b = s.Data
					n++
				}
			}
			if n == 0 {
				continue
			}
			over++
			res.Violazioni = append(res.Violazioni, Violazione{Limite: "ore_giornaliere_max", Campo: "giorni_settimana." + calc.ChiaveGiorno(w), Valore: *l, Ore: in.ore[w], Numero: n, Dal: a, Al: b,
				Testo: fmt.Sprintf("%d ore il %s superano il massimo di %d ore al giorno (%d sessioni)", in.ore[w], calc.NomeGiorno(w), *l, n),
				Fonte: p.fonte("ore_giornaliere_max")})
		}
		if over == 0 {
			p.passo("limite_giornaliero", p.fonte("ore_giornaliere_max"), "Nessuna sessione supera %d ore al giorno.", *l)
		}
	}
	sett := p.settimaneISO()
	if l := res.Limiti.OreSettimanaliMax; l != nil {
		var n, top int
		var a, b time.Time
		for _, s := range sett {
			if s.ore > *l {
				if n == 0 {
					a = s.lunedi
				}
				b = calc.AggiungiGiorni(s.lunedi, 6)
				n++
				top = max(top, s.ore)
			}
		}
		if n > 0 {
			res.Violazioni = append(res.Violazioni, Violazione{Limite: "ore_settimanali_max", Campo: "giorni_settimana", Valore: *l, Ore: top, Numero: n, Dal: calc.FormatData(a), Al: calc.FormatData(b),
				Testo: fmt.Sprintf("%d settimane (da lunedì a domenica) superano il massimo di %d ore settimanali (fino a %d ore)", n, *l, top),
				Fonte: p.fonte("ore_settimanali_max")})
		} else {
			p.passo("limite_settimanale", p.fonte("ore_settimanali_max"), "Nessuna settimana (da lunedì a domenica) supera %d ore.", *l)
		}
	}
	if l := res.Limiti.OreSettimanaliMin; l != nil {
		if res.OreSettimanali < *l {
			a := calc.FormatData(p.date[0])
			b := calc.FormatData(p.date[len(p.date)-1])
			res.Violazioni = append(res.Violazioni, Violazione{Limite: "ore_settimanali_min", Campo: "giorni_settimana", Valore: *l, Ore: res.OreSettimanali, Numero: len(sett), Dal: a, Al: b,
				Testo: fmt.Sprintf("%d ore concordate a settimana sono meno del minimo di %d", res.OreSettimanali, *l),
				Fonte: p.fonte("ore_settimanali_min")})
		} else {
			// Whole weeks inside the plan that holidays or suspensions
			// shorten below the minimum (the first and the last week are
			// partial by construction).
			var corte []string
			for i := 1; i < len(sett)-1; i++ {
				if sett[i].ore < *l {
					corte = append(corte, calc.FormatDataItaliana(sett[i].lunedi))
				}
			}
			p.passo("limite_settimanale_min", p.fonte("ore_settimanali_min"), "%d ore concordate a settimana: il minimo di %d è rispettato.", res.OreSettimanali, *l)
			if len(corte) > 0 {
				p.avverti(p.fonte("ore_settimanali_min"), "%d settimane scendono sotto il minimo di %d ore per festività o sospensioni (settimane dal lunedì %s): la legge non dice se vadano recuperate nella stessa settimana; il piano sposta le ore alle settimane successive",
					len(corte), *l, strings.Join(corte, ", "))
			}
		}
	}
}

// scadenze adds the practical deadlines: the INAIL request and the Torino
// form's terms. copertura is the label of the field that gives the day
// the cover starts, as a lawyer reads it.
func (p *pianificatore) scadenze(cal *calendario, copertura string) {
	in, res := p.in, p.res
	primo, ultimo := p.date[0], p.date[len(p.date)-1]
	g := cal.InailAnticipoGiorni
	entro := calc.AggiungiGiorni(primo, -g.Valore)
	res.RichiestaInailEntro = calc.FormatData(entro)
	p.passo("inail", g.Fonte, "L'ente chiede all'INAIL la copertura almeno %d giorni prima della prima sessione (%s): entro il %s.", g.Valore, calc.FormatDataItaliana(primo), calc.FormatDataItaliana(entro))
	msg := fmt.Sprintf("l'ente deve chiedere all'INAIL l'attivazione della copertura entro il %s, %d giorni prima della prima sessione del %s; la copertura opera solo dalla comunicazione dell'attivazione",
		calc.FormatDataItaliana(entro), g.Valore, calc.FormatDataItaliana(primo))
	if in.Fattispecie == fattispecieMAP && entro.Before(in.Inizio.Time) {
		msg += fmt.Sprintf("; il termine cade prima della sottoscrizione del verbale (%s): se la copertura non è attiva il %s l'inizio slitta al primo giorno concordato dopo l'attivazione (indicare «%s» per ricalcolare)",
			calc.FormatDataItaliana(in.Inizio.Time), calc.FormatDataItaliana(primo), copertura)
	}
	p.avverti(g.Fonte, "%s", msg)
	if !in.DataEsecutivita.Indicata() {
		return
	}
	es := in.DataEsecutivita.Time
	ti, tf := cal.TorinoInizioMesi, cal.TorinoFineMesi
	ie, fe := calc.AggiungiMesi(es, ti.Valore), calc.AggiungiMesi(es, tf.Valore)
	res.InizioEntro, res.FineEntro = calc.FormatData(ie), calc.FormatData(fe)
	p.passo("torino", ti.Fonte, "Decreto esecutivo dal %s: iniziare entro il %s (%d mesi) e finire entro il %s (%d mesi), come chiede il modulo del Tribunale di Torino.",
		calc.FormatDataItaliana(es), calc.FormatDataItaliana(ie), ti.Valore, calc.FormatDataItaliana(fe), tf.Valore)
	if primo.After(ie) {
		p.avverti(ti.Fonte, "la prima sessione (%s) è dopo il termine per iniziare del %s (%d mesi dall'esecutività): è un termine della modulistica del Tribunale di Torino, non della legge; verificare con il giudice",
			calc.FormatDataItaliana(primo), calc.FormatDataItaliana(ie), ti.Valore)
	}
	if ultimo.After(fe) {
		p.avverti(tf.Fonte, "l'ultima sessione (%s) è dopo il termine per finire del %s (%d mesi dall'esecutività): è un termine della modulistica del Tribunale di Torino, non della legge; verificare con il giudice",
			calc.FormatDataItaliana(ultimo), calc.FormatDataItaliana(fe), tf.Valore)
	}
}
