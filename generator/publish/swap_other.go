//go:build !linux

package publish

func swapDirs(a, b string) error { return errUnsupported }
