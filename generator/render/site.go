package render

import (
	"bytes"
	"fmt"
	"time"

	"github.com/primed/primed/generator/report"
)

// Archived is one snapshot as the archive lists it.
type Archived struct {
	Period   report.Period
	SHA256   string // checksum of the snapshot's manifest
	Built    string // the date it was built, YYYY-MM-DD, if known
	Cutoff   string // the latest month of the data it was built from, YYYY-MM, if known
	Replaces string // the checksum of the snapshot it replaced, if any
}

type archiveView struct {
	Title     string
	Snapshots []archivedView
}

type archivedView struct {
	Period   string
	Href     string
	Title    string
	SHA256   string
	Built    string // "3 November 2026", or empty
	Cutoff   string // "October 2026", or empty
	Replaces string
}

// Site renders the pages that sit above the snapshots: the site's front
// page, which leads to the latest snapshot, and the archive of every
// snapshot, newest first.
func Site(title string, snapshots []Archived) (Files, error) {
	if len(snapshots) == 0 {
		return nil, fmt.Errorf("render site: no snapshots")
	}
	v := archiveView{Title: title}
	for i := len(snapshots) - 1; i >= 0; i-- {
		s := snapshots[i]
		v.Snapshots = append(v.Snapshots, archivedView{
			Period:   s.Period.String(),
			Href:     "../" + s.Period.String() + "/index.html",
			Title:    s.Period.Title(),
			SHA256:   s.SHA256,
			Built:    longDate(s.Built),
			Cutoff:   monthTitle(s.Cutoff),
			Replaces: s.Replaces,
		})
	}
	files := Files{}
	for name, file := range map[string]string{"site-index.html": "index.html", "archive.html": "archive/index.html"} {
		var b bytes.Buffer
		if err := pages.ExecuteTemplate(&b, name, v); err != nil {
			return nil, fmt.Errorf("render %s: %w", file, err)
		}
		files[file] = b.Bytes()
	}
	return files, nil
}

// longDate is the date d, YYYY-MM-DD, in words, or "" if it is not one.
func longDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return ""
	}
	return t.Format("2 January 2006")
}

// monthTitle is the month p, YYYY-MM, in words, or "" if it is not one.
func monthTitle(p string) string {
	per, err := report.ParsePeriod(p)
	if err != nil {
		return ""
	}
	return per.Title()
}
