package publish

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// stagedFiles is what a staged snapshot holds: every path, in no order
// (Finish has sorted them once already, for the manifest), and those that
// are the published snapshot's file.
type stagedFiles struct {
	paths  []string
	linked map[string]bool
}

// patch turns the published snapshot for period, once the switch of its
// new one has moved it aside, into a mirror of the new one: the files the
// new snapshot linked to it are the new snapshot's already, so only the
// others change.
type patch struct {
	period string
	old    []string    // the published snapshot's files
	new    stagedFiles // the new one's
}

// patchFor is the patch that makes latest/ from the published snapshot for
// period, if period is staged again over a published snapshot.
func (t *Txn) patchFor(period string) (*patch, bool) {
	staged, ok := t.files[period]
	if !ok {
		return nil, false
	}
	was, _, err := t.manifest(filepath.Join(t.site.dir, period))
	if err != nil {
		return nil, false
	}
	old := make([]string, len(was.Files))
	for i, e := range was.Files {
		old[i] = e.Path
	}
	return &patch{period: period, old: old, new: staged}, true
}

// apply patches dir, the published snapshot's folder, into a mirror of
// the snapshot folder src. A file it replaces or removes is first moved
// into aside, so that undo can put everything back as it was.
func (p *patch) apply(dir, src, aside string) (undo func() error, err error) {
	var steps []func() error // each undoes one change, last first
	revert := func() error {
		var errs []error
		for _, u := range slices.Backward(steps) {
			errs = append(errs, u())
		}
		return errors.Join(errs...)
	}
	defer func() {
		if err != nil {
			revert()
		}
	}()
	if err := os.Mkdir(aside, 0o755); err != nil {
		return nil, err
	}
	steps = append(steps, func() error { return os.Remove(aside) })
	// The manifest and every file that is not a link to the new one's go aside.
	moved := 0
	for _, f := range append([]string{ManifestName}, p.old...) {
		if f != ManifestName && p.new.linked[f] {
			continue
		}
		name, kept := filepath.Join(dir, filepath.FromSlash(f)), filepath.Join(aside, strconv.Itoa(moved))
		switch err := os.Rename(name, kept); {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return nil, err
		}
		moved++
		steps = append(steps, func() error { return os.Rename(kept, name) })
	}
	// Every file of the new snapshot not linked already, then its
	// manifest: a folder stopped between the two has no manifest, and so
	// is no snapshot that a build would take as one (see patchSpare).
	for _, f := range slices.Concat(p.new.paths, []string{ManifestName}) {
		if f != ManifestName && p.new.linked[f] {
			continue
		}
		name := filepath.Join(dir, filepath.FromSlash(f))
		if made, err := makeParents(dir, f); err != nil {
			return nil, err
		} else if made != "" {
			steps = append(steps, func() error { return os.RemoveAll(made) })
		}
		if err := linkOrCopy(filepath.Join(src, filepath.FromSlash(f)), name); err != nil {
			return nil, err
		}
		steps = append(steps, func() error { return os.Remove(name) })
	}
	// Folders only the old snapshot had, now empty.
	for _, d := range goneFolders(p.new.paths, p.old) {
		name := filepath.Join(dir, filepath.FromSlash(d))
		if err := os.Remove(name); err != nil {
			return nil, err
		}
		steps = append(steps, func() error { return os.Mkdir(name, 0o755) })
	}
	return revert, nil
}

// goneFolders lists the folders of the files old that hold none of the
// files now, deepest first, so that each is empty by the time it is
// removed once old's files are.
func goneFolders(now, old []string) []string {
	keep := map[string]bool{}
	for _, f := range now {
		for d := path.Dir(f); d != "." && !keep[d]; d = path.Dir(d) {
			keep[d] = true
		}
	}
	var gone []string
	for _, f := range old {
		for d := path.Dir(f); d != "." && !keep[d]; d = path.Dir(d) {
			keep[d] = true // seen
			gone = append(gone, d)
		}
	}
	slices.SortFunc(gone, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	return gone
}

// makeParents makes the folders of the file f under dir that are not
// there, and returns the outermost it made, or "".
func makeParents(dir, f string) (string, error) {
	var missing string
	for d := path.Dir(f); d != "."; d = path.Dir(d) {
		name := filepath.Join(dir, filepath.FromSlash(d))
		if _, err := os.Lstat(name); err == nil {
			break
		}
		missing = name
	}
	if missing == "" {
		return "", nil
	}
	return missing, os.MkdirAll(filepath.Join(dir, filepath.FromSlash(path.Dir(f))), 0o755)
}

// linkOrCopy makes target the file src: a hard link where the file system
// allows, a copy where not.
func linkOrCopy(src, target string) error {
	if os.Link(src, target) == nil {
		return nil
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return writeFile(target, b)
}
