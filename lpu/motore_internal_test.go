package lpu

import (
	"context"
	"errors"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/motore"
)

// TestDaMotore: an error of the engine becomes the facade's *Error of the
// same code, field and message, of the kind its type says.
func TestDaMotore(t *testing.T) {
	if motore.CodiceRegolaFallita != string(CodeRegolaFallita) || motore.CodiceInterrotta != string(CodeValutazioneInterrotta) ||
		motore.CodiceValoreNonAmmesso != string(CodeValoreNonAmmesso) {
		t.Errorf("codici del motore diversi da quelli della facciata: %s, %s, %s", motore.CodiceRegolaFallita, motore.CodiceInterrotta, motore.CodiceValoreNonAmmesso)
	}
	causa := errors.New("causa")
	for tipo, kind := range map[motore.TipoErrore]Kind{motore.ErrIngresso: KindInput, motore.ErrCaso: KindNotAllowed, motore.ErrRegola: KindRule} {
		e := AsError(daMotore(&motore.Errore{Codice: "c", Campo: "f", Messaggio: "m", Tipo: tipo, Err: causa}))
		if e.Kind != kind || e.Code != "c" || e.Field != "f" || e.Message != "m" || !errors.Is(e, causa) {
			t.Errorf("%d: %+v", tipo, e)
		}
	}
	e := AsError(daMotore(&motore.Errore{Codice: motore.CodiceInterrotta, Tipo: motore.ErrInterrotto, Err: context.Canceled}))
	if e.Kind != KindCanceled || e.Code != CodeValutazioneInterrotta || !errors.Is(e, context.Canceled) {
		t.Errorf("interrotta: %+v", e)
	}
	if altro := errors.New("altro"); daMotore(altro) != altro {
		t.Error("un errore che non è del motore deve restare com'è")
	}
}
