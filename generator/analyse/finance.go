package analyse

import (
	"github.com/primed/primed/generator/report"
)

// Money is a unit's spend against budget on one category (or in total),
// for the snapshot's month and for the financial year to date.
type Money struct {
	Category    string
	Budget      float64 // the month's budget
	Actual      float64 // the month's spend
	YTDBudget   float64
	YTDActual   float64
	Forecast    float64 // outturn for the financial year, as the finance data gives it
	HasForecast bool
}

// Variance is how far year-to-date spend is over (positive) or under budget.
func (m Money) Variance() float64 { return m.YTDActual - m.YTDBudget }

// Finance returns unit u's spend by category for the snapshot's month and
// year to date, in the order categories first appear in the data, and the
// total across them. It includes every unit below u.
func (a *Analysis) Finance(u *report.Unit) (lines []Money, total Money) {
	yearStart := a.Period.YearStart(a.Report.Config.YearStart)
	index := map[string]int{}
	forecasts := map[string]int{} // lines in the month that give a forecast
	rows := map[string]int{}      // lines in the month
	for _, s := range a.Report.Finance {
		if s.Period < yearStart || s.Period > a.Period || !Within(s.Unit, u) {
			continue
		}
		i, ok := index[s.Category]
		if !ok {
			i = len(lines)
			index[s.Category] = i
			lines = append(lines, Money{Category: s.Category})
		}
		l := &lines[i]
		l.YTDBudget += s.Budget
		l.YTDActual += s.Actual
		if s.Period == a.Period {
			l.Budget += s.Budget
			l.Actual += s.Actual
			rows[s.Category]++
			if s.Forecast != nil {
				l.Forecast += *s.Forecast
				forecasts[s.Category]++
			}
		}
	}
	total = Money{Category: "Total", HasForecast: len(lines) > 0}
	for i := range lines {
		l := &lines[i]
		l.HasForecast = rows[l.Category] > 0 && forecasts[l.Category] == rows[l.Category]
		total.Budget += l.Budget
		total.Actual += l.Actual
		total.YTDBudget += l.YTDBudget
		total.YTDActual += l.YTDActual
		total.Forecast += l.Forecast
		total.HasForecast = total.HasForecast && l.HasForecast
	}
	return lines, total
}
