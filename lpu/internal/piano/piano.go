// Package piano computes the calendar of the work (the plan): the
// sessions date by date from the hours due, the first possible day and the
// agreed weekdays; the national holidays and the patron saint skipped; the
// suspensions; the ISO weeks; for a programme with a term (the messa alla
// prova) the term; the parts of the plan that break the limits; the
// practical deadlines (INAIL, the Torino form). It also writes a plan as
// an iCalendar file and as an attendance register.
//
// It knows neither the rules engine nor the facade lpu: the caller reads
// the limits, their sources, the patron saints and the practical terms
// from the rules and passes them as plain values; the answer is plain
// values too. Input is expected checked (see Richiesta).
package piano

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lpu-it/lpu/calc"
)

// MaxAnni is the longest plan computed: beyond it Calcola answers
// *TroppoLungo.
const MaxAnni = 20

// Fonti are the sources the calendar's steps and caveats cite, as the
// rules give them.
type Fonti struct {
	Accordo        string // the agreed days and hours
	AvvioProva     string // the start of a messa alla prova after the signing
	Termine        string // the term of a messa alla prova
	CoperturaInail string // no session before the INAIL cover
	OreResidue     string // the INAIL request of a plan of the hours left (OreSvolte)
	InailFestivo   string // the INAIL deadline on a Sunday or holiday stays
	Festivita      string // the national holidays
	Domenica       string // Sunday is a holiday
	Sospensioni    string // the suspensions of the request
	Settimane      string // the weeks, Monday to Sunday
	// SospensioniPassateProva: the suspensions over before the hours
	// left of a messa alla prova do not move its term.
	SospensioniPassateProva string
	// SospensioniProva: the suspensions before the term of a messa alla
	// prova do not move it, and the hours not served are recovered
	// within it.
	SospensioniProva string
}

// Passo is a step of the explanation.
type Passo struct {
	Regola, Fonte, Testo string
}

// Sessione is one day of work; Data is AAAA-MM-GG, Giorno the weekday's
// key (lun … dom).
type Sessione struct {
	Data   string
	Ore    int
	Giorno string
}

// GiornoSaltato is an agreed weekday without a session, and why; Tipo is
// nazionale, patronale or sospensione.
type GiornoSaltato struct {
	Data, Giorno, Motivo, Tipo, Fonte string
}

// Violazione is a part of the plan that breaks a limit (Limite: one of
// ore_giornaliere_max, ore_settimanali_max, ore_settimanali_min,
// durata_mesi_max, termine), with the field of the request concerned.
type Violazione struct {
	Limite, Campo       string
	Valore, Ore, Numero int
	Dal, Al             string
	Testo, Fonte        string
}

// Limiti are the limits of the fattispecie at the date; nil is no limit.
type Limiti struct {
	OreSettimanaliMin, OreSettimanaliMax, OreGiornaliereMax, DurataMesiMax *int
}

// Periodo is a suspension, both ends included.
type Periodo struct {
	Dal, Al time.Time
	Motivo  string
}

// Termine is a number of days or months the practice uses, with its
// source.
type Termine struct {
	Valore int
	Fonte  string
}

// Scadenze are the practical terms of the calendar.
type Scadenze struct {
	InailAnticipoGiorni Termine // ask INAIL at least this many days before the first session
	TorinoInizioMesi    Termine // Torino form: start within … months of the decree becoming enforceable
	TorinoFineMesi      Termine // … and finish within
}

// Richiesta is a checked request: Ore > 0, at least one weekday with
// hours, Sospensioni sorted and apart, Prova with DurataMesi > 0.
type Richiesta struct {
	// Titolo and Fonte name the rules of the fattispecie, as the first
	// step cites them.
	Titolo, Fonte string
	// Prova is a messa alla prova: the work starts the day after Inizio
	// (the signing of the verbale) and ends at a term, DurataMesi after
	// the signing. With OreSvolte the work has started: Inizio is the
	// first possible day of the hours left, and Verbale, the signing, is
	// given apart (zero: unknown, and the term is not computed); without
	// OreSvolte Verbale is not read.
	Prova      bool
	DurataMesi int
	Verbale    time.Time
	// Data is the date of the limits; DataIndicata says whether the request
	// gave it (otherwise it is Inizio), DataOggi whether that is today's
	// (as the calculator gives the case's date when none was typed).
	Data         time.Time
	DataIndicata bool
	DataOggi     bool
	Ore          int
	// OreSvolte, when more than zero, are the hours served before the
	// plan, whose Ore are those left: the work has started, and the
	// INAIL request was due before its first day; the plan's deadline is
	// only that of another host entity taking over the hours left.
	OreSvolte   int
	Inizio      time.Time
	OreGiorno   [7]int // by time.Weekday
	Sospensioni []Periodo
	// SospensioniPassate, with OreSvolte, are the suspensions the request
	// gives that ended before Inizio (a judge's whole list, copied): over
	// with the hours served, they take no session of the hours left and
	// do not move the term of a messa alla prova; a caveat names them.
	SospensioniPassate []Periodo
	// CoperturaInailDal, when not zero, is the day the INAIL cover starts:
	// no session before it.
	CoperturaInailDal time.Time
	// DataEsecutivita, when not zero, is the day the decree became
	// enforceable: the Torino form's terms run from it.
	DataEsecutivita time.Time
	// Patroni are the feasts of the comune where the work is done.
	Patroni []calc.Patrono
	Limiti  Limiti
	// FontiLimiti are the sources of the limits, by the limit's name;
	// Fonte stands for a limit without one.
	FontiLimiti map[string]string
	// Fonti are the sources of the calendar's own steps.
	Fonti Fonti
	// PassiLimiti explain the limits; they follow the first step.
	PassiLimiti []Passo
	Scadenze    Scadenze
	// EtichettaCopertura is the label of the field that gives the day the
	// cover starts, as a lawyer reads it; EtichettaVerbale, that of the
	// field that gives Verbale; EtichettaInizio, Inizio's; EtichettaDurata,
	// DurataMesi's.
	EtichettaCopertura, EtichettaVerbale, EtichettaInizio, EtichettaDurata string
	// Avvertenze are caveats found before the plan; they come first.
	Avvertenze []string
	// Spiega asks for the steps.
	Spiega bool
	// Testi are the sentences of the steps and caveats (every name of
	// Segnaposto), from the calendar rules.
	Testi Testi
}

// Piano is the calendar of the work. Dates are AAAA-MM-GG.
type Piano struct {
	OreSettimanali            int
	PrimoGiorno, UltimoGiorno string
	Termine                   string // Prova only: Verbale + DurataMesi
	Settimane                 int    // ISO weeks from the first to the last session
	Sessioni                  []Sessione
	FestivitaSaltate          []GiornoSaltato
	GiorniSospesi             []GiornoSaltato
	Violazioni                []Violazione
	RichiestaInailEntro       string // empty with OreSvolte or CoperturaInailDal
	// RichiestaInailNuovoEnteEntro is, with OreSvolte, the last day for
	// another host entity that takes over the hours left to ask INAIL.
	RichiestaInailNuovoEnteEntro string
	// AvvertenzaInailFestivo is the caveat (also in Avvertenze) when the
	// day to ask INAIL is a Sunday or a national holiday: the calendar
	// file's event of that day repeats it.
	AvvertenzaInailFestivo string
	InizioEntro, FineEntro string // with DataEsecutivita
	Passi                  []Passo
	Avvertenze             []string
}

// TroppoLungo is the answer to a plan that would last more than MaxAnni.
type TroppoLungo struct {
	OreSettimanali, Ore int
	Oltre               time.Time // the last day computed
}

func (e *TroppoLungo) Error() string {
	return fmt.Sprintf("con %s a settimana %s oltre %d anni (fino a dopo il %s): aumentare le ore settimanali o ridurre le sospensioni",
		calc.Plurale(e.OreSettimanali, "%d ora", "%d ore"), calc.Plurale(e.Ore, "l'unica ora durerebbe", "le %d ore durerebbero"),
		MaxAnni, calc.FormatDataItaliana(e.Oltre))
}

// Calcola computes the plan of r; the slices of the answer are never nil.
// A plan longer than MaxAnni is a *TroppoLungo; a request without hours
// to plan, an error (the caller checks the request first).
func Calcola(r *Richiesta) (*Piano, error) {
	if r == nil || r.Ore <= 0 {
		return nil, errors.New("piano: nessuna ora da pianificare")
	}
	res := &Piano{Sessioni: []Sessione{}, FestivitaSaltate: []GiornoSaltato{}, GiorniSospesi: []GiornoSaltato{}, Violazioni: []Violazione{}}
	for _, h := range r.OreGiorno {
		res.OreSettimanali += h
	}
	p := &pianificatore{in: r, res: res, avvertenze: append([]string(nil), r.Avvertenze...)}
	limiti := "limiti_giorno_inizio"
	switch {
	case r.DataIndicata && r.DataOggi:
		limiti = "limiti_oggi"
	case r.DataIndicata:
		limiti = "limiti_data_indicata"
	}
	p.passo("limiti", r.Fonte, limiti, "titolo", r.Titolo, "data", calc.FormatDataItaliana(r.Data))
	if r.Spiega {
		p.passi = append(p.passi, r.PassiLimiti...)
	}
	p.patrono()
	if err := p.sessioni(); err != nil {
		return nil, err
	}
	p.settimane()
	p.termine()
	p.sospensioniPassate()
	p.sospensioniPrimaDelVerbale()
	p.controlli()
	p.scadenze()
	res.Passi = p.passi
	if res.Passi == nil {
		res.Passi = []Passo{}
	}
	res.Avvertenze = p.avvertenze
	if res.Avvertenze == nil {
		res.Avvertenze = []string{}
	}
	return res, nil
}

// pianificatore builds one plan.
type pianificatore struct {
	in         *Richiesta
	res        *Piano
	cal        calc.Calendario
	passi      []Passo
	avvertenze []string
	date       []time.Time // of the sessions
}

// passo adds a step of the rule piano.<regola> whose text is the
// sentence passi.<testo> of the calendar rules, with the values of its
// placeholders (pairs: name, value).
func (p *pianificatore) passo(regola, fonte, testo string, valori ...any) {
	if p.in.Spiega {
		p.passi = append(p.passi, Passo{Regola: "piano." + regola, Fonte: fonte, Testo: p.scrivi("passi."+testo, valori...)})
	}
}

// avverti adds a caveat: the sentence avvertenze.<testo>, then its source.
func (p *pianificatore) avverti(fonte, testo string, valori ...any) {
	p.avvertiTesto(fonte, p.scrivi("avvertenze."+testo, valori...))
}

func (p *pianificatore) avvertiTesto(fonte, testo string) {
	p.avvertenze = append(p.avvertenze, testo+" ("+fonte+")")
}

// scrivi writes the sentence nome of the calendar rules (every name of
// Segnaposto is there: the caller checked the rules).
func (p *pianificatore) scrivi(nome string, valori ...any) string {
	return p.in.Testi[nome].Scrivi(valori...)
}

func (p *pianificatore) patrono() {
	p.cal.Patroni = p.in.Patroni
	for _, x := range p.in.Patroni {
		quando := fmt.Sprintf("%d %s", x.Giorno, mesi[x.Mese])
		if x.Settimana != 0 {
			n := map[int]string{1: "primo", 2: "secondo", 3: "terzo", 4: "quarto", -1: "ultimo"}[x.Settimana]
			quando = fmt.Sprintf("%s %s di %s", n, calc.NomeGiorno(x.GiornoSettimana), mesi[x.Mese])
		}
		p.passo("patrono", x.Fonte, "patrono", "comune", x.Comune, "santo", x.Santo, "quando", quando)
		if x.Nota != "" {
			p.avvertiTesto(x.Fonte, x.Nota)
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
	inizio := in.Inizio
	da := inizio
	// (the start after the signing is that of the programme; the hours
	// left of one already started go from their first possible day)
	avvio := in.Prova && in.OreSvolte == 0
	if avvio {
		da = calc.AggiungiGiorni(inizio, 1)
	}
	if !in.CoperturaInailDal.IsZero() && in.CoperturaInailDal.After(da) {
		da = in.CoperturaInailDal
	}
	p.passo("giorni", p.in.Fonti.Accordo, "giorni", "giorni", descriviGiorni(in.OreGiorno), "ore_settimanali", res.OreSettimanali)
	limite := calc.AggiungiMesi(da, 12*MaxAnni)
	resto := in.Ore
	s := 0 // next suspension
	domeniche := 0
	for d := da; resto > 0; d = calc.AggiungiGiorni(d, 1) {
		if d.After(limite) {
			return &TroppoLungo{OreSettimanali: res.OreSettimanali, Ore: in.Ore, Oltre: limite}
		}
		h := in.OreGiorno[d.Weekday()]
		if h == 0 {
			continue
		}
		for s < len(in.Sospensioni) && in.Sospensioni[s].Al.Before(d) {
			s++
		}
		g := GiornoSaltato{Data: calc.FormatData(d), Giorno: calc.ChiaveGiorno(d.Weekday())}
		if s < len(in.Sospensioni) && !in.Sospensioni[s].Dal.After(d) {
			g.Tipo, g.Motivo = "sospensione", "sospensione"
			if m := strings.TrimSpace(in.Sospensioni[s].Motivo); m != "" {
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
	if avvio {
		p.passo("inizio", p.in.Fonti.AvvioProva, "inizio_prova", "giorno_verbale", calc.NomeGiorno(inizio.Weekday()), "verbale", calc.FormatDataItaliana(inizio),
			"giorno_primo", calc.NomeGiorno(primo.Weekday()), "primo", calc.FormatDataItaliana(primo))
	} else {
		p.passo("inizio", p.in.Fonti.Accordo, "inizio", "giorno_inizio", calc.NomeGiorno(inizio.Weekday()), "inizio", calc.FormatDataItaliana(inizio),
			"giorno_primo", calc.NomeGiorno(primo.Weekday()), "primo", calc.FormatDataItaliana(primo))
	}
	if !in.CoperturaInailDal.IsZero() {
		p.passo("copertura", p.in.Fonti.CoperturaInail, "copertura", "dal", calc.FormatDataItaliana(in.CoperturaInailDal))
	}
	ultima := res.Sessioni[len(res.Sessioni)-1].Ore
	testoSessioni := "sessioni"
	if ultima != in.OreGiorno[ultimo.Weekday()] {
		testoSessioni = "sessioni_ultima_ridotta"
	}
	p.passo("sessioni", p.in.Fonti.Accordo, testoSessioni, "ore", in.Ore, "sessioni", len(res.Sessioni), "primo", calc.FormatDataItaliana(primo),
		"ultimo", calc.FormatDataItaliana(ultimo), "ore_ultima", ultima)
	fonte := p.in.Fonti.Festivita
	nomeCal := p.scrivi("passi.calendario")
	if len(in.Patroni) > 0 {
		fonte += "; " + in.Patroni[0].Fonte
		nomeCal = p.scrivi("passi.calendario_patrono", "comune", in.Patroni[0].Comune)
	}
	if n := len(res.FestivitaSaltate); n > 0 {
		var elenco []string
		for _, f := range res.FestivitaSaltate {
			elenco = append(elenco, f.Motivo+" "+calc.FormatDataItaliana(mustData(f.Data)))
		}
		p.passo("festivita", fonte, "festivita", "calendario", nomeCal, "saltati", calc.Plurale(n, "giorno concordato saltato", "giorni concordati saltati"), "elenco", strings.Join(elenco, "; "))
	} else {
		p.passo("festivita", fonte, "festivita_nessuna", "calendario", nomeCal)
	}
	if len(in.Sospensioni) > 0 {
		var elenco []string
		for _, s := range in.Sospensioni {
			elenco = append(elenco, descriviPeriodo(s))
		}
		p.passo("sospensioni", p.in.Fonti.Sospensioni, "sospensioni", "elenco", strings.Join(elenco, ", "), "giorni", calc.Plurale(len(res.GiorniSospesi), "giorno concordato senza sessione", "giorni concordati senza sessione"))
	}
	if domeniche > 0 {
		p.avverti(p.in.Fonti.Domenica, "domenica", "sessioni", domeniche)
	}
	return nil
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
	p.passo("settimane", p.in.Fonti.Settimane, "settimane", "settimane", p.res.Settimane, "lunedi", calc.FormatDataItaliana(l1), "domenica", calc.FormatDataItaliana(calc.AggiungiGiorni(l2, 6)))
}

func (p *pianificatore) termine() {
	if !p.in.Prova {
		return
	}
	in, res := p.in, p.res
	lim := in.Limiti
	verbale := in.Inizio
	if in.OreSvolte > 0 {
		verbale = in.Verbale
	}
	if verbale.IsZero() {
		p.senzaVerbale()
		return
	}
	t := calc.AggiungiMesi(verbale, in.DurataMesi)
	res.Termine = calc.FormatData(t)
	if l := lim.DurataMesiMax; l != nil && in.DurataMesi > *l {
		p.passo("termine", p.in.Fonti.Termine, "termine_oltre_massimo", "verbale", calc.FormatDataItaliana(verbale), "mesi", in.DurataMesi, "fine", calc.FormatDataItaliana(t),
			"mesi_max", *l, "termine_legale", calc.FormatDataItaliana(calc.AggiungiMesi(verbale, *l)))
	} else {
		p.passo("termine", p.in.Fonti.Termine, "termine", "verbale", calc.FormatDataItaliana(verbale), "mesi", in.DurataMesi, "termine", calc.FormatDataItaliana(t))
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
	if l := lim.DurataMesiMax; l != nil && in.DurataMesi > *l {
		legale = calc.AggiungiMesi(verbale, *l)
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
		testo := p.scrivi("violazioni.durata_mesi_max", "mesi", in.DurataMesi, "mesi_max", *l, "termine_legale", calc.FormatDataItaliana(legale))
		if n > 0 {
			testo = p.scrivi("violazioni.durata_mesi_max_sessioni", "mesi", in.DurataMesi, "mesi_max", *l, "termine_legale", calc.FormatDataItaliana(legale),
				"sessioni", calc.Plurale(n, "1 sessione", "%d sessioni"), "ore", calc.Plurale(ore, "1 ora", "%d ore"))
		}
		res.Violazioni = append(res.Violazioni, Violazione{Limite: "durata_mesi_max", Campo: "durata_mesi", Valore: *l, Ore: ore, Numero: n, Dal: a, Al: b,
			Testo: testo, Fonte: p.fonte("durata_mesi_max")})
	}
	if len(oltre) > 0 {
		a, b := res.Sessioni[oltre[0]].Data, res.Sessioni[oltre[len(oltre)-1]].Data
		// Beyond the law's term the requested end is no term at all: the
		// text says so, and never calls it the term of the prova.
		testo, fonte := "violazioni.termine", p.in.Fonti.Termine
		sospesi, oreSospese, elenco := p.sospesiEntro(t)
		switch {
		case !t.After(in.Inizio):
			// (the hours left of a programme whose term was over before
			// their first possible day: no weekly hours can fit them)
			testo = "violazioni.termine_scaduto"
		case legale.Before(t):
			testo = "violazioni.termine_oltre_massimo"
		case sospesi > 0 && len(oltre) == len(p.date):
			// (suspensions took agreed days before the term, and no
			// session is left before it: the advice is the judge's)
			testo, fonte = "violazioni.termine_sospensioni_nessun_giorno", p.in.Fonti.SospensioniProva
		case sospesi > 0:
			// (the suspensions are part of the cause, and do not move
			// the term: the text says so, with their days)
			testo, fonte = "violazioni.termine_sospensioni", p.in.Fonti.SospensioniProva
		}
		res.Violazioni = append(res.Violazioni, Violazione{Limite: "termine", Campo: "durata_mesi", Ore: ore, Numero: len(oltre), Dal: a, Al: b,
			Testo: p.scrivi(testo, "sessioni", len(oltre), "ore", calc.Plurale(ore, "1 ora", "%d ore"), "termine", calc.FormatDataItaliana(t), "termine_legale", calc.FormatDataItaliana(legale),
				"ore_settimanali", calc.Plurale(res.OreSettimanali, "1 ora settimanale", "%d ore settimanali"),
				"ore_totali", calc.Plurale(in.Ore, "1 ora", "%d ore"), "mesi", calc.Plurale(in.DurataMesi, "1 mese", "%d mesi"),
				"inizio", calc.FormatDataItaliana(in.Inizio),
				"elenco", elenco, "giorni_sospesi", sospesi,
				"ore_sospese", calc.Plurale(oreSospese, "1 ora", "%d ore"), "campo_durata", in.EtichettaDurata),
			Fonte: fonte})
		return
	}
	if legale.Before(t) {
		// The requested term is beyond the law's: the recoveries are
		// counted to the lawful one, and the caveat does not call the
		// other a term.
		liberi := p.giorniUtili(legale)
		p.avverti(p.fonte("durata_mesi_max"), "recuperi_termine_legale", "termine_legale", calc.FormatDataItaliana(legale), "mesi", in.DurataMesi,
			"ultima", calc.FormatDataItaliana(p.date[len(p.date)-1]), "giorni_utili", calc.Plurale(liberi, "resta 1 giorno concordato utile", "restano %d giorni concordati utili"))
		return
	}
	liberi := p.giorniUtili(t)
	p.avverti(p.in.Fonti.Termine, "recuperi", "termine", calc.FormatDataItaliana(t), "ultima", calc.FormatDataItaliana(p.date[len(p.date)-1]),
		"giorni_utili", calc.Plurale(liberi, "resta 1 giorno concordato utile", "restano %d giorni concordati utili"))
}

// sospesiEntro are the agreed days the suspensions take up to the term
// t, their hours and the suspensions that take them, as a list.
func (p *pianificatore) sospesiEntro(t time.Time) (giorni, ore int, elenco string) {
	for _, g := range p.res.GiorniSospesi {
		if d := mustData(g.Data); !d.After(t) {
			giorni++
			ore += p.in.OreGiorno[d.Weekday()]
		}
	}
	var periodi []string
	for _, s := range p.in.Sospensioni {
		if !s.Dal.After(t) {
			periodi = append(periodi, descriviPeriodo(s))
		}
	}
	return giorni, ore, strings.Join(periodi, ", ")
}

// sospensioniPassate tells the suspensions over before the first
// possible day of the hours left (SospensioniPassate): accepted, for a
// request may copy the judge's whole list, but not counted. For a messa
// alla prova the caveat says too that they do not move the term, which
// runs from the signing for the months the judge fixed (art. 464-quater
// c.6 c.p.p.): a prova extended for them is a new duration by the judge's
// order (art. 464-quinquies c.3), to be given as such.
func (p *pianificatore) sospensioniPassate() {
	in := p.in
	if len(in.SospensioniPassate) == 0 {
		return
	}
	elenco := make([]string, len(in.SospensioniPassate))
	for i, s := range in.SospensioniPassate {
		elenco[i] = descriviPeriodo(s)
	}
	valori := []any{"elenco", strings.Join(elenco, ", "), "inizio", calc.FormatDataItaliana(in.Inizio), "campo", in.EtichettaInizio}
	if in.Prova {
		p.avverti(in.Fonti.SospensioniPassateProva, "sospensioni_passate_prova", append(valori, "campo_durata", in.EtichettaDurata)...)
		return
	}
	p.avverti(in.Fonti.Sospensioni, "sospensioni_passate", valori...)
}

// sospensioniPrimaDelVerbale tells the suspensions of a messa alla
// prova that begin before the signing of the verbale and end on or after
// it (one over before it is refused): accepted, for a period in which
// the person cannot work may have begun before, but counted from the
// signing only, when the prova begins (art. 464-quater c.6 c.p.p.: its
// terms run from the signing); the days before move no session, and the
// caveat says so. For the whole work the signing is Inizio; for the hours
// left (OreSvolte) it is Verbale, when given, and the suspensions are
// those over before Inizio too: the days before the signing concern
// neither the hours served nor those left.
func (p *pianificatore) sospensioniPrimaDelVerbale() {
	in := p.in
	if !in.Prova {
		return
	}
	verbale, campo, testo := in.Inizio, in.EtichettaInizio, "sospensioni_prima_del_verbale"
	if in.OreSvolte > 0 {
		if in.Verbale.IsZero() {
			return
		}
		verbale, campo, testo = in.Verbale, in.EtichettaVerbale, "sospensioni_prima_del_verbale_ore_residue"
	}
	var elenco []string
	for _, s := range slices.Concat(in.SospensioniPassate, in.Sospensioni) {
		if s.Dal.Before(verbale) {
			elenco = append(elenco, descriviPeriodo(s))
		}
	}
	if len(elenco) == 0 {
		return
	}
	p.avverti(in.Fonti.Termine, testo, "elenco", strings.Join(elenco, ", "),
		"verbale", calc.FormatDataItaliana(verbale), "campo", campo)
}

// descriviPeriodo is a suspension as the texts list it: «dal 01/05/2025
// al 31/05/2025 (malattia)».
func descriviPeriodo(s Periodo) string {
	t := "dal " + calc.FormatDataItaliana(s.Dal) + " al " + calc.FormatDataItaliana(s.Al)
	if m := strings.TrimSpace(s.Motivo); m != "" {
		t += " (" + m + ")"
	}
	return t
}

// senzaVerbale is the term of the hours left of a programme whose
// signing the request does not give: the term runs from the signing, not
// from the first possible day of the hours left, and is not computed; a
// caveat says so (the rules' words), and a length beyond the law's
// maximum is a breach without its date.
func (p *pianificatore) senzaVerbale() {
	in := p.in
	p.avverti(in.Fonti.Termine, "termine_senza_verbale", "ore_svolte", in.OreSvolte, "mesi", in.DurataMesi,
		"inizio", calc.FormatDataItaliana(in.Inizio), "campo", in.EtichettaVerbale)
	if l := in.Limiti.DurataMesiMax; l != nil && in.DurataMesi > *l {
		p.res.Violazioni = append(p.res.Violazioni, Violazione{Limite: "durata_mesi_max", Campo: "durata_mesi", Valore: *l,
			Testo: p.scrivi("violazioni.durata_mesi_max_senza_verbale", "mesi", in.DurataMesi, "mesi_max", *l), Fonte: p.fonte("durata_mesi_max")})
	}
}

// giorniUtili counts the agreed working days after the last session up
// to fino, those left for recovering absences.
func (p *pianificatore) giorniUtili(fino time.Time) int {
	n := 0
	for d := calc.AggiungiGiorni(p.date[len(p.date)-1], 1); !d.After(fino); d = calc.AggiungiGiorni(d, 1) {
		if p.in.OreGiorno[d.Weekday()] == 0 || p.sospeso(d) {
			continue
		}
		if _, festa := p.cal.Festivita(d); !festa {
			n++
		}
	}
	return n
}

func (p *pianificatore) sospeso(d time.Time) bool {
	for _, s := range p.in.Sospensioni {
		if !d.Before(s.Dal) && !d.After(s.Al) {
			return true
		}
	}
	return false
}

// fonte is the source of a limit: its step's, or the rules'.
func (p *pianificatore) fonte(limite string) string {
	if f := p.in.FontiLimiti[limite]; f != "" {
		return f
	}
	return p.in.Fonte
}

// controlli checks the plan against the limits.
func (p *pianificatore) controlli() {
	in, res := p.in, p.res
	lim := in.Limiti
	if l := lim.OreGiornaliereMax; l != nil {
		over := 0
		for i := 1; i <= 7; i++ {
			w := time.Weekday(i % 7)
			if in.OreGiorno[w] <= *l {
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
			res.Violazioni = append(res.Violazioni, Violazione{Limite: "ore_giornaliere_max", Campo: "giorni_settimana." + calc.ChiaveGiorno(w), Valore: *l, Ore: in.OreGiorno[w], Numero: n, Dal: a, Al: b,
				Testo: p.scrivi("violazioni.ore_giornaliere_max", "ore", in.OreGiorno[w], "giorno", calc.NomeGiorno(w), "max", *l, "sessioni", n),
				Fonte: p.fonte("ore_giornaliere_max")})
		}
		if over == 0 {
			p.passo("limite_giornaliero", p.fonte("ore_giornaliere_max"), "limite_giornaliero", "max", *l)
		}
	}
	sett := p.settimaneISO()
	if l := lim.OreSettimanaliMax; l != nil {
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
				Testo: p.scrivi("violazioni.ore_settimanali_max", "settimane", n, "max", *l, "ore", top),
				Fonte: p.fonte("ore_settimanali_max")})
		} else {
			p.passo("limite_settimanale", p.fonte("ore_settimanali_max"), "limite_settimanale", "max", *l)
		}
	}
	if l := lim.OreSettimanaliMin; l != nil {
		if res.OreSettimanali < *l {
			a := calc.FormatData(p.date[0])
			b := calc.FormatData(p.date[len(p.date)-1])
			res.Violazioni = append(res.Violazioni, Violazione{Limite: "ore_settimanali_min", Campo: "giorni_settimana", Valore: *l, Ore: res.OreSettimanali, Numero: len(sett), Dal: a, Al: b,
				Testo: p.scrivi("violazioni.ore_settimanali_min", "ore_settimanali", res.OreSettimanali, "min", *l),
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
			p.passo("limite_settimanale_min", p.fonte("ore_settimanali_min"), "limite_settimanale_min", "ore_settimanali", res.OreSettimanali, "min", *l)
			if len(corte) > 0 {
				p.avverti(p.fonte("ore_settimanali_min"), "settimane_corte", "settimane", len(corte), "min", *l, "elenco", strings.Join(corte, ", "))
			}
		}
	}
}

// scadenze adds the practical deadlines: the INAIL request and the Torino
// form's terms.
func (p *pianificatore) scadenze() {
	in, res := p.in, p.res
	primo, ultimo := p.date[0], p.date[len(p.date)-1]
	g := in.Scadenze.InailAnticipoGiorni
	entro := calc.AggiungiGiorni(primo, -g.Valore)
	switch {
	case in.OreSvolte == 0 && !in.CoperturaInailDal.IsZero():
		// The day INAIL has communicated the cover active from: the
		// request was made and granted (the step copertura says so), and
		// the plan has no session before that day; no deadline to make
		// it, nor its caveats.
	case in.OreSvolte > 0:
		// The hours left of a work already started: the request was due
		// before its first day, which the plan does not know; the days
		// before the first session give the deadline of another host
		// entity only, and the texts say so.
		res.RichiestaInailNuovoEnteEntro = calc.FormatData(entro)
		valori := []any{"ore_svolte", in.OreSvolte, "giorni", g.Valore, "primo", calc.FormatDataItaliana(primo), "entro", calc.FormatDataItaliana(entro)}
		p.passo("inail", in.Fonti.OreResidue, "inail_ore_residue", valori...)
		p.avverti(in.Fonti.OreResidue, "inail_ore_residue", valori...)
	default:
		res.RichiestaInailEntro = calc.FormatData(entro)
		p.passo("inail", g.Fonte, "inail", "giorni", g.Valore, "primo", calc.FormatDataItaliana(primo), "entro", calc.FormatDataItaliana(entro))
		testoInail := "inail"
		if in.Prova && entro.Before(in.Inizio) {
			testoInail = "inail_prima_del_verbale"
		}
		p.avverti(g.Fonte, testoInail, "entro", calc.FormatDataItaliana(entro), "giorni", g.Valore, "primo", calc.FormatDataItaliana(primo),
			"verbale", calc.FormatDataItaliana(in.Inizio), "campo", in.EtichettaCopertura)
	}
	// A cover already active needs no request, so no caveat on its day;
	// the hours left of a work already started have the deadline of
	// another host entity only, and the caveat says so.
	coperto := in.OreSvolte == 0 && !in.CoperturaInailDal.IsZero()
	if calc.Festivo(entro) && !coperto {
		// The deadline stays on a Sunday or national holiday, as the
		// Fund's (fondo.richiesta_entro_festivo); the caveat says why.
		prima := calc.NonFestivoPrima(entro)
		testo := "inail_festivo"
		if in.OreSvolte > 0 {
			testo = "inail_festivo_nuovo_ente"
		}
		p.avverti(in.Fonti.InailFestivo, testo, "entro", calc.FormatDataItaliana(entro), "giorni", g.Valore,
			"non_festivo", calc.NomeGiorno(prima.Weekday())+" "+calc.FormatDataItaliana(prima))
		res.AvvertenzaInailFestivo = p.avvertenze[len(p.avvertenze)-1]
	}
	if in.DataEsecutivita.IsZero() {
		return
	}
	es := in.DataEsecutivita
	ti, tf := in.Scadenze.TorinoInizioMesi, in.Scadenze.TorinoFineMesi
	ie, fe := calc.AggiungiMesi(es, ti.Valore), calc.AggiungiMesi(es, tf.Valore)
	res.InizioEntro, res.FineEntro = calc.FormatData(ie), calc.FormatData(fe)
	p.passo("torino", ti.Fonte, "torino", "esecutivo", calc.FormatDataItaliana(es), "inizio_entro", calc.FormatDataItaliana(ie), "mesi_inizio", ti.Valore,
		"fine_entro", calc.FormatDataItaliana(fe), "mesi_fine", tf.Valore)
	if primo.After(ie) {
		p.avverti(ti.Fonte, "torino_inizio", "primo", calc.FormatDataItaliana(primo), "inizio_entro", calc.FormatDataItaliana(ie), "mesi", ti.Valore)
	}
	if ultimo.After(fe) {
		p.avverti(tf.Fonte, "torino_fine", "ultima", calc.FormatDataItaliana(ultimo), "fine_entro", calc.FormatDataItaliana(fe), "mesi", tf.Valore)
	}
}
