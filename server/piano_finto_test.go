package server

// A stand-in for the calendar (the piano request kind and its ICS and
// register files), which lives in another package not yet merged here. It
// follows the contract's shapes so the page's timeline, the downloads and
// the hooks can be tested; it is not the calendar and states no law.

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/lpu"
)

type richiestaPianoFinta struct {
	Fattispecie     string         `json:"fattispecie" lpu:"max=40"`
	Ore             int            `json:"ore" lpu:"max=200000"`
	Inizio          lpu.Data       `json:"inizio"`
	DurataMesi      int            `json:"durata_mesi" lpu:"max=120"`
	GiorniSettimana map[string]int `json:"giorni_settimana" lpu:"max=24"`
	Comune          string         `json:"comune" lpu:"max=80"`
}

type sessioneFinta struct {
	Data string `json:"data"`
	Ore  int    `json:"ore"`
}

type festaFinta struct {
	Data string `json:"data"`
	Nome string `json:"nome"`
}

type pianoFinto struct {
	PrimoGiorno      string          `json:"primo_giorno"`
	UltimoGiorno     string          `json:"ultimo_giorno"`
	Termine          string          `json:"termine,omitempty"`
	Settimane        int             `json:"settimane"`
	Sessioni         []sessioneFinta `json:"sessioni"`
	FestivitaSaltate []festaFinta    `json:"festivita_saltate"`
	Violazioni       []string        `json:"violazioni"`
	Passi            []lpu.Passo     `json:"passi"`
	Avvertenze       []string        `json:"avvertenze"`
}

// festeFinte are a few fixed dates, enough to see skipped days drawn.
var festeFinte = map[string]string{"06-02": "Festa della Repubblica", "08-15": "Assunzione", "11-01": "Ognissanti", "12-08": "Immacolata", "12-25": "Natale"}

func calcolaPianoFinto(b []byte) (*pianoFinto, error) {
	var r richiestaPianoFinta
	if err := lpu.DecodeBytes(b, &r); err != nil {
		return nil, err
	}
	if !r.Inizio.Indicata() {
		return nil, &lpu.Errore{Codice: "campo_obbligatorio", Campo: "inizio", Messaggio: "indicare il primo giorno", Stato: 400}
	}
	if r.Ore <= 0 {
		return nil, &lpu.Errore{Codice: "campo_obbligatorio", Campo: "ore", Messaggio: "indicare le ore", Stato: 400}
	}
	tot := 0
	for k, h := range r.GiorniSettimana {
		if _, ok := calc.GiornoSettimana(k); !ok {
			return nil, &lpu.Errore{Codice: "campo_sconosciuto", Campo: "giorni_settimana." + k, Messaggio: "giorno sconosciuto", Stato: 400}
		}
		tot += h
	}
	if tot == 0 {
		return nil, &lpu.Errore{Codice: "campo_obbligatorio", Campo: "giorni_settimana", Messaggio: "indicare le ore di almeno un giorno", Stato: 400}
	}
	p := &pianoFinto{Sessioni: []sessioneFinta{}, FestivitaSaltate: []festaFinta{}, Violazioni: []string{}, Passi: []lpu.Passo{}, Avvertenze: []string{}}
	resto := r.Ore
	for d := r.Inizio.Time; resto > 0; d = calc.AggiungiGiorni(d, 1) {
		h := r.GiorniSettimana[calc.NomiGiorni[(int(d.Weekday())+6)%7]]
		if h == 0 {
			continue
		}
		if nome, ok := festeFinte[d.Format("01-02")]; ok {
			p.FestivitaSaltate = append(p.FestivitaSaltate, festaFinta{calc.FormatData(d), nome})
			continue
		}
		h = min(h, resto)
		resto -= h
		p.Sessioni = append(p.Sessioni, sessioneFinta{calc.FormatData(d), h})
		if h > 8 {
			p.Violazioni = append(p.Violazioni, fmt.Sprintf("%s: %d ore in un giorno", calc.FormatDataItaliana(d), h))
		}
	}
	primo, _ := calc.ParseData(p.Sessioni[0].Data)
	ultimo, _ := calc.ParseData(p.Sessioni[len(p.Sessioni)-1].Data)
	p.PrimoGiorno, p.UltimoGiorno = calc.FormatData(primo), calc.FormatData(ultimo)
	p.Settimane = calc.GiorniTra(primo, ultimo)/7 + 1
	if r.DurataMesi > 0 {
		p.Termine = calc.FormatData(calc.AggiungiMesi(r.Inizio.Time, r.DurataMesi))
	}
	p.Passi = append(p.Passi, lpu.Passo{Regola: "finto.sessioni", Fonte: "calendario di prova", Testo: fmt.Sprintf("%d sessioni per %d ore.", len(p.Sessioni), r.Ore)})
	return p, nil
}

func init() {
	lpu.Registra("piano", func(_ *lpu.Engine, b []byte) (any, error) { return calcolaPianoFinto(b) })
}

// estensioniFinte are hooks backed by the fake calendar.
func estensioniFinte() Estensioni {
	return Estensioni{
		PianoICS: func(_ *lpu.Engine, b []byte, w io.Writer) error {
			p, err := calcolaPianoFinto(b)
			if err != nil {
				return err
			}
			fmt.Fprint(w, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//lpu//prova//IT\r\n")
			for i, s := range p.Sessioni {
				d, _ := calc.ParseData(s.Data)
				fmt.Fprintf(w, "BEGIN:VEVENT\r\nUID:%d@prova\r\nDTSTART;VALUE=DATE:%s\r\nSUMMARY:LPU %d ore\r\nEND:VEVENT\r\n", i, d.Format("20060102"), s.Ore)
			}
			fmt.Fprint(w, "END:VCALENDAR\r\n")
			return nil
		},
		Registro: func(_ *lpu.Engine, b []byte, w io.Writer) error {
			p, err := calcolaPianoFinto(b)
			if err != nil {
				return err
			}
			cw := csv.NewWriter(w)
			_ = cw.Write([]string{"data", "ore", "firma"})
			for _, s := range p.Sessioni {
				_ = cw.Write([]string{s.Data, fmt.Sprint(s.Ore), ""})
			}
			cw.Flush()
			return cw.Error()
		},
		Lotto: lottoFinto,
	}
}

// lottoFinto answers a JSON array of calcolo requests, one result or error
// per element, streaming.
func lottoFinto(e *lpu.Engine, r io.Reader, w io.Writer, formato string) error {
	if formato != "json" {
		return &lpu.Errore{Codice: "formato_non_supportato", Messaggio: "solo JSON nella prova", Stato: 400}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	var righe []json.RawMessage
	if err := json.Unmarshal(b, &righe); err != nil {
		return &lpu.Errore{Codice: "json_non_valido", Messaggio: "atteso un array JSON", Stato: 400}
	}
	fmt.Fprint(w, "[")
	for i, riga := range righe {
		if i > 0 {
			fmt.Fprint(w, ",")
		}
		out, err := e.Esegui("calcolo", riga)
		if err != nil {
			out = lpu.Corpo{Errore: lpu.ComeErrore(err)}
		}
		jb, _ := json.Marshal(out)
		w.Write(jb)
	}
	fmt.Fprint(w, "]")
	return nil
}
