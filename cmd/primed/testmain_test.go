package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// fixtures is a folder for what the package's tests share, removed after them.
var fixtures string

// TestMain makes the fixtures folder, and removes it after the tests.
func TestMain(m *testing.M) {
	var err error
	if fixtures, err = os.MkdirTemp("", "primed-test-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(fixtures)
	os.Exit(code)
}

// sample is the sample report's site, built once for every test that
// only reads it.
var sample struct {
	once   sync.Once
	dir    string
	stdout string
	err    error
}

// sampleSite returns the folder of the sample's site, and what the build
// that wrote it printed. Tests must not change it.
func sampleSite(t *testing.T) (dir, stdout string) {
	t.Helper()
	sample.once.Do(func() {
		sample.dir = filepath.Join(fixtures, "sample")
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{"build", "--out", sample.dir}, &out, &errb); code != 0 {
			sample.err = fmt.Errorf("build the sample = %d: %s", code, errb.String())
		}
		sample.stdout = out.String()
		if errb.Len() > 0 {
			sample.err = fmt.Errorf("build the sample wrote to stderr outside a terminal: %q", errb.String())
		}
	})
	if sample.err != nil {
		t.Fatal(sample.err)
	}
	return sample.dir, sample.stdout
}
