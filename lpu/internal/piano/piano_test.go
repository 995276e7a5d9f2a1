package piano

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/lpu-it/lpu/calc"
	"github.com/lpu-it/lpu/rules"
)

// The tests use synthetic inputs (limits, sources, a made-up comune), not
// the LPU rule files: what is checked is the algorithm. The sentences are
// the calendar rules' (rules/calendario.yaml, dati.testi), read here as
// the facade reads them.

var testiRegole = func() Testi {
	src, err := rules.FS.ReadFile("calendario.yaml")
	if err != nil {
		panic(err)
	}
	var f struct {
		Dati struct {
			Testi map[string]map[string]string `yaml:"testi"`
		} `yaml:"dati"`
	}
	if err := yaml.Unmarshal(src, &f); err != nil {
		panic(err)
	}
	out := Testi{}
	for g, m := range f.Dati.Testi {
		for n, t := range m {
			mod, _, err := NuovoModello(t, Segnaposto[g+"."+n])
			if err != nil {
				panic(g + "." + n + ": " + err.Error())
			}
			out[g+"."+n] = mod
		}
	}
	return out
}()

func data(s string) time.Time {
	t, err := calc.ParseData(s)
	if err != nil {
		panic(err)
	}
	return t
}

func intero(n int) *int { return &n }

// base is a request of 10 hours, 4 on Thursday, from Tuesday 1 July 2025.
func base() *Richiesta {
	r := &Richiesta{Titolo: "Regole di prova", Fonte: "fonte delle regole di prova", Data: data("2025-07-01"), Ore: 10, Inizio: data("2025-07-01"),
		Scadenze: Scadenze{InailAnticipoGiorni: Termine{10, "fonte INAIL"}, TorinoInizioMesi: Termine{3, "fonte inizio"}, TorinoFineMesi: Termine{18, "fonte fine"}},
		Fonti: Fonti{Accordo: "fonte accordo", AvvioProva: "fonte avvio", Termine: "fonte termine", CoperturaInail: "fonte copertura", Festivita: "fonte feste",
			Domenica: "fonte domenica", Sospensioni: "fonte sospensioni", Settimane: "fonte settimane"},
		Spiega: true, Testi: testiRegole}
	r.OreGiorno[time.Thursday] = 4
	return r
}

func date(ss []Sessione) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Data+"/"+s.Giorno+"/"+string(rune('0'+s.Ore)))
	}
	return strings.Join(out, " ")
}

func calcola(t *testing.T, r *Richiesta) *Piano {
	t.Helper()
	p, err := Calcola(r)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSessioni(t *testing.T) {
	p := calcola(t, base())
	if got, want := date(p.Sessioni), "2025-07-03/gio/4 2025-07-10/gio/4 2025-07-17/gio/2"; got != want {
		t.Errorf("sessioni %s; want %s", got, want)
	}
	if p.PrimoGiorno != "2025-07-03" || p.UltimoGiorno != "2025-07-17" || p.Settimane != 3 || p.OreSettimanali != 4 || p.Termine != "" {
		t.Errorf("piano %+v", p)
	}
	// The INAIL request: 10 days before the first session.
	if p.RichiestaInailEntro != "2025-06-23" || p.InizioEntro != "" {
		t.Errorf("richiesta INAIL entro %s, inizio entro %q", p.RichiestaInailEntro, p.InizioEntro)
	}
	if p.Passi[0].Regola != "piano.limiti" || p.Passi[0].Fonte != "fonte delle regole di prova" || !strings.Contains(p.Passi[0].Testo, "Regole di prova") {
		t.Errorf("primo passo %+v", p.Passi[0])
	}
	if len(p.Avvertenze) != 1 || !strings.HasSuffix(p.Avvertenze[0], "(fonte INAIL)") {
		t.Errorf("avvertenze %q", p.Avvertenze)
	}
	if len(p.Violazioni) != 0 || p.Violazioni == nil || p.FestivitaSaltate == nil || p.GiorniSospesi == nil {
		t.Errorf("liste %#v %#v %#v", p.Violazioni, p.FestivitaSaltate, p.GiorniSospesi)
	}
}

func TestSenzaSpiegazione(t *testing.T) {
	r := base()
	r.Spiega = false
	r.PassiLimiti = []Passo{{Regola: "x", Fonte: "y", Testo: "z"}}
	if p := calcola(t, r); p.Passi == nil || len(p.Passi) != 0 {
		t.Errorf("passi %#v; want []", p.Passi)
	}
	r.Spiega = true
	if p := calcola(t, r); len(p.Passi) < 2 || p.Passi[1].Regola != "x" {
		t.Errorf("i passi dei limiti seguono il primo: %+v", p.Passi)
	}
}

func TestFestivitaPatronoSospensioni(t *testing.T) {
	r := base()
	r.OreGiorno = [7]int{time.Friday: 3}
	r.Inizio, r.Ore = data("2025-08-11"), 9
	// Ferragosto is a Friday in 2025; the made-up patron saint of Borgo is
	// on 5 September, a Friday too; a suspension covers 22 August.
	r.Patroni = []calc.Patrono{{Comune: "Borgo", Santo: "San Prova", Mese: time.September, Giorno: 5, Fonte: "statuto di Borgo"}}
	r.Sospensioni = []Periodo{{Dal: data("2025-08-20"), Al: data("2025-08-24"), Motivo: "ricovero"}}
	p := calcola(t, r)
	if got, want := date(p.Sessioni), "2025-08-29/ven/3 2025-09-12/ven/3 2025-09-19/ven/3"; got != want {
		t.Errorf("sessioni %s; want %s", got, want)
	}
	if len(p.FestivitaSaltate) != 2 || p.FestivitaSaltate[0].Data != "2025-08-15" || p.FestivitaSaltate[0].Tipo != calc.FestaNazionale ||
		p.FestivitaSaltate[1].Data != "2025-09-05" || p.FestivitaSaltate[1].Tipo != calc.FestaPatronale || p.FestivitaSaltate[1].Fonte != "statuto di Borgo" {
		t.Errorf("festività %+v", p.FestivitaSaltate)
	}
	if len(p.GiorniSospesi) != 1 || p.GiorniSospesi[0].Data != "2025-08-22" || p.GiorniSospesi[0].Motivo != "sospensione: ricovero" {
		t.Errorf("sospesi %+v", p.GiorniSospesi)
	}
	fonti := map[string]string{}
	for _, s := range p.Passi {
		fonti[s.Regola] = s.Fonte
		if s.Regola == "piano.patrono" && !strings.Contains(s.Testo, "San Prova") {
			t.Errorf("passo del patrono %+v", s)
		}
	}
	// Each step cites the source it was given.
	for regola, want := range map[string]string{"piano.patrono": "statuto di Borgo", "piano.festivita": "fonte feste; statuto di Borgo",
		"piano.giorni": "fonte accordo", "piano.inizio": "fonte accordo", "piano.sessioni": "fonte accordo", "piano.sospensioni": "fonte sospensioni",
		"piano.settimane": "fonte settimane", "piano.inail": "fonte INAIL"} {
		if fonti[regola] != want {
			t.Errorf("%s cita %q; want %q", regola, fonti[regola], want)
		}
	}
}

func TestProvaTermine(t *testing.T) {
	r := base()
	r.Prova, r.DurataMesi, r.Ore, r.Fonti.Termine = true, 1, 24, "fonte del termine"
	// Signed on Thursday 3 July: the work starts the next agreed day, 10 July;
	// 6 sessions of 4 hours, the last on 14 August, after the term of 3
	// August.
	r.Inizio = data("2025-07-03")
	p := calcola(t, r)
	if p.PrimoGiorno != "2025-07-10" || p.Termine != "2025-08-03" {
		t.Fatalf("primo %s termine %s", p.PrimoGiorno, p.Termine)
	}
	if p.Passi[1].Regola != "piano.giorni" || p.Passi[2].Regola != "piano.inizio" || p.Passi[2].Fonte != "fonte avvio" {
		t.Errorf("passi %+v", p.Passi[:3])
	}
	if len(p.Violazioni) != 1 || p.Violazioni[0].Limite != "termine" || p.Violazioni[0].Numero != 2 || p.Violazioni[0].Ore != 8 ||
		p.Violazioni[0].Dal != "2025-08-07" || p.Violazioni[0].Fonte != "fonte del termine" {
		t.Errorf("violazioni %+v", p.Violazioni)
	}
	// Beyond the law's maximum the longer term is no lawful one.
	r.DurataMesi, r.Limiti.DurataMesiMax = 3, intero(2)
	p = calcola(t, r)
	// The sessions end on 14 August, before both terms: the breach of the
	// maximum is there, with no session after it.
	if len(p.Violazioni) != 1 || p.Violazioni[0].Limite != "durata_mesi_max" || p.Violazioni[0].Numero != 0 {
		t.Errorf("violazioni %+v", p.Violazioni)
	}
	r.Ore = 60
	p = calcola(t, r)
	if len(p.Violazioni) != 2 || p.Violazioni[0].Limite != "durata_mesi_max" || p.Violazioni[0].Valore != 2 || p.Violazioni[0].Fonte != "fonte delle regole di prova" ||
		p.Violazioni[1].Limite != "termine" || !strings.Contains(p.Violazioni[1].Testo, "supera già il termine massimo") {
		t.Errorf("violazioni %+v", p.Violazioni)
	}
}

func TestLimiti(t *testing.T) {
	r := base()
	r.OreGiorno = [7]int{time.Monday: 9, time.Tuesday: 9}
	r.Ore = 40
	r.Limiti = Limiti{OreGiornaliereMax: intero(8), OreSettimanaliMax: intero(15), OreSettimanaliMin: intero(20)}
	r.FontiLimiti = map[string]string{"ore_giornaliere_max": "fonte giornaliera"}
	p := calcola(t, r)
	got := map[string]Violazione{}
	for _, v := range p.Violazioni {
		got[v.Limite+"/"+v.Campo] = v
	}
	if v := got["ore_giornaliere_max/giorni_settimana.lun"]; v.Valore != 8 || v.Ore != 9 || v.Fonte != "fonte giornaliera" {
		t.Errorf("giornaliero lunedì %+v", v)
	}
	if v := got["ore_settimanali_max/giorni_settimana"]; v.Valore != 15 || v.Ore != 18 || v.Fonte != "fonte delle regole di prova" {
		t.Errorf("settimanale %+v", v)
	}
	if v := got["ore_settimanali_min/giorni_settimana"]; v.Valore != 20 || v.Ore != 18 {
		t.Errorf("minimo %+v", v)
	}
	if len(p.Violazioni) != 4 {
		t.Errorf("violazioni %+v", p.Violazioni)
	}
}

func TestCoperturaEsecutivita(t *testing.T) {
	r := base()
	r.CoperturaInailDal = data("2025-07-08")
	r.DataEsecutivita = data("2025-01-15")
	p := calcola(t, r)
	if p.PrimoGiorno != "2025-07-10" {
		t.Errorf("primo giorno %s; want 2025-07-10 (copertura dall'8)", p.PrimoGiorno)
	}
	if p.Passi[3].Regola != "piano.copertura" || p.Passi[3].Fonte != "fonte copertura" {
		t.Errorf("passi %+v", p.Passi[:4])
	}
	if p.InizioEntro != "2025-04-15" || p.FineEntro != "2026-07-15" {
		t.Errorf("termini %s %s", p.InizioEntro, p.FineEntro)
	}
	n := 0
	for _, a := range p.Avvertenze {
		if strings.HasSuffix(a, "(fonte inizio)") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("l'inizio dopo il termine va segnalato una volta: %q", p.Avvertenze)
	}
}

func TestAvvertenzePrima(t *testing.T) {
	r := base()
	r.Avvertenze = []string{"prima"}
	r.OreGiorno = [7]int{time.Sunday: 5}
	p := calcola(t, r)
	if len(p.Avvertenze) != 3 || p.Avvertenze[0] != "prima" || !strings.HasSuffix(p.Avvertenze[1], "(fonte domenica)") {
		t.Errorf("avvertenze %q", p.Avvertenze)
	}
	if r.Avvertenze[0] != "prima" || len(r.Avvertenze) != 1 {
		t.Errorf("la richiesta è cambiata: %q", r.Avvertenze)
	}
}

func TestTroppoLungo(t *testing.T) {
	r := base()
	r.OreGiorno, r.Ore = [7]int{time.Monday: 1}, 2000
	_, err := Calcola(r)
	var tl *TroppoLungo
	if !errors.As(err, &tl) || tl.Ore != 2000 || tl.OreSettimanali != 1 || !strings.Contains(err.Error(), "oltre 20 anni") {
		t.Fatalf("err = %v", err)
	}
	if !strings.HasPrefix(err.Error(), "con 1 ora a settimana le 2000 ore durerebbero") {
		t.Errorf("err = %v; want «con 1 ora a settimana», singular", err)
	}
}

func TestSenzaOre(t *testing.T) {
	r := base()
	r.Ore = 0
	if p, err := Calcola(r); err == nil {
		t.Errorf("0 ore: %+v", p)
	}
	if _, err := Calcola(nil); err == nil {
		t.Error("richiesta nil accettata")
	}
	// No agreed day: the plan never ends, and says so.
	r = base()
	r.OreGiorno = [7]int{}
	var tl *TroppoLungo
	if _, err := Calcola(r); !errors.As(err, &tl) {
		t.Errorf("nessun giorno concordato: %v", err)
	}
}

// TestProvaOreResidue: the hours left of a messa alla prova go from
// their first possible day, and the term runs from the signing of the
// verbale (art. 464-quater c.6 c.p.p.), not from that day; without the
// signing there is no term, but a caveat.
func TestProvaOreResidue(t *testing.T) {
	r := base()
	r.Prova, r.DurataMesi, r.Ore, r.OreSvolte = true, 12, 8, 60
	// First possible day Thursday 3 July 2025, an agreed day: the first
	// session is that day; signed on 2 January 2025, the term is 2
	// January 2026 (not 3 July 2026).
	r.Inizio, r.Verbale = data("2025-07-03"), data("2025-01-02")
	p := calcola(t, r)
	if p.PrimoGiorno != "2025-07-03" || p.Termine != "2026-01-02" {
		t.Errorf("primo %s termine %s; want 2025-07-03 2026-01-02", p.PrimoGiorno, p.Termine)
	}
	for _, s := range p.Passi {
		if s.Regola == "piano.inizio" && s.Fonte != "fonte accordo" {
			t.Errorf("passo d'inizio %+v: è quello dell'avvio della prova", s)
		}
	}
	r.Verbale = time.Time{}
	p = calcola(t, r)
	if p.Termine != "" || len(p.Violazioni) != 0 || len(p.Avvertenze) == 0 ||
		!strings.Contains(p.Avvertenze[0], "decorre dalla sottoscrizione del verbale, non dal primo giorno possibile di queste ore (03/07/2025)") ||
		!strings.HasSuffix(p.Avvertenze[0], "(fonte termine)") {
		t.Errorf("senza verbale: termine %q, violazioni %+v, avvertenze %q", p.Termine, p.Violazioni, p.Avvertenze)
	}
}

// TestICSOreSvolte: in the calendar of the hours left, each session
// counts the whole work, the hours served before it included, so that
// «svolte … di …» is not read as the whole work's.
func TestICSOreSvolte(t *testing.T) {
	p := calcola(t, base())
	var b bytes.Buffer
	if err := ScriviICS(&b, &FileICS{Nome: "Lavoro", Chiave: "abc", OraInizio: 9 * 60, Ore: 10, OreSvolte: 30, Sessioni: p.Sessioni}); err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(b.String(), "\r\n ", "") // (unfolded)
	for _, want := range []string{
		"DESCRIPTION:Sessione 1 di 3: 4 ore\\; svolte con questa 34 di 40 (30 prima di questo calendario)\\, restano 6.",
		"DESCRIPTION:Sessione 3 di 3: 2 ore\\; svolte con questa 40 di 40 (30 prima di questo calendario)\\, restano 0.",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("manca %q in\n%s", want, s)
		}
	}
	b.Reset()
	if err := ScriviICS(&b, &FileICS{Nome: "Lavoro", Chiave: "abc", OraInizio: 9 * 60, Ore: 10, Sessioni: p.Sessioni}); err != nil {
		t.Fatal(err)
	}
	if want := "DESCRIPTION:Sessione 1 di 3: 4 ore\\; svolte con questa 4 di 10\\, restano 6.\r\n"; !strings.Contains(b.String(), want) {
		t.Errorf("manca %q in\n%s", want, b.String())
	}
}

func TestICS(t *testing.T) {
	p := calcola(t, base())
	f := &FileICS{Nome: "Lavoro, di prova; – R.G. 1/2025", Suffisso: " – R.G. 1/2025", Chiave: "abc", OraInizio: 14*60 + 30, Ore: 10, Comune: "Borgo",
		Sessioni: p.Sessioni, Giorni: []Giorno{{Tipo: "inail", Data: p.RichiestaInailEntro, Titolo: "Richiesta", Testo: strings.Repeat("àè ", 40), Dettaglio: "Prima sessione: 03/07/2025.", Fonte: "circolare"}}}
	var b bytes.Buffer
	if err := ScriviICS(&b, f); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\n", "X-WR-CALNAME:Lavoro\\, di prova\\; – R.G. 1/2025\r\n", "DTSTAMP:20000101T000000Z\r\n",
		"UID:20250703-abc@lpu\r\n", "DTSTART;TZID=Europe/Rome:20250703T143000\r\n", "DTEND;TZID=Europe/Rome:20250703T183000\r\n",
		"DTEND;TZID=Europe/Rome:20250717T163000\r\n", "LOCATION:Borgo\r\n",
		"UID:inail-20250623-abc@lpu\r\n", "DTSTART;VALUE=DATE:20250623\r\n", "DTEND;VALUE=DATE:20250624\r\n", "SUMMARY:Richiesta – R.G. 1/2025\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("manca %q in\n%s", want, s)
		}
	}
	if n := strings.Count(s, "BEGIN:VEVENT"); n != 4 {
		t.Errorf("%d eventi; want 4", n)
	}
	for _, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("riga di %d ottetti: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("riga spezzata dentro un carattere: %q", l)
		}
	}
	if !strings.Contains(strings.ReplaceAll(s, "\r\n ", ""), "DESCRIPTION:"+strings.Repeat("àè ", 40)+"\\nPrima sessione: 03/07/2025.\\nFonte: circolare\r\n") {
		t.Error("la descrizione ripiegata non torna uguale")
	}
	bad := *f
	bad.Giorni = []Giorno{{Tipo: "x", Data: "2025-02-30"}}
	if err := ScriviICS(&bytes.Buffer{}, &bad); err == nil {
		t.Error("data non valida accettata")
	}
}

func TestRegistro(t *testing.T) {
	p := calcola(t, base())
	var b bytes.Buffer
	if err := ScriviRegistro(&b, "=1+1", 0, p.Sessioni, ',', true); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFRiferimento,'=1+1\r\n" + strings.Join(IntestazioneRegistro, ",") + "\r\n" +
		"03/07/2025,giovedì,4,,,,,\r\n10/07/2025,giovedì,4,,,,,\r\n17/07/2025,giovedì,2,,,,,ultima sessione\r\nTotale,,10,,,,,3 sessioni\r\n"
	if b.String() != want {
		t.Errorf("registro\n%q\nwant\n%q", b.String(), want)
	}
	// The hours left: the hours served before, and the whole work's.
	b.Reset()
	if err := ScriviRegistro(&b, "", 30, p.Sessioni, 0, false); err != nil {
		t.Fatal(err)
	}
	want = "Ore già svolte prima di questo registro;30\r\n" + strings.Join(IntestazioneRegistro, ";") + "\r\n" +
		"03/07/2025;giovedì;4;;;;;\r\n10/07/2025;giovedì;4;;;;;\r\n17/07/2025;giovedì;2;;;;;ultima sessione\r\nTotale;;10;;;;;3 sessioni\r\n" +
		"Totale con le ore già svolte;;40;;;;;\r\n"
	if b.String() != want {
		t.Errorf("registro delle ore ancora da svolgere\n%q\nwant\n%q", b.String(), want)
	}
	b.Reset()
	if err := ScriviRegistro(&b, "", 0, p.Sessioni[:1], 0, false); err != nil || !strings.HasPrefix(b.String(), "Data;Giorno;") || !strings.HasSuffix(b.String(), "Totale;;4;;;;;1 sessione\r\n") {
		t.Errorf("registro %q, %v", b.String(), err)
	}
	for _, sep := range []rune{'"', '\n', utf8Errata} {
		if err := ScriviRegistro(&bytes.Buffer{}, "", 0, nil, sep, false); err == nil {
			t.Errorf("separatore %q accettato", sep)
		}
	}
}

const utf8Errata = '\uFFFD'

// TestModello: a sentence's placeholders are filled by name, ints
// written in decimal; an unknown placeholder or a brace alone is an error
// at its offset in characters.
func TestModello(t *testing.T) {
	m, _, err := NuovoModello("dal {primo} al {ultimo}: {n} ore, {primo}", []string{"primo", "ultimo", "n"})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Scrivi("ultimo", "2/1", "primo", "1/1", "n", 7); got != "dal 1/1 al 2/1: 7 ore, 1/1" {
		t.Errorf("Scrivi = %q", got)
	}
	for _, c := range []struct {
		src string
		off int
		err string
	}{
		{"è il {giorno}", 5, "segnaposto {giorno} sconosciuto: uno di {primo}"},
		{"è il {primo", 5, "senza la «}»"},
		{"è} il", 1, "«}» senza"},
	} {
		_, off, err := NuovoModello(c.src, []string{"primo"})
		if err == nil || off != c.off || !strings.Contains(err.Error(), c.err) {
			t.Errorf("NuovoModello(%q) = %d, %v; want %d, %q", c.src, off, err, c.off, c.err)
		}
	}
	if len(testiRegole) != len(Segnaposto) {
		t.Errorf("rules/calendario.yaml gives %d sentences, Segnaposto names %d", len(testiRegole), len(Segnaposto))
	}
}

// TestICSCaratteriDiControllo: TEXT admits no control character but HTAB
// (RFC 5545 §3.1): a NUL, ESC or BEL typed in the comune or the reference
// becomes U+FFFD, bytes that are not UTF-8 too, and the folding of a long
// line of them still cuts between characters.
func TestICSCaratteriDiControllo(t *testing.T) {
	p := calcola(t, base())
	rif := " – RG\x1b\x07x\x7f\u0085\tfine"
	f := &FileICS{Nome: "Prova" + rif, Suffisso: rif, Chiave: "abc", OraInizio: 9 * 60, Ore: 10,
		Comune: "Mil\x00ano\xff" + strings.Repeat("\x01è", 40), Sessioni: p.Sessioni}
	var b bytes.Buffer
	if err := ScriviICS(&b, f); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("riga di %d ottetti o non UTF-8: %q", len(l), l)
		}
		for _, r := range strings.TrimPrefix(l, " ") {
			if r != '\t' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)) {
				t.Errorf("carattere di controllo U+%04X in %q", r, l)
			}
		}
	}
	unito := strings.ReplaceAll(s, "\r\n ", "")
	for _, want := range []string{
		"X-WR-CALNAME:Prova – RG\uFFFD\uFFFDx\uFFFD\uFFFD\tfine\r\n",
		"LOCATION:Mil\uFFFDano\uFFFD" + strings.Repeat("\uFFFDè", 40) + "\r\n",
	} {
		if !strings.Contains(unito, want) {
			t.Errorf("manca %q in\n%s", want, unito)
		}
	}
}

// TestICSUnaOra: a session of one hour is «1 ora», not «1 ore».
func TestICSUnaOra(t *testing.T) {
	var b bytes.Buffer
	f := &FileICS{Nome: "Lavoro", Chiave: "abc", OraInizio: 9 * 60, Ore: 5,
		Sessioni: []Sessione{{Data: "2025-07-05", Ore: 4, Giorno: "sab"}, {Data: "2025-07-12", Ore: 1, Giorno: "sab"}}}
	if err := ScriviICS(&b, f); err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(b.String(), "\r\n ", "") // (unfolded)
	for _, want := range []string{"Sessione 1 di 2: 4 ore\\;", "Sessione 2 di 2: 1 ora\\;"} {
		if !strings.Contains(s, want) {
			t.Errorf("manca %q in\n%s", want, s)
		}
	}
}
