package markdown

import (
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	tests := []struct {
		src  string
		want []string // substrings the output must have
		not  []string // substrings it must not
	}{
		{"# Title\n\n## Sub", []string{"<h3>Title</h3>", "<h4>Sub</h4>"}, []string{"<h1>", "<h2>"}},
		{"##### Deep", []string{"<h6>Deep</h6>"}, nil},
		{"<script>alert(1)</script>\n\nText", []string{"Text"}, []string{"<script"}},
		{"Inline <b onclick=x>bold</b>", []string{"bold"}, []string{"<b", "onclick"}},
		{"[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1))", []string{"<p>x y</p>"}, []string{"javascript:", "<a"}},
		{"[ok](https://example.org)", []string{`<a href="https://example.org">ok</a>`}, nil},
		{"**bold** and ~~gone~~", []string{"<strong>bold</strong>", "<del>gone</del>"}, nil},
		{"| a |\n|---|\n| 1 |", []string{"<table>", "<td>1</td>"}, nil},
		{"5 < 6 & \"q\"", []string{"5 &lt; 6 &amp; &quot;q&quot;"}, nil},
	}
	for _, tt := range tests {
		got, err := HTML([]byte(tt.src))
		if err != nil {
			t.Fatalf("HTML(%q): %v", tt.src, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(got), w) {
				t.Errorf("HTML(%q) = %q; want it to contain %q", tt.src, got, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(string(got), n) {
				t.Errorf("HTML(%q) = %q; want no %q", tt.src, got, n)
			}
		}
	}
}
