package lpu

import (
	"reflect"
	"unsafe"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/shopspring/decimal"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// lettori says how the engine reads the fields of the requests: lpu's
// own value types (Importo, Data, calc.Durata) by the readers below, the
// plain ones within the bounds Decode enforces.
var lettori = &motore.Letture{
	Tipi: map[reflect.Type]motore.Lettore{
		tDurata: {
			Tipo: celx.DurataType, Fuori: fuoriDurata,
			Conv: func(off uintptr) func(unsafe.Pointer) ref.Val {
				return func(p unsafe.Pointer) ref.Val { return celx.Durata{D: *campo[calc.Durata](p, off)} }
			},
			Uguale: func(off uintptr) func(unsafe.Pointer, ref.Val) bool {
				return func(p unsafe.Pointer, v ref.Val) bool {
					d, ok := v.(celx.Durata)
					return ok && d.D == *campo[calc.Durata](p, off)
				}
			},
		},
		tImporto: {
			Tipo: celx.DecimaleType, Fuori: fuoriImporto,
			Conv: func(off uintptr) func(unsafe.Pointer) ref.Val {
				return func(p unsafe.Pointer) ref.Val {
					d := campo[Importo](p, off)
					if d.IsZero() {
						// The zero Importo holds no big.Int, and every
						// comparison would allocate one.
						return decimaleZero
					}
					return celx.Decimale{D: d.d}
				}
			},
			Uguale: func(off uintptr) func(unsafe.Pointer, ref.Val) bool {
				return func(p unsafe.Pointer, v ref.Val) bool {
					// The same number written the same way: the same
					// exponent (1500 and 1500.00 are written apart).
					n := campo[Importo](p, off)
					if n.IsZero() {
						return v == decimaleZero // (what Conv gives for it)
					}
					d, ok := v.(celx.Decimale)
					return ok && d.D.Exponent() == n.d.Exponent() && d.D.Equal(n.d)
				}
			},
		},
		tData: {
			Tipo: celx.DataType, Fuori: fuoriData,
			Conv: func(off uintptr) func(unsafe.Pointer) ref.Val {
				return func(p unsafe.Pointer) ref.Val { return celx.NewData(campo[Data](p, off).Time) }
			},
			Uguale: func(off uintptr) func(unsafe.Pointer, ref.Val) bool {
				return func(p unsafe.Pointer, v ref.Val) bool {
					// v is a civil day (Conv made it): a field identical
					// to it is that day too, and Conv would give v.
					t, ok := v.(types.Timestamp)
					return ok && t.Time == campo[Data](p, off).Time
				}
			},
		},
	},
	Codice:    string(CodeFuoriIntervallo),
	MaxIntero: maxIntDefault, MaxTesto: maxStringa, MaxLista: maxLista,
	Tag: "lpu",
}

// campo is the field of type T at offset off of the request at p.
func campo[T any](p unsafe.Pointer, off uintptr) *T { return motore.Campo[T](p, off) }

// ingressiDi are the inputs of a request type, made once for all the
// programs of that type.
func ingressiDi(t reflect.Type) []motore.Ingresso { return lettori.Ingressi(t) }

var decimaleZero ref.Val = celx.Decimale{D: decimal.New(0, 0)}

// Bounds of the inputs, as Decode enforces them on JSON.

func fuoriDurata(p unsafe.Pointer, in *motore.Ingresso) *motore.Errore {
	d := campo[calc.Durata](p, in.Off)
	for _, c := range [...]struct {
		nome   string
		n, max int
	}{{"anni", d.Anni, maxAnni}, {"mesi", d.Mesi, maxMesi}, {"giorni", d.Giorni, maxGiorni}} {
		if c.n < 0 || c.n > c.max {
			return motore.ErroreIngresso(string(CodeFuoriIntervallo), in.Nome+"."+c.nome, "valore fuori intervallo (%d; da 0 a %d)", c.n, c.max)
		}
	}
	return nil
}

func fuoriImporto(p unsafe.Pointer, in *motore.Ingresso) *motore.Errore {
	d := campo[Importo](p, in.Off)
	if d.d.IsNegative() || d.d.GreaterThan(maxImporto) {
		return motore.ErroreIngresso(string(CodeFuoriIntervallo), in.Nome, "importo fuori intervallo: «%s» (da 0 a %s)", d.String(), maxImporto.String())
	}
	return nil
}

func fuoriData(p unsafe.Pointer, in *motore.Ingresso) *motore.Errore {
	d := campo[Data](p, in.Off)
	if d.Indicata() && !calc.AnnoAmmesso(d.Year()) {
		return motore.ErroreIngresso(string(CodeDataNonValida), in.Nome, "data non valida: «%s» (anni %d–%d)", d.String(), calc.AnnoMinimo, calc.AnnoMassimo)
	}
	return nil
}
