package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is one calendar month, the unit of time of every figure in a
// report. Its zero value means "no period" (an open end of a range).
type Period int

// NewPeriod returns the period for the given year and month.
func NewPeriod(year int, month time.Month) Period {
	return Period(year*12 + int(month))
}

// ParsePeriod reads a period written as YYYY-MM.
func ParsePeriod(s string) (Period, error) {
	if len(s) != 7 || s[4] != '-' || strings.Trim(s[:4]+s[5:], "0123456789") != "" {
		return 0, fmt.Errorf("period %q is not YYYY-MM", s)
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || y < 1900 || m < 1 || m > 12 {
		return 0, fmt.Errorf("period %q is not YYYY-MM", s)
	}
	return NewPeriod(y, time.Month(m)), nil
}

// Year returns the calendar year of p.
func (p Period) Year() int { return (int(p) - 1) / 12 }

// Month returns the calendar month of p.
func (p Period) Month() time.Month { return time.Month((int(p)-1)%12 + 1) }

// IsZero reports whether p is the zero (absent) period.
func (p Period) IsZero() bool { return p == 0 }

// Add returns the period n months after p (before, if n is negative).
func (p Period) Add(n int) Period { return p + Period(n) }

// String returns p as YYYY-MM, the form used in file names and URLs.
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", p.Year(), int(p.Month()))
}

// Title returns p in words, as pages show it: "October 2026".
func (p Period) Title() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%s %d", p.Month(), p.Year())
}

// Short returns p abbreviated for chart axes: "Oct 2026".
func (p Period) Short() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%s %d", p.Month().String()[:3], p.Year())
}

// YearStart returns the first month of the financial year containing p,
// for a financial year that starts in month start.
func (p Period) YearStart(start time.Month) Period {
	y := p.Year()
	if p.Month() < start {
		y--
	}
	return NewPeriod(y, start)
}

// Range is an inclusive span of periods; a zero From or To leaves that end open.
type Range struct {
	From, To Period
}

// Contains reports whether p falls within r.
func (r Range) Contains(p Period) bool {
	return (r.From.IsZero() || p >= r.From) && (r.To.IsZero() || p <= r.To)
}
