//go:build unix

package lpu_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/rules"
)

// TestFileRegoleNonRegolari: an overlay whose *.yaml is a symbolic link
// to /dev/zero (read without end: out of memory), a FIFO (the read
// blocked for ever) or a file over the size limit is refused at load, at
// once, with a problem on that file and no other (the rules under it
// are the small synthetic set of sintetico_test.go: what is read is the
// overlay's file, whatever the rules).
func TestFileRegoleNonRegolari(t *testing.T) {
	for _, tc := range []struct {
		nome  string
		crea  func(p string) error
		parte string
	}{
		{"zero.yaml", func(p string) error { return os.Symlink("/dev/zero", p) }, "non è un file regolare"},
		{"fifo.yaml", func(p string) error { return syscall.Mkfifo(p, 0o600) }, "non è un file regolare"},
		{"grande.yaml", func(p string) error {
			return os.WriteFile(p, []byte("# "+strings.Repeat("x", lpu.MaxRuleFile)+"\n"), 0o600)
		}, "file troppo grande"},
	} {
		t.Run(tc.nome, func(t *testing.T) {
			dir := t.TempDir()
			if err := tc.crea(filepath.Join(dir, tc.nome)); err != nil {
				t.Skip(err)
			}
			base := regoleSintetiche(t)
			fatto := make(chan error, 1)
			go func() {
				_, err := lpu.Load(context.Background(), lpu.Overlay(base, lpu.Layer(dir, os.DirFS(dir))))
				fatto <- err
			}()
			var err error
			select {
			case err = <-fatto:
			case <-time.After(10 * time.Second):
				t.Fatal("Load non è tornato in 10 s")
			}
			var er *lpu.LoadError
			// (the directory is named: the problem names the file by its path)
			if !errors.As(err, &er) || len(er.Problems) != 1 || er.Problems[0].File != filepath.Join(dir, tc.nome) ||
				er.Problems[0].Code != "file" || !strings.Contains(er.Problems[0].Message, tc.parte) {
				t.Fatalf("Load = %v; atteso un problema «%s» su %s", err, tc.parte, filepath.Join(dir, tc.nome))
			}
		})
	}
	// Many files under the limit each, over it together.
	dir := t.TempDir()
	riga := "# " + strings.Repeat("x", 1000) + "\n"
	for i := range 5 {
		if err := os.WriteFile(filepath.Join(dir, "z"+string(rune('a'+i))+".yaml"), []byte(strings.Repeat(riga, (lpu.MaxRuleFile-1)/len(riga))), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, err := lpu.Load(context.Background(), lpu.Overlay(regoleSintetiche(t), os.DirFS(dir)))
	if err == nil || !strings.Contains(err.Error(), "superano in tutto") {
		t.Fatalf("Load = %v; atteso il limite del totale", err)
	}
	var _ fs.StatFS = lpu.Overlay(rules.FS, os.DirFS(dir)).(fs.StatFS)
}
