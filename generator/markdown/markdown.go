// Package markdown renders narratives to HTML. It is the only package that
// imports goldmark. Raw HTML in a narrative is dropped, and so are links to
// javascript: and other unsafe URLs, as goldmark does by default.
//
// A narrative is untrusted text, so Scan bounds it before goldmark sees
// it: its size, how deeply its quotes and lists nest, and how many cells
// its tables have. goldmark v1.8.7 takes time that grows with the square
// of the nesting depth and pads every short table row to the header's
// width; past these bounds a few kilobytes could take minutes and
// gigabytes. Images may only be files in the report folder: the loader
// reads them, render copies them into the snapshot, and HTML links them
// there. An image on the web becomes a link to it, never an <img> that
// fetches it.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Bounds on a narrative. A page of commentary is a few kilobytes.
const (
	MaxSize       = 32 << 10 // bytes of Markdown
	MaxDepth      = 10       // quotes and lists inside one another
	MaxTableCells = 2000     // cells in all its tables
)

// extensions are the Markdown beyond CommonMark that narratives may use.
// Table alignment would be written as style attributes, which a strict
// Content-Security-Policy blocks, so it is left out.
var extensions = goldmark.WithExtensions(
	extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
	extension.Strikethrough,
)

// md renders; scanner only parses, as written, for Scan. Both are
// stateless and safe to share.
var (
	md      = goldmark.New(extensions, goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(tidy{}, 100))))
	scanner = goldmark.New(extensions).Parser()
)

// Problem is something wrong with a narrative, at a byte offset in it.
type Problem struct {
	Offset int
	Msg    string
}

// Image is an image a narrative shows, as its Markdown names it.
type Image struct {
	Offset int
	Dest   string // the destination as written
	Remote bool   // an http or https URL: it is shown as a link
}

// Scan checks src against the bounds and lists the images it shows. When
// it returns problems, src must not be rendered.
func Scan(src []byte) ([]Image, []Problem) {
	if len(src) > MaxSize {
		return nil, []Problem{{0, fmt.Sprintf("the narrative is %d KiB; the most a narrative may be is %d KiB", (len(src)+1023)>>10, MaxSize>>10)}}
	}
	if p := bounds(src); p != nil {
		return nil, []Problem{*p}
	}
	if !bytes.Contains(src, []byte("![")) {
		return nil, nil // no image to find: spare the parse, render parses it anyway
	}
	doc := scanner.Parse(text.NewReader(src))
	var images []Image
	var problems []Problem
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		dest := string(img.Destination)
		at := offset(img)
		switch kind := classify(dest); kind {
		case local:
			images = append(images, Image{Offset: at, Dest: dest})
		case remote:
			images = append(images, Image{Offset: at, Dest: dest, Remote: true})
		default:
			problems = append(problems, Problem{at, fmt.Sprintf("image %q: an image must be a file in the report folder, or an http or https address to link to", dest)})
		}
		return ast.WalkContinue, nil
	})
	return images, problems
}

// offset finds where an inline node starts, from its first text.
func offset(n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

type destKind int

const (
	invalid destKind = iota
	local
	remote
)

// classify says what an image destination points at. A local one is a
// relative path with nothing else: no scheme, host, query or fragment.
func classify(dest string) destKind {
	u, err := url.Parse(dest)
	switch {
	case err != nil || dest == "":
		return invalid
	case u.Scheme == "http" || u.Scheme == "https":
		return remote
	case u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "\\") ||
		u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(dest, "?") || strings.Contains(dest, "#"):
		return invalid
	}
	return local
}

// bounds checks how deeply blocks nest and how many cells tables hold, by
// reading the lines as goldmark will, before it does.
func bounds(src []byte) *Problem {
	cells := 0
	lines := bytes.SplitAfter(src, []byte("\n"))
	start := 0
	for i, line := range lines {
		if d := depth(line); d > MaxDepth {
			return &Problem{start, fmt.Sprintf("quotes and lists nested %d deep; the most is %d", d, MaxDepth)}
		}
		if cols := delimiterRow(line); cols > 0 && i > 0 {
			rows := 1 // the header
			for _, l := range lines[i+1:] {
				if len(bytes.TrimSpace(l)) == 0 {
					break
				}
				rows++
			}
			if cells += cols * rows; cells > MaxTableCells {
				return &Problem{start, fmt.Sprintf("tables with %d cells; the most a narrative may hold is %d (put a large table in a download instead)", cells, MaxTableCells)}
			}
		}
		start += len(line)
	}
	return nil
}

// depth counts the block quote and list markers that open a line.
func depth(line []byte) int {
	d := 0
	for i := 0; ; {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			return d
		}
		space := func(j int) bool { return j < len(line) && (line[j] == ' ' || line[j] == '\t') }
		switch c := line[i]; {
		case c == '>':
			d, i = d+1, i+1
		case (c == '-' || c == '*' || c == '+') && space(i+1):
			d, i = d+1, i+2
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j >= len(line) || (line[j] != '.' && line[j] != ')') || !space(j+1) {
				return d
			}
			d, i = d+1, j+2
		default:
			return d
		}
	}
}

// delimiterRow returns the number of columns if line is a table's
// delimiter row, such as "| --- | :-: |", and 0 if it is not.
func delimiterRow(line []byte) int {
	s := bytes.TrimSpace(line)
	if !bytes.Contains(s, []byte("-")) || len(bytes.Trim(s, "|-: \t")) > 0 {
		return 0
	}
	s = bytes.TrimSuffix(bytes.TrimPrefix(s, []byte("|")), []byte("|"))
	return bytes.Count(s, []byte("|")) + 1
}

var imagesContextKey = parser.NewContextKey()

// HTML renders Markdown source to HTML that is safe to place in a page.
// src must have passed Scan. images maps each local image's destination,
// as written, to its address in the snapshot; an image not in it is shown
// as its text.
func HTML(src []byte, images map[string]string) (template.HTML, error) {
	var b bytes.Buffer
	pc := parser.NewContext()
	pc.Set(imagesContextKey, images)
	if err := md.Convert(src, &b, parser.WithContext(pc)); err != nil {
		return "", fmt.Errorf("markdown: %w", err)
	}
	// goldmark escapes text and omits raw HTML unless told otherwise, so
	// its output is trusted here.
	return template.HTML(b.String()), nil
}

// tidy fits a narrative into its page. It moves headings down two levels,
// so that a "#" becomes an h3 under the page's h1 and the h2 "Commentary"
// and the outline stays in order; it turns a link to a dangerous URL
// (javascript: and the like) into its plain text, where goldmark would
// leave a link to nowhere; and it points images at their copies in the
// snapshot, turning any other image into a link or its text.
type tidy struct{}

func (tidy) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	images, _ := pc.Get(imagesContextKey).(map[string]string)
	var unwrap []ast.Node
	var links []*ast.Image
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+2, 6)
		case *ast.Link:
			if html.IsDangerousURL(n.Destination) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			dest := string(n.Destination)
			switch to, ok := images[dest]; {
			case ok:
				n.Destination = []byte(to)
			case classify(dest) == remote:
				links = append(links, n)
			default:
				unwrap = append(unwrap, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, img := range links {
		l := ast.NewLink()
		l.Destination, l.Title = img.Destination, img.Title
		if img.ChildCount() == 0 {
			l.AppendChild(l, ast.NewString(img.Destination))
		}
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			l.AppendChild(l, c)
			c = next
		}
		img.Parent().ReplaceChild(img.Parent(), img, l)
	}
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}
