// Package celx is the one CEL library the LPU rules use: a decimal type for
// money, a duration type for penalties as the law writes them, civil dates,
// and the conversions of the calc package with explicit rounding. It is
// built once per engine.
package celx

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/decls"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/calc"
)

// Types of the library, as CEL sees them.
var (
	DecimaleType = cel.OpaqueType("decimale")
	DurataType   = cel.OpaqueType("durata")
	DataType     = cel.TimestampType
)

// Runtime types: the checker knows decimale and durata as opaque types;
// at run time the values report these types, whose trait masks let the
// standard operators (+ - * < <= > >=) dispatch to them.
var (
	decimaleRT = types.NewObjectType("decimale", traits.AdderType, traits.SubtractorType, traits.MultiplierType, traits.ComparerType)
	durataRT   = types.NewObjectType("durata", traits.ComparerType)
)

// Decimale is a decimal.Decimal as a CEL value.
type Decimale struct{ D decimal.Decimal }

var (
	_ ref.Val         = Decimale{}
	_ traits.Comparer = Decimale{}
)

func (d Decimale) ConvertToNative(t reflect.Type) (any, error) {
	if t == reflect.TypeOf(decimal.Decimal{}) {
		return d.D, nil
	}
	return nil, fmt.Errorf("decimale: conversione a %v non supportata", t)
}
func (d Decimale) ConvertToType(t ref.Type) ref.Val {
	switch t {
	case DecimaleType, decimaleRT:
		return d
	case types.StringType:
		return types.String(d.D.String())
	case types.TypeType:
		return DecimaleType
	}
	return types.NewErr("decimale: conversione a %s non supportata", t.TypeName())
}
func (d Decimale) Equal(o ref.Val) ref.Val {
	e, ok := o.(Decimale)
	return types.Bool(ok && d.D.Equal(e.D))
}
func (d Decimale) Compare(o ref.Val) ref.Val {
	e, ok := o.(Decimale)
	if !ok {
		return types.MaybeNoSuchOverloadErr(o)
	}
	return types.Int(d.D.Cmp(e.D))
}
func (d Decimale) Add(o ref.Val) ref.Val {
	e, ok := o.(Decimale)
	if !ok {
		return types.MaybeNoSuchOverloadErr(o)
	}
	return Decimale{d.D.Add(e.D)}
}
func (d Decimale) Subtract(o ref.Val) ref.Val {
	e, ok := o.(Decimale)
	if !ok {
		return types.MaybeNoSuchOverloadErr(o)
	}
	return Decimale{d.D.Sub(e.D)}
}
func (d Decimale) Multiply(o ref.Val) ref.Val {
	e, ok := o.(Decimale)
	if !ok {
		return types.MaybeNoSuchOverloadErr(o)
	}
	return Decimale{d.D.Mul(e.D)}
}
func (d Decimale) Type() ref.Type { return decimaleRT }
func (d Decimale) Value() any     { return d.D }

// Durata is a calc.Durata as a CEL value.
type Durata struct{ D calc.Durata }

var _ ref.Val = Durata{}

func (d Durata) ConvertToNative(t reflect.Type) (any, error) {
	if t == reflect.TypeOf(calc.Durata{}) {
		return d.D, nil
	}
	return nil, fmt.Errorf("durata: conversione a %v non supportata", t)
}
func (d Durata) ConvertToType(t ref.Type) ref.Val {
	switch t {
	case DurataType, durataRT:
		return d
	case types.StringType:
		return types.String(d.D.String())
	case types.TypeType:
		return DurataType
	}
	return types.NewErr("durata: conversione a %s non supportata", t.TypeName())
}
func (d Durata) Equal(o ref.Val) ref.Val {
	e, ok := o.(Durata)
	return types.Bool(ok && d.D == e.D)
}
func (d Durata) Compare(o ref.Val) ref.Val {
	e, ok := o.(Durata)
	if !ok {
		return types.MaybeNoSuchOverloadErr(o)
	}
	return types.Int(d.D.Confronta(e.D))
}
func (d Durata) Type() ref.Type { return durataRT }
func (d Durata) Value() any     { return d.D }

// NewData wraps a civil date as a CEL timestamp.
func NewData(t time.Time) ref.Val { return types.Timestamp{Time: calc.Giorno(t)} }

func dec(v ref.Val) decimal.Decimal { return v.(Decimale).D }

// pow10 are the powers of ten that fit an int64.
var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// intero is d rounded up (eccesso) or down to an integer, as
// d.Ceil().IntPart() and d.Floor().IntPart(); a coefficient of at most
// 18 digits with an exponent down to -18 (every amount of the rules) is
// divided as an int64, where shopspring would raise ten to the exponent
// and divide with big.Int.
func intero(d decimal.Decimal, eccesso bool) int64 {
	exp := d.Exponent()
	if d.IsZero() {
		return 0
	}
	if exp > 0 || exp < -18 || d.NumDigits() > 18 {
		if eccesso {
			return d.Ceil().IntPart()
		}
		return d.Floor().IntPart()
	}
	c, p := d.CoefficientInt64(), pow10[-exp]
	q, r := c/p, c%p
	switch {
	case r > 0 && eccesso:
		q++
	case r < 0 && !eccesso:
		q--
	}
	return q
}

// AlCentesimo is d rounded to the cent, the half cent away from zero, as
// euro amounts are rounded (decimal.Round): 0,125 is 0,13 and -0,125 is
// -0,13 (it was -0,12, the half cent toward +∞); a positive amount's
// cents are ⌊d × 100 + ½⌋ as before. It is written with two decimals
// (its exponent is -2, as decimale(n) * decimale("0.01") gives).
func AlCentesimo(d decimal.Decimal) decimal.Decimal {
	return d.Round(2)
}

func dur(v ref.Val) calc.Durata { return v.(Durata).D }
func ts(v ref.Val) time.Time    { return v.(types.Timestamp).Time }

// interi are the ints 0 to 4095 as CEL values, made once: the library's
// functions give days, hours and years, and a CEL int of 256 or more
// is an allocation each time it is made.
var interi = func() (t [4096]ref.Val) {
	for i := range t {
		t[i] = types.Int(i)
	}
	return t
}()

// Intero is types.Int(n) as a CEL value, without allocating for the
// ints of interi.
func Intero(n int64) ref.Val {
	if n >= 0 && n < int64(len(interi)) {
		return interi[n]
	}
	return types.Int(n)
}

// decimali are the ints 0 to 1023 as CEL decimals, made once (a
// decimal is a big.Int, and boxed as a CEL value one allocation more):
// decimale(giornate) runs at every evaluation. A decimal is never
// changed in place, so they are shared.
var decimali = func() (t [1024]ref.Val) {
	for i := range t {
		t[i] = Decimale{decimal.NewFromInt(int64(i))}
	}
	return t
}()

// DecimaleDi is decimale(n) as a CEL value, without allocating for the
// ints of decimali.
func DecimaleDi(n int64) ref.Val {
	if n >= 0 && n < int64(len(decimali)) {
		return decimali[n]
	}
	return Decimale{decimal.NewFromInt(n)}
}

// Funzione documents one function of the library, for the README and the
// JSON Schema.
type Funzione struct {
	Firma, Descrizione string
}

// Funzioni lists what the library offers, in the words a rule author needs.
var Funzioni = []Funzione{
	{"decimale(string) -> decimale", "un importo o un numero decimale esatto: decimale(\"250\")"},
	{"decimale(int) -> decimale", "un intero come decimale"},
	{"decimale + - * decimale", "aritmetica esatta; confronti < <= > >= == !="},
	{"durata(int anni, int mesi, int giorni) -> durata", "una pena o un termine come li scrive la legge"},
	{"durata < <= > >= durata", "confronto a mesi di 30 giorni"},
	{"giorni(durata, string criterio, data da) -> int", "giorni di una durata: criterio \"30_giorni\" (mesi di 30, anni di 360) o \"calendario\" (calendario comune da `da`)"},
	{"giorni_da_euro(decimale importo, decimale quota, string arrotondamento) -> int", "giorni per un importo a `quota` euro al giorno; arrotondamento \"eccesso\" (la frazione vale un giorno) o \"difetto\""},
	{"per_eccesso(decimale) -> int / per_difetto(decimale) -> int", "arrotondamenti espliciti all'intero"},
	{"al_centesimo(decimale) -> decimale", "un importo arrotondato al centesimo, il mezzo centesimo per eccesso (lontano dallo zero): 0,125 → 0,13; 0,1249 → 0,12; -0,125 → -0,13"},
	{"per_mille(decimale importo, decimale tasso) -> decimale", "l'importo per un tasso per mille (importo × tasso ÷ 1000), esatto: un premio a un tasso in ‰"},
	{"quoziente(int, int) -> int / resto(int, int) -> int", "divisione intera esplicita (per difetto) e resto; divisore zero = errore"},
	{"quoziente_per_eccesso(int, int) -> int", "divisione intera per eccesso (le settimane che servono per n ore: la frazione conta come una); divisore zero = errore"},
	{"minimo(int, int) -> int / massimo(int, int) -> int", "il minore e il maggiore"},
	{"testo(data|durata|decimale|int) -> string", "il valore scritto all'italiana: 10/06/2025, 1 mese e 15 giorni, 1.500,50"},
	{"data(string) -> data", "una data civile \"AAAA-MM-GG\""},
	{"indicata(data) -> bool", "vero se la data è indicata: un campo data lasciato vuoto non lo è"},
	{"aggiungi_giorni(data, int) / aggiungi_mesi(data, int) -> data", "aritmetica di calendario (fine mese: ultimo giorno del mese)"},
	{"giorni_tra(data, data) -> int", "giorni dalla prima alla seconda data"},
	{"giorni_al_piu_in_mesi(int) -> int", "i giorni di calendario al più contenuti in n mesi da un giorno qualsiasi allo stesso giorno n mesi dopo, contati il primo e l'ultimo, con un 29 febbraio se i mesi possono contenerlo: 12 mesi = 367, 24 mesi = 732"},
	{"festivo(data) -> bool", "vero se la data è una domenica o una festività nazionale (artt. 1-2 L. 260/1949, con il 4 ottobre dal 2026); i santi patroni non sono contati"},
	{"non_festivo_prima(data) -> data", "l'ultimo giorno non festivo (nel senso di festivo(data): il sabato non è festivo) prima della data: prima di venerdì 26/12/2025, mercoledì 24/12/2025"},
	{"giorno_settimana(data) -> string", "il nome del giorno della settimana della data: \"mercoledì\""},
}

// ArgomentoCodice is an argument of a function of the library that
// takes one of a few codes (the criterion of giorni): Nome says it for
// a rule author, Funzione is the function's name, Codici are the codes. Any other text fails the call
// at run time; the loader checks the texts written in the rules.
type ArgomentoCodice struct {
	Funzione, Nome string
	Codici         []string
}

// ArgomentiCodici are, by overload id and by position, the arguments of
// the library's functions that take a code.
var ArgomentiCodici = map[string]map[int]ArgomentoCodice{
	"giorni_durata_string_data": {1: {Funzione: "giorni", Nome: "criterio di giorni(…)", Codici: []string{string(calc.Mese30), string(calc.MeseCalendario)}}},
	"giorni_da_euro_decimale_decimale_string": {2: {Funzione: "giorni_da_euro", Nome: "arrotondamento di giorni_da_euro(…)",
		Codici: []string{string(calc.Eccesso), string(calc.Difetto)}}},
}

// Unarie and Binarie are the library's functions of one and two
// arguments, by overload id, as its bindings run them: an engine that
// compiles an expression on its own (see lpu's nodi) calls the same
// functions. Their arguments have the types the checker proved.
var Unarie = map[string]func(ref.Val) ref.Val{
	"decimale_string": func(v ref.Val) ref.Val {
		d, err := calc.ParseDecimale(string(v.(types.String)))
		if err != nil {
			return types.NewErr("decimale(%q): numero non valido", string(v.(types.String)))
		}
		return Decimale{d}
	},
	"decimale_int":          func(v ref.Val) ref.Val { return DecimaleDi(int64(v.(types.Int))) },
	"per_eccesso_decimale":  func(v ref.Val) ref.Val { return Intero(intero(dec(v), true)) },
	"per_difetto_decimale":  func(v ref.Val) ref.Val { return Intero(intero(dec(v), false)) },
	"al_centesimo_decimale": func(v ref.Val) ref.Val { return Decimale{AlCentesimo(dec(v))} },
	"testo_data":            func(v ref.Val) ref.Val { return types.String(calc.FormatDataItaliana(ts(v))) },
	"testo_durata":          func(v ref.Val) ref.Val { return types.String(dur(v).String()) },
	"testo_decimale":        func(v ref.Val) ref.Val { return types.String(calc.FormatEuro(dec(v))) },
	"testo_int":             func(v ref.Val) ref.Val { return types.String(strconv.FormatInt(int64(v.(types.Int)), 10)) },
	// indicata: a date field left empty is the zero time (lpu.Data{}),
	// a day no request can give (calc.AnnoMinimo).
	"indicata_data":          func(v ref.Val) ref.Val { return types.Bool(!ts(v).IsZero()) },
	"festivo_data":           func(v ref.Val) ref.Val { return types.Bool(calc.Festivo(ts(v))) },
	"non_festivo_prima_data": func(v ref.Val) ref.Val { return NewData(calc.NonFestivoPrima(ts(v))) },
	"giorno_settimana_data":  func(v ref.Val) ref.Val { return types.String(calc.NomeGiorno(calc.Giorno(ts(v)).Weekday())) },
	"giorni_al_piu_in_mesi_int": func(v ref.Val) ref.Val {
		n := int64(v.(types.Int))
		if n < 0 || n > 12000 {
			return types.NewErr("giorni_al_piu_in_mesi: %d mesi fuori intervallo", n)
		}
		return Intero(int64(calc.GiorniAlPiuInMesi(int(n))))
	},
	"data_string": func(v ref.Val) ref.Val {
		t, err := calc.ParseData(string(v.(types.String)))
		if err != nil {
			return types.NewErr("data(%q): data non valida (AAAA-MM-GG)", string(v.(types.String)))
		}
		return NewData(t)
	},
}

var Binarie = map[string]func(a, b ref.Val) ref.Val{
	"quoziente_int": func(a, b ref.Val) ref.Val {
		x, y := int64(a.(types.Int)), int64(b.(types.Int))
		if y == 0 {
			return types.NewErr("quoziente: divisione per zero")
		}
		if x == math.MinInt64 && y == -1 {
			return types.NewErr("quoziente: numero fuori dai limiti degli interi (overflow)")
		}
		q := x / y
		if x%y != 0 && (x < 0) != (y < 0) {
			q--
		}
		return Intero(q)
	},
	"quoziente_per_eccesso_int": func(a, b ref.Val) ref.Val {
		x, y := int64(a.(types.Int)), int64(b.(types.Int))
		if y == 0 {
			return types.NewErr("quoziente_per_eccesso: divisione per zero")
		}
		if x == math.MinInt64 && y == -1 {
			return types.NewErr("quoziente_per_eccesso: numero fuori dai limiti degli interi (overflow)")
		}
		q := x / y
		if x%y != 0 && (x < 0) == (y < 0) {
			q++
		}
		return Intero(q)
	},
	"resto_int": func(a, b ref.Val) ref.Val {
		x, y := int64(a.(types.Int)), int64(b.(types.Int))
		if y == 0 {
			return types.NewErr("resto: divisione per zero")
		}
		r := x % y
		if r != 0 && (r < 0) != (y < 0) {
			r += y
		}
		return Intero(r)
	},
	// per_mille: dividing by 1000 moves the point, exactly
	"per_mille_decimale_decimale": func(a, b ref.Val) ref.Val { return Decimale{dec(a).Mul(dec(b)).Shift(-3)} },
	"minimo_int":                  func(a, b ref.Val) ref.Val { return Intero(int64(min(a.(types.Int), b.(types.Int)))) },
	"massimo_int":                 func(a, b ref.Val) ref.Val { return Intero(int64(max(a.(types.Int), b.(types.Int)))) },
	"massimo_decimale_decimale": func(a, b ref.Val) ref.Val {
		if dec(a).LessThan(dec(b)) {
			return b
		}
		return a
	},
	"aggiungi_giorni_data_int": func(a, b ref.Val) ref.Val {
		n := int(b.(types.Int))
		if n < -400000 || n > 400000 {
			return types.NewErr("aggiungi_giorni: %d giorni fuori intervallo", n)
		}
		return NewData(calc.AggiungiGiorni(ts(a), n))
	},
	"aggiungi_mesi_data_int": func(a, b ref.Val) ref.Val {
		n := int(b.(types.Int))
		if n < -12000 || n > 12000 {
			return types.NewErr("aggiungi_mesi: %d mesi fuori intervallo", n)
		}
		return NewData(calc.AggiungiMesi(ts(a), n))
	},
	"giorni_tra_data_data": func(a, b ref.Val) ref.Val { return Intero(int64(calc.GiorniTra(ts(a), ts(b)))) },
}

// Ternarie are the functions of three arguments, by overload id, with a
// signature of their own: CEL calls a function of three arguments with a
// slice it allocates for each call, and an engine may call these
// directly (the rules call giorni and giorni_da_euro at every
// evaluation). Their arguments have the types the checker proved.
var Ternarie = map[string]func(a, b, c ref.Val) ref.Val{
	// plurale(n, uno, molti) is calc.Plurale: «una volta» or «3 volte»,
	// «sarebbe 1 giorno» or «sarebbero 4 giorni» (each %d in molti is n).
	"plurale_int_string_string": func(n, uno, molti ref.Val) ref.Val {
		return types.String(calc.Plurale(int(n.(types.Int)), string(uno.(types.String)), string(molti.(types.String))))
	},
	"durata_int_int_int": func(a, b, c ref.Val) ref.Val {
		an, m, g := a.(types.Int), b.(types.Int), c.(types.Int)
		if an < 0 || m < 0 || g < 0 || an > 1000 || m > 12000 || g > 365000 {
			return types.NewErr("durata(%d, %d, %d): valori fuori intervallo", an, m, g)
		}
		return Durata{calc.Durata{Anni: int(an), Mesi: int(m), Giorni: int(g)}}
	},
	"giorni_durata_string_data": func(d, criterio, da ref.Val) ref.Val {
		c := calc.CriterioMese(criterio.(types.String))
		if !c.Valido() {
			return types.NewErr("giorni: criterio %q sconosciuto (30_giorni o calendario)", string(c))
		}
		return Intero(int64(dur(d).GiorniDa(c, ts(da))))
	},
	"giorni_da_euro_decimale_decimale_string": func(importo, quota, arr ref.Val) ref.Val {
		a := calc.Arrotondamento(arr.(types.String))
		if !a.Valido() {
			return types.NewErr("giorni_da_euro: arrotondamento %q sconosciuto (eccesso o difetto)", string(a))
		}
		n, err := calc.GiorniDaImporto(dec(importo), dec(quota), a)
		if err != nil {
			return types.WrapErr(err)
		}
		return Intero(int64(n))
	},
}

// unaria, binaria and ternaria bind an overload to its function in the
// tables above (a name missing from them is a bug of this file).
func unaria(id string) cel.OverloadOpt { return cel.UnaryBinding(trova(Unarie, id)) }

func binaria(id string) cel.OverloadOpt { return cel.BinaryBinding(trova(Binarie, id)) }

func trova[F any](m map[string]F, id string) F {
	f, ok := m[id]
	if !ok {
		panic("celx: nessuna funzione per " + id)
	}
	return f
}

func ternaria(id string) cel.OverloadOpt {
	f := trova(Ternarie, id)
	return cel.FunctionBinding(func(args ...ref.Val) ref.Val { return f(args[0], args[1], args[2]) })
}

// Library returns the environment options of the library.
func Library() cel.EnvOption {
	return cel.Lib(lib{})
}

type lib struct{}

func (lib) LibraryName() string { return "lpu.celx" }

func (lib) ProgramOptions() []cel.ProgramOption { return nil }

func (lib) CompileOptions() []cel.EnvOption {
	D, U, I, S, T := DecimaleType, DurataType, cel.IntType, cel.StringType, DataType
	// The standard operators dispatch through the traits the values
	// implement (Adder, Subtractor, Multiplier, Comparer): only the
	// signatures are declared here.
	// funzione declares a function of the library without CEL's run-time
	// check of the argument types: the checker has proved them (every rule
	// is type-checked at load), and the check costs more than most of the
	// functions. Only a dyn() in a rule could bring a value of another
	// type; the function's type assertion then panics, and the evaluation
	// recovers it into a regola_fallita error.
	funzione := func(nome string, opts ...cel.FunctionOpt) cel.EnvOption {
		return cel.Function(nome, append(opts, decls.DisableTypeGuards(true))...)
	}
	cmp := func(op, id string) cel.EnvOption {
		return cel.Function(op,
			cel.Overload(id+"_decimale", []*cel.Type{D, D}, cel.BoolType),
			cel.Overload(id+"_durata", []*cel.Type{U, U}, cel.BoolType),
		)
	}
	return []cel.EnvOption{
		modelliCosto(),
		cel.Types(DecimaleType, DurataType),
		cel.Function("decimale",
			cel.Overload("decimale_string", []*cel.Type{S}, D, unaria("decimale_string")),
			cel.Overload("decimale_int", []*cel.Type{I}, D, unaria("decimale_int")),
		),
		cel.Function(operators.Add, cel.Overload("add_decimale", []*cel.Type{D, D}, D)),
		cel.Function(operators.Subtract, cel.Overload("subtract_decimale", []*cel.Type{D, D}, D)),
		cel.Function(operators.Multiply, cel.Overload("multiply_decimale", []*cel.Type{D, D}, D)),
		cmp(operators.Less, "less"),
		cmp(operators.LessEquals, "less_equals"),
		cmp(operators.Greater, "greater"),
		cmp(operators.GreaterEquals, "greater_equals"),
		funzione("per_eccesso", cel.Overload("per_eccesso_decimale", []*cel.Type{D}, I, unaria("per_eccesso_decimale"))),
		funzione("per_difetto", cel.Overload("per_difetto_decimale", []*cel.Type{D}, I, unaria("per_difetto_decimale"))),
		funzione("al_centesimo", cel.Overload("al_centesimo_decimale", []*cel.Type{D}, D, unaria("al_centesimo_decimale"))),
		funzione("per_mille", cel.Overload("per_mille_decimale_decimale", []*cel.Type{D, D}, D, binaria("per_mille_decimale_decimale"))),
		funzione("quoziente", cel.Overload("quoziente_int", []*cel.Type{I, I}, I, binaria("quoziente_int"))),
		funzione("quoziente_per_eccesso", cel.Overload("quoziente_per_eccesso_int", []*cel.Type{I, I}, I, binaria("quoziente_per_eccesso_int"))),
		funzione("resto", cel.Overload("resto_int", []*cel.Type{I, I}, I, binaria("resto_int"))),
		funzione("minimo", cel.Overload("minimo_int", []*cel.Type{I, I}, I, binaria("minimo_int"))),
		funzione("massimo",
			cel.Overload("massimo_int", []*cel.Type{I, I}, I, binaria("massimo_int")),
			cel.Overload("massimo_decimale_decimale", []*cel.Type{D, D}, D, binaria("massimo_decimale_decimale")),
		),
		funzione("durata", cel.Overload("durata_int_int_int", []*cel.Type{I, I, I}, U, ternaria("durata_int_int_int"))),
		funzione("giorni", cel.Overload("giorni_durata_string_data", []*cel.Type{U, S, T}, I, ternaria("giorni_durata_string_data"))),
		funzione("giorni_da_euro", cel.Overload("giorni_da_euro_decimale_decimale_string", []*cel.Type{D, D, S}, I,
			ternaria("giorni_da_euro_decimale_decimale_string"))),
		funzione("plurale", cel.Overload("plurale_int_string_string", []*cel.Type{I, S, S}, S, ternaria("plurale_int_string_string"))),
		funzione("testo",
			cel.Overload("testo_data", []*cel.Type{T}, S, unaria("testo_data")),
			cel.Overload("testo_durata", []*cel.Type{U}, S, unaria("testo_durata")),
			cel.Overload("testo_decimale", []*cel.Type{D}, S, unaria("testo_decimale")),
			cel.Overload("testo_int", []*cel.Type{I}, S, unaria("testo_int")),
		),
		funzione("data", cel.Overload("data_string", []*cel.Type{S}, T, unaria("data_string"))),
		funzione("indicata", cel.Overload("indicata_data", []*cel.Type{T}, cel.BoolType, unaria("indicata_data"))),
		funzione("aggiungi_giorni", cel.Overload("aggiungi_giorni_data_int", []*cel.Type{T, I}, T, binaria("aggiungi_giorni_data_int"))),
		funzione("aggiungi_mesi", cel.Overload("aggiungi_mesi_data_int", []*cel.Type{T, I}, T, binaria("aggiungi_mesi_data_int"))),
		funzione("giorni_tra", cel.Overload("giorni_tra_data_data", []*cel.Type{T, T}, I, binaria("giorni_tra_data_data"))),
		funzione("festivo", cel.Overload("festivo_data", []*cel.Type{T}, cel.BoolType, unaria("festivo_data"))),
		funzione("non_festivo_prima", cel.Overload("non_festivo_prima_data", []*cel.Type{T}, T, unaria("non_festivo_prima_data"))),
		funzione("giorno_settimana", cel.Overload("giorno_settimana_data", []*cel.Type{T}, S, unaria("giorno_settimana_data"))),
		funzione("giorni_al_piu_in_mesi", cel.Overload("giorni_al_piu_in_mesi_int", []*cel.Type{I}, I, unaria("giorni_al_piu_in_mesi_int"))),
	}
}
