package generator

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/primed/primed/generator/load"
	"github.com/primed/primed/generator/publish"
	"github.com/primed/primed/generator/render"
	"github.com/primed/primed/generator/report"
)

// A build leaves a note in the site's cache (publish.Site.Recall): the key
// of what it was built from — every input file's bytes, primed's own
// executable, and the options that change output — and the checksums of
// what it left: its snapshot's manifest, latest/'s manifest, the archive
// page and the front page. A note that does not match the site is
// ignored, so a site changed by another build, or by hand, is built in
// full. A later build that finds the site as the note says:
//
//   - with the same key, has nothing to do: the files are what it would
//     write, so it writes nothing and says the month is unchanged;
//   - with only the Markdown of some of the month's narratives changed,
//     renders those units' commentary again and puts it in place of the
//     old in their pages (render.SpliceNarrative), linking every other
//     file of the snapshot to the one published: a narrative shows on its
//     unit's page alone.
//
// Either reads the inputs once to sum them, instead of loading, analysing
// and rendering them.

// executable is the SHA-256 of the running program, so that a note never
// outlives the primed that wrote it; "" if it cannot be read.
var executable = sync.OnceValue(func() string {
	name, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

// buildKey is what a build is built from, as sums.
type buildKey struct {
	full       string            // every input: the note's key
	rest       string            // every input but the narratives' Markdown
	narratives map[string]string // each narrative's Markdown, by file
	seen       load.Seen         // the inputs' stats, for the next build's key
	files      int               // how many inputs there are
}

// cacheKey is the key of what cfg builds, summing again only the inputs
// whose stats are not as seen; ok is false when it cannot be known.
func (c Config) cacheKey(seen load.Seen) (k buildKey, ok bool) {
	// primed's own executable is summed beside the inputs.
	var summing sync.WaitGroup
	summing.Go(func() { executable() })
	defer summing.Wait()
	fsys, err := c.reportFS()
	if err != nil {
		return k, false
	}
	in, seen, err := load.Fingerprint(fsys, seen, time.Now())
	if err != nil {
		return k, false
	}
	k.seen, k.files = seen, in.Files
	exe := executable()
	if exe == "" {
		return k, false
	}
	rest := sha256.New()
	fmt.Fprintf(rest, "primed build cache 2\nexecutable %s\ninputs %x\nperiod %s\nmax-file-size %d\n", exe, in.Rest, c.Period, c.MaxFileSize)
	k.rest = hex.EncodeToString(rest.Sum(nil))
	all := in.All()
	full := sha256.New()
	fmt.Fprintf(full, "%s %x", k.rest, all)
	k.full = hex.EncodeToString(full.Sum(nil))
	k.narratives = map[string]string{}
	for name, sum := range in.Narratives {
		k.narratives[name] = hex.EncodeToString(sum[:])
	}
	return k, true
}

// settled is k with the stats of the inputs that were too new to keep
// when the build began (see load.Seen), read again now: files written
// just before a build, as by a script that writes the report folder and
// builds it, are old enough by its end. Each stat kept is true of the
// file's bytes when it was taken, whatever the build read: the note's
// key says what that was.
func (c Config) settled(k buildKey) buildKey {
	if len(k.seen) == k.files {
		return k
	}
	fsys, err := c.reportFS()
	if err != nil {
		return k
	}
	_, seen, err := load.Fingerprint(fsys, k.seen, time.Now())
	if err != nil {
		return k
	}
	k.seen = seen
	return k
}

// seenNote names the note of the inputs' stats (load.Seen): one for
// every build into the site, as it holds only what is true of the files.
const seenNote = "inputs"

// fromCache builds the site the short way when a note of the build
// before allows it: with the site opened once, it keys the inputs against
// the stats that build saw, and compares the key with its note. It
// returns errFullBuild when the build must be done in full, with k the
// key of the inputs and ok whether they have one.
func (c Config) fromCache(ctx context.Context) (k buildKey, ok bool, res Result, err error) {
	site, out, opened := c.openSite()
	if !opened {
		k, ok = c.cacheKey(nil)
		return k, ok, Result{}, errFullBuild
	}
	defer site.Close()
	if k, ok = c.cacheKey(load.ParseSeen(site.Recall(seenNote))); !ok {
		return k, false, Result{}, errFullBuild
	}
	n, noted := c.recall(site)
	if !noted {
		return k, true, Result{}, errFullBuild
	}
	if n.key == k.full && !c.Replace {
		// Unchanged: the site already holds what the inputs build.
		res = n.res
		res.Dir = filepath.Join(out, res.Period.String())
		return k, true, res, nil
	}
	res, err = c.amendNarratives(ctx, site, out, n, k)
	return k, true, res, err
}

// noteName names the note of a build of cfg.Period, or of the latest month.
func (c Config) noteName() string {
	if c.Period.IsZero() {
		return "build-latest"
	}
	return "build-" + c.Period.String()
}

// note is a build's note, read back.
type note struct {
	key, rest, title string
	res              Result
	sums             map[string]string // checksum by file in the site
	narratives       map[string]string // every narrative's sum, by file
	pages            map[string]string // the page each of the month's narratives shows on, by file
}

// remember leaves the note of a build from the inputs k of r that made
// res, whose files above the snapshot will have the checksums s.
func (c Config) remember(tx *publish.Txn, k buildKey, title string, narratives []report.Narrative, res Result, s siteSums) error {
	pages := map[string]string{}
	for _, n := range narratives {
		if n.Period == res.Period && len(n.Images) == 0 {
			pages["narratives/"+n.Period.String()+"/"+n.Unit.ID+".md"] = strings.Join(n.Unit.Path(), "/") + "/index.html"
		}
	}
	return c.writeNote(tx, k, title, res, s, pages)
}

// writeNote leaves the note of a build from the inputs k that made res,
// with the checksums s of what it leaves above the snapshot, and the page
// of each of the month's narratives that a later build may put in place.
func (c Config) writeNote(tx *publish.Txn, k buildKey, title string, res Result, s siteSums, pages map[string]string) error {
	list, err := tx.Snapshots()
	if err != nil {
		return err
	}
	for _, p := range list {
		if p.Period == res.Period.String() {
			s[p.Period+"/manifest.json"] = p.SHA256
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "key %s\nrest %s\ntitle %s\nperiod %s\npages %d\nfiles %d\n", k.full, k.rest, strconv.Quote(title), res.Period, res.Pages, res.Files)
	for _, name := range slices.Sorted(maps.Keys(s)) {
		fmt.Fprintf(&b, "sum %s %s\n", s[name], name)
	}
	for _, file := range slices.Sorted(maps.Keys(k.narratives)) {
		page := pages[file]
		if page == "" {
			page = "-"
		}
		fmt.Fprintf(&b, "narrative %s %s %s\n", k.narratives[file], file, page)
	}
	if err := tx.Remember(seenNote, k.seen.AppendText(nil)); err != nil {
		return err
	}
	return tx.Remember(c.noteName(), b.Bytes())
}

// recall reads the note a build of cfg left in site, if the site is still
// as the note says.
func (c Config) recall(site *publish.Site) (note, bool) {
	n := note{sums: map[string]string{}, narratives: map[string]string{}, pages: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(site.Recall(c.noteName())))
	for sc.Scan() {
		field, value, _ := strings.Cut(sc.Text(), " ")
		var err error
		switch field {
		case "key":
			n.key = value
		case "rest":
			n.rest = value
		case "title":
			n.title, err = strconv.Unquote(value)
		case "period":
			n.res.Period, err = report.ParsePeriod(value)
		case "pages":
			n.res.Pages, err = strconv.Atoi(value)
		case "files":
			n.res.Files, err = strconv.Atoi(value)
		case "sum":
			sum, name, _ := strings.Cut(value, " ")
			n.sums[name] = sum
		case "narrative":
			parts := strings.Split(value, " ")
			if len(parts) != 3 {
				return note{}, false
			}
			n.narratives[parts[1]] = parts[0]
			if parts[2] != "-" {
				n.pages[parts[1]] = parts[2]
			}
		}
		if err != nil {
			return note{}, false
		}
	}
	if n.key == "" || n.res.Period.IsZero() || len(n.sums) != 4 {
		return note{}, false
	}
	for name, sum := range n.sums {
		if site.Sum(name) != sum {
			return note{}, false
		}
	}
	return n, true
}

// openSite opens the site folder cfg builds into, if it is there.
func (c Config) openSite() (*publish.Site, string, bool) {
	out := c.Out
	if out == "" {
		out = "site"
	}
	if _, err := os.Stat(filepath.Join(out, ".primed")); err != nil {
		return nil, "", false // no site yet: nothing to recall, nothing to create
	}
	site, err := publish.Open(out, publish.Options{Force: c.Force})
	if err != nil {
		return nil, "", false
	}
	return site, out, true
}

// errFullBuild says a build cannot take the short way and must be done in
// full.
var errFullBuild = errors.New("build in full")

// amendNarratives builds the site out from the inputs k when only the
// Markdown of some of the month's narratives changed since the note n, by
// putting their units' commentary in place in the pages built before. It
// returns errFullBuild when that is not so.
func (c Config) amendNarratives(ctx context.Context, site *publish.Site, out string, n note, k buildKey) (Result, error) {
	if n.rest != k.rest || !slices.Equal(slices.Sorted(maps.Keys(k.narratives)), slices.Sorted(maps.Keys(n.narratives))) {
		return Result{}, errFullBuild // other inputs changed, or a narrative came or went
	}
	fsys, err := c.reportFS()
	if err != nil {
		return Result{}, err
	}
	period := n.res.Period.String()
	changed := map[string][]byte{}
	for file, sum := range k.narratives {
		if n.narratives[file] == sum {
			continue
		}
		if n.pages[file] == "" {
			return Result{}, errFullBuild // another month's, or one with images: load checks it
		}
		page := period + "/" + n.pages[file]
		old, err := site.ReadFile(page)
		if err != nil {
			return Result{}, errFullBuild
		}
		id := strings.TrimSuffix(path.Base(file), ".md")
		nar, err := load.Narrative(fsys, file, &report.Unit{ID: id}, n.res.Period)
		if err != nil {
			return Result{}, err
		}
		b, err := render.SpliceNarrative(old, nar)
		if errors.Is(err, render.ErrCannotSplice) {
			return Result{}, errFullBuild
		}
		if err != nil {
			return Result{}, err
		}
		changed[n.pages[file]] = b
	}
	if len(changed) == 0 {
		return Result{}, errFullBuild
	}
	c.progress(fmt.Sprintf("putting the changed narratives of %d units in place", len(changed)))
	tx, err := site.Begin()
	if err != nil {
		return Result{}, err
	}
	defer tx.Abort()
	tx.KeepSpare()
	res := n.res
	res.Dir = filepath.Join(out, period)
	if res.Changed, err = tx.Amend(period, changed, c.builtDate(), c.Replace); err != nil {
		return Result{}, err
	}
	sums, err := stageSite(tx, n.title)
	if err != nil {
		return Result{}, err
	}
	if err := c.writeNote(tx, k, n.title, res, sums, n.pages); err != nil {
		return Result{}, err
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	return res, tx.Commit()
}
