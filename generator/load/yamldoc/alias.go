package yamldoc

import "go.yaml.in/yaml/v3"

// MaxNodes bounds how large a document's aliases may make it: a few lines
// of nested aliases can name billions of nodes.
const MaxNodes = 1_000_000

// Resolve puts what each alias (*name) names in its place, and the keys of
// the mappings a merge key (<<: *base, or <<: [*a, *b]) names beside the
// keys given with it, which win, as do earlier merged mappings over later
// ones. Several sources can then share one declaration. It reports a
// merge of anything but mappings and an alias inside what it names, and
// refuses a document its aliases make larger than MaxNodes nodes; it
// returns whether root can be read.
func (d *Doc) Resolve(root *yaml.Node) bool {
	r := resolver{d: d, done: map[*yaml.Node]bool{}, active: map[*yaml.Node]bool{}, size: map[*yaml.Node]int{}, ok: true}
	r.resolve(root)
	if r.size[root] > MaxNodes {
		d.Errorf(root, "the document's aliases make it more than %d nodes; expected each to be used a few times", MaxNodes)
		return false
	}
	return r.ok
}

type resolver struct {
	d      *Doc
	done   map[*yaml.Node]bool
	active map[*yaml.Node]bool // being resolved: what an alias inside it may not name
	size   map[*yaml.Node]int  // nodes a node stands for, aliases expanded, up to MaxNodes+1
	ok     bool
}

// target is the node n stands for: what it names, if it is an alias.
func target(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func (r *resolver) resolve(n *yaml.Node) {
	if r.done[n] {
		return
	}
	r.done[n] = true
	r.active[n] = true
	defer delete(r.active, n)
	for i, c := range n.Content {
		if t := target(c); r.active[t] || t.Kind == yaml.AliasNode {
			r.d.Errorf(c, "an alias that names what it is inside; expected it to name something before it")
			r.ok = false
			n.Content[i] = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: c.Line, Column: c.Column}
		} else {
			n.Content[i] = t
		}
	}
	if n.Kind == yaml.MappingNode {
		r.merge(n)
	}
	size := 1
	for _, c := range n.Content {
		r.resolve(c)
		size = min(size+r.size[c], MaxNodes+1)
	}
	r.size[n] = size
}

// merge replaces the merge keys of mapping n by the keys they bring.
func (r *resolver) merge(n *yaml.Node) {
	var own, merged []*yaml.Node
	given := map[string]bool{}
	var sources []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			switch v.Kind {
			case yaml.SequenceNode:
				for _, s := range v.Content {
					sources = append(sources, target(s))
				}
			default:
				sources = append(sources, v)
			}
			continue
		}
		own = append(own, k, v)
		given[k.Value] = true
	}
	if sources == nil {
		return
	}
	for _, s := range sources {
		if s.Kind != yaml.MappingNode || r.active[s] {
			r.d.Errorf(s, "expected a mapping to merge with <<, defined before it")
			r.ok = false
			continue
		}
		r.resolve(s) // its own merges first
		for i := 0; i+1 < len(s.Content); i += 2 {
			k := s.Content[i]
			if !given[k.Value] {
				given[k.Value] = true
				merged = append(merged, k, s.Content[i+1])
			}
		}
	}
	n.Content = append(own, merged...)
}
