package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// realFile reads one of the real exports: from $PRIMED_REAL_DATA, or from
// shared/data/real beside the repository, where CI keeps them. Outside CI,
// a clone without them leaves the real-data tests out (make test says so);
// in CI, or when $PRIMED_REAL_DATA names a folder, a missing file fails.
func realFile(t *testing.T, file string) []byte {
	t.Helper()
	dir, named := os.LookupEnv("PRIMED_REAL_DATA")
	if !named {
		dir = filepath.Join("..", "..", "..", "shared", "data", "real")
	}
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		if !named && os.Getenv("CI") == "" {
			t.Skipf("real exports not found (%v): set PRIMED_REAL_DATA to the folder that holds them", err)
		}
		t.Fatalf("the real exports belong in %s: %v", dir, err)
	}
	return b
}

// buildExample copies examples/NAME and the real file it reads into a
// report folder, builds it, and returns figures.csv by period|unit|measure.
func buildExample(t *testing.T, name, file string) map[string][3]string {
	t.Helper()
	data := realFile(t, file)
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "examples", name))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "raw", file), data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	code, _, stderr := primed(t, "build", dir, "--out", out)
	if code != 0 {
		t.Fatalf("build %s: %s", name, stderr)
	}
	months, _ := filepath.Glob(filepath.Join(out, "[0-9]*", "figures.csv"))
	if len(months) != 1 {
		t.Fatalf("%d snapshots", len(months))
	}
	b, err := os.ReadFile(months[0])
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	figures := map[string][3]string{}
	for _, r := range rows[1:] {
		figures[r[0]+"|"+r[1]+"|"+r[3]] = [3]string{r[4], r[10], r[2]} // value, ytd, level
	}
	return figures
}

func want(t *testing.T, figures map[string][3]string, k string, value, ytd string) {
	t.Helper()
	got, ok := figures[k]
	if !ok {
		t.Errorf("figures.csv has no row %s", k)
		return
	}
	if value != "*" && got[0] != value || ytd != "*" && got[1] != ytd {
		t.Errorf("%s = value %q, ytd %q; want %q, %q", k, got[0], got[1], value, ytd)
	}
}

func TestExampleLambeth(t *testing.T) {
	t.Parallel()
	f := buildExample(t, "lambeth", "lambeth_payments_over_500_2012-06.csv")
	want(t, f, "2012-06|lambeth|spend", "40292334.84", "*")        // the file's own grand total
	want(t, f, "2012-06|adults|spend", "7305070.41", "7305070.41") // Adults' and Community Services
}

func TestExampleTrafford(t *testing.T) {
	t.Parallel()
	f := buildExample(t, "trafford", "trafford_supplier_spend_2024-25_asc_subset.csv")
	want(t, f, "2025-03|dols|spend", "*", "528203.6")
	want(t, f, "2025-03|discharge-to-assess|spend", "*", "1033894.7")
	want(t, f, "2025-03|memory-cognition-85|spend", "*", "2025171.09")
}

func TestExampleRSX(t *testing.T) {
	t.Parallel()
	f := buildExample(t, "mhclg-rsx", "mhclg_RSX_revenue_outturn_2023-24_by_LA.csv")
	want(t, f, "2024-03|e09000022|spend", "116064000", "*") // Lambeth, £116,064 thousand
	want(t, f, "2024-03|e08000009|spend", "92359000", "*")  // Trafford
	want(t, f, "2024-03|england|spend", "22961418000", "*") // the authorities' sum, not the ENGLAND row's estimate
	for k := range f {
		if strings.Contains(k, "|e92000001|") {
			t.Errorf("the ENGLAND row was loaded as a unit: %s", k)
		}
	}
}

// missingRow finds, in a real file, the first row whose cell in column col
// is empty or a missing marker, and returns the cells named by keys.
func missingRow(t *testing.T, file string, header int, col string, markers []string, keys ...string) []string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(realFile(t, file)))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, h := range rows[header-1] {
		idx[h] = i
	}
	for _, row := range rows[header:] {
		v := strings.TrimSpace(row[idx[col]])
		for _, m := range markers {
			if v == m {
				var out []string
				for _, k := range keys {
					out = append(out, row[idx[k]])
				}
				return out
			}
		}
	}
	t.Fatalf("%s has no missing %s", file, col)
	return nil
}

func TestExampleOflog(t *testing.T) {
	t.Parallel()
	f := buildExample(t, "oflog", "oflog_adult_social_care_measures_by_LA.csv")
	want(t, f, "2016-17|e06000005|carer_quality_of_life", "7.6", "") // Darlington; a year has no year to date
	// An empty Value is no figure, never zero.
	row := missingRow(t, "oflog_adult_social_care_measures_by_LA.csv", 1, "Value", []string{""}, "Financial year", "Local authority code", "Code")
	codes := map[string]string{"ASC1": "carer_quality_of_life", "ASC2": "quality_of_life", "ASC3": "finding_information_users",
		"ASC4": "finding_information_carers", "ASC5": "short_term_outcome", "ASC6": "requests_resulting_in_service", "ASC7": "workforce_turnover"}
	start, err := strconv.Atoi(row[0][:4])
	if err != nil {
		t.Fatal(err)
	}
	period := fmt.Sprintf("%04d-%02d", start, (start+1)%100) // figures.csv names the financial year
	if got, ok := f[period+"|"+strings.ToLower(row[1])+"|"+codes[row[2]]]; ok && got[0] != "" {
		t.Errorf("%s %s %s is empty in the file but %q in figures.csv", row[0], row[1], row[2], got[0])
	}
}

func TestExampleNHSD(t *testing.T) {
	t.Parallel()
	f := buildExample(t, "nhsd", "nhsd_pss-exp-eng-14-15-fin-coun-lev-act-data.csv")
	// The ENGLAND and region columns are comparators, read as published;
	// the councils' columns add up exactly to the ENGLAND column.
	want(t, f, "2014-15|england|lt_1864_physical_residential_external", "247737.64", "*")
	want(t, f, "2014-15|north-west|lt_1864_physical_residential_external", "35099", "*")
	want(t, f, "2014-15|london|lt_1864_physical_residential_external", "35691.63", "*")
	want(t, f, "2014-15|councils|lt_1864_physical_residential_external", "247737.64", "*")
	want(t, f, "2014-15|102|lt_1864_physical_residential_external", "5050.57", "*") // Cumbria
	levels := map[string]int{}
	for k, v := range f {
		levels[v[2]]++
		if v[2] == "comparator" && !strings.Contains(",england,north-west,north-east,yorkshire-humber,west-midlands,east-midlands,east,south-east,london,south-west,", ","+strings.Split(k, "|")[1]+",") {
			t.Errorf("%s is a comparator row of no declared comparator", k)
		}
	}
	// 6 measures for each of England and the 9 regions.
	if levels["comparator"] != 60 {
		t.Errorf("%d comparator rows; want 60", levels["comparator"])
	}
}
