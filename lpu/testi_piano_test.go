package lpu_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestTestiPianoAlCaricamento: the sentences of the plan are the
// calendar rules' (dati.testi): a placeholder a sentence does not have,
// a brace alone, a missing sentence or one that no plan writes is a
// problem at the overlay's own file, line and column (on the calendar's
// rules with cds186 and map, not the whole rules: the file checked is
// the same).
func TestTestiPianoAlCaricamento(t *testing.T) {
	casi := []struct {
		nome, vecchio, nuovo, want string
	}{
		{"segnaposto", "{ore_settimanali}.\"", "{ore_sett}.\"", "dati.testi.passi.giorni: segnaposto {ore_sett} sconosciuto: uno di {giorni}, {ore_settimanali}"},
		{"graffa", "{ore_settimanali}.\"", "{ore_settimanali.\"", "«{» senza la «}» che chiude il segnaposto"},
		{"mancante", "      copertura: \"Copertura INAIL attiva dal {dal}: nessuna sessione prima; la richiesta dell'ente all'INAIL è già stata presentata e accolta.\"\n", "", "dati.testi.passi.copertura: manca la frase passi.copertura"},
		{"in più", "      copertura: \"", "      coperta: \"\"\n      copertura: \"", "dati.testi.passi.coperta: chiave sconosciuta \"coperta\""},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			fsys, pos := regoleCon(t, regoleReali(t, fileCalendario...), "calendario.yaml", c.vecchio, c.nuovo, 0)
			_, err := lpu.Load(context.Background(), fsys)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Load = %v; want %q", err, c.want)
			}
			if c.nome == "segnaposto" || c.nome == "graffa" {
				if !strings.Contains(err.Error(), pos+": ") {
					t.Errorf("Load = %v; want the problem at %s", err, pos)
				}
			} else if !strings.Contains(err.Error(), "mie/calendario.yaml:") {
				t.Errorf("Load = %v; want the problem in the overlay's file", err)
			}
		})
	}
}

// TestTestiPianoDalleRegole: a sentence changed in the calendar rules
// is the plan's step, with no Go change.
func TestTestiPianoDalleRegole(t *testing.T) {
	fsys, _ := regoleCon(t, regoleReali(t, fileCalendario...), "calendario.yaml", "giorni: \"Giorni e ore concordati: {giorni};", "giorni: \"Ore concordate: {giorni};", 0)
	e, err := lpu.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	r := &lpu.RichiestaPiano{Fattispecie: "cds186", Ore: 8, Inizio: data(t, "2025-07-01"), GiorniSettimana: map[string]int{"gio": 4}}
	res, err := e.Piano(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Passi {
		if p.Regola == "piano.giorni" {
			if p.Testo != "Ore concordate: giovedì 4; ore a settimana: 4." {
				t.Errorf("piano.giorni = %q", p.Testo)
			}
			return
		}
	}
	t.Fatalf("no step piano.giorni in %+v", res.Passi)
}
