package lpu

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestCampiCacheLimitata: the decoder's cache of fields is by type, so a
// request with many list elements or map keys does not grow it (a cache
// keyed by the field's path grew with every index a request brought).
func TestCampiCacheLimitata(t *testing.T) {
	conta := func() int {
		n := 0
		campi.Range(func(any, any) bool { n++; return true })
		return n
	}
	corpo := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`{"fattispecie":"cds186","data":"2025-06-10","convenzione":{"modello":"dm2001","decorrenza":"2024-01-01","sedi":[`)
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`{}`)
		}
		b.WriteString(`]}}`)
		return []byte(b.String())
	}
	var r RichiestaConvenzione
	if err := DecodeBytes(corpo(1), &r); err != nil {
		t.Fatal(err)
	}
	prima := conta()
	if err := DecodeBytes(corpo(400), &r); err != nil {
		t.Fatal(err)
	}
	if dopo := conta(); dopo != prima {
		t.Errorf("la cache dei campi è passata da %d a %d tipi con 400 sedi", prima, dopo)
	}
}

// TestVersioneRilascio: only a release tag names the version; a
// pseudo-version or a dirty build does not.
func TestVersioneRilascio(t *testing.T) {
	for v, want := range map[string]bool{"v1.2.0": true, "v1.3.0-rc.1": true, "(devel)": false, "v0.0.0-20261205093000-abcdef123456": false,
		"v1.2.1-0.20261205093000-abcdef123456": false, "v1.2.0+dirty": false} {
		if got := rilascio.MatchString(v) && !pseudo.MatchString(v); got != want {
			t.Errorf("%s: release %v; want %v", v, got, want)
		}
	}
	if Versione() != "lpu/0.1.0" {
		t.Errorf("Versione() = %s under go test; want lpu/0.1.0", Versione())
	}
	// As a dependency: its release, or through a replace directive the
	// release it is replaced with; a directory, or the placeholder v0.0.0
	// a replace is required at, is no release.
	dip := func(v string, r *debug.Module) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Path: "example.com/ufficio", Version: "(devel)"},
			Deps: []*debug.Module{{Path: modulo, Version: v, Replace: r}}}
	}
	for _, c := range []struct {
		bi   *debug.BuildInfo
		want string
	}{
		{nil, "lpu/0.1.0"},
		{dip("v1.2.0", nil), "lpu/1.2.0"},
		{dip("v0.0.0", &debug.Module{Path: "/work/main"}), "lpu/0.1.0"},
		{dip("v0.0.0", nil), "lpu/0.1.0"},
		{dip("v1.2.0", &debug.Module{Path: "github.com/fork/lpu", Version: "v1.2.1"}), "lpu/1.2.1"},
		{dip("v1.2.0", &debug.Module{Path: "../lpu"}), "lpu/0.1.0"},
		{&debug.BuildInfo{Main: debug.Module{Path: modulo, Version: "(devel)"}}, "lpu/0.1.0"},
	} {
		if got := versioneDa(c.bi); got != c.want {
			t.Errorf("versioneDa(%v) = %s; want %s", c.bi, got, c.want)
		}
	}
}
