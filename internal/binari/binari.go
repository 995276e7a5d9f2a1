// Package binari builds, for the tests, a binary of this module where it
// lasts from one run to the next: tmp/bin under the module's root
// (git-ignored). `go build -o` links again only when the binary there is
// stale, so a test that runs the real binary pays the link (some 4 s of
// CPU, 8 under -race's load of the machine) once per change of the code,
// not once per run; and the packages whose tests run the same command
// (examples/cp165 and server both run cmd/lpu) share one binary, built
// by whichever asks first while the other waits for it.
package binari

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"testing"
)

// Costruisci builds the package pkg (an import path of this module) as
// radice/tmp/bin/<last element of pkg>, radice being the module's root
// relative to the test's directory, and returns the binary's path.
// Packages' tests run at the same time, in processes of their own: a
// lock on the binary's file keeps a second build from writing it while
// the first does, and the second, once it holds the lock, finds the
// binary fresh and does not link it again.
func Costruisci(t testing.TB, radice, pkg string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join(radice, "tmp", "bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin, sblocca, err := blocca(dir, path.Base(pkg))
	if err != nil {
		t.Fatal(err)
	}
	defer sblocca()
	if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}
