package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/primed/primed/generator/preview"
)

// watchEvery is how often serve looks for changes in the report folder.
const watchEvery = 300 * time.Millisecond

func serveReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [DIR] [--addr 127.0.0.1:8080] [--period YYYY-MM]\n\nBuilds the site of the report folder DIR (the sample report if none) into\na folder of its own and serves it with the strict Content-Security-Policy,\non this computer only unless --addr says otherwise. Whenever a file in DIR\nchanges it builds again, and open pages reload. While DIR has problems,\npages and the terminal list them instead. Stop it with Ctrl+C.", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "the `address` to listen on; give another host than 127.0.0.1 or localhost only to share the preview")
	period := fs.String("period", "", "the `month` to build, as YYYY-MM (default the latest month with data)")
	maxSize := maxFileSizeFlag(fs)
	pos, err := parse(fs, args, 1)
	if err != nil {
		return err
	}
	cfg, name := reportConfig(pos, stderr)
	cfg.MaxFileSize = *maxSize
	if cfg.Period, err = periodArg("serve", *period, stderr); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("serve: %s is in use, perhaps by another primed serve; choose another port with --addr, such as --addr 127.0.0.1:8081", *addr)
	}
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	if !loopback(ln.Addr()) {
		fmt.Fprintf(stderr, "primed: serving on %s: anyone who can reach this computer can read the report\n", ln.Addr())
	}

	fmt.Fprintf(stdout, "serving %s at http://%s/ (Ctrl+C stops)\n", name, ln.Addr())
	srv, _, err := preview.Start(ctx, cfg, watchEvery, func(b preview.Build) { printBuild(stdout, stderr, b) })
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer srv.Close()

	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- httpSrv.Serve(ln) }()
	select {
	case err = <-done:
	case <-ctx.Done():
		srv.Close() // ends the event streams, which Shutdown would wait for
		shut, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		httpSrv.Shutdown(shut)
		err = nil
		fmt.Fprintln(stdout, "stopped")
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// printBuild says what a build did: a line when it built, the problems
// when it could not.
func printBuild(stdout, stderr io.Writer, b preview.Build) {
	switch {
	case b.Err != nil && b.Reload:
		printErr(stderr, b.Err)
	case b.Err != nil:
		// the same problems as last time: said already
	case b.Result.Changed:
		fmt.Fprintf(stdout, "%s built %s: %d pages in %.1fs\n", time.Now().Format("15:04:05"), b.Result.Period.Title(), b.Result.Pages, b.Took.Seconds())
	case b.Reload:
		fmt.Fprintf(stdout, "%s the problems are fixed; %s is as it was\n", time.Now().Format("15:04:05"), b.Result.Period.Title())
	}
}

// loopback reports whether addr listens on this computer only.
func loopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}
