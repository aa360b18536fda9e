//go:build unix

package publish

import (
	"io"
	"io/fs"
	"syscall"
)

// writeFile creates the file name, which must not exist, with b,
// reporting every error, a full disk's included. It calls the system
// directly: a snapshot is hundreds of thousands of files, and an os.File
// costs each a status call and a try at the poller that a regular file
// does not need.
func writeFile(name string, b []byte) error {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(b) > 0 {
		n, err := ignoringEINTR(func() (int, error) { return syscall.Write(fd, b) })
		if err == nil && n <= 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		b = b[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

func ignoringEINTR(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
