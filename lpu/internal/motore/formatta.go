package motore

import (
	"fmt"
	"strconv"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/celx"
)

// Formatta writes a CEL value the way an Italian reader expects.
func Formatta(v ref.Val) string { return string(AppendFormatta(nil, v)) }

func AppendFormatta(b []byte, v ref.Val) []byte {
	switch x := v.(type) {
	case types.Int:
		return strconv.AppendInt(b, int64(x), 10)
	case types.Bool:
		if x {
			return append(b, "sì"...)
		}
		return append(b, "no"...)
	case types.String:
		return append(b, x...)
	case celx.Decimale:
		return calc.AppendEuro(b, x.D)
	case celx.Durata:
		return append(b, x.D.String()...)
	case types.Timestamp:
		return calc.AppendDataItaliana(b, x.Time)
	case traits.Lister:
		it := x.Iterator()
		for i := 0; it.HasNext() == types.True; i++ {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = AppendFormatta(b, it.Next())
		}
		return b
	}
	return fmt.Append(b, v.Value())
}

// Nativo turns an exported CEL value into JSON-friendly Go.
func Nativo(v ref.Val) any {
	switch x := v.(type) {
	case types.Int:
		return int64(x)
	case types.Bool:
		return bool(x)
	case types.String:
		return string(x)
	case celx.Decimale:
		return x.D.String()
	case celx.Durata:
		return x.D
	case types.Timestamp:
		return calc.FormatData(x.Time)
	case traits.Lister:
		out := []string{}
		it := x.Iterator()
		for it.HasNext() == types.True {
			out = append(out, Formatta(it.Next()))
		}
		return out
	}
	return Formatta(v)
}
