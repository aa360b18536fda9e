package analyse_test

import (
	"math"
	"testing"

	"github.com/primed/primed/data"
	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/load"
	"github.com/primed/primed/generator/report"
)

// leaves returns the teams (units without children) at or below u.
func leaves(u *report.Unit) []*report.Unit {
	if u.IsLeaf() {
		return []*report.Unit{u}
	}
	var l []*report.Unit
	for _, c := range u.Children {
		l = append(l, leaves(c)...)
	}
	return l
}

// TestRollUpProperty checks, over the whole sample and every month, that a
// summed measure's value is the sum of its leaves' values and a ratio's is
// Σ numerator / Σ denominator of its leaves — never a mean of ratios.
func TestRollUpProperty(t *testing.T) {
	r, err := load.Report(data.Sample(), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := analyse.Analyse(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, u := range r.Units {
		if u.IsLeaf() {
			continue
		}
		for _, m := range r.Measures {
			if m.Aggregate != report.Sum && m.Aggregate != report.Ratio {
				continue
			}
			for j, f := range a.Series(u, m) {
				var sum, num, den float64
				var any bool
				for _, l := range leaves(u) {
					s := a.Series(l, m)
					if s == nil || !s[j].HasValue && !s[j].HasParts {
						continue
					}
					any = true
					sum += s[j].Value
					num += s[j].Numerator
					den += s[j].Denominator
				}
				if !any {
					if f.HasValue {
						t.Errorf("%s %s %s = %v with no leaf figures", u.ID, m.ID, f.Period, f.Value)
					}
					continue
				}
				want := sum
				if m.Aggregate == report.Ratio {
					want = num / den * m.Scale
				}
				if !f.HasValue || math.Abs(f.Value-want) > 1e-9*math.Max(1, math.Abs(want)) {
					t.Errorf("%s %s %s = %v; leaves give %v", u.ID, m.ID, f.Period, f.Value, want)
				}
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Errorf("checked only %d figures", checked)
	}
}

// TestSuppressionProperty checks, over the whole sample, that no hidden
// count can be recovered by subtraction: wherever a parent's figure (or
// year to date) is shown, none or at least two of its children's are hidden.
func TestSuppressionProperty(t *testing.T) {
	r, err := load.Report(data.Sample(), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := analyse.Analyse(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	hiddenSome := false
	for _, u := range r.Units {
		for _, m := range r.Measures {
			if m.UnitOfMeasure != report.Count || u.IsLeaf() {
				continue
			}
			for j, f := range a.Series(u, m) {
				var hidden, hiddenYTD int
				for _, c := range u.Children {
					s := a.Series(c, m)
					if s == nil {
						continue
					}
					if s[j].Suppressed {
						hidden++
					}
					if s[j].YTDSuppressed {
						hiddenYTD++
					}
				}
				if f.HasValue && !f.Suppressed && hidden == 1 {
					t.Errorf("%s %s %s: shown total with one hidden child", u.ID, m.ID, f.Period)
				}
				if f.HasYTD && !f.YTDSuppressed && hiddenYTD == 1 {
					t.Errorf("%s %s %s: shown year to date with one hidden child", u.ID, m.ID, f.Period)
				}
				hiddenSome = hiddenSome || hidden > 0
			}
		}
	}
	if !hiddenSome {
		t.Error("the sample hides no count; the property was not exercised")
	}
}
