package publish

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// Archive writes the snapshot for period in the site folder site, with its
// manifest, to the new zip file name, for keeping: every file under a
// folder named for the month, so that unzipped anywhere it opens from
// file:// as it did in the site. The snapshot must match its manifest.
// name must not exist, and must not be inside the site; a failure leaves
// no file behind.
func Archive(site, period, name string) (files int, err error) {
	if !periodPattern.MatchString(period) {
		return 0, fmt.Errorf("expected a month as YYYY-MM, found %q", period)
	}
	dir := filepath.Join(site, period)
	diffs, err := Compare(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("%s has no snapshot for %s", site, period)
	}
	if err != nil {
		return 0, err
	}
	if len(diffs) > 0 {
		return 0, fmt.Errorf("%s does not match its manifest (%s); rebuild it before archiving", dir, diffs[0])
	}
	if abs, err := filepath.Abs(name); err == nil {
		if s, err := filepath.Abs(site); err == nil && inside(abs, s) {
			return 0, fmt.Errorf("%s is inside the site folder %s, which holds only what primed builds; write the archive elsewhere", name, site)
		}
	}
	m, _, err := readManifest(dir)
	if err != nil {
		return 0, err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(name)
		}
	}()
	paths := []string{ManifestName}
	for _, e := range m.Files {
		paths = append(paths, e.Path)
	}
	return len(paths), writeZip(f, dir, period, paths)
}

// writeZip writes the files at paths, relative to dir, into a zip under the
// folder top, with an entry for each folder as Windows' own zips have.
func writeZip(w io.Writer, dir, top string, paths []string) error {
	z := zip.NewWriter(w)
	folders := map[string]bool{}
	var folder func(p string) error
	folder = func(p string) error {
		if p == "." || folders[p] {
			return nil
		}
		if err := folder(path.Dir(p)); err != nil {
			return err
		}
		folders[p] = true
		_, err := z.CreateHeader(&zip.FileHeader{Name: p + "/", Method: zip.Store})
		return err
	}
	for _, p := range paths {
		name := path.Join(top, p)
		if err := folder(path.Dir(name)); err != nil {
			return err
		}
		src := filepath.Join(dir, filepath.FromSlash(p))
		fi, err := os.Stat(src)
		if err != nil {
			return err
		}
		h, err := zip.FileInfoHeader(fi)
		if err != nil {
			return err
		}
		h.Name, h.Method = name, zip.Deflate
		out, err := z.CreateHeader(h)
		if err != nil {
			return err
		}
		in, err := os.Open(src)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		in.Close()
		if err != nil {
			return err
		}
	}
	return z.Close()
}
