package table

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
)

// splitter splits a CSV text into records exactly as encoding/csv's
// Reader does with FieldsPerRecord -1 (FuzzSplit holds it to that):
// the same cells, the same places and the same errors. A line without a
// quote, as nearly every line of a large export is, it splits itself:
// the cells are the text between commas, and a blank line is no record.
// From a line with a quote on, encoding/csv reads the records, for as
// long as the next line has a quote too.
type splitter struct {
	text []byte
	off  int // where the next record's line starts
	line int // the lines before off

	quoted     *csv.Reader // reading from quotedAt, quotedLine lines in; nil on unquoted lines
	quotedAt   int
	quotedLine int
}

// split appends the next record's cells to cells and where each starts to
// at. Its error is io.EOF at the end of the text, or a *csv.ParseError.
func (s *splitter) split(cells []string, at []cellPos) ([]string, []cellPos, error) {
	for s.quoted == nil {
		if s.off >= len(s.text) {
			return cells, at, io.EOF
		}
		rest := s.text[s.off:]
		line, next := rest, len(rest)
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, next = rest[:i], i+1
		}
		// encoding/csv drops a carriage return before the line's end, and
		// before the end of the text.
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if bytes.IndexByte(line, '"') >= 0 {
			s.quoted = csv.NewReader(bytes.NewReader(rest))
			s.quoted.FieldsPerRecord = -1
			s.quoted.ReuseRecord = true
			s.quotedAt, s.quotedLine = s.off, s.line
			break
		}
		s.off += next
		s.line++
		if len(line) == 0 {
			continue // a blank line, which encoding/csv skips
		}
		text := string(line) // one string for the record's cells, as encoding/csv does
		start := 0
		for i := 0; i < len(text); i++ { // cells are short: faster than IndexByte
			if text[i] == ',' {
				cells, at = append(cells, text[start:i]), append(at, cellPos{s.line, 1 + start})
				start = i + 1
			}
		}
		return append(cells, text[start:]), append(at, cellPos{s.line, 1 + start}), nil
	}
	rec, err := s.quoted.Read()
	if err != nil {
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			e := *pe
			e.StartLine += s.quotedLine
			e.Line += s.quotedLine
			err = &e
		}
		return cells, at, err
	}
	for i := range rec {
		line, col := s.quoted.FieldPos(i)
		at = append(at, cellPos{s.quotedLine + line, col})
	}
	cells = append(cells, rec...)
	end := s.quotedAt + int(s.quoted.InputOffset())
	s.line += bytes.Count(s.text[s.off:end], []byte{'\n'})
	s.off = end
	// Back to splitting lines when the next has no quote.
	next := s.text[end:]
	if i := bytes.IndexByte(next, '\n'); i >= 0 {
		next = next[:i]
	}
	if bytes.IndexByte(next, '"') < 0 {
		s.quoted = nil
	}
	return cells, at, nil
}
