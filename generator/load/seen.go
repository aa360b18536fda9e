package load

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Seen is what a Fingerprint learnt of a report folder's files for the
// next one, as git's index does: each file's sum and the stat it had when
// it was read. A file whose stat is as it was is not read again.
//
// A stat is kept only when the file's times were at least racyWindow old
// when its stat was taken: a file changed again within the tick of its
// clock (a second on some filesystems) keeps the times it had, and only
// a file already older than the tick is sure to get new ones when it
// changes. A file changed in place with its old modification time put
// back still gets a new change time, which a program cannot set back;
// but FAT and exFAT keep the time a file was made instead, so nothing on
// them is kept.
type Seen map[string]SeenFile

// SeenFile is one file's sum, and its stat when it was read.
type SeenFile struct {
	Stat Stat
	Sum  [sha256.Size]byte
}

// Stat is what a file's stat tells of its bytes: where it is, how long
// it is, and when it last changed.
type Stat struct {
	Dev, Ino     uint64
	Size         int64
	Mtime, Ctime int64 // nanoseconds since 1970
}

// racyWindow is how old a file's times must be when its stat is taken
// for the stat to be kept (see Seen).
const racyWindow = 2 * time.Second

// keep reports whether st, taken at or after now, is old enough to keep.
func (st Stat) keep(now time.Time) bool {
	cut := now.Add(-racyWindow).UnixNano()
	return st.Mtime < cut && st.Ctime < cut
}

// seenHeader starts a Seen's text; a text without it is not read.
const seenHeader = "primed input sums 1\n"

// AppendText appends s as text, a file a line in name order, for
// ParseSeen to read back.
func (s Seen) AppendText(b []byte) []byte {
	b = append(b, seenHeader...)
	for _, name := range slices.Sorted(maps.Keys(s)) {
		f := s[name]
		b = hex.AppendEncode(b, f.Sum[:])
		for _, n := range []uint64{f.Stat.Dev, f.Stat.Ino} {
			b = strconv.AppendUint(append(b, ' '), n, 10)
		}
		for _, n := range []int64{f.Stat.Size, f.Stat.Mtime, f.Stat.Ctime} {
			b = strconv.AppendInt(append(b, ' '), n, 10)
		}
		b = strconv.AppendQuote(append(b, ' '), name)
		b = append(b, '\n')
	}
	return b
}

// ParseSeen reads what AppendText wrote. Anything else, in whole or in
// part, gives nil: then every file is read again, which costs only time.
func ParseSeen(b []byte) Seen {
	rest, ok := bytes.CutPrefix(b, []byte(seenHeader))
	if !ok {
		return nil
	}
	s := Seen{}
	for len(rest) > 0 {
		line, more, ok := bytes.Cut(rest, []byte{'\n'})
		if !ok {
			return nil // cut short
		}
		rest = more
		name, f, ok := parseSeenLine(string(line))
		if _, dup := s[name]; !ok || dup {
			return nil
		}
		s[name] = f
	}
	return s
}

func parseSeenLine(line string) (string, SeenFile, bool) {
	var f SeenFile
	fields := strings.SplitN(line, " ", 7)
	if len(fields) != 7 {
		return "", f, false
	}
	sum, err := hex.DecodeString(fields[0])
	if err != nil || len(sum) != len(f.Sum) {
		return "", f, false
	}
	copy(f.Sum[:], sum)
	var errs [6]error
	f.Stat.Dev, errs[0] = strconv.ParseUint(fields[1], 10, 64)
	f.Stat.Ino, errs[1] = strconv.ParseUint(fields[2], 10, 64)
	f.Stat.Size, errs[2] = strconv.ParseInt(fields[3], 10, 64)
	f.Stat.Mtime, errs[3] = strconv.ParseInt(fields[4], 10, 64)
	f.Stat.Ctime, errs[4] = strconv.ParseInt(fields[5], 10, 64)
	var name string
	name, errs[5] = strconv.Unquote(fields[6])
	for _, err := range errs {
		if err != nil {
			return "", f, false
		}
	}
	if !fs.ValidPath(name) || name == "." {
		return "", f, false
	}
	return name, f, true
}
