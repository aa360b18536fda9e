package load

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/primed/primed/generator/load/diag"
)

// sourceFolder is a report folder whose finance comes from one source file.
func sourceFolder(decl, file string, data []byte) fstest.MapFS {
	return fstest.MapFS{
		"primed.yaml":   {Data: []byte("title: T\nsources:\n" + decl)},
		"org.yaml":      {Data: []byte("levels:\n  - {id: top, name: Top}\n  - {id: team, name: Team}\nunits:\n  - {id: top, name: Top, level: top}\n  - {id: a, name: A, level: team, parent: top}\n  - {id: other, name: Other, level: team, parent: top}\n")},
		"measures.yaml": {Data: []byte("- {id: m, name: M, unit: count, direction: up, kind: flow, aggregate: sum, category: workload}\n")},
		file:            {Data: data},
	}
}

func TestSourceTransactions(t *testing.T) {
	decl := `  - files: raw/*.csv
    into: finance
    shape: transactions
    header_row: 3
    period: {column: " paid on ", format: DD/MM/YYYY}
    unit:
      column: Cost Centre
      lookup: {TEAM A: a}
      unmapped: unallocated
      unallocated: other
    category: {column: Type, before: ":"}
    actual: {column: Amount, scale: 1}
    drop: {Cost Centre: Total}
`
	// A preamble, a BOM, CRLF, a C1 dash and a no-break space, quoted
	// thousands, bracketed negatives, a total row and a junk row.
	file := "\uFEFFSpend report\r\nRun 1/11/2026\r\nPaid On,COST  CENTRE,Type,Amount\r\n" +
		"01/10/2026,team a,Care : Homes,\"1,000.50\"\r\n" +
		"02/10/2026,Team A,Care\u00a0: Other,(200)\r\n" +
		"03/10/2026,Elsewhere,Supplies \u0096 paper,£10\r\n" +
		"04/10/2026,NA,NA,5\r\n" +
		",Total,,\"805.50\"\r\n" +
		",,,\r\n,junk \u2020,,\r\n"
	fsys := sourceFolder(decl, "raw/spend.csv", []byte(file))
	r, err := Report(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, s := range r.Finance {
		got[s.Period.String()+" "+s.Unit.ID+" "+s.Category] += s.Actual
	}
	want := map[string]float64{
		"2026-10 a Care":                 800.5, // both lines of team a, one with a no-break space
		"2026-10 other Supplies – paper": 10,    // the C1 dash read as Windows-1252's en dash
		"2026-10 other Uncategorised":    5,     // NA is missing: unallocated, uncategorised
	}
	if len(got) != len(want) {
		t.Errorf("finance = %v; want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("finance[%s] = %v; want %v (all: %v)", k, got[k], v, got)
		}
	}
}

func TestSourceProblems(t *testing.T) {
	tests := []struct {
		name string
		decl string
		file string
		want []string
		only bool // want is every problem there is
	}{
		{
			name: "unmapped units listed once each",
			decl: "  - {files: raw/x.csv, into: finance, shape: transactions, period: 2026-10, unit: {column: Unit, lookup: {A: a}}, category: {value: Spend}, actual: Amount}\n",
			file: "Unit,Amount\nA,1\nB,2\nB,3\nC,4\n",
			want: []string{
				`raw/x.csv:3:1: unit "B" (2 rows) is not in unit: lookup: and is not a unit id in org.yaml; map it in the lookup, make such units below a parent with unit: create: PARENT, or declare unit: unmapped: unallocated (with unallocated: UNIT) or skip`,
				`raw/x.csv:5:1: unit "C" (1 row) is not in unit: lookup:`,
			},
		},
		{
			name: "a missing column names the header",
			decl: "  - {files: raw/x.csv, into: finance, shape: transactions, period: 2026-10, unit: Unit, category: {value: Spend}, actual: Amount}\n",
			file: "Unit,Amt\na,1\n",
			want: []string{`raw/x.csv:1:1: no column "Amount", which primed.yaml:3:123 names; did you mean "Amt"? the header row (header_row: 1) has "Unit", "Amt"`},
		},
		{
			name: "a drop: column that is missing is reported at its own key, as written",
			decl: "  - {files: raw/x.csv, into: finance, shape: transactions, period: 2026-10, unit: Unit, category: {value: Spend}, actual: Amount,\n     drop: {Cost Centre: [Total]}}\n",
			file: "Unit,Amount\na,1\n",
			want: []string{`raw/x.csv:1:1: no column "Cost Centre", which primed.yaml:4:13 names; the header row (header_row: 1) has "Unit", "Amount"`},
		},
		{
			name: "a mistaken into: is the one problem, with no knock-on ones",
			decl: "  - {files: raw/x.csv, into: finanse, shape: long}\n",
			file: "Unit,Amount\na,1\n",
			want: []string{`primed.yaml:3:30: unknown value "finanse"; expected one of data, finance`},
			only: true,
		},
		{
			name: "rows with no unit are said to be so, not an unmapped unit called (empty)",
			decl: "  - {files: raw/x.csv, into: finance, shape: transactions, period: 2026-10, unit: Unit, category: {value: Spend}, actual: Amount}\n",
			file: "Unit,Amount\na,1\n,2\n,3\n",
			want: []string{`raw/x.csv:3:1: 2 rows with a figure but no unit; declare unit: unmapped: skip to leave such rows out, or unmapped: unallocated (with unallocated: UNIT) to keep them`},
			only: true,
		},
		{
			name: "missing: {only: [...]} replaces the default markers",
			decl: "  - {files: raw/x.csv, into: finance, shape: transactions, period: 2026-10, unit: Unit, category: {value: Spend}, actual: Amount, missing: {only: [n/k]}}\n",
			file: "Unit,Amount\na,n/k\na,\na,x\n",
			want: []string{`raw/x.csv:4:3: expected a number, found "x"`},
			only: true,
		},
		{
			name: "a key in the wrong place says where it goes",
			decl: "  - {files: raw/x.csv, into: finance, shape: transactions, period: 2026-10, unit: Unit, category: {value: Spend}, actual: Amount, scale: 1000}\n",
			file: "Unit,Amount\na,1\n",
			want: []string{`primed.yaml:3:131: scale does not go here: a scale goes with the amount it scales, as actual: {column: Amount, scale: 1000}`},
		},
		{
			name: "a missing column among many names the closest, not all",
			decl: "  - {files: raw/x.csv, into: finance, shape: transactions, period: 2026-10, unit: Unit, category: {value: Spend}, actual: Net expenditure}\n",
			file: "Unit,C1,C2,C3,C4,C5,C6,C7,C8,C9,C10,C11,C12,Net  Expenditure (£k)\na,1,1,1,1,1,1,1,1,1,1,1,1,1\n",
			want: []string{`raw/x.csv:1:1: no column "Net expenditure", which primed.yaml:3:123 names; did you mean "Net Expenditure (£k)"? the header row (header_row: 1) has 14 columns`},
		},
		{
			name: "bad numbers and dates at their cells",
			decl: "  - {files: raw/x.csv, into: finance, shape: transactions, period: {column: Date, format: YYYY-MM-DD}, unit: Unit, category: {value: Spend}, actual: Amount}\n",
			file: "Date,Unit,Amount\n2026-10-01,a,12x\n01/10/2026,a,5\n",
			want: []string{
				`raw/x.csv:2:14: expected a number, found "12x"; if it marks a missing figure, list it under missing: in the source`,
				`raw/x.csv:3:1: expected a date as YYYY-MM-DD, found "01/10/2026"`,
			},
		},
		{
			name: "invalid UTF-8 says to declare the encoding",
			decl: "  - {files: raw/x.csv, into: finance, shape: transactions, period: 2026-10, unit: Unit, category: {value: Spend}, actual: Amount}\n",
			file: "Unit,Amount\na,\xa35\n",
			want: []string{`raw/x.csv:2:3: not valid UTF-8; its bytes read best as windows-1252, so declare encoding: windows-1252 for it`},
		},
		{
			name: "invalid UTF-8 from a Mac says mac-roman",
			decl: "  - {files: raw/x.csv, into: finance, shape: transactions, period: 2026-10, unit: Unit, category: {value: Spend}, actual: Amount}\n",
			file: "Unit,Amount,Note\na,5,Don\xd5t \xd2agency\xd3 \xd0 caf\x8e\n",
			want: []string{`raw/x.csv:2:8: not valid UTF-8; its bytes read best as mac-roman, so declare encoding: mac-roman for it`},
		},
		{
			name: "a shape without what it needs",
			decl: "  - {files: raw/x.csv, into: data, shape: long, period: 2026-10, unit: Unit}\n",
			file: "Unit,Value\na,1\n",
			want: []string{
				`primed.yaml:3:5: a long source into data needs measure: the column that names the measure`,
				`primed.yaml:3:5: a long source into data needs value: the column of figures`,
			},
		},
		{
			name: "an unmapped category, and a lookup to a unit org.yaml lacks",
			decl: "  - {files: raw/x.csv, into: finance, shape: transactions, period: 2026-10, unit: {column: Unit, lookup: {B: nowhere}}, category: {column: Type, lookup: {Staff: Staffing}}, actual: Amount}\n",
			file: "Unit,Type,Amount\na,Staff,1\na,Travel,2\nB,Staff,3\n",
			want: []string{
				`primed.yaml:3:83: unit lookup maps "B" to "nowhere", which org.yaml does not declare`,
				`raw/x.csv:3:3: category "Travel" (1 row) is not in category: lookup:; map it, or declare category: unmapped: skip or a category to use`,
			},
		},
		{
			name: "files that match nothing",
			decl: "  - {files: raw/none*.csv, into: finance, shape: transactions, period: 2026-10, unit: Unit, category: {value: Spend}, actual: Amount}\n",
			file: "Unit,Amount\na,1\n",
			want: []string{`primed.yaml:3:5: files: "raw/none*.csv" matches no file in the report folder`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Report(sourceFolder(tt.decl, "raw/x.csv", []byte(tt.file)), Options{})
			if err == nil {
				t.Fatal("no problems")
			}
			got := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("problems:\n%s\nwant one starting %q", got, w)
				}
			}
			if n := strings.Count(got, "\n") + 1; tt.only && n != len(tt.want) {
				t.Errorf("problems:\n%s\nwant only %d", got, len(tt.want))
			}
		})
	}
}

func TestSourceShapes(t *testing.T) {
	org := "levels:\n  - {id: top, name: Top}\n  - {id: team, name: Team}\nunits:\n  - {id: top, name: Top, level: top}\n"
	measures := "- {id: m1, name: M1, unit: count, direction: up, kind: flow, aggregate: sum, category: workload}\n- {id: m2, name: M2, unit: count, direction: up, kind: flow, aggregate: sum, category: workload}\n"
	tests := []struct {
		name    string
		decl    string
		file    []byte
		want    map[string]float64 // period unit measure → value
		missing []string           // period unit measure given as missing
		every   string             // the measures' frequency, when not monthly
	}{
		{
			name:    "wide, a column per measure, in windows-1252",
			every:   "year",
			decl:    "  - {files: raw/x.csv, into: data, shape: wide, encoding: windows-1252, period: {year: 2025-26}, unit: {column: Code, name_column: Name, create: top}, measures: {m1: First £, m2: Second}}\n",
			file:    []byte("Code,Name,First \xa3,Second\nE1,Caf\xe9 Town,1,..\nE2,Other,\"2,000\",[x]\n"),
			want:    map[string]float64{"2026-03 e1 m1": 1, "2026-03 e2 m1": 2000},
			missing: []string{"2026-03 e1 m2", "2026-03 e2 m2"},
		},
		{
			name:    "units as columns, totals left out",
			decl:    "  - {files: raw/x.csv, into: data, shape: units_as_columns, period: 2026-10, unit_columns: '^[0-9]+ - ', unit: {split: ' - ', create: top}, measure: {columns: [Kind, Age], lookup: {Weeks / Young: m1, Weeks / Old: m2}, unmapped: skip}}\n",
			file:    []byte("Kind,Age,1 - North,2 - South,ENGLAND\nWeeks,Young,1.5,:,1.5\nWeeks,Old,2,3,5\nRates,All,9,9,9\n"),
			want:    map[string]float64{"2026-10 1 m1": 1.5, "2026-10 1 m2": 2, "2026-10 2 m2": 3},
			missing: []string{"2026-10 2 m1"},
		},
		{
			name: "transactions counted into a measure",
			decl: "  - {files: raw/x.csv, into: data, shape: transactions, period: {column: Opened, format: DD/MM/YYYY}, unit: {column: Team, create: top}, measure: {value: m1}}\n",
			file: []byte("Opened,Team\n01/10/2026,North\n15/10/2026,North\n02/11/2026,North\n03/10/2026,South\n"),
			want: map[string]float64{"2026-10 north m1": 2, "2026-11 north m1": 1, "2026-10 south m1": 1},
		},
		{
			name: "long, with a financial-year column and a keep filter",
			decl: "  - {files: raw/x.csv, into: data, shape: long, period: {column: Year, format: YYYY-YY, month: start}, unit: {column: LA, create: top}, measure: Code, value: {column: Val, scale: 100}, keep: {Type: [LA]}}\n",
			file: []byte("Year,LA,Type,Code,Val\n2023-24,x1,LA,M1,0.5\n2023-24,eng,Total,M1,9\n2024-25,x1,LA,M2,\n"),
			want: map[string]float64{"2023-04 x1 m1": 50},
		},
		{
			name:    "long, with financial quarters written either way round",
			every:   "quarter",
			decl:    "  - {files: raw/x.csv, into: data, shape: long, period: {column: Quarter}, unit: {column: LA, create: top}, measure: Code, value: Val}\n",
			file:    []byte("Quarter,LA,Code,Val\n2024-25 Q1,x1,M1,1\nQ3 2024-25,x1,M1,3\nQ4 2024/25,x1,M2,..\n"),
			want:    map[string]float64{"2024-06 x1 m1": 1, "2024-12 x1 m1": 3},
			missing: []string{"2025-03 x1 m2"},
		},
		{
			name:  "transactions counted over a financial year",
			every: "year",
			decl:  "  - {files: raw/x.csv, into: data, shape: transactions, period: {column: Opened, format: DD/MM/YYYY}, unit: {column: Team, create: top}, measure: {value: m1}}\n",
			file:  []byte("Opened,Team\n01/10/2026,North\n15/03/2027,North\n02/04/2027,North\n"),
			want:  map[string]float64{"2027-03 north m1": 2, "2028-03 north m1": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"primed.yaml":   {Data: []byte("title: T\nsources:\n" + tt.decl)},
				"org.yaml":      {Data: []byte(org)},
				"measures.yaml": {Data: []byte(measures)},
				"raw/x.csv":     {Data: tt.file},
			}
			if tt.every != "" {
				fsys["measures.yaml"].Data = []byte(strings.ReplaceAll(measures, "category:", "frequency: "+tt.every+", category:"))
			}
			r, err := Report(fsys, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, missing := map[string]float64{}, map[string]bool{}
			for o := range r.Data.All() {
				k := o.Period.String() + " " + o.Unit.ID + " " + o.Measure.ID
				if o.Missing {
					missing[k] = true
					continue
				}
				got[k] = o.Value
			}
			for _, k := range tt.missing {
				if !missing[k] {
					t.Errorf("%s is not given as missing; want it: its cell holds a marker", k)
				}
			}
			if len(missing) != len(tt.missing) {
				t.Errorf("missing = %v; want %v", missing, tt.missing)
			}
			if len(got) != len(tt.want) {
				t.Errorf("figures = %v; want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if g, ok := got[k]; !ok || g != v {
					t.Errorf("%s = %v; want %v", k, g, v)
				}
			}
		})
	}
}

// A figure given both by data/*.csv and by a source is a duplicate, as
// two rows of one file would be.
func TestSourceAndDataDuplicate(t *testing.T) {
	fsys := sourceFolder("  - {files: raw/x.csv, into: data, shape: long, period: 2026-10, unit: Unit, measure: {value: m}, value: Value}\n",
		"raw/x.csv", []byte("Unit,Value\na,1\n"))
	fsys["data/figures.csv"] = &fstest.MapFile{Data: []byte("period,unit,measure,value\n2026-10,a,m,2\n")}
	_, err := Report(fsys, Options{})
	want := "data/figures.csv:2:1: duplicate figure for 2026-10, a, m (first at raw/x.csv:2:3)"
	if err == nil || err.Error() != want {
		t.Errorf("Report = %v; want %s", err, want)
	}
}

// TestTotalRowWarning checks that a row whose category reads as a total,
// and whose amount is the sum of the others, gives a warning naming the
// drop: that leaves it out, and that the report still reads; a subtotal,
// or a total the source drops, gives none.
func TestTotalRowWarning(t *testing.T) {
	decl := "  - {files: raw/x.csv, into: finance, shape: transactions, period: 2026-10, unit: Unit, category: Expense type, actual: Amount}\n"
	tests := []struct {
		name, decl, file, want string
	}{
		{"a grand total", decl, "Unit,Expense type,Amount\na,Agency,100.10\na,Travel,20\na,Grand Total,120.10\n",
			`raw/x.csv:4:3: the row "Grand Total" looks like a total: its amount, 120.1, is the sum of the other rows, so it would count them twice; drop: {Expense type: [Grand Total]} leaves it out`},
		{"a subtotal", decl, "Unit,Expense type,Amount\na,Agency,100\na,Staff total,50\na,Travel,20\n", ""},
		{"a total dropped", strings.Replace(decl, "}\n", ", drop: {Expense type: [Grand Total]}}\n", 1),
			"Unit,Expense type,Amount\na,Agency,100\na,Grand Total,100\n", ""},
		// Figures add up by period and measure: one warning for the
		// label, at its first row, not one for every month.
		{"a total unit among figures",
			"  - {files: raw/x.csv, into: data, shape: long, period: {column: Month, format: YYYY-MM}, unit: {column: Area, create: top}, measure: {value: m}, value: N}\n",
			"Month,Area,N\n2026-09,North,3\n2026-09,South,4\n2026-09,Total,7\n2026-10,North,1\n2026-10,Total,1\n",
			`raw/x.csv:4:9: the row "Total" looks like a total: its amount, 7, is the sum of the other rows, so it would count them twice; drop: {Area: [Total]} leaves it out`},
		{"a total column among wide figures",
			"  - {files: raw/x.csv, into: data, shape: wide, period: 2026-10, unit: {column: Area, create: top}, measures: {m: N}}\n",
			"Area,N\nNorth,3\nAll,3\n",
			`raw/x.csv:3:1: the row "All" looks like a total: its amount, 3, is the sum of the other rows, so it would count them twice; drop: {Area: [All]} leaves it out`},
		{"a total that is not the sum", "  - {files: raw/x.csv, into: data, shape: long, period: 2026-10, unit: {column: Area, create: top}, measure: {value: m}, value: N}\n",
			"Area,N\nNorth,3\nTotal,9\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var warnings []string
			_, err := Report(sourceFolder(tt.decl, "raw/x.csv", []byte(tt.file)), Options{Warn: func(p diag.Problem) { warnings = append(warnings, p.String()) }})
			if err != nil {
				t.Fatalf("a warning stopped the report: %v", err)
			}
			switch {
			case tt.want == "" && len(warnings) > 0:
				t.Errorf("warnings %q; want none", warnings)
			case tt.want != "" && (len(warnings) != 1 || warnings[0] != tt.want):
				t.Errorf("warnings %q; want %q", warnings, tt.want)
			}
		})
	}
}
