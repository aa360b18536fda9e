// Command primed builds a static performance-report site from a report
// folder of YAML, CSV and Markdown. Run `primed help` for its commands.
package main

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/primed/primed/data"
	"github.com/primed/primed/generator"
	"github.com/primed/primed/generator/email"
	"github.com/primed/primed/generator/load"
	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/publish"
	"github.com/primed/primed/generator/render"
	"github.com/primed/primed/generator/report"
)

// memoryLimit is the heap primed keeps within, unless GOMEMLIMIT says
// otherwise: the collector works harder near it rather than let the heap
// grow to twice what is live, so that a build of 8,000 units and 60
// months, whose live heap peaks at about 1.4 GB, stays under 2 GiB. It is
// a soft limit: a larger report still builds, more slowly.
const memoryLimit = 1700 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `primed builds a static performance-report site from a report folder.

Usage:

	primed <command> [arguments]

Commands:

	build [DIR]   check the report folder and build its site
	check [DIR]   check the report folder and list every problem
	new DIR       start a report folder from the sample report
	verify SITE   check every snapshot of a site against its manifest
	publish SITE DEST
	              copy a built site to a web server's folder or a share
	archive SITE YYYY-MM
	              zip one month's snapshot, with its manifest, for keeping
	mail [DIR]    email every unit manager the link to their unit's page
	serve [DIR]   preview the site while you edit, rebuilt on every change

With no DIR, build, check and serve use the sample report built into primed.
Run "primed <command> --help" for a command's options, and "primed --version"
for the version.
`

// errUsage marks a mistake in the command line, already explained.
var errUsage = errors.New("usage")

// run runs primed with args (without the program name) and returns the
// exit status: 0 on success, 1 on failure.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 1
	}
	if helpAsked(args[1:]) {
		stderr = stdout // asked for, the usage is the output
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build":
		err = build(ctx, rest, stdout, stderr)
	case "check":
		err = check(rest, stdout, stderr)
	case "new":
		err = newReport(rest, stdout, stderr)
	case "verify":
		err = verify(rest, stdout, stderr)
	case "publish":
		err = publishSite(rest, stdout, stderr)
	case "archive":
		err = archive(rest, stdout, stderr)
	case "mail":
		err = mailManagers(rest, stdout, stderr)
	case "serve":
		err = serveReport(ctx, rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, version())
		return 0
	default:
		fmt.Fprintf(stderr, "primed: unknown command %q\n\n%s", cmd, usage)
		return 1
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 1
	}
	printErr(stderr, err)
	return 1
}

// helpAsked reports whether a command's arguments ask for its usage.
func helpAsked(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help", "-h=true", "--help=true":
			return true
		}
	}
	return false
}

// version is primed's version as the build recorded it: the module
// version for "go install …@v1.2.3", and the commit it was built from.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "primed (unknown version)"
	}
	v := "primed " + info.Main.Version
	var rev, when, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(len(s.Value), 12)]
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev != "" {
		v += fmt.Sprintf(" (commit %s, %s%s)", rev, when, modified)
	}
	return v + ", " + info.GoVersion
}

// printErr prints err for a person: a report folder's problems one to a
// line, up to maxShown of them, and then how many were found.
func printErr(w io.Writer, err error) {
	var problems diag.Problems
	if !errors.As(err, &problems) {
		fmt.Fprintf(w, "primed: %s\n", printable(err.Error()))
		return
	}
	n := problems.Count()
	for i, p := range problems {
		if i == maxShown {
			fmt.Fprintf(w, "… and %d more\n", n-maxShown)
			break
		}
		fmt.Fprintln(w, printable(p.String()))
	}
	fmt.Fprintf(w, "primed: %d %s found\n", n, plural(n, "problem", "problems"))
}

// maxShown is how many problems a run lists; a count says how many more.
const maxShown = 200

// printable escapes what a terminal would act on rather than show: control
// characters, and the format characters that reorder text, such as the
// right-to-left override. Messages quote input already; this is the last
// guard before the terminal.
func printable(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError || r == '\u2028' || r == '\u2029')
}

// isTerminal reports whether w is a terminal, where progress is shown; in
// a pipe or a file primed stays quiet.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// parse parses flags that may come before or after the positional
// arguments, as in "primed build report --out site".
func parse(fs *flag.FlagSet, args []string, maxArgs int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) > maxArgs {
		fmt.Fprintf(fs.Output(), "primed %s: too many arguments: %s\n", fs.Name(), strings.Join(pos, " "))
		return nil, errUsage
	}
	return pos, nil
}

// parseOne parses flags around exactly one positional argument.
func parseOne(fs *flag.FlagSet, args []string) (string, error) {
	pos, err := parseExactly(fs, args, 1)
	if err != nil {
		return "", err
	}
	return pos[0], nil
}

// parseExactly parses flags around exactly n positional arguments.
func parseExactly(fs *flag.FlagSet, args []string, n int) ([]string, error) {
	pos, err := parse(fs, args, n)
	if err != nil {
		return nil, err
	}
	if len(pos) != n {
		fs.Usage()
		return nil, errUsage
	}
	return pos, nil
}

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: primed %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// reportConfig names the report folder in args, or the sample.
// Warnings go to stderr, before anything else the command says.
func reportConfig(args []string, stderr io.Writer) (generator.Config, string) {
	cfg, name := generator.Config{Report: data.Sample()}, "the sample report"
	if len(args) > 0 {
		cfg, name = generator.Config{Dir: args[0]}, args[0]
	}
	cfg.Warn = func(p diag.Problem) { fmt.Fprintf(stderr, "warning: %s\n", printable(p.String())) }
	return cfg, name
}

// periodArg is the month a command's --period gives, s, or zero if none.
func periodArg(cmd, s string, stderr io.Writer) (report.Period, error) {
	if s == "" {
		return 0, nil
	}
	p, err := report.ParsePeriod(s)
	if err != nil {
		fmt.Fprintf(stderr, "primed %s: --period: %v\n", cmd, err)
		return 0, errUsage
	}
	return p, nil
}

// sizeFlag is a size in bytes, written as 512MB, 64KiB, 1GB or a plain number.
type sizeFlag struct{ n *int64 }

func (f sizeFlag) String() string {
	if f.n == nil {
		return ""
	}
	return strconv.FormatInt(*f.n>>20, 10) + "MB"
}

func (f sizeFlag) Set(s string) error {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil || v <= 0 || v > (1<<42)/mult {
		return fmt.Errorf("expected a size such as 512MB, found %q", s)
	}
	*f.n = v * mult
	return nil
}

func maxFileSizeFlag(fs *flag.FlagSet) *int64 {
	n := new(int64)
	*n = load.DefaultMaxFileSize
	fs.Var(sizeFlag{n}, "max-file-size", "the largest input `size` read from one file, such as 512MB")
	return n
}

func build(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", "build [DIR] [--out DIR] [--period YYYY-MM | --all] [--replace]\n\nChecks the report folder DIR (the sample report if none) and publishes\nthe snapshot for one month into the site folder, or with --all every\nmonth not yet published. Nothing is written if the folder has problems.", stderr)
	out := fs.String("out", "site", "the site `folder` to publish into")
	period := fs.String("period", "", "the `month` to build, as YYYY-MM (default the latest month with data)")
	all := fs.Bool("all", false, "build every month of the data that the site does not hold yet (with --replace, every month)")
	replace := fs.Bool("replace", false, "rebuild a month that is already published with different content")
	force := fs.Bool("force", false, "build into a folder that holds files primed did not write (they are never deleted)")
	maxSize := maxFileSizeFlag(fs)
	pos, err := parse(fs, args, 1)
	if err != nil {
		return err
	}
	cfg, _ := reportConfig(pos, stderr)
	cfg.Out, cfg.Replace, cfg.Force, cfg.MaxFileSize = *out, *replace, *force, *maxSize
	if cfg.Built, err = sourceDate(); err != nil {
		return err
	}
	if cfg.Period, err = periodArg("build", *period, stderr); err != nil {
		return err
	}
	if isTerminal(stderr) {
		cfg.Progress = func(step string) { fmt.Fprintf(stderr, "primed: %s…\n", step) }
	}
	if *all {
		if *period != "" {
			fmt.Fprintln(stderr, "primed build: --all builds every month; leave out --period")
			return errUsage
		}
		return buildAll(ctx, cfg, stdout)
	}
	res, err := generator.Build(ctx, cfg)
	if err != nil {
		return err
	}
	state := "built"
	if !res.Changed {
		state = "unchanged"
	}
	fmt.Fprintf(stdout, "%s %s: %d pages, %d files in %s\n", state, res.Period.Title(), res.Pages, res.Files, res.Dir)
	return nil
}

// buildAll builds every month not yet published, and says what it built.
func buildAll(ctx context.Context, cfg generator.Config, stdout io.Writer) error {
	results, err := generator.BuildAll(ctx, cfg)
	if err != nil {
		return err
	}
	var built []generator.Result
	pages, files := 0, 0
	for _, r := range results {
		if r.Changed {
			built = append(built, r)
			pages += r.Pages
			files += r.Files
		}
	}
	if len(built) == 0 {
		fmt.Fprintf(stdout, "nothing to build: every month of the data is published in %s\n", cfg.Out)
		return nil
	}
	fmt.Fprintf(stdout, "built %d %s, %s to %s: %d pages, %d files in %s\n", len(built), plural(len(built), "month", "months"),
		built[0].Period.Title(), built[len(built)-1].Period.Title(), pages, files, cfg.Out)
	return nil
}

// sourceDate is the build time that $SOURCE_DATE_EPOCH gives in seconds
// since 1970, the convention of reproducible builds, or zero (now).
func sourceDate() (time.Time, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > 253402300799 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q: expected whole seconds since 1970-01-01, such as 1793491200", v)
	}
	return time.Unix(n, 0), nil
}

func check(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "check [DIR]\n\nChecks the report folder DIR (the sample report if none) and lists every\nproblem as file:line:column: message. Exits 1 if there are any.", stderr)
	maxSize := maxFileSizeFlag(fs)
	pos, err := parse(fs, args, 1)
	if err != nil {
		return err
	}
	cfg, name := reportConfig(pos, stderr)
	cfg.MaxFileSize = *maxSize
	r, err := generator.Check(cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: no problems (%d units, %d measures, %d figures)\n", name, len(r.Units), len(r.Measures), r.Data.Len())
	return nil
}

func newReport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("new", "new DIR\n\nStarts a report folder DIR from the sample report. DIR must not exist\nor must be empty.", stderr)
	dir, err := parseOne(fs, args)
	if err != nil {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("new: %s is not empty", dir)
	}
	if err := os.CopyFS(dir, data.Sample()); err != nil {
		return fmt.Errorf("new: %w", err)
	}
	fmt.Fprintf(stdout, "started %s from the sample report; build it with: primed build %s\n", dir, dir)
	return nil
}

func verify(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("verify", "verify SITE\n\nChecks every snapshot in the site folder SITE, and latest/, against its\nmanifest, and names each file that is missing, changed or extra.\nExits 1 if there are any.", stderr)
	site, err := parseOne(fs, args)
	if err != nil {
		return err
	}
	problems, err := publish.Verify(site)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(stderr, printable(filepath.Join(site, filepath.FromSlash(p.Path))+": "+p.What))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %d %s", site, len(problems), plural(len(problems), "file differs from its manifest", "files differ from their manifests"))
	}
	snaps, _ := publish.List(site)
	fmt.Fprintf(stdout, "%s: %d %s verified\n", site, len(snaps), plural(len(snaps), "snapshot", "snapshots"))
	return nil
}

func publishSite(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("publish", "publish SITE DEST [--prune] [--force]\n\nCopies the built site folder SITE to DEST, a web server's folder or a\nmounted share: new and changed months first, then latest/, then the\nfront page and the archive, as one change that a reader never sees half\nmade. Unchanged files are not written, so their times stay. SITE must\nverify against its manifests, and DEST does after.", stderr)
	prune := fs.Bool("prune", false, "remove the months DEST holds that SITE does not (never without this)")
	force := fs.Bool("force", false, "publish into a folder that holds files primed did not write (they are never deleted)")
	pos, err := parseExactly(fs, args, 2)
	if err != nil {
		return err
	}
	site, dest := pos[0], pos[1]
	res, err := publish.Copy(site, dest, publish.CopyOptions{Prune: *prune, Force: *force})
	if err != nil {
		return err
	}
	changed := "nothing changed"
	if len(res.Changed) > 0 {
		changed = "changed " + strings.Join(res.Changed, ", ")
	}
	fmt.Fprintf(stdout, "published %s to %s: %d %s, %s\n", site, dest, res.Snapshots, plural(res.Snapshots, "month", "months"), changed)
	if len(res.Pruned) > 0 {
		fmt.Fprintf(stdout, "removed from %s: %s\n", dest, strings.Join(res.Pruned, ", "))
	}
	if len(res.Kept) > 0 {
		fmt.Fprintf(stdout, "kept in %s, though %s does not have %s: %s (--prune removes %s)\n", dest, site, plural(len(res.Kept), "it", "them"), strings.Join(res.Kept, ", "), plural(len(res.Kept), "it", "them"))
	}
	return nil
}

func archive(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("archive", "archive SITE YYYY-MM [--out FILE]\n\nWrites the snapshot for month YYYY-MM of the site folder SITE, with its\nmanifest, to one zip file. Unzipped anywhere, its folder opens from the\nfile system as it did in the site. The snapshot must match its manifest.", stderr)
	out := fs.String("out", "", "the zip `file` to write, which must not exist (default SITE-YYYY-MM.zip here)")
	pos, err := parseExactly(fs, args, 2)
	if err != nil {
		return err
	}
	site, period := pos[0], pos[1]
	name := *out
	if name == "" {
		name = filepath.Base(filepath.Clean(site)) + "-" + period + ".zip"
	}
	n, err := publish.Archive(site, period, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "archived %s of %s: %d files in %s\n", period, site, n, name)
	return nil
}

func mailManagers(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("mail", "mail [DIR] [--site SITE] [--period YYYY-MM] (--out FOLDER | --send | --dry-run) [--only UNIT]\n\nWrites, for every unit manager in org.yaml whose unit has a page in the\nsite's snapshot, an email with the unit's headline measures, what needs\nattention, its overdue actions and the link to its page. primed.yaml\nmust give base_url, the published site's address.\n\n--send delivers over SMTP with STARTTLS to --smtp-host (or\n$PRIMED_SMTP_HOST), logging in as --smtp-user (or $PRIMED_SMTP_USER)\nwith the password in $PRIMED_SMTP_PASSWORD; $PRIMED_SMTP_CA may name a\nPEM file of certificate authorities to trust. Each message sent is\nrecorded in SITE/.primed/mail-log.csv, and a rerun sends only the rest.", stderr)
	site := fs.String("site", "site", "the built site `folder`")
	period := fs.String("period", "", "the `month` to write about, as YYYY-MM (default the site's newest)")
	out := fs.String("out", "", "write each message as an .eml file into `folder`")
	dry := fs.Bool("dry-run", false, "list who would get what, and write nothing")
	send := fs.Bool("send", false, "deliver the messages over SMTP")
	host := fs.String("smtp-host", os.Getenv("PRIMED_SMTP_HOST"), "the SMTP server's `host` name (default $PRIMED_SMTP_HOST)")
	port := fs.Int("smtp-port", envInt("PRIMED_SMTP_PORT", 587), "the SMTP server's `port` (default $PRIMED_SMTP_PORT, or 587)")
	user := fs.String("smtp-user", os.Getenv("PRIMED_SMTP_USER"), "the `name` to log in to the SMTP server as (default $PRIMED_SMTP_USER)")
	only := fs.String("only", "", "the `unit` id whose message alone to write")
	from := fs.String("from", os.Getenv("PRIMED_MAIL_FROM"), "the sender, as an email `address` (default $PRIMED_MAIL_FROM, or performance@ the site's host)")
	maxSize := maxFileSizeFlag(fs)
	pos, err := parse(fs, args, 1)
	if err != nil {
		return err
	}
	if modes := btoi(*out != "") + btoi(*dry) + btoi(*send); modes != 1 {
		fmt.Fprintln(stderr, "primed mail: give one of --out FOLDER, --send and --dry-run")
		return errUsage
	}
	if *send && *host == "" {
		fmt.Fprintln(stderr, "primed mail: --send needs the SMTP server: --smtp-host or $PRIMED_SMTP_HOST")
		return errUsage
	}
	cfg, _ := reportConfig(pos, stderr)
	cfg.MaxFileSize = *maxSize
	p, err := periodArg("mail", *period, stderr)
	if err != nil {
		return err
	}
	mails, p, err := generator.Mails(cfg, *site, p)
	if err != nil {
		return err
	}
	if *only != "" {
		mails = slices.DeleteFunc(mails, func(m render.Mail) bool { return m.Unit.ID != *only })
		if len(mails) == 0 {
			return fmt.Errorf("no message for unit %q: it is not a unit with a manager's address and a page in %s", *only, p.Title())
		}
	}
	sender, err := mailFrom(*from, mails)
	if err != nil {
		return err
	}
	if *dry {
		for _, m := range mails {
			fmt.Fprintln(stdout, printable(fmt.Sprintf("%s: to %s <%s>: %s", m.Unit.ID, m.To.Name, m.To.Email, m.Subject)))
		}
		fmt.Fprintf(stdout, "%d %s for %s; nothing written\n", len(mails), plural(len(mails), "message", "messages"), p.Title())
		return nil
	}
	now := time.Now()
	if *send {
		server := email.Server{Host: *host, Port: *port, User: *user, Password: os.Getenv("PRIMED_SMTP_PASSWORD")}
		if ca := os.Getenv("PRIMED_SMTP_CA"); ca != "" {
			pem, err := os.ReadFile(ca)
			if err != nil {
				return fmt.Errorf("$PRIMED_SMTP_CA: %w", err)
			}
			server.RootCAs = x509.NewCertPool()
			if !server.RootCAs.AppendCertsFromPEM(pem) {
				return fmt.Errorf("$PRIMED_SMTP_CA: %s holds no PEM certificate", ca)
			}
		}
		var msgs []email.Outgoing
		for _, m := range mails {
			id := p.String() + "/" + m.Unit.ID
			msgs = append(msgs, email.Outgoing{ID: id, To: m.To.Email, Data: email.Message(m, sender, now, id)})
		}
		log, err := email.OpenLog(filepath.Join(*site, ".primed", "mail-log.csv"))
		if err != nil {
			return err
		}
		before := 0
		for _, m := range msgs {
			if log.Sent(m.ID, m.To) {
				before++
			}
		}
		sent, err := email.Send(server, sender, msgs, log)
		fmt.Fprintf(stdout, "sent %d %s for %s (%d sent before)\n", sent, plural(sent, "message", "messages"), p.Title(), before)
		if err != nil {
			return fmt.Errorf("%w; run primed mail --send again to send the rest", err)
		}
		return nil
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for _, m := range mails {
		b := email.Message(m, sender, now, p.String()+"/"+m.Unit.ID)
		name := filepath.Join(*out, p.String()+"-"+m.Unit.ID+".eml")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fmt.Errorf("%w; primed never overwrites a file, so choose an empty --out", err)
		}
		_, err = f.Write(b)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %d %s for %s into %s\n", len(mails), plural(len(mails), "message", "messages"), p.Title(), *out)
	return nil
}

// mailFrom is the sender: the address given, or performance@ the host of
// the links.
func mailFrom(given string, mails []render.Mail) (mail.Address, error) {
	if given != "" {
		a, err := mail.ParseAddress(given)
		if err != nil {
			return mail.Address{}, fmt.Errorf("--from %q: %v", given, err)
		}
		return *a, nil
	}
	host := "primed.invalid"
	if len(mails) > 0 {
		if u, err := url.Parse(mails[0].URL); err == nil && u.Hostname() != "" {
			host = u.Hostname()
		}
	}
	return mail.Address{Name: "Performance report", Address: "performance@" + host}, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// envInt is the whole number in the environment variable name, or def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}
