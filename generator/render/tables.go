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

// figures writes a cell for each figure, as text.
func (w *htmlWriter) figures(cells ...string) {
	for _, c := range cells {
		w.html(`<td class="num">`)
		w.text(c)
		w.html("</td>")
	}
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

// HTML is the unit page's section on work, for the snapshot's period,
// as unit.html wrote it (TestWorkSection holds it to that template).
func (v *workView) HTML(period string) (template.HTML, error) {
	var w htmlWriter
	w.html("<section aria-labelledby=\"work\">\n<h2 id=\"work\">Work</h2>\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"work-caption\">\n<table class=\"work\">\n<caption id=\"work-caption\">Outstanding, upcoming and completed work, ")
	w.text(period)
	w.html("</caption>\n<thead><tr><th scope=\"col\">Type of work</th>")
	w.heads(v.Heads)
	w.html("</tr></thead>\n<tbody>\n")
	v.writeRows(&w)
	w.html("</tbody>\n</table>\n</div>\n<h3>How long open work has been waiting</h3>\n")
	v.Chart.write(&w)
	w.html("\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"ages-caption\">\n<table>\n<caption id=\"ages-caption\">Open work by age at the end of ")
	w.text(period)
	w.html("</caption>\n<thead><tr><th scope=\"col\">Type of work</th>")
	w.heads(v.Bands)
	w.html("</tr></thead>\n<tbody>\n")
	for _, r := range v.Ages {
		w.rowHead(r.Name)
		w.figures(r.Counts...)
		w.html("</tr>\n")
	}
	w.html("</tbody>\n</table>\n</div>\n<p class=\"hint\">Counted from the case management extract: an item is outstanding if it was open at the end of the month, and overdue if its due date had passed. Only these totals are published, never an item.</p>\n")
	w.fragment("csv", v.CSV)
	w.html("\n</section>")
	return w.done()
}

// heads writes a table's column heads for figures.
func (w *htmlWriter) heads(names []string) {
	for _, h := range names {
		w.html(`<th scope="col" class="num">`)
		w.text(h)
		w.html("</th>")
	}
}

// writeRows writes the rows of the work table, a type of work each.
func (v *workView) writeRows(w *htmlWriter) {
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
}

// writeLines writes the rows of the spend by category, a category each.
func (v *financeView) writeLines(w *htmlWriter) {
	for i := range v.Lines {
		r := &v.Lines[i]
		w.moneyRow(r, r.ProjectedFrom)
		w.html("\n")
	}
}

// moneyRow writes a row of the spend by category, or its total, with
// note in brackets after its forecast when there is one.
func (w *htmlWriter) moneyRow(r *moneyRow, note string) {
	w.rowHead(r.Category)
	w.figures(r.Budget, r.Actual, r.YTDBudget, r.YTDActual)
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
	if note != "" {
		w.html(` <span class="hint">(`)
		w.text(note)
		w.html(")</span>")
	}
	w.html("</td></tr>")
}

// writeProfile writes the rows of the year's cumulative budget and
// spend, a month each.
func (v *financeView) writeProfile(w *htmlWriter) {
	for _, r := range v.Profile {
		w.rowHead(r.Period)
		w.figures(r.Budget, r.Actual, r.Variance)
		w.html("</tr>\n")
	}
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
