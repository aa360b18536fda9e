package email

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/primed/primed/generator/render"
	"github.com/primed/primed/generator/report"
)

// A name or subject from the report folder cannot add a header, whatever
// line breaks it holds, and the message reads back as written.
func TestMessageHeaders(t *testing.T) {
	m := render.Mail{
		To:      report.Person{Name: "Eve\r\nBcc: all@example.org", Email: "eve@example.org"},
		Subject: "Team\nBcc: all@example.org – October",
		Text:    "hello\n",
		HTML:    []byte("<p>hello</p>"),
	}
	b := Message(m, mail.Address{Name: "Report", Address: "report@example.org"}, time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), "2026-10/team")
	msg, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Bcc") != "" || strings.Contains(string(b), "\nBcc:") {
		t.Errorf("a header was added:\n%s", b)
	}
	if got, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil || got != "Team Bcc: all@example.org – October" {
		t.Errorf("Subject = %q, %v", got, err)
	}
	to, err := mail.ParseAddress(msg.Header.Get("To"))
	if err != nil || to.Address != "eve@example.org" || to.Name != "Eve  Bcc: all@example.org" {
		t.Errorf("To = %+v, %v", to, err)
	}
	again := Message(m, mail.Address{Address: "report@example.org"}, time.Now(), "2026-10/team")
	if id := msg.Header.Get("Message-ID"); !bytes.Contains(again, []byte(id)) {
		t.Errorf("Message-ID %s is not the same for the same month and unit", id)
	}
}
