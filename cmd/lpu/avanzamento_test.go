package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAvanzamento: the indicator writes only to a terminal; on a pipe or
// a file it is silent, and on a terminal it rewrites one line.
func TestAvanzamento(t *testing.T) {
	var b bytes.Buffer
	avanzamento(&b).casi(10)
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := avanzamento(f)
	in.casi(10)
	in.fine()
	if st, _ := f.Stat(); b.Len() != 0 || st.Size() != 0 {
		t.Errorf("indicator on a buffer or a file wrote %d, %d bytes", b.Len(), st.Size())
	}
	tty := &indicatore{w: &b}
	tty.casi(64)
	tty.casi(128) // within 200 ms: not rewritten
	tty.fine()
	if got := b.String(); got != "\rlpu lotto: 64 casi calcolati…\r\033[K" {
		t.Errorf("terminal output = %q", got)
	}
	if strings.Count(b.String(), "casi") != 1 {
		t.Error("the line is rewritten too often")
	}
}
