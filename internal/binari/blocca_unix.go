//go:build unix

package binari

import (
	"os"
	"path/filepath"
	"syscall"
)

// blocca takes the lock of the binary nome in dir (an flock on
// nome.lock, which the system lets go if the process dies) and returns
// the binary's path and how to let the lock go.
func blocca(dir, nome string) (string, func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, nome+".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return "", nil, err
	}
	return filepath.Join(dir, nome), func() { f.Close() }, nil
}
