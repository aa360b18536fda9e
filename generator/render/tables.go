package render

import "html/template"

// The bodies of the tables a unit page repeats row by row, written by an
// htmlWriter as the template wrote them (TestTableBodies holds each to
// that template): at 8,000 units they are millions of cells.

// rowHead starts a row headed by the text s.
func (w *htmlWriter) rowHead(s string) {
	w.html(`<tr><th scope="row">`)
	w.text(s)
	w.html("</th>")
}

// hint writes a cell's text in the hint style, as for no figure.
func (w *htmlWriter) hint(s string) {
	w.html(`<span class="hint">`)
	w.text(s)
	w.html("</span>")
}

// rating writes a rating under a cell's figure.
func (w *htmlWriter) rating(r ragView) {
	w.html("<br>")
	w.fragment("rag", r)
}

// Body is the rows of the comparison of units across measures.
func (m matrix) Body() (template.HTML, error) {
	var w htmlWriter
	w.grow(len(m.Rows) * (100 + 200*len(m.Measures))) // a cell is about 150 bytes
	for _, r := range m.Rows {
		if r.Unit.Href == "" {
			w.html(`<tr class="comparator"><th scope="row">`)
			w.text(r.Unit.Text)
			w.html(` <span class="hint">(comparator)</span>`)
		} else {
			w.html(`<tr><th scope="row">`)
			w.link(r.Unit)
		}
		w.html("</th>")
		for _, c := range r.Cells {
			w.html(`<td class="num">`)
			if c.Empty {
				w.hint(c.RAG.Label)
			} else {
				w.text(c.Value)
				if !c.Unrated {
					w.rating(c.RAG)
				}
			}
			w.html("</td>")
		}
		w.html("</tr>\n")
	}
	return w.done()
}

// Body is the rows of the work table, a type of work each.
func (v workView) Body() (template.HTML, error) {
	var w htmlWriter
	for _, r := range v.Rows {
		w.rowHead(r.Name)
		for _, c := range r.Cells {
			w.html(`<td class="num">`)
			if c.Empty {
				w.hint(c.Value)
			} else {
				w.link(link{Text: c.Value, Href: c.Href})
				if c.RAG.Class != "none" {
					w.rating(c.RAG)
				}
			}
			w.html("</td>")
		}
		w.html("</tr>\n")
	}
	return w.done()
}

// LinesBody is the rows of the spend by category, a category each.
func (v financeView) LinesBody() (template.HTML, error) {
	var w htmlWriter
	for _, r := range v.Lines {
		w.rowHead(r.Category)
		for _, s := range []string{r.Budget, r.Actual, r.YTDBudget, r.YTDActual} {
			w.html(`<td class="num">`)
			w.text(s)
			w.html("</td>")
		}
		w.html(`<td class="num">`)
		w.text(r.Variance)
		if r.VarPct != "" {
			w.html(" (")
			w.text(r.VarPct)
			w.html(")")
		}
		if r.Over {
			w.html(" over")
		}
		w.html("</td><td>")
		w.fragment("rag", r.RAG)
		w.html(`</td><td class="num">`)
		w.text(r.Forecast)
		if r.ProjectedFrom != "" {
			w.html(` <span class="hint">(`)
			w.text(r.ProjectedFrom)
			w.html(")</span>")
		}
		w.html("</td></tr>\n")
	}
	return w.done()
}

// ProfileBody is the rows of the year's cumulative budget and spend, a
// month each.
func (v financeView) ProfileBody() (template.HTML, error) {
	var w htmlWriter
	for _, r := range v.Profile {
		w.rowHead(r.Period)
		for _, s := range []string{r.Budget, r.Actual, r.Variance} {
			w.html(`<td class="num">`)
			w.text(s)
			w.html("</td>")
		}
		w.html("</tr>\n")
	}
	return w.done()
}

// Body is the rows of a level's league table, a unit each, and a
// comparator's row where one is shown: a measure's page has a row for
// every unit, eight thousand for a large report's teams.
func (v levelView) Body() (template.HTML, error) {
	var w htmlWriter
	w.grow(len(v.Rows) * 600) // a row is about 500 bytes
	for _, r := range v.Rows {
		if r.Unit.Href == "" {
			w.html(`<tr class="comparator"><td class="num">–</td><th scope="row">`)
			w.text(r.Unit.Text)
			w.html(` <span class="hint">(comparator)</span></th><td class="num">`)
			w.text(r.Value)
			w.html("</td><td class=\"num\">–</td><td>–</td><td>–</td></tr>\n")
			continue
		}
		w.html(`<tr><td class="num">`)
		w.text(r.Rank)
		w.html(`</td><th scope="row">`)
		w.link(r.Unit)
		w.html(`</th><td class="num">`)
		w.text(r.Value)
		w.html(`</td><td class="num">`)
		w.text(r.Target)
		w.html(`</td><td>`)
		w.fragment("rag", r.RAG)
		w.html(`</td><td>`)
		w.fragment("mdc", r.Variation)
		w.html("</td></tr>\n")
	}
	return w.done()
}
