package source

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/primed/primed/generator/load/diag"
)

// charmaps are the single-byte encodings a source may declare.
var charmaps = map[Encoding]*charmap.Charmap{
	Windows1252: charmap.Windows1252,
	ISO8859_1:   charmap.ISO8859_1,
	MacRoman:    charmap.Macintosh,
}

// likely names the single-byte encoding that makes the most sense of b:
// the one whose reading of its bytes above 127 gives the most characters
// English text uses (£, €, curly quotes, dashes, accented letters) and the
// fewest it does not (control characters, and letters such as Õ or ‡ that
// one encoding makes of another's quotes and dashes). Windows-1252 wins a
// tie: it is what Excel on Windows writes.
func likely(b []byte) Encoding {
	best, bestScore := Windows1252, 0
	for _, e := range []Encoding{Windows1252, MacRoman, ISO8859_1} {
		score := 0
		for _, c := range b {
			if c < 0x80 {
				continue
			}
			r := charmaps[e].DecodeByte(c)
			switch {
			case strings.ContainsRune("£€’‘“”–—…éèêëàâäçôöûüïîáíóúñ°½¼¾·•", r):
				score += 2
			case r < 0xA0 || strings.ContainsRune("ÕÒÓÐÑ‡ˆ¥†¶ßØø", r):
				score -= 2
			}
		}
		if score > bestScore {
			best, bestScore = e, score
		}
	}
	return best
}

// Decode turns the bytes of file name into clean UTF-8 text by the
// source's encoding: the byte-order mark dropped, Windows-1252 converted,
// and (unless clean: false) C1 control characters read as the
// Windows-1252 punctuation they were meant to be and no-break spaces made
// plain spaces. It reports bytes that are not text in the encoding.
func (s *Source) Decode(name string, b []byte, problems *diag.List) ([]byte, bool) {
	if cm := charmaps[s.encoding]; cm != nil {
		out, err := cm.NewDecoder().Bytes(b)
		if err != nil {
			problems.Add(diag.Pos{File: name}, "cannot decode as %s: %v", s.encoding, err)
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
			problems.Add(diag.At(name, line, col), "not valid UTF-8; its bytes read best as %s, so declare encoding: %[1]s for it", likely(b))
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
