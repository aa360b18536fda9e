//go:build !unix

package publish

import "os"

// writeFile creates the file name, which must not exist, with b,
// reporting every error, a full disk's included, which os.WriteFile may
// leave to Close.
func writeFile(name string, b []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
