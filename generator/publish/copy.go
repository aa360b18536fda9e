package publish

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// CopyOptions say how Copy publishes a site.
type CopyOptions struct {
	// Force allows publishing into a folder that holds files primed did
	// not write. primed still never deletes or overwrites them.
	Force bool
	// Prune removes the months that dest holds and src does not. Without
	// it, no published month is ever removed.
	Prune bool
}

// CopyResult says what Copy did.
type CopyResult struct {
	Snapshots int      // snapshots in src
	Changed   []string // the months written into dest, new or changed
	Pruned    []string // the months removed from dest
	Kept      []string // the months dest holds that src does not, kept
}

// Copy publishes the built site folder src into dest, a web server's
// folder or a mounted share, as one transaction on dest (see Txn): each
// snapshot that is new or changed, then latest/, then the archive and the
// front page. A file whose content did not change is not written, so its
// time stays and mirrors see only real changes. src must verify against
// its manifests first, and dest does after.
func Copy(src, dest string, opt CopyOptions) (CopyResult, error) {
	var res CopyResult
	if err := apart(src, dest); err != nil {
		return res, err
	}
	problems, err := Verify(src)
	if err != nil {
		return res, err
	}
	if len(problems) > 0 {
		return res, fmt.Errorf("%s does not match its manifests (%s: %s); rebuild it, or see primed verify %s", src, problems[0].Path, problems[0].What, src)
	}
	from, err := List(src)
	if err != nil {
		return res, err
	}
	if len(from) == 0 {
		return res, fmt.Errorf("%s holds no snapshot to publish", src)
	}
	res.Snapshots = len(from)
	site, err := Open(dest, Options{Force: opt.Force})
	if err != nil {
		return res, err
	}
	defer site.Close()
	tx, err := site.Begin()
	if err != nil {
		return res, err
	}
	defer tx.Abort()
	for _, p := range from {
		if copied(filepath.Join(src, p.Period), filepath.Join(dest, p.Period)) {
			continue
		}
		if err := tx.mayReplace(p.Period); err != nil {
			return res, err
		}
		if err := copySnapshot(tx, filepath.Join(src, p.Period), p.Period); err != nil {
			return res, err
		}
		res.Changed = append(res.Changed, p.Period)
	}
	there, err := List(dest)
	if err != nil {
		return res, err
	}
	for _, p := range there {
		if slices.ContainsFunc(from, func(q Published) bool { return q.Period == p.Period }) {
			continue
		}
		if !opt.Prune {
			res.Kept = append(res.Kept, p.Period)
			continue
		}
		if err := tx.Drop(p.Period); err != nil {
			return res, err
		}
		res.Pruned = append(res.Pruned, p.Period)
	}
	if err := tx.Latest(); err != nil {
		return res, fmt.Errorf("publish latest: %w", err)
	}
	for _, name := range []string{"archive/index.html", "index.html"} {
		b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(name)))
		if err != nil {
			return res, err
		}
		if err := tx.Page(name, b); err != nil {
			return res, err
		}
	}
	if err := tx.Commit(); err != nil {
		return res, err
	}
	problems, err = Verify(dest)
	if err != nil {
		return res, err
	}
	if len(problems) > 0 {
		return res, fmt.Errorf("%s does not match its manifests after publishing (%s: %s)", dest, problems[0].Path, problems[0].What)
	}
	return res, nil
}

// copied reports whether the snapshot folder dst already holds exactly
// the snapshot src: the same manifest, and files that match it.
func copied(src, dst string) bool {
	a, err := os.ReadFile(filepath.Join(src, ManifestName))
	if err != nil {
		return false
	}
	b, err := os.ReadFile(filepath.Join(dst, ManifestName))
	if err != nil || !bytes.Equal(a, b) {
		return false
	}
	diffs, err := Compare(dst)
	return err == nil && len(diffs) == 0
}

// copySnapshot stages the snapshot folder dir as the snapshot for
// period, a file at a time, with its manifest as it is.
func copySnapshot(tx *Txn, dir, period string) error {
	m, manifest, err := readManifest(dir)
	if err != nil {
		return err
	}
	s, err := tx.Stage(period)
	if err != nil {
		return err
	}
	for _, e := range m.Files {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.Path)))
		if err != nil {
			return err
		}
		if err := s.Add(e.Path, b); err != nil {
			return err
		}
	}
	return s.finishAs(manifest)
}

// apart refuses to publish a site into itself, into a folder inside it,
// or into a folder around it.
func apart(src, dest string) error {
	a, errA := filepath.Abs(src)
	b, errB := filepath.Abs(dest)
	if errA != nil || errB != nil {
		return fmt.Errorf("publish: cannot resolve %s and %s", src, dest)
	}
	if ra, err := filepath.EvalSymlinks(a); err == nil {
		a = ra
	}
	if rb, err := filepath.EvalSymlinks(b); err == nil {
		b = rb
	}
	if inside(a, b) || inside(b, a) {
		return fmt.Errorf("publish: %s and %s are the same folder or one holds the other; publish into a folder of its own", src, dest)
	}
	return nil
}

// inside reports whether path p is dir or lies inside it.
func inside(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
