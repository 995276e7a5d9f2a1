// Package modelli2030 is, for the tests, a rule overlay that adds a
// model of convention the normal way: the vocabulary declares it (the
// embedded vocabolario.yaml with one more value of «Modello della
// convenzione»), and the two mappe keyed by the model (chiavi) get a new
// version from 1/1/2030 with its key (modifiche); the versions before
// need not have it. The tests of lpu, server and cmd/lpu load it as a
// layer, over the API, the web and the CLI.
package modelli2030

import (
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"

	"github.com/lpu-it/lpu/rules"
)

// Etichetta is the new model's label, Codice its code.
const (
	Codice    = "dm2030"
	Etichetta = "modello del D.M. 2030"
)

// parametri is the file of the new versions of the mappe keyed by the
// model: the existing models keep their lists.
const parametri = `id: dm2030
tipo: parametri
titolo: Modello del D.M. 2030
fonte: DM 2030
vigenza: {dal: 2030-01-01}
modifiche:
  convenzione.convenzione_attivita_modello:
    valori:
      - dal: 2030-01-01
        valore:
          dm2001: [sociale]
          dm88_2015: [sociale]
          dm2023_56bis: [sociale]
          dm2030: [sociale, ambiente]
        fonte: DM 2030
  convenzione_fattispecie_consentite:
    valori:
      - dal: 2030-01-01
        valore:
          dm2001: [gdp54, cds186, cds187, dpr309_73, cp165, gdp55]
          dm88_2015: [map]
          dm2023_56bis: [l689_56bis, l689_103]
          dm2030: [l689_56bis]
        fonte: DM 2030
`

// File are the overlay's files (vocabolario.yaml and dm2030.yaml), to
// be laid over the embedded rules.
func File() (fstest.MapFS, error) {
	b, err := fs.ReadFile(rules.FS, "vocabolario.yaml")
	if err != nil {
		return nil, err
	}
	const vecchio = "etichetta: Modello della convenzione\n        valori:\n"
	if strings.Count(string(b), vecchio) != 1 {
		return nil, fmt.Errorf("vocabolario.yaml: %q non trovato una volta", vecchio)
	}
	voc := strings.Replace(string(b), vecchio, vecchio+"          "+Codice+": "+Etichetta+"\n", 1)
	return fstest.MapFS{"vocabolario.yaml": {Data: []byte(voc)}, "dm2030.yaml": {Data: []byte(parametri)}}, nil
}
