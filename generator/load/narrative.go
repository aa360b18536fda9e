package load

import (
	"bytes"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/report"
)

// narratives reads narratives/<period>/<unit>.md: Markdown commentary with
// an optional YAML front matter block of author, status and headline.
func narratives(fsys fs.FS, idx *index, e *errs) []report.Narrative {
	dirs, err := fs.ReadDir(fsys, "narratives")
	if err != nil {
		return nil
	}
	var list []report.Narrative
	for _, dir := range dirs {
		dirName := path.Join("narratives", dir.Name())
		if !dir.IsDir() {
			e.add(Pos{File: dirName}, "expected a folder named for a month, as narratives/2026-10/")
			continue
		}
		p, err := report.ParsePeriod(dir.Name())
		if err != nil {
			e.add(Pos{File: dirName}, "folder name %q is not a month as YYYY-MM", dir.Name())
			continue
		}
		files, _ := fs.ReadDir(fsys, dirName)
		for _, f := range files {
			name := path.Join(dirName, f.Name())
			id, isMD := strings.CutSuffix(f.Name(), ".md")
			if f.IsDir() || !isMD {
				continue
			}
			u := idx.units[id]
			if u == nil {
				e.add(Pos{File: name}, "unknown unit %q: a narrative's file name is its unit's id", id)
				continue
			}
			src, err := fs.ReadFile(fsys, name)
			if err != nil {
				e.add(Pos{File: name}, "cannot read: %v", unwrapPathError(err))
				continue
			}
			n := report.Narrative{Period: p, Unit: u, Status: "final"}
			n.Body = frontMatter(name, src, &n, e)
			list = append(list, n)
		}
	}
	return list
}

// frontMatter reads the YAML block between "---" lines at the top of src
// into n, and returns the Markdown that follows it.
func frontMatter(name string, src []byte, n *report.Narrative, e *errs) []byte {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return src
	}
	meta, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		if meta, ok = bytes.CutSuffix(rest, []byte("\n---")); !ok {
			e.add(Pos{name, 1, 1}, "front matter opened with --- is never closed")
			return src
		}
	}
	var root yaml.Node
	d := &doc{file: name, errs: e}
	if err := yaml.Unmarshal(meta, &root); err != nil {
		d.syntax(err)
		return body
	}
	if len(root.Content) > 0 {
		// Front matter starts on the file's second line.
		shift(root.Content[0], 1)
		d.mapping(root.Content[0], fields{
			"author":   d.str(&n.Author),
			"status":   d.oneOf(&n.Status, "draft", "final"),
			"headline": d.str(&n.Headline),
		})
	}
	return body
}

// shift moves every node's line down by n, for YAML parsed out of the middle of a file.
func shift(node *yaml.Node, n int) {
	node.Line += n
	for _, c := range node.Content {
		shift(c, n)
	}
}
