package domain

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"dangvien/internal/viet"
)

// MaxDocumentBytes is the largest document attached to a meeting.
const MaxDocumentBytes = 10 << 20

// DocumentKind tells what a meeting document is from its first bytes, not
// from its name or the browser's word: only PDF, PNG and JPEG are kept.
// It returns the content type, or an error in Vietnamese.
func DocumentKind(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", fmt.Errorf("tệp rỗng")
	case len(data) > MaxDocumentBytes:
		return "", fmt.Errorf("tệp lớn hơn %d MB", MaxDocumentBytes>>20)
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", nil
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", nil
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg", nil
	}
	return "", fmt.Errorf("chỉ nhận tệp PDF hoặc ảnh PNG, JPEG")
}

// CheckDocumentName refuses an uploaded file's name that would deceive
// whoever reads the list of documents: a right-to-left override makes
// "bien-ban" U+202E "fdp.exe" show as "bien-banexe.pdf"; invisible
// characters make two names look the same; NUL breaks PostgreSQL.
func CheckDocumentName(name string) error {
	if why := viet.Check(viet.OneLine, name); why != "" {
		msg := TextReason("Tên tệp", why)
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{"file": msg}}
	}
	return nil
}

// DocumentName keeps the last part of an uploaded file's name, without
// control characters, at most 120 characters.
func DocumentName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	if name == "." || name == "/" || strings.TrimSpace(name) == "" {
		name = "tai-lieu"
	}
	return name
}
