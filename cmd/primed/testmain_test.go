package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/primed/primed/templates"
)

// TestMain stops at once, with one message, when ECharts was never copied
// in, rather than failing every test that builds a site.
func TestMain(m *testing.M) {
	if err := templates.Check(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
