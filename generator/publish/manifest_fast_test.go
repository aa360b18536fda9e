package publish

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// decodeManifest reads what Encode writes as encoding/json does, whether
// it takes the direct way or not.
func TestDecodeManifest(t *testing.T) {
	manifests := []Manifest{
		{Period: "2026-10", Files: []Entry{}},
		{Period: "2026-10", Stamp: Stamp{Built: "2026-11-01", Cutoff: "2026-10"}, Replaces: "abc", Files: []Entry{{"a/b.csv", "12"}, {"index.html", "34"}}},
		{Period: "2026-10", Files: []Entry{{`a "quoted" \\ path`, "1"}, {"<é>", "2"}, {"tab\there", "3"}}},
		{Period: "2026-10", Files: []Entry{{"files", "1"}}},
		{Period: "2026-10"},
	}
	for _, m := range manifests {
		b := m.Encode()
		var want Manifest
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeManifest(b)
		if err != nil {
			t.Fatalf("decodeManifest(%s) = %v", b, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("decodeManifest(%s) differs from encoding/json (-want +got):\n%s", b, diff)
		}
	}
	if _, ok := encodedFiles(manifests[1].Encode()); !ok {
		t.Error("a manifest as Encode writes it was not read directly")
	}
	for _, b := range []string{`{"period":"2026-10","files":[{"path":"a","sha256":"1"}]}`, "{\n  \"files\": [\n    {\n      \"path\": \"a\"", `not json`} {
		var want Manifest
		wantErr := json.Unmarshal([]byte(b), &want)
		got, err := decodeManifest([]byte(b))
		if (err != nil) != (wantErr != nil) || (err == nil && !cmp.Equal(want, got)) {
			t.Errorf("decodeManifest(%q) = %+v, %v; want %+v, %v", b, got, err, want, wantErr)
		}
	}
}

// FuzzDecodeManifest checks that decodeManifest accepts exactly what
// encoding/json accepts, and reads the same manifest from it.
func FuzzDecodeManifest(f *testing.F) {
	f.Add(Manifest{Period: "2026-10", Stamp: Stamp{Built: "2026-11-01"}, Files: []Entry{{"a/b.csv", "12"}}}.Encode())
	f.Add(Manifest{Period: "2026-10", Files: []Entry{}}.Encode())
	f.Add([]byte(`{"files":[{"path":"a","sha256":"1"}],"period":"x"}`))
	f.Add([]byte("{\"\\u0066iles\": [], \"period\": \"x\",\n  \"files\": []\n}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var want Manifest
		wantErr := json.Unmarshal(b, &want)
		got, err := decodeManifest(b)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("decodeManifest(%q) error %v; encoding/json's %v", b, err, wantErr)
		}
		if err == nil && !cmp.Equal(want, got) {
			t.Fatalf("decodeManifest(%q) = %+v; encoding/json reads %+v", b, got, want)
		}
	})
}

// FuzzEncodeManifest checks that Encode writes what json.MarshalIndent
// writes.
func FuzzEncodeManifest(f *testing.F) {
	f.Add("2026-10", "2026-11-01", "", "a/b.csv", "12", true)
	f.Add("", "", "x", "<é\"\\\x00>", "\u2028", false)
	f.Fuzz(func(t *testing.T, period, built, replaces, path, sha string, files bool) {
		ms := []Manifest{{Period: period, Stamp: Stamp{Built: built, Cutoff: sha}, Replaces: replaces}}
		if files {
			ms = append(ms, Manifest{Period: period, Files: []Entry{}}, Manifest{Period: period, Files: []Entry{{path, sha}, {sha, path}}})
		}
		for _, m := range ms {
			want, _ := json.MarshalIndent(m, "", "  ")
			if got := m.Encode(); string(got) != string(want)+"\n" {
				t.Fatalf("Encode(%+v) =\n%s\nwant\n%s", m, got, want)
			}
		}
	})
}
