package nomi

import (
	"strings"
	"testing"

	"github.com/lpu-it/lpu/lpu/internal/spec"
)

// dati parses synthetic data files (not LPU's), by id.
func dati(t *testing.T, srcs map[string]string) map[string]*spec.File {
	t.Helper()
	out := map[string]*spec.File{}
	for id, src := range srcs {
		var ps spec.Problems
		f := spec.Parse(id+".yaml", []byte("id: "+id+"\ntipo: dati\ntitolo: t\nfonte: f\nvigenza: {dal: 2000-01-01}\ndati:\n"+src), &ps)
		if len(ps) > 0 || f == nil {
			t.Fatalf("%s: %v", id, ps)
		}
		out[id] = f
	}
	return out
}

func TestCompila(t *testing.T) {
	files := dati(t, map[string]string{
		"alias_fattispecie":   "  A1: [«uno», Art. 1]\n",
		"alias_fattispecie_x": "  B2: [due]\n",
		"normattiva": "  - urn: urn:nir:stato:codice.penale:1930-10-19;1398:1\n    nomi: [c.p.]\n" +
			"  - urn: urn:nir:stato:codice.procedura.penale:1988-09-22;447:1\n    nomi: [c.p.p.]\n",
	})
	var ps spec.Problems
	nomi, tab := Compila(files, []string{"A1", "B2"}, &ps)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	for nome, want := range map[string]string{"a1": "A1", "ART-1": "A1", "art 1": "A1", "Due": "B2", "b_2": "B2"} {
		if id, ok := nomi.Cerca(nome); !ok || id != want {
			t.Errorf("Cerca(%q) = %q, %v; want %q", nome, id, ok, want)
		}
	}
	if id, ok := nomi.Cerca("tre"); ok {
		t.Errorf("Cerca(tre) = %q", id)
	}
	got := tab.Pezzi("art. 165 c.p.; art. 168-bis c.p.p. e c.p.x")
	want := []Pezzo{
		{Testo: "art. 165 c.p.", URN: "urn:nir:stato:codice.penale:1930-10-19;1398:1~art165"},
		{Testo: "; "},
		{Testo: "art. 168-bis c.p.p.", URN: "urn:nir:stato:codice.procedura.penale:1988-09-22;447:1~art168bis"},
		{Testo: " e c.p.x"},
	}
	if len(got) != len(want) {
		t.Fatalf("Pezzi = %+v; want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Pezzi[%d] = %+v; want %+v", i, got[i], want[i])
		}
	}
	if p := (*Normattiva)(nil).Pezzi("x"); len(p) != 1 || p[0] != (Pezzo{Testo: "x"}) {
		t.Errorf("nil table: %+v", p)
	}
}

func TestCompilaProblemi(t *testing.T) {
	files := dati(t, map[string]string{
		"alias_fattispecie":   "  A1: [uno]\n  Z9: [nove]\n",
		"alias_fattispecie_x": "  B2: [U.N.O.]\n",
		"normattiva":          "  - urn: non-una-urn\n    nomi: [x]\n",
	})
	var ps spec.Problems
	Compila(files, []string{"A1", "B2"}, &ps)
	var msgs []string
	for _, p := range ps {
		msgs = append(msgs, p.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, w := range []string{`alias_fattispecie.yaml:8:3: dati.Z9: fattispecie "Z9" sconosciuta`, "alias_fattispecie_x.yaml:7:8: dati.B2: il nome «U.N.O.» vale già per A1", `normattiva.yaml:7:10: dati[0].urn: urn "non-una-urn" non valida`} {
		if !strings.Contains(all, w) {
			t.Errorf("problems:\n%s\nwant %s", all, w)
		}
	}
	if len(ps) != 3 {
		t.Errorf("%d problems; want 3:\n%s", len(ps), all)
	}
}
