package lpu

// Code is the stable code of an Error: the "codice" of the JSON error
// object. A Code is itself an error, so that errors.Is(err, CodeX) tells
// an error by its code.
type Code string

func (c Code) Error() string { return string(c) }

// The codes of the errors of the engine, of the rules (a rifiuta step
// names its own) and of the HTTP server. Codes returns them all with
// their meaning; the package documentation has the table.
const (
	CodeCampoCalcolato             Code = "campo_calcolato"
	CodeCampoNonPertinente         Code = "campo_non_pertinente"
	CodeCampoObbligatorio          Code = "campo_obbligatorio"
	CodeCampoSconosciuto           Code = "campo_sconosciuto"
	CodeCaricamentoInterrotto      Code = "caricamento_interrotto"
	CodeChiaveDuplicata            Code = "chiave_duplicata"
	CodeCodificaNonValida          Code = "codifica_non_valida"
	CodeColonnaNonPertinente       Code = "colonna_non_pertinente"
	CodeColonnaRipetuta            Code = "colonna_ripetuta"
	CodeColonnaSconosciuta         Code = "colonna_sconosciuta"
	CodeColonnaTroppoLunga         Code = "colonna_troppo_lunga"
	CodeComandoSconosciuto         Code = "comando_sconosciuto"
	CodeCSVNonValido               Code = "csv_non_valido"
	CodeDataNonValida              Code = "data_non_valida"
	CodeDatiIncoerenti             Code = "dati_incoerenti"
	CodeDomandaNonPrevista         Code = "domanda_non_prevista"
	CodeErroreInterno              Code = "errore_interno"
	CodeFattispecieSconosciuta     Code = "fattispecie_sconosciuta"
	CodeFormatoSconosciuto         Code = "formato_sconosciuto"
	CodeFuoriIntervallo            Code = "fuori_intervallo"
	CodeGiornoSconosciuto          Code = "giorno_sconosciuto"
	CodeImportoNonValido           Code = "importo_non_valido"
	CodeJSONNonValido              Code = "json_non_valido"
	CodeLettura                    Code = "lettura"
	CodeLottoInterrotto            Code = "lotto_interrotto"
	CodeLottoVuoto                 Code = "lotto_vuoto"
	CodeMetodoNonAmmesso           Code = "metodo_non_ammesso"
	CodeModuloNonValido            Code = "modulo_non_valido"
	CodeNessunaPena                Code = "nessuna_pena"
	CodeNonInVigore                Code = "non_in_vigore"
	CodeOrarioNonValido            Code = "orario_non_valido"
	CodeParametroSconosciuto       Code = "parametro_sconosciuto"
	CodePenaMancante               Code = "pena_mancante"
	CodePenaNonPertinente          Code = "pena_non_pertinente"
	CodePeriodiSovrapposti         Code = "periodi_sovrapposti"
	CodePeriodoInvertito           Code = "periodo_invertito"
	CodePianoTroppoLungo           Code = "piano_troppo_lungo"
	CodeQueryNonValida             Code = "query_non_valida"
	CodeQueryTroppoLunga           Code = "query_troppo_lunga"
	CodeRegolaFallita              Code = "regola_fallita"
	CodeRegoleMancanti             Code = "regole_mancanti"
	CodeRichiestaLenta             Code = "richiesta_lenta"
	CodeRichiestaTroppoGrande      Code = "richiesta_troppo_grande"
	CodeRigaNonValida              Code = "riga_non_valida"
	CodeRisorsaSconosciuta         Code = "risorsa_sconosciuta"
	CodeSedeSconosciuta            Code = "sede_sconosciuta"
	CodeSostituzioneEsclusa        Code = "sostituzione_esclusa"
	CodeTipoContenutoNonSupportato Code = "tipo_contenuto_non_supportato"
	CodeTipoErrato                 Code = "tipo_errato"
	CodeTroppeColonne              Code = "troppe_colonne"
	CodeTroppiLotti                Code = "troppi_lotti"
	CodeTroppiParametri            Code = "troppi_parametri"
	CodeValoreNonAmmesso           Code = "valore_non_ammesso"
	CodeValutazioneInterrotta      Code = "valutazione_interrotta"
)

// InfoCode describes a Code: the kinds of Error it comes with (a code
// that the decoder gives for bad input may be given by a rule, as a case
// the law does not allow) and its meaning in Italian.
type InfoCode struct {
	Code        Code
	Kinds       []Kind
	Significato string
}

var (
	kInput      = []Kind{KindInput}
	kNonAmmesso = []Kind{KindNotAllowed}
	kEntrambi   = []Kind{KindInput, KindNotAllowed}
	kRegola     = []Kind{KindRule}
	kInterrotto = []Kind{KindCanceled}
	kInterno    = []Kind{KindInternal}
	infoCodici  = [...]InfoCode{
		{CodeCampoCalcolato, kEntrambi, "il campo è calcolato dal motore e non va indicato"},
		{CodeCampoNonPertinente, kInput, "il campo non riguarda questo tipo di richiesta o questa fattispecie"},
		{CodeCampoObbligatorio, kEntrambi, "manca un dato necessario"},
		{CodeCampoSconosciuto, kInput, "campo che la richiesta non prevede"},
		{CodeCaricamentoInterrotto, kInterrotto, "caricamento delle regole interrotto (annullato o tempo scaduto)"},
		{CodeChiaveDuplicata, kInput, "lo stesso campo è indicato due volte"},
		{CodeCodificaNonValida, kInput, "il file non è nella codifica dichiarata (UTF-8 o Windows-1252)"},
		{CodeColonnaNonPertinente, kInput, "colonna del lotto che non riguarda il tipo di richiesta della riga"},
		{CodeColonnaRipetuta, kInput, "colonna del lotto ripetuta nell'intestazione"},
		{CodeColonnaSconosciuta, kInput, "colonna del lotto sconosciuta"},
		{CodeColonnaTroppoLunga, kInput, "valore di una colonna del lotto troppo lungo"},
		{CodeComandoSconosciuto, kInput, "tipo di richiesta sconosciuto"},
		{CodeCSVNonValido, kInput, "file CSV non leggibile"},
		{CodeDataNonValida, kEntrambi, "data inesistente, fuori dagli anni ammessi o incoerente con le altre"},
		{CodeDatiIncoerenti, kNonAmmesso, "dati tra loro incompatibili"},
		{CodeDomandaNonPrevista, kInput, "le regole non prevedono una domanda di sostituzione per la fattispecie"},
		{CodeErroreInterno, kInterno, "errore interno del motore o del server"},
		{CodeFattispecieSconosciuta, kInput, "fattispecie sconosciuta"},
		{CodeFormatoSconosciuto, kInput, "formato richiesto sconosciuto"},
		{CodeFuoriIntervallo, kEntrambi, "valore fuori dai limiti ammessi"},
		{CodeGiornoSconosciuto, kEntrambi, "giorno della settimana sconosciuto"},
		{CodeImportoNonValido, kEntrambi, "importo non leggibile"},
		{CodeJSONNonValido, kInput, "testo JSON non valido"},
		{CodeLettura, kInput, "impossibile leggere la richiesta"},
		{CodeLottoInterrotto, kInterrotto, "lotto interrotto prima della fine (richiesta annullata o tempo scaduto)"},
		{CodeLottoVuoto, kInput, "lotto senza righe o senza file"},
		{CodeMetodoNonAmmesso, kInput, "metodo HTTP non ammesso per la risorsa"},
		{CodeModuloNonValido, kInput, "modulo web non leggibile"},
		{CodeNessunaPena, kNonAmmesso, "nessuna pena da convertire"},
		{CodeNonInVigore, kNonAmmesso, "la norma non è in vigore alla data indicata"},
		{CodeOrarioNonValido, kInput, "orario non valido"},
		{CodeParametroSconosciuto, kInput, "parametro della query sconosciuto"},
		{CodePenaMancante, kNonAmmesso, "manca la pena che la fattispecie converte"},
		{CodePenaNonPertinente, kNonAmmesso, "pena che la fattispecie non consente di convertire"},
		{CodePeriodiSovrapposti, kEntrambi, "periodi che si sovrappongono"},
		{CodePeriodoInvertito, kInput, "periodo che finisce prima di cominciare"},
		{CodePianoTroppoLungo, kNonAmmesso, "calendario più lungo del massimo calcolabile"},
		{CodeQueryNonValida, kInput, "query non valida"},
		{CodeQueryTroppoLunga, kInput, "query troppo lunga"},
		{CodeRegolaFallita, kRegola, "una regola non ha potuto essere applicata al caso: errore nelle regole, non nella richiesta"},
		{CodeRegoleMancanti, kNonAmmesso, "le regole caricate non coprono questa richiesta"},
		{CodeRichiestaLenta, kInput, "richiesta ricevuta troppo lentamente"},
		{CodeRichiestaTroppoGrande, kInput, "richiesta oltre la dimensione massima"},
		{CodeRigaNonValida, kInput, "riga del lotto non valida"},
		{CodeRisorsaSconosciuta, kInput, "indirizzo sconosciuto"},
		{CodeSedeSconosciuta, kEntrambi, "sede della convenzione sconosciuta"},
		{CodeSostituzioneEsclusa, kNonAmmesso, "la sostituzione è esclusa per il caso: nessuna domanda da preparare"},
		{CodeTipoContenutoNonSupportato, kInput, "tipo di contenuto non supportato"},
		{CodeTipoErrato, kEntrambi, "valore di un tipo diverso da quello atteso"},
		{CodeTroppeColonne, kInput, "lotto con troppe colonne"},
		{CodeTroppiLotti, kInterno, "troppi lotti in corso: riprovare più tardi"},
		{CodeTroppiParametri, kInput, "troppi parametri nella query"},
		{CodeValoreNonAmmesso, kEntrambi, "valore non tra quelli ammessi"},
		{CodeValutazioneInterrotta, kInterrotto, "valutazione interrotta: richiesta annullata o tempo scaduto"},
	}
)

// Codes lists every Code with its kinds and meaning, in alphabetical
// order; the slice is the caller's.
func Codes() []InfoCode {
	out := make([]InfoCode, len(infoCodici))
	for i, c := range infoCodici {
		c.Kinds = append([]Kind(nil), c.Kinds...)
		out[i] = c
	}
	return out
}
