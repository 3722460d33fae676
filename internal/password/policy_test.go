package password

import (
	"strings"
	"testing"
)

// The password rules of OWASP ASVS 4.0.3 level 2, section 2.1: at least 12
// characters (2.1.1), up to 128 allowed (2.1.2), any Unicode (2.1.4), no
// composition rules (2.1.9), and common, breached or trivial passwords
// refused (2.1.7), with the account's own names.
func TestWeakness(t *testing.T) {
	for _, tc := range []struct {
		rule, pw, want string // want: a piece of the message, "" = accepted
	}{
		{"2.1.1 length", "aaaaaaaaaa", "ít nhất 12 ký tự (mới có 10)"},
		{"2.1.1 length counts characters, not bytes", "mật khẩu đủ", "ít nhất 12 ký tự (mới có 11)"},
		{"2.1.1 length in NFC", "Mâ\u0323t khâ\u0309u đu\u0309", "ít nhất 12 ký tự (mới có 11)"},
		{"2.1.2 64 characters allowed", strings.Repeat("Một câu rất dài ", 4), ""},
		{"2.1.2 at most 128", strings.Repeat("Một câu dài quá ", 9), "tối đa 128"},
		{"2.1.4 any Unicode", "Đồng chí Lê Văn Tám 1945", ""},
		{"2.1.4 a Vietnamese sentence", "mật khẩu thử nghiệm", ""},
		{"2.1.9 no composition rule", "ba con mèo ngủ trên mái nhà", ""},
		{"2.1.7 one repeated character", "aaaaaaaaaaaa", "lặp đi lặp lại"},
		{"2.1.7 one repeated character with diacritics", "ẩẩẩẩẩẩẩẩẩẩẩẩ", "lặp đi lặp lại"},
		{"2.1.7 few characters", "aab1aab1bba1", "lặp đi lặp lại"},
		{"2.1.7 a short group repeated", "abcdabcdabcd", "lặp đi lặp lại"},
		{"2.1.7 keyboard row", "qwertyuiop[]", "dãy phím"},
		{"2.1.7 keyboard row and digits", "qwerty123456", "dãy phím"},
		{"2.1.7 digits run", "123456789012", "dãy phím"},
		{"2.1.7 digits run backwards", "098765432109", "dãy phím"},
		{"2.1.7 alphabet", "abcdefghijkl", "dãy phím"},
		{"2.1.7 keyboard columns", "1qaz2wsx3edc4rfv", "dãy phím"},
		{"2.1.7 keyboard pairs", "1q2w3e4r5t6y", "dãy phím"},
		{"2.1.7 shifted digit row", "!@#$%^&*()_+", "dãy phím"},
		{"2.1.7 common word with digits", "password2026", "phổ biến"},
		{"2.1.7 lookalike letters", "P@ssw0rd2026!", "phổ biến"},
		{"2.1.7 Vietnamese common word", "Mật khẩu 123456", "phổ biến"},
		{"2.1.7 Vietnamese common phrase", "anhyeuem123456", "phổ biến"},
		{"2.1.7 the system's name", "dangvien@2026", "phổ biến"},
		{"2.1.7 a word repeated", "matkhaumatkhau", "phổ biến"},
		{"2.1.7 a leaked password", "a1b2c3d4e5f6", "phổ biến"},
		{"2.1.7 the username", "bithu.cb01 của tôi", "tên đăng nhập"},
		{"2.1.7 the full name", "nguyenthilan1990", "họ tên"},
		{"2.1.7 the full name with diacritics and spaces", "Nguyễn Thị Lan 1990", "họ tên"},
		{"control characters", "mật khẩu\tcó tab", "ký tự điều khiển"},
		{"bidi override", "mật khẩu \u202eđảo chiều", "ký tự vô hình"},
		{"NUL", "mật khẩu có\x00NUL", "ký tự điều khiển"},
		{"invalid UTF-8", "mật khẩu \xff\xfe sai mã", "không hợp lệ"},
		{"a random password", "k7qz9m2vxt4pw8nd", ""},
	} {
		got := Weakness(tc.pw, "bithu.cb01", "Nguyễn Thị Lan")
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%s: Weakness(%q) = %q, want %q", tc.rule, tc.pw, got, tc.want)
		}
	}
}
