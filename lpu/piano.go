package lpu

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/piano"
)

// Bounds of a plan: beyond them the request is refused rather than
// computed.
const (
	maxOrePiano    = 100_000 // hours of work
	maxOreGiorno   = 24      // hours on one weekday
	maxMesiMAP     = 240     // durata_mesi
	maxSospensioni = 100
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
	// OreSvolte, when more than zero, are the hours already served: Ore
	// are those left, the work has started, and the INAIL cover was asked
	// for before its first day; the plan gives the deadline of another
	// host entity taking over the hours left, said as such
	// (RichiestaInailNuovoEnteEntro), not RichiestaInailEntro.
	OreSvolte int `json:"ore_svolte" lpu:"max=200000"`
	// Inizio is, for map, the day the verbale is signed; otherwise, and
	// for the hours left of a map (OreSvolte), the first day the person
	// may start (again).
	Inizio Data `json:"inizio"`
	// DataVerbale is, for the hours left of a map (OreSvolte), the day
	// the verbale was signed: the term runs from it (art. 464-quater c.6
	// c.p.p.), not from Inizio; without it the term is not computed.
	DataVerbale Data `json:"data_verbale"`
	// DurataMesi is, for map, the length of the programme set by the judge.
	DurataMesi int `json:"durata_mesi" lpu:"max=240"`
	// GiorniSettimana are the hours agreed for each weekday (lun … dom).
	// A key that is not a day is refused as such (giorno_sconosciuto),
	// whatever its value: Decode keeps it, an unreadable value as 0.
	GiorniSettimana map[string]int `json:"giorni_settimana" lpu:"max=24,chiavi=giorni"`
	// Comune is where the work is done: its patron saint's day is skipped.
	Comune string `json:"comune" lpu:"max=100"`
	// Sospensioni are periods without sessions; the sessions move after
	// them. With OreSvolte, those already over before Inizio (the judge's
	// whole list) are accepted and told in a caveat, not counted.
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

// UnmarshalJSON reads the request as Decode does (see Richiesta's).
func (r *RichiestaPiano) UnmarshalJSON(b []byte) error { return DecodeBytes(b, r) }

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
	Fattispecie string `json:"fattispecie"`
	Data        string `json:"data"`
	Ore         int    `json:"ore"`
	// OreSvolte are the request's hours already served, when more than
	// zero: Ore are those left, and the calendar file counts the whole
	// work.
	OreSvolte      int    `json:"ore_svolte,omitempty"`
	OreSettimanali int    `json:"ore_settimanali"`
	PrimoGiorno    string `json:"primo_giorno"`
	UltimoGiorno   string `json:"ultimo_giorno"`
	// Termine is, for map, the calendar end: signing + durata_mesi;
	// empty for the hours left (ore_svolte) without data_verbale.
	Termine string `json:"termine"`
	// Settimane counts the ISO weeks from the first to the last session.
	Settimane        int             `json:"settimane"`
	Sessioni         []Sessione      `json:"sessioni"`
	FestivitaSaltate []GiornoSaltato `json:"festivita_saltate"`
	GiorniSospesi    []GiornoSaltato `json:"giorni_sospesi"`
	Limiti           Limiti          `json:"limiti"`
	Violazioni       []Violazione    `json:"violazioni"`
	// RichiestaInailEntro is the last day to ask INAIL for the cover;
	// empty with ore_svolte (the work has started: the day was before its
	// first day, which the plan does not know) and with
	// copertura_inail_dal (INAIL has communicated the cover active: the
	// request was made).
	RichiestaInailEntro string `json:"richiesta_inail_entro"`
	// RichiestaInailNuovoEnteEntro is, with ore_svolte, the last day to
	// ask INAIL for the cover if another host entity takes over the hours
	// left.
	RichiestaInailNuovoEnteEntro string `json:"richiesta_inail_nuovo_ente_entro,omitempty"`
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
	prova       bool   // a messa alla prova's calendar
	// The wording of the calendar file's all-day events, from the rules
	// (rules/calendario.yaml): the INAIL deadline's is that of the hours
	// left when RichiestaInailNuovoEnteEntro is the day.
	eventoInail, eventoTermine piano.Evento
	// avvertenzaInail is the caveat of an INAIL deadline on a Sunday or
	// holiday, that its event repeats.
	avvertenzaInail string
}

func init() {
	gestori["piano"] = func(ctx context.Context, e *Engine, body []byte) (any, error) {
		var r RichiestaPiano
		if err := DecodeBytes(body, &r); err != nil {
			return nil, conControlli(err, func() error {
				cal, _ := e.datiC["calendario"].(*piano.Calendario)
				_, err := e.controllaPiano(&r, cal)
				return err
			})
		}
		return e.Piano(ctx, &r, daJSON)
	}
}

// pianoIn is a checked request.
type pianoIn struct {
	RichiestaPiano
	ore  [7]int // by time.Weekday
	sosp []Periodo
	// passate are, in a plan of the hours left, the suspensions that
	// ended before inizio, by date (not in sosp)
	passate   []Periodo
	oraInizio int
	prova     bool // a messa alla prova's calendar
}

func provaDi(c *piano.Calendario) []string {
	if c == nil {
		return nil
	}
	return c.Prova
}

// controllaPiano checks r; cal are the calendar rules (nil: none), which
// say whether the fattispecie's calendar is a messa alla prova's. Every
// problem is reported (one per field), in the order of the checks, so
// that the first is the one a client has always been answered with.
func (e *Engine) controllaPiano(r *RichiestaPiano, cal *piano.Calendario) (*pianoIn, error) {
	in := &pianoIn{RichiestaPiano: *r}
	var rc raccolta
	no := func(err *Error) { rc.aggiungi(err) }
	_, errF := e.fattispecieNota("piano", r.Fattispecie, "fattispecie")
	if errF != nil {
		rc.aggiungi(errF)
	}
	switch {
	case !r.Inizio.Indicata():
		// (no date format: the web form reads gg/mm/aaaa, the JSON
		// AAAA-MM-GG, and a date not given was written in neither)
		what := "il primo giorno in cui la persona può iniziare"
		if cal.MessaAllaProva(r.Fattispecie) && r.OreSvolte <= 0 {
			what = "per la messa alla prova, il giorno di sottoscrizione del verbale"
		}
		no(errInput(CodeCampoObbligatorio, "inizio", "indicare il «%s»: %s", e.etichettaCampo("piano", "inizio"), what))
	case r.Inizio.Year() < calc.PrimoAnnoFestivita:
		no(errInput(CodeFuoriIntervallo, "inizio", "il calendario delle festività è noto dal %d: data %s troppo lontana", calc.PrimoAnnoFestivita, calc.FormatDataItaliana(r.Inizio.Time)))
	}
	switch {
	case r.Ore <= 0:
		no(errInput(CodeCampoObbligatorio, "ore", "indicare le «%s» (più di zero)", e.etichettaCampo("piano", "ore")))
	case r.Ore > maxOrePiano:
		no(errInput(CodeFuoriIntervallo, "ore", "valore troppo grande (%d; al massimo %d)", r.Ore, maxOrePiano))
	}
	giorni := e.voc.campo("piano", "giorni_settimana").ValoriCitati()
	if giorni == "" {
		giorni = calc.ElencoGiorni()
	}
	in.controllaGiorni(giorni, no)
	if errF == nil {
		in.controllaDurata(cal, e.etichettaCampo("piano", "durata_mesi"), e.fattispecieCitate, no)
		in.controllaVerbale(cal, e.etichettaCampo("piano", "data_verbale"), e.etichettaCampo("piano", "inizio"), e.etichettaCampo("piano", "ore_svolte"), e.fattispecieCitate, no)
	}
	fonteVerbale := ""
	if cal != nil {
		fonteVerbale = cal.Fonti.SospensioniPassateProva
	}
	in.controllaSospensioni(e.etichettaCampo("piano", "inizio"), e.etichettaCampo("piano", "data_verbale"), fonteVerbale, no)
	in.controllaOra(no)
	if err := rc.err(); err != nil {
		return nil, err
	}
	if !in.Data.Indicata() {
		in.Data = in.Inizio
	}
	return in, nil
}

// controllaGiorni reads the hours of each day of the week into in.ore,
// telling no of each wrong day (giorni: the days a request may name, as
// the message lists them), or of a week without hours.
func (in *pianoIn) controllaGiorni(giorni string, no func(*Error)) {
	chiavi := slices.Sorted(maps.Keys(in.GiorniSettimana))
	totale, errori := 0, false
	for _, k := range chiavi {
		h := in.GiorniSettimana[k]
		w, ok := calc.GiornoSettimana(k)
		campo := "giorni_settimana." + citaTesto(k)
		switch {
		case !ok:
			no(errInput(CodeGiornoSconosciuto, campo, "giorno «%s» sconosciuto: uno di %s", citaTesto(k), giorni))
		case h < 0:
			no(errInput(CodeFuoriIntervallo, campo, "il valore non può essere negativo (%d)", h))
		case h > maxOreGiorno:
			no(errInput(CodeFuoriIntervallo, campo, "un giorno ha %d ore: %d non è possibile", maxOreGiorno, h))
		default:
			in.ore[w] = h
			totale += h
			continue
		}
		errori = true
	}
	if totale == 0 && !errori {
		no(errInput(CodeCampoObbligatorio, "giorni_settimana", "indicare le ore concordate per almeno un giorno della settimana, es. {\"gio\": 4}"))
	}
}

// controllaDurata checks the months of a messa alla prova, which only
// its calendar takes; etichetta is the field's label, which the message
// quotes (the field's path is in the error's campo), and cita names
// fattispecie by their titles.
func (in *pianoIn) controllaDurata(cal *piano.Calendario, etichetta string, cita func([]string) string, no func(*Error)) {
	if !cal.MessaAllaProva(in.Fattispecie) {
		if in.DurataMesi != 0 {
			no(errInput(CodeCampoNonPertinente, "durata_mesi", "«%s» vale solo per la messa alla prova (%s); per %s il calendario finisce quando le ore sono svolte",
				etichetta, cita(provaDi(cal)), cita([]string{in.Fattispecie})))
		}
		return
	}
	in.prova = true
	switch {
	case in.DurataMesi <= 0:
		no(errInput(CodeCampoObbligatorio, "durata_mesi", "indicare la «%s» della messa alla prova, come disposta dal giudice", etichetta))
	case in.DurataMesi > maxMesiMAP:
		no(errInput(CodeFuoriIntervallo, "durata_mesi", "valore troppo grande (%d; al massimo %d)", in.DurataMesi, maxMesiMAP))
	}
}

// controllaVerbale checks the signing of the verbale, which only the
// calendar of the hours left of a messa alla prova takes: for the whole
// work the signing is inizio. It comes before inizio (the hours served
// were after it). The labels are the fields', as the messages quote them.
func (in *pianoIn) controllaVerbale(cal *piano.Calendario, etichetta, etichettaInizio, etichettaSvolte string, cita func([]string) string, no func(*Error)) {
	if !in.DataVerbale.Indicata() {
		return
	}
	switch {
	case !cal.MessaAllaProva(in.Fattispecie):
		no(errInput(CodeCampoNonPertinente, "data_verbale", "«%s» vale solo per la messa alla prova (%s), non per %s",
			etichetta, cita(provaDi(cal)), cita([]string{in.Fattispecie})))
	case in.OreSvolte <= 0:
		no(errInput(CodeCampoNonPertinente, "data_verbale", "«%s» vale solo per il calendario delle sole ore ancora da svolgere («%s»); per l'intero lavoro la sottoscrizione del verbale è il «%s»",
			etichetta, etichettaSvolte, etichettaInizio))
	case in.Inizio.Indicata() && !in.DataVerbale.Before(in.Inizio.Time):
		no(errInput(CodePeriodoInvertito, "data_verbale", "la sottoscrizione del verbale (%s) non è prima del «%s» (%s): le ore già svolte seguono la sottoscrizione",
			calc.FormatDataItaliana(in.DataVerbale.Time), etichettaInizio, calc.FormatDataItaliana(in.Inizio.Time)))
	}
}

// controllaSospensioni checks each period of suspension and, when each
// is a period, that none is certainly meaningless (etichettaInizio and
// etichettaVerbale are the labels of inizio and data_verbale, which the
// messages quote) and none overlaps another; in.sosp gets them by date,
// but those in.passate gets.
//
// For the whole work, a period that ends before inizio is refused: no
// session can fall in it, whatever the calendar (the sessions begin on
// inizio at the earliest: the day after it for a messa alla prova, later
// if the INAIL cover is), so it is a mistake of its dates. One that
// begins before inizio and ends on or after it suspends its days from
// inizio (for a messa alla prova, whose inizio is the signing, the plan
// says in a caveat that the days before do not count).
//
// For the hours left (ore_svolte), one that ends before inizio is
// accepted, in in.passate: the work has started, and the request may
// copy the judge's whole list, periods already over included; it takes
// no session and the plan says so. It does not move the term of a
// messa alla prova either: the term runs from the signing for the
// months the judge fixed (art. 464-quater c.6 c.p.p.), and no suspension
// of the request moves it. One that ends before the signing of a messa
// alla prova (data_verbale) is refused: the prova had not begun; the
// refusal cites fonteVerbale, the calendar's source of the term that
// runs from the signing (fonti.sospensioni_passate_prova). One that
// begins before the signing and ends on or after it is accepted, as in
// a plan of the whole work: a period in which the person cannot work may
// begin before the prova, and the plan says in a caveat that it counts
// from the signing only.
//
// No period is refused for coming after the end: the end moves with the
// suspensions before it, and one after the last session still counts,
// for a messa alla prova, among the days left to recover absences
// before the term.
func (in *pianoIn) controllaSospensioni(etichettaInizio, etichettaVerbale, fonteVerbale string, no func(*Error)) {
	ss := in.Sospensioni
	if fonteVerbale != "" {
		fonteVerbale = " (" + fonteVerbale + ")"
	}
	if len(ss) > maxSospensioni {
		no(errSenzaNome(CodeFuoriIntervallo, "sospensioni", "lista troppo lunga (al massimo %d elementi)", maxSospensioni))
		return
	}
	idx := make([]int, len(ss))
	valide := true
	for i, s := range ss {
		idx[i] = i
		campo := fmt.Sprintf("sospensioni[%d]", i)
		switch {
		case !s.Dal.Indicata():
			no(errSenzaNome(CodeCampoObbligatorio, campo+".dal", "indicare il primo giorno della sospensione"))
		case !s.Al.Indicata():
			no(errSenzaNome(CodeCampoObbligatorio, campo+".al", "indicare l'ultimo giorno della sospensione"))
		case s.Al.Before(s.Dal.Time):
			no(errSenzaNome(CodePeriodoInvertito, campo+".al", "la sospensione finisce (%s) prima di cominciare (%s)", calc.FormatDataItaliana(s.Al.Time), calc.FormatDataItaliana(s.Dal.Time)))
		case in.OreSvolte <= 0 && in.Inizio.Indicata() && s.Al.Before(in.Inizio.Time):
			no(errSenzaNome(CodeFuoriIntervallo, campo+".al", "la sospensione dal %s al %s finisce prima del «%s» (%s): nessuna sessione può cadervi; correggerne le date o toglierla",
				calc.FormatDataItaliana(s.Dal.Time), calc.FormatDataItaliana(s.Al.Time), etichettaInizio, calc.FormatDataItaliana(in.Inizio.Time)))
		case in.prova && in.OreSvolte > 0 && in.DataVerbale.Indicata() && s.Al.Before(in.DataVerbale.Time):
			no(errSenzaNome(CodeFuoriIntervallo, campo+".al", "la sospensione dal %s al %s finisce prima della «%s» (%s): la prova non era iniziata, nessuna sessione può cadervi e il termine decorre da quella sottoscrizione; correggerne le date o toglierla%s",
				calc.FormatDataItaliana(s.Dal.Time), calc.FormatDataItaliana(s.Al.Time), etichettaVerbale, calc.FormatDataItaliana(in.DataVerbale.Time), fonteVerbale))
		default:
			continue
		}
		valide = false
	}
	if !valide {
		return
	}
	sort.SliceStable(idx, func(a, b int) bool { return ss[idx[a]].Dal.Before(ss[idx[b]].Dal.Time) })
	for j, i := range idx {
		s := ss[i]
		if j > 0 {
			p := ss[idx[j-1]]
			if !s.Dal.After(p.Al.Time) {
				no(errSenzaNome(CodePeriodiSovrapposti, fmt.Sprintf("sospensioni[%d]", i), "la sospensione dal %s si sovrappone a quella dal %s al %s: unirle in un solo periodo",
					calc.FormatDataItaliana(s.Dal.Time), calc.FormatDataItaliana(p.Dal.Time), calc.FormatDataItaliana(p.Al.Time)))
				return
			}
		}
		if in.OreSvolte > 0 && in.Inizio.Indicata() && s.Al.Before(in.Inizio.Time) {
			in.passate = append(in.passate, s)
			continue
		}
		in.sosp = append(in.sosp, s)
	}
}

// controllaOra reads the time the sessions start (09:00 when not given)
// and checks that no day's hours end after midnight.
func (in *pianoIn) controllaOra(no func(*Error)) {
	in.oraInizio = 9 * 60
	if in.OraInizio != "" {
		hh, mm, ok := strings.Cut(in.OraInizio, ":")
		h, err1 := strconv.Atoi(hh)
		m, err2 := strconv.Atoi(mm)
		if !ok || len(hh) != 2 || len(mm) != 2 || err1 != nil || err2 != nil || h > 23 || m > 59 || h < 0 || m < 0 {
			no(errInput(CodeOrarioNonValido, "ora_inizio", "orario non valido: «%s» (formato HH:MM, es. 09:00)", in.OraInizio))
			return
		}
		in.oraInizio = h*60 + m
	}
	for w, h := range in.ore {
		if h > 0 && in.oraInizio+h*60 > 24*60 {
			no(errInput(CodeOrarioNonValido, "ora_inizio", "iniziando alle %s, le %d ore di %s finirebbero dopo la mezzanotte", oraTesto(in.oraInizio), h, calc.NomeGiorno(time.Weekday(w))))
			return
		}
	}
}

func oraTesto(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

// Piano computes the calendar of the work: every session date by date from
// the first possible day, skipping the national holidays, the patron
// saint of the comune and the suspensions; the last day; for map the term;
// and the parts of the plan that break the limits the rules give for the
// fattispecie at the date (weekly limits are checked on ISO weeks, Monday
// to Sunday). Bad input gives an *Error; ctx as for Calcolo.
func (e *Engine) Piano(ctx context.Context, r *RichiestaPiano, opts ...Option) (_ *RisultatoPiano, err error) {
	defer func() { err = e.nomina("piano", err) }() // (every error, not only the request's: see nomina)
	if err := e.nonCaricato(); err != nil {
		return nil, err
	}
	var o opzioni
	if err := o.avvia(ctx, opts, r == nil); err != nil {
		return nil, err
	}
	cal, _ := e.datiC["calendario"].(*piano.Calendario)
	rc := *r
	r = &rc // (the caller's request is not written)
	if err := o.tipizzata(reflect.ValueOf(r).Elem()); err != nil {
		return nil, e.nomina("piano", conControlli(err, func() error { _, err := e.controllaPiano(r, cal); return err }))
	}
	in, err := e.controllaPiano(r, cal)
	if err != nil {
		return nil, e.nomina("piano", err)
	}
	if cal == nil {
		return nil, errCaso(CodeRegoleMancanti, "", "mancano i termini del calendario (rules/calendario.yaml)")
	}
	lim, passiLimiti, err := e.limiti(o.ctx, in.Fattispecie, in.Data.Time, in.Fatti)
	if err != nil {
		return nil, err
	}
	// The rules of the fattispecie, as the first step cites them: the
	// rule file's own title and source.
	regole := e.calcolo[in.Fattispecie].File()
	rp := &piano.Richiesta{
		Titolo: regole.Titolo, Fonte: regole.Fonte,
		Prova: in.prova, DurataMesi: in.DurataMesi, Fonti: cal.Fonti,
		Data: in.Data.Time, DataIndicata: r.Data.Indicata(), DataOggi: in.Data.Equal(o.oggiCivile(e)), Ore: in.Ore, OreSvolte: in.OreSvolte, Inizio: in.Inizio.Time, OreGiorno: in.ore,
		Limiti: piano.Limiti{OreSettimanaliMin: lim.OreSettimanaliMin.puntatore(), OreSettimanaliMax: lim.OreSettimanaliMax.puntatore(),
			OreGiornaliereMax: lim.OreGiornaliereMax.puntatore(), DurataMesiMax: lim.DurataMesiMax.puntatore()},
		FontiLimiti: e.fontiLimiti(in.Fattispecie, in.Data.Time),
		Scadenze: piano.Scadenze{InailAnticipoGiorni: cal.InailAnticipoGiorni,
			TorinoInizioMesi: cal.TorinoInizioMesi, TorinoFineMesi: cal.TorinoFineMesi},
		EtichettaCopertura: e.etichettaCampo("piano", "copertura_inail_dal"),
		EtichettaVerbale:   e.etichettaCampo("piano", "data_verbale"),
		EtichettaInizio:    e.etichettaCampo("piano", "inizio"),
		EtichettaDurata:    e.etichettaCampo("piano", "durata_mesi"),
		Testi:              cal.Testi,
		Spiega:             !o.senzaSpiegazione,
	}
	if in.CoperturaInailDal.Indicata() {
		rp.CoperturaInailDal = in.CoperturaInailDal.Time
	}
	// (the term of the hours left runs from the signing, given apart)
	if in.DataVerbale.Indicata() {
		rp.Verbale = in.DataVerbale.Time
	}
	if in.DataEsecutivita.Indicata() {
		rp.DataEsecutivita = in.DataEsecutivita.Time
	}
	for _, s := range in.sosp {
		rp.Sospensioni = append(rp.Sospensioni, piano.Periodo{Dal: s.Dal.Time, Al: s.Al.Time, Motivo: s.Motivo})
	}
	for _, s := range in.passate {
		rp.SospensioniPassate = append(rp.SospensioniPassate, piano.Periodo{Dal: s.Dal.Time, Al: s.Al.Time, Motivo: s.Motivo})
	}
	for _, p := range passiLimiti {
		rp.PassiLimiti = append(rp.PassiLimiti, piano.Passo(p))
	}
	if strings.TrimSpace(in.Comune) != "" {
		pt, _ := e.datiC["patroni"].(*piano.Patroni)
		ok := false
		if pt != nil {
			rp.Patroni, ok = pt.Cerca(in.Comune)
		}
		if !ok {
			rp.Avvertenze = append(rp.Avvertenze, cal.Testi["avvertenze.patrono_sconosciuto"].Scrivi("comune", in.Comune, "campo", e.etichettaCampo("piano", "sospensioni")))
		}
	}
	pp, err := piano.Calcola(rp)
	if tl, ok := err.(*piano.TroppoLungo); ok {
		return nil, errCaso(CodePianoTroppoLungo, "giorni_settimana", "%s", tl.Error())
	}
	if err != nil {
		return nil, err
	}
	res := &RisultatoPiano{Fattispecie: in.Fattispecie, Data: in.Data.String(), Ore: in.Ore, OreSvolte: max(in.OreSvolte, 0), OreSettimanali: pp.OreSettimanali,
		PrimoGiorno: pp.PrimoGiorno, UltimoGiorno: pp.UltimoGiorno, Termine: pp.Termine, Settimane: pp.Settimane,
		Sessioni: make([]Sessione, len(pp.Sessioni)), FestivitaSaltate: giorniSaltati(pp.FestivitaSaltate), GiorniSospesi: giorniSaltati(pp.GiorniSospesi),
		Limiti: lim, Violazioni: make([]Violazione, len(pp.Violazioni)), RichiestaInailEntro: pp.RichiestaInailEntro, RichiestaInailNuovoEnteEntro: pp.RichiestaInailNuovoEnteEntro,
		InizioEntro: pp.InizioEntro, FineEntro: pp.FineEntro, Comune: in.Comune, Passi: make([]Passo, len(pp.Passi)), Avvertenze: pp.Avvertenze,
		Ricevuta: e.ricevuta(), creato: o.adesso(e), oraInizio: in.oraInizio, riferimento: in.Riferimento, inizio: in.Inizio.String(), prova: in.prova,
		eventoInail: cal.RichiestaInail, eventoTermine: cal.TermineProva, avvertenzaInail: pp.AvvertenzaInailFestivo}
	if pp.RichiestaInailNuovoEnteEntro != "" {
		res.eventoInail = cal.RichiestaInailOreResidue
	}
	for i, s := range pp.Sessioni {
		res.Sessioni[i] = Sessione(s)
	}
	for i, v := range pp.Violazioni {
		res.Violazioni[i] = Violazione(v)
	}
	for i, p := range pp.Passi {
		res.Passi[i] = Passo(p)
	}
	return res, nil
}

func giorniSaltati(gs []piano.GiornoSaltato) []GiornoSaltato {
	out := make([]GiornoSaltato, len(gs))
	for i, g := range gs {
		out[i] = GiornoSaltato(g)
	}
	return out
}

// fontiLimiti maps each limit to the source of the step that computes it
// at the date.
func (e *Engine) fontiLimiti(fattispecie string, data time.Time) map[string]string {
	out := map[string]string{}
	p := e.calcolo[fattispecie]
	if p == nil {
		return out
	}
	return p.Fonti(e.limitiPassi[fattispecie], data)
}
