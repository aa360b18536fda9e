// Package publish writes rendered snapshots into a site folder, the only
// package that writes output.
//
// A site folder is primed's alone: Open refuses a folder that holds
// anything primed did not write, unless forced, and even then primed
// deletes only what it can prove it wrote (a snapshot or latest/ whose
// files match their manifest). Open also takes the site's lock, so that
// two builds never write at once.
//
// A build is a transaction (Txn). Everything it changes, the snapshot,
// latest/, the archive and the front page, is first written in full to a
// folder under .primed/ inside the site, then switched into place one
// folder at a time, each by a single atomic rename or, for a folder that
// already exists, an atomic exchange of the two folders. (A rebuild of
// the newest month makes latest/ at its switch, from the snapshot folder
// the month's own switch replaced.) So at every instant each folder is
// either wholly old or wholly new and verifies against its manifest; a
// failure, a full disk say, leaves the site as it was, since Commit
// switches back what it switched; and a kill mid-switch leaves a site
// whose every snapshot is whole, which the next build completes.
// Leftovers of a killed build are removed by the next one.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// stateDir holds primed's marker, lock and unfinished work inside a site.
const stateDir = ".primed"

// markerName is the file in stateDir that says primed made the folder.
const markerName = "site"

var markerText = []byte("primed writes this site folder. This folder holds its lock and unfinished work.\n")

var periodPattern = regexp.MustCompile(`^\d{4}-\d{2}$`)

// ErrPublished is returned when a build would change a snapshot that is
// already published.
var ErrPublished = errors.New("already published")

// Options say how to open a site folder.
type Options struct {
	// Force allows writing into a folder that holds files primed did not
	// write. primed still never deletes or overwrites them.
	Force bool
}

// Site is a site folder opened for one build, under its lock.
type Site struct {
	dir    string
	owned  bool // primed made the folder: its front page and archive are primed's
	unlock func()
}

// Open opens the site folder dir, making it if need be, and takes its
// lock. It fails, having written nothing, if the folder holds files primed
// did not write (unless opt.Force), or if another build holds the lock.
func Open(dir string, opt Options) (*Site, error) {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	case !fi.IsDir():
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	foreign, marked, err := survey(dir)
	if err != nil {
		return nil, err
	}
	if len(foreign) > 0 && !marked && !opt.Force {
		return nil, fmt.Errorf("%s holds files that primed did not write (%s); primed writes only into an empty folder or a site it made. Choose another --out, or add --force to write beside them (primed never deletes them)",
			dir, listNames(foreign))
	}
	state := filepath.Join(dir, stateDir)
	if err := os.Mkdir(state, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, writeError(dir, err)
	}
	if fi, err := os.Lstat(state); err != nil || !fi.IsDir() {
		// A link here would send primed's work, and its clean-up, elsewhere.
		return nil, fmt.Errorf("%s is not a folder; remove it", state)
	}
	unlock, err := lock(filepath.Join(state, "lock"))
	if err != nil {
		return nil, writeError(dir, err)
	}
	s := &Site{dir: dir, owned: marked || len(foreign) == 0, unlock: unlock}
	if !marked && s.owned {
		if err := writeFile(filepath.Join(state, markerName), markerText); err != nil {
			s.Close()
			return nil, writeError(dir, err)
		}
	}
	if err := s.recover(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func writeError(dir string, err error) error {
	if errors.Is(err, errLocked) {
		return err
	}
	return fmt.Errorf("cannot write to the site folder %s: %w", dir, err)
}

// Close releases the site's lock.
func (s *Site) Close() {
	if s.unlock != nil {
		s.unlock()
		s.unlock = nil
	}
}

// survey lists the entries of dir that primed did not write, and says
// whether primed's marker is there. A site made before the marker existed
// is recognised by holding nothing but snapshots with manifests, latest/,
// archive/ and the front page.
func survey(dir string) (foreign []string, marked bool, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, false, err
	}
	if fi, err := os.Lstat(filepath.Join(dir, stateDir)); err == nil && fi.IsDir() {
		if fi, err := os.Lstat(filepath.Join(dir, stateDir, markerName)); err == nil && fi.Mode().IsRegular() {
			marked = true
		}
	}
	snapshots := 0
	for _, e := range entries {
		name := e.Name()
		ok := false
		switch {
		case name == stateDir && e.IsDir(), strings.HasPrefix(name, ".primed-new-") && e.IsDir():
			ok = true
		case periodPattern.MatchString(name) && e.IsDir(), name == "latest" && e.IsDir():
			_, err := os.Lstat(filepath.Join(dir, name, ManifestName))
			ok = err == nil
			if ok && name != "latest" {
				snapshots++
			}
		case name == "archive" && e.IsDir():
			inner, err := os.ReadDir(filepath.Join(dir, name))
			ok = err == nil && (len(inner) == 0 || len(inner) == 1 && inner[0].Name() == "index.html")
		case name == "index.html" && e.Type().IsRegular():
			ok = true
		}
		if !ok {
			foreign = append(foreign, name)
		}
	}
	if !marked && snapshots == 0 {
		// No marker and no snapshot to show that anything here is
		// primed's: an index.html is someone else's.
		foreign = foreign[:0]
		for _, e := range entries {
			if e.Name() != stateDir {
				foreign = append(foreign, e.Name())
			}
		}
	}
	return foreign, marked, nil
}

func listNames(names []string) string {
	const most = 5
	quoted := make([]string, 0, most+1)
	for i, n := range names {
		if i == most {
			quoted = append(quoted, fmt.Sprintf("and %d more", len(names)-most))
			break
		}
		quoted = append(quoted, fmt.Sprintf("%q", n))
	}
	return strings.Join(quoted, ", ")
}

// recover removes what a killed build left: its unfinished folders under
// .primed/, and the temporary folders of primed versions before it.
func (s *Site) recover() error {
	for _, pattern := range []string{filepath.Join(s.dir, stateDir, "tmp-*"), filepath.Join(s.dir, ".primed-new-*")} {
		leftovers, _ := filepath.Glob(pattern)
		for _, l := range leftovers {
			if err := os.RemoveAll(l); err != nil {
				return fmt.Errorf("remove the unfinished build %s: %w", l, err)
			}
		}
	}
	return nil
}

// Published is a snapshot found in a site folder.
type Published struct {
	Period string
	SHA256 string // of its manifest: one checksum for the whole snapshot
	Stamp
	Replaces string // the SHA256 of the snapshot it replaced, if any
}

// published describes the snapshot for period whose manifest is b.
func published(period string, b []byte) Published {
	m, _, _ := head(b) // a manifest primed did not write has no stamp
	return Published{Period: period, SHA256: sum(b), Stamp: m.Stamp, Replaces: m.Replaces}
}

// List returns the snapshots in the site folder out, oldest first.
func List(out string) ([]Published, error) {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var list []Published
	for _, e := range entries {
		if !e.IsDir() || !periodPattern.MatchString(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(out, e.Name(), ManifestName))
		if err != nil {
			continue // not a snapshot primed wrote
		}
		list = append(list, published(e.Name(), b))
	}
	return list, nil
}

// Txn is one build's change to a site: staged in full, then switched in
// by Commit, or dropped by Abort.
type Txn struct {
	site      *Site
	stage     string                      // the folder the change is staged in
	steps     []step                      // the switches Commit makes, in order
	staged    map[string]Published        // period → a staged snapshot
	list      func() ([]Published, error) // the site's snapshots, read once
	dropped   map[string]bool             // periods whose snapshots Commit removes
	notes     map[string][]byte           // build cache notes Commit leaves
	files     map[string]stagedFiles      // period → the files of a staged snapshot
	keepSpare bool                        // Commit leaves a spare of the newest snapshot
	// latestWhole is set when mayReplace found latest/ holding exactly the
	// files its manifest lists: only then may it become the spare.
	latestWhole bool

	readMu sync.Mutex
	read   map[string]readManifestResult
}

// readManifestResult is a manifest of the site as a transaction read it.
type readManifestResult struct {
	m   Manifest
	raw []byte
	err error
}

// manifest reads the manifest of the folder dir of the site once in the
// transaction, and parses it only if no folder read before had the same
// one: the site is locked, a snapshot's manifest of 90,000 files takes
// tens of milliseconds to parse, and latest/ mostly holds the newest
// snapshot's own. The Manifest returned is shared: it must not
// be changed.
func (t *Txn) manifest(dir string) (Manifest, []byte, error) {
	t.readMu.Lock()
	defer t.readMu.Unlock()
	if r, ok := t.read[dir]; ok {
		return r.m, r.raw, r.err
	}
	if t.read == nil {
		t.read = map[string]readManifestResult{}
	}
	raw, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.read[dir] = readManifestResult{err: err}
		return Manifest{}, nil, err
	}
	for _, r := range t.read {
		if r.err == nil && bytes.Equal(r.raw, raw) {
			t.read[dir] = r
			return r.m, r.raw, nil
		}
	}
	m, err := parseManifest(dir, raw)
	if err != nil {
		raw = nil
	}
	t.read[dir] = readManifestResult{m, raw, err}
	return m, raw, err
}

// step switches the staged file or folder from into the site's place to.
// A step with a patch has no from: it switches in the snapshot folder
// that an earlier step replaced, once patched (see Latest).
type step struct {
	from, to string
	patch    *patch
}

// commitHook, when set by a test, is called at each step of a build, so
// that the test can kill the process there.
var commitHook func(step string)

func hook(step string) {
	if commitHook != nil {
		commitHook(step)
	}
}

// Begin starts a transaction on the site.
func (s *Site) Begin() (*Txn, error) {
	stage, err := os.MkdirTemp(filepath.Join(s.dir, stateDir), "tmp-")
	if err != nil {
		return nil, writeError(s.dir, err)
	}
	// The snapshots are listed once: the site is locked, and each is a
	// manifest of up to ninety thousand files to read and sum.
	list := sync.OnceValues(func() ([]Published, error) { return List(s.dir) })
	return &Txn{site: s, stage: stage, staged: map[string]Published{}, dropped: map[string]bool{}, list: list}, nil
}

// Abort drops whatever the transaction staged; the site stays as it was.
// It is safe to call after Commit.
func (t *Txn) Abort() {
	removeTree(t.stage)
}

// Snapshot stages files as the snapshot for period, all at once: see
// Stage and Staging.Finish.
func (t *Txn) Snapshot(period string, stamp Stamp, files map[string][]byte, replace bool) (changed bool, err error) {
	s, err := t.Stage(period)
	if err != nil {
		return false, err
	}
	for _, p := range sortedPaths(files) {
		if err := s.Add(p, files[p]); err != nil {
			return false, err
		}
	}
	return s.Finish(stamp, replace)
}

// mayReplace refuses to replace the folder name, a snapshot, latest/ or
// archive/, when it holds a file primed did not write, so primed never
// deletes one: a snapshot or latest/ may hold only the files its manifest
// lists, archive/ only its page, and a folder without a manifest nothing.
func (t *Txn) mayReplace(name string) error {
	dir := filepath.Join(t.site.dir, name)
	var extra []string
	m, _, err := t.manifest(dir)
	var diffs []Difference
	if err == nil {
		diffs, err = compareWith(dir, m, false)
	}
	if name == "latest" {
		t.latestWhole = err == nil && len(diffs) == 0
	}
	switch {
	case name == "archive" || errors.Is(err, fs.ErrNotExist):
		entries, err := os.ReadDir(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for _, e := range entries {
			if name != "archive" || e.Name() != "index.html" || !e.Type().IsRegular() {
				extra = append(extra, name+"/"+e.Name())
			}
		}
	case err != nil:
		return err
	default:
		for _, d := range diffs {
			if d.What == "extra" {
				extra = append(extra, name+"/"+d.Path)
			}
		}
	}
	if len(extra) > 0 {
		return fmt.Errorf("%s holds files that primed did not write (%s); move them out of the site folder first", dir, listNames(extra))
	}
	return nil
}

// Drop removes the snapshot for period when the transaction commits. Like
// a replacement, it is refused if the folder holds a file primed did not
// write.
func (t *Txn) Drop(period string) error {
	if !periodPattern.MatchString(period) {
		return fmt.Errorf("publish: bad period %q", period)
	}
	if _, ok := t.staged[period]; ok {
		return fmt.Errorf("publish: %s is staged and dropped at once", period)
	}
	if err := t.mayReplace(period); err != nil {
		return err
	}
	t.dropped[period] = true
	t.steps = append(t.steps, step{from: filepath.Join(t.site.dir, period), to: filepath.Join(t.stage, "dropped-"+period)})
	return nil
}

// Snapshots lists the snapshots the site will hold once committed, oldest
// first.
func (t *Txn) Snapshots() ([]Published, error) {
	list, err := t.list()
	if err != nil {
		return nil, err
	}
	list = slices.DeleteFunc(slices.Clone(list), func(p Published) bool { return t.dropped[p.Period] })
	for period, p := range t.staged {
		i, found := slices.BinarySearchFunc(list, period, func(a Published, b string) int { return strings.Compare(a.Period, b) })
		if found {
			list[i] = p
		} else {
			list = slices.Insert(list, i, p)
		}
	}
	return list, nil
}

// Latest stages latest/ as a mirror of the newest snapshot, unless it is
// one already. Its files are hard links to the snapshot's where the file
// system allows (they never change once published), copies where not.
//
// When the newest snapshot is a published one staged again, as a rebuild
// after a narrative changed is, the staged snapshot is mostly links to
// the published one. Then latest/ is not staged here, a link for every
// file, but made at the switch from the published snapshot's folder once
// it is replaced: only the files that differ are changed in it (see
// patch), and the old latest/ becomes the spare (see leaveSpare). No
// file is linked or removed but those that changed.
func (t *Txn) Latest() error {
	list, err := t.Snapshots()
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return fmt.Errorf("publish: no snapshot for latest/")
	}
	newest := list[len(list)-1].Period
	src := filepath.Join(t.site.dir, newest)
	if _, ok := t.staged[newest]; ok {
		src = filepath.Join(t.stage, newest)
	} else if mirrors(filepath.Join(t.site.dir, "latest"), src) {
		return nil
	}
	if err := t.mayReplace("latest"); err != nil {
		return err
	}
	hook("stage latest")
	latest := filepath.Join(t.site.dir, "latest")
	if p, ok := t.patchFor(newest); ok {
		t.steps = append(t.steps, step{to: latest, patch: p})
		return nil
	}
	staged := filepath.Join(t.stage, "latest")
	if err := mirror(src, staged); err != nil {
		return writeError(t.site.dir, err)
	}
	t.steps = append(t.steps, step{from: staged, to: latest})
	return nil
}

// mirrors reports whether folder dst already holds exactly the files of
// the snapshot folder src. Files that are hard links to the snapshot's, as
// Latest makes them, are the same file without reading them; only copies
// are read and hashed.
func mirrors(dst, src string) bool {
	m, a, err := readManifest(dst)
	if err != nil {
		return false
	}
	b, err := os.ReadFile(filepath.Join(src, ManifestName))
	if err != nil || !bytes.Equal(a, b) {
		return false
	}
	files := 0
	err = filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return err
	})
	if err != nil || files != len(m.Files)+1 {
		return false
	}
	for _, e := range m.Files {
		x, errX := os.Lstat(filepath.Join(dst, filepath.FromSlash(e.Path)))
		y, errY := os.Lstat(filepath.Join(src, filepath.FromSlash(e.Path)))
		if errX != nil || errY != nil || !os.SameFile(x, y) {
			diffs, err := Compare(dst) // copies, where links could not be made
			return err == nil && len(diffs) == 0
		}
	}
	return true
}

func mirror(src, dst string) error {
	var files []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		return err
	}
	return each(files, func(rel string) error {
		p, target := filepath.Join(src, rel), filepath.Join(dst, rel)
		if os.Link(p, target) == nil {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return writeFile(target, b)
	})
}

// Page stages one of the pages above the snapshots, "index.html" or
// "archive/index.html", unless it is unchanged.
func (t *Txn) Page(name string, b []byte) error {
	if name != "index.html" && name != "archive/index.html" {
		return fmt.Errorf("publish: unknown site page %q", name)
	}
	final := filepath.Join(t.site.dir, filepath.FromSlash(name))
	old, err := os.ReadFile(final)
	switch {
	case err == nil && bytes.Equal(old, b):
		return nil
	case err == nil && !t.site.owned:
		return fmt.Errorf("%s was not written by primed; move it out of the site folder first", final)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	hook("stage " + name)
	staged := filepath.Join(t.stage, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(staged), 0o755); err != nil {
		return writeError(t.site.dir, err)
	}
	if err := writeFile(staged, b); err != nil {
		return writeError(t.site.dir, err)
	}
	if name == "archive/index.html" {
		if err := t.mayReplace("archive"); err != nil {
			return err
		}
		// The archive folder is switched whole: one atomic step.
		t.steps = append(t.steps, step{from: filepath.Dir(staged), to: filepath.Dir(final)})
	} else {
		t.steps = append(t.steps, step{from: staged, to: final})
	}
	return nil
}

// Commit switches everything staged into the site, snapshot first, then
// latest/, the archive and the front page, and removes what they replaced.
// If a switch fails, the folders already switched are switched back.
func (t *Txn) Commit() error {
	var done []switched
	for _, s := range t.steps {
		hook("switch " + filepath.Base(s.to))
		from := s.from
		var undo func() error
		if s.patch != nil {
			// The folder the snapshot's own switch replaced.
			for _, d := range done {
				if d.to == filepath.Join(t.site.dir, s.patch.period) {
					from = d.old
				}
			}
			if from == "" {
				t.rollback(done)
				return fmt.Errorf("publish %s: the snapshot it is made from was not replaced", s.to)
			}
			hook("patch latest")
			var err error
			if undo, err = s.patch.apply(from, filepath.Join(t.site.dir, s.patch.period), filepath.Join(t.stage, "aside")); err != nil {
				t.rollback(done)
				return fmt.Errorf("publish %s: %w", s.to, err)
			}
		}
		old, err := exchange(from, s.to)
		if err != nil {
			if undo != nil {
				undo()
			}
			t.rollback(done)
			return fmt.Errorf("publish %s: %w", s.to, err)
		}
		done = append(done, switched{from: from, to: s.to, old: old, undo: undo})
	}
	if t.keepSpare && len(done) > 0 {
		hook("leave spare")
		t.leaveSpare(done)
	}
	if !t.site.owned {
		// A forced build has put primed's pages here: from now on the
		// folder is a site primed made, beside the files that are not its.
		if err := writeFile(filepath.Join(t.site.dir, stateDir, markerName), markerText); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		t.site.owned = true
	}
	t.writeNotes()
	hook("clean up")
	return removeTree(t.stage)
}

// switched is a step Commit made: from was put at to, and what was at to,
// if a folder, is now at old. undo, if set, undoes the patch made to from
// before it was switched in.
type switched struct {
	from, to, old string
	undo          func() error
}

// rollback switches back the folders of done, last first, so that a
// commit that fails partway leaves the site as it was. A file put in
// place is not switched back, since the old one is gone; the only file
// Commit puts in place, the front page, is its last step.
func (t *Txn) rollback(done []switched) {
	for _, d := range slices.Backward(done) {
		switch fi, err := os.Lstat(d.to); {
		case err != nil || !fi.IsDir():
			return
		case d.old != "":
			exchange(d.old, d.to)
		default:
			os.Rename(d.to, d.from)
		}
		if d.undo != nil {
			d.undo()
		}
	}
}

// exchange puts the staged file or folder from in place of to. A folder
// that exists is swapped with it in one step where the system can (Linux's
// renameat2 RENAME_EXCHANGE), leaving the old one at from; elsewhere the
// old folder is moved aside first, for an instant in which it is absent.
// It returns where the folder it replaced is now, or "" if it replaced
// none.
func exchange(from, to string) (old string, err error) {
	fi, err := os.Lstat(to)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !fi.IsDir()) {
		return "", os.Rename(from, to) // atomic, over a file too
	}
	if err != nil {
		return "", err
	}
	if err := swapDirs(from, to); err == nil || !errors.Is(err, errUnsupported) {
		return from, err
	}
	aside := from + ".old"
	if err := os.Rename(to, aside); err != nil {
		return "", err
	}
	if err := os.Rename(from, to); err != nil {
		os.Rename(aside, to) // put the old one back
		return "", err
	}
	return aside, nil
}

var errUnsupported = errors.New("not supported")

// checkPath refuses a path that could land outside its folder.
func checkPath(p string) error {
	if !fs.ValidPath(p) || strings.Contains(p, "\\") || p == "." {
		return fmt.Errorf("publish: unsafe path %q", p)
	}
	return nil
}

// same reports whether name is a regular file holding exactly b.
func same(name string, b []byte) bool {
	fi, err := os.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(b)) {
		return false
	}
	old, err := os.ReadFile(name)
	return err == nil && bytes.Equal(old, b)
}

// held is the site folders this process has locked: the system's locks
// keep other processes out, and this keeps out a second build in the same
// process, which the system's locks let through.
var held sync.Map

func lock(name string) (func(), error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return nil, err
	}
	if _, busy := held.LoadOrStore(abs, true); busy {
		return nil, fmt.Errorf("%w (pid %d)", errLocked, os.Getpid())
	}
	release, err := lockFile(abs)
	if err != nil {
		held.Delete(abs)
		return nil, err
	}
	return func() { release(); held.Delete(abs) }, nil
}

var errLocked = errors.New("another build is running in this site folder")
