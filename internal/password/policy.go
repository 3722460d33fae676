package password

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"dangvien/internal/viet"
)

// Lengths are counted in characters of the NFC form. OWASP ASVS 4.0.3
// 2.1.1 asks for at least 12; 2.1.2 allows at least 64 and refuses above 128.
const (
	MinLength = 12
	MaxLength = 128
)

// Weakness tells, in Vietnamese, why pw may not be the password of the
// account (username, fullName); "" when it may. The rules follow ASVS 2.1:
// a length, no check of character classes, and a refusal of passwords that
// are common, breached or trivial (2.1.7) or carry the account's own name.
// Any Unicode letter is allowed; only invisible and control characters are
// not, since one cannot see what one typed.
func Weakness(pw, username, fullName string) string {
	if !utf8.ValidString(pw) {
		return "Mật khẩu chứa ký tự không hợp lệ."
	}
	pw = norm.NFC.String(pw)
	for _, r := range pw {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "Mật khẩu không được chứa ký tự điều khiển hoặc ký tự vô hình (Tab, xuống dòng, ký tự đổi chiều chữ…)."
		}
	}
	n := utf8.RuneCountInString(pw)
	if n < MinLength {
		return fmt.Sprintf("Mật khẩu phải có ít nhất %d ký tự (mới có %d). Nên dùng một câu dễ nhớ, ví dụ bốn, năm từ.", MinLength, n)
	}
	if n > MaxLength {
		return fmt.Sprintf("Mật khẩu dài tối đa %d ký tự.", MaxLength)
	}
	// Compared without case, diacritics or spaces: "Mật Khẩu" is "matkhau".
	compact := strings.ReplaceAll(viet.Fold(pw), " ", "")
	if distinct(compact) <= 3 || repeatsUnit(compact, 4) {
		return "Mật khẩu chỉ là vài ký tự lặp đi lặp lại, rất dễ đoán."
	}
	if runs(compact) <= 3 {
		return "Mật khẩu là dãy phím liền nhau trên bàn phím hoặc dãy chữ, số liên tiếp (như qwerty, abcd, 123456), rất dễ đoán."
	}
	if common(compact) {
		return "Mật khẩu này nằm trong danh sách mật khẩu phổ biến, hay bị lộ và bị dò đầu tiên. Xin chọn mật khẩu khác."
	}
	letters := alnum(compact)
	if u := alnum(viet.Fold(username)); len(u) >= 3 && strings.Contains(letters, u) {
		return "Mật khẩu không được chứa tên đăng nhập."
	}
	if f := alnum(viet.Fold(fullName)); len(f) >= 4 && strings.Contains(letters, f) {
		return "Mật khẩu không được chứa họ tên của người dùng."
	}
	return ""
}

func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// repeatsUnit tells whether s is one group of up to max characters repeated
// ("abcabcabcabc").
func repeatsUnit(s string, max int) bool {
	rs := []rune(s)
	for u := 1; u <= max && u < len(rs); u++ {
		if len(rs)%u != 0 {
			continue
		}
		same := true
		for i := u; i < len(rs) && same; i++ {
			same = rs[i] == rs[i-u]
		}
		if same {
			return true
		}
	}
	return false
}

// sequences are runs a person types without thinking: the alphabet, the
// digits, the rows of a keyboard, with and without shift, and its columns
// walked one after another.
var sequences = []string{
	"abcdefghijklmnopqrstuvwxyz", "01234567890", "`1234567890-=", "~!@#$%^&*()_+",
	"qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./", "qwertyuiop{}|", "asdfghjkl:\"", "zxcvbnm<>?",
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/", "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
	"qazwsxedcrfvtgbyhnujmik,ol.p;/", "1q2w3e4r5t6y7u8i9o0p", "q1w2e3r4t5y6u7i8o9p0",
}

// adjacent holds every pair of characters that follow each other in a
// sequence, in either direction, and every character doubled.
var adjacent = func() map[[2]rune]bool {
	m := map[[2]rune]bool{}
	for _, s := range sequences {
		rs := []rune(s)
		for i := 1; i < len(rs); i++ {
			m[[2]rune{rs[i-1], rs[i]}] = true
			m[[2]rune{rs[i], rs[i-1]}] = true
		}
		for _, r := range rs {
			m[[2]rune{r, r}] = true
		}
	}
	return m
}()

// runs counts the pieces s falls into when each piece is a walk along
// neighbouring keys or letters: "qwerty123456" is two, a sentence is many.
func runs(s string) int {
	n := 0
	var prev rune
	for i, r := range []rune(s) {
		if i == 0 || !adjacent[[2]rune{prev, r}] {
			n++
		}
		prev = r
	}
	return n
}

func alnum(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var leet = strings.NewReplacer("@", "a", "4", "a", "0", "o", "1", "i", "!", "i", "3", "e", "5", "s", "$", "s", "7", "t")

// common tells whether a folded, spaceless password is a common one, or a
// common word dressed up with digits and signs around it and letters
// swapped for lookalikes ("P@ssw0rd2026!").
func common(s string) bool {
	if commonPasswords[alnum(s)] {
		return true
	}
	core := strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	core = alnum(leet.Replace(core))
	return core != "" && (commonWords[core] || commonPasswords[core] || commonWords[unit(core)])
}

// unit is the shortest piece that s repeats: "matkhaumatkhau" gives "matkhau".
func unit(s string) string {
	for u := 1; u <= len(s)/2; u++ {
		if len(s)%u == 0 && strings.Repeat(s[:u], len(s)/u) == s {
			return s[:u]
		}
	}
	return s
}
