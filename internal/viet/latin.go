package viet

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Almost every name, place and cell of a member list is written in ASCII
// and the precomposed letters of Vietnamese (Latin-1 Supplement to Latin
// Extended-B, U+00C0–U+024F, and Latin Extended Additional, U+1E00–U+1EFF).
// For such text Fold and the NFC test go letter by letter through tables
// that the norm package itself fills at start-up, where the general way
// decomposes the whole string first: a third of an import's text CPU. The
// tables make the fast way give what the general way gives, letter for
// letter (latin_test.go compares them over every letter of the ranges and
// over random text); any other character sends the whole string the
// general way.
var (
	// latinFold[i] is the folded form of the letter at index i (latinIndex), "" when
	// the letter takes the general way.
	latinFold [0x190 + 0x100]string
	// latinNFC[i] tells that the letter at index i is in NFC and composes with no
	// letter before it; it may with a mark after it ("â" and U+0301), which
	// sends the string the general way. So a string of such letters and
	// ASCII is in NFC.
	latinNFC [0x190 + 0x100]bool
)

// latinIndex is the table index of r, or -1 outside the two ranges.
func latinIndex(r rune) int {
	switch {
	case r >= 0xc0 && r < 0x250:
		return int(r - 0xc0)
	case r >= 0x1e00 && r < 0x1f00:
		return int(r-0x1e00) + 0x190
	}
	return -1
}

func init() {
	for _, span := range [][2]rune{{0xc0, 0x250}, {0x1e00, 0x1f00}} {
		for r := span[0]; r < span[1]; r++ {
			i, s := latinIndex(r), string(r)
			p := norm.NFC.PropertiesString(s)
			latinNFC[i] = norm.NFC.IsNormalString(s) && p.BoundaryBefore() && p.CCC() == 0
			if f := foldSlow(s); unicode.IsLetter(r) && f != "" && !strings.ContainsRune(f, ' ') {
				latinFold[i] = f
			}
		}
	}
}

// IsLatin tells whether s is written in ASCII and the Latin letters of
// Vietnamese (the ranges of the tables), which every tokenizer splits
// alike.
func IsLatin(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && latinIndex(r) < 0 {
			return false
		}
	}
	return true
}

// isNFC tells whether s is in Unicode NFC.
func isNFC(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if j := latinIndex(r); j < 0 || !latinNFC[j] {
			return norm.NFC.IsNormalString(s)
		}
		i += n
	}
	return true
}

// foldLatin is Fold for text of ASCII and the letters of the tables; ok is
// false for any other text.
func foldLatin(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ' || c >= '\t' && c <= '\r':
				if !space {
					b.WriteByte(' ')
					space = true
				}
			case c < 0x20 || c == 0x7f:
				// does not print: dropped
			default:
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
				space = false
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		j := latinIndex(r)
		if j < 0 || latinFold[j] == "" {
			return "", false
		}
		b.WriteString(latinFold[j])
		space = false
		i += n
	}
	return strings.TrimRight(b.String(), " "), true
}
