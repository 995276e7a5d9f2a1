package lpu_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu"
)

// TestSettimaneRichieste: a fattispecie that computes a weekly limit of
// hours must compute the duration in weeks too (settimane_min), with its
// step and source: the page prints no figure the rules do not give. An
// overlay that drops the step fails at load, at its own file.
func TestSettimaneRichieste(t *testing.T) {
	base := regoleReali(t, "vocabolario.yaml", "vocabolario_conversione.yaml", "vocabolario_cp165.yaml", "generali.yaml", "cp165.yaml")
	if _, err := lpu.Load(context.Background(), base); err != nil {
		t.Fatalf("the embedded cp165 alone: %v", err)
	}
	fsys, _ := regoleCon(t, base, "cp165.yaml", "  - id: settimane_min\n    calcola: settimane_min\n", "  - id: settimane\n    avverte: \"false\"\n", 0)
	_, err := lpu.Load(context.Background(), fsys)
	if err == nil || !strings.Contains(err.Error(), "deve calcolare anche settimane_min") || !strings.Contains(err.Error(), "mie/cp165.yaml") {
		t.Fatalf("Load without the weeks' step = %v; want a problem naming settimane_min at mie/cp165.yaml", err)
	}
}
