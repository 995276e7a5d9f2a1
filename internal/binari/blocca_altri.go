//go:build !unix

package binari

import (
	"fmt"
	"os"
	"path/filepath"
)

// blocca, where there is no flock, gives each process a binary of its
// own (nome-<pid>): never two builds of one file, at the cost of a link
// per run.
func blocca(dir, nome string) (string, func(), error) {
	return filepath.Join(dir, fmt.Sprintf("%s-%d", nome, os.Getpid())), func() {}, nil
}
