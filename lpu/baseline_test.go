package lpu_test

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

// numeri is what the baseline computes of an answer: its numbers and
// codes, never its texts. The Italian texts are the rules' (the corpus and
// the YAML suites pin them); here they are only counted, so that each
// condition that adds a reason or a caveat is still compared.
type numeri struct {
	Errore, Campo      string // the error's code and field, if any
	Stato              int
	Ammissibile        bool
	Motivi, Avvertenze int
	Giorni, Ore        int
	SettMax, GiornMax  int
	Residuo            *lpu.Residuo
	Valori             int
	Fondo              string // the Fund's esito
	FondoMotivi        int
	FondoAvvertenze    int
	RichiestaEntro     string
	PremioStimato      string
}

// numeriDi reduces an answer of Evaluate to its numeri.
func numeriDi(r *lpu.Risultato, err error) numeri {
	if err != nil {
		e := lpu.AsError(err)
		return numeri{Errore: string(e.Code), Campo: e.Field, Stato: statoHTTP(e)}
	}
	n := numeri{Ammissibile: r.Ammissibile, Motivi: len(r.Motivi), Avvertenze: len(r.Avvertenze), Giorni: r.Giorni, Ore: r.Ore,
		Residuo: r.Residuo, Valori: len(r.Valori)}
	n.SettMax, _ = r.Limiti.OreSettimanaliMax.Int()
	n.GiornMax, _ = r.Limiti.OreGiornaliereMax.Int()
	if f := r.FondoInail; f != nil {
		n.Fondo, n.FondoMotivi, n.FondoAvvertenze, n.RichiestaEntro, n.PremioStimato = f.Esito, len(f.Motivi), len(f.Avvertenze), f.RichiestaEntro, f.PremioStimato
	}
	return n
}

// baselineCds186 is rules/cds186.yaml (with rules/generali.yaml and
// rules/fondo.yaml) written by hand in Go, the yardstick of
// BenchmarkBaseline: for a cds186 request it computes the numeri of what
// Evaluate returns with WithoutExplanation — the refusals' codes, the
// verdict, how many reasons and caveats, days, hours, limits, residual,
// and the Fund's verdict (baselineFondo) — and TestBaselineEquivalente
// checks that it does. Its parameters are the rules' numbers; it restates
// none of their texts.
func baselineCds186(r *lpu.Richiesta) numeri {
	const (
		orePerGiorno        = 2
		oreGiornaliereMax   = 8
		oreSettimanaliMax54 = 6
		giorniSettimana     = 7
		ragguaglioArt58     = 3
		sostituzioniMax     = 1
	)
	euroPerGiorno := decimal.NewFromInt(250)
	inVigoreDal := calc.Data(2010, time.July, 30)
	errore := func(codice, campo string, stato int) numeri {
		return numeri{Errore: codice, Campo: campo, Stato: stato}
	}

	req := *r
	if req.Fattispecie != "cds186" {
		return errore("fattispecie_sconosciuta", "fattispecie", 400)
	}
	if !req.Data.Indicata() {
		req.Data = lpu.Data{Time: calc.Oggi(time.Now())}
	}
	for _, o := range []struct {
		v       *string
		def     string
		ammessi []string
		campo   string
	}{
		{&req.Opzioni.Mese, "30_giorni", []string{"30_giorni", "calendario"}, "opzioni.mese"},
		{&req.Opzioni.Frazione250, "eccesso", []string{"eccesso", "difetto"}, "opzioni.frazione_250"},
		{&req.Opzioni.RagguaglioResiduo, "art58", []string{"art58", "uno_a_uno"}, "opzioni.ragguaglio_residuo"},
		{&req.Fatti.Convenzione, "", []string{"dm2001", "dm88_2015", "dm2023_56bis", "nessuna"}, "fatti.convenzione"},
	} {
		if *o.v == "" {
			*o.v = o.def
			continue
		}
		ok := false
		for _, a := range o.ammessi {
			ok = ok || *o.v == a
		}
		if !ok {
			return errore("valore_non_ammesso", o.campo, 400)
		}
	}
	data := req.Data.Time
	if data.Before(inVigoreDal) {
		return errore("non_in_vigore", "data", 422)
	}
	p, f := req.Pena, req.Fatti
	switch {
	case !slices.Contains([]string{"", "2a", "2b", "2c", "2-bis", "5", "7"}, f.Comma):
		return errore("valore_non_ammesso", "fatti.comma", 422)
	case f.Comma == "2a":
		return errore("nessuna_pena", "fatti.comma", 422)
	case !p.Reclusione.Zero():
		return errore("pena_non_pertinente", "pena.reclusione", 422)
	case !p.Multa.IsZero():
		return errore("pena_non_pertinente", "pena.multa", 422)
	case p.Arresto.Zero() && p.Ammenda.IsZero():
		return errore("pena_mancante", "pena.arresto", 422)
	}
	n := numeri{Ammissibile: true}
	esclude := func(se bool) {
		if se {
			n.Ammissibile = false
			n.Motivi++
		}
	}
	esclude(f.Incidente || f.Comma == "2-bis")
	esclude(f.SostituzioniPrecedenti >= sostituzioniMax)
	esclude(f.OpposizioneImputato)

	giorniArresto := p.Arresto.GiorniDa(calc.CriterioMese(req.Opzioni.Mese), data)
	giorniAmmenda, err := calc.GiorniDaImporto(lpu.DecimaleImporto(p.Ammenda), euroPerGiorno, calc.Arrotondamento(req.Opzioni.Frazione250))
	if err != nil {
		return numeriDi(nil, err)
	}
	dovuti := giorniArresto + giorniAmmenda
	if dovuti == 0 { // (an ammenda under 250 euro, the fraction left out)
		return errore("nessuna_pena", "opzioni.frazione_250", 422)
	}
	e := req.Esecuzione
	if e.LiberazioneAnticipataGiorni > dovuti {
		return errore("fuori_intervallo", "esecuzione.liberazione_anticipata_giorni", 422)
	}
	avverte := func(se bool) {
		if se {
			n.Avvertenze++
		}
	}
	n.Giorni = dovuti - e.LiberazioneAnticipataGiorni
	avverte(e.LiberazioneAnticipataGiorni > 0)
	n.Ore = n.Giorni * orePerGiorno
	n.SettMax, n.GiornMax = oreSettimanaliMax54, oreGiornaliereMax
	if f.RichiestaOltreLimite {
		n.SettMax = oreGiornaliereMax * giorniSettimana
	}
	if e.OreSvolte > n.Ore {
		return errore("fuori_intervallo", "esecuzione.ore_svolte", 422)
	}
	svolti := min(e.OreSvolte, n.Ore) / orePerGiorno
	ragguaglio := ragguaglioArt58
	if req.Opzioni.RagguaglioResiduo != "art58" {
		ragguaglio = 1
	}
	if e.OreSvolte > 0 {
		// The work served, by the criterion, and the liberazione
		// anticipata go first to the arresto, then to the ammenda at 250
		// euro a day (the liberazione beyond the arresto too, as it
		// shortens the days of work due); the days of penalty to restore
		// are the days of the work (net of the liberazione) less the
		// work served.
		scontati := e.LiberazioneAnticipataGiorni + svolti/ragguaglio
		arresto := max(giorniArresto-e.LiberazioneAnticipataGiorni, 0)
		n.Residuo = &lpu.Residuo{Ore: max(n.Ore-e.OreSvolte, 0), GiorniPena: max(n.Giorni-svolti/ragguaglio, 0), Criterio: req.Opzioni.RagguaglioResiduo}
		if !p.Arresto.Zero() {
			ga := max(giorniArresto-scontati, 0)
			n.Residuo.GiorniArresto = &ga
		}
		amm := lpu.DecimaleImporto(p.Ammenda)
		// ammendaDopo is the ammenda left after d days at 250 euro.
		ammendaDopo := func(d int) decimal.Decimal {
			return decimal.Max(amm.Sub(euroPerGiorno.Mul(decimal.NewFromInt(int64(min(d, giorniAmmenda))))), decimal.Zero)
		}
		if !amm.IsZero() {
			n.Residuo.Ammenda = calc.StringFixed2(ammendaDopo(max(scontati-giorniArresto, 0)))
		}
		avverte(true)
		// Every hour served: the revoca presupposes a violation (the
		// caveat on the positive outcome).
		avverte(n.Residuo.Ore == 0)
		// The other order of the work (first the ammenda), told when it
		// leaves another penalty.
		lavoro, oltre := svolti/ragguaglio, max(e.LiberazioneAnticipataGiorni-giorniArresto, 0)
		altroArresto := max(arresto-(lavoro-min(lavoro, giorniAmmenda)), 0)
		altroOrdine := altroArresto != max(arresto-lavoro, 0) || !ammendaDopo(lavoro+oltre).Equal(ammendaDopo(max(lavoro-arresto, 0)+oltre))
		avverte(!p.Arresto.Zero() && !amm.IsZero() && lavoro > 0 && arresto > 0 && altroOrdine)
		avverte(!amm.IsZero() && e.LiberazioneAnticipataGiorni > giorniArresto) // the liberazione anticipata beyond the arresto
	}
	// The other rounding of the fine would give other days.
	altro := calc.Eccesso
	if req.Opzioni.Frazione250 == "eccesso" {
		altro = calc.Difetto
	}
	g, _ := calc.GiorniDaImporto(lpu.DecimaleImporto(p.Ammenda), euroPerGiorno, altro)
	avverte(g != giorniAmmenda)
	// Months of 30 days and calendar months differ.
	avverte(p.Arresto.GiorniDa(calc.Mese30, data) != p.Arresto.GiorniDa(calc.MeseCalendario, data))
	avverte(f.Comma == "5")
	// The range of art. 186 c.2 for the comma (lett. b, or lett. c, which
	// c.7 recalls; c.2-bis doubles the penalties of c.2; without a comma
	// the widest of c.2), in 30-day days.
	arrMin, arrMax, ammMin, ammMax := 0, 360, 800, 6000
	switch f.Comma {
	case "2b":
		arrMax, ammMax = 180, 3200
	case "2c", "7":
		arrMin, ammMin = 180, 1500
	case "2-bis":
		arrMax, ammMin, ammMax = 720, 1600, 12000
	}
	a30 := p.Arresto.GiorniDa(calc.Mese30, data)
	avverte(!p.Arresto.Zero() && (a30 < arrMin || a30 > arrMax))
	avverte(!p.Ammenda.IsZero() && (lpu.DecimaleImporto(p.Ammenda).Floor().IntPart() < int64(ammMin) || lpu.DecimaleImporto(p.Ammenda).Ceil().IntPart() > int64(ammMax)))
	avverte(f.Comma == "7")
	avverte(true) // the priority of road safety and addiction centres
	// Any other fact, penalty or option given is one that cds186's rules
	// do not read (the cases' contract example gives pena_edittale_max).
	avverte(f.DecretoPenale || f.SospensioneCondizionale || !f.PenaEdittaleMax.Zero() || f.SoloPenaPecuniaria || f.Articolo550 != "" ||
		f.MapPrecedente || f.DelinquenteAbituale || f.Tribunale != "" || f.Contravvenzione || f.GiorniProva != 0 ||
		f.DelinquenteProfessionale || f.DelinquenteTendenza || f.Tossicodipendente || f.Reato407 || f.ReatoControPersona ||
		f.ReatiConnessi || f.RevocaSostitutiva3Anni || f.DelittoInSostitutiva || f.MisuraSicurezza || f.VizioParzialeMente ||
		f.Reato4BisOP || f.Attenuante323Bis || f.Minorenne || f.NessoDipendenza || f.Precedente5Ter ||
		p.GiorniLPU != 0 || p.OreLPU != 0 || len(f.Altri) > 0 || len(req.Opzioni.Altri) > 0)
	avverte(data.After(time.Date(2025, 12, 31, 0, 0, 0, 0, data.Location()))) // sources collected up to 2025
	n.Valori = 1                                                              // esito_positivo
	inizio, dallaData := e.DataInizio.Time, false
	if !e.DataInizio.Indicata() {
		inizio, dallaData = data, true
	}
	var dataCaso time.Time // (the case's date as given: none for today's)
	if req.Data.Indicata() {
		dataCaso = req.Data.Time
	}
	fn := baselineFondo(inizio, dallaData, dataCaso, !n.Ammissibile, req.Fatti.Convenzione, n.Giorni, e)
	if fn.Errore != "" {
		return fn
	}
	n.Fondo, n.FondoMotivi, n.FondoAvvertenze, n.RichiestaEntro, n.PremioStimato = fn.Fondo, fn.FondoMotivi, fn.FondoAvvertenze, fn.RichiestaEntro, fn.PremioStimato
	return n
}

// baselineFondo is rules/fondo.yaml written by hand for a cds186 case: the
// numeri of the Fund's verdict that a calcolo carries in fondo_inail, for
// work starting on inizio (the case's date when dallaData:
// esecuzione.data_inizio not given), the case's date dataCaso as the
// request gives it (zero when it does not), for a case the calcolo excluded
// when lpuEscluso (no work to cover), with the convention model of
// fatti.convenzione, giorni days of work and the execution e (the
// calendar's first session and sessions, the hours served, the days
// actually worked). The ordinary policy's daily wage and an exhausted
// Fund are not asked by a calcolo: their branches of the rules never fire
// here.
func baselineFondo(dataInizio time.Time, dallaData bool, dataCaso time.Time, lpuEscluso bool, convenzione string, giorni int, e lpu.Esecuzione) numeri {
	const (
		giorniAnticipo = 10 // DM Lavoro 28/2/2017 art. 3 c.3
		annoPremio     = 2024
	)
	// The special premium, euro per day: the 2024 figure (circ. INAIL
	// 12/2024 §2.5), used for every year since the sources give no other.
	premioSpeciale := decimal.New(102, -2)
	vigoreDal := calc.Data(2002, time.January, 2)
	categorieDal := calc.Data(2017, time.January, 1)

	// The work starts on the calendar's first session, when there is
	// one: the law in force, the deadline and the covers are that day's;
	// but a calendar of the hours left (hours served) begins after the
	// work has started, on the first day of work.
	calendario := e.PrimaSessione.Indicata()
	inizioCalendario := calendario && e.OreSvolte == 0
	inizio, campo := dataInizio, "esecuzione.data_inizio"
	if inizioCalendario {
		inizio, campo = e.PrimaSessione.Time, "esecuzione.prima_sessione"
	}
	if inizio.Before(vigoreDal) {
		return numeri{Errore: "non_in_vigore", Campo: campo, Stato: 422}
	}
	n := numeri{Fondo: "ammissibile"}
	// The reasons: the exclusions', and those of the motivo steps, which
	// count only when nothing excludes the case.
	escluso, esclusioni, favorevoli := false, 0, 0
	motivo := func(esclude bool) {
		escluso = escluso || esclude
		if esclude {
			esclusioni++
		} else {
			favorevoli++
		}
	}
	avverte := func(se bool) {
		if se {
			n.FondoAvvertenze++
		}
	}
	// A case whose work the calcolo excluded: nothing to cover, and the
	// reasons that tell the Fund covers it are not told (its exclusions
	// are).
	if lpuEscluso {
		motivo(true)
	}
	copre := func() {
		if !lpuEscluso {
			motivo(false)
		}
	}
	// The 2017 categories, art. 186 c.9-bis among them. A start taken
	// from the case's date may come later: before the cover it does not
	// exclude, the verdict is to verify (and no deadline is counted).
	presunto := dallaData && !inizioCalendario
	primaCopertura := inizio.Before(categorieDal)
	switch {
	case primaCopertura && presunto:
		n.Fondo = "da_verificare"
		copre()
	case primaCopertura:
		motivo(true)
	default:
		copre()
	}
	// The convention: for art. 186 only the DM 26/3/2001 model fits.
	switch convenzione {
	case "":
		n.Fondo = "da_verificare"
		copre()
	case "nessuna", "dm88_2015", "dm2023_56bis":
		motivo(true)
	case "dm2001":
		copre()
	}
	// More days worked than hours of work: told even when the Fund does
	// not cover the case (a mistake in the data).
	avverte(e.GiornateLavorate > 0 && giorni > 0 && e.GiornateLavorate > giorni*2)
	// The days worked: those given; else the calendar's sessions, unless
	// they are those of the residual hours and the case gives its days.
	// More sessions counted than hours of work: told alike.
	dalCalendario := e.GiornateLavorate == 0 && e.Sessioni > 0 && (e.OreSvolte == 0 || giorni == 0)
	avverte(dalCalendario && giorni > 0 && e.Sessioni > giorni*2)
	// Fewer sessions than the hours of work can fit, eight a day at most:
	// not told for a case whose work the calcolo excluded.
	avverte(dalCalendario && giorni > 0 && e.Sessioni < (giorni*2+7)/8 && !lpuEscluso)
	// A start (the first day of work, or the calendar's first session)
	// before the case's date given, the work not begun: told even when
	// the Fund does not cover the case, but not when the calcolo excluded
	// its work.
	avverte(!dataCaso.IsZero() && !presunto && e.OreSvolte == 0 && inizio.Before(dataCaso) && !lpuEscluso)
	if escluso {
		// A Fund that does not cover the case: no deadline to ask it,
		// no premium, nor the caveats about them; its reasons are the
		// exclusions alone.
		n.Fondo, n.FondoMotivi = "non_ammissibile", esclusioni
		return n
	}
	n.FondoMotivi = favorevoli
	// When to ask, and what it costs.
	if !(presunto && primaCopertura) {
		entro := calc.AggiungiGiorni(inizio, -giorniAnticipo)
		n.RichiestaEntro = calc.FormatData(entro)
		// the deadline on a Sunday or holiday stays, with a caveat; not an
		// indicative one, counted from the case's date
		avverte(calc.Festivo(entro) && !presunto)
		// a deadline before the Fund began to cover the 2017 categories
		// stays, with a caveat; not an indicative one either
		avverte(entro.Before(categorieDal) && !presunto)
		avverte(presunto)
	}
	avverte(inizioCalendario && !dallaData && !dataInizio.IsZero() && !dataInizio.Equal(inizio))
	avverte(calendario && e.OreSvolte > 0 && (dallaData || !dataInizio.Equal(e.PrimaSessione.Time)))
	giornate := giorni
	switch {
	case e.GiornateLavorate > 0:
		giornate = e.GiornateLavorate
	case dalCalendario:
		giornate = e.Sessioni
	}
	avverte(dalCalendario && e.OreSvolte > 0)
	// no estimate without days of work, nor, as no deadline, from a start
	// taken from the case's date before the cover
	stima := !(presunto && primaCopertura)
	if giornate > 0 && stima {
		n.PremioStimato = decimal.NewFromInt(int64(giornate)).Mul(premioSpeciale).StringFixed(2)
	}
	anno := inizio.Year()
	avverte(stima && giornate > 0 && anno != annoPremio)
	avverte(stima && giornate == 0)
	// The Fund's endowment is known year by year from 2016 (none before)
	// to 2024; later years are told the 2024 figure.
	avverte(anno > 2024)
	return n
}
