//go:build unix

package publish

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// lockFile takes a write lock on the file name, which it makes if need be.
// The system releases the lock when the process ends, however it ends, so
// a killed build never leaves the site locked. A lock held by another
// process fails at once, naming that process.
func lockFile(name string) (func(), error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0}
	if err := unix.FcntlFlock(f.Fd(), unix.F_SETLK, &lk); err != nil {
		defer f.Close()
		if errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EACCES) {
			who := unix.Flock_t{Type: unix.F_WRLCK}
			if unix.FcntlFlock(f.Fd(), unix.F_GETLK, &who) == nil && who.Type != unix.F_UNLCK {
				return nil, fmt.Errorf("%w (pid %d)", errLocked, who.Pid)
			}
			return nil, errLocked
		}
		return nil, err
	}
	return func() { f.Close() }, nil
}
