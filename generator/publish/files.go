package publish

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sync/errgroup"
)

// Linking and removing a snapshot's files takes a system call a file, and
// a snapshot has tens of thousands of files: each spreads them over
// several goroutines, as the kernel links and unlinks in different
// folders at once. A rebuild that changes one narrative is mostly this.
const (
	fileWorkers = 8
	fileBatch   = 256 // files a goroutine takes at a time
)

// each calls fn for every item of list, fileWorkers at a time, and returns
// the first error.
func each[T any](list []T, fn func(T) error) error {
	var g errgroup.Group
	g.SetLimit(fileWorkers)
	for len(list) > 0 {
		batch := list[:min(fileBatch, len(list))]
		list = list[len(batch):]
		g.Go(func() error {
			for _, x := range batch {
				if err := fn(x); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// removeTree removes dir and everything in it, as os.RemoveAll does, with
// the files removed in parallel. A dir that does not exist is no error.
func removeTree(dir string) error {
	var files, dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return err
		case d.IsDir():
			dirs = append(dirs, p)
		default:
			files = append(files, p)
		}
		return nil
	})
	if err == nil {
		err = each(files, os.Remove)
	}
	if err == nil {
		// Walk order puts each folder before what is in it.
		for i := len(dirs) - 1; i >= 0 && err == nil; i-- {
			err = os.Remove(dirs[i])
		}
	}
	if err != nil {
		return os.RemoveAll(dir) // whatever is left, as os.RemoveAll would
	}
	return nil
}
