package source

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/primed/primed/generator/load/diag"
)

// Decode turns the bytes of file name into clean UTF-8 text by the
// source's encoding: the byte-order mark dropped, Windows-1252 converted,
// and (unless clean: false) C1 control characters read as the
// Windows-1252 punctuation they were meant to be and no-break spaces made
// plain spaces. It reports bytes that are not text in the encoding.
func (s *Source) Decode(name string, b []byte, problems *diag.List) ([]byte, bool) {
	if s.encoding == Windows1252 {
		out, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			problems.Add(diag.Pos{File: name}, "cannot decode as Windows-1252: %v", err)
			return nil, false
		}
		b = out
	} else {
		b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		if !utf8.Valid(b) {
			line, col := 1, 1
			for i := 0; i < len(b); {
				r, size := utf8.DecodeRune(b[i:])
				if r == utf8.RuneError && size == 1 {
					break
				}
				if r == '\n' {
					line, col = line+1, 0
				}
				col++
				i += size
			}
			problems.Add(diag.At(name, line, col), "not valid UTF-8; if the file comes from Excel or an older system, declare encoding: windows-1252 for it")
			return nil, false
		}
	}
	if !s.clean {
		return b, true
	}
	return []byte(strings.Map(func(r rune) rune {
		switch {
		case r == '\u00A0':
			return ' '
		case r >= 0x80 && r <= 0x9F:
			if d := charmap.Windows1252.DecodeByte(byte(r)); d != utf8.RuneError {
				return d
			}
			return -1
		}
		return r
	}, string(b))), true
}
