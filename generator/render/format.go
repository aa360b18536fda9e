package render

import (
	"bytes"
	"math"
	"strings"
	"time"

	"github.com/primed/primed/generator/report"
)

// grouped writes v with thousands separators and the given decimals, as
// en-GB does: 12,345.6. A minus sign is the typographic one.
func grouped(v float64, decimals int) string {
	if !finite(v) {
		return "" // the load bounds every input, so this is a safeguard only
	}
	var fixed, out [64]byte
	s := report.AppendFixed(fixed[:0], math.Abs(v), decimals)
	whole, frac, _ := bytes.Cut(s, []byte{'.'})
	b := out[:0]
	if v < 0 && bytes.ContainsFunc(s, func(r rune) bool { return r != '0' && r != '.' }) {
		b = append(b, "−"...)
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	if len(frac) > 0 {
		b = append(b, '.')
		b = append(b, frac...)
	}
	return string(b)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// value formats a measure's figure with its unit: "1,234", "85.2%",
// "£12,345", "0.75 days".
func value(m *report.Measure, v float64) string {
	switch m.UnitOfMeasure {
	case report.Percent:
		return grouped(v, m.Decimals) + "%"
	case report.Currency:
		return money(v, m.Decimals)
	case report.Days:
		s := grouped(v, m.Decimals)
		if s == "1" {
			return s + " day"
		}
		return s + " days"
	}
	return grouped(v, m.Decimals)
}

// plain formats a figure for a CSV download: no separators or symbols.
func plain(v float64, decimals int) string {
	if !finite(v) {
		return ""
	}
	return report.Fixed(v, decimals)
}

// money formats pounds: "£12,345", or "−£1,200" when negative.
func money(v float64, decimals int) string {
	s := grouped(math.Abs(v), decimals)
	if v < 0 && strings.Trim(s, "0.,") != "" {
		return "−£" + s
	}
	return "£" + s
}

// roundsToZero reports whether v shows as zero at the given decimals.
func roundsToZero(v float64, decimals int) bool {
	return strings.Trim(report.Fixed(math.Abs(v), decimals), "0.") == ""
}

// change formats a difference with its sign: "+3", "−1.5%".
func change(m *report.Measure, d float64) string {
	s := value(m, math.Abs(d))
	if m.UnitOfMeasure == report.Percent {
		s = grouped(math.Abs(d), m.Decimals) + " points"
	}
	switch {
	case roundsToZero(d, m.Decimals):
		return "no change"
	case d > 0:
		return "+" + s
	}
	return "−" + s
}

// date formats a day as pages show it: "3 October 2026".
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}
