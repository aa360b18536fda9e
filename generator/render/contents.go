package render

import (
	"slices"
	"strings"

	"github.com/primed/primed/generator/report"
)

// contents renders the snapshot's front page: the whole organisation as a
// tree of links, each unit with its count of measures by rating.
func (s *snapshot) contents() error {
	var node func(u *report.Unit) treeNode
	node = func(u *report.Unit) treeNode {
		n := treeNode{
			Link:  link{u.Name, unitHref("", u)},
			Level: s.a.Levels[u.LevelIndex].Name,
			Count: s.count(u),
		}
		for _, c := range u.Children {
			n.Children = append(n.Children, node(c))
		}
		return n
	}
	return s.render("contents.html", "index.html", page{
		Title:   s.site.Title + " – " + s.site.Period,
		Heading: s.site.Title,
		Nav:     "contents",
		Body:    contentsView{Ambition: s.a.Config.Ambition, Tree: node(s.a.Root)},
	})
}

// actionsPage renders the list of every action in the snapshot.
func (s *snapshot) actionsPage() error {
	const dir = "actions"
	root := rootFrom(dir)
	list := s.a.Of(s.a.Root).Actions
	v := s.actions(list, root, dir+"/actions.csv", nil)
	body := actionsPage{Actions: v}
	seenUnit, seenOwner := map[string]bool{}, map[string]bool{}
	for _, u := range s.a.Units { // in tree order
		for _, a := range list {
			if a.Unit == u && !seenUnit[u.ID] {
				seenUnit[u.ID] = true
				body.Units = append(body.Units, option{u.ID, u.Name})
			}
		}
	}
	for _, a := range list {
		if !seenOwner[a.Owner] {
			seenOwner[a.Owner] = true
			body.Owners = append(body.Owners, option{a.Owner, a.Owner})
		}
	}
	slices.SortFunc(body.Owners, func(x, y option) int { return strings.Compare(x.Text, y.Text) })
	return s.render("actions.html", dir+"/index.html", page{
		Title:   "Actions – " + s.site.Period + " – " + s.site.Title,
		Heading: "Actions",
		Root:    root,
		Nav:     "actions",
		Body:    body,
	})
}
