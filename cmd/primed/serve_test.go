package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that a command may write while a test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServe(t *testing.T) {
	t.Parallel()
	dir := smallReport(t)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	code := make(chan int, 1)
	go func() { code <- run(ctx, []string{"serve", dir, "--addr", "127.0.0.1:0"}, &stdout, &stderr) }()

	var url string
	serving := regexp.MustCompile(`serving \S+ at (http://127\.0\.0\.1:\d+/) \(Ctrl\+C stops\)\n`)
	for deadline := time.Now().Add(30 * time.Second); url == "" || !strings.Contains(stdout.String(), " built "); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start and build within 30 s: stdout %q, stderr %q", stdout.String(), stderr.String())
		}
		if m := serving.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
		}
	}
	res, err := http.Get(url + "latest/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("/_primed/reload.js?build=")) {
		t.Errorf("GET latest/ = %s; want the page with the reload script", res.Status)
	}
	if res.Header.Get("Content-Security-Policy") != "default-src 'self'" {
		t.Errorf("Content-Security-Policy = %q", res.Header.Get("Content-Security-Policy"))
	}
	// An open event stream must not keep serve from stopping.
	events, err := http.Get(url + "_primed/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()

	cancel()
	select {
	case c := <-code:
		if c != 0 || !strings.HasSuffix(stdout.String(), "stopped\n") {
			t.Errorf("serve stopped with %d: stdout %q, stderr %q", c, stdout.String(), stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of Ctrl+C")
	}
	if stderr.String() != "" {
		t.Errorf("stderr = %q", stderr.String())
	}
}

func TestServeRefuses(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().String()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--addr", "nonsense"}, "serve: listen tcp: address nonsense: missing port in address"},
		{[]string{"serve", "--period", "2026-13"}, "--period"},
		{[]string{"serve", "a", "b"}, "too many arguments"},
		{[]string{"serve", "--addr", busy}, "is in use, perhaps by another primed serve; choose another port with --addr"},
	} {
		code, _, stderr := primed(t, tc.args...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("primed %s = %d, %q; want 1 and %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
}
