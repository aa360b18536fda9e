package report

import (
	"testing"
	"time"
)

func TestPeriod(t *testing.T) {
	p, err := ParsePeriod("2026-10")
	if err != nil {
		t.Fatal(err)
	}
	if p.Year() != 2026 || p.Month() != time.October || p.String() != "2026-10" || p.Title() != "October 2026" || p.Short() != "Oct 2026" {
		t.Errorf("ParsePeriod(2026-10) = %d %s %q %q %q", p.Year(), p.Month(), p, p.Title(), p.Short())
	}
	if got := p.Add(3).String(); got != "2027-01" {
		t.Errorf("2026-10 + 3 months = %s; want 2027-01", got)
	}
	if got := NewPeriod(2027, time.January).Add(-1).String(); got != "2026-12" {
		t.Errorf("2027-01 − 1 month = %s; want 2026-12", got)
	}
	tests := []struct{ p, start, want string }{
		{"2026-10", "2026-04", "2026-04"},
		{"2026-03", "2026-04", "2025-04"},
		{"2026-04", "2026-04", "2026-04"},
		{"2026-01", "2026-01", "2026-01"},
		{"2026-12", "2026-01", "2026-01"},
	}
	for _, tt := range tests {
		p, _ := ParsePeriod(tt.p)
		start, _ := ParsePeriod(tt.start)
		if got := p.YearStart(start.Month()).String(); got != tt.want {
			t.Errorf("%s.YearStart(%s) = %s; want %s", tt.p, start.Month(), got, tt.want)
		}
	}
	for _, bad := range []string{"", "2026-13", "2026-00", "2026-1", "26-10", "2026/10", "abcd-ef", "0999-01", "2026-10-01", "+026-10"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) succeeded; want an error", bad)
		}
	}
	r := Range{From: NewPeriod(2026, time.April)}
	if r.Contains(NewPeriod(2026, time.March)) || !r.Contains(NewPeriod(2030, time.March)) {
		t.Error("Range{From: 2026-04} contains the wrong months")
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-10", "1900-01", "9999-12", "2026-13", "-001-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		if p.String() != s {
			t.Fatalf("ParsePeriod(%q).String() = %q", s, p.String())
		}
		if p.Add(1).Add(-1) != p || p.Add(12).Year() != p.Year()+1 {
			t.Fatalf("month arithmetic wrong for %s", s)
		}
	})
}
