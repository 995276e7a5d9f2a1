package motore

import (
	"maps"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// A text of the rules names a field of its request, or a value of one,
// by the label the lawyer reads on the form, through the function
// etichetta: {etichetta('esecuzione.data_inizio')} is «Primo giorno di
// lavoro», and etichetta('opzioni.mese', 'calendario') «Conteggio dei
// mesi: mesi del calendario comune (art. 14 c.p.)», as a placeholder of
// its own or inside the expression of one ('con l\'opzione ' +
// etichetta('opzioni.mese', 'calendario') + …). The calls are written
// at load as the labels they give, literals of the compiled text that
// cost nothing when it is written; a name or a value the vocabulary does
// not declare for the file's kind of request is a problem at its
// position. A field of another kind of request is named with the kind
// first: a text of the Fund that tells how to fill in the plan writes
// {etichetta('piano.inizio')}, «Primo giorno possibile». A label changed
// in the vocabulary (or in the file's own etichette) so changes every
// text that names it: no copy typed by hand goes stale.

// FunzioneEtichetta is the name of the function.
const FunzioneEtichetta = "etichetta"

// Etichette are the labels a file's texts write through etichetta: those
// of the fields of its kind of request, by name, the file's own wording
// over the vocabulary's, and those of the fields' declared values; and
// those of the other kinds of request, by kind (Altri), which a text
// names as kind.field (piano.inizio) when its own kind has no field so
// named.
type Etichette struct {
	Tipo   string                // the kind of request, for the messages
	Campi  map[string]string     // label by field name
	Valori map[string]Voci       // the labels of each field's declared values
	Altri  map[string]*Etichette // the other kinds' labels, by kind
}

// Scrivi is what etichetta(nome) writes (conValore false) or
// etichetta(nome, valore): «label» of the field, without its unit, or
// «label: label of the value», the form the option is chosen in; or,
// for a name or a value that is not declared, the problem in words.
func (et *Etichette) Scrivi(nome, valore string, conValore bool) (testo, problema string) {
	var campi map[string]string
	tipo := ""
	if et != nil {
		campi, tipo = et.Campi, et.Tipo
	}
	etichetta, ok := campi[nome]
	if k, campo, sì := strings.Cut(nome, "."); !ok && sì && et != nil && et.Altri[k] != nil {
		return et.Altri[k].Scrivi(campo, valore, conValore)
	}
	if !ok {
		msg := "etichetta: «" + nome + "» non è un campo della richiesta " + tipo + " nel vocabolario"
		if simili := et.simili(nome); len(simili) > 0 {
			msg += " (forse «" + strings.Join(simili, "» o «") + "»?)"
		}
		return "", msg
	}
	if etichetta == "" {
		return "", "etichetta: il campo " + nome + " non ha un'etichetta nel vocabolario"
	}
	if !conValore {
		return "«" + spec.NomeCampo(etichetta) + "»", ""
	}
	voci := et.Valori[nome]
	if len(voci) == 0 {
		return "", "etichetta: il campo " + nome + " non ha valori dichiarati nel vocabolario: il suo nome si scrive da solo, etichetta('" + nome + "')"
	}
	v, ok := voci[valore]
	if !ok {
		return "", "etichetta: «" + valore + "» non è un valore di " + nome + " (uno di " + strings.Join(slices.Sorted(maps.Keys(voci)), ", ") + ")"
	}
	return "«" + spec.NomeCampo(etichetta) + ": " + v + "»", ""
}

// simili are the declared fields whose name ends as nome does (data_inizio:
// esecuzione.data_inizio), for a name written without its group or with
// another.
func (et *Etichette) simili(nome string) []string {
	if et == nil {
		return nil
	}
	ultimo := nome[strings.LastIndexByte(nome, '.')+1:]
	var out []string
	for n := range et.Campi {
		if n != nome && (n == ultimo || strings.HasSuffix(n, "."+ultimo)) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// dichiaraEtichetta declares etichetta for every expression: it has a
// value only in a text, where scriviEtichette writes it at load; run
// (it cannot be, see chiamaEtichetta), it fails.
func dichiaraEtichetta() cel.EnvOption {
	fuori := types.NewErr("etichetta(…) si scrive solo nel testo di un passo")
	return cel.Function(FunzioneEtichetta,
		cel.Overload("etichetta_string", []*cel.Type{cel.StringType}, cel.StringType,
			cel.UnaryBinding(func(ref.Val) ref.Val { return fuori })),
		cel.Overload("etichetta_string_string", []*cel.Type{cel.StringType, cel.StringType}, cel.StringType,
			cel.BinaryBinding(func(ref.Val, ref.Val) ref.Val { return fuori })))
}

// chiamaEtichetta is the first call to etichetta in a, nil for none.
func chiamaEtichetta(a *cel.Ast) celast.Expr {
	var trovata celast.Expr
	celast.PostOrderVisit(a.NativeRep().Expr(), celast.NewExprVisitor(func(x celast.Expr) {
		if trovata == nil && x.Kind() == celast.CallKind && x.AsCall().FunctionName() == FunzioneEtichetta {
			trovata = x
		}
	}))
	return trovata
}

// scriviEtichette writes the calls to etichetta of a, an expression of a
// text (the placeholder e), as the labels they give, and folds the
// constant parts around them ('con l\'opzione ' + etichetta(…) + ' ': one
// literal); nil, with the problems in ps, when a call names a field or a
// value that is not declared, or names them otherwise than by a text in
// quotes.
func scriviEtichette(amb *Ambiente, a *cel.Ast, e spec.Expr, perc string, ps *spec.Problems) *cel.Ast {
	if !strings.Contains(e.Src, FunzioneEtichetta) {
		return a
	}
	info := a.NativeRep().SourceInfo()
	scritte := map[int64]string{}
	ok := true
	celast.PostOrderVisit(a.NativeRep().Expr(), celast.NewExprVisitor(func(x celast.Expr) {
		if x.Kind() != celast.CallKind || x.AsCall().FunctionName() != FunzioneEtichetta {
			return
		}
		args := x.AsCall().Args()
		testi := make([]string, len(args))
		for i, arg := range args {
			var s types.String
			letterale := arg.Kind() == celast.LiteralKind
			if letterale {
				s, letterale = arg.AsLiteral().(types.String)
			}
			if !letterale {
				ps.Add(e.PosRune(int(inizio(arg, info))), perc, "etichetta", "etichetta: il nome del campo e il valore si scrivono tra virgolette, come in etichetta('opzioni.mese', 'calendario'): l'etichetta è scritta quando le regole sono caricate")
				ok = false
				return
			}
			testi[i] = string(s)
		}
		valore := ""
		if len(testi) > 1 {
			valore = testi[1]
		}
		testo, problema := amb.Etichette.Scrivi(testi[0], valore, len(testi) > 1)
		if problema != "" {
			arg := args[0]
			if len(args) > 1 && amb.Etichette != nil && amb.Etichette.Campi[testi[0]] != "" {
				arg = args[1] // (the value is the one not declared)
			}
			ps.Add(e.PosRune(int(inizio(arg, info))), perc, "etichetta", "%s", problema)
			ok = false
			return
		}
		scritte[x.ID()] = testo
	}))
	if !ok {
		return nil
	}
	if len(scritte) == 0 {
		return a
	}
	piega, err := cel.NewConstantFoldingOptimizer()
	if err != nil {
		ps.Add(e.Pos(), perc, "cel", "%v", err)
		return nil
	}
	opt, err := cel.NewStaticOptimizer(etichetteScritte(scritte), piega)
	if err != nil {
		ps.Add(e.Pos(), perc, "cel", "%v", err)
		return nil
	}
	out, iss := opt.Optimize(amb.Completo(), a)
	if iss != nil && iss.Err() != nil {
		ps.Add(e.Pos(), perc, "cel", "%v", iss.Err())
		return nil
	}
	return out
}

// etichetteScritte replaces the calls to etichetta, by id, with the
// labels they give.
type etichetteScritte map[int64]string

func (s etichetteScritte) Optimize(ctx *cel.OptimizerContext, a *celast.AST) *celast.AST {
	var chiamate []celast.Expr
	celast.PostOrderVisit(a.Expr(), celast.NewExprVisitor(func(x celast.Expr) {
		if _, ok := s[x.ID()]; ok && x.Kind() == celast.CallKind {
			chiamate = append(chiamate, x)
		}
	}))
	for _, x := range chiamate {
		ctx.UpdateExpr(x, ctx.NewLiteral(types.String(s[x.ID()])))
	}
	return a
}
