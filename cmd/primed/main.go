// Command primed builds a static performance-report site from a report
// folder of YAML, CSV and Markdown. Run `primed help` for its commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"

	"github.com/primed/primed/data"
	"github.com/primed/primed/generator"
	"github.com/primed/primed/generator/load"
	"github.com/primed/primed/generator/report"
)

func main() {
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

With no DIR, build and check use the sample report built into primed.
Run "primed <command> --help" for a command's options.
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
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build":
		err = build(ctx, rest, stdout, stderr)
	case "check":
		err = check(rest, stdout, stderr)
	case "new":
		err = newReport(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
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
	var problems load.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Fprintln(stderr, p)
		}
		fmt.Fprintf(stderr, "primed: %d %s found\n", len(problems), plural(len(problems), "problem", "problems"))
		return 1
	}
	fmt.Fprintf(stderr, "primed: %v\n", err)
	return 1
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

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: primed %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// reportFS opens the report folder named by args, or the sample.
func reportFS(args []string) (fs.FS, string) {
	if len(args) == 0 {
		return data.Sample(), "the sample report"
	}
	return os.DirFS(args[0]), args[0]
}

func build(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", "build [DIR] [--out DIR] [--period YYYY-MM] [--replace]\n\nChecks the report folder DIR (the sample report if none) and publishes\nthe snapshot for one month into the site folder. Nothing is written\nif the folder has problems.", stderr)
	out := fs.String("out", "site", "the site `folder` to publish into")
	period := fs.String("period", "", "the `month` to build, as YYYY-MM (default the latest month with data)")
	replace := fs.Bool("replace", false, "rebuild a month that is already published with different content")
	pos, err := parse(fs, args, 1)
	if err != nil {
		return err
	}
	cfg := generator.Config{Out: *out, Replace: *replace}
	if *period != "" {
		if cfg.Period, err = report.ParsePeriod(*period); err != nil {
			fmt.Fprintf(stderr, "primed build: --period: %v\n", err)
			return errUsage
		}
	}
	cfg.Report, _ = reportFS(pos)
	if isTerminal(stderr) {
		cfg.Progress = func(step string) { fmt.Fprintf(stderr, "primed: %s…\n", step) }
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

func check(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "check [DIR]\n\nChecks the report folder DIR (the sample report if none) and lists every\nproblem as file:line:column: message. Exits 1 if there are any.", stderr)
	pos, err := parse(fs, args, 1)
	if err != nil {
		return err
	}
	fsys, name := reportFS(pos)
	r, err := generator.Check(generator.Config{Report: fsys})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: no problems (%d units, %d measures, %d figures)\n", name, len(r.Units), len(r.Measures), len(r.Data))
	return nil
}

func newReport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("new", "new DIR\n\nStarts a report folder DIR from the sample report. DIR must not exist\nor must be empty.", stderr)
	pos, err := parse(fs, args, 1)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	dir := pos[0]
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("new: %s is not empty", dir)
	}
	if err := os.CopyFS(dir, data.Sample()); err != nil {
		return fmt.Errorf("new: %w", err)
	}
	fmt.Fprintf(stdout, "started %s from the sample report; build it with: primed build %s\n", dir, dir)
	return nil
}
