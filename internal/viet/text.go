package viet

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Kind says what a text is, for Check.
type Kind int

const (
	// FreeText is free text of several lines: minutes, descriptions, notes.
	FreeText Kind = iota
	// OneLine is one line of text: a place, a position, a file name.
	OneLine
	// Proper is the name of a person or an organisation, or a code: written in
	// the Latin (quốc ngữ) alphabet only, so that a lookalike letter cannot
	// make a second "Nguyễn Văn An" that search and duplicate checks miss.
	Proper
)

// Check tells why s may not be kept as text of kind k, in Vietnamese, or ""
// when it may. It refuses what no record needs and what deceives a reader or
// breaks storage: bytes that are not UTF-8, NUL (PostgreSQL cannot store it),
// other control characters, the bidirectional controls that reorder what is
// shown (a file named "tai-lieu", U+202E, "fdp.exe" shows as
// "tai-lieuexe.pdf"), invisible characters in a line or a name, a word that
// mixes Latin with Cyrillic or Greek letters, and in a proper name any letter
// outside the Vietnamese Latin alphabet. White space of any kind passes: the
// stored form folds it.
func Check(k Kind, s string) string {
	marks := 0                    // combining marks since the last letter
	var prev rune                 // the previous rune
	var wordLatin, wordOther rune // a Latin and a Cyrillic/Greek letter of the current word
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if r == utf8.RuneError && n == 1 {
			return fmt.Sprintf("byte 0x%02X không phải UTF-8; tệp hoặc văn bản sai bảng mã", s[i])
		}
		i += n
		// Fast ways for what almost all text is: ASCII and the letters of
		// Vietnamese (Latin-1 to Latin Extended-B, Latin Extended
		// Additional), all Latin.
		switch {
		case r < 0x80 && r >= 0x20 && r != 0x7f:
			if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
				if wordOther != 0 {
					return lookalike(wordOther)
				}
				wordLatin = r
			} else {
				wordLatin, wordOther = 0, 0
			}
			marks, prev = 0, r
			continue
		case (r >= 0xc0 && r <= 0x24f && r != 0xd7 && r != 0xf7) || (r >= 0x1e00 && r <= 0x1eff):
			if wordOther != 0 {
				return lookalike(wordOther)
			}
			wordLatin, marks, prev = r, 0, r
			continue
		}
		if why := checkRune(k, r, prev, &marks); why != "" {
			return why
		}
		switch {
		case unicode.IsLetter(r):
			if unicode.Is(unicode.Latin, r) {
				wordLatin = r
			} else if lookalikeScript(r) {
				wordOther = r
			}
			if wordLatin != 0 && wordOther != 0 {
				return lookalike(wordOther)
			}
		case unicode.Is(unicode.Mn, r):
		default:
			wordLatin, wordOther = 0, 0
		}
		prev = r
	}
	return ""
}

func checkRune(k Kind, r, prev rune, marks *int) string {
	switch {
	case r == 0:
		return "ký tự NUL (mã 0)"
	case unicode.IsSpace(r):
		*marks = 0
		return ""
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		return fmt.Sprintf("ký tự điều khiển %U", r)
	case bidi(r):
		return fmt.Sprintf("ký tự đổi chiều viết %U, dùng để đảo thứ tự chữ hiện ra", r)
	case r == utf8.RuneError:
		return "ký tự thay thế � (U+FFFD): văn bản đã hỏng do sai bảng mã"
	case r&0xfffe == 0xfffe || (r >= 0xfdd0 && r <= 0xfdef):
		return fmt.Sprintf("ký tự %U không dùng trong văn bản", r)
	case r >= 0xe0000 && r <= 0xe007f, r >= 0xfff9 && r <= 0xfffb:
		return fmt.Sprintf("ký tự vô hình %U", r)
	case unicode.Is(unicode.Cf, r):
		if k == FreeText && invisibleOK(r) {
			return ""
		}
		return fmt.Sprintf("ký tự vô hình %U", r)
	}
	if k != Proper {
		return ""
	}
	switch {
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
		*marks++
		switch {
		case r < 0x300 || r > 0x36f:
			return fmt.Sprintf("dấu lạ %U không có trong chữ quốc ngữ", r)
		case !unicode.IsLetter(prev) && !unicode.Is(unicode.Mn, prev):
			return fmt.Sprintf("dấu %U không đi sau chữ cái nào", r)
		case *marks > 2:
			return "một chữ cái mang quá hai dấu chồng lên nhau"
		}
		return ""
	case unicode.IsLetter(r):
		*marks = 0
		switch {
		case lookalikeScript(r):
			return lookalike(r)
		case !unicode.Is(unicode.Latin, r):
			return fmt.Sprintf("chữ «%c» (%U) không thuộc bảng chữ cái Latinh của tiếng Việt", r, r)
		case !quocNgu(r):
			return fmt.Sprintf("chữ «%c» (%U) trông giống chữ Latinh nhưng không phải chữ cái tiếng Việt", r, r)
		}
	case unicode.IsDigit(r) && (r < '0' || r > '9'):
		return fmt.Sprintf("chữ số «%c» (%U) không phải chữ số 0–9", r, r)
	case unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cn, r):
		return fmt.Sprintf("ký tự %U không có trong bảng mã chuẩn", r)
	}
	*marks = 0
	return ""
}

// bidi tells the characters that change the direction of what follows:
// LRE, RLE, PDF, LRO, RLO, the isolates LRI, RLI, FSI, PDI, the marks LRM,
// RLM and the Arabic letter mark. Vietnamese never needs them.
func bidi(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// invisibleOK are the invisible characters pasted free text carries without
// harm: the soft hyphen, zero-width space and joiners (emoji), word joiner
// and the byte-order mark.
func invisibleOK(r rune) bool {
	switch r {
	case 0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff:
		return true
	}
	return false
}

// lookalikeScript tells Cyrillic and Greek letters, whose а, е, о, р, с, х,
// ο, ν, Α, Β… look the same as Latin letters.
func lookalikeScript(r rune) bool {
	return unicode.Is(unicode.Cyrillic, r) || unicode.Is(unicode.Greek, r)
}

func lookalike(r rune) string {
	script := "Kirin"
	if unicode.Is(unicode.Greek, r) {
		script = "Hy Lạp"
	}
	return fmt.Sprintf("chữ %s «%c» (%U) trông giống chữ Latinh", script, r, r)
}

// quocNgu tells the Latin letters of Vietnamese and of the Latin scripts of
// Vietnam's peoples (Ê Đê ŏ ĭ ŭ, Tày, Thái, H'Mông…): Basic Latin, Latin-1,
// Latin Extended-A and -B (ơ, ư, đ) and Latin Extended Additional (ạ…ỹ).
// Left out are the Latin letters made to look like others: IPA (ɑ, ɡ),
// small capitals (ᴀ), full-width (Ａ), ligatures (ﬁ), mathematical letters.
func quocNgu(r rune) bool {
	return r < 0x250 || (r >= 0x1e00 && r <= 0x1eff)
}
