package lpu_test

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// esempioCds186 is the worked example of Cass. 33700/2025 used across the
// documentation: 1 month 15 days of arresto and 1500 € of ammenda.
func esempioCds186() *lpu.Richiesta {
	return &lpu.Richiesta{
		Fattispecie: "cds186",
		Data:        lpu.NewData(2025, time.June, 10),
		Pena:        lpu.Pena{Arresto: lpu.Durata{Mesi: 1, Giorni: 15}, Ammenda: lpu.MustImporto("1500")},
	}
}

// BenchmarkLoad parses, checks and compiles the whole embedded rule set.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lpu.Load(context.Background(), rules.FS); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate answers the cds186 example, with the explanation
// (passi) and without it.
func BenchmarkEvaluate(b *testing.B) {
	e := engine(b)
	req := esempioCds186()
	for _, bc := range []struct {
		nome string
		opts []lpu.Option
	}{
		{"spiegazione", nil},
		{"senza_spiegazione", []lpu.Option{lpu.WithoutExplanation()}},
	} {
		b.Run(bc.nome, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := e.Calcolo(context.Background(), req, bc.opts...)
				if err != nil || res.Giorni != 51 {
					b.Fatalf("Evaluate = %v, %v", res, err)
				}
			}
		})
	}
}

// BenchmarkEvaluateSenzaFondo is Evaluate without explanation on an
// engine loaded without rules/fondo.yaml: the fattispecie's own rules,
// without the Fund verdict every calcolo otherwise carries (the work the
// targets of issue #2 were set on, before the Fund joined the calcolo).
func BenchmarkEvaluateSenzaFondo(b *testing.B) {
	regole := fstest.MapFS{}
	nomi, err := fs.Glob(rules.FS, "*.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range nomi {
		if n == "fondo.yaml" {
			continue
		}
		src, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			b.Fatal(err)
		}
		regole[n] = &fstest.MapFile{Data: src}
	}
	e, err := lpu.Load(context.Background(), regole)
	if err != nil {
		b.Fatal(err)
	}
	req := esempioCds186()
	b.ReportAllocs()
	for b.Loop() {
		res, err := e.Calcolo(context.Background(), req, lpu.WithoutExplanation())
		if err != nil || res.Giorni != 51 || res.FondoInail != nil {
			b.Fatalf("Evaluate = %v, %v", res, err)
		}
	}
}

// BenchmarkBaseline is the same answer's numbers computed by hand-written
// Go (see baseline_test.go): what Evaluate without explanation costs
// against code with the law compiled in, which builds no texts.
func BenchmarkBaseline(b *testing.B) {
	req := esempioCds186()
	b.ReportAllocs()
	for b.Loop() {
		if n := baselineCds186(req); n.Errore != "" || n.Giorni != 51 {
			b.Fatalf("baseline = %+v", n)
		}
	}
}
