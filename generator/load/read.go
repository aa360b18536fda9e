package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"unicode/utf8"

	"github.com/primed/primed/generator/load/diag"
)

// DefaultMaxFileSize bounds every input file unless Options say otherwise:
// far above any real month's export, far below what would exhaust memory.
const DefaultMaxFileSize = 256 << 20

// Options bound a load. The zero value is the default.
type Options struct {
	// MaxFileSize is the largest input file read, in bytes;
	// DefaultMaxFileSize if zero.
	MaxFileSize int64
	// Warn, if set, is told each warning, sorted, once the folder is read:
	// what is likely a mistake though the folder can be read.
	Warn func(diag.Problem)
}

var (
	errNotRegular = errors.New("not a regular file; only plain files are read")
	errOutside    = errors.New("a link that leads outside the report folder; only files inside it are read")
)

// tooLargeError says a file is over the size limit.
type tooLargeError struct{ limit int64 }

func (e tooLargeError) Error() string {
	return fmt.Sprintf("larger than %s, the most primed reads from one file (see --max-file-size)", sizeString(e.limit))
}

func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Dir opens the report folder dir for reading. Every read through it stays
// inside dir: a symbolic link that leads outside, to /etc/passwd say, is an
// error naming the link, and its target is never opened.
func Dir(dir string) (fs.FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return dirFS{root, root.FS()}, nil
}

type dirFS struct {
	root *os.Root
	fsys fs.FS
}

func (d dirFS) Open(name string) (fs.File, error) {
	f, err := d.fsys.Open(name)
	return f, d.explain("open", name, err)
}

func (d dirFS) Stat(name string) (fs.FileInfo, error) {
	fi, err := fs.Stat(d.fsys, name)
	return fi, d.explain("stat", name, err)
}

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(d.fsys, name)
	return entries, d.explain("readdir", name, err)
}

// explain turns os.Root's refusal of a link out of the folder into a
// message a user can act on.
func (d dirFS) explain(op, name string, err error) error {
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if fi, lerr := d.root.Lstat(name); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return &fs.PathError{Op: op, Path: name, Err: errOutside}
	}
	return err
}

// bounded wraps a report folder so that every file opened through it is a
// regular file no larger than max: a FIFO, a device such as /dev/zero or a
// huge file is refused before it is read, and a file that grows while it
// is read stops at the limit.
type bounded struct {
	fsys fs.FS
	max  int64
}

func (b bounded) Open(name string) (fs.File, error) {
	fi, err := fs.Stat(b.fsys, name)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		if !fi.Mode().IsRegular() {
			return nil, &fs.PathError{Op: "open", Path: name, Err: errNotRegular}
		}
		if fi.Size() > b.max {
			return nil, &fs.PathError{Op: "open", Path: name, Err: tooLargeError{b.max}}
		}
	}
	f, err := b.fsys.Open(name)
	if err != nil || fi.IsDir() {
		return f, err
	}
	return &boundedFile{File: f, left: b.max, limit: b.max}, nil
}

type boundedFile struct {
	fs.File
	left, limit int64
}

func (f *boundedFile) Read(p []byte) (int, error) {
	if f.left <= 0 {
		// One byte more than the limit says the file grew past it.
		var one [1]byte
		if n, _ := f.File.Read(one[:]); n > 0 {
			return 0, tooLargeError{f.limit}
		}
		return 0, io.EOF
	}
	if int64(len(p)) > f.left {
		p = p[:f.left]
	}
	n, err := f.File.Read(p)
	f.left -= int64(n)
	return n, err
}

// checkText reports the first character of src that has no place in text:
// invalid UTF-8, NUL and the other control characters but tab, line feed
// and carriage return. Such bytes would reach pages, downloads and
// terminals, so a file holding one is refused where it is, whole.
func checkText(name string, src []byte, e *diag.List) bool {
	i := 0
	for i < len(src) {
		if c := src[i]; c >= 0x20 && c < 0x7F || c == '\n' || c == '\t' || c == '\r' {
			i++ // printable ASCII, the most of any file: a byte at a time
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 || r < 0x20 || r >= 0x7F && r <= 0x9F {
			break
		}
		i += size
	}
	if i == len(src) {
		return true
	}
	start := bytes.LastIndexByte(src[:i], '\n') + 1
	at := diag.At(name, 1+bytes.Count(src[:start], []byte{'\n'}), 1+utf8.RuneCount(src[start:i]))
	if r, size := utf8.DecodeRune(src[i:]); r == utf8.RuneError && size == 1 {
		e.Add(at, "not valid UTF-8 (byte 0x%02X); save the file as UTF-8, or declare its encoding in primed.yaml's sources", src[i])
	} else {
		e.Add(at, "control character %U is not text; remove it", r)
	}
	return false
}
