package email

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/mail"
	"net/smtp"
	"os"
	"strconv"
	"time"
)

// Server says where to send and as whom. It comes from flags or the
// environment, never from the report folder.
type Server struct {
	Host     string
	Port     int // 587 if 0
	User     string
	Password string
	// RootCAs verify the server's certificate; nil means the system's.
	RootCAs *x509.CertPool
}

// Outgoing is one encoded message to send.
type Outgoing struct {
	ID   string // names the message for good, as Message's id
	To   string // the recipient's address
	Data []byte // the RFC 5322 message
}

// Log records the messages sent, one CSV line each (id, recipient, time),
// appended and synced as each is accepted, so that a rerun after a
// failure sends only the rest.
type Log struct {
	name string
	sent map[string]bool
}

// OpenLog reads the log file name, which need not exist yet.
func OpenLog(name string) (*Log, error) {
	l := &Log{name: name, sent: map[string]bool{}}
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err != nil {
			break // the end, or a line cut short by a kill: what came before stands
		}
		if len(rec) >= 2 {
			l.sent[rec[0]+"\x00"+rec[1]] = true
		}
	}
	return l, nil
}

// Sent reports whether the message id went to to already.
func (l *Log) Sent(id, to string) bool { return l.sent[id+"\x00"+to] }

func (l *Log) record(id, to string, at time.Time) error {
	f, err := os.OpenFile(l.name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{id, to, at.UTC().Format(time.RFC3339)})
	w.Flush()
	err = w.Error()
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	l.sent[id+"\x00"+to] = true
	return err
}

// Send delivers each message the log does not hold over one connection to
// s, encrypted with STARTTLS (a server that does not offer it is refused),
// recording each as the server accepts it. It stops at the first failure;
// a rerun sends the rest. sent counts the messages delivered now.
func Send(s Server, from mail.Address, msgs []Outgoing, log *Log) (sent int, err error) {
	var todo []Outgoing
	for _, m := range msgs {
		if !log.Sent(m.ID, m.To) {
			todo = append(todo, m)
		}
	}
	if len(todo) == 0 {
		return 0, nil
	}
	port := s.Port
	if port == 0 {
		port = 587
	}
	addr := net.JoinHostPort(s.Host, strconv.Itoa(port))
	conn, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		return 0, err
	}
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return 0, err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return 0, fmt.Errorf("%s does not offer STARTTLS; primed sends mail only over an encrypted connection", addr)
	}
	if err := c.StartTLS(&tls.Config{ServerName: s.Host, RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}); err != nil {
		return 0, fmt.Errorf("%s: STARTTLS: %w", addr, err)
	}
	if s.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, s.Host)); err != nil {
			return 0, fmt.Errorf("%s: log in as %s: %w", addr, s.User, err)
		}
	}
	for _, m := range todo {
		if err := deliver(c, from.Address, m); err != nil {
			return sent, fmt.Errorf("send to %s: %w", m.To, err)
		}
		if err := log.record(m.ID, m.To, time.Now()); err != nil {
			return sent, fmt.Errorf("sent to %s, but the log %s could not record it: %w", m.To, log.name, err)
		}
		sent++
	}
	return sent, c.Quit()
}

func deliver(c *smtp.Client, from string, m Outgoing) error {
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(m.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(m.Data); err != nil {
		return err
	}
	return w.Close()
}
