package render

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/report"
)

// Mail is the email to one unit's manager about the unit's month: a short
// summary and the link to the unit's page in the published site.
type Mail struct {
	Unit    *report.Unit
	To      report.Person
	Subject string
	URL     string // the unit's page in the month's published snapshot
	Text    string // the plain-text part
	// HTML is the email-safe part: tables and inline styles, no script, no
	// image and no stylesheet, so that Outlook shows it as it is.
	HTML []byte
}

// ErrNoBaseURL says that emails cannot link to the site: primed.yaml does
// not say where it is published.
var ErrNoBaseURL = errors.New("primed.yaml has no base_url, so emails cannot link to the site: add base_url: with the published site's address, such as https://intranet.example.org/performance/")

// mailView is what the email template shows.
type mailView struct {
	Subject      string
	Organisation string
	Period       string
	Unit         string
	URL          string
	Attention    []string
	Measures     []mailMeasure
	Overdue      []mailAction
}

type mailMeasure struct {
	Name, Value, Target, Rating, Variation string
}

type mailAction struct {
	Text, Owner, Due, Status string
}

// ratingWords are a rating in words with a symbol, as an email shows it:
// colour may not survive a mail client, and is never the only signal.
var ratingWords = map[string]string{
	"green": "✔ On target",
	"amber": "▲ Near target",
	"red":   "✖ Off target",
}

// Mails writes one email for each unit of a whose manager has an address,
// in tree order. The report must give its base_url.
func Mails(a *analyse.Analysis) ([]Mail, error) {
	if a.Config.BaseURL == "" {
		return nil, ErrNoBaseURL
	}
	s := snapshot{
		a:     a,
		site:  newSite(a),
		files: Files{}, // the downloads that the views below make are not wanted
	}
	var mails []Mail
	for _, u := range a.Units {
		if u.Manager.Email == "" {
			continue
		}
		m, err := s.mail(u)
		if err != nil {
			return nil, fmt.Errorf("email for %s: %w", u.ID, err)
		}
		mails = append(mails, m)
	}
	return mails, nil
}

func (s *snapshot) mail(u *report.Unit) (Mail, error) {
	dir := unitDir(u)
	v := mailView{
		Subject:      fmt.Sprintf("%s: %s, %s", s.site.Title, u.Name, s.site.Period),
		Organisation: s.a.Config.Organisation,
		Period:       s.site.Period,
		Unit:         u.Name,
		URL:          s.a.Config.BaseURL + s.site.PeriodID + "/" + dir + "/index.html",
	}
	ua := s.a.Of(u)
	actions := s.actions(ua.Actions, rootFrom(dir), dir+"/actions.csv", u)
	for _, at := range s.attention(u, unitView{Actions: actions}) {
		v.Attention = append(v.Attention, at.Text)
	}
	for _, m := range ua.Measures {
		if m.Work != nil {
			continue // work has its own section on the page
		}
		c := s.card(u, m)
		rating, ok := ratingWords[c.RAG.Class]
		if !ok {
			rating = c.RAG.Label
		}
		v.Measures = append(v.Measures, mailMeasure{c.Name, c.Value, c.Target, rating, c.Variation.Label})
	}
	for _, r := range actions.Rows {
		if r.Class == "overdue" {
			v.Overdue = append(v.Overdue, mailAction{r.Text, r.Owner, r.Due, r.Status})
		}
	}
	var html bytes.Buffer
	if err := pages.ExecuteTemplate(&html, "mail.html", v); err != nil {
		return Mail{}, err
	}
	return Mail{Unit: u, To: u.Manager, Subject: v.Subject, URL: v.URL, Text: v.text(), HTML: html.Bytes()}, nil
}

// text is the plain-text part: the same as the HTML part, in lines.
func (v mailView) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s, %s\n\nThe full page: %s\n", v.Unit, v.Organisation, v.Period, v.URL)
	if len(v.Attention) > 0 {
		b.WriteString("\nNeeds attention\n")
		for _, a := range v.Attention {
			fmt.Fprintf(&b, "- %s\n", a)
		}
	}
	if len(v.Measures) > 0 {
		b.WriteString("\nHeadline measures\n")
		for _, m := range v.Measures {
			fmt.Fprintf(&b, "- %s: %s (%s; %s; %s)\n", m.Name, m.Value, m.Target, m.Rating, m.Variation)
		}
	}
	if len(v.Overdue) > 0 {
		b.WriteString("\nOverdue actions\n")
		for _, a := range v.Overdue {
			fmt.Fprintf(&b, "- %s (%s, due %s): %s\n", a.Text, a.Owner, a.Due, a.Status)
		}
	}
	return b.String()
}
