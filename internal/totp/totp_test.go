package totp

import (
	"encoding/base32"
	"strings"
	"testing"
	"time"
)

// RFC 6238 appendix B, SHA-1 column (8 digits; ours are the last 6, as
// RFC 4226's truncation takes the value modulo 10^digits).
func TestRFC6238Vectors(t *testing.T) {
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	for _, tc := range []struct {
		unix int64
		want string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	} {
		key, _ := decode(secret)
		if got := hotp(key, counter(time.Unix(tc.unix, 0)), 8); got != tc.want {
			t.Errorf("T=%d: %s, want %s", tc.unix, got, tc.want)
		}
		if got, _ := Code(secret, time.Unix(tc.unix, 0)); got != tc.want[2:] {
			t.Errorf("T=%d six digits: %s, want %s", tc.unix, got, tc.want[2:])
		}
	}
}

// A code is accepted one step either side of now, once, and not after a
// later one was used.
func TestVerify(t *testing.T) {
	s := NewSecret()
	now := time.Date(2026, 11, 23, 9, 0, 15, 0, time.UTC)
	code, _ := Code(s, now)
	prev, _ := Code(s, now.Add(-Step))
	old, _ := Code(s, now.Add(-3*Step))
	step, ok := Verify(s, code, now, 0)
	if !ok || step != counter(now) {
		t.Fatalf("current code refused")
	}
	if _, ok := Verify(s, code, now, step); ok {
		t.Error("the same code accepted twice")
	}
	if _, ok := Verify(s, prev, now, 0); !ok {
		t.Error("the previous step's code refused")
	}
	if _, ok := Verify(s, prev, now, step); ok {
		t.Error("an earlier code accepted after a later one")
	}
	if _, ok := Verify(s, old, now, 0); ok {
		t.Error("a code three steps old accepted")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := Verify(s, bad, now, 0); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	spaced := code[:3] + " " + code[3:]
	if _, ok := Verify(strings.ToLower(s), spaced, now, 0); !ok {
		t.Error("a code typed with a space, or a lower-case secret, refused")
	}
}

func TestURI(t *testing.T) {
	u := URI("dangvien", "bithu.a1", "JBSWY3DPEHPK3PXP")
	if u != "otpauth://totp/dangvien:bithu.a1?algorithm=SHA1&digits=6&issuer=dangvien&period=30&secret=JBSWY3DPEHPK3PXP" {
		t.Fatal(u)
	}
	if g := Group("JBSWY3DPEHPK3PXP"); g != "JBSW Y3DP EHPK 3PXP" {
		t.Fatal(g)
	}
}
