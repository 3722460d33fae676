package cli

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T, dir string) (cert, key string) {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "dangvien thử"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kd, _ := x509.MarshalECPrivateKey(k)
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kd}), 0o600)
	return cert, key
}

// serve --tls-cert/--tls-key serves HTTPS with HSTS; half a pair, a bad
// file or a bad proxy address stops it before it starts.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	cert, key := selfSigned(t, dir)
	for _, args := range [][]string{
		{"--tls-cert", cert},
		{"--tls-cert", cert, "--tls-key", cert},
		{"--trusted-proxy", "10.0.0.0/33"},
	} {
		if _, _, err := run(t, "", append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, args...)...); err == nil {
			t.Errorf("serve %v started", args)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuf
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key, "--trusted-proxy", "127.0.0.1"}, strings.NewReader(""), &out, io.Discard)
	}()
	re := regexp.MustCompile(`https://(127\.0\.0\.1:\d+)/`)
	var addr string
	for i := 0; i < 200 && addr == ""; i++ {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	if addr == "" {
		t.Fatalf("server did not start: %s", out.String())
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	res, err := c.Get("https://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("over TLS: %d, HSTS %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Log("plain HTTP on the TLS port answered (with an error page)")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v after stop", err)
	}
}

// Tokens from the command line: made with an expiry, listed, revoked.
func TestTokenCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	if _, _, err := run(t, "", "user", "add", "--db", db, "--username", "quantri.moi", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"90", "-3d", "0d", "mười ngày", "99999d"} {
		if _, _, err := run(t, "", "token", "create", "--db", db, "--user", "quantri.moi", "--expires", bad); err == nil || !strings.Contains(err.Error(), "thời hạn không hợp lệ") {
			t.Errorf("--expires %s: %v", bad, err)
		}
	}
	out, _, err := run(t, "", "token", "create", "--db", db, "--user", "quantri.moi", "--name", "kế toán", "--expires", "90d")
	if err != nil || !strings.HasPrefix(out, "dv_") {
		t.Fatalf("create: %v %s", err, out)
	}
	run(t, "", "token", "create", "--db", db, "--user", "quantri.moi")
	out, _, err = run(t, "", "token", "list", "--db", db)
	want := time.Now().Add(90 * 24 * time.Hour).In(vietnam).Format("02/01/2006")
	if err != nil || !regexp.MustCompile(`(?m)^1\s+quantri.moi\s+kế toán\s+.*`+want+`\s+Đang dùng được`).MatchString(out) || !strings.Contains(out, "API") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if out, _, err := run(t, "", "token", "revoke", "--db", db, "1"); err != nil || !strings.Contains(out, "Đã thu hồi mã truy cập số 1 (kế toán) của quantri.moi") {
		t.Fatalf("revoke: %v %s", err, out)
	}
	if _, _, err := run(t, "", "token", "revoke", "--db", db, "1"); err == nil || !strings.Contains(err.Error(), "thu hồi từ trước") {
		t.Errorf("revoked twice: %v", err)
	}
	if out, _, _ := run(t, "", "token", "list", "--db", db, "--user", "quantri.moi"); !regexp.MustCompile(`(?m)^1\s.*Đã thu hồi`).MatchString(out) {
		t.Errorf("list after revoke:\n%s", out)
	}
	if _, _, err := run(t, "", "token", "revoke", "--db", db, "x"); err == nil {
		t.Error("a bad number was accepted")
	}
}

func TestParseTerm(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "12w": 84 * 24 * time.Hour, "36h": 36 * time.Hour, " 1D ": 24 * time.Hour} {
		if got, err := parseTerm(in); err != nil || got != want {
			t.Errorf("parseTerm(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", " ", "d", "90", "-1d", "0h", "3660d1"} {
		if _, err := parseTerm(in); err == nil {
			t.Errorf("parseTerm(%q) accepted", in)
		}
	}
}
