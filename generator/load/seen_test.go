package load

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"testing/fstest"
	"time"
)

func TestSeenText(t *testing.T) {
	seen := Seen{
		"data/measures.csv":         {Stat{Dev: 27, Ino: 13983747, Size: 2959062, Mtime: 1796620572684171193, Ctime: 1796620572684171194}, sha256.Sum256([]byte("a"))},
		"narratives/2026-10/a b.md": {Stat{Dev: 1<<64 - 1, Ino: 1, Size: 0, Mtime: -1, Ctime: 0}, sha256.Sum256([]byte("b"))},
		"odd \"name\"\n.csv":        {Stat{}, [sha256.Size]byte{}},
	}
	text := seen.AppendText(nil)
	if got := ParseSeen(text); !reflect.DeepEqual(got, seen) {
		t.Errorf("ParseSeen(AppendText(s)) = %v; want %v", got, seen)
	}
	if got := ParseSeen(Seen{}.AppendText(nil)); got == nil || len(got) != 0 {
		t.Errorf("an empty Seen read back as %v", got)
	}
	line := "9efb29b0849915a2d72e687836a22c44c6215f94632171be4b8b932cf5312775 27 13983747 2959062 1 2 "
	for _, bad := range []string{
		"",
		line + "\"a.csv\"\n",            // no header
		seenHeader + line + "\"a.csv\"", // cut short
		seenHeader + line + "\"a.csv\"\n" + line + "\"a.csv\"\n", // twice
		seenHeader + line + "\"../a.csv\"\n",                     // outside the folder
		seenHeader + line + "\"/a.csv\"\n",                       // absolute
		seenHeader + line + "\".\"\n",                            // the folder itself
		seenHeader + line + "a.csv\n",                            // unquoted
		seenHeader + line[1:] + "\"a.csv\"\n",                    // a sum too short
		seenHeader + "9efb29b0849915a2d72e687836a22c44c6215f94632171be4b8b932cf531277x 27 1 2 3 4 \"a.csv\"\n",
		seenHeader + "9efb29b0849915a2d72e687836a22c44c6215f94632171be4b8b932cf5312775 -27 1 2 3 4 \"a.csv\"\n",
		seenHeader + "9efb29b0849915a2d72e687836a22c44c6215f94632171be4b8b932cf5312775 27 1 2 3 \"a.csv\"\n",
		"primed input sums 2\n",
	} {
		if got := ParseSeen([]byte(bad)); got != nil {
			t.Errorf("ParseSeen(%q) = %v; want nil", bad, got)
		}
	}
}

func FuzzParseSeen(f *testing.F) {
	f.Add([]byte(seenHeader))
	f.Add(Seen{"a.csv": {Stat{1, 2, 3, 4, 5}, sha256.Sum256(nil)}}.AppendText(nil))
	f.Add([]byte(seenHeader + "9efb29b0849915a2d72e687836a22c44c6215f94632171be4b8b932cf5312775 27 1 2 3 4 \"a\\x62.csv\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s := ParseSeen(b)
		if s == nil {
			return
		}
		if again := ParseSeen(s.AppendText(nil)); !reflect.DeepEqual(again, s) {
			t.Errorf("read %q as %v, which reads back as %v", b, s, again)
		}
	})
}

// TestFingerprintSeen checks that Fingerprint takes a file's sum from
// what it saw before only while the file's stat is as it was, and keeps
// a stat only when the file's times are older than racyWindow.
func TestFingerprintSeen(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("data/a.csv", "period,unit,measure,value\n2026-10,north,m,1\n")
	write("narratives/2026-10/north.md", "All well.\n")
	fsys, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "data", "a.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := statOf(fi); !ok {
		t.Skip("this system does not give a file's change time")
	}

	fresh, seen, err := Fingerprint(fsys, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 0 {
		t.Errorf("kept the stats of files changed within racyWindow: %v", seen)
	}
	// A build a minute later keeps them.
	later := time.Now().Add(time.Minute)
	in, seen, err := Fingerprint(fsys, nil, later)
	if err != nil {
		t.Fatal(err)
	}
	if in.Rest != fresh.Rest || len(seen) != 2 {
		t.Fatalf("a minute later: kept %d stats, sums equal %v; want 2, true", len(seen), in.Rest == fresh.Rest)
	}
	if seen["narratives/2026-10/north.md"].Sum != fresh.Narratives["narratives/2026-10/north.md"] {
		t.Error("the narrative's kept sum is not its sum")
	}

	// While a file's stat is as seen, its sum is taken from seen: here a
	// false one, so that the sum shows where it came from.
	before := seen["data/a.csv"].Sum
	lying := Seen{}
	for name, f := range seen {
		f.Sum[0] ^= 1
		lying[name] = f
	}
	in, _, err = Fingerprint(fsys, lying, later)
	if err != nil {
		t.Fatal(err)
	}
	if in.Rest == fresh.Rest {
		t.Error("a file with the stat seen was read again")
	}

	// A file changed in place, to the same size, with its modification
	// time put back, has a new change time: it is read again.
	time.Sleep(50 * time.Millisecond) // past the clock's tick
	name := filepath.Join(dir, "data", "a.csv")
	write("data/a.csv", "period,unit,measure,value\n2026-10,north,m,2\n")
	if err := os.Chtimes(name, time.Time{}, fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	changed, _, err := Fingerprint(fsys, nil, later)
	if err != nil {
		t.Fatal(err)
	}
	in, seen, err = Fingerprint(fsys, lying, later)
	if err != nil {
		t.Fatal(err)
	}
	if in.Rest != changed.Rest || in.Rest == fresh.Rest {
		t.Error("a file changed in place with its time put back was taken as seen")
	}
	if got := seen["data/a.csv"].Sum; got == before || got == lying["data/a.csv"].Sum {
		t.Error("the changed file's old sum was kept")
	}
}

func TestChangeTimes(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("primed asks only on Linux")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "a.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !changeTimes(f) {
		t.Error("a file in the test's temporary folder has no change time")
	}
	m, err := fstest.MapFS{"a.csv": {Data: []byte("x")}}.Open("a.csv")
	if err != nil {
		t.Fatal(err)
	}
	if changeTimes(m) {
		t.Error("a file of an fstest.MapFS has a change time")
	}
}
