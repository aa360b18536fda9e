package publish

import (
	"errors"

	"golang.org/x/sys/unix"
)

// swapDirs exchanges two folders in one atomic step.
func swapDirs(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return errUnsupported // a file system without exchange, as some network shares are
	}
	return err
}
