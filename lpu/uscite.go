package lpu

// The outputs of the rules that the facade reads after an evaluation, by
// number: each kind's programs resolve these names to their slots at
// load (tipoConf.letture), so that reading one is an index, not a lookup
// by name. The names are the vocabulary's (richieste.<tipo>.uscite); the
// engine knows none of them.
const (
	uGiorni = iota
	uOre
	uOreSettimanaliMin
	uOreSettimanaliMax
	uOreGiornaliereMax
	uDurataMesiMax
	uResiduoOre
	uResiduoGiorniPena
	uResiduoCriterio
	uResiduoGiorniArresto
	uResiduoAmmenda
	uEsito
	uRichiestaEntro
	uPremioStimato
	uScadenza
	uSettimaneMin
	uSettimaneMax
	nUscite
)

var nomiUscite = []string{uGiorni: "giorni", uOre: "ore", uOreSettimanaliMin: "ore_settimanali_min",
	uOreSettimanaliMax: "ore_settimanali_max", uOreGiornaliereMax: "ore_giornaliere_max", uDurataMesiMax: "durata_mesi_max",
	uResiduoOre: "residuo_ore", uResiduoGiorniPena: "residuo_giorni_pena", uResiduoCriterio: "residuo_criterio",
	uResiduoGiorniArresto: "residuo_giorni_arresto", uResiduoAmmenda: "residuo_ammenda", uEsito: "esito", uRichiestaEntro: "richiesta_entro", uPremioStimato: "premio_stimato",
	uScadenza: "scadenza", uSettimaneMin: "settimane_min", uSettimaneMax: "settimane_max"}

// nomiLimiti are the outputs that make up Limiti: Engine.Limiti runs
// only the steps they depend on.
var nomiLimiti = nomiUscite[uOreSettimanaliMin : uDurataMesiMax+1]

// campoFattispecie is the input of every kind that names the fattispecie
// (the contract's field): the engine leaves out, for each, the steps
// that cannot apply to it (tipoConf.potaPer).
const campoFattispecie = "fattispecie"
