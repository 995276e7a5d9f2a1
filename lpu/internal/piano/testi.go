package piano

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The sentences of a plan's steps and caveats are the calendar rules'
// (rules/calendario.yaml, dati.testi), not Go's: each is a Modello, a
// text with named placeholders ({primo}), so that a lawyer fixes a
// sentence with a YAML change. Go keeps the data the placeholders take
// and the grammar (plurale).

// Testi are the sentences of a plan by name ("passi.giorni",
// "avvertenze.domenica", "violazioni.termine"): every name of Segnaposto.
type Testi map[string]Modello

// Segnaposto are the sentences a plan writes, by name, and the
// placeholders each may use; the calendar rules must give every one.
var Segnaposto = map[string][]string{
	"passi.limiti_data_indicata":               {"titolo", "data"},
	"passi.limiti_oggi":                        {"titolo", "data"},
	"passi.limiti_giorno_inizio":               {"titolo", "data"},
	"passi.patrono":                            {"comune", "santo", "quando"},
	"passi.giorni":                             {"giorni", "ore_settimanali"},
	"passi.inizio_prova":                       {"giorno_verbale", "verbale", "giorno_primo", "primo"},
	"passi.inizio":                             {"giorno_inizio", "inizio", "giorno_primo", "primo"},
	"passi.copertura":                          {"dal"},
	"passi.sessioni":                           {"ore", "sessioni", "primo", "ultimo"},
	"passi.sessioni_ultima_ridotta":            {"ore", "sessioni", "primo", "ultimo", "ore_ultima"},
	"passi.festivita":                          {"calendario", "saltati", "elenco"},
	"passi.festivita_nessuna":                  {"calendario"},
	"passi.calendario":                         {},
	"passi.calendario_patrono":                 {"comune"},
	"passi.sospensioni":                        {"elenco", "giorni"},
	"passi.settimane":                          {"settimane", "lunedi", "domenica"},
	"passi.termine":                            {"verbale", "mesi", "termine"},
	"passi.termine_oltre_massimo":              {"verbale", "mesi", "fine", "mesi_max", "termine_legale"},
	"passi.limite_giornaliero":                 {"max"},
	"passi.limite_settimanale":                 {"max"},
	"passi.limite_settimanale_min":             {"ore_settimanali", "min"},
	"passi.inail":                              {"giorni", "primo", "entro"},
	"passi.inail_ore_residue":                  {"ore_svolte", "giorni", "primo", "entro"},
	"passi.torino":                             {"esecutivo", "inizio_entro", "mesi_inizio", "fine_entro", "mesi_fine"},
	"avvertenze.domenica":                      {"sessioni"},
	"avvertenze.patrono_sconosciuto":           {"comune", "campo"},
	"avvertenze.recuperi":                      {"termine", "ultima", "giorni_utili"},
	"avvertenze.recuperi_termine_legale":       {"termine_legale", "mesi", "ultima", "giorni_utili"},
	"avvertenze.settimane_corte":               {"settimane", "min", "elenco"},
	"avvertenze.inail":                         {"entro", "giorni", "primo"},
	"avvertenze.inail_ore_residue":             {"ore_svolte", "entro", "giorni", "primo"},
	"avvertenze.inail_festivo":                 {"entro", "giorni", "non_festivo"},
	"avvertenze.inail_festivo_nuovo_ente":      {"entro", "giorni", "non_festivo"},
	"avvertenze.inail_prima_del_verbale":       {"entro", "giorni", "primo", "verbale", "campo"},
	"avvertenze.termine_senza_verbale":         {"ore_svolte", "mesi", "inizio", "campo"},
	"avvertenze.sospensioni_passate":           {"elenco", "inizio", "campo"},
	"avvertenze.sospensioni_prima_del_verbale": {"elenco", "verbale", "campo"},
	"avvertenze.sospensioni_passate_prova":     {"elenco", "inizio", "campo", "campo_durata"},
	"avvertenze.torino_inizio":                 {"primo", "inizio_entro", "mesi"},
	"violazioni.durata_mesi_max":               {"mesi", "mesi_max", "termine_legale"},
	"violazioni.durata_mesi_max_sessioni":      {"mesi", "mesi_max", "termine_legale", "sessioni", "ore"},
	"violazioni.durata_mesi_max_senza_verbale": {"mesi", "mesi_max"},
	"violazioni.termine":                       {"sessioni", "ore", "termine", "ore_settimanali", "ore_totali", "mesi"},
	"violazioni.termine_oltre_massimo":         {"sessioni", "ore", "termine", "termine_legale", "ore_settimanali", "ore_totali", "mesi"},
	"violazioni.termine_scaduto":               {"sessioni", "ore", "termine", "inizio", "mesi"},
	"violazioni.termine_sospensioni":           {"sessioni", "ore", "termine", "ore_settimanali", "ore_totali", "mesi", "elenco", "giorni_sospesi", "ore_sospese", "campo_durata"},
	"violazioni.ore_giornaliere_max":           {"ore", "giorno", "max", "sessioni"},
	"violazioni.ore_settimanali_max":           {"settimane", "max", "ore"},
	"violazioni.ore_settimanali_min":           {"ore_settimanali", "min"},
	"avvertenze.torino_fine":                   {"ultima", "fine_entro", "mesi"},

	// (as termine_sospensioni, with no session left before the term)
	"violazioni.termine_sospensioni_nessun_giorno": {"sessioni", "ore", "termine", "ore_totali", "mesi", "elenco", "giorni_sospesi", "ore_sospese", "campo_durata"},
	// (as sospensioni_prima_del_verbale, for the hours left)
	"avvertenze.sospensioni_prima_del_verbale_ore_residue": {"elenco", "verbale", "campo"},
}

// Modello is a sentence with named placeholders.
type Modello struct {
	parti []parte
}

// parte is a piece of a Modello: a text, or the placeholder nome.
type parte struct {
	testo, nome string
}

// NuovoModello reads src, where {nome} is a placeholder, one of ammessi.
// A problem (an unknown placeholder, a brace left open or alone) is an
// error, with the offset in characters (runes) of src where it is.
func NuovoModello(src string, ammessi []string) (Modello, int, error) {
	var m Modello
	resto, off := src, 0
	for resto != "" {
		i := strings.IndexAny(resto, "{}")
		if i < 0 {
			m.parti = append(m.parti, parte{testo: resto})
			break
		}
		if i > 0 {
			m.parti = append(m.parti, parte{testo: resto[:i]})
		}
		pos := off + utf8.RuneCountInString(resto[:i])
		if resto[i] == '}' {
			return Modello{}, pos, fmt.Errorf("«}» senza la «{» che apre un segnaposto")
		}
		j := strings.IndexByte(resto[i:], '}')
		if j < 0 {
			return Modello{}, pos, fmt.Errorf("«{» senza la «}» che chiude il segnaposto")
		}
		nome := resto[i+1 : i+j]
		if !slices.Contains(ammessi, nome) {
			if len(ammessi) == 0 {
				return Modello{}, pos, fmt.Errorf("segnaposto {%s} sconosciuto: questo testo non ne ha", nome)
			}
			return Modello{}, pos, fmt.Errorf("segnaposto {%s} sconosciuto: uno di {%s}", nome, strings.Join(ammessi, "}, {"))
		}
		m.parti = append(m.parti, parte{nome: nome})
		off = pos + utf8.RuneCountInString(resto[i:i+j+1])
		resto = resto[i+j+1:]
	}
	return m, 0, nil
}

// Scrivi writes the sentence with the values of its placeholders, given
// as pairs: a name, then its value (a string or an int).
func (m Modello) Scrivi(valori ...any) string {
	var b strings.Builder
	for _, p := range m.parti {
		if p.nome == "" {
			b.WriteString(p.testo)
			continue
		}
		for i := 0; i+1 < len(valori); i += 2 {
			if valori[i] != p.nome {
				continue
			}
			switch v := valori[i+1].(type) {
			case string:
				b.WriteString(v)
			case int:
				b.WriteString(strconv.Itoa(v))
			default:
				fmt.Fprint(&b, v)
			}
			break
		}
	}
	return b.String()
}
