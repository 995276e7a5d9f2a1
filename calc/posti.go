package calc

import (
	"sort"
	"time"
)

// Occupazione is a number of posts taken from Dal to Al, both included, as
// the national LPU portal records them ("inserimento occupazione": data di
// inizio, data di fine, numero di posti occupati).
type Occupazione struct {
	Dal, Al time.Time
	Posti   int
}

// PostiOccupati returns the most posts taken on any single day from dal to
// al (both included) and the first day on which that happens (dal when no
// post is taken). The free posts are the posts of the sede minus that
// number: a placement for the whole period needs one post free every day.
func PostiOccupati(occ []Occupazione, dal, al time.Time) (massimo int, giorno time.Time) {
	dal, al = Giorno(dal), Giorno(al)
	giorno = dal
	delta := map[time.Time]int{}
	for _, o := range occ {
		inizio, fine := Giorno(o.Dal), Giorno(o.Al)
		if fine.Before(dal) || inizio.After(al) || o.Posti == 0 {
			continue
		}
		if inizio.Before(dal) {
			inizio = dal
		}
		delta[inizio] += o.Posti
		if fine.Before(al) {
			delta[AggiungiGiorni(fine, 1)] -= o.Posti
		}
	}
	giorni := make([]time.Time, 0, len(delta))
	for g := range delta {
		giorni = append(giorni, g)
	}
	sort.Slice(giorni, func(i, j int) bool { return giorni[i].Before(giorni[j]) })
	cur := 0
	for _, g := range giorni {
		cur += delta[g]
		if cur > massimo {
			massimo, giorno = cur, g
		}
	}
	return massimo, giorno
}
