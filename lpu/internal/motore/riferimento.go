package motore

import (
	"fmt"
	"reflect"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// Riferimento is the compiled reference date of a kind of request, as
// the vocabulary declares it (data_riferimento, senza_data_riferimento):
// the alternatives, each a date field of the request with an optional
// condition over the request's fields, tried in order; and the
// refusals of a request for which none applies. It is compiled once for
// the kind, whatever its rule files, and is safe for concurrent use.
type Riferimento struct {
	req   reflect.Type
	tab   *simboli
	alt   []altC
	senza []senzaC
	// manca is the refusal when no declared one applies.
	manca *Errore
	pool  sync.Pool // of *Esecuzione on tab
}

// altC is an alternative: the date of the input in slot, when it is
// given and se (nil: none) holds.
type altC struct {
	campo string
	slot  int
	se    *programmaCEL
}

// senzaC is a refusal: when se (nil: none) holds, the error names campo
// with the text testo followed by fonte.
type senzaC struct {
	campo string
	se    *programmaCEL
	testo []parte
	fonte string
}

// CodiceCampoObbligatorio is the code of the refusal of a request
// without its reference date.
const CodiceCampoObbligatorio = "campo_obbligatorio"

// CompilaRiferimento compiles the reference date g declares against the
// inputs of its request (the fields of conf.Req, read as conf.Letture
// says, and altri): each alternative must name a date field, each
// refusal a field; the conditions are boolean CEL over the request's
// fields (not the parameters, nor the values the steps compute, which
// depend on the date); the refusals' texts write labels with
// etichetta (et). Problems are added to ps, at their place in the
// vocabulary.
func CompilaRiferimento(g *Genere, conf Conf, altri []Ingresso, et *Etichette, ps *spec.Problems) *Riferimento {
	inputs := conf.Letture.Ingressi(conf.Req)
	if len(altri) > 0 {
		inputs = append(inputs[:len(inputs):len(inputs)], altri...)
	}
	r := &Riferimento{req: conf.Req, tab: &simboli{idx: make(map[string]int, len(inputs)), maxElem: uint64(conf.Letture.MaxTesto)}}
	decls := make([]cel.EnvOption, 0, len(inputs))
	for i := range inputs {
		in := &inputs[i]
		if in.Nome == NomeEscluso { // (reported when a rule file compiles)
			continue
		}
		r.tab.add(slot{nome: in.Nome, tipo: in.Tipo, kind: slotIngresso, in: in})
		decls = append(decls, cel.Variable(in.Nome, in.Tipo))
	}
	var amb *Ambiente
	ambiente := func() *Ambiente {
		if amb == nil {
			env, err := Base.Extend(decls...)
			if err != nil {
				ps.Add(g.Pos, "richieste."+g.Nome, "cel", "ambiente CEL: %v", err)
				return nil
			}
			amb = NuovoAmbiente(env, OpzioniCompila{}, spec.Vigenza{})
			amb.Etichette = et
			// (a field with declared values compared with a text that
			// is none of them: see dichiarati.go)
			if conf.Dichiarati != nil {
				amb.Dichiarati = conf.Dichiarati(&spec.File{})
			}
			// (the law in force, and so the parameters and what the
			// steps compute, depend on the date chosen here)
			amb.Ignoto = "data_riferimento e senza_data_riferimento (condizioni e testi) leggono solo i campi della richiesta " + g.Nome +
				" dichiarati nel vocabolario, non i parametri (legge.…) né i valori calcolati, che dipendono dalla legge in vigore alla data scelta"
		}
		return amb
	}
	condizione := func(e spec.Expr, perc string) *programmaCEL {
		if e.Empty() {
			return nil
		}
		if prg, _ := senzaCEL(r.tab, e, cel.BoolType); prg != nil {
			return prg
		}
		a := ambiente()
		if a == nil {
			return nil
		}
		if ast := CompilaExpr(a, e, perc, cel.BoolType, ps); ast != nil {
			return programma1(r.tab, ast, e, perc, ps)
		}
		return nil
	}
	base := "richieste." + g.Nome + ".data_riferimento"
	for i, a := range g.Riferimento {
		perc := base
		if len(g.Riferimento) > 1 || !a.Se.Empty() {
			perc = fmt.Sprintf("%s[%d]", base, i)
		}
		k, ok := r.tab.idx[a.Campo]
		switch {
		case !ok:
			ps.Add(a.Pos, perc, "campo", "data_riferimento: %q non è un campo della richiesta %s", a.Campo, g.Nome)
		case !r.tab.slots[k].tipo.IsExactType(cel.TimestampType):
			ps.Add(a.Pos, perc, "tipo", "data_riferimento: il campo %s è di tipo %s, non una data", a.Campo, NomeTipo(r.tab.slots[k].tipo))
			ok = false
		}
		c := altC{campo: a.Campo, slot: k, se: condizione(a.Se, perc+".se")}
		if ok {
			r.alt = append(r.alt, c)
		}
	}
	base = "richieste." + g.Nome + ".senza_data_riferimento"
	for i, s := range g.SenzaRiferimento {
		perc := fmt.Sprintf("%s[%d]", base, i)
		if _, ok := r.tab.idx[s.Campo]; !ok && s.Campo != "" {
			ps.Add(s.PosCampo, perc+".campo", "campo", "senza_data_riferimento: %q non è un campo della richiesta %s", s.Campo, g.Nome)
		}
		c := senzaC{campo: s.Campo, se: condizione(s.Se, perc+".se"), fonte: " (" + s.Fonte + ")"}
		if a := ambiente(); a != nil && !s.Testo.Empty() {
			c.testo = compilaTesto(a, r.tab, s.Testo, perc+".testo", false, ps)
		}
		r.senza = append(r.senza, c)
	}
	if len(g.Riferimento) > 0 {
		campo := g.Riferimento[0].Campo
		nome, _ := et.Scrivi(campo, "", false)
		if nome == "" {
			nome = campo
		}
		r.manca = &Errore{Codice: CodiceCampoObbligatorio, Campo: campo, Tipo: ErrIngresso,
			Messaggio: "indicare " + nome + ": la legge applicata è quella in vigore a questa data"}
	}
	return r
}

// Campi are the fields of the alternatives, in order.
func (r *Riferimento) Campi() []string {
	out := make([]string, len(r.alt))
	for i, a := range r.alt {
		out[i] = a.campo
	}
	return out
}

// Scegli is the reference date of the request req (addressable, of the
// kind's Go type): the date of the first alternative whose field is
// given and whose condition holds, and that field's name. When none
// applies, the error is the first refusal whose condition holds (an
// input error of code CodiceCampoObbligatorio on its field), or, if
// none does, one that asks for the first alternative's field.
func (r *Riferimento) Scegli(req reflect.Value) (data time.Time, campo string, err error) {
	if req.Type() != r.req || !req.CanAddr() {
		return time.Time{}, "", fmt.Errorf("motore: richiesta %s per la data di riferimento di %s", req.Type(), r.req)
	}
	// (the refusals' conditions and texts are evaluated on both paths)
	defer func() {
		if p := recover(); p != nil {
			data, campo, err = time.Time{}, "", fmt.Errorf("motore: errore interno nella data di riferimento: %v", p)
		}
	}()
	if len(r.alt) == 1 && r.alt[0].se == nil {
		// (the common case, a single field: no evaluation)
		a := &r.alt[0]
		in := r.tab.slots[a.slot].in
		if t, ok := in.Conv(req.Addr().UnsafePointer()).(types.Timestamp); ok && !t.IsZero() {
			return t.Time, a.campo, nil
		}
		return time.Time{}, "", r.rifiuto(req)
	}
	x := r.esecuzione(req)
	defer r.rilascia(x)
	for i := range r.alt {
		a := &r.alt[i]
		v := x.att.valore(a.slot)
		if x.att.err != nil {
			return time.Time{}, "", x.att.err
		}
		t, ok := v.(types.Timestamp)
		if !ok || t.IsZero() {
			continue
		}
		if a.se != nil {
			s, err := x.eval(a.se)
			if err != nil {
				return time.Time{}, "", err
			}
			if s != types.True {
				continue
			}
		}
		return t.Time, a.campo, nil
	}
	return time.Time{}, "", r.rifiutoIn(x)
}

// rifiuto is the refusal of a request without its reference date.
func (r *Riferimento) rifiuto(req reflect.Value) error {
	if len(r.senza) == 0 {
		return r.errManca()
	}
	x := r.esecuzione(req)
	defer r.rilascia(x)
	return r.rifiutoIn(x)
}

func (r *Riferimento) errManca() error {
	if r.manca == nil {
		return &Errore{Codice: CodiceCampoObbligatorio, Tipo: ErrIngresso, Messaggio: "nessuna data di riferimento dichiarata"}
	}
	e := *r.manca
	return &e
}

// rifiutoIn is rifiuto on an evaluation of the request.
func (r *Riferimento) rifiutoIn(x *Esecuzione) error {
	for i := range r.senza {
		s := &r.senza[i]
		if s.se != nil {
			v, err := x.eval(s.se)
			if err != nil {
				return err
			}
			if v != types.True {
				continue
			}
		}
		t, err := x.testo(s.testo, s.fonte)
		if err != nil {
			return err
		}
		x.testi = nil // (the message keeps its bytes)
		return &Errore{Codice: CodiceCampoObbligatorio, Campo: s.campo, Messaggio: t, Tipo: ErrIngresso}
	}
	return r.errManca()
}

// esecuzione is an evaluation over the inputs of req, from the pool.
func (r *Riferimento) esecuzione(req reflect.Value) *Esecuzione {
	x, _ := r.pool.Get().(*Esecuzione)
	if x == nil {
		x = &Esecuzione{att: attivazione{tab: r.tab, vals: make([]valSlot, len(r.tab.slots))}}
		x.att.x = x
	}
	x.att.nuova()
	x.att.req = req.Addr().UnsafePointer()
	return x
}

// rilascia closes the evaluation's frames and puts it back in the pool.
func (r *Riferimento) rilascia(x *Esecuzione) {
	if x.frame != nil {
		x.frame.Close()
		x.frame = nil
	}
	if x.frameT != nil {
		x.frameT.Close()
		x.frameT = nil
	}
	x.att.req, x.att.err, x.testi = nil, nil, nil
	r.pool.Put(x)
}
