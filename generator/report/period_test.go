package report

import (
	"regexp"
	"strconv"
	"strings"
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
	yyyymm := regexp.MustCompile(`^[0-9]{4}-[0-9]{2}$`)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		y, _ := strconv.Atoi(s[:min(4, len(s))])
		m, _ := strconv.Atoi(s[min(5, len(s)):])
		if want := yyyymm.MatchString(s) && y >= 1900 && m >= 1 && m <= 12; (err == nil) != want {
			t.Fatalf("ParsePeriod(%q) = %v, %v; want accepted = %v", s, p, err, want)
		}
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

func TestParseLabel(t *testing.T) {
	tests := []struct {
		in    string
		start time.Month
		want  string // the period's last month
		freq  Frequency
		label string // as files and downloads write it back
		name  string // as pages show it
	}{
		{"2024-03", time.April, "2024-03", Monthly, "2024-03", "March 2024"},
		{"2023-24", time.April, "2024-03", Yearly, "2023-24", "2023-24"},
		{"2023/24", time.April, "2024-03", Yearly, "2023-24", "2023-24"},
		{"2023-2024", time.April, "2024-03", Yearly, "2023-24", "2023-24"},
		{"1999-00", time.April, "2000-03", Yearly, "1999-00", "1999-00"},
		{"2024-25 Q1", time.April, "2024-06", Quarterly, "2024-25 Q1", "Q1 2024-25"},
		{"Q3 2024-25", time.April, "2024-12", Quarterly, "2024-25 Q3", "Q3 2024-25"},
		{" q4 2024/25 ", time.April, "2025-03", Quarterly, "2024-25 Q4", "Q4 2024-25"},
		{"2024", time.January, "2024-12", Yearly, "2024", "2024"},
		{"2024 Q2", time.January, "2024-06", Quarterly, "2024 Q2", "Q2 2024"},
		{"2024-25 Q2", time.July, "2024-12", Quarterly, "2024-25 Q2", "Q2 2024-25"},
	}
	for _, tt := range tests {
		p, f, err := ParseLabel(tt.in, tt.start)
		if err != nil {
			t.Errorf("ParseLabel(%q): %v", tt.in, err)
			continue
		}
		if p.String() != tt.want || f != tt.freq {
			t.Errorf("ParseLabel(%q) = %s %s, want %s %s", tt.in, p, f, tt.want, tt.freq)
		}
		if got := p.Label(f, tt.start); got != tt.label {
			t.Errorf("Label of %q = %q, want %q", tt.in, got, tt.label)
		}
		if got := p.Name(f, tt.start); got != tt.name {
			t.Errorf("Name of %q = %q, want %q", tt.in, got, tt.name)
		}
		// Every month of the period ends where the label does.
		for i := range f.Months() {
			if e := p.Add(-i).End(f, tt.start); e != p {
				t.Errorf("End(%s, %s) = %s, want %s", p.Add(-i), f, e, p)
			}
		}
	}
	for _, bad := range []string{"", "2023-25", "2023-4", "2024", "Q5 2024-25", "2024-25 Q0", "2024-25 Q", "23-24", "2024-25 Q3 x", "Q3"} {
		if p, f, err := ParseLabel(bad, time.April); err == nil {
			t.Errorf("ParseLabel(%q) = %s %s, want an error", bad, p, f)
		}
	}
}

func TestFit(t *testing.T) {
	year := &Measure{ID: "y", Frequency: Yearly}
	month := &Measure{ID: "m", Frequency: Monthly}
	tests := []struct {
		m     *Measure
		label string
		want  string // "" for no error, else a part of the message
	}{
		{year, "2023-24", ""},
		{year, "2024-03", ""}, // dated in the year's last month
		{year, "2023-09", "its figures are for a financial year such as 2023-24, or dated in its last month (2024-03); found 2023-09"},
		{year, "2024-25 Q3", `measure "y" is yearly, but "2024-25 Q3" is a quarter`},
		{month, "2024-03", ""},
		{month, "2023-24", `measure "m" is monthly, but "2023-24" is a financial year; declare frequency: year for it in measures.yaml`},
	}
	for _, tt := range tests {
		p, f, err := ParseLabel(tt.label, time.April)
		if err != nil {
			t.Fatal(err)
		}
		err = tt.m.Fit(p, f, time.April)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s %s: %v", tt.m.ID, tt.label, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s %s: got %v, want %q", tt.m.ID, tt.label, err, tt.want)
		}
	}
}

func FuzzParseLabel(f *testing.F) {
	for _, s := range []string{"2024-03", "2023-24", "Q3 2024-25", "2024-25 Q1", "2023/2024"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, freq, err := ParseLabel(s, time.April)
		if err != nil {
			return
		}
		// What reads back as a label reads again as the same period.
		q, g, err := ParseLabel(p.Label(freq, time.April), time.April)
		if err != nil || q != p || g != freq {
			t.Fatalf("%q read as %s %s, whose label %q reads as %s %s (%v)", s, p, freq, p.Label(freq, time.April), q, g, err)
		}
		if p.End(freq, time.April) != p {
			t.Fatalf("%q read as %s, which is not the end of its %s", s, p, freq)
		}
	})
}
