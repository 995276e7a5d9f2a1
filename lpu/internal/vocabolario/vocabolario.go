// Package vocabolario is the declared vocabulary of the requests: the
// rule files of tipo vocabolario (rules/vocabolario.yaml) declare, for
// each kind of request, its fields with their type, bounds, accepted
// values, default, the Italian label and help a lawyer reads, and the
// source, and its outputs with their values. Nuovo merges the files;
// the checks here are those of the declaration against the rules (the
// values a rule file gives a field, valori_da, and an output). It works
// on spec's files and the engine's programs: the check against the
// facade's Go types is the facade's.
package vocabolario

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/containers"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/lpu/internal/motore"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Vocabolario is the declared vocabulary of every kind of request,
// merged from the vocabulary files in name order.
type Vocabolario struct {
	Gruppi []spec.Gruppo
	Tipi   map[string]*Tipo
	Pos    spec.Pos // the first vocabulary file, where a missing kind is reported
	// Uscite are the declared outputs of each kind answered by rule
	// files, by name: their values, for a testo, are checked at load
	// (ControllaUscite) and at evaluation.
	Uscite map[string][]spec.Uscita
	// senzaGo are the fields ControllaGo refused, as «tipo.campo»: a
	// problem already, which the checks after it do not repeat.
	senzaGo map[string]bool
}

// Uscita is the declared output nome of tipo, or nil.
func (v *Vocabolario) Uscita(tipo, nome string) *spec.Uscita {
	for i, u := range v.Uscite[tipo] {
		if u.Nome == nome {
			return &v.Uscite[tipo][i]
		}
	}
	return nil
}

// Tipo is the vocabulary of one kind of request.
type Tipo struct {
	Campi  map[string]*spec.Campo
	Ordine []string // the names, in declaration order
	// DalMotore are the values the engine computes from a request of
	// the kind and gives its rules, in declaration order.
	DalMotore []*spec.DalMotore
	// Testi are the texts the engine writes for a request of the kind,
	// by key (spec.PlaceholderTesti).
	Testi map[string]string
	// NelCalcolo says where a calcolo gives each field of the kind when
	// it answers the kind's question too (spec.NelCalcolo), in
	// declaration order.
	NelCalcolo []*spec.NelCalcolo
	// NelCalcoloVuoti are the fields a calcolo leaves empty on purpose
	// (spec.VocRichiesta.NelCalcoloVuoti), PosVuoti where declared.
	NelCalcoloVuoti []string
	PosVuoti        spec.Pos
	Pos             spec.Pos // where the kind is first declared
}

// DalMotore is the value nome the engine provides to the rules of tipo,
// or nil.
func (v *Vocabolario) DalMotore(tipo, nome string) *spec.DalMotore {
	if v == nil || v.Tipi[tipo] == nil {
		return nil
	}
	for _, d := range v.Tipi[tipo].DalMotore {
		if d.Nome == nome {
			return d
		}
	}
	return nil
}

// Campo is the declared field nome of tipo, or nil (v may be nil).
func (v *Vocabolario) Campo(tipo, nome string) *spec.Campo {
	if v == nil || v.Tipi[tipo] == nil {
		return nil
	}
	return v.Tipi[tipo].Campi[nome]
}

// Nuovo merges the vocabulary files: a later file adds fields
// (and groups) to those before it; declaring a field or group twice is a
// problem.
func Nuovo(files []*spec.File, ps *spec.Problems) *Vocabolario {
	// (the outputs' problems are motore.Generi's)
	v := &Vocabolario{Tipi: map[string]*Tipo{}, Uscite: spec.UsciteDichiarate(files, nil)}
	gruppi := map[string]spec.Pos{}
	for _, f := range files {
		if f.Vocabolario == nil {
			continue
		}
		if v.Pos.File == "" {
			v.Pos = f.Pos
		}
		for _, g := range f.Vocabolario.Gruppi {
			if p, dup := gruppi[g.ID]; dup {
				ps.Add(g.Pos, "gruppi."+g.ID, "nome", "gruppo %q già dichiarato in %s", g.ID, p)
				continue
			}
			gruppi[g.ID] = g.Pos
			v.Gruppi = append(v.Gruppi, g)
		}
		for _, r := range f.Vocabolario.Richieste {
			t := v.Tipi[r.Tipo]
			if t == nil {
				t = &Tipo{Campi: map[string]*spec.Campo{}, Pos: r.Pos}
				v.Tipi[r.Tipo] = t
			}
			for _, c := range r.Campi {
				if d, dup := t.Campi[c.Nome]; dup {
					ps.Add(c.Pos, "richieste."+r.Tipo+".campi."+c.Nome, "nome", "campo %q già dichiarato in %s", c.Nome, d.Pos)
					continue
				}
				t.Campi[c.Nome] = c
				t.Ordine = append(t.Ordine, c.Nome)
			}
			for _, d := range r.DalMotore {
				if prima := v.DalMotore(r.Tipo, d.Nome); prima != nil {
					ps.Add(d.Pos, "richieste."+r.Tipo+".dal_motore."+d.Nome, "nome", "valore %q già dichiarato in %s", d.Nome, prima.Pos)
					continue
				}
				t.DalMotore = append(t.DalMotore, d)
			}
			if r.NelCalcoloVuoti != nil {
				if t.NelCalcoloVuoti != nil {
					ps.Add(r.PosVuoti, "richieste."+r.Tipo+".nel_calcolo_vuoti", "nome", "nel_calcolo_vuoti già dichiarato in %s", t.PosVuoti)
				} else {
					t.NelCalcoloVuoti, t.PosVuoti = r.NelCalcoloVuoti, r.PosVuoti
				}
			}
			for _, nc := range r.NelCalcolo {
				if i := slices.IndexFunc(t.NelCalcolo, func(x *spec.NelCalcolo) bool { return x.Campo == nc.Campo }); i >= 0 {
					ps.Add(nc.Pos, "richieste."+r.Tipo+".nel_calcolo."+nc.Campo, "nome", "campo %q già dichiarato in %s", nc.Campo, t.NelCalcolo[i].Pos)
					continue
				}
				t.NelCalcolo = append(t.NelCalcolo, nc)
			}
			for _, k := range slices.Sorted(maps.Keys(r.Testi)) {
				if _, dup := t.Testi[k]; dup {
					ps.Add(r.Pos, "richieste."+r.Tipo+".testi."+k, "nome", "testo %q già dichiarato per le richieste %s", k, r.Tipo)
					continue
				}
				if t.Testi == nil {
					t.Testi = map[string]string{}
				}
				t.Testi[k] = r.Testi[k]
			}
		}
	}
	// A field's group (gruppo) is one the vocabulary declares; a list
	// offers rows (righe) only if its items have members (lista.membro).
	for _, tipo := range slices.Sorted(maps.Keys(v.Tipi)) {
		t := v.Tipi[tipo]
		for _, n := range t.Ordine {
			c := t.Campi[n]
			if c.Gruppo != "" {
				if _, ok := gruppi[c.Gruppo]; !ok {
					ps.Add(c.Pos, "richieste."+tipo+".campi."+n+".gruppo", "valore", "gruppo %q non dichiarato in gruppi", c.Gruppo)
				}
			}
			if c.Righe > 0 && c.Tipo == "lista" && !slices.ContainsFunc(t.Ordine, func(m string) bool { return strings.HasPrefix(m, n+".") }) {
				ps.Add(c.Pos, "richieste."+tipo+".campi."+n+".righe", "forma", "righe vale per una lista le cui voci hanno campi propri (%s.<campo>): %q non ne dichiara", n, n)
			}
		}
	}
	v.valoriDi(ps)
	// A value the engine provides is no field of the request: the rules
	// would read two things by one name.
	for _, tipo := range slices.Sorted(maps.Keys(v.Tipi)) {
		t := v.Tipi[tipo]
		for _, d := range t.DalMotore {
			if c := t.Campi[d.Nome]; c != nil {
				ps.Add(d.Pos, "richieste."+tipo+".dal_motore."+d.Nome, "nome", "%q è un campo della richiesta %s (dichiarato in %s), non un valore che il motore calcola", d.Nome, tipo, c.Pos)
			}
		}
	}
	return v
}

// ControllaNelCalcolo checks where a calcolo gives the fields of the
// kinds it answers too (nel_calcolo): a kind in risponde, those whose
// nel_calcolo the engine reads (not the calcolo itself, nor a kind the
// calcolo does not answer); each field a field of its kind or a value
// the engine gives its rules (dal_motore); each of its sources a field
// of the calcolo, an output of the calcolo's rules (uscite.<nome>) or
// its verdict (escluso), of the same type; a booleano field with one
// source (its sources are tried in order until one is given, and a
// false given is not told from one not given); its ripiego a value the
// engine gives the kind's rules (dal_motore), for a field with
// alternatives, and no other field's (one value could not say which
// field came from a later source). Whether the engine can copy it and
// set the ripiego (a booleano: the Go side, whose types
// ControllaDalMotore checks the declaration against) is the facade's
// check.
func (v *Vocabolario) ControllaNelCalcolo(risponde []string, ps *spec.Problems) {
	elenco := strings.Join(risponde, ", ")
	for _, tipo := range slices.Sorted(maps.Keys(v.Tipi)) {
		ripieghi := map[string]string{} // (the first field that names each)
		for _, nc := range v.Tipi[tipo].NelCalcolo {
			percorso := "richieste." + tipo + ".nel_calcolo." + nc.Campo
			switch {
			case tipo == "calcolo":
				ps.Add(nc.Pos, percorso, "campo", "nel_calcolo vale per un altro tipo di richiesta, a cui il calcolo risponde insieme (%s): non per il calcolo stesso", elenco)
				continue
			case !slices.Contains(risponde, tipo):
				ps.Add(nc.Pos, percorso, "campo", "nel_calcolo vale per un tipo di richiesta a cui il calcolo risponde insieme (%s): non per %s, a cui il calcolo non risponde", elenco, tipo)
				continue
			}
			tipoCampo, campo := v.TipoDestinazione(tipo, nc.Campo)
			if tipoCampo == "" {
				ps.Add(nc.Pos, percorso, "campo", "nel_calcolo: %q non è un campo della richiesta %s nel vocabolario, né un valore che il motore dà alle sue regole (dal_motore)", nc.Campo, tipo)
				continue
			}
			for i, da := range nc.Da {
				tipoDa, cosa := v.TipoNelCalcolo(da)
				switch {
				case tipoDa == "" && cosa == "l'uscita":
					ps.Add(nc.PosDa[i], percorso, "campo", "nel_calcolo: %q non è un'uscita del calcolo nel vocabolario", da)
				case tipoDa == "":
					ps.Add(nc.PosDa[i], percorso, "campo", "nel_calcolo: %q non è un campo della richiesta calcolo nel vocabolario", da)
				case tipoDa != tipoCampo:
					ps.Add(nc.PosDa[i], percorso, "tipo", "nel_calcolo: %s %q del calcolo è di tipo %s, %s %q della richiesta %s di tipo %s", cosa, da, tipoDa, campo, nc.Campo, tipo, tipoCampo)
				}
			}
			if len(nc.Da) > 1 && tipoCampo == "booleano" {
				ps.Add(nc.PosDa[1], percorso, "forma", "nel_calcolo: %s %q della richiesta %s è booleano: può avere una fonte sola, perché un no indicato nel calcolo non si distingue da uno non indicato e la fonte dopo lo sostituirebbe", campo, nc.Campo, tipo)
			}
			if nc.Ripiego == "" {
				continue
			}
			switch d := v.DalMotore(tipo, nc.Ripiego); {
			case len(nc.Da) < 2:
				ps.Add(nc.PosRipiego, percorso+".ripiego", "forma", "ripiego vale per un campo con più fonti, provate in ordine")
			case d == nil:
				ps.Add(nc.PosRipiego, percorso+".ripiego", "campo", "ripiego: %q non è un valore che il motore dà alle regole della richiesta %s (dal_motore)", nc.Ripiego, tipo)
			case ripieghi[nc.Ripiego] != "":
				ps.Add(nc.PosRipiego, percorso+".ripiego", "valore", "ripiego: %q è già il ripiego del campo %q: un valore solo non direbbe quale dei due campi viene da una fonte dopo la prima", nc.Ripiego, ripieghi[nc.Ripiego])
			default:
				ripieghi[nc.Ripiego] = nc.Campo
			}
		}
		v.controllaNelCalcoloCompleto(tipo, risponde, ps)
	}
}

// controllaNelCalcoloCompleto checks that, for a kind the calcolo
// answers, every field of the kind is named once, by nel_calcolo (where
// the calcolo gives it) or by nel_calcolo_vuoti (left empty on purpose):
// a field left out would be empty in every calcolo, in silence (a Fund
// without its days gives no premium and no error).
func (v *Vocabolario) controllaNelCalcoloCompleto(tipo string, risponde []string, ps *spec.Problems) {
	t := v.Tipi[tipo]
	perc := "richieste." + tipo + ".nel_calcolo_vuoti"
	if !slices.Contains(risponde, tipo) {
		if t.NelCalcoloVuoti != nil {
			ps.Add(t.PosVuoti, perc, "campo", "nel_calcolo_vuoti vale per un tipo di richiesta a cui il calcolo risponde insieme (%s), non per %s", strings.Join(risponde, ", "), tipo)
		}
		return
	}
	dati := map[string]*spec.NelCalcolo{}
	for _, nc := range t.NelCalcolo {
		dati[nc.Campo] = nc
	}
	vuoti := map[string]bool{}
	for _, n := range t.NelCalcoloVuoti {
		switch {
		case t.Campi[n] == nil:
			ps.Add(t.PosVuoti, perc, "campo", "nel_calcolo_vuoti: %q non è un campo della richiesta %s nel vocabolario", n, tipo)
		case dati[n] != nil:
			// (at the source, which may be an overlay's: the list is the
			// embedded vocabulary's)
			ps.Add(dati[n].Pos, "richieste."+tipo+".nel_calcolo."+n, "campo", "nel_calcolo: il campo %q è tra quelli che il calcolo lascia vuoti (nel_calcolo_vuoti, %s): o l'uno o l'altro", n, t.PosVuoti)
		case vuoti[n]:
			ps.Add(t.PosVuoti, perc, "campo", "nel_calcolo_vuoti: il campo %q è ripetuto", n)
		}
		vuoti[n] = true
	}
	var senza []string
	for _, n := range t.Ordine {
		if dati[n] == nil && !vuoti[n] && !v.senzaGo[tipo+"."+n] {
			senza = append(senza, fmt.Sprintf("%q («%s»)", n, t.Campi[n].Etichetta))
		}
	}
	if len(senza) > 0 {
		pos := t.Pos
		if len(t.NelCalcolo) > 0 {
			pos = t.NelCalcolo[0].Pos
		}
		ps.Add(pos, "richieste."+tipo+".nel_calcolo", "campo", "nel_calcolo: della richiesta %s non hanno una fonte nel calcolo %s: indicarla in nel_calcolo, o elencarli in nel_calcolo_vuoti se il calcolo li lascia vuoti", tipo, strings.Join(senza, ", "))
	}
}

// TipoDestinazione is the type of what nel_calcolo fills in a request of
// tipo, nome: a field of the request or a value the engine gives its
// rules (dal_motore); and what it is («il campo», «il valore»). The
// type is "" when the vocabulary declares neither.
func (v *Vocabolario) TipoDestinazione(tipo, nome string) (tipoVoc, cosa string) {
	if c := v.Campo(tipo, nome); c != nil {
		return c.Tipo, "il campo"
	}
	if d := v.DalMotore(tipo, nome); d != nil {
		return d.Tipo, "il valore"
	}
	return "", "il campo"
}

// TipoNelCalcolo is the type of a source of nel_calcolo, da: a field of
// the calcolo, an output of its rules (uscite.<nome>) or its verdict
// (spec.FonteEscluso, a booleano); and what it is («il campo»,
// «l'uscita», «l'esito»). The type is "" when the vocabulary does not
// declare it.
func (v *Vocabolario) TipoNelCalcolo(da string) (tipo, cosa string) {
	if da == spec.FonteEscluso {
		return "booleano", "l'esito"
	}
	if nome, ok := strings.CutPrefix(da, spec.PrefissoUscite); ok {
		if u := v.Uscita("calcolo", nome); u != nil {
			return u.Tipo, "l'uscita"
		}
		return "", "l'uscita"
	}
	if d := v.Campo("calcolo", da); d != nil {
		return d.Tipo, "il campo"
	}
	return "", "il campo"
}

// ControllaValoriDa checks the parameters of a calcolo rule file that
// hold the accepted values of a field (valori_da): a lista whose every
// item, in every version, is «valore: etichetta».
func (v *Vocabolario) ControllaValoriDa(f *spec.File, ps *spec.Problems) {
	t := v.Tipi["calcolo"]
	if t == nil {
		return
	}
	for _, n := range t.Ordine {
		c := t.Campi[n]
		if c.ValoriDa == "" {
			continue
		}
		for _, par := range f.Parametri {
			if par.Nome != c.ValoriDa {
				continue
			}
			if par.Tipo != "lista" {
				ps.Add(par.Pos, "parametri."+par.Nome, "tipo", "%s dà i valori ammessi di %s (valori_da): dev'essere una lista, non %s", par.Nome, n, par.Tipo)
				continue
			}
			for _, ver := range par.Valori {
				var l []string
				if ver.Node.Decode(&l) != nil {
					continue // reported by the compiler
				}
				for _, it := range l {
					if _, ok := spec.ValoreEtichetta(it); !ok {
						ps.Add(ver.Pos, "parametri."+par.Nome, "valore", "%s dà i valori ammessi di %s: «%s» non è nella forma «valore: etichetta»", par.Nome, n, it)
					}
				}
			}
		}
	}
}

// ValoriDa are the accepted values of a field that a rule file declares
// in its valori_da parameter, in the version in force at d (or the
// latest), with their labels; nil when the file declares none.
func ValoriDa(c *spec.Campo, p *motore.Programma, d time.Time) []spec.ValoreAmmesso {
	if c == nil || c.ValoriDa == "" || p == nil {
		return nil
	}
	vers, ok := p.Versioni("legge." + c.ValoriDa)
	if !ok || len(vers) == 0 {
		return nil
	}
	val := vers[len(vers)-1].Val
	for _, v := range vers {
		if v.Vig.Contiene(d) {
			val = v.Val
		}
	}
	l, err := val.ConvertToNative(reflect.TypeFor[[]string]())
	if err != nil {
		return nil
	}
	var out []spec.ValoreAmmesso
	for _, it := range l.([]string) {
		if va, ok := spec.ValoreEtichetta(it); ok {
			out = append(out, va)
		}
	}
	return out
}

// Calcolato is what the words of the rules say of a computed value:
// its label and those of the codes it takes.
type Calcolato struct {
	Etichetta string
	Valori    []spec.ValoreAmmesso
}

// Calcolati are the computed values of f by name, with the labels its
// calcola steps give them (etichetta, valori) or, where they give none,
// those the vocabulary gives the output of f's kind that the value is.
// A value with no label at all is not in the map.
func (v *Vocabolario) Calcolati(f *spec.File) map[string]Calcolato {
	out := map[string]Calcolato{}
	for _, s := range f.Passi {
		if s.Tipo != spec.Calcola || s.Nome == "" {
			continue
		}
		c := out[s.Nome]
		if c.Etichetta == "" {
			c.Etichetta = s.Etichetta
		}
		if len(c.Valori) == 0 {
			c.Valori = s.Valori
		}
		out[s.Nome] = c
	}
	for _, u := range v.Uscite[f.Tipo] {
		c, ok := out[u.Nome]
		if !ok {
			continue
		}
		if c.Etichetta == "" {
			c.Etichetta = u.Etichetta
		}
		if len(c.Valori) == 0 {
			c.Valori = u.Valori
		}
		out[u.Nome] = c
	}
	for n, c := range out {
		if c.Etichetta == "" && len(c.Valori) == 0 {
			delete(out, n)
		}
	}
	return out
}

// valoriDichiarati are the values of a computed value: declared by the
// output of the kind it is, or by its own steps (valori).
type valoriDichiarati struct {
	valori []spec.ValoreAmmesso
	dove   string // "nel vocabolario" or "nei valori del passo"
	// uscita: the values are an output's, which has no other (a value
	// of a step's own may also be empty: none of its codes)
	uscita bool
}

func (d valoriDichiarati) ammette(v string) bool {
	return v == "" && !d.uscita || slices.ContainsFunc(d.valori, func(a spec.ValoreAmmesso) bool { return a.Valore == v })
}

func (d valoriDichiarati) elenco() string {
	out := make([]string, len(d.valori))
	for i, a := range d.valori {
		out[i] = a.Valore
	}
	return strings.Join(out, ", ")
}

// ControllaUscite checks the values the rule files give the outputs
// that declare theirs (uscite.<nome>.valori), and the computed values
// whose steps declare theirs (valori): a text literal a step computes
// for the value, on any branch of its conditionals, and the values of a
// testo parameter the step gives as is, must be declared. A value
// computed otherwise (from an input) is checked at evaluation for an
// output; for another value an undeclared one is written as it is. An
// output whose values the vocabulary declares takes no valori of a
// step's.
func (v *Vocabolario) ControllaUscite(files []*spec.File, parametri map[string]*spec.Parametro, ps *spec.Problems) {
	for _, f := range files {
		propri := map[string]*spec.Parametro{}
		for _, par := range f.Parametri {
			propri[par.Nome] = par
		}
		calcolati := v.Calcolati(f)
		for i, s := range f.Passi {
			if s.Tipo != spec.Calcola {
				continue
			}
			var d valoriDichiarati
			u := v.Uscita(f.Tipo, s.Nome)
			switch {
			case u != nil && len(u.Valori) > 0:
				d = valoriDichiarati{u.Valori, "nel vocabolario", true}
				if len(s.Valori) > 0 {
					ps.Add(s.PosValori, "passi["+strconv.Itoa(i)+"].valori", "valori", "%s è un'uscita i cui valori sono dichiarati nel vocabolario, con le loro etichette: il passo non ne dà altri", s.Nome)
				}
			case len(calcolati[s.Nome].Valori) > 0:
				d = valoriDichiarati{calcolati[s.Nome].Valori, "nei valori del passo", false}
			default:
				continue
			}
			if s.Espr.Empty() {
				continue
			}
			a, iss := motore.Base.Parse(s.Espr.Src)
			if iss != nil && iss.Err() != nil {
				continue // reported by the compiler
			}
			perc := "passi[" + strconv.Itoa(i) + "].valore"
			info := a.NativeRep().SourceInfo()
			for _, x := range risultatiLetterali(a.NativeRep().Expr()) {
				if x.Kind() == ast.LiteralKind {
					lit, ok := x.AsLiteral().(types.String)
					if ok && !d.ammette(string(lit)) {
						l := info.GetStartLocation(x.ID())
						ps.Add(s.Espr.At(l.Line(), l.Column()), perc, "valore", "%s: «%s» non è un valore dichiarato %s: uno di %s",
							s.Nome, string(lit), d.dove, d.elenco())
					}
					continue
				}
				n, ok := containers.ToQualifiedName(x)
				if !ok {
					continue
				}
				nome, legge := strings.CutPrefix(n, "legge.")
				par := propri[nome]
				if par == nil {
					par = parametri[nome]
				}
				if !legge {
					par = nil
				}
				if par == nil || par.Tipo != "testo" {
					continue
				}
				for _, ver := range par.Valori {
					if ver.Node != nil && ver.Node.Kind == yaml.ScalarNode && !d.ammette(ver.Node.Value) {
						cosa := "il valore"
						if d.uscita {
							cosa = "l'uscita"
						}
						ps.Add(ver.Pos, "parametri."+par.Nome, "valore", "%s dà %s %s del passo %s: «%s» non è un valore dichiarato %s: uno di %s",
							par.Nome, cosa, s.Nome, s.ID, ver.Node.Value, d.dove, d.elenco())
					}
				}
			}
		}
	}
}

// risultatiLetterali are the subexpressions whose value is the result of
// x: x itself, or those of both branches of a conditional; for a list
// written in the expression (a value of type list of texts, whose
// items are the codes), its items.
func risultatiLetterali(x ast.Expr) []ast.Expr {
	if x.Kind() == ast.CallKind && x.AsCall().FunctionName() == operators.Conditional && len(x.AsCall().Args()) == 3 {
		args := x.AsCall().Args()
		return append(risultatiLetterali(args[1]), risultatiLetterali(args[2])...)
	}
	if x.Kind() == ast.ListKind {
		var out []ast.Expr
		for _, el := range x.AsList().Elements() {
			out = append(out, risultatiLetterali(el)...)
		}
		return out
	}
	return []ast.Expr{x}
}

// valoriDi gives each field that declares valori_di the accepted values
// of the field it names («tipo.campo»), before its own: that field must
// be declared, take values of its own (not valori_di in turn: one
// level, read in one place) and be of the same type; a value of its own
// it already has, or one with a label it has, is a problem at the value
// (a predefinito it does not accept: the check of every field's
// predefinito).
func (v *Vocabolario) valoriDi(ps *spec.Problems) {
	for _, tipo := range slices.Sorted(maps.Keys(v.Tipi)) {
		t := v.Tipi[tipo]
		for _, n := range t.Ordine {
			c := t.Campi[n]
			if c.ValoriDi == "" || c.Tipo != "testo" && c.Tipo != "lista" { // (the type: told by spec)
				continue
			}
			percorso := "richieste." + tipo + ".campi." + n + ".valori_di"
			altro, campo, _ := strings.Cut(c.ValoriDi, ".")
			d := v.Campo(altro, campo)
			switch {
			case d == nil || d == c:
				ps.Add(c.PosValoriDi, percorso, "campo", "valori_di: %q non è un campo di un'altra richiesta del vocabolario (richiesta.campo, es. convenzione.convenzione.modello)", c.ValoriDi)
				continue
			case d.ValoriDi != "":
				ps.Add(c.PosValoriDi, percorso, "campo", "valori_di: %q prende a sua volta i valori di %q: indicare quello (%s)", c.ValoriDi, d.ValoriDi, d.Pos)
				continue
			case len(d.Valori) == 0:
				ps.Add(c.PosValoriDi, percorso, "campo", "valori_di: %q non dichiara valori ammessi (%s)", c.ValoriDi, d.Pos)
				continue
			case d.Tipo != c.Tipo:
				ps.Add(c.PosValoriDi, percorso, "tipo", "valori_di: %q è di tipo %s, il campo di tipo %s", c.ValoriDi, d.Tipo, c.Tipo)
				continue
			}
			etichette := map[string]string{}
			for _, a := range d.Valori {
				etichette[spec.NormaEtichetta(a.Etichetta)] = a.Valore
			}
			for _, a := range c.Valori {
				if d.Ammette(a.Valore) {
					ps.Add(a.Pos, a.Percorso, "valore", "valore %q già tra quelli di %q (valori_di)", a.Valore, c.ValoriDi)
				} else if primo, ok := etichette[spec.NormaEtichetta(a.Etichetta)]; ok {
					ps.Add(a.Pos, a.Percorso, "etichetta", "etichetta «%s» già del valore %s di %q (valori_di): due valori con la stessa etichetta non si distinguono nel modulo né nelle celle di un lotto", strings.TrimSpace(a.Etichetta), primo, c.ValoriDi)
				}
			}
			c.Valori = append(slices.Clip(d.Valori), c.Valori...)
		}
	}
}
