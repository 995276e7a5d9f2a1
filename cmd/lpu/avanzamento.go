package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// indicatore shows on a terminal how many results a lotto has written,
// on one line rewritten at most a few times a second; on anything else (a
// file, a pipe) it writes nothing, so that a log stays clean.
type indicatore struct {
	w       io.Writer
	ultimo  time.Time
	scritto bool
}

// avanzamento returns the indicator for stderr: a live one only when
// stderr is a terminal.
func avanzamento(stderr io.Writer) *indicatore {
	f, ok := stderr.(*os.File)
	if !ok {
		return &indicatore{}
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return &indicatore{}
	}
	return &indicatore{w: f}
}

func (in *indicatore) casi(n int) {
	if in.w == nil || time.Since(in.ultimo) < 200*time.Millisecond {
		return
	}
	in.ultimo = time.Now()
	in.scritto = true
	fmt.Fprintf(in.w, "\rlpu lotto: %d casi calcolati…", n)
}

// fine clears the line, before the summary is written.
func (in *indicatore) fine() {
	if in.w != nil && in.scritto {
		fmt.Fprint(in.w, "\r\033[K")
	}
}
