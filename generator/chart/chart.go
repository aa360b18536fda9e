// Package chart turns series of figures into ECharts option objects. It is
// the only package that imports go-echarts. Options are returned as JSON
// for a page to carry in a data block; the page's one static script draws
// them. Nothing here renders HTML or script, and nothing is random, so the
// same series always give the same bytes.
package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// Series is one named line or set of bars. Values without a figure are nil.
type Series struct {
	Name   string
	Values []*float64
	// Dashed draws the series as a dashed stepped line, as for a target.
	Dashed bool
}

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

// Line returns the option of a line chart over labels (usually months).
func Line(title string, labels []string, axis Axis, palette Palette, series ...Series) (json.RawMessage, error) {
	c := charts.NewLine()
	c.SetGlobalOptions(common(title, axis, palette)...)
	c.SetXAxis(labels)
	for _, s := range series {
		data := make([]opts.LineData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.LineData{Value: value(v, axis.Decimals)}
		}
		o := []charts.SeriesOpts{charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(!s.Dashed)})}
		if s.Dashed {
			o = append(o,
				charts.WithLineChartOpts(opts.LineChart{Step: "middle", ShowSymbol: opts.Bool(false)}),
				charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 2}))
		} else {
			o = append(o, charts.WithLineStyleOpts(opts.LineStyle{Width: 3}))
		}
		c.AddSeries(s.Name, data, o...)
	}
	c.Validate()
	return finish(c.JSON())
}

// Bar returns the option of a grouped bar chart over labels (such as spending categories).
func Bar(title string, labels []string, axis Axis, palette Palette, series ...Series) (json.RawMessage, error) {
	c := charts.NewBar()
	c.SetGlobalOptions(common(title, axis, palette)...)
	c.SetXAxis(labels)
	for _, s := range series {
		data := make([]opts.BarData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.BarData{Value: value(v, axis.Decimals)}
		}
		c.AddSeries(s.Name, data)
	}
	c.Validate()
	return finish(c.JSON())
}

func common(title string, axis Axis, palette Palette) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: title, Show: opts.Bool(false)}),
		charts.WithInitializationOpts(opts.Initialization{ChartID: "chart"}),
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Left: "center"}),
		charts.WithGridOpts(opts.Grid{Top: "40", Left: "12", Right: "16", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{
			Type:      "value",
			Scale:     opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Formatter: types.FuncStr(axis.formatter()), Color: "#0b0c0c"},
		}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Color: "#0b0c0c"}}),
		charts.WithColorsOpts(opts.Colors(palette)),
	}
}

// value rounds v to the measure's decimals, or marks a gap.
func value(v *float64, decimals int) any {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return "-"
	}
	f, _ := strconv.ParseFloat(strconv.FormatFloat(*v, 'f', decimals, 64), 64)
	return f
}

// finish sets what go-echarts cannot express and marshals the option.
// The tooltip uses ECharts' rich-text mode: the HTML mode writes inline
// style attributes that a strict Content-Security-Policy blocks.
func finish(obj map[string]any) (json.RawMessage, error) {
	obj["tooltip"] = map[string]any{"show": true, "trigger": "axis", "renderMode": "richText"}
	delete(obj, "toolbox")
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("chart option: %w", err)
	}
	return b, nil
}
