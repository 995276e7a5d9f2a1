package lpu_test

import (
	"fmt"
	"net/http"
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
// exported values, with the same texts — and TestBaselineEquivalente
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
		{&req.Fatti.Convenzione, "", lpu.ModelliConvenzione, "fatti.convenzione", true},
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
	if f.Incidente {
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
		avverte("rifiuto dell'accertamento (c.7): è punito come la lett. c), ma l'applicabilità del lavoro di pubblica utilità del c.9-bis al rifiuto è discussa; verificare l'orientamento del giudice", "art. 186 c.7 e c.9-bis d.lgs. 285/1992")
	}
	avverte("l'attività va svolta in via prioritaria nel campo della sicurezza e dell'educazione stradale, o presso i centri specializzati di lotta alle dipendenze", fonte9bis)
	res.Avvertenze = avv
	res.Valori = map[string]any{"esito_positivo": "reato estinto; sospensione della patente ridotta alla metà; revoca della confisca del veicolo sequestrato"}
	res.Passi = []lpu.Passo{}
	res.Ricevuta = lpu.Ricevuta{Regole: hash, Motore: lpu.Versione}
	return res, nil
}
