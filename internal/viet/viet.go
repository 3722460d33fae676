// Package viet holds what Vietnamese text needs: Unicode NFC, folding of
// diacritics and đ/Đ for search, splitting a full name into family, middle and
// given names, and the collation key that sorts names the Vietnamese way.
package viet

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Clean returns s in NFC with runs of white space folded to one space and
// trimmed, the form every name and free text is stored in.
func Clean(s string) string {
	if IsClean(s) {
		return s
	}
	s = norm.NFC.String(s)
	return strings.Join(strings.Fields(s), " ")
}

// IsClean tells whether s is in the form Clean gives: NFC, runs of white
// space one space, trimmed.
func IsClean(s string) bool {
	space := true // no leading space
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			return false
		case unicode.IsSpace(r):
			if r != ' ' || space {
				return false
			}
			space = true
		default:
			space = false
		}
	}
	return (s == "" || !space) && isNFC(s)
}

// Fold returns s lower-cased, without diacritics, with đ/Đ as d and white
// space folded: "Nguyễn Thị Hồng Thảo" becomes "nguyen thi hong thao".
// Search compares folded forms, so "thao", "Thảo" and "THAO" all match.
func Fold(s string) string {
	if f, ok := foldLatin(s); ok {
		return f
	}
	return foldSlow(s)
}

// foldSlow is Fold for any text: decomposed, marks dropped, lower-cased.
func foldSlow(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading space and collapse runs
	// The decomposed text goes into a pooled buffer: a string made for it
	// each time was a fifth of what an import allocated.
	buf := nfdBufs.Get().(*[]byte)
	d := norm.NFD.AppendString((*buf)[:0], s)
	defer func() { *buf = d; nfdBufs.Put(buf) }()
	for _, r := range string(d) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		case !unicode.IsPrint(r):
			continue
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

var nfdBufs = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// Name is a Vietnamese full name split the way it is said: family name first,
// then middle names, the given name last.
type Name struct {
	Family, Middle, Given string
}

// SplitName splits a cleaned full name. A one-word name is taken as the given name.
func SplitName(full string) Name {
	w := strings.Fields(Clean(full))
	switch len(w) {
	case 0:
		return Name{}
	case 1:
		return Name{Given: w[0]}
	case 2:
		return Name{Family: w[0], Given: w[1]}
	}
	return Name{Family: w[0], Middle: strings.Join(w[1:len(w)-1], " "), Given: w[len(w)-1]}
}

// collators hands out a collator with its key buffer: a collate.Buffer holds
// a 4 KiB array, and one made per key was most of what an import of a
// member list allocated.
var collators = sync.Pool{New: func() any {
	return &collator{c: collate.New(language.Vietnamese)}
}}

type collator struct {
	c   *collate.Collator
	buf collate.Buffer
}

// key is the collation key of s, in a slice of its own.
func (c *collator) key(dst []byte, s string) []byte {
	c.buf.Reset()
	return append(dst, c.c.KeyFromString(&c.buf, s)...)
}

// SortKey returns a byte key whose bytewise order is the Vietnamese order of
// names: by given name first, then family and middle names, each compared with
// Vietnamese collation (a < ă < â, d < đ, o < ô < ơ, u < ư). The key is stored
// beside the name so that both databases can sort and page by it with an index.
func SortKey(full string) []byte {
	n := SplitName(full)
	c := collators.Get().(*collator)
	defer collators.Put(c)
	key := c.key(nil, n.Given)
	// 0x01 sorts below every weight byte but the level separators, so a
	// given name that is a prefix of another ("An", "Anh") sorts first.
	key = append(key, 0x01)
	return c.key(key, strings.TrimSpace(n.Family+" "+n.Middle))
}

// Compare orders two full names the Vietnamese way (see SortKey).
func Compare(a, b string) int {
	return strings.Compare(string(SortKey(a)), string(SortKey(b)))
}

// CollateKey is the Vietnamese collation key of any text (an organisation's
// name, a place), for sorting outside the name order.
func CollateKey(s string) []byte {
	c := collators.Get().(*collator)
	defer collators.Put(c)
	return c.key(nil, s)
}
