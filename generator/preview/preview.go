// Package preview serves a report's site on loopback while the report is
// edited, for `primed serve`. It builds the site with the same code as
// `primed build`, into a folder of its own, rebuilds it whenever a file of
// the report folder changes, and tells every open page to reload. While
// the folder has problems, every page shows them instead.
//
// Pages are served as built, with one script tag added before </body>: the
// reload script, served from /_primed/ under the same strict CSP as the
// site. Every other file is served byte for byte as built.
package preview

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/primed/primed/generator"
	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/templates"
)

// CSP is the Content-Security-Policy of every response: the one the
// published site is served with (docs/deploy).
const CSP = "default-src 'self'"

// Build is what one build of the site did, for the terminal.
type Build struct {
	Result generator.Result
	Err    error // the build's problems, or nil
	Took   time.Duration
	// Reload says open pages were told to reload: the site or its
	// problems changed.
	Reload bool
}

// Server builds a report's site and serves it over HTTP.
type Server struct {
	cfg       generator.Config
	tmp       string // the folder the site is built in, removed by Close
	start     int64  // tells one run's builds from another's
	built     func(Build)
	done      chan struct{} // closed by Close, to end the event streams
	closeOnce sync.Once
	stop      context.CancelFunc // stops watch
	watched   chan struct{}      // closed when watch has stopped

	mu       sync.Mutex
	inputs   [sha256.Size]byte // the report folder's fingerprint as the last build began
	gen      int               // counts the changes open pages were told of
	problems error             // the last build's problems, or nil
	changed  chan struct{}     // closed, and replaced, when gen moves on
}

// Start builds the site of the report cfg describes (cfg.Out is
// ignored) into a folder of its own, and then rebuilds it whenever a file
// of the report folder changes, looking every interval, until ctx is done
// or Close. built, if not nil, is told the outcome of every build; the
// first is returned too.
func Start(ctx context.Context, cfg generator.Config, every time.Duration, built func(Build)) (*Server, Build, error) {
	tmp, err := os.MkdirTemp("", "primed-serve-")
	if err != nil {
		return nil, Build{}, err
	}
	cfg.Out = filepath.Join(tmp, "site")
	cfg.Replace, cfg.Force, cfg.Progress = true, false, nil
	if built == nil {
		built = func(Build) {}
	}
	ctx, stop := context.WithCancel(ctx)
	s := &Server{
		cfg:     cfg,
		tmp:     tmp,
		start:   time.Now().UnixNano(),
		built:   built,
		done:    make(chan struct{}),
		stop:    stop,
		watched: make(chan struct{}),
		changed: make(chan struct{}),
	}
	first := s.rebuild(ctx)
	go func() {
		s.watch(ctx, every)
		close(s.watched)
	}()
	return s, first, nil
}

// Close stops watching, ends the event streams of open pages, so that the
// HTTP server can shut down, and removes the folder the site was built in.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.stop()
		<-s.watched
		close(s.done)
	})
	return os.RemoveAll(s.tmp)
}

// Site is the folder the site is built in.
func (s *Server) Site() string { return s.cfg.Out }

// rebuild builds the site now and, if the site or its problems changed,
// tells open pages to reload.
func (s *Server) rebuild(ctx context.Context) Build {
	began := time.Now()
	if s.cfg.Dir != "" {
		// Taken before the build reads the folder: a change made while
		// it builds is seen by watch, and built next.
		fp := fingerprint(s.cfg.Dir)
		s.mu.Lock()
		s.inputs = fp
		s.mu.Unlock()
	}
	res, err := generator.Build(ctx, s.cfg)
	b := Build{Result: res, Err: err, Took: time.Since(began)}

	s.mu.Lock()
	was := s.problems
	s.problems = err
	b.Reload = res.Changed || errText(was) != errText(err)
	if b.Reload {
		s.gen++
		close(s.changed)
		s.changed = make(chan struct{})
	}
	s.mu.Unlock()

	s.built(b)
	return b
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// state is the current build's id, a channel closed when it changes, and
// the build's problems.
func (s *Server) state() (id string, changed <-chan struct{}, problems error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprintf("%x-%d", s.start, s.gen), s.changed, s.problems
}

// watch rebuilds the site whenever a file of the report folder changes,
// looking every interval, until ctx is done. It waits for a change to
// settle for one interval before it builds, so that a save in several
// steps builds once. It does nothing for a report with no folder.
func (s *Server) watch(ctx context.Context, every time.Duration) {
	if s.cfg.Dir == "" {
		<-ctx.Done()
		return
	}
	var seen [sha256.Size]byte
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now := fingerprint(s.cfg.Dir)
		s.mu.Lock()
		built := s.inputs
		s.mu.Unlock()
		if now != built && now == seen {
			s.rebuild(ctx)
		}
		seen = now
	}
}

// fingerprint sums the name, size, time and mode of every file and folder
// under dir, so that any change to any of them changes it.
func fingerprint(dir string) [sha256.Size]byte {
	h := sha256.New()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(h, "%q error %v\n", p, err)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			fmt.Fprintf(h, "%q error %v\n", p, err)
			return nil
		}
		fmt.Fprintf(h, "%q %d %d %v\n", p, info.Size(), info.ModTime().UnixNano(), info.Mode())
		return nil
	})
	return [sha256.Size]byte(h.Sum(nil))
}

// ServeHTTP serves the site, the reload script and its events.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-cache")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case "/_primed/events":
		s.events(w, r)
	case "/_primed/reload.js", "/_primed/preview.css":
		serveEmbedded(w, r, templates.Preview, "preview/"+path.Base(r.URL.Path))
	case "/_primed/favicon.svg":
		serveEmbedded(w, r, templates.FS, "assets/favicon.svg")
	default:
		s.serveSite(w, r)
	}
}

// events streams the current build's id now, and again each time it
// changes, as server-sent events. A page whose build id differs reloads.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	for {
		id, changed, _ := s.state()
		if _, err := fmt.Fprintf(w, "data: %s\n\n", id); err != nil {
			return
		}
		flusher.Flush()
		select {
		case <-changed:
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
}

func serveEmbedded(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

// serveSite serves a file of the built site: a page with the reload
// script added, or the problems page while the report has problems.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "."
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") && part != "." {
			http.NotFound(w, r) // .primed/ holds the site's lock and marker
			return
		}
	}
	id, _, problems := s.state()
	ext := path.Ext(name)
	page := name == "." || ext == ".html" || ext == ""
	if problems != nil && page {
		serveProblems(w, id, problems)
		return
	}
	root, err := os.OpenRoot(s.cfg.Out)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer root.Close()
	info, err := root.Stat(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			target := r.URL.Path + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		if info, err = root.Stat(name); err != nil {
			http.NotFound(w, r) // no folder listings
			return
		}
	}
	f, err := root.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	if path.Ext(name) != ".html" {
		http.ServeContent(w, r, name, info.ModTime(), f)
		return
	}
	b, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(WithReload(b, id))
}

// WithReload is page with the reload script, for build id, added before
// its last </body>, or at its end if it has none.
func WithReload(page []byte, id string) []byte {
	tag := `<script src="/_primed/reload.js?build=` + template.URLQueryEscaper(id) + `"></script>`
	at := bytes.LastIndex(page, []byte("</body>"))
	if at < 0 {
		at = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:at]...)
	out = append(out, tag...)
	return append(out, page[at:]...)
}

var problemsPage = template.Must(template.ParseFS(templates.Preview, "preview/problems.html"))

// shownProblem is one problem as the problems page lists it.
type shownProblem struct {
	Where, Msg string
}

// serveProblems serves the page that lists the report folder's problems,
// as 503: the site cannot be built until they are fixed.
func serveProblems(w http.ResponseWriter, id string, err error) {
	data := struct {
		Count    int
		Problems []shownProblem
		More     int
		Build    string
	}{Build: id}
	var problems diag.Problems
	if errors.As(err, &problems) {
		data.Count = problems.Count()
		for _, p := range problems {
			where := ""
			if p.Pos.File != "" {
				where = p.Pos.String()
			}
			data.Problems = append(data.Problems, shownProblem{Where: where, Msg: p.Msg})
		}
		data.More = data.Count - len(data.Problems)
	} else {
		data.Count = 1
		data.Problems = []shownProblem{{Msg: err.Error()}}
	}
	var b bytes.Buffer
	if err := problemsPage.Execute(&b, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write(b.Bytes())
}
