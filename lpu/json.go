package lpu

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/lpu-it/lpu/lpu/internal/jsonx"
)

// AppendJSON appends v as JSON and a newline: the bytes encoding/json's
// Encoder writes with SetEscapeHTML(false), in about a third of the time
// for the engine's answers. The server, the command and the lotti answer
// through it, so they all answer the same bytes.
func AppendJSON(dst []byte, v any) ([]byte, error) { return jsonx.Append(dst, v) }

// WriteJSON writes v as AppendJSON does, in one Write; with a non-empty
// rientro it is indented as by the Encoder's SetIndent("", rientro).
func WriteJSON(w io.Writer, v any, rientro string) error {
	b, err := jsonx.Append(nil, v)
	if err != nil {
		return err
	}
	if rientro != "" {
		var ind bytes.Buffer
		ind.Grow(len(b) * 2)
		if err := json.Indent(&ind, b, "", rientro); err != nil {
			return err
		}
		b = ind.Bytes()
	}
	_, err = w.Write(b)
	return err
}
