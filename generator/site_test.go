package generator_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/primed/primed/data"
	"github.com/primed/primed/generator"
)

// built holds the sites that buildSites builds, once for the package.
var built struct {
	once  sync.Once
	sites map[string]map[string][]byte
	err   error
}

// buildSites builds the sample and every golden report, once for all the
// tests that read them, and returns each snapshot's files by site name.
func buildSites(t *testing.T) map[string]map[string][]byte {
	t.Helper()
	built.once.Do(func() { built.sites, built.err = buildAll() })
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.sites
}

func buildAll() (map[string]map[string][]byte, error) {
	sites := map[string]map[string][]byte{}
	reports := map[string]string{"sample": ""}
	cases, _ := filepath.Glob("testdata/sites/*")
	for _, c := range cases {
		reports[filepath.Base(c)] = filepath.Join(c, "report")
	}
	reports["hostile-everywhere"] = "testdata/hostile"
	tmp, err := os.MkdirTemp("", "primed-sites-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	for name, dir := range reports {
		cfg := generator.Config{Report: data.Sample(), Out: filepath.Join(tmp, name)}
		if dir != "" {
			cfg.Report = os.DirFS(dir)
		}
		res, err := generator.Build(context.Background(), cfg)
		if err != nil {
			return nil, fmt.Errorf("build %s: %v", name, err)
		}
		files, err := readFiles(filepath.Join(cfg.Out, res.Period.String()), all)
		if err != nil {
			return nil, err
		}
		sites[name] = files
	}
	return sites, nil
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// TestPages checks the structure of every page of every built snapshot:
// no inline script or style, every link and asset inside the snapshot,
// every fragment pointing at an element, unique ids, and every chart with
// its data block, accessible name, summary and table.
func TestPages(t *testing.T) {
	t.Parallel()
	for site, files := range buildSites(t) {
		pages := 0
		for name, b := range files {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			pages++
			doc, err := html.Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s/%s: %v", site, name, err)
			}
			checkPage(t, site+"/"+name, name, doc, files)
		}
		if pages == 0 {
			t.Errorf("%s: no pages", site)
		}
	}
}

// TestCleanOutput checks every file of every built snapshot for what no
// input may smuggle into a page or a download: invalid UTF-8, NUL and other
// control characters, and figures that are not numbers.
func TestCleanOutput(t *testing.T) {
	t.Parallel()
	for site, files := range buildSites(t) {
		for name, b := range files {
			if strings.HasSuffix(name, ".js") || !strings.Contains(name, ".") || strings.HasPrefix(name, "assets/img/") {
				continue // ECharts and images are primed's own bytes
			}
			if !utf8.Valid(b) {
				t.Errorf("%s/%s: invalid UTF-8", site, name)
			}
			if i := bytes.IndexFunc(b, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r >= 0x7f && r <= 0x9f }); i >= 0 {
				t.Errorf("%s/%s: control character at byte %d", site, name, i)
			}
			for _, bad := range []string{"NaN", "Inf", "+Inf", "e+308"} {
				if notANumber(b, bad) {
					t.Errorf("%s/%s: %q where a figure should be", site, name, bad)
				}
			}
		}
	}
}

// notANumber finds word as a whole token, as a formatted non-number would be.
func notANumber(b []byte, word string) bool {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(word))
		if j < 0 {
			return false
		}
		at := i + j
		before, after := byte(' '), byte(' ')
		if at > 0 {
			before = b[at-1]
		}
		if end := at + len(word); end < len(b) {
			after = b[end]
		}
		if !isWordByte(before) && !isWordByte(after) {
			return true
		}
		i = at + 1
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func checkPage(t *testing.T, label, name string, doc *html.Node, files map[string][]byte) {
	ids := map[string]bool{}
	var fragments []string
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if id, ok := attr(n, "id"); ok {
			if ids[id] {
				t.Errorf("%s: id %q used twice", label, id)
			}
			ids[id] = true
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("%s: inline event handler %s on <%s>", label, a.Key, n.Data)
			}
			if a.Key == "style" {
				t.Errorf("%s: inline style on <%s>", label, n.Data)
			}
		}
		switch n.Data {
		case "style":
			t.Errorf("%s: inline <style> element", label)
		case "script":
			src, hasSrc := attr(n, "src")
			typ, _ := attr(n, "type")
			if !hasSrc && typ != "application/json" {
				t.Errorf("%s: inline <script> (type %q)", label, typ)
			}
			if hasSrc {
				checkLink(t, label, name, "script", src, files)
			}
		case "a", "link", "img":
			if rel, _ := attr(n, "rel"); n.Data == "link" && rel == "canonical" {
				// The page's own address once published: never loaded.
				if href, _ := attr(n, "href"); strings.HasPrefix(label, "sample/") && href != "https://performance.northshire.example/2026-10/"+name {
					t.Errorf("%s: canonical %q; want the page's published address", label, href)
				}
				break
			}
			for _, key := range []string{"href", "src"} {
				if v, ok := attr(n, key); ok {
					if strings.HasPrefix(v, "#") {
						fragments = append(fragments, v[1:])
						continue
					}
					checkLink(t, label, name, n.Data, v, files)
				}
			}
		}
		if target, ok := attr(n, "data-chart"); ok {
			checkChart(t, label, n, target, doc)
		}
	})
	for _, f := range fragments {
		if !ids[f] {
			t.Errorf("%s: link to #%s, which is not on the page", label, f)
		}
	}
}

// checkLink requires a relative link to resolve to a file in the snapshot.
// Only a link a reader follows, <a>, may lead elsewhere, over http or https
// (a narrative's link to the intranet); nothing a page loads may.
func checkLink(t *testing.T, label, page, element, href string, files map[string][]byte) {
	u, err := url.Parse(href)
	if err != nil {
		t.Errorf("%s: bad link %q", label, href)
		return
	}
	if u.Scheme == "mailto" && element == "a" && !strings.ContainsAny(u.Opaque, "?&") {
		return
	}
	if (u.Scheme == "https" || u.Scheme == "http") && element == "a" {
		return
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
		t.Errorf("%s: link %q is not relative", label, href)
		return
	}
	target := path.Join(path.Dir(page), u.Path)
	if strings.HasPrefix(target, "../") || target == ".." {
		t.Errorf("%s: link %q leaves the snapshot", label, href)
		return
	}
	if _, ok := files[target]; !ok {
		t.Errorf("%s: link %q: no file %s in the snapshot", label, href, target)
	}
}

func checkChart(t *testing.T, label string, n *html.Node, target string, doc *html.Node) {
	id, _ := attr(n, "id")
	if role, _ := attr(n, "role"); role != "img" {
		t.Errorf("%s: chart %s has role %q; want img", label, id, role)
	}
	if name, _ := attr(n, "aria-label"); strings.TrimSpace(name) == "" {
		t.Errorf("%s: chart %s has no accessible name", label, id)
	}
	found := false
	walk(doc, func(m *html.Node) {
		if v, _ := attr(m, "id"); v == target && m.Data == "script" {
			found = m.FirstChild != nil && strings.HasPrefix(m.FirstChild.Data, "{")
		}
	})
	if !found {
		t.Errorf("%s: chart %s has no option data block %s", label, id, target)
	}
	// The chart's figure carries a summary, and its section or article a table.
	fig := n.Parent
	hasSummary := false
	walk(fig, func(m *html.Node) {
		if m.Data == "figcaption" && m.FirstChild != nil && strings.TrimSpace(m.FirstChild.Data) != "" {
			hasSummary = true
		}
	})
	if !hasSummary {
		t.Errorf("%s: chart %s has no text summary", label, id)
	}
	box := fig.Parent
	for box != nil && box.Data != "article" && box.Data != "section" {
		box = box.Parent
	}
	hasTable := false
	if box != nil {
		walk(box, func(m *html.Node) { hasTable = hasTable || m.Data == "table" })
	}
	if !hasTable {
		t.Errorf("%s: chart %s has no data table beside it", label, id)
	}
}

// TestMeasureTables checks that a unit's page shows each measure's latest
// 13 months, newest first, and links the CSV that has every month of every
// measure.
func TestMeasureTables(t *testing.T) {
	t.Parallel()
	files := buildSites(t)["sample"]
	page := string(files["adult-social-care/localities/north/index.html"])
	articles := regexp.MustCompile(`(?s)<article class="measure" id="m-([a-z0-9_]+)".*?</article>`).FindAllStringSubmatch(page, -1)
	if len(articles) < 10 {
		t.Fatalf("%d measures in detail on North's page; the sample has more", len(articles))
	}
	// The unit's measures.csv has every month of every measure, a
	// measure's rows together.
	byMeasure := map[string][]string{}
	lines := strings.Split(strings.TrimSpace(string(files["adult-social-care/localities/north/measures.csv"])), "\r\n")
	if lines[0] != "\uFEFFperiod,unit,measure,value,target,rag,ytd,variation,assurance" {
		t.Fatalf("measures.csv starts %q; want its header", lines[0])
	}
	for _, line := range lines[1:] {
		cells := strings.Split(line, ",")
		if cells[1] != "north" {
			t.Errorf("measures.csv of North has a row of %s: %s", cells[1], line)
		}
		byMeasure[cells[2]] = append(byMeasure[cells[2]], line)
	}
	if len(byMeasure) != len(articles) {
		t.Errorf("measures.csv has %d measures; the page shows %d", len(byMeasure), len(articles))
	}
	row := regexp.MustCompile(`<tr><th>([A-Z][a-z]+ \d{4})</th>`)
	for _, a := range articles {
		id, text := a[1], a[0]
		csv := byMeasure[id]
		months := len(csv)
		rows := row.FindAllStringSubmatch(text, -1)
		want := min(13, months)
		if len(rows) != want {
			t.Errorf("%s: %d rows in the table; want %d of the CSV's %d months", id, len(rows), want, months)
			continue
		}
		if rows[0][1] != "October 2026" {
			t.Errorf("%s: the table starts at %s; want the newest month, October 2026", id, rows[0][1])
		}
		// Targets and ratings are shown when a month shown has a target.
		targeted := false
		for _, line := range csv[max(0, len(csv)-13):] {
			if cells := strings.Split(line, ","); len(cells) > 4 && cells[4] != "" {
				targeted = true
			}
		}
		if has := strings.Contains(text, `<th class="num">Target</th>`); has != targeted {
			t.Errorf("%s: Target column shown %v; want %v, as the CSV's targets say", id, has, targeted)
		}
		link := fmt.Sprintf(`<a href="measures.csv" download>Download all %d months, with every other measure's figures (CSV)</a>`, months)
		if months > 13 && !strings.Contains(text, link) {
			t.Errorf("%s: no link to all %d months in its CSV", id, months)
		}
	}
}
