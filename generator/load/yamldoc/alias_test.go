package yamldoc

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/load/diag"
)

// flat writes a resolved node back as YAML in flow style, keys in order.
func flat(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			parts = append(parts, flat(n.Content[i])+": "+flat(n.Content[i+1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case yaml.SequenceNode:
		var parts []string
		for _, c := range n.Content {
			parts = append(parts, flat(c))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case yaml.AliasNode:
		return "*" + n.Value
	}
	return n.Value
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name, src, want, problem string
	}{
		{"alias", "a: &v hello\nb: *v\n", "{a: hello, b: hello}", ""},
		{"merge", "base: &b {x: 1, y: 2}\nitem: {<<: *b, y: 3}\n", "{base: {x: 1, y: 2}, item: {y: 3, x: 1}}", ""},
		{"merge list, earlier first", "a: &a {x: 1}\nb: &b {x: 2, z: 9}\nc: {<<: [*a, *b]}\n", "{a: {x: 1}, b: {x: 2, z: 9}, c: {x: 1, z: 9}}", ""},
		{"merge of a merge", "a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b}\n", "{a: {x: 1}, b: {y: 2, x: 1}, c: {y: 2, x: 1}}", ""},
		{"sources share one declaration", "sources:\n  - &s {shape: wide, unit: Area}\n  - {<<: *s, files: b.csv}\n",
			"{sources: [{shape: wide, unit: Area}, {files: b.csv, shape: wide, unit: Area}]}", ""},
		{"merge of a scalar", "a: &a 1\nb: {<<: *a}\n", "", "expected a mapping to merge"},
		{"alias inside what it names", "a: &x {b: *x}\n", "", "names what it is inside"},
		{"billion laughs", laughs(), "", "more than 1000000 nodes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var root yaml.Node
			if err := yaml.Unmarshal([]byte(tt.src), &root); err != nil {
				t.Fatalf("yaml: %v", err)
			}
			var problems diag.List
			ok := New("x.yaml", &problems).Resolve(&root)
			got := problems.Problems().Error()
			if tt.problem != "" {
				if ok || !strings.Contains(got, tt.problem) {
					t.Errorf("Resolve = %v, problems %q; want false and %q", ok, got, tt.problem)
				}
				return
			}
			if !ok || problems.Len() > 0 {
				t.Fatalf("Resolve = %v, problems %q", ok, got)
			}
			if got := flat(root.Content[0]); got != tt.want {
				t.Errorf("resolved to %s; want %s", got, tt.want)
			}
		})
	}
}

// laughs is nine levels of ten aliases each: a billion nodes from a few lines.
func laughs() string {
	var b strings.Builder
	b.WriteString("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		p := "*l" + string(rune('0'+i-1))
		b.WriteString("l" + string(rune('0'+i)) + ": &l" + string(rune('0'+i)) + " [" + strings.Repeat(p+", ", 9) + p + "]\n")
	}
	return b.String()
}

// FuzzResolve checks that no document makes Resolve fail to return, or
// leave an alias for a reader to follow.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"a: &v 1\nb: *v\n", "a: &a {x: 1}\nb: {<<: *a}\n", "a: &x {b: *x}\n", laughs()} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var root yaml.Node
		if yaml.Unmarshal([]byte(src), &root) != nil {
			return
		}
		var problems diag.List
		if !New("x.yaml", &problems).Resolve(&root) {
			return
		}
		seen := map[*yaml.Node]bool{}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.AliasNode {
				t.Fatalf("an alias is left in %q", src)
			}
			if seen[n] {
				return
			}
			seen[n] = true
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(&root)
	})
}
