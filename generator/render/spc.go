package render

import (
	"github.com/primed/primed/generator/analyse"
)

// variationOf names a figure's variation as the Making Data Count icons do.
func variationOf(f analyse.Figure) mdcView {
	side, letter := "high", "H"
	if f.Signal.Side < 0 {
		side, letter = "low", "L"
	}
	switch f.Variation {
	case analyse.Common:
		return mdcView{"common", "Common cause variation", ""}
	case analyse.Improvement:
		return mdcView{"improvement", "Special cause improvement (" + side + ")", letter}
	case analyse.Concern:
		return mdcView{"concern", "Special cause concern (" + side + ")", letter}
	case analyse.Neutral:
		return mdcView{"neutral", "Special cause variation (" + side + ")", letter}
	}
	if f.Measure == nil {
		return mdcView{"none", "Too few points for variation", ""}
	}
	return mdcView{"none", "Too few " + every(f.Measure.Frequency).Many + " for variation", ""}
}

// assuranceOf names whether a figure's process can be relied on to meet its target.
func assuranceOf(f analyse.Figure) mdcView {
	switch f.Assurance {
	case analyse.Pass:
		return mdcView{"pass", "Consistently meets its target", "P"}
	case analyse.Fail:
		return mdcView{"fail", "Consistently fails its target", "F"}
	case analyse.Inconsistent:
		return mdcView{"inconsistent", "Sometimes meets its target", "?"}
	}
	return mdcView{} // nothing to say: no target, or too few months
}

// side says which side of the mean a special cause lies on.
func side(f analyse.Figure) string {
	if f.Signal.Side < 0 {
		return "low"
	}
	return "high"
}
