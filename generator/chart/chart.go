// Package chart turns series of figures into ECharts option objects. It is
// the only package that imports go-echarts. Options are returned as JSON
// for a page to carry in a data block; the page's one static script draws
// them. Nothing here renders HTML or script, and nothing is random, so the
// same series always give the same bytes.
package chart

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/primed/primed/generator/report"
)

// Series is one named line or set of bars. Values without a figure are nil.
type Series struct {
	Name   string
	Values []*float64
	Style  Style
	Color  string // empty: the palette's next colour
	// Joined draws the line on across periods without a value, as for a
	// survey run every other year; otherwise a missing period breaks it.
	Joined bool
}

// Style is how a line series is drawn.
type Style int

// The styles of line.
const (
	Solid     Style = iota // a thick line with a marker at each point, for the figures themselves
	Step                   // a dashed stepped line, for a target that changes by period
	Thin                   // a thin line, for a centre line
	Dotted                 // a thin dotted line, for process limits
	Points                 // markers alone, for points that stand out
	Reference              // a dashed line with a marker at each point, for a comparator such as England
)

// Axis says how values are labelled on the value axis.
type Axis struct {
	Prefix   string // "£"
	Suffix   string // "%"
	Decimals int
}

func (a Axis) formatter() string { return a.Prefix + "{value}" + a.Suffix }

// Palette is the colours series take in turn: the theme's colour first,
// then colours that keep their contrast on white.
type Palette []string

// Shapes keeps, for each chart shape, its option marshalled once and cut
// where each series' data goes. A shape is everything of a chart but its
// values: kind, labels, axis, palette, and each series' name and style. A
// report's units share their measures' shapes, so the option of all but
// the first of a measure's charts is its values written between the
// parts. A nil *Shapes keeps nothing. It is safe for concurrent use; make
// one per build, since it grows with the shapes it has seen.
type Shapes struct {
	mu sync.RWMutex
	m  map[string][][]byte // shape key → len(series)+1 parts, or nil if the shape cannot be cut
}

// Line returns the option of a line chart over labels (usually months).
func Line(labels []string, axis Axis, palette Palette, series ...Series) (json.RawMessage, error) {
	return (*Shapes)(nil).Line(labels, axis, palette, series...)
}

// Bar returns the option of a grouped bar chart over labels (such as spending categories).
func Bar(labels []string, axis Axis, palette Palette, series ...Series) (json.RawMessage, error) {
	return (*Shapes)(nil).Bar(labels, axis, palette, series...)
}

// Line is the package's Line, its shape kept in c.
func (c *Shapes) Line(labels []string, axis Axis, palette Palette, series ...Series) (json.RawMessage, error) {
	return c.option(kindLine, labels, axis, palette, series, func(data []any) map[string]any {
		l := charts.NewLine()
		l.SetGlobalOptions(common(axis, palette, true)...)
		l.SetXAxis(labels)
		for i, s := range series {
			l.AddSeries(s.Name, nil, lineStyle(s)...)
			l.MultiSeries[len(l.MultiSeries)-1].Data = data[i]
		}
		l.Validate()
		for i := range l.MultiSeries {
			l.MultiSeries[i].Animation = nil // the option's own animation: false covers every series
		}
		if first, n, ok := months(labels); ok {
			l.XAxisList[0].Data = map[string]any{"months": []any{first, n}}
		}
		return l.JSON()
	})
}

// Bar is the package's Bar, its shape kept in c.
func (c *Shapes) Bar(labels []string, axis Axis, palette Palette, series ...Series) (json.RawMessage, error) {
	return c.option(kindBar, labels, axis, palette, series, func(data []any) map[string]any {
		b := charts.NewBar()
		b.SetGlobalOptions(common(axis, palette, false)...)
		b.SetXAxis(labels)
		for i, s := range series {
			b.AddSeries(s.Name, nil)
			b.MultiSeries[len(b.MultiSeries)-1].Data = data[i]
		}
		b.Validate()
		return b.JSON()
	})
}

const (
	kindLine = "line"
	kindBar  = "bar"
)

// option is a chart's option: build makes it with go-echarts from each
// series' data. The first time c sees a shape, build is given a marker in
// place of each series' data, and the option is kept cut at the markers;
// after that each series' values are written between the kept parts. A
// marker that a name happens to repeat would cut in the wrong place, so a
// shape whose markers are not each found once, in order, is not kept.
func (c *Shapes) option(kind string, labels []string, axis Axis, palette Palette, series []Series, build func(data []any) map[string]any) (json.RawMessage, error) {
	if c == nil {
		data := make([]any, len(series))
		for i, s := range series {
			data[i] = values(s.Values, axis.Decimals)
		}
		return finish(build(data))
	}
	var buf [1024]byte // a key of sixty months fits
	key := appendShapeKey(buf[:0], kind, labels, axis, palette, series)
	c.mu.RLock()
	p, ok := c.m[string(key)]
	c.mu.RUnlock()
	if !ok {
		markers := make([]any, len(series))
		for i := range series {
			markers[i] = marker(i)
		}
		b, err := finish(build(markers))
		if err != nil {
			return nil, err
		}
		p, _ = cut(b, len(series)) // nil if it cannot be cut
		c.mu.Lock()
		if c.m == nil {
			c.m = make(map[string][][]byte)
		}
		c.m[string(key)] = p
		c.mu.Unlock()
	}
	if p == nil {
		return (*Shapes)(nil).option(kind, labels, axis, palette, series, build)
	}
	n := 0
	for _, part := range p {
		n += len(part)
	}
	out := make([]byte, 0, n+len(series)*len(labels)*6)
	out = append(out, p[0]...)
	for i, s := range series {
		out = appendValues(out, s.Values, axis.Decimals)
		out = append(out, p[i+1]...)
	}
	return out, nil
}

// marker is what stands for series i's data in a shape's option.
func marker(i int) string { return "\x00primed-series-" + strconv.Itoa(i) + "\x00" }

// cut cuts option b at the n markers, as JSON writes them, if each is
// there once and in order.
func cut(b []byte, n int) ([][]byte, bool) {
	parts := make([][]byte, 0, n+1)
	for i := range n {
		m, _ := json.Marshal(marker(i))
		if bytes.Count(b, m) != 1 {
			return nil, false
		}
		before, after, ok := bytes.Cut(b, m)
		if !ok {
			return nil, false
		}
		parts = append(parts, bytes.Clone(before))
		b = after
	}
	return append(parts, bytes.Clone(b)), true
}

// appendShapeKey appends a chart's shape to k, each string written with
// its length so that no two shapes share a key.
func appendShapeKey(k []byte, kind string, labels []string, axis Axis, palette Palette, series []Series) []byte {
	k = appendString(k, kind)
	k = strconv.AppendInt(k, int64(len(labels)), 10)
	for _, l := range labels {
		k = appendString(k, l)
	}
	k = appendString(k, axis.Prefix)
	k = appendString(k, axis.Suffix)
	k = strconv.AppendInt(k, int64(axis.Decimals), 10)
	k = strconv.AppendInt(k, int64(len(palette)), 10)
	for _, c := range palette {
		k = appendString(k, c)
	}
	for _, s := range series {
		k = appendString(k, s.Name)
		k = appendString(k, s.Color)
		k = strconv.AppendInt(k, int64(s.Style), 10)
		k = strconv.AppendBool(k, s.Joined)
	}
	return k
}

// appendString appends s to k after its length.
func appendString(k []byte, s string) []byte {
	k = strconv.AppendInt(k, int64(len(s)), 10)
	k = append(k, ':')
	return append(k, s...)
}

// lineStyle turns a series' style into go-echarts series options.
func lineStyle(s Series) []charts.SeriesOpts {
	// The line takes the series' colour, its itemStyle's or the palette's.
	line := opts.LineStyle{Width: 1}
	chart := opts.LineChart{ShowSymbol: opts.Bool(false)}
	switch s.Style {
	case Solid:
		line.Width = 3
		chart.ShowSymbol = opts.Bool(true)
		if s.Joined {
			chart.ConnectNulls = opts.Bool(true)
		}
	case Step:
		line.Type, line.Width = "dashed", 2
		chart.Step = "middle"
	case Dotted:
		line.Type = "dotted"
	case Reference:
		line.Type, line.Width = "dashed", 2
		chart.ShowSymbol = opts.Bool(true)
		if s.Joined {
			chart.ConnectNulls = opts.Bool(true)
		}
	case Points:
		line.Width = 0
		chart.ShowSymbol = opts.Bool(true)
		chart.SymbolSize = 10
	}
	o := []charts.SeriesOpts{charts.WithLineChartOpts(chart), charts.WithLineStyleOpts(line)}
	if s.Color != "" {
		o = append(o, charts.WithItemStyleOpts(opts.ItemStyle{Color: s.Color}))
	}
	return o
}

// common is the options a chart's kind and measure decide. A line's value
// axis fits its values (scale); a bar's starts at zero, since a bar's
// length is its value.
func common(axis Axis, palette Palette, scale bool) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: "chart"}),
		charts.WithYAxisOpts(opts.YAxis{
			Type:      "value",
			Scale:     opts.Bool(scale),
			AxisLabel: &opts.AxisLabel{Formatter: types.FuncStr(axis.formatter())},
		}),
		charts.WithColorsOpts(opts.Colors(palette)),
	}
}

// months reports whether labels are consecutive months as axes write
// them ("Nov 2025", "Dec 2025", "Jan 2026"), and if so the first, as
// YYYY-MM, and how many. An axis of months is written as {"months":
// [first, n]}, which primed.js writes out: sixty labels cost 20 bytes.
func months(labels []string) (first string, n int, ok bool) {
	if len(labels) < 2 {
		return "", 0, false
	}
	start, err := time.Parse("Jan 2006", labels[0])
	if err != nil {
		return "", 0, false
	}
	for i, l := range labels {
		if l != start.AddDate(0, i, 0).Format("Jan 2006") {
			return "", 0, false
		}
	}
	return start.Format("2006-01"), len(labels), true
}

// values is a series' data as ECharts' plain array form: each value
// rounded to the measure's decimals, and "-" for a gap. It is a third the
// size of the object form go-echarts writes, {"value": 12.5}. A series
// that is mostly long runs of one value, as targets, means and process
// limits are, is written as {"runs": [[value, count], ...]} instead, which
// primed.js expands before it hands the option to ECharts.
func values(vs []*float64, decimals int) json.RawMessage {
	return appendValues(nil, vs, decimals)
}

// appendValues appends the JSON of values(vs, decimals) to b.
func appendValues(b []byte, vs []*float64, decimals int) []byte {
	if len(vs) == 0 {
		return append(b, "{}"...)
	}
	// Each value's JSON, one after another in text, the i'th ending at
	// ends[i], and whether it is the one before's: a series of a few
	// dozen values needs no allocation.
	var textBuf [1024]byte
	var endsBuf [128]int
	var sameBuf [128]bool
	text, ends, same := textBuf[:0], endsBuf[:0], sameBuf[:0]
	at := func(i int) []byte {
		if i == 0 {
			return text[:ends[0]]
		}
		return text[ends[i-1]:ends[i]]
	}
	runs := 0
	for i, v := range vs {
		start := len(text)
		if i > 0 && v != nil && vs[i-1] != nil && *v == *vs[i-1] {
			text = append(text, at(i-1)...) // a run, as targets and limits are: rounded once
			same = append(same, true)
		} else {
			text = appendValue(text, v, decimals)
			same = append(same, i > 0 && bytes.Equal(text[start:], at(i-1)))
		}
		ends = append(ends, len(text))
		if !same[i] {
			runs++
		}
	}
	if runs*4 > len(vs) {
		b = append(b, '[')
		for i := range vs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, at(i)...)
		}
		return append(b, ']')
	}
	b = append(b, `{"runs":[`...)
	for i := 0; i < len(vs); {
		j := i + 1
		for j < len(vs) && same[j] {
			j++
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = append(b, at(i)...)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(j-i), 10)
		b = append(b, ']')
		i = j
	}
	return append(b, "]}"...)
}

// appendValue appends v as JSON to b: rounded to the measure's decimals,
// less its trailing zeros (12.50 is 12.5), or "-" for a gap.
func appendValue(b []byte, v *float64, decimals int) []byte {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return append(b, `"-"`...)
	}
	start := len(b)
	b = report.AppendFixed(b, *v, decimals)
	if bytes.IndexByte(b[start:], '.') >= 0 {
		b = bytes.TrimRight(bytes.TrimRight(b, "0"), ".")
	}
	return b
}

// finish marshals the option without what every chart shares: no
// animation, the legend at the top, the grid, and the tooltip in ECharts'
// rich-text mode (its HTML mode writes inline style attributes that a
// strict Content-Security-Policy blocks). primed.js, which draws every
// chart, sets those once instead of each of a page's forty options
// carrying them. Keys go-echarts writes as null, which ECharts reads as
// unset, are left out too. The page's heading and each chart's label name
// the chart, so it has no title.
func finish(obj map[string]any) (json.RawMessage, error) {
	for _, shared := range []string{"toolbox", "title", "legend", "tooltip", "animation", "grid"} {
		delete(obj, shared)
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("chart option: %w", err)
	}
	return dropNulls(b), nil
}

// nullKeys matches a key whose value is null, with the comma before it or,
// for a first key, after it. In JSON a quote inside a string is always
// escaped, so an unescaped quote followed by a name, a quote and :null can
// only be a key.
var nullKeys = regexp.MustCompile(`,"[A-Za-z]+":null|"[A-Za-z]+":null,?`)

// dropNulls removes the keys of b whose value is null.
func dropNulls(b []byte) []byte { return nullKeys.ReplaceAll(b, nil) }
