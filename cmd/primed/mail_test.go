package main

import (
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestMail writes the sample's messages and reads each back with Go's MIME
// parsers: a manager's address, a text and an HTML part, no script, remote
// source or CSS url in the HTML, and a link to a page the snapshot has.
func TestMail(t *testing.T) {
	t.Parallel()
	site, _ := sampleSite(t)
	out := filepath.Join(t.TempDir(), "mail")
	code, stdout, stderr := primed(t, "mail", "--site", site, "--out", out)
	if code != 0 {
		t.Fatalf("mail = %d: %s", code, stderr)
	}
	names, _ := filepath.Glob(filepath.Join(out, "*.eml"))
	if len(names) < 10 || !strings.Contains(stdout, "wrote ") {
		t.Fatalf("mail wrote %d messages (%q); want one for each of the sample's managers", len(names), stdout)
	}
	link := regexp.MustCompile(`https://performance\.northshire\.example/2026-10/[a-z0-9/_-]+/index\.html`)
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if to, err := mail.ParseAddress(msg.Header.Get("To")); err != nil || !strings.HasSuffix(to.Address, "@northshire.example.gov.uk") {
			t.Errorf("%s: To %q, %v", name, msg.Header.Get("To"), err)
		}
		for _, h := range []string{"From", "Subject", "Date", "Message-ID"} {
			if msg.Header.Get(h) == "" {
				t.Errorf("%s: no %s header", name, h)
			}
		}
		kind, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
		if err != nil || kind != "multipart/alternative" {
			t.Fatalf("%s: Content-Type %q, %v", name, msg.Header.Get("Content-Type"), err)
		}
		parts := map[string]string{}
		r := multipart.NewReader(msg.Body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			body, err := io.ReadAll(quotedprintable.NewReader(p))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
			parts[ct] = string(body)
		}
		text, html := parts["text/plain"], parts["text/html"]
		if text == "" || html == "" {
			t.Fatalf("%s: parts %v; want text/plain and text/html", name, len(parts))
		}
		for _, bad := range []string{"<script", " src=", "url(", "<img", "<link"} {
			if strings.Contains(strings.ToLower(html), bad) {
				t.Errorf("%s: the HTML part holds %q", name, bad)
			}
		}
		u := link.FindString(text)
		if u == "" || !strings.Contains(html, u) {
			t.Errorf("%s: no link to a unit's page in both parts", name)
			continue
		}
		page := filepath.Join(site, filepath.FromSlash(strings.TrimPrefix(u, "https://performance.northshire.example/")))
		if _, err := os.Stat(page); err != nil {
			t.Errorf("%s links to %s, which the snapshot lacks", name, u)
		}
	}

	if code, stdout, _ := primed(t, "mail", "--site", site, "--dry-run", "--only", "north"); code != 0 || strings.Count(stdout, "\n") != 2 || !strings.Contains(stdout, "north: to ") {
		t.Errorf("mail --dry-run --only north = %d, %q; want one message listed", code, stdout)
	}
	if code, _, stderr := primed(t, "mail", "--site", site, "--out", out); code != 1 || !strings.Contains(stderr, "never overwrites") {
		t.Errorf("mail into a folder of messages = %d, %q; want a refusal", code, stderr)
	}
	// A report without base_url cannot link to its site.
	small := smallReport(t)
	smallSite := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := primed(t, "build", small, "--out", smallSite); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := primed(t, "mail", small, "--site", smallSite, "--dry-run"); code != 1 || !strings.Contains(stderr, "base_url") {
		t.Errorf("mail without base_url = %d, %q; want a refusal naming base_url", code, stderr)
	}
}
