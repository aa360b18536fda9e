package generator

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/primed/primed/generator/load"
	"github.com/primed/primed/generator/publish"
	"github.com/primed/primed/generator/report"
)

// A build leaves a note in the site's cache (publish.Site.Recall): the key
// of what it was built from — every input file's bytes, primed's own
// executable, and the options that change output — and the checksums of
// what it left: its snapshot's manifest, latest/'s manifest, the archive
// page and the front page. A later build with the same key that finds
// those four files as the note says has nothing to do: the files are what
// it would write, so it writes nothing and says the month is unchanged,
// reading the inputs once to hash them instead of loading, analysing and
// rendering them. A note that does not match is ignored, so a site
// changed by another build, or by hand, is built in full.

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

// cacheKey is the key of what cfg builds, or "" when it cannot be known.
func (c Config) cacheKey() string {
	exe := executable()
	if exe == "" {
		return ""
	}
	fsys, err := c.reportFS()
	if err != nil {
		return ""
	}
	inputs, err := load.Fingerprint(fsys)
	if err != nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "primed build cache 1\nexecutable %s\ninputs %x\nperiod %s\nmax-file-size %d\n", exe, inputs, c.Period, c.MaxFileSize)
	return hex.EncodeToString(h.Sum(nil))
}

// noteName names the note of a build of cfg.Period, or of the latest month.
func (c Config) noteName() string {
	if c.Period.IsZero() {
		return "build-latest"
	}
	return "build-" + c.Period.String()
}

// remember leaves the note of a build that made res, whose files above
// the snapshot will have the checksums s.
func (c Config) remember(tx *publish.Txn, key string, res Result, s siteSums) error {
	if key == "" {
		return nil
	}
	snapshot := ""
	list, err := tx.Snapshots()
	if err != nil {
		return err
	}
	for _, p := range list {
		if p.Period == res.Period.String() {
			snapshot = p.SHA256
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "key %s\nperiod %s\npages %d\nfiles %d\n", key, res.Period, res.Pages, res.Files)
	fmt.Fprintf(&b, "sum %s %s\n", snapshot, res.Period.String()+"/manifest.json")
	for _, name := range slices.Sorted(maps.Keys(s)) {
		fmt.Fprintf(&b, "sum %s %s\n", s[name], name)
	}
	return tx.Remember(c.noteName(), b.Bytes())
}

// unchanged reports whether the site already holds what cfg would build
// from the inputs whose key is key, and if so what that build made.
func (c Config) unchanged(key string) (Result, bool) {
	out := c.Out
	if out == "" {
		out = "site"
	}
	if key == "" {
		return Result{}, false
	}
	if _, err := os.Stat(filepath.Join(out, ".primed")); err != nil {
		return Result{}, false // no site yet: nothing to recall, nothing to create
	}
	site, err := publish.Open(out, publish.Options{Force: c.Force})
	if err != nil {
		return Result{}, false
	}
	defer site.Close()
	note := site.Recall(c.noteName())
	var res Result
	sums := 0
	sc := bufio.NewScanner(bytes.NewReader(note))
	for sc.Scan() {
		field, value, _ := strings.Cut(sc.Text(), " ")
		var err error
		switch field {
		case "key":
			if value != key {
				return Result{}, false
			}
		case "period":
			res.Period, err = report.ParsePeriod(value)
		case "pages":
			res.Pages, err = strconv.Atoi(value)
		case "files":
			res.Files, err = strconv.Atoi(value)
		case "sum":
			want, name, _ := strings.Cut(value, " ")
			if want == "" || site.Sum(name) != want {
				return Result{}, false
			}
			sums++
		}
		if err != nil {
			return Result{}, false
		}
	}
	if sums != 4 || res.Period.IsZero() {
		return Result{}, false
	}
	res.Dir = filepath.Join(out, res.Period.String())
	return res, true
}
