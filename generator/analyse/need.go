package analyse

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/primed/primed/generator/report"
)

// Need is how much support a unit needs compared with its siblings, and why.
type Need struct {
	Unit    *report.Unit
	Score   int      // one point for each reason
	Reasons []string // in words, most serious first
	Rank    int      // 1 for the unit that needs most support among its siblings
	Of      int      // how many siblings (itself included) were ranked
}

// support ranks the children of u by support need: one point for each
// measure off target, each with special-cause concern, each that fails its
// target consistently, each overdue action, and for an overspend beyond
// the configured tolerance. Ties share a rank.
func (a *analyser) support(out *Analysis, u *report.Unit) []Need {
	var needs []Need
	for _, c := range u.Children {
		needs = append(needs, a.need(out.units[c]))
	}
	slices.SortStableFunc(needs, func(x, y Need) int { return -cmp.Compare(x.Score, y.Score) })
	for i := range needs {
		needs[i].Of = len(needs)
		needs[i].Rank = i + 1
		if i > 0 && needs[i].Score == needs[i-1].Score {
			needs[i].Rank = needs[i-1].Rank
		}
	}
	return needs
}

func (a *analyser) need(ua *UnitAnalysis) Need {
	n := Need{Unit: ua.Unit}
	var red, concern, fail []string
	for _, m := range ua.Measures {
		f := ua.Figure(m)
		if !f.HasValue {
			continue
		}
		if f.RAG == Red {
			red = append(red, m.Name)
		}
		if f.Variation == Concern {
			concern = append(concern, m.Name)
		}
		if f.Assurance == Fail {
			fail = append(fail, m.Name)
		}
	}
	add := func(names []string, one, many string) {
		if len(names) == 0 {
			return
		}
		n.Score += len(names)
		label := one
		if len(names) > 1 {
			label = fmt.Sprintf(many, len(names))
		}
		n.Reasons = append(n.Reasons, label+": "+strings.Join(names, "; "))
	}
	add(red, "1 measure off target", "%d measures off target")
	add(concern, "1 measure with special-cause concern", "%d measures with special-cause concern")
	add(fail, "1 measure that fails its target consistently", "%d measures that fail their targets consistently")
	overdue := 0
	for _, s := range ua.Actions {
		if s.Overdue {
			overdue++
		}
	}
	if overdue > 0 {
		n.Score += overdue
		if overdue == 1 {
			n.Reasons = append(n.Reasons, "1 overdue action")
		} else {
			n.Reasons = append(n.Reasons, fmt.Sprintf("%d overdue actions", overdue))
		}
	}
	if total := ua.Finance.Total; total.Rated() && total.YTD.Budget > 0 {
		over := total.Variance() / total.YTD.Budget * 100
		if over > a.r.Config.Overspend {
			n.Score++
			n.Reasons = append(n.Reasons, fmt.Sprintf("overspent by %s%% of its budget to date", report.Fixed(over, 1)))
		}
	}
	return n
}

// ExceptionKind is why a measure is at the top of a page.
type ExceptionKind string

// The kinds of exception, in the order pages list them.
const (
	TurnedRed   ExceptionKind = "turned-red"  // off target this month, not last month
	StillRed    ExceptionKind = "still-red"   // off target this month and last
	SpecialBad  ExceptionKind = "concern"     // special-cause concern this month
	Failing     ExceptionKind = "failing"     // the process fails its target consistently
	SpecialGood ExceptionKind = "improvement" // special-cause improvement this month
	BackOn      ExceptionKind = "back-on"     // on target this month after being off it
)

// Exception is one measure of a unit that needs a manager's eye.
type Exception struct {
	Kind     ExceptionKind
	Figure   Figure
	Previous Figure // last month's figure, when there is one
}

// exceptions lists what needs attention for the unit this month: what
// turned red or stays red, special-cause concern, consistent failure to
// meet a target, and what improved. A measure appears once, under its most
// serious kind.
func (ua *UnitAnalysis) exceptions() []Exception {
	var list []Exception
	for _, m := range ua.Measures {
		s := ua.series[m]
		n := len(s.points)
		f := s.figure(n - 1)
		if !f.HasValue {
			continue
		}
		var prev Figure
		if n > 1 {
			prev = s.figure(n - 2)
		}
		var kind ExceptionKind
		switch {
		case f.RAG == Red && prev.HasValue && prev.RAG != Red:
			kind = TurnedRed
		case f.RAG == Red:
			kind = StillRed
		case f.Variation == Concern:
			kind = SpecialBad
		case f.Assurance == Fail:
			kind = Failing
		case f.Variation == Improvement:
			kind = SpecialGood
		case f.RAG == Green && prev.HasValue && prev.RAG == Red:
			kind = BackOn
		default:
			continue
		}
		list = append(list, Exception{Kind: kind, Figure: f, Previous: prev})
	}
	order := []ExceptionKind{TurnedRed, StillRed, SpecialBad, Failing, SpecialGood, BackOn}
	slices.SortStableFunc(list, func(x, y Exception) int {
		return cmp.Compare(slices.Index(order, x.Kind), slices.Index(order, y.Kind))
	})
	return list
}
