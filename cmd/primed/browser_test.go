//go:build browser

package main

// The browser suite: every page of the sample and of every golden report,
// opened in headless Chromium from file:// and, published as primed
// publish does, through nginx with docs/deploy/nginx.conf and its strict
// Content-Security-Policy, checked for console errors, CSP violations,
// requests that leave the snapshot, charts that did not draw, axe-core
// accessibility violations and W3C Nu HTML Checker errors. It needs
// Debian's chromium, Java, nginx, and the npm packages of package.json
// (make test installs them); with -short it is skipped.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/primed/primed/data"
	"github.com/primed/primed/generator"
	"github.com/primed/primed/generator/preview"
)

// repo is the repository root, where node_modules lives.
const repo = "../.."

// snapshot is one built month to check.
type snapshot struct {
	name  string // "sample", or the golden report's name
	dir   string // the snapshot folder on disk
	site  string // the site folder it was published into
	month string
	pages []string // its HTML pages, relative to dir
}

func buildForBrowser(t *testing.T) []snapshot {
	t.Helper()
	reports := map[string]string{"sample": ""}
	cases, _ := filepath.Glob(filepath.Join(repo, "generator", "testdata", "sites", "*", "report"))
	for _, c := range cases {
		reports[filepath.Base(filepath.Dir(c))] = c
	}
	reports["hostile-everywhere"] = hostileReport(t)
	// Two of the real-data examples, for pages of finance alone, when the
	// real exports are at hand (see realFile).
	base := t.TempDir() // outlives the subtest
	t.Run("real-data", func(t *testing.T) {
		for name, file := range map[string]string{
			"lambeth":  "lambeth_payments_over_500_2012-06.csv",
			"trafford": "trafford_supplier_spend_2024-25_asc_subset.csv",
		} {
			data := realFile(t, file)
			dir := filepath.Join(base, name)
			if err := os.CopyFS(dir, os.DirFS(filepath.Join(repo, "examples", name))); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "raw", file), data, 0o644); err != nil {
				t.Fatal(err)
			}
			reports["example-"+name] = dir
		}
	})
	var snaps []snapshot
	for name, dir := range reports {
		var out string
		if dir == "" {
			out, _ = sampleSite(t)
		} else {
			out = filepath.Join(t.TempDir(), "site")
			if code, _, stderr := primed(t, "build", "--out", out, dir); code != 0 {
				t.Fatalf("build %s: %s", name, stderr)
			}
		}
		months, _ := filepath.Glob(filepath.Join(out, "[0-9][0-9][0-9][0-9]-[0-9][0-9]"))
		if len(months) != 1 {
			t.Fatalf("build %s wrote %d snapshots", name, len(months))
		}
		s := snapshot{name: name, dir: months[0], site: out, month: filepath.Base(months[0])}
		filepath.WalkDir(s.dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".html") {
				rel, _ := filepath.Rel(s.dir, p)
				s.pages = append(s.pages, filepath.ToSlash(rel))
			}
			return err
		})
		slices.Sort(s.pages)
		snaps = append(snaps, s)
	}
	slices.SortFunc(snaps, func(a, b snapshot) int { return strings.Compare(a.name, b.name) })
	return snaps
}

// chromium finds the browser: $PRIMED_CHROMIUM, or chromium on the PATH.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PRIMED_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("headless Chromium not found: install Debian's chromium package (apt-get install chromium), " +
		"or set PRIMED_CHROMIUM; run go test -short to leave the browser suite out")
	return ""
}

// tabs is how many pages the suite checks at once, each in a browser of
// its own.
const tabs = 2

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser suite does not run with -short")
	}
	browser := chromium(t)
	axe, err := os.ReadFile(filepath.Join(repo, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is missing (make test runs npm ci): %v", err)
	}
	snaps := buildForBrowser(t)

	// Each tab is a browser of its own: Chromium throttles the timers and
	// animation frames of a background tab, so tabs of one browser would
	// take turns.
	pool := make(chan *tab, tabs)
	for range tabs {
		tb, err := newTab(t, browser)
		if err != nil {
			t.Fatalf("start Chromium (%s): %v", browser, err)
		}
		defer tb.close()
		pool <- tb
	}

	t.Run("pages", func(t *testing.T) {
		t.Run("nu", func(t *testing.T) {
			t.Parallel()
			nuCheck(t, snaps)
		})
		t.Run("serve", func(t *testing.T) {
			t.Parallel()
			tb := <-pool
			defer func() { pool <- tb }()
			previewCheck(t, tb)
		})
		for _, s := range snaps {
			httpRoot := serve(t, s.site)
			measurePages := 0
			fromFile := map[string]bool{} // the kinds of page already opened from file://
			for _, p := range s.pages {
				// Every page is loaded and checked for errors, requests and
				// script that ran, and checked by axe and the DOM checks,
				// but for the hostile report's megabytes (no axe), and the
				// sample's forty measure pages, which share one template
				// and one chart: a quarter of those.
				accessibility := s.name != "hostile-everywhere"
				if s.name == "sample" && strings.HasPrefix(p, "measures/") && p != "measures/index.html" {
					measurePages++
					if measurePages%4 != 1 {
						continue
					}
				}
				// Every page is opened over HTTP with the strict CSP; from
				// file://, the first page of each kind and depth, which
				// is what can differ between the two.
				file := !fromFile[pageKind(p)]
				fromFile[pageKind(p)] = true
				t.Run(s.name+"/"+p, func(t *testing.T) {
					t.Parallel()
					tb := <-pool
					defer func() { pool <- tb }()
					ctx := tb.ctx
					if file {
						fileURL := "file://" + filepath.ToSlash(s.dir) + "/"
						for _, msg := range tb.open(fileURL+p, fileURL) {
							t.Errorf("%s/%s from file://: %s", s.name, p, msg)
						}
					}
					httpBase := httpRoot + s.month + "/"
					for _, msg := range tb.open(httpBase+p, httpBase) {
						t.Errorf("%s/%s over HTTP with CSP: %s", s.name, p, msg)
					}
					if !accessibility {
						return
					}
					for _, msg := range axeCheck(ctx, string(axe)) {
						t.Errorf("%s/%s: axe: %s", s.name, p, msg)
					}
					for _, msg := range domCheck(ctx) {
						t.Errorf("%s/%s: %s", s.name, p, msg)
					}
					if s.name == "sample" && p == "actions/index.html" {
						for _, msg := range filterCheck(ctx) {
							t.Errorf("%s/%s: filter: %s", s.name, p, msg)
						}
					}
					if s.name == "sample" && p == "adult-social-care/index.html" {
						for _, msg := range printCheck(ctx) {
							t.Errorf("%s/%s in print: %s", s.name, p, msg)
						}
					}
				})
			}
		}
	})
}

// pageKind is what a page is, for the file:// pass: its template, and for
// units its depth, on which its relative links depend.
func pageKind(p string) string {
	switch {
	case p == "index.html", p == "actions/index.html", p == "measures/index.html":
		return p
	case strings.HasPrefix(p, "measures/"):
		return "measure"
	}
	return fmt.Sprintf("unit at depth %d", strings.Count(p, "/"))
}

// tab is one browser tab with what it has seen since its last open.
type tab struct {
	ctx      context.Context
	close    context.CancelFunc
	mu       sync.Mutex
	events   []string
	requests []string
}

func newTab(t *testing.T, browser string) (*tab, error) {
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	cancel := func() { cancelCtx(); cancelAlloc() }
	tb := &tab{ctx: ctx, close: cancel}
	if err := chromedp.Listen(ctx, tb.record); err != nil {
		cancel()
		return nil, err
	}
	// Record CSP violations from inside the page too, before any of its scripts run.
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__csp = []; document.addEventListener("securitypolicyviolation",
				e => window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber));`,
		})
		return err
	}))
	if err != nil {
		cancel()
		return nil, err
	}
	return tb, nil
}

func (tb *tab) record(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			tb.events = append(tb.events, "console error: "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		tb.events = append(tb.events, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError {
			tb.events = append(tb.events, fmt.Sprintf("%s error: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		tb.requests = append(tb.requests, ev.Request.URL)
	}
}

// open loads url and returns what went wrong: console errors, exceptions,
// CSP violations, hostile payloads that ran and requests outside allowed.
func (tb *tab) open(url, allowed string) []string {
	ctx := tb.ctx
	tb.mu.Lock()
	tb.events, tb.requests = nil, nil
	tb.mu.Unlock()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return []string{"navigate: " + err.Error()}
	}
	var problems []string
	if msg := waitCharts(ctx); msg != "" {
		problems = append(problems, msg)
	}
	if msg := hoverChart(ctx); msg != "" {
		problems = append(problems, msg)
	}
	// The hostile report's payloads set window.__pwned if they run.
	if ran, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.__pwned ?? "")`)); err != nil || ran != "" {
		problems = append(problems, fmt.Sprintf("injected script ran: %q %v", ran, errString(err)))
	}
	csp, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || []`))
	if err != nil {
		problems = append(problems, "read CSP violations: "+err.Error())
	}
	for _, v := range csp {
		problems = append(problems, "CSP violation: "+v)
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	problems = append(problems, tb.events...)
	for _, r := range tb.requests {
		// A page served over HTTP cannot load a file:// address: one seen
		// here is the favicon of the page this tab opened before, fetched
		// late by the browser.
		if strings.HasPrefix(allowed, "http") && strings.HasPrefix(r, "file://") {
			continue
		}
		if !strings.HasPrefix(r, allowed) {
			problems = append(problems, "request outside the snapshot: "+r)
		}
	}
	return problems
}

// serve publishes the site folder site, as primed publish does, and serves
// the copy over HTTP with the strict Content-Security-Policy, until the
// test ends: through Debian's nginx with the configuration docs/deploy
// ships, or where nginx is not installed (never in CI), Go's file server.
func serve(t *testing.T, site string) string {
	t.Helper()
	www := filepath.Join(t.TempDir(), "www")
	if code, _, stderr := primed(t, "publish", site, www); code != 0 {
		t.Fatalf("publish %s: %s", site, stderr)
	}
	if bin := lookNginx(); bin != "" || os.Getenv("CI") != "" {
		return startNginx(t, nginxBin(t), www)
	}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'")
		http.FileServer(http.Dir(www)).ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)
	return server.URL + "/"
}

// waitCharts waits until every chart container has drawn a canvas, and
// says which did not.
func waitCharts(ctx context.Context) string {
	const check = `Array.from(document.querySelectorAll("[data-chart]")).filter(el => {
		const c = el.querySelector("canvas");
		return !(el.dataset.drawn === "true" && c && c.width > 0 && c.height > 0);
	}).map(el => el.id)`
	deadline := time.Now().Add(15 * time.Second)
	for {
		missing, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](check))
		if err != nil {
			return "check charts: " + err.Error()
		}
		if len(missing) == 0 {
			return ""
		}
		if time.Now().After(deadline) {
			return "charts not drawn: " + strings.Join(missing, ", ")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// hoverChart moves the mouse over the first chart so that its tooltip
// draws: ECharts' HTML tooltip would break the CSP here.
func hoverChart(ctx context.Context) string {
	type point struct{ X, Y float64 }
	p, err := chromedp.Run(ctx, chromedp.Evaluate[*point](`(() => {
		const el = document.querySelector("[data-chart]");
		if (!el) return null;
		el.scrollIntoView({block: "center"});
		const r = el.getBoundingClientRect();
		return {X: r.left + r.width / 2, Y: r.top + r.height / 2};
	})()`))
	if err != nil || p == nil {
		return errString(err)
	}
	err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: p.X, Y: p.Y})
		return err
	}))
	if err != nil {
		return "hover: " + err.Error()
	}
	time.Sleep(150 * time.Millisecond) // the tooltip shows after a short delay
	return ""
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeCheck runs axe-core in the page with the WCAG 2.0, 2.1 and 2.2 A and
// AA rules, and returns every violation.
func axeCheck(ctx context.Context, axe string) []string {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		return []string{"load axe-core: " + err.Error()}
	}
	const run = `axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]},
		resultTypes: ["violations"],
	}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))})))`
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		return []string{"run axe-core: " + err.Error()}
	}
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprintf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; ")))
	}
	return out
}

// domCheck checks what axe does not: ratings never by colour alone, chart
// tables reachable by keyboard, a skip link that comes first and shows
// when focused.
func domCheck(ctx context.Context) []string {
	const check = `(() => {
		const out = [];
		for (const r of document.querySelectorAll(".rag")) {
			if (!r.querySelector(".rag-label") || !r.querySelector(".rag-label").textContent.trim()) out.push("a rating without words: " + r.outerHTML.slice(0, 80));
			if (!r.querySelector("svg")) out.push("a rating without an icon");
		}
		for (const r of document.querySelectorAll('.months td[class^="rag-"]')) {
			if (!r.textContent.trim()) out.push("a rating without words: " + r.outerHTML.slice(0, 80));
			const icon = getComputedStyle(r, "::before");
			if (!icon.backgroundImage.includes("icon-") || icon.width === "0px") out.push("a rating without an icon: " + r.outerHTML.slice(0, 80));
		}
		for (const el of document.querySelectorAll("[data-chart]")) {
			if (!el.getAttribute("aria-label")) out.push("chart " + el.id + " has no accessible name");
			const box = el.closest("article, section");
			if (!box || !box.querySelector("table")) out.push("chart " + el.id + " has no table");
		}
		for (const el of document.querySelectorAll(".table-scroll")) {
			if (el.tabIndex !== 0) out.push("a scrolling table that the keyboard cannot reach");
		}
		// Headline values of any length fit their card, at the narrowest a
		// card is drawn (15rem) as at this width.
		const v = document.querySelector(".card-value");
		if (v) {
			const card = v.closest(".card"), was = v.textContent;
			v.textContent = "£21,633,994,000";
			for (const width of ["", "15rem"]) {
				card.style.width = width;
				if (v.scrollWidth > v.clientWidth + 1 || card.scrollWidth > card.clientWidth + 1) out.push("£21,633,994,000 overflows its card" + (width ? " at " + width : ""));
			}
			card.style.width = "";
			v.textContent = was;
		}
		const first = document.querySelector("a, button, [tabindex]");
		if (first && !first.classList.contains("skip-link") && document.querySelector(".skip-link")) out.push("the skip link is not the first thing to focus");
		return out;
	})()`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](check))
	if err != nil {
		return []string{"DOM check: " + err.Error()}
	}
	// Tab once: the skip link takes focus and comes into view, highlighted.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
		return append(out, "press Tab: "+err.Error())
	}
	const focus = `(() => {
		const a = document.activeElement;
		if (!a || !a.classList.contains("skip-link")) return "Tab does not focus the skip link first";
		const r = a.getBoundingClientRect(), s = getComputedStyle(a);
		if (r.left < 0 || r.top < 0 || r.width === 0) return "the focused skip link is not visible";
		if (s.backgroundColor === "rgba(0, 0, 0, 0)") return "the focused skip link has no visible focus style";
		return "";
	})()`
	if msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](focus)); err != nil || msg != "" {
		out = append(out, msg+fmt.Sprint(errString(err)))
	}
	return out
}

// filterCheck uses the actions page's filter and sort as a person would:
// choose overdue, then sort by due date.
func filterCheck(ctx context.Context) []string {
	const check = `(() => {
		const out = [];
		const form = document.getElementById("actions-filter");
		if (!form || form.hidden) return ["the filter is not shown"];
		const rows = Array.from(document.querySelectorAll("#actions-table tbody tr"));
		const status = document.getElementById("filter-status");
		status.value = "overdue";
		status.dispatchEvent(new Event("change"));
		const shown = rows.filter(r => !r.hidden);
		if (shown.length === 0 || shown.length === rows.length) out.push("filtering by overdue showed " + shown.length + " of " + rows.length);
		if (shown.some(r => r.dataset.status !== "overdue")) out.push("a row that is not overdue stayed");
		if (!document.getElementById("filter-count").textContent.includes(shown.length + " of " + rows.length)) out.push("the count does not say what is shown");
		status.value = "";
		status.dispatchEvent(new Event("change"));
		const due = document.querySelector("#actions-table th[data-sort=date] button");
		if (!due) return out.concat("the due column cannot be sorted");
		due.click();
		const dates = Array.from(document.querySelectorAll("#actions-table tbody tr")).map(r => r.dataset.due || "9999");
		if (dates.join() !== [...dates].sort().join()) out.push("sorting by due date did not sort");
		if (due.parentElement.getAttribute("aria-sort") !== "ascending") out.push("aria-sort not set");
		return out;
	})()`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](check))
	if err != nil {
		return []string{err.Error()}
	}
	return out
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// printCheck prints the page as for a board pack: no navigation, charts
// whole, numbers readable, and an A4 PDF that Chromium can make.
func printCheck(ctx context.Context) []string {
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if err != nil {
		return []string{"emulate print: " + err.Error()}
	}
	defer chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	}))
	const check = `(() => {
		const out = [];
		for (const sel of [".site-nav", ".skip-link", ".breadcrumbs", ".download"]) {
			for (const el of document.querySelectorAll(sel)) {
				if (getComputedStyle(el).display !== "none") out.push(sel + " is printed");
			}
		}
		for (const el of document.querySelectorAll(".chart, .card")) {
			if (getComputedStyle(el).breakInside !== "avoid") out.push("a " + el.className + " may be cut across pages");
		}
		const a4 = 297 / 25.4 * 96; // px
		for (const el of document.querySelectorAll(".chart")) {
			if (el.getBoundingClientRect().height > a4 / 2) out.push("a chart taller than half a page");
		}
		for (const el of document.querySelectorAll(".card-value, td.num")) {
			if (parseFloat(getComputedStyle(el).fontSize) < 12) { out.push("numbers printed smaller than 9pt"); break; }
		}
		return out;
	})()`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](check))
	if err != nil {
		return []string{"print check: " + err.Error()}
	}
	pdf, err := chromedp.Run(ctx, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 210 / 25.4, PaperHeight: 297 / 25.4, PreferCSSPageSize: ptr(true)})
		return r.Data, err
	}))
	if err != nil {
		return append(out, "print to PDF: "+err.Error())
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || bytes.Count(pdf, []byte("/Type /Page\n")) > 40 {
		out = append(out, fmt.Sprintf("odd PDF (%d bytes)", len(pdf)))
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// nuCheck runs the W3C Nu HTML Checker over every page of every snapshot.
func nuCheck(t *testing.T, snaps []snapshot) {
	jar := filepath.Join(repo, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("the Nu HTML Checker is missing (make test runs npm ci): %v", err)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatal("java not found: the Nu HTML Checker needs a Java runtime (apt-get install default-jre-headless)")
	}
	args := []string{"-jar", jar, "--errors-only", "--format", "json"}
	for _, s := range snaps {
		for _, p := range s.pages {
			args = append(args, filepath.Join(s.dir, filepath.FromSlash(p)))
		}
	}
	var stderr bytes.Buffer
	cmd := exec.Command(java, args...)
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	var report struct {
		Messages []struct {
			Type    string `json:"type"`
			URL     string `json:"url"`
			Line    int    `json:"lastLine"`
			Message string `json:"message"`
			Extract string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(stderr.Bytes(), &report); err != nil {
		t.Fatalf("vnu: %v; output: %s", runErr, stderr.String())
	}
	for _, m := range report.Messages {
		t.Errorf("vnu %s: %s:%d: %s (%q)", m.Type, m.URL, m.Line, m.Message, m.Extract)
	}
}

// previewCheck opens a page of primed serve's preview of the sample, then
// edits, breaks and fixes the report, and checks that the open page follows
// each change by itself, under the strict CSP.
func previewCheck(t *testing.T, tb *tab) {
	report := filepath.Join(t.TempDir(), "report")
	if err := os.CopyFS(report, data.Sample()); err != nil {
		t.Fatal(err)
	}
	srv, first, err := preview.Start(context.Background(), generator.Config{Dir: report}, 50*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer func() { srv.Close(); hs.Close() }()
	if first.Err != nil {
		t.Fatal(first.Err)
	}

	page := hs.URL + "/latest/adult-social-care/safeguarding/dols/index.html"
	for _, msg := range tb.open(page, hs.URL+"/") {
		t.Errorf("serve: %s", msg)
	}
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
	const sentence = "A sentence added while the preview was open."
	fmt.Fprintln(f, "\n"+sentence)
	f.Close()
	if msg := waitText(tb.ctx, sentence); msg != "" {
		t.Fatalf("serve, after the narrative changed: %s", msg)
	}
	bad := strings.Replace(string(good), "\n2024-12,north,waiting_assessment,43,", "\n2024-12,north,waiting_assessment,forty,", 1)
	if bad == string(good) {
		t.Fatal("the sample's measures.csv no longer has the row this test breaks")
	}
	if err := os.WriteFile(measures, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg := waitText(tb.ctx, "data/measures.csv:3:34: expected a number"); msg != "" {
		t.Fatalf("serve, after the data broke: %s", msg)
	}
	tb.mu.Lock()
	tb.events = nil // the 503 of the problems page is logged as an error
	tb.mu.Unlock()
	if err := os.WriteFile(measures, good, 0o644); err != nil {
		t.Fatal(err)
	}
	if msg := waitText(tb.ctx, sentence); msg != "" {
		t.Fatalf("serve, after the data was fixed: %s", msg)
	}
	if msg := waitCharts(tb.ctx); msg != "" {
		t.Errorf("serve, after the data was fixed: %s", msg)
	}
	csp, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]string](`window.__csp || []`))
	if err != nil || len(csp) > 0 {
		t.Errorf("serve: CSP violations %q %v", csp, errString(err))
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.events {
		t.Errorf("serve, after the data was fixed: %s", e)
	}
}

// waitText waits until the page shows text, reloading by itself, and says
// what it showed instead if it does not within 30 seconds.
func waitText(ctx context.Context, text string) string {
	deadline := time.Now().Add(30 * time.Second)
	for {
		// Errors are expected while the page reloads.
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		if err == nil && strings.Contains(shown, text) {
			return ""
		}
		if time.Now().After(deadline) {
			if len(shown) > 300 {
				shown = shown[:300] + "…"
			}
			return fmt.Sprintf("the page did not show %q within 30 s; it showed %q (%v)", text, shown, errString(err))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
