// Package lpu is the rules engine for Italian Lavoro di Pubblica Utilità.
//
// Load reads the rule files (YAML with CEL expressions) from an fs.FS —
// the embedded ones are in package rules, a directory of your own can
// overlay them with Overlay — validates, type-checks and compiles them
// once, and returns an immutable Engine that is safe for concurrent use.
// Its operations are the law's nouns:
//
//   - Calcolo: days and hours of LPU from the penalty, limits,
//     eligibility with reasons, the Fondo INAIL verdict, and every step
//     with the article it comes from;
//   - Fondo: the Fondo INAIL verdict alone;
//   - Convenzione: whether a host entity's convention covers a placement;
//   - Piano: the calendar of the sessions, with ICS and Registro to write
//     it;
//   - Lotto: many requests at once, JSON or CSV, streamed;
//   - Run: any of them from its JSON body, by kind.
//
// Every operation takes a context.Context and stops when it is done
// (between the steps of the rules, also inside each row of a lotto), with an
// error that wraps ctx.Err(); a nil context is context.Background().
//
// The request and response types mirror the public JSON API; Decode
// reads a request strictly, with Italian errors that name the field,
// and so does encoding/json's Unmarshal of a request type (its
// UnmarshalJSON is Decode); Run also names each field by its label. An
// amount is an Importo (ParseImporto reads "1.500,00" as a person
// writes it; the JSON refuses "1.500" as ambiguous), a limit a Limite
// (one the law does not set, such as MAP's weekly maximum, is not
// Definito: its JSON is null); what the engine computes is never a field
// of a request.
// Dates are civil dates; a request without a date is computed for today
// in Europe/Rome, so a program that may run where the system has no
// time-zone database should import time/tzdata.
//
// # Errors
//
// Every error about a request is an *Error: a stable Code (one of the
// Code constants; errors.Is(err, CodeFuoriIntervallo) tests it), an
// Italian Message, the Field it concerns (a path for programs, such as
// "pena.ammenda") and a Kind: KindInput for a bad request, KindNotAllowed
// for a well-formed request whose case the law does not allow,
// KindRule for a rule that failed while running (the rule set is at
// fault, not the request), KindCanceled for an evaluation stopped by its
// context, KindInternal for a failure of the engine. The HTTP server
// answers them 400, 422, 500, 503 and 500; the package itself does not
// import net/http. A few codes come both from the decoder and from a rule
// that refuses the case.
//
// A request with several bad fields gives them all (at most MaxErrors) as
// an ErrorList: errors.Is and errors.As look at each, AsError returns the
// first, AllErrors lists them. The codes (Codes lists them):
//
//	campo_calcolato                input, non_ammesso  il campo è calcolato dal motore e non va indicato
//	campo_non_pertinente           input               il campo non riguarda questo tipo di richiesta o questa fattispecie
//	campo_obbligatorio             input, non_ammesso  manca un dato necessario
//	campo_sconosciuto              input               campo che la richiesta non prevede
//	caricamento_interrotto         interrotto          caricamento delle regole interrotto (annullato o tempo scaduto)
//	chiave_duplicata               input               lo stesso campo è indicato due volte
//	codifica_non_valida            input               il file non è nella codifica dichiarata (UTF-8 o Windows-1252)
//	colonna_non_pertinente         input               colonna del lotto che non riguarda il tipo di richiesta della riga
//	colonna_ripetuta               input               colonna del lotto ripetuta nell'intestazione
//	colonna_sconosciuta            input               colonna del lotto sconosciuta
//	colonna_troppo_lunga           input               valore di una colonna del lotto troppo lungo
//	comando_sconosciuto            input               tipo di richiesta sconosciuto
//	csv_non_valido                 input               file CSV non leggibile
//	data_non_valida                input, non_ammesso  data inesistente, fuori dagli anni ammessi o incoerente con le altre
//	dati_incoerenti                non_ammesso         dati tra loro incompatibili
//	domanda_non_prevista           input               le regole non prevedono una domanda di sostituzione per la fattispecie
//	errore_interno                 interno             errore interno del motore o del server
//	fattispecie_sconosciuta        input               fattispecie sconosciuta
//	formato_sconosciuto            input               formato richiesto sconosciuto
//	fuori_intervallo               input, non_ammesso  valore fuori dai limiti ammessi
//	giorno_sconosciuto             input, non_ammesso  giorno della settimana sconosciuto
//	importo_non_valido             input, non_ammesso  importo non leggibile
//	json_non_valido                input               testo JSON non valido
//	lettura                        input               impossibile leggere la richiesta
//	lotto_interrotto               interrotto          lotto interrotto prima della fine (richiesta annullata o tempo scaduto)
//	lotto_vuoto                    input               lotto senza righe o senza file
//	metodo_non_ammesso             input               metodo HTTP non ammesso per la risorsa
//	modulo_non_valido              input               modulo web non leggibile
//	nessuna_pena                   non_ammesso         nessuna pena da convertire
//	non_in_vigore                  non_ammesso         la norma non è in vigore alla data indicata
//	orario_non_valido              input               orario non valido
//	parametro_sconosciuto          input               parametro della query sconosciuto
//	pena_mancante                  non_ammesso         manca la pena che la fattispecie converte
//	pena_non_pertinente            non_ammesso         pena che la fattispecie non consente di convertire
//	periodi_sovrapposti            input, non_ammesso  periodi che si sovrappongono
//	periodo_invertito              input               periodo che finisce prima di cominciare
//	piano_troppo_lungo             non_ammesso         calendario più lungo del massimo calcolabile
//	query_non_valida               input               query non valida
//	query_troppo_lunga             input               query troppo lunga
//	regola_fallita                 regola              una regola non ha potuto essere applicata al caso: errore nelle regole, non nella richiesta
//	regole_mancanti                non_ammesso         le regole caricate non coprono questa richiesta
//	richiesta_lenta                input               richiesta ricevuta troppo lentamente
//	richiesta_troppo_grande        input               richiesta oltre la dimensione massima
//	riga_non_valida                input               riga del lotto non valida
//	risorsa_sconosciuta            input               indirizzo sconosciuto
//	sede_sconosciuta               input, non_ammesso  sede della convenzione sconosciuta
//	sostituzione_esclusa           non_ammesso         la sostituzione è esclusa per il caso: nessuna domanda da preparare
//	tipo_contenuto_non_supportato  input               tipo di contenuto non supportato
//	tipo_errato                    input, non_ammesso  valore di un tipo diverso da quello atteso
//	troppe_colonne                 input               lotto con troppe colonne
//	troppi_lotti                   interno             troppi lotti in corso: riprovare più tardi
//	troppi_parametri               input               troppi parametri nella query
//	valore_non_ammesso             input, non_ammesso  valore non tra quelli ammessi
//	valutazione_interrotta         interrotto          valutazione interrotta: richiesta annullata o tempo scaduto
package lpu
