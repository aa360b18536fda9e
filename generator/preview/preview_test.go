package preview_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/primed/primed/data"
	"github.com/primed/primed/generator"
	"github.com/primed/primed/generator/preview"
)

// start copies the sample report into a folder of the test's own and
// serves it, rebuilding on every change, until the test ends.
func start(t *testing.T) (report string, srv *preview.Server, url string) {
	t.Helper()
	report = filepath.Join(t.TempDir(), "report")
	if err := os.CopyFS(report, data.Sample()); err != nil {
		t.Fatal(err)
	}
	srv, first, err := preview.Start(context.Background(), generator.Config{Dir: report}, 10*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
		if _, err := os.Stat(srv.Site()); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Close left the site it built: %v", err)
		}
		hs.Close()
	})
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	return report, srv, hs.URL
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// builds reads the event stream and sends each build id it names.
func builds(t *testing.T, url string) <-chan string {
	t.Helper()
	res, err := http.Get(url + "/_primed/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type = %q", ct)
	}
	ids := make(chan string, 16)
	go func() {
		defer close(ids)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if id, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				ids <- id
			}
		}
	}()
	return ids
}

func next(t *testing.T, ids <-chan string, after string) string {
	t.Helper()
	select {
	case id := <-ids:
		if id == after {
			t.Fatalf("build id %q came again", id)
		}
		return id
	case <-time.After(30 * time.Second):
		t.Fatal("no rebuild within 30 s of a change")
	}
	return ""
}

// TestServedAsBuilt checks that every file of the site is served as
// `primed build` writes it, pages with only the reload script added.
func TestServedAsBuilt(t *testing.T) {
	t.Parallel()
	report, _, url := start(t)
	site := filepath.Join(t.TempDir(), "site")
	if _, err := generator.Build(context.Background(), generator.Config{Dir: report, Out: site}); err != nil {
		t.Fatal(err)
	}
	id := <-builds(t, url)
	n := 0
	err := filepath.WalkDir(filepath.Join(site, "latest"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".html") {
			want = preview.WithReload(want, id)
		}
		res, got := get(t, url+"/"+filepath.ToSlash(rel))
		if res.StatusCode != http.StatusOK || got != string(want) {
			t.Errorf("%s: served %s, %d bytes; want the built %d bytes", rel, res.Status, len(got), len(want))
		}
		if csp := res.Header.Get("Content-Security-Policy"); csp != preview.CSP {
			t.Errorf("%s: Content-Security-Policy = %q", rel, csp)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("checked %d files; the sample has hundreds", n)
	}
}

// TestRebuilds edits, breaks and fixes the report and checks what is
// served after each.
func TestRebuilds(t *testing.T) {
	t.Parallel()
	report, _, url := start(t)
	ids := builds(t, url)
	id := <-ids
	page := url + "/latest/adult-social-care/safeguarding/dols/"
	narrative := filepath.Join(report, "narratives", "2026-10", "dols.md")
	measures := filepath.Join(report, "data", "measures.csv")
	good, err := os.ReadFile(measures)
	if err != nil {
		t.Fatal(err)
	}

	f, err := os.OpenFile(narrative, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "\nA sentence added while the preview ran.")
	f.Close()
	id = next(t, ids, id)
	if res, body := get(t, page); res.StatusCode != http.StatusOK || !strings.Contains(body, "A sentence added while the preview ran.") {
		t.Errorf("after the narrative changed: %s, and the page lacks the new sentence", res.Status)
	}

	lines := strings.SplitN(string(good), "\n", 4)
	cells := strings.Split(lines[2], ",")
	cells[3] = "forty"
	bad := lines[0] + "\n" + lines[1] + "\n" + strings.Join(cells, ",") + "\n" + lines[3]
	if err := os.WriteFile(measures, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	col := len(strings.Join(cells[:3], ",")) + 2
	where := fmt.Sprintf("data/measures.csv:3:%d", col)
	id = next(t, ids, id)
	for _, u := range []string{page, url + "/", url + "/latest/index.html"} {
		res, body := get(t, u)
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "<code>"+where+"</code>") || !strings.Contains(body, "/_primed/reload.js?build="+id) {
			t.Errorf("%s while the data is broken: %s; want 503 naming %s, with the reload script:\n%s", u, res.Status, where, body)
		}
	}
	if res, _ := get(t, url+"/latest/assets/primed.css"); res.StatusCode != http.StatusOK {
		t.Errorf("the stylesheet while the data is broken: %s", res.Status)
	}

	if err := os.WriteFile(measures, good, 0o644); err != nil {
		t.Fatal(err)
	}
	next(t, ids, id)
	if res, body := get(t, page); res.StatusCode != http.StatusOK || !strings.Contains(body, "A sentence added while the preview ran.") {
		t.Errorf("after the data was fixed: %s", res.Status)
	}
}

func TestPaths(t *testing.T) {
	t.Parallel()
	_, _, url := start(t)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		path     string
		status   int
		location string
	}{
		{"/", http.StatusOK, ""},
		{"/latest", http.StatusMovedPermanently, "/latest/"},
		{"/latest/adult-social-care?x=1", http.StatusMovedPermanently, "/latest/adult-social-care/?x=1"},
		{"/latest/assets/", http.StatusNotFound, ""}, // no folder listings
		{"/.primed/", http.StatusNotFound, ""},
		{"/.primed/site", http.StatusNotFound, ""},
		{"/latest/.hidden", http.StatusNotFound, ""},
		{"/../../../etc/passwd", http.StatusNotFound, ""},
		{"/%2e%2e/%2e%2e/etc/passwd", http.StatusNotFound, ""},
		{"/nothing-here.html", http.StatusNotFound, ""},
		{"/_primed/reload.js", http.StatusOK, ""},
		{"/_primed/preview.css", http.StatusOK, ""},
		{"/_primed/favicon.svg", http.StatusOK, ""},
		{"/_primed/problems.html", http.StatusNotFound, ""},
	} {
		res, err := noRedirect.Get(url + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.status || res.Header.Get("Location") != tc.location {
			t.Errorf("GET %s = %s to %q; want %d to %q", tc.path, res.Status, res.Header.Get("Location"), tc.status, tc.location)
		}
		if csp := res.Header.Get("Content-Security-Policy"); csp != preview.CSP {
			t.Errorf("GET %s: Content-Security-Policy = %q", tc.path, csp)
		}
	}
	res, err := http.Post(url+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST / = %s; want 405", res.Status)
	}
}

func TestWithReload(t *testing.T) {
	t.Parallel()
	tag := `<script src="/_primed/reload.js?build=1-2"></script>`
	for _, tc := range []struct{ page, want string }{
		{"<p>x</p></body></html>", "<p>x</p>" + tag + "</body></html>"},
		{"<p></body></p></body>", "<p></body></p>" + tag + "</body>"},
		{"<p>no end", "<p>no end" + tag},
		{"", tag},
	} {
		if got := string(preview.WithReload([]byte(tc.page), "1-2")); got != tc.want {
			t.Errorf("WithReload(%q) = %q; want %q", tc.page, got, tc.want)
		}
	}
}
