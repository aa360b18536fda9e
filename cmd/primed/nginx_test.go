package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nginxBin finds Debian's nginx. Without it the caller is left out, except
// in CI, where .ci/run installs nginx-light.
func nginxBin(t *testing.T) string {
	t.Helper()
	bin := lookNginx()
	if bin == "" {
		if os.Getenv("CI") == "" {
			t.Skip("nginx is not installed: apt-get install nginx-light")
		}
		t.Fatal("nginx is missing (.ci/run installs it)")
	}
	return bin
}

// lookNginx returns nginx's path, or "" when it is not installed.
func lookNginx() string {
	if bin, err := exec.LookPath("nginx"); err == nil {
		return bin
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	return ""
}

// startNginx serves the folder root with the nginx configuration that
// docs/deploy ships, on loopback, until the test ends, and returns the
// server's address as http://127.0.0.1:PORT/.
func startNginx(t *testing.T, bin, root string) string {
	t.Helper()
	shipped, err := os.ReadFile(filepath.Join("..", "..", "docs", "deploy", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	dir := t.TempDir()
	server := strings.NewReplacer("listen 80;", "listen "+addr+";", "root /srv/www/report;", "root "+root+";").Replace(string(shipped))
	conf := fmt.Sprintf(`daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
%[2]s
}
`, dir, server)
	name := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(name, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-c", name, "-p", dir, "-e", filepath.Join(dir, "error.log"))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not start:\n%s", log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "http://" + addr + "/"
}

// TestNginx serves a published copy of the sample with the nginx
// configuration that docs/deploy ships, started on loopback, and fetches
// every page: each is there, with the strict Content-Security-Policy, and
// primed's own .primed folder is not served.
func TestNginx(t *testing.T) {
	t.Parallel()
	bin := nginxBin(t)
	site, _ := sampleSite(t)
	www := filepath.Join(t.TempDir(), "www")
	if code, _, stderr := primed(t, "publish", site, www); code != 0 {
		t.Fatal(stderr)
	}
	base := startNginx(t, bin, www)

	get := func(path string) (*http.Response, string) {
		t.Helper()
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	pages := 0
	for name := range tree(t, www) {
		if !strings.HasSuffix(name, ".html") || strings.HasPrefix(name, ".primed/") {
			continue
		}
		pages++
		res, body := get(name)
		if res.StatusCode != 200 || !strings.Contains(body, "</html>") {
			t.Errorf("%s: %s", name, res.Status)
		}
		if csp := res.Header.Get("Content-Security-Policy"); csp != "default-src 'self'" {
			t.Errorf("%s: Content-Security-Policy %q", name, csp)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q", name, ct)
		}
	}
	if pages < 100 {
		t.Errorf("fetched %d pages; want the published site's every page", pages)
	}
	for _, hidden := range []string{".primed/site", ".primed/lock", "latest/.primed/x"} {
		if res, _ := get(hidden); res.StatusCode != 404 {
			t.Errorf("%s: %s; want 404", hidden, res.Status)
		}
	}
	if res, _ := get(""); res.StatusCode != 200 {
		t.Errorf("the site's front page: %s", res.Status)
	}
}
