package analyse

import (
	"cmp"
	"slices"

	"github.com/primed/primed/generator/report"
)

// Amounts is a budget and a spend added up over finance lines, with
// whether any line gives each: an amount no line gives is unknown, not
// zero.
type Amounts struct {
	Budget, Actual       float64
	HasBudget, HasActual bool
}

// add adds the amounts that line s gives.
func (a *Amounts) add(s *report.Spend) {
	if !s.NoBudget {
		a.Budget += s.Budget
		a.HasBudget = true
	}
	if !s.NoActual {
		a.Actual += s.Actual
		a.HasActual = true
	}
}

// plus is a and b added up.
func (a Amounts) plus(b Amounts) Amounts {
	return Amounts{a.Budget + b.Budget, a.Actual + b.Actual, a.HasBudget || b.HasBudget, a.HasActual || b.HasActual}
}

// Money is a unit's spend against budget on one category (or in total),
// for the snapshot's month (Amounts) and for the financial year to date.
type Money struct {
	Category string
	Amounts
	YTD Amounts
	// Months counts the months of the year so far that give an actual.
	Months      int
	Forecast    float64 // outturn for the financial year
	HasForecast bool
	// Projected is set when the finance data gave no forecast and Forecast
	// is projected from the months of the year so far that give an
	// actual: spend to date ÷ Months × 12.
	Projected bool
	RAG       RAG // against budget to date, with the overspend tolerance; None without both
}

// Variance is how far year-to-date spend is over (positive) or under
// budget; it means something only when Rated.
func (m Money) Variance() float64 { return m.YTD.Actual - m.YTD.Budget }

// Rated reports whether there is both a budget and spend to date to
// compare: a variance, and a rating, need both.
func (m Money) Rated() bool { return m.YTD.HasBudget && m.YTD.HasActual }

// Finance is a unit's spending, the units below it included.
type Finance struct {
	Lines   []Money // by category, in the order categories first appear in the data
	Total   Money   // across every category, whatever the categories are called
	Profile []Cumulative
	Series  []Spending // nil when the unit has no finance
	// TopSpend is up to three categories by spend to date, most first;
	// TopOver up to three by how far they are over budget to date, of
	// those that are over it.
	TopSpend, TopOver []Money
}

// financeWithin returns, for each unit, the finance lines of the unit and
// the units below it that a snapshot can show (from the financial year of
// its first month to its own month), in the data's order.
func (a *analyser) financeWithin() map[*report.Unit][]*report.Spend {
	from := a.periods[0].YearStart(a.r.Config.YearStart)
	within := map[*report.Unit][]*report.Spend{}
	for i := range a.r.Finance {
		s := &a.r.Finance[i]
		if s.Period < from || s.Period > a.period {
			continue
		}
		for u := s.Unit; u != nil; u = u.Parent {
			within[u] = append(within[u], s)
		}
	}
	return within
}

// finance works out a unit's Finance from its lines.
func (a *analyser) finance(rows []*report.Spend) Finance {
	lines, total := a.lines(rows)
	bySpend, byOver := topSpend(lines, 3)
	return Finance{Lines: lines, Total: total, Profile: a.spendProfile(rows), Series: a.financeSeries(rows), TopSpend: bySpend, TopOver: byOver}
}

// lines returns spend by category for the snapshot's month and year to
// date, and the total across them.
func (a *analyser) lines(rows []*report.Spend) (lines []Money, total Money) {
	yearStart := a.period.YearStart(a.r.Config.YearStart)
	index := map[string]int{}
	forecasts := map[string]int{} // lines in the month that give a forecast
	inMonth := map[string]int{}   // lines in the month
	spent := map[string]map[report.Period]bool{}
	for _, s := range rows {
		if s.Period < yearStart {
			continue
		}
		i, ok := index[s.Category]
		if !ok {
			i = len(lines)
			index[s.Category] = i
			lines = append(lines, Money{Category: s.Category})
			spent[s.Category] = map[report.Period]bool{}
		}
		l := &lines[i]
		l.YTD.add(s)
		if !s.NoActual {
			spent[s.Category][s.Period] = true
		}
		if s.Period == a.period {
			l.Amounts.add(s)
			inMonth[s.Category]++
			if s.Forecast != nil {
				l.Forecast += *s.Forecast
				forecasts[s.Category]++
			}
		}
	}
	total = Money{Category: "Total", HasForecast: len(lines) > 0}
	for i := range lines {
		l := &lines[i]
		l.Months = len(spent[l.Category])
		l.HasForecast = true
		if inMonth[l.Category] == 0 || forecasts[l.Category] != inMonth[l.Category] {
			// Projected from the months that give spend, and only those.
			l.Forecast, l.Projected, l.HasForecast = 0, true, l.Months > 0
			if l.HasForecast {
				l.Forecast = l.YTD.Actual / float64(l.Months) * 12
			}
		}
		l.RAG = a.spendRAG(*l)
		total.Amounts = total.Amounts.plus(l.Amounts)
		total.YTD = total.YTD.plus(l.YTD)
		total.Months = max(total.Months, l.Months)
		total.Forecast += l.Forecast
		total.HasForecast = total.HasForecast && l.HasForecast
		total.Projected = total.Projected || l.Projected
	}
	if !total.HasForecast {
		total.Forecast = 0 // a sum that leaves out a category is no outturn
	}
	total.RAG = a.spendRAG(total)
	return lines, total
}

// spendRAG rates spend to date against budget to date: green within
// budget, amber over it by no more than the overspend tolerance, red beyond.
func (a *analyser) spendRAG(m Money) RAG {
	if !m.Rated() || m.YTD.Budget <= 0 {
		return None
	}
	over := m.Variance() / m.YTD.Budget * 100
	switch {
	case over <= 1e-9:
		return Green
	case over <= a.r.Config.Overspend:
		return Amber
	}
	return Red
}

// Cumulative is spend and budget added up month by month through the
// financial year to the snapshot's month.
type Cumulative struct {
	Period report.Period
	Amounts
	// Has is set when the finance data has a line for the month: a month
	// it has none for is missing, not a month with nothing spent.
	Has bool
}

// spendProfile returns the cumulative budget and spend for each month of
// the financial year so far.
func (a *analyser) spendProfile(rows []*report.Spend) []Cumulative {
	yearStart := a.period.YearStart(a.r.Config.YearStart)
	profile := make([]Cumulative, int(a.period-yearStart)+1)
	for i := range profile {
		profile[i].Period = yearStart.Add(i)
	}
	for _, s := range rows {
		if s.Period < yearStart {
			continue
		}
		profile[s.Period-yearStart].Has = true
		for i := int(s.Period - yearStart); i < len(profile); i++ {
			profile[i].add(s)
		}
	}
	return profile
}

// topSpend returns up to n categories of lines by spend to date, and up to
// n by how far they are over budget to date (only those over it).
func topSpend(lines []Money, n int) (bySpend, byOverspend []Money) {
	bySpend = slices.Clone(lines)
	slices.SortStableFunc(bySpend, func(x, y Money) int { return -cmp.Compare(x.YTD.Actual, y.YTD.Actual) })
	for _, l := range lines {
		if l.Variance() > 0 {
			byOverspend = append(byOverspend, l)
		}
	}
	slices.SortStableFunc(byOverspend, func(x, y Money) int { return -cmp.Compare(x.Variance(), y.Variance()) })
	return bySpend[:min(n, len(bySpend))], byOverspend[:min(n, len(byOverspend))]
}

// Spending is a unit's total budget and spend for one month, and for its
// financial year to date.
type Spending struct {
	Period report.Period
	Amounts
	YTD Amounts
	Has bool // some finance line falls in the month
	RAG RAG  // the year to date against budget
}

// financeSeries returns the total budget and spend for every month shown,
// with years to date, or nil when there is no finance.
func (a *analyser) financeSeries(rows []*report.Spend) []Spending {
	if len(rows) == 0 {
		return nil
	}
	series := make([]Spending, len(a.periods))
	first := a.periods[0]
	for i, p := range a.periods {
		series[i].Period = p
	}
	// rows start with the financial year of the first month shown.
	for _, s := range rows {
		if j := int(s.Period - first); j >= 0 {
			series[j].Has = true
			series[j].add(s)
		}
		// Add the line to every month of its year from its own on.
		for j := max(int(s.Period-first), 0); j < len(series); j++ {
			if series[j].Period.YearStart(a.r.Config.YearStart) != s.Period.YearStart(a.r.Config.YearStart) {
				break
			}
			series[j].YTD.add(s)
		}
	}
	for i := range series {
		series[i].RAG = a.spendRAG(Money{YTD: series[i].YTD})
	}
	return series
}
