// Package markdown renders narratives to HTML. It is the only package that
// imports goldmark. Raw HTML in a narrative is dropped, and so are links to
// javascript: and other unsafe URLs, as goldmark does by default.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// md is stateless and safe to share.
var md = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

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
