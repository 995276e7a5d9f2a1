package server

import "strings"

// The Italian words of the web page for the request's fields and values.
// They are presentation only: which fields a fattispecie asks for, and
// what they mean for the law, come from the rules (lpu.Engine.Catalogo).
// A field without a label here is shown by its name.

type etichetta struct {
	testo, aiuto string
}

var etichetteCampi = map[string]etichetta{
	"data": {"Data di riferimento", "La legge applicata è quella in vigore a questa data (di solito la data del fatto o della sentenza). Formato gg/mm/aaaa; se vuota, oggi."},

	"pena.reclusione": {"Reclusione", ""},
	"pena.arresto":    {"Arresto", ""},
	"pena.multa":      {"Multa (€)", "Es. 1.500,00"},
	"pena.ammenda":    {"Ammenda (€)", "Es. 1.500,00"},
	"pena.giorni_lpu": {"Giorni di lavoro fissati dal giudice", ""},
	"pena.ore_lpu":    {"Ore di lavoro del programma", ""},

	"fatti.incidente":                          {"Il conducente ha provocato un incidente stradale", ""},
	"fatti.sostituzioni_precedenti":            {"Volte in cui la pena è già stata sostituita con il lavoro di pubblica utilità", ""},
	"fatti.decreto_penale":                     {"Condanna con decreto penale", ""},
	"fatti.sospensione_condizionale":           {"È stata concessa la sospensione condizionale della pena", ""},
	"fatti.comma":                              {"Comma contestato", "Il comma dell'articolo, come nel capo d'imputazione (es. 2c)."},
	"fatti.pena_edittale_max":                  {"Massimo della pena edittale", ""},
	"fatti.solo_pena_pecuniaria":               {"Il reato è punito con la sola pena pecuniaria", ""},
	"fatti.articolo_550":                       {"Reato dell'art. 550 c.p.p.", "Indicare il reato, se compreso nell'elenco dell'art. 550 c.p.p."},
	"fatti.map_precedente":                     {"La messa alla prova è già stata concessa in passato", ""},
	"fatti.delinquente_abituale":               {"Dichiarato delinquente abituale", ""},
	"fatti.delinquente_professionale":          {"Dichiarato delinquente professionale", ""},
	"fatti.delinquente_tendenza":               {"Dichiarato delinquente per tendenza", ""},
	"fatti.convenzione":                        {"Convenzione dell'ente che ospita il lavoro", "Serve per la verifica del Fondo INAIL."},
	"fatti.tossicodipendente":                  {"Persona tossicodipendente o assuntrice abituale di stupefacenti", ""},
	"fatti.reato_407_c2_a":                     {"Reato dell'art. 407 c.2 lett. a) c.p.p.", ""},
	"fatti.reato_contro_persona":               {"Reato contro la persona", ""},
	"fatti.richiesta_oltre_limite_settimanale": {"Il condannato chiede di lavorare oltre il limite settimanale", ""},
	"fatti.reati_connessi":                     {"Reati connessi", ""},
	"fatti.opposizione_imputato":               {"L'imputato si oppone alla sostituzione", ""},
	"fatti.tribunale":                          {"Tribunale", "Per le fasce di durata del protocollo del tribunale, se ne ha uno (es. Milano)."},
	"fatti.contravvenzione":                    {"Il reato è una contravvenzione", ""},
	"fatti.giorni_prova":                       {"Giorni di prova già eseguiti", "Se la prova è revocata o ha esito negativo: per la detrazione dalla pena eventualmente inflitta."},
	"fatti.revoca_sostitutiva_tre_anni":        {"Reato commesso entro tre anni dalla revoca di una pena sostitutiva", ""},
	"fatti.delitto_durante_sostitutiva":        {"Delitto non colposo commesso durante una pena sostitutiva", ""},
	"fatti.misura_sicurezza_personale":         {"All'imputato va applicata una misura di sicurezza personale", ""},
	"fatti.vizio_parziale_mente":               {"Vizio parziale di mente (parziale incapacità di intendere e di volere)", ""},
	"fatti.reato_4bis_op":                      {"Reato dell'art. 4-bis dell'ordinamento penitenziario", ""},
	"fatti.attenuante_323bis":                  {"Riconosciuta l'attenuante dell'art. 323-bis, secondo comma, c.p.", ""},
	"fatti.minorenne":                          {"Reato commesso da minorenne", ""},
	"fatti.nesso_dipendenza":                   {"Reato commesso in relazione alla condizione di dipendenza o di assuntore abituale", ""},
	"fatti.precedente_5ter":                    {"Il comma 5-ter è già stato applicato in passato", ""},

	"opzioni.mese":               {"Conteggio dei mesi", ""},
	"opzioni.frazione_250":       {"Frazione di 250 € di pena pecuniaria", ""},
	"opzioni.ragguaglio_residuo": {"Pena da ripristinare in caso di revoca", ""},

	"esecuzione.ore_svolte":                    {"Ore di lavoro già svolte", "Per calcolare le ore residue e la pena da ripristinare in caso di revoca."},
	"esecuzione.liberazione_anticipata_giorni": {"Giorni di liberazione anticipata concessi", ""},

	"piano.inizio":             {"Primo giorno possibile", "Per la messa alla prova, il giorno della firma del verbale. Formato gg/mm/aaaa."},
	"piano.durata_mesi":        {"Durata del programma (mesi)", "Solo per la messa alla prova: la durata fissata dal giudice."},
	"piano.comune":             {"Comune dove si svolge il lavoro", "Per saltare la festa del santo patrono."},
	"piano.giorni_settimana":   {"Ore per giorno della settimana", "Le ore di lavoro previste in ciascun giorno; lasciare vuoti i giorni di riposo."},
	"piano.sospensione.dal":    {"Sospensione dal", ""},
	"piano.sospensione.al":     {"Sospensione al", ""},
	"piano.sospensione.motivo": {"Motivo della sospensione", ""},
}

var etichetteValori = map[string]string{
	"30_giorni":    "mesi di 30 giorni, come nelle pronunce della Cassazione",
	"calendario":   "mesi del calendario comune (art. 14 c.p.)",
	"eccesso":      "la frazione conta come un giorno (art. 135 c.p.)",
	"difetto":      "la frazione non si conta",
	"art58":        "un giorno di pena ogni tre giorni di lavoro (art. 58 d.lgs. 274/2000)",
	"uno_a_uno":    "un giorno di pena per ogni giorno di lavoro",
	"dm2001":       "modello del D.M. 26 marzo 2001",
	"dm88_2015":    "modello del D.M. 88/2015 (messa alla prova)",
	"dm2023_56bis": "modello del D.M. 27 luglio 2023 (art. 56-bis)",
	"nessuna":      "nessuna convenzione",
}

var etichetteGiorni = map[string]string{"lun": "lunedì", "mar": "martedì", "mer": "mercoledì", "gio": "giovedì",
	"ven": "venerdì", "sab": "sabato", "dom": "domenica"}

// gruppi are the sections of the form, by the first part of the field's path.
var gruppi = []struct{ prefisso, titolo, nota string }{
	{"data", "Quando", ""},
	{"pena", "Pena inflitta", "Come nel dispositivo: durate in anni, mesi e giorni; importi in euro."},
	{"fatti", "Fatti che contano", ""},
	{"opzioni", "Letture alternative", "Dove le fonti lasciano aperta la lettura: la scelta predefinita è quella della giurisprudenza prevalente; il risultato avverte quando l'altra darebbe un numero diverso."},
	{"esecuzione", "Esecuzione (facoltativo)", ""},
}

func etichettaCampo(nome string) etichetta {
	if e, ok := etichetteCampi[nome]; ok {
		return e
	}
	i := strings.LastIndexByte(nome, '.')
	t := strings.ReplaceAll(nome[i+1:], "_", " ")
	if t != "" {
		t = strings.ToUpper(t[:1]) + t[1:]
	}
	return etichetta{testo: t}
}

func etichettaValore(v string) string {
	if e, ok := etichetteValori[v]; ok {
		return e
	}
	return v
}

// umano writes a result key (esito_positivo) as a heading.
func umano(k string) string {
	t := strings.ReplaceAll(k, "_", " ")
	if t == "" {
		return t
	}
	return strings.ToUpper(t[:1]) + t[1:]
}
