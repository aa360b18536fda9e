package load

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
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
// fail.
func Fingerprint(fsys fs.FS) (Inputs, error) {
	in := Inputs{Narratives: map[string][sha256.Size]byte{}}
	rest := sha256.New()
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			fmt.Fprintf(rest, "folder %q\n", name)
			return nil
		}
		if !IsNarrative(name) {
			return sumFile(rest, fsys, name)
		}
		h := sha256.New()
		if err := sumFile(h, fsys, name); err != nil {
			return err
		}
		in.Narratives[name] = [sha256.Size]byte(h.Sum(nil))
		return nil
	})
	if err != nil {
		return Inputs{}, err
	}
	in.Rest = [sha256.Size]byte(rest.Sum(nil))
	return in, nil
}

// sumFile adds the name, size and bytes of the file name to h.
func sumFile(h hash.Hash, fsys fs.FS, name string) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	fmt.Fprintf(h, "file %q %d\n", name, info.Size())
	n, err := io.Copy(h, f)
	if err != nil {
		return err
	}
	if n != info.Size() {
		return fmt.Errorf("%s changed while it was read", name)
	}
	return nil
}
