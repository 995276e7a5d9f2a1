package server

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

// lineaTempo is the SVG timeline of a plan: one bar per session (its
// height the hours), the weeks, the months, the skipped holidays, the
// suspended days and the term. Coordinates are computed here so the
// template only places them.
type lineaTempo struct {
	Larghezza, Altezza int
	AsseY, BaseBarre   string
	Inizio, Fine       string
	Descrizione        string
	Settimane          []tacca
	Mesi               []tacca
	Sessioni           []barra
	Festivita          []tacca
	Sospesi            []barra
	Termine            *tacca
	ScalaOre           []tacca
	// Elenco is the same plan month by month, for a phone, where the
	// drawing would be too small to read.
	Elenco []meseLinea
}

// meseLinea is one month of the plan in words.
type meseLinea struct {
	Mese               string
	Sessioni, Ore      int
	Dal, Al            string
	Festivita, Sospesi int
	anno, mese         int
}

type tacca struct {
	X, Y, Testo, Titolo string
}

type barra struct {
	X, Y, L, H, Titolo string
}

const (
	tlLarghezza = 960
	tlSinistra  = 36
	tlDestra    = 16
	tlAltoBarre = 24
	tlAltezzaB  = 90 // the tallest bar
	tlAltezza   = 170
)

var mesiBrevi = [...]string{"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"}

func f1(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// nuovaLinea lays out the plan from its first possible day to the later
// of its last session and its term; nil when the plan has no dates.
func nuovaLinea(inizio any, p *lpu.RisultatoPiano, nomiGiorni map[string]string) *lineaTempo {
	var date []time.Time
	primo, _ := inizio.(string)
	for _, s := range []string{primo, p.PrimoGiorno, p.UltimoGiorno, p.Termine} {
		if t, err := calc.ParseData(s); err == nil {
			date = append(date, t)
		}
	}
	for _, s := range p.Sessioni {
		if t, err := calc.ParseData(s.Data); err == nil {
			date = append(date, t)
		}
	}
	if len(date) == 0 {
		return nil
	}
	da, a := date[0], date[0]
	for _, t := range date[1:] {
		if t.Before(da) {
			da = t
		}
		if t.After(a) {
			a = t
		}
	}
	giorni := calc.GiorniTra(da, a) + 1
	if giorni > 3660 { // ten years: beyond that the bars are not readable
		giorni = 3660
		a = calc.AggiungiGiorni(da, giorni-1)
	}
	larg := float64(tlLarghezza - tlSinistra - tlDestra)
	passo := larg / float64(giorni)
	x := func(t time.Time) float64 { return tlSinistra + float64(calc.GiorniTra(da, t))*passo }
	base := float64(tlAltoBarre + tlAltezzaB)
	l := &lineaTempo{Larghezza: tlLarghezza, Altezza: tlAltezza, AsseY: f1(base), BaseBarre: f1(base),
		Inizio: calc.FormatDataItaliana(da), Fine: calc.FormatDataItaliana(a)}

	maxOre := 1
	for _, s := range p.Sessioni {
		maxOre = max(maxOre, s.Ore)
	}
	maxOre = max(maxOre, 4)
	for _, o := range []int{maxOre / 2, maxOre} {
		y := base - float64(o)/float64(maxOre)*tlAltezzaB
		l.ScalaOre = append(l.ScalaOre, tacca{X: f1(tlSinistra - 4), Y: f1(y), Testo: strconv.Itoa(o) + " h"})
	}
	lb := max(passo*0.8, 1)
	totale := 0
	for _, s := range p.Sessioni {
		t, err := calc.ParseData(s.Data)
		if err != nil || t.After(a) {
			continue
		}
		totale += s.Ore
		h := float64(s.Ore) / float64(maxOre) * tlAltezzaB
		l.Sessioni = append(l.Sessioni, barra{X: f1(x(t) + (passo-lb)/2), Y: f1(base - h), L: f1(lb), H: f1(h),
			Titolo: fmt.Sprintf("%s %s: %s", nomiGiorni[calc.ChiaveGiorno(t.Weekday())], calc.FormatDataItaliana(t), calc.Plurale(s.Ore, "1 ora", "ore"))})
	}
	// Weeks start on Monday; with many weeks only some are labelled.
	lunedi := calc.AggiungiGiorni(da, (8-int(da.Weekday()))%7)
	settimane := calc.GiorniTra(lunedi, a)/7 + 1
	ogni := max(1, (settimane+13)/14)
	for i, t := 0, lunedi; !t.After(a); i, t = i+1, calc.AggiungiGiorni(t, 7) {
		tc := tacca{X: f1(x(t))}
		if i%ogni == 0 {
			tc.Testo = t.Format("02/01")
		}
		l.Settimane = append(l.Settimane, tc)
	}
	for t := calc.Data(da.Year(), da.Month(), 1); !t.After(a); t = calc.AggiungiMesi(t, 1) {
		xm := x(t)
		if t.Before(da) {
			xm = tlSinistra
		}
		l.Mesi = append(l.Mesi, tacca{X: f1(xm), Testo: mesiBrevi[t.Month()-1] + " " + strconv.Itoa(t.Year())})
	}
	for _, f := range p.FestivitaSaltate {
		t, err := calc.ParseData(f.Data)
		if err != nil || t.Before(da) || t.After(a) {
			continue
		}
		tit := "Festività saltata: " + calc.FormatDataItaliana(t)
		if f.Motivo != "" {
			tit += " (" + f.Motivo + ")"
		}
		l.Festivita = append(l.Festivita, tacca{X: f1(x(t) + passo/2), Titolo: tit})
	}
	for _, g := range p.GiorniSospesi {
		t, err := calc.ParseData(g.Data)
		if err != nil || t.Before(da) || t.After(a) {
			continue
		}
		l.Sospesi = append(l.Sospesi, barra{X: f1(x(t)), Y: f1(tlAltoBarre), L: f1(max(passo, 1)), H: f1(tlAltezzaB),
			Titolo: "Giorno sospeso: " + calc.FormatDataItaliana(t) + " (" + g.Motivo + ")"})
	}
	if t, err := calc.ParseData(p.Termine); err == nil && !t.After(a) {
		l.Termine = &tacca{X: f1(x(t) + passo/2), Testo: "termine " + calc.FormatDataItaliana(t)}
	}
	l.Elenco = elencoMesi(p)
	// (the sessions' own span: the axis may start at the verbale and end
	// at the term)
	dal, al := l.Inizio, l.Fine
	if n := len(p.Sessioni); n > 0 {
		dal, al = dataItaliana(p.Sessioni[0].Data), dataItaliana(p.Sessioni[n-1].Data)
	}
	l.Descrizione = fmt.Sprintf("%s per %s dal %s al %s", calc.Plurale(len(l.Sessioni), "%d sessione", "sessioni"), calc.Plurale(totale, "%d ora", "ore"), dal, al)
	if l.Termine != nil {
		l.Descrizione += "; " + l.Termine.Testo
	}
	if len(l.Festivita) > 0 {
		l.Descrizione += "; " + calc.Plurale(len(l.Festivita), "%d festività saltata", "festività saltate")
	}
	if len(l.Sospesi) > 0 {
		l.Descrizione += "; " + calc.Plurale(len(l.Sospesi), "%d giorno sospeso", "giorni sospesi")
	}
	return l
}

var mesiInteri = [...]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
	"settembre", "ottobre", "novembre", "dicembre"}

// elencoMesi sums the plan's sessions, skipped holidays and suspended
// days by month, in order.
func elencoMesi(p *lpu.RisultatoPiano) []meseLinea {
	var out []meseLinea
	voce := func(s string) *meseLinea {
		t, err := calc.ParseData(s)
		if err != nil {
			return nil
		}
		nome := mesiInteri[t.Month()-1] + " " + strconv.Itoa(t.Year())
		i, ok := slices.BinarySearchFunc(out, t, func(m meseLinea, t time.Time) int {
			return cmp.Compare(m.chiave(), t.Year()*12+int(t.Month()))
		})
		if !ok {
			out = slices.Insert(out, i, meseLinea{Mese: nome, anno: t.Year(), mese: int(t.Month())})
		}
		return &out[i]
	}
	for _, s := range p.Sessioni {
		if m := voce(s.Data); m != nil {
			t, _ := calc.ParseData(s.Data)
			if m.Sessioni == 0 {
				m.Dal = calc.FormatDataItaliana(t)
			}
			m.Al = calc.FormatDataItaliana(t)
			m.Sessioni++
			m.Ore += s.Ore
		}
	}
	for _, f := range p.FestivitaSaltate {
		if m := voce(f.Data); m != nil {
			m.Festivita++
		}
	}
	for _, g := range p.GiorniSospesi {
		if m := voce(g.Data); m != nil {
			m.Sospesi++
		}
	}
	return out
}

func (m meseLinea) chiave() int { return m.anno*12 + m.mese }
