package server

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestSenzaTagComeRegexp: the tests' tag stripping (senzaTag,
// senzaBlocchi), written with strings.Index because regexps cost seconds
// under -race, answers as the regexps it replaced on random pieces of
// markup: one reference, kept beside the fast version.
func TestSenzaTagComeRegexp(t *testing.T) {
	blocchi := regexp.MustCompile(`(?s)<(script|style|head|title|svg)\b.*?</(script|style|head|title|svg)>`)
	script := regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>`)
	tag := regexp.MustCompile(`<[^>]*>`)
	pezzi := []string{"<", ">", "/", "</", "script", "style", "svg", "head", "title", "s", "x", " ", "_", "\n", "é"}
	rnd := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		var b strings.Builder
		for range rnd.IntN(25) {
			b.WriteString(pezzi[rnd.IntN(len(pezzi))])
		}
		s := b.String()
		if g, w := senzaBlocchi(s, nascosti, true, " "), blocchi.ReplaceAllString(s, " "); g != w {
			t.Fatalf("blocchi di %q: %q, le regexp %q", s, g, w)
		}
		if g, w := senzaBlocchi(s, []string{"script", "style"}, false, ""), script.ReplaceAllString(s, ""); g != w {
			t.Fatalf("script di %q: %q, le regexp %q", s, g, w)
		}
		if g, w := senzaTag(s, " "), tag.ReplaceAllString(s, " "); g != w {
			t.Fatalf("tag di %q: %q, le regexp %q", s, g, w)
		}
	}
}
