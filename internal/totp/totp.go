// Package totp implements time-based one-time passwords (RFC 6238 over RFC
// 4226: HMAC-SHA1, 30-second steps, 6 digits), the codes authenticator apps
// show, for the optional second sign-in factor.
package totp

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Step is the length of one code's period.
const Step = 30 * time.Second

// Digits is the length of a code.
const Digits = 6

// Skew is how many steps before or after now a code is still accepted: a
// phone's clock a little off, or a code typed as it changed.
const Skew = 1

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewSecret returns a fresh 160-bit secret, base32-encoded as apps expect.
func NewSecret() string {
	b := make([]byte, 20)
	rand.Read(b)
	return b32.EncodeToString(b)
}

// decode reads a base32 secret, tolerating lower case and spaces.
func decode(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.ReplaceAll(secret, " ", ""))
	return b32.DecodeString(strings.TrimRight(s, "="))
}

// counter is the step number of t.
func counter(t time.Time) int64 { return t.Unix() / int64(Step/time.Second) }

// hotp is RFC 4226's code for one counter value, with n digits.
func hotp(key []byte, c int64, n int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(c))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range n {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", n, v%mod)
}

// Code is the code for time t.
func Code(secret string, t time.Time) (string, error) {
	key, err := decode(secret)
	if err != nil {
		return "", err
	}
	return hotp(key, counter(t), Digits), nil
}

// Verify checks a code typed at time t. A code is used once: it must belong
// to a step after last (the step of the last code accepted for this
// account). It returns the step to remember.
func Verify(secret, code string, t time.Time, last int64) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	key, err := decode(secret)
	if err != nil || len(code) != Digits {
		return 0, false
	}
	now := counter(t)
	for c := now - Skew; c <= now+Skew; c++ {
		if c <= last {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(hotp(key, c, Digits)), []byte(code)) == 1 {
			return c, true
		}
	}
	return 0, false
}

// URI is the otpauth:// address an authenticator app reads from a QR code.
func URI(issuer, account, secret string) string {
	label := url.PathEscape(issuer + ":" + account)
	v := url.Values{"secret": {secret}, "issuer": {issuer}, "algorithm": {"SHA1"}, "digits": {fmt.Sprint(Digits)}, "period": {fmt.Sprint(int(Step / time.Second))}}
	return "otpauth://totp/" + label + "?" + v.Encode()
}

// Group writes a secret in groups of four for typing by hand.
func Group(secret string) string {
	var b strings.Builder
	for i, r := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
