package spec_test

import (
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// TestYAMLItaliano: the YAML mistakes a lawyer makes first are told in
// Italian, with their usual cause, at their line.
func TestYAMLItaliano(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"id: a\ntesto: art. 1: comma 2\n", "f.yaml:2:1: YAML non valido: «: » non è ammesso qui: un testo che contiene «: » va tra virgolette"},
		{"id: a\npassi:\n  - id: x\n    testo: \"y\n", "f.yaml:4:12: YAML non valido: forse virgolette «\"» non chiuse: aperte qui, non si chiudono su questa riga e il testo prosegue fino alle seguenti (il file finisce prima del previsto: virgolette, graffe o quadre non chiuse?)"},
		{"id: a\n\ttesto: y\n", "f.yaml:2:1: YAML non valido: tabulazione nel rientro: si rientra con gli spazi"},
		{"id: a\ntesto: @x\n", "f.yaml:2:8: YAML non valido: «@» non può cominciare un valore: un testo che comincia così va tra virgolette"},
		{"id: a\ntesto: \"a\\qb\"\n", "f.yaml:2:1: YAML non valido: sequenza con «\\» non valida in un testo tra virgolette doppie"},
		{"id: a\nlista: [1, 2\nfonte: x\n", "f.yaml:2:1: YAML non valido: manca «,» o «]» in un elenco scritto tra quadre (nella struttura che comincia a questa riga)"},
		{"id: a\npassi:\n  - id: x\n  testo\n  - id: y\n", "f.yaml:4:1: YAML non valido: manca «:» dopo una chiave"},
		// bytes and characters YAML does not read, at their position
		{"id: a\ntitolo: \xe0 citt\xe0\n", "f.yaml:2:9: YAML non valido: il file non è UTF-8 (byte 0xE0, forse «à» scritto in Windows-1252): salvarlo in UTF-8"},
		{"id: a\ntitolo: citt\xc3\n", "f.yaml:2:13: YAML non valido: il file non è UTF-8 (byte 0xC3, forse «Ã» scritto in Windows-1252): salvarlo in UTF-8"},
		{"id: a\ntitolo: città\x81\n", "f.yaml:2:14: YAML non valido: il file non è UTF-8 (byte 0x81): salvarlo in UTF-8"},
		{"id: a\n  \nfonte: art.\x00 54\n", "f.yaml:3:12: YAML non valido: carattere di controllo U+0000 non ammesso"},
		{"\ufeffid: a\ntitolo: \x7f\n", "f.yaml:2:9: YAML non valido: carattere di controllo U+007F non ammesso"},
		// what a hostile or mistaken file meets past the first mistakes
		{"id: a\nx: " + strings.Repeat("[", 10001) + "\n", "f.yaml:2:1: YAML non valido: struttura annidata troppo in profondità: livelli oltre il massimo di 10000"},
		{"id: a\nx: !<abc\n", "f.yaml:2:1: YAML non valido: «!<» senza «>»: un testo che comincia con «!» va tra virgolette"},
		{"%FOO bar\n---\nid: a\n", "f.yaml:1:1: YAML non valido: direttiva YAML sconosciuta: un testo che comincia con «%» va tra virgolette"},
		{"id: a\nx: |x\n", "f.yaml:2:1: YAML non valido: dopo «|» o «>» (un testo su più righe) non può seguire altro sulla stessa riga"},
		{"id: a\nx: & y\n", "f.yaml:2:1: YAML non valido: dopo «&» o «*» manca un nome"},
		{"id: a\nx: \"\\xZZ\"\n", "f.yaml:2:1: YAML non valido: sequenza «\\x», «\\u» o «\\U» non valida"},
		// yaml.v3's own, of a UTF-16 file
		{"\xff\xfei\x00d\x00:", "f.yaml:1:1: YAML non valido: il file in UTF-16 è troncato: salvarlo in UTF-8"},
	} {
		var ps spec.Problems
		spec.Parse("f.yaml", []byte(c.src), &ps)
		if len(ps) != 1 || !strings.HasPrefix(ps[0].Error(), c.want) {
			t.Errorf("%q: %v; want %q…", c.src, ps, c.want)
		}
	}
}

// TestYAMLAlCarattere: a tab, a character that cannot begin a value and
// quotes not closed are told at the character (yaml.v3 says a line
// before it, or the line where the enclosing structure begins), in
// Italian to the end.
func TestYAMLAlCarattere(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"id: a\n\ttesto: y\n", "f.yaml:2:1: YAML non valido: tabulazione nel rientro: si rientra con gli spazi"},
		{"id: a\ntitolo: b\nfonte: c\nvocabolario:\n  campi:\n    b:\n      tipo: intero\n    \t  max: 90\n", "f.yaml:8:5: YAML non valido: tabulazione nel rientro: si rientra con gli spazi"},
		{"id: a\npassi:\n  - id: x\n    valore: \"y\"\n\tfonte: z\n", "f.yaml:5:1: YAML non valido: tabulazione prima di una chiave: si rientra con gli spazi, non con le tabulazioni"},
		{"id: a\ntesto: @x\n", "f.yaml:2:8: YAML non valido: «@» non può cominciare un valore: un testo che comincia così va tra virgolette"},
		{"id: a\npassi:\n  - id: x\n    testo: \"ab\n  - id: y\n    testo: z\n  - id: w\n    testo: \"q\"\n    fonte: 1\n",
			"f.yaml:4:12: YAML non valido: forse virgolette «\"» non chiuse: aperte qui, non si chiudono su questa riga e il testo prosegue fino alle seguenti (manca una chiave, o il rientro non è quello delle altre chiavi; dopo un testo tra virgolette non può seguire altro)"},
		{"id: a\npassi:\n  - id: x\n    testo: 'l''ab\n", "f.yaml:4:12: YAML non valido: forse virgolette semplici «'» non chiuse: aperte qui, non si chiudono su questa riga e il testo prosegue fino alle seguenti (il file finisce prima del previsto: virgolette, graffe o quadre non chiuse?)"},
		// (yaml.v3 says the line where the next quotes close the text,
		// and «: » follows them: the quotes are looked for before it)
		{"id: a\npassi:\n  - id: x\n    testo: \"{giorni} giorni\n  - id: aumento\n    fonte: z\n    testo: \"l'art. 186 punisce: con l'arresto\"\n",
			"f.yaml:4:12: YAML non valido: forse virgolette «\"» non chiuse: aperte qui, non si chiudono su questa riga e il testo prosegue fino alla riga 7, dove le chiudono quelle che ne aprivano un altro («: » non è ammesso qui: un testo che contiene «: » va tra virgolette, e una chiave va allineata a quelle della sua mappa)"},
		// (a text over two lines that closes before is not the one)
		{"id: a\ntitolo: \"due\n  righe\"\ntesto: art. 1: comma 2\n", "f.yaml:4:1: YAML non valido: «: » non è ammesso qui: un testo che contiene «: » va tra virgolette, e una chiave va allineata a quelle della sua mappa"},
	} {
		var ps spec.Problems
		spec.Parse("f.yaml", []byte(c.src), &ps)
		if len(ps) != 1 || ps[0].Error() != c.want {
			t.Errorf("%q:\n%v\nwant\n%s", c.src, ps, c.want)
		}
	}
}
