package motore

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu/internal/celx"
	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// ValoreParametro reads version v of parameter p, as a value of p's
// type; a problem says what is wrong at v's position.
func ValoreParametro(p *spec.Parametro, v spec.Valore, ps *spec.Problems) (ref.Val, *cel.Type) {
	n := v.Node // (no alias: spec.LeggiYAML refuses them)
	percorso := v.Percorso
	if percorso == "" {
		percorso = "parametri." + p.Nome
	}
	bad := func(what string) (ref.Val, *cel.Type) {
		ps.Add(v.Pos, percorso, "valore", "valore di %s non valido: atteso %s", p.Nome, what)
		return nil, nil
	}
	switch p.Tipo {
	case "intero":
		var v int
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&v) != nil {
			return bad("un intero")
		}
		return types.Int(v), cel.IntType
	case "decimale":
		d, err := calc.ParseDecimale(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			return bad("un decimale tra virgolette, es. \"250\"")
		}
		return celx.Decimale{D: d}, celx.DecimaleType
	case "testo":
		if n.Kind != yaml.ScalarNode {
			return bad("un testo")
		}
		return types.String(n.Value), cel.StringType
	case "booleano":
		var b bool
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
			return bad("true o false")
		}
		return types.Bool(b), cel.BoolType
	case "data":
		t, err := calc.ParseData(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			return bad("una data AAAA-MM-GG")
		}
		return celx.NewData(t), celx.DataType
	case "lista":
		var l []string
		if n.Kind != yaml.SequenceNode || n.Decode(&l) != nil {
			return bad("una lista di testi")
		}
		return types.DefaultTypeAdapter.NativeToValue(l), cel.ListType(cel.StringType)
	case "mappa":
		// a code → a list of texts; a code given twice is a problem
		if n.Kind != yaml.MappingNode {
			return bad("una mappa da un codice a una lista di testi, es. {dm2001: [gdp54, map]}")
		}
		m := make(map[string][]string, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, x := n.Content[i], n.Content[i+1]
			var l []string
			if k.Kind != yaml.ScalarNode || k.Value == "" || x.Kind != yaml.SequenceNode || x.Decode(&l) != nil {
				return bad("una mappa da un codice a una lista di testi, es. {dm2001: [gdp54, map]}")
			}
			if _, ok := m[k.Value]; ok {
				ps.Add(spec.Pos{File: v.Pos.File, Line: k.Line, Col: k.Column}, percorso, "valore", "valore di %s non valido: codice %q ripetuto", p.Nome, k.Value)
				return nil, nil
			}
			m[k.Value] = l
		}
		return types.DefaultTypeAdapter.NativeToValue(m), TipoMappa
	case "durata":
		var d calc.Durata
		if n.Kind != yaml.MappingNode || decodeStrict(n, &d) != nil {
			return bad("una durata {anni, mesi, giorni}")
		}
		return celx.Durata{D: d}, celx.DurataType
	}
	return nil, nil
}

// TipiParametro are the CEL types of the kinds of parameter, those
// ValoreParametro gives their values.
var TipiParametro = map[string]*cel.Type{
	"intero": cel.IntType, "decimale": celx.DecimaleType, "testo": cel.StringType, "booleano": cel.BoolType,
	"data": celx.DataType, "lista": cel.ListType(cel.StringType), "durata": celx.DurataType, "mappa": TipoMappa,
}

// TipoMappa is the CEL type of a parameter of kind mappa: a code → a
// list of texts.
var TipoMappa = cel.MapType(cel.StringType, cel.ListType(cel.StringType))

func decodeStrict(n *yaml.Node, d *calc.Durata) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var x int
		if err := v.Decode(&x); err != nil || x < 0 {
			return fmt.Errorf("bad")
		}
		switch k.Value {
		case "anni":
			d.Anni = x
		case "mesi":
			d.Mesi = x
		case "giorni":
			d.Giorni = x
		default:
			return fmt.Errorf("bad")
		}
	}
	return nil
}

// ControllaVoci checks the items of par, a lista or a mappa of lists
// that says whose codes they are (voci): each item of each version is a
// code of d, the field's declared codes; not ok: the field has none.
func ControllaVoci(par *spec.Parametro, d Dichiarato, ok bool, ps *spec.Problems) {
	if par.Voci == "" {
		return
	}
	perc0 := "parametri." + par.Nome
	if !ok {
		ps.Add(par.PosVoci, perc0+".voci", "voci", "voci: %s non è un campo con valori dichiarati nel vocabolario: le voci di %s devono essere i valori di un campo", par.Voci, par.Nome)
		return
	}
	et := spec.NomeCampo(d.Etichetta)
	if et == "" {
		et = par.Voci
	}
	controlla := func(v spec.Valore, perc string, l *yaml.Node) {
		for _, it := range l.Content {
			if it.Kind == yaml.ScalarNode && !slices.Contains(d.Codici, it.Value) {
				ps.Add(spec.Pos{File: v.Pos.File, Line: it.Line, Col: it.Column}, perc, "voci", "valore di %s: %q non è un valore di «%s» (voci: %s): uno di %s",
					par.Nome, it.Value, et, par.Voci, elencoCodici(d.Codici))
			}
		}
	}
	for _, v := range par.Valori {
		n := v.Node
		perc := v.Percorso
		if perc == "" {
			perc = perc0
		}
		switch {
		case n == nil:
		case n.Kind == yaml.SequenceNode:
			controlla(v, perc, n)
		case n.Kind == yaml.MappingNode:
			for i := 1; i < len(n.Content); i += 2 {
				if l := n.Content[i]; l.Kind == yaml.SequenceNode {
					controlla(v, perc, l)
				}
			}
		}
	}
}

// ControllaChiavi checks the keys of the versions of par, a mappa whose
// keys are the codes of the field par.Chiavi (d, ok: its codes, as the
// names of a rule file's expressions declare them; not ok: no such
// field). The keys of a dated version are the codes that exist in its
// period: the latest version (the one in force from its date on) has a
// key for every code, an older one may lack the codes that came later
// (a request that gives one at a date whose version lacks it is refused
// on its field before the steps run, see Esecuzione.controllaChiavi);
// no version has a key that is no code, which would never be read.
// A code that ends (the vocabulary's fino_al, d.Fine) is instead a key
// of the latest version in force from a day up to its end, and of no
// version in force after it: a new version from the day after, without
// the key, is how the law drops it.
//
// A missing key is a problem where the fix belongs: at the latest
// version, unless the code is declared in a layer of rules above the
// version's (the vocabulary of an overlay, which added a model of
// convention: livelli gives the layer of each file, see Livello); then
// at the code, in that layer, whose fix is a new dated version by
// modifiche (or the key). An unknown key is a problem at the key.
//
// With par.ChiaviTra (chiavi_tra) the keys are some of the codes: no
// version has a key that is no code, or a code that ended before it,
// but no code needs a key (a mappa of the fattispecie a decree names,
// whose misspelt key would otherwise never be read, in silence).
func ControllaChiavi(par *spec.Parametro, d Dichiarato, ok bool, livelli map[string]int, ps *spec.Problems) {
	if par.Chiavi == "" {
		return
	}
	perc0 := "parametri." + par.Nome
	chiave := "chiavi" // (the key of the parameter that names the field)
	if par.ChiaviTra {
		chiave = "chiavi_tra"
	}
	if !ok {
		ps.Add(par.PosChiavi, perc0+"."+chiave, "chiavi", "%s: %s non è un campo con valori dichiarati nel vocabolario: le chiavi di %s devono essere i valori di un campo", chiave, par.Chiavi, par.Nome)
		return
	}
	et := spec.NomeCampo(d.Etichetta)
	if et == "" {
		et = par.Chiavi
	}
	// ultimo is the latest version from a day up to fino (zero: any
	// day), the one that must have the key of a code ending at fino
	ultimo := func(fino time.Time) int {
		u := -1
		for i, v := range par.Valori {
			if !fino.IsZero() && v.Vigenza.Dal.After(fino) {
				continue
			}
			if u < 0 || v.Vigenza.Dal.After(par.Valori[u].Vigenza.Dal) {
				u = i
			}
		}
		return u
	}
	fine := func(j int) time.Time {
		if j < len(d.Fine) {
			return d.Fine[j]
		}
		return time.Time{}
	}
	ultimi := make([]int, len(d.Codici))
	for j := range d.Codici {
		ultimi[j] = ultimo(fine(j))
	}
	for i, v := range par.Valori {
		n := v.Node
		if n == nil || n.Kind != yaml.MappingNode {
			continue // (not a mappa: reported by ValoreParametro)
		}
		perc := v.Percorso
		if perc == "" {
			perc = perc0
		}
		chiavi := make(map[string]bool, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			chiavi[k.Value] = true
			j := slices.Index(d.Codici, k.Value)
			posK := spec.Pos{File: v.Pos.File, Line: k.Line, Col: k.Column}
			if j < 0 {
				ps.Add(posK, perc, "chiavi", "valore di %s: la chiave %q non è un valore di «%s» (%s: %s): uno di %s",
					par.Nome, k.Value, et, chiave, par.Chiavi, elencoCodici(d.Codici))
				continue
			}
			// (a code that ends is no key of a version in force after
			// its end)
			f := fine(j)
			if f.IsZero() || (!v.Vigenza.Al.IsZero() && !v.Vigenza.Al.After(f)) {
				continue
			}
			dopo := calc.FormatDataItaliana(calc.AggiungiGiorni(f, 1))
			dove := ""
			if j < len(d.Pos) && d.Pos[j].Line > 0 {
				dove = " (" + d.Pos[j].String() + ")"
			}
			if j < len(d.Pos) && d.Pos[j].Line > 0 && livelli[d.Pos[j].File] > livelli[v.Pos.File] {
				// (the end came with a layer above the version: the
				// new version without the key belongs there)
				percCodice := ""
				if j < len(d.Percorsi) {
					percCodice = d.Percorsi[j]
				}
				ps.Add(d.Pos[j], percCodice, "chiavi", "%q, valore di «%s», è previsto fino al %s (fino_al), ma è una chiave del valore di %s %s (%s): una nuova versione di %s dal %s, senza la chiave (modifiche)",
					k.Value, et, calc.FormatDataItaliana(f), par.Nome, v.Vigenza, posK, par.Nome, dopo)
				continue
			}
			if v.Vigenza.Dal.After(f) {
				ps.Add(posK, perc, "chiavi", "valore di %s %s: la chiave %q non ci va: il valore di «%s» non è più previsto dal %s (fino_al: %s%s)",
					par.Nome, v.Vigenza, k.Value, et, dopo, f.Format("2006-01-02"), dove)
			} else {
				ps.Add(posK, perc, "chiavi", "valore di %s %s: è in vigore anche dopo il %s, ultimo giorno in cui il valore %q di «%s» è previsto (fino_al%s): "+
					"una nuova versione di %s dal %s, senza la chiave (modifiche)",
					par.Nome, v.Vigenza, calc.FormatDataItaliana(f), k.Value, et, dove, par.Nome, dopo)
			}
		}
		for j, c := range d.Codici {
			if par.ChiaviTra || chiavi[c] || i != ultimi[j] {
				// (an older version may lack the codes that came
				// later, a newer one lacks those that ended)
				continue
			}
			var dich spec.Pos
			if j < len(d.Pos) {
				dich = d.Pos[j]
			}
			if dich.Line > 0 && livelli[dich.File] > livelli[v.Pos.File] {
				// (the code came with a layer above the version: the
				// fix belongs there)
				percCodice := ""
				if j < len(d.Percorsi) {
					percCodice = d.Percorsi[j]
				}
				ps.Add(dich, percCodice, "chiavi", "%q, valore di «%s», non è una chiave del valore più recente di %s, %s (%s): ogni valore del campo vi ha la sua (chiavi: %s); "+
					"per un valore previsto da una data, una nuova versione di %s da quella data, con la chiave (modifiche)",
					c, et, par.Nome, v.Vigenza, v.Pos, par.Chiavi, par.Nome)
				continue
			}
			dove := ""
			if dich.Line > 0 && filepath.Dir(dich.File) != filepath.Dir(v.Pos.File) {
				dove = " (dichiarato in " + dich.String() + ")"
			}
			if f := fine(j); !f.IsZero() {
				ps.Add(v.Pos, perc, "chiavi", "valore di %s %s: manca la chiave %q, valore di «%s»%s previsto fino al %s (fino_al): l'ultima versione in vigore prima della fine ha la sua chiave (chiavi: %s)",
					par.Nome, v.Vigenza, c, et, dove, calc.FormatDataItaliana(f), par.Chiavi)
				continue
			}
			ps.Add(v.Pos, perc, "chiavi", "valore di %s %s: manca la chiave %q, valore di «%s»%s: le chiavi del valore più recente sono i valori del campo (chiavi: %s), ognuno con la sua",
				par.Nome, v.Vigenza, c, et, dove, par.Chiavi)
		}
	}
}

// maxCodiciElencati bounds the codes a message lists.
const maxCodiciElencati = 20

// elencoCodici lists the codes a key or an item may be, the first
// maxCodiciElencati of a longer list and how many more: a vocabulary
// of hundreds of codes would hide the problem in its message.
func elencoCodici(codici []string) string {
	if len(codici) <= maxCodiciElencati {
		return strings.Join(codici, ", ")
	}
	return fmt.Sprintf("%s e altri %d", strings.Join(codici[:maxCodiciElencati], ", "), len(codici)-maxCodiciElencati)
}
