package parole

import (
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// The words of synthetic expressions (not LPU's rules): labels of the
// inputs and of their values come from the caller.
func TestParole(t *testing.T) {
	w := Nuove(map[string]string{"fatti.arresto": "Arresto", "opzioni.mese": "Mese", "c.attivita": "Attività"},
		map[string]map[string]string{"opzioni.mese": {"30_giorni": "di 30 giorni"}, "c.attivita": {"sicurezza_stradale": "sicurezza stradale"}},
		&motore.Etichette{Tipo: "calcolo", Campi: map[string]string{"opzioni.mese": "Mese", "pena.multa": "Multa non pagata (€)"},
			Valori: map[string]motore.Voci{"opzioni.mese": {"calendario": "del calendario"}}})
	for _, c := range []struct{ src, want string }{
		{`fatti.arresto`, "«Arresto»"},
		{`fatti.arresto && opzioni.mese == "30_giorni"`, "«Arresto» e «Mese» è «di 30 giorni»"},
		{`legge.euro_per_giorno * 2 >= 10`, "«euro per giorno» × 2 è almeno 10"},
		{`fatti.arresto == false`, "«Arresto»: no"},
		{`opzioni.mese == ""`, "«Mese» non è indicato"},
		{`x.y == 0`, "«x y» è zero o non indicato"},
		{`opzioni.mese in ["30_giorni", "altro"]`, "«Mese» è uno di: «di 30 giorni», «altro»"},
		{`!("sicurezza_stradale" in c.attivita)`, "non è vero che «sicurezza stradale» è uno di: «Attività»"},
		{`fatti.arresto ? "a" : "b"`, "se «Arresto»: «a»; altrimenti «b»"},
		{`"il " + opzioni.mese + " vale"`, "“il «Mese» vale”"},
		{`non ( valida`, "non ( valida"},
		{`x > giorni(legge.durata, opzioni.mese, data)`, "«x» è più dei giorni di «durata» (mesi contati secondo «Mese», dalla «data»)"},
		{`x < size(legge.lista)`, "«x» è meno del numero di elementi di «lista»"},
		{`"c.p." + (x > 1 ? ": escluso" : "")`, "“c.p. [se «x» è più di 1: «: escluso»; altrimenti vuoto]”"},
		{`"c.p. " + (x ? "a" : "b")`, "“c.p. [se «x»: «a»; altrimenti «b»]”"},
		{`plurale(x, "una volta", "volte")`, "se «x» è 1: «una volta»; altrimenti (“«x» volte”)"},
		{`plurale(x, "sarebbe 1 giorno", "sarebbero %d giorni")`, "se «x» è 1: «sarebbe 1 giorno»; altrimenti (“sarebbero «x» giorni”)"},
		{`plurale(x, "l'ultimo di " + y, "gli ultimi %d di " + y)`, "se «x» è 1: (“l'ultimo di «y»”); altrimenti (“gli ultimi «x» di «y»”)"},
		// every %d, in either text; a plural without %d but with a
		// value; plurale inside a text, in square brackets as a
		// conditional is; as an operand, in brackets; a text the rules
		// compute: never «plurale (…)»
		{`plurale(x, "%d giorno (%d sessione)", "%d giorni (%d sessioni)")`, "se «x» è 1: «1 giorno (1 sessione)»; altrimenti (“«x» giorni («x» sessioni)”)"},
		{`plurale(x, "un giorno di " + y, "giorni di " + y)`, "se «x» è 1: (“un giorno di «y»”); altrimenti (“«x» giorni di «y»”)"},
		{`"ne restano " + plurale(x, "uno", "%d") + ", da fare"`, "“ne restano [se «x» è 1: «uno»; altrimenti (“«x»”)], da fare”"},
		{`plurale(x, "a", "b") == "a"`, "(se «x» è 1: «a»; altrimenti (“«x» b”)) è «a»"},
		{`plurale(x, y, z)`, "se «x» è 1: «y»; altrimenti «z» (con «x»)"},
		{`"sarebbe di " + massimo(x, 0) + " giorni"`, "“sarebbe del maggiore tra «x» e 0 giorni”"},
		// the library's functions in words, never «resto («x», 3)»
		{`resto(x, 3) == 0`, "(il resto della divisione di «x» per 3) è zero"},
		{`plurale(resto(x, 3), "l'ultimo", "gli ultimi %d")`, "se (il resto della divisione di «x» per 3) è 1: «l'ultimo»; altrimenti (“gli ultimi (il resto della divisione di «x» per 3)”)"},
		{`quoziente_per_eccesso(x, y)`, "«x» ÷ «y» (per eccesso)"},
		// a divisor (or the right of a product) that is itself a product
		// or a division is in brackets: read left to right, «x» ÷ «y» ×
		// 2 would be another number
		{`quoziente_per_eccesso(x, y * 2)`, "«x» ÷ («y» × 2) (per eccesso)"},
		{`quoziente(x * 2, y)`, "«x» × 2 ÷ «y» (per difetto)"},
		{`x / (y * 2) + x * (y / 2) + x / y * 2`, "(«x» ÷ («y» × 2) + «x» × («y» ÷ 2)) + «x» ÷ «y» × 2"},
		{`quoziente(resto(x, 360), 30)`, "(il resto della divisione di «x» per 360) ÷ 30 (per difetto)"},
		{`per_difetto(decimale(x) * y) < per_eccesso(z)`, "l'intero per difetto di («x» × «y») è meno dell'intero per eccesso di «z»"},
		{`al_centesimo(per_mille(decimale(x) * y, legge.tasso)) > decimale("1")`, "(il «tasso» per mille di («x» × «y»), arrotondato al centesimo (il mezzo centesimo per eccesso)) è più di € 1"},
		{`x > data("1900-01-01") && x <= data("2005-01-01")`, "«x» è dopo il 01/01/1900 e «x» non è dopo il 01/01/2005"},
		{`aggiungi_giorni(aggiungi_mesi(x, 12 * y), -1)`, "il giorno prima di (12 × «y» mesi dopo «x»)"},
		{`aggiungi_giorni(x, -legge.anticipo)`, "«anticipo» giorni prima di «x»"},
		{`festivo(x) && giorno_settimana(non_festivo_prima(x)) != ""`, "la data «x» è festiva (domenica o festività nazionale) e il giorno della settimana dell'ultimo giorno non festivo prima di «x» è indicato"},
		{`durata(quoziente(x, 360), 0, resto(x, 30))`, "(«x» ÷ 360 (per difetto)) anni e (il resto della divisione di «x» per 30) giorni"},
		{`size(l) > 0 && size(m) == 0`, "«l» non è vuoto e «m» è vuoto"},
		// the macros: filter, map over a filter, nested
		{`l.filter(a, !(a in m))`, "gli elementi di «l» tali che non è vero che l'elemento è uno di: «m»"},
		{`l.filter(f, m.exists(t, f.startsWith(t + ":"))).map(f, f.substring(f.indexOf(": ") + 2))`,
			"per ogni elemento di «l» tale che almeno una voce di «m» è tale che l'elemento comincia con (“la voce:”): il testo dell'elemento dopo «: »"},
		{`x.matches("^[0-9]+$")`, "«x» è scritto nella forma prevista"},
		{`l.filter(t, x.matches("(?i)^" + t + "$"))`, "gli elementi di «l» tali che «x» è scritto nella forma prevista per l'elemento"},
		// a date given, in words, not a date compared with a sentinel
		{`indicata(x.giorno) && !indicata(fatti.arresto)`, "è indicata la data «x giorno» e non è indicata la data «Arresto»"},
	} {
		if got := w.Espressione(c.src); got != c.want {
			t.Errorf("Espressione(%s) = %q; want %q", c.src, got, c.want)
		}
	}
	for _, c := range []struct{ src, want string }{{"true", "sempre"}, {"false", "mai (il passo non compare nella spiegazione)"}, {"fatti.arresto", "«Arresto»"}} {
		if got := w.Condizione(c.src); got != c.want {
			t.Errorf("Condizione(%s) = %q; want %q", c.src, got, c.want)
		}
	}
	if got := w.Testo("arresto: {fatti.arresto}, mese {opzioni.mese}"); got != "arresto: [«Arresto»], mese [«Mese»]" {
		t.Errorf("Testo = %q", got)
	}
	// A label the text writes with etichetta(…): as the engine writes it,
	// alone or in the text of an expression.
	for _, c := range []struct{ src, want string }{
		{"indicare la {etichetta('pena.multa')}", "indicare la «Multa non pagata»"},
		{"opzione {etichetta('opzioni.mese', 'calendario')}", "opzione «Mese: del calendario»"},
		{"{x > 1 ? 'con l\\'opzione ' + etichetta('opzioni.mese', 'calendario') + '.' : ''}", "[se «x» è più di 1: «con l'opzione «Mese: del calendario».»; altrimenti vuoto]"},
		{"{x > 1 ? 'con ' + string(x) + ' e ' + etichetta('pena.multa') : ''}", "[se «x» è più di 1: (“con «x» e «Multa non pagata»”); altrimenti vuoto]"},
	} {
		if got := w.Testo(c.src); got != c.want {
			t.Errorf("Testo(%s) = %q; want %q", c.src, got, c.want)
		}
	}
	if got := w.SenzaPercorsi("indicare il mese (nel calcolo: opzioni.mese) e legge.art54"); got != "indicare il mese (nel calcolo: «Mese») e «art54»" {
		t.Errorf("SenzaPercorsi = %q", got)
	}
	if got := InParole("giorni_da_euro.x"); got != "giorni da euro x" {
		t.Errorf("InParole = %q", got)
	}
}

// TestMappa: a parameter mappa is said as a list by code: its code is
// «una delle voci», its list the one «per» the code; a list is not.
func TestMappa(t *testing.T) {
	w := Nuove(map[string]string{"legge.modelli": "Fattispecie di ogni modello", "legge.lista": "Elenco", "modello": "Modello"}, nil, nil).
		ConMappe(map[string]bool{"legge.modelli": true})
	for _, c := range []struct{ src, want string }{
		{`modello in legge.modelli && f in legge.modelli[modello]`,
			"«Modello» è una delle voci di: «Fattispecie di ogni modello» e «f» è uno di: «Fattispecie di ogni modello» per «Modello»"},
		{`modello in legge.lista`, "«Modello» è uno di: «Elenco»"},
	} {
		if got := w.Condizione(c.src); got != c.want {
			t.Errorf("Condizione(%s) = %q; want %q", c.src, got, c.want)
		}
	}
}

// TestValore: a computed value is named by its label, and the codes it
// gives, on every branch of its conditionals, and compares with, by
// theirs; a code without a label, and a text that is not a result, stay.
func TestValore(t *testing.T) {
	w := Nuove(map[string]string{"classe": "Classe del reato", "fatti.multa": "Multa"},
		map[string]map[string]string{"classe": {"delitto_anni_1": "delitto fino a 1 anno", "delitto_pecuniaria": "delitto punito con la sola multa"}}, nil)
	for _, c := range []struct{ src, want string }{
		{`"delitto_anni_1"`, "«delitto fino a 1 anno»"},
		{`fatti.multa ? "delitto_pecuniaria" : x > 1 ? "altro" : "delitto_anni_1"`,
			"se «Multa»: «delitto punito con la sola multa»; altrimenti (se «x» è più di 1: «altro»; altrimenti «delitto fino a 1 anno»)"},
		{`fatti.multa ? "" : "delitto_" + y`, "se «Multa»: vuoto; altrimenti (“delitto_«y»”)"},
		{`fatti.multa ? (x == "delitto_anni_1" ? 1 : 2) : 3`, "se «Multa»: (se «x» è «delitto_anni_1»: 1; altrimenti 2); altrimenti 3"},
	} {
		if got := w.Valore(c.src, "classe"); got != c.want {
			t.Errorf("Valore(%s) = %q; want %q", c.src, got, c.want)
		}
	}
	if got := w.Condizione(`classe == "delitto_anni_1" || "delitto_pecuniaria" == classe`); got != "«Classe del reato» è «delitto fino a 1 anno» oppure «delitto punito con la sola multa» è «Classe del reato»" {
		t.Errorf("Condizione = %q", got)
	}
}

// TestValoreIntero: a conventional value of a computed number (-1 for
// «not checked») is written by its label, where the value is computed
// and where it is compared; other numbers stay numbers.
func TestValoreIntero(t *testing.T) {
	w := Nuove(map[string]string{"liberi": "Posti liberi", "verificati": "Posti verificati"},
		map[string]map[string]string{"liberi": {"-1": "posti non verificati"}}, nil)
	if got, want := w.Valore(`verificati ? massimo(x, 0) : -1`, "liberi"), "se «Posti verificati»: (il maggiore tra «x» e 0); altrimenti «posti non verificati»"; got != want {
		t.Errorf("Valore = %q; want %q", got, want)
	}
	if got, want := w.Condizione(`liberi == -1 || liberi > 0`), "«Posti liberi» è «posti non verificati» oppure «Posti liberi» è più di 0"; got != want {
		t.Errorf("Condizione = %q; want %q", got, want)
	}
}
