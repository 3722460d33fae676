package domain

import (
	"strings"
	"testing"
)

func TestDocumentKind(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"pdf", []byte("%PDF-1.7\n..."), "application/pdf"},
		{"png", []byte("\x89PNG\r\n\x1a\n...."), "image/png"},
		{"jpeg", []byte("\xff\xd8\xff\xe0...."), "image/jpeg"},
		{"html named .pdf", []byte("<html><script>alert(1)</script>"), ""},
		{"empty", nil, ""},
		{"too large", append([]byte("%PDF-"), make([]byte, MaxDocumentBytes)...), ""},
	} {
		got, err := DocumentKind(tc.data)
		if got != tc.want || (tc.want == "") != (err != nil) {
			t.Errorf("%s: %q %v", tc.name, got, err)
		}
	}
	for in, want := range map[string]string{
		`C:\Users\bithu\Biên bản tháng 11.pdf`: "Biên bản tháng 11.pdf",
		"../../etc/passwd":                     "passwd",
		"a\"b\x01.png":                         "ab.png",
		"":                                     "tai-lieu",
		strings.Repeat("ả", 200) + ".pdf":      strings.Repeat("ả", 120),
	} {
		if got := DocumentName(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
