package motore

import (
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/lpu-it/lpu/calc"
)

// A mappa parameter may say whose codes its keys are (chiavi:
// convenzione.modello): the rules read it by the value of that field,
// legge.convenzione_attivita_modello[convenzione.modello]. A code the
// vocabulary declares is a key of the latest version (checked at load,
// ControllaChiavi), but an older version may lack it: a model of
// convention a decree brings in from 2030 is no key of the version in
// force in 2025. A request of 2025 that names it is refused before the
// steps run, on that field, as a value the law does not provide at the
// date (not a rule that fails while running, regola_fallita). A code
// that ends (fino_al in the vocabulary) is no key of the versions after
// its end: a request of a later date that names it is refused the same
// way, as a value the law no longer provides since the day after.

// CodiceValoreNonAmmesso is the code of the refusal of a value that is
// no key, at the reference date, of a mappa keyed by its field's codes.
const CodiceValoreNonAmmesso = "valore_non_ammesso"

// chiaveC is a mappa parameter (slot par) keyed by the codes of the
// input campo (slot), read by some step of the program: etichetta is
// the field's «label», voci the labels of its codes.
type chiaveC struct {
	campo     string
	slot, par int
	etichetta string
	voci      Voci
}

// compilaChiavi gathers the mappa parameters with chiavi that the steps
// of p read and whose field is an input of p's request (a shared
// parameter keyed by a field another kind declares is not this kind's).
func (p *Programma) compilaChiavi(et *Etichette) {
	letti := map[string]bool{}
	for _, c := range p.passi {
		for _, n := range c.letti() {
			letti[n] = true
		}
	}
	for i, sl := range p.tab.slots {
		// (a mappa with chiavi_tra has keys for some codes only: the
		// rules read it after «x in m», and a code without a key is no
		// reason to refuse the request)
		if sl.kind != slotParametro || sl.par == nil || sl.par.Chiavi == "" || sl.par.ChiaviTra || !letti[sl.nome] {
			continue
		}
		k, ok := p.tab.idx[sl.par.Chiavi]
		if !ok || p.tab.slots[k].kind != slotIngresso {
			continue
		}
		nome, _ := et.Scrivi(sl.par.Chiavi, "", false)
		if nome == "" {
			nome = "«" + sl.par.Chiavi + "»"
		}
		p.chiavi = append(p.chiavi, chiaveC{campo: sl.par.Chiavi, slot: k, par: i, etichetta: nome, voci: p.tab.slots[k].voci})
	}
}

// controllaChiavi is the refusal of the request of x, at its date, whose
// value of the field of a mappa of p.chiavi is no key of the version in
// force (nil when every one is, the field is not given, or no version
// is in force at the date). A value out
// of its bounds is left to the evaluation, which tells it.
func (x *Esecuzione) controllaChiavi(p *Programma) *Errore {
	for i := range p.chiavi {
		k := &p.chiavi[i]
		v := x.att.valore(k.slot)
		if x.att.err != nil {
			return nil
		}
		var codici []string
		switch v := v.(type) {
		case types.String:
			codici = []string{string(v)}
		case traits.Lister:
			for it := v.Iterator(); it.HasNext() == types.True; {
				if s, ok := it.Next().(types.String); ok {
					codici = append(codici, string(s))
				}
			}
		}
		// No version of the mappa in force at a date the file is: no
		// step in force reads it (the load keeps a reader within the
		// parameter's period), and it refuses no code. (Before the file,
		// the refusal says from when the code is provided.)
		m := x.att.valore(k.par)
		if m == nil && p.file.Vigenza.Contiene(x.att.data) {
			continue
		}
		for _, c := range codici {
			if c == "" || haChiave(m, c) {
				continue
			}
			return x.rifiutoChiave(k, c)
		}
	}
	return nil
}

// haChiave reports whether m, a mappa's value (nil: none in force),
// has the key c.
func haChiave(m ref.Val, c string) bool {
	mm, ok := m.(traits.Mapper)
	if !ok {
		return false
	}
	_, trovata := mm.Find(types.String(c))
	return trovata
}

// rifiutoChiave is the refusal of code c of k's field at the date of
// x: when a version of another period has it, the message says when.
func (x *Esecuzione) rifiutoChiave(k *chiaveC, c string) *Errore {
	voce := c
	if e, ok := k.voci[c]; ok && e != "" {
		voce = e
	}
	data := x.att.data
	quando := ""
	versioni := x.att.tab.slots[k.par].versioni
	// (the first version after the date that has it, or else the last
	// before it)
	var dal, fine time.Time
	// fonte is the source of the version that has the value (from or
	// until when), or else of the version in force, whose list leaves
	// the value out
	fonte, fonteDal, fonteFine := "", "", ""
	for _, v := range versioni {
		if v.Vig.Contiene(data) {
			fonte = v.Fonte
		}
		if !haChiave(v.Val, c) {
			continue
		}
		if v.Vig.Dal.After(data) && (dal.IsZero() || v.Vig.Dal.Before(dal)) {
			dal, fonteDal = v.Vig.Dal, v.Fonte
		}
		if !v.Vig.Al.IsZero() && v.Vig.Al.Before(data) && v.Vig.Al.After(fine) {
			fine, fonteFine = v.Vig.Al, v.Fonte
		}
	}
	switch {
	case !dal.IsZero():
		quando = " (lo è dal " + calc.FormatDataItaliana(dal) + ")"
	case !fine.IsZero():
		// (no version after the date has it: the law no longer
		// provides it, fino_al in the vocabulary, since the day after
		// the last that had it; the source is the one of the version
		// that dropped it, in force from that day)
		dopo := calc.AggiungiGiorni(fine, 1)
		fonte = ""
		for _, v := range versioni {
			if v.Vig.Contiene(dopo) {
				fonte = v.Fonte
			}
		}
		if fonte != "" {
			fonte = " (" + fonte + ")"
		}
		return &Errore{Codice: CodiceValoreNonAmmesso, Campo: k.campo, Tipo: ErrCaso,
			Messaggio: "il valore «" + voce + "» di " + k.etichetta + " non è più previsto dal " + calc.FormatDataItaliana(dopo) + fonte}
	}
	// (the source of the version that provides the value, when there
	// is one: it says from or until when; else the one in force)
	for _, f := range []string{fonteFine, fonteDal} {
		if f != "" {
			fonte = f
		}
	}
	if fonte != "" {
		fonte = " (" + fonte + ")"
	}
	return &Errore{Codice: CodiceValoreNonAmmesso, Campo: k.campo, Tipo: ErrCaso,
		Messaggio: "il valore «" + voce + "» di " + k.etichetta + " non è previsto alla data del " + calc.FormatDataItaliana(data) + quando + fonte}
}
