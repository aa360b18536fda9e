//go:build !linux

package load

import "io/fs"

// statOf is fi's Stat, when the system tells it: elsewhere than Linux,
// never, and every file is read on every build.
func statOf(fs.FileInfo) (Stat, bool) { return Stat{}, false }

// changeTimes reports whether f's filesystem gives it a new change time
// at every edit: elsewhere than Linux, primed does not ask.
func changeTimes(fs.File) bool { return false }
