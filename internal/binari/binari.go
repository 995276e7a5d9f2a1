// Package binari builds, for the tests, a binary of this module where it
// lasts from one run to the next: tmp/bin under the module's root
// (git-ignored). `go build -o` links again only when the binary there is
// stale, so a test that runs the real binary pays the link (some 4 s of
// CPU) once per change of the code, not once per run.
package binari

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Costruisci builds the package pkg (an import path of this module) as
// radice/tmp/bin/nome, radice being the module's root relative to the
// test's directory, and returns the binary's path. Each caller gives a
// name of its own: packages' tests run at the same time, and two builds
// must not write one file.
func Costruisci(t testing.TB, radice, nome, pkg string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join(radice, "tmp", "bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, nome)
	if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}
