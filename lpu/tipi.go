package lpu

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/jsonx"
)

// Durata is a penalty or a term: years, months, days.
type Durata = calc.Durata

// Data is a civil date, "YYYY-MM-DD" in JSON; the zero value means "not given".
type Data struct{ time.Time }

// NewData builds a Data. Like time.Date, it normalises a day or a month
// out of its range instead of refusing it: NewData(2025, 2, 31) is 3
// March 2025, NewData(2025, 13, 1) is 1 January 2026, and the evaluation
// takes it for that date. ParseData and the JSON form refuse such dates
// (31/02/2025 is data_non_valida): a date typed by a person is read with
// ParseData.
func NewData(y int, m time.Month, d int) Data { return Data{calc.Data(y, m, d)} }

// Indicata reports whether the date was given.
func (d Data) Indicata() bool { return !d.IsZero() }

func (d Data) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte(`""`), nil
	}
	return []byte(`"` + calc.FormatData(d.Time) + `"`), nil
}

// MarshalText writes the date as its JSON has it, without the quotes:
// "2025-06-10", or nothing for a date not given. It is what encoding/json
// writes for a Data that is a map key (the time.Time's would be RFC 3339,
// with a time and a zone) and what other encoders (YAML, TOML) write.
func (d Data) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(calc.FormatData(d.Time)), nil
}

// UnmarshalText reads a date as MarshalText writes it, with
// UnmarshalJSON's checks: "AAAA-MM-GG" in the years 1900–2200, or
// nothing for a date not given.
func (d *Data) UnmarshalText(b []byte) error {
	s := string(b)
	if s == "" {
		*d = Data{}
		return nil
	}
	t, err := calc.ParseData(s)
	if err != nil || !annoAmmesso(t) {
		return erroreData(s, "", err)
	}
	*d = Data{t}
	return nil
}

func (d Data) String() string {
	if d.IsZero() {
		return ""
	}
	return calc.FormatData(d.Time)
}

// Importo is a euro amount, a decimal string in JSON ("1500", "1500.50");
// the zero value is zero euro, which a request reads as "not given".
// ParseImporto reads one as a person writes it.
type Importo struct{ d decimal.Decimal }

// ImportoFromCents is the amount of c cents of euro.
func ImportoFromCents(c int64) Importo { return Importo{decimal.New(c, -2)} }

// Cents is the amount in cents of euro, rounded half away from zero (an
// amount from a request has at most two decimals).
func (i Importo) Cents() int64 { return i.d.Shift(2).Round(0).IntPart() }

// String is the amount as its JSON has it, with a decimal point and no
// trailing zeros: "1500", "1500.5".
func (i Importo) String() string { return i.d.String() }

// IsZero reports whether the amount is zero (or was not given).
func (i Importo) IsZero() bool { return i.d.IsZero() }

// Cmp compares two amounts: -1, 0 or +1 as i is less than, equal to or
// greater than j.
func (i Importo) Cmp(j Importo) int { return i.d.Cmp(j.d) }

// Equal reports whether the two amounts are equal ("1500" and "1500.00"
// are).
func (i Importo) Equal(j Importo) bool { return i.d.Equal(j.d) }

// MustImporto is ParseImporto for constants in code and tests: it panics
// on an amount it cannot read.
func MustImporto(s string) Importo {
	i, err := ParseImporto(s)
	if err != nil {
		panic(err)
	}
	return i
}

// ParseImporto reads an amount in euro as a person writes it, as the web
// form and the lotto's cells read it: the Italian way ("1.500,50",
// "1500,50", "1.500", "€ 1.500"), where a dot followed by groups of
// three digits separates the thousands, or with a decimal point and at
// most two decimals after four digits or more ("1500.50"). So "1.500"
// is millecinquecento euro, as an Italian writes it; the JSON of a
// request (Decode, Importo.UnmarshalJSON), where a dot is a decimal
// point, refuses it as ambiguous instead. A dot followed by one or two
// digits after at most three ("1.5", "1.50"), neither thousands nor the
// Italian way of writing cents, is refused as ambiguous (code
// importo_non_valido, the message giving both readings: «scrivere 1,50
// per 1 euro e 50 centesimi, 1.500 per 1.500 euro»); the JSON reads it
// as 1,50 €. Anything else ("1..5", "1,2.3", three decimals
// after a comma) is an *Error of code importo_non_valido, never a
// guess: a wrong amount is a wrong number of days. An amount beyond the
// engine's bound (a billion euro), which no request may give, is an
// *Error of code fuori_intervallo, as in a request.
func ParseImporto(s string) (Importo, error) {
	d, err := calc.ParseImporto(s)
	if errors.Is(err, calc.ErrNegativo) {
		return Importo{}, errInput(CodeImportoNonValido, "", "importo non valido: «%s» (il valore non può essere negativo)", citaTesto(s))
	}
	if errors.Is(err, calc.ErrAmbiguo) {
		return Importo{}, errInput(CodeImportoNonValido, "", "importo ambiguo: «%s» (%s)", citaTesto(s), calc.ConsiglioAmbiguo(s))
	}
	if err != nil {
		return Importo{}, errInput(CodeImportoNonValido, "", "importo non valido: «%s»", citaTesto(s))
	}
	if err := erroreImportoGrande(d, s, ""); err != nil {
		return Importo{}, err
	}
	return Importo{d}, nil
}

// ParseData reads a date as a person writes it, "05/12/2026" or
// "5/12/2026", or as the JSON has it, "2026-12-05". An impossible date
// (31/02/2026) or a year outside 1900–2200 is an *Error of code
// data_non_valida.
func ParseData(s string) (Data, error) {
	t, err := calc.ParseDataItaliana(strings.TrimSpace(s))
	if err != nil || !calc.AnnoAmmesso(t.Year()) {
		return Data{}, errInput(CodeDataNonValida, "", "%s", calc.MessaggioData(citaTesto(s), err, "GG/MM/AAAA"))
	}
	return Data{t}, nil
}

// UnmarshalJSON reads a Data as MarshalJSON writes it: "YYYY-MM-DD", or
// "" for a date not given.
func (d *Data) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errInput(CodeTipoErrato, "", "attesa una data \"AAAA-MM-GG\", trovato %s", citaTesto(string(b)))
	}
	return d.UnmarshalText([]byte(s))
}

// UnmarshalJSON reads an Importo as a request's JSON has it and Decode
// reads it: a JSON string with a decimal point and at most two decimals
// ("1500.00"), or a JSON number; "" and null are no amount. An amount
// that could be read two ways ("1.500", "1500,00") is refused as
// Decode refuses it (importo_non_valido), never guessed.
func (i *Importo) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil // (as encoding/json leaves a value for null)
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return errInput(CodeImportoNonValido, "", "importo non valido: %s", citaTesto(string(b)))
		}
	}
	if strings.TrimSpace(s) == "" {
		*i = Importo{}
		return nil
	}
	d, err := leggiImporto(s, "")
	if err != nil {
		return err
	}
	*i = Importo{d}
	return nil
}

// MarshalJSON writes the amount as a JSON string, "1500.5".
func (i Importo) MarshalJSON() ([]byte, error) { return json.Marshal(i.d.String()) }

// Richiesta is a calcolo request. Its JSON is read by Decode, and by
// encoding/json through UnmarshalJSON, which is Decode: the same checks,
// codes and messages either way.
type Richiesta struct {
	Fattispecie string     `json:"fattispecie"`
	Data        Data       `json:"data"`
	Pena        Pena       `json:"pena"`
	Fatti       Fatti      `json:"fatti"`
	Opzioni     Opzioni    `json:"opzioni"`
	Esecuzione  Esecuzione `json:"esecuzione"`
}

// UnmarshalJSON reads the request as Decode does, with its checks (an
// unknown field, a name given twice, an ambiguous amount are errors);
// encoding/json alone would drop a misspelt field («amenda») without a
// word, which for a request is a wrong answer.
func (r *Richiesta) UnmarshalJSON(b []byte) error { return DecodeBytes(b, r) }

// Pena is the penalty to convert.
type Pena struct {
	Reclusione Durata  `json:"reclusione"`
	Arresto    Durata  `json:"arresto"`
	Multa      Importo `json:"multa"`
	Ammenda    Importo `json:"ammenda"`
	// GiorniLPU: for gdp54 (and map), the days of LPU set by the judge.
	GiorniLPU int `json:"giorni_lpu" lpu:"max=100000"`
	// OreLPU: for map, the hours of LPU set by the programme (extension).
	OreLPU int `json:"ore_lpu" lpu:"max=200000"`
}

// UnmarshalJSON reads the penalty as Decode reads the pena of a
// request, with its checks: a misspelt member («amenda») is an error,
// not a penalty silently left out.
func (p *Pena) UnmarshalJSON(b []byte) error { return leggiOggetto(b, p, "pena") }

// Fatti are the facts that decide eligibility.
type Fatti struct {
	Incidente               bool   `json:"incidente"`
	SostituzioniPrecedenti  int    `json:"sostituzioni_precedenti" lpu:"max=100"`
	DecretoPenale           bool   `json:"decreto_penale"`
	SospensioneCondizionale bool   `json:"sospensione_condizionale"`
	Comma                   string `json:"comma" lpu:"max=20"`
	PenaEdittaleMax         Durata `json:"pena_edittale_max"`
	SoloPenaPecuniaria      bool   `json:"solo_pena_pecuniaria"`
	Articolo550             string `json:"articolo_550" lpu:"max=40"`
	MapPrecedente           bool   `json:"map_precedente"`
	DelinquenteAbituale     bool   `json:"delinquente_abituale"`
	Convenzione             string `json:"convenzione" lpu:"max=40"`
	// Tribunale: for map, the tribunal whose protocol bands apply (extension).
	Tribunale string `json:"tribunale" lpu:"max=80"`
	// Contravvenzione: the offence is a contravvenzione, not a delitto (map bands).
	Contravvenzione bool `json:"contravvenzione"`
	// GiorniProva: for map, days of prova served before revoca or negative outcome.
	GiorniProva int `json:"giorni_prova" lpu:"max=100000"`
	// Extensions of the contract.
	DelinquenteProfessionale bool `json:"delinquente_professionale"`
	DelinquenteTendenza      bool `json:"delinquente_tendenza"`
	Tossicodipendente        bool `json:"tossicodipendente"`
	Reato407                 bool `json:"reato_407_c2_a"`
	ReatoControPersona       bool `json:"reato_contro_persona"`
	RichiestaOltreLimite     bool `json:"richiesta_oltre_limite_settimanale"`
	ReatiConnessi            bool `json:"reati_connessi"`
	OpposizioneImputato      bool `json:"opposizione_imputato"`
	// Art. 59 L. 689/1981 (56-bis) and art. 73 c.5-ter DPR 309/1990.
	RevocaSostitutiva3Anni bool `json:"revoca_sostitutiva_tre_anni"`
	DelittoInSostitutiva   bool `json:"delitto_durante_sostitutiva"`
	MisuraSicurezza        bool `json:"misura_sicurezza_personale"`
	VizioParzialeMente     bool `json:"vizio_parziale_mente"`
	Reato4BisOP            bool `json:"reato_4bis_op"`
	Attenuante323Bis       bool `json:"attenuante_323bis"`
	Minorenne              bool `json:"minorenne"`
	NessoDipendenza        bool `json:"nesso_dipendenza"`
	Precedente5Ter         bool `json:"precedente_5ter"`
	// Altri are the facts declared only in the rules' vocabulary (a field
	// fatti.<nome> of a vocabulary file with no Go field here), by name
	// without the prefix: Altri["sospensione_precedente"] = true. A value
	// is of the declared type (bool, int, string, Data, Durata, Importo,
	// or as JSON decodes it); Calcolo checks each against its
	// declaration and refuses a name the vocabulary does not declare. In
	// JSON they are members of the fatti object like the others (Decode
	// and UnmarshalJSON read them, MarshalJSON writes them).
	Altri map[string]any `json:"-" lpu:"altri"`
}

// MarshalJSON writes the facts as encoding/json writes the struct, with
// the members of Altri after the others, in name order.
func (f Fatti) MarshalJSON() ([]byte, error) {
	type campi Fatti // (without the method)
	return conAltri(campi(f), f.Altri)
}

// UnmarshalJSON reads the facts as Decode reads the fatti of a request,
// with its checks (a field not given keeps its value): a member that is
// not a field goes to Altri as Decode puts it there (a number as the
// text of its digits, a durata as an object), so that encoding/json's
// Unmarshal reads back what MarshalJSON writes.
func (f *Fatti) UnmarshalJSON(b []byte) error { return leggiOggetto(b, f, "fatti") }

// Opzioni are the readings the sources leave open.
type Opzioni struct {
	Mese              string `json:"mese" lpu:"max=20"`
	Frazione250       string `json:"frazione_250" lpu:"max=20"`
	RagguaglioResiduo string `json:"ragguaglio_residuo" lpu:"max=20"`
	// Altri are the options declared only in the rules' vocabulary, as
	// Fatti.Altri are the facts.
	Altri map[string]any `json:"-" lpu:"altri"`
}

// MarshalJSON writes the options as Fatti.MarshalJSON writes the facts.
func (o Opzioni) MarshalJSON() ([]byte, error) {
	type campi Opzioni // (without the method)
	return conAltri(campi(o), o.Altri)
}

// UnmarshalJSON reads the options as Fatti.UnmarshalJSON reads the facts.
func (o *Opzioni) UnmarshalJSON(b []byte) error { return leggiOggetto(b, o, "opzioni") }

// Esecuzione describes the execution so far.
type Esecuzione struct {
	OreSvolte                   int `json:"ore_svolte" lpu:"max=200000"`
	LiberazioneAnticipataGiorni int `json:"liberazione_anticipata_giorni" lpu:"max=100000"`
	// DataInizio (extension): the first day of work, for the Fund's
	// deadline; when absent the case's data stands in, with a caveat.
	DataInizio Data `json:"data_inizio"`
	// GiornateLavorate (extension): the days actually worked, for the
	// Fund's premium; when absent the days of work stand in.
	GiornateLavorate int `json:"giornate_lavorate" lpu:"max=100000"`
	// PrimaSessione and Sessioni (extension): the first session and the
	// number of sessions of the calendar of the work, which the Fund's
	// rules read for the deadline and the premium (the web calculator
	// fills them from its calendar).
	PrimaSessione Data `json:"prima_sessione"`
	Sessioni      int  `json:"sessioni" lpu:"max=100000"`
}

// Passo is one step of the explanation.
type Passo struct {
	Regola string `json:"regola"`
	Fonte  string `json:"fonte"`
	Testo  string `json:"testo"`
}

// Settimane is the duration of the work in weeks: at least Min (at the
// weekly maximum, or the law's minimum period when it is longer) and at
// most Max (at the weekly minimum), each a number or none (JSON null),
// with the rule step that computed it (Regola…, as in Passo) and its
// legal source (Fonte…), empty when there is no figure.
type Settimane struct {
	Min       Limite `json:"min"`
	Max       Limite `json:"max"`
	RegolaMin string `json:"regola_min,omitempty"`
	FonteMin  string `json:"fonte_min,omitempty"`
	RegolaMax string `json:"regola_max,omitempty"`
	FonteMax  string `json:"fonte_max,omitempty"`
}

// Limiti are the weekly and daily limits of a fattispecie at a date.
type Limiti struct {
	OreSettimanaliMin Limite `json:"ore_settimanali_min"`
	OreSettimanaliMax Limite `json:"ore_settimanali_max"`
	OreGiornaliereMax Limite `json:"ore_giornaliere_max"`
	// DurataMesiMax is the longest programme the law allows, in months
	// (for map, the suspension of art. 464-quater c.5 c.p.p.): only
	// where the rules give one (the JSON leaves it out otherwise).
	DurataMesiMax Limite `json:"durata_mesi_max,omitzero"`
}

// Limite is one limit: Valore when Definito, none otherwise (the law
// sets no such limit for the case: MAP has no weekly maximum). Its JSON
// is the number, or null when not Definito.
type Limite struct {
	Valore   int
	Definito bool
}

// Int returns the limit and whether there is one.
func (l Limite) Int() (int, bool) { return l.Valore, l.Definito }

func (l Limite) String() string {
	if !l.Definito {
		return "nessuno"
	}
	return strconv.Itoa(l.Valore)
}

// puntatore is the limit as the calendar takes it: nil for none.
func (l Limite) puntatore() *int {
	if !l.Definito {
		return nil
	}
	return &l.Valore
}

// MarshalJSON writes the number, or null.
func (l Limite) MarshalJSON() ([]byte, error) { return l.appendJSON(nil), nil }

func (l Limite) appendJSON(dst []byte) []byte {
	if !l.Definito {
		return append(dst, "null"...)
	}
	return strconv.AppendInt(dst, int64(l.Valore), 10)
}

// UnmarshalJSON reads a number or null.
func (l *Limite) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*l = Limite{}
		return nil
	}
	n, err := strconv.Atoi(string(b))
	if err != nil {
		return errInput(CodeTipoErrato, "", "atteso un numero intero o null, trovato %s", citaTesto(string(b)))
	}
	*l = Limite{Valore: n, Definito: true}
	return nil
}

func init() {
	// A Limite stays on jsonx's fast path, with MarshalJSON's bytes.
	jsonx.Propria(reflect.TypeFor[Limite](), func(dst []byte, v reflect.Value) []byte {
		return Limite{Valore: int(v.Field(0).Int()), Definito: v.Field(1).Bool()}.appendJSON(dst)
	})
}

// Residuo is what is left when the LPU is revoked. GiorniPena are the
// days of the original penalty to restore (contract), a pecuniary one
// ragguagliata in days. Where the rules give the penalty to restore by
// kind (artt. 186 and 187 C.d.S.), GiorniArresto are the days of arresto
// (the output residuo_giorni_arresto; nil when the rules do not give
// it) and Ammenda the amount of the ammenda ("850.00", the output
// residuo_ammenda; empty when they do not): extensions of the contract.
type Residuo struct {
	Ore           int    `json:"ore"`
	GiorniPena    int    `json:"giorni_pena"`
	Criterio      string `json:"criterio"`
	GiorniArresto *int   `json:"giorni_arresto,omitempty"`
	Ammenda       string `json:"ammenda,omitempty"`
}

// The Fund's verdicts, the values of EsitoFondo.Esito and
// RisultatoFondo.Esito (contract: fondo_inail.esito). The rules'
// vocabulary declares them with their labels (rules/vocabolario.yaml,
// fondo's esito; Engine.Uscite("fondo") lists them); an overlay may
// declare more, never fewer than EsitoNonAmmissibile, the verdict of a
// case a step excludes.
const (
	EsitoAmmissibile    = "ammissibile"
	EsitoNonAmmissibile = "non_ammissibile"
	EsitoDaVerificare   = "da_verificare"
)

// EsitoFondo is the Fondo INAIL verdict.
type EsitoFondo struct {
	Esito  string   `json:"esito"`
	Motivi []string `json:"motivi"`
	// RichiestaEntro and PremioStimato are absent when the Fund does not
	// cover the case (esito non_ammissibile): the rules compute them
	// only while no step has excluded it (rules/fondo.yaml).
	RichiestaEntro string `json:"richiesta_entro,omitempty"`
	PremioStimato  string `json:"premio_stimato,omitempty"`
	// Avvertenze are the Fund's own caveats (extension of the contract):
	// they stay with the Fund's verdict instead of joining the calcolo's.
	Avvertenze []string `json:"avvertenze,omitempty"`
}

// Ricevuta identifies what produced an answer.
type Ricevuta struct {
	Regole string `json:"regole"`
	Motore string `json:"motore"`
}

// Risultato is the answer to a calcolo request.
//
// Read Ammissibile first: Giorni and Ore are computed for every case, and
// when the law excludes the LPU they are not work due but the figures
// the rules compute all the same, from the penalty or the days asked (a
// gdp54 case asking 200 days: Ammissibile false, Giorni 200, Ore 400,
// the Motivi citing the maximum of six months).
type Risultato struct {
	Fattispecie string `json:"fattispecie"`
	Data        string `json:"data"`
	// Ammissibile is the verdict: false when the law excludes the LPU
	// for the case, Motivi saying why.
	Ammissibile bool     `json:"ammissibile"`
	Motivi      []string `json:"motivi"`
	// Giorni and Ore are the days and hours of LPU due, after any
	// liberazione anticipata, when Ammissibile; otherwise the figures
	// computed all the same (the JSON answer's numbers too), which no
	// one is to serve.
	Giorni     int         `json:"giorni"`
	Ore        int         `json:"ore"`
	Limiti     Limiti      `json:"limiti"`
	Residuo    *Residuo    `json:"residuo,omitempty"`
	FondoInail *EsitoFondo `json:"fondo_inail,omitempty"`
	// Valori are the values the fattispecie's rules export, by name:
	// each one's type is in Catalogo (InfoFattispecie.Valori,
	// InfoValore.Tipo), whose doc gives the Go type it arrives as.
	Valori map[string]any `json:"valori,omitempty"`
	// Settimane is how many weeks the work takes, as the rules compute
	// it (the outputs settimane_min and settimane_max), each figure with
	// the step and the article it comes from; nil when the rules give
	// neither (no weekly limit, no hours). An extension of the contract.
	Settimane  *Settimane `json:"settimane,omitempty"`
	Passi      []Passo    `json:"passi"`
	Avvertenze []string   `json:"avvertenze"`
	Ricevuta   Ricevuta   `json:"ricevuta"`
}

// RichiestaFondo asks whether a placement can be insured by the Fondo INAIL.
type RichiestaFondo struct {
	Fattispecie string `json:"fattispecie" lpu:"max=40"`
	DataInizio  Data   `json:"data_inizio"`
	Convenzione string `json:"convenzione" lpu:"max=40"`
	Giorni      int    `json:"giorni" lpu:"max=100000"`
	// Extensions of the contract.
	// GiornateLavorate: the days actually worked, when sessions are longer
	// than 2 hours (the premium is due per day worked); default giorni.
	GiornateLavorate int `json:"giornate_lavorate" lpu:"max=100000"`
	// FondoEsaurito: INAIL reports the Fund exhausted for the year.
	FondoEsaurito bool `json:"fondo_esaurito"`
	// RetribuzioneGiornaliera: the daily base of the ordinary policy, if
	// the INAIL office gives one (default: the yearly minimum daily wage).
	RetribuzioneGiornaliera Importo `json:"retribuzione_giornaliera"`
	// PrimaSessione and Sessioni: the calendar's first session and its
	// number of sessions, when the work has a calendar; OreSvolte: the
	// hours already served, after which the calendar's sessions are the
	// days still to work (as Esecuzione's).
	PrimaSessione Data `json:"prima_sessione"`
	Sessioni      int  `json:"sessioni" lpu:"max=100000"`
	OreSvolte     int  `json:"ore_svolte" lpu:"max=200000"`
}

// UnmarshalJSON reads the request as Decode does (see Richiesta's).
func (r *RichiestaFondo) UnmarshalJSON(b []byte) error { return DecodeBytes(b, r) }

// RisultatoFondo is the answer to a fondo request.
type RisultatoFondo struct {
	Esito  string   `json:"esito"`
	Motivi []string `json:"motivi"`
	// RichiestaEntro and PremioStimato: as in EsitoFondo, absent when the
	// Fund does not cover the case.
	RichiestaEntro string `json:"richiesta_entro,omitempty"`
	PremioStimato  string `json:"premio_stimato,omitempty"`
	// Valori are the values the Fund's rules export, by name: each one's
	// type is in Engine.ValoriEsportati("fondo") (InfoValore.Tipo),
	// whose doc gives the Go type it arrives as.
	Valori     map[string]any `json:"valori,omitempty"`
	Passi      []Passo        `json:"passi"`
	Avvertenze []string       `json:"avvertenze"`
	Ricevuta   Ricevuta       `json:"ricevuta"`
}

// Convenzione describes a host entity's convention.
type Convenzione struct {
	Modello     string   `json:"modello" lpu:"max=40"`
	Decorrenza  Data     `json:"decorrenza"`
	Anni        int      `json:"anni" lpu:"max=100"`
	Scadenza    Data     `json:"scadenza"`
	Recesso     Data     `json:"recesso"`
	Fattispecie []string `json:"fattispecie" lpu:"max=50"`
	// Extensions of the contract (see Sede).
	Nazionale bool     `json:"nazionale"` // national convention signed by the Ministry
	EnteUEPE  bool     `json:"ente_uepe"` // the host would be the UEPE itself
	Attivita  []string `json:"attivita" lpu:"max=20"`
	Sedi      []Sede   `json:"sedi" lpu:"max=500"`
}

// RichiestaConvenzione asks whether a convention is valid for a placement.
type RichiestaConvenzione struct {
	Convenzione Convenzione `json:"convenzione"`
	Fattispecie string      `json:"fattispecie" lpu:"max=40"`
	Data        Data        `json:"data"`
	// Extensions of the contract: the post to check (see VerificaPosti).
	Sede      string     `json:"sede" lpu:"max=200"`
	TipoPosto string     `json:"tipo_posto" lpu:"max=40"`
	Periodo   Intervallo `json:"periodo"`
}

// UnmarshalJSON reads the request as Decode does (see Richiesta's).
func (r *RichiestaConvenzione) UnmarshalJSON(b []byte) error { return DecodeBytes(b, r) }

// RisultatoConvenzione is the answer to a convenzione request.
type RisultatoConvenzione struct {
	Valida   bool     `json:"valida"`
	Motivi   []string `json:"motivi"`
	Scadenza string   `json:"scadenza,omitempty"`
	// Valori are the values the convention's rules export, by name:
	// each one's type is in Engine.ValoriEsportati("convenzione")
	// (InfoValore.Tipo), whose doc gives the Go type it arrives as.
	Valori     map[string]any `json:"valori,omitempty"`
	Passi      []Passo        `json:"passi"`
	Avvertenze []string       `json:"avvertenze"`
	Ricevuta   Ricevuta       `json:"ricevuta"`
}

// statoFondo is a fondo request as the Fund's rules read it: the request
// and what the engine computes for it, which a request cannot give (the
// decoder refuses those names, see calcolati).
type statoFondo struct {
	RichiestaFondo
	// InizioDallaData: the start date is not the real first day of work
	// but the date of the case (set by a calcolo when
	// esecuzione.data_inizio is not given: the ripiego of data_inizio in
	// the vocabulary's nel_calcolo), so the deadline is only indicative.
	InizioDallaData bool `json:"inizio_dalla_data" lpu:"calcolato"`
	// LpuEscluso: the calcolo the Fund answers with excluded the case
	// (its ammissibile is false: an esclude step of the fattispecie
	// held), so no placement exists for the Fund to cover (set by a
	// calcolo from its verdict, the vocabulary's nel_calcolo; false for
	// a fondo request alone).
	LpuEscluso bool `json:"lpu_escluso" lpu:"calcolato"`
	// DataRiferimento is the start of the activities as the vocabulary's
	// data_riferimento chooses it, CampoRiferimento the field it comes
	// from (prima_sessione or data_inizio: the two may hold the same
	// date), set before the rules run (valutaFondo): the rules read the
	// choice instead of making it again.
	DataRiferimento  Data   `json:"data_riferimento" lpu:"calcolato"`
	CampoRiferimento string `json:"data_riferimento_campo" lpu:"calcolato"`
	// DataCaso is the date of the calcolo's case (its data), when the
	// request gives it: not indicated when it does not (the calcolo then
	// reads the law at today's date, which says nothing of the case) and
	// for a fondo request alone. The rules compare the first day of work
	// with it.
	DataCaso Data `json:"data_caso" lpu:"calcolato"`
}

// statoConvenzione is a convenzione request as the rules read it.
type statoConvenzione struct {
	RichiestaConvenzione
	// Posti is computed by the engine from convenzione.sedi.
	Posti verificaPosti `json:"posti" lpu:"calcolato"`
}

// campoCalcolato is a member of a request's state that the engine
// computes: its Go type, and what the refusal of it in a request says
// after «calcolato dal motore» (where the engine takes it from).
type campoCalcolato struct {
	tipo reflect.Type
	da   string
}

// calcolati are, for each request type, the members of its state the
// engine computes: the decoder refuses them (campo_calcolato), as it
// always has, though the request type has no such field. The refusal
// names them by their labels (dal_motore in the vocabulary) when the
// engine answers the request (nomina); Decode alone, which
// knows no vocabulary, names none.
var calcolati = map[reflect.Type]map[string]campoCalcolato{
	reflect.TypeFor[RichiestaFondo](): {
		"inizio_dalla_data":      {reflect.TypeFor[bool](), " (dalla data del caso, quando manca il primo giorno di lavoro)"},
		"lpu_escluso":            {reflect.TypeFor[bool](), " (dall'esito del calcolo, che esclude il lavoro di pubblica utilità nel caso)"},
		"data_riferimento":       {reflect.TypeFor[Data](), " (dalla prima sessione del calendario o dal primo giorno di lavoro)"},
		"data_riferimento_campo": {reflect.TypeFor[string](), " (dalla prima sessione del calendario o dal primo giorno di lavoro)"},
		"data_caso":              {reflect.TypeFor[Data](), " (dalla data del caso, nel calcolo)"},
	},
	reflect.TypeFor[RichiestaConvenzione](): {
		"posti": {reflect.TypeFor[verificaPosti](), " dalle sedi della convenzione"},
	},
}
