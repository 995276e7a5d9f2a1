package lpu

// SenzaPotatura loads an engine that runs every step, even those that
// cannot apply to the request's fattispecie (see potatura.go).
func SenzaPotatura() Option { return func(e *Engine) { e.senzaPotatura = true } }

// PassiPotati counts, for each program and fattispecie, the steps left
// out.
func (e *Engine) PassiPotati() map[string]int {
	out := map[string]int{}
	progs := map[string]*programma{"fondo": e.fondo, "convenzione": e.convenzione}
	for k, p := range e.calcolo {
		progs[k] = p
	}
	for nome, p := range progs {
		if p == nil {
			continue
		}
		for f, l := range p.passiPer {
			out[nome+"/"+f] = len(p.passi) - len(l)
		}
	}
	return out
}
