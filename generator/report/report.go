// Package report is primed's domain: the organisation, its measures and
// targets, and the monthly figures, finance, actions and narratives that a
// report folder holds. It has no I/O and no dependencies; the load package
// fills it, the analyse package computes over it, and the render package
// presents it.
package report

import (
	"fmt"
	"iter"
	"regexp"
	"strings"
	"time"
)

// Report is everything one report folder says, checked and linked.
type Report struct {
	Config Config
	Levels []Level
	Root   *Unit   // the top of the unit tree (the board)
	Units  []*Unit // every unit, in tree order (parents before children, siblings in file order)
	// Comparators are the units beside the tree that units are compared
	// with, such as England or the region, in the order org.yaml gives.
	Comparators []*Unit
	Measures    []*Measure
	Targets     []Target
	Data        Figures
	Finance     []Spend
	Actions     []Action
	Narratives  []Narrative
	// Work is the item-level extract of work/*.csv. Only the measures
	// derived from it are ever published, never an item.
	Work []WorkItem
}

// Figures are a report's figures from the data, in chunks of one
// measure each: a report may hold millions, and chunks let the whole
// never be copied to grow, and let a reader that is done with a measure
// let its chunks go (see analyse.Consume). Their order is the order read;
// nothing depends on it.
type Figures []Chunk

// Chunk is figures of one measure. Its rows hold no pointer, so that the
// collector has nothing to look through in millions of them: each names
// its unit by number in Units, which chunks share.
type Chunk struct {
	Measure *Measure
	Units   []*Unit
	Rows    []Row
}

// Row is one figure of a chunk: an Observation, less its measure, with
// its unit by number.
type Row struct {
	Value       float64
	Numerator   float64
	Denominator float64
	Period      Period
	Unit        int32 // in the chunk's Units
	HasParts    bool
	Missing     bool
}

// Observation is row i of c, with its unit and measure.
func (c Chunk) Observation(i int) Observation {
	r := &c.Rows[i]
	return Observation{
		Unit: c.Units[r.Unit], Measure: c.Measure, Period: r.Period,
		Value: r.Value, Numerator: r.Numerator, Denominator: r.Denominator,
		HasParts: r.HasParts, Missing: r.Missing,
	}
}

// Row is o as a row of a chunk whose units number o's unit unit.
func (o Observation) Row(unit int32) Row {
	return Row{
		Value: o.Value, Numerator: o.Numerator, Denominator: o.Denominator,
		Period: o.Period, Unit: unit, HasParts: o.HasParts, Missing: o.Missing,
	}
}

// FiguresOf is obs as Figures: a chunk for each measure, in the order of
// their first figure, each figure in the order given.
func FiguresOf(obs ...Observation) Figures {
	var fs Figures
	var units []*Unit
	unitNo := map[*Unit]int32{}
	chunk := map[*Measure]int{}
	for _, o := range obs {
		n, ok := unitNo[o.Unit]
		if !ok {
			n = int32(len(units))
			unitNo[o.Unit] = n
			units = append(units, o.Unit)
		}
		c, ok := chunk[o.Measure]
		if !ok {
			c = len(fs)
			chunk[o.Measure] = c
			fs = append(fs, Chunk{Measure: o.Measure})
		}
		fs[c].Rows = append(fs[c].Rows, o.Row(n))
	}
	for i := range fs {
		fs[i].Units = units
	}
	return fs
}

// Len is how many figures there are.
func (fs Figures) Len() int {
	n := 0
	for _, c := range fs {
		n += len(c.Rows)
	}
	return n
}

// All yields every figure, chunk by chunk.
func (fs Figures) All() iter.Seq[Observation] {
	return func(yield func(Observation) bool) {
		for _, c := range fs {
			for i := range c.Rows {
				if !yield(c.Observation(i)) {
					return
				}
			}
		}
	}
}

// WorkItem is one case, review or assessment from a work extract.
type WorkItem struct {
	ID     string
	Unit   *Unit
	Type   *WorkType
	Opened time.Time
	Due    time.Time // zero: no due date
	Closed time.Time // zero: still open
}

// WorkType is a kind of work item, such as "Care Act assessment".
type WorkType struct {
	ID   string // the name made into an id: care_act_assessment
	Name string // as the extract first writes it
}

// Config is the site-wide settings of primed.yaml.
type Config struct {
	Title        string
	Organisation string
	Ambition     string
	Objectives   []Objective
	YearStart    time.Month // first month of the financial year; April unless set
	Locale       string     // en-GB unless set
	Currency     string     // GBP unless set
	Suppression  int        // counts below this are shown as "<N"; 0 turns suppression off
	Colour       string     // the theme's accent colour, as #rrggbb
	SPC          SPCRules   // how variation is tested
	Overspend    float64    // percent over budget, year to date, that counts as overspent; 1 unless set
	UpcomingDays int        // work due within this many days after month end is upcoming; 28 unless set
	History      int        // how many months a snapshot shows, up to and including its own; 36 unless set
	// BaseURL is the absolute address of the published site, ending in
	// "/", for links in emails and each page's canonical address; "" if
	// not given.
	BaseURL string
}

// SPCRules set the statistical process control rules: how many points make
// a shift or a trend, and the fewest points a chart needs for limits.
type SPCRules struct {
	Shift     int
	Trend     int
	MinPoints int
}

// The settings primed.yaml may leave out.
var (
	// DefaultSPC is the rules as Making Data Count states them, with limits
	// from a year of months at least.
	DefaultSPC = SPCRules{Shift: 7, Trend: 7, MinPoints: 12}
	// DefaultHistory is how many months a snapshot shows.
	DefaultHistory = 36
)

// Objective is one of the service's goals that measures contribute to.
type Objective struct {
	ID          string
	Name        string
	Description string
}

// Level is one tier of the organisation, such as "Service" or "Team".
// Levels are ordered from the top (index 0) down.
type Level struct {
	ID   string
	Name string
}

// Person is someone named in the report, such as a unit's manager.
type Person struct {
	Name  string
	Email string
}

// Unit is one organisational unit: the board, a service, a team.
type Unit struct {
	ID         string
	Name       string
	LevelIndex int // its level: an index into Report.Levels, 0 at the top
	Parent     *Unit
	Children   []*Unit
	Manager    Person
	Staff      float64 // full-time equivalent staff
	Active     Range   // the months the unit exists; open ends mean always
	// Comparator marks a unit beside the tree, such as England, the
	// region or a group of similar councils, that the tree's units are
	// compared with. Its figures come only from the data, never from a
	// roll-up; it has no parent, children, page, targets or finance, and
	// its LevelIndex is -1.
	Comparator bool
	// Members are the units of the tree that a comparator which is a
	// group (such as a council's nearest neighbours) is made of: each
	// member's page says where it ranks among them.
	Members []*Unit
}

// Path returns the ids from the root down to u, the unit's address in a site.
func (u *Unit) Path() []string {
	if u.Parent == nil {
		return []string{u.ID}
	}
	return append(u.Parent.Path(), u.ID)
}

// Ancestors returns u's parents from the root down, not including u.
func (u *Unit) Ancestors() []*Unit {
	var a []*Unit
	for p := u.Parent; p != nil; p = p.Parent {
		a = append([]*Unit{p}, a...)
	}
	return a
}

// IsLeaf reports whether u has no children, as a front-line team.
func (u *Unit) IsLeaf() bool { return len(u.Children) == 0 }

// Spend is one line of finance: what a unit budgeted and spent on a
// category in a month. Forecast is the predicted outturn for the financial
// year, where the finance system gives one.
type Spend struct {
	Period   Period
	Unit     *Unit
	Category string
	Budget   float64
	Actual   float64
	Forecast *float64
	// NoBudget and NoActual say that the line gives no budget (as a spend
	// file does not) or no actual (as a budget return does not): the
	// amount is unknown, not zero.
	NoBudget, NoActual bool
}

// Status is where an action stands.
type Status string

// The states of an action.
const (
	Open    Status = "open"
	Done    Status = "done"
	Dropped Status = "dropped"
)

// Action is something a meeting agreed to do, tracked until done.
type Action struct {
	ID      string
	Unit    *Unit
	Meeting string
	Raised  time.Time
	Owner   string
	Due     time.Time
	Status  Status
	Closed  time.Time // zero while open
	Text    string
	Measure *Measure // optional: the measure the action is meant to move
}

// Narrative is a unit's commentary for a month, written in Markdown.
type Narrative struct {
	Period   Period
	Unit     *Unit
	Author   string
	Draft    bool // front matter's status: draft; final when not given
	Headline string
	Body     []byte // Markdown source, front matter removed
	// Images are the image files the Markdown shows, by their
	// destination as written.
	Images map[string]Image
}

// Image is an image file from the report folder that a narrative shows.
type Image struct {
	Kind string // the file extension for its type: png, jpg, gif or webp
	Data []byte
}

// ImageKind says what kind of image b holds, by its first bytes, or ""
// if it is not one that pages show. SVG is not among them: it can carry
// script.
func ImageKind(b []byte) string {
	s := string(b[:min(len(b), 12)])
	switch {
	case strings.HasPrefix(s, "\x89PNG\r\n\x1a\n"):
		return "png"
	case strings.HasPrefix(s, "\xff\xd8\xff"):
		return "jpg"
	case strings.HasPrefix(s, "GIF87a"), strings.HasPrefix(s, "GIF89a"):
		return "gif"
	case len(s) == 12 && s[:4] == "RIFF" && s[8:] == "WEBP":
		return "webp"
	}
	return ""
}

// SiteNames are the folders a snapshot holds beside its units' pages. A
// unit may not take one as its id, or its page would replace primed's.
var SiteNames = []string{"actions", "archive", "assets", "latest", "measures"}

// ReservedID says why id cannot name a unit's or a measure's folder, or ""
// if it can. Snapshots are copied to Windows shares, so the names Windows
// keeps for devices (con, nul, com1…) are refused everywhere, and a unit
// may not take one of SiteNames.
func ReservedID(id string, unit bool) string {
	switch id {
	case "con", "prn", "aux", "nul":
		return "it is a device name on Windows, where snapshots are often copied"
	}
	if len(id) == 4 && (id[:3] == "com" || id[:3] == "lpt") && id[3] >= '0' && id[3] <= '9' {
		return "it is a device name on Windows, where snapshots are often copied"
	}
	if unit {
		for _, n := range SiteNames {
			if id == n {
				return "it is the name of the snapshot's own " + n + " folder"
			}
		}
	}
	return ""
}

// idPattern is what every id must look like: safe as a folder name and in a
// URL, so that no id can write outside the output folder.
var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// IsID reports whether s has the form of an id: lower-case letters, digits,
// '-' and '_', starting with a letter or digit, at most 64 characters.
func IsID(s string) bool { return idPattern.MatchString(s) }

// MaxMagnitude is the largest number primed reads, a thousand million
// million: far beyond any council's figures in pence, and small enough
// that no sum of millions of them, and no ratio of them, overflows.
const MaxMagnitude = 1e15

// TooLarge is the problem with a number, written s, beyond MaxMagnitude.
func TooLarge(s string) error {
	return fmt.Errorf("%q is too large; primed reads numbers up to 1e15", s)
}
