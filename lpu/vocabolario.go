package lpu

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/spec"
	vocab "github.com/lpu-it/lpu/lpu/internal/vocabolario"
)

// The vocabulary of the requests is declared in the rule files of tipo
// vocabolario (rules/vocabolario.yaml): for each kind of request, its
// fields with their type, bounds, accepted values, default, the Italian
// label and help a lawyer reads, and the source. The catalogue, the web
// form's labels and the checks of the accepted values come from it.

// vocabolario is the declared vocabulary (lpu/internal/vocabolario)
// with, by kind, the fields it declares without a Go field (altri.go).
type vocabolario struct {
	*vocab.Vocabolario
	// altri are the fields declared without a Go field (see altri.go),
	// by kind, in declaration order.
	senzaGo map[string][]*campoAltro
}

func nuovoVocabolario(files []*spec.File, ps *spec.Problems) *vocabolario {
	return &vocabolario{Vocabolario: vocab.Nuovo(files, ps), senzaGo: map[string][]*campoAltro{}}
}

func (v *vocabolario) campo(tipo, nome string) *spec.Campo {
	if v == nil {
		return nil
	}
	return v.Campo(tipo, nome)
}

// nomiSotto are the names of the fields of kind tipo declared under
// prefisso (those of fatti without «fatti.»), Go fields or not: what a
// misspelt member of that object may have meant.
func (v *vocabolario) nomiSotto(tipo, prefisso string) []string {
	if v == nil || v.Tipi[tipo] == nil {
		return nil
	}
	var out []string
	for _, n := range v.Tipi[tipo].Ordine {
		if nome, ok := strings.CutPrefix(n, prefisso+"."); ok && !strings.Contains(nome, ".") {
			out = append(out, nome)
		}
	}
	return out
}

// etichettaCampo is the label a lawyer reads for a declared field, or its
// name when the vocabulary does not declare it.
func (e *Engine) etichettaCampo(tipo, nome string) string {
	if c := e.voc.campo(tipo, nome); c != nil && c.Etichetta != "" {
		return c.Etichetta
	}
	return nome
}

// etichettaErrore is the label a lawyer reads for the field an error
// of a request of kind tipo is about, by its path as the error gives it:
// the vocabulary's label of the field; for a part of a duration or a
// key of a map, the field's label with the part's name or the key's
// label («Arresto (mesi)», «Ore per giorno della settimana (giovedì)»);
// under an object whose members are another request's fields (the
// piano's fatti), that request's label. Under a list, each list's label
// with the element's number, from 1, before it, apart by a dash (a label
// may have a comma): sospensioni[1].al is «Sospensioni n. 2 – Sospensione
// al», sospensioni[1] «Sospensioni n. 2», so that a request with several
// periods is told which one is wrong. "" when the vocabulary gives none.
func (e *Engine) etichettaErrore(tipo, campo string) string {
	nome := senzaPosizioni(campo)
	et := e.etichettaNome(tipo, nome)
	if et == "" || nome == campo {
		return et
	}
	var b strings.Builder
	for resto, letto := campo, 0; ; {
		i := strings.IndexByte(resto, '[')
		j := strings.IndexByte(resto, ']')
		if i < 0 || j < i {
			if resto != "" { // a member of the last element
				b.WriteString(" – " + et)
			}
			break
		}
		lista := e.etichettaNome(tipo, senzaPosizioni(campo[:letto+i]))
		n, err := strconv.Atoi(resto[i+1 : j])
		if lista == "" || err != nil {
			return et
		}
		if b.Len() > 0 {
			b.WriteString(" – ")
		}
		fmt.Fprintf(&b, "%s n. %d", lista, n+1)
		letto += j + 1
		resto = resto[j+1:]
	}
	return b.String()
}

// etichettaNome is etichettaErrore's label of a field by its path
// without the lists' positions (nome).
func (e *Engine) etichettaNome(tipo, nome string) string {
	for i := range len(nome) {
		if nome[i] != '.' {
			continue
		}
		if c := e.voc.campo(tipo, nome[:i]); c != nil && c.CampiDi != "" {
			tipo = c.CampiDi
			break
		}
	}
	if c := e.voc.campo(tipo, nome); c != nil {
		return c.Etichetta
	}
	i := strings.LastIndexByte(nome, '.')
	if i < 0 {
		return ""
	}
	c := e.voc.campo(tipo, nome[:i])
	if c == nil || c.Etichetta == "" {
		return ""
	}
	parte := nome[i+1:]
	switch c.Tipo {
	case "durata":
		return c.Etichetta + " (" + parte + ")"
	case "mappa":
		for _, v := range c.Valori {
			if v.Valore == parte && v.Etichetta != "" {
				return c.Etichetta + " (" + v.Etichetta + ")"
			}
		}
		return c.Etichetta + " («" + parte + "»)"
	}
	return ""
}

// senzaPosizioni is a field's path without the positions in its lists:
// sospensioni[0].dal is sospensioni.dal.
func senzaPosizioni(campo string) string {
	if !strings.Contains(campo, "[") {
		return campo
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(campo, '[')
		if i < 0 {
			break
		}
		j := strings.IndexByte(campo[i:], ']')
		if j < 0 {
			break
		}
		b.WriteString(campo[:i])
		campo = campo[i+j+1:]
	}
	b.WriteString(campo)
	return b.String()
}

// richiesteGo are the Go types of the kinds of request the engine
// answers; the vocabulary must declare each of their fields, with the
// same type.
var richiesteGo = map[string]reflect.Type{
	"calcolo":     reflect.TypeFor[Richiesta](),
	"fondo":       reflect.TypeFor[statoFondo](),
	"convenzione": reflect.TypeFor[statoConvenzione](),
	"piano":       reflect.TypeFor[RichiestaPiano](),
}

// richiesteSoloVocabolario are the kinds whose fields only the
// vocabulary declares, with no Go type and no rule file: the personal
// data of the domanda di sostituzione, which the server's form asks for
// and its document writes. Each is a testo with a max.
var richiesteSoloVocabolario = []string{"domanda"}

// tipiGo are the request types for the vocabulary's check
// (vocab.TipiGo): the piano's fatti are one oggetto, the calcolo's; a
// field declared without a Go field is checked by altro (altri.go).
func (v *vocabolario) tipiGo() *vocab.TipiGo {
	return &vocab.TipiGo{
		Richieste:       richiesteGo,
		Ordine:          []string{"calcolo", "fondo", "convenzione", "piano"},
		SoloVocabolario: richiesteSoloVocabolario,
		Speciali:        tipiSpeciali,
		Chiuso: func(t reflect.Type, f reflect.StructField) bool {
			return f.Type == reflect.TypeFor[Fatti]() && t == richiesteGo["piano"]
		},
		Altro: func(tipo string, c *spec.Campo, ps *spec.Problems) bool {
			return v.altro(tipo, c, oggettiConAltri(richiesteGo[tipo]), ps)
		},
	}
}

// tipiSpeciali are the Go types that are one field of a vocabulary type
// of their own.
var tipiSpeciali = map[reflect.Type]string{
	reflect.TypeFor[calc.Durata](): "durata",
	reflect.TypeFor[Importo]():     "importo",
	reflect.TypeFor[Data]():        "data",
}

// tipoVoc is the vocabulary type of a Go type.
func tipoVoc(t reflect.Type) string { return (&vocab.TipiGo{Speciali: tipiSpeciali}).Tipo(t) }

// controlla checks the vocabulary against the request types
// (vocab.Vocabolario.ControllaGo), and the values it says the engine
// provides to the rules against those the requests' states compute
// (vocab.Vocabolario.ControllaDalMotore).
func (v *vocabolario) controlla(ps *spec.Problems) {
	g := v.tipiGo()
	v.ControllaGo(g, ps)
	v.ControllaDalMotore(g, ps)
	v.ControllaNelCalcolo([]string{tipoNelCalcolo}, ps)
}

// valore checks a text field against the accepted values of its
// declaration and puts its default in when it is empty.
func (v *vocabolario) valore(tipo, nome string, val *string) error {
	c := v.campo(tipo, nome)
	if c == nil {
		return nil
	}
	if *val == "" {
		*val = c.Predefinito
		return nil
	}
	if !c.Ammette(*val) {
		return errInput(CodeValoreNonAmmesso, nome, "%s", messaggioNonAmmesso(c, *val))
	}
	return nil
}

// messaggioNonAmmesso is the message of the value v of a request, which
// is not among those the field c accepts: a request writes their codes,
// and a v that is the label of one (the form's text), or its code
// written in other case, is told the code to write («scrivere dm2001
// per «modello del D.M. 26 marzo 2001»»), not offered its label in the
// list as if it were accepted; any other v is given the list.
func messaggioNonAmmesso(c *spec.Campo, v string) string {
	norma := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	n := norma(v)
	for _, a := range c.Valori {
		if n != norma(a.Valore) && (a.Etichetta == "" || n != norma(a.Etichetta)) {
			continue
		}
		per := ""
		if a.Etichetta != "" {
			per = " per «" + a.Etichetta + "»"
		}
		return fmt.Sprintf("valore «%s» non ammesso: la richiesta indica il codice: scrivere %s%s", citaTesto(v), a.Valore, per)
	}
	return fmt.Sprintf("valore «%s» non ammesso: uno di %s", citaTesto(v), c.ValoriCitati())
}

// esitoEscluso is the Fund's esito of a case a step excludes: the
// vocabulary must declare it among the values of fondo's esito.
const esitoEscluso = EsitoNonAmmissibile

// uscitaAmmessa checks a text an evaluation computed for an output of
// tipo against the output's declared values: a value the vocabulary
// does not declare is an error in the rules, never an answer.
func (v *vocabolario) uscitaAmmessa(tipo, nome, val string) error {
	u := v.Uscita(tipo, nome)
	if u == nil || u.Ammette(val) {
		return nil
	}
	return errore(KindRule, CodeRegolaFallita, "", "le regole danno %s «%s», che il vocabolario non dichiara: uno di %s",
		nome, val, strings.Join(u.ValoriAmmessi(), ", "))
}
