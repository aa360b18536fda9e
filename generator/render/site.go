package render

import (
	"bytes"
	"fmt"

	"github.com/primed/primed/generator/report"
)

// Archived is one snapshot as the archive lists it.
type Archived struct {
	Period report.Period
	SHA256 string // checksum of the snapshot's manifest
}

type archiveView struct {
	Title     string
	Snapshots []archivedView
}

type archivedView struct {
	Period string
	Href   string
	Title  string
	SHA256 string
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
			Period: s.Period.String(),
			Href:   "../" + s.Period.String() + "/index.html",
			Title:  s.Period.Title(),
			SHA256: s.SHA256,
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
