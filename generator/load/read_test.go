package load_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/primed/primed/generator/load"
	"github.com/primed/primed/generator/load/diag"
)

// writeBase writes testdata/base.txtar to a new folder on disk, with the
// given files laid over it, and returns the folder.
func writeBase(t *testing.T, files map[string]string) string {
	t.Helper()
	fsys, _ := folder(t, "")
	dir := t.TempDir()
	for name, f := range fsys {
		write(t, filepath.Join(dir, name), string(f.Data))
	}
	for name, body := range files {
		write(t, filepath.Join(dir, name), body)
	}
	return dir
}

func write(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func loadDir(t *testing.T, dir string, opt load.Options) error {
	t.Helper()
	fsys, err := load.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := load.Report(fsys, opt)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("load hung")
		return nil
	}
}

// Reads stay inside the report folder: a link that leads out of it is an
// error naming the link, and nothing of its target reaches a message.
func TestLinksOutside(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "passwd")
	write(t, secret, "root:x:0:0:SECRET-LINE\n")
	dir := writeBase(t, nil)
	os.Remove(filepath.Join(dir, "narratives", "2026-10", "a.md"))
	links := map[string]string{
		"narratives/2026-10/a.md": secret,
		"data/passwd.csv":         secret,
		"finance/zero.csv":        "/dev/zero",
		"work":                    filepath.Dir(secret),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	err := loadDir(t, dir, load.Options{})
	var problems diag.Problems
	if !errors.As(err, &problems) {
		t.Fatalf("load = %v; want problems", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "SECRET") || strings.Contains(msg, "root:") {
		t.Errorf("problems quote a file outside the report folder:\n%s", msg)
	}
	for _, want := range []string{
		"narratives/2026-10/a.md: cannot read: a link that leads outside the report folder",
		"data/passwd.csv: cannot read: a link that leads outside the report folder",
		"finance/zero.csv: cannot read: a link that leads outside the report folder",
		"work: cannot read the folder: a link that leads outside the report folder",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems lack %q:\n%s", want, msg)
		}
	}
}

// A link that stays inside the folder is followed.
func TestLinkInside(t *testing.T) {
	dir := writeBase(t, nil)
	if err := os.Rename(filepath.Join(dir, "data", "figures.csv"), filepath.Join(dir, "figures-source.csv")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../figures-source.csv", filepath.Join(dir, "data", "figures.csv")); err != nil {
		t.Fatal(err)
	}
	if err := loadDir(t, dir, load.Options{}); err != nil {
		t.Errorf("load through a link inside the folder: %v", err)
	}
}

// Only regular files are read, each up to the size limit: a FIFO would
// hang a read, a device or a huge file would fill memory.
func TestOnlyBoundedRegularFiles(t *testing.T) {
	dir := writeBase(t, map[string]string{"data/big.csv": "period,unit,measure,value\n" + strings.Repeat("2026-10,a,waiting,1\n", 100)})
	if err := syscall.Mkfifo(filepath.Join(dir, "data", "pipe.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := loadDir(t, dir, load.Options{MaxFileSize: 1024})
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	for _, want := range []string{
		"data/pipe.csv: cannot read: not a regular file",
		"data/big.csv: cannot read: larger than 1 KiB, the most primed reads from one file",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems lack %q:\n%s", want, msg)
		}
	}
}

// Control characters and invalid UTF-8 are refused where they are, and
// no message carries them to a terminal.
func TestText(t *testing.T) {
	tests := []struct {
		file, body, want string
	}{
		{"data/nul.csv", "period,unit,measure,value\n2026-10,a,wait\x00ing,1\n", "data/nul.csv:2:15: control character U+0000 is not text"},
		{"data/esc.csv", "period,unit,\x1b[31mmeasure,value\n", "data/esc.csv:1:13: control character U+001B is not text"},
		{"data/latin1.csv", "period,unit,measure,value\n2026-10,a,caf\xe9,1\n", "data/latin1.csv:2:14: not valid UTF-8 (byte 0xE9)"},
		{"data/accent.csv", "period,unit,measure,value\r\n2026-10,é,\x01,1\n", "data/accent.csv:2:11: control character U+0001 is not text"},
		{"org.yaml", "levels: []\nunits:\n  - id: a\n    name: \"A\x07\"\n", "org.yaml:4:13: control character U+0007 is not text"},
		{"narratives/2026-10/a.md", "Fine\n\nthen \u0085 a C1 control", "narratives/2026-10/a.md:3:6: control character U+0085 is not text"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := writeBase(t, map[string]string{tt.file: tt.body})
			err := loadDir(t, dir, load.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("load = %v; want %q", err, tt.want)
			}
			for _, r := range err.Error() {
				if r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f {
					t.Errorf("message carries control character %U", r)
				}
			}
		})
	}
}

// File names are input too: one with a control character is quoted.
func TestControlInFileName(t *testing.T) {
	dir := writeBase(t, map[string]string{"data/\x1b]0;pwned\x07.csv": "period,unit,measure,value\n2026-10,zz,waiting,1\n"})
	err := loadDir(t, dir, load.Options{})
	if err == nil || !strings.Contains(err.Error(), `"data/\x1b]0;pwned\a.csv":2:9: unknown unit "zz"`) {
		t.Errorf("load = %v; want the file name quoted", err)
	}
}

// A file of bad rows cannot fill memory with messages: past a limit they
// are counted, not kept.
func TestProblemsKept(t *testing.T) {
	var b strings.Builder
	b.WriteString("period,unit,measure,value\n")
	for i := range 12000 {
		fmt.Fprintf(&b, "2026-10,a,waiting,x%d\n", i)
	}
	fsys, _ := folder(t, "")
	fsys["data/bad.csv"] = &fstest.MapFile{Data: []byte(b.String())}
	_, err := load.Report(fsys, load.Options{})
	var problems diag.Problems
	if !errors.As(err, &problems) {
		t.Fatalf("load = %v; want problems", err)
	}
	if got := problems.Count(); got != 12000 {
		t.Errorf("Count() = %d; want 12000", got)
	}
	if len(problems) > 10001 || problems[len(problems)-1].String() != "and 2000 more problems, not listed" {
		t.Errorf("kept %d problems ending %q; want 10,000 and a count", len(problems), problems[len(problems)-1])
	}
}
