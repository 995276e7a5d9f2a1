package lpu_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

// baselineCds186 is rules/cds186.yaml (with rules/generali.yaml) written
// by hand in Go, the yardstick of BenchmarkBaseline: for a cds186 request
// it returns what Evaluate returns with SenzaSpiegazione — the refusals,
// the verdict and its reasons, days, hours, limits, residual, caveats and
// exported values, with the same texts, and the Fund's verdict
// (baselineFondo) — and TestBaselineEquivalente
// checks that it does, so that the ratio compares like with like.
func baselineCds186(r *lpu.Richiesta, hash string) (*lpu.Risultato, error) {
	const (
		fonte9bis           = "art. 186 c.9-bis d.lgs. 285/1992"
		orePerGiorno        = 2
		oreGiornaliereMax   = 8
		oreSettimanaliMax54 = 6
		giorniSettimana     = 7
		ragguaglioArt58     = 3
		sostituzioniMax     = 1
	)
	euroPerGiorno := decimal.NewFromInt(250)
	inVigoreDal := calc.Data(2010, time.July, 30)

	req := *r
	if req.Fattispecie != "cds186" {
		return nil, &lpu.Errore{Codice: "fattispecie_sconosciuta", Campo: "fattispecie", Stato: http.StatusBadRequest,
			Messaggio: "fattispecie «" + req.Fattispecie + "» sconosciuta: una di cds186"}
	}
	if !req.Data.Indicata() {
		req.Data = lpu.Data{Time: calc.Oggi(time.Now())}
	}
	for _, o := range []struct {
		v        *string
		def      string
		ammessi  []string
		campo    string
		nonVuoto bool
	}{
		{&req.Opzioni.Mese, "30_giorni", []string{"30_giorni", "calendario"}, "opzioni.mese", false},
		{&req.Opzioni.Frazione250, "eccesso", []string{"eccesso", "difetto"}, "opzioni.frazione_250", false},
		{&req.Opzioni.RagguaglioResiduo, "art58", []string{"art58", "uno_a_uno"}, "opzioni.ragguaglio_residuo", false},
		{&req.Fatti.Convenzione, "", []string{"dm2001", "dm88_2015", "dm2023_56bis", "nessuna"}, "fatti.convenzione", true},
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
			return nil, &lpu.Errore{Codice: "valore_non_ammesso", Campo: o.campo, Stato: http.StatusBadRequest,
				Messaggio: "valore «" + *o.v + "» non ammesso: uno di " + strings.Join(o.ammessi, ", ")}
		}
	}
	data := req.Data.Time
	if data.Before(inVigoreDal) {
		return nil, &lpu.Errore{Codice: "non_in_vigore", Campo: "data", Stato: http.StatusUnprocessableEntity,
			Messaggio: "Guida sotto l'influenza dell'alcool (art. 186 c.9-bis C.d.S.): le regole (art. 186 c.9-bis d.lgs. 285/1992, introdotto dalla L. 120/2010) sono in vigore dal 30/07/2010; la data " +
				calc.FormatDataItaliana(data) + " è fuori da questo periodo"}
	}
	rifiuta := func(codice, campo, testo, fonte string) error {
		return &lpu.Errore{Codice: codice, Campo: campo, Stato: http.StatusUnprocessableEntity, Messaggio: testo + " (" + fonte + ")"}
	}
	p, f := req.Pena, req.Fatti
	commi := []string{"2a: c.2 lett. a) — tasso alcolemico oltre 0,5 e fino a 0,8 g/l (illecito amministrativo)",
		"2b: c.2 lett. b) — tasso alcolemico oltre 0,8 e fino a 1,5 g/l", "2c: c.2 lett. c) — tasso alcolemico oltre 1,5 g/l",
		"2-bis: c.2-bis — incidente stradale provocato in stato di ebbrezza",
		"5: c.5 — accertamento presso le strutture sanitarie (il reato è quello del c.2)", "7: c.7 — rifiuto dell'accertamento"}
	if f.Comma != "" && !slices.ContainsFunc(commi, func(c string) bool { return strings.HasPrefix(c, f.Comma+":") }) {
		return nil, rifiuta("valore_non_ammesso", "fatti.comma", "comma «"+f.Comma+"» non previsto per l'art. 186: indicare uno di questi: "+strings.Join(commi, "; "), "art. 186 d.lgs. 285/1992")
	}
	if f.Comma == "2a" {
		return nil, rifiuta("nessuna_pena", "fatti.comma", "il tasso alcolemico tra 0,5 e 0,8 g/l è un illecito amministrativo: non c'è pena da sostituire", "art. 186 c.2 lett. a) d.lgs. 285/1992")
	}
	if !p.Reclusione.Zero() || !p.Multa.IsZero() {
		return nil, rifiuta("pena_non_pertinente", "pena.reclusione", "l'art. 186 punisce con l'arresto e l'ammenda: indicare arresto e ammenda, non reclusione o multa", "art. 186 c.2 d.lgs. 285/1992")
	}
	if p.Arresto.Zero() && p.Ammenda.IsZero() {
		return nil, rifiuta("pena_mancante", "pena.arresto", "indicare l'arresto e/o l'ammenda irrogati", fonte9bis)
	}
	res := &lpu.Risultato{Fattispecie: req.Fattispecie, Data: req.Data.String(), Ammissibile: true, Motivi: []string{}}
	esclude := func(testo, fonte string) {
		res.Ammissibile = false
		res.Motivi = append(res.Motivi, testo+" ("+fonte+")")
	}
	if f.Incidente || f.Comma == "2-bis" {
		esclude("il conducente ha provocato un incidente stradale: la sostituzione con il lavoro di pubblica utilità è esclusa («al di fuori dei casi previsti dal comma 2-bis»)", "art. 186 c.9-bis e c.2-bis d.lgs. 285/1992")
	}
	if f.SostituzioniPrecedenti >= sostituzioniMax {
		esclude("il lavoro di pubblica utilità ha già sostituito la pena "+strconv.Itoa(f.SostituzioniPrecedenti)+" volta/e: la legge lo consente per non più di "+strconv.Itoa(sostituzioniMax)+" volta", "art. 186 c.9-bis ult. periodo d.lgs. 285/1992")
	}
	if f.OpposizioneImputato {
		esclude("l'imputato si è opposto: la sostituzione richiede che non vi sia opposizione", fonte9bis)
	}

	giorniArresto := p.Arresto.GiorniDa(calc.CriterioMese(req.Opzioni.Mese), data)
	giorniAmmenda, err := calc.GiorniDaImporto(p.Ammenda.Decimal, euroPerGiorno, calc.Arrotondamento(req.Opzioni.Frazione250))
	if err != nil {
		return nil, err
	}
	dovuti := giorniArresto + giorniAmmenda
	e := req.Esecuzione
	if e.LiberazioneAnticipataGiorni > dovuti {
		return nil, rifiuta("fuori_intervallo", "esecuzione.liberazione_anticipata_giorni",
			fmt.Sprintf("la liberazione anticipata (%d giorni) supera la durata del lavoro (%d giorni)", e.LiberazioneAnticipataGiorni, dovuti), "art. 54 L. 354/1975")
	}
	var avv []string
	avverte := func(testo, fonte string) { avv = append(avv, testo+" ("+fonte+")") }
	if f.Comma == "5" {
		avverte("il comma 5 dell'art. 186 disciplina l'accertamento del tasso alcolemico presso le strutture sanitarie per i conducenti coinvolti in incidenti e sottoposti a cure mediche: non prevede un reato proprio, che resta quello del comma 2; il calcolo segue la pena inflitta; indicare la lettera del comma 2 (b o c) per un esito certo, e il comma 2-bis se il conducente ha provocato l'incidente, che esclude la sostituzione", "art. 186 c.2 e c.5 d.lgs. 285/1992")
	}
	res.Giorni = dovuti - e.LiberazioneAnticipataGiorni
	if e.LiberazioneAnticipataGiorni > 0 {
		avverte("la Cassazione riconosce la liberazione anticipata al lavoro di pubblica utilità sostitutivo (art. 56-bis L. 689/1981); per quello dell'art. 186 C.d.S. l'estensione va verificata con il magistrato di sorveglianza", "Cass. 10302/2025, 22662/2025")
	}
	res.Ore = res.Giorni * orePerGiorno
	settMax := oreSettimanaliMax54
	if f.RichiestaOltreLimite {
		settMax = oreGiornaliereMax * giorniSettimana
	}
	giornMax := oreGiornaliereMax
	res.Limiti = lpu.Limiti{OreSettimanaliMax: &settMax, OreGiornaliereMax: &giornMax}
	residuoOre := max(res.Ore-e.OreSvolte, 0)
	svolti := min(e.OreSvolte, res.Ore) / orePerGiorno
	ragguaglio := ragguaglioArt58
	if req.Opzioni.RagguaglioResiduo != "art58" {
		ragguaglio = 1
	}
	residuoPena := max(res.Giorni-svolti/ragguaglio, 0)
	if e.OreSvolte > 0 {
		res.Residuo = &lpu.Residuo{Ore: residuoOre, GiorniPena: residuoPena, Criterio: req.Opzioni.RagguaglioResiduo}
		avverte("il criterio del residuo è discusso: la Cassazione applica l'art. 58 (un giorno di pena = tre giorni di lavoro); con l'opzione ragguaglio_residuo = uno_a_uno un giorno di lavoro vale un giorno di pena ("+
			strconv.Itoa(max(res.Giorni-svolti, 0))+" giorni invece di "+strconv.Itoa(residuoPena)+"); le frazioni di giorno non sono contate", "art. 58 c.2 d.lgs. 274/2000; Cass. 24510/2025")
	}
	if req.Opzioni.Frazione250 == "eccesso" {
		if n, _ := calc.GiorniDaImporto(p.Ammenda.Decimal, euroPerGiorno, calc.Difetto); n != giorniAmmenda {
			avverte("l'ammenda di € "+calc.FormatEuro(p.Ammenda.Decimal)+" non è un multiplo di € 250: la frazione è contata come un giorno (art. 135 c.p.); l'art. 186 dice solo «ragguagliando 250 euro ad un giorno»: con l'opzione frazione_250 = difetto sarebbero "+
				strconv.Itoa(n)+" giorni di ammenda", "art. 135 c.p.; "+fonte9bis)
		}
	} else if n, _ := calc.GiorniDaImporto(p.Ammenda.Decimal, euroPerGiorno, calc.Eccesso); n != giorniAmmenda {
		avverte("la frazione di 250 euro non è stata contata; l'art. 135 c.p. conta «euro 250, o frazione di euro 250» come un giorno: sarebbero "+strconv.Itoa(n)+" giorni di ammenda", "art. 135 c.p.")
	}
	if g30, gcal := p.Arresto.GiorniDa(calc.Mese30, data), p.Arresto.GiorniDa(calc.MeseCalendario, data); g30 != gcal {
		if req.Opzioni.Mese == "30_giorni" {
			avverte("i mesi sono contati di 30 giorni come nelle pronunce della Cassazione; l'art. 14 c.p. parla di calendario comune: con l'opzione mese = calendario l'arresto sarebbe di "+strconv.Itoa(gcal)+" giorni", "art. 14 c.p.; Cass. 10302/2025, 33700/2025")
		} else {
			avverte("i mesi sono contati sul calendario comune (art. 14 c.p.); la Cassazione conta mesi di 30 giorni: sarebbero "+strconv.Itoa(g30)+" giorni di arresto", "art. 14 c.p.; Cass. 10302/2025, 33700/2025")
		}
	}
	if f.Comma == "7" {
		avverte("rifiuto dell'accertamento (c.7): è punito con le pene del c.2 lett. c), e il c.9-bis consente di sostituire «la pena detentiva e pecuniaria» al di fuori dei soli casi del c.2-bis; nella prassi la sostituzione è disposta anche per il rifiuto: Cass. 24510/2025 ha deciso proprio su un lavoro di pubblica utilità sostituito ex c.9-bis alla pena per il c.7, e ne ha regolato la revoca (ripristino della sola parte residua) senza metterne in dubbio l'applicazione; non è stata verificata una pronuncia che neghi la sostituzione per il rifiuto", "art. 186 c.7 e c.9-bis d.lgs. 285/1992; Cass. 24510/2025")
	}
	avverte("l'attività va svolta in via prioritaria nel campo della sicurezza e dell'educazione stradale, o presso i centri specializzati di lotta alle dipendenze", fonte9bis)
	res.Avvertenze = avv
	res.Valori = map[string]any{"esito_positivo": "reato estinto; sospensione della patente ridotta alla metà; revoca della confisca del veicolo sequestrato"}
	res.Passi = []lpu.Passo{}
	res.Ricevuta = lpu.Ricevuta{Regole: hash, Motore: lpu.Versione}
	inizio, dallaData := e.DataInizio.Time, false
	if !e.DataInizio.Indicata() {
		inizio, dallaData = data, true
	}
	if res.FondoInail, err = baselineFondo(inizio, dallaData, req.Fatti.Convenzione, res.Giorni); err != nil {
		return nil, err
	}
	return res, nil
}

// baselineFondo is rules/fondo.yaml written by hand for a cds186 case: the
// Fund's verdict that a calcolo carries in fondo_inail, for work starting
// on inizio (the case's date when dallaData: esecuzione.data_inizio not
// given), with the convention model of fatti.convenzione and giorni days
// of work. The days actually worked, the ordinary policy's daily wage and
// an exhausted Fund are not asked by a calcolo: their branches of the
// rules never fire here.
func baselineFondo(inizio time.Time, dallaData bool, convenzione string, giorni int) (*lpu.EsitoFondo, error) {
	const (
		giorniAnticipo   = 10 // DM Lavoro 28/2/2017 art. 3 c.3
		annoPremio       = 2024
		fonteFondo       = "art. 1 c.312 L. 208/2015; DM Lavoro 28/2/2017; circ. INAIL 8/2017, 2/2020 e 3/2025"
		fonteCategorie   = "art. 1 c.312 L. 208/2015, come modificato dall'art. 1 c.86 L. 232/2016"
		fonteConvenzione = "circ. INAIL 8/2017 §4; circ. INAIL 2/2020; circ. INAIL 3/2025 §1 e §5"
	)
	// The special premium, euro per day: the 2024 figure (circ. INAIL
	// 12/2024 §2.5), used for every year since the sources give no other.
	premioSpeciale := decimal.New(102, -2)
	vigoreDal := calc.Data(2002, time.January, 2)
	categorieDal := calc.Data(2017, time.January, 1)

	if inizio.Before(vigoreDal) {
		return nil, &lpu.Errore{Codice: "non_in_vigore", Campo: "esecuzione.data_inizio", Stato: http.StatusUnprocessableEntity,
			Messaggio: "Fondo INAIL per il lavoro di pubblica utilità (art. 1 c.312 L. 208/2015): le regole (" + fonteFondo +
				") sono in vigore dal " + calc.FormatDataItaliana(vigoreDal) + "; la data " + calc.FormatDataItaliana(inizio) + " è fuori da questo periodo"}
	}
	f := &lpu.EsitoFondo{Esito: "ammissibile", Motivi: make([]string, 0, 3), Avvertenze: make([]string, 0, 4)}
	escluso := false
	motivo := func(esclude bool, testo, fonte string) {
		escluso = escluso || esclude
		f.Motivi = append(f.Motivi, testo+" ("+fonte+")")
	}
	avverte := func(testo, fonte string) { f.Avvertenze = append(f.Avvertenze, testo+" ("+fonte+")") }
	giornoInizio := calc.FormatDataItaliana(inizio)

	// The 2017 categories, art. 186 c.9-bis among them.
	if inizio.Before(categorieDal) {
		motivo(true, "il Fondo copre il lavoro di pubblica utilità degli artt. 186 c.9-bis e 187 c.8-bis C.d.S., 73 c.5-bis DPR 309/1990 e 168-bis c.p. solo per le attività dal "+
			calc.FormatDataItaliana(categorieDal)+": per un'attività che inizia il "+giornoInizio+" l'ente assicura all'INAIL con oneri a proprio carico", fonteCategorie)
	} else {
		motivo(false, "il lavoro di pubblica utilità degli artt. 186 c.9-bis e 187 c.8-bis C.d.S., 73 c.5-bis DPR 309/1990 e 168-bis c.p. (messa alla prova) è tra i casi coperti dal Fondo dal "+calc.FormatDataItaliana(categorieDal),
			fonteCategorie+"; circ. INAIL 3/2025 §3 n. 4")
	}

	// The convention: for art. 186 only the DM 26/3/2001 model fits.
	switch convenzione {
	case "":
		f.Esito = "da_verificare"
		motivo(false, "modello di convenzione dell'ente non indicato: la richiesta all'INAIL va corredata della convenzione, che deve riguardare questo lavoro di pubblica utilità; indicare il modello (dm2001, dm88_2015, dm2023_56bis o nessuna; nel calcolo: fatti.convenzione) per un esito certo", fonteConvenzione)
	case "nessuna":
		motivo(true, "senza convenzione l'ente non può ospitare questo lavoro di pubblica utilità e l'INAIL chiede copia della convenzione con la richiesta di copertura",
			"DM 26/3/2001 art. 2 c.1; DM 27/7/2023 art. 2 c.1; circ. INAIL 8/2017 §4; circ. INAIL 2/2020")
	case "dm2001":
		motivo(false, "la convenzione sul modello del DM 26/3/2001 riguarda questo lavoro di pubblica utilità e va allegata alla richiesta di copertura",
			"DM 26/3/2001 art. 2 c.1-3; DM 88/2015 art. 2 e art. 3 c.4; circ. INAIL 8/2017 §4")
	case "dm88_2015", "dm2023_56bis":
		modello := "del DM 88/2015 (messa alla prova)"
		if convenzione == "dm2023_56bis" {
			modello = "del DM 27/7/2023 (lavoro sostitutivo dell'art. 56-bis)"
		}
		motivo(true, "una convenzione sul modello "+modello+" non riguarda la fattispecie cds186: allegata alla richiesta non consente la copertura del Fondo",
			"DM 26/3/2001 art. 2 c.1; DM 88/2015 art. 2; DM 27/7/2023 art. 2; circ. INAIL 3/2025 §5")
	}

	// When to ask, and what it costs.
	entro := calc.AggiungiGiorni(inizio, -giorniAnticipo)
	f.RichiestaEntro = calc.FormatData(entro)
	if dallaData {
		avverte("la data di inizio del lavoro non è indicata (esecuzione.data_inizio): il termine per chiedere la copertura all'INAIL ("+
			calc.FormatDataItaliana(entro)+") è calcolato dalla data del caso ("+giornoInizio+") e va ricalcolato dal primo giorno effettivo di lavoro, "+
			strconv.Itoa(giorniAnticipo)+" giorni prima", "DM Lavoro 28/2/2017 art. 3 c.3; circ. INAIL 3/2025 §1")
	}
	f.PremioStimato = decimal.NewFromInt(int64(giorni)).Mul(premioSpeciale).StringFixed(2)
	anno := inizio.Year()
	if anno != annoPremio {
		avverte("per il "+strconv.Itoa(anno)+" le fonti non riportano il premio speciale unitario: la stima usa quello del "+strconv.Itoa(annoPremio)+
			" (€ "+calc.FormatEuro(premioSpeciale)+" al giorno), che si aggiorna ogni anno con il limite minimo di retribuzione giornaliera", "circ. INAIL 3/2025 §4; circ. INAIL 12/2024 §2.5")
	}
	if giorni == 0 {
		avverte("giornate di attività non indicate (giorni, giornate_lavorate): il premio stimato di € 0 non è una stima; la richiesta all'INAIL deve indicare il numero complessivo delle giornate",
			"DM Lavoro 28/2/2017 art. 3; circ. INAIL 3/2025 §4")
	}
	// The Fund's endowment is known year by year from 2016 (none before)
	// to 2024; later years are told the 2024 figure.
	if annoDotazione := min(anno, 2024); anno >= 2016 && annoDotazione != anno {
		avverte("per il "+strconv.Itoa(anno)+" le fonti non riportano la dotazione del Fondo: si indica quella del "+strconv.Itoa(annoDotazione), "circ. INAIL 3/2025 §4")
	}
	if escluso {
		f.Esito = "non_ammissibile"
	}
	return f, nil
}
