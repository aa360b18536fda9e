package load

import (
	"io/fs"
	"os"
	"syscall"
)

// statOf is fi's Stat, when the system tells it.
func statOf(fi fs.FileInfo) (Stat, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return Stat{}, false
	}
	return Stat{
		Dev: uint64(st.Dev), Ino: st.Ino, Size: st.Size,
		Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano(),
	}, true
}

// Filesystems whose change time is the time a file was made, not the
// time it last changed (linux/magic.h).
const (
	msdosMagic = 0x4d44     // FAT, vfat
	exfatMagic = 0x2011bab0 // exFAT
)

// changeTimes reports whether f's filesystem gives it a new change time
// at every edit, as Seen needs.
func changeTimes(f fs.File) bool {
	osf, ok := f.(*os.File)
	if !ok {
		return false
	}
	conn, err := osf.SyscallConn()
	if err != nil {
		return false
	}
	var st syscall.Statfs_t
	var statErr error
	if err := conn.Control(func(fd uintptr) { statErr = syscall.Fstatfs(int(fd), &st) }); err != nil || statErr != nil {
		return false
	}
	return st.Type != msdosMagic && st.Type != exfatMagic
}
