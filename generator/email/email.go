// Package email turns the emails that render writes for unit managers into
// RFC 5322 messages (multipart/alternative, a plain-text and an HTML part),
// and sends them over SMTP with STARTTLS, recording each message sent so
// that a rerun after a failure never sends one twice.
package email

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	"github.com/primed/primed/generator/render"
)

// Message encodes m as an RFC 5322 message from from, dated date. Its
// Message-ID, and so its MIME boundary, is made from id, which names the
// message for good: the report's month and unit.
func Message(m render.Mail, from mail.Address, date time.Time, id string) []byte {
	to := mail.Address{Name: headerText(m.To.Name), Address: m.To.Email}
	sum := sha256.Sum256([]byte(id))
	tag := hex.EncodeToString(sum[:12])
	domain := "primed.invalid"
	if _, host, ok := strings.Cut(from.Address, "@"); ok {
		domain = host
	}
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", headerText(m.Subject)))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", "<"+tag+"@"+domain+">")
	header("MIME-Version", "1.0")
	w := multipart.NewWriter(&b)
	w.SetBoundary("primed-" + tag) // a fixed tag of hex digits cannot occur in a quoted-printable part
	header("Content-Type", `multipart/alternative; boundary="`+w.Boundary()+`"`)
	b.WriteString("\r\n")
	for _, part := range []struct {
		kind string
		body []byte
	}{{"text/plain", []byte(m.Text)}, {"text/html", m.HTML}} {
		pw, _ := w.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.kind + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		qp := quotedprintable.NewWriter(pw)
		qp.Write(part.body) // writes to a bytes.Buffer do not fail
		qp.Close()
	}
	w.Close()
	return b.Bytes()
}

// headerText makes input text safe in a header: every control character,
// a line break above all, becomes a space, so no name can add a header.
func headerText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}
