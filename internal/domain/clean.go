package domain

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// alreadyClean tells whether viet.Clean would give s back unchanged: valid
// UTF-8, in NFC, no white space but single spaces between words. Most
// fields of an imported row are, and checking costs no allocation.
func alreadyClean(s string) bool {
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
	return (s == "" || !space) && norm.NFC.IsNormalString(s)
}
