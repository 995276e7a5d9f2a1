package convenzione

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func g(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }

// richiesta is one sede «Comune» with 3 AF posts and 2 MAP posts; AF
// posts are taken 1 from 1 to 31 May and 2 from 10 to 20 May; the
// period is 5 to 15 May.
func richiesta() Richiesta {
	return Richiesta{
		Sedi: []Sede{{Nome: "Comune", Posti: []Posti{{"AF", 3}, {"MAP", 2}}, Occupazioni: []Occupazione{
			{Tipo: "AF", Dal: g(5, 1), Al: g(5, 31), Posti: 1},
			{Tipo: "af ", Dal: g(5, 10), Al: g(5, 20), Posti: 2},
			{Tipo: "MAP", Dal: g(5, 1), Al: g(5, 31), Posti: 2},
		}}},
		Data: g(5, 5), Dal: g(5, 5), Al: g(5, 15),
		Predefinito: "AF", MaxOccupati: 1000,
	}
}

func conta(t *testing.T, r Richiesta) Verifica {
	t.Helper()
	v, err := Conta(r)
	if err != nil {
		t.Fatalf("Conta: %v", err)
	}
	return v
}

func TestConta(t *testing.T) {
	v := conta(t, richiesta())
	if !v.Verificati || v.Sede != "Comune" || v.Sedi != 1 || v.Tipo != "AF" || v.Totali != 3 || v.Occupati != 3 || v.Liberi != 0 || !v.Giorno.Equal(g(5, 10)) {
		t.Errorf("verifica = %+v; attesi AF 3 totali, 3 occupati dal 10 maggio, 0 liberi", v)
	}
}

func TestContaPeriodoPredefinito(t *testing.T) {
	r := richiesta()
	r.Dal, r.Al, r.Data = time.Time{}, time.Time{}, g(5, 2)
	v := conta(t, r)
	if !v.Dal.Equal(g(5, 2)) || !v.Al.Equal(g(5, 2)) || v.Occupati != 1 || v.Liberi != 2 {
		t.Errorf("verifica = %+v; atteso il solo 2 maggio (la data del caso), 1 posto occupato", v)
	}
}

func TestContaTipoChiesto(t *testing.T) {
	r := richiesta()
	r.TipoPosto = " map"
	if v := conta(t, r); v.Tipo != "MAP" || v.Totali != 2 || v.Occupati != 2 {
		t.Errorf("verifica = %+v; attesi i posti MAP", v)
	}
}

func TestContaTipoPredefinito(t *testing.T) {
	r := richiesta()
	r.Predefinito = "map"
	if v := conta(t, r); v.Tipo != "MAP" || v.Totali != 2 {
		t.Errorf("verifica = %+v; atteso il tipo predefinito MAP", v)
	}
}

// A sede with one type and no type asked: the fattispecie's type, even
// one the sede lacks (0 posts: the portal counts posts by type, and
// the AF posts are no MAP posts); only without a type for the
// fattispecie the sede's only type. Its occupations without a type are
// of the sede's type.
func TestContaUnSoloTipo(t *testing.T) {
	r := richiesta()
	r.Predefinito = "map"
	r.Sedi[0].Posti = []Posti{{"AF", 3}}
	r.Sedi[0].Occupazioni = []Occupazione{{Dal: g(5, 1), Al: g(5, 31), Posti: 1}}
	if v := conta(t, r); v.Tipo != "MAP" || v.Tipi != "AF" || v.TipoFattispecie != "MAP" || v.Totali != 0 || v.Occupati != 0 || v.Liberi != 0 {
		t.Errorf("verifica = %+v; attesi 0 posti MAP (la sede ha solo posti AF)", v)
	}
	r.Predefinito = ""
	if v := conta(t, r); v.Tipo != "AF" || v.TipoFattispecie != "" || v.Occupati != 1 || v.Liberi != 2 {
		t.Errorf("senza tipo della fattispecie: verifica = %+v; atteso AF, l'unico tipo della sede", v)
	}
}

// A type the rules give the fattispecie that the sede, with several
// types, lacks: counted (none), not asked for.
func TestContaTipoAssente(t *testing.T) {
	r := richiesta()
	r.Predefinito = "PENA"
	if v := conta(t, r); v.Tipo != "PENA" || v.Tipi != "AF, MAP" || v.Totali != 0 || v.Liberi != 0 {
		t.Errorf("verifica = %+v; attesi 0 posti PENA", v)
	}
}

// A sede with no posts listed takes the default type and has none free.
// A sede that lists no posts is not checked: posts not given are no
// fact that none is free, with or without a type for the fattispecie.
func TestContaSenzaPosti(t *testing.T) {
	for _, pred := range []string{"AF", ""} {
		r := richiesta()
		r.Sedi[0].Posti, r.Sedi[0].Occupazioni, r.Predefinito = nil, nil, pred
		if v := conta(t, r); v.Verificati || !v.NonIndicati || v.Sede != "Comune" || v.Totali != 0 || v.Liberi != 0 {
			t.Errorf("predefinito %q: verifica = %+v; attesi posti non indicati, non verificati", pred, v)
		}
	}
}

// Several sedi and none asked: nothing checked but the count of sedi;
// the sede asked is found by its name in any case, and answered as the
// convention writes it.
func TestContaSedi(t *testing.T) {
	r := richiesta()
	r.Sedi = append(r.Sedi, Sede{Nome: "Biblioteca", Posti: []Posti{{"AF", 1}}})
	if v := conta(t, r); v.Verificati || v.Sedi != 2 || v.Sede != "" {
		t.Errorf("verifica = %+v; attesa nessuna sede verificata", v)
	}
	r.Sede = " BIBLIOTECA "
	if v := conta(t, r); !v.Verificati || v.Sede != "Biblioteca" || v.Totali != 1 || v.Liberi != 1 {
		t.Errorf("verifica = %+v; attesa la Biblioteca", v)
	}
}

func TestContaErrori(t *testing.T) {
	for _, c := range []struct {
		nome   string
		cambia func(*Richiesta)
		motivo Motivo
		campo  string
		testo  string
	}{
		{"periodo invertito", func(r *Richiesta) { r.Al = g(5, 1) }, MotivoDateInvertite, "periodo.al", "il periodo finisce (01/05/2025) prima di cominciare (05/05/2025)"},
		{"sede senza nome", func(r *Richiesta) { r.Sedi[0].Nome = " " }, MotivoMancante, "convenzione.sedi[0].nome", "indicare il nome della sede"},
		{"occupazione senza inizio", func(r *Richiesta) { r.Sedi[0].Occupazioni[1].Dal = time.Time{} }, MotivoMancante, "convenzione.sedi[0].occupazioni[1].dal", "data di inizio"},
		{"occupazione senza fine", func(r *Richiesta) { r.Sedi[0].Occupazioni[1].Al = time.Time{} }, MotivoMancante, "convenzione.sedi[0].occupazioni[1].al", "data di fine"},
		{"occupazione invertita", func(r *Richiesta) { r.Sedi[0].Occupazioni[2].Al = g(4, 1) }, MotivoDateInvertite, "convenzione.sedi[0].occupazioni[2].al", "finisce (01/04/2025) prima di cominciare (01/05/2025)"},
		{"sede sconosciuta", func(r *Richiesta) { r.Sede = "Scuola" }, MotivoSedeSconosciuta, "sede", "sede «Scuola» non tra le sedi della convenzione: Comune"},
		{"nessuna sede", func(r *Richiesta) { r.Sede, r.Sedi = "Scuola", nil }, MotivoSedeSconosciuta, "sede", "la convenzione non elenca le sue sedi"},
		{"più tipi, nessun predefinito", func(r *Richiesta) { r.Predefinito = "" }, MotivoMancante, "tipo_posto", "ha posti di più tipi (AF, MAP): indicare il tipo di posto"},
		{"occupazione senza tipo", func(r *Richiesta) { r.Sedi[0].Occupazioni[2].Tipo = "" }, MotivoMancante, "convenzione.sedi[0].occupazioni[2].tipo", "indicare il tipo dell'occupazione"},
		{"posti senza tipo", func(r *Richiesta) { r.Sedi[0].Posti[1].Tipo = " " }, MotivoMancante, "convenzione.sedi[0].posti[1].tipo", "indicare il tipo di posto"},
		{"posti senza numero", func(r *Richiesta) { r.Sedi[0].Posti[1].Numero = 0 }, MotivoMancante, "convenzione.sedi[0].posti[1].numero", "indicare il numero di posti di tipo MAP, almeno 1 (una sede senza posti di quel tipo non ne ha la riga)"},
		{"tipo di posto ripetuto", func(r *Richiesta) { r.Sedi[0].Posti[1].Tipo = "af" }, MotivoDuplicato, "convenzione.sedi[0].posti[1].tipo", "posti di tipo AF già indicati nella riga n. 1"},
		{"sede ripetuta", func(r *Richiesta) {
			r.Sedi = append(r.Sedi, Sede{Nome: "Biblioteca"}, Sede{Nome: " comune", Posti: []Posti{{"AF", 5}}})
		}, MotivoDuplicato, "convenzione.sedi[2].nome", "sede «comune» già indicata come sede n. 1"},
		{"troppi occupati", func(r *Richiesta) { r.MaxOccupati = 2 }, MotivoTroppiOccupati, "convenzione.sedi[0].occupazioni", "sommano 3 posti di tipo AF occupati il 10/05/2025: al massimo 2"},
	} {
		t.Run(c.nome, func(t *testing.T) {
			r := richiesta()
			c.cambia(&r)
			_, err := Conta(r)
			var e *Errore
			if !errors.As(err, &e) {
				t.Fatalf("errore = %v; atteso *Errore", err)
			}
			if e.Motivo != c.motivo || e.Campo != c.campo || !strings.Contains(e.Messaggio, c.testo) {
				t.Errorf("errore = %d %s: %s; atteso %d %s: …%s…", e.Motivo, e.Campo, e.Messaggio, c.motivo, c.campo, c.testo)
			}
			// The message is read by a person: the field's path is in
			// Campo, never in the words.
			if strings.Contains(e.Messaggio, "tipo_posto") || strings.Contains(e.Messaggio, "convenzione.") {
				t.Errorf("the message names a field path: %s", e.Messaggio)
			}
		})
	}
}

// TestContaErroriLimitati: thousands of wrong occupations give at most
// MaxErrori problems, all of them in one Errori.
func TestContaErroriLimitati(t *testing.T) {
	sede := Sede{Nome: "A", Occupazioni: make([]Occupazione, 5000)}
	_, err := Conta(Richiesta{Sedi: []Sede{sede, {}}, Data: time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC)})
	errs, ok := err.(Errori)
	if !ok || len(errs) != MaxErrori || errs[0].Campo != "convenzione.sedi[0].occupazioni[0].dal" {
		t.Fatalf("%T %d problems: %v", err, len(errs), err)
	}
}
