// Package markdown renders narratives to HTML. It is the only package that
// imports goldmark. Raw HTML in a narrative is dropped, and so are links to
// javascript: and other unsafe URLs, as goldmark does by default.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md is stateless and safe to share.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(tidy{}, 100))),
)

// HTML renders Markdown source to HTML that is safe to place in a page.
func HTML(src []byte) (template.HTML, error) {
	var b bytes.Buffer
	if err := md.Convert(src, &b); err != nil {
		return "", fmt.Errorf("markdown: %w", err)
	}
	// goldmark escapes text and omits raw HTML unless told otherwise, so
	// its output is trusted here.
	return template.HTML(b.String()), nil
}

// tidy fits a narrative into its page. It moves headings down two levels,
// so that a "#" becomes an h3 under the page's h1 and the h2 "Commentary"
// and the outline stays in order; and it turns a link to a dangerous URL
// (javascript: and the like) into its plain text, where goldmark would
// leave a link to nowhere.
type tidy struct{}

func (tidy) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var unsafe []*ast.Link
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+2, 6)
		case *ast.Link:
			if html.IsDangerousURL(n.Destination) {
				unsafe = append(unsafe, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, l := range unsafe {
		parent := l.Parent()
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, l, c)
			c = next
		}
		parent.RemoveChild(parent, l)
	}
}
