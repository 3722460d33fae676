package viet

import (
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// Fold and the NFC test give, for text of ASCII and Vietnamese letters, what
// the general way gives: for every letter of the tables' ranges on its own
// and between others, and for random text of those letters, ASCII, white
// space, combining marks and other scripts, precomposed or decomposed.
func TestLatinFastWaysAgree(t *testing.T) {
	var alphabet []rune
	for r := rune(0); r < 0x80; r++ {
		alphabet = append(alphabet, r)
	}
	for _, span := range [][2]rune{{0xa0, 0x260}, {0x1df0, 0x1f10}} {
		for r := span[0]; r < span[1]; r++ {
			alphabet = append(alphabet, r)
		}
	}
	// Marks that compose with a letter before them, and other scripts.
	alphabet = append(alphabet, 0x300, 0x301, 0x303, 0x309, 0x323, 0x306, 0x302, 0x31b, 0x338, 0x410, 0x3b1, 0xac00, 0x1161, 0x2126, 0xfffd, 0x19b0, 0x85, 0x2028)
	check := func(s string) {
		t.Helper()
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Fatalf("Fold(%+q) = %+q, the general way %+q", s, got, want)
		}
		if got, want := isNFC(s), norm.NFC.IsNormalString(s); got != want {
			t.Fatalf("isNFC(%+q) = %v, the general way %v", s, got, want)
		}
		if IsClean(s) && Clean(s) != s || !IsClean(s) && norm.NFC.IsNormalString(s) && strings.Join(strings.Fields(s), " ") == s && !strings.ContainsRune(s, 0xfffd) {
			t.Fatalf("IsClean(%+q) = %v, Clean gives %+q", s, IsClean(s), Clean(s))
		}
	}
	for _, r := range alphabet {
		for _, s := range []string{string(r), "a" + string(r), string(r) + "b", "Ư" + string(r) + "ơ", string(r) + "\u0301", norm.NFD.String(string(r))} {
			check(s)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for range 200000 {
		b.Reset()
		for range 1 + rng.IntN(8) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		check(b.String())
		check(norm.NFD.String(b.String()))
	}
	for _, s := range []string{"Nguyễn Thị Hồng Thảo", "  ĐẶNG  văn\tLÂM ", "Lò Văn Púa", "H'Hen Niê", "Nguyễn Thị Hồng Thảo", "\x00a\x7f", "Æsir ßtraße"} {
		check(s)
	}
}

func BenchmarkFold(b *testing.B) {
	for b.Loop() {
		Fold("Nguyễn Thị Hồng Thảo")
	}
}

// The Vietnamese letters take the fast ways (a letter missing from a table
// would only be slow, which the test above cannot see).
func TestLatinTablesHoldVietnamese(t *testing.T) {
	for _, r := range "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ" {
		if i := latinIndex(r); i < 0 || !latinNFC[i] || latinFold[i] == "" {
			t.Errorf("%c (U+%04X) is not in the tables", r, r)
		}
	}
}

func TestIsLatin(t *testing.T) {
	for s, want := range map[string]bool{"nguyen": true, "Nguyễn Thị Hồng Thảo": true, "đặng": true, "": true, "h\u19b0t": false, "ꭰ": false, "a\u0301": false, "×": true} {
		if IsLatin(s) != want {
			t.Errorf("IsLatin(%+q) = %v", s, !want)
		}
	}
}
