package load

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/yamldoc"
	"github.com/primed/primed/generator/markdown"
	"github.com/primed/primed/generator/report"
)

// narratives reads narratives/<period>/<unit>.md: Markdown commentary with
// an optional YAML front matter block of author, status and headline.
func narratives(fsys fs.FS, idx *index, e *diag.List) []report.Narrative {
	dirs, err := fs.ReadDir(fsys, "narratives")
	if err != nil {
		if !isNotExist(err) {
			e.Add(diag.Pos{File: "narratives"}, "cannot read the folder: %v", unwrapPathError(err))
		}
		return nil
	}
	var list []report.Narrative
	for _, dir := range dirs {
		dirName := path.Join("narratives", dir.Name())
		if !dir.IsDir() {
			e.Add(diag.Pos{File: dirName}, "expected a folder named for a month, as narratives/2026-10/")
			continue
		}
		p, err := report.ParsePeriod(dir.Name())
		if err != nil {
			e.Add(diag.Pos{File: dirName}, "folder name %q is not a month as YYYY-MM", dir.Name())
			continue
		}
		files, err := fs.ReadDir(fsys, dirName)
		if err != nil {
			e.Add(diag.Pos{File: dirName}, "cannot read the folder: %v", unwrapPathError(err))
			continue
		}
		for _, f := range files {
			name := path.Join(dirName, f.Name())
			id, isMD := strings.CutSuffix(f.Name(), ".md")
			if f.IsDir() || !isMD {
				continue
			}
			u := idx.units[id]
			if u == nil {
				e.Add(diag.Pos{File: name}, "unknown unit %q: a narrative's file name is its unit's id", id)
				continue
			}
			if u.Comparator {
				e.Add(diag.Pos{File: name}, "%q is a comparator, which has no page for a narrative; name a unit of the tree", id)
				continue
			}
			if n, ok := readNarrative(fsys, name, u, p, e); ok {
				list = append(list, n)
			}
		}
	}
	return list
}

// Narrative reads the one narrative file name, of unit u for month p, as
// Report reads each: for a build that needs only it. Its error is a
// diag.Problems listing every problem in the file.
func Narrative(fsys fs.FS, name string, u *report.Unit, p report.Period) (report.Narrative, error) {
	var e diag.List
	n, ok := readNarrative(fsys, name, u, p, &e)
	if e.Len() > 0 {
		return report.Narrative{}, e.Problems()
	}
	if !ok {
		return report.Narrative{}, fmt.Errorf("%s: cannot be shown", name)
	}
	return n, nil
}

// readNarrative reads and checks the narrative file name of unit u for
// month p. It reports false when the narrative cannot be shown.
func readNarrative(fsys fs.FS, name string, u *report.Unit, p report.Period, e *diag.List) (report.Narrative, bool) {
	src, err := fs.ReadFile(bounded{fsys, maxNarrativeFile}, name)
	var big tooLargeError
	if errors.As(err, &big) {
		e.Add(diag.Pos{File: name}, "the narrative is larger than %s; the most a narrative may be is %d KiB", sizeString(maxNarrativeFile), markdown.MaxSize>>10)
		return report.Narrative{}, false
	}
	if err != nil {
		e.Add(diag.Pos{File: name}, "cannot read: %v", unwrapPathError(err))
		return report.Narrative{}, false
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if !checkText(name, src, e) {
		return report.Narrative{}, false
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	n := report.Narrative{Period: p, Unit: u}
	n.Body = frontMatter(name, src, &n, e)
	if !narrativeImages(fsys, name, src, &n, e) {
		return report.Narrative{}, false
	}
	return n, true
}

// frontMatter reads the YAML block between "---" lines at the top of src
// into n, and returns the Markdown that follows it.
func frontMatter(name string, src []byte, n *report.Narrative, e *diag.List) []byte {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return src
	}
	meta, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		if meta, ok = bytes.CutSuffix(rest, []byte("\n---")); !ok {
			e.Add(diag.At(name, 1, 1), "front matter opened with --- is never closed")
			return src
		}
	}
	var root yaml.Node
	d := doc{yamldoc.New(name, e)}
	if err := yaml.Unmarshal(meta, &root); err != nil {
		d.Syntax(err)
		return body
	}
	if len(root.Content) > 0 {
		// Front matter starts on the file's second line.
		shift(root.Content[0], 1)
		d.Mapping(root.Content[0], yamldoc.Fields{
			"author": d.Str(&n.Author),
			"status": func(v *yaml.Node) {
				status := "final"
				d.OneOf(&status, "draft", "final")(v)
				n.Draft = status == "draft"
			},
			"headline": d.Str(&n.Headline),
		})
	}
	return body
}

// maxNarrativeFile bounds a narrative's file: its Markdown and room for
// front matter. markdown.Scan bounds the Markdown itself.
const maxNarrativeFile = markdown.MaxSize + 16<<10

// maxImageSize bounds each image a narrative shows, and maxImages how
// many different ones it may show.
const (
	maxImageSize = 5 << 20
	maxImages    = 20
)

// narrativeImages checks n's Markdown against markdown's bounds and reads
// the images it shows from the report folder. src is the whole file, of
// which n.Body is the end. It reports false when the narrative cannot be
// shown.
func narrativeImages(fsys fs.FS, name string, src []byte, n *report.Narrative, e *diag.List) bool {
	images, problems := markdown.Scan(n.Body)
	bodyStart := len(src) - len(n.Body)
	at := func(offset int) diag.Pos {
		before := src[:bodyStart+offset]
		line := bytes.Count(before, []byte("\n")) + 1
		col := len(before) - bytes.LastIndexByte(before, '\n')
		return diag.At(name, line, col)
	}
	for _, p := range problems {
		e.Add(at(p.Offset), "%s", p.Msg)
	}
	ok := len(problems) == 0
	for _, img := range images {
		if _, done := n.Images[img.Dest]; img.Remote || done {
			continue
		}
		if len(n.Images) == maxImages {
			e.Add(at(img.Offset), "more than %d images in one narrative", maxImages)
			return false
		}
		file, err := url.PathUnescape(img.Dest)
		file = path.Join(path.Dir(name), file)
		if err != nil || !fs.ValidPath(file) {
			e.Add(at(img.Offset), "image %q is outside the report folder; only files inside it are shown", img.Dest)
			ok = false
			continue
		}
		b, err := fs.ReadFile(bounded{fsys, maxImageSize}, file)
		if err != nil {
			e.Add(at(img.Offset), "image %q: cannot read %s: %v", img.Dest, file, unwrapPathError(err))
			ok = false
			continue
		}
		kind := report.ImageKind(b)
		if kind == "" {
			e.Add(at(img.Offset), "image %q is not a PNG, JPEG, GIF or WebP image", img.Dest)
			ok = false
			continue
		}
		if n.Images == nil {
			n.Images = map[string]report.Image{}
		}
		n.Images[img.Dest] = report.Image{Kind: kind, Data: b}
	}
	return ok
}

// shift moves every node's line down by n, for YAML parsed out of the middle of a file.
func shift(node *yaml.Node, n int) {
	node.Line += n
	for _, c := range node.Content {
		shift(c, n)
	}
}
