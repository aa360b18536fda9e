package load

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
)

// Fingerprint is the SHA-256 of a report folder: the name, size and bytes
// of every file in it, in name order. Two folders with the same
// fingerprint build the same site, so a build may skip work it has done
// before for the same fingerprint. It reads what Report would, but checks
// nothing; a file it cannot read makes it fail.
func Fingerprint(fsys fs.FS) ([sha256.Size]byte, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			fmt.Fprintf(h, "folder %q\n", name)
			return nil
		}
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
	})
	var sum [sha256.Size]byte
	if err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}
