package chart

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/primed/primed/generator/report"
)

func TestLine(t *testing.T) {
	v1, v2, tgt := 1.26, 3.0, 2.0
	opt, err := Line([]string{"Sep 2026", "Oct 2026", "Nov 2026"}, Axis{Suffix: "%", Decimals: 1}, Palette{"#1d70b8"},
		Series{Name: "Waiting </script>", Values: []*float64{&v1, nil, &v2}},
		Series{Name: "Target", Values: []*float64{&tgt, &tgt, &tgt}, Style: Step})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(opt, []byte("</script")) {
		t.Errorf("option carries </script verbatim: %s", opt)
	}
	var o struct {
		Tooltip   any `json:"tooltip"`
		Legend    any `json:"legend"`
		Title     any `json:"title"`
		Animation any `json:"animation"`
		Series    []struct {
			Name string `json:"name"`
			Step string `json:"step"`
			Data []any  `json:"data"`
		} `json:"series"`
		YAxis []struct {
			AxisLabel struct {
				Formatter string `json:"formatter"`
			} `json:"axisLabel"`
		} `json:"yAxis"`
		Toolbox any `json:"toolbox"`
	}
	if err := json.Unmarshal(opt, &o); err != nil {
		t.Fatal(err)
	}
	// What every chart shares is primed.js's, not each option's.
	if o.Tooltip != nil || o.Legend != nil || o.Title != nil || o.Animation != nil {
		t.Errorf("option carries a tooltip %v, legend %v, title %v or animation %v; want them left to primed.js", o.Tooltip, o.Legend, o.Title, o.Animation)
	}
	if bytes.Contains(opt, []byte(":null")) {
		t.Errorf("option has null keys: %s", opt)
	}
	if len(o.Series) != 2 || o.Series[1].Step != "middle" {
		t.Fatalf("series = %+v; want a line and a stepped target", o.Series)
	}
	got := o.Series[0].Data
	if len(got) != 3 || got[0] != 1.3 || got[1] != "-" || got[2] != 3.0 {
		t.Errorf("values = %v; want [1.3 - 3] (rounded, with a gap)", got)
	}
	if f := o.YAxis[0].AxisLabel.Formatter; f != "{value}%" {
		t.Errorf("axis formatter = %q; want {value}%%", f)
	}
	if o.Toolbox != nil {
		t.Errorf("toolbox = %v; want none", o.Toolbox)
	}
	// The same input gives the same bytes.
	again, _ := Line([]string{"Sep 2026", "Oct 2026", "Nov 2026"}, Axis{Suffix: "%", Decimals: 1}, Palette{"#1d70b8"},
		Series{Name: "Waiting </script>", Values: []*float64{&v1, nil, &v2}},
		Series{Name: "Target", Values: []*float64{&tgt, &tgt, &tgt}, Style: Step})
	if !bytes.Equal(opt, again) {
		t.Error("two calls with the same series gave different options")
	}
}

func TestBar(t *testing.T) {
	a, b := 100.0, 120.0
	opt, err := Bar([]string{"Staffing", "Agency"}, Axis{Prefix: "£"}, Palette{"#000"}, Series{Name: "Budget", Values: []*float64{&a, &b}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"type":"bar"`, `"£{value}"`, `"Staffing"`, `"data":[100,120]`} {
		if !strings.Contains(string(opt), want) {
			t.Errorf("option lacks %s: %s", want, opt)
		}
	}
	// A bar's length is its value: the axis starts at zero, as ECharts
	// draws a value axis that is not scaled. A line's axis fits its values.
	line, err := Line([]string{"Staffing", "Agency"}, Axis{}, Palette{"#000"}, Series{Name: "Budget", Values: []*float64{&a, &b}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		opt   json.RawMessage
		scale bool
	}{{opt, false}, {line, true}} {
		var o struct {
			YAxis []struct {
				Scale *bool `json:"scale"`
			} `json:"yAxis"`
		}
		if err := json.Unmarshal(tc.opt, &o); err != nil {
			t.Fatal(err)
		}
		if len(o.YAxis) != 1 || o.YAxis[0].Scale == nil || *o.YAxis[0].Scale != tc.scale {
			t.Errorf("value axis of %s: want scale %v", tc.opt, tc.scale)
		}
	}
}

// TestRuns checks that a series of long runs of one value is written as
// runs, and that the runs give back every value in order.
func TestRuns(t *testing.T) {
	target, mean := 40.0, 37.25
	flat := make([]*float64, 60)
	for i := range flat {
		flat[i] = &target
	}
	gappy := make([]*float64, 60)
	for i := range gappy {
		if i != 53 {
			gappy[i] = &mean
		}
	}
	varied := make([]*float64, 8)
	for i := range varied {
		v := float64(i)
		varied[i] = &v
	}
	for _, tc := range []struct {
		name   string
		values []*float64
		want   string
	}{
		{"flat", flat, `{"runs":[[40,60]]}`},
		{"gappy", gappy, `{"runs":[[37.3,53],["-",1],[37.3,6]]}`},
		{"varied", varied, `[0,1,2,3,4,5,6,7]`},
	} {
		got, err := json.Marshal(values(tc.values, 1))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: data = %s; want %s", tc.name, got, tc.want)
		}
	}
}

func TestMonths(t *testing.T) {
	for _, tc := range []struct {
		labels []string
		first  string
		n      int
		ok     bool
	}{
		{[]string{"Nov 2025", "Dec 2025", "Jan 2026"}, "2025-11", 3, true},
		{[]string{"Nov 2025", "Jan 2026"}, "", 0, false},      // a month missing
		{[]string{"Staffing", "Agency"}, "", 0, false},        // not months
		{[]string{"Oct 2026"}, "", 0, false},                  // one label: nothing to save
		{[]string{"Dec 2025", "Jan 2026", "x"}, "", 0, false}, // not all months
	} {
		first, n, ok := months(tc.labels)
		if first != tc.first || n != tc.n || ok != tc.ok {
			t.Errorf("months(%q) = %q, %d, %v; want %q, %d, %v", tc.labels, first, n, ok, tc.first, tc.n, tc.ok)
		}
	}
}

// TestDropNulls checks that keys whose value is null go, with their
// commas, and that text that only looks like one stays.
func TestDropNulls(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":1,"b":null}`, `{"a":1}`},
		{`{"b":null,"a":1}`, `{"a":1}`},
		{`{"b":null}`, `{}`},
		{`{"x":{"p":null,"q":null,"r":2},"y":[{"s":null}]}`, `{"x":{"r":2},"y":[{}]}`},
		{`{"name":"a \"b\":null, c","n":null}`, `{"name":"a \"b\":null, c"}`},
	}
	for _, tt := range tests {
		got := string(dropNulls([]byte(tt.in)))
		if got != tt.want {
			t.Errorf("dropNulls(%s) = %s; want %s", tt.in, got, tt.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("dropNulls(%s) = %s: not JSON", tt.in, got)
		}
	}
}

// TestShapes checks that an option written from a kept shape is the
// option go-echarts writes for the same chart, for charts that share a
// shape, charts that differ only in values, and a name that repeats the
// marker a shape is cut at.
func TestShapes(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	flat := []*float64{f(2), f(2), f(2), f(2), f(2), f(2), f(2), f(3)}
	tests := []struct {
		name   string
		bar    bool
		labels []string
		series []Series
	}{
		{"line", false, []string{"Sep 2026", "Oct 2026", "Nov 2026"}, []Series{
			{Name: "Waiting", Values: []*float64{f(1.26), nil, f(3)}},
			{Name: "Target", Values: []*float64{f(2), f(2), f(2)}, Style: Step, Color: "#000"}}},
		{"line, other values", false, []string{"Sep 2026", "Oct 2026", "Nov 2026"}, []Series{
			{Name: "Waiting", Values: []*float64{nil, f(-0.04), f(1e6)}},
			{Name: "Target", Values: []*float64{f(2.5), nil, f(2.5)}, Style: Step, Color: "#000"}}},
		{"runs", false, []string{"a", "b", "c", "d", "e", "f", "g", "h"}, []Series{
			{Name: "Mean", Values: flat, Style: Thin}, {Name: "Joined", Values: flat, Joined: true}}},
		{"empty", false, nil, []Series{{Name: "None"}}},
		{"marker in a name", false, []string{"x", "y"}, []Series{
			{Name: marker(0), Values: []*float64{f(1), f(2)}}, {Name: "b", Values: []*float64{nil, f(1)}}}},
		{"bar", true, []string{"Staffing", "Agency"}, []Series{{Name: "Budget", Values: []*float64{f(100), f(120.5)}}}},
	}
	shapes := new(Shapes)
	for range 2 { // the second round writes every option from a kept shape
		for _, tt := range tests {
			axis := Axis{Suffix: "%", Decimals: 1}
			plain := Line
			kept := shapes.Line
			if tt.bar {
				plain, kept = Bar, shapes.Bar
			}
			want, err := plain(tt.labels, axis, Palette{"#1d70b8"}, tt.series...)
			if err != nil {
				t.Fatal(err)
			}
			got, err := kept(tt.labels, axis, Palette{"#1d70b8"}, tt.series...)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: from the kept shape\n%s\nwant\n%s", tt.name, got, want)
			}
			if !json.Valid(got) {
				t.Errorf("%s: option is not JSON: %s", tt.name, got)
			}
		}
	}
}

// TestAppendValue holds a value's JSON to the measure's rounding: the
// exact decimal rounded half away from zero (report.Fixed), less its
// trailing zeros, whole numbers included.
func TestAppendValue(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 1, -1, 12, 12.5, 12.25, -12.25, 0.125, 2.675, 1e14, 1e15, 1e15 + 2, -3e15, 123456789012.5, 1.0000000000000002, 99.95, -99.95}
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		n, k := r.Int64N(2e14)-1e14, r.IntN(8)
		values = append(values, float64(n)/math.Pow(10, float64(k)), r.Float64()*100, r.NormFloat64()*1e6)
	}
	for _, v := range values {
		for decimals := range 4 {
			want := report.Fixed(v, decimals)
			if strings.Contains(want, ".") {
				want = strings.TrimRight(strings.TrimRight(want, "0"), ".")
			}
			if got := string(appendValue(nil, &v, decimals)); got != want {
				t.Errorf("appendValue(%v, %d) = %s; want %s", v, decimals, got, want)
			}
		}
	}
	for _, v := range []float64{math.NaN(), math.Inf(1)} {
		if got := string(appendValue(nil, &v, 1)); got != `"-"` {
			t.Errorf("appendValue(%v) = %s; want a gap", v, got)
		}
	}
	if got := string(appendValue(nil, nil, 1)); got != `"-"` {
		t.Errorf("appendValue(nil) = %s; want a gap", got)
	}
}
