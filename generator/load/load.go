// Package load reads a report folder into the report model. It is the only
// package that reads input: YAML, CSV and Markdown files from an fs.FS. It
// checks every file as it goes and links ids across files, collecting
// every problem with its file, line and column, so that one run reports
// them all. Its subpackages each do one part: diag keeps the problems,
// table reads CSV, yamldoc reads YAML, and source maps the files that
// primed.yaml's sources: declare.
package load

import (
	"io/fs"
	"sync"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/source"
	"github.com/primed/primed/generator/report"
)

// Report reads the report folder fsys. When anything is wrong it returns
// Problems, every one found, sorted by file and position.
//
// primed.yaml, org.yaml and measures.yaml come first, and everything else
// names what they declare; so when one of them cannot be read at all, the
// problems stop there, rather than one for every row that names a unit or
// measure that is not declared.
func Report(fsys fs.FS, opt Options) (*report.Report, error) {
	if opt.MaxFileSize <= 0 {
		opt.MaxFileSize = DefaultMaxFileSize
	}
	fsys = bounded{fsys, opt.MaxFileSize}
	e := &diag.List{}
	if opt.Warn != nil {
		defer func() {
			for _, w := range e.Warnings() {
				opt.Warn(w)
			}
		}()
	}
	r := &report.Report{}
	var sources []*source.Source
	var known map[string]bool // objectives
	var ok bool
	if r.Config, sources, ok = config(fsys, e); ok {
		known = map[string]bool{}
		for _, o := range r.Config.Objectives {
			known[o.ID] = true
		}
	}
	levels, units, declared, comparators, members := org(fsys, e)
	r.Levels, r.Units, r.Comparators = levels, units, comparators
	if len(units) > 0 {
		r.Root = units[0]
	}
	r.Measures, ok = measures(fsys, known, declared, e)
	if r.Root == nil || !ok {
		return nil, e.Problems()
	}

	idx := &index{measures: map[string]*report.Measure{}, levels: map[string]int{}, yearStart: r.Config.YearStart}
	idx.units = declared
	for _, m := range r.Measures {
		idx.measures[m.ID] = m
	}
	// Work items come before targets: targets may name the measures derived from them.
	var types []*report.WorkType
	r.Work, types = work(fsys, idx, e)
	for _, m := range workMeasures(types, r.Config.UpcomingDays) {
		if _, clash := idx.measures[m.ID]; clash {
			e.Add(diag.Pos{File: "measures.yaml"}, "measure %q has the id of a measure derived from work/*.csv; rename it", m.ID)
			continue
		}
		idx.measures[m.ID] = m
		r.Measures = append(r.Measures, m)
	}
	for i, l := range levels {
		idx.levels[l.ID] = i
	}
	// Sources may create units, so they come before anything that names one.
	if len(sources) > 0 {
		spend, created := readSources(fsys, sources, &source.Model{
			Units:     idx.units,
			Measures:  idx.measures,
			Levels:    r.Levels,
			YearStart: r.Config.YearStart,
			Figure:    func(o report.Observation, at diag.Pos) { idx.figures.add(e, o, at) },
		}, e)
		r.Finance = append(r.Finance, spend...)
		if len(created) > 0 {
			r.Units = treeOrder(r.Root)
		}
	}
	linkMembers(members, idx.units, e)
	r.Targets = targets(fsys, idx, e)
	// Figures and finance are read side by side: neither writes what the
	// other reads. Finance keeps its problems apart until the figures are
	// read, so that they come after the figures' as they did one by one.
	var spend []report.Spend
	fe := &diag.List{}
	var read sync.WaitGroup
	read.Go(func() { spend = finance(fsys, idx, fe) })
	observations(fsys, idx, e)
	read.Wait()
	e.Merge(fe)
	r.Data = idx.figures.list()
	r.Finance = append(spend, r.Finance...)
	r.Actions = actions(fsys, idx, e)
	r.Narratives = narratives(fsys, idx, e)

	if e.Len() > 0 {
		return nil, e.Problems()
	}
	return r, nil
}

// readSources reads every file that each source declares into m.
func readSources(fsys fs.FS, sources []*source.Source, m *source.Model, e *diag.List) (spend []report.Spend, created []*report.Unit) {
	rd := source.NewReading(m, e)
	for _, s := range sources {
		names, err := fs.Glob(fsys, s.Files)
		if err != nil || len(names) == 0 {
			e.Add(s.Pos, "files: %q matches no file in the report folder", s.Files)
			continue
		}
		for _, name := range names {
			b, err := fs.ReadFile(fsys, name)
			if err != nil {
				e.Add(diag.Pos{File: name}, "cannot read: %v", unwrapPathError(err))
				continue
			}
			text, ok := s.Decode(name, b, e)
			if !ok || !checkText(name, text, e) {
				continue
			}
			rd.Read(s, name, text)
		}
	}
	return rd.Finish()
}

// treeOrder lists the units from root down, parents before children.
func treeOrder(root *report.Unit) []*report.Unit {
	units := []*report.Unit{root}
	for _, c := range root.Children {
		units = append(units, treeOrder(c)...)
	}
	return units
}
