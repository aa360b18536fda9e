package load

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Inputs is the fingerprint of a report folder: SHA-256 sums of the name,
// size and bytes of its files. Two folders with the same fingerprint build
// the same site, so a build may skip work it has done before for the same
// inputs.
type Inputs struct {
	// Rest sums every file and folder but the narratives' Markdown, in
	// name order.
	Rest [sha256.Size]byte
	// Narratives sums each narrative's Markdown, by its name in the
	// folder: narratives/YYYY-MM/UNIT.md.
	Narratives map[string][sha256.Size]byte
	// Files counts the files summed.
	Files int
}

// All is one sum of every input.
func (in Inputs) All() [sha256.Size]byte {
	h := sha256.New()
	h.Write(in.Rest[:])
	for _, name := range slices.Sorted(maps.Keys(in.Narratives)) {
		sum := in.Narratives[name]
		fmt.Fprintf(h, "%q %x\n", name, sum)
	}
	return [sha256.Size]byte(h.Sum(nil))
}

// IsNarrative reports whether name, a slash path in a report folder, is a
// narrative's Markdown.
func IsNarrative(name string) bool {
	parts := strings.Split(name, "/")
	return len(parts) == 3 && parts[0] == "narratives" && path.Ext(parts[2]) == ".md"
}

// Fingerprint reads every file of the report folder and sums it. It reads
// what Report would, but checks nothing; a file it cannot read makes it
// fail. Files are summed on every core: the no-change rebuild of a large
// report is mostly this.
//
// A file that seen, from an earlier Fingerprint, holds with the stat it
// has now is not read again: its sum is seen's. Fingerprint returns what
// it saw for the next, taking now as the time it starts.
func Fingerprint(fsys fs.FS, seen Seen, now time.Time) (Inputs, Seen, error) {
	type entry struct {
		name string
		dir  bool
		sum  [sha256.Size]byte // of the name, size and bytes of a file
		stat Stat
		keep bool // stat is worth keeping: see Seen
	}
	var entries []entry
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		entries = append(entries, entry{name: name, dir: d.IsDir()})
		return nil
	})
	if err != nil {
		return Inputs{}, nil, err
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range entries {
		e := &entries[i]
		if e.dir {
			continue
		}
		if old, ok := seen[e.name]; ok {
			if fi, err := fs.Stat(fsys, e.name); err == nil {
				if st, ok := statOf(fi); ok && st == old.Stat {
					e.sum, e.stat, e.keep = old.Sum, st, true
					continue
				}
			}
		}
		g.Go(func() error {
			h := sha256.New()
			fi, changes, err := sumFile(h, fsys, e.name)
			if err != nil {
				return err
			}
			e.sum = [sha256.Size]byte(h.Sum(nil))
			e.stat, e.keep = statOf(fi)
			e.keep = e.keep && changes && e.stat.keep(now)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return Inputs{}, nil, err
	}
	in := Inputs{Narratives: map[string][sha256.Size]byte{}}
	next := Seen{}
	rest := sha256.New()
	for _, e := range entries {
		switch {
		case e.dir:
			fmt.Fprintf(rest, "folder %q\n", e.name)
		case IsNarrative(e.name):
			in.Narratives[e.name] = e.sum
		default:
			fmt.Fprintf(rest, "file %x\n", e.sum)
		}
		if !e.dir {
			in.Files++
		}
		if e.keep {
			next[e.name] = SeenFile{e.stat, e.sum}
		}
	}
	in.Rest = [sha256.Size]byte(rest.Sum(nil))
	return in, next, nil
}

// sumFile adds the name, size and bytes of the file name to h. It
// returns the file's stat, taken before it was read, and whether its
// filesystem gives it a new change time at every edit.
func sumFile(h hash.Hash, fsys fs.FS, name string) (info fs.FileInfo, changes bool, err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	info, err = f.Stat()
	if err != nil {
		return nil, false, err
	}
	fmt.Fprintf(h, "file %q %d\n", name, info.Size())
	// In large reads: a report's data is hundreds of megabytes, which
	// io.Copy would read 32 KB at a time.
	buf := readBuffers.Get().(*[]byte)
	defer readBuffers.Put(buf)
	n, err := io.CopyBuffer(h, struct{ io.Reader }{f}, *buf)
	if err != nil {
		return nil, false, err
	}
	if n != info.Size() {
		return nil, false, fmt.Errorf("%s changed while it was read", name)
	}
	return info, changeTimes(f), nil
}

// readBuffers are sumFile's buffers, one for each core summing.
var readBuffers = sync.Pool{New: func() any { b := make([]byte, 1<<20); return &b }}
