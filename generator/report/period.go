package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is one calendar month, the unit of time of every figure in a
// report. Its zero value means "no period" (an open end of a range).
type Period int32

// NewPeriod returns the period for the given year and month.
func NewPeriod(year int, month time.Month) Period {
	return Period(year*12 + int(month))
}

// ParsePeriod reads a period written as YYYY-MM.
func ParsePeriod(s string) (Period, error) {
	y, m, ok := yearMonth(s)
	if !ok {
		return 0, fmt.Errorf("period %q is not YYYY-MM", s)
	}
	return NewPeriod(y, time.Month(m)), nil
}

// yearMonth reads YYYY-MM digit by digit: a report has a period in each
// of millions of rows.
func yearMonth(s string) (y, m int, ok bool) {
	if len(s) != 7 || s[4] != '-' {
		return 0, 0, false
	}
	for i, c := range []byte(s) {
		switch {
		case i == 4:
		case c < '0' || c > '9':
			return 0, 0, false
		case i < 4:
			y = y*10 + int(c-'0')
		default:
			m = m*10 + int(c-'0')
		}
	}
	return y, m, y >= 1900 && m >= 1 && m <= 12
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

// Frequency is how often a measure's figures come: for each month, each
// quarter or each financial year. Quarters and years follow the financial
// year (Config.YearStart), and a figure for one is kept at its last month.
type Frequency string

// The frequencies a measure can have. A measure is monthly unless it says.
const (
	Monthly   Frequency = "month"
	Quarterly Frequency = "quarter"
	Yearly    Frequency = "year"
)

// Months is how many months one period of f spans.
func (f Frequency) Months() int {
	switch f {
	case Quarterly:
		return 3
	case Yearly:
		return 12
	}
	return 1
}

// Adjective names f as pages say it: "monthly", "quarterly", "yearly".
func (f Frequency) Adjective() string {
	switch f {
	case Quarterly:
		return "quarterly"
	case Yearly:
		return "yearly"
	}
	return "monthly"
}

// noun names one period of f: "month", "quarter", "financial year".
func (f Frequency) noun() string {
	switch f {
	case Quarterly:
		return "quarter"
	case Yearly:
		return "financial year"
	}
	return "month"
}

// End returns the last month of the period of frequency f that contains
// p, for a financial year starting in month start: where a figure for
// that period is kept.
func (p Period) End(f Frequency, start time.Month) Period {
	n := f.Months()
	into := int(p - p.YearStart(start)) // months into the financial year
	return p.Add(n - 1 - into%n)
}

// fiscal names the financial year starting in month start that contains
// p: "2023-24", or "2023" when the year starts in January.
func (p Period) fiscal(start time.Month) string {
	y := p.YearStart(start).Year()
	if start == time.January {
		return fmt.Sprintf("%04d", y)
	}
	return fmt.Sprintf("%04d-%02d", y, (y+1)%100)
}

// quarter is the number, 1 to 4, of the financial quarter containing p.
func (p Period) quarter(start time.Month) int {
	return int(p-p.YearStart(start))/3 + 1
}

// Label returns p as a figure of frequency f is labelled in files and
// downloads: "2024-03", "2024-25 Q3" or "2023-24".
func (p Period) Label(f Frequency, start time.Month) string {
	switch {
	case p.IsZero():
		return ""
	case f == Quarterly:
		return fmt.Sprintf("%s Q%d", p.fiscal(start), p.quarter(start))
	case f == Yearly:
		return p.fiscal(start)
	}
	return p.String()
}

// Name returns p as pages name a period of frequency f: "March 2024",
// "Q3 2024-25" or "2023-24".
func (p Period) Name(f Frequency, start time.Month) string {
	switch {
	case p.IsZero():
		return ""
	case f == Quarterly:
		return fmt.Sprintf("Q%d %s", p.quarter(start), p.fiscal(start))
	case f == Yearly:
		return p.fiscal(start)
	}
	return p.Title()
}

// Abbrev returns p abbreviated for a chart axis: "Mar 2024", "Q3 2024-25"
// or "2023-24".
func (p Period) Abbrev(f Frequency, start time.Month) string {
	if f == Monthly {
		return p.Short()
	}
	return p.Name(f, start)
}

// ParseLabel reads the period a file gives a figure for: a month
// (2024-03), a financial year (2023-24 or 2023/24) or a financial quarter
// (2024-25 Q3 or Q3 2024-25), for a financial year starting in month
// start. It returns the period's last month and which of them it read.
func ParseLabel(s string, start time.Month) (Period, Frequency, error) {
	s = strings.TrimSpace(s)
	if p, err := ParsePeriod(s); err == nil {
		return p, Monthly, nil
	}
	fy, q := s, 0
	if a, b, ok := strings.Cut(s, " "); ok {
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if len(a) == 2 && (a[0] == 'Q' || a[0] == 'q') {
			a, b = b, a
		}
		if len(b) != 2 || (b[0] != 'Q' && b[0] != 'q') || b[1] < '1' || b[1] > '4' {
			return 0, "", fmt.Errorf("expected a month as YYYY-MM, a financial year such as 2023-24 or a quarter such as 2024-25 Q3, found %q", s)
		}
		fy, q = a, int(b[1]-'0')
	}
	first, err := ParseFiscal(fy, start)
	if err != nil {
		return 0, "", fmt.Errorf("expected a month as YYYY-MM, a financial year such as 2023-24 or a quarter such as 2024-25 Q3, found %q", s)
	}
	if q == 0 {
		return first.Add(11), Yearly, nil
	}
	return first.Add(3*q - 1), Quarterly, nil
}

// ParseFiscal reads a financial year label, 2023-24, 2023/24 or
// 2023-2024, and returns the year's first month, for a financial year
// starting in month start. A year starting in January may be written as
// the calendar year alone, 2023.
func ParseFiscal(label string, start time.Month) (Period, error) {
	l := strings.ReplaceAll(strings.TrimSpace(label), "/", "-")
	y1, y2, two := strings.Cut(l, "-")
	a, err1 := strconv.Atoi(y1)
	b, err2 := strconv.Atoi(y2)
	switch {
	case len(y1) != 4 || err1 != nil || a < 1900:
	case !two && start == time.January:
		return NewPeriod(a, start), nil
	case !two || err2 != nil:
	case len(y2) == 2 && b == (a+1)%100, len(y2) == 4 && b == a+1:
		return NewPeriod(a, start), nil
	}
	return 0, fmt.Errorf("expected a financial year such as 2023-24, found %q", label)
}
