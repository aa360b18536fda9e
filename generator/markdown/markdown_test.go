package markdown

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
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
		{"| a |\n|:--|\n| 1 |", []string{"<td>1</td>"}, []string{"style", "align"}},
		// Images: a local one points at its copy; a remote one becomes a
		// link; anything else becomes its text.
		{"![chart](pic.png)", []string{`<img src="../assets/img/ab.png" alt="chart">`}, nil},
		{"![chart](https://evil.example/t.png)", []string{`<a href="https://evil.example/t.png">chart</a>`}, []string{"<img"}},
		{"![](http://evil.example/t.png)", []string{`<a href="http://evil.example/t.png">http://evil.example/t.png</a>`}, []string{"<img"}},
		{"![x](//evil.example/t.png) ![y](data:image/png;base64,AAAA) ![z](other.png)", []string{"<p>x y z</p>"}, []string{"<img", "<a"}},
	}
	for _, tt := range tests {
		got, err := HTML([]byte(tt.src), map[string]string{"pic.png": "../assets/img/ab.png"})
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

func TestScan(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		images  []Image
		problem string // a substring of the one problem, or "" for none
	}{
		{"plain", "Some *text*.", nil, ""},
		{"images", "![a](pic.png)\n\n![b](https://x.example/b.png)", []Image{{Offset: 2, Dest: "pic.png"}, {Offset: 17, Dest: "https://x.example/b.png", Remote: true}}, ""},
		{"protocol-relative", "![a](//x.example/a.png)", nil, "an image must be a file"},
		{"data", "![a](data:image/png;base64,AAAA)", nil, "an image must be a file"},
		{"absolute", "![a](/etc/passwd)", nil, "an image must be a file"},
		{"javascript", "![a](javascript:alert(1))", nil, "an image must be a file"},
		{"too big", strings.Repeat("a", MaxSize+1), nil, "the most a narrative may be is 32 KiB"},
		{"deep quotes", strings.Repeat(">", MaxDepth+1) + " a", nil, "nested 11 deep"},
		{"deep lists", strings.Repeat("- ", MaxDepth+1) + "a", nil, "nested 11 deep"},
		{"deep ordered", strings.Repeat("1. ", MaxDepth+1) + "a", nil, "nested 11 deep"},
		{"quotes at the limit", strings.Repeat("> ", MaxDepth) + "a", nil, ""},
		{"wide table", "|" + strings.Repeat("a|", 100) + "\n|" + strings.Repeat("-|", 100) + "\n" + strings.Repeat("x\n", 20), nil, "tables with 2100 cells"},
		{"small table", "| a | b |\n|---|:-:|\n| 1 | 2 |", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			images, problems := Scan([]byte(tt.src))
			if len(problems) > 1 || (len(problems) == 1) != (tt.problem != "") ||
				(tt.problem != "" && !strings.Contains(problems[0].Msg, tt.problem)) {
				t.Fatalf("Scan problems = %+v; want one with %q", problems, tt.problem)
			}
			if tt.problem == "" && !reflect.DeepEqual(images, tt.images) {
				t.Errorf("Scan images = %+v; want %+v", images, tt.images)
			}
		})
	}
}

// TestPathological renders inputs that take goldmark seconds or gigabytes
// when unbounded. Each must be refused by Scan or render quickly and small;
// a regression shows as a test that runs for minutes.
func TestPathological(t *testing.T) {
	n := MaxSize
	inputs := map[string]string{
		"nested emphasis":  strings.Repeat("*a", n/4) + strings.Repeat("a*", n/4),
		"open brackets":    strings.Repeat("[", n),
		"open links":       strings.Repeat("[a](", n/4),
		"open images":      strings.Repeat("![", n/2),
		"nested quotes":    strings.Repeat(">", n-2) + " a",
		"nested lists":     strings.Repeat("- ", n/2-1) + "a",
		"indented lists":   indentedLists(n),
		"amplifying table": "|" + strings.Repeat("a|", 2000) + "\n|" + strings.Repeat("-|", 2000) + "\n" + strings.Repeat("x\n", 6000),
		"backticks":        strings.Repeat("`a``", n/4),
		"entities":         strings.Repeat("&#", n/2),
	}
	for name, src := range inputs {
		_, problems := Scan([]byte(src))
		if len(problems) > 0 {
			continue
		}
		out, err := HTML([]byte(src), nil)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if len(out) > 8*len(src)+1024 {
			t.Errorf("%s: %d bytes of Markdown gave %d bytes of HTML", name, len(src), len(out))
		}
	}
}

func indentedLists(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n-200; i++ {
		b.WriteString(strings.Repeat(" ", 2*(i%80)))
		b.WriteString("- a\n")
	}
	return b.String()
}

// FuzzScan feeds Scan any bytes: it must not panic, and what it lets
// through must render without error to HTML of bounded size, with no
// script, event handler or image from elsewhere.
func FuzzScan(f *testing.F) {
	for _, seed := range []string{
		"# Title\n\nSome *text* and [a link](https://x.example).",
		"![a](pic.png) ![b](https://x.example/b.png) ![c](//x.example/c.png)",
		"| a | b |\n|:-:|---|\n| 1 | 2 |",
		"> > > - - 1. deep",
		"<script>alert(1)</script><img src=x onerror=alert(1)>",
		"[x](javascript:alert(1)) [y](data:text/html,<b>)",
		strings.Repeat("[a](", 100),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		images, problems := Scan(src)
		if len(problems) > 0 {
			return
		}
		local := map[string]string{}
		for _, img := range images {
			if !img.Remote {
				local[img.Dest] = "../assets/img/x.png"
			}
		}
		out, err := HTML(src, local)
		if err != nil {
			t.Fatalf("HTML: %v", err)
		}
		if len(out) > 64*len(src)+4096 {
			t.Errorf("%d bytes of Markdown gave %d bytes of HTML", len(src), len(out))
		}
		doc, err := html.Parse(strings.NewReader(string(out)))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if n.Data == "script" || n.Data == "iframe" || n.Data == "style" {
					t.Errorf("HTML has a <%s>: %s", n.Data, out)
				}
				for _, a := range n.Attr {
					v := strings.ToLower(strings.TrimSpace(a.Val))
					switch {
					case strings.HasPrefix(a.Key, "on") || a.Key == "style":
						t.Errorf("HTML has %s= on <%s>: %s", a.Key, n.Data, out)
					case a.Key == "src" && v != "../assets/img/x.png":
						t.Errorf("HTML loads %q: %s", a.Val, out)
					case a.Key == "href" && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:")):
						t.Errorf("HTML links to %q: %s", a.Val, out)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	})
}
