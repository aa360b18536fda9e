package email

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/primed/primed/generator/render"
	"github.com/primed/primed/generator/report"
)

// smtpServer starts the real SMTP server of testdata/smtpd.py on loopback,
// with STARTTLS under a certificate made for the test, and returns its
// port. Without Python's aiosmtpd (Debian's python3-aiosmtpd) the test is
// left out, except in CI, where .ci/run installs it.
func smtpServer(t *testing.T, dir, out string, stopAfter int) (int, *exec.Cmd) {
	t.Helper()
	python := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} { // Debian's, where another is first on the PATH
		if exec.Command(p, "-c", "import aiosmtpd").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		if os.Getenv("CI") == "" {
			t.Skip("python3-aiosmtpd is not installed: apt-get install python3-aiosmtpd")
		}
		t.Fatal("python3-aiosmtpd is missing (.ci/run installs it)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(python, filepath.Join("testdata", "smtpd.py"), "--port", fmt.Sprint(port),
		"--cert", filepath.Join(dir, "cert.pem"), "--key", filepath.Join(dir, "key.pem"), "--out", out, "--stop-after", fmt.Sprint(stopAfter))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("the SMTP server did not start: %q, %v", line, err)
	}
	return port, cmd
}

// certificate writes a self-signed certificate for 127.0.0.1 into dir and
// returns a pool that trusts it.
func certificate(t *testing.T, dir string) *x509.CertPool {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "cert.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return pool
}

// TestSend sends five messages to a real SMTP server over STARTTLS that
// dies after accepting two; a rerun against it restarted sends the other
// three, and no message arrives twice.
func TestSend(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	pool := certificate(t, dir)
	port, _ := smtpServer(t, dir, out, 2)
	var msgs []Outgoing
	for i := range 5 {
		id := fmt.Sprintf("2026-10/unit-%d", i)
		to := fmt.Sprintf("manager%d@example.org", i)
		m := Message(mailFor(to), mail.Address{Address: "report@example.org"}, time.Now(), id)
		msgs = append(msgs, Outgoing{ID: id, To: to, Data: m})
	}
	log, err := OpenLog(filepath.Join(dir, "mail-log.csv"))
	if err != nil {
		t.Fatal(err)
	}
	server := Server{Host: "127.0.0.1", Port: port, RootCAs: pool}
	sent, err := Send(server, mail.Address{Address: "report@example.org"}, msgs, log)
	if err == nil || sent != 2 {
		t.Fatalf("Send to a server that dies = %d, %v; want 2 and an error", sent, err)
	}

	server.Port, _ = smtpServer(t, dir, out, 0)
	log, err = OpenLog(filepath.Join(dir, "mail-log.csv")) // as a rerun reads it
	if err != nil {
		t.Fatal(err)
	}
	if sent, err := Send(server, mail.Address{Address: "report@example.org"}, msgs, log); err != nil || sent != 3 {
		t.Fatalf("rerun = %d, %v; want the other 3 sent", sent, err)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.eml"))
	ids := map[string]int{}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		msg, err := mail.ReadMessage(strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		ids[msg.Header.Get("To")]++
	}
	if len(files) != 5 || len(ids) != 5 {
		t.Errorf("the server holds %d messages for %d recipients; want 5 for 5", len(files), len(ids))
	}
	if sent, err := Send(server, mail.Address{Address: "report@example.org"}, msgs, log); err != nil || sent != 0 {
		t.Errorf("a third run = %d, %v; want nothing sent", sent, err)
	}
}

func mailFor(to string) render.Mail {
	return render.Mail{To: report.Person{Name: "A manager", Email: to}, Subject: "October 2026", Text: "hello\n", HTML: []byte("<p>hello</p>")}
}
